"""Locale rules: invalid and non-canonical tags, the default locale, the 5-language cap,
stale translations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from msgtemplate.api.spec import MAX_TEMPLATES
from msgtemplate.document.source import MappingNode
from msgtemplate.lint._walk import content_key
from msgtemplate.lint.findings import Finding
from msgtemplate.lint.model import LintModel
from msgtemplate.lint.registry import (
    NON_CANONICAL,
    STALE,
    TOO_MANY,
)
from msgtemplate.locales import LocaleError, normalize_tag
from msgtemplate.pack.staleness import stale_fields

if TYPE_CHECKING:
    from msgtemplate.pack.model import PackTemplate


def check(model: LintModel) -> Iterator[Finding]:
    pack = model.pack
    if pack is None:
        return
    root = model.document.root
    if isinstance(root, MappingNode):
        message = _non_canonical(pack.default_locale, "defaultLocale")
        if message is not None:
            yield model.at_node(NON_CANONICAL, root.get("defaultLocale"), message)
    for template in pack.templates.values():
        for locale in template.content:
            message = _non_canonical(locale, "locale")
            if message is not None:  # the key's node is looked up only for a finding
                yield model.at_node(NON_CANONICAL, content_key(template, locale), message)
        yield from _stale(model, template)
        if len(template.content) > MAX_TEMPLATES:
            sent = ", ".join(template.languages_for())
            yield model.at_node(
                TOO_MANY,
                template.node.key_node("content"),
                f"{template.code!r} has {len(template.content)} locales; a request carries "
                f"at most {MAX_TEMPLATES} (without a requested locale: {sent})",
            )


def _non_canonical(tag: str, what: str) -> str | None:
    """What to write instead of a valid but non-canonical ``tag``, or None."""
    try:
        canonical = normalize_tag(tag)
    except LocaleError:
        return None  # invalid tags are pack problems (invalid-locale), reported already
    if canonical != tag:
        return f"{what} {tag!r} is not canonical; write {canonical!r}"
    return None


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
