"""What changed between two renderings of a text, as marked segments.

Words are compared whole in scripts that separate them with spaces; Chinese,
Japanese and Korean characters one by one (they have no spaces between words), so a
changed character is marked alone rather than the whole sentence.
"""

from __future__ import annotations

import difflib
import re
from typing import Final, Literal

Op = Literal["=", "-", "+"]
Segment = tuple[Op, str]

# A run of word characters outside the CJK blocks, a run of spaces, or one character.
_TOKEN: Final = re.compile(
    r"[^\W\u2e80-\u2fff\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+|\s+|.",
    re.DOTALL,
)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff(old: str, new: str) -> list[Segment]:
    """Segments that spell ``old`` (``=`` and ``-``) and ``new`` (``=`` and ``+``)."""
    a, b = tokens(old), tokens(new)
    out: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _add(out, "=", "".join(a[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            _add(out, "-", "".join(a[i1:i2]))
        if tag in ("insert", "replace"):
            _add(out, "+", "".join(b[j1:j2]))
    return out


def _add(out: list[Segment], op: Op, text: str) -> None:
    if not text:
        return
    if out and out[-1][0] == op:
        out[-1] = (op, out[-1][1] + text)
    else:
        out.append((op, text))


def old_side(segments: list[Segment]) -> list[Segment]:
    return [s for s in segments if s[0] != "+"]


def new_side(segments: list[Segment]) -> list[Segment]:
    return [s for s in segments if s[0] != "-"]
