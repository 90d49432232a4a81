"""Every command against the parser's floor (issue 20), ratios measured in one run.

The floor is what reading the pack costs at all: composing its YAML with libyaml
(``yaml.compose(text, Loader=yaml.CSafeLoader)``). On the 1,000-template x 5-locale
pack of ``bench_lint.py`` this times each case once in a new process, after its
imports (the CPU time of the work a command does beyond interpreter start-up,
every cache cold), best of N processes run round-robin:

* ``lint``: ``lint_paths`` + the JSON report (target <= 2x the floor);
* ``export --format F`` for po, pot, xliff, xliff2, json and nested json:
  ``load_pack`` + ``export_pack`` for every target locale (target <= 3x);
* ``import`` of the 4 exported PO files with no changes: ``load_pack`` +
  ``plan_import`` (target <= 3x);

then the scaling of lint's core (``parse_document`` + ``lint_document``) from 1,000 x 5
to 10,000 x 5 templates (target <= 11x), and memory against the YAML text's size in
UTF-8 bytes (target <= 10x), as tracemalloc's peak in a new process, after the
imports: of that lint core given the decoded text, and of the whole ``lint`` of the
file (``lint_paths`` reading it + the JSON report).

    .venv/bin/python bench/bench_floor.py [rounds] [case...]   (default 5 rounds, every case)

Naming cases (words of their labels: ``po``, ``xliff2``, ``import``) runs only the
floor and those, without the scaling and memory runs.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import table
from bench_lint import big_pack

from msgtemplate.document.source import parse_document
from msgtemplate.lint import lint_paths
from msgtemplate.lint.reporters import render_json
from msgtemplate.lint.runner import families, lint_document
from msgtemplate.pack import load_pack
from msgtemplate.translate import export_pack
from msgtemplate.translate.importer import plan_import

FORMATS = ("po", "pot", "xliff", "xliff2", "json", "json --json-style nested")
FLOOR = "floor: yaml.compose (CSafeLoader)"
LINT = "lint (+ JSON report)"
IMPORT = "import, 4 PO files, no change"
CASES = (FLOOR, LINT, *(f"export --format {fmt}" for fmt in FORMATS), IMPORT)


def pack_text(templates: int) -> str:
    return yaml.safe_dump(big_pack(templates), allow_unicode=True, sort_keys=False)


def lint_core(text: str) -> str:
    document = parse_document(text, "big.yaml", "yaml")
    return "".join(f.message for f in lint_document(document))


def run_case(case: str, folder: Path) -> float:
    """In a child process: the seconds ``case`` takes once, modules already imported
    (the work of a command beyond interpreter start-up, caches cold)."""
    families()  # rule modules, imported before a command starts its work
    path = folder / "big.yaml"
    po_files = sorted(str(p) for p in folder.glob("big.*.po"))
    fn: Callable[[], object]
    if case == FLOOR:
        text = path.read_text(encoding="utf-8")
        fn = lambda: yaml.compose(text, Loader=yaml.CSafeLoader)  # noqa: E731
    elif case == LINT:
        fn = lambda: render_json(lint_paths([path]))  # noqa: E731
    elif case == IMPORT:
        fn = lambda: plan_import(load_pack(path), po_files)  # noqa: E731
    elif case.startswith("export --format "):
        fmt, _, style = case.removeprefix("export --format ").partition(" --json-style ")
        fn = lambda: export_pack(load_pack(path), fmt, json_style=style or "flat")  # type: ignore[arg-type]  # noqa: E731
    elif case.startswith("core "):
        text = (folder / case.split(" ", 1)[1]).read_text(encoding="utf-8")
        fn = lambda: lint_core(text)  # noqa: E731
    elif case.startswith("memory "):
        text = (folder / case.split(" ", 1)[1]).read_text(encoding="utf-8")
        tracemalloc.start()
        lint_core(text)
        return tracemalloc.get_traced_memory()[1] / len(text.encode())
    elif case.startswith("whole-memory "):
        file = folder / case.split(" ", 1)[1]
        tracemalloc.start()
        render_json(lint_paths([file]))
        return tracemalloc.get_traced_memory()[1] / file.stat().st_size
    else:
        raise SystemExit(f"unknown case {case!r}")
    # CPU time of this one-threaded process: on a shared machine, wall time also
    # counts the time other processes held the cores.
    start = time.process_time()
    fn()
    return time.process_time() - start


def in_child(case: str, folder: Path) -> float:
    command = [sys.executable, __file__, "--case", case, str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return float(done.stdout)


def best_of(cases: tuple[str, ...], folder: Path, rounds: int) -> dict[str, float]:
    """Best seconds of each case over ``rounds`` child processes, run round-robin."""
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(rounds):
        for case in cases:
            best[case] = min(best[case], in_child(case, folder))
    return best


def main(rounds: int = 5, only: tuple[str, ...] = ()) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "big.yaml"
        text = pack_text(1000)
        path.write_text(text, encoding="utf-8")
        pack = load_pack(path)
        po_files = []
        for exported in export_pack(pack, "po"):
            po_files.append(str(folder / exported.name))
            Path(po_files[-1]).write_bytes(exported.data)
        assert not plan_import(pack, po_files).changes
        findings = len(lint_paths([path]).findings)
        big = pack_text(10_000)
        (folder / "big10k.yaml").write_text(big, encoding="utf-8")
        del pack

        cases = CASES
        if only:
            cases = (FLOOR, *(c for c in CASES[1:] if set(only) & set(c.replace(",", " ").split())))
        best = best_of(cases, folder, rounds)
        floor = best[FLOOR]
        rows = [("1,000 x 5 pack", "seconds", "x floor", "target")]
        for case, seconds in best.items():
            target = None if case == FLOOR else 2.0 if case == LINT else 3.0
            verdict = (
                ""
                if target is None
                else f"<= {target:.0f}x " + ("ok" if seconds / floor <= target else "OVER")
            )
            rows.append((case, f"{seconds:.3f}", f"{seconds / floor:.2f}", verdict))
        size = len(text.encode())
        print(f"pack: {size / 1024:,.0f} KiB, {findings} findings; best of {rounds} processes")
        print(table(rows))
        if only:
            return

        scale = best_of(("core big.yaml", "core big10k.yaml"), folder, max(2, rounds // 2))
        ratio = scale["core big10k.yaml"] / scale["core big.yaml"]
        print(
            f"\nlint core (parse_document + lint_document), 1,000 x 5: "
            f"{scale['core big.yaml']:.3f} s; 10,000 x 5 ({len(big.encode()) / 2**20:.1f} MiB): "
            f"{scale['core big10k.yaml']:.3f} s = {ratio:.1f}x "
            f"(target <= 11x: {'ok' if ratio <= 11 else 'OVER'})"
        )
        for label, file in (("1,000 x 5", "big.yaml"), ("10,000 x 5", "big10k.yaml")):
            for what, case in (("lint core", "memory"), ("whole lint", "whole-memory")):
                times = in_child(f"{case} {file}", folder)
                # The target is the big pack's: the small one carries a fixed few MiB
                # of Babel's locale data, several times its own text.
                verdict = "ok" if times <= 10 else "OVER"
                target = f"target <= 10x: {verdict}" if file == "big10k.yaml" else "no target"
                print(
                    f"peak traced memory, {what} of {label}: {times:.1f}x the YAML text ({target})"
                )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--case"]:
        print(run_case(sys.argv[2], Path(sys.argv[3])))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 5, tuple(sys.argv[2:]))
