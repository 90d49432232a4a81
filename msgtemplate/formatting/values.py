"""Parameter values: a value checked against its declaration and typed.

:func:`coerce_value` turns what a caller or a params file gives (``"1234.5"``,
``"2026-11-28"``, an aware ``datetime``...) into the one Python type the formatter
expects, or raises :class:`ParameterError` saying what was expected. Nothing here
depends on a locale.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Final, Protocol

from msgtemplate._text import iso8601
from msgtemplate._text.suggest import did_you_mean
from msgtemplate.errors import MsgTemplateError


class Declared(Protocol):
    """What coercing a value reads of its declaration. The declaration itself
    (:class:`msgtemplate.formatting.declarations.ParameterSpec`) uses this module, not
    the other way round: values know nothing of how parameters are declared."""

    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def max_length(self) -> int | None: ...
    @property
    def timezone(self) -> str: ...
    @property
    def values(self) -> tuple[str, ...] | None: ...
    @property
    def zone(self) -> dt.tzinfo: ...


MAX_MAGNITUDE: Final = 10**18
"""Numbers must be smaller than this in absolute value. Far beyond any amount a
message states, and small enough that Babel's 28-digit decimal arithmetic formats
every accepted value exactly (beyond it Babel itself fails)."""

_MAX_NUMERIC_TEXT: Final = 100
"""Longest numeric string parsed; longer ones are refused before ``Decimal`` sees them."""


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


def shown(value: object) -> str:
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


def coerce_value(spec: Declared, value: object) -> object:
    """Check ``value`` against ``spec`` and return it typed.

    ``str`` for string, ``int`` for integer, ``Decimal`` for number/currency/percent,
    ``date`` for date, an aware ``datetime`` in the parameter's ``timezone`` for
    datetime, for time either a naive ``time`` (shown as is) or an aware
    ``datetime`` in ``timezone``, for count an ``int`` or a ``Decimal`` keeping the
    fraction digits as given (``"2.0"`` is ``Decimal("2.0")``), and for select the
    value as ``str``. Raises :class:`ParameterError` (without template).
    """
    return _COERCERS[spec.type](spec, value)


def _fail(spec: Declared, reason: str) -> ParameterError:
    return ParameterError(spec.name, reason)


def _coerce_string(spec: Declared, value: object) -> str:
    if not isinstance(value, str):
        raise _fail(spec, f"expected a string, got {shown(value)}")
    if spec.max_length is not None and len(value) > spec.max_length:
        raise _fail(spec, f"{len(value)} characters, longer than maxLength {spec.max_length}")
    return str(value)


def _out_of_range(spec: Declared, value: object) -> ParameterError:
    return _fail(
        spec, f"too large: numbers must be below 10^18 in absolute value, got {shown(value)}"
    )


def _coerce_integer(spec: Declared, value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= MAX_MAGNITUDE:
            raise _out_of_range(spec, value)
        return int(value)
    if isinstance(value, str) and _INT_RE.fullmatch(value):
        # More than 18 significant digits is 10^18 or more; counting them also keeps
        # int() from a string of thousands of digits (slow, and refused past 4300).
        if len(value.lstrip("+-").lstrip("0")) > 18:
            raise _out_of_range(spec, value)
        return int(value)
    raise _fail(spec, f"expected an integer, got {shown(value)}")


def _coerce_decimal(spec: Declared, value: object) -> Decimal:
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        # Checked before Decimal() sees it: converting an int of a million digits takes
        # seconds. An int is finite and never a negative zero, so it is done here.
        if abs(value) >= MAX_MAGNITUDE:
            raise _out_of_range(spec, value)
        return Decimal(int(value))
    elif isinstance(value, float):
        # Babel turns floats into Decimal through str(); do the same so a float and its
        # coerced Decimal format alike.
        number = Decimal(str(value))
    elif isinstance(value, str) and len(value) <= _MAX_NUMERIC_TEXT and _NUM_RE.fullmatch(value):
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError, OverflowError):  # an exponent beyond Decimal
            if "-" in value.lower().partition("e")[2]:  # 1e-9999999999999999999: tiny, not large
                raise _fail(
                    spec, f"too small: its exponent is beyond a decimal's range, got {shown(value)}"
                ) from None
            raise _out_of_range(spec, value) from None
    else:
        raise _fail(spec, f"expected a number, got {shown(value)}")
    if not number.is_finite():
        raise _fail(spec, f"expected a finite number, got {shown(value)}")
    if not number.is_zero() and number.adjusted() >= 18:  # i.e. >= MAX_MAGNITUDE
        raise _out_of_range(spec, value)
    if number.is_zero() and number.is_signed():
        number = abs(number)  # "-0" and "-$0.00" read like mistakes
    return number


def _coerce_date(spec: Declared, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _fail(
            spec,
            f"expected a date, got a datetime {shown(value)}; its day depends on a time "
            "zone: declare the parameter as type datetime, or pass its date",
        )
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and (fields := iso8601.read_date(value)) is not None:
        try:
            return fields.date()
        except ValueError as exc:
            raise _fail(spec, f"not a valid date: {shown(value)} ({exc})") from None
    raise _fail(spec, f"expected an ISO date like '2026-11-28', got {shown(value)}")


def _parse_iso_datetime(spec: Declared, value: str, what: str) -> dt.datetime | None:
    """An aware datetime from ISO text, ``None`` if the text is no datetime at all."""
    fields = iso8601.read_datetime(value)
    if fields is None:
        return None
    if fields.offset is None:
        raise _fail(
            spec,
            f"{what} needs a UTC offset ('Z' or like '+01:00'): {shown(value)} does not say "
            "which time zone it is in",
        )
    try:
        return fields.datetime()
    except ValueError as exc:
        raise _fail(spec, f"not a valid datetime: {shown(value)} ({exc})") from None


def _in_zone(spec: Declared, value: dt.datetime, given: object) -> dt.datetime:
    try:
        return value.astimezone(spec.zone)
    except (OverflowError, ValueError):
        raise _fail(spec, f"out of range in {spec.timezone}: {shown(given)}") from None


def _is_aware(value: dt.datetime | dt.time) -> bool:
    return value.utcoffset() is not None


def _coerce_datetime(spec: Declared, value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if not _is_aware(value):
            raise _fail(
                spec,
                f"a datetime needs a time zone: got a naive datetime {shown(value)}; "
                "attach one (tzinfo) or pass ISO text with an offset",
            )
        return _in_zone(spec, value, value)
    if isinstance(value, str):
        parsed = _parse_iso_datetime(spec, value, "a datetime")
        if parsed is not None:
            return _in_zone(spec, parsed, value)
    if isinstance(value, dt.date):
        raise _fail(spec, f"expected a datetime, got a date {shown(value)}")
    raise _fail(
        spec,
        f"expected an ISO datetime with offset like '2026-11-28T14:30:00+01:00', "
        f"got {shown(value)}",
    )


def _coerce_time(spec: Declared, value: object) -> dt.time | dt.datetime:
    if isinstance(value, dt.datetime):
        return _coerce_datetime(spec, value)
    if isinstance(value, dt.time):
        if _is_aware(value):
            raise _fail(spec, _AWARE_TIME.format(shown(value), spec.timezone))
        return value
    if isinstance(value, str):
        fields = iso8601.read_time(value)
        if fields is not None:
            if fields.offset is not None:
                raise _fail(spec, _AWARE_TIME.format(shown(value), spec.timezone))
            try:
                return fields.time()
            except ValueError as exc:
                raise _fail(spec, f"not a valid time: {shown(value)} ({exc})") from None
        parsed = _parse_iso_datetime(spec, value, "a datetime")
        if parsed is not None:
            return _in_zone(spec, parsed, value)
    hint = _YAML_SEXAGESIMAL_HINT if isinstance(value, int) and not isinstance(value, bool) else ""
    raise _fail(
        spec,
        f"expected an ISO time like '14:30' or a datetime with offset, got {shown(value)}{hint}",
    )


_AWARE_TIME: Final = (
    "a time of day cannot carry a UTC offset ({0}): without a date it cannot be "
    "converted across daylight-saving changes; give the time as shown in {1} "
    "(no offset), or a full datetime with offset"
)

MAX_COUNT_FRACTION_DIGITS: Final = 10
"""Most fraction digits a ``count`` keeps: with the 18 integer digits below
:data:`MAX_MAGNITUDE`, every accepted count fits Babel's 28-digit arithmetic exactly."""

_PLAIN_DECIMAL_RE: Final = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def _coerce_count(spec: Declared, value: object) -> int | Decimal:
    """An ``int``, or a ``Decimal`` with the fraction digits as written: the plural
    category depends on them (``1`` is ``one`` in English, ``1.0`` is ``other``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= MAX_MAGNITUDE:
            raise _out_of_range(spec, value)
        return int(value)
    if isinstance(value, Decimal):
        number = value
    elif (
        isinstance(value, str)
        and len(value) <= _MAX_NUMERIC_TEXT
        and (_PLAIN_DECIMAL_RE.fullmatch(value))
    ):
        number = Decimal(str(value))
    else:
        hint = (
            "; pass the number as text ('1.5', '2.0') so the digits shown are the ones you mean"
            if isinstance(value, float)
            else ""
        )
        raise _fail(
            spec, f"expected an integer or a plain decimal like '1.5', got {shown(value)}{hint}"
        )
    if not number.is_finite():
        raise _fail(spec, f"expected a finite number, got {shown(value)}")
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if not number.is_zero() and number.adjusted() >= 18:
        raise _out_of_range(spec, value)
    if -exponent > MAX_COUNT_FRACTION_DIGITS:
        raise _fail(
            spec,
            f"at most {MAX_COUNT_FRACTION_DIGITS} fraction digits, got {shown(value)}",
        )
    if number.is_zero() and number.is_signed():
        number = abs(number)
    return int(number) if exponent >= 0 else number


def _coerce_select(spec: Declared, value: object) -> str:
    allowed = spec.values or ()
    if isinstance(value, str) and value in allowed:
        return str(value)
    hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
    raise _fail(
        spec,
        f"{shown(value)} is not one of the allowed values{hint} "
        f"({', '.join(repr(v) for v in allowed)})",
    )


_COERCERS: Final[dict[str, Callable[[Declared, object], object]]] = {
    "string": _coerce_string,
    "integer": _coerce_integer,
    "number": _coerce_decimal,
    "currency": _coerce_decimal,
    "percent": _coerce_decimal,
    "date": _coerce_date,
    "datetime": _coerce_datetime,
    "time": _coerce_time,
    "count": _coerce_count,
    "select": _coerce_select,
}


def coercer(type_: str) -> Callable[[Declared, object], object]:
    """The function :func:`coerce_value` uses for a parameter type (look it up once)."""
    return _COERCERS[type_]
