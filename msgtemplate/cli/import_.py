"""``msgtemplate import PACK FILE...``: translations back into a pack, checked first.

Exit codes: 0 imported (or nothing to import); 1 refused: a translation breaks a
rule (placeholders, syntax, hidden characters, a linter error) or a unit is
unknown or repeated, and the pack is left byte-for-byte unchanged (with
``--skip-invalid``: the translations that pass are written, the refused ones
reported, and the exit code is still 1); 2 usage
errors, an unreadable or invalid pack or translation file, a wrong target
language.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from msgtemplate.cli.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from msgtemplate.translate.importer import ImportResult


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import",
        help="import translations (PO, XLIFF, JSON) into a pack, checked first",
        description=(
            "Check every translation in FILE (gettext PO, XLIFF 1.2 or 2.0, flat JSON; "
            "the format is detected) against its source text with the linter's rules, "
            "then write the changed texts into PACK, touching nothing else. Any refusal "
            "leaves PACK unchanged. Empty and fuzzy translations are skipped."
        ),
    )
    parser.add_argument("pack", metavar="PACK", help="a pack file (.yaml, .yml, .json)")
    parser.add_argument("files", nargs="+", metavar="FILE", help="translation files")
    parser.add_argument(
        "--locale",
        "-l",
        metavar="TAG",
        default=None,
        help="the target locale, when a file does not say (flat JSON not named "
        "<stem>.<locale>.json); must agree with files that do",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="report what would change; write nothing"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse a translation the linter warns about too (translation-quality rules "
        "MT9xx: numbers, URLs, punctuation...), not only errors",
    )
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="write the translations that pass and report the refused ones (exit 1); "
        "without it, any refusal leaves the pack unchanged",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from contextlib import nullcontext

    from msgtemplate.cli._output import write_json, write_text
    from msgtemplate.document.writing import WriteError, locked
    from msgtemplate.lint.config import LintConfigError, load_config
    from msgtemplate.pack import PackError, load_pack
    from msgtemplate.translate.importer import plan_import, write_import
    from msgtemplate.translate.units import ExchangeError

    try:
        config = load_config()
        # The pack's lock is held from the read to the replace: two imports at once
        # never lose each other's texts (the second waits, or fails clearly).
        with nullcontext(None) if args.dry_run else locked(args.pack) as lock:
            pack = load_pack(args.pack)
            result = plan_import(
                pack,
                args.files,
                locale=args.locale,
                lint_config=config,
                skip_invalid=args.skip_invalid,
                strict=args.strict,
            )
            written = False
            partial_ok = not result.refused or args.skip_invalid
            if partial_ok and not args.dry_run and result.new_text is not None:
                write_import(result, lock)
                written = True
    except (PackError, ExchangeError, LintConfigError, WriteError) as exc:
        print(f"msgtemplate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"msgtemplate: {args.pack}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        write_json(_as_json(result, written, args.dry_run))
    else:
        write_text(_as_text(result, written, args.dry_run, args.skip_invalid))
    return EXIT_FAILED if result.refused else EXIT_OK


def _as_text(result: ImportResult, written: bool, dry_run: bool, partial: bool = False) -> str:
    lines = [
        f"{note.path}:{note.line}:{note.column}: {note.kind}: {_rest(note)}"
        for note in result.notes
    ]
    path = result.pack.path
    if result.refused and not partial:
        refused = result.count("refused")
        lines.append(
            f"{path}: import refused ({refused} problem{'s' if refused != 1 else ''}); "
            "the pack is unchanged"
        )
        return "\n".join(lines) + "\n"
    updated = sum(1 for c in result.changes if c.text is not None)
    confirmed = sum(1 for c in result.changes if c.text is None)
    locales = ", ".join(dict.fromkeys(result.locales.values()))
    parts = [f"{updated} text{'s' if updated != 1 else ''} {'would be ' if dry_run else ''}updated"]
    if confirmed:
        parts.append(f"{confirmed} confirmed up to date")
    if result.refused:
        refused = result.count("refused")
        parts.append(f"{refused} refused and left out")
    if result.count("skipped"):
        parts.append(f"{result.count('skipped')} skipped")
    parts.append(f"{result.unchanged} unchanged")
    summary = f"{path}: {', '.join(parts)} ({locales})"
    if dry_run:
        summary += "; dry run, nothing written"
    elif not written:
        summary += "; nothing to write"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def _rest(note: Any) -> str:
    return f"{note.unit}: {note.message}" if note.unit else note.message


def _as_json(result: ImportResult, written: bool, dry_run: bool) -> dict[str, object]:
    return {
        "pack": result.pack.path,
        "refused": result.refused,
        "written": written,
        "dryRun": dry_run,
        "locales": result.locales,
        "changes": [
            {
                "unit": change.origin.id,
                "locale": change.locale,
                "old": change.old,
                "new": change.text,
                "sourceHash": change.source_hash,
                "file": change.path,
                "line": change.origin.line,
            }
            for change in result.changes
        ],
        "unchanged": result.unchanged,
        "notes": [note.as_dict() for note in result.notes],
    }
