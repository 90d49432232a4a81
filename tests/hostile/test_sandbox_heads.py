"""The sandbox's 16 KiB limit on a request head holds however the head arrives: in one
write, in many, or pipelined behind another request (raw sockets, real uvicorn)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from msgtemplate.sandbox import create_app
from msgtemplate.sandbox.server import MAX_HEAD_BYTES
from tests.support.sandbox import CLIENT_ID, CLIENT_PUBLIC, SERVER_KEY, serving, write_pack

pytestmark = pytest.mark.slow  # a real server

WAIT = 60.0


@pytest.fixture
def base(tmp_path: Path) -> Iterator[str]:
    app = create_app(
        [write_pack(tmp_path)],
        {CLIENT_ID: CLIENT_PUBLIC},
        db_path=tmp_path / "inbox.sqlite",
        server_key=SERVER_KEY,
    )
    with serving(app) as url:
        yield url


def _head(base: str, size: int) -> bytes:
    """A GET /healthz head of exactly ``size`` bytes (padded with X-Pad headers)."""
    host = base.removeprefix("http://")
    start = f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n".encode()
    end = b"\r\n"
    pad = size - len(start) - len(end)
    lines = b""
    while pad > 0:
        take = min(pad, 4000)
        line = b"X-Pad: " + b"a" * max(0, take - 9) + b"\r\n"
        lines += line
        pad -= len(line)
    head = start + lines + end
    assert len(head) >= size
    return head


def _status(sock: socket.socket) -> tuple[int, Any]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    line = data.split(b"\r\n", 1)[0].decode("latin-1")
    return int(line.split()[1]), data


def _send(base: str, chunks: list[bytes]) -> int:
    host, port = base.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=WAIT) as sock:
        try:
            for chunk in chunks:
                sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused part-way: the answer is still there to read
        status, _ = _status(sock)
        return status


@pytest.mark.parametrize("size", [17 * 1024, 40 * 1024, 120 * 1024])
def test_a_large_head_in_one_write_is_431(base: str, size: int) -> None:
    assert _send(base, [_head(base, size)]) == 431


def test_a_large_head_in_many_writes_is_431(base: str) -> None:
    head = _head(base, 40 * 1024)
    assert _send(base, [head[i : i + 1000] for i in range(0, len(head), 1000)]) == 431


def test_a_large_head_pipelined_behind_a_small_request_is_431(base: str) -> None:
    small = _head(base, 200)
    host, port = base.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=WAIT) as sock:
        sock.sendall(small + _head(base, 60 * 1024))
        first, data = _status(sock)
        assert first == 200
        rest = data.split(b"\r\n\r\n", 1)[1]
        while b"HTTP/1.1 431" not in rest:
            chunk = sock.recv(65536)
            assert chunk, f"closed without a 431: {rest[:200]!r}"
            rest += chunk


def test_a_head_just_under_the_limit_is_served(base: str) -> None:
    assert _send(base, [_head(base, MAX_HEAD_BYTES - 64)]) == 200
