"""``msgtemplate sandbox``: run the local stand-in for the platform, with a web inbox."""

from __future__ import annotations

import argparse
from typing import Any

DEFAULT_PORT = 8977


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
        "--pack", action="append", required=True, metavar="PACK",
        help="a template pack (YAML/JSON) whose templates the sandbox knows (repeatable)",
    )
    parser.add_argument("--client-id", required=True, metavar="ID", help="the sender's Client-Id")
    parser.add_argument(
        "--public-key", required=True, metavar="PEM", help="the sender's public key (PEM)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--allow-remote", action="store_true",
        help="allow a non-loopback --host (this is a test server: off by default)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT,
        help=f"port to bind; 0 picks a free one (default {DEFAULT_PORT})",
    )
    parser.add_argument("--db", default="inbox.sqlite", help="SQLite inbox file")
    parser.add_argument("--device-locale", metavar="L", help="the locale the phone shows")
    parser.add_argument("--path-prefix", default="/api/open", help="API path prefix")
    parser.add_argument("--unknown-rate", type=float, default=0.0, metavar="R",
                        help="fraction of requests answered U/UNKNOWN_EXCEPTION")
    parser.add_argument("--error-rate", type=float, default=0.0, metavar="R",
                        help="fraction of requests answered HTTP 500")
    parser.add_argument("--latency-ms", type=int, default=0, metavar="MS",
                        help="delay every API answer by MS milliseconds")
    parser.add_argument("--seed", type=int, default=None, metavar="N",
                        help="seed the fault injection (deterministic per request sequence)")
    parser.add_argument(
        "--server-key-dir", metavar="DIR",
        help="where the sandbox keeps its own key pair (default: next to --db)",
    )
    parser.add_argument("--quiet", action="store_true", help="no per-request access log")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from msgtemplate.sandbox.serve import serve

    return serve(args)
