"""One attempt's I/O, bounded in total time and in the size of the answer read.

httpx's timeouts bound each network operation, not an exchange: a peer that sends
its headers and then one byte a second keeps a request alive forever. Here an
attempt has a *budget* (a monotonic deadline) that covers connecting, sending and
reading the whole answer:

* sync: the client's transport gets a network backend (:class:`_BoundedBackend`)
  whose every socket operation waits at most what is left of the budget of the
  attempt in progress (a context variable, so threads sharing a client do not mix
  budgets). CPython bounds a whole ``sendall`` and TLS handshake by the socket
  timeout, so nothing outlives the budget by more than one operation's rounding;
* async: the whole attempt runs under :func:`anyio.fail_after`.

Answers are streamed and read up to :data:`msgtemplate.api.spec.MAX_RESPONSE_BYTES`;
a declared or actual length above it stops the read (:class:`AnswerTooLarge`).
"""

from __future__ import annotations

import ssl
import time
import typing
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Final

import httpcore
import httpx

from msgtemplate.api import spec

_BUDGET: ContextVar[float | None] = ContextVar("msgtemplate_attempt_deadline", default=None)
"""The monotonic deadline of the attempt running in this thread or task (None: none)."""

_WRITE_CHUNK: Final = 64 * 1024
"""Writes are split so that each piece is given only what is left of the budget."""


class AnswerTooLarge(Exception):
    """The answer is longer than the cap (declared or read so far)."""

    def __init__(self, cap: int) -> None:
        super().__init__(cap)
        self.cap = cap


class BudgetExhausted(Exception):
    """The attempt's time is up while the answer was still arriving."""


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout`` cut to what is left of the current attempt's budget."""
    deadline = _BUDGET.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the attempt's time is up")
    return left if timeout is None else min(timeout, left)


class _BoundedStream(httpcore.NetworkStream):
    """A network stream whose operations never outlast the attempt's budget."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        view = memoryview(buffer)
        for start in range(0, len(view), _WRITE_CHUNK):
            piece = bytes(view[start : start + _WRITE_CHUNK])
            self._inner.write(piece, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _left(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _BoundedBackend(httpcore.NetworkBackend):
    """httpcore's sync backend, with every stream bounded by the attempt's budget."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _left(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(
            self._inner.connect_tcp(host, port, bounded, local_address, socket_options)
        )

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _left(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(self._inner.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _environment_proxy(url: httpx.URL) -> str | None:
    """The proxy the environment names for ``url`` (``HTTPS_PROXY``, ``NO_PROXY``...)."""
    import urllib.request  # only for a non-loopback endpoint: a few ms of start-up

    proxies = urllib.request.getproxies()
    if urllib.request.proxy_bypass(url.host):
        return None
    return proxies.get(url.scheme) or proxies.get("all")


def bounded_transport(url: httpx.URL, *, trust_env: bool) -> httpx.HTTPTransport:
    """httpx's own transport for ``url``, its sockets bounded by the attempt's budget.

    httpx does not expose httpcore's ``network_backend``; the pool's backend is
    wrapped in place. A future httpx without these attributes fails here, loudly,
    rather than sending without the bound.
    """
    proxy = _environment_proxy(url) if trust_env else None
    transport = httpx.HTTPTransport(proxy=proxy, trust_env=trust_env)
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if not isinstance(backend, httpcore.NetworkBackend):
        raise RuntimeError(
            f"httpx {httpx.__version__} is not supported: its transport has no "
            "network backend to bound each attempt's time with"
        )
    pool._network_backend = _BoundedBackend(backend)  # type: ignore[union-attr]
    return transport


@contextmanager
def budget(seconds: float) -> Iterator[float]:
    """Run one sync attempt within ``seconds``; yields its monotonic deadline."""
    deadline = time.monotonic() + seconds
    token = _BUDGET.set(deadline)
    try:
        yield deadline
    finally:
        _BUDGET.reset(token)


def _declared_too_large(response: httpx.Response, cap: int) -> bool:
    declared = response.headers.get("Content-Length", "")
    return declared.isascii() and declared.isdigit() and int(declared) > cap


def read_answer(
    response: httpx.Response, deadline: float, cap: int = spec.MAX_RESPONSE_BYTES
) -> bytes:
    """The whole (decoded) answer, at most ``cap`` bytes, read before ``deadline``.

    The deadline check between chunks covers transports that bypass the bounded
    backend (an ``httpx.MockTransport`` streaming slowly, say).
    """
    if _declared_too_large(response, cap):
        raise AnswerTooLarge(cap)
    return _collect(response.iter_bytes(), deadline, cap)


async def aread_answer(response: httpx.Response, cap: int = spec.MAX_RESPONSE_BYTES) -> bytes:
    """:func:`read_answer` for the async client (its time bound is the caller's)."""
    if _declared_too_large(response, cap):
        raise AnswerTooLarge(cap)
    content = bytearray()
    chunks: AsyncIterator[bytes] = response.aiter_bytes()
    async for chunk in chunks:
        content += chunk
        if len(content) > cap:
            raise AnswerTooLarge(cap)
    return bytes(content)


def _collect(chunks: Iterable[bytes], deadline: float, cap: int) -> bytes:
    content = bytearray()
    for chunk in chunks:
        content += chunk
        if len(content) > cap:
            raise AnswerTooLarge(cap)
        if time.monotonic() > deadline:
            raise BudgetExhausted
    return bytes(content)
