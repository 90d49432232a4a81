"""How long after an edit does `msgtemplate lsp` publish diagnostics?

Starts the real server, opens samples/shop.yaml and then the pack of bench_lint.py
(1,000 templates x 5 locales), edits one body of each and times didChange ->
publishDiagnostics over the stdio pipe: the whole wait an editor sees, the pause
after typing included (best of 5, the user pausing 0.3 s between edits). Peers in
the same run: the same lint in-process (`lint_text`, the floor the server adds its
pause and JSON-RPC to) and `msgtemplate lint` on the saved big pack (a whole
process). Goals (issue 20): <= 50 ms on the samples, <= 300 ms on the big pack.

    .venv/bin/python bench/bench_lsp.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from bench_lint import BIN, LOCALES, big_pack

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from msgtemplate.lint import lint_text
from tests.support.lsp_client import LspClient

ROUNDS = 5
GOALS = {"samples/shop.yaml": 0.050, "1,000 x 5 pack": 0.300}
ROOT = Path(__file__).resolve().parent.parent


def edit_latency(client: LspClient, uri: str, text: str, line: int, column: int) -> float:
    """Best seconds from a one-character didChange to its publishDiagnostics (the
    whole wait the editor sees: the pause after typing included)."""
    client.open(uri, text)
    client.diagnostics(uri, version=1)
    best = float("inf")
    for version in range(2, 2 + ROUNDS):
        change = {
            "range": {
                "start": {"line": line, "character": column},
                "end": {"line": line, "character": column},
            },
            "text": "x",
        }
        time.sleep(0.3)  # an editor's user pauses; nothing queued from the last edit
        start = time.perf_counter()
        client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
        )
        client.diagnostics(uri, version=version)
        best = min(best, time.perf_counter() - start)
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    return best


def main() -> None:
    text = yaml.safe_dump(big_pack(), allow_unicode=True, sort_keys=False)
    shop = (ROOT / "samples" / "shop.yaml").read_text("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "big.yaml"
        path.write_text(text, "utf-8")
        (folder / "shop.yaml").write_text(shop, "utf-8")
        print(f"pack: 1,000 templates x {len(LOCALES)} locales, {len(text) / 1024:,.0f} KiB")

        client = LspClient(folder)
        latency = {}
        try:
            client.initialize(folder)
            start = time.perf_counter()
            client.open(path.as_uri(), text)
            opened = client.diagnostics(path.as_uri(), version=1)
            first = time.perf_counter() - start
            client.notify("textDocument/didClose", {"textDocument": {"uri": path.as_uri()}})
            # Inside a body: "        body: \"Order ${orderId} was shipped..."
            body = next(i for i, row in enumerate(shop.splitlines()) if "body:" in row)
            latency["samples/shop.yaml"] = edit_latency(
                client, (folder / "shop.yaml").as_uri(), shop, body, 20
            )
            # Inside the first template's body: "      body: We received ${amount}..."
            line = text.splitlines().index("    en-US:") + 2
            assert text.splitlines()[line].startswith("      body: We received")
            latency["1,000 x 5 pack"] = edit_latency(client, path.as_uri(), text, line, 20)
            client.shutdown()
        finally:
            client.kill()

        floors = {}
        for label, source, where in (
            ("samples/shop.yaml", shop, folder / "shop.yaml"),
            ("1,000 x 5 pack", text, path),
        ):
            floors[label] = float("inf")
            for _ in range(ROUNDS):
                start = time.perf_counter()
                lint_text(source, where)
                floors[label] = min(floors[label], time.perf_counter() - start)
        process = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            command = [str(BIN / "msgtemplate"), "lint", str(path)]
            subprocess.run(command, capture_output=True, check=False)
            process = min(process, time.perf_counter() - start)

    assert not opened, opened
    print(f"first lint of the 1,000 x 5 pack on open: {first:.3f} s (imports included)")
    print(f"{'didChange -> publishDiagnostics':<34}{'best':>9}{'lint_text':>11}{'goal':>9}")
    for label, value in latency.items():
        verdict = "ok" if value <= GOALS[label] else "SLOW"
        print(
            f"{label:<34}{value * 1000:>6.0f} ms{floors[label] * 1000:>8.0f} ms"
            f"{GOALS[label] * 1000:>6.0f} ms {verdict}"
        )
    print(f"msgtemplate lint of the 1,000 x 5 pack, whole process: {process:.3f} s")


if __name__ == "__main__":
    main()
