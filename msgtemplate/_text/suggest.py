"""Did-you-mean suggestions for names a user mistyped (keys, fields, codes, options)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def _squash(word: str) -> str:
    return word.lower().replace("_", "").replace("-", "")


def closest(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The choice ``word`` most likely meant, or None.

    Case, ``_`` and ``-`` are ignored first (``redirect_url`` -> ``redirectUrl``), then
    difflib's similarity ratio decides, at ``cutoff`` or above.
    """
    options = list(choices)
    squashed = {_squash(c): c for c in options}
    exact = squashed.get(_squash(word))
    if exact is not None:
        return exact
    close = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """``"; did you mean 'x'?"`` for a close choice, else ``""`` (to end a message)."""
    match = closest(word, choices, cutoff=cutoff)
    return f"; did you mean {match!r}?" if match is not None else ""
