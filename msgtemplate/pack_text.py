"""Where a character of a string value is in its file.

A template error (or a lint finding) is found at an offset inside the *value* of a
string: ``${amount`` at offset 12 of a body. Users need the place in the *file*.
:class:`TextLocator` walks the value and the scalar as written side by side:

* plain and quoted scalars on one line: the same line, the column plus the offset
  (plus one for the opening quote; ``''`` in single quotes and backslash escapes in
  double quotes and JSON strings count as what they decode to);
* block scalars (``|`` and ``>``): the lines after the indicator, each with its
  indentation;
* folded or multi-line flow scalars: whitespace runs (where line breaks were
  folded into spaces) are matched loosely, so the result is exact for every
  non-space character up to an escape that decodes to whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from msgtemplate.source import Document, ScalarNode

Style = Literal["plain", "single", "double", "block", "json"]

_YAML_BREAK: Final = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_ESCAPE_LENGTH: Final = {"x": 4, "u": 6, "U": 10}
_SPACE: Final = " \t\r"


class SourceLines:
    """A document's lines as its parser counts them (shared by every locator)."""

    __slots__ = ("lines",)

    def __init__(self, document: Document) -> None:
        text = document.text
        self.lines: list[str] = (
            text.split("\n") if document.format == "json" else _YAML_BREAK.split(text)
        )


@dataclass(frozen=True, slots=True)
class TextLocator:
    """Maps offsets in ``text`` (a scalar's value) to 1-based file positions."""

    lines: SourceLines
    text: str
    line: int
    column: int
    style: Style

    @classmethod
    def for_node(cls, node: ScalarNode, lines: SourceLines, json: bool) -> TextLocator:
        text = node.value if isinstance(node.value, str) else node.text
        if json:
            return cls(lines, text, node.line, node.column, "json")
        row = lines.lines[node.line - 1] if 0 < node.line <= len(lines.lines) else ""
        col = node.column - 1
        # A tag or an anchor may come before the scalar itself (`!!str |`).
        while col < len(row) and row[col] in "!&":
            while col < len(row) and row[col] not in " \t":
                col += 1
            while col < len(row) and row[col] in " \t":
                col += 1
        char = row[col : col + 1]
        style: Style = {"'": "single", '"': "double", "|": "block", ">": "block"}.get(char, "plain")  # type: ignore[assignment]
        return cls(lines, text, node.line, col + 1, style)

    def position(self, offset: int) -> tuple[int, int]:
        """The file's (line, column) of ``text[offset]`` (clamped to the text)."""
        text, lines = self.text, self.lines.lines
        offset = max(0, min(offset, len(text)))
        row = self.line - 1
        if self.style == "block":
            row, col = row + 1, 0
        elif self.style == "plain":
            col = self.column - 1
        else:
            col = self.column  # past the opening quote
        escapes = self.style in ("double", "json")

        def current() -> str:
            return lines[row] if row < len(lines) else ""

        def skip_space() -> None:
            nonlocal row, col
            while row < len(lines):
                line = lines[row]
                while col < len(line) and line[col] in _SPACE:
                    col += 1
                if col < len(line) or row + 1 >= len(lines):
                    return
                row, col = row + 1, 0

        i = 0
        while i < offset:
            line = current()
            char = text[i]
            if escapes and line[col : col + 1] == "\\":
                following = line[col + 1 : col + 2]
                if not following and self.style == "double":  # escaped line break
                    row, col = row + 1, 0
                    skip_space()
                    continue
                length = _ESCAPE_LENGTH.get(following, 2)
                if following == "u" and ord(char) > 0xFFFF:
                    length = 12  # a JSON surrogate pair: two escapes, one character
                col += length
                i += 1
                continue
            if self.style == "single" and line[col : col + 2] == "''":
                col += 2
                i += 1
                continue
            if char.isspace():
                while i < offset and text[i].isspace():
                    i += 1
                skip_space()
                continue
            skip_space()
            col += 1
            i += 1
        if offset < len(text) and not text[offset].isspace():
            skip_space()
        return row + 1, col + 1
