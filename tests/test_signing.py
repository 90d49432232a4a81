"""RSA256 signing: keys, content, headers, timestamps, and interop with the openssl CLI."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msgtemplate.api import spec
from msgtemplate.errors import MsgTemplateError
from msgtemplate.sender import keys as keys_module
from msgtemplate.sender import signing
from msgtemplate.sender.signing import SigningError

# Only the tests that run the openssl CLI may skip without it (CI has it); every other
# test here runs everywhere. test_only_openssl_tests_skip_without_openssl checks that.
OPENSSL_REASON = "needs the openssl CLI"
needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason=OPENSSL_REASON)

PASSWORD = "s3cret-pass-phrase"
SEND_URI = "/api/open/v2/miniprogram/message/send"


def openssl(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["openssl", *args], input=stdin, capture_output=True, check=False)


def ok(*args: str, stdin: bytes | None = None) -> bytes:
    done = openssl(*args, stdin=stdin)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


class Keys:
    """Key files made by the openssl CLI (never by the code under test)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pkcs8 = root / "pkcs8.pem"
        self.pkcs1 = root / "pkcs1.pem"
        self.pkcs8_enc = root / "pkcs8-enc.pem"
        self.pkcs1_enc = root / "pkcs1-enc.pem"
        self.public = root / "public.pem"
        self.public_der = root / "public.der"
        self.ec = root / "ec.pem"
        rsa = ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out"]
        ok(*rsa, str(self.pkcs8))
        ok("genrsa", "-traditional", "-out", str(self.pkcs1), "2048")
        encrypt = ["-aes256", "-passout", f"pass:{PASSWORD}"]
        ok("pkey", "-in", str(self.pkcs8), *encrypt, "-out", str(self.pkcs8_enc))
        ok("rsa", "-in", str(self.pkcs1), "-traditional", *encrypt, "-out", str(self.pkcs1_enc))
        ok("pkey", "-in", str(self.pkcs8), "-pubout", "-out", str(self.public))
        der = ["-pubout", "-outform", "DER", "-out", str(self.public_der)]
        ok("pkey", "-in", str(self.pkcs8), *der)
        ec = ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out"]
        ok(*ec, str(self.ec))


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return Keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def private_pem() -> bytes:
    """A PKCS#8 PEM made by cryptography directly (no openssl CLI needed)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@pytest.fixture(scope="module")
def private(private_pem: bytes) -> signing.PrivateKey:
    return signing.load_private_key(private_pem)


@pytest.fixture(scope="module")
def public(private_pem: bytes) -> signing.PublicKey:
    key = serialization.load_pem_private_key(private_pem, password=None)
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return signing.load_public_key(pem)


def pem_secret_lines(path: Path) -> list[str]:
    """The base64 lines of a PEM file: none may ever show up in a message or repr."""
    return [ln for ln in path.read_text().splitlines() if ln and not ln.startswith("-----")]


# ------------------------------------------------------------------------- loading


@needs_openssl
def test_the_fixtures_really_are_the_formats_we_claim(keys: Keys) -> None:
    assert keys.pkcs8.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert keys.pkcs1.read_text().startswith("-----BEGIN RSA PRIVATE KEY-----")
    assert keys.pkcs8_enc.read_text().startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert "Proc-Type: 4,ENCRYPTED" in keys.pkcs1_enc.read_text()
    assert keys.public.read_text().startswith("-----BEGIN PUBLIC KEY-----")


@needs_openssl
@pytest.mark.parametrize(
    ("name", "password"),
    [("pkcs8", None), ("pkcs1", None), ("pkcs8_enc", PASSWORD), ("pkcs1_enc", PASSWORD)],
)
def test_private_keys_load_from_path_text_and_bytes(
    keys: Keys, name: str, password: str | None
) -> None:
    path: Path = getattr(keys, name)
    from_path = signing.load_private_key(path, password)
    from_str_path = signing.load_private_key(str(path), password)
    from_text = signing.load_private_key(path.read_text(), password)
    from_bytes = signing.load_private_key(
        path.read_bytes(), password.encode() if password else None
    )
    assert from_path.key_size == 2048
    assert from_path.public_key() == from_str_path.public_key() == from_text.public_key()
    assert from_bytes.public_key() == from_path.public_key()


@needs_openssl
def test_encrypted_and_plain_pkcs8_are_the_same_key(keys: Keys) -> None:
    plain = signing.load_private_key(keys.pkcs8)
    enc = signing.load_private_key(keys.pkcs8_enc, PASSWORD)
    assert plain.public_key() == enc.public_key() == signing.load_public_key(keys.public)


@needs_openssl
def test_fingerprint_matches_openssl(keys: Keys) -> None:
    der = ok("pkey", "-in", str(keys.pkcs8), "-pubout", "-outform", "DER")
    expected = hashlib.sha256(der).hexdigest()[:16]
    assert signing.load_private_key(keys.pkcs8).fingerprint == expected
    assert signing.load_public_key(keys.public).fingerprint == expected


@needs_openssl
@pytest.mark.parametrize(
    ("name", "password", "needle"),
    [
        ("pkcs8_enc", None, "password is needed"),
        ("pkcs1_enc", None, "password is needed"),
        ("pkcs8_enc", "wrong-password", "wrong password"),
        ("pkcs8", PASSWORD, "not encrypted"),
    ],
)
def test_password_problems_are_clear_and_leak_nothing(
    keys: Keys, name: str, password: str | None, needle: str
) -> None:
    path: Path = getattr(keys, name)
    with pytest.raises(SigningError, match=needle) as info:
        signing.load_private_key(path.read_text(), password)
    message = str(info.value)
    assert isinstance(info.value, MsgTemplateError)
    assert PASSWORD not in message
    assert "wrong-password" not in message
    for line in pem_secret_lines(path):
        assert line not in message


@needs_openssl
def test_damaged_pem_is_refused_without_quoting_it(keys: Keys) -> None:
    lines = keys.pkcs8.read_text().splitlines()
    damaged = "\n".join(lines[:5] + lines[6:])  # one line of key material missing
    with pytest.raises(SigningError) as info:
        signing.load_private_key(damaged)
    for line in lines[1:-1]:
        assert line not in str(info.value)


@pytest.mark.parametrize(
    "data",
    [b"", "not a key at all", b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"],
)
def test_garbage_private_keys_raise_signing_error(data: bytes | str) -> None:
    with pytest.raises(SigningError):
        signing.load_private_key(data)


def test_missing_key_file_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.pem"
    with pytest.raises(SigningError, match=r"nope\.pem"):
        signing.load_private_key(missing)


@pytest.mark.parametrize("load", [signing.load_public_key, signing.load_private_key])
@pytest.mark.parametrize("given", ["missing.pem", "keys/platform-public.pem", "C:\\keys\\k.pem"])
def test_a_missing_key_path_given_as_text_is_named(load: object, given: str) -> None:
    # A str that is no file is tried as bare base64 DER too; when that fails as well,
    # the message must still say which path was not found.
    assert callable(load)
    with pytest.raises(SigningError) as info:
        load(given)
    assert repr(given) in str(info.value)
    assert "not an existing file" in str(info.value)


def test_a_mangled_private_key_is_not_echoed_as_a_path(private_pem: bytes) -> None:
    # Bare base64 DER with a stray character: not base64, not a file, and surely not
    # something to print (it is most of a private key).
    body = "".join(private_pem.decode().splitlines()[1:-1])
    mangled = body[:100] + "!" + body[100:]
    with pytest.raises(SigningError) as info:
        signing.load_private_key(mangled)
    message = str(info.value)
    assert "expected PEM text, base64 DER or an existing file" in message
    assert body[:40] not in message
    assert body[-40:] not in message


@needs_openssl
def test_non_rsa_keys_are_refused(keys: Keys) -> None:
    with pytest.raises(SigningError, match="RSA"):
        signing.load_private_key(keys.ec)
    ec_public = ok("pkey", "-in", str(keys.ec), "-pubout")
    with pytest.raises(SigningError, match="RSA"):
        signing.load_public_key(ec_public)


@needs_openssl
def test_public_key_forms(keys: Keys) -> None:
    public = signing.load_public_key(keys.public)
    bare = base64.b64encode(keys.public_der.read_bytes()).decode()
    assert signing.load_public_key(bare) == public
    pkcs1_public = ok("rsa", "-in", str(keys.pkcs8), "-RSAPublicKey_out")
    assert pkcs1_public.startswith(b"-----BEGIN RSA PUBLIC KEY-----")
    assert signing.load_public_key(pkcs1_public) == public
    with pytest.raises(SigningError):
        signing.load_public_key(keys.pkcs8.read_bytes())  # a private key is not a public key
    with pytest.raises(SigningError):
        signing.load_public_key("garbage")


def test_reprs_show_no_key_material(private_pem: bytes, private: signing.PrivateKey) -> None:
    shown = repr(private) + str(private) + repr(private.public_key())
    for line in private_pem.decode().splitlines()[1:-1]:
        assert line not in shown
    assert "RSA-2048" in repr(private)


def test_private_keys_refuse_to_be_pickled(private: signing.PrivateKey) -> None:
    with pytest.raises(TypeError):
        pickle.dumps(private)


@needs_openssl
def test_our_pem_export_is_read_by_openssl(tmp_path: Path, private: signing.PrivateKey) -> None:
    plain = tmp_path / "ours.pem"
    plain.write_bytes(private.to_pem())
    enc = tmp_path / "ours-enc.pem"
    enc.write_bytes(private.to_pem(PASSWORD))
    assert b"ENCRYPTED" in enc.read_bytes()
    pub_from_plain = ok("pkey", "-in", str(plain), "-pubout")
    pub_from_enc = ok("pkey", "-in", str(enc), "-passin", f"pass:{PASSWORD}", "-pubout")
    assert pub_from_plain == pub_from_enc == private.public_key().to_pem()


def test_generated_pairs_match() -> None:
    priv, pub = signing.generate_key_pair()
    assert priv.public_key() == pub
    assert priv.key_size == signing.DEFAULT_KEY_BITS
    assert signing.verify(b"x", signing.sign(b"x", priv), pub)


# ------------------------------------------------------------ interop with openssl


@needs_openssl
def test_our_signature_verifies_with_openssl(tmp_path: Path, keys: Keys) -> None:
    private = signing.load_private_key(keys.pkcs8)
    content = signing.content_to_sign(
        "POST",
        SEND_URI,
        "TEST_CLIENT",
        "2026-11-28T12:00:00.000+08:00",
        '{"appId":"A","msg":"你好"}'.encode(),
    )
    (tmp_path / "content.txt").write_bytes(content)
    (tmp_path / "sig.bin").write_bytes(base64.b64decode(signing.sign(content, private)))
    args = ["dgst", "-sha256", "-verify", str(keys.public), "-signature", str(tmp_path / "sig.bin")]
    done = openssl(*args, str(tmp_path / "content.txt"))
    assert done.returncode == 0, done.stderr
    assert b"Verified OK" in done.stdout
    (tmp_path / "content.txt").write_bytes(content + b" ")
    assert openssl(*args, str(tmp_path / "content.txt")).returncode != 0


@needs_openssl
@pytest.mark.parametrize("key_name", ["pkcs8", "pkcs1"])
def test_openssl_signature_verifies_with_ours(tmp_path: Path, keys: Keys, key_name: str) -> None:
    key_path: Path = getattr(keys, key_name)
    content = b"POST /api/open/v2/miniprogram/message/send\nC.2026-01-01T00:00:00Z.{}"
    (tmp_path / "content.txt").write_bytes(content)
    raw = ok("dgst", "-sha256", "-sign", str(key_path), str(tmp_path / "content.txt"))
    signature = base64.b64encode(raw).decode()
    public = signing.load_private_key(key_path).public_key()
    assert signing.verify(content, signature, public)
    assert not signing.verify(content + b"x", signature, public)
    # PKCS#1 v1.5 is deterministic: the same key and content give the same bytes.
    assert signing.sign(content, signing.load_private_key(key_path)) == signature


# ------------------------------------------------------------- content and headers


def test_content_to_sign_is_exactly_the_documented_layout() -> None:
    body = b'{"appId":"P1"}'
    got = signing.content_to_sign(
        "POST", SEND_URI, "TEST_CLIENT", "2026-11-28T12:00:00+08:00", body
    )
    assert got == (
        b"POST /api/open/v2/miniprogram/message/send\n"
        b'TEST_CLIENT.2026-11-28T12:00:00+08:00.{"appId":"P1"}'
    )


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("POST", SEND_URI, "", "t"), "client id must be a non-empty single line"),
        (("POST", SEND_URI, "A\nB", "t"), "client id must be a non-empty single line"),
        (("POST", SEND_URI, "A\rB", "t"), "client id must be a non-empty single line"),
        (("", SEND_URI, "C", "t"), "method must be a non-empty single line"),
        (("POST\r", SEND_URI, "C", "t"), "method must be a non-empty single line"),
        (("POST", "/a\n/b", "C", "t"), "uri must be a non-empty single line"),
        (("POST", SEND_URI, "C", "t\n"), "timestamp must be a single line"),
        (("POST", SEND_URI, "C", "\rt"), "timestamp must be a single line"),
    ],
)
def test_content_to_sign_refuses_ambiguous_parts(
    parts: tuple[str, str, str, str], message: str
) -> None:
    with pytest.raises(SigningError) as caught:
        signing.content_to_sign(*parts, b"")
    assert str(caught.value) == message


def test_content_to_sign_is_utf8() -> None:
    got = signing.content_to_sign("POST", "/é", "C", "", b"\xff")
    assert got == b"POST /\xc3\xa9\nC..\xff"


def test_signature_header_format() -> None:
    assert (
        signing.format_signature_header("ab+/cd==", 1)
        == "algorithm=RSA256, keyVersion=1, signature=ab%2B%2Fcd%3D%3D"
    )
    assert signing.format_signature_header("abcd", None) == "algorithm=RSA256, signature=abcd"
    # keyVersion 1 unless told; 0 is a version like any other.
    assert signing.format_signature_header("ab/=") == (
        "algorithm=RSA256, keyVersion=1, signature=ab%2F%3D"
    )
    assert signing.format_signature_header("abcd", 0) == (
        "algorithm=RSA256, keyVersion=0, signature=abcd"
    )


@pytest.mark.parametrize(
    "signature", ["", "abc", "ab-_cd==", "abcd=", "ab cd", "abcd\n", "abcdé===", b"abcd", None]
)
def test_a_signature_that_is_no_base64_is_refused_without_being_shown(signature: object) -> None:
    with pytest.raises(SigningError) as caught:
        signing.format_signature_header(signature)  # type: ignore[arg-type]
    assert str(caught.value) == "the signature must be standard base64 (what sign() returns)"


@pytest.mark.parametrize("version", [-1, True, False, 1.0, 1.5, "1"])
def test_a_key_version_that_is_no_non_negative_integer_is_refused(version: object) -> None:
    with pytest.raises(SigningError) as caught:
        signing.format_signature_header("abcd", version)  # type: ignore[arg-type]
    assert str(caught.value) == "keyVersion must be a non-negative integer"


@pytest.mark.parametrize(
    ("value", "algorithm", "version"),
    [
        ("algorithm=RSA256, keyVersion=1, signature=ab%2B%2Fcd%3D%3D", "RSA256", 1),
        ("algorithm=rsa256,keyVersion=12,signature=ab%2b%2fcd%3d%3d", "RSA256", 12),
        ("  Algorithm = Rsa256 ,  KEYVERSION = 3 , Signature = ab+/cd==  ", "RSA256", 3),
        ("signature=ab%2B%2Fcd%3D%3D", "RSA256", None),
        ("algorithm=RSA256, signature=ab+/cd==, future=thing", "RSA256", None),
    ],
)
def test_signature_header_parse_is_tolerant(
    value: str, algorithm: str, version: int | None
) -> None:
    parsed = signing.parse_signature_header(value)
    assert parsed.algorithm == algorithm
    assert parsed.key_version == version
    assert parsed.signature == "ab+/cd=="
    assert "ab+/cd==" not in repr(parsed)


def test_empty_parts_of_a_signature_header_are_skipped() -> None:
    parsed = signing.parse_signature_header(" , algorithm=RSA256,, ,keyVersion=7, signature=abcd,")
    assert (parsed.algorithm, parsed.key_version, parsed.signature) == ("RSA256", 7, "abcd")


def test_a_signature_header_repr_shows_only_a_short_prefix() -> None:
    signature = base64.b64encode(bytes(range(256))).decode()
    parsed = signing.parse_signature_header(f"keyVersion=2, signature={signature}")
    assert repr(parsed) == (
        f"SignatureHeader(algorithm='RSA256', key_version=2, signature='{signature[:4]}…')"
    )
    assert signature[:5] not in repr(parsed)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "no signature"),
        ("nonsense", "expected name=value pairs"),
        ("algorithm=RSA256, signature", "expected name=value pairs"),
        ("algorithm=RSA256", "no signature"),
        ("signature=", "signature is not base64"),
        ("signature=not base64!", "signature is not base64"),
        ("signature=abc", "signature is not base64"),
        ("keyVersion=x, signature=abcd", "keyVersion must be an integer"),
        ("keyVersion=-1, signature=abcd", "keyVersion must be an integer"),
        ("keyVersion=\u0661, signature=abcd", "keyVersion must be an integer"),  # Arabic 1
        ("signature=abcd, Signature=abcd", "'signature' appears twice"),
        ("algorithm=RS-256, signature=abcd", "bad algorithm"),
        ("=abcd", "expected name=value pairs"),
    ],
)
def test_signature_header_garbage_raises(value: str, problem: str) -> None:
    with pytest.raises(SigningError) as caught:
        signing.parse_signature_header(value)
    assert str(caught.value) == f"malformed Signature header: {problem}"


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(min_size=1, max_size=300), version=st.none() | st.integers(0, 10**6))
def test_signature_header_round_trips(raw: bytes, version: int | None) -> None:
    b64 = base64.b64encode(raw).decode()
    parsed = signing.parse_signature_header(signing.format_signature_header(b64, version))
    assert (parsed.algorithm, parsed.key_version, parsed.signature) == ("RSA256", version, b64)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_signature_header_parser_only_raises_signing_error(value: str) -> None:
    with contextlib.suppress(SigningError):
        signing.parse_signature_header(value)


# ---------------------------------------------------------------------- timestamps


def test_timestamp_format_matches_the_documented_example() -> None:
    dt = datetime(2019, 4, 4, 12, 8, 56, 253999, timezone(timedelta(hours=5, minutes=30)))
    assert signing.format_timestamp(dt) == "2019-04-04T12:08:56.253+05:30"
    utc = datetime(2026, 11, 28, 4, 0, 0, tzinfo=timezone.utc)
    assert signing.format_timestamp(utc) == "2026-11-28T04:00:00.000+00:00"


class _NoOffset(tzinfo):
    """A time zone that cannot say its offset: as naive as no time zone at all."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


@pytest.mark.parametrize("naive", [datetime(2026, 1, 1), datetime(2026, 1, 1, tzinfo=_NoOffset())])
def test_a_timestamp_without_an_offset_is_refused(naive: datetime) -> None:
    with pytest.raises(SigningError) as caught:
        signing.format_timestamp(naive)
    assert str(caught.value) == "a timestamp needs a timezone (use an aware datetime)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2019-04-04T12:08:56.253+05:30",
            datetime(2019, 4, 4, 12, 8, 56, 253000, timezone(timedelta(hours=5, minutes=30))),
        ),
        ("2026-11-28T12:00:00+08:00", datetime(2026, 11, 28, 4, 0, tzinfo=timezone.utc)),
        ("2026-11-28T04:00:00Z", datetime(2026, 11, 28, 4, 0, tzinfo=timezone.utc)),
        ("2026-11-28T04:00:00.5-0100", datetime(2026, 11, 28, 5, 0, 0, 500000, timezone.utc)),
    ],
)
def test_timestamp_parse(text: str, expected: datetime) -> None:
    got = signing.parse_timestamp(text)
    assert got == expected
    assert got.utcoffset() is not None


_NOT_ISO = "not an ISO 8601 timestamp with an offset"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", _NOT_ISO),
        ("2026-11-28T04:00:00", _NOT_ISO),
        ("2026-11-28 04:00:00Z", _NOT_ISO),
        ("2026-13-01T00:00:00Z", "timestamp out of range"),
        ("yesterday", _NOT_ISO),
        ("2026-11-28T04:00:00+24:00", "timestamp offset out of range"),
    ],
)
def test_timestamp_garbage_raises(text: str, message: str) -> None:
    with pytest.raises(SigningError) as caught:
        signing.parse_timestamp(text)
    assert str(caught.value) == message


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(
        min_value=datetime(1970, 1, 2),
        max_value=datetime(9998, 12, 31),
        timezones=st.sampled_from(
            [timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
        ),
    )
)
def test_timestamp_round_trips_to_the_millisecond(dt: datetime) -> None:
    text = signing.format_timestamp(dt)
    back = signing.parse_timestamp(text)
    assert back.utcoffset() == dt.utcoffset()
    assert back == dt.replace(microsecond=dt.microsecond // 1000 * 1000)


# ------------------------------------------------------------- sign and verify


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=2000), flip=st.integers(min_value=0))
def test_signatures_verify_and_any_change_breaks_them(
    body: bytes, flip: int, private: signing.PrivateKey, public: signing.PublicKey
) -> None:
    content = signing.content_to_sign("POST", SEND_URI, "C", "2026-01-01T00:00:00.000Z", body)
    signature = signing.sign(content, private)
    assert signing.verify(content, signature, public)
    index = flip % len(content)
    tampered = content[:index] + bytes([content[index] ^ 1]) + content[index + 1 :]
    assert not signing.verify(tampered, signature, public)


def test_verify_rejects_non_base64(public: signing.PublicKey) -> None:
    assert not signing.verify(b"x", "***", public)
    assert not signing.verify(b"x", "", public)


def test_sign_request_headers_and_verify_signed(
    private: signing.PrivateKey, public: signing.PublicKey
) -> None:
    body = '{"requestId":"r","msg":"héllo"}'.encode()
    now = datetime(2026, 11, 28, 12, 0, tzinfo=timezone(timedelta(hours=8)))
    headers = signing.sign_request(
        "POST", SEND_URI, "TEST_CLIENT", body, private, key_version=2, now=now
    )
    assert headers[spec.HEADER_CLIENT_ID] == "TEST_CLIENT"
    assert headers[spec.HEADER_REQUEST_TIME] == "2026-11-28T12:00:00.000+08:00"
    assert headers["Content-Type"] == spec.CONTENT_TYPE
    parsed = signing.parse_signature_header(headers[spec.HEADER_SIGNATURE])
    assert parsed.key_version == 2
    expected = b"POST " + SEND_URI.encode() + b"\nTEST_CLIENT.2026-11-28T12:00:00.000+08:00." + body
    assert signing.verify(expected, parsed.signature, public)

    assert signing.verify_signed("POST", SEND_URI, headers, body, public)
    lower = {k.lower(): v for k, v in headers.items()}
    assert signing.verify_signed("POST", SEND_URI, lower, body, public)
    assert not signing.verify_signed("POST", SEND_URI, headers, body + b" ", public)
    assert not signing.verify_signed(
        "POST", "/api/v2/miniprogram/message/send", headers, body, public
    )
    other = dict(headers, **{spec.HEADER_CLIENT_ID: "OTHER"})
    assert not signing.verify_signed("POST", SEND_URI, other, body, public)
    for missing in (spec.HEADER_CLIENT_ID, spec.HEADER_REQUEST_TIME, spec.HEADER_SIGNATURE):
        partial = {k: v for k, v in headers.items() if k != missing}
        assert not signing.verify_signed("POST", SEND_URI, partial, body, public)
    garbled = dict(headers, **{spec.HEADER_SIGNATURE: "garbage"})
    assert not signing.verify_signed("POST", SEND_URI, garbled, body, public)
    wrong_alg = dict(
        headers,
        **{spec.HEADER_SIGNATURE: headers[spec.HEADER_SIGNATURE].replace("RSA256", "RSA512")},
    )
    assert not signing.verify_signed("POST", SEND_URI, wrong_alg, body, public)


def test_response_signing_uses_response_time(
    private: signing.PrivateKey, public: signing.PublicKey
) -> None:
    body = b'{"result":{"resultStatus":"S","resultCode":"SUCCESS"}}'
    headers = signing.sign_response("POST", SEND_URI, "C", body, private)
    assert spec.HEADER_RESPONSE_TIME in headers
    assert spec.HEADER_REQUEST_TIME not in headers
    assert signing.parse_signature_header(headers[spec.HEADER_SIGNATURE]).key_version == 1
    now = datetime(2026, 11, 28, 12, 0, 0, 500000, tzinfo=timezone.utc)
    stamped = signing.sign_response("POST", SEND_URI, "C", body, private, key_version=4, now=now)
    assert stamped[spec.HEADER_RESPONSE_TIME] == "2026-11-28T12:00:00.500+00:00"
    assert signing.parse_signature_header(stamped[spec.HEADER_SIGNATURE]).key_version == 4
    assert signing.verify_signed(
        "POST", SEND_URI, stamped, body, public, time_header=spec.HEADER_RESPONSE_TIME
    )
    assert signing.verify_signed(
        "POST", SEND_URI, headers, body, public, time_header=spec.HEADER_RESPONSE_TIME
    )
    assert not signing.verify_signed("POST", SEND_URI, headers, body, public)


def test_a_different_key_does_not_verify(private: signing.PrivateKey) -> None:
    _, stranger = signing.generate_key_pair()
    headers = signing.sign_request("POST", SEND_URI, "C", b"{}", private)
    assert signing.parse_signature_header(headers[spec.HEADER_SIGNATURE]).key_version == 1
    assert not signing.verify_signed("POST", SEND_URI, headers, b"{}", stranger)


@pytest.mark.parametrize(
    ("secret", "shown"),
    [("", "…"), ("abc", "…"), ("abcd", "a…"), ("abcdefgh", "ab…"), ("abcdefghijklmnop", "abcd…")],
)
def test_redact_shows_a_quarter_of_a_secret_and_at_most_four_characters(
    secret: str, shown: str
) -> None:
    assert signing.redact(secret) == shown
    assert signing.redact("x" * 64) == "xxxx…"
    assert signing.redact("abcdefgh", keep=1) == "a…"


# ------------------------------------------------------------- the suite itself

_INNER = "MSGTEMPLATE_TEST_SIGNING_INNER"


@pytest.mark.slow
@pytest.mark.skipif(bool(os.environ.get(_INNER)), reason="the inner run of the test below")
def test_only_openssl_tests_skip_without_openssl(tmp_path: Path) -> None:
    """Run this module with no openssl on PATH: only the interop tests may skip."""
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    env = {**os.environ, "PATH": str(empty_bin), _INNER: "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", __file__, "-q", "-rs", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    skipped = [line for line in out.splitlines() if line.startswith("SKIPPED")]
    # One line per skip reason: openssl's, and this test's own in the inner run.
    assert skipped, out
    for line in skipped:
        assert OPENSSL_REASON in line or "the inner run" in line, line
    # Tests that need no openssl really ran, e.g. sign/verify and the signature header.
    summary = out.strip().splitlines()[-1]
    passed = int(summary.split(" passed")[0].split()[-1])
    assert passed >= 40, summary


# ------------------------------------------------------------------ weak keys


@pytest.fixture(scope="module")
def weak_1024() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def _pems(key: rsa.RSAPrivateKey) -> tuple[bytes, bytes]:
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public


def test_keys_under_2048_bits_are_refused_in_every_form(weak_1024: rsa.RSAPrivateKey) -> None:
    private_pem, public_pem = _pems(weak_1024)
    bare_public = "".join(public_pem.decode().splitlines()[1:-1])
    attempts = [
        lambda: signing.load_private_key(private_pem),
        lambda: signing.load_public_key(public_pem),
        lambda: signing.load_public_key(bare_public),
        lambda: signing.PrivateKey(weak_1024),
        lambda: signing.PublicKey(weak_1024.public_key()),
        lambda: signing.generate_key_pair(1024),
    ]
    for attempt in attempts:
        with pytest.raises(keys_module.WeakKeyError) as info:
            attempt()
        assert "RSA-1024" in str(info.value)
        assert "under 2048 bits are refused" in str(info.value)
        assert isinstance(info.value, SigningError)


@needs_openssl
def test_a_512_bit_key_from_openssl_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "weak.pem"
    ok("genrsa", "-out", str(path), "512")
    with pytest.raises(SigningError, match="RSA-512"):
        signing.load_private_key(path)


def test_a_2048_bit_key_is_the_smallest_accepted() -> None:
    almost = rsa.generate_private_key(public_exponent=65537, key_size=2047)
    with pytest.raises(SigningError, match="RSA-2047"):
        signing.PrivateKey(almost)
    assert signing.generate_key_pair(2048)[0].key_size == 2048
