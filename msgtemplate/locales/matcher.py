"""Which available locale best serves a reader: ICU's LocaleMatcher over CLDR distance.

The reader's tags are one preference list. Each is compared with every available
tag by CLDR language distance (:mod:`msgtemplate.locales.distance`); a tag later
in the list pays 5 per position (ICU's demotion: a mere region difference on the
first choice is as good as a perfect match on the second); the smallest total
below ICU's threshold (50) wins. Ties go to the default locale when it is
available (else the first available tag), then to CLDR's paradigm locales
(``en``, ``en-GB``, ``es``, ``es-419``, ``pt-BR``, ``pt-PT``), then to the order of
``available``; between equally distant locales of one language the one with the
language's likely script or region is preferred, and between locales that
maximize alike the one spelled most like the request (``en`` before ``en-US``).
All of this is ICU's behaviour with its default options.

Two things are ours. By default a match never crosses scripts (``cross_script``
False): a ``zh-TW`` reader is not handed ``zh-Hans`` and a ``sr-Latn`` reader not
``sr`` (Cyrillic), as Android and iOS resolve resources; when ICU's answer keeps
the script it is ours too, else the next best same-script choice or the default.
And a pack may add its own language fallbacks (``{"ms": ("id",)}``), tried after
CLDR's matching found nothing: ``ms-SG`` then tries ``id-SG``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Literal, NamedTuple

from msgtemplate.caches import cached
from msgtemplate.locales.distance import Distance, distance
from msgtemplate.locales.errors import LocaleError, checked
from msgtemplate.locales.explain import Candidate, MatchExplanation, spelled
from msgtemplate.locales.lsr import EXPLICIT_REGION, EXPLICIT_SCRIPT, Lsr, lsr

THRESHOLD = 50
"""ICU's default: a distance of 50 or more (the default script distance) is no match."""
DEMOTION = 5
"""ICU's default demotion per desired locale (the distance between en-US and en-GB)."""
_SHIFT = 8  # ICU keeps distances in eighths, so spelling can break ties between equals
_ORDERS_KEPT = 16

MatchHow = Literal["exact", "closest", "fallback", "default"]


class _Hit(NamedTuple):
    slot: int  # position in `available`
    request: int  # which requested tag it serves
    how: MatchHow


class _Entry(NamedTuple):
    slot: int
    lsr: Lsr


class LocaleMatcher:
    """Matches requested tags against one list of available tags, many times.

    The available tags are parsed once (any well-formed BCP 47 tag; a pack's
    content keys are validated strictly when the pack is read); results are cached
    per requested list in a bounded LRU cache, so matching a list seen before costs
    about a microsecond. Safe to share between threads: after construction it holds
    only immutable data and thread-safe caches.
    """

    __slots__ = ("_available", "_by_default", "_cached", "_cross_script", "_entries", "_fallbacks")

    def __init__(
        self,
        available: Sequence[str],
        *,
        cross_script: bool = False,
        fallbacks: Mapping[str, Sequence[str]] | None = None,
        cache_size: int = 1024,
    ) -> None:
        self._available: tuple[str, ...] = _available(available)
        self._entries = tuple(_Entry(i, lsr(tag)) for i, tag in enumerate(self._available))
        self._cross_script = cross_script
        self._fallbacks: dict[str, tuple[str, ...]] = {
            lsr(language).language: tuple(lsr(f).language for f in chain)
            for language, chain in (fallbacks or {}).items()
        }
        self._by_default: dict[str | None, tuple[_Entry, ...]] = {}
        self._cached = lru_cache(maxsize=cache_size)(self._resolve)

    @property
    def available(self) -> tuple[str, ...]:
        return self._available

    @property
    def cross_script(self) -> bool:
        return self._cross_script

    def match(self, requested: str | Sequence[str], default: str | None = None) -> str | None:
        """The best element of ``available`` as written, else ``default``, else None."""
        key = _request_key(requested)
        try:  # inlined rather than self._lookup: this is the hot path
            hit = self._cached(key, default)
        except TypeError:
            _check_all(key)
            raise
        return self._available[hit.slot] if hit is not None else default

    def find(self, requested: str | Sequence[str], default: str | None = None) -> str | None:
        """Like :meth:`match`, but None when nothing is close enough.

        ``default`` still takes part in breaking ties, as in :meth:`match`.
        """
        hit = self._lookup(_request_key(requested), default)
        return self._available[hit.slot] if hit is not None else None

    def explain(
        self, requested: str | Sequence[str], default: str | None = None
    ) -> MatchExplanation:
        """What :meth:`match` returns for ``requested``, and why, in words and figures."""
        key = _request_key(requested)
        hit = self._lookup(key, default)
        wanted = [lsr(tag) for tag in key]
        candidates = tuple(
            self._candidate(key[position], want, position, hit)
            for position, want in enumerate(wanted)
        )
        if hit is None:
            return MatchExplanation(
                requested=tuple(spelled(t) for t in key),
                available=self._available,
                winner=default,
                how="default" if default is not None else None,
                matched_request=None,
                distance=None,
                reason=None,
                candidates=candidates,
                cross_script=self._cross_script,
            )
        chosen = self._entries[hit.slot].lsr
        served = wanted[hit.request]
        if hit.how == "fallback":
            reason = f"the pack's fallback languages send {served.language} readers here"
            measured = None
        else:
            measured = distance(served.subtags, chosen.subtags)
            reason = measured.describe() if hit.how == "closest" else "the same locale"
        return MatchExplanation(
            requested=tuple(spelled(t) for t in key),
            available=self._available,
            winner=self._available[hit.slot],
            how=hit.how,
            matched_request=spelled(key[hit.request]),
            distance=measured.total if measured is not None else None,
            reason=reason,
            candidates=candidates,
            cross_script=self._cross_script,
        )

    def ranked(self, requested: str | Sequence[str], default: str | None = None) -> list[str]:
        """Every available tag, nearest to the reader first.

        Nearness is the smallest distance to any requested tag plus its demotion;
        neither the threshold nor the script rule applies (this orders what is left,
        it does not choose). Equally near tags keep the order of ``available``.
        ``default`` is accepted for symmetry with :meth:`match` and does not matter.
        """
        wanted = [lsr(t) for t in _request_key(requested)]
        scored = sorted(
            (
                min(
                    (distance(w.subtags, entry.lsr.subtags).total + DEMOTION * i)
                    for i, w in enumerate(wanted)
                )
                if wanted
                else 0,
                entry.slot,
            )
            for entry in self._entries
        )
        return [self._available[slot] for _, slot in scored]

    def _lookup(self, key: tuple[str, ...], default: str | None) -> _Hit | None:
        try:
            return self._cached(key, default)
        except TypeError:
            _check_all(key)
            raise

    # ----------------------------------------------------------------------- ICU's search

    def _resolve(self, key: tuple[str, ...], default: str | None) -> _Hit | None:
        wanted = [lsr(tag) for tag in key]  # all first: a bad tag is an error anywhere
        order = self._order(default)
        hit = self._best(wanted, order, "closest")
        if hit is None and self._fallbacks:
            substitutes: list[Lsr] = []
            served: list[int] = []
            for position, want in enumerate(wanted):
                for language in self._fallbacks.get(want.language, ()):
                    substitutes.append(_substitute(want, language))
                    served.append(position)
            found = self._best(substitutes, order, "fallback")
            if found is not None:
                hit = found._replace(request=served[found.request])
        return hit

    def _best(self, wanted: Sequence[Lsr], order: tuple[_Entry, ...], how: MatchHow) -> _Hit | None:
        threshold = THRESHOLD * _SHIFT
        best: _Hit | None = None
        for position, want in enumerate(wanted):
            found = self._best_for(want, order, threshold)
            if found is not None:
                entry, shifted = found
                kind: MatchHow = "exact" if shifted < _SHIFT and how == "closest" else how
                best = _Hit(entry.slot, position, kind)
                threshold = shifted
            threshold -= DEMOTION * _SHIFT
            if threshold <= 0:
                break
        return best

    def _best_for(
        self, want: Lsr, order: tuple[_Entry, ...], threshold: int
    ) -> tuple[_Entry, int] | None:
        best: _Entry | None = None
        for entry in order:
            have = entry.lsr
            if not self._cross_script and have.script != want.script:
                continue
            if have.subtags == want.subtags:
                # One locale, spelled differently: the closest spelling wins (ICU).
                shifted = have.explicit ^ want.explicit
                if shifted < threshold:
                    if shifted == 0:
                        return entry, 0
                    best, threshold = entry, shifted
                continue
            shifted = distance(want.subtags, have.subtags).total * _SHIFT
            if shifted < threshold:
                best, threshold = entry, shifted
            elif shifted == threshold and best is not None and _more_likely(have, best.lsr):
                best = entry
        return (best, threshold) if best is not None else None

    def _order(self, default: str | None) -> tuple[_Entry, ...]:
        """Available entries in ICU's tie-breaking order, one per spelling of a locale."""
        found = self._by_default.get(default)
        if found is not None:
            return found
        entries = self._entries
        if default is None:
            primary = entries[0].lsr.subtags if entries else None
        else:
            try:
                primary = lsr(default).subtags
            except LocaleError:
                primary = None  # a default outside the tags (a sentinel) has no priority
        paradigms = _paradigms()
        first = [e for e in entries if e.lsr.subtags == primary]
        second = [e for e in entries if e.lsr.subtags in paradigms]
        unique: dict[Lsr, _Entry] = {}  # the first place of each entry counts
        for entry in (*first, *second, *entries):
            unique.setdefault(entry.lsr, entry)
        order = tuple(unique.values())
        if len(self._by_default) >= _ORDERS_KEPT:  # defaults are usually one per matcher
            self._by_default.clear()
        self._by_default[default] = order  # benign race: both threads store equal values
        return order

    def _candidate(self, tag: str, want: Lsr, position: int, hit: _Hit | None) -> Candidate:
        nearest: tuple[int, Distance, _Entry] | None = None
        for rank, entry in enumerate(self._order(None)):
            measured = distance(want.subtags, entry.lsr.subtags)
            if nearest is None or (measured.total, rank) < (nearest[1].total, nearest[0]):
                nearest = (rank, measured, entry)
        if nearest is None:
            return Candidate(spelled(tag), None, None, "nothing is available")
        _, measured, entry = nearest
        if hit is not None and hit.request == position and hit.how != "fallback":
            # The winner, which tie-breaking may have preferred to an equally near one.
            chosen = self._entries[hit.slot]
            name = self._available[hit.slot]
            return Candidate(
                spelled(tag), name, distance(want.subtags, chosen.lsr.subtags), "chosen"
            )
        name = self._available[entry.slot]
        if measured.total + DEMOTION * position >= THRESHOLD:
            demoted = f" + {DEMOTION * position} for position {position + 1}" if position else ""
            note = f"too far: {measured.total}{demoted} is not below {THRESHOLD}"
        elif not self._cross_script and entry.lsr.script != want.script:
            note = f"another script ({want.script} -> {entry.lsr.script}), not allowed"
        else:
            note = "another choice matched better"
        return Candidate(spelled(tag), name, measured, note)


def _substitute(want: Lsr, language: str) -> Lsr:
    # ms-SG tries id-SG: the reader's own script and region, when they gave them.
    tag = language
    if want.explicit & EXPLICIT_SCRIPT:
        tag += "-" + want.script
    if want.explicit & EXPLICIT_REGION:
        tag += "-" + want.region
    return lsr(tag)


def _more_likely(candidate: Lsr, best: Lsr) -> bool:
    """ICU's tie-break between equally distant locales of one language: the one with
    the language's likely script, else its likely region (de-DE before de-AT)."""
    if candidate.language != best.language or candidate.language.startswith("x-"):
        return False
    # A pseudo-locale's marked language ("'en") is one CLDR does not know: ICU looks
    # it up as und, so en-Latn-US is its likely form (en-US-PSACCENT before en-GB-PSACCENT).
    likely = lsr(candidate.language) if candidate.language.isalpha() else lsr("qaa")
    if candidate.script != best.script:
        return candidate.script == likely.script
    if candidate.region != best.region:
        return candidate.region == likely.region
    return False


@cached("locales.paradigms")
def _paradigms() -> frozenset[tuple[str, str, str]]:
    from msgtemplate.locales.matching_data import matching_data

    return frozenset(lsr(p).subtags for p in matching_data().paradigms)


def _check_all(key: tuple[object, ...]) -> None:
    # An unhashable element fails in the cache before _resolve sees it: report it
    # as the bad tag it is.
    for tag in key:
        checked(tag)


def _request_key(requested: str | Sequence[str]) -> tuple[str, ...]:
    if isinstance(requested, str):
        return (requested,)
    return tuple(requested)


@cached("locales.matchers")
def _matcher_for(available: tuple[str, ...], cross_script: bool) -> LocaleMatcher:
    return LocaleMatcher(available, cross_script=cross_script)


def match_locale(
    requested: str | Sequence[str],
    available: Sequence[str],
    default: str | None = None,
    *,
    cross_script: bool = False,
) -> str | None:
    """The element of ``available`` (as written) that best serves ``requested``.

    ``requested`` is one tag or a list in preference order. Returns ``default`` (as
    given, not validated) when nothing is close enough, else None. Every tag must be
    well-formed BCP 47 (a malformed one raises :class:`LocaleError`); see the module
    docstring for the rules. ``cross_script=True`` lets a match cross scripts
    exactly as ICU does.
    """
    return _matcher_for(_available(available), cross_script).match(requested, default)


def explain_match(
    requested: str | Sequence[str],
    available: Sequence[str],
    default: str | None = None,
    *,
    cross_script: bool = False,
) -> MatchExplanation:
    """What :func:`match_locale` would return, and why."""
    return _matcher_for(_available(available), cross_script).explain(requested, default)


def _available(available: Sequence[str]) -> tuple[str, ...]:
    if isinstance(available, str):  # a lone tag would be read as a list of letters
        raise TypeError("available must be a list of tags, not a single string")
    return tuple(available)
