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
one line took minutes.) Code units are counted by the codecs, at C speed
(:func:`units_for`; pygls's own counters call a method per character). After an
edit, :meth:`LineIndex.after_edit` makes the next version's index from the last one,
cutting only the lines the edit changed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Final, overload

from msgtemplate.document.lines import line_breaks
from msgtemplate.document.source import Format
from msgtemplate.lint.incremental import common_prefix, common_suffix

_LSP_BREAK: Final = re.compile(r"\r\n|\r|\n")
_YAML_ONLY_BREAK: Final = re.compile("[\x85\u2028\u2029]")
"""Line breaks of the YAML parser that LSP does not count."""

_STRIDE: Final = 64
"""Characters between two checkpoints of a line's code-unit count."""

Units = Callable[[str], int]
"""How many client code units a string takes (UTF-16: astral characters count two)."""


def utf16_units(text: str) -> int:
    """Code units of ``text`` in UTF-16 (the LSP default): astral characters take two,
    every other one (a lone surrogate too) one."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) >> 1


def utf8_units(text: str) -> int:
    """Code units of ``text`` in UTF-8 (a lone surrogate takes three)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def units_for(encoding: str | None) -> Units:
    """How to count the code units of the position encoding the client and server
    agreed on (``utf-8``, ``utf-16`` or ``utf-32``; UTF-16 when it is another or none,
    as LSP says)."""
    # (A str enum member hashes and compares as its value: the dict finds it.)
    counters: dict[str, Units] = {"utf-8": utf8_units, "utf-32": len}
    return counters.get(encoding or "", utf16_units)


class LineIndex:
    """Offsets <-> (parser line, column) <-> (LSP line, character) for ``text``."""

    __slots__ = (
        "_checkpoints",
        "_fmt",
        "_lsp",
        "_lsp_ends",
        "_ours",
        "_ours_ends",
        "_units",
        "text",
    )

    def __init__(
        self,
        text: str,
        fmt: Format,
        units: Units = utf16_units,
        starts: list[int] | None = None,
    ) -> None:
        """The index of ``text``; ``starts``, when given, are its lines' starts, for a
        text whose only line break is ``\\n`` (see :meth:`after_edit`)."""
        self.text = text
        self._fmt = fmt
        self._units = units
        self._lsp_ends: list[int] | None = None
        """Where each LSP line ends; None when every line but the last ends with a
        ``\\n``, just before the next line's start (the common case: no second list)."""
        self._ours_ends: list[int] | None = None
        if starts is not None:
            self._lsp = starts
        elif "\r" in text:
            self._lsp, self._lsp_ends = _lines(text, _LSP_BREAK)
        else:  # the common case, without the regex engine: a tenth of the time
            self._lsp = _newline_starts(text)
        if starts is None and (
            "\r" in text or (fmt == "yaml" and _YAML_ONLY_BREAK.search(text) is not None)
        ):
            self._ours, self._ours_ends = _lines(text, line_breaks(fmt))
        else:  # both cut at "\n" alone
            self._ours, self._ours_ends = self._lsp, self._lsp_ends
        self._checkpoints: dict[int, list[int]] = {}

    @classmethod
    def after_edit(
        cls, previous: LineIndex | None, text: str, fmt: Format, units: Units = utf16_units
    ) -> LineIndex:
        """The index of ``text``, made from ``previous`` (the index of the version before)
        when both break lines at ``\\n`` alone: the lines before and after the edit are
        the previous index's (those after moved), only the edited ones are cut again."""
        if (
            previous is None
            or previous._units is not units
            or previous._fmt != fmt
            or not previous._simple()
        ):
            return cls(text, fmt, units)
        before = previous.text
        start = common_prefix(before, text)
        tail = common_suffix(before, text, min(len(before), len(text)) - start)
        edited = text[start : len(text) - tail]
        if "\r" in edited or (fmt == "yaml" and _YAML_ONLY_BREAK.search(edited) is not None):
            return cls(text, fmt, units)
        old = previous._lsp
        kept = bisect_right(old, start)  # lines starting before the edit (or at it)
        moved = bisect_right(old, len(before) - tail, kept)  # lines after its end
        grown = len(text) - len(before)
        starts = old[:kept]
        at = edited.find("\n")
        while at != -1:
            starts.append(start + at + 1)
            at = edited.find("\n", at + 1)
        if grown:
            starts.extend([line + grown for line in old[moved:]])
        else:
            starts.extend(old[moved:])
        return cls(text, fmt, units, starts)

    def _simple(self) -> bool:
        """Whether every line (the parser's and LSP's alike) ends with a ``\\n``."""
        return self._lsp_ends is None and self._ours is self._lsp

    @property
    def simple(self) -> bool:
        """Whether every line but the last ends with a ``\\n`` (so the parser and LSP
        count the same lines)."""
        return self._simple()

    def lines_text(self, first: int, last: int) -> str:
        """The text of the parser's lines ``first`` to ``last`` (1-based, clamped),
        line breaks between them included."""
        count = len(self._ours)
        first = min(max(first, 1), count)
        last = min(max(last, first), count)
        return self.text[self._ours[first - 1] : self._end(self._ours, self._ours_ends, last - 1)]

    def _end(self, starts: list[int], ends: list[int] | None, index: int) -> int:
        """Where line ``index`` ends (before its line break)."""
        if ends is not None:
            return ends[index]
        return starts[index + 1] - 1 if index + 1 < len(starts) else len(self.text)

    # --- the parser's view (1-based) ---------------------------------------------

    def offset_of(self, line: int, column: int) -> int:
        """The offset of 1-based ``line``:``column`` as findings give them (clamped)."""
        index = min(max(line, 1), len(self._ours)) - 1
        end = self._end(self._ours, self._ours_ends, index)
        return min(self._ours[index] + max(column, 1) - 1, end)

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
            end = self._end(self._lsp, self._lsp_ends, index)
            marks = self._checkpoints[index] = self._count(start, end)
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
        return self._end(self._lsp, self._lsp_ends, bisect_right(self._lsp, offset) - 1)

    def offset_at(self, line: int, character: int) -> int:
        """The offset of an LSP position; past the end of a line is its end."""
        if line < 0:
            return 0
        if line >= len(self._lsp):
            return len(self.text)
        end = self._end(self._lsp, self._lsp_ends, line)
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
        return self.text[self._lsp[line] : self._end(self._lsp, self._lsp_ends, line)]

    @property
    def units(self) -> Units:
        """How this index counts the client's code units."""
        return self._units

    @property
    def line_count(self) -> int:
        return len(self._lsp)

    def lines(self) -> Sequence[str]:
        """The LSP lines, each cut from the text when read (hover and completion read a
        few lines around the cursor, not the thousands of a big pack)."""
        return _Lines(self)


class _Lines(Sequence[str]):
    __slots__ = ("_index",)

    def __init__(self, index: LineIndex) -> None:
        self._index = index

    def __len__(self) -> int:
        return self._index.line_count

    @overload
    def __getitem__(self, line: int) -> str: ...
    @overload
    def __getitem__(self, line: slice) -> Sequence[str]: ...
    def __getitem__(self, line: int | slice) -> str | Sequence[str]:
        if isinstance(line, slice):
            return [self[n] for n in range(*line.indices(len(self)))]
        if not -len(self) <= line < len(self):
            raise IndexError(line)
        return self._index.line_text(line % len(self))


def _newline_starts(text: str) -> list[int]:
    """Where each line starts, in a text whose only line break is ``\\n``."""
    starts = [0, *accumulate(len(row) + 1 for row in text.split("\n"))]
    starts.pop()
    return starts


def _lines(text: str, breaks: re.Pattern[str]) -> tuple[list[int], list[int]]:
    """Where each line starts, and where it ends (before its line break)."""
    starts, ends = [0], []
    for match in breaks.finditer(text):
        ends.append(match.start())
        starts.append(match.end())
    ends.append(len(text))
    return starts, ends
