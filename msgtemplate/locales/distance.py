"""CLDR language distance between two maximized locales, as ICU's LocaleMatcher computes it.

The distance of a desired (language, script, region) from a supported one is the sum
of three parts, each from CLDR's ``languageMatching`` rules
(:mod:`msgtemplate.locales.matching_data`), the first matching rule winning and
rules applying both ways unless marked ``oneway``:

* language: 0 when equal, else the pair's rule (``nb`` -> ``no`` 1, ``gl`` -> ``es``
  20, ``kk`` -> ``ru`` 30) or 80;
* script: 0 when equal, else the rule for the pair under these two languages
  (``sr-Latn`` -> ``sr-Cyrl`` 5) or 50;
* region: 0 when equal; for a language with regional clusters (en, es, pt, ar,
  Traditional Chinese) the rule for the two regions' clusters (``en-AU`` ->
  ``en-GB`` 3, one cluster 4, across clusters 5); otherwise 4. A macro-region
  (``419``, ``001``) spans the clusters of the countries under it and takes the
  largest distance, as ICU does.

ICU's default threshold is the default script distance (50): a supported locale at
50 or more is no match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from msgtemplate.caches import cached
from msgtemplate.locales.matching_data import ANY, MatchingData, Rule, matching_data

RegionRelation = Literal["same", "one cluster", "different clusters", "different"]


@dataclass(frozen=True, slots=True)
class Distance:
    """The parts of one distance, for explanations; ``total`` is what matching uses."""

    language: int
    script: int
    region: int
    region_relation: RegionRelation

    @property
    def total(self) -> int:
        return self.language + self.script + self.region

    def describe(self) -> str:
        """``same language and script, regions in one cluster, distance 3``."""
        parts: list[str] = []
        if self.language == 0 and self.script == 0:
            parts.append("same language and script")
        else:
            if self.language == 0:
                parts.append("same language")
            else:
                parts.append(f"{'close' if self.language < 80 else 'different'} languages")
            parts.append("same script" if self.script == 0 else "different scripts")
        if self.region_relation == "same":
            parts.append("same region")
        elif self.region_relation == "different":
            parts.append("different regions")
        else:
            parts.append(f"regions in {self.region_relation}")
        return f"{', '.join(parts)}, distance {self.total}"


Subtags = tuple[str, str, str]  # maximized (language, script, region)


@cached("locales.distance")
def distance(desired: Subtags, supported: Subtags) -> Distance:
    """How far ``supported`` is from what a reader of ``desired`` asked for."""
    data = matching_data()
    d_lang, d_script, d_region = desired
    s_lang, s_script, s_region = supported
    language = 0 if d_lang == s_lang else data.languages.get((d_lang, s_lang), -1)
    if language < 0:
        language = data.default_language
    script = 0
    if d_script != s_script:
        pairs = data.scripts.get((d_lang, s_lang))
        found = pairs.get((d_script, s_script)) if pairs is not None else None
        script = data.default_script if found is None else found
    if d_region == s_region:
        return Distance(language, script, 0, "same")
    if d_lang != s_lang or d_lang not in data.regions:
        return Distance(language, script, data.default_region, "different")
    rules = _rules_for(d_lang, d_script, s_script)
    if not rules:
        return Distance(language, script, data.default_region, "different")
    region, relation = _region(data, rules, d_region, s_region)
    return Distance(language, script, region, relation)


def _region(
    data: MatchingData, rules: tuple[Rule, ...], d_region: str, s_region: str
) -> tuple[int, RegionRelation]:
    # The largest distance over the clusters each side spans (one, unless it is a
    # macro-region). An unknown region (private use "AA") is in no cluster, as in ICU.
    empty: frozenset[frozenset[str]] = frozenset({frozenset()})
    return max(
        _first_rule(rules, d_atom, s_atom, data.default_region)
        for d_atom in data.partitions.get(d_region, empty)
        for s_atom in data.partitions.get(s_region, empty)
    )


@cached("locales.distance_rules")
def _rules_for(language: str, d_script: str, s_script: str) -> tuple[Rule, ...]:
    # Rules for any script ("en_*_$enUS") and for exactly these scripts
    # ("zh_Hant_$cnsar" between two Traditional Chinese locales).
    return tuple(
        rule
        for rule in matching_data().regions.get(language, ())
        if (rule.desired[1], rule.supported[1]) in ((ANY, ANY), (d_script, s_script))
        or (not rule.oneway and (rule.supported[1], rule.desired[1]) == (d_script, s_script))
    )


def _first_rule(
    rules: tuple[Rule, ...], d_atom: frozenset[str], s_atom: frozenset[str], default: int
) -> tuple[int, RegionRelation]:
    for rule in rules:
        d_pattern, s_pattern = rule.desired[2], rule.supported[2]
        if (_fits(d_pattern, d_atom) and _fits(s_pattern, s_atom)) or (
            not rule.oneway and _fits(d_pattern, s_atom) and _fits(s_pattern, d_atom)
        ):
            one = ANY not in (d_pattern, s_pattern)
            return rule.distance, ("one cluster" if one else "different clusters")
    return default, "different"


def _fits(pattern: str, atom: frozenset[str]) -> bool:
    return pattern == ANY or pattern in atom
