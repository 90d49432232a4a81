"""The send options of every command that sends (``send``, ``bulk run``, ``bulk worker``).

One definition, so the commands cannot drift: :func:`add_send_options` adds the
endpoint, credential, path-prefix, key-version, platform-key, attempt and timeout
flags to a subparser; :func:`check_send_options` refuses the numbers argparse lets
through; :func:`sender_config` turns the parsed flags (and the environment) into
the library's checked :class:`~msgtemplate.sender.core.SenderConfig`. Defaults and
variable names come from :mod:`msgtemplate.sender.config`, as the library's do.

A command then makes its client with ``MessageClient.from_config(config)`` (or the
async one). Only ``argparse`` and the light config module are imported up front.
"""

from __future__ import annotations

import argparse
import math
from typing import TYPE_CHECKING, Final

from msgtemplate.sender import config as options

if TYPE_CHECKING:
    from msgtemplate.sender.core import SenderConfig

ENVIRONMENT_HELP = (
    f"Environment: {options.ENV_ENDPOINT}, {options.ENV_CLIENT_ID}, {options.ENV_PRIVATE_KEY} "
    f"(PEM text, base64 DER or a path), {options.ENV_PRIVATE_KEY_PASSWORD} (the key's "
    "password; there is no flag for it)."
)
"""For a command's ``epilog``: the variables :func:`sender_config` reads."""


_OPTIONS: Final[tuple[tuple[str, type, object, str, str], ...]] = (
    (
        "--endpoint",
        str,
        None,
        "URL",
        "the platform's base URL, scheme://host[:port] without a path (https://...; "
        f"default: ${options.ENV_ENDPOINT})",
    ),
    ("--client-id", str, None, "ID", f"the client id (default: ${options.ENV_CLIENT_ID})"),
    (
        "--private-key",
        str,
        None,
        "KEY",
        "the RSA private key: a path, PEM text or base64 DER "
        f"(default: ${options.ENV_PRIVATE_KEY})",
    ),
    (
        "--key-version",
        int,
        options.DEFAULT_KEY_VERSION,
        "N",
        f"keyVersion (default: {options.DEFAULT_KEY_VERSION})",
    ),
    (
        "--path-prefix",
        str,
        options.DEFAULT_PATH_PREFIX,
        "P",
        f"URL prefix before /v2/miniprogram/message/send (default: {options.DEFAULT_PATH_PREFIX})",
    ),
    (
        "--platform-public-key",
        str,
        None,
        "KEY",
        "verify response signatures with the platform's public key (path, PEM or base64 DER)",
    ),
    (
        "--max-attempts",
        int,
        options.DEFAULT_MAX_ATTEMPTS,
        "N",
        f"attempts in all (default: {options.DEFAULT_MAX_ATTEMPTS})",
    ),
    (
        "--retry-backoff",
        float,
        options.DEFAULT_RETRY_BACKOFF,
        "S",
        f"base of the exponential backoff, seconds (default: {options.DEFAULT_RETRY_BACKOFF:g})",
    ),
    (
        "--timeout",
        float,
        options.DEFAULT_TIMEOUT,
        "S",
        f"per attempt (default: {options.DEFAULT_TIMEOUT:g})",
    ),
)
"""Each send option: flag, type, default, metavar, help."""


def add_send_options(parser: argparse.ArgumentParser) -> None:
    """Add the send options (endpoint, credentials, retries, timeout) to ``parser``."""
    group = parser.add_argument_group("sending")
    for flag, kind, default, metavar, help_text in _OPTIONS:
        group.add_argument(flag, type=kind, default=default, metavar=metavar, help=help_text)


def check_send_options(args: argparse.Namespace) -> str | None:
    """What is wrong with numeric flags argparse lets through (``nan``, ``inf``, 0,
    negatives), as one line naming the flag; None when nothing is."""
    if not (math.isfinite(args.timeout) and args.timeout > 0):
        return f"--timeout must be a number of seconds > 0, got {args.timeout}"
    if not (math.isfinite(args.retry_backoff) and args.retry_backoff >= 0):
        return f"--retry-backoff must be a number of seconds >= 0, got {args.retry_backoff}"
    if args.max_attempts < 1:
        return f"--max-attempts must be at least 1, got {args.max_attempts}"
    if args.key_version < 0:
        return f"--key-version must not be negative, got {args.key_version}"
    return None


def sender_config(args: argparse.Namespace) -> SenderConfig:
    """The checked sender settings from the send options and the environment.

    Raises a :class:`~msgtemplate.errors.MsgTemplateError` (``ClientError`` or
    ``SigningError``) whose message names the flag or variable to fix; never
    shows a key, a password or a token.
    """
    from msgtemplate.errors import SigningError
    from msgtemplate.sender.core import SenderConfig
    from msgtemplate.sender.keys import load_public_key

    credentials = options.read_credentials(
        args.endpoint, args.client_id, args.private_key, spelling=options.FLAGS
    )
    private_key = credentials.load_key()
    platform_key = None
    if args.platform_public_key:
        try:
            platform_key = load_public_key(args.platform_public_key)
        except SigningError as exc:
            raise SigningError(f"--platform-public-key: {exc}") from None
    return SenderConfig.build(
        credentials.endpoint,
        credentials.client_id,
        private_key,
        key_version=args.key_version,
        path_prefix=args.path_prefix,
        timeout=args.timeout,
        max_attempts=args.max_attempts,
        retry_backoff=args.retry_backoff,
        platform_public_key=platform_key,
    )
