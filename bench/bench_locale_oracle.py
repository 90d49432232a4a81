"""Agreement with ICU's LocaleMatcher (PyICU) on random pack/reader cases, with peers.

5,000 seeded cases (bench/locale_oracle.py says how they are drawn): how often our
matcher answers what ICU answers, in both modes, and how often two peers do
(Babel's negotiate_locale; langcodes' closest_supported_match tried tag by tag).
Then the cost of one uncached match, ours against PyICU's, measured in the same run.

Run: .venv/bin/python bench/bench_locale_oracle.py   (needs the 'oracle' extra)
"""

from __future__ import annotations

import sys
import timeit

from locale_oracle import Case, agreement, describe, icu_answers, random_cases

from msgtemplate.locales import LocaleMatcher

SEED = 1
COUNT = 5000


def babel_peer(case: Case) -> int:
    from babel.core import negotiate_locale

    found = negotiate_locale(
        [t.replace("-", "_") for t in case.requested],
        [t.replace("-", "_") for t in case.available],
        sep="_",
    )
    return [t.replace("-", "_") for t in case.available].index(found) if found else -1


def langcodes_peer(case: Case) -> int:
    import langcodes

    for tag in case.requested:
        found = langcodes.closest_supported_match(tag, list(case.available))
        if found is not None:
            return list(case.available).index(found)
    return -1


def main() -> int:
    try:
        import icu
    except ImportError:
        print("skipped: PyICU is not installed (pip install -e '.[oracle]')")
        return 0
    cases = random_cases(SEED, COUNT)
    print(f"{COUNT} random cases (seed {SEED}); oracle: ICU {icu.ICU_VERSION} via PyICU")
    for cross_script in (False, True):
        result = agreement(cases, cross_script)
        print(
            f"  ours, cross_script={cross_script!s:<5}: {result.agreed}/{result.total} = "
            f"{result.percent:.2f}% agree with ICU"
        )
        for case, expected, got in result.misses:
            print(
                f"    {', '.join(case.requested)} in [{', '.join(case.available)}]: "
                f"ICU {describe(case, expected)}, ours {describe(case, got)}"
            )
    for name, peer in (("babel.negotiate_locale", babel_peer), ("langcodes", langcodes_peer)):
        agreed = sum(peer(case) in icu_answers(case, True) for case in cases)
        print(f"  peer {name:<22}: {agreed}/{COUNT} = {100 * agreed / COUNT:.2f}% agree with ICU")

    sample = cases[:500]
    ours_s = min(
        timeit.repeat(
            lambda: [LocaleMatcher(c.available).match(c.requested) for c in sample],
            number=3,
            repeat=5,
        )
    )
    locales = [
        (
            [icu.Locale.forLanguageTag(t) for t in c.available],
            [icu.Locale.forLanguageTag(t) for t in c.requested],
        )
        for c in sample
    ]
    icu_s = min(
        timeit.repeat(
            lambda: [
                icu.LocaleMatcher.Builder().setSupportedLocales(a).build().getBestMatchResult(r)
                for a, r in locales
            ],
            number=3,
            repeat=5,
        )
    )
    per = 1e6 / (3 * len(sample))
    print(
        f"new matcher + one match (caches of tags and distances warm): ours "
        f"{ours_s * per:.1f} µs, PyICU {icu_s * per:.1f} µs ({ours_s / icu_s:.1f}x ICU's time)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
