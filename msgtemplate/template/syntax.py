"""Parsing ``${placeholder}`` templates: the Lark grammar, AST nodes and syntax errors.

The grammar's one home is ``grammar/template.lark`` (shipped inside the wheel). Lark
builds an LALR parser from it; the language is regular, so every token the parser
sees is one of the grammar's terminals. Parsing a template goes through a scanner
made of those same terminal definitions (one alternation regex, in grammar order)
because Lark's general-purpose lexer costs ~3 us per token, several times our whole
budget. The regex is generated ahead of time into ``_scanner.py`` (building Lark's
parser to derive it would cost every process ~40 ms; a test checks the shipped file
against the grammar), so Lark is imported only when a syntax error needs
positioning. The full Lark LALR parser remains the reference: it reports every
syntax error, and a property test proves the two agree on every input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final, NamedTuple

from msgtemplate.caches import cached
from msgtemplate.errors import MsgTemplateError
from msgtemplate.template import _scanner as _generated

if TYPE_CHECKING:
    from pathlib import Path

    from lark import Lark

NAME_PATTERN: Final = re.compile(_generated.NAME)
"""What a placeholder name may be (ASCII identifier), as the grammar says."""

PLACEHOLDER_REGEX: Final = _generated.PLACEHOLDER
"""The text of a regex matching one ``${name}``, for tools that take a regex
(Weblate's ``placeholders:`` flag). To find placeholders in a text, use
:func:`placeholders_in` (it knows the ``$$`` escape), not this."""


# Named tuples rather than dataclasses: as immutable, cheaper to build (a parse makes
# one per node), and they spare the CLI's `render` importing dataclasses (~5 ms).
class Text(NamedTuple):
    """Literal text (``$$`` already turned into ``$``)."""

    value: str
    offset: int


class Placeholder(NamedTuple):
    """``${name}``; ``line``/``column`` (1-based) and ``offset`` point at its ``$``."""

    name: str
    offset: int
    line: int
    column: int


Node = Text | Placeholder


class TemplateSyntaxError(MsgTemplateError, ValueError):
    """A ``${`` that does not continue as ``${name}``.

    ``line`` and ``column`` are 1-based and point at the ``$`` that opens the faulty
    placeholder; ``offset`` is the 0-based index of that ``$`` in ``source``.
    ``message`` is the one-line explanation; ``str()`` adds the line and a caret.
    """

    def __init__(self, message: str, source: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.offset = offset
        before = source[:offset]
        self.line = before.count("\n") + 1
        self.column = offset - before.rfind("\n")

    @property
    def source_line(self) -> str:
        start = self.source.rfind("\n", 0, self.offset) + 1
        end = self.source.find("\n", self.offset)
        return self.source[start : end if end != -1 else len(self.source)]

    def __str__(self) -> str:
        from msgtemplate._text.excerpt import excerpt  # only errors need it: keep start-up lean

        line, caret = excerpt(self.source_line, self.column)
        return f"{self.message} (line {self.line}, column {self.column})\n  {line}\n  {caret}"

    def __reduce__(self) -> tuple[type[TemplateSyntaxError], tuple[str, str, int]]:
        return (type(self), (self.message, self.source, self.offset))


# --- the grammar -------------------------------------------------------------------


def grammar_path() -> Path:
    """Where ``template.lark`` is: inside the installed package, else the source tree."""
    from importlib import resources
    from pathlib import Path

    packaged = resources.files("msgtemplate") / "grammar" / "template.lark"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "grammar" / "template.lark"


@cached("template.lark_parser")
def lark_parser() -> Lark:
    """The reference LALR parser built from ``grammar/template.lark`` (built once)."""
    from lark import Lark

    return Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="basic")


@cached("template.scanner")
def scanner() -> re.Pattern[str]:
    """THE placeholder pattern: the grammar's terminals as one regex, one named group
    each (``PLACEHOLDER``, ``TEXT``, ``ESCAPED_DOLLAR``, ``LONE_DOLLAR``).

    Generated from ``grammar/template.lark`` (:mod:`msgtemplate.template._generate`);
    compiling it is all that is left to do here, and it waits for the first use. Every
    module that looks for placeholders reads them with this pattern or the helpers
    below, never with a regex of its own: so ``$${x}`` (an escaped ``$`` and the text
    ``{x}``) is never mistaken for a placeholder anywhere.
    """
    return re.compile(_generated.PATTERN)


def placeholders_in(text: str) -> Iterator[tuple[str, int, int]]:
    """``(name, start, end)`` of every well-formed ``${name}`` in ``text``, in order.

    Lenient, for tools that read text while it is being written (the language
    server, translator files): a ``${`` that does not continue as a placeholder is
    skipped as text instead of raising, and ``$$`` escapes are respected.
    """
    for token in scanner().finditer(text):
        if token.lastgroup == "PLACEHOLDER":
            yield token.group()[2:-1], token.start(), token.end()


def placeholder_name(text: str) -> str | None:
    """The name when ``text`` is exactly one placeholder (``${who}`` -> ``who``), else None."""
    token = scanner().fullmatch(text)
    return text[2:-1] if token is not None and token.lastgroup == "PLACEHOLDER" else None


def open_placeholder(prefix: str) -> str | None:
    """The part of a name typed so far when ``prefix`` ends inside an unclosed ``${``
    (``"Hi ${wh"`` -> ``"wh"``; ``"Hi ${"`` -> ``""``), else None (also after ``$${``,
    which is an escaped ``$``)."""
    start = prefix.rfind("${")
    if start == -1 or not _TYPING_NAME.fullmatch(prefix, start + 2):
        return None
    # Where the scanner reads tokens: the "${" opens a placeholder only if no token
    # (an escape "$$" before it) covers its "$".
    for token in scanner().finditer(prefix, 0, start + 2):
        if token.start() <= start < token.end():
            return None
    return prefix[start + 2 :]


_TYPING_NAME: Final = re.compile(r"[A-Za-z0-9_]*")


_SPLITTER: Final = re.compile(f"({PLACEHOLDER_REGEX})")
"""The grammar's PLACEHOLDER terminal, captured: ``parse`` splits texts with it."""


def parse(source: str) -> tuple[Node, ...]:
    """Parse ``source`` into nodes (adjacent text merged). Raises TemplateSyntaxError.

    Most texts hold no ``$`` but their placeholders: one C-level split at the
    placeholders gives their nodes. Any other ``$`` (``$$``, a lone ``$``, a broken
    ``${``) goes through the scanner, token by token (a property test checks both
    give the same nodes for every text).
    """
    if "$" not in source:
        return (Text(source, 0),) if source else ()
    parts = _SPLITTER.split(source)
    for text in parts[0::2]:
        if "$" in text:
            return _scan(source)
    nodes: list[Node] = []
    pos = 0
    line, line_start = 1, 0
    for index, part in enumerate(parts):
        if index % 2:
            nodes.append(Placeholder(part[2:-1], pos, line, pos - line_start + 1))
        elif part:
            nodes.append(Text(part, pos))
            if "\n" in part:
                line += part.count("\n")
                line_start = pos + part.rfind("\n") + 1
        pos += len(part)
    return tuple(nodes)


def names_of(source: str) -> tuple[str, ...]:
    """The placeholder names of ``source``, unique, in order of first use, after
    checking it parses (raises :class:`TemplateSyntaxError` as :func:`parse` does).

    :func:`parse`'s result without its nodes: for a text whose only ``$`` are
    placeholders (most texts), one C-level split and no node objects at all."""
    if "$" not in source:
        return ()
    parts = _SPLITTER.split(source)
    for text in parts[0::2]:
        if "$" in text:
            return tuple(dict.fromkeys(n.name for n in _scan(source) if isinstance(n, Placeholder)))
    return tuple(dict.fromkeys(part[2:-1] for part in parts[1::2]))


def _scan(source: str) -> tuple[Node, ...]:
    """:func:`parse`, token by token with the scanner."""
    nodes: list[Node] = []
    text: list[str] = []
    text_start = 0  # text runs from the start or from the end of the last placeholder
    pos = 0
    line, line_start = 1, 0
    end = len(source)
    match = scanner().match
    while pos < end:
        token = match(source, pos)
        if token is None:
            raise _syntax_error(source, pos)
        kind = token.lastgroup
        value = token.group()
        if kind == "PLACEHOLDER":
            if text:
                nodes.append(Text("".join(text), text_start))
                text = []
            nodes.append(Placeholder(value[2:-1], pos, line, pos - line_start + 1))
            text_start = token.end()
        else:
            text.append("$" if kind == "ESCAPED_DOLLAR" else value)
            if kind == "TEXT" and "\n" in value:
                line += value.count("\n")
                line_start = pos + value.rfind("\n") + 1
        pos = token.end()
    if text:
        nodes.append(Text("".join(text), text_start))
    return tuple(nodes)


def _syntax_error(source: str, pos: int) -> TemplateSyntaxError:
    """Explain why the ``${`` at ``pos`` is not a placeholder.

    The position comes from Lark's own parser, so the reference parser decides
    where the error is; this function only words it.
    """
    from lark.exceptions import LarkError, UnexpectedInput

    try:
        lark_parser().parse(source)
    except UnexpectedInput as exc:
        pos = exc.pos_in_stream if exc.pos_in_stream is not None else pos
    except LarkError:
        pass
    return TemplateSyntaxError(_describe(source, pos), source, pos)


_INNER = re.compile(r"\$\{([^}\n]*)(\}?)")


def _describe(source: str, pos: int) -> str:
    match = _INNER.match(source, pos)
    if match is None:  # not "${" at all: cannot happen with this grammar, but say something
        return f"unexpected {source[pos]!r}"
    inner, closed = match.group(1), match.group(2)
    shown = source[pos : match.end()]
    if not closed or "${" in inner:
        # The '}' that ends the match belongs to a later placeholder (or there is
        # none): say what is missing, at the '${' that opened it.
        name = NAME_PATTERN.match(inner)
        if name is not None:
            opened = "${" + name.group()
            return (
                f"unclosed placeholder {_clip(opened)} (opened here): '}}' is missing "
                f"after the name; write '{opened}}}'"
            )
        if not closed:
            return f"unclosed placeholder {_clip(shown)}: expected a name and '}}' after '${{'"
    if inner == "":
        return "empty placeholder '${}': expected a name, as in ${name}"
    if inner.strip() != inner and NAME_PATTERN.fullmatch(inner.strip()):
        return f"spaces inside placeholder {_clip(shown)}: write '${{{inner.strip()}}}'"
    return (
        f"invalid placeholder name {_clip(inner)} in {_clip(shown)}: a name is ASCII "
        "letters, digits and '_', not starting with a digit (write '$$' for a literal '$')"
    )


def _clip(text: str, limit: int = 30) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")
