"""``msgtemplate stamp PACK... [--locale L]``: record which source text each existing
translation corresponds to (``sourceHash``), so later source changes are noticed.

Exit codes: 0 stamped (or nothing to stamp); 2 usage errors, an unreadable or
invalid pack, an invalid locale, or a pack that cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from msgtemplate.cli._params import add_locale_option
from msgtemplate.cli.exits import EXIT_OK, EXIT_USAGE


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "stamp",
        help="record the source text each existing translation corresponds to",
        description=(
            "For every translation without a recorded sourceHash, record the hash of "
            "the defaultLocale text it now corresponds to (what `msgtemplate import` "
            "writes), so that changing a source text later marks the translation "
            "stale. Only the sourceHash lines change; hashes already recorded (stale "
            "or not) are left as they are."
        ),
    )
    parser.add_argument("packs", nargs="+", metavar="PACK", help="pack files (.yaml, .json)")
    add_locale_option(parser, help="only the variants serving this locale (repeatable)")
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would be stamped; write nothing"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from contextlib import nullcontext

    from msgtemplate.cli._output import write_text
    from msgtemplate.document.writing import WriteError, locked
    from msgtemplate.pack import PackError, load_pack
    from msgtemplate.translate.importer import write_import
    from msgtemplate.translate.stamp import plan_stamp
    from msgtemplate.translate.units import ExchangeError

    lines: list[str] = []
    for path in args.packs:
        try:
            # The pack's lock from the read to the replace, as import holds it.
            with nullcontext(None) if args.dry_run else locked(path) as lock:
                pack = load_pack(path)
                plan = plan_stamp(pack, args.locale)
                if not args.dry_run:
                    write_import(plan.result, lock)  # the one safe pack writer
        except (PackError, ExchangeError, WriteError) as exc:
            write_text("".join(lines))
            print(f"msgtemplate: {exc}", file=sys.stderr)
            return EXIT_USAGE
        except OSError as exc:
            write_text("".join(lines))
            print(f"msgtemplate: {path}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
        lines.append(_summary(path, plan, args.dry_run))
    write_text("".join(lines))
    return EXIT_OK


def _summary(path: str, plan: Any, dry_run: bool) -> str:
    count = sum(plan.stamped.values())
    verb = "would stamp" if dry_run else "stamped"
    where = ", ".join(f"{key} {n}" for key, n in plan.stamped.items())
    text = f"{path}: {verb} {count} translation{'s' if count != 1 else ''}"
    text += f" ({where})" if where else ""
    if plan.recorded:
        text += f"; {plan.recorded} already recorded"
        if plan.stale:
            text += f", {plan.stale} of them stale (review: msgtemplate lint)"
    return text + "\n"
