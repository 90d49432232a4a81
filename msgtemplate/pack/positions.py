"""Where a character of a string value is in its file.

A template error (or a lint finding) is found at an offset inside the *value* of a
string: ``${amount`` at offset 12 of a body. Users need the place in the *file*.
:class:`TextLocator` walks the value and the scalar as written side by side:

* plain and quoted scalars on one line: the same line, the column plus the offset
  (plus one for the opening quote; ``''`` in single quotes and backslash escapes in
  double quotes and JSON strings count as what they decode to);
* block scalars (``|`` and ``>``): the lines after the indicator, each with its
  indentation;
* folded or multi-line flow scalars: a space in the value is a space in the file
  or a folded line break; an escaped line break (a backslash ending a line in
  double quotes) and the indentation after it decode to nothing.

A property test dumps random texts (quotes, backslashes, tabs, newlines, CJK,
emoji) with every PyYAML style, width and ``allow_unicode`` setting and with
``json.dumps`` (ASCII or not), and checks the position lands on the ``$`` each time.
"""

from __future__ import annotations

from typing import Final, Literal

from msgtemplate.document.source import Document, MappingNode, ScalarNode

Style = Literal["plain", "single", "double", "block", "json"]

_ESCAPE_LENGTH: Final = {"x": 4, "u": 6, "U": 10}
_SPACE: Final = " \t\r"
_STYLES: Final[dict[str, Style]] = {"'": "single", '"': "double", "|": "block", ">": "block"}
_CHECKPOINT_EVERY: Final = 16
"""Characters of the value between two remembered walk states (see ``position``)."""


class SourceLines:
    """A document's lines as its parser counts them (shared by every locator), split
    on the first question: most packs are read without asking any position."""

    __slots__ = ("_document",)

    def __init__(self, document: Document) -> None:
        self._document = document

    @property
    def lines(self) -> tuple[str, ...]:
        return self._document.line_tuple()

    @property
    def format(self) -> str:
        return self._document.format


class TextLocator:
    """Maps offsets in ``text`` (a scalar's value) to 1-based file positions.

    Read-only once made (its two caches aside). A plain class with slots rather than
    a frozen dataclass: a pack makes one per text, most never asked a position, and
    a frozen dataclass's ``__init__`` (an ``object.__setattr__`` per field) cost four
    times as much."""

    __slots__ = ("_start", "_walked", "key", "lines", "parent")

    def __init__(self, lines: SourceLines, parent: MappingNode, key: str) -> None:
        self.lines = lines
        self.parent = parent
        self.key = key
        """The scalar is the value of ``key`` in ``parent`` (the last one, as read):
        its node is made when a position is asked (most texts never are)."""
        self._walked: dict[int, tuple[int, int]] | None = None
        """Walk state (row, col) on first reaching offset ``k * _CHECKPOINT_EVERY``; the
        keys are always 0..n, so a lookup resumes from the nearest one at or before its
        offset. Without it every lookup walked from the start of the value: a linter
        placing one finding per placeholder of a 40,000-placeholder body was quadratic."""
        self._start: tuple[int, Style] | None = None
        """(column, style), worked out on first use, as ``_walked`` is made: a pack has
        thousands of texts and most are never asked for a position."""

    def __repr__(self) -> str:
        return f"TextLocator(key={self.key!r}, node={self.node!r})"

    @property
    def node(self) -> ScalarNode:
        """The scalar: its value is the text, and it knows where it starts."""
        node = self.parent.get(self.key)
        assert isinstance(node, ScalarNode)
        return node

    @property
    def json(self) -> bool:
        """Whether the document is JSON (its strings are JSON strings)."""
        return self.lines.format == "json"

    @property
    def text(self) -> str:
        """The value whose offsets are mapped (the scalar as written, if not a str)."""
        value = self.node.value
        return value if isinstance(value, str) else self.node.text

    @property
    def line(self) -> int:
        """1-based line where the scalar's node starts."""
        return self.node.line

    @property
    def node_column(self) -> int:
        """Where the scalar's node starts: a tag or an anchor may come before the value."""
        return self.node.column

    @property
    def column(self) -> int:
        """1-based column of the value as written (its quote or block indicator)."""
        return self._where()[0]

    @property
    def style(self) -> Style:
        """How the value is written: plain, single, double, block, or json."""
        return self._where()[1]

    def _where(self) -> tuple[int, Style]:
        if self._start is not None:
            return self._start
        if self.json:
            where: tuple[int, Style] = (self.node_column, "json")
        else:
            lines = self.lines.lines
            row = lines[self.line - 1] if 0 < self.line <= len(lines) else ""
            col = self.node_column - 1
            # A tag or an anchor may come before the scalar itself (`!!str |`).
            while col < len(row) and row[col] in "!&":
                while col < len(row) and row[col] not in " \t":
                    col += 1
                while col < len(row) and row[col] in " \t":
                    col += 1
            char = row[col : col + 1]
            where = (col + 1, _STYLES.get(char, "plain"))
        # Threads racing here store the same answer.
        self._start = where
        return where

    def position(self, offset: int) -> tuple[int, int]:
        """The file's (line, column) of ``text[offset]`` (clamped to the text)."""
        text, lines, walked = self.text, self.lines.lines, self._walked
        offset = max(0, min(offset, len(text)))
        column, style = self._where()
        if walked is None:
            walked = {}
            # A thread racing here may drop the other's dict: both hold the same
            # deterministic states, so at worst some walking is done twice.
            self._walked = walked
        if not walked:
            row = self.line - 1
            if style == "block":
                row, col = row + 1, 0
            elif style == "plain":
                col = column - 1
            else:
                col = column  # past the opening quote
            walked[0] = (row, col)
        # Dict operations are atomic: threads sharing a locator at worst record the
        # same (deterministic) state twice.
        checkpoint = min(offset // _CHECKPOINT_EVERY, len(walked) - 1)
        row, col = walked[checkpoint]
        i = checkpoint * _CHECKPOINT_EVERY
        escapes = style in ("double", "json")

        def current() -> str:
            return lines[row] if row < len(lines) else ""

        def next_line() -> bool:
            nonlocal row, col
            if row + 1 >= len(lines):
                return False
            row, col = row + 1, 0
            return True

        def settle() -> None:
            """Skip what decodes to nothing before a visible character: spaces,
            line breaks, indentation, and escaped line breaks in double quotes."""
            nonlocal col
            while True:
                line = current()
                while col < len(line) and line[col] in _SPACE:
                    col += 1
                at_break = col >= len(line)
                escaped_break = style == "double" and _ends_at(line, col)
                if not (at_break or escaped_break) or not next_line():
                    return

        while i < offset:
            if i % _CHECKPOINT_EVERY == 0 and i // _CHECKPOINT_EVERY not in walked:
                walked[i // _CHECKPOINT_EVERY] = (row, col)
            line = current()
            char = text[i]
            if style == "double" and _ends_at(line, col):
                # An escaped line break decodes to nothing, and so does the
                # indentation after it.
                if not next_line():
                    break
                while col < len(current()) and current()[col] in _SPACE:
                    col += 1
                continue
            if not char.isspace():
                settle()
                line = current()
            if escapes and line[col : col + 1] == "\\" and line[col + 1 : col + 2]:
                following = line[col + 1]
                length = _ESCAPE_LENGTH.get(following, 2)
                if following == "u" and ord(char) > 0xFFFF:
                    length = 12  # a surrogate pair: two escapes, one character
                col += length
                i += 1
                continue
            if style == "single" and line[col : col + 2] == "''":
                col += 2
                i += 1
                continue
            if char.isspace():
                # One text space is one raw space, or a folded line break.
                if col < len(line) and line[col] in _SPACE:
                    col += 1
                elif col >= len(line):
                    next_line()
                    while col < len(current()) and current()[col] in _SPACE:
                        col += 1
                i += 1
                continue
            col += 1
            i += 1
        if offset < len(text) and not text[offset].isspace():
            settle()
        return row + 1, col + 1


def _ends_at(line: str, col: int) -> bool:
    """``line[col:] == "\\"`` without copying the rest of a (possibly huge) line."""
    return col == len(line) - 1 and line[col] == "\\"
