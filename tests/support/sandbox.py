"""Shared material for the sandbox tests: a pack, keys, bodies, signed raw requests.

Imported as ``tests.support.sandbox`` by tests/test_sandbox*.py and
tests/test_inbox_browser.py (in every pytest import mode, ``importlib`` included).
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx

from msgtemplate.api import spec
from msgtemplate.sender import signing

CLIENT_ID = "SANDBOX_TEST_CLIENT"
APP_ID = "APP0000000000001"
TOKEN = "sandbox-test-access-token-0123456789"
URI = spec.DEFAULT_PATH_PREFIX + spec.API_PATH

CLIENT_KEY, CLIENT_PUBLIC = signing.generate_key_pair()
OTHER_KEY, OTHER_PUBLIC = signing.generate_key_pair()
SERVER_KEY, SERVER_PUBLIC = signing.generate_key_pair()

PACK_YAML = """\
format: 1
defaultLocale: en-US
appId: "APP0000000000001"
templates:
  - code: TP_ORDER
    name: Order shipped
    channel: PUSH
    redirectUrl: /pages/orders?id=${orderId}
    parameters:
      orderId: {type: string, maxLength: 20, example: A-1029}
      carrier: {type: string, example: DHL}
    content:
      en-US:
        title: Order ${orderId} shipped
        body: Your parcel is on its way with ${carrier}.
      ar:
        title: تم شحن الطلب ${orderId}
        body: طردك في الطريق مع ${carrier}.
      he:
        title: ההזמנה ${orderId} נשלחה
        body: החבילה שלך בדרך עם ${carrier}.
      de:
        body: Bestellung ${orderId} ist unterwegs.
  - code: TP_CODE
    name: Login code
    channel: SMS
    parameters:
      code: {type: string, example: "123456"}
    content:
      en-US:
        body: Your login code is ${code}. It expires in 5 minutes.
      zh-Hant:
        body: 您的登入驗證碼是 ${code}，5 分鐘內有效。
"""

ORDER_PARAMS = {"orderId": "A-1029", "carrier": "DHL Express"}


def write_pack(folder: Path, name: str = "pack.yaml", text: str = PACK_YAML) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def make_body(
    request_id: str,
    *,
    code: str = "TP_ORDER",
    languages: Sequence[str] = ("en-US",),
    params: Mapping[str, str] | None = None,
    redirect: str | None = "/pages/orders?id=A-1029",
) -> dict[str, Any]:
    values = dict(ORDER_PARAMS if params is None else params)
    body: dict[str, Any] = {
        "appId": APP_ID,
        "accessToken": TOKEN,
        "requestId": request_id,
        "templateCode": code,
        "templates": [
            {"language": tag, "templateParameters": copy.deepcopy(values)} for tag in languages
        ],
    }
    if redirect is not None:
        body["redirectUrl"] = redirect
    return body


def encode(body: object) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signed_headers(
    raw: bytes,
    *,
    client_id: str = CLIENT_ID,
    key: signing.PrivateKey = CLIENT_KEY,
    uri: str = URI,
    now: datetime | None = None,
) -> dict[str, str]:
    return signing.sign_request("POST", uri, client_id, raw, key, now=now)


async def post_raw(
    http: httpx.AsyncClient,
    raw: bytes,
    headers: Mapping[str, str],
    *,
    path: str = URI,
) -> httpx.Response:
    return await http.post(path, content=raw, headers=dict(headers))


def result_of(response: httpx.Response) -> tuple[str, str, str]:
    result = response.json()["result"]
    return result["resultStatus"], result["resultCode"], result["resultMessage"]


def fixed_clock(at: datetime) -> Any:
    return lambda: at


T0 = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)  # far from the wall clock
JUST_OUTSIDE = timedelta(seconds=spec.REQUEST_TIME_TOLERANCE_SECONDS + 1)
JUST_INSIDE = timedelta(seconds=spec.REQUEST_TIME_TOLERANCE_SECONDS - 1)


@contextmanager
def serving(app: Any, port: int = 0) -> Iterator[str]:
    """``app`` served by uvicorn with the sandbox's own limits
    (:func:`msgtemplate.sandbox.server.config`) on loopback (a free port unless
    ``port``), in a thread; yields its base URL."""
    import uvicorn

    from msgtemplate.sandbox import sandbox_of
    from msgtemplate.sandbox.server import bind, config

    sock = bind("127.0.0.1", port)
    port = sock.getsockname()[1]
    server = uvicorn.Server(config(app, quiet=True))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        sandbox_of(app).close()
    assert not thread.is_alive()
