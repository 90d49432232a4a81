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
from msgtemplate.lint import body
from msgtemplate.lint.findings import Rule
from msgtemplate.lint.registry import FAMILIES, RULES, all_rules, rule_for
from msgtemplate.lint.runner import FAMILY_CHECKS

LINT = Path(__file__).resolve().parent.parent / "msgtemplate" / "lint"


def _rules_taken(family: str) -> set[str]:
    """The codes a family module takes from the table (``rule_for("MTnnn")``)."""
    tree = ast.parse((LINT / f"{family}.py").read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "rule_for"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def test_every_rule_is_held_by_the_module_of_its_family_and_only_there() -> None:
    held: dict[str, str] = {}
    for family in FAMILIES:
        for code in _rules_taken(family):
            assert code not in held, f"{code} taken by {held[code]} and {family}"
            held[code] = family
            assert rule_for(code).family == family, code
    assert held == {rule.code: rule.family for rule in RULES}


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
        assert "define(" not in path.read_text(encoding="utf-8"), path.name


def test_rows_are_well_formed_sorted_and_unique() -> None:
    assert all_rules() == RULES
    assert [rule.code for rule in RULES] == sorted({rule.code for rule in RULES})
    assert len({rule.name for rule in RULES}) == len(RULES)
    hundreds = {family: str(index) for index, family in enumerate(FAMILIES)}
    for rule in RULES:
        assert isinstance(rule, Rule)
        assert re.fullmatch(r"MT[0-9]{3}", rule.code)
        assert rule.code[2] == hundreds[rule.family] or rule.code in ("MT602", "MT603"), rule
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
