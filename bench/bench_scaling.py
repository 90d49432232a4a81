"""Hostile sizes: does the cost of a template grow linearly with its placeholders?

A pack is untrusted input (pre-commit runs `msgtemplate lint` on whatever a branch
holds), so one body with tens of thousands of placeholders must cost seconds, not
minutes. For n and 4n placeholders this times, in one run:

* `Template(text)` (parse + compile) and one `render`;
* `msgtemplate lint` as a whole process on a pack whose one body holds n
  placeholders, all declared (`${a}${a}...`, one finding-free body) and all
  undeclared (`x ${p0}x ${p1}...`, one finding and one source excerpt per placeholder).

Linear work shows a 4n/n ratio near 4 (start-up flattens the lint ratios); the
quadratic compile this replaced showed 16.

These are the wall-clock figures; tests never time anything. tests/test_scaling.py
checks the same cases by counting the work done (lines executed and calls made),
which is deterministic on a loaded machine.

    .venv/bin/python bench/bench_scaling.py [n]     (default n = 10000; 4n = 40000)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import table

from msgtemplate.template.compiled import Template, _cached


def big_pack(n: int, *, declared: bool) -> str:
    """A pack whose one body holds ``n`` placeholders, as one double-quoted line."""
    body = "${a}" * n if declared else "".join(f"x ${{p{i}}}" for i in range(n))
    return (
        "format: 1\ndefaultLocale: en-US\nappId: '2188000000000001'\ntemplates:\n"
        "  - code: TP_BIG\n    name: Big\n    channel: PUSH\n    redirectUrl: /p\n"
        "    parameters:\n      a: {type: string, example: x}\n"
        f'    content:\n      en-US:\n        title: t\n        body: "{body}"\n'
    )


def best_seconds(fn: Callable[[], object], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def lint_seconds(path: Path) -> float:
    command = [sys.executable, "-m", "msgtemplate", "lint", str(path)]
    return best_seconds(lambda: subprocess.run(command, stdout=subprocess.DEVNULL, check=False))


def main(n: int = 10_000) -> None:
    rows = [("", f"n = {n:,}", f"4n = {4 * n:,}", "4n / n")]

    def row(label: str, small: float, large: float) -> None:
        rows.append((label, f"{small:.3f} s", f"{large:.3f} s", f"{large / small:.1f}"))

    def construct(size: int) -> float:
        text = "".join(f"<{i}>${{p{i % 50}}}" for i in range(size))

        def fresh() -> Template:
            _cached.cache_clear()
            return Template(text)

        return best_seconds(fresh)

    row("Template() parse+compile", construct(n), construct(4 * n))
    values = {f"p{i}": i for i in range(50)}
    small, large = (Template("".join(f"<{i}>${{p{i % 50}}}" for i in range(s))) for s in (n, 4 * n))
    row(
        "render",
        best_seconds(lambda: small.render(values)),
        best_seconds(lambda: large.render(values)),
    )
    with tempfile.TemporaryDirectory() as folder:
        for declared, label in ((True, "lint, all declared"), (False, "lint, all undeclared")):
            paths = []
            for size in (n, 4 * n):
                path = Path(folder) / f"p{size}{declared}.yaml"
                path.write_text(big_pack(size, declared=declared), encoding="utf-8")
                paths.append(path)
            row(f"{label} (process)", lint_seconds(paths[0]), lint_seconds(paths[1]))
    print(table(rows))
    print("linear: 4n/n near 4 (process start-up pulls the lint ratios lower); quadratic: 16")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
