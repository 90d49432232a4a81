"""The one ISO 8601 reader: Python's own parser as the reference, ASCII digits only."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msgtemplate._text import iso8601
from msgtemplate.formatting import ParameterError, coerce_value, parse_parameter_spec
from msgtemplate.sender import signing
from msgtemplate.sender.signing import SigningError

_OFFSETS = st.builds(
    dt.timezone,
    st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
        lambda m: dt.timedelta(minutes=m)
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=dt.datetime(1000, 1, 1), timezones=_OFFSETS),
    st.sampled_from(["seconds", "milliseconds", "microseconds"]),
    st.sampled_from(["T", " "]),
)
def test_datetimes_read_as_python_reads_them(moment: dt.datetime, timespec: str, sep: str) -> None:
    text = moment.isoformat(sep=sep, timespec=timespec)
    fields = iso8601.read_datetime(text)
    assert fields is not None
    assert fields.datetime() == dt.datetime.fromisoformat(text)
    assert fields.datetime().utcoffset() == moment.utcoffset()


@settings(max_examples=200, deadline=None)
@given(st.times(), st.sampled_from(["minutes", "seconds", "milliseconds", "microseconds"]))
def test_times_read_as_python_reads_them(moment: dt.time, timespec: str) -> None:
    text = moment.isoformat(timespec=timespec)
    fields = iso8601.read_time(text)
    assert fields is not None
    assert fields.offset is None
    assert fields.time() == dt.time.fromisoformat(text)


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1000, 1, 1), timezones=_OFFSETS))
def test_timestamps_read_as_python_reads_them(moment: dt.datetime) -> None:
    text = signing.format_timestamp(moment)
    fields = iso8601.read_timestamp(text)
    assert fields is not None
    assert fields.datetime() == dt.datetime.fromisoformat(text)


# Every decimal digit Unicode has that is not ASCII: int() and re's \d take them all.
_OTHER_DIGITS = st.characters(categories=["Nd"]).filter(lambda c: not c.isascii())


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_only_ascii_digits_are_digits(data: st.DataObject) -> None:
    text = "2019-04-04T12:08:56.253+05:30"
    where = data.draw(st.sampled_from([i for i, c in enumerate(text) if c.isdigit()]))
    digit = data.draw(_OTHER_DIGITS)
    odd = text[:where] + digit + text[where + 1 :]
    assert iso8601.read_timestamp(odd) is None
    assert iso8601.read_datetime(odd) is None
    with pytest.raises(SigningError, match="not an ISO 8601 timestamp"):
        signing.parse_timestamp(odd)


@pytest.mark.parametrize(
    "text",
    [
        "٢٠١٩-04-04T12:08:56.253+05:30",  # Arabic-Indic year
        "2019-04-04T12:08:56.253+০৫:৩০",  # Bengali offset
        "２０１９-04-04T12:08:56Z",  # fullwidth year
    ],
)
def test_request_time_with_other_digits_is_refused(text: str) -> None:
    with pytest.raises(SigningError):
        signing.parse_timestamp(text)


@pytest.mark.parametrize(
    ("type_", "text"),
    [
        ("date", "٢٠٢٦-11-28"),
        ("datetime", "2026-11-28T1٤:30:00Z"),
        ("time", "1٤:30"),
    ],
)
def test_parameter_values_with_other_digits_are_refused(type_: str, text: str) -> None:
    with pytest.raises(ParameterError, match="expected an ISO"):
        coerce_value(parse_parameter_spec("p", {"type": type_}), text)


@pytest.mark.parametrize("offset", ["+24:00", "-25:00", "+05:60", "+0599"])
def test_impossible_offsets_are_refused(offset: str) -> None:
    text = "2026-11-28T04:00:00" + offset
    fields = iso8601.read_timestamp(text)
    assert fields is not None  # the shape is right...
    with pytest.raises(iso8601.OffsetRangeError):
        fields.datetime()  # ...the offset is not
    with pytest.raises(SigningError, match="offset out of range"):
        signing.parse_timestamp(text)


def test_shape_and_range_are_told_apart() -> None:
    fields = iso8601.read_date("2026-02-30")
    assert fields is not None
    with pytest.raises(ValueError, match="day is out of range"):
        fields.date()
    assert iso8601.read_date("2026-2-3") is None
    assert iso8601.read_datetime("2026-11-28T14:30") == iso8601.IsoFields(2026, 11, 28, 14, 30)
    # The timestamp profile wants seconds, a 'T' and an offset.
    for loose in ("2026-11-28T14:30Z", "2026-11-28 14:30:00Z", "2026-11-28T14:30:00"):
        assert iso8601.read_timestamp(loose) is None
        assert iso8601.read_datetime(loose) is not None
