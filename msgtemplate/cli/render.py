"""``msgtemplate render TEXT --param name=value``: fill one template and print it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from msgtemplate.cli._output import visible, write_utf8
from msgtemplate.cli._params import add_param_options, check_text, given_params
from msgtemplate.cli.exits import EXIT_OK, EXIT_USAGE


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "render",
        help="render one ${placeholder} template",
        description="Render TEXT, a ${placeholder} template, with the given parameters.",
    )
    parser.add_argument("text", metavar="TEXT", help="the template text, e.g. 'Hello, ${who}'")
    add_param_options(parser)
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="leave placeholders without a value as written instead of failing",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from msgtemplate.template.compiled import MissingParameterError, Template
    from msgtemplate.template.syntax import TemplateSyntaxError

    check_text(args.text, "TEXT")  # else what cannot be UTF-8 would be printed as is
    given = given_params(args)
    try:
        template = Template(args.text)
    except TemplateSyntaxError as exc:
        print(f"msgtemplate: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    # A bare template's placeholders are its declaration: a name it does not use is
    # a typo (-p amonut=9), refused even with --lenient, which would hide it.
    given.refuse_undeclared(template.placeholders, "the template")
    try:
        rendered = template.render(given.values, strict=not args.lenient)
    except MissingParameterError as exc:
        print(f"msgtemplate: error: {exc} (pass --param NAME=VALUE)", file=sys.stderr)
        return EXIT_USAGE
    # The message exactly, as UTF-8 whatever the locale says (an ASCII terminal
    # encoding must neither crash the command nor change the text).
    write_utf8(visible(rendered) + "\n")
    return EXIT_OK
