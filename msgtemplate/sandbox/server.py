"""Serving the sandbox with uvicorn, with limits a hostile peer cannot wear down.

* at most :data:`MAX_CONNECTIONS` connections and requests at once (uvicorn's
  ``limit_concurrency``: beyond it a request is answered 503 and its connection
  closed, so a sender retries);
* a request head (request line and headers) must arrive whole within
  :data:`HEAD_TIMEOUT_SECONDS` of the connection opening or of the previous answer,
  and be at most :data:`MAX_HEAD_BYTES` in total however it arrives (in one write or
  many: h11's own limit only counts an incomplete head, so a whole 120 KB head in one
  read would pass it), else HTTP 431 and the connection closed; uvicorn's own
  keep-alive timer restarts on
  every byte, so a peer trickling its headers one byte at a time would otherwise
  hold a connection (and a slot) forever;
* an idle kept-alive connection is closed after :data:`KEEP_ALIVE_SECONDS`;
* the body has its own deadline in the app (:data:`.app.BODY_TIMEOUT_SECONDS`).
"""

from __future__ import annotations

import asyncio
import logging
import socket
from typing import Any, Final

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_CONNECTIONS: Final = 64
"""Connections (and requests) served at once; a local test server needs far fewer."""
HEAD_TIMEOUT_SECONDS: Final = 10.0
"""A request line and its headers must arrive whole within this many seconds."""
MAX_HEAD_BYTES: Final = 16 * 1024
"""The longest request head (line and headers) accepted; longer is HTTP 431."""

_TOO_LARGE_BODY: Final = b"request head over 16 KiB\n"
_TOO_LARGE: Final = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
    b"content-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\n"
    b"content-length: " + str(len(_TOO_LARGE_BODY)).encode() + b"\r\n\r\n" + _TOO_LARGE_BODY
)
KEEP_ALIVE_SECONDS: Final = 5
"""An idle connection between requests is closed after this many seconds."""

logger = logging.getLogger("msgtemplate.sandbox")


class GuardedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline on every request head."""

    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE and self._head_too_large(data):
            self._refuse_large_head()
            return
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # a whole head has arrived
            self._stop_waiting()

    def on_response_complete(self) -> None:
        if self._head_too_large(b""):  # a pipelined next head, already buffered
            self._refuse_large_head()
            return
        super().on_response_complete()
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _head_too_large(self, data: bytes) -> bool:
        """Whether the request head being read, with ``data``, is over the limit: the
        bytes up to the blank line that ends it, or all of them while it has not come."""
        buffered = self.conn.trailing_data[0]  # what h11 holds of this head so far
        if len(buffered) + len(data) <= MAX_HEAD_BYTES:
            return False
        pending = buffered + data[: MAX_HEAD_BYTES + 4]
        end = pending.find(b"\r\n\r\n")
        if end == -1:
            end = pending.find(b"\n\n")
        return end == -1 or end > MAX_HEAD_BYTES

    def _refuse_large_head(self) -> None:
        who = "%s:%d" % self.client if self.client else "a client"  # noqa: UP031
        logger.info("%s: request head over %d bytes; 431, closed", who, MAX_HEAD_BYTES)
        self._stop_waiting()
        self.transport.write(_TOO_LARGE)
        self.transport.close()

    def _await_head(self) -> None:
        self._stop_waiting()
        self._head_timer = self.loop.call_later(HEAD_TIMEOUT_SECONDS, self._head_too_slow)

    def _stop_waiting(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            who = "%s:%d" % self.client if self.client else "a client"  # noqa: UP031
            logger.info(
                "%s: no complete request head within %g s; closed", who, HEAD_TIMEOUT_SECONDS
            )
            self.transport.close()


def config(app: Any, *, quiet: bool, **options: Any) -> uvicorn.Config:
    """A uvicorn configuration with the sandbox's limits (``options`` pass through)."""
    return uvicorn.Config(
        app,
        http=GuardedH11Protocol,
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        h11_max_incomplete_event_size=MAX_HEAD_BYTES,
        log_level="warning" if quiet else "info",
        access_log=not quiet,
        lifespan="on",
        **options,
    )


def bind(host: str, port: int, *, listen: bool = True) -> socket.socket:
    """A bound socket, listening unless ``listen=False``; bound before the banner so
    the printed port is real and connections made right after it wait in the backlog
    instead of failing. The sandbox binds early (a taken port fails before any file
    is made) and calls :func:`start_listening` once everything a client reads (the
    platform key) is written: a script that waits for the port never races it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        if listen:
            start_listening(sock)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def start_listening(sock: socket.socket) -> None:
    """Accept connections on a socket :func:`bind` left silent."""
    sock.listen(128)
