"""Phrases that agree with a number or a choice: ``count`` and ``select`` forms.

A variant's ``forms`` maps each ``count``/``select`` parameter to its phrases
(``{one: "# minute", other: "# minutes"}``). This module knows CLDR's plural
categories per locale (:func:`plural_categories`, :func:`plural_category`, Babel's
rules), sample numbers for each (:func:`plural_samples`), what a key may be
(:func:`count_key_problem`), how ``#`` is filled (:func:`phrase_parts`) and builds
the function value -> phrase a renderer calls (:func:`compile_forms`).

The category is that of the number *as shown*: the value is a ``Decimal`` built from
the digits given (``"1.0"`` keeps its ``0``), so CLDR's operands ``v``, ``w``, ``f``
and ``t`` are those of the text the reader sees. ``e`` (the compact exponent) is 0:
``#`` is never written in compact notation. Exact keys (``"=0"``) are tried before
the categories and compare numerically, as in ICU's MessageFormat.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final

import babel.plural

from msgtemplate.caches import cached
from msgtemplate.formatting.babel_patterns import internals_problems
from msgtemplate.formatting.compiled import compile_formatter, count_renderer
from msgtemplate.formatting.declarations import ParameterSpec
from msgtemplate.formatting.values import coercer
from msgtemplate.locales import babel_locale

PLURAL_CATEGORIES: Final[tuple[str, ...]] = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories, in CLDR's order (also the order forms are written in)."""

FORM_TYPES: Final = frozenset({"count", "select"})
"""Parameter types whose text comes from a variant's ``forms``."""

EXACT_KEY: Final = re.compile(r"=(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
"""An exact-value key of a count form set: ``=0``, ``=1``, ``=2.5``."""

LONGEST_NUMBER: Final = 999_999_999
"""The number the length checks fill ``#`` with: 9 digits, longer than any count a
message plausibly states."""

_HASH: Final = re.compile(r"##|#")
_SAMPLES_KEPT: Final = 4


# --- CLDR plural rules -------------------------------------------------------------------


@cached("formatting.plural_rules")
def _rule(locale_tag: str) -> babel.plural.PluralRule:
    return babel_locale(locale_tag).plural_form


@cached("formatting.plural_functions")
def plural_function(locale_tag: str) -> Callable[[int | Decimal], str]:
    """The category function of ``locale_tag`` (an ``int`` or ``Decimal`` -> category).

    Integers (most counts) take a function compiled for them alone (see
    :func:`_integer_rule`); decimals go through Babel's own.
    """
    rule = _rule(locale_tag)
    general = babel.plural.to_python(rule)
    integer = _integer_rule(rule)
    if integer is None:
        return general

    def category(number: int | Decimal) -> str:
        if type(number) is int:
            return integer(number if number >= 0 else -number)
        return general(number)

    return category


def plural_category(locale_tag: str, number: int | Decimal) -> str:
    """The CLDR plural category of ``number`` as shown (``Decimal("1.0")`` keeps ``v=1``)."""
    return plural_function(locale_tag)(number)


# The operands of a non-negative integer x: n = i = x, no fraction digits, no exponent.
_INTEGER_OPERANDS: Final = {"n": "x", "i": "x", "v": "0", "w": "0", "f": "0", "t": "0",
                            "c": "0", "e": "0"}  # fmt: skip


def _integer_expression(node: tuple[str, Any]) -> str:
    """Python for one node of Babel's parsed rule, for a non-negative int ``x``.

    Built only from the fixed operator table and ``int()``-checked numbers (never text
    from elsewhere); an unknown node raises, and the caller keeps Babel's function."""
    op, args = node
    if op in _INTEGER_OPERANDS:
        return _INTEGER_OPERANDS[op]
    if op == "value":
        return str(int(args[0]))
    if op in ("and", "or"):
        left, right = (_integer_expression(a) for a in args)
        return f"({left} {op} {right})"
    if op == "not":
        return f"(not {_integer_expression(args[0])})"
    if op == "mod":  # both sides non-negative: Python's % is CLDR's
        left, right = (_integer_expression(a) for a in args)
        return f"({left} % {right})"
    if op == "relation":
        method, expr, (kind, ranges) = args
        if method not in ("in", "within") or kind != "range_list":
            raise ValueError(f"unknown relation {method!r}")
        value = _integer_expression(expr)
        tests = []
        for low, high in ranges:
            lo, hi = _integer_expression(low), _integer_expression(high)
            tests.append(f"{value} == {lo}" if lo == hi else f"{lo} <= {value} <= {hi}")
        return "(" + " or ".join(tests) + ")"
    raise ValueError(f"unknown node {op!r}")


def _integer_rule(rule: babel.plural.PluralRule) -> Callable[[int], str] | None:
    """``rule`` compiled for non-negative integers alone: a few comparisons instead of
    Babel's operand extraction and range helpers (5-10x faster). None when Babel's
    parsed form is not what this reads (then Babel's function serves every number;
    the tests compare both with ICU)."""
    try:
        lines = ["def category(x):"]
        for tag, ast in rule.abstract:
            if tag not in PLURAL_CATEGORIES:
                return None
            lines.append(f" if {_integer_expression(ast)}: return {tag!r}")
        lines.append(" return 'other'")
        namespace: dict[str, Callable[[int], str]] = {}
        exec(compile("\n".join(lines), "<plural rule>", "exec"), {}, namespace)  # noqa: S102
        return namespace["category"]
    except Exception:  # any shape we do not know: Babel's own function is always right
        return None


@cached("formatting.plural_categories")
def plural_categories(locale_tag: str) -> tuple[str, ...]:
    """The categories ``locale_tag`` uses, in CLDR order; always ends with ``other``."""
    tags = _rule(locale_tag).tags
    return tuple(c for c in PLURAL_CATEGORIES if c in tags or c == "other")


def _sample_candidates() -> list[Decimal]:
    numbers = [Decimal(n) for n in range(0, 1001)]
    numbers += [Decimal(10) ** k for k in range(4, 19)]
    numbers += [Decimal(n) * 10**6 for n in range(2, 10)]
    numbers += [Decimal(f"{n}.{d}") for n in range(0, 21) for d in range(0, 10)]
    numbers += [Decimal(f"{n}.{d:02d}") for n in range(0, 3) for d in range(0, 100, 5)]
    return numbers


@cached("formatting.plural_samples")
def plural_samples(locale_tag: str) -> dict[str, tuple[tuple[str, ...], bool]]:
    """Per category of ``locale_tag``: its first sample numbers (integers first, as
    CLDR lists them) and whether there are more (``("2", "3", "4", "22"), True``)."""
    rule = plural_function(locale_tag)
    found: dict[str, list[str]] = {c: [] for c in plural_categories(locale_tag)}
    more: dict[str, bool] = dict.fromkeys(found, False)
    for number in _sample_candidates():
        category = rule(number)
        listed = found.setdefault(category, [])
        if len(listed) < _SAMPLES_KEPT:
            listed.append(str(number))
        else:
            more[category] = True
    return {c: (tuple(found[c]), more.get(c, False)) for c in found}


def sample_text(locale_tag: str, category: str) -> str:
    """``"2, 3, 4, 22…"``: how a message shows the numbers of a category."""
    samples, more = plural_samples(locale_tag).get(category, ((), False))
    return ", ".join(samples) + ("…" if more else "")


def sample_number(locale_tag: str, category: str) -> str:
    """A number a reader would meet in ``category`` of ``locale_tag``, as text: the
    smallest positive integer that takes it (``"2"`` for Polish few), else ``1.5``
    and such, else 0 or a power of ten (Arabic zero, French many)."""
    rule = plural_function(locale_tag)
    for number in _preview_candidates():
        if rule(number) == category:
            return str(number)
    samples, _ = plural_samples(locale_tag).get(category, ((), False))
    return samples[0] if samples else "0"


@cached("formatting.preview_numbers")
def _preview_candidates() -> tuple[Decimal, ...]:
    ordered = [Decimal(n) for n in range(1, 1001)]
    ordered += [Decimal(f"{n}.5") for n in range(1, 10)]
    ordered += [Decimal(0)]
    ordered += _sample_candidates()
    return tuple(ordered)


# --- keys and phrases --------------------------------------------------------------------


def exact_value(key: str) -> Decimal | None:
    """The number of an exact key (``"=1"`` -> 1), None for any other key."""
    return Decimal(key[1:]) if EXACT_KEY.fullmatch(key) else None


def count_key_problem(key: object) -> str | None:
    """Why ``key`` cannot be a key of a count form set, or None when it can."""
    if not isinstance(key, str):
        return f"a key must be a plural category or '=N', got {key!r}"
    if key in PLURAL_CATEGORIES or EXACT_KEY.fullmatch(key):
        return None
    if key.startswith("="):
        return f"exact key {key!r} must be '=' and a number written plainly, such as '=0' or '=1'"
    return (
        f"unknown key {key!r}: a key is a CLDR plural category "
        f"({', '.join(PLURAL_CATEGORIES)}) or an exact value such as '=0'"
    )


def phrase_parts(phrase: str) -> tuple[str, ...]:
    """The phrase split where the number goes: ``"# of #"`` -> ``("", " of ", "")``;
    ``##`` is a literal ``#``. ``number.join(parts)`` fills it in."""
    if "#" not in phrase:
        return (phrase,)
    parts: list[str] = []
    current: list[str] = []
    position = 0
    for match in _HASH.finditer(phrase):
        current.append(phrase[position : match.start()])
        if match.group() == "##":
            current.append("#")
        else:
            parts.append("".join(current))
            current = []
        position = match.end()
    current.append(phrase[position:])
    parts.append("".join(current))
    return tuple(parts)


def fill(phrase: str, number_text: str) -> str:
    """``phrase`` with ``#`` replaced by ``number_text`` and ``##`` by ``#``."""
    return number_text.join(phrase_parts(phrase))


# --- compiled form sets ------------------------------------------------------------------

_Forms = tuple[tuple[str, str], ...]


@cached("formatting.count_forms")
def _compile_count(spec: ParameterSpec, locale_tag: str, forms: _Forms) -> Callable[[object], str]:
    coerce = coercer("count")
    # The renderer half only: the value is coerced once, here.
    number = count_renderer(babel_locale(locale_tag), public=bool(internals_problems()))
    category_of = plural_function(locale_tag)
    exacts: dict[Decimal, tuple[str, ...]] = {}
    categories: dict[str, tuple[str, ...]] = {}
    for key, text in forms:
        value = exact_value(key)
        if value is not None:
            exacts.setdefault(value, phrase_parts(text))
        elif key in PLURAL_CATEGORIES:
            categories[key] = phrase_parts(text)
    # A category the forms lack (the linter reports it) reads as `other`, and without
    # `other` as the bare number: never an exception at send time.
    other = categories.get("other", ("", ""))
    for category in PLURAL_CATEGORIES:
        categories.setdefault(category, other)

    if not exacts:

        def phrase(value: object) -> str:
            number_ = coerce(spec, value)
            return number(number_).join(categories[category_of(number_)])  # type: ignore[arg-type]

        return phrase

    def phrase_or_exact(value: object) -> str:
        number_ = coerce(spec, value)
        parts = exacts.get(number_)  # type: ignore[call-overload]
        if parts is None:
            parts = categories[category_of(number_)]  # type: ignore[arg-type]
        return number(number_).join(parts)

    return phrase_or_exact


@cached("formatting.select_forms")
def _compile_select(spec: ParameterSpec, forms: _Forms) -> Callable[[object], str]:
    coerce = coercer("select")
    phrases = dict(forms)

    def phrase(value: object) -> str:
        chosen = coerce(spec, value)
        # A value without a phrase (the linter reports it) reads as the value itself.
        return phrases.get(chosen, chosen)  # type: ignore[call-overload, no-any-return]

    return phrase


def compile_forms(
    spec: ParameterSpec, locale_tag: str, forms: Mapping[str, str]
) -> Callable[[object], str]:
    """A function value -> the phrase of ``forms`` that agrees with it, filled in.

    ``count``: an exact key equal to the number, else the number's plural category in
    ``locale_tag``, with ``#`` replaced by the number formatted for the locale
    (fraction digits as given); ``select``: the value's phrase as written. Values are
    checked as :func:`~msgtemplate.formatting.coerce_value` does (``ParameterError``).
    Compiled functions are cached (bounded) and safe to share between threads.
    """
    items = tuple((str(k), str(v)) for k, v in forms.items())
    if spec.type == "count":
        return _compile_count(_bare(spec), locale_tag, items)
    if spec.type == "select":
        return _compile_select(_bare(spec), items)
    raise ValueError(f"parameter {spec.name!r} of type {spec.type!r} has no forms")


def _bare(spec: ParameterSpec) -> ParameterSpec:
    """``spec`` without example and description (a smaller, stabler cache key)."""
    if spec.example is None and spec.description is None:
        return spec
    return ParameterSpec(spec.name, spec.type, values=spec.values)


def longest_phrase(spec: ParameterSpec, locale_tag: str, forms: Mapping[str, str]) -> str:
    """The longest text ``forms`` can produce: each count phrase filled with a
    9-digit number (:data:`LONGEST_NUMBER`) formatted for the locale, or the longest
    select phrase. What the length checks count."""
    if spec.type == "count":
        number = compile_formatter(_bare(spec), locale_tag)(LONGEST_NUMBER)
        texts = [fill(phrase, number) for phrase in forms.values()]
    else:
        texts = list(forms.values())
    return max(texts, key=len, default="")
