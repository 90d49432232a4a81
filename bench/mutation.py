"""Mutation score of the core modules: mutmut's mutants, each tested in a fresh process.

``make mutation`` runs this. mutmut (pinned below, installed by the target) writes
every mutant of the eight modules into a scratch copy of the project, behind its
trampolines; then each sampled mutant is tested by a *new* ``python -m pytest``
process with ``MUTANT_UNDER_TEST`` naming it. mutmut's own runner forks one warm
process per mutant instead, and the module-level caches filled before the fork
(compiled templates, locale matchers, parsed keys) then answer with the original
code's results, so mutants survive that a fresh process kills.

A mutant is killed when its tests fail (or time out); it survives when they pass.
Usage::

    python bench/mutation.py [--sample N] [--seed S] [--module NAME ...]

``--sample`` mutants per module (default 80; 0: all of them). Prints each module's
score and the survivors' names (``mutmut show NAME`` in the scratch folder shows
one). Not part of ``make test``: it takes a long time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = "mutmut==3.8.1"

# Module -> the tests that are its specification (plus the survivors' suite for all).
MODULES: dict[str, tuple[str, list[str]]] = {
    "template": ("msgtemplate/template/compiled.py", ["tests/test_template.py"]),
    "syntax": ("msgtemplate/template/syntax.py", ["tests/test_template.py"]),
    "matcher": ("msgtemplate/locales/matcher.py", ["tests/test_locales.py"]),
    "distance": ("msgtemplate/locales/distance.py", ["tests/test_locales.py"]),
    "values": ("msgtemplate/formatting/values.py", ["tests/test_formatting.py"]),
    "spec_check": ("msgtemplate/api/checks.py", ["tests/test_spec_check.py"]),
    "signing": ("msgtemplate/sender/signing.py", ["tests/test_signing.py"]),
    "retry": ("msgtemplate/sender/retry.py", ["tests/test_client.py", "tests/test_retry.py"]),
}
ALWAYS = ["tests/hostile/test_survivors.py"]
COPIED = ("msgtemplate", "tests", "grammar", "schema", "samples", "pyproject.toml")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=80, help="mutants per module (0: all)")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--module", action="append", choices=sorted(MODULES), default=None)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    modules = args.module or list(MODULES)
    scratch = Path(tempfile.mkdtemp(prefix="msgtemplate-mutation-"))
    try:
        names = _generate(scratch, [MODULES[m][0] for m in modules])
        rng = random.Random(args.seed)
        totals = [0, 0]
        for module in modules:
            path, tests = MODULES[module]
            dotted = path.removesuffix(".py").replace("/", ".")
            mine = sorted(n for n in names if n.startswith(dotted + "."))
            if args.sample and len(mine) > args.sample:
                mine = sorted(rng.sample(mine, args.sample))
            killed, survivors = _test(scratch / "mutants", mine, [*tests, *ALWAYS])
            totals[0] += killed
            totals[1] += len(mine)
            score = 100.0 * killed / len(mine) if mine else 100.0
            print(f"{module:<11} {killed:>4}/{len(mine):<4} killed  {score:5.1f}%", flush=True)
            for name in survivors:
                print(f"    survived: {name}", flush=True)
        overall = 100.0 * totals[0] / totals[1] if totals[1] else 100.0
        print(f"{'overall':<11} {totals[0]:>4}/{totals[1]:<4} killed  {overall:5.1f}%")
    finally:
        if args.keep:
            print(f"scratch folder: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _generate(scratch: Path, paths: list[str]) -> list[str]:
    """Write the mutants of ``paths`` under ``scratch/mutants``; their names."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, scratch / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, scratch / name)
    only = "\n    ".join(paths)
    (scratch / "setup.cfg").write_text(
        f"[mutmut]\nsource_paths = msgtemplate\nonly_mutate =\n    {only}\n"
        "also_copy =\n    grammar/\n    schema/\n    samples/\n",
        "utf-8",
    )
    script = (
        "from mutmut.__main__ import copy_src_dir, copy_also_copy_files, "
        "setup_source_paths, create_mutants\n"
        "from mutmut.mutation.trampoline import set_mutant_under_test\n"
        "set_mutant_under_test('mutant_generation')\n"
        "copy_src_dir(); copy_also_copy_files(); setup_source_paths(); create_mutants(1)\n"
    )
    subprocess.run(
        [sys.executable, "-c", script], cwd=scratch, check=True, stdout=subprocess.DEVNULL
    )
    names: list[str] = []
    for meta in (scratch / "mutants").rglob("*.meta"):
        data = json.loads(meta.read_text("utf-8"))
        names.extend(data.get("exit_code_by_key", {}))
    return names


def _test(folder: Path, names: list[str], tests: list[str]) -> tuple[int, list[str]]:
    """(killed, survivors) of ``names``, each tested by a fresh pytest process."""
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly"]
    command += ["-p", "no:cacheprovider", "-m", "not slow", *tests]
    env = {**os.environ, "PYTHONPATH": str(folder), "MUTANT_UNDER_TEST": ""}
    start = time.monotonic()
    baseline = subprocess.run(command, cwd=folder, env=env, capture_output=True, check=False)
    if baseline.returncode != 0:
        raise SystemExit(f"the tests fail without mutants:\n{baseline.stdout.decode()[-3000:]}")
    limit = 10 * (time.monotonic() - start) + 10
    killed = 0
    survivors: list[str] = []
    for name in names:
        try:
            done = subprocess.run(
                command,
                cwd=folder,
                env={**env, "MUTANT_UNDER_TEST": name},
                capture_output=True,
                timeout=limit,
                check=False,
            )
            dead = done.returncode != 0
        except subprocess.TimeoutExpired:
            dead = True  # an endless loop is caught too
        if dead:
            killed += 1
        else:
            survivors.append(name)
    return killed, survivors


if __name__ == "__main__":
    sys.exit(main())
