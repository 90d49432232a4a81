"""Request bodies (``templateCode`` + ``templates``): the API's rules, from
:mod:`msgtemplate.api.checks` (which reports kinds of problems; :data:`KIND_RULES`
maps each kind to its rule)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Final

from msgtemplate.api import checks as spec_check
from msgtemplate.document.source import MappingNode, ScalarNode
from msgtemplate.lint.findings import Finding, Rule
from msgtemplate.lint.model import LintModel
from msgtemplate.lint.registry import (
    BIDI_CONTROL,
    BODY_DUPLICATE_LANGUAGE,
    BODY_FIELD_TOO_LONG,
    BODY_INVALID_LANGUAGE,
    BODY_MISSING_FIELD,
    BODY_NON_STRING_PARAMETER,
    BODY_TEMPLATE_COUNT,
    BODY_UNKNOWN_FIELD,
    BODY_WRONG_TYPE,
    INVISIBLE,
)
from msgtemplate.lint.text import hidden_in_scalar, rule_for_kind

KIND_RULES: Final[Mapping[str, Rule]] = MappingProxyType(
    {
        spec_check.MISSING: BODY_MISSING_FIELD,
        spec_check.WRONG_TYPE: BODY_WRONG_TYPE,
        spec_check.TOO_LONG: BODY_FIELD_TOO_LONG,
        spec_check.TEMPLATE_COUNT: BODY_TEMPLATE_COUNT,
        spec_check.DUPLICATE_LANGUAGE: BODY_DUPLICATE_LANGUAGE,
        spec_check.INVALID_LANGUAGE: BODY_INVALID_LANGUAGE,
        spec_check.NON_STRING_PARAMETER: BODY_NON_STRING_PARAMETER,
        spec_check.UNKNOWN_FIELD: BODY_UNKNOWN_FIELD,
        # Hidden characters in a body: the body's policy (api.checks), the text rules.
        spec_check.BIDI_CONTROL: BIDI_CONTROL,
        spec_check.INVISIBLE: INVISIBLE,
    }
)
"""The rule of each kind of body violation (:data:`msgtemplate.api.checks.PROBLEM_KINDS`)."""


def rule_of(violation: spec_check.Violation) -> Rule:
    """The lint rule a violation of the request-body checks breaks."""
    return KIND_RULES[violation.kind]


def check(model: LintModel) -> Iterator[Finding]:
    for violation in model.violations:
        rule = KIND_RULES[violation.kind]
        if rule in (BIDI_CONTROL, INVISIBLE):
            found = _at_character(model, violation, rule)
            if found is not None:
                yield found
                continue
        yield model.at_pointer(
            rule,
            violation.pointer,
            violation.message,
            key=violation.key or violation.kind == spec_check.UNKNOWN_FIELD,
        )


def _at_character(model: LintModel, violation: spec_check.Violation, rule: Rule) -> Finding | None:
    """A hidden character reported where it is written (escaped or not); None if lost."""
    document = model.document
    node = document.node_at(violation.pointer)
    if violation.key and violation.pointer and isinstance(violation.pointer[-1], str):
        parent = document.node_at(violation.pointer[:-1])
        node = parent.key_node(violation.pointer[-1]) if isinstance(parent, MappingNode) else None
    if not isinstance(node, ScalarNode):
        return None
    for hit in hidden_in_scalar(document, node):
        if rule_for_kind(hit.kind) is rule:
            return model.finding(rule, hit.line, hit.column, violation.message)
    return None
