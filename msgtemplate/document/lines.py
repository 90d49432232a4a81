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

__all__ = ["line_column", "line_starts", "split_lines"]

_YAML_BREAK: Final = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_JSON_BREAK: Final = re.compile("\n")
_YAML_RARE_BREAK: Final = re.compile("[\r\x85\u2028\u2029]")


def _breaks(fmt: str) -> re.Pattern[str]:
    return _YAML_BREAK if fmt == "yaml" else _JSON_BREAK


def split_lines(text: str, fmt: str) -> list[str]:
    """``text`` cut into lines exactly where the ``fmt`` (``yaml``/``json``) parser
    counts a new line; a JSON line's trailing ``\\r`` is dropped (it shows nothing)."""
    if fmt == "yaml":
        if _YAML_RARE_BREAK.search(text) is None:
            return text.split("\n")  # the same cut, without the regex engine
        return _YAML_BREAK.split(text)
    return [line.removesuffix("\r") for line in text.split("\n")]


def line_starts(text: str, fmt: str) -> list[int]:
    """The offset in ``text`` where each line starts (the first is 0)."""
    return [0, *(m.end() for m in _breaks(fmt).finditer(text))]


def line_column(starts: list[int], offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of ``offset``, given :func:`line_starts`."""
    index = bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1
