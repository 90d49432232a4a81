"""Start-up cost of the CLI, which runs in pre-commit: `msgtemplate --version` against
a bare `python -c pass`, both as whole processes, best of N, interleaved; and what
the first `Template()` of a process adds to `import msgtemplate` (the scanner regex
ships pre-generated, so no Lark parser is built for a valid template).

Run: .venv/bin/python bench/bench_startup.py   (target: --version adds <= 100 ms)
"""

from __future__ import annotations

import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "msgtemplate --version": [sys.executable, "-m", "msgtemplate", "--version"],
    "python -c 'import msgtemplate'": [sys.executable, "-c", "import msgtemplate"],
    "... + first Template()": [
        sys.executable,
        "-c",
        "import msgtemplate; msgtemplate.Template('Hi ${who}').render(who='you')",
    ],
    "msgtemplate render 'Hi ${who}'": [
        sys.executable,
        "-m",
        "msgtemplate",
        "render",
        "Hi ${who}",
        "--param",
        "who=you",
    ],
}


def main(rounds: int = 15) -> None:
    best = dict.fromkeys(COMMANDS, float("inf"))
    for _ in range(rounds):
        for name, argv in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
            best[name] = min(best[name], time.perf_counter() - start)
    bare = best["python -c pass"]
    for name, seconds in best.items():
        print(f"{name:32} {seconds * 1000:7.1f} ms   +{(seconds - bare) * 1000:6.1f} ms")
    added = (best["msgtemplate --version"] - bare) * 1000
    verdict = "OK" if added <= 100 else "OVER TARGET"
    print(f"--version adds {added:.1f} ms over a bare interpreter (target <= 100 ms): {verdict}")
    first = (best["... + first Template()"] - best["python -c 'import msgtemplate'"]) * 1000
    print(f"the first Template() of a process costs {first:.1f} ms")


if __name__ == "__main__":
    main()
