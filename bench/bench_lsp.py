"""How long after an edit does `msgtemplate lsp` publish diagnostics?

Starts the real server (a subprocess on stdio, JSON-RPC framing), opens each document
and times didChange -> publishDiagnostics over the pipe: the whole wait an editor
sees, any pause after typing included (the user pausing 0.3 s between edits, longer
than the server's debounce). Documents: samples/shop.yaml, the generated 1,000-template
x 5-locale pack of tests/support/packgen.py (flawed: about 1,800 findings) and the
clean pack of bench_lint.py. Edits: one character typed in a body half-way down the
pack, and a line break typed near the top (every template below moves down a line).

Peers in the same run, in this process: libyaml's `yaml.compose` of the same text
(the floor: the YAML has to be read again after every edit), our own parse
(`parse_document`), the whole lint (`lint_text`, what the server did after every
edit before it was incremental) and the incremental analysis alone
(`Analyser.analyse` after the same edit), each as CPU time (best of N); and the
server's own CPU time per edit (its threads' schedstat), because on a shared machine
the wall time also counts everything else that runs. Goals (issue 20): <= 50 ms on
the samples, <= 300 ms on the big pack (the wall time an editor waits).

    .venv/bin/python bench/bench_lsp.py [rounds]      (default 5)
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _timing import table
from bench_lint import big_pack

from msgtemplate.document.source import parse_document
from msgtemplate.lint import lint_text
from msgtemplate.lsp.analysis import Analyser
from tests.support.lsp_client import LspClient
from tests.support.packgen import generated_pack

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"samples/shop.yaml": 0.050}
BIG_GOAL = 0.300
QUIET = 0.3  # the user's pause between edits: longer than the server's debounce


def insert_at(text: str, offset: int, new: str) -> tuple[str, int, int]:
    """``text`` with ``new`` inserted at ``offset``, and that offset's LSP line and
    character (the texts here have no astral characters, so UTF-16 = code points)."""
    line = text.count("\n", 0, offset)
    character = offset - (text.rfind("\n", 0, offset) + 1)
    return text[:offset] + new + text[offset:], line, character


def cpu_seconds(pid: int) -> float:
    """CPU time of every thread of process ``pid`` so far (Linux schedstat, in ns)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            total += int((task / "schedstat").read_text().split()[0])
    return total / 1e9


def edit_latencies(
    client: LspClient, uri: str, text: str, where: Callable[[str], int], new: str, rounds: int
) -> tuple[list[float], list[float]]:
    """Seconds from each didChange (``new`` typed at ``where(text)``) to its
    publishDiagnostics (the whole wait the editor sees), and the server's CPU
    seconds over the same interval (its own work, whatever else the machine runs)."""
    client.open(uri, text)
    client.diagnostics(uri, version=1)
    waits, cpu = [], []
    pid = client.process.pid
    for version in range(2, 2 + rounds):
        text, line, character = insert_at(text, where(text), new)
        at = {"line": line, "character": character}
        change = {"range": {"start": at, "end": at}, "text": new}
        time.sleep(QUIET)
        start, used = time.perf_counter(), cpu_seconds(pid)
        client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
        )
        client.diagnostics(uri, version=version)
        waits.append(time.perf_counter() - start)
        cpu.append(cpu_seconds(pid) - used)
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    return waits, cpu


def best_of(rounds: int, work: Callable[[], object]) -> float:
    """Best CPU seconds of ``work`` (this process is single-threaded here)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def in_process(path: Path, text: str, where: Callable[[str], int], new: str, rounds: int) -> float:
    """Best seconds of ``Analyser.analyse`` after the edit (the server's work, less
    the pause and the JSON-RPC)."""
    analyser = Analyser(path.as_uri())
    analyser.analyse(text, 1)
    best = float("inf")
    for version in range(2, 2 + rounds):
        text = insert_at(text, where(text), new)[0]
        start = time.process_time()
        analyser.analyse(text, version)
        best = min(best, time.process_time() - start)
    return best


def middle_body(text: str) -> int:
    """Just after "body: " in the template half-way down the pack."""
    return text.index("body: ", len(text) // 2) + len("body: ")


def near_top(text: str) -> int:
    """The end of the first template's name line."""
    return text.index("\n", text.index("name: "))


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    packs = {
        "packgen 1,000 x 5 (flawed)": generated_pack(1000, flawed=True),
        "bench_lint 1,000 x 5 (clean)": yaml.safe_dump(
            big_pack(), allow_unicode=True, sort_keys=False
        ),
    }
    edits: dict[str, tuple[Callable[[str], int], str]] = {
        "one character in a body, mid-pack": (middle_body, "x"),
        "a line break near the top": (near_top, "\n"),
    }
    shop = (ROOT / "samples" / "shop.yaml").read_text("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "shop.yaml").write_text(shop, "utf-8")
        paths = {}
        for n, (label, text) in enumerate(packs.items()):
            paths[label] = folder / f"big{n}.yaml"
            paths[label].write_text(text, "utf-8")
            print(f"{label}: {len(text) / 1024:,.0f} KiB, {text.count(chr(10)):,} lines")

        client = LspClient(folder)
        waits: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
        try:
            client.initialize(folder)
            body = next(i for i, row in enumerate(shop.splitlines()) if "body:" in row)
            offset = sum(len(row) + 1 for row in shop.splitlines()[:body]) + 20
            waits["samples/shop.yaml", "one character in a body"] = edit_latencies(
                client, (folder / "shop.yaml").as_uri(), shop, lambda _: offset, "x", rounds
            )
            for label, text in packs.items():
                for edit, (where, new) in edits.items():
                    waits[label, edit] = edit_latencies(
                        client, paths[label].as_uri(), text, where, new, rounds
                    )
            client.shutdown()
        finally:
            client.kill()

        floors = {}
        for label, text in packs.items():
            floors[label] = {
                "yaml.compose (CSafeLoader): the floor": best_of(
                    rounds, lambda text=text: yaml.compose(text, Loader=yaml.CSafeLoader)
                ),
                "parse_document (ours)": best_of(
                    rounds, lambda text=text: parse_document(text, "big.yaml", "yaml")
                ),
                "lint_text, the whole pack": best_of(
                    rounds, lambda text=text, p=paths[label]: lint_text(text, p)
                ),
            }
            for edit, (where, new) in edits.items():
                floors[label][f"Analyser.analyse after {edit}"] = in_process(
                    paths[label], text, where, new, rounds
                )

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:,.0f} ms"

    rows = [
        (
            "didChange -> publishDiagnostics",
            "wall best",
            "median",
            "server CPU best",
            "goal",
            "",
        )
    ]
    for (label, edit), (values, cpu) in waits.items():
        goal = GOALS.get(label, BIG_GOAL)
        best = min(values)
        verdict = "ok" if best <= goal else "SLOW"
        rows.append(
            (
                f"{label}: {edit}",
                ms(best),
                ms(statistics.median(values)),
                ms(min(cpu)),
                ms(goal),
                verdict,
            )
        )
    print(table(rows))
    for label, figures in floors.items():
        floor = figures["yaml.compose (CSafeLoader): the floor"]
        print()
        print(
            table(
                [(f"{label}, in-process", "best", "x floor")]
                + [(name, ms(value), f"{value / floor:.2f}") for name, value in figures.items()]
            )
        )
        for edit in edits:
            wall, cpu = min(waits[label, edit][0]), min(waits[label, edit][1])
            print(
                f"  server, {edit}: {ms(wall)} wall ({wall / floor:.2f}x the floor's CPU), "
                f"{ms(cpu)} CPU ({cpu / floor:.2f}x)"
            )


if __name__ == "__main__":
    main()
