"""Typed parameter values -> text in a locale (Babel, CLDR data).

A pack declares every placeholder's type (``string``, ``integer``, ``number``,
``currency``, ``percent``, ``date``, ``datetime``, ``time``); this module checks a
declaration (:func:`parse_parameter_spec`), checks and converts a value
(:func:`coerce_value`) and writes it out the way a reader of a locale expects
(:func:`format_value`, :func:`compile_formatter`).

Output is exactly what Babel's public functions (``format_decimal``,
``format_currency``, ``format_percent``, ``format_date``, ``format_datetime``,
``format_time``, default ``latn`` digits) return for the coerced value; the test suite
proves it with property tests. It is faster because :func:`compile_formatter` does per
(parameter, locale) everything Babel redoes per call: it looks the pattern, symbols,
currency sign, month and day names up once and keeps a small closure that only does
the arithmetic. Anything unusual (scientific, significant-digit or quoted number
patterns; date fields other than the common ones, such as time-zone names, weeks
and quarters) goes through Babel itself, so exactness never depends on this module
knowing every corner of CLDR.

Decisions (also in docs/parameters.md):

* ``string`` takes ``str`` only (a number for a string parameter is refused, not
  silently ``str()``-ed); ``maxLength`` counts characters (code points).
* ``bool`` is never a number; NaN and infinities are refused; numbers must be below
  :data:`MAX_MAGNITUDE` in absolute value; numeric strings are plain ASCII
  (``-1234.5``, ``1e3``), never locale-formatted (``1,234.5`` is ambiguous).
  Negative zero is shown as zero.
* ``date`` takes ``YYYY-MM-DD`` or a ``date`` (a ``datetime`` is refused: which
  day it is depends on a time zone the declaration does not have).
* ``datetime`` takes an ISO datetime *with* a UTC offset (``Z`` or ``+01:00``) or an
  aware ``datetime``; naive ones are refused rather than guessed. ``timezone`` is the
  zone it is *shown* in.
* ``time`` takes a time of day without offset (``14:30``, a naive ``time``), shown as
  is, or an instant (an ISO datetime with offset, an aware ``datetime``), converted
  to ``timezone``. A time of day with an offset is refused: without a date it cannot
  be converted correctly across daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Final, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import babel
import babel.dates
import babel.numbers

from msgtemplate import iso8601
from msgtemplate.babel_patterns import (
    Style,
    datetime_renderer,
    number_renderer,
    pattern_renderer,
    time_renderer,
)
from msgtemplate.errors import MsgTemplateError
from msgtemplate.locales import babel_locale
from msgtemplate.suggest import did_you_mean

PARAMETER_TYPES: Final[tuple[str, ...]] = (
    "string",
    "integer",
    "number",
    "currency",
    "percent",
    "date",
    "datetime",
    "time",
)
STYLES: Final[tuple[str, ...]] = ("short", "medium", "long", "full")

MAX_MAGNITUDE: Final = 10**18
"""Numbers must be smaller than this in absolute value. Far beyond any amount a
message states, and small enough that Babel's 28-digit decimal arithmetic formats
every accepted value exactly (beyond it Babel itself fails)."""

_MAX_NUMERIC_TEXT: Final = 100
"""Longest numeric string parsed; longer ones are refused before ``Decimal`` sees them."""

OPTION_KEYS: Final[tuple[str, ...]] = (
    "type",
    "maxLength",
    "currency",
    "style",
    "timezone",
    "example",
    "description",
)
TYPE_OPTIONS: Final[dict[str, frozenset[str]]] = {
    "string": frozenset({"maxLength"}),
    "integer": frozenset(),
    "number": frozenset(),
    "currency": frozenset({"currency"}),
    "percent": frozenset(),
    "date": frozenset({"style"}),
    "datetime": frozenset({"style", "timezone"}),
    "time": frozenset({"style", "timezone"}),
}
"""Which types take which options; ``example`` and ``description`` fit every type
(the pack schema's declaration of parameters is built from this)."""
# Names people reach for that difflib would not map to ours.
_TYPE_ALIASES: Final[dict[str, str]] = {
    "str": "string",
    "text": "string",
    "int": "integer",
    "float": "number",
    "decimal": "number",
    "double": "number",
    "money": "currency",
    "amount": "currency",
    "percentage": "percent",
    "timestamp": "datetime",
}


# --- errors --------------------------------------------------------------------------


class ParameterError(MsgTemplateError, ValueError):
    """A parameter value that its declaration refuses.

    ``str()`` reads ``parameter 'amount' of template TP_1: expected a number, got
    'lots'`` (without ``of template ...`` until :meth:`for_template` fills it in).
    """

    def __init__(self, parameter: str, reason: str, template: str | None = None) -> None:
        self.parameter = parameter
        self.reason = reason
        self.template = template
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f" of template {self.template}" if self.template else ""
        return f"parameter {self.parameter!r}{where}: {self.reason}"

    def __reduce__(self) -> tuple[type[ParameterError], tuple[str, str, str | None]]:
        return (type(self), (self.parameter, self.reason, self.template))

    def for_template(self, code: str) -> ParameterError:
        """A copy naming the template ``code`` (the renderer knows it, the formatter not)."""
        return ParameterError(self.parameter, self.reason, code)


class SchemaError(MsgTemplateError, ValueError):
    """A bad parameter declaration.

    ``field`` is the option key at fault (``"currency"``, ``"maxLength"``, an unknown
    key as written...) so the pack loader can point at it; it is ``None`` when the
    declaration as a whole is wrong (not a mapping, a required key missing: then
    ``missing`` names that key).
    """

    def __init__(
        self,
        parameter: str,
        reason: str,
        *,
        field: str | None = None,
        missing: str | None = None,
    ) -> None:
        self.parameter = parameter
        self.reason = reason
        self.field = field
        self.missing = missing
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"parameter {self.parameter!r}: {self.reason}"

    def __reduce__(
        self,
    ) -> tuple[Callable[..., SchemaError], tuple[str, str, str | None, str | None]]:
        return (_make_schema_error, (self.parameter, self.reason, self.field, self.missing))


def _make_schema_error(
    parameter: str, reason: str, field: str | None, missing: str | None
) -> SchemaError:
    return SchemaError(parameter, reason, field=field, missing=missing)


# --- declarations --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParameterSpec:
    """One declared parameter. Constructing it validates it (:class:`SchemaError`)."""

    name: str
    type: str
    max_length: int | None = None
    currency: str | None = None
    style: str = "medium"
    timezone: str = "UTC"
    example: object = None
    description: str | None = None

    def __post_init__(self) -> None:
        _check_spec(self)


def _check_spec(spec: ParameterSpec) -> None:
    name = spec.name
    if not isinstance(spec.type, str) or spec.type not in PARAMETER_TYPES:
        hint = ""
        if isinstance(spec.type, str):
            alias = _TYPE_ALIASES.get(spec.type.lower())
            hint = (
                f"; did you mean {alias!r}?" if alias else did_you_mean(spec.type, PARAMETER_TYPES)
            )
        raise SchemaError(
            name,
            f"unknown type {_show(spec.type)}{hint} (one of {', '.join(PARAMETER_TYPES)})",
            field="type",
        )
    allowed = TYPE_OPTIONS[spec.type]
    given = {
        "maxLength": spec.max_length is not None,
        "currency": spec.currency is not None,
        "style": spec.style != "medium",
        "timezone": spec.timezone != "UTC",
    }
    for key, present in given.items():
        if present and key not in allowed:
            raise SchemaError(
                name, f"option {key!r} does not apply to type {spec.type!r}", field=key
            )
    if spec.max_length is not None and (
        not isinstance(spec.max_length, int)
        or isinstance(spec.max_length, bool)
        or spec.max_length < 1
    ):
        raise SchemaError(
            name,
            f"maxLength must be a positive integer, got {_show(spec.max_length)}",
            field="maxLength",
        )
    if spec.type == "currency":
        if spec.currency is None:
            raise SchemaError(
                name,
                "a currency parameter needs 'currency' (an ISO 4217 code such as 'USD')",
                missing="currency",
            )
        _check_currency(name, spec.currency)
    if not isinstance(spec.style, str) or spec.style not in STYLES:
        raise SchemaError(
            name,
            f"style must be one of {', '.join(STYLES)}, got {_show(spec.style)}",
            field="style",
        )
    if not isinstance(spec.timezone, str):
        raise SchemaError(
            name, f"timezone must be a string, got {_show(spec.timezone)}", field="timezone"
        )
    if spec.type in ("datetime", "time"):
        _zone(name, spec.timezone)
    if spec.description is not None and not isinstance(spec.description, str):
        raise SchemaError(
            name,
            f"description must be a string, got {_show(spec.description)}",
            field="description",
        )
    if spec.example is not None:
        try:
            coerce_value(spec, spec.example)
        except ParameterError as exc:
            raise SchemaError(name, f"example: {exc.reason}", field="example") from None


def _check_currency(name: str, code: object) -> None:
    if not isinstance(code, str):
        raise SchemaError(
            name, f"currency must be an ISO 4217 code, got {_show(code)}", field="currency"
        )
    known = _currencies()
    if code in known:
        return
    if code.upper() in known:
        hint = f"; did you mean {code.upper()!r}?"
    else:
        hint = did_you_mean(code.upper(), sorted(known))
    raise SchemaError(name, f"unknown ISO 4217 currency code {code!r}{hint}", field="currency")


@lru_cache(maxsize=1)
def _currencies() -> frozenset[str]:
    return frozenset(babel.numbers.list_currencies())


@lru_cache(maxsize=256)
def _zone_or_none(key: str) -> dt.tzinfo | None:
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # ValueError: not a valid key (absolute path, ".."); OSError: a directory.
        # The default must work even where no tz database is installed.
        return dt.timezone.utc if key == "UTC" else None


def _zone(name: str, key: str) -> dt.tzinfo:
    zone = _zone_or_none(key)
    if zone is None:
        hint = did_you_mean(key, sorted(_all_zones()))
        raise SchemaError(name, f"unknown IANA timezone {key!r}{hint}", field="timezone")
    return zone


@lru_cache(maxsize=1)
def _all_zones() -> frozenset[str]:
    # Slow (walks the tz database) but only needed to word an error.
    return frozenset(available_timezones())


_SPEC_FIELDS: Final[dict[str, str]] = {
    "maxLength": "max_length",
    "currency": "currency",
    "style": "style",
    "timezone": "timezone",
    "example": "example",
    "description": "description",
}


def parse_parameter_spec(name: str, options: Mapping[str, object]) -> ParameterSpec:
    """Build a :class:`ParameterSpec` from a pack's plain mapping, validating it all.

    ``{"type": "currency", "currency": "USD", "example": 1234.5}``. Unknown keys get
    a did-you-mean (``max_length`` -> ``maxLength``). An ``example`` of ``None``
    (YAML ``example:`` with nothing after it) means no example.
    """
    if not isinstance(options, Mapping):
        raise SchemaError(
            name,
            f"a parameter declaration must be a mapping such as {{type: string}}, "
            f"got {_show(options)}",
        )
    for key in options:
        if not isinstance(key, str) or key not in OPTION_KEYS:
            hint = did_you_mean(key, OPTION_KEYS) if isinstance(key, str) else ""
            raise SchemaError(
                name,
                f"unknown option {_show(key)}{hint} (options: {', '.join(OPTION_KEYS)})",
                field=key if isinstance(key, str) else None,
            )
    if "type" not in options:
        raise SchemaError(
            name,
            f"missing 'type' (one of {', '.join(PARAMETER_TYPES)})",
            missing="type",
        )
    type_ = options["type"]
    if not isinstance(type_, str):
        raise SchemaError(name, f"type must be a string, got {_show(type_)}", field="type")
    if type_ in TYPE_OPTIONS:
        # Explicit defaults (`style: medium` on a string) are as wrong as other values;
        # ParameterSpec cannot see them, so check the keys as written here.
        for key in options:
            if key in ("maxLength", "currency", "style", "timezone") and (
                key not in TYPE_OPTIONS[type_]
            ):
                raise SchemaError(
                    name, f"option {key!r} does not apply to type {type_!r}", field=key
                )
    for key in ("maxLength", "currency", "style", "timezone"):
        if key in options and options[key] is None:
            raise SchemaError(name, f"{key} must not be empty", field=key)
    kwargs = {_SPEC_FIELDS[k]: v for k, v in options.items() if k != "type"}
    return ParameterSpec(name, type_, **kwargs)  # type: ignore[arg-type]


# --- values ----------------------------------------------------------------------------


def _show(value: object) -> str:
    """A short, safe description of a value for a message (never a huge repr)."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, str):
        text = repr(value if len(value) <= 40 else value[:40] + "…")
        return text if type(value) is str else f"{text} ({type(value).__name__})"
    if isinstance(value, int):
        if value.bit_length() > 128:
            return "a very large int"  # repr() of a huge int is slow, or even refused
        return f"{int(value)} ({type(value).__name__})"
    if isinstance(value, (float, Decimal, dt.date, dt.time, dt.timedelta)):
        try:
            text = str(value)
        except Exception:  # a value's own __str__ must not break an error
            text = "?"
        if len(text) > 40:
            text = text[:40] + "…"
        return f"{text} ({type(value).__name__})"
    return f"a value of type {type(value).__name__}"


_INT_RE: Final = re.compile(r"[+-]?[0-9]+")
_NUM_RE: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_YAML_SEXAGESIMAL_HINT: Final = (
    " (YAML reads an unquoted 14:30 as the number 870; quote it: '14:30')"
)


def coerce_value(spec: ParameterSpec, value: object) -> object:
    """Check ``value`` against ``spec`` and return it typed.

    ``str`` for string, ``int`` for integer, ``Decimal`` for number/currency/percent,
    ``date`` for date, an aware ``datetime`` in the parameter's ``timezone`` for
    datetime, and for time either a naive ``time`` (shown as is) or an aware
    ``datetime`` in ``timezone``. Raises :class:`ParameterError` (without template).
    """
    return _COERCERS[spec.type](spec, value)


def _fail(spec: ParameterSpec, reason: str) -> ParameterError:
    return ParameterError(spec.name, reason)


def _coerce_string(spec: ParameterSpec, value: object) -> str:
    if not isinstance(value, str):
        raise _fail(spec, f"expected a string, got {_show(value)}")
    if spec.max_length is not None and len(value) > spec.max_length:
        raise _fail(spec, f"{len(value)} characters, longer than maxLength {spec.max_length}")
    return str(value)


def _out_of_range(spec: ParameterSpec, value: object) -> ParameterError:
    return _fail(
        spec, f"too large: numbers must be below 10^18 in absolute value, got {_show(value)}"
    )


def _coerce_integer(spec: ParameterSpec, value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = int(value)
    elif isinstance(value, str) and _INT_RE.fullmatch(value):
        if len(value.lstrip("+-").lstrip("0")) > 18:
            raise _out_of_range(spec, value)
        number = int(value)
    else:
        raise _fail(spec, f"expected an integer, got {_show(value)}")
    if abs(number) >= MAX_MAGNITUDE:
        raise _out_of_range(spec, value)
    return number


def _coerce_decimal(spec: ParameterSpec, value: object) -> Decimal:
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= MAX_MAGNITUDE:
            raise _out_of_range(spec, value)
        number = Decimal(int(value))
    elif isinstance(value, float):
        # Babel turns floats into Decimal through str(); do the same so a float and its
        # coerced Decimal format alike.
        number = Decimal(str(value))
    elif isinstance(value, str) and len(value) <= _MAX_NUMERIC_TEXT and _NUM_RE.fullmatch(value):
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError, OverflowError):  # an exponent beyond Decimal
            raise _out_of_range(spec, value) from None
    else:
        raise _fail(spec, f"expected a number, got {_show(value)}")
    if not number.is_finite():
        raise _fail(spec, f"expected a finite number, got {_show(value)}")
    if not number.is_zero() and number.adjusted() >= 18:  # i.e. >= MAX_MAGNITUDE
        raise _out_of_range(spec, value)
    if number.is_zero() and number.is_signed():
        number = abs(number)  # "-0" and "-$0.00" read like mistakes
    return number


def _coerce_date(spec: ParameterSpec, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _fail(
            spec,
            f"expected a date, got a datetime {_show(value)}; its day depends on a time "
            "zone: declare the parameter as type datetime, or pass its date",
        )
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and (fields := iso8601.read_date(value)) is not None:
        try:
            return fields.date()
        except ValueError as exc:
            raise _fail(spec, f"not a valid date: {_show(value)} ({exc})") from None
    raise _fail(spec, f"expected an ISO date like '2026-11-28', got {_show(value)}")


def _parse_iso_datetime(spec: ParameterSpec, value: str, what: str) -> dt.datetime | None:
    """An aware datetime from ISO text, ``None`` if the text is no datetime at all."""
    fields = iso8601.read_datetime(value)
    if fields is None:
        return None
    if fields.offset is None:
        raise _fail(
            spec,
            f"{what} needs a UTC offset ('Z' or like '+01:00'): {_show(value)} does not say "
            "which time zone it is in",
        )
    try:
        return fields.datetime()
    except ValueError as exc:
        raise _fail(spec, f"not a valid datetime: {_show(value)} ({exc})") from None


def _in_zone(spec: ParameterSpec, value: dt.datetime, given: object) -> dt.datetime:
    try:
        return value.astimezone(_zone(spec.name, spec.timezone))
    except (OverflowError, ValueError):
        raise _fail(spec, f"out of range in {spec.timezone}: {_show(given)}") from None


def _is_aware(value: dt.datetime | dt.time) -> bool:
    return value.utcoffset() is not None


def _coerce_datetime(spec: ParameterSpec, value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if not _is_aware(value):
            raise _fail(
                spec,
                f"a datetime needs a time zone: got a naive datetime {_show(value)}; "
                "attach one (tzinfo) or pass ISO text with an offset",
            )
        return _in_zone(spec, value, value)
    if isinstance(value, str):
        parsed = _parse_iso_datetime(spec, value, "a datetime")
        if parsed is not None:
            return _in_zone(spec, parsed, value)
    if isinstance(value, dt.date):
        raise _fail(spec, f"expected a datetime, got a date {_show(value)}")
    raise _fail(
        spec,
        f"expected an ISO datetime with offset like '2026-11-28T14:30:00+01:00', "
        f"got {_show(value)}",
    )


def _coerce_time(spec: ParameterSpec, value: object) -> dt.time | dt.datetime:
    if isinstance(value, dt.datetime):
        return _coerce_datetime(spec, value)
    if isinstance(value, dt.time):
        if _is_aware(value):
            raise _fail(spec, _AWARE_TIME.format(_show(value), spec.timezone))
        return value
    if isinstance(value, str):
        fields = iso8601.read_time(value)
        if fields is not None:
            if fields.offset is not None:
                raise _fail(spec, _AWARE_TIME.format(_show(value), spec.timezone))
            try:
                return fields.time()
            except ValueError as exc:
                raise _fail(spec, f"not a valid time: {_show(value)} ({exc})") from None
        parsed = _parse_iso_datetime(spec, value, "a datetime")
        if parsed is not None:
            return _in_zone(spec, parsed, value)
    hint = _YAML_SEXAGESIMAL_HINT if isinstance(value, int) and not isinstance(value, bool) else ""
    raise _fail(
        spec,
        f"expected an ISO time like '14:30' or a datetime with offset, got {_show(value)}{hint}",
    )


_AWARE_TIME: Final = (
    "a time of day cannot carry a UTC offset ({0}): without a date it cannot be "
    "converted across daylight-saving changes; give the time as shown in {1} "
    "(no offset), or a full datetime with offset"
)

_COERCERS: Final[dict[str, Callable[[ParameterSpec, object], object]]] = {
    "string": _coerce_string,
    "integer": _coerce_integer,
    "number": _coerce_decimal,
    "currency": _coerce_decimal,
    "percent": _coerce_decimal,
    "date": _coerce_date,
    "datetime": _coerce_datetime,
    "time": _coerce_time,
}


# --- compile ---------------------------------------------------------------------------


def _renderer(spec: ParameterSpec, locale: babel.Locale) -> Callable[[Any], str]:
    """The locale-specific half: a coerced value -> text."""
    kind = spec.type
    if kind == "string":
        return str
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
    zone = _zone(spec.name, spec.timezone)
    if kind == "time":
        return time_renderer(style, zone, locale)
    return datetime_renderer(style, zone, locale)


# What a formatter depends on: the spec without example and description, and the locale.
_Key = tuple[str, str, "int | None", "str | None", str, str, str]


@lru_cache(maxsize=4096)
def _compile(key: _Key) -> Callable[[object], str]:
    name, type_, max_length, currency, style, timezone, locale_tag = key
    spec = ParameterSpec(name, type_, max_length, currency, style, timezone)
    render = _renderer(spec, babel_locale(locale_tag))
    coerce = _COERCERS[type_]

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
            locale_tag,
        )
    )


def format_value(spec: ParameterSpec, value: object, locale_tag: str) -> str:
    """``value`` checked against ``spec`` and written for readers of ``locale_tag``."""
    return compile_formatter(spec, locale_tag)(value)


__all__ = [
    "MAX_MAGNITUDE",
    "OPTION_KEYS",
    "PARAMETER_TYPES",
    "STYLES",
    "ParameterError",
    "ParameterSpec",
    "SchemaError",
    "coerce_value",
    "compile_formatter",
    "format_value",
    "parse_parameter_spec",
]
