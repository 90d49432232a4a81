"""Locale rules: invalid and non-canonical tags, the default locale, the 5-language cap,
stale translations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from msgtemplate.api.spec import MAX_TEMPLATES
from msgtemplate.document.source import MappingNode, Node
from msgtemplate.lint._walk import content_key
from msgtemplate.lint.findings import Finding
from msgtemplate.lint.model import LintModel
from msgtemplate.lint.registry import define
from msgtemplate.locales import LocaleError, normalize_tag
from msgtemplate.pack.staleness import stale_fields

if TYPE_CHECKING:
    from msgtemplate.pack.model import PackTemplate

INVALID_LOCALE = define(
    "MT401",
    "invalid-locale",
    "error",
    "`defaultLocale`, a content key or a fallback language is not a valid BCP 47 tag "
    "that CLDR knows.",
    rationale="""
Variants are chosen by matching the reader's locale against these tags with CLDR
rules; a malformed or unknown tag (`english`, `en-USA`, `xx`) never matches anyone,
and it travels as the ContentTemplate's `language`.
""",
    example="""
content:
  english: {body: "Hello"}
""",
)

NON_CANONICAL = define(
    "MT402",
    "non-canonical-locale",
    "warning",
    "A locale tag is valid but not in canonical BCP 47 form (`zh_CN` -> `zh-CN`).",
    rationale="""
The tag as written is what travels in the request's `language`. Platforms compare
tags as strings more often than they should; the canonical spelling (`-`, language
lower case, Script title case, REGION upper case, current codes such as `he` for
`iw`) is the one they expect.
""",
    example="""
content:
  zh_CN: {body: "..."}   # write zh-CN
""",
)

MISSING_DEFAULT = define(
    "MT403",
    "missing-default-locale",
    "error",
    "A template has no content for the pack's `defaultLocale`.",
    rationale="""
The default locale is the last fallback for every reader; a template without it has
no text for readers whose language matches none of its variants.
""",
    example="""
defaultLocale: en-US
templates:
  - code: TP_1
    content: {fr: {body: "Bonjour"}}
""",
)

TOO_MANY = define(
    "MT404",
    "too-many-locales",
    "warning",
    f"A template has more than {MAX_TEMPLATES} locales; only {MAX_TEMPLATES} travel in "
    "one request.",
    rationale=f"""
The API accepts at most {MAX_TEMPLATES} ContentTemplates per request, so the payload
builder picks the best matches for the reader, then the default locale, then the
locales nearest to the reader (pack order when no locale is given). That is fine
when the reader's locale is passed; the warning says which {MAX_TEMPLATES} are sent
when it is not. Use `--ignore MT404` if that is intended.
""",
    example="""
content: {en-US: ..., zh-Hans: ..., zh-Hant: ..., es-419: ..., pt-BR: ..., ar: ...}
""",
)

DUPLICATE_LOCALE = define(
    "MT405",
    "duplicate-locale",
    "error",
    "Two content keys of a template name the same locale (`en-US` and `en_us`).",
    rationale="""
Which of the two a reader gets would be arbitrary, and both would travel with the same
`language`.
""",
    example="""
content:
  en-US: {body: "Hi"}
  en_us: {body: "Hello"}
""",
)

STALE = define(
    "MT406",
    "stale-translation",
    "warning",
    "A translation's recorded `sourceHash` no longer matches its `defaultLocale` text.",
    rationale="""
`msgtemplate import` records, per variant, which `defaultLocale` title and body each
translation was made from (`sourceHash`). When the source text changes afterwards,
the translation still says what the old text said: readers in that language get
outdated information. Export the locale again (stale units come out marked fuzzy /
for review), have it reviewed, and import it; a variant without `sourceHash` is of
unknown age and never reported.
""",
    example="""
en-US: {body: "Paid ${amount} for ${orderId}. Ships tomorrow."}
fr: {body: "Payé ${amount} pour ${orderId}.", sourceHash: {body: 3f0c2a91}}  # older text
""",
)


def check(model: LintModel) -> Iterator[Finding]:
    pack = model.pack
    if pack is None:
        return
    root = model.document.root
    if isinstance(root, MappingNode):
        yield from _canonical(
            model, pack.default_locale, root.get("defaultLocale"), "defaultLocale"
        )
    for template in pack.templates.values():
        for locale in template.content:
            yield from _canonical(model, locale, content_key(template, locale), "locale")
        yield from _stale(model, template)
        if len(template.content) > MAX_TEMPLATES:
            sent = ", ".join(template.languages_for())
            yield model.at_node(
                TOO_MANY,
                template.node.key_node("content"),
                f"{template.code!r} has {len(template.content)} locales; a request carries "
                f"at most {MAX_TEMPLATES} (without a requested locale: {sent})",
            )


def _canonical(model: LintModel, tag: str, node: Node | None, what: str) -> Iterator[Finding]:
    try:
        canonical = normalize_tag(tag)
    except LocaleError:
        return  # invalid tags are pack problems (invalid-locale), reported already
    if canonical != tag:
        yield model.at_node(
            NON_CANONICAL,
            node,
            f"{what} {tag!r} is not canonical; write {canonical!r}",
        )


def _stale(model: LintModel, template: PackTemplate) -> Iterator[Finding]:
    default = template.content.get(template.default_locale or "")
    for variant in template.content.values():
        for field in stale_fields(template, variant):
            text = variant.title if field == "title" else variant.body
            assert text is not None
            assert default is not None
            yield model.finding(
                STALE,
                text.line,
                text.column,
                f"the {variant.locale!r} {field} of {template.code!r} was translated from "
                f"another {default.locale!r} {field} than the current one; review it "
                f"(msgtemplate export --format po "
                f"--locale {variant.locale}) and import it again",
            )
