"""The command line's exit codes, defined once; every command returns one of these.

Documented in docs/cli.md and the README; scripts and CI rely on them.
"""

from __future__ import annotations

from typing import Final

EXIT_OK: Final = 0
"""Success, nothing to report."""
EXIT_FAILED: Final = 1
"""The command worked and the answer is no: findings at or above the fail level
(lint), the platform refused the message (send: ``F``), a translation was refused
(import; the pack is unchanged), a checked file is out of date (schema --check)."""
EXIT_USAGE: Final = 2
"""Usage errors and bad input (unreadable file, bad template, bad parameter...)."""
EXIT_UNKNOWN: Final = 75
"""The outcome is unknown after every attempt (send: ``U``; EX_TEMPFAIL: try again later)."""
EXIT_INTERRUPTED: Final = 130
"""Interrupted (Ctrl-C)."""
