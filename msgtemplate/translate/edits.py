"""Text edits: replace exact character ranges of a file, leave every other byte alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from msgtemplate.document.source import MappingNode, Node, ScalarNode, SequenceNode


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (``start == end``: insert)."""

    start: int
    end: int
    replacement: str
    order: int = field(default=0, compare=False)
    """Among insertions at one point, lower goes first."""


@dataclass(frozen=True, slots=True)
class NewMapping:
    """A mapping value to insert (a new variant, a ``sourceHash``), keys in order.

    ``compact`` asks for one line (``{title: 1a2b3c4d, body: 5e6f7a8b}``) even in
    block context; otherwise the file's own style for that mapping is followed.
    """

    items: tuple[tuple[str, NewValue], ...]
    compact: bool = False


NewValue = str | NewMapping


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with every edit applied; edits must not overlap (insertions may share
    a point)."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end, e.order))
    out: list[str] = []
    pos = 0
    for edit in ordered:
        if edit.start < pos or edit.end < edit.start:
            raise ValueError(f"overlapping edits at {edit.start}")
        out.append(text[pos : edit.start])
        out.append(edit.replacement)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


def newline_of(text: str) -> str:
    """The file's line break: ``\\r\\n`` when its first line ends so, else ``\\n``."""
    index = text.find("\n")
    return "\r\n" if index > 0 and text[index - 1] == "\r" else "\n"


def span(node: Node) -> tuple[int, int]:
    """Where ``node`` is written in its document's text: ``(start, end)`` offsets."""
    if isinstance(node, (ScalarNode, MappingNode, SequenceNode)):
        return node.start, node.end
    raise TypeError(f"not a document node: {node!r}")
