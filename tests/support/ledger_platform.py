"""An independent stand-in for the platform, for the bulk-sending tests.

Written apart from msgtemplate's sender and sandbox on purpose (it verifies
signatures with ``cryptography`` directly, and keeps its own ledger), so that a bug
shared by the client and the sandbox cannot hide. It serves
``POST /api/open/v2/miniprogram/message/send`` on 127.0.0.1 (HTTP/1.1, keep-alive)
from a thread and:

* refuses a bad or missing signature (``F`` ``ACCESS_DENIED``);
* keeps an **idempotency ledger** by requestId: the first accepted body is
  delivered once; the same requestId with the same body later answers ``S``
  without a second delivery; with another body, ``F`` ``PARAM_ILLEGAL``;
* injects faults drawn from a seeded RNG: ``U`` before delivery, ``U`` *after*
  delivery, a bare HTTP 500, and traffic-limit answers;
* optionally enforces a real traffic limit (``limit`` requests per second, a
  one-second sliding window), answering ``REQUEST_TRAFFIC_EXCEED_LIMIT`` above it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

PATH = "/api/open/v2/miniprogram/message/send"


@dataclass
class Faults:
    """Probabilities per request (drawn in this order, at most one fault each)."""

    u_before: float = 0.0
    u_after: float = 0.0
    http_500: float = 0.0
    traffic: float = 0.0
    seed: int = 7


@dataclass
class Ledger:
    deliveries: Counter[str] = field(default_factory=Counter)
    bodies: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    bad_signatures: int = 0
    traffic_refused: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    tokens_seen: set[str] = field(default_factory=set)


class LedgerPlatform(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self,
        client_id: str,
        public_pem: bytes,
        *,
        faults: Faults | None = None,
        limit: float | None = None,
    ) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.client_id = client_id
        key = serialization.load_pem_public_key(public_pem)
        assert isinstance(key, rsa.RSAPublicKey)
        self.public_key = key
        self.faults = faults or Faults()
        self.rng = random.Random(self.faults.seed)
        self.limit = limit
        self.window: deque[float] = deque()
        self.ledger = Ledger()
        self.lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> LedgerPlatform:
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(10)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client killed mid-request (the point of these tests) is no news

    def __enter__(self) -> LedgerPlatform:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------- deciding

    def verified(self, headers: dict[str, str], body: bytes) -> bool:
        client_id = headers.get("client-id", "")
        stamp = headers.get("request-time", "")
        value = headers.get("signature", "")
        if client_id != self.client_id or not stamp or "signature=" not in value:
            return False
        signature = unquote(value.rsplit("signature=", 1)[1].strip())
        content = f"POST {PATH}\n{client_id}.{stamp}.".encode() + body
        try:
            raw = base64.b64decode(signature, validate=True)
            self.public_key.verify(raw, content, padding.PKCS1v15(), hashes.SHA256())
        except (InvalidSignature, ValueError):
            return False
        return True

    def decide(self, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str] | None]:
        """``(http status, result or None for a bare error)``."""
        with self.lock:
            ledger = self.ledger
            ledger.requests += 1
            if not self.verified(headers, body):
                ledger.bad_signatures += 1
                return 200, _result("F", "ACCESS_DENIED", "signature verification failed")
            try:
                data = json.loads(body)
                request_id = data["requestId"]
                ledger.tokens_seen.add(data["accessToken"])
            except (ValueError, KeyError, TypeError):
                return 200, _result("F", "PARAM_ILLEGAL", "not a request body")
            if self.limit is not None:
                now = time.monotonic()
                while self.window and now - self.window[0] >= 1.0:
                    self.window.popleft()
                if len(self.window) >= self.limit:
                    ledger.traffic_refused += 1
                    return 200, _result("F", "REQUEST_TRAFFIC_EXCEED_LIMIT", "too fast")
                self.window.append(now)
            digest = hashlib.sha256(body).hexdigest()
            known = ledger.bodies.get(request_id)
            if known is not None and known != digest:
                return 200, _result("F", "PARAM_ILLEGAL", "requestId reused with another body")
            f = self.faults
            draw = self.rng.random()
            if draw < f.u_before:
                ledger.faults["u_before"] += 1
                return 200, _result("U", "UNKNOWN_EXCEPTION", "try again")
            draw -= f.u_before
            if draw < f.http_500:
                ledger.faults["http_500"] += 1
                return 500, None
            draw -= f.http_500
            if draw < f.traffic:
                ledger.faults["traffic"] += 1
                return 200, _result("F", "REQUEST_TRAFFIC_EXCEED_LIMIT", "slow down")
            draw -= f.traffic
            if known is None:
                ledger.bodies[request_id] = digest
                ledger.deliveries[request_id] += 1
            if draw < f.u_after:
                ledger.faults["u_after"] += 1
                return 200, _result("U", "UNKNOWN_EXCEPTION", "delivered, but said otherwise")
            return 200, _result("S", "SUCCESS", "ok")


def _result(status: str, code: str, message: str) -> dict[str, str]:
    return {"resultStatus": status, "resultCode": code, "resultMessage": message}


class _Handler(BaseHTTPRequestHandler):
    server: LedgerPlatform
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if len(body) < length:
            self.close_connection = True  # the client was killed mid-request
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        if self.path != PATH:
            self._answer(404, b"no such route", "text/plain")
            return
        status, result = self.server.decide(headers, body)
        if result is None:
            self._answer(status, b"server error", "text/plain")
            return
        self._answer(status, json.dumps({"result": result}).encode(), "application/json")

    def _answer(self, status: int, payload: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
