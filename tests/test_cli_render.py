"""`msgtemplate render` and `--version`, run as a user runs them: a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from msgtemplate._version import __version__

pytestmark = pytest.mark.slow  # every test starts a Python process


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "msgtemplate", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"msgtemplate {__version__}"


def test_render_prints_the_result() -> None:
    result = run("render", "Hello, ${who}! $$5", "--param", "who=XiaoMing")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Hello, XiaoMing! $5\n"


def test_render_value_with_equals_and_placeholder_syntax_is_literal() -> None:
    result = run("render", "${a}", "-p", "a=x=${b}")
    assert result.stdout == "x=${b}\n"


def test_render_syntax_error_shows_caret_and_exits_2_without_traceback() -> None:
    result = run("render", "Hello, ${who")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "unclosed placeholder" in result.stderr
    assert "  Hello, ${who\n         ^" in result.stderr
    assert "Traceback" not in result.stderr


def test_render_missing_parameter_exits_2() -> None:
    result = run("render", "${a} ${b}")
    assert result.returncode == 2
    assert "missing parameters: a, b" in result.stderr
    assert "Traceback" not in result.stderr


def test_render_lenient_keeps_missing() -> None:
    assert run("render", "${a} ${b}", "--lenient", "-p", "a=1").stdout == "1 ${b}\n"


def test_bad_param_syntax_and_unknown_command_exit_2() -> None:
    bad = run("render", "${a}", "--param", "novalue")
    assert bad.returncode == 2
    assert "NAME=VALUE" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert run("frobnicate").returncode == 2
    assert run().returncode == 2


def test_params_file_keeps_numbers_as_written_and_refuses_structures(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text('{"a": 1.50, "b": "x", "c": 7}', encoding="utf-8")
    result = run("render", "${a} ${b} ${c}", "--params-file", str(good))
    assert result.stdout == "1.50 x 7\n"
    for value, kind in (
        ('{"x": 1}', "object"),
        ("[1]", "array"),
        ("true", "boolean"),
        ("null", "null"),
    ):
        bad = tmp_path / "bad.json"
        bad.write_text(f'{{"a": {value}}}', encoding="utf-8")
        result = run("render", "${a}", "--params-file", str(bad))
        assert result.returncode == 2
        assert f"parameter 'a' is a JSON {kind}" in result.stderr
        assert "Traceback" not in result.stderr
