"""The rule table is explicit: every rule is one row, owned by one family module.

Rules exist because :data:`msgtemplate.lint.registry.RULES` lists them, not because a
module was imported; the family modules hold checks and take their rules from the
table; the runner lists the families' checks. These tests keep the three in step.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

from msgtemplate.api.checks import PROBLEM_KINDS
from msgtemplate.lint import body, registry
from msgtemplate.lint.findings import Rule
from msgtemplate.lint.registry import FAMILIES, RULES, all_rules, rule_for
from msgtemplate.lint.runner import FAMILY_CHECKS

LINT = Path(__file__).resolve().parent.parent / "msgtemplate" / "lint"


def _rules_imported(path: Path) -> set[str]:
    """The rules a module of the linter imports from the table."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "msgtemplate.lint.registry"
        for alias in node.names
        if isinstance(getattr(registry, alias.name), Rule)
    }


def test_every_rule_is_a_named_row_that_some_check_reports() -> None:
    rows = {name: row for name, row in vars(registry).items() if isinstance(row, Rule)}
    assert sorted(rows.values(), key=lambda r: r.code) == list(RULES)
    used: set[str] = set()
    for path in LINT.glob("*.py"):
        used |= _rules_imported(path)
    assert set(rows) - used == set(), "rows no check reports"
    # Most rules are reported by the module of their family (the rest by the runner,
    # for files that do not parse, or by structure, for the pack reader's problems).
    own = [n for n, rule in rows.items() if n in _rules_imported(LINT / f"{rule.family}.py")]
    assert len(own) > len(rows) // 2


def test_the_runner_runs_every_family_that_has_a_check() -> None:
    with_check = [
        importlib.import_module(f"msgtemplate.lint.{family}").check
        for family in FAMILIES
        if hasattr(importlib.import_module(f"msgtemplate.lint.{family}"), "check")
    ]
    assert set(FAMILY_CHECKS) == set(with_check)
    assert len(FAMILY_CHECKS) == len(with_check)


def test_the_table_imports_no_family_and_nothing_registers_by_import() -> None:
    source = (LINT / "registry.py").read_text(encoding="utf-8")
    imported = {
        node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not {f"msgtemplate.lint.{family}" for family in FAMILIES} & imported
    assert "importlib" not in source
    for path in LINT.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "define(" not in text, path.name
        if path.name != "registry.py":
            assert "Rule(" not in text, f"{path.name} makes a rule outside the table"


def test_rows_are_well_formed_sorted_and_unique() -> None:
    assert all_rules() == RULES
    assert [rule.code for rule in RULES] == sorted({rule.code for rule in RULES})
    assert len({rule.name for rule in RULES}) == len(RULES)
    hundreds = {family: str(index) for index, family in enumerate(FAMILIES)}
    hundreds["forms"] = "8"  # MT7xx are parameter examples, reported by structure
    hundreds["quality"] = "9"
    others = {"MT602", "MT603", "MT701"}  # text rules reported in bodies too; examples
    for rule in RULES:
        assert isinstance(rule, Rule)
        assert re.fullmatch(r"MT[0-9]{3}", rule.code)
        assert rule.code[2] == hundreds[rule.family] or rule.code in others, rule
        assert rule.summary
        assert "\n" not in rule.summary
        assert rule.rationale == rule.rationale.strip()
        assert rule.rationale
        assert rule.example
        assert not rule.example.startswith("\n")


def test_every_kind_of_body_problem_maps_to_a_rule() -> None:
    assert set(body.KIND_RULES) == set(PROBLEM_KINDS)
    for rule in body.KIND_RULES.values():
        assert rule_for(rule.code) is rule
