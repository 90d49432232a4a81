"""``msgtemplate payload PACK CODE ...``: build the request body for one message and print it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from msgtemplate.cli._output import write_json
from msgtemplate.cli._params import add_locale_option, add_param_options
from msgtemplate.cli.exits import EXIT_OK, EXIT_USAGE


def add_payload_options(parser: argparse.ArgumentParser, *, for_send: bool = False) -> None:
    """The options that say which message to build (shared by ``payload`` and ``send``)."""
    if for_send:
        parser.add_argument("pack", nargs="?", metavar="PACK", help="the template pack file")
        parser.add_argument("code", nargs="?", metavar="CODE", help="the template code")
    else:
        parser.add_argument("pack", metavar="PACK", help="the template pack file")
        parser.add_argument("code", metavar="CODE", help="the template code")
    parser.add_argument(
        "--access-token",
        metavar="TOKEN",
        required=not for_send,
        help="the recipient's access token",
    )
    parser.add_argument(
        "--request-id",
        metavar="ID",
        required=not for_send,
        help="unique per message: the idempotency key",
    )
    add_locale_option(parser, help="a locale the recipient reads, best first (repeatable)")
    add_param_options(parser)
    parser.add_argument(
        "--use-examples",
        action="store_true",
        help="fill parameters not given from the pack's `example` values",
    )
    parser.add_argument(
        "--app-id", metavar="ID", help="the Mini Program's app ID (default: the pack's)"
    )
    parser.add_argument("--extend-info", metavar="TEXT", help="the extendInfo string")


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "payload",
        help="print the request body for one message",
        description="Build the POST /v2/miniprogram/message/send body for template CODE of PACK "
        "and print it as JSON.",
    )
    add_payload_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    body = build_body(args)
    if body is None:
        return EXIT_USAGE
    write_json(body)
    return EXIT_OK


def build_body(args: argparse.Namespace) -> dict[str, Any] | None:
    """The request body the payload options describe, or None after printing why not.

    Library errors with a position print as ``msgtemplate: path:line:col: message``;
    a body that breaks the API's rules prints every violation, one per line.
    """
    from msgtemplate.cli._params import given_params, notice_unmatched
    from msgtemplate.errors import MsgTemplateError
    from msgtemplate.pack import load_pack
    from msgtemplate.pack.request import RequestError, build_request, example_params

    try:
        given = given_params(args)
        pack = load_pack(args.pack)
        template = pack.template(args.code)
        given.refuse_undeclared(template.parameters, f"template {template.code}")
        notice_unmatched(template, args.locale)
        params = given.values
        if args.use_examples:
            params = example_params(template, params)
        return build_request(
            pack,
            args.code,
            access_token=args.access_token,
            request_id=args.request_id,
            params=params,
            locales=args.locale,
            app_id=args.app_id,
            extend_info=args.extend_info,
        )
    except RequestError as exc:
        print_request_error(exc)
    except MsgTemplateError as exc:
        hint = "" if args.use_examples else _missing_hint(exc)
        print(f"msgtemplate: {exc}{hint}", file=sys.stderr)
    return None


def print_request_error(exc: Any) -> None:
    if not exc.violations:
        print(f"msgtemplate: error: {exc.message}", file=sys.stderr)
        return
    # A value repeated in every language breaks the rule once, where the user typed it.
    grouped = exc.grouped()
    count = len(grouped)
    print(
        f"msgtemplate: error: the request body breaks {count} API rule{'s' if count > 1 else ''}:",
        file=sys.stderr,
    )
    from msgtemplate.lint.body import rule_of

    for violation, message in grouped:
        print(f"  {rule_of(violation).code} {message}", file=sys.stderr)


def _missing_hint(exc: Exception) -> str:
    from msgtemplate.formatting import ParameterError

    if isinstance(exc, ParameterError) and exc.reason.startswith("no value given"):
        return " (pass --param NAME=VALUE, or --use-examples to fill from the pack's examples)"
    return ""
