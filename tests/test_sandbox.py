"""The sandbox app in-process, through httpx.ASGITransport: every rule of the send API."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msgtemplate.api import spec
from msgtemplate.pack import PackError, load_pack
from msgtemplate.sandbox import (
    MAX_REQUEST_BYTES,
    CatalogError,
    FaultConfigError,
    FaultInjector,
    SandboxError,
    create_app,
    sandbox_of,
)
from msgtemplate.sender import signing
from msgtemplate.sender.client import AsyncMessageClient
from tests.support.sandbox import (
    APP_ID,
    CLIENT_ID,
    CLIENT_KEY,
    CLIENT_PUBLIC,
    JUST_INSIDE,
    JUST_OUTSIDE,
    OTHER_KEY,
    PACK_YAML,
    SERVER_KEY,
    SERVER_PUBLIC,
    T0,
    TOKEN,
    URI,
    encode,
    fixed_clock,
    make_body,
    result_of,
    signed_headers,
    write_pack,
)

T = TypeVar("T")
RESULT_MESSAGE_MAX = spec.RESULT_FIELDS["resultMessage"].max_length


def run(coro: Awaitable[T]) -> T:
    async def wrapper() -> T:
        return await coro

    return asyncio.run(wrapper())


@contextmanager
def sandbox(tmp_path: Path, **options: Any) -> Iterator[Any]:
    options.setdefault("server_key", SERVER_KEY)
    db = options.pop("db_path", tmp_path / "inbox.sqlite")
    pack = write_pack(tmp_path)
    app = create_app([pack], {CLIENT_ID: CLIENT_PUBLIC}, db_path=db, **options)
    try:
        yield app
    finally:
        sandbox_of(app).close()


def http(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox")


def client(app: Any, **options: Any) -> AsyncMessageClient:
    options.setdefault("platform_public_key", SERVER_PUBLIC)

    async def no_sleep(seconds: float) -> None:
        return None

    options.setdefault("sleep", no_sleep)
    return AsyncMessageClient(
        "http://127.0.0.1", CLIENT_ID, CLIENT_KEY, transport=httpx.ASGITransport(app=app), **options
    )


async def post(app: Any, body: object, **sign: Any) -> httpx.Response:
    raw = body if isinstance(body, bytes) else encode(body)
    path = sign.pop("path", URI)
    async with http(app) as h:
        return await h.post(path, content=raw, headers=signed_headers(raw, **sign))


async def inbox(app: Any, query: str = "") -> list[dict[str, Any]]:
    async with http(app) as h:
        response = await h.get("/inbox" + query)
    assert response.status_code == 200
    items: list[dict[str, Any]] = response.json()
    return items


# ------------------------------------------------------------------ delivering


def test_a_signed_valid_request_is_delivered_and_rendered(tmp_path: Path) -> None:
    with sandbox(tmp_path) as app:

        async def go() -> None:
            async with client(app) as c:
                outcome = await c.send(make_body("req-1"))
            assert (outcome.status, outcome.result_code) == ("S", "SUCCESS")
            assert outcome.verified is True  # the answer was signed with the sandbox key
            items = await inbox(app)
            assert len(items) == 1
            item = items[0]
            assert item["requestId"] == "req-1"
            assert item["appId"] == APP_ID
            assert item["templateCode"] == "TP_ORDER"
            assert item["channel"] == "PUSH"
            assert item["language"] == "en-US"
            assert item["direction"] == "ltr"
            assert item["title"] == "Order A-1029 shipped"
            assert item["body"] == "Your parcel is on its way with DHL Express."
            assert item["redirectUrl"] == "/pages/orders?id=A-1029"
            received = signing.parse_timestamp(item["receivedAt"])
            offset = received.utcoffset()
            assert offset is not None
            assert offset.total_seconds() == 0

        run(go())


def test_received_at_comes_from_the_sandbox_clock(tmp_path: Path) -> None:
    with sandbox(tmp_path, clock=fixed_clock(T0)) as app:

        async def go() -> None:
            response = await post(app, make_body("r"), now=T0)
            assert result_of(response)[0] == "S"
            (item,) = await inbox(app)
            assert signing.parse_timestamp(item["receivedAt"]) == T0

        run(go())


def test_responses_are_signed_over_the_raw_body_and_echo_the_client_id(tmp_path: Path) -> None:
    with sandbox(tmp_path) as app:
        response = run(post(app, make_body("sig-1")))
        assert response.status_code == 200
        assert response.headers[spec.HEADER_CLIENT_ID] == CLIENT_ID
        assert signing.verify_signed(
            "POST",
            URI,
            response.headers,
            response.content,
            SERVER_PUBLIC,
            time_header=spec.HEADER_RESPONSE_TIME,
        )
        # The same headers do not vouch for another body.
        assert not signing.verify_signed(
            "POST",
            URI,
            response.headers,
            response.content + b" ",
            SERVER_PUBLIC,
            time_header=spec.HEADER_RESPONSE_TIME,
        )
        assert json.loads(response.content) == {
            "result": {"resultStatus": "S", "resultCode": "SUCCESS", "resultMessage": "success"}
        }


def test_a_client_pinning_another_platform_key_does_not_trust_the_answer(tmp_path: Path) -> None:
    _, stranger = signing.generate_key_pair()
    with sandbox(tmp_path) as app:

        async def go() -> None:
            async with client(app, platform_public_key=stranger, max_attempts=2) as c:
                outcome = await c.send(make_body("pinned"))
            assert outcome.status == "U"
            assert outcome.verified is False

        run(go())


def test_the_device_locale_picks_which_sent_language_is_shown(tmp_path: Path) -> None:
    with sandbox(tmp_path, device_locale="he-IL") as app:
        body = make_body("rtl-1", languages=("en-US", "ar", "he"))
        assert result_of(run(post(app, body)))[0] == "S"
        (item,) = run(inbox(app))
        assert item["language"] == "he"
        assert item["direction"] == "rtl"
        assert item["title"] == "ההזמנה A-1029 נשלחה"
        assert item["body"] == "החבילה שלך בדרך עם DHL Express."


def test_arabic_is_right_to_left(tmp_path: Path) -> None:
    with sandbox(tmp_path, device_locale="ar-EG") as app:
        body = make_body("rtl-2", languages=("en-US", "ar"))
        assert result_of(run(post(app, body)))[0] == "S"
        (item,) = run(inbox(app))
        assert (item["language"], item["direction"]) == ("ar", "rtl")
        assert item["title"] == "تم شحن الطلب A-1029"


def test_without_a_matching_device_locale_the_first_sent_language_is_shown(
    tmp_path: Path,
) -> None:
    with sandbox(tmp_path, device_locale="ja-JP") as app:
        assert result_of(run(post(app, make_body("a", languages=("de", "en-US")))))[0] == "S"
    with sandbox(tmp_path, db_path=tmp_path / "other.sqlite") as app:
        assert result_of(run(post(app, make_body("b", languages=("de", "en-US")))))[0] == "S"
        (item,) = run(inbox(app))
        assert item["language"] == "de"
        assert item["title"] is None  # the German variant has no title
        assert item["body"] == "Bestellung A-1029 ist unterwegs."


def test_a_language_is_accepted_when_it_matches_a_content_locale(tmp_path: Path) -> None:
    with sandbox(tmp_path) as app:
        # en-GB is served by the en-US content, ar-EG by ar (CLDR matching, documented).
        body = make_body("match-1", languages=("en-GB", "ar-EG"))
        assert result_of(run(post(app, body)))[0] == "S"
        (item,) = run(inbox(app))
        assert item["language"] == "en-GB"  # what was sent, as written
        assert item["title"] == "Order A-1029 shipped"


def test_sms_templates_need_no_redirect_url(tmp_path: Path) -> None:
    with sandbox(tmp_path) as app:
        body = make_body("sms-1", code="TP_CODE", params={"code": "424242"}, redirect=None)
        assert result_of(run(post(app, body)))[0] == "S"
        (item,) = run(inbox(app))
        assert item["redirectUrl"] is None
        assert item["body"] == "Your login code is 424242. It expires in 5 minutes."


def test_parameter_values_are_data_not_markup_or_templates(tmp_path: Path) -> None:
    with sandbox(tmp_path) as app:
        params = {"orderId": "<script>alert(1)</script>", "carrier": "${orderId} & $$"}
        assert result_of(run(post(app, make_body("data-1", params=params))))[0] == "S"
        (item,) = run(inbox(app))
        assert item["title"] == "Order <script>alert(1)</script> shipped"
        assert item["body"] == "Your parcel is on its way with ${orderId} & $$."


# ------------------------------------------------------------------ ACCESS_DENIED


def _denied_cases() -> list[tuple[str, dict[str, Any]]]:
    stranger = {"key": OTHER_KEY}
    return [
        ("unknown client", {"client_id": "SOMEONE_ELSE"}),
        ("wrong key", stranger),
        ("signed for another URI", {"uri": "/api/open/v2/other"}),
        ("too old", {"now": T0 - JUST_OUTSIDE}),
        ("too far ahead", {"now": T0 + JUST_OUTSIDE}),
    ]


@pytest.mark.parametrize(("case", "sign"), _denied_cases(), ids=[c for c, _ in _denied_cases()])
def test_bad_credentials_are_denied_and_nothing_is_stored(
    tmp_path: Path, case: str, sign: dict[str, Any]
) -> None:
    sign.setdefault("now", T0)
    with sandbox(tmp_path, clock=fixed_clock(T0)) as app:
        response = run(post(app, make_body("denied"), **sign))
        status, code, message = result_of(response)
        assert (status, code) == ("F", "ACCESS_DENIED"), message
        assert run(inbox(app)) == []


@pytest.mark.parametrize("offset", [JUST_INSIDE, -JUST_INSIDE])
def test_request_time_within_the_tolerance_is_accepted(tmp_path: Path, offset: Any) -> None:
    with sandbox(tmp_path, clock=fixed_clock(T0)) as app:
        assert result_of(run(post(app, make_body("in-time"), now=T0 + offset)))[0] == "S"


def _tamper(headers: dict[str, str], raw: bytes) -> tuple[dict[str, str], bytes]:
    return headers, raw.replace(b"A-1029", b"B-1029")


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(
            lambda h, r: ({k: v for k, v in h.items() if k != "Signature"}, r), id="nosig"
        ),
        pytest.param(lambda h, r: ({k: v for k, v in h.items() if k != "Client-Id"}, r), id="noid"),
        pytest.param(
            lambda h, r: ({k: v for k, v in h.items() if k != "Request-Time"}, r), id="notime"
        ),
        pytest.param(lambda h, r: ({**h, "Request-Time": "yesterday"}, r), id="badtime"),
        pytest.param(lambda h, r: ({**h, "Signature": "algorithm=RSA256"}, r), id="garbage"),
        pytest.param(_tamper, id="tampered-body"),
    ],
)
def test_missing_or_broken_signature_headers_are_denied(
    tmp_path: Path, mangle: Callable[[dict[str, str], bytes], tuple[dict[str, str], bytes]]
) -> None:
    with sandbox(tmp_path) as app:
        raw = encode(make_body("mangled"))
        headers, sent = mangle(signed_headers(raw), raw)

        async def go() -> httpx.Response:
            async with http(app) as h:
                return await h.post(URI, content=sent, headers=headers)

        status, code, _ = result_of(run(go()))
        assert (status, code) == ("F", "ACCESS_DENIED")
        assert run(inbox(app)) == []


# ------------------------------------------------------------------ PARAM_ILLEGAL


def _without(body: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != key}


SIX_LANGUAGES = ("en-US", "ar", "he", "de", "en-GB", "fr")
ILLEGAL = [
    ("not json", b"{not json", "JSON"),
    ("not an object", encode([1, 2]), "expected an object"),
    ("no requestId", _without(make_body("x"), "requestId"), "requestId"),
    ("long appId", {**make_body("x"), "appId": "A" * 33}, "appId"),
    ("too many templates", make_body("x", languages=SIX_LANGUAGES), "templates"),
    ("unknown code", make_body("x", code="TP_NOPE"), "templateCode"),
    ("unknown language", make_body("x", languages=("fr",)), "templates[0].language"),
    ("push without redirect", make_body("x", redirect=None), "redirectUrl"),
    ("missing parameter", make_body("x", params={"orderId": "A-1"}), "carrier"),
    ("numeric parameter", make_body("x", params={"orderId": 7, "carrier": "x"}), "orderId"),  # type: ignore[dict-item]
    ("typo field", {**make_body("x"), "redirectURL": "/x"}, "redirectURL"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "body", "names"), ILLEGAL, ids=[c for c, _, _ in ILLEGAL])
def test_illegal_bodies_are_refused_naming_the_field(
    tmp_path: Path, case: str, body: object, names: str
) -> None:
    with sandbox(tmp_path) as app:
        status, code, message = result_of(run(post(app, body)))
        assert (status, code) == ("F", "PARAM_ILLEGAL")
        assert names in message
        assert TOKEN not in message
        assert run(inbox(app)) == []


def test_the_second_content_template_is_checked_too(tmp_path: Path) -> None:
    body = make_body("x", languages=("en-US", "ar"))
    del body["templates"][1]["templateParameters"]["carrier"]
    with sandbox(tmp_path) as app:
        status, code, message = result_of(run(post(app, body)))
        assert (status, code) == ("F", "PARAM_ILLEGAL")
        assert "templates[1]" in message
        assert "carrier" in message


def test_an_oversized_body_is_refused_unread(tmp_path: Path) -> None:
    with sandbox(tmp_path) as app:
        raw = b" " * (MAX_REQUEST_BYTES + 1)
        status, code, _ = result_of(run(post(app, raw)))
        assert (status, code) == ("F", "PARAM_ILLEGAL")


@pytest.mark.slow
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=300),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=300), inner, max_size=5)
        ),
        max_leaves=12,
    )
)
def test_any_json_that_is_not_a_valid_request_is_refused_briefly(
    tmp_path: Path, body: object
) -> None:
    db = tmp_path / "prop.sqlite"
    with sandbox(tmp_path, db_path=db) as app:
        response = run(post(app, body))
        assert response.status_code == 200
        status, code, message = result_of(response)
        assert (status, code) == ("F", "PARAM_ILLEGAL")
        assert RESULT_MESSAGE_MAX is not None
        assert len(message) <= RESULT_MESSAGE_MAX
        assert run(inbox(app)) == []


DEEP = 100_000


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a":' * DEEP + b"1" + b"}" * DEEP,
        b"[" * DEEP + b"]" * DEEP,
        # Deep enough to matter, shallow enough for json.loads: the limit is ours.
        encode({**make_body("deep"), "extendInfo": json.loads("[" * 200 + "]" * 200)}),
    ],
    ids=["objects", "arrays", "200-levels"],
)
def test_a_deeply_nested_body_is_illegal_not_a_crash(tmp_path: Path, raw: bytes) -> None:
    assert len(raw) <= MAX_REQUEST_BYTES
    with sandbox(tmp_path) as app:
        response = run(post(app, raw))
        assert response.status_code == 200
        status, code, message = result_of(response)
        assert (status, code) == ("F", "PARAM_ILLEGAL")
        assert "nested" in message
        assert run(inbox(app)) == []


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        # json.loads would keep the last appId; the linter refuses such a body.
        (b'{"appId":"OTHER_APP",' + encode(make_body("dup-1"))[1:], "appId"),
        (
            encode(make_body("dup-2")).replace(
                b'"orderId":"A-1029"', b'"orderId":"A-1029","orderId":"B-2"'
            ),
            "orderId",
        ),
    ],
    ids=["top-level", "nested"],
)
def test_duplicate_keys_are_illegal_naming_the_key(tmp_path: Path, raw: bytes, key: str) -> None:
    assert raw.count(f'"{key}"'.encode()) == 2
    with sandbox(tmp_path) as app:
        status, code, message = result_of(run(post(app, raw)))
        assert (status, code) == ("F", "PARAM_ILLEGAL")
        assert repr(key) in message
        assert "twice" in message
        assert TOKEN not in message
        assert run(inbox(app)) == []


def test_other_api_paths_are_invalid_api(tmp_path: Path) -> None:
    with sandbox(tmp_path) as app:
        response = run(post(app, make_body("x"), path="/api/open/v2/miniprogram/message/sendx"))
        assert result_of(response)[:2] == ("F", "INVALID_API")
        assert run(inbox(app)) == []


def test_a_custom_path_prefix_is_what_gets_signed(tmp_path: Path) -> None:
    with sandbox(tmp_path, path_prefix="/acl/api/") as app:

        async def go() -> None:
            async with client(app, path_prefix="/acl/api") as c:
                assert (await c.send(make_body("prefixed"))).status == "S"
            async with client(app) as c:  # the default prefix: no such route
                outcome = await c.send(make_body("default-prefix"))
                # Refused before anything processed it: final, not retried, not delivered.
                assert (outcome.status, outcome.result_code) == ("F", "HTTP_404")
                assert (outcome.http_status, outcome.attempts) == (404, 1)
                assert outcome.not_delivered

        run(go())
        assert [i["requestId"] for i in run(inbox(app))] == ["prefixed"]


# ------------------------------------------------------------------ idempotency


def test_a_repeated_request_returns_the_first_result_and_stores_nothing(tmp_path: Path) -> None:
    with sandbox(tmp_path) as app:
        body = make_body("dup-1")
        first = result_of(run(post(app, body)))
        # Same content serialised differently (key order, spacing) is the same body.
        reordered = json.dumps(dict(reversed(list(body.items()))), indent=2).encode()
        again = result_of(run(post(app, reordered)))
        assert first == again == ("S", "SUCCESS", "success")
        assert len(run(inbox(app))) == 1


def test_a_reused_request_id_with_another_body_is_refused(tmp_path: Path) -> None:
    with sandbox(tmp_path) as app:
        assert result_of(run(post(app, make_body("dup-2"))))[0] == "S"
        changed = make_body("dup-2", params={"orderId": "Z-9", "carrier": "UPS"})
        status, code, message = result_of(run(post(app, changed)))
        assert (status, code) == ("F", "PARAM_ILLEGAL")
        assert "requestId" in message
        assert "different body" in message
        (item,) = run(inbox(app))
        assert item["title"] == "Order A-1029 shipped"  # the first delivery stands


def test_the_idempotency_key_is_app_id_and_request_id(tmp_path: Path) -> None:
    with sandbox(tmp_path) as app:
        assert result_of(run(post(app, make_body("same-id"))))[0] == "S"
        other_app = {**make_body("same-id"), "appId": "APP0000000000002"}
        assert result_of(run(post(app, other_app)))[0] == "S"
        assert sorted(i["appId"] for i in run(inbox(app))) == [APP_ID, "APP0000000000002"]


def test_deliveries_survive_a_restart_and_still_deduplicate(tmp_path: Path) -> None:
    db = tmp_path / "durable.sqlite"
    with sandbox(tmp_path, db_path=db) as app:
        assert result_of(run(post(app, make_body("durable-1"))))[0] == "S"
    with sandbox(tmp_path, db_path=db, server_key=signing.generate_key_pair()[0]) as app:
        assert [i["requestId"] for i in run(inbox(app))] == ["durable-1"]
        assert result_of(run(post(app, make_body("durable-1"))))[0] == "S"
        changed = make_body("durable-1", params={"orderId": "Q", "carrier": "Q"})
        assert result_of(run(post(app, changed)))[:2] == ("F", "PARAM_ILLEGAL")
        assert result_of(run(post(app, make_body("durable-2"))))[0] == "S"
        assert [i["requestId"] for i in run(inbox(app))] == ["durable-2", "durable-1"]


def test_concurrent_requests_and_duplicates_deliver_exactly_once(tmp_path: Path) -> None:
    ids = [f"conc-{n}" for n in range(25)]
    with sandbox(tmp_path) as app:

        async def go() -> list[tuple[str, str, str]]:
            async with http(app) as h:

                async def one(request_id: str) -> tuple[str, str, str]:
                    raw = encode(make_body(request_id))
                    response = await h.post(URI, content=raw, headers=signed_headers(raw))
                    return result_of(response)

                return await asyncio.gather(*(one(i) for i in ids * 4))

        results = run(go())
        assert all(r[:2] == ("S", "SUCCESS") for r in results)
        items = run(inbox(app))
        assert sorted(i["requestId"] for i in items) == sorted(ids)


@pytest.mark.slow
def test_two_apps_on_one_file_never_deliver_twice(tmp_path: Path) -> None:
    # Two app instances = two connections to one SQLite file, like two processes.
    db = tmp_path / "shared.sqlite"
    with sandbox(tmp_path, db_path=db) as one, sandbox(tmp_path, db_path=db) as two:

        async def go() -> list[str]:
            bodies = [make_body(f"shared-{n % 10}") for n in range(40)]
            results = await asyncio.gather(
                *(post(one if n % 2 else two, b) for n, b in enumerate(bodies))
            )
            return [result_of(r)[0] for r in results]

        assert set(run(go())) == {"S"}
    with sqlite3.connect(db) as raw:
        rows = raw.execute("SELECT request_id, COUNT(*) FROM deliveries GROUP BY 1").fetchall()
    assert sorted(rows) == sorted((f"shared-{n}", 1) for n in range(10))


# ------------------------------------------------------------------ faults


def _seed_where(first: str, second: str, unknown_rate: float, error_rate: float) -> int:
    for seed in range(10_000):
        f = FaultInjector(unknown_rate=unknown_rate, error_rate=error_rate, seed=seed)
        if (f.draw(), f.draw()) == (first, second):
            return seed
    raise AssertionError("no such seed")


def test_unknown_after_storing_means_delivered_and_a_retry_says_success(tmp_path: Path) -> None:
    seed = _seed_where("unknown-after", "none", unknown_rate=0.5, error_rate=0.0)
    with sandbox(tmp_path, unknown_rate=0.5, seed=seed) as app:
        first = run(post(app, make_body("u-after")))
        assert result_of(first)[:2] == ("U", "UNKNOWN_EXCEPTION")
        assert len(run(inbox(app))) == 1  # delivered although the sender cannot know
        assert result_of(run(post(app, make_body("u-after"))))[:2] == ("S", "SUCCESS")
        assert len(run(inbox(app))) == 1


def test_unknown_before_storing_means_not_delivered(tmp_path: Path) -> None:
    seed = _seed_where("unknown-before", "none", unknown_rate=0.5, error_rate=0.0)
    with sandbox(tmp_path, unknown_rate=0.5, seed=seed) as app:
        assert result_of(run(post(app, make_body("u-before"))))[0] == "U"
        assert run(inbox(app)) == []
        assert result_of(run(post(app, make_body("u-before"))))[0] == "S"
        assert len(run(inbox(app))) == 1


def test_injected_server_errors_are_http_500_and_store_nothing(tmp_path: Path) -> None:
    with sandbox(tmp_path, error_rate=1.0) as app:
        response = run(post(app, make_body("e500")))
        assert response.status_code == 500
        assert run(inbox(app)) == []


def test_faults_are_deterministic_for_a_seed_and_a_request_sequence(tmp_path: Path) -> None:
    def trace(folder: Path, seed: int) -> list[tuple[int, str]]:
        folder.mkdir()
        with sandbox(folder, unknown_rate=0.3, error_rate=0.2, seed=seed) as app:
            out = []
            for n in range(40):
                response = run(post(app, make_body(f"det-{n % 15}")))
                status = result_of(response)[0] if response.status_code == 200 else "-"
                out.append((response.status_code, status))
            return out

    a = trace(tmp_path / "a", seed=11)
    b = trace(tmp_path / "b", seed=11)
    c = trace(tmp_path / "c", seed=12)
    assert a == b
    assert a != c
    assert {s for _, s in a} == {"S", "U", "-"}


def test_a_retrying_client_gets_every_message_through_exactly_once(tmp_path: Path) -> None:
    ids = [f"retry-{n}" for n in range(40)]
    with sandbox(tmp_path, unknown_rate=0.4, error_rate=0.2, latency_ms=1, seed=3) as app:

        async def go() -> list[str]:
            async with client(app, max_attempts=30, retry_backoff=0.001) as c:
                outcomes = [await c.send(make_body(i)) for i in ids]
            return [o.status for o in outcomes]

        assert run(go()) == ["S"] * len(ids)
        items = run(inbox(app))
        assert sorted(i["requestId"] for i in items) == sorted(ids)


def test_fault_injector_rates_and_validation() -> None:
    f = FaultInjector(unknown_rate=0.2, error_rate=0.1, seed=1)
    draws = [f.draw() for _ in range(20_000)]
    share = {k: draws.count(k) / len(draws) for k in set(draws)}
    assert abs(share["error"] - 0.1) < 0.02
    assert abs(share["unknown-before"] - 0.1) < 0.02
    assert abs(share["unknown-after"] - 0.1) < 0.02
    assert FaultInjector(seed=1).draw() == "none"
    for bad in (
        {"unknown_rate": -0.1},
        {"error_rate": 1.5},
        {"unknown_rate": 0.6, "error_rate": 0.6},
    ):
        with pytest.raises(FaultConfigError):
            FaultInjector(**bad)  # type: ignore[arg-type]
    with pytest.raises(FaultConfigError):
        FaultInjector(unknown_rate=float("nan"))


# ------------------------------------------------------------------ inbox, page, health


def test_inbox_is_newest_first_with_after_and_limit(tmp_path: Path) -> None:
    with sandbox(tmp_path) as app:
        for n in range(5):
            assert result_of(run(post(app, make_body(f"list-{n}"))))[0] == "S"
        items = run(inbox(app))
        assert [i["requestId"] for i in items] == [f"list-{n}" for n in reversed(range(5))]
        newest_two = run(inbox(app, "?limit=2"))
        assert [i["requestId"] for i in newest_two] == ["list-4", "list-3"]
        after = run(inbox(app, f"?after={items[2]['id']}"))
        assert [i["requestId"] for i in after] == ["list-4", "list-3"]

        async def bad(query: str) -> int:
            async with http(app) as h:
                return (await h.get("/inbox" + query)).status_code

        assert run(bad("?after=x")) == 400
        assert run(bad("?limit=-1")) == 400


@pytest.mark.parametrize(
    "query",
    [
        "?after=99999999999999999999",
        "?limit=99999999999999999999",
        f"?after={2**63}",
        f"?limit={2**63}&after=1",
    ],
)
def test_inbox_numbers_sqlite_cannot_hold_are_a_400(tmp_path: Path, query: str) -> None:
    with sandbox(tmp_path) as app:
        assert result_of(run(post(app, make_body("one"))))[0] == "S"

        async def go() -> httpx.Response:
            async with http(app) as h:
                return await h.get("/inbox" + query)

        response = run(go())
        assert response.status_code == 400
        assert "at most" in response.json()["error"]
        # The largest value SQLite holds is still fine.
        assert run(inbox(app, f"?after={2**63 - 1}")) == []
        assert len(run(inbox(app, f"?limit={2**63 - 1}"))) == 1


def test_the_access_token_is_not_kept_or_shown(tmp_path: Path) -> None:
    db = tmp_path / "inbox.sqlite"
    with sandbox(tmp_path, db_path=db) as app:
        assert result_of(run(post(app, make_body("secret-1"))))[0] == "S"
        assert TOKEN not in json.dumps(run(inbox(app)))
    with sqlite3.connect(db) as raw:
        (stored,) = raw.execute("SELECT request_json FROM deliveries").fetchone()
    request = json.loads(stored)
    assert request["requestId"] == "secret-1"
    assert TOKEN not in stored


def test_page_assets_and_health(tmp_path: Path) -> None:
    with sandbox(tmp_path, device_locale="ar") as app:

        async def go() -> None:
            async with http(app) as h:
                page = await h.get("/")
                assert page.status_code == 200
                assert page.headers["content-type"].startswith("text/html")
                csp = page.headers["content-security-policy"]
                assert "script-src 'self'" in csp
                assert "unsafe-inline" not in csp
                assert "<script>" not in page.text  # no inline script: CSP allows none
                script = await h.get("/static/inbox.js")
                assert script.status_code == 200
                assert "textContent" in script.text
                for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write"):
                    assert sink not in script.text
                assert (await h.get("/static/inbox.css")).status_code == 200
                assert (await h.get("/static/app.py")).status_code == 404
                assert (await h.get("/static/..%2fapp.py")).status_code == 404
                health = (await h.get("/healthz")).json()
                assert health["status"] == "ok"
                assert health["sendPath"] == URI
                assert health["deviceLocale"] == "ar"
                assert health["deliveries"] == 0
                pem = await h.get("/server-key.pem")
                assert signing.load_public_key(pem.content) == SERVER_PUBLIC

        run(go())


# ------------------------------------------------------------------ set-up errors


def test_bad_arguments_are_refused_up_front(tmp_path: Path) -> None:
    pack = write_pack(tmp_path)
    db = tmp_path / "x.sqlite"
    clients = {CLIENT_ID: CLIENT_PUBLIC}
    with pytest.raises(SandboxError, match="device locale"):
        create_app([pack], clients, db_path=db, device_locale="not a tag!")
    with pytest.raises(SandboxError, match="latency"):
        create_app([pack], clients, db_path=db, latency_ms=-1)
    with pytest.raises(SandboxError, match="prefix"):
        create_app([pack], clients, db_path=db, path_prefix="api")
    with pytest.raises(FaultConfigError):
        create_app([pack], clients, db_path=db, unknown_rate=2)
    with pytest.raises(SandboxError, match="client"):
        create_app([pack], {}, db_path=db)
    with pytest.raises(SandboxError, match="sequence"):
        create_app(str(pack), clients, db_path=db)
    twin = write_pack(tmp_path, "twin.yaml", PACK_YAML)
    with pytest.raises(CatalogError, match="TP_ORDER"):
        create_app([pack, twin], clients, db_path=db)
    broken = write_pack(tmp_path, "broken.yaml", "format: 2\n")
    with pytest.raises(PackError):
        create_app([broken], clients, db_path=db)
    with pytest.raises(signing.SigningError):
        create_app([pack], {CLIENT_ID: b"not a key"}, db_path=db)


def test_a_file_that_is_not_an_inbox_is_refused(tmp_path: Path) -> None:
    from msgtemplate.sandbox import StoreError

    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        create_app([write_pack(tmp_path)], {CLIENT_ID: CLIENT_PUBLIC}, db_path=junk)


def test_a_clock_is_used_for_request_time_not_the_wall(tmp_path: Path) -> None:
    # A request signed "now" (wall clock) is stale for a sandbox living at T0.
    with sandbox(tmp_path, clock=fixed_clock(T0)) as app:
        assert (
            result_of(run(post(app, make_body("late"), now=datetime.now(T0.tzinfo))))[1]
            == "ACCESS_DENIED"
        )


def test_the_shared_pack_loads_and_bodies_name_real_templates(tmp_path: Path) -> None:
    shared = load_pack(write_pack(tmp_path))
    assert set(shared.templates) == {"TP_ORDER", "TP_CODE"}
    assert make_body("x")["templateCode"] in shared.templates
