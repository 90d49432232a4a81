"""``msgtemplate export PACK --format po|xliff|xliff2|json``: texts out to translators.

Exit codes: 0 files written; 2 usage errors, an unreadable or invalid pack, an
invalid locale, or a file that cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from msgtemplate.cli._params import add_locale_option
from msgtemplate.cli.exits import EXIT_OK, EXIT_USAGE

FORMATS = ("po", "pot", "xliff", "xliff2", "json")


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export",
        help="export a pack's texts for translators (PO, XLIFF, JSON)",
        description=(
            "Write the pack's titles and bodies and the phrases of its count and select "
            "parameters (forms: a plural entry per count), with their translations in each "
            "target locale, as gettext PO, XLIFF 1.2, XLIFF 2.0 or flat JSON: one file per locale, "
            "named <pack-stem>.<locale>.<ext>. Stale translations (their source changed) "
            "are marked for review. --format pot writes the gettext template instead: the "
            "source texts with empty translations, one <pack-stem>.pot file."
        ),
    )
    parser.add_argument("pack", metavar="PACK", help="a pack file (.yaml, .yml, .json)")
    parser.add_argument("--format", "-f", choices=FORMATS, required=True, help="file format")
    add_locale_option(
        parser,
        help="a target locale (repeatable); default: every locale of the pack but the "
        "defaultLocale (with --format json, the defaultLocale gives the source texts' file)",
    )
    parser.add_argument(
        "--json-style",
        choices=("flat", "nested"),
        default="flat",
        help='with --format json: flat keys {"CODE.body": ...} (default) or nested '
        'objects {"CODE": {"body": ...}}, as i18next and translate-toolkit nest them',
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="PATH",
        default=None,
        help="with one --locale (or --format pot): the file to write ('-' for stdout); otherwise a "
        "directory (created if missing); default: the current directory",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import os

    from msgtemplate.cli._output import write_text
    from msgtemplate.document.writing import WriteError, write_file
    from msgtemplate.pack import PackError, load_pack
    from msgtemplate.translate import ExchangeError, export_pack

    try:
        pack = load_pack(args.pack)
        if args.json_style != "flat" and args.format != "json":
            print("msgtemplate: --json-style applies to --format json only", file=sys.stderr)
            return EXIT_USAGE
        files = export_pack(pack, args.format, args.locale, json_style=args.json_style)
    except (PackError, ExchangeError) as exc:
        print(f"msgtemplate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    output = args.output
    single = (len(args.locale) == 1 or args.format == "pot") and len(files) == 1
    if output == "-" and not single:
        print("msgtemplate: -o - (stdout) takes exactly one --locale", file=sys.stderr)
        return EXIT_USAGE
    to_file = single and output is not None and not os.path.isdir(output)
    to_file = to_file and not output.endswith(("/", os.sep))
    lines = []
    try:
        if not to_file:
            folder = output or "."
            os.makedirs(folder, exist_ok=True)
        for exported in files:
            target = output if to_file else os.path.join(folder, exported.name)
            # Never over the pack itself (by path, link or inode); a FIFO or device is
            # written into; a regular file is replaced atomically (document/writing.py).
            write_file(target, exported.data, inputs=[args.pack])
            lines.append(_summary(target, exported))
    except WriteError as exc:
        print(f"msgtemplate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        where = exc.filename or output
        print(f"msgtemplate: {where}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    if output != "-" and not (to_file and _is_stdout(output)):
        write_text("".join(lines))
    return EXIT_OK


def _is_stdout(path: str) -> bool:
    import os

    return os.path.abspath(path) in ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")


def _summary(target: str, exported: Any) -> str:
    if exported.source:
        return f"{target}: {exported.units} source texts ({exported.locale})\n"
    stale = f", {exported.stale} stale" if exported.stale else ""
    return (
        f"{target}: {exported.units} units, {exported.translated} translated{stale} "
        f"({exported.locale})\n"
    )
