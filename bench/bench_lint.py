"""How fast is `msgtemplate lint` as a whole process (start-up included)?

Generates a pack of 1,000 templates x 5 locales, then times `msgtemplate lint` on it
and on samples/ (best of 3 runs each), with yamllint on the same files beside it as
the peer (it only checks YAML syntax and style; we parse, build the pack, and run
every rule). Targets: <= 1.0 s for the big pack, <= 0.3 s for the samples.

    .venv/bin/python bench/bench_lint.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOCALES = ("en-US", "zh-Hans", "zh-Hant", "es-419", "pt-BR")
BODIES = {
    "en-US": "We received ${amount} for order ${orderId} on ${paidOn}. Ref {n}.",
    "zh-Hans": "我们已于 ${paidOn} 收到订单 ${orderId} 的 ${amount}。编号 {n}。",
    "zh-Hant": "我們已於 ${paidOn} 收到訂單 ${orderId} 的 ${amount}。編號 {n}。",
    "es-419": "Recibimos ${amount} por el pedido ${orderId} el ${paidOn}. Ref. {n}.",
    "pt-BR": "Recebemos ${amount} pelo pedido ${orderId} em ${paidOn}. Ref. {n}.",
}


def big_pack(templates: int = 1000) -> dict[str, object]:
    return {
        "format": 1,
        "defaultLocale": "en-US",
        "appId": "P000000000000001xxxx",
        "templates": [
            {
                "code": f"TP_BENCH_{i:05d}",
                "name": f"Payment received {i}",
                "channel": "INBOX",
                "redirectUrl": f"/pages/orders/detail?id=${{orderId}}&t={i}",
                "parameters": {
                    "orderId": {"type": "string", "maxLength": 20, "example": f"A-{i}"},
                    "amount": {"type": "currency", "currency": "USD", "example": 1234.5},
                    "paidOn": {"type": "date", "style": "medium", "example": "2026-11-28"},
                },
                "content": {
                    tag: {"title": f"#{i}", "body": BODIES[tag].replace("{n}", str(i))}
                    for tag in LOCALES
                },
            }
            for i in range(templates)
        ],
    }


def best_of(command: list[str], runs: int = 3) -> tuple[float, int]:
    best = float("inf")
    code = 0
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        best = min(best, time.perf_counter() - start)
        code = done.returncode
    return best, code


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "big.yaml"
        pack.write_text(yaml.safe_dump(big_pack(), allow_unicode=True, sort_keys=False), "utf-8")
        samples = sorted(str(p) for p in (ROOT / "samples").glob("*.yaml"))
        size = pack.stat().st_size
        print(f"pack: 1,000 templates x {len(LOCALES)} locales, {size / 1024:,.0f} KiB")
        rows = [("big pack", [str(pack)], 1.0)]
        if samples:
            rows.append((f"samples ({len(samples)} files)", samples, 0.3))
        print(f"{'target':<22}{'msgtemplate lint':>18}{'yamllint':>12}{'ratio':>8}{'goal':>8}")
        for label, files, goal in rows:
            ours, code = best_of([str(BIN / "msgtemplate"), "lint", *files])
            if code not in (0, 1):
                raise SystemExit(f"msgtemplate lint failed with exit code {code}")
            peer, _ = best_of([str(BIN / "yamllint"), "-d", "relaxed", *files])
            verdict = "ok" if ours <= goal else "SLOW"
            print(
                f"{label:<22}{ours:>16.3f} s{peer:>10.3f} s{ours / peer:>7.2f}x"
                f"{goal:>6.1f} s {verdict}"
            )


if __name__ == "__main__":
    main()
