"""The rule registry: every rule, by code; each family module defines its own."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, TypeAlias

from msgtemplate.lint.findings import Finding, Rule, Severity

if TYPE_CHECKING:
    from msgtemplate.lint.model import LintModel

Family: TypeAlias = "Callable[[LintModel], Iterable[Finding]]"
"""A rule family's ``check``: reads the model, yields findings, changes nothing."""

FAMILIES: tuple[str, ...] = (
    "document",
    "body",
    "structure",
    "placeholders",
    "locales",
    "limits",
    "text",
    "examples",
)
"""Rule-family modules of ``msgtemplate.lint``. Their ``check(model)`` functions read one
:class:`~msgtemplate.lint.model.LintModel`, yield findings and may run in any order."""

_RULES: dict[str, Rule] = {}
_CODE = re.compile(r"MT[0-9]{3}")
_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def define(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    *,
    rationale: str,
    example: str,
) -> Rule:
    """Register a rule (called at import time by the family modules)."""
    if not _CODE.fullmatch(code) or not _NAME.fullmatch(name):
        raise ValueError(f"bad rule code or name: {code} {name}")
    known = _RULES.get(code)
    rule = Rule(code, name, severity, summary, rationale.strip(), example.strip("\n"))
    if known is not None and known != rule:
        raise ValueError(f"rule code {code} defined twice")
    if any(r.name == name and r.code != code for r in _RULES.values()):
        raise ValueError(f"rule name {name} defined twice")
    _RULES[code] = rule
    return rule


@lru_cache(maxsize=1)
def families() -> tuple[Family, ...]:
    """The ``check`` function of every module in :data:`FAMILIES` that has one (a
    module may only define rules that another family reports, as ``examples`` does)."""
    checks: list[Family] = []
    for name in FAMILIES:
        module = importlib.import_module(f"msgtemplate.lint.{name}")
        check: Family | None = getattr(module, "check", None)
        if check is not None:
            checks.append(check)
    return tuple(checks)


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code."""
    families()
    return tuple(sorted(_RULES.values(), key=lambda r: r.code))


def rule_for(code: str) -> Rule:
    all_rules()
    return _RULES[code]
