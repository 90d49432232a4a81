"""What do plural forms cost? ``pack.render`` with a ``count`` parameter vs an ``integer``.

Two templates that say the same thing: ``Your courier arrives in ${eta} minutes.``
with ``eta`` an integer (grammatical in no language for every number), and
``Your courier arrives in ${eta}.`` with ``eta`` a count whose forms agree with the
number. Same locales, same values, measured interleaved (bench/_timing.py); the
target is a count render within 1.3x of the integer one. Values cycle through
integers that hit every category, plus a plain decimal string.

Run: ``.venv/bin/python bench/bench_forms.py``
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_ns, table  # bench/ is on the path just above

from msgtemplate.document.source import parse_document
from msgtemplate.pack import read_pack

PACK = """\
format: 1
defaultLocale: en-US
templates:
  - code: TP_INTEGER
    channel: SMS
    parameters:
      eta: {type: integer}
    content:
      en-US: {body: "Your courier arrives in ${eta} minutes."}
      pl: {body: "Kurier przyjedzie za ${eta} minut."}
      ar: {body: "سيصل المندوب خلال ${eta} دقيقة."}
  - code: TP_COUNT
    channel: SMS
    parameters:
      eta: {type: count}
    content:
      en-US:
        body: "Your courier arrives in ${eta}."
        forms: {eta: {one: "# minute", other: "# minutes"}}
      pl:
        body: "Kurier przyjedzie za ${eta}."
        forms: {eta: {one: "# minutę", few: "# minuty", many: "# minut", other: "# minuty"}}
      ar:
        body: "سيصل المندوب خلال ${eta}."
        forms:
          eta: {zero: "# دقيقة", one: "دقيقة واحدة", two: "دقيقتين", few: "# دقائق",
                many: "# دقيقة", other: "# دقيقة"}
"""
VALUES = (1, 2, 5, 22, 11, 100, 0, 3)
LOCALES = ("en-US", "pl", "ar")


def main() -> None:
    pack, problems = read_pack(parse_document(PACK, "bench.yaml", "yaml"))
    assert pack is not None, problems
    assert not problems, problems
    candidates = {}
    for tag in LOCALES:
        for code in ("TP_INTEGER", "TP_COUNT"):
            values = itertools.cycle([{"eta": v} for v in VALUES])
            pack.render(code, tag, {"eta": 1})  # warm the variant's plan
            candidates[f"{code} {tag}"] = lambda code=code, tag=tag, values=values: pack.render(
                code, tag, next(values)
            )
        decimals = itertools.cycle([{"eta": "1.5"}, {"eta": "2.0"}])
        candidates[f"TP_COUNT {tag} decimal"] = lambda tag=tag, decimals=decimals: pack.render(
            "TP_COUNT", tag, next(decimals)
        )
    best = best_ns(candidates, number=20_000, rounds=9)
    rows = [("case", "ns/render", "vs integer")]
    ratios = []
    for tag in LOCALES:
        base = best[f"TP_INTEGER {tag}"]
        for name in (f"TP_INTEGER {tag}", f"TP_COUNT {tag}", f"TP_COUNT {tag} decimal"):
            ratio = best[name] / base
            if name == f"TP_COUNT {tag}":
                ratios.append(ratio)
            rows.append((name, f"{best[name]:.0f}", f"{ratio:.2f}x"))
    print(table(rows))
    worst = max(ratios)
    print(
        f"\ncount vs integer (integer values): worst {worst:.2f}x "
        f"(target <= 1.3x: {'OK' if worst <= 1.3 else 'OVER'})"
    )


if __name__ == "__main__":
    main()
