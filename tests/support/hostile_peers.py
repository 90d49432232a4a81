"""Hostile HTTP peers on 127.0.0.1 for the sender's tests: raw sockets, bounded.

Each :class:`HostilePeer` accepts connections in a thread, reads one request and
then misbehaves as its :data:`Behaviour` says (trickles headers or a body, sends an
endless body, redirects...). Every behaviour is bounded in bytes and time, and
watches the connection while it writes: :attr:`HostilePeer.client_left` is set when
the client closes it first, :attr:`HostilePeer.finished` when the peer got to the end
of its script. "The client gave up before the peer was done" is then a fact about
order, not about wall-clock time.
"""

from __future__ import annotations

import select
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

TRICKLE_GAP = 0.2
"""Seconds between trickled bytes: far below any per-read timeout the tests use."""

Behaviour = Callable[["Connection"], None]


class ClientLeft(Exception):
    """The client closed the connection while the peer still had things to say."""


class Connection:
    """One accepted connection, with writes that notice a client that has left."""

    def __init__(self, sock: socket.socket, peer: HostilePeer) -> None:
        self.sock = sock
        self.peer = peer
        self.request = b""

    def read_request(self) -> bytes:
        """Head and body (by Content-Length) of one request."""
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ClientLeft
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ClientLeft
            body += chunk
        self.request = head + b"\r\n\r\n" + body
        return self.request

    def send(self, data: bytes) -> None:
        """Write ``data``; raise :class:`ClientLeft` if the client has closed."""
        readable, _, _ = select.select([self.sock], [], [], 0)
        if readable and not self.sock.recv(1, socket.MSG_PEEK):
            raise ClientLeft
        try:
            self.sock.sendall(data)
        except OSError:
            raise ClientLeft from None

    def pause(self, seconds: float) -> None:
        """Wait, but stop at once (ClientLeft) when the client closes or the test ends."""
        readable, _, _ = select.select([self.sock], [], [], seconds)
        if readable and not self.sock.recv(1, socket.MSG_PEEK):
            raise ClientLeft
        if self.peer.stopping.is_set():
            raise ClientLeft

    def trickle(self, data: bytes, gap: float = TRICKLE_GAP) -> None:
        for byte in data:
            self.send(bytes([byte]))
            self.pause(gap)


class HostilePeer:
    """A loopback server running ``behaviour`` for every connection (in threads)."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.client_left = threading.Event()
        self.finished = threading.Event()
        self.stopping = threading.Event()
        self.connections = 0
        self.bytes_sent = 0
        self.requests: list[bytes] = []
        self._threads: list[threading.Thread] = []
        self._accepter = threading.Thread(target=self._accept, daemon=True)
        self._accepter.start()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        connection = Connection(sock, self)
        try:
            connection.read_request()
            self.requests.append(connection.request)
            self.behaviour(connection)
            self.finished.set()
        except ClientLeft:
            self.client_left.set()
        except OSError:
            self.client_left.set()
        finally:
            sock.close()

    def stop(self) -> None:
        self.stopping.set()
        self.listener.close()
        for thread in self._threads:
            thread.join(timeout=10)


@contextmanager
def hostile_peer(behaviour: Behaviour) -> Iterator[HostilePeer]:
    peer = HostilePeer(behaviour)
    try:
        yield peer
    finally:
        peer.stop()


# ------------------------------------------------------------------- behaviours

RESULT_S = b'{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"ok"}}'
"""An unsigned success: what a hostile peer claims after misbehaving."""


def trickled_body(total: int = 400) -> Behaviour:
    """Headers at once, then a body of ``total`` bytes, one byte every TRICKLE_GAP."""

    def behave(conn: Connection) -> None:
        body = RESULT_S.ljust(total)
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
        conn.send(b"Content-Length: %d\r\n\r\n" % len(body))
        conn.trickle(body)

    return behave


def trickled_headers(total: int = 400) -> Behaviour:
    """A status line, then a header that never ends, one byte every TRICKLE_GAP."""

    def behave(conn: Connection) -> None:
        conn.send(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        conn.trickle(b"x" * total)
        conn.send(b"\r\nContent-Length: %d\r\n\r\n" % len(RESULT_S) + RESULT_S)

    return behave


def endless_body(limit: int = 48 << 20, chunked: bool = False) -> Behaviour:
    """Headers, then ``limit`` bytes of body as fast as the client takes them."""

    def behave(conn: Connection) -> None:
        head = b"Transfer-Encoding: chunked" if chunked else b"Connection: close"
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + head + b"\r\n\r\n")
        piece = b" " * 65536
        frame = b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece
        sent = 0
        while sent < limit:
            conn.send(frame)
            sent += len(piece)
            conn.peer.bytes_sent = sent

    return behave


def declared_huge(size: int = 3 << 30) -> Behaviour:
    """A Content-Length of ``size`` (3 GiB), then a slow trickle of it."""

    def behave(conn: Connection) -> None:
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % size)
        conn.trickle(b" " * 100)

    return behave


def redirect(status: int = 307, location: bytes = b"https://elsewhere.example/") -> Behaviour:
    """A redirect whose body claims success."""

    def behave(conn: Connection) -> None:
        conn.send(
            b"HTTP/1.1 %d Temporary Redirect\r\nLocation: %s\r\n" % (status, location)
            + b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(RESULT_S)
            + RESULT_S
        )

    return behave
