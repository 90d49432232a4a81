"""The ``msgtemplate`` command line: thin, it parses arguments and calls the library.

Each subcommand lives in its own module of this package and exposes
``register(subparsers)``; those modules import only ``argparse`` at the top so that
start-up stays lean (this CLI runs in pre-commit). Heavy imports happen inside each
command's ``run``.

Exit codes are defined once, in :mod:`msgtemplate.cli.exits` (documented in
docs/cli.md and the README): 0 ok, 1 findings / ``F`` / refused, 2 usage or bad
input, 75 unknown (``U``), 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from msgtemplate._version import __version__
from msgtemplate.cli.exits import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE

# Subcommand modules, in the order `--help` lists them.
COMMANDS: tuple[str, ...] = (
    "init",
    "list",
    "show",
    "render",
    "preview",
    "review",
    "lint",
    "payload",
    "send",
    "sandbox",
    "schema",
    "lsp",
    "export",
    "import_",
    "stamp",
)


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on usage errors already; keep its message short."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="msgtemplate",
        description="Author, lint, preview, sign and send Mini Program message templates.",
    )
    parser.add_argument("--version", action="version", version=f"msgtemplate {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = importlib.import_module(f"msgtemplate.cli.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (``python -m msgtemplate`` exits with it)."""
    _tolerant_output()
    from msgtemplate.cli._output import escaping_stderr

    stderr = sys.stderr
    sys.stderr = escaping_stderr()  # messages quote user text: never raw controls
    try:
        return _main(argv)
    finally:
        sys.stderr = stderr


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        build_parser().print_help(sys.stderr)
        return EXIT_USAGE
    extra = getattr(args, "extra", None)
    if extra is not None:
        from msgtemplate.cli._extras import check_extra

        missing = check_extra(extra)
        if missing is not None:
            print(missing, file=sys.stderr)
            return EXIT_USAGE
    locales = getattr(args, "locale", None)
    if locales:
        from msgtemplate.cli._params import bad_locale

        problem = bad_locale([locales] if isinstance(locales, str) else locales)
        if problem is not None:
            print(f"msgtemplate: {problem}", file=sys.stderr)
            return EXIT_USAGE
    try:
        code: int = run(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `msgtemplate ... | head`: the reader went away; that is not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        from msgtemplate.errors import MsgTemplateError

        if isinstance(exc, MsgTemplateError):
            print(f"msgtemplate: {exc}", file=sys.stderr)
            return EXIT_USAGE
        from msgtemplate.cli._extras import missing_extra

        missing = missing_extra(exc)
        if missing is not None:
            print(missing, file=sys.stderr)
            return EXIT_USAGE
        if os.environ.get("MSGTEMPLATE_DEBUG"):
            raise
        print(
            f"msgtemplate: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in msgtemplate; set MSGTEMPLATE_DEBUG=1 to see the traceback.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return code


def _tolerant_output() -> None:
    """Never crash on a character the terminal cannot show (PYTHONIOENCODING=ascii,
    cp1252, a C locale): people's text gets ``\\xNN``/``\\uXXXX`` escapes instead, in
    every command at once. Machine-readable output (JSON, SARIF, rendered messages)
    goes through :mod:`msgtemplate.cli._output`, which writes UTF-8 bytes."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            # A closed or detached stream: nothing to do.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def entry() -> None:
    sys.exit(main())
