"""Character classes: hidden characters, and what a terminal must not be sent raw.

Hidden characters are bidirectional controls and invisible (zero-width) characters.
One definition for every user: the linter reports them in files (MT602/MT603) and
:func:`msgtemplate.api.checks.check_request_body` refuses them in request bodies,
which the payload builder and the sandbox share. Keeping the sets here means a body
that lints clean is a body that can be built and sent, and the other way round.

:data:`UNSHOWABLE` adds the controls that must not reach a terminal inside a quoted
source line (:func:`showable` replaces them all).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Final, Literal

__all__ = [
    "BIDI_CONTROLS",
    "CONTROL",
    "DIRECTION_MARKS",
    "JOINERS",
    "SUSPECT",
    "UNSHOWABLE",
    "ZERO_WIDTH",
    "HiddenKind",
    "classify",
    "controls",
    "describe",
    "describe_control",
    "hidden",
    "showable",
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

DIRECTION_MARKS: Final = frozenset("\u200e\u200f\u061c")
"""LEFT-TO-RIGHT, RIGHT-TO-LEFT and ARABIC LETTER MARK: invisible, and they move the
neutral characters around them."""

UNSHOWABLE: Final = (
    frozenset(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) != "\t")
    | DIRECTION_MARKS
    | BIDI_CONTROLS
    | JOINERS
    | ZERO_WIDTH
    | {"\u2065"}  # unassigned, in the middle of the invisible operators
)
"""Characters a quoted source line must not carry to a terminal: C0 controls (a tab
excepted), DEL and C1 controls, which can move the cursor, clear the screen or start
an escape sequence (U+009B is a CSI), and every bidi or invisible character, which
could make a shown line read differently from the file ("Trojan Source")."""

_UNSHOWABLE_TABLE: Final = dict.fromkeys(map(ord, UNSHOWABLE), "\N{REPLACEMENT CHARACTER}")


def showable(line: str) -> str:
    """``line`` with every :data:`UNSHOWABLE` character replaced by U+FFFD, so that
    it keeps its length and columns but cannot reorder or rewrite itself."""
    return line.translate(_UNSHOWABLE_TABLE)


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


CONTROL: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls but the tab and the line feed, DEL, and C1 controls: what a message must
not hold. They ring bells, move the cursor, retitle windows and clear screens
(``ESC ] 0 ;``, ``ESC [ 2 J``; U+009B is a one-character CSI), and the API's apps
show them as garbage. A body may hold line breaks (``\\n``) and tabs; a carriage
return is refused too (it rewrites the line it is in)."""

_CONTROL_NAMES: Final = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BACKSPACE",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x9B: "CONTROL SEQUENCE INTRODUCER",
}


def controls(text: str) -> Iterator[int]:
    """The index of every :data:`CONTROL` character in ``text``."""
    for match in CONTROL.finditer(text):
        yield match.start()


def describe_control(char: str) -> str:
    """``control character U+001B ESCAPE`` (one line, the character never shown)."""
    name = _CONTROL_NAMES.get(ord(char))
    return f"control character U+{ord(char):04X}" + (f" {name}" if name else "")
