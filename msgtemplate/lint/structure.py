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
from msgtemplate.lint.registry import define

INVALID_PACK = define(
    "MT200",
    "invalid-pack",
    "error",
    "A pack problem with no more specific rule (a safety net; silent today).",
    rationale="""
Every kind of problem the pack reader reports maps to a dedicated rule (a test keeps
it so); this code is reserved for kinds added to the reader later, so that no
problem is ever dropped by an older linter.
""",
    example="""
(no pack triggers it today)
""",
)

MISSING_KEY = define(
    "MT201",
    "missing-key",
    "error",
    "A key the pack format requires is missing (format, defaultLocale, code, channel, body...).",
    rationale="""
Every pack needs `format`, `defaultLocale` and `templates`; every template a `code`, a
`channel` and `content`; every variant a `body`. Without them nothing can be rendered.
""",
    example="""
templates:
  - code: TP_1
    content: {en-US: {body: "Hi"}}   # no channel
""",
)

UNKNOWN_KEY = define(
    "MT202",
    "unknown-key",
    "error",
    "A key the pack format does not define (with a did-you-mean).",
    rationale="""
A misspelt key is silently ignored by most tools: `redirect_url` instead of
`redirectUrl` means the message opens no page. Unknown keys are errors so the typo
is found in review, not in production.
""",
    example="""
    redirect_url: /pages/orders   # did you mean 'redirectUrl'?
""",
)

WRONG_TYPE = define(
    "MT203",
    "wrong-type",
    "error",
    "A pack value has the wrong type (a list where a mapping belongs, a null body...).",
    rationale="""
The pack format fixes the type of every value; a wrong one (often an indentation
slip in YAML) would make the pack unusable at send time.
""",
    example="""
content:
  - en-US: {body: "Hi"}   # content is a mapping of locale -> variant, not a list
""",
)

BAD_FORMAT = define(
    "MT204",
    "unsupported-format",
    "error",
    "`format` is not a pack format version this msgtemplate understands (1).",
    rationale="""
The version number lets future formats change shape safely; an unknown version
cannot be read correctly.
""",
    example="""
format: 2
""",
)

BAD_CHANNEL = define(
    "MT205",
    "invalid-channel",
    "error",
    "`channel` is not one of PUSH, INBOX or SMS.",
    rationale="""
The channel decides how the platform delivers the message and whether a
`redirectUrl` is required.
""",
    example="""
    channel: EMAIL
""",
)

DUPLICATE_CODE = define(
    "MT206",
    "duplicate-code",
    "error",
    "Two templates in one pack share the same `code`.",
    rationale="""
The code is the portal's templateCode and the key every tool looks templates up by;
the second template would shadow the first.
""",
    example="""
templates:
  - code: TP_1 ...
  - code: TP_1 ...
""",
)

BAD_PARAMETER = define(
    "MT207",
    "invalid-parameter",
    "error",
    "A parameter declaration is invalid (name, type, or an option such as currency).",
    rationale="""
Parameter declarations drive formatting (currency, dates, time zones) and limits
(maxLength); an unknown type or option would fail at render time.
""",
    example="""
    parameters:
      amount: {type: money}   # did you mean 'currency'?
""",
)

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
