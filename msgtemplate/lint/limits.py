"""API limits a pack must respect: code, appId and redirectUrl lengths; redirectUrl presence.

All limits come from :mod:`msgtemplate.spec`. A redirectUrl is checked in its worst
case: literal text plus every placeholder at its ``maxLength``, percent-encoded.
"""

from __future__ import annotations

from typing import Final

from msgtemplate.lint.context import Context
from msgtemplate.lint.registry import define
from msgtemplate.pack_model import PackTemplate, TemplateText
from msgtemplate.source import MappingNode
from msgtemplate.spec import REQUEST_FIELDS
from msgtemplate.syntax import Placeholder

_CODE_LIMIT: Final = REQUEST_FIELDS["templateCode"].max_length
_APP_ID_LIMIT: Final = REQUEST_FIELDS["appId"].max_length
_URL_LIMIT: Final = REQUEST_FIELDS["redirectUrl"].max_length

ENCODED_CHAR_MAX: Final = 12
"""Longest percent-encoding of one character: 4 UTF-8 bytes as ``%XX%XX%XX%XX``."""

TYPED_VALUE_MAX: Final = 64
"""Assumed longest formatted number/date/time in any locale (not an API limit)."""

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
for every allowed value, not just the example. Each placeholder is counted at its
`maxLength` with every character at its longest encoding ({ENCODED_CHAR_MAX}
characters, a 4-byte UTF-8 character as `%XX` x 4); typed values (numbers, dates)
without maxLength are counted at {TYPED_VALUE_MAX} characters. Lower the maxLength
values or shorten the literal part.
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


def check(ctx: Context) -> None:
    pack = ctx.pack
    if pack is None:
        return
    root = ctx.document.root
    if pack.app_id is not None and _APP_ID_LIMIT is not None and len(pack.app_id) > _APP_ID_LIMIT:
        node = root.get("appId") if isinstance(root, MappingNode) else None
        ctx.report_node(
            APP_ID_TOO_LONG,
            node,
            f"appId is {len(pack.app_id)} characters; the limit is {_APP_ID_LIMIT}",
        )
    for template in pack.templates.values():
        if _CODE_LIMIT is not None and len(template.code) > _CODE_LIMIT:
            ctx.report_node(
                CODE_TOO_LONG,
                template.node.get("code"),
                f"code is {len(template.code)} characters; the limit is {_CODE_LIMIT}",
            )
        if template.redirect_url is not None:
            _url(ctx, template, template.redirect_url)


def _url(ctx: Context, template: PackTemplate, url: TemplateText) -> None:
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
            ctx.report(
                UNBOUNDED_URL_PLACEHOLDER,
                line,
                column,
                f"'${{{node.name}}}' in redirectUrl has no maxLength, so the URL of "
                f"{template.code!r} can exceed {_URL_LIMIT} characters; declare maxLength",
            )
            continue
        length = spec.max_length if spec.max_length is not None else TYPED_VALUE_MAX
        worst += length * ENCODED_CHAR_MAX
        terms.append(f"{node.name} {length} x {ENCODED_CHAR_MAX}")
    if worst > _URL_LIMIT:
        detail = f" ({', '.join(terms)} encoded)" if terms else ""
        ctx.report(
            URL_TOO_LONG,
            url.line,
            url.column,
            f"redirectUrl of {template.code!r} can reach {worst:,} characters{detail}; "
            f"the limit is {_URL_LIMIT:,}",
        )
