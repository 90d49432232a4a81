"""Caches have one owner: every module-level cache is a row of msgtemplate.caches.CACHES,
with its bound; one call clears them all, and a process can set their bounds."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from msgtemplate.caches import CACHES, CacheInUseError, cache_info, clear_caches, configure_caches
from msgtemplate.template import Template

PACKAGE = Path(__file__).resolve().parent.parent / "msgtemplate"


def _decorations() -> dict[str, list[str]]:
    """``{cache name: [module:function, ...]}`` for every ``@cached("name")``."""
    found: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and isinstance(decorator.func, ast.Name)
                    and decorator.func.id == "cached"
                ):
                    [name] = decorator.args
                    assert isinstance(name, ast.Constant)
                    found.setdefault(name.value, []).append(f"{path.name}:{node.name}")
    return found


def test_every_cache_is_declared_once_and_used_once() -> None:
    used = _decorations()
    assert set(used) == set(CACHES)
    assert all(len(places) == 1 for places in used.values()), used


def test_no_module_makes_a_cache_of_its_own() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name == "caches":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    text = ast.unparse(decorator)
                    assert "lru_cache" not in text, f"{path}: {node.name}"
                    assert text != "cache", f"{path}: {node.name}"


def test_clear_caches_empties_every_cache() -> None:
    Template("Hi ${who}, cached")
    assert cache_info()["template.compiled"].currsize >= 1
    clear_caches()
    assert all(info.currsize == 0 for info in cache_info().values())
    assert Template("Hi ${who}, cached").render(who="Ann") == "Hi Ann, cached"


def test_bounds_are_set_per_process_before_first_use() -> None:
    script = textwrap.dedent(
        """
        from msgtemplate.caches import CacheInUseError, cache_info, configure_caches
        configure_caches(template_compiled=2, **{"locales.distance": 0})
        from msgtemplate import Template
        for n in range(10):
            Template("text %d ${x}" % n)
        info = cache_info()["template.compiled"]
        print(info.maxsize, info.currsize)
        try:
            configure_caches(template_compiled=5)
        except CacheInUseError as exc:
            print("refused:", exc)
        configure_caches(template_compiled=2)  # the same bound: nothing to change
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    first, second = result.stdout.splitlines()
    assert first == "2 2"
    assert second.startswith("refused: cache 'template.compiled' is already in use")


def test_bad_configuration_names_the_problem() -> None:
    with pytest.raises(KeyError, match="no cache named 'template_compile'"):
        configure_caches(template_compile=1)
    with pytest.raises(ValueError, match="must be an integer >= 0"):
        configure_caches(template_compiled=-1)
    Template("in use ${x}")
    with pytest.raises(CacheInUseError):
        configure_caches(template_compiled=CACHES["template.compiled"].maxsize + 1)
