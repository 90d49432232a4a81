"""Positions in one text, as the parser counts them and as the editor does.

Findings and the pack model say ``line:column``, 1-based, in characters (code
points), with lines cut where the YAML or JSON parser cuts them (YAML also breaks at
U+0085, U+2028 and U+2029). LSP positions are 0-based, lines end only at ``\\n``,
``\\r\\n`` or ``\\r``, and ``character`` counts the client's code units (UTF-16 by
default). :class:`LineIndex` converts both ways through the character offset in
the text, so a pack with an emoji or a U+2028 still gets squiggles in the right place.

Converting is linear in the text however many findings a line has: a line's code
units are counted once, at checkpoints every :data:`_STRIDE` characters, the first
time a position on it is asked for; each position then costs at most one stride.
(Counting from the line's start for every finding was quadratic: 50,000 findings on
one line took minutes.)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate
from typing import Final

from msgtemplate.document.lines import line_breaks
from msgtemplate.document.source import Format

_LSP_BREAK: Final = re.compile(r"\r\n|\r|\n")
_YAML_ONLY_BREAK: Final = re.compile("[\x85\u2028\u2029]")
"""Line breaks of the YAML parser that LSP does not count."""

_STRIDE: Final = 64
"""Characters between two checkpoints of a line's code-unit count."""

Units = Callable[[str], int]
"""How many client code units a string takes (UTF-16: astral characters count two)."""


def utf16_units(text: str) -> int:
    """Code units of ``text`` in UTF-16 (the LSP default)."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class LineIndex:
    """Offsets <-> (parser line, column) <-> (LSP line, character) for ``text``."""

    __slots__ = ("_checkpoints", "_lsp", "_lsp_ends", "_ours", "_ours_ends", "_units", "text")

    def __init__(self, text: str, fmt: Format, units: Units = utf16_units) -> None:
        self.text = text
        self._units = units
        if "\r" in text:
            self._lsp, self._lsp_ends = _lines(text, _LSP_BREAK)
        else:  # the common case, without the regex engine: a tenth of the time
            self._lsp, self._lsp_ends = _newline_lines(text)
        if "\r" in text or (fmt == "yaml" and _YAML_ONLY_BREAK.search(text) is not None):
            self._ours, self._ours_ends = _lines(text, line_breaks(fmt))
        else:  # both cut at "\n" alone
            self._ours, self._ours_ends = self._lsp, self._lsp_ends
        self._checkpoints: dict[int, list[int]] = {}

    # --- the parser's view (1-based) ---------------------------------------------

    def offset_of(self, line: int, column: int) -> int:
        """The offset of 1-based ``line``:``column`` as findings give them (clamped)."""
        index = min(max(line, 1), len(self._ours)) - 1
        return min(self._ours[index] + max(column, 1) - 1, self._ours_ends[index])

    def ours(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset`` as the parser counts them."""
        index = bisect_right(self._ours, offset) - 1
        return index + 1, offset - self._ours[index] + 1

    # --- the editor's view (0-based, code units) -------------------------------------

    def lsp(self, offset: int) -> tuple[int, int]:
        """LSP (line, character) of ``offset``."""
        offset = min(max(offset, 0), len(self.text))
        index = bisect_right(self._lsp, offset) - 1
        start = self._lsp[index]
        if offset - start <= _STRIDE:
            return index, self._units(self.text[start:offset])
        marks = self._checkpoints.get(index)
        if marks is None:
            marks = self._checkpoints[index] = self._count(start, self._lsp_ends[index])
        step = min((offset - start) // _STRIDE, len(marks) - 1)
        base = start + step * _STRIDE
        return index, marks[step] + self._units(self.text[base:offset])

    def _count(self, start: int, end: int) -> list[int]:
        """Code units from ``start`` to every checkpoint of the line, in one pass."""
        marks = [0]
        total = 0
        for at in range(start, end - _STRIDE + 1, _STRIDE):
            total += self._units(self.text[at : at + _STRIDE])
            marks.append(total)
        return marks

    def line_end(self, offset: int) -> int:
        """Where the LSP line holding ``offset`` ends (before its line break)."""
        offset = min(max(offset, 0), len(self.text))
        return self._lsp_ends[bisect_right(self._lsp, offset) - 1]

    def offset_at(self, line: int, character: int) -> int:
        """The offset of an LSP position; past the end of a line is its end."""
        if line < 0:
            return 0
        if line >= len(self._lsp):
            return len(self.text)
        end = self._lsp_ends[line]
        units = 0
        for index in range(self._lsp[line], end):
            if units >= character:
                return index
            units += self._units(self.text[index])
        return end

    def line_text(self, line: int) -> str:
        """The LSP line ``line`` without its line break ('' past the end)."""
        if not 0 <= line < len(self._lsp):
            return ""
        return self.text[self._lsp[line] : self._lsp_ends[line]]

    @property
    def units(self) -> Units:
        """How this index counts the client's code units."""
        return self._units

    @property
    def line_count(self) -> int:
        return len(self._lsp)


def _newline_lines(text: str) -> tuple[list[int], list[int]]:
    """:func:`_lines` for a text whose only line break is ``\\n``."""
    starts = [0, *accumulate(len(row) + 1 for row in text.split("\n"))]
    starts.pop()
    return starts, [start - 1 for start in starts[1:]] + [len(text)]


def _lines(text: str, breaks: re.Pattern[str]) -> tuple[list[int], list[int]]:
    """Where each line starts, and where it ends (before its line break)."""
    starts, ends = [0], []
    for match in breaks.finditer(text):
        ends.append(match.start())
        starts.append(match.end())
    ends.append(len(text))
    return starts, ends
