"""Golden outputs of the export formats ``tests/test_golden.py`` does not store: the POT
file and nested JSON, byte for byte (the writers were rewritten for speed; these
files were stored with the Babel and ``json`` writers they replaced).

Regenerate as ``tests/test_golden.py`` says (``MSGTEMPLATE_REGOLD=1``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from msgtemplate.pack import load_pack
from msgtemplate.translate import export_pack
from tests.test_golden import EXPORTED, check, check_exports, packs

__all__ = ["packs"]  # the fixture, shared


@pytest.mark.parametrize("name", EXPORTED)
def test_pot_files_are_the_stored_ones(packs: Path, name: str) -> None:
    (exported,) = export_pack(load_pack(name), "pot")
    assert exported.name.endswith(".pot")
    assert exported.source  # a template of source texts: nothing to import back
    check(f"export/pot/{exported.name}", exported.data)


@pytest.mark.parametrize("name", EXPORTED)
def test_nested_json_files_are_the_stored_ones(packs: Path, name: str) -> None:
    pack = load_pack(name)
    files = export_pack(pack, "json", json_style="nested")
    files += export_pack(pack, "json", [pack.default_locale], json_style="nested")
    assert [f.source for f in files].count(True) == 1  # the default locale's source file
    check_exports(packs, pack, files, "json-nested")
