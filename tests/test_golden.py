"""Golden outputs: lint reports and exported files, byte for byte, as stored.

Speed work on the loader, the lint model and the exporters must not change a single
finding, position or exported byte. This lints the samples and two generated packs
(``tests.support.packgen``: one clean, one with mistakes that most rule families
report) and exports the clean ones in every format, then compares each output with
the file stored under ``tests/data/golden/``; it also checks that importing each
exported file unchanged plans no change.

When an output changes on purpose (a new rule, a changed message, a new sample),
regenerate the stored files and review the diff like code:

    MSGTEMPLATE_REGOLD=1 .venv/bin/pytest tests/test_golden.py -p no:randomly
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from msgtemplate.lint import LintConfig, lint_paths
from msgtemplate.lint.reporters import render_json, render_text
from msgtemplate.pack import Pack, load_pack
from msgtemplate.translate import ExportedFile, export_pack
from msgtemplate.translate.importer import plan_import
from tests.support.packgen import generated_pack

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
REGOLD = os.environ.get("MSGTEMPLATE_REGOLD") == "1"
FORMATS = ("po", "xliff", "xliff2", "json")
STAMP = 1_780_000_000  # a fixed modification time: export headers carry the pack's
EXPORTED = ("shop.yaml", "booking.yaml", "delivery.yaml", "generated.yaml")
LINTED = (*EXPORTED, "flawed.yaml")


@pytest.fixture
def packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The packs, in a folder of their own that is the current directory (reports
    show relative paths), with a fixed modification time."""
    for name in ("shop.yaml", "booking.yaml", "delivery.yaml"):
        shutil.copyfile(ROOT / "samples" / name, tmp_path / name)
    (tmp_path / "generated.yaml").write_text(generated_pack(12), encoding="utf-8")
    (tmp_path / "flawed.yaml").write_text(generated_pack(60, flawed=True), encoding="utf-8")
    for name in LINTED:
        os.utime(tmp_path / name, (STAMP, STAMP))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(name: str, data: bytes) -> None:
    """``data`` is the stored golden file ``name`` (or becomes it, when regenerating)."""
    path = GOLDEN / name
    if REGOLD:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"no golden file {name}; regenerate (see this module's docstring)"
    expected = path.read_bytes()
    if data != expected:
        mine, theirs = data.decode("utf-8").splitlines(), expected.decode("utf-8").splitlines()
        first = next(
            (i for i, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b),
            min(len(mine), len(theirs)),
        )
        got = mine[first] if first < len(mine) else "<end>"
        want = theirs[first] if first < len(theirs) else "<end>"
        pytest.fail(f"{name} differs at line {first + 1}:\n  got:  {got}\n  want: {want}")


def test_lint_reports_are_the_stored_ones(packs: Path) -> None:
    result = lint_paths(list(LINTED), LintConfig())
    assert not result.errors
    codes = {f.code[:3] for f in result.findings if f.path == "flawed.yaml"}
    assert {"MT2", "MT3", "MT4", "MT5"} <= codes  # the flawed pack exercises the families
    check("lint.json", render_json(result).encode("utf-8"))
    check("lint.txt", render_text(result).encode("utf-8"))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", EXPORTED)
def test_exported_files_are_the_stored_ones(packs: Path, name: str, fmt: str) -> None:
    pack = load_pack(name)
    files = export_pack(pack, fmt)  # type: ignore[arg-type]
    if fmt == "json":
        files += export_pack(pack, "json", [pack.default_locale])
    check_exports(packs, pack, files, fmt)


def check_exports(packs: Path, pack: Pack, files: list[ExportedFile], folder: str) -> None:
    """Each of ``files`` is the stored ``export/FOLDER/NAME``, and each translation
    file imported back unchanged plans no change."""
    assert len(files) >= 4
    for exported in files:
        check(f"export/{folder}/{exported.name}", exported.data)
        if exported.source:
            continue
        path = packs / exported.name
        path.write_bytes(exported.data)
        plan = plan_import(pack, [str(path)])
        assert not plan.refused, (exported.name, plan.notes[:3])
        assert not plan.changes, (exported.name, plan.notes[:3])
