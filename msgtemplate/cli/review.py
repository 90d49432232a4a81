"""``msgtemplate review``: a review gallery of every template x locale, in the browser.

Writes a static site (``-o DIR``), optionally marking what changed since a git
revision (``--baseline REV``), or serves it with live reload (``--serve``). The exit
code follows ``msgtemplate lint``: 0 clean, 1 findings at the fail level, 2 bad input.
"""

from __future__ import annotations

import argparse
from typing import Any

from msgtemplate.cli._params import add_locale_option
from msgtemplate.cli.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "review",
        help="write a review gallery (static HTML) of every template in every locale",
        description=(
            "Render every template x locale of the packs as its reader sees it on its "
            "channel (push banner, inbox card, SMS bubble), with lint findings in the card "
            "they concern, into a static site in DIR (index.html). Exit code as lint: 0 "
            "clean, 1 findings, 2 bad input."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PACK_OR_DIR",
        help="pack files or folders (searched for *.yaml, *.yml, *.json as lint does)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        default=None,
        help="folder to write the site into (created if missing; required without --serve)",
    )
    parser.add_argument(
        "--baseline",
        metavar="REV",
        default=None,
        help="mark what changed since git revision REV (read with git show, no checkout)",
    )
    add_locale_option(
        parser,
        help="only the variants readers of TAG get (repeatable; default: every variant)",
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        default=None,
        help="lowest finding severity that makes the exit code 1 (default: lint's setting)",
    )
    parser.add_argument(
        "--no-config", action="store_true", help="ignore [tool.msgtemplate.lint] in pyproject.toml"
    )
    parser.add_argument(
        "--serve",
        action="store_true",
        help="serve the gallery on 127.0.0.1 and rebuild it when a pack changes "
        "(needs the review extra: pip install 'msgtemplate[review]')",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8700,
        metavar="N",
        help="port for --serve (default 8700; 0 picks a free one)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys
    from dataclasses import replace

    from msgtemplate.lint import LintConfig, LintConfigError, load_config
    from msgtemplate.locales import LocaleError
    from msgtemplate.review import BaselineError

    if args.output is None and not args.serve:
        print("msgtemplate review: -o DIR is required (or --serve)", file=sys.stderr)
        return EXIT_USAGE
    if not 0 <= args.port <= 65535:
        print(f"msgtemplate review: --port {args.port}: not a port (0-65535)", file=sys.stderr)
        return EXIT_USAGE
    try:
        config = LintConfig() if args.no_config else load_config()
        if args.fail_on is not None:
            config = replace(config, fail_on=args.fail_on)
    except LintConfigError as exc:
        print(f"msgtemplate review: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.serve:
        return _serve(args, config)
    try:
        gallery, index = _build(args, config)
    except BaselineError as exc:
        print(f"msgtemplate review: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except LocaleError as exc:
        print(f"msgtemplate review: --locale: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"msgtemplate review: {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    for error in gallery.errors:
        print(f"msgtemplate: {error}", file=sys.stderr)
    print(_describe(gallery, str(index)))
    if gallery.errors:
        return EXIT_USAGE
    return EXIT_FAILED if any(config.fails(f.severity) for f in gallery.findings) else EXIT_OK


def _build(args: argparse.Namespace, config: Any) -> tuple[Any, Any]:
    from msgtemplate.review import build_gallery, open_baseline, write_site

    baseline = open_baseline(args.baseline, args.paths[0]) if args.baseline else None
    gallery = build_gallery(args.paths, config, baseline=baseline, locales=args.locale)
    return gallery, write_site(gallery, args.output)


def _describe(gallery: Any, where: str) -> str:
    cards = list(gallery.cards())
    templates = sum(len(p.templates) for p in gallery.packs)
    errors = sum(1 for f in gallery.findings if f.severity == "error")
    warnings = len(gallery.findings) - errors
    line = (
        f"{where}: {templates} template{'s' if templates != 1 else ''}, "
        f"{len(cards)} card{'s' if len(cards) != 1 else ''}, "
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )
    if gallery.baseline is not None:
        changed = sum(1 for c in cards if c.change == "changed")
        line += (
            f"; since {gallery.baseline}: {changed} changed, {len(gallery.added())} added, "
            f"{len(gallery.removed)} removed"
        )
    return line


def _serve(args: argparse.Namespace, config: Any) -> int:
    import sys
    import tempfile
    from pathlib import Path

    from msgtemplate.cli._extras import check_extra

    missing = check_extra("review")  # only --serve needs the extra; a static site does not
    if missing is not None:
        print(missing, file=sys.stderr)
        return EXIT_USAGE
    from msgtemplate.locales import LocaleError, normalize_requested
    from msgtemplate.review import BaselineError, open_baseline, server

    try:
        for tag in args.locale:
            normalize_requested(tag)
        baseline = open_baseline(args.baseline, args.paths[0]) if args.baseline else None
    except BaselineError as exc:
        print(f"msgtemplate review: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except LocaleError as exc:
        print(f"msgtemplate review: --locale: {exc}", file=sys.stderr)
        return EXIT_USAGE
    with tempfile.TemporaryDirectory(prefix="msgtemplate-review-") as scratch:
        output = Path(args.output if args.output is not None else scratch)
        live = server.LiveReview(args.paths, config, output, baseline, args.locale)
        try:
            output.mkdir(parents=True, exist_ok=True)
            sock = server.bind(args.port)
        except OSError as exc:
            print(f"msgtemplate review: cannot serve: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
        with sock:
            build = live.rebuild()
            port = sock.getsockname()[1]
            if build.gallery is not None:
                print(_describe(build.gallery, str(output / "index.html")))
            print(f"Serving http://127.0.0.1:{port}/ (rebuilds when a pack changes; Ctrl+C stops)")
            sys.stdout.flush()
            server.run(live, sock)
    return EXIT_OK
