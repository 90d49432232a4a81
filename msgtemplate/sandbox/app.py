"""The sandbox as a Starlette (ASGI) application: :func:`create_app`.

Routes:

* ``POST {prefix}/v2/miniprogram/message/send``: the send API (see :mod:`.service`),
  answers signed with the sandbox's own key; other ``POST {prefix}/...`` paths are
  ``F``/``INVALID_API`` like the platform's;
* ``GET /inbox``: deliveries as JSON, newest first (``?after=ID`` for the ones newer
  than ``ID``, ``?limit=N``);
* ``GET /``: the web inbox (``/static/...`` its script and style);
* ``GET /healthz``: readiness and a little metadata;
* ``GET /server-key.pem``: the public key that verifies the sandbox's answers.

Blocking work (signature checks, SQLite, signing) runs in the thread pool so the
event loop keeps serving the inbox while the API is busy.

Hostile peers: a request is checked from its headers (who is speaking, when) before
a byte of its body is read, and a refused one is answered at once and its
connection closed (:mod:`.guard`). A body must arrive within
:data:`BODY_TIMEOUT_SECONDS` and be at most :data:`MAX_REQUEST_BYTES` long; a client
that disconnects mid-body costs one log line.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Final

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from msgtemplate.api import spec
from msgtemplate.errors import MsgTemplateError
from msgtemplate.locales import LocaleError, normalize_tag
from msgtemplate.pack import Pack, load_pack
from msgtemplate.sandbox.catalog import Catalog
from msgtemplate.sandbox.faults import Fault, FaultInjector
from msgtemplate.sandbox.guard import Guard
from msgtemplate.sandbox.page import asset_response, page_response
from msgtemplate.sandbox.service import UNKNOWN, Result, SendService
from msgtemplate.sandbox.store import InboxStore
from msgtemplate.sender.keys import (
    KeySource,
    PrivateKey,
    PublicKey,
    generate_key_pair,
    load_public_key,
)
from msgtemplate.sender.signing import sign_response

DEFAULT_SERVER_CLIENT_ID: Final = "msgtemplate-sandbox"
MAX_REQUEST_BYTES: Final = 1 << 20
"""Bodies above this are refused unread: a valid body is a few KiB at most."""
BODY_TIMEOUT_SECONDS: Final = 10.0
"""A request body must arrive whole within this many seconds of its headers."""
INBOX_ID_HEADER: Final = "X-Inbox-Id"
"""On every ``GET /inbox`` answer: the database's id, new when the database is."""

logger = logging.getLogger("msgtemplate.sandbox")


class _Unread(Exception):
    """The body cannot be used: too large or too slow (the message says which)."""


_SQLITE_MAX_INT: Final = 2**63 - 1
"""``after`` and ``limit`` go to SQLite as 64-bit integers; larger ones overflow."""


class SandboxError(MsgTemplateError, ValueError):
    """The sandbox cannot be set up with these arguments."""


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Sandbox:
    """Everything one app instance holds; ``app.state.sandbox``."""

    def __init__(
        self,
        service: SendService,
        faults: FaultInjector,
        *,
        server_key: PrivateKey,
        server_client_id: str,
        latency_ms: int,
        path_prefix: str,
        device_locale: str | None,
    ) -> None:
        self.service = service
        self.faults = faults
        self.server_key = server_key
        self.server_client_id = server_client_id
        self.latency_ms = latency_ms
        self.path_prefix = path_prefix
        self.device_locale = device_locale

    @property
    def store(self) -> InboxStore:
        return self.service.store

    @property
    def send_path(self) -> str:
        return self.service.signed_uri

    @property
    def public_key(self) -> PublicKey:
        return self.server_key.public_key()

    def close(self) -> None:
        self.store.close()

    # -- the API

    async def send(self, request: Request) -> Response:
        # Access first, from the headers alone: a stranger's body is never read.
        # (Starlette's Headers: a case-insensitive mapping whose items() keeps repeats.)
        refused = self.service.check_headers(request.headers)
        if refused is not None:
            return await run_in_threadpool(self._signed, request.headers, refused)
        fault = self.faults.draw()  # faults follow the arrival order of admitted requests
        if self.latency_ms:
            await asyncio.sleep(self.latency_ms / 1000)
        if fault == "error":
            return PlainTextResponse("injected fault: internal server error", status_code=500)
        raw = b""
        if fault != "unknown-before":
            try:
                raw = await _read_body(request)
            except _Unread as exc:
                result = Result.of(spec.PARAM_ILLEGAL, str(exc))
                return await run_in_threadpool(self._signed, request.headers, result)
            except ClientDisconnect:
                peer = request.client
                who = f"{peer.host}:{peer.port}" if peer else "a client"
                logger.warning("%s disconnected before sending its whole request body", who)
                return Response(status_code=400)  # nobody is left to read it
        # One hop to the thread pool per request: checks, SQLite and signing together.
        return await run_in_threadpool(self._answer, request.headers, raw, fault)

    def _answer(self, headers: Mapping[str, str], raw: bytes, fault: Fault) -> Response:
        if fault == "unknown-before":
            result = UNKNOWN
        else:
            result = self.service.handle(headers, raw)
            if fault == "unknown-after":
                result = UNKNOWN  # processed (perhaps delivered), but the answer is lost
        return self._signed(headers, result)

    async def invalid_api(self, request: Request) -> Response:
        result = Result.of(spec.INVALID_API, f"no API at {request.url.path}")
        return await run_in_threadpool(self._signed, request.headers, result, request.url.path)

    def _signed(
        self, headers: Mapping[str, str], result: Result, uri: str | None = None
    ) -> Response:
        body = result.to_bytes()
        client_id = headers.get(spec.HEADER_CLIENT_ID, "")
        # Echo the caller's Client-Id (the platform does; clients check it) when it is ours.
        if client_id not in self.service.clients:
            client_id = self.server_client_id
        signed = sign_response(
            spec.HTTP_METHOD, uri or self.send_path, client_id, body, self.server_key
        )
        return Response(body, status_code=200, headers=signed)

    # -- the inbox

    async def inbox(self, request: Request) -> Response:
        try:
            after = int(request.query_params.get("after", "0"))
            limit_text = request.query_params.get("limit")
            limit = None if limit_text is None else int(limit_text)
        except ValueError:
            return JSONResponse({"error": "after and limit must be integers"}, status_code=400)
        if after < 0 or (limit is not None and limit < 0):
            return JSONResponse({"error": "after and limit must not be negative"}, 400)
        if after > _SQLITE_MAX_INT or (limit is not None and limit > _SQLITE_MAX_INT):
            return JSONResponse(
                {"error": f"after and limit must be at most {_SQLITE_MAX_INT}"}, 400
            )
        items = await run_in_threadpool(self.store.recent, after=after, limit=limit)
        # The page compares this id between polls: a new one means a new database
        # (the sandbox restarted with another --db), so what it shows is stale.
        headers = {"Cache-Control": "no-store", INBOX_ID_HEADER: self.store.inbox_id}
        return JSONResponse([d.to_json() for d in items], headers=headers)

    async def healthz(self, request: Request) -> Response:
        count = await run_in_threadpool(self.store.count)
        return JSONResponse(
            {
                "status": "ok",
                "deliveries": count,
                "sendPath": self.send_path,
                "deviceLocale": self.device_locale,
                "templates": sorted(self.service.catalog.templates),
                "serverKeyFingerprint": self.public_key.fingerprint,
                "inboxId": self.store.inbox_id,
            },
            headers={"Cache-Control": "no-store"},
        )

    async def server_key_pem(self, request: Request) -> Response:
        return Response(self.public_key.to_pem(), media_type="application/x-pem-file")


_TOO_LARGE: Final = f"the request body is larger than {MAX_REQUEST_BYTES >> 20} MiB"


async def _read_body(request: Request) -> bytes:
    """The whole body, at most MAX_REQUEST_BYTES, within BODY_TIMEOUT_SECONDS.

    Raises :class:`_Unread` (too large, too slow) or ``ClientDisconnect``.
    """
    import anyio  # Starlette's own dependency

    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > MAX_REQUEST_BYTES:
        raise _Unread(_TOO_LARGE)
    chunks: list[bytes] = []
    size = 0
    with anyio.move_on_after(BODY_TIMEOUT_SECONDS) as scope:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_REQUEST_BYTES:
                raise _Unread(_TOO_LARGE)
            chunks.append(chunk)
    if scope.cancelled_caught:
        raise _Unread(f"the request body did not arrive within {BODY_TIMEOUT_SECONDS:g} s")
    return b"".join(chunks)


def _load_packs(packs: Sequence[Pack | str | os.PathLike[str]]) -> list[Pack]:
    if isinstance(packs, (str, os.PathLike)):
        raise SandboxError("packs must be a sequence of packs or paths, not one path")
    return [p if isinstance(p, Pack) else load_pack(Path(p)) for p in packs]


def _load_clients(clients: Mapping[str, PublicKey | KeySource]) -> dict[str, PublicKey]:
    loaded: dict[str, PublicKey] = {}
    for client_id, key in clients.items():
        if not client_id or not client_id.isascii() or not client_id.isprintable():
            raise SandboxError("a client id must be non-empty printable ASCII")
        loaded[client_id] = key if isinstance(key, PublicKey) else load_public_key(key)
    if not loaded:
        raise SandboxError("at least one client (id and public key) is needed")
    return loaded


def _check_prefix(path_prefix: str) -> str:
    prefix = path_prefix.rstrip("/")
    if prefix and (not prefix.startswith("/") or any(c.isspace() or c in "?#{}" for c in prefix)):
        raise SandboxError(f"the path prefix must be empty or start with '/': {path_prefix!r}")
    return prefix


def create_app(
    packs: Sequence[Pack | str | os.PathLike[str]],
    clients: Mapping[str, PublicKey | KeySource],
    *,
    db_path: str | os.PathLike[str],
    device_locale: str | None = None,
    path_prefix: str = spec.DEFAULT_PATH_PREFIX,
    unknown_rate: float = 0.0,
    error_rate: float = 0.0,
    latency_ms: int = 0,
    seed: int | None = None,
    server_key: PrivateKey | None = None,
    server_client_id: str = DEFAULT_SERVER_CLIENT_ID,
    clock: Callable[[], datetime] = _utc_now,
) -> Starlette:
    """The sandbox app. ``app.state.sandbox`` is the :class:`Sandbox` behind it.

    ``packs`` are :class:`~msgtemplate.pack.Pack` objects or paths; ``clients`` maps
    each accepted Client-Id to its public key (object, PEM or path). The inbox lives
    in ``db_path`` (created when missing, reused when present). ``server_key`` signs
    the answers (a fresh one is made when None; see ``app.state.sandbox.public_key``).
    ``clock`` gives the server time (Request-Time checks, Response-Time, receivedAt).
    Raises :class:`SandboxError`, :class:`~msgtemplate.pack.PackError`,
    :class:`~msgtemplate.sender.signing.SigningError` or a ``StoreError`` for bad arguments.
    """
    if device_locale is not None:
        try:
            normalize_tag(device_locale)
        except LocaleError as exc:
            raise SandboxError(f"device locale: {exc}") from None
    if isinstance(latency_ms, bool) or latency_ms < 0:
        raise SandboxError("latency_ms must not be negative")
    prefix = _check_prefix(path_prefix)
    faults = FaultInjector(unknown_rate=unknown_rate, error_rate=error_rate, seed=seed)
    catalog = Catalog(_load_packs(packs), device_locale=device_locale)
    loaded_clients = _load_clients(clients)
    key = server_key if server_key is not None else generate_key_pair()[0]
    store = InboxStore(db_path)
    service = SendService(
        catalog, loaded_clients, store, signed_uri=prefix + spec.API_PATH, clock=clock
    )
    sandbox = Sandbox(
        service,
        faults,
        server_key=key,
        server_client_id=server_client_id,
        latency_ms=int(latency_ms),
        path_prefix=prefix,
        device_locale=device_locale,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        sandbox.close()

    routes = [
        Route(prefix + spec.API_PATH, sandbox.send, methods=["POST"]),
        Route(prefix + "/{rest:path}", sandbox.invalid_api, methods=["POST"]),
        Route("/", page_response, methods=["GET"]),
        Route("/static/{name}", asset_response, methods=["GET"]),
        Route("/inbox", sandbox.inbox, methods=["GET"]),
        Route("/healthz", sandbox.healthz, methods=["GET"]),
        Route("/server-key.pem", sandbox.server_key_pem, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(Guard)])
    app.state.sandbox = sandbox
    return app


def sandbox_of(app: Any) -> Sandbox:
    """The :class:`Sandbox` behind an app made by :func:`create_app`."""
    sandbox: Sandbox = app.state.sandbox
    return sandbox
