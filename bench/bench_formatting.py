"""Cost of formatting one typed parameter: compiled formatter vs Babel's public function.

Run: .venv/bin/python bench/bench_formatting.py
For each parameter type and a few locales, prints ns per call of
``compile_formatter(spec, tag)(value)`` (coercion included) and of the Babel function
the pack format names, called directly with an already-parsed ``babel.Locale`` and an
already-typed value (so Babel is not charged for work we do), and the ratio. Also the
cost of ``format_value`` (cache look-up + call) and of compiling a formatter. Both
sides are checked to give the same text first. Absolute times drift on a shared
machine; the ratios, measured round-robin in one run, are what to compare.
"""

from __future__ import annotations

import datetime as dt
import sys
import timeit
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

import babel
from _timing import best_ns, table
from babel import dates, numbers

from msgtemplate.formatting import (
    ParameterSpec,
    compile_formatter,
    format_value,
    parse_parameter_spec,
)
from msgtemplate.formatting.compiled import _compile as compile_cache

LOCALES = ("en-US", "de-DE", "ar", "zh-Hant")
BERLIN = ZoneInfo("Europe/Berlin")
MOMENT = dt.datetime(2026, 11, 28, 14, 30, 5, tzinfo=dt.timezone.utc)

# (label, declaration, value as a caller passes it, Babel's call on the typed value)
Case = tuple[str, dict[str, object], object, Callable[[babel.Locale], Callable[[], str]]]
CASES: list[Case] = [
    # no Babel function for strings: the peer is the identity, to show the floor
    ("string", {"type": "string", "maxLength": 20}, "A-1029", lambda b: lambda: "A-1029"),
    (
        "integer",
        {"type": "integer"},
        1234567,
        lambda b: lambda: numbers.format_decimal(1234567, locale=b),
    ),
    (
        "number",
        {"type": "number"},
        1234.5678,
        lambda b: lambda: numbers.format_decimal(Decimal("1234.5678"), locale=b),
    ),
    (
        "currency USD",
        {"type": "currency", "currency": "USD"},
        1234.5,
        lambda b: lambda: numbers.format_currency(Decimal("1234.5"), "USD", locale=b),
    ),
    (
        "percent",
        {"type": "percent"},
        0.25,
        lambda b: lambda: numbers.format_percent(Decimal("0.25"), locale=b),
    ),
    (
        "date medium",
        {"type": "date"},
        dt.date(2026, 11, 28),
        lambda b: lambda: dates.format_date(dt.date(2026, 11, 28), "medium", locale=b),
    ),
    (
        "date (ISO text)",
        {"type": "date"},
        "2026-11-28",
        lambda b: lambda: dates.format_date(dt.date(2026, 11, 28), "medium", locale=b),
    ),
    (
        "datetime medium",
        {"type": "datetime", "timezone": "Europe/Berlin"},
        MOMENT,
        lambda b: lambda: dates.format_datetime(MOMENT, "medium", tzinfo=BERLIN, locale=b),
    ),
    (
        "datetime (ISO text)",
        {"type": "datetime", "timezone": "Europe/Berlin"},
        "2026-11-28T14:30:05Z",
        lambda b: lambda: dates.format_datetime(MOMENT, "medium", tzinfo=BERLIN, locale=b),
    ),
    (
        "datetime full (zone name)",
        {"type": "datetime", "style": "full", "timezone": "Europe/Berlin"},
        MOMENT,
        lambda b: lambda: dates.format_datetime(MOMENT, "full", tzinfo=BERLIN, locale=b),
    ),
    (
        "time short",
        {"type": "time", "style": "short"},
        dt.time(14, 30),
        lambda b: (
            lambda: dates.format_time(dt.time(14, 30), "short", tzinfo=ZoneInfo("UTC"), locale=b)
        ),
    ),
]


def main() -> None:
    rows: list[tuple[str, ...]] = [
        ("type", "locale", "compiled ns", "Babel ns", "Babel / compiled")
    ]
    worst = 0.0
    for label, options, value, babel_call in CASES:
        spec = parse_parameter_spec("p", options)
        for tag in LOCALES if label != "string" else ("en-US",):
            b = babel.Locale.parse(tag.replace("-", "_"))
            ours = compile_formatter(spec, tag)
            theirs = babel_call(b)
            assert ours(value) == theirs(), (label, tag, ours(value), theirs())
            got = best_ns({"ours": partial(ours, value), "babel": theirs}, number=10_000, rounds=5)
            if label not in ("string",) and "zone name" not in label:
                worst = max(worst, got["ours"])
            rows.append(
                (
                    label,
                    tag,
                    f"{got['ours']:,.0f}",
                    f"{got['babel']:,.0f}",
                    f"{got['babel'] / got['ours']:.1f}x" if label != "string" else "-",
                )
            )
    print(table(rows))
    print(f"\nslowest compiled call (standard styles without zone names): {worst:,.0f} ns")

    spec = parse_parameter_spec("amount", {"type": "currency", "currency": "USD"})
    compiled = compile_formatter(spec, "de-DE")
    cached = best_ns(
        {
            "compiled formatter call": lambda: compiled(1234.5),
            "format_value (cache look-up + call)": lambda: format_value(spec, 1234.5, "de-DE"),
        },
        number=20_000,
        rounds=5,
    )
    print()
    lines: list[tuple[str, ...]] = [("currency, de-DE", "ns/call")]
    lines += [(k, f"{v:,.0f}") for k, v in cached.items()]
    print(table(lines))

    def compile_fresh() -> object:
        compile_cache.cache_clear()
        return compile_formatter(
            ParameterSpec("d", "datetime", style="long", timezone="Asia/Tokyo"), "ja"
        )

    cost = min(timeit.repeat(compile_fresh, number=200, repeat=3)) / 200 * 1e6
    print(f"\ncompiling one formatter (datetime long, ja, locale cached): {cost:,.0f} us")


if __name__ == "__main__":
    main()
