"""The library's typed errors.

Every error a user can cause is a :class:`MsgTemplateError`. Errors that come from a
file or a template carry a position (path, 1-based line and column) so callers can
point at it; the library never prints or exits, the CLI does.
"""

from __future__ import annotations


class MsgTemplateError(Exception):
    """Base class of every error msgtemplate raises on bad input."""


class SourceError(MsgTemplateError):
    """An error at a place in a file or a text: ``path:line:col: message``."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    @property
    def location(self) -> str:
        """``path:line:col`` with whichever parts are known (may be empty)."""
        parts = [self.path or ""]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts) if any(parts) else ""

    def __str__(self) -> str:
        where = self.location
        return f"{where}: {self.message}" if where else self.message


class SigningError(MsgTemplateError):
    """A key, signature header or timestamp could not be used. Never shows secrets."""
