"""``msgtemplate sandbox`` as a real process on a real socket, driven like the demo."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from msgtemplate.cli import main
from msgtemplate.sender import signing
from msgtemplate.sender.client import MessageClient
from tests.support.sandbox import CLIENT_ID, CLIENT_KEY, CLIENT_PUBLIC, make_body, write_pack

pytestmark = pytest.mark.slow

START_TIMEOUT = 30.0  # generous: CI machines are slow; never an assertion on speed
LISTENING = re.compile(r"^msgtemplate sandbox listening on (http://\S+)$")
PLATFORM_KEY = re.compile(r"^\s+platform key\s+(\S+)")


@dataclass
class Running:
    process: subprocess.Popen[str]
    base: str
    platform_key: Path
    banner: list[str]


def _files(tmp_path: Path) -> dict[str, Path]:
    public = tmp_path / "client.pub.pem"
    public.write_bytes(CLIENT_PUBLIC.to_pem())
    private = tmp_path / "client.key.pem"
    private.write_bytes(CLIENT_KEY.to_pem())
    return {"pack": write_pack(tmp_path), "public": public, "private": private}


def _command(tmp_path: Path, *extra: str) -> list[str]:
    files = _files(tmp_path)
    return [
        sys.executable,
        "-m",
        "msgtemplate",
        "sandbox",
        "--pack",
        str(files["pack"]),
        "--client-id",
        CLIENT_ID,
        "--public-key",
        str(files["public"]),
        "--db",
        str(tmp_path / "inbox.sqlite"),
        "--server-key-dir",
        str(tmp_path / "server-key"),
        "--quiet",
        *extra,
    ]


def _read_banner(process: subprocess.Popen[str]) -> list[str]:
    assert process.stdout is not None
    lines: list[str] = []
    # Blocking reads, with a watchdog that kills a server that never finishes its banner.
    watchdog = threading.Timer(START_TIMEOUT, process.kill)
    watchdog.start()
    try:
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("Press Ctrl+C"):
                break
    finally:
        watchdog.cancel()
    return lines


@contextmanager
def running(
    tmp_path: Path, *extra: str, command: list[str] | None = None, cwd: Path | None = None
) -> Iterator[Running]:
    """The sandbox (``_command(tmp_path, *extra)`` unless ``command``) until it is stopped."""
    process = subprocess.Popen(
        _command(tmp_path, *extra) if command is None else command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # one process group: the stray-process check below
    )
    try:
        banner = _read_banner(process)
        match = LISTENING.match(banner[0]) if banner else None
        key = next((m for m in map(PLATFORM_KEY.match, banner) if m), None)
        if match is None or key is None:
            process.kill()
            _, err = process.communicate(timeout=10)
            pytest.fail(f"the sandbox did not start: {banner!r} {err!r}")
        yield Running(process, match.group(1), Path(key.group(1)), banner)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def _stop(run: Running, how: signal.Signals = signal.SIGTERM) -> tuple[int, str]:
    run.process.send_signal(how)
    out, _ = run.process.communicate(timeout=20)
    # The whole process group is gone: no worker or child outlived the server.
    with pytest.raises(ProcessLookupError):
        os.killpg(run.process.pid, 0)
    return run.process.returncode, out


def _inbox(base: str) -> list[dict[str, object]]:
    response = httpx.get(base + "/inbox", timeout=10, trust_env=False)
    response.raise_for_status()
    items: list[dict[str, object]] = response.json()
    return items


def test_serve_send_inspect_and_stop(tmp_path: Path) -> None:
    with running(tmp_path, "--port", "0", "--device-locale", "ar") as run:
        assert run.base.startswith("http://127.0.0.1:")
        assert not run.base.endswith(":0")
        assert any("/api/open/v2/miniprogram/message/send" in line for line in run.banner)
        with MessageClient(
            run.base, CLIENT_ID, CLIENT_KEY, platform_public_key=run.platform_key
        ) as client:
            outcome = client.send(make_body("socket-1", languages=("en-US", "ar")))
        assert (outcome.status, outcome.verified) == ("S", True)
        (item,) = _inbox(run.base)
        assert item["requestId"] == "socket-1"
        assert (item["language"], item["direction"]) == ("ar", "rtl")
        page = httpx.get(run.base + "/", timeout=10, trust_env=False)
        assert page.status_code == 200
        assert "msgtemplate sandbox" in page.text
        code, out = _stop(run)
    assert code == 0
    assert "stopped" in out


def test_msgtemplate_send_verifies_the_printed_platform_key(tmp_path: Path) -> None:
    with running(tmp_path, "--port", "0") as run:
        body = tmp_path / "body.json"
        body.write_text(json.dumps(make_body("cli-send-1")), encoding="utf-8")
        sent = subprocess.run(
            [
                sys.executable,
                "-m",
                "msgtemplate",
                "send",
                "--body",
                str(body),
                "--endpoint",
                run.base,
                "--client-id",
                CLIENT_ID,
                "--private-key",
                str(tmp_path / "client.key.pem"),
                "--platform-public-key",
                str(run.platform_key),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert sent.returncode == 0, sent.stderr
        assert [i["requestId"] for i in _inbox(run.base)] == ["cli-send-1"]
        assert _stop(run, signal.SIGINT)[0] == 0


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_as_soon_as_the_banner_is_out_stops_it_cleanly(
    tmp_path: Path, how: signal.Signals
) -> None:
    # A script that starts the sandbox, reads its banner and stops it at once: the
    # signal lands before the server runs, and must still give exit 0, no traceback.
    with running(tmp_path, "--port", "0") as run:
        run.process.send_signal(how)
        out, err = run.process.communicate(timeout=20)
    assert (run.process.returncode, err) == (0, "")
    assert out.endswith("msgtemplate sandbox stopped\n")


def test_a_restart_keeps_the_inbox_and_the_server_key(tmp_path: Path) -> None:
    with running(tmp_path, "--port", "0") as first:
        key_pem = first.platform_key.read_bytes()
        with MessageClient(first.base, CLIENT_ID, CLIENT_KEY) as client:
            assert client.send(make_body("restart-1")).status == "S"
        assert _stop(first)[0] == 0
    private = tmp_path / "server-key" / "sandbox-server.key.pem"
    assert private.stat().st_mode & 0o077 == 0  # the private key is the owner's only
    with running(tmp_path, "--port", "0") as second:
        assert second.platform_key.read_bytes() == key_pem
        platform = signing.load_public_key(key_pem)
        with MessageClient(
            second.base, CLIENT_ID, CLIENT_KEY, platform_public_key=platform
        ) as client:
            # Already delivered before the restart: S again, no second delivery.
            assert client.send(make_body("restart-1")).status == "S"
        assert [i["requestId"] for i in _inbox(second.base)] == ["restart-1"]
        assert _stop(second)[0] == 0


def _fails(tmp_path: Path, extra: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _command(tmp_path, *extra), capture_output=True, text=True, timeout=60, check=False
    )


def test_a_non_loopback_host_needs_an_explicit_flag(tmp_path: Path) -> None:
    done = _fails(tmp_path, ["--host", "0.0.0.0", "--port", "0"])  # refused: not loopback
    assert done.returncode == 2
    assert "--allow-remote" in done.stderr
    assert done.stdout == ""


def test_a_broken_pack_is_reported_at_its_position(tmp_path: Path) -> None:
    command = _command(tmp_path, "--port", "0")
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\ndefaultLocale: en-US\ntemplates: 7\n", encoding="utf-8")
    command[command.index("--pack") + 1] = str(broken)
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert re.search(r"msgtemplate: .*broken\.yaml:3:\d+: ", done.stderr), done.stderr
    assert "Traceback" not in done.stderr


def test_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    with running(tmp_path, "--port", "0") as run:
        port = run.base.rsplit(":", 1)[1]
        other = tmp_path / "other"
        other.mkdir()
        done = _fails(other, ["--port", port])
        assert done.returncode == 2
        assert "cannot listen" in done.stderr
        assert _stop(run)[0] == 0


# ------------------------------------------- set-up errors, in-process (no server starts)


@contextmanager
def busy_port() -> Iterator[int]:
    """A port something else listens on: if a check were missed, binding fails at once
    (exit 2) instead of a sandbox starting and the test hanging."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield sock.getsockname()[1]


def _sandbox_argv(tmp_path: Path, port: int, *extra: str) -> list[str]:
    argv = _command(tmp_path, "--port", str(port), *extra)
    return argv[argv.index("sandbox") :]


def test_db_in_a_missing_folder_is_refused_and_nothing_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no" / "such" / "dir"
    with busy_port() as port:
        argv = _sandbox_argv(tmp_path, port)
        argv[argv.index("--db") + 1] = str(missing / "x.sqlite")
        argv.remove("--server-key-dir")
        argv.remove(str(tmp_path / "server-key"))  # the default: next to --db
        assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"--db {missing / 'x.sqlite'}" in err
    assert "does not exist" in err
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("where", ["under-a-file", "missing-parent"])
def test_an_unusable_server_key_dir_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    key_dir = afile / "keys" if where == "under-a-file" else tmp_path / "missing" / "keys"
    # A free port: the key pair is made after the port is bound (a busy port would
    # stop the start before the key folder is even looked at).
    argv = _sandbox_argv(tmp_path, 0)
    argv[argv.index("--server-key-dir") + 1] = str(key_dir)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert (
        f"msgtemplate: error: cannot keep the sandbox's key pair in --server-key-dir ({key_dir}"
        in err
    )
    assert "internal error" not in err
    assert not (tmp_path / "missing").exists()


def test_a_missing_public_key_file_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with busy_port() as port:
        argv = _sandbox_argv(tmp_path, port)
        argv[argv.index("--public-key") + 1] = "missing.pem"
        assert main(argv) == 2
    err = capsys.readouterr().err
    assert "'missing.pem' is not an existing file" in err


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--unknown-rate", "2"], "--unknown-rate must be between 0 and 1, got 2.0"),
        (["--error-rate", "nan"], "--error-rate must be between 0 and 1, got nan"),
        (["--error-rate", "-0.1"], "--error-rate must be between 0 and 1"),
        (["--unknown-rate", "0.6", "--error-rate", "0.6"], "--unknown-rate plus --error-rate"),
        (["--latency-ms", "-1"], "--latency-ms must not be negative"),
    ],
)
def test_fault_flags_are_named_as_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], needle: str
) -> None:
    with busy_port() as port:
        assert main(_sandbox_argv(tmp_path, port, *extra)) == 2
    assert needle in capsys.readouterr().err


# ------------------------------------------- a failed start leaves nothing behind


def _state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the per-user state folder into tmp_path (XDG_STATE_HOME; HOME too)."""
    state = tmp_path / "state-home"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return state


def _everything_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _without_state_flags(argv: list[str]) -> list[str]:
    for flag in ("--db", "--server-key-dir"):
        at = argv.index(flag)
        del argv[at : at + 2]
    return argv


@pytest.mark.parametrize("state", ["explicit", "default"])
@pytest.mark.parametrize("failure", ["port-in-use", "broken-pack", "weak-key", "missing-key"])
def test_a_start_that_fails_leaves_no_database_or_key_pair(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    state: str,
    failure: str,
) -> None:
    state_home = _state_home(tmp_path, monkeypatch)
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    with busy_port() as busy:
        argv = _sandbox_argv(project, busy if failure == "port-in-use" else 0)
        if state == "default":
            argv = _without_state_flags(argv)
        if failure == "broken-pack":
            broken = project / "broken.yaml"
            broken.write_text("format: 1\ndefaultLocale: en-US\ntemplates: 7\n")
            argv += ["--pack", str(broken)]
        elif failure == "weak-key":
            weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
            path = project / "weak.pub.pem"
            path.write_bytes(
                weak.public_key().public_bytes(
                    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
                )
            )
            argv[argv.index("--public-key") + 1] = str(path)
        elif failure == "missing-key":
            argv[argv.index("--public-key") + 1] = "missing.pem"
        before = _everything_under(project)
        assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("msgtemplate: ")
    assert "Traceback" not in err
    if failure == "weak-key":
        assert "--public-key: the public key is RSA-1024" in err
    assert _everything_under(project) == before  # no inbox.sqlite, no key pair
    assert not state_home.exists() or _everything_under(state_home) == []


def test_by_default_the_state_lives_in_the_per_user_state_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state_home = _state_home(tmp_path, monkeypatch)
    project = tmp_path / "project"
    project.mkdir()
    files = _files(tmp_path)
    command = [
        sys.executable,
        "-m",
        "msgtemplate",
        "sandbox",
        *("--pack", str(files["pack"]), "--client-id", CLIENT_ID),
        *("--public-key", str(files["public"]), "--port", "0", "--quiet"),
    ]
    with running(tmp_path, command=command, cwd=project) as run:
        with MessageClient(run.base, CLIENT_ID, CLIENT_KEY) as client:
            assert client.send(make_body("state-1")).status == "S"
        assert _stop(run)[0] == 0
    banner = run.banner
    folder = state_home / "msgtemplate" / "sandbox"
    assert f"  inbox db       {folder / 'inbox.sqlite'}" in banner
    assert run.platform_key == folder / "sandbox-server.pub.pem"
    assert {"inbox.sqlite", "sandbox-server.key.pem", "sandbox-server.pub.pem"} <= set(
        _everything_under(folder)
    )
    assert folder.stat().st_mode & 0o077 == 0
    assert _everything_under(project) == []  # nothing in the folder it was started in
