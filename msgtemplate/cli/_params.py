"""Options shared by commands: ``--param k=v``, ``--params-file F``, ``--locale L``."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from msgtemplate.errors import SourceError


def add_param_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter value (repeatable); VALUE is taken literally",
    )
    parser.add_argument(
        "--params-file",
        metavar="FILE",
        help="a JSON object of parameter values; --param wins over it",
    )


def add_locale_option(parser: argparse.ArgumentParser, help: str) -> None:
    """``--locale/-l TAG``, repeatable, best first; collected into ``args.locale``."""
    parser.add_argument("--locale", "-l", action="append", default=[], metavar="TAG", help=help)


def collect_params(args: argparse.Namespace) -> dict[str, Any]:
    """Merge ``--params-file`` and ``--param`` (the latter wins), validating both."""
    params: dict[str, Any] = {}
    if args.params_file:
        params.update(_read_params_file(args.params_file))
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise SourceError(f"--param expects NAME=VALUE, got {item!r}")
        params[name] = value
    return params


def _read_params_file(path: str) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read parameters file: {exc}", path=path) from None
    try:
        # Decimal keeps numbers as written: 1.50 stays "1.50", not 1.5.
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise SourceError(exc.msg, path=path, line=exc.lineno, column=exc.colno) from None
    if not isinstance(data, dict):
        raise SourceError("a parameters file must hold a JSON object", path=path, line=1, column=1)
    for name, value in data.items():
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            kind = {dict: "object", list: "array", bool: "boolean"}.get(type(value), "null")
            raise SourceError(
                f"parameter {name!r} is a JSON {kind}; values are strings or numbers",
                path=path,
            )
    return data
