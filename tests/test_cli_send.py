"""``msgtemplate send`` against a real HTTP server on 127.0.0.1 that checks every signature."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from msgtemplate.cli import main
from msgtemplate.pack import load_pack
from msgtemplate.pack.request import build_request
from msgtemplate.sender import signing
from tests.support.hostile_peers import hostile_peer, redirect, trickled_body
from tests.support.packs import TOKEN

CLIENT_ID = "CLI_TEST_CLIENT"
PASSWORD = "correct horse battery staple"
URI = "/api/open/v2/miniprogram/message/send"
PROGRAM = (sys.executable, "-m", "msgtemplate")


ANSWERS = {
    "S": ("S", "SUCCESS", "success"),
    "F": ("F", "PARAM_ILLEGAL", "templateCode is not on the portal"),
    "U": ("U", "UNKNOWN_EXCEPTION", "try again"),
}


# ------------------------------------------------------------------ the platform


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: bytes
    verified: bool


class Platform(ThreadingHTTPServer):
    """Answers each request with the next scripted step; the last step repeats.

    Steps: ``S``, ``F``, ``U`` (a JSON result), ``500`` (a bare server error),
    ``404`` (a bare "no such route"), ``HANG`` (no answer until the test ends).
    With ``platform_key`` the responses are signed like the real platform's.
    """

    daemon_threads = True

    def __init__(
        self,
        steps: list[str],
        client_public: signing.PublicKey,
        platform_key: signing.PrivateKey | None = None,
    ) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.steps = steps
        self.client_public = client_public
        self.platform_key = platform_key
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.release = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def signatures(self) -> list[str]:
        """The signatures the client sent (decoded base64 and as on the wire)."""
        out: list[str] = []
        for seen in self.seen:
            value = seen.headers.get("Signature", "")
            out.append(value.rsplit("signature=", 1)[-1])
            out.append(unquote(out[-1]))
        return out


class _Handler(BaseHTTPRequestHandler):
    server: Platform

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = dict(self.headers.items())
        verified = signing.verify_signed(
            "POST", self.path, headers, body, self.server.client_public
        )
        with self.server.lock:
            self.server.seen.append(Seen(self.path, headers, body, verified))
            index = min(len(self.server.seen), len(self.server.steps)) - 1
            step = self.server.steps[index]
        if step == "HANG":  # never answers in time: the sender gives up or is stopped
            self.server.release.wait(30)
            return
        if step in ("500", "404"):
            self._answer(int(step), b"oops", {"Content-Type": "text/plain"})
            return
        status, code, message = ANSWERS[step]
        if not verified:  # what the real platform says about a bad signature
            status, code, message = "F", "ACCESS_DENIED", "signature verification failed"
        payload = json.dumps(
            {"result": {"resultStatus": status, "resultCode": code, "resultMessage": message}}
        ).encode()
        extra: dict[str, str] = {}
        if self.server.platform_key is not None:
            extra = signing.sign_response(
                "POST",
                self.path,
                headers.get("Client-Id", ""),
                payload,
                self.server.platform_key,
            )
        self._answer(200, payload, extra)

    def _answer(self, code: int, payload: bytes, headers: dict[str, str]) -> None:
        self.send_response(code)
        headers.setdefault("Content-Type", "application/json; charset=UTF-8")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


# --------------------------------------------------------------------- fixtures


@dataclass(frozen=True)
class Keys:
    private_pem: Path
    encrypted_pem: Path
    public: signing.PublicKey
    platform_key: signing.PrivateKey
    platform_public_pem: Path
    other_public_pem: Path


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    folder = tmp_path_factory.mktemp("keys")
    private, public = signing.generate_key_pair()
    platform, platform_public = signing.generate_key_pair()
    _, other_public = signing.generate_key_pair()
    paths = {
        "client.pem": private.to_pem(),
        "client-encrypted.pem": private.to_pem(PASSWORD),
        "platform-public.pem": platform_public.to_pem(),
        "other-public.pem": other_public.to_pem(),
    }
    for name, data in paths.items():
        (folder / name).write_bytes(data)
    return Keys(
        folder / "client.pem",
        folder / "client-encrypted.pem",
        public,
        platform,
        folder / "platform-public.pem",
        folder / "other-public.pem",
    )


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # The user's own credentials must not leak into (or satisfy) these tests.
    for name in (
        "MSGTEMPLATE_ENDPOINT",
        "MSGTEMPLATE_CLIENT_ID",
        "MSGTEMPLATE_PRIVATE_KEY",
        "MSGTEMPLATE_PRIVATE_KEY_PASSWORD",
    ):
        monkeypatch.delenv(name, raising=False)


class PlatformFactory:
    def __init__(self, keys: Keys) -> None:
        self.keys = keys
        self.started: list[Platform] = []

    def __call__(self, *steps: str, signed: bool = False) -> Platform:
        server = Platform(list(steps), self.keys.public, self.keys.platform_key if signed else None)
        threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
        self.started.append(server)
        return server


@pytest.fixture
def platform(keys: Keys) -> Iterator[PlatformFactory]:
    factory = PlatformFactory(keys)
    yield factory
    for server in factory.started:
        server.release.set()
        server.shutdown()
        server.server_close()


def _pack_args(pack: Path, *extra: str) -> list[str]:
    return [
        str(pack),
        "TP_PAID",
        "--access-token",
        TOKEN,
        "--request-id",
        "req-1",
        "--use-examples",
        *extra,
    ]


def _send(server: Platform | str, keys: Keys, *args: str, key: bool = True) -> list[str]:
    endpoint = server if isinstance(server, str) else server.url
    argv = ["send", *args, "--endpoint", endpoint, "--retry-backoff", "0.001"]
    if key:
        argv += ["--client-id", CLIENT_ID, "--private-key", str(keys.private_pem)]
    return argv


def _no_secrets(text: str, server: Platform | None = None) -> None:
    assert TOKEN not in text
    assert PASSWORD not in text
    assert "PRIVATE KEY" not in text
    for secret in server.signatures() if server is not None else ():
        assert secret not in text


def _expected_body(pack: Path, **kwargs: Any) -> dict[str, Any]:
    loaded = load_pack(pack)
    template = loaded.template("TP_PAID")
    params = {name: spec.example for name, spec in template.parameters.items()}
    return build_request(
        loaded, "TP_PAID", access_token=TOKEN, request_id="req-1", params=params, **kwargs
    )


# ------------------------------------------------------------------- outcomes


def test_delivered_exits_0_with_a_signed_request(
    platform: PlatformFactory, keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = platform("S")
    assert main(_send(server, keys, *_pack_args(pack_path, "-l", "ja"))) == 0
    out, err = capsys.readouterr()
    assert out.startswith("delivered: requestId req-1 was accepted (S SUCCESS) after 1 attempt")
    [seen] = server.seen
    assert seen.verified
    assert seen.path == URI
    assert seen.headers["Client-Id"] == CLIENT_ID
    assert "keyVersion=1" in seen.headers["Signature"]
    assert json.loads(seen.body) == _expected_body(pack_path, locales=["ja"])
    _no_secrets(out + err, server)


def test_refused_exits_1_showing_code_and_message(
    platform: PlatformFactory, keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = platform("F")
    assert main(_send(server, keys, *_pack_args(pack_path), "--max-attempts", "4")) == 1
    out, err = capsys.readouterr()
    assert "failed: the platform refused requestId req-1 (F) after 1 attempt" in out
    assert "resultCode: PARAM_ILLEGAL" in out
    assert "resultMessage: templateCode is not on the portal" in out
    assert len(server.seen) == 1  # F is not retried
    _no_secrets(out + err, server)


def test_unknown_after_every_attempt_exits_75_and_says_resending_is_safe(
    platform: PlatformFactory, keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = platform("U", "500", "U")
    assert main(_send(server, keys, *_pack_args(pack_path), "--max-attempts", "3")) == 75
    out, err = capsys.readouterr()
    assert "unknown: no definite answer for requestId req-1 after 3 attempts" in out
    assert "MAY have been delivered" in out
    assert "same requestId (req-1) is safe" in out
    assert len(server.seen) == 3
    assert len({seen.body for seen in server.seen}) == 1  # the same bytes every time
    assert all(seen.verified for seen in server.seen)
    _no_secrets(out + err, server)


def test_retries_until_delivered_json_format(
    platform: PlatformFactory, keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = platform("500", "U", "S")
    argv = _send(server, keys, *_pack_args(pack_path), "--format", "json")
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == {
        "status": "S",
        "resultCode": "SUCCESS",
        "resultMessage": "success",
        "attempts": 3,
        "requestId": "req-1",
    }
    assert len({seen.body for seen in server.seen}) == 1
    assert len({seen.headers["Request-Time"] for seen in server.seen}) >= 1
    _no_secrets(out + err, server)


@pytest.mark.parametrize(("step", "code"), [("F", 1), ("U", 75)])
def test_json_format_for_failures(
    platform: PlatformFactory,
    keys: Keys,
    pack_path: Path,
    capsys: pytest.CaptureFixture[str],
    step: str,
    code: int,
) -> None:
    server = platform(step)
    argv = _send(server, keys, *_pack_args(pack_path), "--format", "json", "--max-attempts", "2")
    assert main(argv) == code
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"status", "resultCode", "resultMessage", "attempts", "requestId"}
    assert result["status"] == step
    assert result["resultCode"] == ANSWERS[step][1]
    assert result["attempts"] == (1 if step == "F" else 2)


# -------------------------------------------------------------------- dry run


def test_dry_run_sends_nothing_and_redacts_secrets(
    platform: PlatformFactory, keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = platform("S")
    assert main(_send(server, keys, *_pack_args(pack_path), "--dry-run")) == 0
    out, err = capsys.readouterr()
    assert server.seen == []
    assert f"POST {server.url}{URI}" in out
    assert f"Client-Id: {CLIENT_ID}" in out
    assert "Request-Time: " in out
    [signature_line] = [line for line in out.splitlines() if line.startswith("Signature: ")]
    assert signature_line.startswith("Signature: algorithm=RSA256, keyVersion=1, signature=")
    shown = signature_line.rsplit("signature=", 1)[1]
    assert shown.endswith("…")
    assert len(shown) <= 5
    assert '"templateCode": "TP_PAID"' in out
    _no_secrets(out + err)


def test_dry_run_json(
    platform: PlatformFactory, keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = platform("S")
    argv = _send(server, keys, *_pack_args(pack_path), "--dry-run", "--format", "json")
    assert main(argv) == 0
    out, err = capsys.readouterr()
    request = json.loads(out)
    assert request["url"] == server.url + URI
    expected = _expected_body(pack_path)
    assert request["body"]["accessToken"] != TOKEN
    assert {**request["body"], "accessToken": TOKEN} == expected
    assert len(request["headers"]["Signature"].rsplit("signature=", 1)[1]) <= 5
    assert server.seen == []
    _no_secrets(out + err)


# --------------------------------------------------------------- --body FILE


def test_body_file_is_sent_as_is(
    platform: PlatformFactory,
    keys: Keys,
    pack_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = platform("S")
    body = _expected_body(pack_path, extend_info="campaign=nov")
    body_file = tmp_path / "body.json"
    body_file.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    assert main(_send(server, keys, "--body", str(body_file))) == 0
    [seen] = server.seen
    assert seen.verified
    assert json.loads(seen.body) == body


def test_body_file_with_errors_is_not_sent(
    platform: PlatformFactory, keys: Keys, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = platform("S")
    body_file = tmp_path / "bad.json"
    body_file.write_text(
        "{\n"
        '  "appId": "P1",\n'
        f'  "accessToken": "{TOKEN}",\n'
        f'  "requestId": "{"r" * 70}",\n'
        '  "templateCode": "TP_1",\n'
        '  "actionUrl": "/page/1",\n'
        '  "templates": [{"language": "en-US", "templateParameters": {"n": 1}}]\n'
        "}\n",
        encoding="utf-8",
    )
    assert main(_send(server, keys, "--body", str(body_file))) == 2
    out, err = capsys.readouterr()
    assert server.seen == []
    assert f"{body_file}:4:16: error: MT103 requestId is 70 characters" in err
    assert f"{body_file}:6:3: error: MT108" in err
    assert "MT107" in err
    assert "not sent" in err
    assert "Traceback" not in err
    _no_secrets(out + err)


@pytest.mark.parametrize(
    "content",
    ["{not json", '{"format": 1, "templates": []}', "[1, 2]"],
    ids=["invalid-json", "a-pack", "an-array"],
)
def test_body_file_that_is_not_a_body(
    platform: PlatformFactory,
    keys: Keys,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
) -> None:
    server = platform("S")
    body_file = tmp_path / "thing.json"
    body_file.write_text(content, encoding="utf-8")
    assert main(_send(server, keys, "--body", str(body_file))) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"msgtemplate: {body_file}:1:")
    assert server.seen == []


def test_missing_body_file(keys: Keys, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = _send("http://127.0.0.1:9", keys, "--body", str(tmp_path / "nope.json"))
    assert main(argv) == 2
    assert "nope.json" in capsys.readouterr().err


# ---------------------------------------------------------------------- usage


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--body", "b.json", "PACK", "TP"], "either --body FILE or PACK CODE, not both"),
        ([], "give --body FILE, or PACK CODE"),
        (["--body", "b.json", "--locale", "ja"], "--locale only apply"),
        (["pack.yaml", "TP_PAID", "--request-id", "r"], "needs --access-token"),
        (["pack.yaml"], "give --body FILE, or PACK CODE"),
    ],
)
def test_usage_errors_exit_2(
    keys: Keys, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(_send("http://127.0.0.1:9", keys, *args)) == 2
    assert message in capsys.readouterr().err


def test_payload_errors_exit_2(
    platform: PlatformFactory, keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = platform("S")
    argv = _send(server, keys, *_pack_args(pack_path, "--request-id", "r" * 70))
    assert main(argv) == 2
    assert "MT103 requestId is 70 characters; the limit is 64" in capsys.readouterr().err
    assert server.seen == []


def test_plain_http_to_a_remote_host_is_refused(
    keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_send("http://example.com", keys, *_pack_args(pack_path))) == 2
    assert "https" in capsys.readouterr().err


def test_an_endpoint_with_a_path_is_refused_before_sending(
    platform: PlatformFactory, keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = platform("S")
    assert main(_send(server.url + "/api/open", keys, *_pack_args(pack_path))) == 2
    err = capsys.readouterr().err
    assert "the endpoint is the base URL (scheme://host[:port])" in err
    assert "--path-prefix" in err
    assert server.seen == []


def test_a_wrong_path_prefix_fails_at_once_and_says_not_delivered(
    platform: PlatformFactory, keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = platform("404")
    argv = _send(server, keys, *_pack_args(pack_path), "--path-prefix", "/wrong")
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert "failed: the server refused requestId req-1 (F) after 1 attempt" in out
    assert "resultCode: HTTP_404" in out
    assert "HTTP 404" in out
    assert "not delivered" in out
    assert "MAY" not in out
    assert len(server.seen) == 1
    _no_secrets(out + err, server)


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--timeout", "nan"),
        ("--timeout", "inf"),
        ("--timeout", "0"),
        ("--timeout", "-1"),
        ("--retry-backoff", "nan"),
        ("--retry-backoff", "inf"),
        ("--retry-backoff", "-1"),
        ("--max-attempts", "0"),
        ("--key-version", "-1"),
    ],
)
def test_bad_numbers_are_usage_errors_naming_the_flag(
    platform: PlatformFactory,
    keys: Keys,
    pack_path: Path,
    capsys: pytest.CaptureFixture[str],
    flag: str,
    value: str,
) -> None:
    server = platform("S")
    assert main([*_send(server, keys, *_pack_args(pack_path)), flag, value]) == 2
    err = capsys.readouterr().err
    assert f"msgtemplate: error: {flag} must" in err
    assert "internal error" not in err
    assert server.seen == []


@pytest.mark.parametrize("endpoint", ["http://127.0.0.1:99999", "http://127.0.0.1:0"])
def test_an_invalid_port_is_a_usage_error(
    keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str], endpoint: str
) -> None:
    assert main(_send(endpoint, keys, *_pack_args(pack_path))) == 2
    out, err = capsys.readouterr()
    assert "port must be between 1 and 65535" in err
    assert out == ""


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # closed now: connecting to it is refused


def test_no_connection_at_all_says_not_delivered_truthfully(
    keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint = f"http://127.0.0.1:{_closed_port()}"
    argv = _send(endpoint, keys, *_pack_args(pack_path), "--max-attempts", "2")
    assert main(argv) == 75  # still "try again later"
    out, _ = capsys.readouterr()
    assert out.startswith("not delivered: requestId req-1 after 2 attempts")
    assert "no connection to the platform was made" in out
    assert "MAY have been delivered" not in out
    assert "same requestId (req-1) is safe" in out
    assert main([*argv, "--format", "json"]) == 75
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "U"
    assert "not delivered" in data["resultMessage"]


# ----------------------------------------------------------------- credentials


def test_client_id_and_key_path_from_the_environment(
    platform: PlatformFactory,
    keys: Keys,
    pack_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MSGTEMPLATE_CLIENT_ID", "ENV_CLIENT")
    monkeypatch.setenv("MSGTEMPLATE_PRIVATE_KEY", str(keys.private_pem))
    server = platform("S")
    assert main(_send(server, keys, *_pack_args(pack_path), key=False)) == 0
    [seen] = server.seen
    assert seen.headers["Client-Id"] == "ENV_CLIENT"
    assert seen.verified


def test_flags_win_over_the_environment(
    platform: PlatformFactory,
    keys: Keys,
    pack_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MSGTEMPLATE_CLIENT_ID", "ENV_CLIENT")
    monkeypatch.setenv("MSGTEMPLATE_PRIVATE_KEY", "/nonexistent/key.pem")
    server = platform("S")
    assert main(_send(server, keys, *_pack_args(pack_path))) == 0
    assert server.seen[0].headers["Client-Id"] == CLIENT_ID


def test_pem_text_in_the_environment_with_its_password(
    platform: PlatformFactory,
    keys: Keys,
    pack_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MSGTEMPLATE_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("MSGTEMPLATE_PRIVATE_KEY", keys.encrypted_pem.read_text())
    monkeypatch.setenv("MSGTEMPLATE_PRIVATE_KEY_PASSWORD", PASSWORD)
    server = platform("S")
    assert main(_send(server, keys, *_pack_args(pack_path), key=False)) == 0
    assert server.seen[0].verified
    out, err = capsys.readouterr()
    _no_secrets(out + err, server)


def test_encrypted_key_without_its_password(
    keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _send("http://127.0.0.1:9", keys, *_pack_args(pack_path), key=False)
    argv += ["--client-id", CLIENT_ID, "--private-key", str(keys.encrypted_pem)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "password" in err
    assert "Traceback" not in err


def test_missing_credentials(
    keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _send("http://127.0.0.1:9", keys, *_pack_args(pack_path), key=False)
    assert main(argv) == 2
    assert "MSGTEMPLATE_CLIENT_ID" in capsys.readouterr().err
    assert main([*argv, "--client-id", CLIENT_ID]) == 2
    assert "MSGTEMPLATE_PRIVATE_KEY" in capsys.readouterr().err


def test_endpoint_from_the_environment(
    platform: PlatformFactory,
    keys: Keys,
    pack_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = platform("S")
    argv = _send(server, keys, *_pack_args(pack_path))
    at = argv.index("--endpoint")
    del argv[at : at + 2]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == "msgtemplate: error: no endpoint: pass --endpoint or set MSGTEMPLATE_ENDPOINT\n"
    monkeypatch.setenv("MSGTEMPLATE_ENDPOINT", server.url)
    assert main(argv) == 0
    assert len(server.seen) == 1


@pytest.mark.slow
def test_bad_key_file_exits_2_without_a_traceback(
    keys: Keys, pack_path: Path, tmp_path: Path
) -> None:
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n")
    for key_file, message in (
        (garbage, "not a valid RSA key"),
        (tmp_path / "absent.pem", "cannot read"),
    ):
        result = subprocess.run(
            [
                *PROGRAM,
                *_send("http://127.0.0.1:9", keys, *_pack_args(pack_path), key=False),
                *("--client-id", CLIENT_ID, "--private-key", str(key_file)),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2
        assert message in result.stderr
        assert "Traceback" not in result.stderr
        assert "bm90IGEga2V5" not in result.stderr


def _bare_base64(pem: bytes) -> str:
    return "".join(pem.decode().splitlines()[1:-1])


def test_private_key_as_bare_base64_is_accepted_like_the_library_does(
    platform: PlatformFactory,
    keys: Keys,
    pack_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Some portals hand out keys as one line of base64 DER; the library takes it, so
    # the CLI does too (one key loader for both), from the flag and the environment.
    server = platform("S", "S", signed=True)
    bare = _bare_base64(keys.private_pem.read_bytes())
    platform_bare = _bare_base64(keys.platform_public_pem.read_bytes())
    argv = _send(server, keys, *_pack_args(pack_path), key=False)
    argv += ["--client-id", CLIENT_ID, "--platform-public-key", platform_bare]
    assert main([*argv, "--private-key", bare]) == 0
    monkeypatch.setenv("MSGTEMPLATE_PRIVATE_KEY", bare)
    assert main(argv) == 0
    assert [seen.verified for seen in server.seen] == [True, True]
    out, err = capsys.readouterr()
    assert bare[:40] not in out + err
    _no_secrets(out + err, server)


@pytest.mark.parametrize("flag", ["--private-key", "--platform-public-key"])
def test_a_mangled_key_is_never_echoed(
    keys: Keys, pack_path: Path, flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # A key pasted with a piece missing: neither a file, nor PEM, nor valid DER.
    # Whatever was given, none of it comes back in the error (it may be key material).
    pem = keys.private_pem if flag == "--private-key" else keys.platform_public_pem
    bare = _bare_base64(pem.read_bytes())
    for mangled in (bare[:60], bare[:-7], bare[:30] + "*" + bare[30:]):
        argv = _send("http://127.0.0.1:9", keys, *_pack_args(pack_path), key=False)
        argv += ["--client-id", CLIENT_ID, "--private-key", str(keys.private_pem)]
        argv += [flag, mangled]
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("msgtemplate: error: ")
        assert err.count("\n") == 1
        for start in range(0, len(mangled) - 12, 6):
            assert mangled[start : start + 12] not in err


# ----------------------------------------------------------- other options


def test_platform_signature_checked_when_its_key_is_given(
    platform: PlatformFactory, keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = platform("S", signed=True)
    argv = _send(server, keys, *_pack_args(pack_path))
    assert main([*argv, "--platform-public-key", str(keys.platform_public_pem)]) == 0
    # The same answer checked with the wrong key is never reported as delivered.
    wrong = [*argv, "--platform-public-key", str(keys.other_public_pem), "--max-attempts", "2"]
    assert main(wrong) == 75
    assert "did not verify" in capsys.readouterr().out


def test_path_prefix_and_key_version(
    platform: PlatformFactory, keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = platform("S")
    argv = _send(server, keys, *_pack_args(pack_path), "--path-prefix", "/acl/api")
    assert main([*argv, "--key-version", "3", "--timeout", "5"]) == 0
    [seen] = server.seen
    assert seen.path == "/acl/api/v2/miniprogram/message/send"
    assert seen.verified  # signed over the prefixed URI
    assert "keyVersion=3" in seen.headers["Signature"]


@pytest.mark.slow
def test_verbose_logs_attempts_on_stderr_without_secrets(
    platform: PlatformFactory, keys: Keys, pack_path: Path
) -> None:
    server = platform("U", "S")
    env = {**os.environ, "MSGTEMPLATE_PRIVATE_KEY": str(keys.private_pem)}
    env["MSGTEMPLATE_CLIENT_ID"] = CLIENT_ID
    result = subprocess.run(
        [*PROGRAM, *_send(server, keys, *_pack_args(pack_path), "-v", key=False)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "INFO msgtemplate.sender.client" in result.stderr
    assert "attempt 1/5" in result.stderr
    assert result.stdout.startswith("delivered:")
    _no_secrets(result.stdout + result.stderr, server)


# The sender as a terminal starts it, where Ctrl+C raises KeyboardInterrupt. A process
# started from a non-interactive shell's background job (`cmd &`, as CI runners and
# `make -j` do) inherits SIGINT *ignored*, and so would the sender: it would never
# notice the SIGINT below, and the test would wait out its 30 s for an exit. Python's
# own handler is installed in the child; preexec_fn is not used, as it can deadlock a
# fork while the platform's server threads run.
INTERACTIVE_PROGRAM = (
    sys.executable,
    "-c",
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('msgtemplate', run_name='__main__', alter_sys=True)",
)


@pytest.mark.slow
def test_interrupted_send_says_the_message_may_have_been_delivered(
    platform: PlatformFactory, keys: Keys, pack_path: Path
) -> None:
    server = platform("HANG")
    process = subprocess.Popen(
        [*INTERACTIVE_PROGRAM, *_send(server, keys, *_pack_args(pack_path), "--timeout", "30")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(600):  # until the request is in flight (or the sender died)
            if server.seen or process.poll() is not None:
                break
            threading.Event().wait(0.05)
        assert server.seen, "the request never arrived"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130
    assert "interrupted: requestId req-1 MAY have been delivered" in err
    assert "Traceback" not in err
    _no_secrets(out + err, server)


# ----------------------------------------------------------- hostile peers


def test_a_redirect_claiming_success_exits_1_not_0(
    keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with hostile_peer(redirect(307)) as peer:
        assert main(_send(peer.url, keys, *_pack_args(pack_path))) == 1
    out = capsys.readouterr().out
    assert "delivered" not in out.splitlines()[0]
    assert "resultCode: HTTP_307" in out
    assert "redirect to https://elsewhere.example/, which is not followed" in out


@pytest.mark.slow
def test_a_slow_attempt_is_announced_without_v_and_ends_at_the_timeout(
    keys: Keys, pack_path: Path
) -> None:
    # The peer trickles its answer for 80 s; --timeout 6 bounds the whole attempt, and
    # the user hears about it within a few seconds rather than staring at nothing.
    with hostile_peer(trickled_body()) as peer:
        process = subprocess.Popen(
            [
                *PROGRAM,
                *_send(peer.url, keys, *_pack_args(pack_path)),
                *("--timeout", "6", "--max-attempts", "1"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stderr is not None
            first = process.stderr.readline()  # blocks until something is said
            running_when_said = process.poll() is None
            out, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
        assert peer.client_left.wait(30)
        assert not peer.finished.is_set()
    assert running_when_said, "the notice came only when it was all over"
    assert first.startswith("msgtemplate: still sending requestId req-1 to " + peer.url)
    assert "each attempt takes at most 6 s" in first
    assert process.returncode == 75
    assert "timed out: no complete answer within 6 s" in out
    _no_secrets(out + err + first)


def test_no_progress_notice_when_the_answer_is_quick(
    platform: PlatformFactory, keys: Keys, pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = platform("S")
    assert main(_send(server, keys, *_pack_args(pack_path))) == 0
    assert "still sending" not in capsys.readouterr().err


# ----------------------------------------------------------- weak keys


@pytest.fixture(scope="module")
def weak_keys(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Path, Path]]:
    """Key pairs under 2048 bits as PEM files: cryptography makes 1024 and 2047 bits,
    real openssl (when present) the 512-bit one cryptography refuses to make."""
    folder = tmp_path_factory.mktemp("weak")
    pairs = {}
    for bits in (512, 1024, 2047):
        private = folder / f"weak{bits}.pem"
        if bits < 1024:
            if shutil.which("openssl") is None:
                continue
            made = subprocess.run(["openssl", "genrsa", str(bits)], capture_output=True, check=True)
            private.write_bytes(made.stdout)
            raw = serialization.load_pem_private_key(made.stdout, password=None)
        else:
            raw = rsa.generate_private_key(public_exponent=65537, key_size=bits)
            private.write_bytes(
                raw.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
        public = folder / f"weak{bits}.pub.pem"
        public.write_bytes(
            raw.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        pairs[bits] = (private, public)
    return pairs


@pytest.mark.parametrize("bits", [512, 1024, 2047])
@pytest.mark.parametrize("flag", ["--private-key", "--platform-public-key"])
def test_weak_rsa_keys_are_refused_naming_their_size(
    platform: PlatformFactory,
    keys: Keys,
    pack_path: Path,
    weak_keys: dict[int, tuple[Path, Path]],
    capsys: pytest.CaptureFixture[str],
    bits: int,
    flag: str,
) -> None:
    if bits not in weak_keys:
        pytest.skip("openssl is missing: no 512-bit key")
    server = platform("S", signed=True)
    private, public = weak_keys[bits]
    argv = _send(server, keys, *_pack_args(pack_path))
    argv += [flag, str(private if flag == "--private-key" else public)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"msgtemplate: error: {flag}: ")
    assert f"RSA-{bits}" in err
    assert "under 2048 bits are refused" in err
    assert server.seen == []  # refused before anything was sent
