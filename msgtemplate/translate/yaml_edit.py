"""Edits to a YAML pack: replace a string value, add entries to a mapping.

The positioned document the pack was read from knows where every node starts and
ends (character offsets, from PyYAML's marks) and whether a collection is written
in flow style (``{...}``); a scalar's style is the character it starts with. New
entries follow the style
around them: the key indentation of the mapping, block or flow, and for a new
variant the shape of a sibling variant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from msgtemplate.document.lines import YAML_BREAK
from msgtemplate.document.source import (
    Document,
    MappingNode,
    Node,
    Pointer,
    ScalarNode,
    SequenceNode,
)
from msgtemplate.translate import scalars
from msgtemplate.translate.edits import Edit, NewValue, newline_of, span

_BREAK: Final = YAML_BREAK
_DEFAULT_STEP: Final = 2


class YamlTree:
    """One positioned YAML document, answering where things are."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text
        self.newline = newline_of(self.text)

    def _find(self, pointer: Pointer) -> tuple[Node, bool]:
        """The node at ``pointer`` and whether it is in flow context."""
        node: Node | None = self.document.root
        flow = False
        for part in pointer:
            flow = flow or getattr(node, "flow", False)
            if isinstance(node, MappingNode) and isinstance(part, str):
                node = node.get(part)
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                node = node.items[part]
            else:
                node = None
            if node is None:
                raise KeyError(pointer)
        assert node is not None
        return node, flow or getattr(node, "flow", False)

    # --- replace ----------------------------------------------------------------------

    def replace(self, pointer: Pointer, value: str) -> Edit:
        """Replace the string scalar at ``pointer`` with ``value``."""
        node, flow = self._find(pointer)
        assert isinstance(node, ScalarNode)
        start, end = node.start, node.end
        style = _style(self.text, start)
        if style in ("|", ">"):
            tail = self._block_tail(start, end)
            if style == "|" and scalars.literal_ok(value):
                rendered = scalars.yaml_literal(value, self._block_indent(node, start, end))
            else:
                rendered = scalars.yaml_double(value)
            return Edit(start, end, rendered + tail)
        if style == "" and scalars.plain_ok(value, flow=flow):
            return Edit(start, end, value)
        if style == "'" and scalars.single_ok(value):
            return Edit(start, end, scalars.yaml_single(value))
        return Edit(start, end, scalars.yaml_double(value))

    def _block_tail(self, start: int, end: int) -> str:
        """What a block scalar's span holds after its last character: the line
        break and blank lines, which stay when it is replaced."""
        span = self.text[start:end]
        last = len(span.rstrip(" \t\r\n\x85\u2028\u2029"))
        tail = span[last:]
        match = _BREAK.search(tail)
        return tail[match.start() :] if match else ""

    def _block_indent(self, node: ScalarNode, start: int, end: int) -> int:
        for line in _BREAK.split(self.text[start:end])[1:]:
            if line.strip():
                return len(line) - len(line.lstrip(" "))
        return node.column - 1 + _DEFAULT_STEP

    # --- insert -----------------------------------------------------------------------

    def append(
        self, pointer: Pointer, entries: Sequence[tuple[str, NewValue]], order: int = 0
    ) -> Edit:
        """Add ``entries`` at the end of the mapping at ``pointer``."""
        node, flow = self._find(pointer)
        assert isinstance(node, MappingNode)
        if flow:
            items = ", ".join(f"{_key(k)}: {self._flow(v)}" for k, v in entries)
            if not node.items:
                at = node.start + 1
                return Edit(at, at, items, order)
            at = span(node.items[-1][1])[1]
            return Edit(at, at, ", " + items, order)
        indent = node.items[0][0].column - 1
        at, lead = self._after_last_line(node)
        body = "".join(self._block(k, v, indent, self._step(node)) for k, v in entries)
        return Edit(at, at, lead + body, order)

    def insert_before(
        self, pointer: Pointer, key: str, entries: Sequence[tuple[str, NewValue]], order: int = 0
    ) -> Edit:
        """Add ``entries`` just before ``key`` in the mapping at ``pointer`` (at the
        end when ``key`` does not start its own line)."""
        node, flow = self._find(pointer)
        assert isinstance(node, MappingNode)
        key_node = node.key_node(key)
        assert key_node is not None
        at = key_node.start
        if flow:
            items = "".join(f"{_key(k)}: {self._flow(v)}, " for k, v in entries)
            return Edit(at, at, items, order)
        line_start = at - (key_node.column - 1)
        if self.text[line_start:at].strip(" "):
            return self.append(pointer, entries, order)
        indent = key_node.column - 1
        body = "".join(self._block(k, v, indent, self._step(node)) for k, v in entries)
        return Edit(line_start, line_start, body, order)

    def _after_last_line(self, node: MappingNode) -> tuple[int, str]:
        """Where a new line goes after a block mapping's last entry: past the line
        break of the line its last character is on (a comment there stays put)."""
        leaf: Node = node
        while isinstance(leaf, (MappingNode, SequenceNode)) and leaf.items and not leaf.flow:
            last = leaf.items[-1]
            leaf = last[1] if isinstance(last, tuple) else last
        start, end = span(leaf)
        content_end = start + len(self.text[start:end].rstrip(" \t\r\n\x85\u2028\u2029"))
        match = _BREAK.search(self.text, content_end)
        if match is None:
            return len(self.text), self.newline
        return match.end(), ""

    def _step(self, node: MappingNode) -> int:
        """Indentation step of nested block mappings, from one in ``node``."""
        for key, value in node.items:
            if isinstance(value, MappingNode) and value.items and not value.flow:
                step = value.items[0][0].column - key.column
                if step > 0:
                    return step
        return _DEFAULT_STEP

    def sibling_is_flow(self, pointer: Pointer) -> bool:
        """Whether the mapping values of the mapping at ``pointer`` are flow style."""
        node, flow = self._find(pointer)
        if flow:
            return True
        assert isinstance(node, MappingNode)
        values = [v for _, v in node.items if isinstance(v, MappingNode)]
        return bool(values) and all(v.flow for v in values)

    def _block(self, key: str, value: NewValue, indent: int, step: int) -> str:
        pad = " " * indent
        if isinstance(value, str):
            return f"{pad}{_key(key)}: {scalars.yaml_value(value, flow=False)}{self.newline}"
        if value.compact:
            return f"{pad}{_key(key)}: {self._flow(value)}{self.newline}"
        inner = "".join(self._block(k, v, indent + step, step) for k, v in value.items)
        return f"{pad}{_key(key)}:{self.newline}{inner}"

    def _flow(self, value: NewValue) -> str:
        if isinstance(value, str):
            return scalars.yaml_value(value, flow=True)
        return "{" + ", ".join(f"{_key(k)}: {self._flow(v)}" for k, v in value.items) + "}"


def _key(key: str) -> str:
    """A new mapping key: plain when that reads back as the same string, else
    double-quoted (exact-value form keys such as ``"=0"`` always, as packs write them;
    a select value may be any text)."""
    if key.startswith("="):
        return scalars.yaml_double(key)
    return scalars.yaml_value(key, flow=True)


def _style(text: str, start: int) -> str:
    """The style character of the scalar written at ``start``: a quote, ``|``, ``>``,
    or '' for plain (a tag or an anchor before it is skipped)."""
    match = _PROPERTIES.match(text, start)
    char = text[match.end() : match.end() + 1] if match else ""
    return char if char in ("'", '"', "|", ">") else ""


_PROPERTIES: Final = re.compile(r"(?:[!&][^ \t\r\n]*[ \t]+)*")
