"""`lint --exclude` and `exclude = [...]`: gitignore-style patterns, as ruff applies them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msgtemplate.cli import main
from msgtemplate.lint import LintConfig, lint_paths
from msgtemplate.lint.exclude import ExcludePatternError, Exclusions, check_patterns

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "lint"
BAD = (DATA / "MT303.yaml").read_text(encoding="utf-8")  # one error, MT303


def tree(root: Path, *files: str) -> Path:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BAD, encoding="utf-8")
    return root


def linted(result_paths: list[str], root: Path) -> list[str]:
    return sorted(Path(p).resolve().relative_to(root.resolve()).as_posix() for p in result_paths)


def found(root: Path, config: LintConfig, *paths: str | Path) -> list[str]:
    result = lint_paths(paths or [root], config)
    return linted(sorted({f.path for f in result.findings}), root)


# ------------------------------------------------------------------ the patterns


def test_names_anchored_paths_folders_and_double_stars(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        "a.yaml",
        "x.gen.yaml",
        "deep/er/x.gen.yaml",
        "fixtures/f.yaml",
        "src/fixtures/f.yaml",
        "build/b.yaml",
        "src/build/b.yaml",
        "docs/one/two/bad.yaml",
        "out/o.yaml",
        "dironly/d.yaml",
        "src/dironly.yaml",
    )
    patterns = ("*.gen.yaml", "fixtures", "/build", "docs/**/bad.yaml", "out/**", "dironly/")
    config = LintConfig(exclude=patterns, exclude_root=str(root))
    assert found(root, config) == [
        "a.yaml",
        "src/build/b.yaml",  # /build is anchored at the root
        "src/dironly.yaml",  # dironly/ matches folders only
    ]


def test_star_does_not_cross_folders(tmp_path: Path) -> None:
    root = tree(tmp_path, "packs/a.yaml", "packs/old/b.yaml")
    config = LintConfig(exclude=("packs/*.yaml",), exclude_root=str(root))
    assert found(root, config) == ["packs/old/b.yaml"]


def test_patterns_are_relative_to_their_root_not_to_the_searched_folder(tmp_path: Path) -> None:
    root = tree(tmp_path, "packs/fixtures/a.yaml", "packs/b.yaml")
    config = LintConfig(exclude=("packs/fixtures/",), exclude_root=str(root))
    assert found(root, config, root / "packs") == ["packs/b.yaml"]
    # Relative to another root, the anchored pattern names another folder.
    elsewhere = LintConfig(exclude=("packs/fixtures/",), exclude_root=str(root / "packs"))
    assert found(root, elsewhere, root / "packs") == ["packs/b.yaml", "packs/fixtures/a.yaml"]


def test_named_paths_are_linted_unless_force_exclude(tmp_path: Path) -> None:
    root = tree(tmp_path, "fixtures/a.yaml", "fixtures/sub/b.yaml", "c.yaml")
    config = LintConfig(exclude=("fixtures/",), exclude_root=str(root))
    named = root / "fixtures" / "a.yaml"
    assert found(root, config, named, root / "c.yaml") == ["c.yaml", "fixtures/a.yaml"]
    # A named folder is searched; what is inside is matched by what it is itself.
    assert found(root, config, root / "fixtures") == ["fixtures/a.yaml", "fixtures/sub/b.yaml"]
    forced = LintConfig(exclude=("fixtures/",), exclude_root=str(root), force_exclude=True)
    assert found(root, forced, named, root / "c.yaml", root / "fixtures") == ["c.yaml"]


@pytest.mark.parametrize(
    ("pattern", "why"),
    [("", "empty pattern"), ("!keep.yaml", "not supported"), ("[z-a].yaml", "bad character")],
)
def test_bad_patterns_are_refused_with_the_reason(pattern: str, why: str) -> None:
    with pytest.raises(ExcludePatternError, match=why):
        check_patterns([pattern], "exclude")


# Patterns and paths over a small alphabet, so that they often meet.
_PART = st.sampled_from(["a", "b", "ab", "a.yaml", "b.json"])
_GLOB = st.sampled_from(["a", "b", "*", "?", "a*", "*.yaml", "[ab]", "[!a]", "**", "a?"])


@st.composite
def _patterns(draw: st.DrawFn) -> str:
    parts = draw(st.lists(_GLOB, min_size=1, max_size=3))
    text = "/".join(parts)
    if draw(st.booleans()):
        text = "/" + text
    if draw(st.booleans()):
        text += "/"
    return text


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is the reference")
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    patterns=st.lists(_patterns(), min_size=1, max_size=3),
    files=st.lists(st.lists(_PART, min_size=1, max_size=3), min_size=1, max_size=8),
)
def test_matching_agrees_with_git_check_ignore(
    tmp_path_factory: pytest.TempPathFactory, patterns: list[str], files: list[list[str]]
) -> None:
    root = tmp_path_factory.mktemp("gitignore")
    paths = []
    for parts in files:
        path = root.joinpath(*parts)
        if any(p == path or path in p.parents or p in path.parents for p in paths):
            continue  # a name cannot be a file and a folder at once
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")
        paths.append(path)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("\n".join(patterns) + "\n", encoding="utf-8")
    folders = {p for path in paths for p in path.relative_to(root).parents if str(p) != "."}
    names = [p.relative_to(root).as_posix() for p in paths] + [f.as_posix() for f in folders]
    answer = subprocess.run(
        ["git", "-C", str(root), "check-ignore", "--no-index", "--stdin"],
        input="\n".join(names),
        capture_output=True,
        text=True,
        check=False,
    )
    ignored = set(answer.stdout.splitlines())
    exclusions = Exclusions.of(patterns, root)
    for name in names:
        assert exclusions.excludes(str(root / name)) == (name in ignored), (patterns, name)


# --------------------------------------------------------- settings and the CLI


def _project(tmp_path: Path, table: str) -> Path:
    root = tree(tmp_path / "project", "packs/a.yaml", "packs/fixtures/f.yaml", "vendor/v.yaml")
    (root / "pyproject.toml").write_text(f"[tool.msgtemplate.lint]\n{table}\n", encoding="utf-8")
    return root


def _lint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cwd: Path, *args: str
) -> tuple[int, list[str], str]:
    monkeypatch.chdir(cwd)
    code = main(["lint", "--format", "json", *args])
    out, err = capsys.readouterr()
    paths = sorted({Path(f["path"]).resolve().as_posix() for f in json.loads(out)})
    return code, paths, err


def test_exclude_in_pyproject_is_relative_to_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, 'exclude = ["packs/fixtures/", "vendor"]')
    code, paths, _ = _lint(monkeypatch, capsys, root / "packs")  # run from a subfolder
    assert code == 1
    assert paths == [(root / "packs" / "a.yaml").resolve().as_posix()]


def test_exclude_on_the_command_line_replaces_extend_exclude_adds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, 'exclude = ["packs/fixtures/"]')
    names = ("packs/a.yaml", "vendor/v.yaml", "packs/fixtures/f.yaml")
    resolved = {name: (root / name).resolve().as_posix() for name in names}
    _, paths, _ = _lint(monkeypatch, capsys, root, "--exclude", "vendor/", "--exclude", "a.yaml")
    assert paths == [resolved["packs/fixtures/f.yaml"]]
    _, paths, _ = _lint(monkeypatch, capsys, root, "--extend-exclude", "vendor/")
    assert paths == [resolved["packs/a.yaml"]]
    _, paths, _ = _lint(monkeypatch, capsys, root, "--no-config")
    assert paths == sorted(resolved.values())


def test_force_exclude_from_the_command_line_and_pyproject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, 'exclude = ["packs/fixtures/"]')
    named = "packs/fixtures/f.yaml"
    code, paths, _ = _lint(monkeypatch, capsys, root, named)
    assert (code, len(paths)) == (1, 1)
    code, paths, _ = _lint(monkeypatch, capsys, root, "--force-exclude", named)
    assert (code, paths) == (0, [])
    (root / "pyproject.toml").write_text(
        '[tool.msgtemplate.lint]\nexclude = ["packs/fixtures/"]\nforce-exclude = true\n',
        encoding="utf-8",
    )
    code, paths, _ = _lint(monkeypatch, capsys, root, named)
    assert (code, paths) == (0, [])


@pytest.mark.parametrize(
    ("table", "args", "message"),
    [
        ('exclude = "vendor"', (), "exclude must be a list of patterns"),
        ('exclude = ["!vendor"]', (), "'!' (re-including) is not supported"),
        ("exclude = [1]", (), "expected patterns as strings"),
        ("force-exclude = 1", (), "force-exclude must be true or false"),
        ("", ("--exclude", " "), "--exclude: empty pattern"),
    ],
)
def test_bad_exclude_settings_exit_2_with_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    table: str,
    args: tuple[str, ...],
    message: str,
) -> None:
    root = _project(tmp_path, table)
    monkeypatch.chdir(root)
    assert main(["lint", *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.slow
def test_lint_in_this_repository_is_clean() -> None:
    # The fixtures and the docs' example files are wrong on purpose; pyproject.toml's
    # [tool.msgtemplate.lint] excludes them, and everything else must pass.
    result = subprocess.run(
        [sys.executable, "-m", "msgtemplate", "lint"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "All checks passed.\n"), result.stderr


# --------------------------------------------------- names that are not UTF-8


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_a_file_name_that_is_not_utf8_is_reported_escaped(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    fmt: str,
) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    try:
        with open(os.fsencode(folder) + b"/bad\xff.yaml", "w", encoding="utf-8") as handle:
            handle.write(BAD)
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    monkeypatch.chdir(tmp_path)
    code = main(["lint", "--format", fmt, "packs"])
    out, err = capsysbinary.readouterr()
    assert code == 1, err
    assert b"internal error" not in err
    assert err == b""
    text = out.decode("utf-8")  # valid UTF-8 whatever the name
    if fmt == "sarif":
        assert '"uri": "packs/bad%FF.yaml"' in text
    elif fmt == "json":
        assert '"path": "packs/bad\\\\xff.yaml"' in text
    else:
        assert "packs/bad\\xff.yaml" in text
    assert "MT303" in text
