"""Fixtures shared by the test modules (constants and helpers are in ``tests.support``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.packs import ORDER_PACK_YAML


@pytest.fixture
def pack_path(tmp_path: Path) -> Path:
    """The order pack (``tests.support.packs.ORDER_PACK_YAML``) as a file of its own."""
    path = tmp_path / "pack.yaml"
    path.write_text(ORDER_PACK_YAML, encoding="utf-8")
    return path
