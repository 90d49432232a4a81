"""Pack shape: ``read_pack`` (run once, in the model) finds the problems; we map them to rules.

The pack schema is declared once, in :mod:`msgtemplate.pack.schema`; this module does
not re-implement it. Each ``PackProblem.kind`` maps to its own rule code through the
table :data:`PROBLEM_RULES`; kinds that belong to another family (locales, examples,
template syntax, redirectUrl) map to that family's rule, and duplicate keys and
undeclared placeholders are left to ``document`` and ``placeholders`` (which report
them with more context).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Final

from msgtemplate.lint import document, examples, limits, locales, placeholders
from msgtemplate.lint.findings import Finding, Rule
from msgtemplate.lint.model import LintModel
from msgtemplate.lint.registry import rule_for

# The rules this family reports: rows of msgtemplate.lint.registry.RULES.
INVALID_PACK = rule_for("MT200")
MISSING_KEY = rule_for("MT201")
UNKNOWN_KEY = rule_for("MT202")
WRONG_TYPE = rule_for("MT203")
BAD_FORMAT = rule_for("MT204")
BAD_CHANNEL = rule_for("MT205")
DUPLICATE_CODE = rule_for("MT206")
BAD_PARAMETER = rule_for("MT207")

PROBLEM_RULES: Final[Mapping[str, Rule | None]] = MappingProxyType(
    {
        "bad-document": document.INVALID_SYNTAX,
        "empty-document": document.NOT_A_PACK,
        "missing-key": MISSING_KEY,
        "missing-redirect": limits.MISSING_REDIRECT,
        "unknown-key": UNKNOWN_KEY,
        "wrong-type": WRONG_TYPE,
        "bad-format-version": BAD_FORMAT,
        "bad-channel": BAD_CHANNEL,
        "duplicate-code": DUPLICATE_CODE,
        "bad-parameter": BAD_PARAMETER,
        "bad-locale": locales.INVALID_LOCALE,
        "duplicate-locale": locales.DUPLICATE_LOCALE,
        "missing-default-locale": locales.MISSING_DEFAULT,
        "bad-example": examples.INVALID_EXAMPLE,
        "template-syntax": placeholders.SYNTAX_ERROR,
        # Reported by other families: document.DUPLICATE_KEY (in request bodies too),
        # and placeholders.UNDECLARED (with a did-you-mean; read_pack leaves it to us).
        "duplicate-key": None,
        "undeclared-placeholder": None,
    }
)
"""The rule of each ``PackProblem.kind`` (None: another family reports it)."""


def check(model: LintModel) -> Iterator[Finding]:
    for problem in model.problems:
        rule = PROBLEM_RULES.get(problem.kind, INVALID_PACK)
        if rule is not None:
            yield model.finding(rule, problem.line, problem.column, problem.message)
