"""CLDR's language-matching data, read from the files ``language_data`` ships.

``language_data`` (the data half of ``langcodes``) carries two CLDR supplemental
files: ``languageInfo.xml`` (the ``languageMatching`` rules: language pairs, script
pairs, regional clusters such as ``$enUS`` or ``$americas``, paradigm locales) and
``supplementalData.xml`` (territory containment, which turns ``$americas = 019``
into countries). Both are read once, on first use, never at import: start-up
matters and most commands never match a locale.

The rules are kept as CLDR writes them; :mod:`msgtemplate.locales.distance` gives
them ICU's meaning (first matching rule wins, both directions unless ``oneway``,
regions compared through the partitions the cluster variables induce).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from msgtemplate.caches import cached

ANY: Final = "*"


@dataclass(frozen=True, slots=True)
class Rule:
    """One ``<languageMatch>``: each side is (language, script, region) patterns.

    ``script``/``region`` are None when the rule stops at that level; a pattern is
    a subtag, ``*``, or (regions only) a cluster ``$name`` / its complement
    ``$!name``. A literal region becomes the one-region cluster ``$GB``.
    """

    desired: tuple[str, ...]
    supported: tuple[str, ...]
    distance: int
    oneway: bool


@dataclass(frozen=True, slots=True)
class MatchingData:
    """Everything the distance needs, indexed for lookups."""

    languages: dict[tuple[str, str], int]  # (desired, supported) -> distance
    scripts: dict[tuple[str, str], dict[tuple[str, str], int]]  # language pair -> script pair
    regions: dict[str, tuple[Rule, ...]]  # language -> its region rules, in file order
    default_language: int
    default_script: int
    default_region: int
    paradigms: tuple[str, ...]  # paradigm locales as CLDR writes them ("en_GB")
    clusters: dict[str, frozenset[str]]  # "$enUS" -> leaf regions; "$!enUS" -> the rest
    partitions: dict[str, frozenset[frozenset[str]]]  # region -> cluster sets it spans


@cached("locales.matching_data")
def matching_data() -> MatchingData:
    """The parsed data (loaded once per process)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(_read("languageInfo.xml"))  # noqa: S314
    block = next(
        m for m in root.iter("languageMatches") if m.get("type") in ("written_new", "written")
    )
    paradigms: tuple[str, ...] = ()
    variables: dict[str, str] = {}
    rules: list[Rule] = []
    for element in block:
        if element.tag == "paradigmLocales":
            paradigms = tuple(element.get("locales", "").split())
        elif element.tag == "matchVariable":
            variables[element.get("id", "")] = element.get("value", "")
        elif element.tag == "languageMatch":
            rules.append(
                Rule(
                    tuple(element.get("desired", "").split("_")),
                    tuple(element.get("supported", "").split("_")),
                    int(element.get("distance", "0")),
                    element.get("oneway") == "true",
                )
            )
    containment = _containment(_read("supplementalData.xml"))
    return _index(rules, variables, paradigms, containment)


def _read(name: str) -> str:
    import language_data  # the data package of langcodes; its files sit beside it

    return (Path(language_data.__file__).parent / "data" / name).read_text(encoding="utf-8")


_GROUP = re.compile(r'<group type="(\w+)" contains="([^"]+)"')


def _containment(text: str) -> dict[str, frozenset[str]]:
    """Each macro-region -> every region under it (groupings and deprecated codes too,
    as ICU builds it), from the ``territoryContainment`` block."""
    start = text.index("<territoryContainment>")
    end = text.index("</territoryContainment>", start)
    direct: dict[str, set[str]] = {}
    for container, contents in _GROUP.findall(text, start, end):
        direct.setdefault(container, set()).update(contents.split())
    resolved: dict[str, frozenset[str]] = {}

    def resolve(region: str, seen: frozenset[str]) -> frozenset[str]:
        if region in resolved:
            return resolved[region]
        found: set[str] = set()
        for child in direct.get(region, ()):
            if child not in seen:  # guards against a cycle in the data
                found.add(child)
                found |= resolve(child, seen | {child})
        resolved[region] = frozenset(found)
        return resolved[region]

    resolve("001", frozenset({"001"}))
    return {region: under for region, under in resolved.items() if under}


def _index(
    rules: list[Rule],
    variables: dict[str, str],
    paradigms: tuple[str, ...],
    containment: dict[str, frozenset[str]],
) -> MatchingData:
    leaves = frozenset(r for r in containment["001"] if r not in containment)

    def expand(value: str) -> frozenset[str]:
        # "US+005-BR": left to right, each macro-region stands for its leaves.
        regions: set[str] = set()
        for sign, code in re.findall(r"([+-]?)(\w+)", value):
            members = {r for r in containment.get(code, {code}) if r not in containment}
            if sign == "-":
                regions -= members
            else:
                regions |= members
        return frozenset(regions)

    clusters: dict[str, frozenset[str]] = {}
    for name, value in variables.items():
        clusters[name] = expand(value)
    languages: dict[tuple[str, str], int] = {}
    scripts: dict[tuple[str, str], dict[tuple[str, str], int]] = {}
    regions: dict[str, list[Rule]] = {}
    defaults = {1: 80, 2: 50, 3: 4}
    for rule in rules:
        level = len(rule.desired)
        if rule.desired[0] == ANY:
            defaults[level] = rule.distance
            continue
        pair = (rule.desired[0], rule.supported[0])
        swapped = (rule.supported[0], rule.desired[0])
        if level == 1:
            languages.setdefault(pair, rule.distance)
            if not rule.oneway:
                languages.setdefault(swapped, rule.distance)
        elif level == 2:
            scripts.setdefault(pair, {}).setdefault(
                (rule.desired[1], rule.supported[1]), rule.distance
            )
            if not rule.oneway:
                scripts.setdefault(swapped, {}).setdefault(
                    (rule.supported[1], rule.desired[1]), rule.distance
                )
        else:
            regions.setdefault(rule.desired[0], []).append(_with_clusters(rule, clusters, expand))
    for name, members in list(clusters.items()):
        clusters["$!" + name[1:]] = leaves - members
    atoms = {
        leaf: frozenset(name for name, members in clusters.items() if leaf in members)
        for leaf in leaves
    }
    partitions: dict[str, frozenset[frozenset[str]]] = {
        leaf: frozenset({atom}) for leaf, atom in atoms.items()
    }
    for macro, under in containment.items():
        spanned = frozenset(atoms[r] for r in under if r in atoms)
        if spanned:
            partitions[macro] = spanned
    return MatchingData(
        languages=languages,
        scripts=scripts,
        regions={language: tuple(found) for language, found in regions.items()},
        default_language=defaults[1],
        default_script=defaults[2],
        default_region=defaults[3],
        paradigms=paradigms,
        clusters=clusters,
        partitions=partitions,
    )


def _with_clusters(
    rule: Rule,
    clusters: dict[str, frozenset[str]],
    expand: Callable[[str], frozenset[str]],
) -> Rule:
    """A region rule whose literal regions ("GB") are one-region clusters ("$GB")."""
    sides = []
    for side in (rule.desired, rule.supported):
        region = side[2]
        if region != ANY and not region.startswith("$"):
            clusters.setdefault("$" + region, expand(region))
            region = "$" + region
        sides.append((*side[:2], region))
    return Rule(sides[0], sides[1], rule.distance, rule.oneway)
