"""Locale rules: invalid and non-canonical tags, the default locale, the 5-language cap,
stale translations."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from msgtemplate.api.spec import MAX_TEMPLATES
from msgtemplate.document.source import MappingNode, Node
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
        yield from _canonical(
            model, pack.default_locale, partial(root.get, "defaultLocale"), "defaultLocale"
        )
    for template in pack.templates.values():
        for locale in template.content:
            yield from _canonical(model, locale, partial(content_key, template, locale), "locale")
        yield from _stale(model, template)
        if len(template.content) > MAX_TEMPLATES:
            sent = ", ".join(template.languages_for())
            yield model.at_node(
                TOO_MANY,
                template.node.key_node("content"),
                f"{template.code!r} has {len(template.content)} locales; a request carries "
                f"at most {MAX_TEMPLATES} (without a requested locale: {sent})",
            )


def _canonical(
    model: LintModel, tag: str, node: Callable[[], Node | None], what: str
) -> Iterator[Finding]:
    """A finding at ``node()`` when ``tag`` is not canonical (the node is made only
    then: most keys of a pack are never asked where they are)."""
    try:
        canonical = normalize_tag(tag)
    except LocaleError:
        return  # invalid tags are pack problems (invalid-locale), reported already
    if canonical != tag:
        yield model.at_node(
            NON_CANONICAL,
            node(),
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
