"""The bounded load check of issue 10: 300 strangers pushing 1 MiB each at a real
sandbox process; it grows by less than 150 MiB while a real sender still gets S.

It runs bench/bench_sandbox_strangers.py (the one implementation, also part of
``make bench``), which measures the sandbox's resident memory from /proc and exits
non-zero when the growth is over the limit or the real message did not end ``S``.
Loopback only, 300 peers, 1 MiB each, every peer gone within its 20 s.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc"),
]

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_sandbox_strangers.py"


@pytest.mark.parametrize(
    "crowd",
    [
        pytest.param([], id="strangers-at-once"),
        pytest.param(["--ramp", "2"], id="strangers-arriving"),
        pytest.param(["--known-client-id", "--ramp", "2"], id="known-client-id"),
    ],
)
def test_three_hundred_peers_pushing_a_mebibyte_each(crowd: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--strangers", "300", "--mib", "1", *crowd],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    print(done.stdout)  # the figures, for the record (-s shows them)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"real sender\s+S after", done.stdout)
    growth = re.search(r"growth (\d+) MiB \(limit 150 MiB\)", done.stdout)
    assert growth is not None
    assert int(growth.group(1)) < 150
