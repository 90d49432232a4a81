"""Random pack/reader cases and ICU's LocaleMatcher (PyICU) as the oracle.

Shared by ``bench/bench_locale_oracle.py`` (prints the agreement figures) and
``tests/test_locales_oracle.py`` (asserts them over a fixed seed). A case is what a
send looks like: a pack's content locales (2 to 8 realistic tags, no two alike once
maximized) and a reader's list (1 to 3 tags drawn from CLDR's locales, from the
pack's languages in other regions, and from legacy codes such as ``iw``, ``tl``,
``no``, ``mo``, ``sh``).

The oracle is ICU with its default options (first supported locale as the default,
"normal" favor, default threshold and demotion). For ``cross_script=False`` it
applies the documented rule: ICU's answer when it keeps the script of the
requested tag it serves; otherwise the best same-script choice, found by asking ICU
again without the offending pair (see :func:`icu_answers`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from babel.localedata import locale_identifiers

from msgtemplate.locales import LocaleMatcher
from msgtemplate.locales.lsr import lsr


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# What teams ship: the languages and regional variants app stores and platforms offer.
PACK_POOL = words(
    "en en-US en-GB en-AU en-IN en-CA es es-ES es-419 es-MX es-US pt pt-BR pt-PT fr fr-CA "
    "fr-FR fr-CH de de-DE de-AT de-CH it nl sv da nb nn no fi is pl cs sk sl hr bs sr "
    "sr-Latn ru uk be kk tr az ar ar-SA ar-EG ar-MA he fa ur hi bn ta th vi id ms fil ja ko "
    "zh zh-Hans zh-Hant zh-CN zh-TW zh-HK ca gl eu ro el hu lt lv et sq mk bg ka hy sw af am"
)
LEGACY = words("iw iw-IL in ji tl tl-PH no no-NO mo mo-MD sh sh-BA cmn zh-min-nan und-TW")


@dataclass(frozen=True, slots=True)
class Case:
    available: tuple[str, ...]
    requested: tuple[str, ...]


@lru_cache(maxsize=1)
def _cldr_tags() -> tuple[str, ...]:
    return tuple(sorted(i.replace("_", "-") for i in locale_identifiers() if i != "root"))


def random_cases(seed: int, count: int) -> list[Case]:
    """``count`` cases, the same ones for the same seed."""
    rng = random.Random(seed)
    cldr = _cldr_tags()
    cases = []
    while len(cases) < count:
        available: list[str] = []
        seen: set[tuple[str, str, str]] = set()
        for tag in rng.sample(PACK_POOL, rng.randint(2, 8)):
            if lsr(tag).subtags not in seen:  # a pack has no two keys for one locale
                seen.add(lsr(tag).subtags)
                available.append(tag)
        if len(available) < 2:
            continue
        languages = sorted({t.split("-")[0] for t in available})
        requested = []
        for _ in range(rng.randint(1, 3)):
            roll = rng.random()
            if roll < 0.45:
                requested.append(rng.choice(cldr))
            elif roll < 0.85:
                language = rng.choice(languages)
                related = [t for t in cldr if t.split("-")[0] == language] or [language]
                requested.append(rng.choice(related))
            else:
                requested.append(rng.choice(LEGACY))
        cases.append(Case(tuple(available), tuple(requested)))
    return cases


def ours(case: Case, cross_script: bool) -> int:
    """Index of our answer in ``case.available``, -1 for no match."""
    found = LocaleMatcher(case.available, cross_script=cross_script).match(case.requested)
    return case.available.index(found) if found is not None else -1


def icu_answers(case: Case, cross_script: bool) -> frozenset[int]:
    """What the oracle accepts: indexes into ``case.available``, -1 for no match.

    One answer, ICU's, unless ICU's answer crosses scripts with ``cross_script``
    False: then the best pair without that one is either ICU's answer without that
    supported locale, or ICU's answer without that requested tag (kept in place as a
    tag that matches nothing, so later tags keep their demotion); both are asked,
    recursively, and either is accepted.
    """
    return _icu(case, tuple(range(len(case.available))), case.requested, cross_script)


_NOTHING = "zxx"  # "no linguistic content": matches none of the pack locales


def _icu(
    case: Case, allowed: tuple[int, ...], requested: tuple[str, ...], cross_script: bool
) -> frozenset[int]:
    import icu  # PyICU: the test oracle, optional

    if not allowed:
        return frozenset({-1})
    builder = icu.LocaleMatcher.Builder()
    builder.setSupportedLocales([icu.Locale.forLanguageTag(case.available[i]) for i in allowed])
    desired = [icu.Locale.forLanguageTag(t) for t in requested]
    result = builder.build().getBestMatchResult(desired)
    if result.getSupportedIndex() < 0:
        return frozenset({-1})
    chosen = allowed[result.getSupportedIndex()]
    served = result.getDesiredIndex()
    if cross_script or lsr(case.available[chosen]).script == lsr(requested[served]).script:
        return frozenset({chosen})
    without_locale = tuple(i for i in allowed if i != chosen)
    without_tag = (*requested[:served], _NOTHING, *requested[served + 1 :])
    return _icu(case, without_locale, requested, False) | _icu(case, allowed, without_tag, False)


@dataclass(frozen=True, slots=True)
class Agreement:
    agreed: int
    total: int
    misses: tuple[tuple[Case, frozenset[int], int], ...]  # case, the oracle's, ours

    @property
    def percent(self) -> float:
        return 100 * self.agreed / self.total if self.total else 100.0


def agreement(cases: Sequence[Case], cross_script: bool) -> Agreement:
    """How often we answer what the oracle answers."""
    misses = []
    for case in cases:
        expected, got = icu_answers(case, cross_script), ours(case, cross_script)
        if got not in expected:
            misses.append((case, expected, got))
    return Agreement(len(cases) - len(misses), len(cases), tuple(misses))


def describe(case: Case, answer: int | frozenset[int]) -> str:
    """``en-GB``, ``(no match)``, or ``en-GB or (no match)`` for an oracle's set."""
    if isinstance(answer, frozenset):
        return " or ".join(describe(case, i) for i in sorted(answer))
    return case.available[answer] if answer >= 0 else "(no match)"
