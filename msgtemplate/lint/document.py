"""Rules about the file itself: it must read, parse, and hold no duplicate keys."""

from __future__ import annotations

from collections.abc import Iterator

from msgtemplate.document.source import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
)
from msgtemplate.lint.findings import Finding
from msgtemplate.lint.model import LintModel
from msgtemplate.lint.registry import DUPLICATE_KEY


def check(model: LintModel) -> Iterator[Finding]:
    """Report every duplicate key anywhere in the document."""
    if not model.document.repeated_keys:
        return
    for repeated, first in _duplicates(model.document.root):
        yield model.finding(
            DUPLICATE_KEY,
            repeated.line,
            repeated.column,
            f"duplicate key {repeated.text!r} (first defined at line {first.line}); "
            "loaders keep only the last value",
        )


def _duplicates(root: Node | None) -> Iterator[tuple[ScalarNode, ScalarNode]]:
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            yield from node.duplicates()
            # Strings kept as text hold no mapping: no node made for them.
            stack.extend(v for _, v in reversed(node.entries()) if not isinstance(v, str))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.items))
