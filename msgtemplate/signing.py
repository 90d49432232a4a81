"""RSA256 request signing and response verification for the Mini Program OpenAPI.

The platform signs ``<METHOD> <URI>\\n<Client-Id>.<time>.<body>`` with SHA256withRSA
(RSASSA-PKCS1-v1_5), base64-encodes the signature, percent-encodes that text and
carries it in ``Signature: algorithm=RSA256, keyVersion=N, signature=...``. Requests
use the ``Request-Time`` header, responses ``Response-Time``; everything else is
the same, so the client and the sandbox share the helpers at the bottom of this
module.

Key objects are wrapped so that their ``repr``/``str`` (and every error raised
here) never shows key material; a public-key fingerprint is shown instead.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Final
from urllib.parse import quote, unquote

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from msgtemplate import iso8601, spec
from msgtemplate.errors import MsgTemplateError

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

DEFAULT_KEY_BITS: Final = spec.RSA_KEY_BITS
"""The platform issues and expects 2048-bit RSA key pairs."""

KeySource = bytes | str | os.PathLike[str]
"""PEM bytes, PEM text, or a path to a PEM file (bare base64 DER is accepted too)."""

_PEM_MARKER: Final = "-----BEGIN"
_PADDING: Final = padding.PKCS1v15()
_HASH: Final = hashes.SHA256()


class SigningError(MsgTemplateError):
    """A key, signature header or timestamp could not be used. Never shows secrets."""


def redact(secret: str, keep: int = 4) -> str:
    """``abcd…`` : at most ``keep`` leading characters of a secret, for logs and reprs."""
    if not secret:
        return "…"
    # Short secrets would be fully revealed by a fixed-length prefix.
    shown = secret[: min(keep, len(secret) // 4)]
    return f"{shown}…"


# --------------------------------------------------------------------------- keys


def _fingerprint(public: rsa.RSAPublicKey) -> str:
    der = public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()[:16]


class PublicKey:
    """An RSA public key (SubjectPublicKeyInfo); verifies RSA256 signatures."""

    __slots__ = ("_key",)

    def __init__(self, key: rsa.RSAPublicKey) -> None:
        if not isinstance(key, rsa.RSAPublicKey):
            raise SigningError("RSA256 needs an RSA public key")
        self._key = key

    @property
    def key_size(self) -> int:
        return self._key.key_size

    @property
    def fingerprint(self) -> str:
        """First 16 hex digits of SHA-256 over the DER SubjectPublicKeyInfo."""
        return _fingerprint(self._key)

    @property
    def cryptography_key(self) -> rsa.RSAPublicKey:
        return self._key

    def verify_raw(self, content: bytes, signature: bytes) -> bool:
        """Whether ``signature`` (raw bytes) is a SHA256withRSA signature of ``content``."""
        try:
            self._key.verify(signature, content, _PADDING, _HASH)
        except InvalidSignature:
            return False
        return True

    def to_pem(self) -> bytes:
        return self._key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PublicKey):
            return NotImplemented
        return self._key.public_numbers() == other._key.public_numbers()

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __repr__(self) -> str:
        return f"<PublicKey RSA-{self.key_size} sha256:{self.fingerprint}>"

    __str__ = __repr__


class PrivateKey:
    """An RSA private key. Its repr shows the size and public fingerprint only."""

    __slots__ = ("_key",)

    def __init__(self, key: rsa.RSAPrivateKey) -> None:
        if not isinstance(key, rsa.RSAPrivateKey):
            raise SigningError("RSA256 needs an RSA private key")
        self._key = key

    @property
    def key_size(self) -> int:
        return self._key.key_size

    @property
    def fingerprint(self) -> str:
        """The fingerprint of the matching public key (safe to show)."""
        return _fingerprint(self._key.public_key())

    @property
    def cryptography_key(self) -> rsa.RSAPrivateKey:
        return self._key

    def public_key(self) -> PublicKey:
        return PublicKey(self._key.public_key())

    def sign_raw(self, content: bytes) -> bytes:
        """The raw SHA256withRSA (PKCS#1 v1.5) signature of ``content``."""
        return self._key.sign(content, _PADDING, _HASH)

    def to_pem(self, password: bytes | str | None = None) -> bytes:
        """PKCS#8 PEM, encrypted with the best available algorithm when given a password."""
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(_as_bytes(password))
            if password
            else serialization.NoEncryption()
        )
        return self._key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )

    def __reduce__(self) -> str | tuple[object, ...]:
        # Pickling would write the key out in the clear wherever the pickle goes.
        raise TypeError("PrivateKey cannot be pickled; export it with to_pem()")

    def __repr__(self) -> str:
        return f"<PrivateKey RSA-{self.key_size} sha256:{self.fingerprint}>"

    __str__ = __repr__


def _as_bytes(value: bytes | str) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def _read_source(data: KeySource, what: str) -> bytes:
    """The key bytes behind ``data``; error messages never quote what might be a key."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, str) and (_PEM_MARKER in data or "\n" in data.strip()):
        return data.encode("utf-8")
    path = Path(data)
    try:
        is_file = path.is_file()
    except (OSError, ValueError):  # e.g. a very long base64 string, or a NUL byte
        is_file = False
    if not is_file:
        if isinstance(data, str):
            # Not PEM, not a file: perhaps bare base64 DER (as some portals hand it out).
            return data.encode("utf-8")
        raise SigningError(f"cannot read {what}: no such file: {os.fspath(path)}")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SigningError(f"cannot read {what} file {path}: {exc.strerror}") from None


_SHOWN_PATH_MAX: Final = 255
"""A value up to this long may be echoed as a path; RSA private keys in base64 are longer."""


def _not_a_key(data: KeySource, what: str) -> SigningError:
    """Neither PEM, nor base64 DER, nor an existing file: name the path when it is one.

    ``data`` may be a mangled key rather than a path; only a short one-line value is
    shown, and no RSA private key of a usable size is that short.
    """
    text = os.fspath(data) if isinstance(data, str | os.PathLike) else None
    if isinstance(text, str) and len(text) <= _SHOWN_PATH_MAX and text.isprintable():
        return SigningError(
            f"not a {what}: {text!r} is not an existing file, nor PEM text or base64 DER"
        )
    return SigningError(f"not a {what}: expected PEM text, base64 DER or an existing file")


def _bare_der(data: bytes) -> bytes | None:
    try:
        return base64.b64decode(b"".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        return None


def load_private_key(data: KeySource, password: bytes | str | None = None) -> PrivateKey:
    """Load an RSA private key: PEM PKCS#1 or PKCS#8 (optionally encrypted), text or file.

    ``data`` is PEM bytes, PEM text, or a path. Bad input raises :class:`SigningError`
    whose message never contains the key text or the password.
    """
    raw = _read_source(data, "private key")
    secret = _as_bytes(password) if password else None
    try:
        if _PEM_MARKER.encode() in raw:
            key = serialization.load_pem_private_key(raw, password=secret)
        else:
            der = _bare_der(raw)
            if der is None:
                raise _not_a_key(data, "private key")
            key = serialization.load_der_private_key(der, password=secret)
    except TypeError:
        # cryptography says TypeError both for "encrypted, no password" and the reverse.
        if secret is None:
            raise SigningError("the private key is encrypted: a password is needed") from None
        raise SigningError("a password was given but the private key is not encrypted") from None
    except (ValueError, UnsupportedAlgorithm):
        hint = " (wrong password?)" if secret is not None else ""
        raise SigningError(f"cannot load the private key: not a valid RSA key{hint}") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SigningError("the private key is not an RSA key; RSA256 needs RSA")
    return PrivateKey(key)


def load_public_key(data: KeySource) -> PublicKey:
    """Load an RSA public key: SubjectPublicKeyInfo PEM (``BEGIN PUBLIC KEY``), text or file.

    PKCS#1 ``BEGIN RSA PUBLIC KEY`` and bare base64 DER are accepted as well.
    """
    raw = _read_source(data, "public key")
    try:
        if _PEM_MARKER.encode() in raw:
            key = serialization.load_pem_public_key(raw)
        else:
            der = _bare_der(raw)
            if der is None:
                raise _not_a_key(data, "public key")
            key = serialization.load_der_public_key(der)
    except (ValueError, UnsupportedAlgorithm):
        raise SigningError("cannot load the public key: not a valid RSA public key") from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise SigningError("the public key is not an RSA key; RSA256 needs RSA")
    return PublicKey(key)


def generate_key_pair(bits: int = DEFAULT_KEY_BITS) -> tuple[PrivateKey, PublicKey]:
    """A fresh RSA key pair (for the sandbox, demos and tests)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    return PrivateKey(key), PrivateKey(key).public_key()


# ------------------------------------------------------------- content and signatures


def content_to_sign(method: str, uri: str, client_id: str, timestamp: str, body: bytes) -> bytes:
    """``<METHOD> <URI>\\n<Client-Id>.<time>.<body>``: the exact bytes that are signed."""
    for name, value in (("method", method), ("uri", uri), ("client id", client_id)):
        if not value or "\n" in value or "\r" in value:
            raise SigningError(f"{name} must be a non-empty single line")
    if "\n" in timestamp or "\r" in timestamp:
        raise SigningError("timestamp must be a single line")
    head = f"{method} {uri}\n{client_id}.{timestamp}."
    return head.encode("utf-8") + body


def sign(content: bytes, key: PrivateKey) -> str:
    """Base64 (standard alphabet, padded) SHA256withRSA signature of ``content``."""
    return base64.b64encode(key.sign_raw(content)).decode("ascii")


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


def format_signature_header(signature_b64: str, key_version: int | None = 1) -> str:
    """``algorithm=RSA256, keyVersion=1, signature=<percent-encoded base64>``.

    With ``key_version=None`` the ``keyVersion`` part is left out (the platform then
    uses the latest key).
    """
    parts = [f"algorithm={spec.SIGNATURE_ALGORITHM}"]
    if key_version is not None:
        if isinstance(key_version, bool) or not isinstance(key_version, int) or key_version < 0:
            raise SigningError("keyVersion must be a non-negative integer")
        parts.append(f"keyVersion={key_version}")
    parts.append(f"signature={quote(signature_b64, safe='')}")
    return ", ".join(parts)


_B64_RE: Final = re.compile(r"[A-Za-z0-9+/]+={0,2}")


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
    if not _B64_RE.fullmatch(signature) or len(signature) % 4:
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
    value = headers.get(name)
    if value is not None:
        return value
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
