"""Pack shape: ``read_pack`` (run once, in the model) finds the problems; we map them to rules.

The pack schema is declared once, in :mod:`msgtemplate.pack.schema`; this module does
not re-implement it. Each ``PackProblem.kind`` maps to its own rule code through the
table :data:`PROBLEM_RULES` (the rules themselves are rows of
:mod:`msgtemplate.lint.registry`); kinds that belong to another family (locales,
template syntax, redirectUrl) map to that family's rule, bad parameter examples to
``MT701``, and duplicate keys and undeclared placeholders are left to ``document`` and
``placeholders`` (which report them with more context).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Final

from msgtemplate.lint.findings import Finding, Rule
from msgtemplate.lint.model import LintModel
from msgtemplate.lint.registry import (
    BAD_CHANNEL,
    BAD_FORMAT,
    BAD_PARAMETER,
    DUPLICATE_CODE,
    DUPLICATE_LOCALE,
    INVALID_EXAMPLE,
    INVALID_LOCALE,
    INVALID_PACK,
    INVALID_SYNTAX,
    MISSING_DEFAULT,
    MISSING_KEY,
    MISSING_REDIRECT,
    NOT_A_PACK,
    SYNTAX_ERROR,
    UNKNOWN_KEY,
    WRONG_TYPE,
)

PROBLEM_RULES: Final[Mapping[str, Rule | None]] = MappingProxyType(
    {
        "bad-document": INVALID_SYNTAX,
        "empty-document": NOT_A_PACK,
        "missing-key": MISSING_KEY,
        "missing-redirect": MISSING_REDIRECT,
        "unknown-key": UNKNOWN_KEY,
        "wrong-type": WRONG_TYPE,
        "bad-format-version": BAD_FORMAT,
        "bad-channel": BAD_CHANNEL,
        "duplicate-code": DUPLICATE_CODE,
        "bad-parameter": BAD_PARAMETER,
        "bad-locale": INVALID_LOCALE,
        "duplicate-locale": DUPLICATE_LOCALE,
        "missing-default-locale": MISSING_DEFAULT,
        "bad-example": INVALID_EXAMPLE,
        "template-syntax": SYNTAX_ERROR,
        # Reported by other families: DUPLICATE_KEY (in request bodies too),
        # and UNDECLARED (with a did-you-mean; read_pack leaves it to us).
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
