"""`make demo` end to end (samples/demo.py), in a copy of the samples: it delivers one
message per sample template, and leaves no process behind, even when it is killed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture
def tour(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    return tmp_path


def processes_mentioning(text: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            # Other processes on a shared machine may have non-UTF-8 arguments.
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline:
            found.append(f"{entry.name}: {cmdline}")
    return found


def wait_until_gone(text: str, seconds: float = 20) -> list[str]:
    deadline = time.monotonic() + seconds
    while (left := processes_mentioning(text)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def test_the_tour_delivers_every_sample_and_cleans_up(tour: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(tour / "samples" / "demo.py")],
        cwd=tour,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    assert "All checks passed." in out  # step 2: the samples lint clean
    assert out.count("delivered: requestId") == 7
    assert "7 messages delivered, 0 failed." in out
    # step 3b: the phrase agrees with the number (Polish one, few, many; Arabic two, many)
    for phrase in (
        "za 1 minutę.",
        "za 2 minuty.",
        "za 5 minut.",
        "za 22 minuty.",
        "خلال دقيقتين.",
        "خلال 11 دقيقة.",
    ):
        assert phrase in out, phrase
    assert "sandbox stopped (exit code 0)" in out
    assert "Traceback" not in result.stderr
    assert wait_until_gone(str(tour)) == []
    assert not list((tour / ".demo").glob("inbox-*.sqlite*"))


def test_a_killed_tour_stops_its_sandbox(tour: Path) -> None:
    demo = subprocess.Popen(
        [sys.executable, "-u", str(tour / "samples" / "demo.py")],
        cwd=tour,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert demo.stdout is not None
    try:
        for line in demo.stdout:
            if "listening on" in line:
                break
        else:
            pytest.fail("the demo never started its sandbox")
        assert any("sandbox" in p for p in processes_mentioning(str(tour)))
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(timeout=60) == 128 + signal.SIGTERM
    finally:
        if demo.poll() is None:
            demo.kill()
        demo.stdout.close()
    assert wait_until_gone(str(tour)) == []
