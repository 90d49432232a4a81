"""Edits to a JSON pack: replace a string value, add members to an object.

Positions come from the positioned document the pack was read from (where every
key and value starts and ends). New members follow the object's layout: on one
line, or one per line with the indentation of the member above.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Final

from msgtemplate.document.source import Document, MappingNode, Pointer, ScalarNode
from msgtemplate.translate import scalars
from msgtemplate.translate.edits import Edit, NewValue, newline_of, span

_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_TOKEN: Final = re.compile(r'"|[{}\[\]]')


class JsonTree:
    """One JSON document (already parsed with positions), answering where things are."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text
        self.newline = newline_of(self.text)
        self.starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        # Files written with \\u escapes for every non-ASCII character stay that way.
        self.ascii_only = self.text.isascii() and "\\u" in self.text

    def _mapping(self, pointer: Pointer) -> MappingNode:
        node = self.document.node_at(pointer)
        assert isinstance(node, MappingNode)
        return node

    def line_prefix(self, node: ScalarNode) -> str:
        """The whitespace before ``node`` on its line ('' when other text is there)."""
        prefix = self.text[self.starts[node.line - 1] : node.start]
        return prefix if not prefix.strip() else ""

    # --- edits ------------------------------------------------------------------------

    def replace(self, pointer: Pointer, value: str) -> Edit:
        node = self.document.node_at(pointer)
        assert isinstance(node, ScalarNode)
        rendered = scalars.json_string(value, ascii_only=self.ascii_only)
        return Edit(node.start, node.end, rendered)

    def append(
        self, pointer: Pointer, entries: Sequence[tuple[str, NewValue]], order: int = 0
    ) -> Edit:
        node = self._mapping(pointer)
        if not node.items:
            at = node.start + 1
            return Edit(at, at, ", ".join(self._member(k, v, "") for k, v in entries), order)
        key, value = node.items[-1]
        at = span(value)[1]
        prefix = self._member_prefix(node, key)
        separator = "," + (self.newline + prefix if prefix is not None else " ")
        body = "".join(separator + self._member(k, v, prefix) for k, v in entries)
        return Edit(at, at, body, order)

    def insert_before(
        self, pointer: Pointer, key: str, entries: Sequence[tuple[str, NewValue]], order: int = 0
    ) -> Edit:
        node = self._mapping(pointer)
        key_node = node.key_node(key)
        assert key_node is not None
        at = key_node.start
        prefix = self._member_prefix(node, key_node)
        after = "," + (self.newline + prefix if prefix is not None else " ")
        body = "".join(self._member(k, v, prefix) + after for k, v in entries)
        return Edit(at, at, body, order)

    def _member_prefix(self, node: MappingNode, key: ScalarNode) -> str | None:
        """The indentation of members written one per line; None when on one line."""
        return self.line_prefix(key) if key.line != node.line else None

    def _member(self, key: str, value: NewValue, prefix: str | None) -> str:
        name = scalars.json_string(key, ascii_only=self.ascii_only)
        return f"{name}: {self._value(value, prefix)}"

    def _value(self, value: NewValue, prefix: str | None) -> str:
        if isinstance(value, str):
            return scalars.json_string(value, ascii_only=self.ascii_only)
        if value.compact or prefix is None:
            inner = ", ".join(self._member(k, v, None) for k, v in value.items)
            return "{" + inner + "}"
        step = self.indent_step()
        inner_prefix = prefix + step
        members = ("," + self.newline + inner_prefix).join(
            self._member(k, v, inner_prefix) for k, v in value.items
        )
        return "{" + self.newline + inner_prefix + members + self.newline + prefix + "}"

    def indent_step(self) -> str:
        """The file's indentation unit: the first indented line's leading whitespace."""
        for start in self.starts[1:]:
            match = re.compile(r"[ \t]+").match(self.text, start)
            if match:
                return match.group()
        return "  "

    def sibling_is_flow(self, pointer: Pointer) -> bool:
        """Whether the object values of the object at ``pointer`` are on one line."""
        node = self._mapping(pointer)
        values = [v for _, v in node.items if isinstance(v, MappingNode) and v.items]
        return bool(values) and all(v.items[-1][0].line == v.line for v in values)
