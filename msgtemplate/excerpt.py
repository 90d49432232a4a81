"""A source line with a caret under one column: the excerpt under every error.

Template syntax errors and the linter's text report both show the faulty line and a
``^`` under the character at fault. A long line (minified JSON is one line) is cut
to a window around that column, and the caret is padded by *display* cells so it
lands under the right character in a terminal, whatever the script.
"""

from __future__ import annotations

import unicodedata
from typing import Final

__all__ = ["caret_padding", "excerpt", "window"]

WIDTH: Final = 100
"""Longest line shown whole; a longer one is cut to this many characters."""


def window(line: str, column: int, *, width: int = WIDTH, ellipsis: str = "…") -> tuple[str, int]:
    """``line`` cut to ``width`` characters around ``column`` (1-based), and the column
    within the cut line. Cut ends are marked with ``ellipsis``; near an end of the
    line the window slides so that it stays ``width`` characters long."""
    if len(line) <= width:
        return line, column
    start = max(0, min(column - 1 - width // 2, len(line) - width))
    head = ellipsis if start else ""
    tail = ellipsis if start + width < len(line) else ""
    return head + line[start : start + width] + tail, column - start + len(head)


def caret_padding(line: str, column: int) -> str:
    """Whitespace that puts a caret under ``column`` of ``line`` in a terminal.

    Tabs are kept as tabs and wide (CJK) characters take two cells, so the caret
    lands under the right character however the line is displayed.
    """
    cells = []
    for char in line[: column - 1]:
        if char == "\t":
            cells.append("\t")
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            cells.append("  ")
        elif unicodedata.combining(char):
            continue
        else:
            cells.append(" ")
    return "".join(cells)


def excerpt(line: str, column: int, *, width: int = WIDTH, ellipsis: str = "…") -> tuple[str, str]:
    """The line to show (cut by :func:`window`) and the caret line under ``column``."""
    shown, at = window(line, column, width=width, ellipsis=ellipsis)
    return shown, caret_padding(shown, at) + "^"
