"""Why a locale was chosen, in words and figures (``msgtemplate preview --explain``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from msgtemplate.locales.errors import LocaleError
from msgtemplate.locales.lsr import spelled_leniently
from msgtemplate.locales.tags import fallback_chain, normalize_tag

if TYPE_CHECKING:
    from msgtemplate.locales.distance import Distance


@dataclass(frozen=True, slots=True)
class Candidate:
    """The nearest available tag to one requested tag, and what became of it.

    ``note`` is ``chosen``, ``another script (...), not allowed``, ``too far (...)``,
    ``another choice matched better`` or ``nothing is available``.
    """

    requested: str
    nearest: str | None
    distance: Distance | None
    note: str

    def describe(self) -> str:
        """``en-AU -> en-GB: same language and script, regions in one cluster, distance 3``."""
        if self.nearest is None or self.distance is None:
            return f"{self.requested}: {self.note}"
        return f"{self.requested} -> {self.nearest}: {self.distance.describe()} ({self.note})"


@dataclass(frozen=True, slots=True)
class MatchExplanation:
    """How a matcher chose.

    ``how`` is ``exact`` (the same locale, perhaps spelled differently), ``closest``
    (the smallest CLDR distance below the threshold), ``fallback`` (the pack's own
    ``fallback.languages``), ``default`` (nothing close enough) or None (no match
    and no default). ``distance`` and ``reason`` describe the winning pair
    (``reason``: "same language and script, regions in one cluster, distance 3");
    ``candidates`` holds, per requested tag, its nearest available tag.
    """

    requested: tuple[str, ...]
    available: tuple[str, ...]
    winner: str | None
    how: str | None
    matched_request: str | None
    distance: int | None
    reason: str | None
    candidates: tuple[Candidate, ...]
    cross_script: bool

    @property
    def chains(self) -> tuple[tuple[str, ...], ...]:
        """CLDR's parent chain of each requested tag up to the one served (or all of
        them when none was), for readers who think in fallback chains."""
        tried = self.requested
        if self.matched_request is not None:
            tried = tried[: tried.index(self.matched_request) + 1]
        return tuple(_chain(tag) for tag in tried)

    def describe(self) -> str:
        """A few lines for people (the library never prints; the CLI does)."""
        lines = [f"requested: {', '.join(self.requested) or '(none)'}"]
        lines.append(f"available: {', '.join(self.available) or '(none)'}")
        lines.extend(f"  {candidate.describe()}" for candidate in self.candidates)
        if self.how is None:
            lines.append("no match and no default")
        elif self.how == "default":
            lines.append(f"no match: default {self.winner}")
        elif self.how == "exact":
            lines.append(f"{self.winner}: the locale {self.matched_request} asked for")
        elif self.how == "fallback":
            lines.append(f"{self.winner}: {self.reason} (asked: {self.matched_request})")
        else:
            lines.append(f"{self.winner}: closest to {self.matched_request} ({self.reason})")
        if not self.cross_script:
            lines.append("(never across scripts; a pack allows it with fallback.crossScript)")
        return "\n".join(lines)


def spelled(tag: str) -> str:
    """``tag`` in canonical case with ``-`` (``en_au`` -> ``en-AU``), as given otherwise."""
    try:
        return normalize_tag(tag)
    except LocaleError:
        return spelled_leniently(tag)


def _chain(tag: str) -> tuple[str, ...]:
    try:
        return fallback_chain(tag)
    except LocaleError:
        return (tag,)  # a tag CLDR has no locale for (und-TW, x-private) is its own chain
