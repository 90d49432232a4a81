"""Lines as a document's parser counts them: one splitter for every line and column.

PyYAML starts a new line at ``\\r\\n``, ``\\r``, ``\\n``, NEL (U+0085) and the Unicode
line and paragraph separators; JSON only at ``\\n``. Every ``path:line:col`` and
every caret must count the same way as the parser that found the problem, so the
reader, the linter and the pack positions all split here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Final

__all__ = [
    "JSON_BREAK",
    "YAML_BREAK",
    "byte_line_column",
    "line_breaks",
    "line_column",
    "line_starts",
    "split_lines",
]

YAML_BREAK: Final = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""Where PyYAML starts a new line."""
JSON_BREAK: Final = re.compile("\n")
"""Where a JSON parser starts a new line."""
_YAML_RARE_BREAK: Final = re.compile("[\r\x85\u2028\u2029]")
"""The YAML breaks other than ``\\n``: without them a YAML text splits as ``str.split``."""


def line_breaks(fmt: str) -> re.Pattern[str]:
    """The line breaks of the ``fmt`` (``yaml``/``json``) parser."""
    return YAML_BREAK if fmt == "yaml" else JSON_BREAK


def split_lines(text: str, fmt: str) -> list[str]:
    """``text`` cut into lines exactly where the ``fmt`` (``yaml``/``json``) parser
    counts a new line; a JSON line's trailing ``\\r`` is dropped (it shows nothing)."""
    if fmt == "yaml":
        if _YAML_RARE_BREAK.search(text) is None:
            return text.split("\n")  # the same cut, without the regex engine
        return YAML_BREAK.split(text)
    return [line.removesuffix("\r") for line in text.split("\n")]


def line_starts(text: str, fmt: str) -> list[int]:
    """The offset in ``text`` where each line starts (the first is 0)."""
    return [0, *(m.end() for m in line_breaks(fmt).finditer(text))]


def line_column(starts: list[int], offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of ``offset``, given :func:`line_starts`."""
    index = bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1


def byte_line_column(data: bytes, pos: int) -> tuple[int, int]:
    """The 1-based (line, column) of byte ``pos`` of undecoded ``data`` (lines end at
    ``\n``: no parser has run yet; columns count the characters of the valid prefix)."""
    line = data.count(b"\n", 0, pos) + 1
    start = data.rfind(b"\n", 0, pos) + 1
    return line, len(data[start:pos].decode("utf-8", "replace")) + 1
