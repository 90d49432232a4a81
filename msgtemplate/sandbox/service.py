"""The send API's rules as the platform applies them, without HTTP: headers and bytes
in, a :class:`Result` out, a delivery stored when the answer is ``S``.

Order of checks (each stops at the first failure, nothing stored):

1. access, from the headers alone (:meth:`SendService.check_headers`, which the app
   runs *before* it reads the body): ``Client-Id``, ``Request-Time`` and
   ``Signature`` each present exactly once, the ``Client-Id`` known, the
   ``Request-Time`` within :data:`spec.REQUEST_TIME_TOLERANCE_SECONDS` of the
   sandbox clock -> else ``F``/``ACCESS_DENIED``;
2. (the app) the body arrives in time and within :data:`~.app.MAX_REQUEST_BYTES`
   -> else ``F``/``PARAM_ILLEGAL``;
3. the ``Signature`` verifies over the body with that client's key
   -> else ``F``/``ACCESS_DENIED``;
4. the body is UTF-8 JSON without duplicate keys or lone surrogates (``"\\ud800"``),
   nested at most :data:`MAX_NESTING` deep, and an object breaking no rule of
   :mod:`msgtemplate.api.checks` -> else ``F``/``PARAM_ILLEGAL`` with the first
   violation's message;
5. (appId, requestId) seen before: same body -> the first result again, a different
   body -> ``F``/``PARAM_ILLEGAL``;
6. the template exists, its languages and parameters fit (see :mod:`.catalog`)
   -> else ``F``/``PARAM_ILLEGAL``; then the delivery is stored.

Two bodies are "the same" when their canonical JSON (sorted keys, compact) is: key
order and whitespace are serialisation details, values are not.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from msgtemplate.api import spec
from msgtemplate.api.checks import check_request_body
from msgtemplate.sandbox.catalog import Catalog, Rejection
from msgtemplate.sandbox.store import Delivery, InboxStore
from msgtemplate.sender.keys import PublicKey
from msgtemplate.sender.signing import (
    SigningError,
    format_timestamp,
    parse_timestamp,
    redact,
    verify_signed,
)

_MESSAGE_MAX: Final = spec.RESULT_FIELDS["resultMessage"].max_length or 256
_ACCESS_TOKEN: Final = "accessToken"  # noqa: S105 - a field name

SIGNED_HEADERS: Final = (spec.HEADER_CLIENT_ID, spec.HEADER_REQUEST_TIME, spec.HEADER_SIGNATURE)
"""Headers that decide who is speaking: each must appear exactly once."""

Headers = Mapping[str, str] | Iterable[tuple[str, str]]
"""Request headers as a mapping or as (name, value) pairs, repeats included."""

MAX_NESTING: Final = 32
"""Deeper bodies are refused before any rule runs: a valid one is 4 levels deep, and
the checks (and our answers) must not recurse without bound."""


@dataclass(frozen=True, slots=True)
class Result:
    """The ``result`` object of a response."""

    status: spec.ResultStatus
    code: str
    message: str

    @classmethod
    def of(cls, code: str, message: str) -> Result:
        if len(message) > _MESSAGE_MAX:
            message = message[: _MESSAGE_MAX - 1] + "…"
        return cls(spec.RESULT_CODES[code], code, message)

    def to_json(self) -> dict[str, Any]:
        return {
            "result": {
                "resultStatus": self.status,
                "resultCode": self.code,
                "resultMessage": self.message,
            }
        }

    def to_bytes(self) -> bytes:
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")).encode()


SUCCESS: Final = Result.of(spec.SUCCESS, "success")
UNKNOWN: Final = Result.of(spec.UNKNOWN_EXCEPTION, "unknown exception (injected by the sandbox)")


def canonical_hash(body: object) -> str:
    """SHA-256 of the body's canonical JSON: the idempotency comparison."""
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _denied(message: str) -> Result:
    return Result.of(spec.ACCESS_DENIED, message)


def _illegal(message: str) -> Result:
    return Result.of(spec.PARAM_ILLEGAL, message)


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys, other readers the first: a body
    # that means different things to different parsers is refused (the linter does too).
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


def _too_deep(value: object, limit: int) -> bool:
    """Whether ``value`` nests arrays/objects more than ``limit`` deep (iteratively)."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children: Any = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False


def _parse_body(raw: bytes) -> Any:
    """The request body as JSON data, or a :class:`Result` saying why it is not usable."""
    try:
        body = json.loads(
            raw.decode("utf-8"), parse_constant=_reject_constant, object_pairs_hook=_unique_keys
        )
    except _DuplicateKey as exc:
        return _illegal(f"the request body has the key {exc.key!r} twice")
    except RecursionError:
        return _illegal(f"the request body is nested more than {MAX_NESTING} levels deep")
    except (UnicodeDecodeError, ValueError):
        return _illegal("the request body is not UTF-8 JSON")
    if _too_deep(body, MAX_NESTING):
        return _illegal(f"the request body is nested more than {MAX_NESTING} levels deep")
    where = _lone_surrogate(body) if b"\\u" in raw else None
    if where is not None:
        return _illegal(f"{where} holds a lone surrogate (an unpaired \\uD800-\\uDFFF escape)")
    return body


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _lone_surrogate(value: object) -> str | None:
    """Where a string (or a key) holds a lone surrogate, as ``a.b[0].c``; None if nowhere.

    Only ``\\uD800``-style escapes make one (raw UTF-8 cannot); it is no character, so
    nothing can store or show it.
    """
    stack: list[tuple[object, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if not _is_text(item):
                return path or "the request body"
        elif isinstance(item, dict):
            for key, child in item.items():
                shown = f"{path}.{key}" if path else key
                if not _is_text(key):
                    return f"a key in {path or 'the request body'}"
                stack.append((child, shown))
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{n}]") for n, child in enumerate(item))
    return None


def header_values(headers: Headers, name: str) -> list[str]:
    """Every value of header ``name`` (case-insensitive), repeats included."""
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    wanted = name.lower()
    return [value for key, value in pairs if key.lower() == wanted]


class SendService:
    """Handles ``POST {prefix}/v2/miniprogram/message/send``; thread-safe."""

    def __init__(
        self,
        catalog: Catalog,
        clients: Mapping[str, PublicKey],
        store: InboxStore,
        *,
        signed_uri: str,
        clock: Callable[[], datetime],
    ) -> None:
        self.catalog = catalog
        self.clients = dict(clients)
        self.store = store
        self.signed_uri = signed_uri
        self.clock = clock

    def handle(self, headers: Headers, raw: bytes) -> Result:
        """The answer to a request with these headers and this body (stored if ``S``)."""
        denied = self.check_headers(headers)
        if denied is not None:
            return denied
        denied = self._check_signature(headers, raw)
        if denied is not None:
            return denied
        body = _parse_body(raw)
        if isinstance(body, Result):
            return body
        violations = [v for v in check_request_body(body) if v.severity == "error"]
        if violations:
            return _illegal(violations[0].message)
        body_hash = canonical_hash(body)
        earlier = self.store.find(body["appId"], body["requestId"])
        if earlier is not None:
            return self._repeat(earlier, body_hash)
        try:
            rendered = self.catalog.render(body)
        except Rejection as exc:
            return _illegal(exc.message)
        template = rendered.template
        delivery = Delivery(
            app_id=body["appId"],
            request_id=body["requestId"],
            body_hash=body_hash,
            request_json=_redacted_json(body),
            template_code=template.code,
            template_name=template.name,
            channel=template.channel,
            language=rendered.language,
            direction=rendered.direction,
            title=rendered.title,
            body=rendered.body,
            redirect_url=rendered.redirect_url,
            received_at=format_timestamp(self.clock()),
            result_code=spec.SUCCESS,
        )
        recorded = self.store.add(delivery)
        if recorded.inserted:
            return SUCCESS
        # A concurrent duplicate won the race between find() and add().
        return self._repeat(recorded.existing, body_hash)

    def check_headers(self, headers: Headers) -> Result | None:
        """Access, from the headers alone (cheap: run it before reading the body).

        ``F``/``ACCESS_DENIED`` when a signed header is missing or repeated (two
        ``Client-Id`` headers would leave it to the HTTP stack which one counts), the
        ``Client-Id`` is unknown, or the ``Request-Time`` is not a time within the
        tolerance; None when the request may go on.
        """
        found: dict[str, str] = {}
        for name in SIGNED_HEADERS:
            values = header_values(headers, name)
            if len(values) > 1:
                return _denied(f"the {name} header appears {len(values)} times: send it once")
            if values:
                found[name] = values[0]
        client_id = found.get(spec.HEADER_CLIENT_ID)
        if not client_id or client_id not in self.clients:
            return _denied("unknown or missing Client-Id")
        stamp = found.get(spec.HEADER_REQUEST_TIME)
        if not stamp:
            return _denied("Request-Time is missing")
        try:
            sent = parse_timestamp(stamp)
        except SigningError:
            return _denied("Request-Time is not an ISO 8601 time with an offset")
        skew = abs((self.clock() - sent).total_seconds())
        if skew > spec.REQUEST_TIME_TOLERANCE_SECONDS:
            return _denied(
                f"Request-Time is {skew:.0f} s away from the server clock; "
                f"the tolerance is {spec.REQUEST_TIME_TOLERANCE_SECONDS} s"
            )
        if spec.HEADER_SIGNATURE not in found:
            return _denied("Signature is missing")
        return None

    def _check_signature(self, headers: Headers, raw: bytes) -> Result | None:
        signed = {name: header_values(headers, name)[0] for name in SIGNED_HEADERS}
        key = self.clients[signed[spec.HEADER_CLIENT_ID]]
        if not verify_signed(spec.HTTP_METHOD, self.signed_uri, signed, raw, key):
            return _denied(f"the Signature does not verify for {self.signed_uri}")
        return None

    @staticmethod
    def _repeat(earlier: Delivery, body_hash: str) -> Result:
        if earlier.body_hash != body_hash:
            return _illegal(
                f"requestId {earlier.request_id!r} reused with a different body "
                f"(first received {earlier.received_at})"
            )
        # Only accepted requests are stored, so the first result was a success.
        return SUCCESS


def _redacted_json(body: Mapping[str, Any]) -> str:
    """The request as stored: the user's access token is a secret, keep a prefix only."""
    shown = dict(body)
    token = shown.get(_ACCESS_TOKEN)
    if isinstance(token, str):
        shown[_ACCESS_TOKEN] = redact(token)
    return json.dumps(shown, ensure_ascii=False, separators=(",", ":"))
