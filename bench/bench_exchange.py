"""How fast does a 2,000-unit PO import? Target: well under a second.

Generates a pack of 1,000 templates (title and body in en-US and fr: 2,000 units),
exports French to PO, edits every translation, then times, best of 5 each:

* ``plan_import`` of the edited PO: read and check every unit, write back 2,000
  texts surgically, re-read the result and lint it (what ``msgtemplate import``
  does before writing; the write itself is one file replace);
* the same with no edits (nothing changes: the common CI case);
* Babel's bare ``read_po`` of the same file, the peer: parsing alone;
* ``export_pack`` of the pack to PO, and to POT (the source texts alone);
* ``plan_stamp``: record a ``sourceHash`` for every one of the 2,000 French texts of
  the pack (what ``msgtemplate stamp`` does before writing).

    .venv/bin/python bench/bench_exchange.py
"""

from __future__ import annotations

import io
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from babel.messages.pofile import read_po

from msgtemplate.pack import load_pack
from msgtemplate.translate import export_pack
from msgtemplate.translate.importer import plan_import
from msgtemplate.translate.stamp import plan_stamp

TEMPLATES = 1000


def big_pack() -> dict[str, object]:
    body = "We received ${amount} for order ${orderId}. Ref {n}."
    french = "Nous avons reçu ${amount} pour la commande ${orderId}. Réf. {n}."
    return {
        "format": 1,
        "defaultLocale": "en-US",
        "templates": [
            {
                "code": f"TP_BENCH_{i:05d}",
                "name": f"Payment received {i}",
                "channel": "SMS",
                "parameters": {
                    "orderId": {"type": "string", "maxLength": 20, "example": f"A-{i}"},
                    "amount": {"type": "currency", "currency": "USD", "example": 12.5},
                },
                "content": {
                    "en-US": {"title": f"Payment {i}", "body": body.replace("{n}", str(i))},
                    "fr": {"title": f"Paiement {i}", "body": french.replace("{n}", str(i))},
                },
            }
            for i in range(TEMPLATES)
        ],
    }


def best(fn: Callable[[], object], rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.yaml"
        path.write_text(yaml.safe_dump(big_pack(), allow_unicode=True, sort_keys=False), "utf-8")
        pack = load_pack(path)
        unedited = Path(folder) / "big.fr.po"
        unedited.write_bytes(export_pack(pack, "po", ["fr"])[0].data)
        edited = Path(folder) / "edited.po"
        text = unedited.read_text("utf-8")
        edited.write_text(
            text.replace('msgstr "Paiement ', 'msgstr "Paiement reçu ').replace(
                "Réf. ", "Référence "
            ),
            "utf-8",
        )
        data = edited.read_bytes()
        units = sum(1 for m in read_po(io.BytesIO(data)) if m.id)

        result = plan_import(pack, [str(edited)])
        assert not result.refused, result.notes[:3]
        assert len(result.changes) == units
        assert not plan_import(pack, [str(unedited)]).changes

        timings = {
            f"plan_import, {units:,} units edited": best(lambda: plan_import(pack, [str(edited)])),
            "plan_import, nothing edited": best(lambda: plan_import(pack, [str(unedited)])),
            "babel read_po (peer: parsing only)": best(lambda: read_po(io.BytesIO(data))),
            "export_pack to PO": best(lambda: export_pack(pack, "po", ["fr"])),
            "export_pack to POT": best(lambda: export_pack(pack, "pot")),
            f"plan_stamp, {units:,} texts": best(lambda: plan_stamp(pack)),
        }
        assert sum(plan_stamp(pack).stamped.values()) == units
    peer = timings["babel read_po (peer: parsing only)"]
    print(f"{'case':40} {'seconds':>8} {'vs read_po':>11}")
    for name, seconds in timings.items():
        print(f"{name:40} {seconds:8.3f} {seconds / peer:10.1f}x")
    ours = timings[f"plan_import, {units:,} units edited"]
    verdict = "OK" if ours < 1.0 else "OVER"
    print(f"\n{units:,}-unit PO import: {ours:.2f} s (target well under 1 s: {verdict}); best of 5")


if __name__ == "__main__":
    main()
