"""Helpers shared by the pack rule families: iterate texts, find key positions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from msgtemplate.document.source import MappingNode, Node

if TYPE_CHECKING:
    from msgtemplate.pack.model import PackTemplate
    from msgtemplate.pack.variant import TemplateText, Variant


def texts(template: PackTemplate) -> Iterator[tuple[str, Variant | None, TemplateText]]:
    """``(field, variant, text)`` for the redirectUrl, then each variant's title and body."""
    if template.redirect_url is not None:
        yield "redirectUrl", None, template.redirect_url
    for variant in template.content.values():
        if variant.title is not None:
            yield "title", variant, variant.title
        yield "body", variant, variant.body


def content_key(template: PackTemplate, locale: str) -> Node | None:
    """The node of a content key (``en-US:``) so findings point at the tag itself."""
    content = template.node.get("content")
    if isinstance(content, MappingNode):
        return content.key_node(locale)
    return None


def declared_names(template: PackTemplate) -> tuple[str, ...]:
    """Parameter names as declared, including ones whose declaration is invalid.

    An invalid declaration is reported as such; it must not also make every use of
    the name look undeclared.
    """
    return template.declared_names
