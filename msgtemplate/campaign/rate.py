"""The campaign's pace: evenly spaced requests, slowing down when the platform says so.

:class:`RateLimiter` hands out send times ("slots") ``1 / rate`` seconds apart: a
token bucket of depth one, so requests are spread evenly and no one-second window
holds more than ``rate`` of them, whatever the concurrency. Every HTTP attempt
takes a slot, retries included.

When the platform answers ``REQUEST_TRAFFIC_EXCEED_LIMIT`` (or HTTP 429) to an
attempt sent at the current pace, the rate is halved (multiplicative decrease;
answers to attempts sent before the last cut are not counted again), down to
:data:`MIN_RATE`. It then grows back by
:data:`RECOVERY_SHARE` (10 %) of itself per second without such answers (gradual
recovery), up to ``--rate``. So a ``--rate`` far above the platform's limit costs
a few refused requests per cycle, not a wall of them.

The clients take a pacer (``send(body, pacer=...)``,
:class:`~msgtemplate.sender.client.Pacer`): before every attempt, retries included,
they wait for a slot *outside* the attempt's time budget, and they show the pacer
every attempt's outcome (trusted only as far as the sender trusts it: with a
platform key, an unsigned "too fast" does not count). The Celery workers share one
pace through Redis (:mod:`msgtemplate.campaign.celery_app`) behind the same protocol.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Final

from msgtemplate.sender.retry import RETRYABLE_CODES

if TYPE_CHECKING:
    from msgtemplate.sender.retry import Attempt

__all__ = [
    "DEFAULT_RATE",
    "MIN_RATE",
    "RateLimiter",
    "is_traffic_limit",
]

DEFAULT_RATE: Final = 20.0
"""Requests per second when ``--rate`` is not given: conservative on purpose (a
platform's per-client limits are typically tens per second); raise it to what your
platform account allows."""
MIN_RATE: Final = 0.5
"""The slow-down never goes below this many requests per second."""
DECREASE_FACTOR: Final = 0.5
RECOVERY_SHARE: Final = 0.1
"""Per second without a traffic-limit answer, the rate grows by this share of itself
(at least :data:`RECOVERY_MIN_STEP` requests per second)."""
RECOVERY_MIN_STEP: Final = 1.0

_TICKET: ContextVar[tuple[int, int, float] | None] = ContextVar(
    "msgtemplate_rate_ticket", default=None
)
"""The slot this task or thread waits for: (limiter id, its cut count, slot time)."""
_SENT_AT: ContextVar[tuple[int, int] | None] = ContextVar("msgtemplate_rate_sent", default=None)
"""The cut count when this task or thread's last attempt went: (limiter id, count)."""


def is_traffic_limit(attempt: Attempt) -> bool:
    """Whether an attempt was refused for going too fast: ``REQUEST_TRAFFIC_EXCEED_LIMIT``
    or HTTP 429 (the sender's retryable refusals)."""
    return attempt.status == "F" and attempt.result_code in RETRYABLE_CODES


class RateLimiter:
    """Even spacing at a rate that halves on traffic-limit answers and recovers.

    Thread-safe (the Celery worker's threads share one). ``clock`` is monotonic
    seconds (a seam for tests).
    """

    def __init__(
        self,
        rate: float = DEFAULT_RATE,
        *,
        min_rate: float = MIN_RATE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not (math.isfinite(rate) and rate > 0):
            raise ValueError(f"the rate must be a number of requests per second > 0, got {rate}")
        self.target = float(rate)
        self.min_rate = min(float(min_rate), self.target)
        self._clock = clock
        self._lock = threading.Lock()
        now = clock()
        self._current = self.target
        self._next = now
        self._changed = now
        self._last_decrease = -math.inf
        self.decreases = 0
        """How many times the rate was halved (for the report and the bench)."""
        self.limited = 0
        """Traffic-limit answers seen."""

    @property
    def current(self) -> float:
        """The rate in force now, requests per second."""
        with self._lock:
            self._recover(self._clock())
            return self._current

    def reserve(self) -> float:
        """0 when the caller may send now; else the seconds to wait before asking again.

        A caller that must wait holds a ticket for its slot (in its context: an
        asyncio task or a thread); when it asks again in time it goes. If the rate
        was cut meanwhile, the ticket is void and it queues again at the new pace:
        slots handed out before a slow-down do not all fire at the old pace.
        """
        with self._lock:
            now = self._clock()
            self._recover(now)
            ticket = _TICKET.get()
            if ticket is not None and ticket[0] == id(self) and ticket[1] == self.decreases:
                if ticket[2] > now:
                    return ticket[2] - now  # woke early: keep the ticket
                return self._go()
            slot = max(now, self._next)
            self._next = slot + 1.0 / self._current
            if slot <= now:
                return self._go()
            _TICKET.set((id(self), self.decreases, slot))
            return slot - now

    def _go(self) -> float:
        _TICKET.set(None)
        # Remember the pace this attempt went out at: only an answer to an attempt
        # sent at the current pace says the current pace is too fast.
        _SENT_AT.set((id(self), self.decreases))
        return 0.0

    def observe(self, attempt: Attempt) -> None:
        if is_traffic_limit(attempt):
            sent = _SENT_AT.get()
            self.slow_down(sent[1] if sent is not None and sent[0] == id(self) else None)

    def slow_down(self, sent_at: int | None = None) -> None:
        """A traffic-limit answer: halve the rate, unless the refused attempt was sent
        before the last cut (``sent_at``, the cut count then): answers to attempts
        already on their way say nothing about the new pace."""
        with self._lock:
            now = self._clock()
            self.limited += 1
            self._recover(now)
            if sent_at is not None and sent_at != self.decreases:
                return
            self.decreases += 1
            self._current = max(self.min_rate, self._current * DECREASE_FACTOR)
            self._changed = now
            self._next = max(self._next, now + 1.0 / self._current)

    def _recover(self, now: float) -> None:
        """Additive growth since the last change, capped at the target."""
        if self._current >= self.target:
            self._changed = now
            return
        elapsed = now - self._changed
        if elapsed <= 0:
            return
        step = max(RECOVERY_MIN_STEP, self._current * RECOVERY_SHARE)
        self._current = min(self.target, self._current + step * elapsed)
        self._changed = now
