"""API limits a pack must respect: code, appId and redirectUrl lengths; redirectUrl presence.

All limits come from :mod:`msgtemplate.api.spec`. A redirectUrl is checked in its worst
case: literal text plus every placeholder at its longest, percent-encoded. A string
counts its ``maxLength`` at the longest encoding of a character; a typed value
(number, date, time) counts the longest value CLDR formats for its type and style
(:data:`TYPED_ENCODED_MAX`), which the user can change, unlike a ``maxLength`` that
those types do not take.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from msgtemplate.api.spec import REQUEST_FIELDS
from msgtemplate.document.source import MappingNode
from msgtemplate.lint.findings import Finding
from msgtemplate.lint.model import LintModel
from msgtemplate.lint.registry import define
from msgtemplate.pack.model import PackTemplate
from msgtemplate.pack.variant import TemplateText
from msgtemplate.template.syntax import Placeholder

_CODE_LIMIT: Final = REQUEST_FIELDS["templateCode"].max_length
_APP_ID_LIMIT: Final = REQUEST_FIELDS["appId"].max_length
_URL_LIMIT: Final = REQUEST_FIELDS["redirectUrl"].max_length

ENCODED_CHAR_MAX: Final = 12
"""Longest percent-encoding of one character: 4 UTF-8 bytes as ``%XX%XX%XX%XX``."""

NUMBER_TYPES: Final = frozenset({"integer", "number", "currency", "percent"})

NUMBER_ENCODED_MAX: Final = 128
"""Longest percent-encoded integer, number, currency or percent value counted (not an
API limit). Measured over every locale Babel ships at the extremes the formatter
accepts (magnitudes up to 10**18, negative, with fractions): 121, a percent whose
digits are grouped with U+202F (``%E2%80%AF``, nine characters per separator)."""

DATE_ENCODED_MAX: Final[dict[str, int]] = {"short": 320, "medium": 320, "long": 512, "full": 1024}
"""Longest percent-encoded date, datetime or time value counted, by ``style`` (not an
API limit). Measured over every locale Babel ships, every month and weekday, and
time-zone names: 200 (short), 300 (medium), 451 (long), 899 (full); the longest are
Dzongkha and Mongolian, whose three-byte letters encode to nine characters each."""

CODE_TOO_LONG = define(
    "MT501",
    "code-too-long",
    "error",
    f"A template `code` is longer than the API's templateCode limit ({_CODE_LIMIT}).",
    rationale="""
The code travels as `templateCode`; the platform rejects longer values.
""",
    example="""
  - code: TP_THIS_CODE_IS_FAR_TOO_LONG_TO_BE_A_TEMPLATE_CODE_ON_THE_PORTAL_EVER
""",
)

APP_ID_TOO_LONG = define(
    "MT502",
    "app-id-too-long",
    "error",
    f"The pack's `appId` is longer than the API's limit ({_APP_ID_LIMIT}).",
    rationale="""
`appId` travels in every request built from the pack; the platform rejects longer
values.
""",
    example="""
appId: P000000000000001xxxxP000000000000001xxxx
""",
)

URL_TOO_LONG = define(
    "MT503",
    "redirect-url-too-long",
    "error",
    f"A `redirectUrl` can exceed {_URL_LIMIT} characters with its placeholders at maxLength.",
    rationale=f"""
The rendered, percent-encoded redirectUrl must fit the API's {_URL_LIMIT} characters
for every allowed value, not just the example. A string placeholder is counted at its
`maxLength` with every character at its longest encoding ({ENCODED_CHAR_MAX}
characters, a 4-byte UTF-8 character as `%XX` x 4). Typed placeholders take no
maxLength, so each counts the longest percent-encoded value CLDR formats for its
type in any locale, rounded up from measurements over every locale Babel ships:
numbers, amounts and percentages {NUMBER_ENCODED_MAX} characters (measured 121); dates,
datetimes and times {DATE_ENCODED_MAX["medium"]} in style short or medium (measured 300),
{DATE_ENCODED_MAX["long"]} in long (451) and {DATE_ENCODED_MAX["full"]:,} in full (899:
weekday, month and time-zone names in scripts whose letters take 9 encoded characters).
Lower the maxLength values, use a shorter date style, or shorten the literal part.
""",
    example="""
redirectUrl: /pages/search?q=${query}
parameters: {query: {type: string, maxLength: 500}}   # up to 6,000 characters
""",
)

UNBOUNDED_URL_PLACEHOLDER = define(
    "MT504",
    "unbounded-url-placeholder",
    "warning",
    "A string placeholder in a `redirectUrl` has no `maxLength`, so the URL is unbounded.",
    rationale=f"""
Without `maxLength` nothing stops a long value from pushing the URL past the API's
{_URL_LIMIT} characters at send time. Declare the longest value you accept.
""",
    example="""
redirectUrl: /pages/orders/detail?id=${orderId}
parameters: {orderId: {type: string}}   # add maxLength: 20
""",
)

MISSING_REDIRECT = define(
    "MT505",
    "missing-redirect-url",
    "error",
    "A PUSH or INBOX template has no `redirectUrl`.",
    rationale="""
The API requires `redirectUrl` for PUSH and INBOX messages: it is the page opened
when the reader taps the message.
""",
    example="""
  - code: TP_1
    channel: PUSH   # and no redirectUrl
""",
)


def check(model: LintModel) -> Iterator[Finding]:
    pack = model.pack
    if pack is None:
        return
    root = model.document.root
    if pack.app_id is not None and _APP_ID_LIMIT is not None and len(pack.app_id) > _APP_ID_LIMIT:
        node = root.get("appId") if isinstance(root, MappingNode) else None
        yield model.at_node(
            APP_ID_TOO_LONG,
            node,
            f"appId is {len(pack.app_id)} characters; the limit is {_APP_ID_LIMIT}",
        )
    for template in pack.templates.values():
        if _CODE_LIMIT is not None and len(template.code) > _CODE_LIMIT:
            yield model.at_node(
                CODE_TOO_LONG,
                template.node.get("code"),
                f"code is {len(template.code)} characters; the limit is {_CODE_LIMIT}",
            )
        if template.redirect_url is not None:
            yield from _url(model, template, template.redirect_url)


def _url(model: LintModel, template: PackTemplate, url: TemplateText) -> Iterator[Finding]:
    if url.template is None or _URL_LIMIT is None:
        return
    worst = 0
    terms: list[str] = []
    for node in url.template.nodes:
        if not isinstance(node, Placeholder):
            worst += len(node.value)
            continue
        spec = template.parameters.get(node.name)
        if spec is None:
            continue  # undeclared: reported by undeclared-placeholder
        if spec.max_length is None and spec.type == "string":
            line, column = url.position(node.offset)
            yield model.finding(
                UNBOUNDED_URL_PLACEHOLDER,
                line,
                column,
                f"'${{{node.name}}}' in redirectUrl has no maxLength, so the URL of "
                f"{template.code!r} can exceed {_URL_LIMIT} characters; declare maxLength",
            )
            continue
        if spec.max_length is not None:
            worst += spec.max_length * ENCODED_CHAR_MAX
            terms.append(f"{node.name} {spec.max_length} x {ENCODED_CHAR_MAX} encoded")
        else:
            longest = typed_encoded_max(spec.type, spec.style)
            worst += longest
            terms.append(f"{node.name} up to {longest:,} encoded as {_kind(spec.type, spec.style)}")
    if worst > _URL_LIMIT:
        detail = f" ({', '.join(terms)})" if terms else ""
        yield model.finding(
            URL_TOO_LONG,
            url.line,
            url.column,
            f"redirectUrl of {template.code!r} can reach {worst:,} characters{detail}; "
            f"the limit is {_URL_LIMIT:,}",
        )


def typed_encoded_max(kind: str, style: str) -> int:
    """The percent-encoded length counted for a typed (non-string) placeholder."""
    if kind in NUMBER_TYPES:
        return NUMBER_ENCODED_MAX
    return DATE_ENCODED_MAX.get(style, max(DATE_ENCODED_MAX.values()))


def _kind(kind: str, style: str) -> str:
    return f"a {kind}" if kind in NUMBER_TYPES else f"a {style} {kind}"
