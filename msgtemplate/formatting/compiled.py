"""Compiled formatting: a coerced value -> text for readers of one locale.

:func:`compile_formatter` does per (parameter, locale) every look-up Babel redoes per
call (pattern, symbols, currency sign, month and day names) and keeps a closure that
only does the arithmetic; :mod:`msgtemplate.formatting.babel_patterns` holds the
compiled patterns. Output is exactly what Babel's public functions return.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

import babel
import babel.dates
import babel.numbers

from msgtemplate.caches import cached
from msgtemplate.formatting.babel_patterns import (
    Style,
    datetime_renderer,
    internals_problems,
    number_renderer,
    pattern_renderer,
    time_renderer,
)
from msgtemplate.formatting.declarations import ParameterSpec
from msgtemplate.formatting.values import coercer
from msgtemplate.locales import babel_locale


def _renderer(spec: ParameterSpec, locale: babel.Locale) -> Callable[[Any], str]:
    """The locale-specific half: a coerced value -> text."""
    kind = spec.type
    if kind in ("string", "select"):
        return str
    if kind == "count":
        return count_renderer(locale, public=bool(internals_problems()))
    if internals_problems():
        return public_renderer(spec, locale)
    if kind in ("integer", "number"):
        decimal = number_renderer(locale.decimal_formats[None], locale, None)
        return lambda v: decimal(Decimal(v) if isinstance(v, int) else v)
    if kind == "percent":
        return number_renderer(locale.percent_formats[None], locale, None)
    if kind == "currency":
        return number_renderer(locale.currency_formats["standard"], locale, spec.currency)
    style = cast(Style, spec.style)
    if kind == "date":
        date = pattern_renderer(locale.date_formats[style].pattern, locale)
        return lambda v: date(v, None)
    zone = spec.zone
    if kind == "time":
        return time_renderer(style, zone, locale)
    return datetime_renderer(style, zone, locale)


def public_renderer(spec: ParameterSpec, locale: babel.Locale) -> Callable[[Any], str]:
    """The same through Babel's public functions only: what :func:`_renderer` does
    when a Babel release has changed the internals the compiled patterns read."""
    kind, style = spec.type, spec.style
    if kind in ("string", "select"):
        return str
    if kind == "count":
        return count_renderer(locale, public=True)
    if kind in ("integer", "number"):
        return lambda v: babel.numbers.format_decimal(v, locale=locale)
    if kind == "percent":
        return lambda v: babel.numbers.format_percent(v, locale=locale)
    if kind == "currency":
        code = cast(str, spec.currency)
        return lambda v: babel.numbers.format_currency(v, code, locale=locale)
    if kind == "date":
        return lambda v: babel.dates.format_date(v, style, locale=locale)
    zone = spec.zone
    if kind == "time":
        return lambda v: babel.dates.format_time(v, style, tzinfo=zone, locale=locale)
    return lambda v: babel.dates.format_datetime(v, style, tzinfo=zone, locale=locale)


def fraction_pattern(pattern: str, digits: int) -> str:
    """The locale's decimal ``pattern`` showing exactly ``digits`` fraction digits
    (``"#,##0.###"``, 2 -> ``"#,##0.00"``): a count shows the digits it was given."""
    fraction = "." + "0" * digits if digits else ""
    positive = pattern.split(";", maxsplit=1)[0]
    if "." in positive:
        return re.sub(r"\.[0#]*", fraction, positive, count=1)
    return re.sub(r"([0#,]+)", lambda m: m.group(1) + fraction, positive, count=1)


def count_renderer(locale: babel.Locale, *, public: bool = False) -> Callable[[Any], str]:
    """A count (``int`` or ``Decimal``) -> text: ``format_decimal`` with the locale's
    pattern, keeping the visible fraction digits (``1.50`` stays ``1.50``)."""
    base = locale.decimal_formats[None].pattern
    renderers: dict[int, Callable[[Decimal], str]] = {}

    def build(digits: int) -> Callable[[Decimal], str]:
        pattern = babel.numbers.parse_pattern(fraction_pattern(base, digits))
        if public:
            return lambda v: babel.numbers.format_decimal(v, format=pattern, locale=locale)
        return number_renderer(pattern, locale, None)

    integer = build(0)

    def render(value: int | Decimal) -> str:
        if isinstance(value, int):
            return integer(Decimal(value))
        exponent = value.as_tuple().exponent
        digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        found = renderers.get(digits)
        if found is None:
            found = renderers[digits] = build(digits)
        return found(value)

    return render


# What a formatter depends on: the spec without example and description, and the locale.
_Key = tuple[str, str, "int | None", "str | None", str, str, "tuple[str, ...] | None", str]


@cached("formatting.formatters")
def _compile(key: _Key) -> Callable[[object], str]:
    name, type_, max_length, currency, style, timezone, values, locale_tag = key
    spec = ParameterSpec(name, type_, max_length, currency, style, timezone, values)
    render = _renderer(spec, babel_locale(locale_tag))
    coerce = coercer(type_)

    def format_one(value: object) -> str:
        return render(coerce(spec, value))

    return format_one


def compile_formatter(spec: ParameterSpec, locale_tag: str) -> Callable[[object], str]:
    """A function value -> text for ``spec`` in ``locale_tag``, with lookups done once.

    The function coerces like :func:`coerce_value` (raising :class:`ParameterError`)
    and returns what Babel's public function returns for the coerced value. Compiled
    formatters are cached (bounded) and safe to share between threads.
    """
    return _compile(
        (
            spec.name,
            spec.type,
            spec.max_length,
            spec.currency,
            spec.style,
            spec.timezone,
            spec.values,
            locale_tag,
        )
    )


def format_value(spec: ParameterSpec, value: object, locale_tag: str) -> str:
    """``value`` checked against ``spec`` and written for readers of ``locale_tag``."""
    return compile_formatter(spec, locale_tag)(value)
