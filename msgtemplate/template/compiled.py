"""``Template``: parse once, compile to a render function, render fast and safely.

A template compiles to one Python function whose body is a single f-string, the
fastest way CPython has to join strings. No user text is ever compiled: every
template is ``text ${a} text ${b} text`` (texts possibly empty), so the code depends
on the number of placeholders alone. That code has unique marker constants where the
texts and names go; each template gets a copy of it whose constants are its own
texts and names (``CodeType.replace``): data in the constant table, exactly as if
they had been ``repr()``-quoted into source. The code for 0..16 placeholders ships as
generated Python source (``_render_shapes.py``), byte-compiled and cached by Python
like any module. A new template costs a parse, a cache lookup and a ``replace`` call,
never a ``compile``. Templates with more placeholders take one generic, linear path
(``_render_many``): CPython compiles one huge f-string in quadratic time.

The generated function never refers to itself or to its ``Template``: no reference
cycles, so templates evicted from the cache are freed at once.
"""

from __future__ import annotations

import functools
import operator
import sys
import types
from collections.abc import Callable, Mapping
from typing import Any, Protocol, cast

from msgtemplate.caches import cached
from msgtemplate.errors import MsgTemplateError
from msgtemplate.template.syntax import Node, Placeholder, names_of, parse


class MissingParameterError(MsgTemplateError, KeyError):
    """Some placeholders had no value; ``names`` lists every one of them, in order."""

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__(names)
        self.names = names

    def __str__(self) -> str:
        listed = ", ".join(self.names)
        noun = "parameter" if len(self.names) == 1 else "parameters"
        return f"missing {noun}: {listed}"


class RenderMethod(Protocol):
    def __call__(
        self, mapping: Mapping[str, Any] | None = None, /, *, strict: bool = True, **params: Any
    ) -> str: ...


_RENDER_DOC = """Fill the placeholders; values are formatted as an f-string formats them
(``format(value, "")``, which is ``str(value)`` for every type that keeps Python's
convention) and are never re-expanded.

``mapping`` and keyword arguments may be combined (keywords win). Extra values are
ignored. A missing value raises :class:`MissingParameterError` naming every missing
placeholder; with ``strict=False`` it stays as written (``${name}``).
"""


class Template:
    """A parsed and compiled ``${placeholder}`` template.

    ``Template(text)`` parses ``text`` (raising :class:`TemplateSyntaxError`) and
    returns a cached instance when the same text was compiled recently. Instances
    are immutable and safe to share between threads.

    ``render(mapping=None, /, *, strict=True, **params) -> str``: see ``render.__doc__``
    (``strict`` is taken from the keywords, so it is never a placeholder's value).
    """

    __slots__ = ("__dict__", "__weakref__", "placeholders", "source")

    source: str
    placeholders: tuple[str, ...]
    """Unique placeholder names, in order of first appearance."""
    render: RenderMethod
    # `render` is a per-instance generated function rather than a method: one call
    # instead of two on the hot path, which is what brings it near a bare f-string.
    # It is built on first use (see _LazyRender, set on the class below): loading a
    # pack parses every text, but lint, export and import never render, and building
    # the function was half the cost of a new text. Once built it sits in the
    # instance's __dict__, found there as fast as in a slot.

    def __new__(cls, source: str) -> Template:
        if not isinstance(source, str):
            raise TypeError(f"Template() takes a str, not {type(source).__name__}")
        if cls is Template:
            return _cached(source)
        return cls._compile(source)  # subclasses are not cached: they may add state

    @classmethod
    def _compile(cls, source: str) -> Template:
        self = object.__new__(cls)
        # Checks the text parses; its nodes are parsed again when asked (see `nodes`).
        # Names are few and repeat across a pack's texts: one str object each, and
        # one tuple for each set of names (a pack's bodies mostly share a few).
        names = _names(tuple(map(sys.intern, names_of(source))))
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "placeholders", names)
        return self

    @property
    def nodes(self) -> tuple[Node, ...]:
        """The parsed text: :class:`~msgtemplate.template.syntax.Text` and
        :class:`~msgtemplate.template.syntax.Placeholder` nodes, in order.

        Parsed again on each access rather than kept: a pack holds thousands of
        templates whose nodes are read at most once or twice (to render, or to place a
        finding), and keeping them tripled the memory a loaded pack takes. Callers
        that only need the names read :attr:`placeholders`."""
        return parse(self.source)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Template objects are immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Template objects are immutable")

    def __reduce__(self) -> tuple[type[Template], tuple[str]]:
        return (type(self), (self.source,))

    def __repr__(self) -> str:
        shown = self.source if len(self.source) <= 60 else self.source[:57] + "..."
        return f"{type(self).__name__}({shown!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Template) or type(other) is not type(self):
            return NotImplemented
        return self.source == other.source

    def __hash__(self) -> int:
        return hash(self.source)  # a subclass's equal source is unequal (__eq__) anyway


class _LazyRender:
    """``Template.render`` until the first access builds the template's function.

    A non-data descriptor: once the function is stored in the instance's ``__dict__``,
    attribute lookup finds it there and never calls this again. (A ``__getattr__``
    would have slowed every attribute access of every template.) Two threads may both
    build it; they build the same function, and either is kept.
    """

    def __get__(self, template: Template | None, owner: type | None = None) -> Any:
        if template is None:
            return self
        render = _build_render(template.nodes, template.placeholders)
        template.__dict__["render"] = render
        return render


Template.render = _LazyRender()  # type: ignore[assignment]


def escape(text: str) -> str:
    """Quote ``text`` so that ``Template(escape(text)).render() == text``."""
    return text.replace("$", "$$")


def _merge(mapping: Mapping[str, Any] | None, params: dict[str, Any]) -> Mapping[str, Any]:
    """The values of a ``render`` call made with keywords, or with no values at all.

    ``strict`` arrives among the keywords (see ``render_source``) and is no value.
    """
    if "strict" in params:
        params = {k: v for k, v in params.items() if k != "strict"}
    if mapping is None:
        return params
    return {**mapping, **params} if params else mapping


def _fill_missing(
    names: tuple[str, ...], values: Mapping[str, Any], strict: bool
) -> Mapping[str, Any]:
    """After a failed lookup: raise naming every missing name, or fill them as written."""
    missing = tuple(name for name in names if name not in values)
    if not missing:
        raise KeyError("a mapping raised KeyError for a key it contains")
    if strict:
        raise MissingParameterError(missing)
    return _KeepMissing(values)


class _KeepMissing(dict[str, Any]):
    """Values for a non-strict render: a missing name renders as ``${name}``."""

    def __missing__(self, key: str) -> str:
        return "${" + key + "}"


# --- compilation ---------------------------------------------------------------------


@cached("template.compiled")
def _cached(source: str) -> Template:
    return Template._compile(source)


@cached("template.names")
def _names(names: tuple[str, ...]) -> tuple[str, ...]:
    """The first tuple equal to ``names`` still cached (a tuple per text cost a
    pack of 10,000 templates 3.6 MiB)."""
    return names


def _marker(index: int) -> str:
    # Printable (f-string expressions may not hold backslashes) and unlike any other
    # constant the render code has (None and the like).
    return f"<msgtemplate part {index}>"


PRECOMPILED_SHAPES = 16
"""Render code for 0..16 placeholders ships as Python source (``_render_shapes.py``),
byte-compiled and cached by Python like any module, so no ``compile()`` runs for them."""


def render_source(count: int) -> str:
    """Source of the render function for templates with ``count`` placeholders.

    Every template is ``text placeholder text ... placeholder text`` (texts may be
    empty), so the code depends on the placeholder count alone. Part ``i`` is the
    constant ``_marker(i)``: even parts are texts, odd parts are names.
    """
    body = "".join(
        _marker(2 * i) + "{mapping[%r]}" % _marker(2 * i + 1)  # noqa: UP031
        for i in range(count)
    ) + _marker(2 * count)
    # Speed (measured, bench/bench_template.py): a keyword-only `strict=True` costs a
    # lookup of its default on every call, and `!s` a conversion call per value
    # (FORMAT_VALUE already formats a str as itself); together with the keyword
    # dict that `**params` makes CPython build on every call, they were the gap
    # between render and a hand-written f-string. `**params` stays, because
    # `render(**values)` must work; `strict` travels inside it.
    return (
        f"def render_{count}(mapping=None, /, **params):\n"
        "    if params or mapping is None:\n"
        "        mapping = _merge(mapping, params)\n"
        "    try:\n"
        f"        return f{body!r}\n"
        "    except KeyError:\n"
        "        return _render_slowly(mapping, params)\n"
    )


def render_shapes_module() -> str:
    """The text of ``_render_shapes.py`` (a test checks the shipped file is current)."""
    header = (
        f'"""Render code for 0..{PRECOMPILED_SHAPES} placeholders, generated by\n'
        "``msgtemplate.template.render_shapes_module()``; do not edit.\n\n"
        "Regenerate: python -m msgtemplate.template._generate\n"
        '"""\n\n# ruff: noqa\n# mypy: ignore-errors\n'
    )
    return header + "".join("\n\n" + render_source(n) for n in range(PRECOMPILED_SHAPES + 1))


@cached("template.render_code")
def _code_for(count: int) -> types.CodeType:
    """The shipped render code for ``count`` placeholders, with markers where the parts go."""
    from msgtemplate.template import _render_shapes

    code: types.CodeType = getattr(_render_shapes, f"render_{count}").__code__
    return code


def _render_slowly(
    nodes: tuple[Node, ...],
    names: tuple[str, ...],
    values: Mapping[str, Any],
    params: Mapping[str, Any],
) -> str:
    """``render`` after a failed lookup: name every missing value, or keep them as
    written when the call said ``strict=False`` (``params`` are its keywords)."""
    values = _fill_missing(names, values, bool(params.get("strict", True)))
    return "".join(
        format(values[node.name]) if isinstance(node, Placeholder) else node.value for node in nodes
    )


def _build_render(nodes: tuple[Node, ...], names: tuple[str, ...]) -> RenderMethod:
    texts, slots = [""], []
    for node in nodes:
        if isinstance(node, Placeholder):
            slots.append(node.name)
            texts.append("")
        else:
            texts[-1] = node.value  # the parser never yields two texts in a row
    slowly = functools.partial(_render_slowly, nodes, names)
    if len(slots) > PRECOMPILED_SHAPES:
        return _render_many(texts, slots, slowly)
    code = _code_for(len(slots))
    parts = {_marker(2 * i): text for i, text in enumerate(texts)}
    parts.update({_marker(2 * i + 1): name for i, name in enumerate(slots)})
    # Every constant is hashable; only the markers (strings) are among the keys.
    code = code.replace(co_consts=tuple(parts.get(c, c) for c in code.co_consts))
    namespace = {"_merge": _merge, "_render_slowly": slowly}  # KeyError: from builtins
    function = types.FunctionType(code, namespace, "render")
    function.__defaults__ = (None,)
    function.__doc__ = _RENDER_DOC
    return cast(RenderMethod, function)


def _render_many(
    texts: list[str],
    slots: list[str],
    slowly: Callable[[Mapping[str, Any], Mapping[str, Any]], str],
) -> RenderMethod:
    """The render function of a template with more placeholders than the shipped shapes.

    Not an f-string: CPython's compiler takes time quadratic in the number of parts of
    one f-string (10,000 placeholders: 2.5 s), and a pack is untrusted input. This
    path is linear in every step (one C-level lookup of every name, one join), and
    needs no ``compile()`` at all.
    """
    template: list[str | None] = [None] * (2 * len(slots) + 1)
    template[0::2] = texts
    lookup = operator.itemgetter(*slots)

    def render(mapping: Mapping[str, Any] | None = None, /, **params: Any) -> str:
        if params or mapping is None:
            mapping = _merge(mapping, params)
        parts = template.copy()
        try:
            parts[1::2] = map(format, lookup(mapping))
        except KeyError:
            return slowly(mapping, params)
        return "".join(cast(list[str], parts))

    render.__doc__ = _RENDER_DOC
    return cast(RenderMethod, render)
