"""`msgtemplate lint`: formats, exit codes, configuration, hostile input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from msgtemplate.cli import main

DATA = Path(__file__).resolve().parent / "data"
LINT = DATA / "lint"
SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch folder as the working directory (no pyproject.toml above it)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def copy(work: Path, *names: str) -> list[str]:
    for name in names:
        shutil.copy(LINT / name, work / name)
    return list(names)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["lint", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_format_has_location_caret_and_summary(work: Path, capsys) -> None:
    copy(work, "MT303.yaml")
    code, out, _ = run(capsys, "MT303.yaml")
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == (
        "MT303.yaml:9:28: MT303 placeholder '${orderID}' is not declared in the parameters "
        "of 'TP_1'; did you mean 'orderId'?"
    )
    assert lines[1] == '          en-US: {body: "Order ${orderID} shipped ${orderId}"}'
    assert lines[2] == "    " + " " * 27 + "^"
    assert lines[-1] == "Found 1 error, 0 warnings in 1 file."


def test_caret_counts_wide_characters_twice(work: Path, capsys) -> None:
    copy(work, "MT601.yaml")
    _, out, _ = run(capsys, "--select", "MT601", "MT601.yaml")
    source, caret = out.splitlines()[1:3]
    assert source == '          zh-Hans: {body: "您的订单 {orderId} 已发货。"}'
    # 28 characters before the brace, four of them two cells wide.
    assert caret == "    " + " " * (28 + 4) + "^"


def test_all_checks_passed(work: Path, capsys) -> None:
    copy(work, "clean.yaml", "clean.json")
    assert run(capsys, ".") == (0, "All checks passed.\n", "")


def test_json_format(work: Path, capsys) -> None:
    copy(work, "MT101.json")
    code, out, _ = run(capsys, "--format", "json", "MT101.json")
    data = json.loads(out)
    assert code == 1
    assert isinstance(data, list)
    assert data[1] == {
        "path": "MT101.json",
        "line": 6,
        "column": 3,
        "end_line": None,
        "end_column": None,
        "code": "MT108",
        "name": "body-unknown-field",
        "severity": "error",
        "message": "actionUrl is not a field of the API; did you mean 'redirectUrl'?",
    }


def test_sarif_is_valid_against_the_official_schema(work: Path, capsys) -> None:
    copy(work, "MT101.json", "MT601.yaml", "MT503.yaml")
    (work / "sub dir").mkdir()
    shutil.copy(LINT / "MT402.yaml", work / "sub dir" / "MT402.yaml")
    code, out, _ = run(capsys, "--format", "sarif", ".")
    sarif = json.loads(out)
    jsonschema.validate(sarif, SCHEMA)
    assert code == 1
    run_ = sarif["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    assert {"id", "name", "shortDescription", "helpUri"} <= set(rules[0])
    by_rule = {r["ruleId"]: r for r in run_["results"]}
    location = by_rule["MT402"]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "sub%20dir/MT402.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 8, "startColumn": 7}
    assert by_rule["MT402"]["level"] == "warning"
    assert by_rule["MT108"]["level"] == "error"
    assert rules[by_rule["MT108"]["ruleIndex"]]["id"] == "MT108"


def test_sarif_without_findings_is_valid(work: Path, capsys) -> None:
    copy(work, "clean.yaml")
    code, out, _ = run(capsys, "--format", "sarif", "clean.yaml")
    sarif = json.loads(out)
    jsonschema.validate(sarif, SCHEMA)
    assert code == 0
    assert sarif["runs"][0]["results"] == []


def test_github_format(work: Path, capsys) -> None:
    copy(work, "MT101.json", "MT402.yaml")
    code, out, _ = run(capsys, "--format", "github", "MT101.json", "MT402.yaml")
    assert code == 1
    assert out.splitlines() == [
        "::error file=MT101.json,line=1,col=1,title=MT101 (body-missing-field)::"
        "requestId is required but missing",
        "::error file=MT101.json,line=6,col=3,title=MT108 (body-unknown-field)::"
        "actionUrl is not a field of the API; did you mean 'redirectUrl'?",
        "::warning file=MT402.yaml,line=8,col=7,title=MT402 (non-canonical-locale)::"
        "locale 'zh_CN' is not canonical; write 'zh-CN'",
    ]


def test_warnings_pass_unless_fail_on_warning(work: Path, capsys) -> None:
    copy(work, "MT402.yaml")
    assert run(capsys, "MT402.yaml")[0] == 0
    assert run(capsys, "--fail-on", "warning", "MT402.yaml")[0] == 1


def test_select_ignore_on_the_command_line(work: Path, capsys) -> None:
    copy(work, "MT601.yaml")
    code, out, _ = run(capsys, "--format", "json", "--select", "mt6", "MT601.yaml")
    assert [f["code"] for f in json.loads(out)] == ["MT601"]
    assert code == 0  # MT601 is a warning
    code, out, _ = run(capsys, "--format", "json", "--ignore", "MT305,MT601", "MT601.yaml")
    assert json.loads(out) == []
    assert code == 0


def test_unknown_codes_are_usage_errors(work: Path, capsys) -> None:
    copy(work, "clean.yaml")
    code, out, err = run(capsys, "--select", "MT999", "clean.yaml")
    assert code == 2
    assert out == ""
    assert "unknown rule code 'MT999'" in err
    assert run(capsys, "--ignore", "XY1", "clean.yaml")[0] == 2


def test_pyproject_settings_apply_and_flags_win(work: Path, capsys) -> None:
    copy(work, "MT601.yaml")
    (work / "pyproject.toml").write_text(
        '[tool.msgtemplate.lint]\nignore = ["MT305"]\nfail-on = "warning"\n', encoding="utf-8"
    )
    nested = work / "a" / "b"
    nested.mkdir(parents=True)
    os.chdir(nested)  # settings are found by searching upward
    code, out, _ = run(capsys, "--format", "json", str(work / "MT601.yaml"))
    assert [f["code"] for f in json.loads(out)] == ["MT601"]
    assert code == 1  # fail-on warning from pyproject
    assert run(capsys, "--fail-on", "error", str(work / "MT601.yaml"))[0] == 0
    assert run(capsys, "--no-config", "--format", "json", str(work / "MT601.yaml"))[0] == 0


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('select = ["MT99"]', "unknown rule code 'MT99'"),
        ('fail-on = "notice"', "fail-on must be 'error', 'warning' or 'info'"),
        ("colour = true", "unknown setting 'colour'"),
        ("select = [", "cannot read settings"),
    ],
)
def test_bad_pyproject_settings_exit_2(work: Path, capsys, table: str, message: str) -> None:
    copy(work, "clean.yaml")
    (work / "pyproject.toml").write_text(f"[tool.msgtemplate.lint]\n{table}\n", encoding="utf-8")
    code, _, err = run(capsys, "clean.yaml")
    assert code == 2
    assert message in err


def test_directory_search_skips_other_files_but_explicit_names_do_not(work: Path, capsys) -> None:
    copy(work, "clean.yaml", "MT004.yaml")
    (work / "helm.yaml").write_text("{{ .Values.x }}: [\n", encoding="utf-8")
    (work / ".hidden").mkdir()
    shutil.copy(LINT / "MT303.yaml", work / ".hidden" / "MT303.yaml")
    assert run(capsys, ".") == (0, "All checks passed.\n", "")
    code, out, _ = run(capsys, "--format", "json", "MT004.yaml", "clean.yaml")
    assert code == 1
    assert [f["code"] for f in json.loads(out)] == ["MT004"]
    assert run(capsys, "--skip-unknown", "MT004.yaml", "clean.yaml")[0] == 0


def test_missing_path_exits_2_but_other_files_are_linted(work: Path, capsys) -> None:
    copy(work, "MT303.yaml")
    code, out, err = run(capsys, "nope.yaml", "MT303.yaml")
    assert code == 2
    assert "MT303.yaml:9:28: MT303" in out
    assert err == "msgtemplate: nope.yaml: no such file or directory\n"


def test_a_file_that_cannot_be_opened_exits_2_and_the_rest_is_linted(work: Path, capsys) -> None:
    # CI runs as root, which reads any file whatever its mode: a symlink loop is a
    # path even root cannot open.
    copy(work, "MT303.yaml")
    os.symlink("loop.yaml", work / "loop.yaml")
    code, out, err = run(capsys, "loop.yaml", "MT303.yaml")
    assert code == 2
    assert "MT303.yaml:9:28: MT303" in out
    assert "loop.yaml: cannot read file: Too many levels of symbolic links" in err


def test_unreadable_file_through_a_dangling_link_exits_2(work: Path, capsys) -> None:
    os.symlink(work / "gone.yaml", work / "link.yaml")
    code, _, err = run(capsys, "link.yaml")
    assert code == 2
    assert "link.yaml: cannot read file" in err


def test_show_rules_lists_every_rule(capsys) -> None:
    from msgtemplate.lint import all_rules

    code, out, _ = run(capsys, "--show-rules")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [r.code for r in all_rules()]


# --------------------------------------------------------------- hostile input


def cli(
    *args: str, cwd: Path, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "msgtemplate", "lint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def test_hostile_files_end_in_findings_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "bomb.yaml").write_text(
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=False)
        ),
        encoding="utf-8",
    )
    (tmp_path / "binary.json").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "nul.yaml").write_bytes(b"format: 1\x00\n")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "deep.yaml").write_text("a:\n" + "".join("  " * i + "- \n" for i in range(1, 200)))
    with open(tmp_path / "huge.yaml", "wb") as fh:  # 50 MB
        fh.write(b"format: 1\ntemplates: []\n")
        fh.write((b"# " + b"x" * 1000 + b"\n") * 50_000)
    (tmp_path / "utf16.json").write_bytes('{"templateCode": 1}'.encode("utf-16"))
    names = [
        "bomb.yaml",
        "binary.json",
        "nul.yaml",
        "deep.json",
        "deep.yaml",
        "huge.yaml",
        "utf16.json",
    ]
    result = cli("--format", "json", *names, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    found = {f["path"]: f["code"] for f in json.loads(result.stdout)}
    assert found == {
        "bomb.yaml": "MT001",
        "binary.json": "MT003",
        "nul.yaml": "MT003",
        "deep.json": "MT001",
        "deep.yaml": "MT001",
        "huge.yaml": "MT003",
        "utf16.json": "MT003",
    }


def test_cli_runs_as_a_process_with_text_output(tmp_path: Path) -> None:
    shutil.copy(LINT / "MT505.yaml", tmp_path / "MT505.yaml")
    result = cli("MT505.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("MT505.yaml:4:5: MT505 ")
    assert result.stderr == ""


# ------------------------------------------------- files that are not ours (review)

# Ordinary YAML/JSON a repository holds, none of which our loader reads: merge keys
# and anchors, a Helm template, several documents, JSON with comments.
NOT_OURS = {
    ".gitlab-ci.yml": (
        ".defaults: &defaults\n  image: python:3.12\n  tags: [docker]\n\n"
        "test:\n  <<: *defaults\n  script: [pytest]\n"
    ),
    "deployment.yaml": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
        "  name: {{ .Release.Name }}\n  format: {{ .Values.format }}\n"
    ),
    "multi.yaml": "a: 1\n---\nb: 2\n",
    "tsconfig.json": '{\n  // strict mode\n  "compilerOptions": {"format": "esm"}\n}\n',
}


def test_skip_unknown_skips_named_files_that_do_not_parse_and_are_not_ours(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in NOT_OURS.items():
        (work / name).write_text(text, encoding="utf-8")
    names = sorted(NOT_OURS)
    assert run(capsys, "--skip-unknown", *names) == (0, "All checks passed.\n", "")
    # Named without --skip-unknown, each is still reported: the user asked for it.
    code, out, _ = run(capsys, "--format", "json", *names)
    assert code == 1
    assert sorted(f["path"] for f in json.loads(out)) == names


def test_skip_unknown_still_reports_a_broken_pack(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "pack.yaml").write_text("format: 1\ntemplates: [\n", encoding="utf-8")
    (work / "body.json").write_text('{"templateCode": "TP_1", "templates": [}', encoding="utf-8")
    code, out, _ = run(capsys, "--skip-unknown", "--format", "json", "pack.yaml", "body.json")
    assert code == 1
    assert [(f["path"], f["code"]) for f in json.loads(out)] == [
        ("body.json", "MT001"),
        ("pack.yaml", "MT001"),
    ]


@pytest.mark.parametrize(
    ("name", "text", "ours"),
    [
        ("a.yaml", "format: 1\ntemplates: [\n", True),
        ("a.yaml", '"templateCode": TP_1\n  x: [\n', True),
        ("a.yaml", "spec:\n  format: json\n  x: [unclosed\n", False),
        ("a.yaml", "- format: 1\n  x: [\n", False),
        ("a.json", '{\n  "format": 1,\n  "templates": [\n', True),
        ("a.json", '{"templateCode": "TP_1", "templates": [}', True),
        ("a.json", '{\n  "spec": {\n"format": 1,\n  [\n', False),
        ("a.json", '[\n"format": 1\n', False),
        ("a.json", '{"note": "{\\"format\\": 1", "x": [}', False),
        ("a.json", '{\n  // "format": 1\n  "x": [\n', False),
    ],
)
def test_looks_ours_wants_a_top_level_key(name: str, text: str, ours: bool) -> None:
    from msgtemplate.document.source import format_for
    from msgtemplate.lint.runner import looks_ours

    assert looks_ours(text, format_for(name)) is ours


def test_directory_search_ignores_broken_yaml_with_a_nested_format_key(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "chart.yaml").write_text("spec:\n  format: json\n  x: [unclosed\n", encoding="utf-8")
    (work / "nested.json").write_text('{\n  "spec": {\n"format": 1,\n  [\n', encoding="utf-8")
    (work / "pack.yaml").write_text("format: 1\ntemplates: [\n", encoding="utf-8")
    code, out, _ = run(capsys, "--format", "json", ".")
    assert code == 1
    assert [f["path"] for f in json.loads(out)] == ["pack.yaml"]


# ----------------------------------------------------------- non-regular files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_named_fifo_is_a_usage_error_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    shutil.copy(LINT / "MT303.yaml", tmp_path / "MT303.yaml")
    result = cli("pipe.yaml", "MT303.yaml", cwd=tmp_path, timeout=30)
    assert result.returncode == 2
    assert "msgtemplate: pipe.yaml: not a regular file" in result.stderr
    assert "MT303.yaml:9:28: MT303" in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_found_in_a_directory_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "sub" / "pipe.yaml")
    shutil.copy(LINT / "clean.yaml", tmp_path / "sub" / "clean.yaml")
    result = cli(".", cwd=tmp_path, timeout=30)
    assert (result.returncode, result.stdout, result.stderr) == (0, "All checks passed.\n", "")


# ---------------------------------------------------------------- empty select


@pytest.mark.parametrize("value", ["", " , "])
def test_an_empty_select_is_a_usage_error(
    work: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    copy(work, "MT303.yaml")
    code, out, err = run(capsys, "--select", value, "MT303.yaml")
    assert (code, out) == (2, "")
    assert "--select is empty, so no rule would run" in err


def test_an_empty_select_in_pyproject_is_a_usage_error(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy(work, "MT303.yaml")
    (work / "pyproject.toml").write_text("[tool.msgtemplate.lint]\nselect = []\n", encoding="utf-8")
    code, out, err = run(capsys, "MT303.yaml")
    assert (code, out) == (2, "")
    assert "select is empty, so no rule would run" in err


def test_an_empty_select_is_refused_by_the_library_too() -> None:
    from msgtemplate.lint import LintConfig, LintConfigError, all_rules

    with pytest.raises(LintConfigError, match="select is empty"):
        LintConfig(select=()).validated(r.code for r in all_rules())


# ------------------------------------------------------- output encoding (ascii)


@pytest.mark.slow
def test_output_survives_an_ascii_only_stdout(tmp_path: Path) -> None:
    shutil.copy(LINT / "MT601.yaml", tmp_path / "MT601.yaml")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    text = cli("--select", "MT601", "MT601.yaml", cwd=tmp_path, env=env)
    assert (text.returncode, text.stderr) == (0, "")
    # The finding and its source line, CJK written as escapes rather than a crash.
    assert text.stdout.startswith("MT601.yaml:10:29: MT601 ")
    assert 'zh-Hans: {body: "\\u60a8\\u7684' in text.stdout
    rules = cli("--show-rules", cwd=tmp_path, env=env)
    assert rules.returncode == 0, rules.stderr
    assert "MT601" in rules.stdout
    # Machine formats are UTF-8 whatever the locale: the same JSON as under UTF-8.
    outputs = []
    for encoding in ("ascii", "utf-8"):
        raw = subprocess.run(
            [sys.executable, "-m", "msgtemplate", "lint", "--format", "json", "MT601.yaml"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONIOENCODING": encoding},
            capture_output=True,
            timeout=60,
        )
        assert raw.returncode == 0, raw.stderr  # warnings only
        outputs.append(json.loads(raw.stdout.decode("utf-8")))
    assert outputs[0] == outputs[1]
