"""The sender end to end against a real HTTP server on 127.0.0.1, scripted per attempt."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import re
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from msgtemplate.sender import signing
from msgtemplate.sender.client import AsyncMessageClient, ClientError, MessageClient, SendOutcome

CLIENT_ID = "E2E_CLIENT"
TOKEN = "e2e-access-token-0123456789abcdef0123"
URI = "/api/open/v2/miniprogram/message/send"
BODY = {
    "appId": "P000000000000001",
    "accessToken": TOKEN,
    "requestId": "e2e-req-42",
    "templateCode": "TP_E2E",
    "templates": [{"language": "ja-JP", "templateParameters": {"who": "太郎"}}],
}
pytestmark = pytest.mark.slow  # real sockets and a deliberate client timeout

# Every step answers at once except "slow", which holds its answer far longer than the
# client waits. The client's timeout leaves a wide margin for a loaded 2-core CI box
# to answer the other steps; only the tests with a "slow" step ever wait it out.
CLIENT_TIMEOUT = 2.0
SLOW_STEP = 8 * CLIENT_TIMEOUT  # released early at teardown; the client gave up long before

CLIENT_KEY, CLIENT_PUBLIC = signing.generate_key_pair()
PLATFORM_KEY, PLATFORM_PUBLIC = signing.generate_key_pair()

ANSWERS = {
    "S": ("S", "SUCCESS"),
    "U": ("U", "UNKNOWN_EXCEPTION"),
    "F": ("F", "PARAM_ILLEGAL"),
    "TRAFFIC": ("F", "REQUEST_TRAFFIC_EXCEED_LIMIT"),
}


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: bytes


class ScriptedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, steps: list[str]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.steps = steps
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.release = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: ScriptedServer

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with self.server.lock:
            self.server.seen.append(Seen(self.path, dict(self.headers.items()), body))
            index = len(self.server.seen) - 1
        step = self.server.steps[index] if index < len(self.server.steps) else "500"
        if step == "slow":
            self.server.release.wait(SLOW_STEP)
            step = "S"
        try:
            if step == "500":
                self._send(500, b"internal error", {"Content-Type": "text/plain"})
                return
            if step == "404":
                self._send(404, b"no such route", {"Content-Type": "text/plain"})
                return
            status, code = ANSWERS[step]
            payload = json.dumps({"result": {"resultStatus": status, "resultCode": code}})
            raw = payload.encode()
            headers = signing.sign_response("POST", URI, CLIENT_ID, raw, PLATFORM_KEY)
            self._send(200, raw, headers)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped waiting (the "slow" step), as intended

    def _send(self, code: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


Serve = Callable[[list[str]], ScriptedServer]


@pytest.fixture
def serve() -> Iterator[Serve]:
    servers: list[ScriptedServer] = []

    def start(steps: list[str]) -> ScriptedServer:
        server = ScriptedServer(steps)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.release.set()
        server.shutdown()
        server.server_close()


_SIG_RE = re.compile(r"algorithm=RSA256, keyVersion=1, signature=([A-Za-z0-9%]+)")


def check_signature(seen: Seen) -> None:
    """Verify from first principles with cryptography (not with our verify)."""
    match = _SIG_RE.fullmatch(seen.headers["Signature"])
    assert match is not None
    content = (
        f"POST {URI}\n{seen.headers['Client-Id']}.{seen.headers['Request-Time']}.".encode()
        + seen.body
    )
    raw = base64.b64decode(unquote(match.group(1)), validate=True)
    CLIENT_PUBLIC.cryptography_key.verify(raw, content, padding.PKCS1v15(), hashes.SHA256())
    signing.parse_timestamp(seen.headers["Request-Time"])


def client_for(server: ScriptedServer, **kwargs: Any) -> MessageClient:
    options: dict[str, Any] = {
        "timeout": CLIENT_TIMEOUT,
        "retry_backoff": 0.001,
        "platform_public_key": PLATFORM_PUBLIC,
    }
    options.update(kwargs)
    return MessageClient(server.url, CLIENT_ID, CLIENT_KEY, **options)


def secrets_seen(servers_seen: list[Seen]) -> list[str]:
    found = [TOKEN]
    for seen in servers_seen:
        encoded = seen.headers["Signature"].rsplit("signature=", 1)[1]
        found += [encoded, unquote(encoded)]
    found += CLIENT_KEY.to_pem().decode().splitlines()[1:-1]
    return found


def test_unknown_traffic_500_slow_then_success(
    serve: Serve,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    server = serve(["U", "TRAFFIC", "500", "slow", "S"])
    with client_for(server) as client:
        outcome = client.send(BODY)
        shown = repr(client)
    assert (outcome.status, outcome.result_code, outcome.attempts) == ("S", "SUCCESS", 5)
    assert (outcome.verified, outcome.http_status, outcome.request_id) == (True, 200, "e2e-req-42")
    assert len(server.seen) == 5
    assert {s.path for s in server.seen} == {URI}
    assert len({s.body for s in server.seen}) == 1
    assert json.loads(server.seen[0].body) == BODY
    for seen in server.seen:
        check_signature(seen)
    assert len({s.headers["Signature"] for s in server.seen}) == 5

    captured = capsys.readouterr()
    output = "\n".join([caplog.text, captured.out, captured.err, shown, repr(outcome)])
    assert "attempt 5/5" in caplog.text
    for secret in secrets_seen(server.seen):
        assert secret not in output


def test_failure_stops_at_once(serve: Serve) -> None:
    server = serve(["F", "S"])
    with client_for(server) as client:
        outcome = client.send(BODY)
    assert (outcome.status, outcome.result_code, outcome.attempts) == ("F", "PARAM_ILLEGAL", 1)
    assert len(server.seen) == 1


def test_still_unknown_after_every_attempt(serve: Serve) -> None:
    server = serve(["500", "slow", "U"])
    with client_for(server, max_attempts=3) as client:
        outcome = client.send(BODY)
    assert (outcome.status, outcome.attempts) == ("U", 3)
    assert len({s.body for s in server.seen}) == 1


def test_a_platform_with_another_key_is_never_believed(serve: Serve) -> None:
    server = serve(["S", "S"])
    _, stranger = signing.generate_key_pair()
    with client_for(server, max_attempts=2, platform_public_key=stranger) as client:
        outcome = client.send(BODY)
    assert (outcome.status, outcome.verified, outcome.attempts) == ("U", False, 2)


def test_connection_refused_is_unknown_after_all_attempts() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # The port is closed now: every attempt fails to connect.
    with MessageClient(
        f"http://localhost:{port}", CLIENT_ID, CLIENT_KEY, max_attempts=3, retry_backoff=0.001
    ) as client:
        outcome = client.send(BODY)
    assert (outcome.status, outcome.attempts, outcome.http_status) == ("U", 3, None)
    assert TOKEN not in (outcome.result_message or "")
    # Still U (try again later), but nothing was sent, and the outcome says so.
    assert outcome.not_delivered
    assert "no connection to the platform was made" in (outcome.result_message or "")


def test_a_wrong_path_prefix_fails_at_once_without_retrying(serve: Serve) -> None:
    server = serve(["404", "S"])
    with client_for(server, path_prefix="/wrong") as client:
        outcome = client.send(BODY)
    assert (outcome.status, outcome.result_code, outcome.http_status) == ("F", "HTTP_404", 404)
    assert (outcome.attempts, len(server.seen)) == (1, 1)
    assert server.seen[0].path == "/wrong/v2/miniprogram/message/send"
    assert outcome.not_delivered


def test_an_endpoint_with_a_path_is_refused_before_connecting(serve: Serve) -> None:
    server = serve(["S"])
    with pytest.raises(ClientError, match="base URL"):
        MessageClient(server.url + "/api/open", CLIENT_ID, CLIENT_KEY)
    assert server.seen == []


def test_async_client_against_the_real_server(serve: Serve) -> None:
    server = serve(["U", "slow", "S"])

    async def go() -> SendOutcome:
        async with AsyncMessageClient(
            server.url,
            CLIENT_ID,
            CLIENT_KEY,
            timeout=CLIENT_TIMEOUT,
            retry_backoff=0.001,
            platform_public_key=PLATFORM_PUBLIC,
        ) as client:
            return await client.send(BODY)

    outcome = asyncio.run(go())
    assert (outcome.status, outcome.attempts, outcome.verified) == ("S", 3, True)
    assert len({s.body for s in server.seen}) == 1
    for seen in server.seen:
        check_signature(seen)
