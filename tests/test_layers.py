"""The house's rooms and arrows: no room imports a room above it.

Every module of every room is read (its AST: imports at the top, inside functions
and under TYPE_CHECKING alike, and ``importlib.import_module("msgtemplate...")``),
so a function-level import cannot hide an arrow that runs upward. The levels are
those drawn in docs/development.md and ../shared/DESIGN.md; a new room must be
given a level here before its first module lands.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "msgtemplate"

LEVELS: dict[str, int] = {
    # the foundations: import nothing of msgtemplate
    "errors": 0,
    "_version": 0,
    "caches": 0,
    "_text": 1,
    # the languages and the data
    "template": 2,
    "document": 2,
    "locales": 2,
    "formatting": 3,
    "api": 3,
    # the product's two halves: packs and sending (neither knows the other)
    "pack": 4,
    "sender": 4,
    "lint": 5,
    # applications of the above
    "translate": 6,
    "campaign": 6,
    "review": 6,
    "lsp": 6,
    "sandbox": 6,
    "cli": 7,
}
"""A room imports only rooms of a lower level (and itself)."""

ROOT_MODULES = {"__init__", "__main__", "_version", "errors"}
ALIASES = {
    "client": "msgtemplate.sender.client",
    "keys": "msgtemplate.sender.keys",
    "signing": "msgtemplate.sender.signing",
    "payload": "msgtemplate.pack.request",
    "pack/exchange": "msgtemplate.translate",
}
"""Deprecated import paths kept for one release: each re-exports its new home and
nothing else (docs/development.md, "Moved modules")."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imports(path: Path) -> set[str]:
    """Every msgtemplate module ``path`` imports, wherever the import is written."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "msgtemplate":
                found.update(f"msgtemplate.{alias.name}" for alias in node.names)
            else:
                found.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
        elif isinstance(node, ast.ImportFrom) and node.level:
            pytest.fail(f"{path}: relative import; write the absolute module")
    return {name for name in found if name.split(".")[0] == "msgtemplate"}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _alias_key(path: Path) -> str:
    return str(path.relative_to(PACKAGE).with_suffix(""))


def test_the_root_holds_only_the_entry_points_and_the_aliases() -> None:
    root = {path.stem for path in PACKAGE.glob("*.py")}
    assert root == ROOT_MODULES | {key for key in ALIASES if "/" not in key}


def test_every_room_has_a_level_and_says_its_job() -> None:
    for folder in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        assert folder.name in LEVELS, f"room {folder.name} has no level in this test"
        tree = ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"room {folder.name}: no docstring saying its job"


def test_no_room_imports_a_room_above_it_or_beside_it() -> None:
    upward: list[str] = []
    for path in _modules():
        key = _alias_key(path)
        module = _module_name(path)
        if key in ALIASES or module == "msgtemplate" or path.parent == PACKAGE:
            if path.stem == "errors":
                assert _imports(path) == set()
            continue
        room = _room(module)
        for imported in _imports(path):
            other = _room(imported)
            if other != room and LEVELS.get(other, 99) >= LEVELS[room]:
                upward.append(f"{module} ({room}) imports {imported} ({other})")
    assert upward == []


def test_pack_imports_nothing_from_lint_translate_cli_or_lsp() -> None:
    for path in (PACKAGE / "pack").rglob("*.py"):
        if _alias_key(path) in ALIASES:
            continue
        rooms = {_room(name) for name in _imports(path)}
        assert not rooms & {"lint", "translate", "cli", "lsp", "sender"}, path


def test_the_aliases_only_point_at_the_new_home() -> None:
    for key, home in ALIASES.items():
        path = PACKAGE / f"{key}.py"
        assert _imports(path) == {home}, key
        text = path.read_text(encoding="utf-8")
        assert "DeprecationWarning" in text, key


def test_no_module_imports_an_alias() -> None:
    old = {"msgtemplate." + key.replace("/", ".") for key in ALIASES}
    for path in _modules():
        if _alias_key(path) in ALIASES:
            continue
        assert not _imports(path) & old, path
