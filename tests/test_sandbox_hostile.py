"""The sandbox against hostile and odd peers: strangers pushing bodies, trickled
heads and bodies, idle and surplus connections, rebinding Host headers, duplicate
signed headers, lone surrogates, clients that leave mid-body.

Real uvicorn with the sandbox's own limits on 127.0.0.1 (``tests.support.sandbox.
serving``) and raw sockets; or httpx's ASGI transport where no socket is needed.
Every wait is bounded; "in time" is checked as an order of events (the answer
came before we sent the body, the connection closed before the trickle ended),
never as a duration.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from msgtemplate.api import spec
from msgtemplate.sandbox import MAX_REQUEST_BYTES, create_app
from msgtemplate.sandbox.app import BODY_TIMEOUT_SECONDS
from msgtemplate.sandbox.server import MAX_CONNECTIONS
from tests.support.sandbox import (
    CLIENT_ID,
    CLIENT_PUBLIC,
    SERVER_KEY,
    URI,
    encode,
    make_body,
    result_of,
    serving,
    signed_headers,
    write_pack,
)

pytestmark = pytest.mark.slow  # real sockets; some waits last the sandbox's timeouts

WAIT = 60.0  # the most any socket read here waits: far beyond every sandbox timeout


@pytest.fixture
def app(tmp_path: Path) -> Any:
    return create_app(
        [write_pack(tmp_path)],
        {CLIENT_ID: CLIENT_PUBLIC},
        db_path=tmp_path / "inbox.sqlite",
        server_key=SERVER_KEY,
    )


@pytest.fixture
def base(app: Any) -> Iterator[str]:
    with serving(app) as url:
        yield url


def _connect(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=WAIT)
    return sock


def _head(base: str, headers: dict[str, str], length: int, path: str = URI) -> bytes:
    host = base.removeprefix("http://")
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}", f"Content-Length: {length}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _answer(sock: socket.socket, data: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    """One whole HTTP answer (status, lower-cased headers, body) read from ``sock``
    (``data``: what was read of it already)."""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"closed before an answer: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, "closed mid-answer"
        body += chunk
    return int(status_line.split()[1]), headers, body


def _closed_by_peer(sock: socket.socket) -> bool:
    """Whether the peer has closed ``sock`` (read until EOF, bounded by WAIT)."""
    try:
        while sock.recv(65536):
            pass
    except (ConnectionResetError, TimeoutError):
        return False
    return True


def _result(body: bytes) -> tuple[str, str, str]:
    result = json.loads(body)["result"]
    return result["resultStatus"], result["resultCode"], result["resultMessage"]


# ----------------------------------------------------- strangers are refused unread


@pytest.mark.parametrize(
    "who",
    ["stranger", "stale-time", "no-signature"],
)
def test_access_is_decided_from_the_headers_before_any_body_is_read(base: str, who: str) -> None:
    raw = encode(make_body("unread-1"))
    headers = signed_headers(raw)
    if who == "stranger":
        headers["Client-Id"] = "SOMEONE_ELSE"
    elif who == "stale-time":
        headers["Request-Time"] = "2020-01-01T00:00:00.000+00:00"
    else:
        del headers["Signature"]
    with _connect(base) as sock:
        # Announce a whole MiB and send none of it: the answer comes anyway.
        sock.sendall(_head(base, headers, MAX_REQUEST_BYTES))
        status, answer_headers, body = _answer(sock)
        assert _closed_by_peer(sock)  # and the connection is closed: no body is awaited
    assert status == 200
    assert answer_headers.get("connection") == "close"
    assert _result(body)[:2] == ("F", spec.ACCESS_DENIED)


def test_access_comes_before_size_as_documented(base: str) -> None:
    raw = encode(make_body("size-1"))
    stranger = dict(signed_headers(raw), **{"Client-Id": "SOMEONE_ELSE"})
    with _connect(base) as sock:
        sock.sendall(_head(base, stranger, 2 * MAX_REQUEST_BYTES))
        assert _result(_answer(sock)[2])[1] == spec.ACCESS_DENIED
    # (A known client announcing as much is refused for its size: the next test.)


def test_a_known_client_announcing_too_much_is_refused_unread(base: str) -> None:
    raw = encode(make_body("size-2"))
    with _connect(base) as sock:
        sock.sendall(_head(base, signed_headers(raw), 2 * MAX_REQUEST_BYTES))
        _status, headers, body = _answer(sock)
        assert _closed_by_peer(sock)
    assert headers.get("connection") == "close"
    code, message = _result(body)[1:]
    assert code == spec.PARAM_ILLEGAL
    assert "larger than 1 MiB" in message


# ----------------------------------------------------------- slow and idle peers


def test_a_body_trickled_byte_by_byte_is_cut_at_the_body_deadline(base: str) -> None:
    raw = encode(make_body("trickle-1"))
    with _connect(base) as sock:
        sock.sendall(_head(base, signed_headers(raw), len(raw)))
        sock.settimeout(0.5)  # a byte per half second: the whole body would take minutes
        first = b""
        for byte in raw:
            sock.sendall(bytes([byte]))
            try:
                first = sock.recv(65536)
            except TimeoutError:
                continue
            break
        assert first, "the sandbox waited for the whole trickled body"
        sock.settimeout(WAIT)
        _status, headers, body = _answer(sock, first)
    assert headers.get("connection") == "close"
    code, message = _result(body)[1:]
    assert code == spec.PARAM_ILLEGAL
    assert f"did not arrive within {BODY_TIMEOUT_SECONDS:g} s" in message


def test_slow_and_idle_connections_are_closed_at_the_head_deadline(base: str) -> None:
    with _connect(base) as idle, _connect(base) as slow:
        slow.settimeout(0.5)
        slow.sendall(b"GET /inbox HTTP/1.1\r\nHost: " + base.removeprefix("http://").encode())
        closed = False
        for _ in range(int(WAIT / 0.5)):  # a header byte every half second, for a minute
            try:
                slow.sendall(b"x")
                if slow.recv(1) == b"":
                    closed = True
                    break
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
        assert closed, "a trickled request head held the connection for a minute"
        idle.settimeout(WAIT)
        assert _closed_by_peer(idle), "an idle connection was never closed"


def test_connections_beyond_the_limit_get_503_and_the_limit_frees_up(base: str) -> None:
    with ExitStack() as stack:
        held = [stack.enter_context(_connect(base)) for _ in range(MAX_CONNECTIONS)]
        # Make sure the server has accepted them all before asking for more.
        for sock in held:
            sock.sendall(b"")
        time.sleep(0.5)
        response = httpx.get(base + "/healthz", timeout=WAIT, trust_env=False)
        assert response.status_code == 503
    assert _get_ok(base), "the sandbox did not serve again once the crowd left"


def _get_ok(base: str) -> bool:
    for _ in range(100):
        response = httpx.get(base + "/healthz", timeout=WAIT, trust_env=False)
        if response.status_code == 200:
            return True
        time.sleep(0.1)
    return False


# ------------------------------------------------------------------ odd requests


def _asgi(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1")


def test_a_lone_surrogate_in_a_signed_body_is_param_illegal_not_500(app: Any) -> None:
    body = make_body("surrogate-1")
    text = json.dumps(body, ensure_ascii=True).replace("DHL Express", "DHL \\ud800 Express")
    raw = text.encode()
    keyed = json.dumps(body).replace('"carrier"', '"carr\\udfffier"').encode()

    async def go() -> list[httpx.Response]:
        async with _asgi(app) as http:
            return [
                await http.post(URI, content=data, headers=signed_headers(data))
                for data in (raw, keyed)
            ]

    value, key = asyncio.run(go())
    assert value.status_code == 200
    status, code, message = result_of(value)
    assert (status, code) == ("F", spec.PARAM_ILLEGAL)
    assert "templates[0].templateParameters.carrier holds a lone surrogate" in message
    assert result_of(key)[:2] == ("F", spec.PARAM_ILLEGAL)
    assert "lone surrogate" in result_of(key)[2]


@pytest.mark.parametrize("name", ["Client-Id", "Request-Time", "Signature"])
def test_a_repeated_signed_header_is_refused(app: Any, name: str) -> None:
    raw = encode(make_body("twice-1"))
    good = signed_headers(raw)
    # The last value is the good one: an HTTP stack that keeps the last would accept.
    repeated = {"Client-Id": "SOMEONE_ELSE", "Request-Time": "2020-01-01T00:00:00Z"}
    first = repeated.get(name, "algorithm=RSA256, signature=AAAA")
    headers = [(name, first), *list(good.items())]

    async def go() -> httpx.Response:
        async with _asgi(app) as http:
            return await http.post(URI, content=raw, headers=headers)

    status, code, message = result_of(asyncio.run(go()))
    assert (status, code) == ("F", spec.ACCESS_DENIED)
    assert f"the {name} header appears 2 times" in message


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("{addr}", True),
        ("localhost:{port}", True),
        ("LOCALHOST:{port}", True),
        ("attacker.example:{port}", False),  # a DNS name rebound to 127.0.0.1
        ("attacker.example", False),
        ("127.0.0.1:1", False),
        ("", False),
        ("[::1", False),
    ],
)
def test_the_host_header_must_name_this_server(base: str, host: str, allowed: bool) -> None:
    addr = base.removeprefix("http://")
    value = host.format(addr=addr, port=addr.rsplit(":", 1)[1])
    with _connect(base) as sock:
        sock.sendall(f"GET /inbox HTTP/1.1\r\nHost: {value}\r\n\r\n".encode())
        status, _, body = _answer(sock)
    if allowed:
        assert status == 200
        assert json.loads(body) == []
    else:
        assert status == 421
        assert b"only to the address it listens on" in body


def test_a_client_leaving_mid_body_is_one_log_line(
    base: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    raw = encode(make_body("leaver-1"))
    with _connect(base) as sock:
        sock.sendall(_head(base, signed_headers(raw), len(raw)) + raw[:40])
        time.sleep(0.3)  # let the sandbox start reading the body
    # Then the sandbox still serves: the leaver cost nothing but a line.
    assert _get_ok(base)
    for _ in range(50):
        if any("disconnected" in r.getMessage() for r in caplog.records):
            break
        time.sleep(0.1)
    lines = [r for r in caplog.records if "disconnected" in r.getMessage()]
    assert len(lines) == 1
    assert lines[0].name == "msgtemplate.sandbox"
    assert "before sending its whole request body" in lines[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "Traceback" not in caplog.text
