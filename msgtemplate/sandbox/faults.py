"""Deterministic fault injection: which API requests the sandbox answers badly.

Each API request draws once, in arrival order, from one ``random.Random(seed)``:

* ``error``: HTTP 500 before anything is processed (nothing stored);
* ``unknown-before``: ``U``/``UNKNOWN_EXCEPTION`` before processing (nothing stored);
* ``unknown-after``: the request is processed normally (maybe delivered), then the
  answer is lost and replaced by ``U`` (delivered, but the sender cannot know);
* ``none``: the normal answer.

The same seed and the same sequence of requests give the same faults. ``U`` splits
evenly between before and after: both happen on real platforms and a sender must
survive both (retrying with the same requestId is safe either way).
"""

from __future__ import annotations

import random
import threading
from typing import Final, Literal

from msgtemplate.errors import MsgTemplateError

Fault = Literal["none", "error", "unknown-before", "unknown-after"]
FAULTS: Final[tuple[Fault, ...]] = ("none", "error", "unknown-before", "unknown-after")


class FaultConfigError(MsgTemplateError, ValueError):
    """A fault rate outside [0, 1], or rates that add up to more than 1."""


class FaultInjector:
    """Draws a :data:`Fault` per request; thread-safe, reproducible with a seed."""

    __slots__ = ("_lock", "_rng", "error_rate", "unknown_rate")

    def __init__(
        self, *, unknown_rate: float = 0.0, error_rate: float = 0.0, seed: int | None = None
    ) -> None:
        for name, rate in (("unknown_rate", unknown_rate), ("error_rate", error_rate)):
            # `not 0 <= rate` also refuses NaN.
            if isinstance(rate, bool) or not 0.0 <= rate <= 1.0:
                raise FaultConfigError(f"{name} must be between 0 and 1, got {rate!r}")
        if unknown_rate + error_rate > 1.0:
            raise FaultConfigError("unknown_rate + error_rate must not exceed 1")
        self.unknown_rate = float(unknown_rate)
        self.error_rate = float(error_rate)
        self._rng = random.Random(seed)  # noqa: S311 - test faults, not security
        self._lock = threading.Lock()

    @property
    def active(self) -> bool:
        return self.unknown_rate > 0 or self.error_rate > 0

    def draw(self) -> Fault:
        """The fault for the next request (one RNG draw per call, always)."""
        with self._lock:
            r = self._rng.random()
        if r < self.error_rate:
            return "error"
        r -= self.error_rate
        if r < self.unknown_rate / 2:
            return "unknown-before"
        if r < self.unknown_rate:
            return "unknown-after"
        return "none"

    def __repr__(self) -> str:
        return f"FaultInjector(unknown_rate={self.unknown_rate}, error_rate={self.error_rate})"
