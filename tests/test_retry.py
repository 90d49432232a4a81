"""The sender's retry decisions (sender/retry.py) without I/O: every edge, every reason.

A fake clock and a fixed ``random()`` make each verdict exact; the clients' tests
(test_client.py) show the same rules through real requests.
"""

from __future__ import annotations

import pytest

from msgtemplate.sender.retry import Attempt, RetryPolicy, RetryState

UNKNOWN = Attempt(status="U", result_code=None, result_message=None)
NO_CONNECTION = Attempt(status="U", result_code=None, result_message=None, reached_platform=False)
DELIVERED = Attempt(status="S", result_code="SUCCESS", result_message=None)
REFUSED = Attempt(status="F", result_code="PARAM_ILLEGAL", result_message="bad")
TRAFFIC = Attempt(status="F", result_code="REQUEST_TRAFFIC_EXCEED_LIMIT", result_message=None)


class Clock:
    """Seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def state(policy: RetryPolicy, randomness: float = 0.5, clock: Clock | None = None) -> RetryState:
    return RetryState(policy, clock=clock or Clock(), random=lambda: randomness)


def after(retry_after: float) -> Attempt:
    return Attempt(status="U", result_code=None, result_message=None, retry_after=retry_after)


def test_a_fresh_state_has_tried_nothing() -> None:
    fresh = state(RetryPolicy(deadline=20.0))
    assert fresh.attempts == 0
    assert fresh.last is None
    assert fresh.maybe_delivered is False
    assert fresh.connected is False
    assert fresh.remaining() == 20.0


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("backoff", -1, "backoff must be a finite number of seconds >= 0, got -1"),
        (
            "max_backoff",
            float("nan"),
            "max_backoff must be a finite number of seconds >= 0, got nan",
        ),
        (
            "max_retry_after",
            float("inf"),
            "max_retry_after must be a finite number of seconds >= 0, got inf",
        ),
        ("deadline", 0, "deadline must be a finite number of seconds > 0, got 0"),
        ("deadline", -5.0, "deadline must be a finite number of seconds > 0, got -5.0"),
        ("max_attempts", 0, "max_attempts must be an integer of at least 1, got 0"),
    ],
)
def test_each_policy_check_names_its_setting(setting: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=rf"^{setting} must be") as caught:
        RetryPolicy(**{setting: value})  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_no_deadline_and_zero_pauses_are_valid_policies() -> None:
    policy = RetryPolicy(backoff=0, max_backoff=0, max_retry_after=0, deadline=None)
    assert state(policy).remaining() is None


@pytest.mark.parametrize(
    ("attempts", "verdict"),
    [
        ([DELIVERED], (True, "S", 0.0, "delivered")),
        ([REFUSED], (True, "F", 0.0, "refused")),
        ([UNKNOWN, REFUSED], (True, "U", 0.0, "refused")),  # the first may have delivered
        ([NO_CONNECTION, REFUSED], (True, "F", 0.0, "refused")),  # nothing left us
        ([UNKNOWN], (False, "U", 0.25, "unknown outcome")),
        ([TRAFFIC], (False, "F", 1.5, "traffic limit")),
        ([UNKNOWN, TRAFFIC], (False, "U", 3.0, "traffic limit")),
        ([NO_CONNECTION, TRAFFIC], (False, "F", 3.0, "traffic limit")),
    ],
)
def test_each_verdict_says_its_status_and_reason(
    attempts: list[Attempt], verdict: tuple[bool, str, float, str]
) -> None:
    # backoff 0.5, random() 0.5: full jitter gives 0.25 s on the first attempt; the
    # traffic limit's ceiling is four times the normal one (2 s, then 4 s), with equal
    # jitter (three quarters of it at random() 0.5).
    retry = state(RetryPolicy(backoff=0.5, deadline=None))
    for attempt in attempts:
        last = retry.record(attempt)
    assert (last.done, last.status, last.delay, last.reason) == verdict
    assert retry.attempts == len(attempts)
    assert retry.last is attempts[-1]


def test_only_connection_failures_leave_nothing_connected_or_delivered() -> None:
    retry = state(RetryPolicy(deadline=None))
    retry.record(NO_CONNECTION)
    retry.record(NO_CONNECTION)
    assert (retry.connected, retry.maybe_delivered) == (False, False)
    retry.record(REFUSED)
    assert (retry.connected, retry.maybe_delivered) == (True, False)


def test_the_ceiling_doubles_up_to_max_backoff_for_any_number_of_attempts() -> None:
    retry = state(RetryPolicy(max_attempts=10**6, backoff=1.0, deadline=None), randomness=1.0)
    delays = [retry.record(UNKNOWN).delay for _ in range(2000)]
    assert delays[:7] == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert set(delays[5:]) == {30.0}


def test_a_backoff_above_its_cap_is_capped_from_the_first_attempt() -> None:
    retry = state(RetryPolicy(backoff=50.0, max_backoff=3.0, deadline=None), randomness=1.0)
    assert [retry.record(UNKNOWN).delay for _ in range(3)] == [3.0, 3.0, 3.0]


def test_the_traffic_limit_ceiling_grows_with_the_attempts() -> None:
    retry = state(RetryPolicy(backoff=0.5, deadline=None), randomness=0.0)
    # Equal jitter at random() = 0: half of 4 * 0.5, 4 * 1.0, 4 * 2.0 (capped at 30).
    assert [retry.record(TRAFFIC).delay for _ in range(3)] == [1.0, 2.0, 4.0]


def test_the_attempt_timeout_never_reaches_past_the_deadline() -> None:
    clock = Clock()
    retry = state(RetryPolicy(deadline=10.0), clock=clock)
    assert retry.attempt_timeout(30.0) == 10.0
    assert retry.attempt_timeout(4.0) == 4.0
    clock.now += 7.5
    assert retry.remaining() == 2.5
    assert retry.attempt_timeout(4.0) == 2.5
    clock.now += 5.0  # past the deadline: a last attempt still gets a tiny budget
    assert retry.attempt_timeout(4.0) == 0.001
    assert state(RetryPolicy(deadline=None)).attempt_timeout(4.0) == 4.0


@pytest.mark.parametrize("value", [float("inf"), float("nan"), -1.0, float("-inf")])
def test_a_retry_after_that_is_no_pause_is_ignored(value: float) -> None:
    verdict = state(RetryPolicy(backoff=1.0, deadline=None)).record(after(value))
    assert (verdict.done, verdict.delay, verdict.reason) == (False, 0.5, "unknown outcome")


def test_a_retry_after_shorter_than_the_jitter_does_not_shorten_the_pause() -> None:
    verdict = state(RetryPolicy(backoff=1.0, deadline=None), randomness=0.9).record(after(0.2))
    assert (verdict.done, verdict.delay) == (False, 0.9)


def test_with_a_deadline_a_retry_after_reaching_it_ends_the_send() -> None:
    # 10 s is far below max_retry_after (300 s), but 5 s are left: the deadline decides.
    verdict = state(RetryPolicy(deadline=5.0)).record(after(10.0))
    assert (verdict.done, verdict.status, verdict.reason) == (
        True,
        "U",
        "unknown outcome; the server asked for a 10 s pause",
    )
    assert state(RetryPolicy(deadline=5.0), randomness=0.0).record(after(4.5)).delay == 4.5


def test_a_zero_max_retry_after_ends_the_send_at_any_retry_after() -> None:
    policy = RetryPolicy(deadline=None, max_retry_after=0)
    verdict = state(policy).record(after(0))
    assert (verdict.done, verdict.reason) == (
        True,
        "unknown outcome; the server asked for a 0 s pause",
    )
    assert not state(policy).record(UNKNOWN).done  # without Retry-After it goes on


def test_a_traffic_limit_on_the_last_attempt_is_a_failure_with_its_reason() -> None:
    retry = state(RetryPolicy(max_attempts=2, deadline=None))
    assert not retry.record(TRAFFIC).done
    verdict = retry.record(TRAFFIC)
    assert (verdict.done, verdict.status, verdict.reason) == (
        True,
        "F",
        "traffic limit; no attempts left",
    )
