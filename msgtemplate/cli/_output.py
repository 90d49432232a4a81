"""Writing to stdout whatever the terminal's encoding: commands never crash on output."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from msgtemplate._text.excerpt import display_width


def write_utf8(text: str) -> None:
    """Machine-readable output (JSON, SARIF): UTF-8 bytes whatever the locale says."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def write_json(data: Any) -> None:
    """Pretty JSON on stdout, UTF-8 and not ASCII-escaped."""
    write_utf8(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_text(text: str) -> None:
    """Text for people, in the terminal's encoding, with what it cannot show as
    ``\\uXXXX`` escapes instead of a crash (PYTHONIOENCODING=ascii, a C locale)."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        text = text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:  # an encoding Python does not know: leave it to the stream
        pass
    sys.stdout.write(text)


# C0/C1 controls, bidi controls and line/paragraph separators: what could move the
# cursor, recolour the terminal or reorder a line if a pack's text were printed raw.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """``text`` safe to print inside a line: controls and line breaks as escapes."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` display columns."""
    return text + " " * max(0, width - display_width(text))
