"""RSA256 request signing and response verification for the Mini Program OpenAPI.

The platform signs ``<METHOD> <URI>\\n<Client-Id>.<time>.<body>`` with SHA256withRSA
(RSASSA-PKCS1-v1_5), base64-encodes the signature, percent-encodes that text and
carries it in ``Signature: algorithm=RSA256, keyVersion=N, signature=...``. Requests
use the ``Request-Time`` header, responses ``Response-Time``; everything else is
the same, so the client and the sandbox share the helpers at the bottom of this
module.

Keys are loaded, checked and wrapped by :mod:`msgtemplate.sender.keys` (re-exported here
for convenience); nothing here ever shows key material or a whole signature.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Final
from urllib.parse import quote, unquote

from msgtemplate._text import iso8601
from msgtemplate.api import spec
from msgtemplate.errors import SigningError
from msgtemplate.sender.keys import (
    DEFAULT_KEY_BITS,
    KeySource,
    PrivateKey,
    PublicKey,
    generate_key_pair,
    load_private_key,
    load_public_key,
)

__all__ = [
    "DEFAULT_KEY_BITS",
    "KeySource",
    "PrivateKey",
    "PublicKey",
    "SignatureHeader",
    "SigningError",
    "content_to_sign",
    "format_signature_header",
    "format_timestamp",
    "generate_key_pair",
    "load_private_key",
    "load_public_key",
    "parse_signature_header",
    "parse_timestamp",
    "redact",
    "sign",
    "sign_request",
    "sign_response",
    "verify",
    "verify_signed",
]


def redact(secret: str, keep: int = 4) -> str:
    """``abcd…`` : at most ``keep`` leading characters of a secret, for logs and reprs."""
    if not secret:
        return "…"
    # Short secrets would be fully revealed by a fixed-length prefix.
    shown = secret[: min(keep, len(secret) // 4)]
    return f"{shown}…"


# ------------------------------------------------------------- content and signatures


def content_to_sign(method: str, uri: str, client_id: str, timestamp: str, body: bytes) -> bytes:
    """``<METHOD> <URI>\\n<Client-Id>.<time>.<body>``: the exact bytes that are signed."""
    for name, value in (("method", method), ("uri", uri), ("client id", client_id)):
        if not value or "\n" in value or "\r" in value:
            raise SigningError(f"{name} must be a non-empty single line")
    if "\n" in timestamp or "\r" in timestamp:
        raise SigningError("timestamp must be a single line")
    head = f"{method} {uri}\n{client_id}.{timestamp}."
    return head.encode() + body  # UTF-8


def sign(content: bytes, key: PrivateKey) -> str:
    """Base64 (standard alphabet, padded) SHA256withRSA signature of ``content``."""
    return base64.b64encode(key.sign_raw(content)).decode()  # ASCII, so any decoding


def verify(content: bytes, signature_b64: str, public_key: PublicKey) -> bool:
    """Whether ``signature_b64`` is a valid base64 SHA256withRSA signature of ``content``."""
    try:
        raw = base64.b64decode(signature_b64, validate=True)
    except (binascii.Error, ValueError):
        return False
    return public_key.verify_raw(content, raw)


@dataclass(frozen=True, slots=True)
class SignatureHeader:
    """A parsed ``Signature`` header; ``signature`` is the (URL-decoded) base64 text."""

    algorithm: str
    key_version: int | None
    signature: str = field(repr=False)

    def __repr__(self) -> str:
        return (
            f"SignatureHeader(algorithm={self.algorithm!r}, key_version={self.key_version!r}, "
            f"signature={redact(self.signature)!r})"
        )


_B64_RE: Final = re.compile(r"[A-Za-z0-9+/]+={0,2}")


def _is_base64(text: str) -> bool:
    return _B64_RE.fullmatch(text) is not None and len(text) % 4 == 0


def format_signature_header(signature_b64: str, key_version: int | None = 1) -> str:
    """``algorithm=RSA256, keyVersion=1, signature=<percent-encoded base64>``.

    With ``key_version=None`` the ``keyVersion`` part is left out (the platform then
    uses the latest key).
    """
    if not isinstance(signature_b64, str) or not _is_base64(signature_b64):
        # A header the platform would refuse as malformed: say so here, without the value.
        raise SigningError("the signature must be standard base64 (what sign() returns)")
    parts = [f"algorithm={spec.SIGNATURE_ALGORITHM}"]
    if key_version is not None:
        if isinstance(key_version, bool) or not isinstance(key_version, int) or key_version < 0:
            raise SigningError("keyVersion must be a non-negative integer")
        parts.append(f"keyVersion={key_version}")
    parts.append(f"signature={quote(signature_b64, safe='')}")
    return ", ".join(parts)


def parse_signature_header(value: str) -> SignatureHeader:
    """Parse a ``Signature`` header. Spaces and the case of names/algorithm do not matter.

    ``algorithm`` defaults to RSA256 and ``keyVersion`` to ``None`` (the latest key)
    when absent; unknown parameters are ignored. Garbage raises :class:`SigningError`.
    """
    found: dict[str, str] = {}
    for chunk in value.split(","):
        part = chunk.strip()
        if not part:
            continue
        name, sep, raw = part.partition("=")
        name = name.strip().lower()
        if not sep or not name:
            raise SigningError("malformed Signature header: expected name=value pairs")
        if name in found:
            raise SigningError(f"malformed Signature header: {name!r} appears twice")
        found[name] = raw.strip()
    algorithm = found.get("algorithm", spec.SIGNATURE_ALGORITHM).upper()
    if not algorithm.isalnum():
        raise SigningError("malformed Signature header: bad algorithm")
    key_version: int | None = None
    if "keyversion" in found:
        text = found["keyversion"]
        if not text.isascii() or not text.isdigit():
            raise SigningError("malformed Signature header: keyVersion must be an integer")
        key_version = int(text)
    if "signature" not in found:
        raise SigningError("malformed Signature header: no signature")
    signature = unquote(found["signature"])
    if not _is_base64(signature):
        raise SigningError("malformed Signature header: signature is not base64")
    return SignatureHeader(algorithm, key_version, signature)


# ---------------------------------------------------------------------- timestamps


def format_timestamp(dt: datetime) -> str:
    """ISO 8601 with offset and millisecond precision: ``2019-04-04T12:08:56.253+05:30``."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise SigningError("a timestamp needs a timezone (use an aware datetime)")
    return dt.isoformat(timespec="milliseconds")


def parse_timestamp(value: str) -> datetime:
    """Parse an ISO 8601 timestamp that carries an offset (``Z`` or ``±hh:mm``)."""
    fields = iso8601.read_timestamp(value.strip())
    if fields is None:
        raise SigningError("not an ISO 8601 timestamp with an offset")
    try:
        return fields.datetime()
    except iso8601.OffsetRangeError:
        raise SigningError("timestamp offset out of range") from None
    except ValueError:
        raise SigningError("timestamp out of range") from None


# ------------------------------------------------------- one implementation, two sides


def _signed_headers(
    method: str,
    uri: str,
    client_id: str,
    body: bytes,
    key: PrivateKey,
    *,
    key_version: int | None,
    now: datetime | None,
    time_header: str,
) -> dict[str, str]:
    timestamp = format_timestamp(now if now is not None else datetime.now(timezone.utc))
    signature = sign(content_to_sign(method, uri, client_id, timestamp, body), key)
    return {
        spec.HEADER_CLIENT_ID: client_id,
        time_header: timestamp,
        spec.HEADER_SIGNATURE: format_signature_header(signature, key_version),
        "Content-Type": spec.CONTENT_TYPE,
    }


def sign_request(
    method: str,
    uri: str,
    client_id: str,
    body: bytes,
    key: PrivateKey,
    *,
    key_version: int | None = 1,
    now: datetime | None = None,
) -> dict[str, str]:
    """The ``Client-Id``, ``Request-Time``, ``Signature`` and ``Content-Type`` headers.

    ``uri`` is the path that is signed (e.g. ``/api/open/v2/miniprogram/message/send``),
    ``body`` the exact bytes that go on the wire; ``now`` defaults to the current time.
    """
    return _signed_headers(
        method,
        uri,
        client_id,
        body,
        key,
        key_version=key_version,
        now=now,
        time_header=spec.HEADER_REQUEST_TIME,
    )


def sign_response(
    method: str,
    uri: str,
    client_id: str,
    body: bytes,
    key: PrivateKey,
    *,
    key_version: int | None = 1,
    now: datetime | None = None,
) -> dict[str, str]:
    """Like :func:`sign_request` with ``Response-Time``: what the platform (sandbox) sends."""
    return _signed_headers(
        method,
        uri,
        client_id,
        body,
        key,
        key_version=key_version,
        now=now,
        time_header=spec.HEADER_RESPONSE_TIME,
    )


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def verify_signed(
    method: str,
    uri: str,
    headers: Mapping[str, str],
    body: bytes,
    public_key: PublicKey,
    *,
    time_header: str = spec.HEADER_REQUEST_TIME,
) -> bool:
    """Whether a request (or, with ``time_header="Response-Time"``, a response) is signed.

    Header names are matched case-insensitively. A missing header, a malformed
    ``Signature`` header or an algorithm other than RSA256 gives ``False``, never an
    exception. Clock skew is not checked here (the sandbox does that separately).
    """
    client_id = _header(headers, spec.HEADER_CLIENT_ID)
    timestamp = _header(headers, time_header)
    header = _header(headers, spec.HEADER_SIGNATURE)
    if not client_id or not timestamp or not header:
        return False
    try:
        parsed = parse_signature_header(header)
        content = content_to_sign(method, uri, client_id, timestamp, body)
    except SigningError:
        return False
    if parsed.algorithm != spec.SIGNATURE_ALGORITHM:
        return False
    return verify(content, parsed.signature, public_key)
