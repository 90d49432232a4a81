"""``msgtemplate send``: sign and send one message, and say truthfully what happened.

The body is either a request-body file (``--body FILE``) or built from ``PACK CODE``
like ``msgtemplate payload``. Either way it is linted with the request-body rules
first; a body with errors is never sent. Exit codes: 0 delivered (``S``), 1 refused
(``F``), 75 unknown after every attempt (``U``), 2 usage or input errors.

The send options (endpoint, credentials, retries, timeout) and their environment
variables are shared with ``bulk`` (:mod:`msgtemplate.cli._send_options`).

Secrets: ``--private-key`` / ``MSGTEMPLATE_PRIVATE_KEY`` hold what the library's key
loader takes (:mod:`msgtemplate.sender.keys`): PEM text, bare base64 DER, or the path of a
file holding either; the key's password comes only
from ``MSGTEMPLATE_PRIVATE_KEY_PASSWORD`` (a flag would show in ``ps``). Output and
logs never show the access token, the key or a signature.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from msgtemplate.cli._send_options import (
    ENVIRONMENT_HELP,
    add_send_options,
    check_send_options,
    sender_config,
)
from msgtemplate.cli.exits import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNKNOWN,
    EXIT_USAGE,
)
from msgtemplate.cli.payload import add_payload_options

if TYPE_CHECKING:
    from msgtemplate.sender.client import MessageClient, SendOutcome

# Payload options that only mean something when the body is built from PACK CODE.
_BUILD_ONLY = (
    ("access_token", "--access-token"),
    ("request_id", "--request-id"),
    ("locale", "--locale"),
    ("param", "--param"),
    ("params_file", "--params-file"),
    ("use_examples", "--use-examples"),
    ("app_id", "--app-id"),
    ("extend_info", "--extend-info"),
)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "send",
        help="sign and send one message",
        description="Send one message: either a request body file (--body) or one built "
        "from PACK and CODE like `msgtemplate payload`. The body is linted first and "
        "never sent with errors. Exit codes: 0 delivered (S), 1 refused (F), 75 unknown "
        "after every attempt (U: resending with the same requestId is safe), 2 usage or "
        "input errors.",
        epilog=ENVIRONMENT_HELP,
    )
    parser.add_argument("--body", metavar="FILE", help="a request body (JSON) to send as is")
    add_payload_options(parser, for_send=True)
    add_send_options(parser)
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the signed request (secrets redacted) instead of sending it",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="log each attempt on stderr (no secrets)"
    )
    parser.set_defaults(run=run)


def _fail(message: str) -> int:
    print(f"msgtemplate: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    problem = _check_usage(args) or check_send_options(args)
    if problem is not None:
        return _fail(problem)
    body = _body_from_file(args.body) if args.body else _body_from_pack(args)
    if body is None:
        return EXIT_USAGE
    if args.verbose:
        _enable_logging()

    from msgtemplate.errors import MsgTemplateError

    try:
        client = _make_client(args)
    except MsgTemplateError as exc:
        return _fail(str(exc))
    with client:
        if args.dry_run:
            return _dry_run(client, body, args.format)
        try:
            with _progress(client, body, quiet=args.verbose):
                outcome = client.send(body)
        except MsgTemplateError as exc:
            return _fail(str(exc))
        except KeyboardInterrupt:
            # Stopped mid-flight: as unknown as U, so say the same thing.
            rid = body.get("requestId")
            print(
                f"msgtemplate: interrupted: requestId {rid} MAY have been delivered; "
                "resending with the same requestId is safe",
                file=sys.stderr,
            )
            return EXIT_INTERRUPTED
    return _report(outcome, args.format)


def _check_usage(args: argparse.Namespace) -> str | None:
    if args.body:
        if args.pack is not None:
            return "give either --body FILE or PACK CODE, not both"
        given = [flag for attr, flag in _BUILD_ONLY if getattr(args, attr)]
        if given:
            return f"{', '.join(given)} only apply when building the body from PACK CODE"
        return None
    if args.pack is None or args.code is None:
        return "give --body FILE, or PACK CODE (with --access-token and --request-id)"
    missing = [
        flag
        for attr, flag in (("access_token", "--access-token"), ("request_id", "--request-id"))
        if not getattr(args, attr)
    ]
    if missing:
        return f"building the body from PACK CODE needs {' and '.join(missing)}"
    return None


def _body_from_pack(args: argparse.Namespace) -> dict[str, Any] | None:
    # build_request runs the same request-body checks the linter does.
    from msgtemplate.cli.payload import build_body

    return build_body(args)


def _body_from_file(path: str) -> dict[str, Any] | None:
    """The body in ``path`` if the linter finds no error in it (findings are printed)."""
    from msgtemplate.document.source import DocumentError, MappingNode, load_document, to_python
    from msgtemplate.lint import lint_document

    try:
        document = load_document(path)
    except DocumentError as exc:
        print(f"msgtemplate: {exc}", file=sys.stderr)
        return None
    root = document.root
    if not isinstance(root, MappingNode) or not {"templateCode", "templates"} <= set(root.keys()):
        print(
            f"msgtemplate: {path}:1:1: not a request body (top-level 'templateCode' and "
            "'templates')",
            file=sys.stderr,
        )
        return None
    findings = lint_document(document)
    for finding in findings:
        print(
            f"msgtemplate: {finding.path}:{finding.line}:{finding.column}: "
            f"{finding.severity}: {finding.code} {finding.message}",
            file=sys.stderr,
        )
    errors = sum(1 for finding in findings if finding.severity == "error")
    if errors:
        print(
            f"msgtemplate: not sent: {path} has {errors} error{'s' if errors > 1 else ''}",
            file=sys.stderr,
        )
        return None
    data = to_python(root)
    assert isinstance(data, dict)
    return data


def _make_client(args: argparse.Namespace) -> MessageClient:
    from msgtemplate.sender.client import MessageClient

    return MessageClient.from_config(sender_config(args))


SLOW_NOTICE_AFTER = 3.0
"""Seconds of silence after which a send without ``-v`` says it is still going."""
SLOW_NOTICE_EVERY = 10.0


@contextmanager
def _progress(client: MessageClient, body: dict[str, Any], *, quiet: bool) -> Iterator[None]:
    """While the body is on its way, say so on stderr every few seconds.

    Without it a slow platform leaves the user staring at nothing for up to a minute
    (``-v`` already logs every attempt, so it stays quiet then).
    """
    import threading
    import time

    done = threading.Event()
    started = time.monotonic()

    def tick() -> None:
        wait = SLOW_NOTICE_AFTER
        while not done.wait(wait):
            elapsed = time.monotonic() - started
            print(
                f"msgtemplate: still sending requestId {body.get('requestId')} to "
                f"{client.endpoint} ({elapsed:.0f} s so far; each attempt takes at most "
                f"{client.timeout:g} s, at most {client.config.policy.max_attempts} attempts; "
                "-v shows each one)",
                file=sys.stderr,
                flush=True,
            )
            wait = SLOW_NOTICE_EVERY

    thread = None if quiet else threading.Thread(target=tick, daemon=True)
    if thread is not None:
        thread.start()
    try:
        yield
    finally:
        done.set()
        if thread is not None:
            thread.join()


def _enable_logging() -> None:
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("msgtemplate: %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("msgtemplate")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _dry_run(client: MessageClient, body: dict[str, Any], output: str) -> int:
    from msgtemplate.cli._output import write_json

    prepared = client.prepare(body)
    if output == "json":
        write_json(prepared.redacted_json())
    else:
        print("# dry run: nothing was sent; the access token and signature are redacted")
        print(prepared.render_redacted())
    return EXIT_OK


def _report(outcome: SendOutcome, output: str) -> int:
    from msgtemplate.cli._output import write_json

    code = {"S": EXIT_OK, "F": EXIT_FAILED}.get(outcome.status, EXIT_UNKNOWN)
    if output == "json":
        write_json(outcome.to_json())
        return code
    tries = f"{outcome.attempts} attempt{'s' if outcome.attempts != 1 else ''}"
    rid = outcome.request_id
    if outcome.status == "S":
        print(f"delivered: requestId {rid} was accepted (S {outcome.result_code}) after {tries}")
    elif outcome.status == "F":
        # An HTTP error without a result came from the server, not the API's answer.
        who = "server" if outcome.result_code == f"HTTP_{outcome.http_status}" else "platform"
        print(f"failed: the {who} refused requestId {rid} (F) after {tries}")
        print(f"  resultCode: {outcome.result_code}")
        print(f"  resultMessage: {outcome.result_message or '(none)'}")
    elif outcome.not_delivered:
        # Still U (exit 75: try again later), but nothing can have been delivered.
        last = outcome.result_message or outcome.result_code or "no answer"
        print(f"not delivered: requestId {rid} after {tries}: {last}")
        print(f"  Sending it again later with the same requestId ({rid}) is safe.")
    else:
        last = outcome.result_code or outcome.result_message or "no answer"
        print(f"unknown: no definite answer for requestId {rid} after {tries} (last: {last})")
        print("  The message MAY have been delivered, or not.")
        print(
            f"  Resending with the same requestId ({rid}) is safe: the platform delivers "
            "one message per requestId."
        )
    return code
