"""``msgtemplate preview``: show what a user will read, per locale."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("preview", help="render a pack template as a user will read it")
    parser.add_argument("pack", metavar="PACK")
    parser.add_argument("code", metavar="CODE")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    print("msgtemplate: preview is not ready yet", file=sys.stderr)
    return 2
