"""Everything the sender does without I/O: its one configuration, signed requests,
and what an answer or a transport error means (shared by the sync and async clients).

:class:`SenderConfig` checks every option once. :class:`Sender` prepares and signs
requests and turns HTTP answers and transport errors into :class:`~msgtemplate.sender.retry.Attempt`
values; a :class:`SendRun` is the bookkeeping of one message (the bytes every
attempt sends, the retry state). The drivers in :mod:`msgtemplate.sender.client` only move
bytes and sleep.

With a platform public key every response with a ``result`` must carry a valid
platform signature; one that does not is treated as unknown (``U``) and retried,
never reported as ``S`` or ``F``: we cannot trust what it says. The ``Retry-After``
of any answer that does not verify is ignored too.

An HTTP 4xx answer without a ``result`` object (a wrong path prefix, a gateway that
refuses the request...) means the request was refused before anything processed it:
that is final, ``F`` with ``result_code`` ``HTTP_<status>``, and it is not retried,
except 429 (too many requests), which is retried like the traffic limit.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import math
import random as _random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Final, TypedDict

import httpx

from msgtemplate._version import __version__
from msgtemplate.api import spec
from msgtemplate.sender import config as defaults
from msgtemplate.sender.config import ClientError
from msgtemplate.sender.keys import (
    KeySource,
    PrivateKey,
    PublicKey,
    load_private_key,
    load_public_key,
)
from msgtemplate.sender.retry import (
    HTTP_TOO_MANY_REQUESTS,
    Attempt,
    RetryPolicy,
    RetryState,
    http_result_code,
    require_attempts,
    require_seconds,
)
from msgtemplate.sender.signing import (
    SigningError,
    parse_signature_header,
    redact,
    sign_request,
    verify_signed,
)

logger = logging.getLogger("msgtemplate.sender.client")

_USER_AGENT: Final = f"msgtemplate/{__version__}"
_LOOPBACK_NAMES: Final = frozenset({"localhost", "localhost."})
_ACCESS_TOKEN_FIELD: Final = "accessToken"  # noqa: S105 - a field name, not a secret
_REQUEST_ID_FIELD: Final = "requestId"
_MAX_PORT: Final = 65535


class InsecureEndpointError(ClientError):
    """A plain ``http://`` endpoint that is not a loopback host."""


# ------------------------------------------------------------------- value objects


@dataclass(frozen=True, slots=True)
class SendOutcome:
    """What happened to one message.

    ``status`` is ``S`` (delivered), ``F`` (refused; see ``result_code``) or ``U``
    (unknown: it may or may not have been delivered). ``result_code`` and
    ``result_message`` are the platform's when it gave a trusted answer, else
    ``result_code`` is None and ``result_message`` says what went wrong locally.
    ``verified`` is True/False when a platform public key is configured and the last
    attempt got an answer, else None. ``not_delivered`` is True when the message was
    certainly not delivered: always for ``F``, and for a ``U`` where no attempt can have
    been processed (e.g. no connection could be made); sending it again later with
    the same requestId is then the thing to do.
    """

    status: spec.ResultStatus
    result_code: str | None
    result_message: str | None
    attempts: int
    request_id: str
    http_status: int | None = None
    verified: bool | None = None
    not_delivered: bool = False

    @property
    def delivered(self) -> bool:
        return self.status == "S"

    def to_json(self) -> dict[str, Any]:
        """``{"status", "resultCode", "resultMessage", "attempts", "requestId"}``."""
        return {
            "status": self.status,
            "resultCode": self.result_code,
            "resultMessage": self.result_message,
            "attempts": self.attempts,
            "requestId": self.request_id,
        }


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    """A signed request ready to go: the URL, headers and exact body bytes.

    ``repr`` and the ``redacted_*`` renderings hide the access token and signature;
    ``headers`` and ``body`` hold the real values (they are what goes on the wire).
    """

    method: str
    url: str
    headers: Mapping[str, str] = field(repr=False)
    body: bytes = field(repr=False)
    request_id: str

    def to_httpx(self, timeout: float) -> httpx.Request:
        return httpx.Request(
            self.method,
            self.url,
            headers=dict(self.headers),
            content=self.body,
            extensions={"timeout": httpx.Timeout(timeout).as_dict()},
        )

    def redacted_headers(self) -> dict[str, str]:
        shown = dict(self.headers)
        if spec.HEADER_SIGNATURE in shown:
            shown[spec.HEADER_SIGNATURE] = _redacted_signature(shown[spec.HEADER_SIGNATURE])
        return shown

    def redacted_body(self) -> Any:
        """The body as JSON data with the access token redacted."""
        data = json.loads(self.body)
        if isinstance(data, dict) and isinstance(data.get(_ACCESS_TOKEN_FIELD), str):
            data[_ACCESS_TOKEN_FIELD] = redact(data[_ACCESS_TOKEN_FIELD])
        return data

    def redacted_json(self) -> dict[str, Any]:
        """``{"method", "url", "headers", "body"}`` with secrets redacted (for ``--dry-run``)."""
        return {
            "method": self.method,
            "url": self.url,
            "headers": self.redacted_headers(),
            "body": self.redacted_body(),
        }

    def render_redacted(self) -> str:
        """An HTTP-like text rendering with secrets redacted (for ``--dry-run``)."""
        lines = [f"{self.method} {self.url}"]
        lines += [f"{name}: {value}" for name, value in self.redacted_headers().items()]
        lines.append("")
        lines.append(json.dumps(self.redacted_body(), ensure_ascii=False, indent=2))
        return "\n".join(lines)


def _redacted_signature(value: str) -> str:
    try:
        parsed = parse_signature_header(value)
    except SigningError:
        return redact(value)
    version = "" if parsed.key_version is None else f", keyVersion={parsed.key_version}"
    return f"algorithm={parsed.algorithm}{version}, signature={redact(parsed.signature)}"


# ------------------------------------------------------------------ configuration


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class SenderOptions(TypedDict, total=False):
    """The keyword options both clients take (defaults in :mod:`msgtemplate.sender.config`)."""

    key_version: int | None
    path_prefix: str
    timeout: float
    max_attempts: int
    retry_backoff: float
    platform_public_key: PublicKey | KeySource | None
    deadline: float | None
    random: Callable[[], float]
    clock: Callable[[], float]
    wall_clock: Callable[[], datetime]


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an IP literal) is this machine's loopback."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_endpoint(endpoint: str) -> httpx.URL:
    """Parse and vet the endpoint; refuses plain http to anything but loopback."""
    try:
        url = httpx.URL(endpoint)
    except (httpx.InvalidURL, TypeError):
        raise ClientError("the endpoint is not a valid URL") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ClientError("the endpoint must be an https:// URL with a host")
    if url.userinfo:
        # Credentials in the URL would end up in logs and reprs.
        raise ClientError("the endpoint must not contain credentials (user:password@)")
    if url.query or url.fragment:
        raise ClientError("the endpoint must not contain a query or fragment")
    if url.raw_path not in (b"", b"/"):
        # The signed URI is path_prefix + API path; a path here would be sent but not signed.
        raise ClientError(
            "the endpoint is the base URL (scheme://host[:port]); put path prefixes in "
            "--path-prefix (path_prefix=), not in the endpoint"
        )
    if url.port is not None and not 1 <= url.port <= _MAX_PORT:
        raise ClientError(f"the endpoint's port must be between 1 and {_MAX_PORT}, got {url.port}")
    if url.scheme == "http" and not is_loopback(url.host):
        raise InsecureEndpointError(
            f"refusing plain http to {url.host}: https is required except for "
            "loopback hosts (127.0.0.0/8, ::1, localhost)"
        )
    return url


def _check_path_prefix(path_prefix: str) -> str:
    prefix = path_prefix.rstrip("/")
    if prefix and (not prefix.startswith("/") or any(c.isspace() or c in "?#" for c in prefix)):
        raise ClientError("path_prefix must be empty or a path starting with '/'")
    return prefix


def _check_client_id(client_id: str) -> str:
    if (
        not client_id
        or not client_id.isascii()
        or not client_id.isprintable()
        or (any(c.isspace() for c in client_id))
    ):
        raise ClientError("client_id must be non-empty printable ASCII without spaces")
    return client_id


def _check_key_version(key_version: int | None) -> int | None:
    if key_version is not None and (
        isinstance(key_version, bool) or not isinstance(key_version, int) or key_version < 0
    ):
        raise ClientError("key_version must be a non-negative integer")
    return key_version


@dataclass(frozen=True, slots=True)
class SenderConfig:
    """One sender's settings, each checked once; shared by both clients."""

    endpoint: str
    client_id: str
    key: PrivateKey = field(repr=False)
    key_version: int | None
    signed_uri: str
    """The path that is signed: ``path_prefix`` + the API path."""
    url: str
    timeout: float
    """Seconds one attempt may take."""
    policy: RetryPolicy
    platform_key: PublicKey | None
    trust_env: bool
    """Whether proxies from the environment apply (never for a loopback endpoint)."""
    random: Callable[[], float] = field(repr=False)
    clock: Callable[[], float] = field(repr=False)
    wall_clock: Callable[[], datetime] = field(repr=False)

    def describe(self) -> str:
        """The settings worth showing, secrets left out (the body of a client's repr)."""
        return (
            f"endpoint={self.endpoint!r}, client_id={self.client_id!r}, key={self.key!r}, "
            f"key_version={self.key_version!r}, "
            f"verifies_responses={self.platform_key is not None}"
        )

    @classmethod
    def build(
        cls,
        endpoint: str,
        client_id: str,
        private_key: PrivateKey | KeySource,
        *,
        key_version: int | None = defaults.DEFAULT_KEY_VERSION,
        path_prefix: str = defaults.DEFAULT_PATH_PREFIX,
        timeout: float = defaults.DEFAULT_TIMEOUT,
        max_attempts: int = defaults.DEFAULT_MAX_ATTEMPTS,
        retry_backoff: float = defaults.DEFAULT_RETRY_BACKOFF,
        platform_public_key: PublicKey | KeySource | None = None,
        deadline: float | None = defaults.DEFAULT_DEADLINE,
        random: Callable[[], float] = _random.random,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = _utc_now,
    ) -> SenderConfig:
        """Check and load every option; raises :class:`ClientError` (or a key's
        :class:`~msgtemplate.errors.SigningError`) naming the option."""
        url = _check_endpoint(endpoint)
        try:
            policy = RetryPolicy(
                max_attempts=require_attempts("max_attempts", max_attempts),
                backoff=require_seconds("retry_backoff", retry_backoff, zero_ok=True),
                deadline=None if deadline is None else require_seconds("deadline", deadline),
            )
            timeout = require_seconds("timeout", timeout)
        except ValueError as exc:
            raise ClientError(str(exc)) from None
        signed_uri = _check_path_prefix(path_prefix) + spec.API_PATH
        key = private_key if isinstance(private_key, PrivateKey) else load_private_key(private_key)
        platform_key = (
            platform_public_key
            if platform_public_key is None or isinstance(platform_public_key, PublicKey)
            else load_public_key(platform_public_key)
        )
        return cls(
            endpoint=endpoint,
            client_id=_check_client_id(client_id),
            key=key,
            key_version=_check_key_version(key_version),
            signed_uri=signed_uri,
            url=endpoint.rstrip("/") + signed_uri,
            timeout=timeout,
            policy=policy,
            platform_key=platform_key,
            trust_env=not is_loopback(url.host),
            random=random,
            clock=clock,
            wall_clock=wall_clock,
        )


# ---------------------------------------------------------------- classification


def _scrub(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` with each whole occurrence of a secret redacted.

    Only where the secret stands alone (not inside a longer word): a one-letter
    token must not turn the platform's "Client-Id" into "Clien…-Id".
    """
    for secret in secrets:
        if secret and secret in text:
            pattern = rf"(?<![^\W_]){re.escape(secret)}(?![^\W_])"
            text = re.compile(pattern).sub(redact(secret).replace("\\", r"\\"), text)
    return text


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None  # the HTTP-date form is rare for APIs; fall back to our own backoff
    # "inf", "nan" and 1e400 parse as floats but are no pause anyone can wait.
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def _http_refusal(response: httpx.Response) -> str:
    status = response.status_code
    reason = f" {response.reason_phrase}" if response.reason_phrase else ""
    hint = " (check the endpoint and the path prefix)" if status in (404, 405) else ""
    return (
        f"HTTP {status}{reason} without a result: the request was refused before it "
        f"was processed{hint}; the message was not delivered"
    )


_SHOWN_LOCATION_MAX: Final = 200


def _redirected(response: httpx.Response) -> Attempt:
    """A 3xx is never a delivery: redirects are not followed (the request would be
    signed for another URI), and the answer's body is not believed."""
    status = response.status_code
    reason = f" {response.reason_phrase}" if response.reason_phrase else ""
    location = response.headers.get("Location", "")
    shown = (
        f" to {location}"
        if location
        and len(location) <= _SHOWN_LOCATION_MAX
        and location.isascii()
        and location.isprintable()
        else ""
    )
    return Attempt(
        "F",
        http_result_code(status),
        f"HTTP {status}{reason}: a redirect{shown}, which is not followed; the request "
        "was not processed there (check the endpoint and the path prefix), so the "
        "message was not delivered",
        status,
    )


def _size(n: int) -> str:
    return f"{n >> 20} MiB" if n % (1 << 20) == 0 else f"{n:,} bytes"


def serialise(body: Mapping[str, Any]) -> tuple[bytes, str, str]:
    """``(bytes, requestId, accessToken)``; the bytes are what every attempt sends."""
    if not isinstance(body, Mapping):
        raise ClientError("the body must be a JSON object (a mapping)")
    request_id = body.get(_REQUEST_ID_FIELD)
    if not isinstance(request_id, str) or not request_id:
        raise ClientError("the body has no requestId: retries need it as the idempotency key")
    token = body.get(_ACCESS_TOKEN_FIELD)
    try:
        payload = json.dumps(
            dict(body), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise ClientError(f"the body is not JSON-serialisable: {exc}") from None
    return payload, request_id, token if isinstance(token, str) else ""


class Sender:
    """Request preparation and answer classification for one :class:`SenderConfig`."""

    def __init__(self, config: SenderConfig) -> None:
        self.config = config

    # -- preparing

    def sign(self, payload: bytes, request_id: str) -> PreparedRequest:
        config = self.config
        headers = sign_request(
            spec.HTTP_METHOD,
            config.signed_uri,
            config.client_id,
            payload,
            config.key,
            key_version=config.key_version,
            now=config.wall_clock(),
        )
        headers["Accept"] = "application/json"
        # Identity encoding: the response signature covers the bytes exactly as sent.
        headers["Accept-Encoding"] = "identity"
        headers["User-Agent"] = _USER_AGENT
        return PreparedRequest(spec.HTTP_METHOD, config.url, headers, payload, request_id)

    def start(self, body: Mapping[str, Any]) -> SendRun:
        """The bookkeeping of one send of ``body`` (raises :class:`ClientError` for a bad one)."""
        payload, request_id, token = serialise(body)
        state = RetryState(self.config.policy, clock=self.config.clock, random=self.config.random)
        return SendRun(self, payload, request_id, (token,), state)

    # -- classifying

    def _response_verified(self, response: httpx.Response, content: bytes) -> bool:
        config = self.config
        assert config.platform_key is not None
        if response.headers.get(spec.HEADER_CLIENT_ID) != config.client_id:
            return False
        return verify_signed(
            spec.HTTP_METHOD,
            config.signed_uri,
            response.headers,
            content,
            config.platform_key,
            time_header=spec.HEADER_RESPONSE_TIME,
        )

    def _trusted_retry_after(
        self, response: httpx.Response, content: bytes, verified: bool | None
    ) -> float | None:
        """``Retry-After`` in seconds, only from an answer we can trust to have sent it.

        With a platform key, an unsigned answer could make us wait for anyone's benefit.
        """
        if "Retry-After" not in response.headers:
            return None
        if self.config.platform_key is not None:
            if verified is None:
                verified = self._response_verified(response, content)
            if not verified:
                return None
        return _retry_after(response)

    def classify_response(
        self, response: httpx.Response, content: bytes, secrets: tuple[str, ...]
    ) -> Attempt:
        """What an answer (its status, headers and whole ``content``) means."""
        status_code = response.status_code
        if 300 <= status_code < 400:
            return _redirected(response)
        if status_code >= 500:
            retry_after = self._trusted_retry_after(response, content, None)
            return Attempt("U", None, f"HTTP {status_code}", status_code, retry_after=retry_after)
        try:
            data = json.loads(content)
        except (ValueError, UnicodeDecodeError, RecursionError):
            data = None
        result = data.get("result") if isinstance(data, dict) else None
        status = result.get("resultStatus") if isinstance(result, dict) else None
        if not isinstance(result, dict) or status not in spec.RESULT_STATUSES:
            if 400 <= status_code < 500:
                return self._http_failure(response, content)
            return Attempt(
                "U",
                None,
                f"HTTP {status_code}: the response has no valid result",
                status_code,
                retry_after=self._trusted_retry_after(response, content, None),
            )
        code = result.get("resultCode")
        message = result.get("resultMessage")
        code = _scrub(code, secrets) if isinstance(code, str) else None
        message = _scrub(message, secrets) if isinstance(message, str) else None
        verified: bool | None = None
        if self.config.platform_key is not None:
            verified = self._response_verified(response, content)
            if not verified:
                return Attempt(
                    "U",
                    None,
                    f"HTTP {status_code}: the response signature did not verify "
                    f"(it claimed {status}/{code})",
                    status_code,
                    verified=False,
                )
        retry_after = self._trusted_retry_after(response, content, verified)
        return Attempt(status, code, message, status_code, verified, retry_after=retry_after)

    def _http_failure(self, response: httpx.Response, content: bytes) -> Attempt:
        """A 4xx without a result: refused unprocessed (429: retried after a pause)."""
        verified = (
            None if self.config.platform_key is None else self._response_verified(response, content)
        )
        code = http_result_code(response.status_code)
        retry_after = (
            self._trusted_retry_after(response, content, verified)
            if code == HTTP_TOO_MANY_REQUESTS
            else None
        )
        return Attempt(
            "F",
            code,
            _http_refusal(response),
            response.status_code,
            verified,
            retry_after=retry_after,
        )

    @staticmethod
    def classify_error(exc: httpx.RequestError, secrets: tuple[str, ...], budget: float) -> Attempt:
        """What a transport error means (``U``; "not sent" when no connection was made).

        ``budget`` is the attempt's time, named when it ran out.
        """
        # These errors happen before a single byte of the request left.
        not_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
        detail = _scrub(str(exc), secrets) or type(exc).__name__
        if isinstance(exc, httpx.TimeoutException):
            what = f"timed out: no complete answer within {budget:g} s"
            message = f"{what} ({type(exc).__name__}: {detail})"
        else:
            message = f"transport error: {type(exc).__name__}: {detail}"
        return Attempt("U", None, message, reached_platform=not not_sent)

    @staticmethod
    def too_large(response: httpx.Response, cap: int) -> Attempt:
        """An answer longer than ``cap`` bytes: what it said is unknown."""
        return Attempt(
            "U",
            None,
            f"HTTP {response.status_code}: the answer is longer than {_size(cap)} (the most "
            "a sender reads); stopped reading it, so what it said is unknown",
            response.status_code,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.config.describe()})"


class SendRun:
    """One message on its way: the bytes every attempt sends and the retry state.

    A driver loops: :meth:`next_request` (signed afresh), its own I/O with
    :attr:`timeout` seconds, then :meth:`record` gives either the final
    :class:`SendOutcome` or the seconds to sleep before the next attempt.
    """

    def __init__(
        self,
        sender: Sender,
        payload: bytes,
        request_id: str,
        secrets: tuple[str, ...],
        state: RetryState,
    ) -> None:
        self.sender = sender
        self.payload = payload
        self.request_id = request_id
        self.secrets = secrets
        self.state = state
        self.timeout = sender.config.timeout

    def next_request(self) -> PreparedRequest:
        """The next attempt's request, with a fresh ``Request-Time`` and signature;
        :attr:`timeout` becomes its time budget (never past the deadline)."""
        state = self.state
        self.timeout = state.attempt_timeout(self.sender.config.timeout)
        logger.debug(
            "requestId=%s attempt %d/%d: POST %s (timeout %.3fs)",
            self.request_id,
            state.attempts + 1,
            state.policy.max_attempts,
            self.sender.config.url,
            self.timeout,
        )
        return self.sender.sign(self.payload, self.request_id)

    def record(self, attempt: Attempt) -> SendOutcome | float:
        """The final outcome, or how many seconds to wait before the next attempt."""
        state = self.state
        verdict = state.record(attempt)
        where = f"requestId={self.request_id} attempt {state.attempts}/{state.policy.max_attempts}"
        summary = attempt.result_code or attempt.result_message
        if not verdict.done:
            logger.info(
                "%s: %s (%s); retrying in %.3fs", where, attempt.status, summary, verdict.delay
            )
            return verdict.delay
        logger.info("%s: final status %s (%s: %s)", where, verdict.status, verdict.reason, summary)
        last = state.last
        assert last is not None
        message = last.result_message
        not_delivered = verdict.status != "S" and not state.maybe_delivered
        if verdict.status == "U" and last.status == "F":
            message = (
                f"{message or last.result_code}: an earlier attempt may have delivered the message"
            )
        elif verdict.status == "U" and not_delivered:
            # U (try again later) for the caller's logic, but say plainly what happened.
            why = (
                "no attempt was processed by the platform"
                if state.connected
                else "no connection to the platform was made"
            )
            message = f"{message or 'no answer'}; {why}, so the message was not delivered"
        return SendOutcome(
            status=verdict.status,
            result_code=last.result_code,
            result_message=message,
            attempts=state.attempts,
            request_id=self.request_id,
            http_status=last.http_status,
            verified=last.verified,
            not_delivered=not_delivered,
        )

    def classify_response(self, response: httpx.Response, content: bytes) -> Attempt:
        return self.sender.classify_response(response, content, self.secrets)

    def classify_error(self, exc: httpx.RequestError) -> Attempt:
        return self.sender.classify_error(exc, self.secrets, self.timeout)

    def too_large(self, response: httpx.Response, cap: int) -> Attempt:
        return self.sender.too_large(response, cap)
