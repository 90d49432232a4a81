"""How much locale matching costs, against Babel's own negotiate_locale in the same run.

Run: .venv/bin/python bench/bench_locales.py
"""

from __future__ import annotations

import timeit
from collections.abc import Callable

from babel.core import negotiate_locale

from msgtemplate.locales import LocaleMatcher, match_locale, normalize_tag

AVAILABLE = ["en-US", "en-GB", "zh-Hans", "zh-Hant", "es-419", "pt-BR", "pt-PT", "ar", "fr"]
AVAILABLE_BABEL = [t.replace("-", "_") for t in AVAILABLE]
REQUESTS = ["zh-TW", "en-AU", "es-MX", "pt-AO", "zh-SG", "ar-SA", "fr-CA", "ja"]


def per_call_us(fn: Callable[[], object], calls_per_fn: int) -> float:
    number = 2000
    best = min(timeit.repeat(fn, number=number, repeat=5))
    return best / (number * calls_per_fn) * 1e6


def main() -> None:
    cached = LocaleMatcher(AVAILABLE)
    uncached = LocaleMatcher(AVAILABLE, cache_size=0)  # the whole algorithm every call
    lists = [[r, "en"] for r in REQUESTS]
    n = len(REQUESTS)

    figures = {
        "LocaleMatcher.match, cached tag": per_call_us(
            lambda: [cached.match(r, "en-US") for r in REQUESTS], n
        ),
        "LocaleMatcher.match, cached list of 2": per_call_us(
            lambda: [cached.match(r, "en-US") for r in lists], n
        ),
        "match_locale (module cache of matchers)": per_call_us(
            lambda: [match_locale(r, AVAILABLE, "en-US") for r in REQUESTS], n
        ),
        "LocaleMatcher.match, no result cache": per_call_us(
            lambda: [uncached.match(r, "en-US") for r in REQUESTS], n
        ),
        "normalize_tag (cached)": per_call_us(lambda: [normalize_tag(r) for r in REQUESTS], n),
        "babel.negotiate_locale (peer)": per_call_us(
            lambda: [negotiate_locale([r.replace("-", "_")], AVAILABLE_BABEL) for r in REQUESTS],
            n,
        ),
    }
    peer = figures["babel.negotiate_locale (peer)"]
    width = max(len(k) for k in figures)
    print(f"{len(AVAILABLE)} available tags, {n} requested tags; best of 5, µs per call")
    for name, us in figures.items():
        print(f"  {name:<{width}}  {us:7.2f} µs   {peer / us:5.1f}x babel")

    right = sum(
        negotiate_locale([r.replace("-", "_")], AVAILABLE_BABEL) is not None for r in REQUESTS
    )
    ours = sum(cached.match(r) is not None for r in REQUESTS)
    print(f"requests answered: ours {ours}/{n}, babel.negotiate_locale {right}/{n}")


if __name__ == "__main__":
    main()
