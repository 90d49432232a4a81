"""Writing to stdout whatever the terminal's encoding: commands never crash on output,
and never send a control character from user text to a terminal (:func:`visible`).
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from msgtemplate._text.charsets import CONTROL
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
    """Pretty JSON on stdout, UTF-8 and not ASCII-escaped, but for control characters:
    json escapes C0 ones itself; DEL and the C1 ones (U+009B is a CSI) become
    ``\\u`` escapes too (they can only be inside strings, so the JSON is the same)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    write_utf8(_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


_C1 = re.compile("[\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with every control character but the line feed and the tab written as
    an escape (ESC as ``\\x1b``, CR as ``\\r``): what a pack, a translation file, a
    parameter or a path holds can never retitle a window, clear a screen or move the
    cursor. The one escaping function of the output layer: :func:`write_text`,
    :func:`write_json` and standard error (see :func:`escaping_stderr`) all use it."""
    if CONTROL.search(text) is None:
        return text
    return CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


class _Escaping:
    """A text stream that writes through :func:`visible`."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def escaping_stderr() -> Any:
    """``sys.stderr`` wrapped so every message (errors quote user text) is visible()."""
    return sys.stderr if isinstance(sys.stderr, _Escaping) else _Escaping(sys.stderr)


def write_text(text: str) -> None:
    """Text for people, in the terminal's encoding, with what it cannot show as
    ``\\uXXXX`` escapes instead of a crash (PYTHONIOENCODING=ascii, a C locale), and
    control characters made :func:`visible`."""
    text = visible(text)
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
