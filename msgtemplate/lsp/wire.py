"""The wire under the language server: bounded framing, and bad requests answered.

pygls reads a ``Content-Length`` and then allocates that many bytes, and reads
header lines of any length: ``Content-Length: 1000000000000000`` ended the server
with a MemoryError, and 50 MB without a line break grew it by 93 MB.
:class:`BoundedInput` sits between stdin and pygls: a header line is at most
:data:`MAX_HEADER_LINE` bytes (the rest of a longer one is read and dropped, in
bounded pieces), and a ``Content-Length`` over :data:`MAX_MESSAGE_BYTES` is dropped
before anything is allocated: the message's bytes are then read as header lines
and ignored, so the server resynchronises on the next well-framed message.

:class:`Protocol` answers a request whose parameters do not fit the LSP types (a
position at line -1 or 2^31) with a JSON-RPC ``InvalidParams`` error instead of no
answer and a traceback; such a notification is dropped with one log line.
"""

from __future__ import annotations

import logging
import re
from typing import Any, BinaryIO, Final

import attrs
from lsprotocol.types import ResponseError
from pygls.protocol import LanguageServerProtocol

MAX_MESSAGE_BYTES: Final = 64 * 1024 * 1024
"""The largest message read: a pack is at most 16 MiB, and a real pack's text stays
well inside this once JSON-escaped (a pack of control characters, each escaped as
``\\u0000``, is refused here rather than at the pack's cap)."""

MAX_HEADER_LINE: Final = 8 * 1024
"""The longest header line kept (``Content-Length: 12345`` is 22 bytes)."""

_INVALID_PARAMS: Final = -32602
_CONTENT_LENGTH = re.compile(rb"Content-Length:\s*([0-9]+)\s*", re.IGNORECASE)
_DROPPED: Final = b"X-Msgtemplate-Dropped: 1\r\n"
_log = logging.getLogger("msgtemplate.lsp")


class BoundedInput:
    """A binary stream for pygls's reader: ``readline`` and ``read`` with bounds."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def readline(self) -> bytes:
        line = self._stream.readline(MAX_HEADER_LINE)
        if len(line) == MAX_HEADER_LINE and not line.endswith(b"\n"):
            # Drop the rest of an over-long line, a bounded piece at a time.
            while True:
                rest = self._stream.readline(MAX_HEADER_LINE)
                if not rest or rest.endswith(b"\n"):
                    break
            _log.warning("dropped a header line over %d bytes", MAX_HEADER_LINE)
            return _DROPPED
        match = _CONTENT_LENGTH.fullmatch(line)
        if match is not None and int(match.group(1)) > MAX_MESSAGE_BYTES:
            _log.warning(
                "dropped a message of %s bytes (more than %d); its bytes are skipped",
                match.group(1).decode("ascii")[:30],
                MAX_MESSAGE_BYTES,
            )
            return _DROPPED
        return line

    def read(self, size: int = -1) -> bytes:
        if size < 0 or size > MAX_MESSAGE_BYTES:  # never, after readline; be total
            return b""
        return self._stream.read(size)


@attrs.define
class _Answered:
    """What :meth:`Protocol.structure_message` gives for a message it has answered."""

    jsonrpc: str = "answered"


class Protocol(LanguageServerProtocol):
    """pygls's protocol, answering requests with invalid parameters."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        if "jsonrpc" not in data or "method" not in data or "error" in data:
            return super().structure_message(data)
        method = data["method"]
        message_type = self.get_message_type(method) if isinstance(method, str) else None
        if message_type is None:
            return super().structure_message(data)
        try:
            return self._converter.structure(data, message_type)
        except Exception as exc:
            reason = _reason(exc)
            msg_id = data.get("id")
            if isinstance(msg_id, (int, str)) and not isinstance(msg_id, bool):
                self._send_response(
                    msg_id,
                    error=ResponseError(
                        code=_INVALID_PARAMS, message=f"invalid params for {method}: {reason}"
                    ),
                )
            else:
                _log.warning("dropped a %s notification: invalid params (%s)", method, reason)
            return _Answered()

    def handle_message(self, message: Any) -> None:
        if isinstance(message, _Answered):
            return
        super().handle_message(message)


def _reason(exc: BaseException) -> str:
    """The innermost validation message, on one line, short."""
    while True:
        inner = getattr(exc, "exceptions", None)
        if not inner:
            break
        exc = inner[0]
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]
