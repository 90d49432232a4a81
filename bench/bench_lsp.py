"""How fast does `msgtemplate lsp` re-lint a 1,000-template pack after an edit?

Starts the real server, opens the pack of bench_lint.py (1,000 templates x 5 locales),
then edits one body and times didChange -> publishDiagnostics over the stdio pipe,
minus the server's deliberate debounce pause. Peers measured in the same run: the
same lint in-process (`lint_text`, the floor the server adds JSON-RPC to) and
`msgtemplate lint` on the saved file (a whole process). Goal: re-lint under 1 s.

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
from msgtemplate.lsp.server import DEBOUNCE
from tests.support.lsp_client import LspClient

ROUNDS = 5
GOAL = 1.0


def main() -> None:
    text = yaml.safe_dump(big_pack(), allow_unicode=True, sort_keys=False)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "big.yaml"
        path.write_text(text, "utf-8")
        uri = path.as_uri()
        print(f"pack: 1,000 templates x {len(LOCALES)} locales, {len(text) / 1024:,.0f} KiB")

        client = LspClient(folder)
        try:
            client.initialize(folder)
            start = time.perf_counter()
            client.open(uri, text)
            opened = client.diagnostics(uri, version=1)
            first = time.perf_counter() - start
            # Inside the first template's body: "      body: We received ${amount}..."
            line = text.splitlines().index("    en-US:") + 2
            assert text.splitlines()[line].startswith("      body: We received")
            relint = float("inf")
            for version in range(2, 2 + ROUNDS):
                change = {
                    "range": {
                        "start": {"line": line, "character": 20},
                        "end": {"line": line, "character": 20},
                    },
                    "text": "x",
                }
                start = time.perf_counter()
                client.notify(
                    "textDocument/didChange",
                    {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
                )
                found = client.diagnostics(uri, version=version)
                assert not found, found  # still a clean pack: it was really linted
                relint = min(relint, time.perf_counter() - start - DEBOUNCE)
            client.shutdown()
        finally:
            client.kill()

        floor = float("inf")
        for _ in range(ROUNDS):
            start = time.perf_counter()
            lint_text(text, path)
            floor = min(floor, time.perf_counter() - start)
        process = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            command = [str(BIN / "msgtemplate"), "lint", str(path)]
            subprocess.run(command, capture_output=True, check=False)
            process = min(process, time.perf_counter() - start)

    verdict = "ok" if relint <= GOAL else "SLOW"
    assert not opened, opened
    print(f"first lint on open: {first:.3f} s (imports included)")
    print(f"{'what':<42}{'best':>9}{'vs in-process':>15}")
    for label, value in (
        (f"server re-lint after an edit (- {DEBOUNCE} s pause)", relint),
        ("lint_text in-process (floor)", floor),
        ("msgtemplate lint, whole process", process),
    ):
        print(f"{label:<42}{value:>7.3f} s{value / floor:>14.2f}x")
    print(f"goal: re-lint <= {GOAL:.1f} s: {verdict}")


if __name__ == "__main__":
    main()
