"""Inline suppression in YAML packs, as in ruff: ``# noqa: MT404`` at the end of a line.

A finding is dropped when the line it points at carries a ``# noqa`` comment naming
its code (``# noqa: MT404, MT601``), or a bare ``# noqa`` (every code on that line).
JSON has no comments, so JSON files cannot suppress findings inline; use
``--ignore`` or ``[tool.msgtemplate.lint]`` instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from msgtemplate.lint.findings import Finding

# A YAML comment starts at '#' preceded by whitespace (or at the start of a line).
_NOQA = re.compile(
    r"(?:^|\s)#\s*noqa(?P<colon>:\s*(?P<codes>[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*))?",
    re.IGNORECASE,
)


def line_suppressions(line: str) -> frozenset[str] | None:
    """Codes a line suppresses; an empty set means all of them; None means no noqa."""
    match = _NOQA.search(line)
    if match is None:
        return None
    codes = match.group("codes")
    if not codes:
        return frozenset()
    return frozenset(code.strip().upper() for code in codes.split(","))


def without_suppressed(findings: Sequence[Finding], lines: Sequence[str]) -> list[Finding]:
    """``findings`` minus those silenced by a ``# noqa`` on their line."""
    kept = []
    for finding in findings:
        line = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
        codes = line_suppressions(line) if "noqa" in line.lower() else None
        if codes is None or (codes and finding.code not in codes):
            kept.append(finding)
    return kept
