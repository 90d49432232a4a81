"""``msgtemplate lsp``: run the language server on stdin/stdout (for editors)."""

from __future__ import annotations

import argparse
from typing import Any

from msgtemplate.cli.exits import EXIT_OK, EXIT_USAGE


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "lsp",
        help="run the language server for editors (stdio)",
        description=(
            "Run the msgtemplate language server over stdin and stdout: diagnostics "
            "from the linter, completion, hover and quick fixes for packs. Editors "
            "start it; it needs the optional pygls dependency (msgtemplate[lsp])."
        ),
    )
    parser.add_argument(
        "--stdio",
        action="store_true",
        help="talk over stdin/stdout (the default and only transport; accepted because "
        "many editor clients pass it)",
    )
    parser.add_argument(
        "--diagnostics",
        metavar="FILE",
        help="print the publishDiagnostics notification the server would send for FILE "
        "as JSON, and exit (to see what an editor is told, without an editor)",
    )
    parser.set_defaults(run=run, extra="lsp")


def run(args: argparse.Namespace) -> int:
    import sys

    # Without the lsp extra this import fails; the CLI names the extra to install
    # (msgtemplate.cli._extras), as for every optional dependency.
    from msgtemplate.lsp.server import notification, serve

    if args.diagnostics is None:
        return serve()
    from pathlib import Path

    from msgtemplate.cli._output import write_json

    path = Path(args.diagnostics)
    try:
        text = path.read_bytes().decode("utf-8", "surrogateescape")
    except OSError as exc:
        print(f"msgtemplate: {path}: cannot read file: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    write_json(notification(path.absolute().as_uri(), text))
    return EXIT_OK
