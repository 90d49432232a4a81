"""Inline suppression in YAML packs, as in ruff: ``# noqa: MT404`` at the end of a line.

A finding is dropped when the line it points at carries a ``# noqa`` comment naming
its code (``# noqa: MT404, MT601``), or a bare ``# noqa`` (every code on that line
except the security rules in :data:`NAMED_ONLY`, which must be named). A value that
spans lines (a block scalar, a quoted string over several lines) cannot hold a
comment inside it: findings there are silenced from its first or last line.

Only a real YAML comment counts: ``body: "50% # noqa"`` is a value, not a comment
(:mod:`msgtemplate.lint.comments` finds where comments start). JSON has no comments,
so JSON files cannot suppress findings inline; use ``--ignore`` or
``[tool.msgtemplate.lint]`` instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from msgtemplate.lint.comments import line_comment_start, scan_comments
from msgtemplate.lint.findings import Finding

NAMED_ONLY: Final = frozenset({"MT602"})
"""Codes a bare ``# noqa`` does not silence: a bidi control reorders what reviewers
see, possibly the ``# noqa`` itself, so silencing one must be explicit."""

# Within a comment: a '#' at its start or after whitespace, so a reason may come first.
_NOQA = re.compile(
    r"(?<!\S)#\s*noqa(?P<colon>:\s*(?P<codes>[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*))?",
    re.IGNORECASE,
)


def line_suppressions(line: str, comment_at: int | None = -1) -> frozenset[str] | None:
    """Codes a line suppresses; an empty set means all of them; None means no noqa.

    ``comment_at`` is where the line's comment starts (None: it has none); by default
    the line is read on its own to find it.
    """
    if comment_at == -1:
        comment_at = line_comment_start(line)
    if comment_at is None:
        return None
    match = _NOQA.search(line, comment_at)
    if match is None:
        return None
    codes = match.group("codes")
    if not codes:
        return frozenset()
    return frozenset(code.strip().upper() for code in codes.split(","))


def without_suppressed(findings: Sequence[Finding], lines: Sequence[str]) -> list[Finding]:
    """``findings`` minus those silenced by a ``# noqa`` comment on their line."""

    text = "\n".join(lines)
    if not findings or "noqa" not in text.lower():
        return list(findings)
    comments = scan_comments(text)
    kept = []
    for finding in findings:
        for number in comments.for_line(finding.line):
            line = lines[number - 1] if 0 < number <= len(lines) else ""
            codes = line_suppressions(line, comments.starts.get(number))
            if codes is not None and _silences(codes, finding.code):
                break
        else:
            kept.append(finding)
    return kept


def _silences(codes: frozenset[str], code: str) -> bool:
    if not codes:
        return code not in NAMED_ONLY
    return code in codes
