"""ISO 8601 dates, times and datetimes: one strict parser for every reader of them.

Parameter values (``2026-11-28``, ``14:30``, ``2026-11-28T14:30:00+01:00``) and the
signed ``Request-Time`` header (``2019-04-04T12:08:56.253+05:30``) are read here.
Digits are ASCII only: ``re``'s ``\\d`` and ``int()`` also take Arabic-Indic or
fullwidth digits, so ``٢٠١٩-04-04T...`` would otherwise be a year.

Reading is two steps so that callers can word their own errors: ``read_*`` checks
the shape and returns :class:`IsoFields` (or ``None`` when the text is not that kind
of value at all); :meth:`IsoFields.date`, :meth:`IsoFields.time` and
:meth:`IsoFields.datetime` build the value and raise ``ValueError`` (with Python's
own reason, such as ``month must be in 1..12``) when a field is out of range, or
:class:`OffsetRangeError` for an impossible UTC offset.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

__all__ = [
    "IsoFields",
    "OffsetRangeError",
    "read_date",
    "read_datetime",
    "read_time",
    "read_timestamp",
    "utc_offset",
]

_DATE: Final = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
_TIME: Final = r"([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?"
# Seconds in an offset are not ISO 8601, but Python's isoformat() writes them for
# historical zones (LMT), so accept what Python itself produces.
_OFFSET: Final = r"([Zz]|[+-][0-9]{2}:?[0-9]{2}(?::[0-9]{2})?)?"

_DATE_RE: Final = re.compile(_DATE)
_TIME_RE: Final = re.compile(_TIME + _OFFSET)
_DATETIME_RE: Final = re.compile(_DATE + "[Tt ]" + _TIME + _OFFSET)
# A signed timestamp is the RFC 3339 profile: a 'T', whole seconds, a '.' before the
# fraction and an offset that is required and has no seconds (``-0100`` is allowed).
_TIMESTAMP_RE: Final = re.compile(
    _DATE + r"[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?([Zz]|[+-][0-9]{2}:?[0-9]{2})"
)


class OffsetRangeError(ValueError):
    """A UTC offset of 24 hours or more, or with 60 minutes or seconds."""


@dataclass(frozen=True, slots=True)
class IsoFields:
    """The numbers an ISO text holds, checked for shape only (not yet for range).

    ``offset`` is the UTC offset as written (``Z``, ``+05:30``, ``-0100``), or
    ``None`` when the text has none.
    """

    year: int = 0
    month: int = 0
    day: int = 0
    hour: int = 0
    minute: int = 0
    second: int = 0
    microsecond: int = 0
    offset: str | None = None

    def date(self) -> dt.date:
        """The calendar date; ``ValueError`` when it does not exist."""
        return dt.date(self.year, self.month, self.day)

    def time(self) -> dt.time:
        """The time of day, without any offset; ``ValueError`` when out of range."""
        return dt.time(self.hour, self.minute, self.second, self.microsecond)

    def datetime(self) -> dt.datetime:
        """The datetime, aware when the text had an offset, naive otherwise."""
        zone = utc_offset(self.offset) if self.offset is not None else None
        return dt.datetime(
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.microsecond,
            tzinfo=zone,
        )


def utc_offset(text: str) -> dt.timezone:
    """``Z``, ``+05:30``, ``-0100`` or ``+00:53:28`` as a fixed offset."""
    if text in ("Z", "z"):
        return dt.timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes, seconds = int(digits[:2]), int(digits[2:4]), int(digits[4:] or 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        raise OffsetRangeError(f"UTC offset {text!r} out of range")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes, seconds=seconds))


def _micro(fraction: str | None) -> int:
    # Digits past the microsecond are dropped, not rounded: rounding could carry
    # into the next second, minute... and a later day.
    return int((fraction or "0")[:6].ljust(6, "0"))


def read_date(text: str) -> IsoFields | None:
    """``YYYY-MM-DD``, or ``None`` for any other text."""
    m = _DATE_RE.fullmatch(text)
    if m is None:
        return None
    return IsoFields(int(m[1]), int(m[2]), int(m[3]))


def read_time(text: str) -> IsoFields | None:
    """``HH:MM``, ``HH:MM:SS`` or ``HH:MM:SS.fff``, with an optional offset."""
    m = _TIME_RE.fullmatch(text)
    if m is None:
        return None
    return IsoFields(
        hour=int(m[1]),
        minute=int(m[2]),
        second=int(m[3] or 0),
        microsecond=_micro(m[4]),
        offset=m[5],
    )


def _datetime_fields(m: re.Match[str]) -> IsoFields:
    return IsoFields(
        int(m[1]),
        int(m[2]),
        int(m[3]),
        int(m[4]),
        int(m[5]),
        int(m[6] or 0),
        _micro(m[7]),
        m[8],
    )


def read_datetime(text: str) -> IsoFields | None:
    """A date and a time of day (``T``, ``t`` or a space between), optional offset."""
    m = _DATETIME_RE.fullmatch(text)
    return None if m is None else _datetime_fields(m)


def read_timestamp(text: str) -> IsoFields | None:
    """The strict form a signed ``Request-Time`` has: ``2019-04-04T12:08:56.253+05:30``.

    Seconds and the offset are required; the fraction is optional.
    """
    m = _TIMESTAMP_RE.fullmatch(text)
    return None if m is None else _datetime_fields(m)
