"""Hidden characters: bidirectional controls and invisible (zero-width) characters.

One definition for every user: the linter reports them in files (MT602/MT603) and
:func:`msgtemplate.spec_check.check_request_body` refuses them in request bodies,
which the payload builder and the sandbox share. Keeping the sets here means a body
that lints clean is a body that can be built and sent, and the other way round.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Final, Literal

__all__ = [
    "BIDI_CONTROLS",
    "JOINERS",
    "SUSPECT",
    "ZERO_WIDTH",
    "HiddenKind",
    "classify",
    "describe",
    "hidden",
]

HiddenKind = Literal["bidi", "invisible"]

BIDI_CONTROLS: Final = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
"""Embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069): they reorder
how text is displayed ("Trojan Source", CVE-2021-42574)."""

ZERO_WIDTH: Final = frozenset("\u200b\u2060\ufeff\u180e\u2061\u2062\u2063\u2064")
"""Characters that show nothing and never belong in a message."""

JOINERS: Final = frozenset("\u200c\u200d")
"""ZWNJ and ZWJ: needed between non-ASCII characters (emoji sequences, Persian, the
Indic scripts), suspicious next to ASCII."""

SUSPECT: Final = re.compile("[\u200b-\u200d\u202a-\u202e\u2060-\u2069\ufeff\u180e]")
"""A cheap superset of the above, to skip clean text quickly (then :func:`classify`)."""


def classify(text: str, index: int) -> HiddenKind | None:
    """What ``text[index]`` is: ``bidi``, ``invisible`` or None (harmless)."""
    char = text[index]
    if char in BIDI_CONTROLS:
        return "bidi"
    if char in ZERO_WIDTH:
        return "invisible"
    if char in JOINERS:
        before = text[index - 1] if index > 0 else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if before.isascii() or after.isascii():
            return "invisible"
    return None


def hidden(text: str) -> Iterator[tuple[int, HiddenKind]]:
    """``(index, kind)`` of every hidden character in ``text``, in order."""
    for match in SUSPECT.finditer(text):
        kind = classify(text, match.start())
        if kind is not None:
            yield match.start(), kind


def describe(char: str) -> str:
    """``bidirectional control U+202E RIGHT-TO-LEFT OVERRIDE`` (no value, one line)."""
    name = unicodedata.name(char, "control character")
    kind = "bidirectional control" if char in BIDI_CONTROLS else "invisible character"
    return f"{kind} U+{ord(char):04X} {name}"
