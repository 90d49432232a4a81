"""What the sandbox refuses at the door, as one ASGI middleware (:class:`Guard`).

* **The Host header must name this server.** A web page on another site can make
  a browser send requests to ``127.0.0.1:8977`` by rebinding its own DNS name to
  that address (DNS rebinding); the browser then reads ``/inbox`` as that site.
  Such requests carry the other site's name in ``Host``, so only the address the
  connection came in on is accepted (and ``localhost`` on a loopback address), with
  the right port: anything else is HTTP 421, whatever the path.
* **A connection whose request body was not read is closed** after the answer.
  Otherwise a peer refused from its headers alone (a stranger's ``Client-Id``)
  could keep pushing its body, byte by byte, into a connection kept alive for it.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_CLOSE: Final = (b"connection", b"close")
_LOOPBACK_NAMES: Final = frozenset({"localhost", "localhost."})


def _split_host(value: str) -> tuple[str, int | None] | None:
    """``(host, port)`` from a Host header (``[::1]:80``, ``a.b``, ``1.2.3.4:5``)."""
    if value.startswith("["):
        host, sep, rest = value[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            return None
        port_text = rest[1:]
    else:
        host, _, port_text = value.partition(":")
    if not port_text:
        return host.lower(), None
    if not port_text.isascii() or not port_text.isdigit():
        return None
    return host.lower(), int(port_text)


def _same_address(name: str, address: str) -> bool:
    try:
        return ipaddress.ip_address(name) == ipaddress.ip_address(address)
    except ValueError:
        return name == address.lower()


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return address.lower() in _LOOPBACK_NAMES


def host_allowed(host_header: str | None, server: tuple[str, int | None] | None) -> bool:
    """Whether ``Host`` names ``server`` (the address and port the request came in on)."""
    if server is None:  # a server that does not say (a Unix socket...): nothing to check
        return True
    if not host_header:
        return False
    parsed = _split_host(host_header.strip())
    if parsed is None:
        return False
    name, port = parsed
    address, server_port = server
    if (port or 80) != (server_port or 80):  # ASGI servers may leave the default port out
        return False
    return _same_address(name, address) or (name in _LOOPBACK_NAMES and _is_loopback(address))


class Guard:
    """ASGI middleware: check ``Host``; close connections whose body went unread."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        host = headers.get(b"host", b"").decode("latin-1") or None
        server = scope.get("server")
        if not host_allowed(host, tuple(server) if server else None):
            await _misdirected(send)
            return
        unread = [headers.get(b"content-length", b"0") != b"0" or b"transfer-encoding" in headers]

        async def watched_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request" and not message.get("more_body", False):
                unread[0] = False
            return message

        async def closing_send(message: Message) -> None:
            if message["type"] == "http.response.start" and unread[0]:
                message = {**message, "headers": [*message.get("headers", []), _CLOSE]}
            await send(message)

        await self.app(scope, watched_receive, closing_send)


async def _misdirected(send: Any) -> None:
    body = b"this sandbox answers only to the address it listens on (see its banner)\n"
    await send(
        {
            "type": "http.response.start",
            "status": 421,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                _CLOSE,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
