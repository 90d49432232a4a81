"""Typed parameters: declarations, coercion, and per-locale text equal to Babel's."""

from __future__ import annotations

import datetime as dt
import pickle
import threading
from decimal import Decimal
from zoneinfo import ZoneInfo

import babel
import pytest
from babel import dates, numbers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msgtemplate.errors import MsgTemplateError
from msgtemplate.formatting import (
    MAX_MAGNITUDE,
    PARAMETER_TYPES,
    STYLES,
    DeclarationError,
    ParameterError,
    ParameterSpec,
    coerce_value,
    compile_formatter,
    format_value,
    parse_parameter_spec,
)
from msgtemplate.formatting.values import shown

LOCALES = ("en-US", "de-DE", "fr", "ar", "zh-Hant", "es-419", "pt-BR", "ja")
# More variety for the equivalence properties: Indian grouping, RTL marks, Thai
# Buddhist-era patterns, Persian glue text, Swiss apostrophes, Korean day periods.
MORE_LOCALES = (*LOCALES, "hi", "he", "th", "fa", "de-CH", "ko", "ru", "sw", "en-IN", "zh-Hans")
ZONES = ("UTC", "America/New_York", "Asia/Kolkata", "Europe/Berlin", "Australia/Lord_Howe")


def spec(type_: str, **options: object) -> ParameterSpec:
    return parse_parameter_spec("p", {"type": type_, **options})


def loc(tag: str) -> babel.Locale:
    return babel.Locale.parse(tag.replace("-", "_"))


# --- hand-written expectations (ASCII, so they can be read and typed) ---------------


@pytest.mark.parametrize(
    ("type_", "options", "value", "tag", "expected"),
    [
        ("string", {}, "A-1029", "en-US", "A-1029"),
        ("string", {"maxLength": 6}, "A-1029", "ar", "A-1029"),
        ("string", {}, "${x} stays literal", "en-US", "${x} stays literal"),
        ("integer", {}, 1234567, "en-US", "1,234,567"),
        ("integer", {}, "-1234567", "de-DE", "-1.234.567"),
        ("integer", {}, "+0042", "en-US", "42"),
        ("number", {}, 1234.5678, "en-US", "1,234.568"),
        ("number", {}, "1234.5", "pt-BR", "1.234,5"),
        ("number", {}, Decimal("0.0025"), "en-US", "0.002"),  # half-even, like Babel
        ("number", {}, "1e3", "en-US", "1,000"),
        ("number", {}, 12345678, "en-IN", "1,23,45,678"),
        ("number", {}, "-0.0", "en-US", "0"),
        ("currency", {"currency": "USD"}, 1234.5, "en-US", "$1,234.50"),
        ("currency", {"currency": "USD"}, "-1234.5", "en-US", "-$1,234.50"),
        ("currency", {"currency": "JPY"}, 1234.5, "ja", "￥1,234"),
        ("currency", {"currency": "EUR"}, 5, "en-US", "€5.00"),
        ("currency", {"currency": "KWD"}, "1.2345", "en-US", "KWD1.234"),
        ("percent", {}, 0.25, "en-US", "25%"),
        ("percent", {}, "1.5", "ja", "150%"),
        ("date", {}, "2026-11-28", "en-US", "Nov 28, 2026"),
        ("date", {"style": "short"}, "2026-11-28", "en-US", "11/28/26"),
        ("date", {"style": "long"}, dt.date(2026, 11, 28), "en-US", "November 28, 2026"),
        ("date", {"style": "full"}, "2026-11-28", "en-US", "Saturday, November 28, 2026"),
        ("date", {}, "2026-11-28", "ja", "2026/11/28"),
        ("date", {"style": "long"}, "2026-11-28", "de-DE", "28. November 2026"),
        ("date", {"style": "long"}, "2026-11-28", "pt-BR", "28 de novembro de 2026"),
        ("date", {}, "2026-11-28", "zh-Hant", "2026年11月28日"),
        ("time", {}, "14:30", "de-DE", "14:30:00"),
        ("time", {"style": "short"}, dt.time(9, 5), "ja", "9:05"),
        ("time", {"timezone": "Asia/Tokyo"}, "2026-11-28T14:30:00Z", "fr", "23:30:00"),
        ("datetime", {"style": "short"}, "2026-11-28T14:30:00Z", "de-DE", "28.11.26, 14:30"),
        (
            "datetime",
            {"timezone": "Europe/Berlin"},
            "2026-07-01T22:15:30-04:00",
            "de-DE",
            "02.07.2026, 04:15:30",
        ),
        (
            "datetime",
            {"style": "short", "timezone": "Asia/Kolkata"},
            dt.datetime(2026, 11, 28, 0, 0, tzinfo=dt.timezone.utc),
            "pt-BR",
            "28/11/2026 05:30",
        ),
    ],
)
def test_formats_as_expected(
    type_: str, options: dict[str, object], value: object, tag: str, expected: str
) -> None:
    assert format_value(spec(type_, **options), value, tag) == expected


# Non-ASCII expectations are the ones Babel itself gives (narrow no-break spaces,
# right-to-left marks), but the parts a reader would check are spelled out here.
def test_de_currency_puts_the_sign_after_with_a_no_break_space() -> None:
    text = format_value(spec("currency", currency="USD"), 1234.5, "de-DE")
    assert text == "1.234,50\xa0$"
    assert text == numbers.format_currency(1234.5, "USD", locale="de_DE")


def test_fr_percent_and_grouping_use_babel_spaces() -> None:
    assert format_value(spec("percent"), 0.25, "fr") == numbers.format_percent(0.25, locale="fr")
    assert format_value(spec("percent"), 0.25, "fr").startswith("25")
    text = format_value(spec("number"), 1234567.5, "fr")
    assert text == numbers.format_decimal(1234567.5, locale="fr")
    assert text.replace("\u202f", " ").replace("\xa0", " ") == "1 234 567,5"


def test_ar_currency_carries_a_right_to_left_mark() -> None:
    text = format_value(spec("currency", currency="USD"), -1234.5, "ar")
    assert text == numbers.format_currency(-1234.5, "USD", locale="ar")
    assert text.startswith("\u200f-1,234.50")
    assert "US$" in text


def test_en_us_datetime_shown_in_its_zone() -> None:
    text = format_value(
        spec("datetime", timezone="America/New_York"), "2026-11-28T14:30:00Z", "en-US"
    )
    assert text == "Nov 28, 2026, 9:30:00\u202fAM"


def test_day_period_in_zh_hant_follows_cldr_rules() -> None:
    s = spec("time", style="short")
    early, evening = format_value(s, "06:27", "zh-Hant"), format_value(s, "21:00", "zh-Hant")
    assert early == "清晨6:27"
    assert evening == "晚上9:00"
    # the memo of day periods must not leak one second's answer into another
    assert format_value(s, "06:27", "zh-Hant") == early


def test_full_styles_name_the_zone_for_summer_and_winter() -> None:
    s = spec("datetime", style="full", timezone="Europe/Berlin")
    winter = format_value(s, "2026-01-15T12:00:00Z", "en-US")
    summer = format_value(s, "2026-07-15T12:00:00Z", "en-US")
    assert winter.endswith("Central European Standard Time")
    assert summer.endswith("Central European Summer Time")
    t = spec("time", style="full", timezone="Europe/Berlin")
    assert format_value(t, "2026-07-15T12:00:00Z", "en-US").endswith("Summer Time")


@pytest.mark.parametrize("tag", LOCALES)
def test_every_type_formats_in_every_target_locale(tag: str) -> None:
    examples: list[tuple[ParameterSpec, object]] = [
        (spec("string", maxLength=20), "A-1029"),
        (spec("integer"), 1029),
        (spec("number"), 1234.5),
        (spec("currency", currency="USD"), 1234.5),
        (spec("percent"), 0.25),
        (spec("date"), "2026-11-28"),
        (spec("datetime", timezone="Asia/Shanghai"), "2026-11-28T14:30:00+01:00"),
        (spec("time"), "14:30"),
    ]
    for s, value in examples:
        text = format_value(s, value, tag)
        assert text
        assert text == compile_formatter(s, tag)(value)
    # and the numbers come out the way Babel writes them there
    b = loc(tag)
    assert format_value(examples[3][0], 1234.5, tag) == numbers.format_currency(
        1234.5, "USD", locale=b
    )
    assert format_value(examples[5][0], "2026-11-28", tag) == dates.format_date(
        dt.date(2026, 11, 28), "medium", locale=b
    )


def test_compiled_formatters_are_cached_and_thread_safe() -> None:
    s = spec("currency", currency="EUR")
    assert compile_formatter(s, "de-DE") is compile_formatter(s, "de-DE")
    results: dict[int, list[str]] = {}

    def work(i: int) -> None:
        f = compile_formatter(s, LOCALES[i % len(LOCALES)])
        results[i] = [f(Decimal(n) / 7) for n in range(200)]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, got in results.items():
        b = loc(LOCALES[i % len(LOCALES)])
        assert got == [numbers.format_currency(Decimal(n) / 7, "EUR", locale=b) for n in range(200)]


def test_unknown_locale_is_a_library_error() -> None:
    with pytest.raises(MsgTemplateError, match="qq-ZZ"):
        format_value(spec("integer"), 1, "qq-ZZ")


# --- invalid values: each reason, exactly -------------------------------------------


@pytest.mark.parametrize(
    ("type_", "options", "value", "reason"),
    [
        ("string", {}, 42, "expected a string, got 42 (int)"),
        ("string", {}, None, "expected a string, got None"),
        ("string", {"maxLength": 20}, "x" * 21, "21 characters, longer than maxLength 20"),
        ("integer", {}, "lots", "expected an integer, got 'lots'"),
        ("integer", {}, True, "expected an integer, got True"),
        ("integer", {}, 3.0, "expected an integer, got 3.0 (float)"),
        ("integer", {}, "12.0", "expected an integer, got '12.0'"),
        ("integer", {}, "١٢", "expected an integer, got '١٢'"),
        (
            "integer",
            {},
            "1" * 19,
            "too large: numbers must be below 10^18 in absolute value, got '1111111111111111111'",
        ),
        ("number", {}, "lots", "expected a number, got 'lots'"),
        ("number", {}, "1,234.5", "expected a number, got '1,234.5'"),
        ("number", {}, " 12", "expected a number, got ' 12'"),
        ("number", {}, False, "expected a number, got False"),
        ("number", {}, float("nan"), "expected a finite number, got nan (float)"),
        ("number", {}, Decimal("-Infinity"), "expected a finite number, got -Infinity (Decimal)"),
        ("number", {}, "NaN", "expected a number, got 'NaN'"),
        (
            "currency",
            {"currency": "USD"},
            10**18,
            "too large: numbers must be below 10^18 in absolute value, "
            "got 1000000000000000000 (int)",
        ),
        ("percent", {}, [0.25], "expected a number, got a value of type list"),
        ("date", {}, "28/11/2026", "expected an ISO date like '2026-11-28', got '28/11/2026'"),
        (
            "date",
            {},
            "2026-02-30",
            "not a valid date: '2026-02-30' (day is out of range for month)",
        ),
        (
            "date",
            {},
            dt.datetime(2026, 11, 28, 10, 0),
            "expected a date, got a datetime 2026-11-28 10:00:00 (datetime); its day depends "
            "on a time zone: declare the parameter as type datetime, or pass its date",
        ),
        (
            "datetime",
            {},
            "2026-11-28T14:30:00",
            "a datetime needs a UTC offset ('Z' or like '+01:00'): '2026-11-28T14:30:00' "
            "does not say which time zone it is in",
        ),
        (
            "datetime",
            {},
            dt.datetime(2026, 11, 28, 14, 30),
            "a datetime needs a time zone: got a naive datetime 2026-11-28 14:30:00 (datetime); "
            "attach one (tzinfo) or pass ISO text with an offset",
        ),
        (
            "datetime",
            {},
            dt.date(2026, 11, 28),
            "expected a datetime, got a date 2026-11-28 (date)",
        ),
        (
            "datetime",
            {},
            "2026-11-28T25:00:00Z",
            "not a valid datetime: '2026-11-28T25:00:00Z' (hour must be in 0..23)",
        ),
        (
            "datetime",
            {},
            "2026-11-28T10:00:00+25:00",
            "not a valid datetime: '2026-11-28T10:00:00+25:00' (UTC offset '+25:00' out of range)",
        ),
        (
            "datetime",
            {"timezone": "Pacific/Kiritimati"},
            "9999-12-31T23:00:00Z",
            "out of range in Pacific/Kiritimati: '9999-12-31T23:00:00Z'",
        ),
        (
            "time",
            {},
            870,
            "expected an ISO time like '14:30' or a datetime with offset, got 870 (int) "
            "(YAML reads an unquoted 14:30 as the number 870; quote it: '14:30')",
        ),
        ("time", {}, "24:00", "not a valid time: '24:00' (hour must be in 0..23)"),
        (
            "time",
            {"timezone": "Europe/Paris"},
            "14:30+01:00",
            "a time of day cannot carry a UTC offset ('14:30+01:00'): without a date it cannot "
            "be converted across daylight-saving changes; give the time as shown in "
            "Europe/Paris (no offset), or a full datetime with offset",
        ),
    ],
)
def test_invalid_values_are_refused_with_a_reason(
    type_: str, options: dict[str, object], value: object, reason: str
) -> None:
    s = spec(type_, **options)
    with pytest.raises(ParameterError) as info:
        coerce_value(s, value)
    assert info.value.reason == reason
    assert info.value.parameter == "p"
    assert info.value.template is None
    assert str(info.value) == f"parameter 'p': {reason}"
    # the formatter refuses the same way
    with pytest.raises(ParameterError) as again:
        format_value(s, value, "en-US")
    assert again.value.reason == reason


def test_parameter_error_names_parameter_template_and_reason() -> None:
    s = parse_parameter_spec("amount", {"type": "currency", "currency": "USD"})
    with pytest.raises(ParameterError) as info:
        format_value(s, "lots", "en-US")
    err = info.value.for_template("TP_1")
    assert str(err) == "parameter 'amount' of template TP_1: expected a number, got 'lots'"
    assert (err.parameter, err.template, err.reason) == ("amount", "TP_1", info.value.reason)
    assert info.value.template is None  # a copy, the original is untouched
    assert isinstance(err, ValueError)
    assert isinstance(err, MsgTemplateError)
    again = pickle.loads(pickle.dumps(err))
    assert (str(again), again.template) == (str(err), "TP_1")


def test_long_or_odd_values_are_shown_briefly() -> None:
    with pytest.raises(ParameterError) as info:
        coerce_value(spec("integer"), "x" * 10_000)
    assert len(str(info.value)) < 120
    with pytest.raises(ParameterError) as info:
        coerce_value(spec("string"), 10**5000)  # repr() of it is refused by Python
    assert info.value.reason == "expected a string, got a very large int"


def test_coerced_types() -> None:
    assert coerce_value(spec("integer"), "-12") == -12
    assert coerce_value(spec("number"), 0.1) == Decimal("0.1")
    assert coerce_value(spec("percent"), 3) == Decimal(3)
    assert coerce_value(spec("date"), "2026-11-28") == dt.date(2026, 11, 28)
    moment = coerce_value(spec("datetime", timezone="Asia/Tokyo"), "2026-11-28T14:30:00.5Z")
    assert moment == dt.datetime(2026, 11, 28, 14, 30, 0, 500000, tzinfo=dt.timezone.utc)
    assert isinstance(moment, dt.datetime)
    assert moment.tzinfo == ZoneInfo("Asia/Tokyo")
    assert coerce_value(spec("time"), "14:30:15.123456789") == dt.time(14, 30, 15, 123456)
    assert coerce_value(spec("time"), "2026-11-28 14:30+0100") == dt.datetime(
        2026, 11, 28, 13, 30, tzinfo=dt.timezone.utc
    )


# --- count, select, shown(): every edge and every message -------------------------

_TOO_LARGE = "too large: numbers must be below 10^18 in absolute value, got "
_NOT_A_COUNT = "expected an integer or a plain decimal like '1.5', got "


@pytest.mark.parametrize(
    ("value", "typed"),
    [
        (1, 1),
        (-(10**18) + 1, -(10**18) + 1),
        ("1", 1),
        ("+2", 2),
        ("-0", 0),
        ("0" * 99 + "7", 7),  # 100 characters, leading zeros are not magnitude
        ("9" * 18, 10**18 - 1),
        ("1.0", Decimal("1.0")),  # the digits written decide the plural form
        ("1.50", Decimal("1.50")),
        ("-1.5", Decimal("-1.5")),
        ("-0.0", Decimal("0.0")),  # a negative zero reads like a mistake
        ("1.0000000001", Decimal("1.0000000001")),  # ten fraction digits
        ("999999999999999999.5", Decimal("999999999999999999.5")),
        (Decimal("2.50"), Decimal("2.50")),
        (Decimal("-0.00"), Decimal("0.00")),
        (Decimal("1E+3"), 1000),  # no fraction digits: an int
        (Decimal("-0E+5"), 0),
        (Decimal("1E+17"), 10**17),
    ],
)
def test_count_keeps_integers_and_the_fraction_digits_written(value: object, typed: object) -> None:
    got = coerce_value(spec("count"), value)
    assert type(got) is type(typed)
    assert str(got) == str(typed)
    assert not (isinstance(got, Decimal) and got.is_signed() and got.is_zero())


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (True, _NOT_A_COUNT + "True"),
        ("1e3", _NOT_A_COUNT + "'1e3'"),
        ("1.", _NOT_A_COUNT + "'1.'"),
        (".5", _NOT_A_COUNT + "'.5'"),
        ("٣", _NOT_A_COUNT + "'٣'"),
        (" 1", _NOT_A_COUNT + "' 1'"),
        ("0" * 101, _NOT_A_COUNT + "'" + "0" * 40 + "…'"),  # too long to read at all
        (
            1.5,
            _NOT_A_COUNT + "1.5 (float); pass the number as text ('1.5', '2.0') so the "
            "digits shown are the ones you mean",
        ),
        (None, _NOT_A_COUNT + "None"),
        (Decimal("NaN"), "expected a finite number, got NaN (Decimal)"),
        (Decimal("-Infinity"), "expected a finite number, got -Infinity (Decimal)"),
        (10**18, _TOO_LARGE + "1000000000000000000 (int)"),
        (-(10**18), _TOO_LARGE + "-1000000000000000000 (int)"),
        ("1" + "0" * 18, _TOO_LARGE + "'1000000000000000000'"),
        ("1" * 100, _TOO_LARGE + "'" + "1" * 40 + "…'"),
        (Decimal("1E+18"), _TOO_LARGE + "1E+18 (Decimal)"),
        (Decimal("1E+30"), _TOO_LARGE + "1E+30 (Decimal)"),  # was decimal.InvalidOperation
        ("1.00000000001", "at most 10 fraction digits, got '1.00000000001'"),
        (Decimal("0.00000000000"), "at most 10 fraction digits, got 0E-11 (Decimal)"),
    ],
)
def test_count_refuses_with_a_reason(value: object, reason: str) -> None:
    with pytest.raises(ParameterError) as caught:
        coerce_value(spec("count"), value)
    assert caught.value.reason == reason


def test_select_takes_only_an_allowed_value_and_says_which_are() -> None:
    choice = spec("select", values=["card", "cash"])
    assert coerce_value(choice, "cash") == "cash"
    refusals = {
        "crad": "'crad' is not one of the allowed values; did you mean 'card'? ('card', 'cash')",
        "xyz": "'xyz' is not one of the allowed values ('card', 'cash')",
        5: "5 (int) is not one of the allowed values ('card', 'cash')",
    }
    for value, reason in refusals.items():
        with pytest.raises(ParameterError) as caught:
            coerce_value(choice, value)
        assert caught.value.reason == reason


class _Text(str):
    pass


class _Broken(float):
    def __str__(self) -> str:
        raise RuntimeError("no")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("x" * 40, repr("x" * 40)),
        ("x" * 41, repr("x" * 40 + "…")),
        (_Text("ab"), "'ab' (_Text)"),
        (2**128 - 1, f"{2**128 - 1} (int)"),  # 128 bits: still shown
        (2**128, "a very large int"),
        (Decimal("1." + "2" * 38), "1." + "2" * 38 + " (Decimal)"),  # 40 characters
        (Decimal("1." + "2" * 39), "1." + "2" * 38 + "… (Decimal)"),
        pytest.param(_Broken(1.5), "? (_Broken)", id="a-str-that-raises"),
        (dt.timedelta(hours=1), "1:00:00 (timedelta)"),
        ({"a": 1}, "a value of type dict"),
    ],
)
def test_values_are_shown_briefly_and_exactly(value: object, text: str) -> None:
    assert shown(value) == text


def test_a_parameter_error_carries_its_message_as_its_argument() -> None:
    with pytest.raises(ParameterError) as caught:
        coerce_value(spec("integer"), "x")
    assert caught.value.args == ("parameter 'p': expected an integer, got 'x'",)


@pytest.mark.parametrize(
    ("type_", "value", "reason"),
    [
        (
            "datetime",
            dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.timezone.utc),
            "out of range in Pacific/Kiritimati: 9999-12-31 23:00:00+00:00 (datetime)",
        ),
        (
            "time",
            "9999-12-31T23:00:00Z",
            "out of range in Pacific/Kiritimati: '9999-12-31T23:00:00Z'",
        ),
        (
            "time",
            "2026-11-28T14:30:00",
            "a datetime needs a UTC offset ('Z' or like '+01:00'): '2026-11-28T14:30:00' does "
            "not say which time zone it is in",
        ),
        (
            "datetime",
            5,
            "expected an ISO datetime with offset like '2026-11-28T14:30:00+01:00', got 5 (int)",
        ),
        (
            "datetime",
            "soon",
            "expected an ISO datetime with offset like '2026-11-28T14:30:00+01:00', got 'soon'",
        ),
        ("time", True, "expected an ISO time like '14:30' or a datetime with offset, got True"),
        ("time", "2pm", "expected an ISO time like '14:30' or a datetime with offset, got '2pm'"),
        ("number", "1" * 100, _TOO_LARGE + "'" + "1" * 40 + "…'"),
        ("number", "1" * 101, "expected a number, got '" + "1" * 40 + "…'"),
        ("number", "1e9999999999999999999", _TOO_LARGE + "'1e9999999999999999999'"),
        (
            "number",
            "-1E-9999999999999999999",
            "too small: its exponent is beyond a decimal's range, got '-1E-9999999999999999999'",
        ),
        ("number", -(10**18), _TOO_LARGE + "-1000000000000000000 (int)"),
        ("integer", "-" + "9" * 19, _TOO_LARGE + "'-9999999999999999999'"),
        ("integer", "7" * 5000, _TOO_LARGE + "'" + "7" * 40 + "…'"),  # int() would refuse it
    ],
)
def test_edges_of_the_range_and_of_the_syntax_say_what_is_wrong(
    type_: str, value: object, reason: str
) -> None:
    zoned = type_ in ("datetime", "time")
    s = spec(type_, timezone="Pacific/Kiritimati") if zoned else spec(type_)
    with pytest.raises(ParameterError) as caught:
        coerce_value(s, value)
    assert caught.value.reason == reason


def test_numbers_just_inside_the_range_are_kept() -> None:
    assert coerce_value(spec("number"), 10**18 - 1) == Decimal(10**18 - 1)
    assert coerce_value(spec("number"), -(10**18) + 1) == Decimal(-(10**18) + 1)
    assert coerce_value(spec("integer"), "-" + "9" * 18) == -(10**18) + 1


# --- declarations -------------------------------------------------------------------


def test_parse_parameter_spec_reads_every_option() -> None:
    s = parse_parameter_spec(
        "paidOn",
        {
            "type": "datetime",
            "style": "long",
            "timezone": "Asia/Taipei",
            "example": "2026-11-28T14:30:00+08:00",
            "description": "when the payment cleared",
        },
    )
    assert s == ParameterSpec(
        "paidOn",
        "datetime",
        style="long",
        timezone="Asia/Taipei",
        example="2026-11-28T14:30:00+08:00",
        description="when the payment cleared",
    )
    assert hash(s) == hash(s)  # usable as a cache key
    assert parse_parameter_spec("o", {"type": "string", "maxLength": 20}).max_length == 20
    assert parse_parameter_spec("a", {"type": "currency", "currency": "USD"}).currency == "USD"
    assert parse_parameter_spec("x", {"type": "date", "example": None}).example is None
    # YAML hands dates and aware datetimes over as objects: fine examples
    assert parse_parameter_spec("d", {"type": "date", "example": dt.date(2026, 11, 28)})


@pytest.mark.parametrize(
    ("options", "field", "message"),
    [
        (
            {},
            None,
            "missing 'type' (one of string, integer, number, currency, percent, date, "
            "datetime, time, count, select)",
        ),
        (
            {"type": "int"},
            "type",
            "unknown type 'int'; did you mean 'integer'? (one of string, "
            "integer, number, currency, percent, date, datetime, time, count, select)",
        ),
        (
            {"type": "dat"},
            "type",
            "unknown type 'dat'; did you mean 'date'? (one of string, "
            "integer, number, currency, percent, date, datetime, time, count, select)",
        ),
        ({"type": 3}, "type", "type must be a string, got 3 (int)"),
        (
            {"type": "string", "max_length": 3},
            "max_length",
            "unknown option 'max_length'; did "
            "you mean 'maxLength'? (options: type, maxLength, currency, style, timezone, values, "
            "example, description)",
        ),
        (
            {"type": "string", "colour": 3},
            "colour",
            "unknown option 'colour' (options: type, "
            "maxLength, currency, style, timezone, values, example, description)",
        ),
        (
            {"type": "string", "maxLength": 0},
            "maxLength",
            "maxLength must be a positive integer, got 0 (int)",
        ),
        (
            {"type": "string", "maxLength": True},
            "maxLength",
            "maxLength must be a positive integer, got True",
        ),
        (
            {"type": "string", "maxLength": "20"},
            "maxLength",
            "maxLength must be a positive integer, got '20'",
        ),
        ({"type": "string", "maxLength": None}, "maxLength", "maxLength must not be empty"),
        (
            {"type": "integer", "maxLength": 3},
            "maxLength",
            "option 'maxLength' does not apply to type 'integer'",
        ),
        (
            {"type": "currency"},
            None,
            "a currency parameter needs 'currency' (an ISO 4217 code such as 'USD')",
        ),
        (
            {"type": "currency", "currency": "usd"},
            "currency",
            "unknown ISO 4217 currency code 'usd'; did you mean 'USD'?",
        ),
        (
            {"type": "currency", "currency": "DOLLAR"},
            "currency",
            "unknown ISO 4217 currency code 'DOLLAR'",
        ),
        (
            {"type": "currency", "currency": 840},
            "currency",
            "currency must be an ISO 4217 code, got 840 (int)",
        ),
        (
            {"type": "date", "currency": "USD"},
            "currency",
            "option 'currency' does not apply to type 'date'",
        ),
        (
            {"type": "date", "style": "tiny"},
            "style",
            "style must be one of short, medium, long, full, got 'tiny'",
        ),
        (
            {"type": "string", "style": "medium"},
            "style",
            "option 'style' does not apply to type 'string'",
        ),
        (
            {"type": "date", "timezone": "UTC"},
            "timezone",
            "option 'timezone' does not apply to type 'date'",
        ),
        (
            {"type": "time", "timezone": "Europe/Pari"},
            "timezone",
            "unknown IANA timezone 'Europe/Pari'; did you mean 'Europe/Paris'?",
        ),
        (
            {"type": "time", "timezone": "../../etc/passwd"},
            "timezone",
            "unknown IANA timezone '../../etc/passwd'",
        ),
        (
            {"type": "datetime", "timezone": "America"},
            "timezone",
            "unknown IANA timezone 'America'; did you mean 'America/Nuuk'?",
        ),
        ({"type": "datetime", "timezone": 1}, "timezone", "timezone must be a string, got 1 (int)"),
        (
            {"type": "string", "description": 5},
            "description",
            "description must be a string, got 5 (int)",
        ),
        (
            {"type": "currency", "currency": "USD", "example": "lots"},
            "example",
            "example: expected a number, got 'lots'",
        ),
        (
            {"type": "string", "maxLength": 3, "example": "A-1029"},
            "example",
            "example: 6 characters, longer than maxLength 3",
        ),
        (
            {"type": "time", "example": 870},
            "example",
            "example: expected an ISO time like '14:30' or a datetime with offset, got 870 (int) "
            "(YAML reads an unquoted 14:30 as the number 870; quote it: '14:30')",
        ),
    ],
)
def test_schema_errors(options: dict[str, object], field: str | None, message: str) -> None:
    with pytest.raises(DeclarationError) as info:
        parse_parameter_spec("amount", options)
    assert info.value.field == field
    assert str(info.value) == f"parameter 'amount': {message}"
    assert isinstance(info.value, MsgTemplateError)
    assert isinstance(info.value, ValueError)


def test_schema_error_for_a_missing_key_names_it() -> None:
    with pytest.raises(DeclarationError) as info:
        parse_parameter_spec("a", {"type": "currency"})
    assert (info.value.field, info.value.missing) == (None, "currency")
    again = pickle.loads(pickle.dumps(info.value))
    assert (str(again), again.missing) == (str(info.value), "currency")


def test_declaration_must_be_a_mapping() -> None:
    with pytest.raises(DeclarationError, match="must be a mapping"):
        parse_parameter_spec("a", ["type", "string"])  # type: ignore[arg-type]


def test_direct_construction_is_validated_too() -> None:
    with pytest.raises(DeclarationError) as info:
        ParameterSpec("a", "currency", currency="XYZ")
    assert info.value.field == "currency"
    with pytest.raises(DeclarationError):
        ParameterSpec("a", "date", style="huge")


# --- properties: identical to Babel's public functions ------------------------------

PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

numbers_st = st.one_of(
    st.integers(-(10**15), 10**15),
    st.floats(-1e15, 1e15, allow_nan=False, allow_infinity=False),
    st.decimals(-(10**17), 10**17, allow_nan=False, allow_infinity=False, places=None),
    st.decimals(-1000, 1000, allow_nan=False, allow_infinity=False, places=6),
)
moments = st.datetimes(
    min_value=dt.datetime(1900, 1, 1),
    max_value=dt.datetime(2100, 12, 31),
    timezones=st.sampled_from([dt.timezone.utc, ZoneInfo("America/Sao_Paulo")]),
)
tags = st.sampled_from(MORE_LOCALES)


@PROPS
@given(tags, numbers_st, st.sampled_from(["USD", "EUR", "JPY", "KWD", "CNY", "BRL"]))
def test_currency_equals_babel(tag: str, value: object, code: str) -> None:
    s = spec("currency", currency=code)
    typed = coerce_value(s, value)
    assert isinstance(typed, Decimal)
    expected = numbers.format_currency(typed, code, locale=loc(tag))
    assert compile_formatter(s, tag)(value) == expected


@PROPS
@given(tags, numbers_st)
def test_number_and_percent_equal_babel(tag: str, value: object) -> None:
    typed = coerce_value(spec("number"), value)
    assert isinstance(typed, Decimal)
    assert format_value(spec("number"), value, tag) == numbers.format_decimal(
        typed, locale=loc(tag)
    )
    assert format_value(spec("percent"), value, tag) == numbers.format_percent(
        typed, locale=loc(tag)
    )


@PROPS
@given(tags, st.integers(-(10**18) + 1, 10**18 - 1), st.booleans())
def test_integer_equals_babel(tag: str, value: int, as_text: bool) -> None:
    given_value: object = str(value) if as_text else value
    assert format_value(spec("integer"), given_value, tag) == numbers.format_decimal(
        value, locale=loc(tag)
    )


@PROPS
@given(tags, st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.sampled_from(STYLES))
def test_date_equals_babel(tag: str, value: dt.date, style: str) -> None:
    s = spec("date", style=style)
    expected = dates.format_date(value, style, locale=loc(tag))
    assert format_value(s, value, tag) == expected
    assert format_value(s, value.isoformat(), tag) == expected


@pytest.mark.slow
@PROPS
@given(tags, moments, st.sampled_from(STYLES), st.sampled_from(ZONES))
def test_datetime_equals_babel(tag: str, value: dt.datetime, style: str, zone: str) -> None:
    s = spec("datetime", style=style, timezone=zone)
    expected = dates.format_datetime(value, style, tzinfo=ZoneInfo(zone), locale=loc(tag))
    assert format_value(s, value, tag) == expected
    assert format_value(s, value.isoformat(), tag) == expected


@PROPS
@given(tags, st.times(), st.sampled_from(STYLES), st.sampled_from(ZONES))
def test_time_of_day_equals_babel(tag: str, value: dt.time, style: str, zone: str) -> None:
    s = spec("time", style=style, timezone=zone)
    expected = dates.format_time(value, style, tzinfo=ZoneInfo(zone), locale=loc(tag))
    assert format_value(s, value, tag) == expected
    assert format_value(s, value.isoformat(), tag) == expected


@PROPS
@given(tags, moments, st.sampled_from(STYLES), st.sampled_from(ZONES))
def test_time_of_an_instant_equals_babel(
    tag: str, value: dt.datetime, style: str, zone: str
) -> None:
    s = spec("time", style=style, timezone=zone)
    typed = coerce_value(s, value)
    expected = dates.format_time(typed, style, tzinfo=ZoneInfo(zone), locale=loc(tag))  # type: ignore[arg-type]
    assert format_value(s, value, tag) == expected


ALL_BABEL_LOCALES = sorted(babel.localedata.locale_identifiers())


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(ALL_BABEL_LOCALES), st.decimals(-(10**9), 10**9, places=3))
def test_any_cldr_locale_matches_babel(lid: str, value: Decimal) -> None:
    # Every locale CLDR has, not just the ones we picked: odd patterns must either
    # be compiled right or handed to Babel.
    tag, b = lid.replace("_", "-"), babel.Locale.parse(lid)
    assert format_value(spec("currency", currency="USD"), value, tag) == (
        numbers.format_currency(value, "USD", locale=b)
    )
    day = dt.date(2026, 11, 28)
    for style in STYLES:
        assert format_value(spec("date", style=style), day, tag) == dates.format_date(
            day, style, locale=b
        )


# --- properties: coercion refuses with ParameterError, never anything else ---------

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: d.scaleb(30)),
    st.text(max_size=30),
    st.text(alphabet="0123456789+-.eE:TZ ", max_size=30),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.timezones()),
    st.times(),
    st.times(timezones=st.just(dt.timezone(dt.timedelta(hours=2)))),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=3),
    st.binary(max_size=5),
    st.builds(object),
)
any_spec = st.sampled_from(
    [
        spec("string", maxLength=5),
        spec("integer"),
        spec("number"),
        spec("currency", currency="USD"),
        spec("percent"),
        spec("date"),
        spec("datetime", timezone="Pacific/Kiritimati"),
        spec("time", timezone="America/Anchorage"),
        spec("count"),
        spec("select", values=["a", "b"]),
    ]
)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(any_spec, anything)
def test_coerce_only_ever_raises_parameter_error(s: ParameterSpec, value: object) -> None:
    refused: ParameterError | None = None
    try:
        typed = coerce_value(s, value)
    except ParameterError as exc:
        refused = exc
    if refused is not None:
        assert refused.parameter == "p"
        assert refused.reason
        return
    # what is accepted also formats, in a locale with unusual patterns, and coercing
    # twice changes nothing
    assert isinstance(format_value(s, value, "ar"), str)
    assert format_value(s, typed, "ar") == format_value(s, value, "ar")


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(PARAMETER_TYPES), st.dictionaries(st.text(max_size=12), anything, max_size=4)
)
def test_parse_parameter_spec_only_ever_raises_schema_error(
    type_: str, options: dict[str, object]
) -> None:
    refused: DeclarationError | None = None
    try:
        s = parse_parameter_spec("p", {"type": type_, **options})
    except DeclarationError as exc:
        refused = exc
    if refused is not None:
        assert refused.reason
        assert refused.field is None or refused.field in options or refused.field == "type"
        return
    assert s.type == type_


def test_magnitude_limit_is_the_documented_one() -> None:
    assert format_value(spec("number"), MAX_MAGNITUDE - 1, "en-US") == "999,999,999,999,999,999"
    with pytest.raises(ParameterError):
        format_value(spec("number"), Decimal(MAX_MAGNITUDE), "en-US")
