"""``msgtemplate send``: sign and send one message, and say truthfully what happened."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from msgtemplate.cli.payload import add_payload_options


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "send",
        help="sign and send one message",
        description="Send one message: either a request body file (--body) or one built "
        "from PACK and CODE like `msgtemplate payload`.",
    )
    parser.add_argument("--body", metavar="FILE", help="a request body (JSON) to send as is")
    add_payload_options(parser, for_send=True)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    print("msgtemplate: send: not ready yet", file=sys.stderr)
    return 2
