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

Server-requested pauses (``Retry-After``) are honoured only when finite and shorter
than what is left: a pause that would reach the deadline (or
:attr:`RetryPolicy.max_retry_after` without one) ends the send at once instead of
sleeping to the point where we would give up anyway.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from msgtemplate.api import spec
from msgtemplate.sender.config import DEFAULT_DEADLINE, DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_BACKOFF

DEFAULT_MAX_BACKOFF: Final = 30.0
"""No single pause is longer than this many seconds (unless the server asks, via Retry-After)."""

TRAFFIC_BACKOFF_FACTOR: Final = 4.0
"""``REQUEST_TRAFFIC_EXCEED_LIMIT`` waits this many times the normal backoff ceiling."""

DEFAULT_MAX_RETRY_AFTER: Final = 300.0
"""Without a deadline, a ``Retry-After`` of this many seconds or more ends the send."""

HTTP_TOO_MANY_REQUESTS: Final = "HTTP_429"
"""The ``result_code`` of an HTTP 429 answer without a result: refused unprocessed,
so it is retried like the traffic limit."""

RETRYABLE_CODES: Final[frozenset[str]] = spec.RETRYABLE_FAILURES | {HTTP_TOO_MANY_REQUESTS}
"""``F`` result codes that are sent again (same requestId) after a longer pause."""


def http_result_code(status_code: int) -> str:
    """The ``result_code`` given to an HTTP error answer that carries no result."""
    return f"HTTP_{status_code}"


def _finite(value: float) -> bool:
    # Not isinstance(value, bool): True/False as seconds is surely a mistake.
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def require_seconds(name: str, value: float, *, zero_ok: bool = False) -> float:
    """``value`` if it is a finite number of seconds > 0 (>= 0 with ``zero_ok``).

    NaN and infinity would reach ``time.sleep`` or a socket timeout; raises
    :class:`ValueError` naming ``name`` otherwise. The one check of every duration
    the sender is given.
    """
    if not _finite(value) or value < 0 or (value == 0 and not zero_ok):
        bound = ">= 0" if zero_ok else "> 0"
        raise ValueError(f"{name} must be a finite number of seconds {bound}, got {value!r}")
    return value


def require_attempts(name: str, value: int) -> int:
    """``value`` if it is an integer of at least 1, else :class:`ValueError` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be an integer of at least 1, got {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try: attempts, base backoff, its cap, and an overall deadline."""

    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    backoff: float = DEFAULT_RETRY_BACKOFF
    """Ceiling of the first pause; it doubles after every attempt (full jitter below it)."""
    max_backoff: float = DEFAULT_MAX_BACKOFF
    deadline: float | None = DEFAULT_DEADLINE
    """Seconds from the first attempt after which no new attempt starts (None: no limit)."""
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    """Without a deadline, a ``Retry-After`` of this many seconds or more ends the send."""

    def __post_init__(self) -> None:
        require_attempts("max_attempts", self.max_attempts)
        for name in ("backoff", "max_backoff", "max_retry_after"):
            require_seconds(name, getattr(self, name), zero_ok=True)
        if self.deadline is not None:
            require_seconds("deadline", self.deadline)


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
    """After an attempt: ``done`` with a final ``status``, or wait ``delay`` and retry.

    ``status`` is also set when the send goes on: what it would end with now (``U``
    after an unknown outcome, ``F`` after a traffic limit, ``U`` once an attempt may
    have delivered the message). ``reason`` is logged with the final status.
    """

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
        # The next pause's ceiling: backoff, doubled after every attempt up to
        # max_backoff. Kept as a value (not backoff * 2**n) so no attempt count overflows it.
        self._ceiling = float(min(policy.max_backoff, policy.backoff))
        self.last: Attempt | None = None
        self.maybe_delivered = False
        """Some attempt may have reached the platform without a definite answer."""
        self.connected = False
        """Some attempt got a connection (it may have been refused, but something answered
        or could have). False after only connection failures: nothing was sent."""

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

    def record(self, attempt: Attempt) -> Verdict:
        """Account for one finished attempt and say what happens next."""
        self.attempts += 1
        self.last = attempt
        if attempt.reached_platform:
            self.connected = True
        if attempt.status == "S":
            return Verdict(True, "S", reason="delivered")
        if attempt.status == "F":
            if attempt.result_code not in RETRYABLE_CODES:
                return Verdict(True, self._final_failure(), reason="refused")
            # Same requestId, so sending again is safe; wait noticeably longer, with
            # "equal jitter" so the pause is at least half the (longer) ceiling.
            ceiling = min(self.policy.max_backoff, self._ceiling * TRAFFIC_BACKOFF_FACTOR)
            delay = ceiling * (0.5 + 0.5 * self._random())
            reason = "traffic limit"
        else:
            if attempt.reached_platform:
                self.maybe_delivered = True
            delay = self._ceiling * self._random()  # full jitter
            reason = "unknown outcome"
        self._ceiling = min(self.policy.max_backoff, 2.0 * self._ceiling)
        final = self._final_failure() if attempt.status == "F" else "U"
        if self.attempts >= self.policy.max_attempts:
            return Verdict(True, final, reason=f"{reason}; no attempts left")
        left = self.remaining()
        wanted = attempt.retry_after
        # inf, NaN or negative: not a pause anyone can honour (nor time.sleep take).
        if wanted is not None and _finite(wanted) and wanted >= 0:
            limit = self.policy.max_retry_after if left is None else left
            if wanted >= limit:
                return Verdict(
                    True, final, reason=f"{reason}; the server asked for a {wanted:g} s pause"
                )
            delay = max(delay, wanted)
        if left is not None and delay >= left:
            return Verdict(True, final, reason=f"{reason}; deadline reached")
        return Verdict(False, final, delay=delay, reason=reason)

    def _final_failure(self) -> spec.ResultStatus:
        return "U" if self.maybe_delivered else "F"
