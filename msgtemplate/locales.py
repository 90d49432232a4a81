"""Locale tags: normalisation, CLDR likely subtags, the parent chain and best match.

Every rule here comes from CLDR data as Babel ships it (likely subtags, parent
locales, language and territory aliases); nothing is a hand-kept table.

Vocabulary used throughout:

* *normalised* tag: canonical BCP 47 spelling of what was asked (``"zh_tw"`` ->
  ``"zh-TW"``, ``"iw"`` -> ``"he"``), see :func:`normalize_tag`.
* *maximised* tag: language-Script-REGION filled in from likely subtags
  (``"zh-TW"`` -> ``"zh-Hant-TW"``), see :func:`maximize`.
* *CLDR id*: the tag with its maximised script, which is left out when it is the
  language's default and likely subtags would bring it back, and with a region
  only if one was given (``"zh-TW"`` -> ``"zh-Hant-TW"``, ``"zh-Hans"`` -> ``"zh"``,
  ``"en-Latn-US"`` -> ``"en-US"``, ``"sr-Cyrl-ME"`` stays). It is how CLDR names
  locales, so it is the form the parent chain is walked in and the form
  :func:`fallback_chain` returns.

Matching (:func:`match_locale`, :class:`LocaleMatcher`), for each requested tag in
order, stops at the first hit of:

1. ``exact``: an available tag with the same maximised form (``zh-TW`` = ``zh-Hant``);
2. ``parent``: an available tag whose CLDR id is an ancestor in the chain
   (``en-AU`` -> ``en-001`` -> ``en``);
3. ``sibling``: an available tag of the same language and script, preferring the
   one that shares the nearest ancestor (``en-AU`` prefers ``en-GB`` to ``en-US``
   through ``en-001``), then the order of ``available``.

Only when every requested tag is exhausted does ``default`` apply. A match never
crosses language or script: the chain stops at root when a script is not the
language's default (``zh-Hant`` -> root, never ``zh``), and CLDR parent entries
that name another language (``hi-Latn`` -> ``en-IN``, ``nb`` -> ``no``) are not
followed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple

import babel
from babel.core import get_global
from babel.localedata import locale_identifiers

from msgtemplate.errors import MsgTemplateError

__all__ = [
    "LocaleError",
    "LocaleMatcher",
    "MatchExplanation",
    "MatchHow",
    "babel_locale",
    "explain_match",
    "fallback_chain",
    "match_locale",
    "maximize",
    "normalize_tag",
]

MatchHow = Literal["exact", "parent", "sibling", "default"]


class LocaleError(MsgTemplateError, ValueError):
    """A locale tag is malformed or names something CLDR does not know."""

    def __init__(self, tag: object, reason: str) -> None:
        self.tag = tag
        self.reason = reason
        super().__init__(f"invalid locale tag {_shown(tag)}: {reason}")


def _shown(tag: object) -> str:
    # A tag can come from a user or a file of any size; the message stays one line.
    text = repr(tag)
    return text if len(text) <= 40 else text[:37] + "...'"


# --------------------------------------------------------------------------- CLDR data


class _Cldr(NamedTuple):
    likely: dict[str, str]  # Babel ids ("zh_TW" -> "zh_Hant_TW")
    parents: dict[str, str]  # CLDR id -> CLDR id ("en-AU" -> "en-001"), same language only
    language_aliases: dict[str, str]
    territory_aliases: dict[str, list[str]]
    languages: frozenset[str]
    scripts: frozenset[str]
    regions: frozenset[str]
    babel_ids: dict[str, str]  # lower-case "-" form -> Babel id ("ca-es-valencia" -> ...)


# CLDR parents that name another language code are followed only where that code is
# the child's ISO 639-3 macrolanguage: Norwegian Bokmål and Nynorsk fall back to
# Norwegian (many phones report nb-NO; packs often say `no`), while Hinglish
# (hi-Latn -> en-IN) is another language and is not followed.
_MACROLANGUAGES: dict[str, str] = {"nb": "no", "nn": "no"}


@lru_cache(maxsize=1)
def _cldr() -> _Cldr:
    # Loaded on first use, not at import: the CLI imports this lazily and start-up matters.
    likely: dict[str, str] = dict(get_global("likely_subtags"))
    ids = locale_identifiers()
    languages = {k.split("_")[0] for k in likely} | {v.split("_")[0] for v in likely.values()}
    languages |= {i.split("_")[0] for i in ids}
    languages.discard("und")  # "undetermined" maximises to en-US: it would cross languages
    english = babel.Locale("en")
    scripts = set(english.scripts) | {v.split("_")[1] for v in likely.values()}
    scripts -= {"Zzzz", "Zxxx", "Zyyy", "Zinh", "Zmth", "Zsye", "Zsym"}  # not writing systems
    regions = set(english.territories) | {v.split("_")[2] for v in likely.values()}
    regions.discard("ZZ")  # "unknown region"
    parents: dict[str, str] = {}
    for child, parent in get_global("parent_exceptions").items():
        child_language, parent_language = child.split("_")[0], parent.split("_")[0]
        if child_language == parent_language or (
            _MACROLANGUAGES.get(child_language) == parent_language
        ):
            parents[child.replace("_", "-")] = parent.replace("_", "-")
    return _Cldr(
        likely=likely,
        parents=parents,
        language_aliases=dict(get_global("language_aliases")),
        territory_aliases=dict(get_global("territory_aliases")),
        languages=frozenset(languages),
        scripts=frozenset(scripts),
        regions=frozenset(regions),
        babel_ids={i.replace("_", "-").lower(): i for i in ids},
    )


# --------------------------------------------------------------------------- parsing


class _Tag(NamedTuple):
    language: str
    script: str | None
    region: str | None
    variants: tuple[str, ...]

    def __str__(self) -> str:
        parts = [self.language]
        if self.script:
            parts.append(self.script)
        if self.region:
            parts.append(self.region)
        parts.extend(self.variants)
        return "-".join(parts)


_SEP = re.compile(r"[-_]")
_ALPHA = re.compile(r"[A-Za-z]+")
_VARIANT = re.compile(r"[0-9A-Za-z]{5,8}|[0-9][0-9A-Za-z]{3}")
_REGION = re.compile(r"[A-Za-z]{2}|[0-9]{3}")


@lru_cache(maxsize=4096)
def _parse(tag: str) -> _Tag:
    """Validate and canonicalise ``tag`` (any case, ``-`` or ``_``); raises LocaleError."""
    if not tag:
        raise LocaleError(tag, "empty tag")
    if not tag.isascii():
        raise LocaleError(tag, "a locale tag is ASCII letters, digits, '-' and '_'")
    subtags = _SEP.split(tag)
    if any(not s for s in subtags):
        raise LocaleError(tag, "empty subtag (doubled, leading or trailing '-' or '_')")
    for s in subtags[1:]:
        if len(s) == 1:
            raise LocaleError(
                tag, f"extension and private-use subtags ({_shown(s)}) are not supported"
            )
    for s in subtags:
        if not s.isalnum():
            raise LocaleError(
                tag, f"subtag {_shown(s)} has characters other than letters and digits"
            )
    data = _cldr()
    first, rest = subtags[0], subtags[1:]
    if not (_ALPHA.fullmatch(first) and 2 <= len(first) <= 3):
        raise LocaleError(tag, f"the language subtag {_shown(first)} must be 2 or 3 letters")
    language = first.lower()
    script: str | None = None
    region: str | None = None
    if rest and len(rest[0]) == 4 and _ALPHA.fullmatch(rest[0]):
        script = rest.pop(0).title()
        if script not in data.scripts:
            raise LocaleError(tag, f"unknown script {script!r}")
    if rest and _REGION.fullmatch(rest[0]):
        region = rest.pop(0).upper()
    variants: list[str] = []
    for s in rest:
        if not _VARIANT.fullmatch(s):
            raise LocaleError(tag, f"subtag {_shown(s)} is out of place or not a valid variant")
        if s.lower() in variants:
            raise LocaleError(tag, f"variant {_shown(s)} appears twice")
        variants.append(s.lower())

    # Legacy and deprecated codes (iw -> he, tl -> fil, sh -> sr-Latn): the
    # replacement's script and region fill only what the tag itself leaves open.
    alias = data.language_aliases.get(language)
    if alias is not None:
        a_lang, a_script, a_region = _split_babel_id(alias)
        language = a_lang
        script = script or a_script
        region = region or a_region
    if language == "und":
        raise LocaleError(tag, "'und' (undetermined language) cannot be matched")
    if language not in data.languages:
        raise LocaleError(tag, f"unknown language {language!r} (not in CLDR)")
    if region is not None:
        replacement = data.territory_aliases.get(region)
        if replacement:
            region = _pick_region(language, script, replacement)
        if region not in data.regions:
            raise LocaleError(tag, f"unknown region {region!r}")
    return _Tag(language, script, region, tuple(variants))


def _split_babel_id(babel_id: str) -> tuple[str, str | None, str | None]:
    lang, *more = babel_id.split("_")
    script = next((m for m in more if len(m) == 4), None)
    region = next((m for m in more if len(m) in (2, 3)), None)
    return lang, script, region


def _pick_region(language: str, script: str | None, choices: list[str]) -> str:
    # CLDR: of a split territory (SU, YU...) take the language's likely region if
    # it is one of them, else the first.
    likely = _lookup_likely(language, script, None)
    if likely is not None and likely.region in choices:
        return likely.region
    return choices[0]


def _lookup_likely(language: str, script: str | None, region: str | None) -> _Tag | None:
    likely = _cldr().likely
    keys = []
    if script and region:
        keys.append(f"{language}_{script}_{region}")
    if region:
        keys.append(f"{language}_{region}")
    if script:
        keys.append(f"{language}_{script}")
    keys.append(language)
    for key in keys:
        found = likely.get(key)
        if found is not None:
            lang, s, r = _split_babel_id(found)
            return _Tag(lang, s, r, ())
    return None


# --------------------------------------------------------------------------- derived forms


@lru_cache(maxsize=4096)
def _maximized(norm: _Tag) -> _Tag:
    found = _lookup_likely(norm.language, norm.script, norm.region)
    if found is None:
        return norm
    return _Tag(
        norm.language, norm.script or found.script, norm.region or found.region, norm.variants
    )


@lru_cache(maxsize=1024)
def _default_script(language: str) -> str | None:
    found = _lookup_likely(language, None, None)
    return found.script if found else None


@lru_cache(maxsize=4096)
def _cldr_id(norm: _Tag) -> _Tag:
    # Drop the script only when it is the language's default (zh-Hant-TW keeps it,
    # so truncation leads to zh-Hant) and likely subtags would bring it back
    # (sr-Cyrl-RS -> sr-RS, but sr-Cyrl-ME stays: sr-ME is Latin).
    script = _maximized(norm).script
    bare = _Tag(norm.language, None, norm.region, norm.variants)
    if (
        script is not None
        and script == _default_script(norm.language)
        and _maximized(bare).script == script
    ):
        return bare
    return _Tag(norm.language, script, norm.region, norm.variants)


def _parent(tag: _Tag) -> _Tag | None:
    """The CLDR parent of a CLDR id, or None for root."""
    explicit = _cldr().parents.get(str(tag))
    if explicit is not None:
        return _parse(explicit)
    if tag.variants:
        return tag._replace(variants=tag.variants[:-1])
    if tag.region:
        return tag._replace(region=None)
    if tag.script:
        # CLDR: a script other than the language's default has root as parent,
        # so zh-Hant never falls to zh (which is Simplified).
        default = _default_script(tag.language)
        if default is not None and tag.script != default:
            return None
        return tag._replace(script=None)
    return None


@lru_cache(maxsize=4096)
def _chain(norm: _Tag) -> tuple[_Tag, ...]:
    links: list[_Tag] = []
    current: _Tag | None = _cldr_id(norm)
    while current is not None and current not in links:  # `not in`: guard against data cycles
        links.append(current)
        parent = _parent(current)
        current = _cldr_id(parent) if parent is not None else None
    return tuple(links)


# --------------------------------------------------------------------------- public helpers


def normalize_tag(tag: str) -> str:
    """Canonical BCP 47 spelling of ``tag``.

    Case-insensitive, ``-`` or ``_``; legacy and deprecated codes are replaced with
    CLDR's aliases (``iw`` -> ``he``, ``in`` -> ``id``, ``ji`` -> ``yi``, ``tl`` ->
    ``fil``, ``UK`` -> ``GB``); language lower, Script Title, REGION upper, variants
    lower: ``"zh_cn"`` -> ``"zh-CN"``, ``"ZH-hant-tw"`` -> ``"zh-Hant-TW"``.
    Nothing is added or removed (that is :func:`maximize`'s job).

    Raises :class:`LocaleError` for a malformed tag, a language, script or region
    CLDR does not know, ``und``, and extension or private-use subtags (``-u-``,
    ``-x-``), which no template variant can use.
    """
    return str(_parse(_checked(tag)))


def _checked(tag: object) -> str:
    # Before the cache: an unhashable non-string would give a TypeError, not our error.
    if not isinstance(tag, str):
        raise LocaleError(tag, "a locale tag must be a string")
    return tag


def maximize(tag: str) -> str:
    """``tag`` with script and region filled from CLDR likely subtags.

    ``"zh-TW"`` -> ``"zh-Hant-TW"``, ``"pt"`` -> ``"pt-Latn-BR"``, ``"sr-ME"`` ->
    ``"sr-Latn-ME"``. Subtags the tag already has are kept.
    """
    return str(_maximized(_parse(_checked(tag))))


def fallback_chain(tag: str) -> tuple[str, ...]:
    """The CLDR parent chain of ``tag``, from itself to the last ancestor before root.

    Every element is a CLDR id: the maximised script, dropped when it is the
    language's default, and a region only if the tag has one. So the first element
    is ``tag`` as CLDR names it, not the maximised form: ``"en-AU"`` -> ``("en-AU",
    "en-001", "en")``, ``"zh-TW"`` -> ``("zh-Hant-TW", "zh-Hant")``, ``"zh-CN"`` ->
    ``("zh-CN", "zh")`` (``zh`` is Simplified), ``"pt-AO"`` -> ``("pt-AO",
    "pt-PT", "pt")``. Root is never listed.
    """
    return tuple(str(t) for t in _chain(_parse(_checked(tag))))


@lru_cache(maxsize=256)
def babel_locale(tag: str) -> babel.Locale:
    """The Babel locale to format values for ``tag`` in (cached).

    Uses the most specific CLDR data there is along :func:`fallback_chain`
    (``"en-Latn-AU"`` -> ``en_AU``, ``"zh-TW"`` -> ``zh_Hant_TW``).
    """
    norm = _parse(_checked(tag))
    ids = _cldr().babel_ids
    for link in (norm, *_chain(norm)):
        babel_id = ids.get(str(link).lower())
        if babel_id is not None:
            return babel.Locale.parse(babel_id)
    raise LocaleError(tag, "CLDR has no formatting data for this language")


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class MatchExplanation:
    """How :func:`match_locale` chose, for ``msgtemplate preview --explain``.

    ``chains`` holds the fallback chain of each requested tag that was tried, in
    order (the last one is the winner's, when there is a winner among them);
    ``via`` is the maximised form (``exact``), the ancestor (``parent``) or the
    shared ancestor, if any (``sibling``) through which ``winner`` was reached.
    """

    requested: tuple[str, ...]
    available: tuple[str, ...]
    chains: tuple[tuple[str, ...], ...]
    winner: str | None
    how: MatchHow | None
    matched_request: str | None
    via: str | None

    def describe(self) -> str:
        """A few lines for people (the library never prints; the CLI does)."""
        lines = [f"requested: {', '.join(self.requested) or '(none)'}"]
        lines.append(f"available: {', '.join(self.available) or '(none)'}")
        for tag, chain in zip(self.requested, self.chains, strict=False):
            lines.append(f"  {tag}: {' -> '.join(chain)} -> root")
        if self.how is None:
            lines.append("no match and no default")
        elif self.how == "default":
            lines.append(f"no match: default {self.winner}")
        elif self.how == "exact":
            lines.append(f"{self.winner}: exact match for {self.matched_request} (as {self.via})")
        elif self.how == "parent":
            lines.append(f"{self.winner}: parent {self.via} of {self.matched_request}")
        else:
            shared = f" (nearest shared ancestor: {self.via})" if self.via else ""
            lines.append(
                f"{self.winner}: same language and script as {self.matched_request}{shared}"
            )
        return "\n".join(lines)


class _Entry(NamedTuple):
    slot: int  # position in `available`
    norm: _Tag
    maximized: _Tag
    chain: frozenset[_Tag]


class _Hit(NamedTuple):
    slot: int  # position in `available`
    how: MatchHow
    request: int  # which requested tag won
    via: _Tag | None


class LocaleMatcher:
    """Matches requested tags against one list of available tags, many times.

    The available tags are validated, normalised and maximised once; results are
    cached per requested tag (or tuple of tags) in a bounded LRU cache, so matching
    a tag seen before costs about a microsecond. Safe to share between threads:
    after construction it holds only immutable data and a thread-safe cache.

    An invalid available tag raises :class:`LocaleError` naming it here, at
    construction: a pack's content keys are checked when it loads, not when a user
    happens to ask for them.
    """

    __slots__ = ("_available", "_by_key", "_by_max", "_by_script", "_cached", "_entries")

    def __init__(self, available: Sequence[str], *, cache_size: int = 1024) -> None:
        if isinstance(available, str):
            raise TypeError("available must be a sequence of tags, not one string")
        self._available: tuple[str, ...] = tuple(available)
        entries: list[_Entry] = []
        by_max: dict[_Tag, list[int]] = {}
        by_key: dict[_Tag, int] = {}
        by_script: dict[tuple[str, str | None], list[int]] = {}
        for index, written in enumerate(self._available):
            norm = _parse(_checked(written))
            maximized = _maximized(norm)
            entries.append(_Entry(index, norm, maximized, frozenset(_chain(norm))))
            by_max.setdefault(maximized, []).append(index)
            by_key.setdefault(_cldr_id(norm), index)
            by_script.setdefault((norm.language, maximized.script), []).append(index)
        self._entries = tuple(entries)
        self._by_max = by_max
        self._by_key = by_key
        self._by_script = by_script
        self._cached = lru_cache(maxsize=cache_size)(self._resolve)

    @property
    def available(self) -> tuple[str, ...]:
        return self._available

    def match(self, requested: str | Sequence[str], default: str | None = None) -> str | None:
        """The best element of ``available`` as written, else ``default``, else None."""
        key = _request_key(requested)
        try:  # inlined rather than self._lookup: this is the hot path
            hit = self._cached(key)
        except TypeError:
            _check_all(key)
            raise
        return self._available[hit.slot] if hit is not None else default

    def explain(
        self, requested: str | Sequence[str], default: str | None = None
    ) -> MatchExplanation:
        """What :meth:`match` returns for ``requested``, and why."""
        key = _request_key(requested)
        hit = self._lookup(key)
        tags = [_parse(_checked(t)) for t in key]
        walked = tags if hit is None else tags[: hit.request + 1]
        how: MatchHow | None
        if hit is not None:
            winner: str | None = self._available[hit.slot]
            how = hit.how
        else:
            winner = default
            how = "default" if default is not None else None
        return MatchExplanation(
            requested=tuple(str(t) for t in tags),
            available=self._available,
            chains=tuple(tuple(str(link) for link in _chain(t)) for t in walked),
            winner=winner,
            how=how,
            matched_request=str(tags[hit.request]) if hit is not None else None,
            via=str(hit.via) if hit is not None and hit.via is not None else None,
        )

    def _lookup(self, key: tuple[str, ...]) -> _Hit | None:
        try:
            return self._cached(key)
        except TypeError:
            _check_all(key)
            raise

    def _resolve(self, key: tuple[str, ...]) -> _Hit | None:
        tags = [_parse(_checked(t)) for t in key]  # all first: a bad tag is an error anywhere
        for position, tag in enumerate(tags):
            hit = self._resolve_one(tag)
            if hit is not None:
                index, how, via = hit
                return _Hit(index, how, position, via)
        return None

    def _resolve_one(self, tag: _Tag) -> tuple[int, MatchHow, _Tag | None] | None:
        maximized = _maximized(tag)
        same = self._by_max.get(maximized)
        if same:
            # Several spellings of one locale (zh-TW, zh-Hant): prefer the one asked for.
            literal = next((i for i in same if self._entries[i].norm == tag), same[0])
            return literal, "exact", maximized
        chain = _chain(tag)
        for link in chain:
            index = self._by_key.get(link)
            if index is not None:
                return index, ("exact" if link == chain[0] else "parent"), link
        candidates = self._by_script.get((tag.language, maximized.script))
        if not candidates:
            return None
        # Nearest shared ancestor first (a descendant of the tag itself ranks 0), then
        # the order of `available`.
        best_rank, best = len(chain), candidates[0]
        for i in candidates:
            rank = next(
                (r for r, link in enumerate(chain) if link in self._entries[i].chain),
                len(chain),
            )
            if rank < best_rank:
                best_rank, best = rank, i
        return best, "sibling", chain[best_rank] if best_rank < len(chain) else None


def _check_all(key: tuple[object, ...]) -> None:
    # An unhashable element fails in the cache before _resolve sees it: report it
    # as the bad tag it is.
    for tag in key:
        _checked(tag)


def _request_key(requested: str | Sequence[str]) -> tuple[str, ...]:
    if isinstance(requested, str):
        return (requested,)
    return tuple(requested)


@lru_cache(maxsize=128)
def _matcher_for(available: tuple[str, ...]) -> LocaleMatcher:
    return LocaleMatcher(available)


def match_locale(
    requested: str | Sequence[str], available: Sequence[str], default: str | None = None
) -> str | None:
    """The element of ``available`` (as written) that best serves ``requested``.

    ``requested`` is one tag or a list in preference order. Returns ``default`` (as
    given, not validated) when no requested tag matches, else None. Every tag is
    validated: a malformed or unknown one, requested or available, raises
    :class:`LocaleError`. See the module docstring for the rules.
    """
    return _matcher_for(_available(available)).match(requested, default)


def _available(available: Sequence[str]) -> tuple[str, ...]:
    if isinstance(available, str):  # a lone tag would be read as a list of letters
        raise TypeError("available must be a list of tags, not a single string")
    return tuple(available)


def explain_match(
    requested: str | Sequence[str], available: Sequence[str], default: str | None = None
) -> MatchExplanation:
    """What :func:`match_locale` would return, and why."""
    return _matcher_for(_available(available)).explain(requested, default)
