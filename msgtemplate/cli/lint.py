"""``msgtemplate lint``: check template packs and request bodies (ruff-style)."""

from __future__ import annotations

import argparse
from typing import Any

from msgtemplate.cli.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE

FORMATS = ("text", "json", "sarif", "github")


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "lint",
        help="check template packs and request bodies",
        description=(
            "Check template packs (YAML/JSON) and request bodies (.json) for mistakes: "
            "template syntax, placeholders, locales, API limits, hidden characters..."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or directories (searched for *.yaml, *.yml, *.json); default: .",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: text)",
    )
    parser.add_argument(
        "--select",
        metavar="CODES",
        default=None,
        help="comma-separated rule codes or prefixes to enable (e.g. MT1,MT301)",
    )
    parser.add_argument(
        "--ignore",
        metavar="CODES",
        default=None,
        help="comma-separated rule codes or prefixes to disable",
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default=None,
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    parser.add_argument(
        "--skip-unknown",
        action="store_true",
        default=None,
        help="skip files named explicitly that are neither packs nor request bodies "
        "(the pre-commit hook sets it)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        metavar="PATTERN",
        default=None,
        help="gitignore-style pattern of files or folders a directory search skips, "
        "relative to the current directory (repeatable; replaces the pyproject.toml list)",
    )
    parser.add_argument(
        "--extend-exclude",
        action="append",
        metavar="PATTERN",
        default=None,
        help="like --exclude, but added to the pyproject.toml list",
    )
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        default=None,
        help="apply the exclude patterns to paths named on the command line too "
        "(the pre-commit hook sets it)",
    )
    parser.add_argument(
        "--no-config",
        action="store_true",
        help="ignore [tool.msgtemplate.lint] in pyproject.toml",
    )
    parser.add_argument(
        "--show-rules",
        action="store_true",
        help="list every rule (code, name, severity, summary) and exit",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys
    from dataclasses import replace

    from msgtemplate.cli._output import write_text, write_utf8
    from msgtemplate.lint import LintConfig, LintConfigError, all_rules, lint_paths, load_config
    from msgtemplate.lint.config import EMPTY_SELECT, exclude_patterns, parse_codes
    from msgtemplate.lint.reporters import (
        render_github,
        render_json,
        render_sarif,
        render_text,
    )

    rules = all_rules()
    if args.show_rules:
        write_text("".join(f"{r.code}  {r.name:<32} {r.severity:<8} {r.summary}\n" for r in rules))
        return EXIT_OK
    try:
        config = LintConfig() if args.no_config else load_config()
        if args.select is not None:
            select = parse_codes(args.select, "--select")
            if not select:
                raise LintConfigError(f"--select {EMPTY_SELECT}")
            config = replace(config, select=select)
        if args.ignore is not None:
            config = replace(config, ignore=parse_codes(args.ignore, "--ignore"))
        if args.fail_on is not None:
            config = replace(config, fail_on=args.fail_on)
        if args.skip_unknown:
            config = replace(config, skip_unknown=True)
        if args.exclude is not None:
            patterns = exclude_patterns(args.exclude, "--exclude")
            config = replace(config, exclude=patterns, exclude_root=None)
        if args.extend_exclude is not None:
            extra = exclude_patterns(args.extend_exclude, "--extend-exclude")
            config = replace(config, extend_exclude=extra)
        if args.force_exclude:
            config = replace(config, force_exclude=True)
        config.validated(rule.code for rule in rules)
    except LintConfigError as exc:
        print(f"msgtemplate lint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if config.note:
        print(f"msgtemplate lint: note: {config.note}", file=sys.stderr)

    result = lint_paths(args.paths or ["."], config)
    fmt = args.format or "text"
    if fmt == "json":
        write_utf8(render_json(result))
    elif fmt == "sarif":
        write_utf8(render_sarif(result, rules))
    elif fmt == "github":
        write_text(render_github(result))
    else:
        write_text(render_text(result))
    for error in result.errors:
        print(f"msgtemplate: {error}", file=sys.stderr)
    if result.errors:
        return EXIT_USAGE
    return EXIT_FAILED if any(config.fails(f.severity) for f in result.findings) else EXIT_OK
