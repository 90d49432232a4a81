"""Babel's number and date patterns, compiled: the same text, a fraction of the work.

Babel re-reads its locale data and re-walks the pattern on every ``format_*`` call.
These functions do the look-ups once per (pattern, locale) and return a closure that
only formats; :mod:`msgtemplate.formatting` caches them per parameter and locale.
Anything unusual (scientific or significant-digit patterns, quoted affixes, rare
date fields) is left to Babel itself, and property tests compare every result with
Babel's public functions.

This module reads some of Babel's internals (``NumberPattern``'s fields,
``get_decimal_quantum``, ``tokenize_pattern``, ``DateTimeFormat``). pyproject.toml
caps Babel at the newest version the test suite has passed with, and
:func:`internals_problems` checks their shape: where anything changed, the formatter
uses Babel's public functions instead (slower, never wrong) and a test fails with a
line naming what changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final, Literal

import babel
import babel.dates
import babel.numbers

# --- numbers ------------------------------------------------------------------------------
from msgtemplate.caches import cached


def number_renderer(
    pattern: babel.numbers.NumberPattern,
    locale: babel.Locale,
    currency: str | None,
) -> Callable[[Decimal], str]:
    """``pattern.apply(value, locale, currency=currency)`` with the lookups done once.

    Mirrors ``NumberPattern.apply`` for plain patterns (the locale patterns CLDR has
    for decimal, currency and percent); anything else is left to Babel.
    """

    def babel_apply(value: Decimal) -> str:
        return str(pattern.apply(value, locale, currency=currency))

    decimal_sym = babel.numbers.get_decimal_symbol(locale)
    group_sym = babel.numbers.get_group_symbol(locale)
    affixes = (*pattern.prefix, *pattern.suffix)
    if (
        pattern.exp_prec
        or "@" in pattern.pattern
        or pattern.number_pattern == ""
        or any("'" in a or "¤¤¤" in a for a in affixes)
        or "'" in decimal_sym + group_sym
    ):
        return babel_apply

    def affix(text: str) -> str:
        if "¤" in text and currency is not None:
            text = text.replace("¤¤", currency.upper())
            text = text.replace("¤", babel.numbers.get_currency_symbol(currency, locale))
        return text

    prefix, prefix_neg = affix(pattern.prefix[0]), affix(pattern.prefix[1])
    suffix, suffix_neg = affix(pattern.suffix[0]), affix(pattern.suffix[1])
    if currency is not None:
        frac_min = frac_max = babel.numbers.get_currency_precision(currency)
    else:
        frac_min, frac_max = pattern.frac_prec
    quantum = babel.numbers.get_decimal_quantum(frac_max)
    scale = pattern.scale
    int_min = pattern.int_prec[0]
    first_group, other_group = pattern.grouping

    # CLDR's usual grouping (thousands) is what Python's "," format option does.
    python_groups = (first_group, other_group) == (3, 3) and int_min <= 1
    spec = ",f" if python_groups else "f"

    def render(value: Decimal) -> str:
        if scale:
            value = value.scaleb(scale)
        # (Babel's scaleb(0) only rounds to the context precision, which normalize()
        # below does anyway.)
        negative = value.is_signed()
        whole, _, frac = format(abs(value).normalize().quantize(quantum), spec).partition(".")
        if python_groups:
            if group_sym != ",":
                whole = whole.replace(",", group_sym)
        else:
            whole = _group(whole)
        if frac_max == 0:
            number = whole
        elif frac_min == frac_max:  # currencies: quantize() left exactly frac_max digits
            number = whole + decimal_sym + frac
        else:
            frac = frac.rstrip("0")
            if len(frac) < frac_min:
                frac += "0" * (frac_min - len(frac))
            number = whole + decimal_sym + frac if frac else whole
        return prefix_neg + number + suffix_neg if negative else prefix + number + suffix

    def _group(whole: str) -> str:
        if len(whole) < int_min:
            whole = "0" * (int_min - len(whole)) + whole
        if len(whole) <= first_group:
            return whole
        groups = [whole[-first_group:]]
        whole = whole[:-first_group]
        while len(whole) > other_group:
            groups.append(whole[-other_group:])
            whole = whole[:-other_group]
        groups.append(whole)
        return group_sym.join(reversed(groups))

    return render


# --- dates and times -------------------------------------------------------------------

# A field renders (value, reference date) -> text; the reference date is what Babel
# uses to name a zone right (summer or standard time) when it only has a time.
_Field = Callable[[Any, "dt.date | None"], str]
_Width = Literal["abbreviated", "wide", "narrow"]
_WIDTHS: Final[dict[int, _Width]] = {3: "abbreviated", 4: "wide", 5: "narrow"}
_DAY_WIDTHS: Final[dict[int, _Width | Literal["short"]]] = {**_WIDTHS, 6: "short"}
# Fields whose text depends only on the time of day (day periods: 'a', 'b', 'B'), so
# one Babel call per distinct second of the day is enough.
_TIME_OF_DAY_FIELDS: Final = frozenset("abB")
_Context = Literal["format", "stand-alone"]
Style = Literal["short", "medium", "long", "full"]


def _date_field(char: str, num: int, locale: babel.Locale) -> _Field:
    """One field of a CLDR date/time pattern, as ``DateTimeFormat.__getitem__`` does it."""
    name = char * num
    pad = f"0{num}d"  # what Babel's "%0*d" % (num, value) means
    if char == "y" and num != 2:
        return lambda v, ref: format(v.year, pad)
    if char == "y":
        return lambda v, ref: f"{v.year:02d}"[-2:]
    if char in "ML" and num <= 2:
        return lambda v, ref: format(v.month, pad)
    if char in "ML":
        context: _Context = "format" if char == "M" else "stand-alone"
        months = _plain(babel.dates.get_month_names(_WIDTHS[num], context, locale))
        return lambda v, ref: months[v.month]
    if char == "d":
        return lambda v, ref: format(v.day, pad)
    if char == "E" or (char == "c" and num >= 3):
        context = "stand-alone" if char == "c" else "format"
        days = _plain(babel.dates.get_day_names(_DAY_WIDTHS[max(3, num)], context, locale))
        return lambda v, ref: days[v.weekday()]
    if char == "G":
        eras = _plain(babel.dates.get_era_names(_WIDTHS[max(3, num)], locale))
        return lambda v, ref: eras[int(v.year >= 0)]
    if char == "h":
        return lambda v, ref: format(v.hour % 12 or 12, pad)
    if char == "H":
        return lambda v, ref: format(v.hour, pad)
    if char == "K":
        return lambda v, ref: format(v.hour % 12, pad)
    if char == "k":
        return lambda v, ref: format(v.hour or 24, pad)
    if char == "m":
        return lambda v, ref: format(v.minute, pad)
    if char == "s":
        return lambda v, ref: format(v.second, pad)
    if char in _TIME_OF_DAY_FIELDS:
        return _day_period_field(name, locale)
    # Everything else (zone names, weeks, quarters...) is rare in CLDR's standard
    # patterns: ask Babel, with the reference date it would have.
    return lambda v, ref: str(babel.dates.DateTimeFormat(v, locale, ref)[name])


def _plain(names: Mapping[int, str]) -> dict[int, str]:
    # Babel's LocaleDataDict resolves CLDR aliases on every look-up; resolve them once.
    return {key: str(names[key]) for key in names}


def _day_period_field(name: str, locale: babel.Locale) -> _Field:
    # Day periods ("in the morning", 上午, 清晨) follow CLDR rules on the second of the
    # day; remember each answer. At most 86,400 entries: bounded by construction, and
    # a racing duplicate write stores the same text.
    seen: dict[int, str] = {}

    def period(v: Any, ref: dt.date | None) -> str:
        second = v.hour * 3600 + v.minute * 60 + v.second
        text = seen.get(second)
        if text is None:
            moment = dt.time(v.hour, v.minute, v.second)
            text = seen[second] = str(babel.dates.DateTimeFormat(moment, locale)[name])
        return text

    return period


def pattern_renderer(pattern: str, locale: babel.Locale) -> _Field:
    """``babel.dates.parse_pattern(pattern).apply(value, locale, ref)``, compiled."""
    babel.dates.parse_pattern(pattern)  # refuse what Babel refuses, at compile time
    # One %-format string for the literal text, one function per field: a single
    # string operation per call.
    text: list[str] = []
    fields: list[_Field] = []
    for _kind, token in babel.dates.tokenize_pattern(pattern):
        if isinstance(token, str):  # a "chars" token
            text.append(token.replace("%", "%%"))
        else:
            text.append("%s")
            fields.append(_date_field(token[0], token[1], locale))
    template = "".join(text)
    if len(fields) == 3:  # the usual shape of a date or a time ("MMM d, y", "HH:mm:ss")
        f1, f2, f3 = fields
        return lambda v, ref: template % (f1(v, ref), f2(v, ref), f3(v, ref))
    if len(fields) == 2:
        f1, f2 = fields
        return lambda v, ref: template % (f1(v, ref), f2(v, ref))
    every = tuple(fields)
    return lambda v, ref: template % tuple([f(v, ref) for f in every])


def time_renderer(style: Style, zone: dt.tzinfo, locale: babel.Locale) -> Callable[[Any], str]:
    """``format_time(value, style, tzinfo=zone, locale)`` for a coerced time value."""
    pattern = pattern_renderer(locale.time_formats[style].pattern, locale)

    def render(value: dt.time | dt.datetime) -> str:
        if isinstance(value, dt.datetime):
            value = value.astimezone(zone)
            return pattern(value.timetz(), value.date())
        return pattern(value.replace(tzinfo=zone), None)

    return render


def datetime_renderer(style: Style, zone: dt.tzinfo, locale: babel.Locale) -> Callable[[Any], str]:
    """``format_datetime(value, style, tzinfo=zone, locale)``: CLDR's "{1}, {0}" glue
    filled with the date part and the time part, as Babel does."""
    glue = str(babel.dates.get_datetime_format(style, locale)).replace("'", "")
    date_part = pattern_renderer(locale.date_formats[style].pattern, locale)
    time_part = pattern_renderer(locale.time_formats[style].pattern, locale)

    def render(value: dt.datetime) -> str:
        value = value.astimezone(zone)
        day = value.date()
        return glue.replace("{0}", time_part(value.timetz(), day)).replace(
            "{1}", date_part(day, None)
        )

    return render


# --- what this module relies on ----------------------------------------------------------


def _pair_of(kind: type) -> Callable[[object], bool]:
    return lambda v: isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, kind) for x in v)


def _is_str(value: object) -> bool:
    return isinstance(value, str)


# NumberPattern's fields number_renderer reads, and the shape it expects of each.
_NUMBER_PATTERN_FIELDS: Final[dict[str, tuple[Callable[[object], bool], str]]] = {
    "pattern": (_is_str, "a str"),
    "number_pattern": (_is_str, "a str"),
    "prefix": (_pair_of(str), "a (positive, negative) pair of str"),
    "suffix": (_pair_of(str), "a (positive, negative) pair of str"),
    "grouping": (_pair_of(int), "a pair of int"),
    "int_prec": (_pair_of(int), "a pair of int"),
    "frac_prec": (_pair_of(int), "a pair of int"),
    "exp_prec": (lambda v: v is None or _pair_of(int)(v), "None or a pair of int"),
    "scale": (lambda v: isinstance(v, int), "an int"),
}


@cached("formatting.babel_internals")
def internals_problems() -> tuple[str, ...]:
    """One line for each Babel internal this module relies on that has changed shape
    (empty when all are as expected). Checked once, on the first compiled formatter."""
    return check_internals(babel.numbers, babel.dates, babel.Locale("en"))


def check_internals(numbers: Any, dates: Any, en: babel.Locale) -> tuple[str, ...]:
    """:func:`internals_problems` for the given ``babel.numbers`` and ``babel.dates``
    modules and English locale (a test hands it altered ones)."""
    import inspect  # not at import: only this check needs it

    problems: list[str] = []

    def expect(
        name: str, probe: Callable[[], object], ok: Callable[[object], bool], want: str
    ) -> None:
        try:
            got = probe()
        except Exception as exc:  # any failure of an internal is what we look for
            problems.append(f"{name}: expected {want}, raised {type(exc).__name__}: {exc}")
            return
        if not ok(got):
            problems.append(f"{name}: expected {want}, got {got!r}")

    pattern = en.decimal_formats[None]
    for field, (ok, want) in _NUMBER_PATTERN_FIELDS.items():
        expect(
            f"babel.numbers.NumberPattern.{field}",
            lambda f=field: getattr(pattern, f),  # type: ignore[misc]
            ok,
            want,
        )
    expect(
        "babel.numbers.NumberPattern.apply",
        lambda: list(inspect.signature(pattern.apply).parameters)[:3],
        lambda v: v == ["value", "locale", "currency"],
        "parameters (value, locale, currency, ...)",
    )
    expect(
        "babel.numbers.get_decimal_quantum(2)",
        lambda: numbers.get_decimal_quantum(2),
        lambda v: v == Decimal("0.01"),
        "Decimal('0.01')",
    )
    tokens = [("field", ("H", 2)), ("chars", ":"), ("field", ("m", 2))]
    expect(
        "babel.dates.tokenize_pattern('HH:mm')",
        lambda: dates.tokenize_pattern("HH:mm"),
        lambda v: v == tokens,
        repr(tokens),
    )
    expect(
        "babel.dates.DateTimeFormat(value, locale, reference_date)[field]",
        lambda: dates.DateTimeFormat(dt.time(14, 30), en, dt.date(2026, 1, 1))["HH"],
        lambda v: v == "14",
        "'14'",
    )
    for kind in ("date_formats", "time_formats"):
        expect(
            f"babel.Locale.{kind}[style].pattern",
            lambda k=kind: getattr(en, k)["medium"].pattern,  # type: ignore[misc]
            _is_str,
            "a str",
        )
    expect(
        "babel.dates.get_datetime_format(style, locale)",
        lambda: str(dates.get_datetime_format("medium", en)),
        lambda v: isinstance(v, str) and "{0}" in v and "{1}" in v,
        "a str holding {0} and {1}",
    )
    return tuple(problems)
