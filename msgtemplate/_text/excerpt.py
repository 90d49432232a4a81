"""A source line with a caret under one column: the excerpt under every error.

Template syntax errors and the linter's text report both show the faulty line and a
``^`` under the character at fault. A long line (minified JSON is one line) is cut
to a window around that column, and the caret is padded by *display* cells so it
lands under the right character in a terminal, whatever the script.
"""

from __future__ import annotations

import unicodedata
from typing import Final

__all__ = ["caret_padding", "char_width", "display_width", "excerpt", "window"]

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


_ZERO_WIDTH_CATEGORIES: Final = frozenset({"Mn", "Me", "Cc", "Zl", "Zp"})
# Format characters that do show: SOFT HYPHEN (as '-') and the Arabic, Syriac and
# Kaithi signs that span the digits after them.
_SHOWN_FORMAT: Final = frozenset(
    "\xad\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd"
)


def char_width(char: str) -> int:
    """Terminal cells ``char`` takes, by the rules of C's ``wcwidth``: 0 for what draws
    over or between its neighbours (combining marks such as Thai vowel signs, format
    characters such as ZWJ, controls, Hangul vowel and final jamo), 2 for East Asian
    wide and fullwidth characters (CJK, most emoji), 1 for the rest.

    Marks are told by their category: ``unicodedata.combining`` alone misses the
    many marks whose combining class is 0 (Thai ``ั``, Devanagari ``्``...).
    """
    category = unicodedata.category(char)
    if (
        category in _ZERO_WIDTH_CATEGORIES
        or "\u1160" <= char <= "\u11ff"
        or "\ud7b0" <= char <= "\ud7ff"
    ):
        return 0
    if category == "Cf":
        return 1 if char in _SHOWN_FORMAT else 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes (the sum of :func:`char_width`; a tab counts 1)."""
    return sum(1 if char == "\t" else char_width(char) for char in text)


def caret_padding(line: str, column: int) -> str:
    """Whitespace that puts a caret under ``column`` (1-based, in characters) of
    ``line`` in a terminal: tabs are kept as tabs, every other character becomes as
    many spaces as the cells it takes (:func:`char_width`)."""
    return "".join("\t" if char == "\t" else " " * char_width(char) for char in line[: column - 1])


def excerpt(line: str, column: int, *, width: int = WIDTH, ellipsis: str = "…") -> tuple[str, str]:
    """The line to show (cut by :func:`window`) and the caret line under ``column``."""
    shown, at = window(line, column, width=width, ellipsis=ellipsis)
    return shown, caret_padding(shown, at) + "^"
