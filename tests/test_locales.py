"""Locale tags, CLDR chains and matching (msgtemplate.locales).

Expected values are written out from CLDR (likely subtags, parentLocales), never
computed by the module under test.
"""

from __future__ import annotations

import threading

import babel
import pytest
from babel.core import negotiate_locale
from babel.localedata import locale_identifiers
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from msgtemplate.errors import MsgTemplateError
from msgtemplate.locales import (
    LocaleError,
    LocaleMatcher,
    babel_locale,
    explain_match,
    fallback_chain,
    match_locale,
    maximize,
    normalize_tag,
)

# ----------------------------------------------------------------- normalize_tag


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh_cn", "zh-CN"),
        ("ZH-hant-tw", "zh-Hant-TW"),
        ("en_us", "en-US"),
        ("EN-us", "en-US"),
        ("es_419", "es-419"),
        ("sr_latn_me", "sr-Latn-ME"),
        ("iw", "he"),
        ("iw_IL", "he-IL"),
        ("in", "id"),
        ("ji", "yi"),
        ("tl", "fil"),  # CLDR languageAlias
        ("mo", "ro"),
        ("sh", "sr-Latn"),  # the alias brings a script...
        ("sh-Cyrl", "sr-Cyrl"),  # ...which does not override one the tag has
        ("en-UK", "en-GB"),  # territoryAlias
        ("de-DE-1996", "de-DE-1996"),
        ("en_US_POSIX", "en-US-posix"),
        ("fil", "fil"),
    ],
)
def test_normalize_tag(tag: str, expected: str) -> None:
    assert normalize_tag(tag) == expected


@pytest.mark.parametrize(
    ("tag", "reason"),
    [
        ("en--US", "empty subtag"),
        ("en-", "empty subtag"),
        ("_en", "empty subtag"),
        ("x", "language subtag"),
        ("", "empty tag"),
        ("english", "language subtag"),
        ("e1", "language subtag"),
        ("qq", "unknown language"),
        ("und", "undetermined"),
        ("en-x-private", "private-use"),
        ("en-US-u-ca-gregory", "extension"),
        ("en-XX", "unknown region"),
        ("en-ZZ", "unknown region"),
        ("en-Qaaa", "unknown script"),
        ("en-US-Latn", "out of place"),
        ("zh-Hant-TW-TW", "out of place"),
        ("de-1996-1996", "twice"),
        (" en", "letters and digits"),
        ("en US", "letters and digits"),
        ("zh-漢", "ASCII"),
    ],
)
def test_normalize_tag_rejects(tag: str, reason: str) -> None:
    with pytest.raises(LocaleError) as info:
        normalize_tag(tag)
    message = str(info.value)
    assert repr(tag) in message  # names the tag
    assert reason in message  # and says why
    assert isinstance(info.value, MsgTemplateError)
    assert isinstance(info.value, ValueError)


def test_non_string_tag_is_a_locale_error() -> None:
    with pytest.raises(LocaleError, match="must be a string"):
        normalize_tag(["en"])  # type: ignore[arg-type]


def test_non_string_tags_in_lists_are_locale_errors() -> None:
    with pytest.raises(LocaleError, match="must be a string"):
        LocaleMatcher(["en-US", None])  # type: ignore[list-item]
    with pytest.raises(LocaleError, match="must be a string"):
        match_locale(["en", ["fr"]], ["en"])  # type: ignore[list-item]
    with pytest.raises(LocaleError, match="must be a string"):
        fallback_chain(42)  # type: ignore[arg-type]


def test_huge_tag_message_stays_short() -> None:
    with pytest.raises(LocaleError) as info:
        normalize_tag("en-" + "a" * 10_000)
    assert len(str(info.value)) < 200


def test_every_cldr_locale_id_is_accepted() -> None:
    for babel_id in locale_identifiers():
        tag = babel_id.replace("_", "-")
        assert normalize_tag(tag).lower() == tag.lower()


# ----------------------------------------------------------------- maximize


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh-TW", "zh-Hant-TW"),
        ("zh", "zh-Hans-CN"),
        ("zh-Hant", "zh-Hant-TW"),
        ("zh-HK", "zh-Hant-HK"),
        ("pt", "pt-Latn-BR"),
        ("sr", "sr-Cyrl-RS"),
        ("sr-ME", "sr-Latn-ME"),
        ("en", "en-Latn-US"),
        ("es-419", "es-Latn-419"),
        ("ar", "ar-Arab-EG"),
        ("iw", "he-Hebr-IL"),
        ("en-Hant", "en-Hant-US"),  # a given script is kept
        ("de-DE-1996", "de-Latn-DE-1996"),
    ],
)
def test_maximize(tag: str, expected: str) -> None:
    assert maximize(tag) == expected


# ----------------------------------------------------------------- fallback_chain


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en-AU", ("en-AU", "en-001", "en")),
        ("en-AT", ("en-AT", "en-150", "en-001", "en")),
        ("en-US", ("en-US", "en")),
        ("es-MX", ("es-MX", "es-419", "es")),
        ("pt-AO", ("pt-AO", "pt-PT", "pt")),
        ("zh-Hant-HK", ("zh-Hant-HK", "zh-Hant")),
        ("zh-HK", ("zh-Hant-HK", "zh-Hant")),
        ("zh-MO", ("zh-Hant-MO", "zh-Hant-HK", "zh-Hant")),
        ("zh-TW", ("zh-Hant-TW", "zh-Hant")),
        ("zh-CN", ("zh-CN", "zh")),
        ("zh-Hans", ("zh",)),
        ("zh-Hans-TW", ("zh-Hans-TW", "zh")),  # not zh-TW, which is Traditional
        ("sr-Cyrl-ME", ("sr-Cyrl-ME", "sr")),  # not sr-ME, which is Latin
        ("sr-Cyrl-RS", ("sr-RS", "sr")),
        ("sr-ME", ("sr-Latn-ME", "sr-Latn")),
        ("sr-Latn", ("sr-Latn",)),
        ("en-Latn-US", ("en-US", "en")),
        ("de-DE-1996", ("de-DE-1996", "de-DE", "de")),
        # CLDR says hi-Latn's parent is en-IN: another language, so not followed.
        ("hi-Latn", ("hi-Latn",)),
        # ...but Bokmål and Nynorsk do fall back to their macrolanguage, Norwegian.
        ("nb", ("nb", "no")),
        ("nn-NO", ("nn-NO", "nn", "no")),
    ],
)
def test_fallback_chain(tag: str, expected: tuple[str, ...]) -> None:
    assert fallback_chain(tag) == expected


def test_traditional_chinese_chain_never_reaches_zh() -> None:
    for tag in ("zh-Hant-HK", "zh-TW", "zh-MO", "zh-Hant", "zh-Hant-MY"):
        chain = fallback_chain(tag)
        assert "zh" not in chain
        assert "zh-Hans" not in chain
        assert chain[-1] == "zh-Hant"


# ----------------------------------------------------------------- match_locale examples


MATCH_CASES: list[tuple[str | list[str], list[str], str | None]] = [
    # (requested, available, expected winner); default is "DEFAULT" throughout
    ("en-AU", ["en-US", "en-GB"], "en-GB"),  # sibling sharing en-001 beats en-US
    ("en-AU", ["en-GB", "en-US"], "en-GB"),
    ("en-AU", ["en-001", "en-US"], "en-001"),
    ("en-GB", ["en-US", "en"], "en"),
    ("en-US", ["en-GB", "en-US"], "en-US"),
    ("en", ["en-GB", "en-US"], "en-US"),  # en maximises to en-Latn-US
    ("en", ["en-GB"], "en-GB"),  # sibling
    ("es-MX", ["es", "es-419"], "es-419"),
    ("es-AR", ["es-ES", "es-419"], "es-419"),
    ("es-419", ["es-ES", "es-MX"], "es-MX"),  # a descendant of the tag itself
    ("es", ["es-419", "es-ES"], "es-ES"),
    ("pt-AO", ["pt-BR", "pt-PT"], "pt-PT"),
    ("pt-PT", ["pt-BR", "pt"], "pt"),
    ("pt", ["pt-PT", "pt-BR"], "pt-BR"),
    ("pt-BR", ["pt-PT", "pt"], "pt"),
    ("zh-TW", ["zh-Hans", "zh-Hant"], "zh-Hant"),
    ("zh-HK", ["zh-Hans", "zh-Hant"], "zh-Hant"),
    ("zh-Hant-HK", ["zh", "zh-Hans"], "DEFAULT"),  # never falls to Simplified
    ("zh-MO", ["zh-Hant", "zh-Hant-HK"], "zh-Hant-HK"),
    ("zh-CN", ["zh-Hant", "zh-Hans"], "zh-Hans"),
    ("zh-SG", ["zh-Hant", "zh-Hans"], "zh-Hans"),
    ("zh", ["zh-TW", "zh-CN"], "zh-CN"),
    ("zh-Hant", ["zh-Hans", "zh-HK"], "zh-HK"),
    ("zh-TW", ["zh-HK", "zh-Hant-TW"], "zh-Hant-TW"),
    ("sr-ME", ["sr"], "DEFAULT"),  # sr is Cyrillic; sr-ME is Latin
    ("sr-Latn", ["sr-Cyrl", "sr-Latn-RS"], "sr-Latn-RS"),
    ("sr-Cyrl", ["sr-Latn", "sr"], "sr"),
    ("sr", ["sr-Latn", "sr-ME"], "DEFAULT"),
    ("iw", ["he", "en"], "he"),
    ("he-IL", ["iw"], "iw"),  # available tags are matched normalised, returned as written
    ("in", ["id-ID"], "id-ID"),
    ("ZH_hant_tw", ["zh-Hant"], "zh-Hant"),
    ("EN_us", ["en_US", "fr"], "en_US"),
    (["fr-CA", "de-AT", "en"], ["en-US", "de", "fr"], "fr"),
    (["ja", "de-AT", "en"], ["en-US", "de"], "de"),
    (["ja", "ko"], ["en-US", "de"], "DEFAULT"),  # default only after all are exhausted
    (["en-AU", "fr"], ["fr", "en-US"], "en-US"),  # the first tag's sibling beats the second
    ([], ["en-US"], "DEFAULT"),
    ("ar-SA", ["ar", "en-US"], "ar"),
    ("de-CH", ["de-AT", "de-DE"], "de-AT"),  # both share only de: available order decides
    ("de-CH", ["de-DE", "de-AT"], "de-DE"),
    ("hi-Latn", ["en-IN", "hi"], "DEFAULT"),  # never crosses language (or script)
    ("nb-NO", ["en-US", "no"], "no"),  # Bokmål reads Norwegian (its macrolanguage)
]


@pytest.mark.parametrize(("requested", "available", "expected"), MATCH_CASES)
def test_match_locale(requested: str | list[str], available: list[str], expected: str) -> None:
    assert match_locale(requested, available, default="DEFAULT") == expected


def test_en_au_with_en_and_en_gb() -> None:
    # The chain reaches "en" before any sibling is considered: CLDR parents win.
    assert match_locale("en-AU", ["en", "en-GB"]) == "en"


def test_none_without_default() -> None:
    assert match_locale("ja", ["en-US", "zh-Hans"]) is None


def test_default_is_returned_as_given() -> None:
    assert match_locale("ja", ["en-US"], default="whatever") == "whatever"


def test_beats_babel_negotiate_locale_on_zh_tw() -> None:
    assert negotiate_locale(["zh_TW"], ["zh_Hant"]) is None  # Babel's own answer
    assert match_locale("zh-TW", ["zh-Hant"]) == "zh-Hant"
    assert match_locale("zh_TW", ["zh_Hant"]) == "zh_Hant"


def test_invalid_requested_tag_raises_even_after_a_match() -> None:
    with pytest.raises(LocaleError, match="'qq'"):
        match_locale(["en", "qq"], ["en"])


def test_invalid_available_tag_raises_naming_it() -> None:
    with pytest.raises(LocaleError, match="'en--GB'"):
        match_locale("en", ["en-US", "en--GB"])
    with pytest.raises(LocaleError, match="'xx-YY'"):
        LocaleMatcher(["en-US", "xx-YY"])


def test_matcher_rejects_a_single_string() -> None:
    with pytest.raises(TypeError):
        LocaleMatcher("en-US")


def test_matcher_matches_like_match_locale() -> None:
    available = ["en-US", "en-GB", "zh-Hans", "zh-Hant", "es-419", "pt-BR", "ar"]
    matcher = LocaleMatcher(available)
    assert matcher.available == tuple(available)
    for requested in ("en-AU", "zh-HK", "zh-SG", "es-AR", "pt-AO", "ar-MA", "ja"):
        first = matcher.match(requested, "en-US")
        assert first == match_locale(requested, available, "en-US")
        assert matcher.match(requested, "en-US") == first  # cached answer is the same


def test_matcher_is_safe_across_threads() -> None:
    available = ["en-US", "en-GB", "zh-Hans", "zh-Hant", "es-419", "pt-BR", "pt-PT"]
    requests = ["en-AU", "zh-TW", "zh-CN", "es-MX", "pt-AO", "pt", "en", "fr"]
    expected = {r: match_locale(r, available) for r in requests}
    matcher = LocaleMatcher(available, cache_size=4)  # small: forces evictions
    failures: list[str] = []

    def work() -> None:
        for _ in range(200):
            for r in requests:
                if matcher.match(r) != expected[r]:
                    failures.append(r)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


# ----------------------------------------------------------------- explain_match


def test_explain_sibling() -> None:
    ex = explain_match("en_au", ["en-US", "en-GB"])
    assert ex.requested == ("en-AU",)
    assert ex.chains == (("en-AU", "en-001", "en"),)
    assert ex.winner == "en-GB"
    assert ex.how == "sibling"
    assert ex.matched_request == "en-AU"
    assert ex.via == "en-001"
    assert "en-AU -> en-001 -> en -> root" in ex.describe()


def test_explain_exact_parent_default_none() -> None:
    exact = explain_match("zh-TW", ["zh-Hant"])
    assert (exact.winner, exact.how, exact.via) == ("zh-Hant", "exact", "zh-Hant-TW")
    parent = explain_match(["ja", "es-MX"], ["es-419"])
    assert (parent.winner, parent.how, parent.via) == ("es-419", "parent", "es-419")
    assert parent.matched_request == "es-MX"
    assert parent.chains == (("ja",), ("es-MX", "es-419", "es"))
    default = explain_match("zh-HK", ["zh-Hans"], default="en-US")
    assert (default.winner, default.how, default.matched_request) == ("en-US", "default", None)
    assert default.chains == (("zh-Hant-HK", "zh-Hant"),)
    nothing = explain_match("zh-HK", ["zh-Hans"])
    assert (nothing.winner, nothing.how) == (None, None)
    assert "no match" in nothing.describe()


# ----------------------------------------------------------------- babel_locale


@pytest.mark.parametrize(
    ("tag", "language", "script", "territory"),
    [
        ("es-419", "es", None, "419"),
        ("zh-Hant", "zh", "Hant", None),
        ("zh-TW", "zh", "Hant", "TW"),
        ("ar", "ar", None, None),
        ("pt-BR", "pt", None, "BR"),
        ("en-US", "en", None, "US"),
        ("en-001", "en", None, "001"),
        ("en-Latn-AU", "en", None, "AU"),
        ("iw", "he", None, None),
    ],
)
def test_babel_locale(tag: str, language: str, script: str | None, territory: str | None) -> None:
    loc = babel_locale(tag)
    assert isinstance(loc, babel.Locale)
    assert (loc.language, loc.script, loc.territory) == (language, script, territory)


def test_babel_locale_formats_in_that_language() -> None:
    assert format_decimal(1234.5, locale=babel_locale("es-419")) == "1,234.5"
    assert format_decimal(1234.5, locale=babel_locale("pt-BR")) == "1.234,5"
    assert format_decimal(1234.5, locale=babel_locale("de-CH")) == "1'234.5"


# ----------------------------------------------------------------- properties

CLDR_TAGS = sorted(i.replace("_", "-") for i in locale_identifiers())
# A focused pool so that draws often share a language (the interesting cases).
FOCUS = [t for t in CLDR_TAGS if t.split("-")[0] in {"en", "zh", "es", "pt", "sr", "ar"}]
tags = st.one_of(st.sampled_from(CLDR_TAGS), st.sampled_from(FOCUS))
tag_lists = st.lists(tags, max_size=6)
defaults = st.one_of(st.none(), st.just("DEFAULT"))


def _respell(tag: str, data: st.DataObject) -> str:
    """The same tag in another case and separator spelling."""
    chars = [
        data.draw(st.sampled_from(["-", "_"]))
        if c == "-"
        else data.draw(st.sampled_from([c.lower(), c.upper()]))
        for c in tag
    ]
    return "".join(chars)


def _lang_script(tag: str) -> tuple[str, str]:
    parts = maximize(tag).split("-")
    macrolanguage = {"nb": "no", "nn": "no"}.get(parts[0], parts[0])
    return macrolanguage, parts[1]


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(requested=st.one_of(tags, tag_lists), available=tag_lists, default=defaults)
def test_result_is_available_default_or_none(
    requested: str | list[str], available: list[str], default: str | None
) -> None:
    result = match_locale(requested, available, default)
    assert result is None or result == default or result in available
    if result is None:
        assert default is None


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(requested=tag_lists, available=tag_lists)
def test_never_crosses_language_or_script(requested: list[str], available: list[str]) -> None:
    result = match_locale(requested, available)
    wanted = {_lang_script(r) for r in requested}
    if result is not None:
        assert _lang_script(result) in wanted
    else:
        # ...and a same-language, same-script variant is always found when there is one.
        assert not wanted & {_lang_script(a) for a in available}


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(requested=tags, available=tag_lists, default=defaults, data=st.data())
def test_invariant_under_spelling(
    requested: str, available: list[str], default: str | None, data: st.DataObject
) -> None:
    respelled = _respell(requested, data)
    assert match_locale(respelled, available, default) == match_locale(
        requested, available, default
    )


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(requested=tags, available=tag_lists, data=st.data())
def test_exact_tag_present_is_chosen(
    requested: str, available: list[str], data: st.DataObject
) -> None:
    position = data.draw(st.integers(0, len(available)))
    available = [*available[:position], _respell(requested, data), *available[position:]]
    result = match_locale(requested, available)
    assert result is not None
    assert normalize_tag(result) == normalize_tag(requested)


@settings(max_examples=300, deadline=None)
@given(tag=tags)
def test_chain_keeps_language_and_script(tag: str) -> None:
    chain = fallback_chain(tag)
    assert chain
    assert maximize(chain[0]) == maximize(tag)
    assert len(set(chain)) == len(chain)
    for link in chain:
        assert _lang_script(link) == _lang_script(tag)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(tag=tags, data=st.data())
def test_normalize_is_idempotent_and_spelling_blind(tag: str, data: st.DataObject) -> None:
    once = normalize_tag(_respell(tag, data))
    assert normalize_tag(once) == once
    assert once == normalize_tag(tag)
