"""API limits a pack must respect: code, appId and redirectUrl lengths; redirectUrl presence.

All limits come from :mod:`msgtemplate.api.spec`. A redirectUrl is checked in its worst
case: literal text plus every placeholder at its longest, percent-encoded. A string
counts its ``maxLength`` at the longest encoding of a character; a typed value
(number, date, time) counts the longest value CLDR formats for its type and style
(:mod:`msgtemplate.lint.worst_case`), which the user can change, unlike a ``maxLength`` that
those types do not take.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final
from urllib.parse import quote

from msgtemplate.api.spec import REQUEST_FIELDS
from msgtemplate.document.source import MappingNode
from msgtemplate.formatting import FORM_TYPES, ParameterSpec, longest_phrase
from msgtemplate.lint.findings import Finding
from msgtemplate.lint.model import LintModel
from msgtemplate.lint.registry import (
    APP_ID_TOO_LONG,
    CODE_TOO_LONG,
    UNBOUNDED_URL_PLACEHOLDER,
    URL_TOO_LONG,
)
from msgtemplate.lint.worst_case import (
    DATE_ENCODED_MAX,
    ENCODED_CHAR_MAX,
    NUMBER_ENCODED_MAX,
    NUMBER_TYPES,
)
from msgtemplate.locales import LocaleError, normalize_tag
from msgtemplate.pack.model import PackTemplate
from msgtemplate.pack.variant import TemplateText
from msgtemplate.template.syntax import Placeholder

_CODE_LIMIT: Final = REQUEST_FIELDS["templateCode"].max_length
_APP_ID_LIMIT: Final = REQUEST_FIELDS["appId"].max_length
_URL_LIMIT: Final = REQUEST_FIELDS["redirectUrl"].max_length


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
        elif spec.type in FORM_TYPES:
            longest = forms_encoded_max(template, spec)
            worst += longest
            terms.append(f"{node.name} up to {longest:,} encoded as its longest phrase")
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


def forms_encoded_max(template: PackTemplate, spec: ParameterSpec) -> int:
    """The percent-encoded length of a count or select value at its longest: the
    longest phrase of any variant (``#`` a 9-digit number), else the bare value."""
    lengths = [NUMBER_ENCODED_MAX if spec.type == "count" else 0]
    lengths.extend(len(quote(value, safe="")) for value in spec.values or ())
    for variant in template.content.values():
        forms = variant.forms.get(spec.name)
        if forms is None:
            continue
        try:
            phrase = longest_phrase(spec, normalize_tag(variant.locale), forms.phrases)
        except LocaleError:
            continue  # an unknown locale is reported as such
        lengths.append(len(quote(phrase, safe="")))
    return max(lengths)


def typed_encoded_max(kind: str, style: str) -> int:
    """The percent-encoded length counted for a typed (non-string) placeholder."""
    if kind in NUMBER_TYPES:
        return NUMBER_ENCODED_MAX
    return DATE_ENCODED_MAX.get(style, max(DATE_ENCODED_MAX.values()))


def _kind(kind: str, style: str) -> str:
    return f"a {kind}" if kind in NUMBER_TYPES else f"a {style} {kind}"
