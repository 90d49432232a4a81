"""The send options, defined once: their defaults and their environment variables.

The library's clients (:meth:`~msgtemplate.sender.core.SenderConfig.build`,
:func:`~msgtemplate.sender.client.client_from_env`), ``msgtemplate send`` and
``msgtemplate bulk`` (through :mod:`msgtemplate.cli._send_options`) all read them
from here, so a default or a variable's name cannot drift between them.

Where the credentials come from is decided here too (:func:`read_credentials`): an
explicit value wins, else the environment; an encrypted key's password comes only
from ``MSGTEMPLATE_PRIVATE_KEY_PASSWORD`` (a command-line flag would show in ``ps``).

This module imports nothing heavy (no dataclasses either: named tuples are cheaper
to define): the CLI reads it to build every command's ``--help``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final, NamedTuple

from msgtemplate.api import spec
from msgtemplate.errors import MsgTemplateError

if TYPE_CHECKING:
    from msgtemplate.sender.keys import KeySource, PrivateKey

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_KEY_VERSION",
    "DEFAULT_MAX_ATTEMPTS",
    "DEFAULT_PATH_PREFIX",
    "DEFAULT_RETRY_BACKOFF",
    "DEFAULT_TIMEOUT",
    "ENV_CLIENT_ID",
    "ENV_ENDPOINT",
    "ENV_PRIVATE_KEY",
    "ENV_PRIVATE_KEY_PASSWORD",
    "FLAGS",
    "KEYWORDS",
    "ClientError",
    "Credentials",
    "Spelling",
    "read_credentials",
]

# -------------------------------------------------------------- environment

ENV_ENDPOINT: Final = "MSGTEMPLATE_ENDPOINT"
"""The platform's base URL, ``scheme://host[:port]``, when none is given."""
ENV_CLIENT_ID: Final = "MSGTEMPLATE_CLIENT_ID"
ENV_PRIVATE_KEY: Final = "MSGTEMPLATE_PRIVATE_KEY"
"""The private key: PEM text, bare base64 DER, or the path of a file holding either."""
ENV_PRIVATE_KEY_PASSWORD: Final = "MSGTEMPLATE_PRIVATE_KEY_PASSWORD"  # noqa: S105 - a name
"""An encrypted key's password; the only way to give one (no flag, no keyword)."""

# ----------------------------------------------------------------- defaults

DEFAULT_KEY_VERSION: Final = 1
DEFAULT_PATH_PREFIX: Final = spec.DEFAULT_PATH_PREFIX
"""Before the API path; a platform fact, so it lives in :mod:`msgtemplate.api.spec`."""
DEFAULT_TIMEOUT: Final = 10.0
"""Seconds one attempt may take."""
DEFAULT_MAX_ATTEMPTS: Final = 5
DEFAULT_RETRY_BACKOFF: Final = 0.5
"""Seconds: the ceiling of the first pause, doubled after every attempt."""
DEFAULT_DEADLINE: Final = 60.0
"""Seconds from the first attempt after which no new attempt starts."""


class ClientError(MsgTemplateError):
    """The client cannot be built or cannot send this body (nothing was sent)."""


class Spelling(NamedTuple):
    """How an error names the options a caller can give: keywords or flags."""

    endpoint: str
    client_id: str
    private_key: str


KEYWORDS: Final = Spelling("endpoint=", "client_id=", "private_key=")
FLAGS: Final = Spelling("--endpoint", "--client-id", "--private-key")


class Credentials(NamedTuple):
    """Where a sender goes and who it is: the endpoint, the client id and its key.

    ``key_origin`` names where the key came from (a flag, a keyword or a variable),
    so an error loading it can say which one to fix. The key and its password are
    kept out of the repr.
    """

    endpoint: str
    client_id: str
    private_key: PrivateKey | KeySource
    password: str | None
    key_origin: str

    def __repr__(self) -> str:
        return (
            f"Credentials(endpoint={self.endpoint!r}, client_id={self.client_id!r}, "
            f"key_origin={self.key_origin!r})"
        )

    def load_key(self) -> PrivateKey:
        """The private key, decrypted with the password; a
        :class:`~msgtemplate.errors.SigningError` names :attr:`key_origin`."""
        from msgtemplate.errors import SigningError
        from msgtemplate.sender.keys import PrivateKey, load_private_key

        if isinstance(self.private_key, PrivateKey):
            return self.private_key
        try:
            return load_private_key(self.private_key, self.password)
        except SigningError as exc:
            raise SigningError(f"{self.key_origin}: {exc}") from None


def read_credentials(
    endpoint: str | None = None,
    client_id: str | None = None,
    private_key: PrivateKey | KeySource | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    spelling: Spelling = KEYWORDS,
) -> Credentials:
    """The credentials from the values given, else from the environment.

    Raises :class:`ClientError` naming both ways of giving a missing one
    (``spelling`` says how the caller's options are written).
    """
    env = os.environ if environ is None else environ
    endpoint = endpoint or env.get(ENV_ENDPOINT)
    if not endpoint:
        raise ClientError(f"no endpoint: pass {spelling.endpoint} or set {ENV_ENDPOINT}")
    client_id = client_id or env.get(ENV_CLIENT_ID)
    if not client_id:
        raise ClientError(f"no client id: pass {spelling.client_id} or set {ENV_CLIENT_ID}")
    if private_key:
        origin = spelling.private_key
    else:
        private_key = env.get(ENV_PRIVATE_KEY)
        origin = f"${ENV_PRIVATE_KEY}"
    if not private_key:
        raise ClientError(f"no private key: pass {spelling.private_key} or set {ENV_PRIVATE_KEY}")
    password = env.get(ENV_PRIVATE_KEY_PASSWORD) or None
    return Credentials(endpoint, client_id, private_key, password, origin)
