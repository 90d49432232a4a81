"""The thin sender: sign a body, POST it with httpx, retry safely, report S / F / U.

The body is serialised once (compact JSON, UTF-8); every attempt sends those same
bytes, re-signed with a fresh ``Request-Time``. The decisions (what to retry, how
long to wait, when to give up) live in :mod:`msgtemplate._retry`; this module turns
HTTP responses and transport errors into inputs for it, and drives it with a sync
(:class:`MessageClient`) or an async (:class:`AsyncMessageClient`) httpx client.

With ``platform_public_key`` every response with a ``result`` must carry a valid
platform signature; one that does not is treated as unknown (``U``) and retried,
never reported as ``S`` or ``F``: we cannot trust what it says. The ``Retry-After``
of any answer that does not verify is ignored too.

An HTTP 4xx answer without a ``result`` object (a wrong path prefix, a gateway that
refuses the request...) means the request was refused before anything processed it:
that is final, ``F`` with ``result_code`` ``HTTP_<status>``, and it is not retried,
except 429 (too many requests), which is retried like the traffic limit.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import math
import os
import random as _random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from types import TracebackType
from typing import Any, Final

import httpx

from msgtemplate import spec
from msgtemplate._retry import (
    HTTP_TOO_MANY_REQUESTS,
    Attempt,
    RetryPolicy,
    RetryState,
    Verdict,
    http_result_code,
)
from msgtemplate._version import __version__
from msgtemplate.errors import MsgTemplateError
from msgtemplate.signing import (
    KeySource,
    PrivateKey,
    PublicKey,
    SigningError,
    load_private_key,
    load_public_key,
    parse_signature_header,
    redact,
    sign_request,
    verify_signed,
)

__all__ = [
    "AsyncMessageClient",
    "ClientError",
    "InsecureEndpointError",
    "MessageClient",
    "PreparedRequest",
    "SendOutcome",
    "client_from_env",
]

logger = logging.getLogger("msgtemplate.client")

_USER_AGENT: Final = f"msgtemplate/{__version__}"
_LOOPBACK_NAMES: Final = frozenset({"localhost", "localhost."})
_ACCESS_TOKEN_FIELD: Final = "accessToken"  # noqa: S105 - a field name, not a secret
_REQUEST_ID_FIELD: Final = "requestId"
_MAX_PORT: Final = 65535


class ClientError(MsgTemplateError):
    """The client cannot be built or cannot send this body (nothing was sent)."""


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


def _is_loopback(host: str) -> bool:
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
    if url.scheme == "http" and not _is_loopback(url.host):
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


def _scrub(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, redact(secret))
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


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _is_seconds(value: object, *, zero_ok: bool) -> bool:
    """A finite number of seconds, > 0 (or >= 0); NaN and inf would reach time.sleep."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and (value >= 0 if zero_ok else value > 0)


def _http_refusal(response: httpx.Response) -> str:
    status = response.status_code
    reason = f" {response.reason_phrase}" if response.reason_phrase else ""
    hint = " (check the endpoint and the path prefix)" if status in (404, 405) else ""
    return (
        f"HTTP {status}{reason} without a result: the request was refused before it "
        f"was processed{hint}; the message was not delivered"
    )


class _Sender:
    """Configuration, request preparation and response classification (no I/O)."""

    def __init__(
        self,
        endpoint: str,
        client_id: str,
        private_key: PrivateKey | KeySource,
        *,
        key_version: int | None,
        path_prefix: str,
        timeout: float,
        max_attempts: int,
        retry_backoff: float,
        platform_public_key: PublicKey | KeySource | None,
        deadline: float | None,
        random: Callable[[], float],
        clock: Callable[[], float],
        wall_clock: Callable[[], datetime],
    ) -> None:
        url = _check_endpoint(endpoint)
        if not _is_seconds(timeout, zero_ok=False):
            raise ClientError(f"timeout must be a finite number of seconds > 0, got {timeout!r}")
        if key_version is not None and (isinstance(key_version, bool) or key_version < 0):
            raise ClientError("key_version must be a non-negative integer")
        if not _is_seconds(retry_backoff, zero_ok=True):
            raise ClientError(
                f"retry_backoff must be a finite number of seconds >= 0, got {retry_backoff!r}"
            )
        try:
            self.policy = RetryPolicy(
                max_attempts=max_attempts, backoff=retry_backoff, deadline=deadline
            )
        except ValueError as exc:
            raise ClientError(str(exc)) from None
        self.endpoint = endpoint
        self.client_id = _check_client_id(client_id)
        self.key_version = key_version
        self.timeout = timeout
        self.signed_uri = _check_path_prefix(path_prefix) + spec.API_PATH
        self.url = endpoint.rstrip("/") + self.signed_uri
        # A loopback endpoint never goes through a proxy from the environment.
        self._trust_env = not _is_loopback(url.host)
        self._key = (
            private_key if isinstance(private_key, PrivateKey) else (load_private_key(private_key))
        )
        self._platform_key: PublicKey | None = (
            None
            if platform_public_key is None
            else platform_public_key
            if isinstance(platform_public_key, PublicKey)
            else load_public_key(platform_public_key)
        )
        self._random = random
        self._clock = clock
        self._wall_clock = wall_clock

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(endpoint={self.endpoint!r}, client_id={self.client_id!r}, "
            f"key={self._key!r}, key_version={self.key_version!r}, "
            f"verifies_responses={self._platform_key is not None})"
        )

    # -- preparing

    @staticmethod
    def _serialise(body: Mapping[str, Any]) -> tuple[bytes, str, str]:
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

    def _sign(self, payload: bytes, request_id: str) -> PreparedRequest:
        headers = sign_request(
            spec.HTTP_METHOD,
            self.signed_uri,
            self.client_id,
            payload,
            self._key,
            key_version=self.key_version,
            now=self._wall_clock(),
        )
        headers["Accept"] = "application/json"
        # Identity encoding: the response signature covers the bytes exactly as sent.
        headers["Accept-Encoding"] = "identity"
        headers["User-Agent"] = _USER_AGENT
        return PreparedRequest(spec.HTTP_METHOD, self.url, headers, payload, request_id)

    def prepare(self, body: Mapping[str, Any]) -> PreparedRequest:
        """Serialise and sign ``body`` without sending it (``--dry-run``, benchmarks)."""
        payload, request_id, _ = self._serialise(body)
        return self._sign(payload, request_id)

    def build_request(self, body: Mapping[str, Any]) -> httpx.Request:
        """The httpx request the first attempt would send (sans-IO)."""
        return self.prepare(body).to_httpx(self.timeout)

    # -- classifying

    def _new_state(self) -> RetryState:
        return RetryState(self.policy, clock=self._clock, random=self._random)

    def _response_verified(self, response: httpx.Response) -> bool:
        assert self._platform_key is not None
        if response.headers.get(spec.HEADER_CLIENT_ID) != self.client_id:
            return False
        return verify_signed(
            spec.HTTP_METHOD,
            self.signed_uri,
            response.headers,
            response.content,
            self._platform_key,
            time_header=spec.HEADER_RESPONSE_TIME,
        )

    def _trusted_retry_after(self, response: httpx.Response, verified: bool | None) -> float | None:
        """``Retry-After`` in seconds, only from an answer we can trust to have sent it.

        With a platform key, an unsigned answer could make us wait for anyone's benefit.
        """
        if "Retry-After" not in response.headers:
            return None
        if self._platform_key is not None:
            if verified is None:
                verified = self._response_verified(response)
            if not verified:
                return None
        return _retry_after(response)

    def _classify_response(self, response: httpx.Response, secrets: tuple[str, ...]) -> Attempt:
        status_code = response.status_code
        if status_code >= 500:
            retry_after = self._trusted_retry_after(response, None)
            return Attempt("U", None, f"HTTP {status_code}", status_code, retry_after=retry_after)
        try:
            data = json.loads(response.content)
        except (ValueError, UnicodeDecodeError, RecursionError):
            data = None
        result = data.get("result") if isinstance(data, dict) else None
        status = result.get("resultStatus") if isinstance(result, dict) else None
        if not isinstance(result, dict) or status not in spec.RESULT_STATUSES:
            if 400 <= status_code < 500:
                return self._http_failure(response)
            return Attempt(
                "U",
                None,
                f"HTTP {status_code}: the response has no valid result",
                status_code,
                retry_after=self._trusted_retry_after(response, None),
            )
        code = result.get("resultCode")
        message = result.get("resultMessage")
        code = _scrub(code, secrets) if isinstance(code, str) else None
        message = _scrub(message, secrets) if isinstance(message, str) else None
        verified: bool | None = None
        if self._platform_key is not None:
            verified = self._response_verified(response)
            if not verified:
                return Attempt(
                    "U",
                    None,
                    f"HTTP {status_code}: the response signature did not verify "
                    f"(it claimed {status}/{code})",
                    status_code,
                    verified=False,
                )
        retry_after = self._trusted_retry_after(response, verified)
        return Attempt(status, code, message, status_code, verified, retry_after=retry_after)

    def _http_failure(self, response: httpx.Response) -> Attempt:
        """A 4xx without a result: refused unprocessed (429: retried after a pause)."""
        verified = None if self._platform_key is None else self._response_verified(response)
        code = http_result_code(response.status_code)
        retry_after = (
            self._trusted_retry_after(response, verified)
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
    def _classify_error(exc: httpx.RequestError, secrets: tuple[str, ...]) -> Attempt:
        # These errors happen before a single byte of the request left.
        not_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
        kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "transport error"
        detail = _scrub(str(exc), secrets) or type(exc).__name__
        return Attempt(
            "U", None, f"{kind}: {type(exc).__name__}: {detail}", reached_platform=not not_sent
        )

    def _after_attempt(self, state: RetryState, attempt: Attempt, request_id: str) -> Verdict:
        verdict = state.record(attempt)
        where = f"requestId={request_id} attempt {state.attempts}/{self.policy.max_attempts}"
        summary = attempt.result_code or attempt.result_message
        if verdict.done:
            logger.info(
                "%s: final status %s (%s: %s)", where, verdict.status, verdict.reason, summary
            )
        else:
            logger.info(
                "%s: %s (%s); retrying in %.3fs", where, attempt.status, summary, verdict.delay
            )
        return verdict

    def _outcome(self, state: RetryState, verdict: Verdict, request_id: str) -> SendOutcome:
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
            request_id=request_id,
            http_status=last.http_status,
            verified=last.verified,
            not_delivered=not_delivered,
        )

    def _log_attempt(self, request_id: str, attempt_no: int, timeout: float) -> None:
        logger.debug(
            "requestId=%s attempt %d/%d: POST %s (timeout %.3fs)",
            request_id,
            attempt_no,
            self.policy.max_attempts,
            self.url,
            timeout,
        )


# ---------------------------------------------------------------------- drivers


class MessageClient(_Sender):
    """Send signed messages synchronously; thread-safe, reuse one per process.

    ``sleep``, ``random``, ``clock`` (monotonic seconds) and ``wall_clock`` (for
    ``Request-Time``) are seams for tests and embedding; ``transport`` is an httpx
    transport (e.g. ``httpx.MockTransport``).
    """

    def __init__(
        self,
        endpoint: str,
        client_id: str,
        private_key: PrivateKey | KeySource,
        *,
        key_version: int | None = 1,
        path_prefix: str = spec.DEFAULT_PATH_PREFIX,
        timeout: float = 10,
        max_attempts: int = 5,
        retry_backoff: float = 0.5,
        platform_public_key: PublicKey | KeySource | None = None,
        transport: httpx.BaseTransport | None = None,
        deadline: float | None = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        random: Callable[[], float] = _random.random,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        super().__init__(
            endpoint,
            client_id,
            private_key,
            key_version=key_version,
            path_prefix=path_prefix,
            timeout=timeout,
            max_attempts=max_attempts,
            retry_backoff=retry_backoff,
            platform_public_key=platform_public_key,
            deadline=deadline,
            random=random,
            clock=clock,
            wall_clock=wall_clock,
        )
        self._sleep = sleep
        self._http = httpx.Client(
            transport=transport, follow_redirects=False, trust_env=self._trust_env
        )

    def send(self, body: Mapping[str, Any]) -> SendOutcome:
        """Send ``body`` until S, F or the attempts/deadline run out. Never raises on
        network trouble (that is ``U``); raises :class:`ClientError` for a bad body."""
        payload, request_id, token = self._serialise(body)
        secrets = (token,)
        state = self._new_state()
        while True:
            prepared = self._sign(payload, request_id)
            timeout = state.attempt_timeout(self.timeout)
            self._log_attempt(request_id, state.attempts + 1, timeout)
            try:
                response = self._http.send(prepared.to_httpx(timeout))
                attempt = self._classify_response(response, secrets)
            except httpx.RequestError as exc:
                attempt = self._classify_error(exc, secrets)
            verdict = self._after_attempt(state, attempt, request_id)
            if verdict.done:
                return self._outcome(state, verdict, request_id)
            self._sleep(verdict.delay)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> MessageClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncMessageClient(_Sender):
    """The same client for asyncio: same rules, same retry core, httpx.AsyncClient."""

    def __init__(
        self,
        endpoint: str,
        client_id: str,
        private_key: PrivateKey | KeySource,
        *,
        key_version: int | None = 1,
        path_prefix: str = spec.DEFAULT_PATH_PREFIX,
        timeout: float = 10,
        max_attempts: int = 5,
        retry_backoff: float = 0.5,
        platform_public_key: PublicKey | KeySource | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        deadline: float | None = 60.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        random: Callable[[], float] = _random.random,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        super().__init__(
            endpoint,
            client_id,
            private_key,
            key_version=key_version,
            path_prefix=path_prefix,
            timeout=timeout,
            max_attempts=max_attempts,
            retry_backoff=retry_backoff,
            platform_public_key=platform_public_key,
            deadline=deadline,
            random=random,
            clock=clock,
            wall_clock=wall_clock,
        )
        self._sleep = sleep
        self._http = httpx.AsyncClient(
            transport=transport, follow_redirects=False, trust_env=self._trust_env
        )

    async def send(self, body: Mapping[str, Any]) -> SendOutcome:
        """See :meth:`MessageClient.send`."""
        payload, request_id, token = self._serialise(body)
        secrets = (token,)
        state = self._new_state()
        while True:
            prepared = self._sign(payload, request_id)
            timeout = state.attempt_timeout(self.timeout)
            self._log_attempt(request_id, state.attempts + 1, timeout)
            try:
                response = await self._http.send(prepared.to_httpx(timeout))
                attempt = self._classify_response(response, secrets)
            except httpx.RequestError as exc:
                attempt = self._classify_error(exc, secrets)
            verdict = self._after_attempt(state, attempt, request_id)
            if verdict.done:
                return self._outcome(state, verdict, request_id)
            await self._sleep(verdict.delay)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncMessageClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def client_from_env(endpoint: str, **kwargs: Any) -> MessageClient:
    """A :class:`MessageClient` whose client id and key come from the environment.

    ``MSGTEMPLATE_CLIENT_ID`` and ``MSGTEMPLATE_PRIVATE_KEY`` (PEM text or a path);
    explicit ``client_id=`` / ``private_key=`` keyword arguments win.
    """
    client_id = kwargs.pop("client_id", None) or os.environ.get("MSGTEMPLATE_CLIENT_ID")
    key = kwargs.pop("private_key", None) or os.environ.get("MSGTEMPLATE_PRIVATE_KEY")
    if not client_id:
        raise ClientError("no client id: pass one or set MSGTEMPLATE_CLIENT_ID")
    if not key:
        raise ClientError("no private key: pass one or set MSGTEMPLATE_PRIVATE_KEY")
    return MessageClient(endpoint, client_id, key, **kwargs)
