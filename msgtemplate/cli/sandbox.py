"""``msgtemplate sandbox``: run the local stand-in for the platform, with a web inbox.

The first line on stdout is machine-readable and printed once the sandbox listens
(``--port 0`` picks a free one); it listens only after its platform key file and
inbox are written, so a script that waits for the port can read the key at once::

    msgtemplate sandbox listening on http://127.0.0.1:PORT

The sandbox signs its answers with its own key pair, kept in ``--server-key-dir``
(default: the folder of ``--db``, else the per-user state folder of
:mod:`msgtemplate.sandbox.state`) and reused on the next start; the public half's
path is printed for ``msgtemplate send --platform-public-key``. SIGINT and SIGTERM
stop it cleanly (in-flight requests finish, the inbox is closed) with exit code 0.

Everything that can be checked is checked, and the port bound, before a file is
made; a start that fails after that removes what it made.
"""

from __future__ import annotations

import argparse
import ipaddress
import math
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgtemplate.cli.exits import EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    import socket

    from msgtemplate.sandbox.app import Sandbox
    from msgtemplate.sender.keys import PublicKey

DEFAULT_PORT = 8977
DEFAULT_DB_NAME = "inbox.sqlite"


def _error(message: str) -> int:
    print(f"msgtemplate: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sandbox",
        help="run a local sandbox of the platform with a web inbox",
        description=(
            "Serve a local stand-in for POST /v2/miniprogram/message/send that checks "
            "signed requests like the platform does, stores deliveries in SQLite and "
            "shows them in a web inbox."
        ),
    )
    parser.add_argument(
        "--pack",
        action="append",
        required=True,
        metavar="PACK",
        help="a template pack (YAML/JSON) whose templates the sandbox knows (repeatable)",
    )
    parser.add_argument("--client-id", required=True, metavar="ID", help="the sender's Client-Id")
    parser.add_argument(
        "--public-key", required=True, metavar="PEM", help="the sender's public key (PEM)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --host (this is a test server: off by default)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port to bind; 0 picks a free one (default {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--db",
        default=None,
        help=f"SQLite inbox file (default: {DEFAULT_DB_NAME} in the per-user state folder, "
        "e.g. ~/.local/state/msgtemplate/sandbox)",
    )
    parser.add_argument("--device-locale", metavar="L", help="the locale the phone shows")
    parser.add_argument(
        "--path-prefix",
        default=None,
        metavar="P",
        help="URL prefix before /v2/miniprogram/message/send (default: /api/open)",
    )
    parser.add_argument(
        "--unknown-rate",
        type=float,
        default=0.0,
        metavar="R",
        help="fraction of requests answered U/UNKNOWN_EXCEPTION",
    )
    parser.add_argument(
        "--error-rate",
        type=float,
        default=0.0,
        metavar="R",
        help="fraction of requests answered HTTP 500",
    )
    parser.add_argument(
        "--latency-ms",
        type=int,
        default=0,
        metavar="MS",
        help="delay every API answer by MS milliseconds",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        metavar="N",
        help="seed the fault injection (deterministic per request sequence)",
    )
    parser.add_argument(
        "--server-key-dir",
        metavar="DIR",
        help="where the sandbox keeps its own key pair (default: next to --db, else the "
        "per-user state folder)",
    )
    parser.add_argument("--quiet", action="store_true", help="no per-request access log")
    parser.set_defaults(run=run, extra="sandbox")


def run(args: argparse.Namespace) -> int:
    host: str = args.host
    if not args.allow_remote and not _is_loopback(host):
        print(
            f"msgtemplate: error: refusing to listen on {host}: the sandbox is a test server; "
            "pass --allow-remote to expose it beyond this machine",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not 0 <= args.port <= 65535:
        return _error("--port must be between 0 and 65535")
    problem = _check_faults(args)
    if problem is not None:
        return _error(problem)
    client_key = _client_key(args.public_key)
    if client_key is None:
        return EXIT_USAGE
    if args.db is not None and not Path(args.db).resolve().parent.is_dir():
        # A typo in --db must not quietly create a directory tree somewhere.
        folder = Path(args.db).resolve().parent
        return _error(f"--db {args.db}: the folder {folder} does not exist")

    from msgtemplate.sandbox.server import bind

    try:
        sock = bind(host, args.port, listen=False)
    except OSError as exc:
        return _error(f"cannot listen on {host}:{args.port}: {exc}")
    try:
        return _serve(args, sock, client_key)
    finally:
        sock.close()


def _serve(args: argparse.Namespace, sock: socket.socket, client_key: PublicKey) -> int:
    """Make the state (key pair, inbox), print the banner, serve until stopped."""
    from msgtemplate.api.spec import DEFAULT_PATH_PREFIX
    from msgtemplate.errors import MsgTemplateError
    from msgtemplate.sandbox import create_app, sandbox_of
    from msgtemplate.sandbox.server import config
    from msgtemplate.sandbox.state import Created, default_state_dir, server_key_pair

    created = Created()
    state = default_state_dir()
    db = Path(args.db) if args.db is not None else state / DEFAULT_DB_NAME
    key_dir = (
        Path(args.server_key_dir)
        if args.server_key_dir
        else db.resolve().parent
        if args.db is not None
        else state
    )
    try:
        try:
            if args.db is None:
                created.folder(state, parents=True)
            created.folder(key_dir, parents=False)  # never a mistyped path's parents
            server_key, public_path = server_key_pair(key_dir, created)
        except OSError as exc:
            flag = (
                "--server-key-dir"
                if args.server_key_dir
                else "the --db folder"
                if args.db is not None
                else "the state folder"
            )
            reason = exc.strerror or type(exc).__name__
            where = exc.filename if exc.filename is not None else key_dir
            created.remove()
            return _error(f"cannot keep the sandbox's key pair in {flag} ({where}): {reason}")
        created.database(db)
        app = create_app(
            args.pack,
            {args.client_id: client_key},
            db_path=db,
            device_locale=args.device_locale,
            path_prefix=DEFAULT_PATH_PREFIX if args.path_prefix is None else args.path_prefix,
            unknown_rate=args.unknown_rate,
            error_rate=args.error_rate,
            latency_ms=args.latency_ms,
            seed=args.seed,
            server_key=server_key,
        )
    except MsgTemplateError as exc:
        created.remove()
        return _error(str(exc))
    except BaseException:
        created.remove()
        raise
    sandbox = sandbox_of(app)
    import uvicorn

    server = uvicorn.Server(config(app, quiet=args.quiet, timeout_graceful_shutdown=5))
    stopped: list[int] = []

    def stop(signum: int, frame: object) -> None:
        # Before the server runs (a script that reads the banner and stops it at once),
        # the server is told to exit as soon as it starts. While it runs, uvicorn has its
        # own handlers and re-raises the signal here when it has shut down gracefully:
        # recording it lets us exit 0 instead of dying by the signal.
        stopped.append(signum)
        server.should_exit = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        _announce(args, sock, sandbox, public_path, db)
        if not stopped:
            server.run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sandbox.close()
    print("msgtemplate sandbox stopped", flush=True)
    return EXIT_OK


def _announce(
    args: argparse.Namespace, sock: socket.socket, sandbox: Sandbox, public_path: Path, db: Path
) -> None:
    """Listen, then print the banner: the key file and the inbox exist before the first
    connection can."""
    from msgtemplate.sandbox.server import start_listening

    start_listening(sock)
    port = sock.getsockname()[1]
    host: str = args.host
    shown_host = f"[{host}]" if ":" in host else host
    base = f"http://{shown_host}:{port}"
    templates = len(sandbox.service.catalog.templates)
    print(f"msgtemplate sandbox listening on {base}")
    print(f"  web inbox      {base}/")
    print(f"  send endpoint  {base}{sandbox.send_path}")
    prefix_flag = "" if args.path_prefix is None else f" --path-prefix {args.path_prefix}"
    print(f"                 (msgtemplate send --endpoint {base}{prefix_flag})")
    print(f"  platform key   {public_path}  (for --platform-public-key)")
    print(f"  inbox db       {db.resolve()}")
    print(f"  client id      {args.client_id}; {templates} templates from {len(args.pack)} pack(s)")
    print("Press Ctrl+C to stop.", flush=True)


def _client_key(source: str) -> PublicKey | None:
    """The sender's public key from ``--public-key`` (None, with the error printed)."""
    from msgtemplate.errors import SigningError
    from msgtemplate.sender.keys import load_public_key

    try:
        return load_public_key(source)
    except SigningError as exc:
        _error(f"--public-key: {exc}")
        return None


def _check_faults(args: argparse.Namespace) -> str | None:
    """The fault flags, named as the user typed them (the library names parameters)."""
    for flag, rate in (("--unknown-rate", args.unknown_rate), ("--error-rate", args.error_rate)):
        if not (math.isfinite(rate) and 0.0 <= rate <= 1.0):
            return f"{flag} must be between 0 and 1, got {rate}"
    if args.unknown_rate + args.error_rate > 1.0:
        return "--unknown-rate plus --error-rate must not exceed 1"
    if args.latency_ms < 0:
        return f"--latency-ms must not be negative, got {args.latency_ms}"
    return None


def _is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
