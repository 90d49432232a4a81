"""How much locale matching costs, against Babel's negotiate_locale in the same run.

A 10-locale pack and 8 reader lists. "cold" clears every cache (parsed tags, pair
distances, results) before each round: the first match of a process, after the CLDR
data is loaded. Loading that data once is timed on its own, in a fresh interpreter.

Run: .venv/bin/python bench/bench_locales.py   (targets: cold match <= 100 µs)
"""

from __future__ import annotations

import subprocess
import sys
import timeit
from collections.abc import Callable

from babel.core import negotiate_locale

from msgtemplate.locales import LocaleMatcher, match_locale
from msgtemplate.locales.distance import distance
from msgtemplate.locales.lsr import _lsr

AVAILABLE = [
    "en-US", "en-GB", "zh-Hans", "zh-Hant", "es-419", "pt-BR", "pt-PT", "ar", "fr", "de",
]  # fmt: skip
AVAILABLE_BABEL = [t.replace("-", "_") for t in AVAILABLE]
REQUESTS = [
    ["zh-TW"], ["en-AU", "fr"], ["es-MX"], ["pt-AO"], ["zh-SG"], ["ar-SA"], ["fr-CA", "en"],
    ["ja", "ko", "en-IN"],
]  # fmt: skip


def per_call_us(fn: Callable[[], object], calls_per_fn: int, number: int = 2000) -> float:
    best = min(timeit.repeat(fn, number=number, repeat=5))
    return best / (number * calls_per_fn) * 1e6


def cold(matcher: LocaleMatcher) -> None:
    distance.cache_clear()
    _lsr.cache_clear()
    for requested in REQUESTS:
        matcher.match(requested, "en-US")


def data_load_ms() -> float:
    code = (
        "import time; from msgtemplate.locales import match_locale; t = time.perf_counter(); "
        "match_locale('en-AU', ['en', 'en-GB']); print(time.perf_counter() - t)"
    )
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout)
        for _ in range(5)
    ]  # fmt: skip
    return min(runs) * 1000


def main() -> None:
    cached = LocaleMatcher(AVAILABLE)
    uncached = LocaleMatcher(AVAILABLE, cache_size=0)  # the whole search every call
    n = len(REQUESTS)
    figures = {
        "LocaleMatcher.match, list seen before": per_call_us(
            lambda: [cached.match(r, "en-US") for r in REQUESTS], n
        ),
        "match_locale (module cache of matchers)": per_call_us(
            lambda: [match_locale(r, AVAILABLE, "en-US") for r in REQUESTS], n
        ),
        "LocaleMatcher.match, no result cache": per_call_us(
            lambda: [uncached.match(r, "en-US") for r in REQUESTS], n
        ),
        "cold: every cache cleared": per_call_us(lambda: cold(uncached), n, number=200),
        "babel.negotiate_locale (peer)": per_call_us(
            lambda: [
                negotiate_locale([t.replace("-", "_") for t in r], AVAILABLE_BABEL)
                for r in REQUESTS
            ],
            n,
        ),
    }
    peer = figures["babel.negotiate_locale (peer)"]
    width = max(len(k) for k in figures)
    print(f"{len(AVAILABLE)} available tags, {n} reader lists; best of 5, µs per match")
    for name, us in figures.items():
        print(f"  {name:<{width}}  {us:7.2f} µs   {peer / us:5.2f}x babel")
    verdict = "OK" if figures["cold: every cache cleared"] <= 100 else "OVER TARGET"
    print(f"cold match against a 10-locale pack: target <= 100 µs: {verdict}")
    print(f"loading CLDR's data, once per process: {data_load_ms():.1f} ms")
    babel = sum(
        negotiate_locale([t.replace("-", "_") for t in r], AVAILABLE_BABEL) is not None
        for r in REQUESTS
    )
    ours = sum(cached.match(r) is not None for r in REQUESTS)
    print(f"reader lists answered: ours {ours}/{n}, babel.negotiate_locale {babel}/{n}")


if __name__ == "__main__":
    main()
