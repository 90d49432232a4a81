"""Known locale tags: strict validation, normalisation, likely subtags and the parent chain.

This is the strict half: every subtag must be one CLDR knows (a pack's content keys
and ``defaultLocale`` go through here, and so do lint's MT401/MT402). What a
*reader* asks for is parsed leniently by :mod:`msgtemplate.locales.lsr`.

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

The parent chain never crosses language or script: it stops at root when a script
is not the language's default (``zh-Hant`` -> root, never ``zh``), and CLDR parent
entries that name another language (``hi-Latn`` -> ``en-IN``) are not followed,
except Bokmål and Nynorsk, which fall back to their macrolanguage ``no``. Matching
no longer walks this chain (it uses CLDR's language distance, see
:mod:`msgtemplate.locales.matcher`); the chain still picks Babel's formatting data.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import babel

from msgtemplate.caches import cached
from msgtemplate.locales.babel_data import (
    cldr_data,
    likely_subtags,
    pick_region,
    split_babel_id,
)
from msgtemplate.locales.errors import LocaleError, checked, shown

__all__ = ["babel_locale", "fallback_chain", "maximize", "normalize_tag"]


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


@cached("locales.parse")
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
                tag, f"extension and private-use subtags ({shown(s)}) are not supported"
            )
    for s in subtags:
        if not s.isalnum():
            raise LocaleError(
                tag, f"subtag {shown(s)} has characters other than letters and digits"
            )
    data = cldr_data()
    first, rest = subtags[0], subtags[1:]
    if not (_ALPHA.fullmatch(first) and 2 <= len(first) <= 3):
        raise LocaleError(tag, f"the language subtag {shown(first)} must be 2 or 3 letters")
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
            raise LocaleError(tag, f"subtag {shown(s)} is out of place or not a valid variant")
        if s.lower() in variants:
            raise LocaleError(tag, f"variant {shown(s)} appears twice")
        variants.append(s.lower())

    # Legacy and deprecated codes (iw -> he, tl -> fil, sh -> sr-Latn): the
    # replacement's script and region fill only what the tag itself leaves open.
    alias = data.language_aliases.get(language)
    if alias is not None:
        a_lang, a_script, a_region = split_babel_id(alias)
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
            region = pick_region(language, script, replacement)
        if region not in data.regions:
            raise LocaleError(tag, f"unknown region {region!r}")
    return _Tag(language, script, region, tuple(variants))


# --------------------------------------------------------------------------- derived forms


@cached("locales.maximized")
def _maximized(norm: _Tag) -> _Tag:
    found = likely_subtags(norm.language, norm.script, norm.region)
    if found is None:
        return norm
    return _Tag(norm.language, norm.script or found[1], norm.region or found[2], norm.variants)


@cached("locales.default_script")
def _default_script(language: str) -> str | None:
    found = likely_subtags(language, None, None)
    return found[1] if found else None


@cached("locales.cldr_id")
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
    explicit = cldr_data().parents.get(str(tag))
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


@cached("locales.chain")
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
    return str(_parse(checked(tag)))


def maximize(tag: str) -> str:
    """``tag`` with script and region filled from CLDR likely subtags.

    ``"zh-TW"`` -> ``"zh-Hant-TW"``, ``"pt"`` -> ``"pt-Latn-BR"``, ``"sr-ME"`` ->
    ``"sr-Latn-ME"``. Subtags the tag already has are kept.
    """
    return str(_maximized(_parse(checked(tag))))


def fallback_chain(tag: str) -> tuple[str, ...]:
    """The CLDR parent chain of ``tag``, from itself to the last ancestor before root.

    Every element is a CLDR id: the maximised script, dropped when it is the
    language's default, and a region only if the tag has one. So the first element
    is ``tag`` as CLDR names it, not the maximised form: ``"en-AU"`` -> ``("en-AU",
    "en-001", "en")``, ``"zh-TW"`` -> ``("zh-Hant-TW", "zh-Hant")``, ``"zh-CN"`` ->
    ``("zh-CN", "zh")`` (``zh`` is Simplified), ``"pt-AO"`` -> ``("pt-AO",
    "pt-PT", "pt")``. Root is never listed.
    """
    return tuple(str(t) for t in _chain(_parse(checked(tag))))


@cached("locales.babel_locale")
def babel_locale(tag: str) -> babel.Locale:
    """The Babel locale to format values for ``tag`` in (cached).

    Uses the most specific CLDR data there is along :func:`fallback_chain`
    (``"en-Latn-AU"`` -> ``en_AU``, ``"zh-TW"`` -> ``zh_Hant_TW``).
    """
    norm = _parse(checked(tag))
    ids = cldr_data().babel_ids
    for link in (norm, *_chain(norm)):
        babel_id = ids.get(str(link).lower())
        if babel_id is not None:
            return babel.Locale.parse(babel_id)
    raise LocaleError(tag, "CLDR has no formatting data for this language")
