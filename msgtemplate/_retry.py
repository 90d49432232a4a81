"""The sender's retry decisions, free of I/O (shared by the sync and async clients).

A driver sends an attempt, reduces what happened to an :class:`Attempt`, and asks
:meth:`RetryState.record` what to do next: stop with a final status, or wait
``delay`` seconds and send the same bytes again. The drivers only do I/O and
sleeping; every rule about S/F/U, backoff, jitter, attempts and the deadline is here.

Why "F after an unknown attempt" is reported as U: if an earlier attempt may have
reached the platform (a timeout, a 5xx, an unreadable answer) and a later one is
refused with F (an expired token, a traffic limit...), the earlier one may still
have delivered the message. Only the caller can decide what to do then, so we do
not claim the message failed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from msgtemplate import spec

DEFAULT_MAX_BACKOFF: Final = 30.0
"""No single pause is longer than this many seconds (unless the server asks, via Retry-After)."""

TRAFFIC_BACKOFF_FACTOR: Final = 4.0
"""``REQUEST_TRAFFIC_EXCEED_LIMIT`` waits this many times the normal backoff ceiling."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try: attempts, base backoff, its cap, and an overall deadline."""

    max_attempts: int = 5
    backoff: float = 0.5
    """Ceiling of the first pause; it doubles after every attempt (full jitter below it)."""
    max_backoff: float = DEFAULT_MAX_BACKOFF
    deadline: float | None = 60.0
    """Seconds from the first attempt after which no new attempt starts (None: no limit)."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.backoff < 0 or self.max_backoff < 0:
            raise ValueError("backoff must not be negative")
        if self.deadline is not None and self.deadline <= 0:
            raise ValueError("deadline must be positive")


@dataclass(frozen=True, slots=True)
class Attempt:
    """What one attempt produced, reduced to what the decision needs.

    ``status`` is ``U`` for anything uncertain (timeouts, 5xx, unreadable or
    untrusted answers). ``reached_platform`` is False only when the request
    provably never left (the connection was not established).
    """

    status: spec.ResultStatus
    result_code: str | None
    result_message: str | None
    http_status: int | None = None
    verified: bool | None = None
    reached_platform: bool = True
    retry_after: float | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """After an attempt: ``done`` with a final ``status``, or wait ``delay`` and retry."""

    done: bool
    status: spec.ResultStatus
    delay: float = 0.0
    reason: str = ""


class RetryState:
    """The retry bookkeeping of one send (create one per message)."""

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        clock: Callable[[], float],
        random: Callable[[], float],
    ) -> None:
        self.policy = policy
        self._clock = clock
        self._random = random
        self._started = clock()
        self.attempts = 0
        self.last: Attempt | None = None
        self.maybe_delivered = False
        """Some attempt may have reached the platform without a definite answer."""

    def remaining(self) -> float | None:
        """Seconds left before the deadline (None without a deadline)."""
        if self.policy.deadline is None:
            return None
        return self._started + self.policy.deadline - self._clock()

    def attempt_timeout(self, timeout: float) -> float:
        """The timeout for the next attempt: never past the overall deadline."""
        left = self.remaining()
        if left is None:
            return timeout
        # A floor keeps a last attempt from being given a zero or negative timeout.
        return max(min(timeout, left), 0.001)

    def _ceiling(self) -> float:
        exponent = min(self.attempts - 1, 62)  # keep 2**n finite for absurd attempt counts
        return float(min(self.policy.max_backoff, self.policy.backoff * 2.0**exponent))

    def record(self, attempt: Attempt) -> Verdict:
        """Account for one finished attempt and say what happens next."""
        self.attempts += 1
        self.last = attempt
        if attempt.status == "S":
            return Verdict(True, "S", reason="delivered")
        if attempt.status == "F":
            if attempt.result_code not in spec.RETRYABLE_FAILURES:
                return Verdict(True, self._final_failure(), reason="refused")
            # Same requestId, so sending again is safe; wait noticeably longer, with
            # "equal jitter" so the pause is at least half the (longer) ceiling.
            ceiling = min(self.policy.max_backoff, self._ceiling() * TRAFFIC_BACKOFF_FACTOR)
            delay = ceiling * (0.5 + 0.5 * self._random())
            reason = "traffic limit"
        else:
            if attempt.reached_platform:
                self.maybe_delivered = True
            delay = self._ceiling() * self._random()  # full jitter
            reason = "unknown outcome"
        if attempt.retry_after is not None:
            delay = max(delay, attempt.retry_after)
        final = self._final_failure() if attempt.status == "F" else "U"
        if self.attempts >= self.policy.max_attempts:
            return Verdict(True, final, reason=f"{reason}; no attempts left")
        left = self.remaining()
        if left is not None and delay >= left:
            return Verdict(True, final, reason=f"{reason}; deadline reached")
        return Verdict(False, final, delay=delay, reason=reason)

    def _final_failure(self) -> spec.ResultStatus:
        return "U" if self.maybe_delivered else "F"
