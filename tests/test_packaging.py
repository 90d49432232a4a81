"""The grammar ships inside the wheel and an installed (non-editable) copy finds it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_carries_the_grammar_and_renders_from_it(tmp_path: Path) -> None:
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp_path / "dist").glob("msgtemplate-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "msgtemplate/grammar/template.lark" in names
        assert "msgtemplate/py.typed" in names
        shipped = archive.read("msgtemplate/grammar/template.lark")
        archive.extractall(tmp_path / "site")
    assert shipped == (ROOT / "grammar" / "template.lark").read_bytes()
    code = (
        "import msgtemplate.template.syntax as s, msgtemplate as m;"
        "print(s.grammar_path());"
        "print(m.Template('Hi ${who}').render(who='there'))"
    )
    # -I: isolated mode, so neither the source tree nor the editable install is on the path.
    env_path = str(tmp_path / "site")
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {env_path!r}); {code}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    grammar_line, output = result.stdout.splitlines()
    assert grammar_line.startswith(env_path)
    assert output == "Hi there"


@pytest.mark.slow
def test_license_is_in_the_repository_the_sdist_and_the_wheel(tmp_path: Path) -> None:
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License\n")
    build = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-d", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("msgtemplate-*.whl")
    (sdist,) = tmp_path.glob("msgtemplate-*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        licenses = [n for n in archive.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        assert len(licenses) == 1, archive.namelist()
        assert archive.read(licenses[0]).decode("utf-8") == license_text
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        headers = archive.read(metadata).decode("utf-8")
        assert "License-Expression: MIT" in headers
        assert "License-File: LICENSE" in headers
    import tarfile

    with tarfile.open(sdist) as archive:
        (member,) = [m for m in archive.getmembers() if m.name.endswith("/LICENSE")]
        extracted = archive.extractfile(member)
        assert extracted is not None
        assert extracted.read().decode("utf-8") == license_text
