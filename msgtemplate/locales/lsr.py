"""What a locale tag means for matching: its maximized language, script and region.

Any well-formed BCP 47 tag is accepted here (RFC 5646 syntax, checked by
``langcodes``' parser): ``und-TW``, ``x-private``, grandfathered tags such as
``i-klingon``, extensions (``en-US-u-ca-buddhist``, ignored for matching), and
codes CLDR does not know (``qq`` is simply a language nobody else speaks). A
malformed tag raises :class:`~msgtemplate.locales.errors.LocaleError` saying what
is wrong. This is how ICU reads the tags it matches (``LSR``: language, script,
region), which is what lets us agree with it.

Steps, as CLDR and ICU define them: legacy and deprecated codes are replaced
(``iw`` -> ``he``, ``tl`` -> ``fil``, ``mo`` -> ``ro``, ``cmn`` -> ``zh``,
``UK`` -> ``GB``; as in ICU, only where the replacement is one language: ``sh``
stays ``sh``, which CLDR's rules bring close to ``sr``); then likely subtags fill
the script and region the tag leaves open (``zh-TW`` -> ``zh-Hant-TW``, ``und-TW``
-> ``zh-Hant-TW``, ``en-ZZ`` -> ``en-Latn-US``); a language CLDR
has no data for is looked up as ``und`` (``qq`` -> ``qq-Latn-US``). ``und`` alone
stays undetermined and matches only itself. Variants, extensions and private-use
subtags take no part in matching, except ICU's pseudo-locale markers below.

**Pseudo-locales.** A tag with the region ``XA`` (accented), ``XB`` (bidi) or ``XC``
(cracked), or whose only variant is ``PSACCENT``, ``PSBIDI`` or ``PSCRACK``, is a
pseudo-locale: test text, not a language. As ICU's ``XLikelySubtags`` does, it is
neither aliased nor maximized, and its language and script are marked with the
kind (``'`` ``+`` ``,``), so that it matches only a pseudo-locale of the same kind,
language and script as written (``en-XA`` and ``en-PSACCENT`` alike, never ``en``,
``en-Latn-XA`` or ``en-XB``).
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from msgtemplate.caches import cached
from msgtemplate.locales.babel_data import cldr_data, likely_subtags, pick_region
from msgtemplate.locales.errors import LocaleError, checked, shown

# Which subtags the tag itself gave (ICU's LSR flags): among locales that maximize
# alike, the one written most like the request wins (``en`` prefers ``en`` to ``en-US``).
EXPLICIT_LANGUAGE, EXPLICIT_SCRIPT, EXPLICIT_REGION = 4, 2, 1


class Lsr(NamedTuple):
    """A maximized tag: language, script, region (``""`` when undetermined), and flags."""

    language: str
    script: str
    region: str
    explicit: int

    @property
    def subtags(self) -> tuple[str, str, str]:
        return self.language, self.script, self.region

    def __str__(self) -> str:
        return "-".join(part for part in self.subtags if part)


UNDETERMINED = Lsr("und", "", "", 0)

_PSEUDO_REGIONS: Final = {"XA": "'", "XB": "+", "XC": ","}
_PSEUDO_VARIANTS: Final = {"psaccent": "XA", "psbidi": "XB", "pscrack": "XC"}


MAX_TAG_LENGTH: Final = 255
"""Longer tags are refused before any cache sees them (real ones are under 40 characters;
RFC 5646 asks for at least 35): memory stays bounded whatever a client sends."""


def lsr(tag: str) -> Lsr:
    """The matching form of ``tag`` (any well-formed BCP 47 tag; ``_`` allowed)."""
    if len(checked(tag)) > MAX_TAG_LENGTH:
        raise LocaleError(tag, f"longer than {MAX_TAG_LENGTH} characters")
    return _lsr(tag)


@cached("locales.lsr")
def _lsr(tag: str) -> Lsr:
    language, script, region, variants = _subtags(tag)
    pseudo = _pseudo(language, script, region, variants)
    if pseudo is not None:
        return pseudo
    if language.startswith("x-"):
        return Lsr(language, "", "", EXPLICIT_LANGUAGE | EXPLICIT_SCRIPT | EXPLICIT_REGION)
    data = cldr_data()
    alias = data.language_aliases.get(language)
    if alias is not None and "_" not in alias:
        # Only one-language replacements, as ICU's matcher: iw -> he, mo -> ro,
        # cmn -> zh; sh (-> sr-Latn) stays itself, which CLDR's rules match to sr.
        language = alias
    if script is not None:
        script = data.script_aliases.get(script, script)
    if region is not None:
        replacement = data.territory_aliases.get(region)
        if replacement:
            region = pick_region(language, script, replacement)
    explicit = (
        (EXPLICIT_LANGUAGE if language != "und" else 0)
        | (EXPLICIT_SCRIPT if script else 0)
        | (EXPLICIT_REGION if region else 0)
    )
    if language == "und" and not script and not region:
        return UNDETERMINED
    found = likely_subtags(language, script, region, unknown_as_und=True)
    if found is None:  # pragma: no cover - CLDR always has und
        return Lsr(language, script or "", region or "", explicit)
    return Lsr(
        language if language != "und" else found[0],
        script or found[1] or "",
        region or found[2] or "",
        explicit,
    )


# RFC 5646's langtag production (case-insensitive; CLDR also writes "_"). Our own
# regex rather than langcodes' parser: importing langcodes loads its whole data
# module (about 80 ms), which the CLI cannot afford on every run.
_LANGTAG: Final = re.compile(
    r"""
    (?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3} | [a-z]{4,8})
    (?:-(?P<script>[a-z]{4}))?
    (?:-(?P<region>[a-z]{2}|[0-9]{3}))?
    (?P<variants>(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)
    (?P<extensions>(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*)
    (?:-x(?:-[a-z0-9]{1,8})+)?
    """,
    re.VERBOSE,
)
_PRIVATE_USE: Final = re.compile(r"x(?:-[a-z0-9]{1,8})+")
# RFC 5646's closed list of grandfathered tags (part of its grammar, not data); their
# replacements come from langcodes (IANA's registry), imported only for them.
_GRANDFATHERED: Final = frozenset({
    "en-gb-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux",
    "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-be-fr", "sgn-be-nl",
    "sgn-ch-de", "art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu", "zh-hakka",
    "zh-min", "zh-min-nan", "zh-xiang",
})  # fmt: skip


def _pseudo(language: str, script: str | None, region: str | None, variants: str) -> Lsr | None:
    """ICU's reading of a pseudo-locale (see the module docstring), else None."""
    if region is None or region not in _PSEUDO_REGIONS:
        kind = _PSEUDO_VARIANTS.get(variants[1:]) if variants.count("-") == 1 else None
        if kind is None:
            return None
        explicit = EXPLICIT_LANGUAGE | EXPLICIT_SCRIPT | (EXPLICIT_REGION if region else 0)
        region = region or kind
    else:
        kind = region
        explicit = EXPLICIT_LANGUAGE | EXPLICIT_SCRIPT | EXPLICIT_REGION
    mark = _PSEUDO_REGIONS[kind]
    return Lsr(mark + language, mark + (script or ""), region, explicit)


def _subtags(tag: str) -> tuple[str, str | None, str | None, str]:
    if not tag:
        raise LocaleError(tag, "empty tag")
    if not tag.isascii():
        raise LocaleError(tag, "a locale tag is ASCII letters, digits, '-' and '_'")
    text = tag.lower().replace("_", "-")
    if text in _GRANDFATHERED:
        from langcodes import standardize_tag

        text = standardize_tag(text).lower()
    if _PRIVATE_USE.fullmatch(text):
        return text, None, None, ""
    found = _LANGTAG.fullmatch(text)
    if found is None:
        raise LocaleError(tag, _why_malformed(text))
    if found["extensions"] and _repeated_singleton(found["extensions"]):
        raise LocaleError(tag, "an extension singleton appears twice")
    language = found["language"]
    if "-" in language:  # zh-yue: the extended language is the language
        language = language.split("-")[1]
    # Zzzz (unknown script) and ZZ (unknown region) say nothing: likely subtags fill them.
    script = found["script"].title() if found["script"] not in (None, "zzzz") else None
    region = found["region"].upper() if found["region"] not in (None, "zz") else None
    language = "und" if language == "root" else language
    return language, script, region, found["variants"]


def normalize_requested(tag: str) -> str:
    """``tag`` as a reader's tag: any well-formed BCP 47 tag, in canonical case.

    ``"und_tw"`` -> ``"und-TW"``, ``"EN-us-u-ca-buddhist"`` -> ``"en-US-u-ca-buddhist"``.
    Raises :class:`LocaleError` for a malformed tag (unlike
    :func:`~msgtemplate.locales.normalize_tag`, CLDR need not know its subtags).
    """
    lsr(tag)
    return spelled_leniently(tag)


def check_reader_tag(tag: str) -> str:
    """:func:`normalize_requested`, refusing too what is well-formed only on paper.

    RFC 5646 reserves 4-letter language subtags and keeps 5-8 letter ones for
    languages registered in future; none is, so ``english`` or ``klingon`` is a typo
    or a language name, never a tag a reader sends. Grandfathered tags
    (``i-klingon``) and private use (``x-...``) stay accepted.
    """
    normalized = normalize_requested(tag)
    language = normalized.split("-", 1)[0]
    spelled = tag.lower().replace("_", "-")
    if language not in ("x", "root") and len(language) >= 4 and spelled not in _GRANDFATHERED:
        raise LocaleError(
            tag,
            f"the language subtag {language!r} must be 2 or 3 letters (an ISO 639 code "
            "such as 'en', 'zh' or 'tlh')",
        )
    return normalized


def spelled_leniently(tag: str) -> str:
    """A well-formed tag in canonical case (``und-hant-tw`` -> ``und-Hant-TW``)."""
    subtags = tag.replace("_", "-").split("-")
    out = [subtags[0].lower()]
    for index, subtag in enumerate(subtags[1:], 1):
        if len(subtags[index - 1]) == 1:  # after a singleton: extension or private use
            out.extend(s.lower() for s in subtags[index:])
            break
        if len(subtag) == 4 and subtag.isalpha():
            out.append(subtag.title())
        elif len(subtag) == 2 or (len(subtag) == 3 and subtag.isdigit()):
            out.append(subtag.upper())
        else:
            out.append(subtag.lower())
    return "-".join(out)


def _repeated_singleton(extensions: str) -> bool:
    singletons = [s for s in extensions.split("-") if len(s) == 1]
    return len(singletons) != len(set(singletons))


def _why_malformed(text: str) -> str:
    subtags = text.split("-")
    if any(not s for s in subtags):
        return "empty subtag (doubled, leading or trailing '-' or '_')"
    bad = next((s for s in subtags if not s.isalnum() or len(s) > 8), None)
    if bad is not None:
        return f"subtag {shown(bad)} is not 1 to 8 letters or digits"
    if not subtags[0].isalpha() or len(subtags[0]) == 1:
        return f"the language subtag {shown(subtags[0])} must be 2 to 8 letters"
    return "not a well-formed BCP 47 tag (language-Script-REGION-variants-extensions)"
