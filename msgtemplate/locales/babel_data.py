"""CLDR's likely subtags, aliases and parent locales, as Babel ships them.

Loaded on first use, never at import: the CLI imports the locales package lazily and
start-up matters.
"""

from __future__ import annotations

from typing import NamedTuple

import babel
from babel.core import get_global
from babel.localedata import locale_identifiers

from msgtemplate.caches import cached


class CldrData(NamedTuple):
    likely: dict[str, str]  # Babel ids ("zh_TW" -> "zh_Hant_TW")
    parents: dict[str, str]  # CLDR id -> CLDR id ("en-AU" -> "en-001"), same language only
    language_aliases: dict[str, str]
    territory_aliases: dict[str, list[str]]
    script_aliases: dict[str, str]
    languages: frozenset[str]
    scripts: frozenset[str]
    regions: frozenset[str]
    babel_ids: dict[str, str]  # lower-case "-" form -> Babel id ("ca-es-valencia" -> ...)


# CLDR parents that name another language code are followed only where that code is
# the child's ISO 639-3 macrolanguage: Norwegian Bokmål and Nynorsk fall back to
# Norwegian (many phones report nb-NO; packs often say `no`), while Hinglish
# (hi-Latn -> en-IN) is another language and is not followed.
_MACROLANGUAGES: dict[str, str] = {"nb": "no", "nn": "no"}


@cached("locales.cldr_data")
def cldr_data() -> CldrData:
    """Babel's CLDR data, indexed (loaded once per process)."""
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
    return CldrData(
        likely=likely,
        parents=parents,
        language_aliases=dict(get_global("language_aliases")),
        territory_aliases=dict(get_global("territory_aliases")),
        script_aliases=dict(get_global("script_aliases")),
        languages=frozenset(languages),
        scripts=frozenset(scripts),
        regions=frozenset(regions),
        babel_ids={i.replace("_", "-").lower(): i for i in ids},
    )


def split_babel_id(babel_id: str) -> tuple[str, str | None, str | None]:
    """``"zh_Hant_TW"`` -> ``("zh", "Hant", "TW")``."""
    lang, *more = babel_id.split("_")
    script = next((m for m in more if len(m) == 4), None)
    region = next((m for m in more if len(m) in (2, 3)), None)
    return lang, script, region


@cached("locales.likely_subtags")
def likely_subtags(
    language: str, script: str | None, region: str | None, *, unknown_as_und: bool = False
) -> tuple[str, str | None, str | None] | None:
    """CLDR's likely (language, script, region) for the given subtags, or None.

    Looks up language_script_region, language_region, language_script, language.
    With ``unknown_as_und``, a language CLDR has no entry for is looked up as
    ``und`` (as ICU does: ``qq-Cyrl`` -> Cyrillic, Russia).
    """
    likely = cldr_data().likely
    for lang in (language, "und") if unknown_as_und else (language,):
        keys = []
        if script and region:
            keys.append(f"{lang}_{script}_{region}")
        if region:
            keys.append(f"{lang}_{region}")
        if script:
            keys.append(f"{lang}_{script}")
        keys.append(lang)
        for key in keys:
            found = likely.get(key)
            if found is not None:
                return split_babel_id(found)
    return None


def pick_region(language: str, script: str | None, choices: list[str]) -> str:
    """Of a split territory's successors (SU, YU...), the language's likely region if it
    is one of them, else the first (CLDR's rule)."""
    likely = likely_subtags(language, script, None)
    if likely is not None and likely[2] in choices:
        return likely[2]
    return choices[0]
