"""What the linter reports: rules (stable code, name, severity, docs) and findings."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, slots=True)
class Rule:
    """A check with a stable ``code`` (``MT303``) and kebab ``name``.

    ``summary`` is one line; ``rationale`` says why the rule exists; ``example`` is a
    short snippet that triggers it. docs/lint-rules.md is made from these. Every rule
    is a row of :data:`msgtemplate.lint.registry.RULES`.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    example: str
    family: str = ""
    """The module of :mod:`msgtemplate.lint` whose checks report it."""


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem at a place in a file (1-based line and column, in characters)."""

    path: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message: str
    end_line: int | None = None
    end_column: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "path": display_path(self.path),
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
        }


def display_path(path: str) -> str:
    """``path`` as reports show it: bytes that are not UTF-8 (kept by the OS as lone
    surrogates in ``str``) as ``\\xff`` escapes, control characters escaped too, so a
    file name can neither break an encoder nor a report line."""
    if path.isprintable():
        return path
    raw = os.fsencode(path).decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in raw)
