"""How fast is `msgtemplate review` as a whole process (start-up included)?

Times `msgtemplate review` writing the gallery of samples/ and of a generated pack of
1,000 templates x 5 locales (bench_lint's, 5,000 cards), without and with
`--baseline` (the big pack committed to a temporary git repository, then every
tenth template edited), best of 3 runs each. `msgtemplate lint` on the same files
runs beside it as the peer: the gallery lints too, then renders every card twice
(example and longest values) and writes the HTML. Targets: samples well under 1 s,
the big pack under 10 s. Prints wall-clock and CPU seconds (the best of each).

    .venv/bin/python bench/bench_review.py
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import tempfile
import time
from pathlib import Path

import yaml
from bench_lint import BIN, LOCALES, big_pack

ROOT = Path(__file__).resolve().parent.parent


def git(folder: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    }
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)


def best_of(command: list[str], runs: int = 3) -> tuple[float, float, int]:
    """Best wall-clock and best CPU (user + system) seconds of ``runs`` runs, and the
    exit code. CPU time suffers less than wall time when other work shares the cores."""
    wall = cpu = float("inf")
    code = 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        wall = min(wall, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        cpu = min(cpu, used)
        code = done.returncode
    return wall, cpu, code


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        repo.mkdir()
        pack = repo / "big.yaml"
        text = yaml.safe_dump(big_pack(), allow_unicode=True, sort_keys=False)
        pack.write_text(text, "utf-8")
        git(repo, "init", "-q")
        git(repo, "add", "big.yaml")
        git(repo, "commit", "-q", "-m", "big")
        # Every tenth template's en-US body changes: 100 changed cards.
        edited = re.sub(r"Ref (\d*0)\.", r"Reference \1.", text)
        pack.write_text(edited, "utf-8")
        size = pack.stat().st_size
        print(f"pack: 1,000 templates x {len(LOCALES)} locales, {size / 1024:,.0f} KiB")
        site = Path(tmp) / "site"
        review = [str(BIN / "msgtemplate"), "review", "-o", str(site)]
        lint = [str(BIN / "msgtemplate"), "lint"]
        samples = str(ROOT / "samples")
        rows = [
            ("samples/", [samples], [], 1.0),
            ("big pack", [str(pack)], [], 10.0),
            ("big pack --baseline HEAD", [str(pack)], ["--baseline", "HEAD"], 10.0),
        ]
        print(
            f"{'target':<26}{'review':>8}{'(cpu)':>8}{'lint':>8}{'(cpu)':>8}{'ratio':>7}"
            f"{'goal':>7}  index.html"
        )
        for label, paths, extra, goal in rows:
            took, cpu, code = best_of([*review, *paths, *extra])
            assert code == 0, f"review exited {code}"
            peer, peer_cpu, _ = best_of([*lint, *paths])
            html = (site / "index.html").stat().st_size
            print(
                f"{label:<26}{took:>7.2f}s{cpu:>7.2f}s{peer:>7.2f}s{peer_cpu:>7.2f}s"
                f"{took / peer:>6.1f}x{goal:>6.1f}s  {html / 1024 / 1024:,.1f} MiB"
            )


if __name__ == "__main__":
    main()
