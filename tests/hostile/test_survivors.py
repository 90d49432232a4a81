"""Tests that bite: what mutation testing showed no test asserted (issue 18). Each test
pins a boundary, an edge or the exact words a user reads, so that a mutant which
moves it (``<`` for ``<=``, ``validate=False``, a dropped ``max(...)``) fails."""

from __future__ import annotations

import datetime as dt

import pytest

from msgtemplate.formatting.declarations import ParameterSpec
from msgtemplate.formatting.values import ParameterError, coerce_value
from msgtemplate.locales import explain_match, match_locale
from msgtemplate.locales.distance import distance
from msgtemplate.locales.lsr import lsr
from msgtemplate.sender import signing
from msgtemplate.sender.retry import (
    Attempt,
    RetryPolicy,
    RetryState,
    require_attempts,
    require_seconds,
)
from msgtemplate.template.compiled import Template
from msgtemplate.template.syntax import Placeholder, TemplateSyntaxError, parse

# --- signing ------------------------------------------------------------------------

KEY, PUBLIC = signing.generate_key_pair()


@pytest.mark.parametrize("junk", ["!", "@@", " ", "\n", "=", "A", "*x"])
def test_a_signature_with_junk_appended_does_not_verify(junk: str) -> None:
    content = b"POST /v2/miniprogram/message/send\nclient\n1\n{}"
    signature = signing.sign(content, KEY)
    assert signing.verify(content, signature, PUBLIC)
    assert not signing.verify(content, signature + junk, PUBLIC)
    assert not signing.verify(content, junk + signature, PUBLIC)


def test_a_signature_of_other_content_does_not_verify() -> None:
    signature = signing.sign(b"a", KEY)
    assert not signing.verify(b"b", signature, PUBLIC)


# --- the template language: positions and messages -----------------------------------


def test_the_column_of_a_placeholder_after_an_escape_on_the_same_line() -> None:
    nodes = parse("a $$ ${x} $${y} ${z}\n  $$${w}")
    placeholders = [n for n in nodes if isinstance(n, Placeholder)]
    assert placeholders == [
        Placeholder("x", 5, 1, 6),
        Placeholder("z", 16, 1, 17),
        Placeholder("w", 25, 2, 5),
    ]


@pytest.mark.parametrize(
    ("source", "column", "name"),
    [("${ 1x }", 1, " 1x "), ("$$ ${ 1x }", 4, " 1x "), ("ab$$${bad name}", 5, "bad name")],
)
def test_a_padded_invalid_name_says_exactly_what_is_wrong(
    source: str, column: int, name: str
) -> None:
    with pytest.raises(TemplateSyntaxError) as caught:
        Template(source)
    error = caught.value
    assert (error.line, error.column) == (1, column)
    shown = source[column - 1 :]
    assert error.message == (
        f"invalid placeholder name {name!r} in {shown!r}: a name is ASCII letters, "
        "digits and '_', not starting with a digit (write '$$' for a literal '$')"
    )


# --- locale matching: the exact/closest boundary, ties, two-way rules ------------------


@pytest.mark.parametrize(
    ("requested", "available", "how", "measured"),
    [
        ("en-us", ["en-US"], "exact", 0),  # another spelling of one locale
        ("en", ["en-US"], "exact", 0),  # maximizes alike
        ("en-GB", ["en-US"], "closest", 5),  # the smallest distance that is not exact
        ("en-AU", ["en-GB"], "closest", 3),
    ],
)
def test_exact_and_closest_are_told_apart_at_the_boundary(
    requested: str, available: list[str], how: str, measured: int
) -> None:
    explanation = explain_match(requested, available)
    assert (explanation.how, explanation.distance) == (how, measured)


def test_ties_without_a_default_go_to_the_order_of_available() -> None:
    # en-CA is as far from en-GB as from en-AU: the first listed wins.
    assert match_locale("en-CA", ["en-GB", "en-AU"]) == "en-GB"
    assert match_locale("en-CA", ["en-AU", "en-GB"]) == "en-AU"
    # ...unless a default is among them.
    assert match_locale("en-CA", ["en-GB", "en-AU"], default="en-AU") == "en-AU"


@pytest.mark.parametrize(
    ("a", "b", "total"),
    [
        ("en-GB", "en-US", 5),
        ("en-AU", "en-GB", 3),
        ("en-IN", "en-GB", 3),
        ("es-MX", "es-419", 4),
        ("es-ES", "es-419", 5),
        ("pt-PT", "pt-BR", 5),
    ],
)
def test_two_way_region_rules_hold_in_reverse(a: str, b: str, total: int) -> None:
    assert distance(lsr(a).subtags, lsr(b).subtags).total == total
    assert distance(lsr(b).subtags, lsr(a).subtags).total == total


# --- retry: valid edges, the traffic-limit delay, exact messages -----------------------


def _state(policy: RetryPolicy, randomness: float = 0.0, now: float = 0.0) -> RetryState:
    return RetryState(policy, clock=lambda: now, random=lambda: randomness)


UNKNOWN = Attempt(status="U", result_code=None, result_message=None)
TRAFFIC = Attempt(
    status="F", result_code="REQUEST_TRAFFIC_EXCEED_LIMIT", result_message="slow down"
)


def test_one_attempt_is_a_valid_policy_and_ends_after_it() -> None:
    verdict = _state(RetryPolicy(max_attempts=1)).record(UNKNOWN)
    assert (verdict.done, verdict.status, verdict.reason) == (
        True,
        "U",
        "unknown outcome; no attempts left",
    )


@pytest.mark.parametrize("bad", [0, -1, True, 1.0, "2"])
def test_attempts_below_one_or_not_integers_are_refused_exactly(bad: object) -> None:
    with pytest.raises(ValueError, match=r"^max_attempts must be") as caught:
        RetryPolicy(max_attempts=bad)  # type: ignore[arg-type]
    assert str(caught.value) == f"max_attempts must be an integer of at least 1, got {bad!r}"
    assert require_attempts("n", 1) == 1


def test_zero_backoffs_are_valid_and_mean_no_pause() -> None:
    verdict = _state(RetryPolicy(backoff=0, max_backoff=0), randomness=0.999).record(UNKNOWN)
    assert (verdict.done, verdict.delay, verdict.reason) == (False, 0.0, "unknown outcome")


@pytest.mark.parametrize(
    ("name", "value", "zero_ok", "message"),
    [
        ("backoff", -0.1, True, "backoff must be a finite number of seconds >= 0, got -0.1"),
        ("deadline", 0, False, "deadline must be a finite number of seconds > 0, got 0"),
        ("timeout", float("nan"), False, "timeout must be a finite number of seconds > 0, got nan"),
        ("timeout", True, True, "timeout must be a finite number of seconds >= 0, got True"),
    ],
)
def test_durations_are_refused_with_exact_messages(
    name: str, value: float, zero_ok: bool, message: str
) -> None:
    with pytest.raises(ValueError, match=rf"^{name} must be") as caught:
        require_seconds(name, value, zero_ok=zero_ok)
    assert str(caught.value) == message


def test_zero_is_a_valid_duration_where_allowed() -> None:
    assert require_seconds("backoff", 0, zero_ok=True) == 0


@pytest.mark.parametrize("after", [0.0, 0.25, 0.5, 0.999])
def test_a_sub_second_retry_after_is_honoured(after: float) -> None:
    attempt = Attempt(status="U", result_code=None, result_message=None, retry_after=after)
    verdict = _state(RetryPolicy(deadline=None), randomness=0.0).record(attempt)
    assert (verdict.done, verdict.delay) == (False, after)


def test_a_retry_after_at_the_limit_ends_the_send_and_just_below_does_not() -> None:
    policy = RetryPolicy(deadline=None, max_retry_after=10.0)
    at = Attempt(status="U", result_code=None, result_message=None, retry_after=10.0)
    below = Attempt(status="U", result_code=None, result_message=None, retry_after=9.5)
    verdict = _state(policy).record(at)
    assert (verdict.done, verdict.reason) == (
        True,
        "unknown outcome; the server asked for a 10 s pause",
    )
    assert _state(policy).record(below).delay == 9.5


@pytest.mark.parametrize(("randomness", "delay"), [(0.0, 1.0), (0.5, 1.5), (1.0, 2.0)])
def test_the_traffic_limit_delay_is_between_half_and_all_of_its_ceiling(
    randomness: float, delay: float
) -> None:
    # First attempt: ceiling = min(max_backoff, backoff * 4) = 2.0; equal jitter.
    verdict = _state(RetryPolicy(backoff=0.5), randomness).record(TRAFFIC)
    assert (verdict.done, verdict.delay, verdict.reason) == (False, delay, "traffic limit")


def test_the_traffic_limit_ceiling_is_capped_by_max_backoff() -> None:
    verdict = _state(RetryPolicy(backoff=10.0, max_backoff=12.0), 1.0).record(TRAFFIC)
    assert verdict.delay == 12.0


def test_a_pause_reaching_the_deadline_ends_the_send() -> None:
    policy = RetryPolicy(backoff=8.0, deadline=4.0)
    verdict = _state(policy, randomness=0.5).record(UNKNOWN)  # a 4.0 s pause, 4.0 s left
    assert (verdict.done, verdict.reason) == (True, "unknown outcome; deadline reached")
    assert not _state(policy, randomness=0.49).record(UNKNOWN).done


# --- formatting: out-of-range integers and timezone-aware times ------------------------


_TOO_LARGE = "parameter 'n': too large: numbers must be below 10^18 in absolute value, got "


@pytest.mark.parametrize(
    ("value", "result"),
    [
        (10**18 - 1, 10**18 - 1),
        ("-999999999999999999", -(10**18) + 1),
        ("000000000000000000000001", 1),  # leading zeros are not magnitude
        (10**18, _TOO_LARGE + "1000000000000000000 (int)"),
        (-(10**18), _TOO_LARGE + "-1000000000000000000 (int)"),
        ("1" + "0" * 18, _TOO_LARGE + "'1000000000000000000'"),
    ],
)
def test_integers_at_the_edge_of_the_range(value: object, result: object) -> None:
    spec = ParameterSpec("n", "integer")
    if isinstance(result, str):
        with pytest.raises(ParameterError) as caught:
            coerce_value(spec, value)
        assert str(caught.value) == result
    else:
        assert coerce_value(spec, value) == result


def test_an_aware_time_of_day_is_refused_and_an_aware_datetime_converted() -> None:
    time_spec = ParameterSpec("t", "time", timezone="Asia/Shanghai")
    with pytest.raises(ParameterError) as caught:
        coerce_value(time_spec, dt.time(14, 30, tzinfo=dt.timezone.utc))
    assert str(caught.value) == (
        "parameter 't': a time of day cannot carry a UTC offset (14:30:00+00:00 (time)): "
        "without a date it cannot be converted across daylight-saving changes; give the "
        "time as shown in Asia/Shanghai (no offset), or a full datetime with offset"
    )
    spec = ParameterSpec("d", "datetime", timezone="Asia/Shanghai")
    aware = dt.datetime(2026, 11, 28, 2, 30, tzinfo=dt.timezone.utc)
    converted = coerce_value(spec, aware)
    assert isinstance(converted, dt.datetime)
    assert (converted.hour, converted.utcoffset()) == (10, dt.timedelta(hours=8))
    with pytest.raises(ParameterError) as caught:
        coerce_value(spec, aware.replace(tzinfo=None))
    assert str(caught.value) == (
        "parameter 'd': a datetime needs a time zone: got a naive datetime "
        "2026-11-28 02:30:00 (datetime); attach one (tzinfo) or pass ISO text with an offset"
    )
