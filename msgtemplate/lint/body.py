"""Request bodies (``templateCode`` + ``templates``): the API's rules via spec_check."""

from __future__ import annotations

from collections.abc import Iterator

from msgtemplate.api import checks as spec_check
from msgtemplate.api.spec import MAX_TEMPLATES, REQUEST_FIELDS
from msgtemplate.document.source import MappingNode, ScalarNode
from msgtemplate.lint.findings import Finding, Rule
from msgtemplate.lint.model import LintModel
from msgtemplate.lint.registry import define
from msgtemplate.lint.text import BIDI_CONTROL, INVISIBLE, hidden_in_scalar, rule_for_kind

_LIMITS = {name: field.max_length for name, field in REQUEST_FIELDS.items()}

RULES: dict[str, Rule] = {
    spec_check.MISSING: define(
        spec_check.MISSING,
        "body-missing-field",
        "error",
        "A field the API requires is missing or empty in a request body.",
        rationale="""
The platform answers `F`/`PARAM_ILLEGAL` for a body without `appId`, `accessToken`,
`requestId`, `templateCode` or `templates` (and each ContentTemplate needs `language` and
`templateParameters`). Note that the API document's own sample has no `requestId`.
""",
        example="""
{"appId": "P0001", "accessToken": "...", "templateCode": "TP_1", "templates": [...]}
""",
    ),
    spec_check.WRONG_TYPE: define(
        spec_check.WRONG_TYPE,
        "body-wrong-type",
        "error",
        "A request-body field has the wrong JSON type.",
        rationale="""
The API declares a JSON type for every field (strings, the `templates` array, the
`templateParameters` object); anything else is rejected.
""",
        example="""
{"templateCode": 1029, ...}
""",
    ),
    spec_check.TOO_LONG: define(
        spec_check.TOO_LONG,
        "body-field-too-long",
        "error",
        "A request-body string is longer than the API's limit for that field.",
        rationale=f"""
The API sets a maximum length on every string field (`appId` {_LIMITS["appId"]},
`requestId` {_LIMITS["requestId"]}, `redirectUrl` {_LIMITS["redirectUrl"]}, ...);
longer values are refused by the platform.
""",
        example="""
{"appId": "P000000000000001xxxxP000000000000001xxxx", ...}
""",
    ),
    spec_check.TEMPLATE_COUNT: define(
        spec_check.TEMPLATE_COUNT,
        "body-template-count",
        "error",
        f"`templates` must hold 1 to {MAX_TEMPLATES} ContentTemplates.",
        rationale=f"""
A message needs at least one language, and the API accepts at most {MAX_TEMPLATES}
ContentTemplates in one request.
""",
        example="""
{"templates": [], ...}
""",
    ),
    spec_check.DUPLICATE_LANGUAGE: define(
        spec_check.DUPLICATE_LANGUAGE,
        "body-duplicate-language",
        "error",
        "Two ContentTemplates carry the same language (compared in canonical form).",
        rationale="""
Only one variant per language can be shown; `en_US` and `en-US` are the same language.
A repeat wastes one of the few slots and leaves the choice to the platform.
""",
        example="""
"templates": [{"language": "en-US", ...}, {"language": "en_us", ...}]
""",
    ),
    spec_check.INVALID_LANGUAGE: define(
        spec_check.INVALID_LANGUAGE,
        "body-invalid-language",
        "error",
        "A ContentTemplate's `language` is not a valid BCP 47 tag CLDR knows.",
        rationale="""
The platform picks the variant for the user's language by its tag; a malformed or
unknown tag never matches anyone.
""",
        example="""
"templates": [{"language": "english", ...}]
""",
    ),
    spec_check.NON_STRING_PARAMETER: define(
        spec_check.NON_STRING_PARAMETER,
        "body-non-string-parameter",
        "error",
        "A `templateParameters` value is not a string.",
        rationale="""
The API takes parameter values as strings: numbers, dates and amounts must be
formatted for the variant's language before they are sent.
""",
        example="""
"templateParameters": {"amount": 12.5}
""",
    ),
    spec_check.UNKNOWN_FIELD: define(
        spec_check.UNKNOWN_FIELD,
        "body-unknown-field",
        "error",
        "A request body has a field the API does not define (with a did-you-mean).",
        rationale="""
An unknown field is ignored at best, so its value is lost: the API document's own
sample sends `actionUrl`, which should be `redirectUrl`.
""",
        example="""
{"actionUrl": "/page/dasdas/12312", ...}
""",
    ),
}


# Hidden characters in a body: the body's policy (spec_check), the text rules' codes.
RULES[spec_check.BIDI_CONTROL] = BIDI_CONTROL
RULES[spec_check.INVISIBLE] = INVISIBLE


def check(model: LintModel) -> Iterator[Finding]:
    for violation in model.violations:
        rule = RULES[violation.code]
        if rule in (BIDI_CONTROL, INVISIBLE):
            found = _at_character(model, violation, rule)
            if found is not None:
                yield found
                continue
        yield model.at_pointer(
            rule,
            violation.pointer,
            violation.message,
            key=violation.key or violation.code == spec_check.UNKNOWN_FIELD,
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
