"""The pre-commit hook, for real: `pre-commit try-repo` installs this project and runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(__file__).resolve().parent / "data" / "lint"
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".demo",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    "dist",
    "build",
    "*.egg-info",
)


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_try_repo_flags_the_bad_pack_only(tmp_path: Path) -> None:
    # try-repo needs a git repository with the hook file committed: make one from the
    # working tree, so the test does not depend on what has been committed here.
    hook_repo = tmp_path / "msgtemplate"
    shutil.copytree(ROOT, hook_repo, ignore=_IGNORE)
    git("init", "-q", cwd=hook_repo)
    git("add", "-A", cwd=hook_repo)
    git("commit", "-q", "-m", "snapshot", cwd=hook_repo)

    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(LINT / "clean.yaml", project / "good.yaml")
    shutil.copy(LINT / "MT303.yaml", project / "bad.yaml")
    (project / "config.yaml").write_text("not: a pack\n", encoding="utf-8")
    # Broken on purpose, and excluded by the project's settings: pre-commit names every
    # file, so the hook must apply the exclusions to named files (--force-exclude).
    (project / "fixtures").mkdir()
    shutil.copy(LINT / "MT001.yaml", project / "fixtures" / "broken.yaml")
    (project / "pyproject.toml").write_text(
        '[tool.msgtemplate.lint]\nexclude = ["fixtures/"]\n', encoding="utf-8"
    )
    # Ordinary YAML that our loader refuses: anchors and merge keys, a Helm template.
    (project / ".gitlab-ci.yml").write_text(
        ".defaults: &defaults\n  image: python:3.12\n\ntest:\n  <<: *defaults\n"
        "  script: [pytest]\n",
        encoding="utf-8",
    )
    (project / "chart" / "templates").mkdir(parents=True)
    (project / "chart" / "templates" / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
        encoding="utf-8",
    )
    git("init", "-q", cwd=project)
    git("add", "-A", cwd=project)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "VIRTUAL_ENV"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "cache")

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        selection = ["--files", *files] if files else ["--all-files"]
        return subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(hook_repo), "msgtemplate-lint", *selection],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "bad.yaml:9:28: MT303" in failed.stdout
    report = failed.stdout.split("msgtemplate lint", 1)[-1]
    others = ("good.yaml", "config.yaml", ".gitlab-ci.yml", "deployment.yaml", "MT001", "broken")
    for other in others:
        assert other not in report, failed.stdout

    passed = try_repo(
        "good.yaml",
        "config.yaml",
        ".gitlab-ci.yml",
        "chart/templates/deployment.yaml",
        "fixtures/broken.yaml",
    )
    assert passed.returncode == 0, passed.stdout + passed.stderr
