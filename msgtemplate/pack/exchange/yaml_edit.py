"""Edits to a YAML pack: replace a string value, add entries to a mapping.

PyYAML's composer gives every node its exact start and end (character indexes,
which match Python's string indexes), its style (plain, quoted, block) and whether
a collection is written in flow style (``{...}``). New entries follow the style
around them: the key indentation of the mapping, block or flow, and for a new
variant the shape of a sibling variant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import yaml

from msgtemplate.pack.exchange import scalars
from msgtemplate.pack.exchange.edits import Edit, NewMapping, NewValue, newline_of
from msgtemplate.source import Pointer

_Loader: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BREAK: Final = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_DEFAULT_STEP: Final = 2


class YamlTree:
    """One YAML document, composed once, answering where things are."""

    def __init__(self, text: str) -> None:
        self.text = text
        root = yaml.compose(text, Loader=_Loader)
        assert root is not None  # a pack that loaded has a root mapping
        self.root: yaml.Node = root
        self.newline = newline_of(text)

    def _find(self, pointer: Pointer) -> tuple[yaml.Node, bool]:
        """The node at ``pointer`` and whether it is in flow context."""
        node = self.root
        flow = False
        for part in pointer:
            flow = flow or bool(getattr(node, "flow_style", False))
            if isinstance(node, yaml.MappingNode):
                node = next(v for k, v in reversed(node.value) if k.value == part)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                node = node.value[part]
            else:
                raise KeyError(pointer)
        flow = flow or bool(getattr(node, "flow_style", False))
        return node, flow

    def key_column(self, pointer: Pointer) -> int:
        """The column (0-based) of the first key of the mapping at ``pointer``."""
        node, _ = self._find(pointer)
        assert isinstance(node, yaml.MappingNode)
        assert node.value
        return int(node.value[0][0].start_mark.column)

    # --- replace ----------------------------------------------------------------------

    def replace(self, pointer: Pointer, value: str) -> Edit:
        """Replace the string scalar at ``pointer`` with ``value``."""
        node, flow = self._find(pointer)
        assert isinstance(node, yaml.ScalarNode)
        start, end = node.start_mark.index, node.end_mark.index
        style = node.style or ""
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

    def _block_indent(self, node: yaml.ScalarNode, start: int, end: int) -> int:
        for line in _BREAK.split(self.text[start:end])[1:]:
            if line.strip():
                return len(line) - len(line.lstrip(" "))
        return int(node.start_mark.column) + _DEFAULT_STEP

    # --- insert -----------------------------------------------------------------------

    def append(
        self, pointer: Pointer, entries: Sequence[tuple[str, NewValue]], order: int = 0
    ) -> Edit:
        """Add ``entries`` at the end of the mapping at ``pointer``."""
        node, flow = self._find(pointer)
        assert isinstance(node, yaml.MappingNode)
        if flow:
            items = ", ".join(f"{k}: {self._flow(v)}" for k, v in entries)
            if not node.value:
                at = node.start_mark.index + 1
                return Edit(at, at, items, order)
            at = node.value[-1][1].end_mark.index
            return Edit(at, at, ", " + items, order)
        indent = int(node.value[0][0].start_mark.column)
        step = self._step(node)
        at, lead = self._after_last_line(node)
        body = "".join(self._block(k, v, indent, step) for k, v in entries)
        return Edit(at, at, lead + body, order)

    def insert_before(
        self, pointer: Pointer, key: str, entries: Sequence[tuple[str, NewValue]], order: int = 0
    ) -> Edit:
        """Add ``entries`` just before ``key`` in the mapping at ``pointer`` (at the
        end when ``key`` does not start its own line)."""
        node, flow = self._find(pointer)
        assert isinstance(node, yaml.MappingNode)
        key_node = next(k for k, _ in node.value if k.value == key)
        at = key_node.start_mark.index
        if flow:
            items = "".join(f"{k}: {self._flow(v)}, " for k, v in entries)
            return Edit(at, at, items, order)
        line_start = at - int(key_node.start_mark.column)
        if self.text[line_start:at].strip(" "):
            return self.append(pointer, entries, order)
        indent = int(key_node.start_mark.column)
        body = "".join(self._block(k, v, indent, self._step(node)) for k, v in entries)
        return Edit(line_start, line_start, body, order)

    def _after_last_line(self, node: yaml.MappingNode) -> tuple[int, str]:
        """Where a new line goes after a block mapping's last entry: past the line
        break of the line its last character is on (a comment there stays put)."""
        leaf: yaml.Node = node
        while (
            isinstance(leaf, (yaml.MappingNode, yaml.SequenceNode))
            and leaf.value
            and not leaf.flow_style
        ):
            last = leaf.value[-1]
            leaf = last[1] if isinstance(leaf, yaml.MappingNode) else last
        start, end = leaf.start_mark.index, leaf.end_mark.index
        content_end = start + len(self.text[start:end].rstrip(" \t\r\n\x85\u2028\u2029"))
        match = _BREAK.search(self.text, content_end)
        if match is None:
            return len(self.text), self.newline
        return match.end(), ""

    def _step(self, node: yaml.MappingNode) -> int:
        """Indentation step of nested block mappings, from one in ``node``."""
        for key, value in node.value:
            if isinstance(value, yaml.MappingNode) and value.value and not value.flow_style:
                step = int(value.value[0][0].start_mark.column) - int(key.start_mark.column)
                if step > 0:
                    return step
        return _DEFAULT_STEP

    def sibling_is_flow(self, pointer: Pointer) -> bool:
        """Whether the mapping values of the mapping at ``pointer`` are flow style."""
        node, flow = self._find(pointer)
        if flow:
            return True
        assert isinstance(node, yaml.MappingNode)
        values = [v for _, v in node.value if isinstance(v, yaml.MappingNode)]
        return bool(values) and all(v.flow_style for v in values)

    def _block(self, key: str, value: NewValue, indent: int, step: int) -> str:
        pad = " " * indent
        if isinstance(value, str):
            return f"{pad}{key}: {scalars.yaml_value(value, flow=False)}{self.newline}"
        if value.compact:
            return f"{pad}{key}: {self._flow(value)}{self.newline}"
        inner = "".join(self._block(k, v, indent + step, step) for k, v in value.items)
        return f"{pad}{key}:{self.newline}{inner}"

    def _flow(self, value: NewValue) -> str:
        if isinstance(value, str):
            return scalars.yaml_value(value, flow=True)
        return "{" + ", ".join(f"{k}: {self._flow(v)}" for k, v in value.items) + "}"


def flow_variant(variant: NewMapping) -> NewMapping:
    """``variant`` asked to be written on one line (siblings are ``{...}``)."""
    return NewMapping(variant.items, compact=True)
