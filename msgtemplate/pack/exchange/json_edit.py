"""Edits to a JSON pack: replace a string value, add members to an object.

Positions come from the positioned document the pack was read from (line and
column of every key and value); where a value ends is found by scanning from its
start (strings with the standard library's decoder, objects and arrays by
bracket depth outside strings). New members follow the object's layout: on one
line, or one per line with the indentation of the member above.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Final

from msgtemplate.pack.exchange import scalars
from msgtemplate.pack.exchange.edits import Edit, NewValue, newline_of
from msgtemplate.source import Document, MappingNode, Node, Pointer, ScalarNode

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

    def offset(self, node: Node) -> int:
        return self.starts[node.line - 1] + node.column - 1

    def end(self, start: int) -> int:
        """Where the JSON value starting at ``start`` ends."""
        text = self.text
        if text[start] == '"':
            return _scanstring(text, start + 1, True)[1]
        if text[start] not in "{[":
            match = re.compile(r"[^\s,}\]]+").match(text, start)
            return match.end() if match else start
        depth = 0
        pos = start
        while True:
            token = _TOKEN.search(text, pos)
            assert token is not None  # the document parsed
            if token.group() == '"':
                pos = _scanstring(text, token.start() + 1, True)[1]
                continue
            depth += 1 if token.group() in "{[" else -1
            pos = token.end()
            if depth == 0:
                return pos

    def _mapping(self, pointer: Pointer) -> MappingNode:
        node = self.document.node_at(pointer)
        assert isinstance(node, MappingNode)
        return node

    def line_prefix(self, node: Node) -> str:
        """The whitespace before ``node`` on its line ('' when other text is there)."""
        start = self.starts[node.line - 1]
        prefix = self.text[start : self.offset(node)]
        return prefix if not prefix.strip() else ""

    # --- edits ------------------------------------------------------------------------

    def replace(self, pointer: Pointer, value: str) -> Edit:
        node = self.document.node_at(pointer)
        assert isinstance(node, ScalarNode)
        start = self.offset(node)
        return Edit(start, self.end(start), scalars.json_string(value, ascii_only=self.ascii_only))

    def append(
        self, pointer: Pointer, entries: Sequence[tuple[str, NewValue]], order: int = 0
    ) -> Edit:
        node = self._mapping(pointer)
        if not node.items:
            at = self.offset(node) + 1
            return Edit(at, at, ", ".join(self._member(k, v, "") for k, v in entries), order)
        key, value = node.items[-1]
        at = self.end(self.offset(value))
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
        at = self.offset(key_node)
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


def line_of(starts: Sequence[int], offset: int) -> int:
    """1-based line of ``offset`` given line start offsets."""
    return bisect_right(starts, offset)
