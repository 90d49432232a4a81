"""RSA keys: the one place that reads, checks, wraps and makes them.

Every entry point (the library's clients, ``msgtemplate send --private-key``, the
sandbox's ``--public-key`` and its own key pair) loads keys here, so they all
accept the same forms: PEM text or bytes (PKCS#1 or PKCS#8, a private key optionally
encrypted), bare base64 DER as some portals hand it out, or the path of a file
holding either.

Key objects are wrapped so that their ``repr``/``str`` (and every error raised
here) never shows key material; a public-key fingerprint is shown instead. An error
names what was given only when it cannot be key material (see :func:`_shown_path`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import string
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Final

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from msgtemplate.api import spec
from msgtemplate.errors import SigningError

__all__ = [
    "DEFAULT_KEY_BITS",
    "MIN_KEY_BITS",
    "KeySource",
    "PrivateKey",
    "PublicKey",
    "WeakKeyError",
    "generate_key_pair",
    "load_private_key",
    "load_public_key",
]

DEFAULT_KEY_BITS: Final = spec.RSA_KEY_BITS
"""The platform issues and expects 2048-bit RSA key pairs."""

MIN_KEY_BITS: Final = spec.RSA_KEY_BITS
"""Smaller RSA keys are refused: factoring 512-bit keys is cheap, 1024-bit ones are
deprecated everywhere, and the platform issues nothing smaller."""

KeySource = bytes | str | os.PathLike[str]
"""PEM bytes, PEM text, bare base64 DER text, or a path to a file holding one."""

_PEM_MARKER: Final = "-----BEGIN"
_PADDING: Final = padding.PKCS1v15()
_HASH: Final = hashes.SHA256()
_SHOWN_PATH_MAX: Final = 255
_BASE64_CHARS: Final = frozenset(string.ascii_letters + string.digits + "+/=")


class WeakKeyError(SigningError):
    """An RSA key under :data:`MIN_KEY_BITS` bits."""


def _fingerprint(public: rsa.RSAPublicKey) -> str:
    der = public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()[:16]


def _check_size(bits: int, half: str) -> None:
    if bits < MIN_KEY_BITS:
        raise WeakKeyError(
            f"the {half} key is RSA-{bits}: keys under {MIN_KEY_BITS} bits are refused "
            f"(too weak; the platform issues {DEFAULT_KEY_BITS}-bit keys)"
        )


class _Key(ABC):
    """What both halves share: size, fingerprint and a repr without key material."""

    __slots__ = ()

    @property
    def key_size(self) -> int:
        return self._public().key_size

    @property
    def fingerprint(self) -> str:
        """First 16 hex digits of SHA-256 over the DER SubjectPublicKeyInfo (safe to show)."""
        return _fingerprint(self._public())

    @abstractmethod
    def _public(self) -> rsa.RSAPublicKey: ...

    def __repr__(self) -> str:
        return f"<{type(self).__name__} RSA-{self.key_size} sha256:{self.fingerprint}>"

    __str__ = __repr__


class PublicKey(_Key):
    """An RSA public key (SubjectPublicKeyInfo); verifies RSA256 signatures."""

    __slots__ = ("_key",)

    def __init__(self, key: rsa.RSAPublicKey) -> None:
        if not isinstance(key, rsa.RSAPublicKey):
            raise SigningError("RSA256 needs an RSA public key")
        _check_size(key.key_size, "public")
        self._key = key

    def _public(self) -> rsa.RSAPublicKey:
        return self._key

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


class PrivateKey(_Key):
    """An RSA private key. Its repr shows the size and public fingerprint only."""

    __slots__ = ("_key",)

    def __init__(self, key: rsa.RSAPrivateKey) -> None:
        if not isinstance(key, rsa.RSAPrivateKey):
            raise SigningError("RSA256 needs an RSA private key")
        _check_size(key.key_size, "private")
        self._key = key

    def _public(self) -> rsa.RSAPublicKey:
        return self._key.public_key()

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


# ---------------------------------------------------------------------- reading


def _as_bytes(value: bytes | str) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def _shown_path(text: str) -> str | None:
    """``text`` quoted, when it is safe to echo as a path; else None.

    What the user gave may be a mangled key rather than a path. Only a short,
    printable, one-line value holding a character no base64 key has (``.``, ``-``,
    ``:``, ``\\``...) is shown: ``keys/client.pem`` is named, ``MIIEvQ...`` never.
    """
    if (
        len(text) <= _SHOWN_PATH_MAX
        and text.isprintable()
        and _PEM_MARKER not in text
        and not set(text) <= _BASE64_CHARS
    ):
        return repr(text)
    return None


def _not_a_key(data: KeySource, what: str) -> SigningError:
    """Neither PEM, nor base64 DER, nor an existing file: name the path when it is one."""
    text = os.fspath(data) if isinstance(data, str | os.PathLike) else None
    shown = _shown_path(text) if isinstance(text, str) else None
    if shown is not None:
        return SigningError(
            f"cannot read the {what}: {shown} is not an existing file, nor PEM text or base64 DER"
        )
    return SigningError(
        f"cannot read the {what}: expected PEM text, base64 DER or an existing file "
        "(the value is not shown: it may be key material)"
    )


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
        # A path object is a path, never key material: name it.
        raise SigningError(f"cannot read the {what}: no such file: {path}")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SigningError(f"cannot read the {what} file {path}: {exc.strerror}") from None


def _bare_der(data: bytes) -> bytes | None:
    try:
        return base64.b64decode(b"".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        return None


def load_private_key(data: KeySource, password: bytes | str | None = None) -> PrivateKey:
    """Load an RSA private key: PEM PKCS#1 or PKCS#8 (optionally encrypted), base64
    DER, as text, bytes or a file.

    Bad input raises :class:`~msgtemplate.errors.SigningError` whose message never
    contains the key text or the password.
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
    """A fresh RSA key pair (for the sandbox, demos and tests); at least
    :data:`MIN_KEY_BITS` bits."""
    _check_size(bits, "private")
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    return PrivateKey(key), PrivateKey(key).public_key()
