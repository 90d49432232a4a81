"""Our matcher against ICU's LocaleMatcher (PyICU), the field's reference.

PyICU is the optional ``oracle`` extra (it compiles against libicu-dev). Without it
these tests skip, except in CI, where ``.ci/run`` installs it and sets
MSGTEMPLATE_REQUIRE_ORACLE=1 so that a missing oracle fails instead.

Two kinds of checks, neither flaky: the agreement over a fixed seed of random
pack/reader cases must stay at or above 98% in both modes (measured: 99.9%; every
difference left is a CLDR data update between ICU's copy and ours, see
docs/locales.md), and on a curated set of mainstream cases, where the CLDR releases
agree, the answers must be ICU's exactly.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from locale_oracle import (  # bench/ joins the path just above
    Case,
    agreement,
    describe,
    icu_answers,
    ours,
    random_cases,
    words,
)

if os.environ.get("MSGTEMPLATE_REQUIRE_ORACLE") == "1":
    import icu  # noqa: F401 - CI must really compare with ICU
else:
    pytest.importorskip("icu", reason="PyICU (the 'oracle' extra) is not installed")

SEED = 20261201
COUNT = 2000


@pytest.mark.slow
@pytest.mark.parametrize("cross_script", [False, True])
def test_agreement_with_icu_on_random_cases(cross_script: bool) -> None:
    result = agreement(random_cases(SEED, COUNT), cross_script)
    shown = "; ".join(
        f"{list(case.requested)} in {list(case.available)}: ICU {describe(case, expected)}, "
        f"ours {describe(case, got)}"
        for case, expected, got in result.misses[:10]
    )
    assert result.percent >= 98.0, f"{result.agreed}/{result.total}: {shown}"


# Languages whose matching data did not change between ICU's CLDR and ours.
MAINSTREAM = words(
    "en en-US en-GB en-AU en-NZ en-IN en-IE en-ZA en-SG en-150 en-001 en-PR en-GU "
    "es es-ES es-419 es-MX es-AR es-CO es-US es-PR es-CL pt pt-BR pt-PT pt-AO pt-MZ "
    "zh zh-Hans zh-Hant zh-CN zh-TW zh-HK zh-MO zh-SG fr fr-CA fr-FR fr-BE fr-CH "
    "de de-AT de-CH de-DE ar ar-EG ar-SA ar-MA ar-DZ ar-TN nl nl-BE it ja ko ru sv "
    "nb nn no da sr sr-Latn sr-ME hr bs gl ca eu"
)
mainstream_lists = st.lists(st.sampled_from(MAINSTREAM), min_size=1, max_size=3, unique=True)
packs = st.lists(st.sampled_from(MAINSTREAM), min_size=2, max_size=8, unique=True)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, derandomize=True)
@given(available=packs, requested=mainstream_lists, cross_script=st.booleans())
def test_exactly_icu_on_mainstream_locales(
    available: list[str], requested: list[str], cross_script: bool
) -> None:
    case = Case(tuple(available), tuple(requested))
    assert ours(case, cross_script) in icu_answers(case, cross_script)


# ICU's pseudo-locales (accents, bidi, cracked), by region or variant, among ordinary tags.
PSEUDO = words(
    "en-XA en-XB en-XC ar-XB fr-XA ja-XC zh-Hant-XA zh-XA en-Latn-XA und-XA "
    "he-XA iw-XA en-PSACCENT en-US-PSACCENT en-GB-PSACCENT ar-PSBIDI en-PSCRACK "
    "fr-CA-PSACCENT en-PSACCENT-POSIX en-XA-POSIX en-XA-PSBIDI en"
)
with_pseudo = st.sampled_from(PSEUDO + MAINSTREAM[:12])


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    available=st.lists(with_pseudo, min_size=1, max_size=6, unique=True),
    requested=st.lists(with_pseudo, min_size=1, max_size=3, unique=True),
    cross_script=st.booleans(),
)
def test_exactly_icu_on_pseudo_locales(
    available: list[str], requested: list[str], cross_script: bool
) -> None:
    case = Case(tuple(available), tuple(requested))
    assert ours(case, cross_script) in icu_answers(case, cross_script)
