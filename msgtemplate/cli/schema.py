"""``msgtemplate schema``: the pack format's JSON Schema, for editors and CI.

Prints the schema (``-o FILE`` writes it, ``--check FILE`` exits 1 when FILE is not
the schema this version generates), or with ``--catalog-entry`` the entry a
SchemaStore catalog needs to map ``*.msgpack.yaml`` files to it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from msgtemplate.cli.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of the pack format (for editors)",
        description=(
            "Print the JSON Schema (draft-07) of template packs, generated from the "
            "format's declaration: editors use it for completion, hover and checks."
        ),
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", metavar="FILE", help="write the schema to FILE")
    where.add_argument(
        "--check",
        metavar="FILE",
        help="exit 1 if FILE is not the schema this version generates (for CI)",
    )
    where.add_argument(
        "--catalog-entry",
        action="store_true",
        help="print a SchemaStore catalog entry for *.msgpack.yaml files instead",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from msgtemplate.cli._output import write_json, write_utf8
    from msgtemplate.errors import SourceError
    from msgtemplate.pack.jsonschema import FILE_MATCH, SCHEMA_URL, render_schema

    if args.catalog_entry:
        write_json(
            {
                "name": "msgtemplate pack",
                "description": "Mini Program message template pack (msgtemplate, format 1)",
                "fileMatch": list(FILE_MATCH),
                "url": SCHEMA_URL,
            }
        )
        return EXIT_OK
    text = render_schema()
    if args.check is not None:
        return _check(args.check, text)
    if args.output is None:
        write_utf8(text)
        return EXIT_OK
    try:
        _write(args.output, text)
    except SourceError as exc:  # WriteError: one line, with the path
        print(f"msgtemplate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _check(path: str, text: str) -> int:
    try:
        with open(path, encoding="utf-8") as fh:
            current = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        print(f"msgtemplate: {path}: cannot read: {reason or exc}", file=sys.stderr)
        return EXIT_USAGE
    if current == text:
        return EXIT_OK
    print(
        f"msgtemplate: {path} is not the current pack schema; "
        f"regenerate it with: msgtemplate schema -o {path}",
        file=sys.stderr,
    )
    return EXIT_FAILED


def _write(path: str, text: str) -> None:
    from msgtemplate.document.writing import write_file

    write_file(path, text.encode("utf-8"))
