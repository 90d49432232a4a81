"""How long does ``pack.render`` take for a locale seen before? Target: <= 20 us.

Renders the samples' "payment received" message (currency, date, string; title,
body and a percent-encoded redirectUrl) and compares it, in the same run, with:

* the same message done naively: Babel's public ``format_currency``/``format_date``
  per call, ``string.Template`` for the texts (what a first implementation does);
* the same message with Jinja2 templates and Babel filters;
* the floor: only filling the three compiled templates with ready-made strings.

Run: ``.venv/bin/python bench/bench_pack.py``
"""

from __future__ import annotations

import datetime as dt
import string
import timeit
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

from babel.dates import format_date
from babel.numbers import format_currency
from jinja2 import Environment

from msgtemplate.pack import load_pack

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CODE = "TP_SHOP_PAYMENT_RECEIVED"
PARAMS = {"orderId": "A-1029", "amount": "1234.5", "paidOn": "2026-11-28"}
LOCALES = ["en-US", "zh-TW", "es-MX", "pt-BR", "ar"]


def best_us(func: object, number: int) -> float:
    timer = timeit.Timer(func)  # type: ignore[arg-type]
    return min(timer.repeat(repeat=9, number=number)) / number * 1e6


def main() -> None:
    pack = load_pack(SAMPLES / "shop.yaml")
    template = pack.template(CODE)
    for tag in LOCALES:  # warm: the locale is "cached" from here on
        pack.render(CODE, tag, PARAMS)

    n = 10_000
    results: dict[str, float] = {}
    for tag in LOCALES:
        results[f"pack.render {tag}"] = best_us(lambda tag=tag: pack.render(CODE, tag, PARAMS), n)
    results["pack.render [zh-HK, en]"] = best_us(
        lambda: pack.render(CODE, ["zh-HK", "en"], PARAMS), n
    )

    # Peer 1: naive, Babel per call + string.Template, same variant (zh-Hant) and output.
    variant = template.content["zh-Hant"]
    title = string.Template(variant.title.text if variant.title else "")
    body = string.Template(variant.body.text)
    redirect = string.Template(template.redirect_url.text if template.redirect_url else "")

    def naive() -> tuple[str, str, str]:
        values = {
            "orderId": PARAMS["orderId"],
            "amount": format_currency(Decimal(PARAMS["amount"]), "USD", locale="zh_Hant"),
            "paidOn": format_date(
                dt.date.fromisoformat(PARAMS["paidOn"]), "long", locale="zh_Hant"
            ),
        }
        return (
            title.substitute(values),
            body.substitute(values),
            redirect.substitute({k: quote(v, safe="") for k, v in values.items()}),
        )

    ours = pack.render(CODE, "zh-TW", PARAMS)
    assert naive() == (ours.title, ours.body, ours.redirect_url), (naive(), ours)
    results["naive: Babel per call + string.Template"] = best_us(naive, 2_000)

    # Peer 2: Jinja2 with Babel filters.
    env = Environment(autoescape=False)
    env.filters["money"] = lambda v: format_currency(Decimal(v), "USD", locale="zh_Hant")
    env.filters["day"] = lambda v: format_date(dt.date.fromisoformat(v), "long", locale="zh_Hant")
    j_body = env.from_string(
        variant.body.text.replace("${amount}", "{{ amount|money }}")
        .replace("${paidOn}", "{{ paidOn|day }}")
        .replace("${orderId}", "{{ orderId }}")
    )
    assert j_body.render(**PARAMS) == ours.body
    results["jinja2 + Babel filters (body only)"] = best_us(lambda: j_body.render(**PARAMS), 2_000)

    # Floor: the three compiled templates with ready strings.
    ready = {"orderId": "A-1029", "amount": "US$1,234.50", "paidOn": "2026年11月28日"}
    compiled = [t.template for t in (variant.title, variant.body, template.redirect_url) if t]

    def floor() -> list[str]:
        return [c.render(ready) for c in compiled if c is not None]

    results["floor: 3 compiled templates, no formatting"] = best_us(floor, n)

    reference = results["pack.render en-US"]
    print(f"{'case':48} {'us/message':>11} {'vs pack.render en-US':>22}")
    for name, value in results.items():
        print(f"{name:48} {value:11.2f} {value / reference:21.2f}x")
    ours_all = sorted(v for k, v in results.items() if k.startswith("pack.render"))
    median, worst = ours_all[len(ours_all) // 2], ours_all[-1]
    print(
        f"\ncached pack.render: median {median:.2f} us, slowest {worst:.2f} us "
        f"(target <= 20 us: {'OK' if median <= 20 else 'OVER'}); best of 9 runs, "
        "so a loaded machine shows up as a slow outlier"
    )


if __name__ == "__main__":
    main()
