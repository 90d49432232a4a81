"""Start-up stays lean: the language server's stack is imported by ``lsp`` only.

The CLI runs in pre-commit, so ``--version`` and ``lint`` must not pay for pygls,
lsprotocol (and cattrs) or jsonschema. ``python -X importtime`` lists every module a
real run imports.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
EDITOR_ONLY = ("pygls", "lsprotocol", "cattrs", "jsonschema")


def imported(*argv: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "msgtemplate", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr[-2000:]
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert "msgtemplate" in names  # the measurement itself works
    return names


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [
        ("--version",),
        ("lint", str(SAMPLES / "shop.yaml")),
        ("list", str(SAMPLES / "shop.yaml")),
        ("schema",),
    ],
)
def test_editor_stack_is_not_imported(argv: tuple[str, ...]) -> None:
    names = imported(*argv)
    heavy = sorted(n for n in names if n.split(".")[0] in EDITOR_ONLY)
    assert heavy == [], heavy
