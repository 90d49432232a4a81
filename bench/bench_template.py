"""Render speed of msgtemplate against its peers, on one 5-placeholder template.

Run: .venv/bin/python bench/bench_template.py
Prints ns per render for msgtemplate, string.Template.substitute, str.format_map,
Jinja2 and a hand-written f-string (the practical limit), their ratios, and the cost
of parse+compile and of a cached construction. Absolute times drift on a shared
machine; the ratios, measured round-robin in one run, are what to compare.
"""

from __future__ import annotations

import string
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import jinja2
from _timing import best_ns, table

from msgtemplate import Template
from msgtemplate.template.compiled import _cached, _code_for

TEXT = (
    "Hello ${name}, your order ${order_id} of ${amount} ships on ${day} to ${city}. "
    "Thank you for shopping!"
)
PARAMS = {
    "name": "Ann",
    "order_id": "A-1029",
    "amount": "$12.50",
    "day": "Nov 28",
    "city": "Lisbon",
}


def main() -> None:
    assert len(TEXT) >= 100
    assert TEXT.count("${") == 5
    ours = Template(TEXT)
    stdlib = string.Template(TEXT)
    fmt = TEXT.replace("${", "{")
    jinja = jinja2.Environment(autoescape=False).from_string(
        TEXT.replace("${", "{{ ").replace("}", " }}")
    )

    def fstring(p: dict[str, str]) -> str:
        return (
            f"Hello {p['name']}, your order {p['order_id']} of {p['amount']} ships on "
            f"{p['day']} to {p['city']}. Thank you for shopping!"
        )

    def fstring_kw(**p: str) -> str:
        return (
            f"Hello {p['name']}, your order {p['order_id']} of {p['amount']} ships on "
            f"{p['day']} to {p['city']}. Thank you for shopping!"
        )

    expected = fstring(PARAMS)
    for fn in (ours.render, stdlib.substitute, fmt.format_map, fstring):
        assert fn(PARAMS) == expected
    assert jinja.render(PARAMS) == expected
    assert ours.render(**PARAMS) == fstring_kw(**PARAMS) == expected

    renders = best_ns(
        {
            "f-string (hand-written)": lambda: fstring(PARAMS),
            "msgtemplate Template.render": lambda: ours.render(PARAMS),
            "str.format_map": lambda: fmt.format_map(PARAMS),
            "string.Template.substitute": lambda: stdlib.substitute(PARAMS),
            "jinja2 Template.render": lambda: jinja.render(PARAMS),
        },
        number=100_000,
    )
    base = renders["f-string (hand-written)"]
    mine = renders["msgtemplate Template.render"]
    rows = [("render (5 placeholders)", "ns/call", "x f-string", "x msgtemplate")]
    rows += [(k, f"{v:,.0f}", f"{v / base:.2f}", f"{v / mine:.2f}") for k, v in renders.items()]
    print(table(rows))

    # The keyword form, against a hand-written f-string that takes keywords too.
    keywords = best_ns(
        {
            "f-string (hand-written, **kw)": lambda: fstring_kw(**PARAMS),
            "msgtemplate Template.render(**kw)": lambda: ours.render(**PARAMS),
        },
        number=100_000,
    )
    base_kw = keywords["f-string (hand-written, **kw)"]
    mine_kw = keywords["msgtemplate Template.render(**kw)"]
    print()
    rows = [("render (5 placeholders, keywords)", "ns/call", "x f-string")]
    rows += [(k, f"{v:,.0f}", f"{v / base_kw:.2f}") for k, v in keywords.items()]
    print(table(rows))

    def fresh() -> None:
        _cached.cache_clear()
        _code_for.cache_clear()  # no warm code either: the whole cost of a new text
        Template(TEXT).render  # noqa: B018 - built on first use: include it

    other = best_ns(
        {"parse+compile": fresh, "cached construction": lambda: Template(TEXT)}, number=5_000
    )
    print()
    print(f"template: {len(TEXT)} characters, 5 placeholders")
    print(f"parse+compile        {other['parse+compile'] / 1000:8.2f} us   (target <= 60 us)")
    print(f"cached construction  {other['cached construction'] / 1000:8.3f} us   (target <= 1 us)")
    print(f"render / f-string    {mine / base:8.2f} x    (target <= 1.5x)")
    print(f"render(**kw) / f-string(**kw) {mine_kw / base_kw:5.2f} x    (target <= 1.5x)")
    slower = renders["string.Template.substitute"] / mine
    print(f"string.Template / render {slower:5.1f} x    (target >= 5x)")


if __name__ == "__main__":
    main()
