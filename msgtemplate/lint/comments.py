"""Where YAML comments start, line by line, so that a ``#`` inside a value is not one.

``body: "50% off # noqa"`` holds no comment: the ``#`` is part of the quoted scalar.
The YAML scanner knows where every token (scalar, flow bracket, indicator) ends; a
comment can only start after the last token on its line, and never on a line that a
multi-line token (a quoted scalar running over lines, a block scalar's content)
covers. PyYAML reports no comment tokens, so that is what we derive from.

Text the scanner cannot read (a file with a syntax error, from the error on) falls
back to a quote-tracking scan of each line: a ``'`` or ``"`` opens a quoted scalar
only where a scalar can start (line start, after ``:``, ``-``, ``?``, ``[``, ``{``
or ``,`` and a space), and ``#`` starts a comment only outside quotes and after
whitespace or at the start of the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from msgtemplate.document.lines import split_lines

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*")


@dataclass(slots=True)
class Comments:
    """Where comments start, and which lines belong to values spanning several lines."""

    starts: dict[int, int] = field(default_factory=dict)
    """``{line: index}``: the 0-based index of the ``#`` that starts a comment on each
    1-based line that has one (lines as :func:`msgtemplate.document.lines.split_lines` cuts
    YAML)."""
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    """``{line: (first, last)}`` for the lines after the first of a multi-line scalar
    (block or quoted): a comment can only sit on its first or last line."""

    def for_line(self, line: int) -> list[int]:
        """The lines whose comments may speak for ``line``, nearest first."""
        first, last = self.spans.get(line, (line, line))
        return list(dict.fromkeys((line, last, first)))


def comment_starts(text: str) -> dict[int, int]:
    """``{line: index}`` of every comment in ``text`` (see :attr:`Comments.starts`)."""
    return scan_comments(text).starts


def scan_comments(text: str) -> Comments:
    """Where every comment of ``text`` starts, read with the YAML scanner."""
    lines = split_lines(text, "yaml")
    comments = Comments()
    covered: dict[int, int] = {}  # 0-based line -> no comment before this index
    inside: set[int] = set()  # 0-based lines a multi-line token runs through
    trusted = len(lines)  # lines from here on were not scanned
    try:
        for token in yaml.scan(text, Loader=_Loader):
            start, end = token.start_mark, token.end_mark
            if start is None or end is None:
                continue
            first = start.line
            if start.line != end.line and isinstance(token, yaml.ScalarToken):
                last = end.line if end.column else end.line - 1
                for number in range(start.line + 1, last + 1):
                    comments.spans[number + 1] = (start.line + 1, last + 1)
            if start.line != end.line:
                if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
                    # The header line of a block scalar may end in a comment.
                    header = _BLOCK_HEADER.match(lines[first], start.column)
                    stop = header.end() if header else start.column + 1
                    covered[first] = max(covered.get(first, 0), stop)
                    first += 1
                inside.update(range(first, end.line))
            covered[end.line] = max(covered.get(end.line, 0), end.column)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        trusted = mark.line if mark is not None else 0
    out = comments.starts
    for number, line in enumerate(lines):
        if "#" not in line or number in inside:
            continue
        if number < trusted:
            index = _hash_after(line, covered.get(number, 0))
        else:
            index = line_comment_start(line)
        if index is not None:
            out[number + 1] = index
    return comments


def _hash_after(line: str, start: int) -> int | None:
    index = line.find("#", start)
    while index != -1:
        if index == 0 or line[index - 1] in " \t":
            return index
        index = line.find("#", index + 1)
    return None


def line_comment_start(line: str) -> int | None:
    """Where a comment starts in one line read on its own (no scanner), or None."""
    quote: str | None = None
    scalar_may_start = True
    index = 0
    while index < len(line):
        char = line[index]
        if quote == '"':
            if char == "\\":
                index += 1
            elif char == '"':
                quote = None
        elif quote == "'":
            if char == "'":
                if line[index + 1 : index + 2] == "'":
                    index += 1
                else:
                    quote = None
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return index
        elif char in "\"'" and scalar_may_start:
            quote = char
        if quote is None and char not in " \t":
            scalar_may_start = char in "[{,"
            if char in ":-?" and line[index + 1 : index + 2] in ("", " ", "\t"):
                scalar_may_start = True
        index += 1
    return None
