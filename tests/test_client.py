"""The sender against httpx.MockTransport: every retry rule, signatures, secrets."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msgtemplate.errors import MsgTemplateError
from msgtemplate.sender import signing
from msgtemplate.sender.client import (
    AsyncMessageClient,
    ClientError,
    InsecureEndpointError,
    MessageClient,
    SendOutcome,
    client_from_env,
)

CLIENT_ID = "TEST_CLIENT_01"
TOKEN = "tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0"
ENDPOINT = "https://open.example.test"
URI = "/api/open/v2/miniprogram/message/send"
BODY: dict[str, Any] = {
    "appId": "P000000000000001",
    "accessToken": TOKEN,
    "requestId": "req-0001",
    "templateCode": "TP_1",
    "templates": [{"language": "zh-CN", "templateParameters": {"who": "小明"}}],
}

CLIENT_KEY, CLIENT_PUBLIC = signing.generate_key_pair()
PLATFORM_KEY, PLATFORM_PUBLIC = signing.generate_key_pair()

Step = httpx.Response | Callable[[httpx.Request], httpx.Response]


# ------------------------------------------------------------------------ helpers


def answer(status: str, code: str, message: str | None = None, http: int = 200) -> httpx.Response:
    result: dict[str, str] = {"resultStatus": status, "resultCode": code}
    if message is not None:
        result["resultMessage"] = message
    return httpx.Response(http, json={"result": result})


def signed(
    status: str,
    code: str,
    *,
    key: signing.PrivateKey = PLATFORM_KEY,
    client_id: str = CLIENT_ID,
    tamper: bool = False,
    http: int = 200,
    extra: dict[str, str] | None = None,
) -> Callable[[httpx.Request], httpx.Response]:
    """A platform answer signed over Response-Time and the exact response body."""

    def respond(request: httpx.Request) -> httpx.Response:
        body = json.dumps({"result": {"resultStatus": status, "resultCode": code}}).encode()
        headers = signing.sign_response("POST", URI, client_id, body, key)
        headers.update(extra or {})
        return httpx.Response(http, headers=headers, content=body + (b" " if tamper else b""))

    return respond


def raises(exc_type: type[httpx.RequestError]) -> Callable[[httpx.Request], httpx.Response]:
    def respond(request: httpx.Request) -> httpx.Response:
        raise exc_type("simulated", request=request)

    return respond


class Script:
    """A MockTransport handler answering from a list; it records every request."""

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        assert len(self.requests) <= len(self.steps), "more attempts than scripted"
        step = self.steps[len(self.requests) - 1]
        return step(request) if callable(step) else step

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        return self(request)


class FakeTime:
    """Injected clocks and sleep: monotonic time advances only when the client sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self.stamps = 0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def wall_clock(self) -> datetime:
        self.stamps += 1
        return datetime(2026, 11, 28, 12, 0, tzinfo=timezone(timedelta(hours=8))) + timedelta(
            seconds=self.stamps
        )


def make(script: Script, **kwargs: Any) -> tuple[MessageClient, FakeTime]:
    fake = FakeTime()
    options: dict[str, Any] = {
        "transport": httpx.MockTransport(script),
        "sleep": fake.sleep,
        "clock": fake.clock,
        "wall_clock": fake.wall_clock,
        "random": lambda: 0.5,
        "retry_backoff": 1.0,
    }
    options.update(kwargs)
    endpoint = options.pop("endpoint", ENDPOINT)
    return MessageClient(endpoint, CLIENT_ID, CLIENT_KEY, **options), fake


def make_async(script: Script, **kwargs: Any) -> tuple[AsyncMessageClient, FakeTime]:
    fake = FakeTime()
    options: dict[str, Any] = {
        "transport": httpx.MockTransport(script.handle_async),
        "sleep": fake.async_sleep,
        "clock": fake.clock,
        "wall_clock": fake.wall_clock,
        "random": lambda: 0.5,
        "retry_backoff": 1.0,
    }
    options.update(kwargs)
    return AsyncMessageClient(ENDPOINT, CLIENT_ID, CLIENT_KEY, **options), fake


def send(script: Script, body: dict[str, Any] | None = None, **kwargs: Any) -> SendOutcome:
    client, _ = make(script, **kwargs)
    with client:
        return client.send(BODY if body is None else body)


_SIG_RE = re.compile(r"algorithm=RSA256, keyVersion=(\d+), signature=([A-Za-z0-9%]+)")


def assert_signed(request: httpx.Request, uri: str = URI) -> str:
    """Check the request's signature from first principles; returns its Request-Time."""
    match = _SIG_RE.fullmatch(request.headers["Signature"])
    assert match is not None, "Signature header not in the documented form"
    stamp = request.headers["Request-Time"]
    content = f"POST {uri}\n{request.headers['Client-Id']}.{stamp}.".encode() + request.content
    assert signing.verify(content, unquote(match.group(2)), CLIENT_PUBLIC)
    assert request.headers["Content-Type"] == "application/json; charset=UTF-8"
    return stamp


# ------------------------------------------------------------------ the happy path


def test_success_first_time_sends_one_compact_utf8_signed_request() -> None:
    script = Script(answer("S", "SUCCESS", "success"))
    outcome = send(script)
    assert outcome == SendOutcome("S", "SUCCESS", "success", 1, "req-0001", 200, None)
    (request,) = script.requests
    assert request.method == "POST"
    assert str(request.url) == ENDPOINT + URI
    assert json.loads(request.content) == BODY
    assert "小明".encode() in request.content  # UTF-8, not \\u escapes
    assert b"\\u" not in request.content
    assert b": " not in request.content
    assert b", " not in request.content
    assert request.headers["Client-Id"] == CLIENT_ID
    assert_signed(request)


def test_outcome_json_has_the_documented_keys() -> None:
    outcome = send(Script(answer("F", "ACCESS_DENIED", "no")))
    assert outcome.to_json() == {
        "status": "F",
        "resultCode": "ACCESS_DENIED",
        "resultMessage": "no",
        "attempts": 1,
        "requestId": "req-0001",
    }
    assert not outcome.delivered


@pytest.mark.parametrize(
    ("endpoint", "prefix", "url", "uri"),
    [
        ("https://h.test/", "/api/open", "https://h.test/api/open", "/api/open"),
        ("https://h.test", "/acl/api/", "https://h.test/acl/api", "/acl/api"),
        ("https://h.test:8443", "/gw/api", "https://h.test:8443/gw/api", "/gw/api"),
        ("https://h.test", "", "https://h.test", ""),
    ],
)
def test_path_prefix_shapes_the_url_and_the_signed_uri(
    endpoint: str, prefix: str, url: str, uri: str
) -> None:
    script = Script(answer("S", "SUCCESS"))
    send(script, endpoint=endpoint, path_prefix=prefix)
    (request,) = script.requests
    assert str(request.url) == url + "/v2/miniprogram/message/send"
    assert_signed(request, uri + "/v2/miniprogram/message/send")


def test_key_version_goes_into_the_header() -> None:
    script = Script(answer("S", "SUCCESS"))
    send(script, key_version=7)
    assert "keyVersion=7," in script.requests[0].headers["Signature"]


def test_private_key_can_be_given_as_pem_text() -> None:
    script = Script(answer("S", "SUCCESS"))
    fake = FakeTime()
    pem = CLIENT_KEY.to_pem().decode()
    with MessageClient(
        ENDPOINT, CLIENT_ID, pem, transport=httpx.MockTransport(script), sleep=fake.sleep
    ) as client:
        assert client.send(BODY).status == "S"
    assert_signed(script.requests[0])


# ------------------------------------------------------------------------ retrying


def test_unknown_results_are_retried_with_identical_bytes_and_fresh_signatures() -> None:
    script = Script(
        answer("U", "UNKNOWN_EXCEPTION"), answer("U", "UNKNOWN_EXCEPTION"), answer("S", "SUCCESS")
    )
    client, fake = make(script)
    outcome = client.send(BODY)
    assert (outcome.status, outcome.attempts) == ("S", 3)
    bodies = {r.content for r in script.requests}
    assert len(bodies) == 1
    stamps = [assert_signed(r) for r in script.requests]
    assert len(set(stamps)) == 3, "every attempt is signed with a fresh Request-Time"
    assert len({r.headers["Signature"] for r in script.requests}) == 3
    # Full jitter under a doubling ceiling: random() = 0.5 of 1 s, then of 2 s.
    assert fake.sleeps == [0.5, 1.0]


def test_backoff_ceiling_is_capped() -> None:
    steps = [answer("U", "UNKNOWN_EXCEPTION")] * 10
    client, fake = make(Script(*steps), max_attempts=10, random=lambda: 1.0, deadline=None)
    assert client.send(BODY).status == "U"
    assert max(fake.sleeps) <= 30.0
    assert fake.sleeps[:3] == [1.0, 2.0, 4.0]


@pytest.mark.parametrize("code", ["PARAM_ILLEGAL", "PROCESS_FAIL", "EXPIRED_ACCESS_TOKEN"])
def test_failures_are_returned_not_retried(code: str) -> None:
    script = Script(answer("F", code, "the reason"))
    outcome = send(script)
    assert (outcome.status, outcome.result_code, outcome.result_message) == (
        "F",
        code,
        "the reason",
    )
    assert outcome.attempts == 1
    assert len(script.requests) == 1


def test_failure_with_http_4xx_is_still_a_failure() -> None:
    outcome = send(Script(answer("F", "PARAM_ILLEGAL", "bad", http=400)))
    assert (outcome.status, outcome.http_status) == ("F", 400)


@pytest.mark.parametrize("http", [400, 401, 403, 404, 405, 409, 413, 415, 422])
def test_http_4xx_without_a_result_is_a_final_failure_not_a_retry(http: int) -> None:
    # A wrong path prefix, a gateway refusing the request...: nothing processed it.
    script = Script(httpx.Response(http, text="<html>nope</html>"), answer("S", "SUCCESS"))
    outcome = send(script)
    assert (outcome.status, outcome.result_code, outcome.http_status) == ("F", f"HTTP_{http}", http)
    assert outcome.attempts == 1
    assert len(script.requests) == 1
    assert f"HTTP {http}" in (outcome.result_message or "")
    assert "not delivered" in (outcome.result_message or "")
    assert outcome.not_delivered


def test_http_4xx_is_final_even_when_answers_must_verify() -> None:
    # Gateways do not sign; an unsigned 404 still means "not processed", not "unknown".
    script = Script(httpx.Response(404, text="no route"), signed("S", "SUCCESS"))
    outcome = send(script, platform_public_key=PLATFORM_PUBLIC)
    assert (outcome.status, outcome.result_code, outcome.verified) == ("F", "HTTP_404", False)
    assert len(script.requests) == 1


def test_http_4xx_after_a_possibly_delivered_attempt_is_unknown() -> None:
    script = Script(raises(httpx.ReadTimeout), httpx.Response(403, text="forbidden"))
    outcome = send(script)
    assert (outcome.status, outcome.result_code, outcome.attempts) == ("U", "HTTP_403", 2)
    assert "may have delivered" in (outcome.result_message or "")
    assert not outcome.not_delivered


def test_http_4xx_with_a_signed_result_follows_the_result() -> None:
    for step, expected in [
        (signed("F", "PARAM_ILLEGAL", http=400), ("F", "PARAM_ILLEGAL", 1)),
        (signed("U", "UNKNOWN_EXCEPTION", http=409), ("S", "SUCCESS", 2)),
    ]:
        script = Script(step, signed("S", "SUCCESS"))
        outcome = send(script, platform_public_key=PLATFORM_PUBLIC)
        assert (outcome.status, outcome.result_code, outcome.attempts) == expected
        assert outcome.verified is True


def test_http_429_is_retried_honouring_retry_after() -> None:
    script = Script(
        httpx.Response(429, headers={"Retry-After": "9"}, text="slow down"),
        answer("S", "SUCCESS"),
    )
    client, fake = make(script)
    outcome = client.send(BODY)
    assert (outcome.status, outcome.attempts) == ("S", 2)
    assert fake.sleeps == [9.0]


def test_http_429_until_the_end_is_a_failure_that_was_not_delivered() -> None:
    script = Script(*[httpx.Response(429, text="slow down")] * 3)
    client, fake = make(script, max_attempts=3, random=lambda: 0.0)
    outcome = client.send(BODY)
    assert (outcome.status, outcome.result_code, outcome.attempts) == ("F", "HTTP_429", 3)
    assert outcome.not_delivered
    # Like the traffic limit: a pause of at least half the (longer) ceiling each time.
    assert all(pause > 0 for pause in fake.sleeps)


def test_traffic_limit_is_retried_after_a_longer_pause() -> None:
    script = Script(answer("F", "REQUEST_TRAFFIC_EXCEED_LIMIT"), answer("S", "SUCCESS"))
    client, fake = make(script, random=lambda: 0.0)
    outcome = client.send(BODY)
    assert (outcome.status, outcome.attempts) == ("S", 2)
    # With random() = 0 an unknown answer would not wait at all; the traffic limit
    # still waits at least the normal ceiling (1 s).
    assert fake.sleeps[0] > 1.0


def test_traffic_limit_until_the_end_is_a_failure() -> None:
    script = Script(*[answer("F", "REQUEST_TRAFFIC_EXCEED_LIMIT")] * 3)
    outcome = send(script, max_attempts=3)
    assert (outcome.status, outcome.result_code, outcome.attempts) == (
        "F",
        "REQUEST_TRAFFIC_EXCEED_LIMIT",
        3,
    )


@pytest.mark.parametrize("http", [500, 502, 503, 504])
def test_server_errors_are_retried_then_unknown(http: int) -> None:
    script = Script(*[httpx.Response(http, text="oops")] * 3)
    outcome = send(script, max_attempts=3)
    assert (outcome.status, outcome.attempts, outcome.http_status) == ("U", 3, http)
    assert outcome.result_code is None
    assert str(http) in (outcome.result_message or "")
    assert len({r.content for r in script.requests}) == 1


def test_server_error_wins_over_a_result_in_its_body() -> None:
    outcome = send(Script(answer("S", "SUCCESS", http=500), answer("S", "SUCCESS")))
    assert (outcome.status, outcome.attempts) == ("S", 2)


@pytest.mark.parametrize(
    "bad",
    [
        httpx.Response(200, text="<html>hello</html>"),
        httpx.Response(200, json={"nothing": "here"}),
        httpx.Response(200, json={"result": {"resultStatus": "X", "resultCode": "?"}}),
        httpx.Response(200, json={"result": "S"}),
        httpx.Response(200, json=["result"]),
        httpx.Response(200, content=b"\xff\xfe"),
        httpx.Response(200, content=b"[" * 100_000 + b"]" * 100_000),
    ],
)
def test_unreadable_answers_are_unknown_and_retried(bad: httpx.Response) -> None:
    script = Script(bad, answer("S", "SUCCESS"))
    outcome = send(script)
    assert (outcome.status, outcome.attempts) == ("S", 2)


@pytest.mark.parametrize(
    "exc_type",
    [
        httpx.ReadTimeout,
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.ReadError,
        httpx.RemoteProtocolError,
        httpx.WriteTimeout,
    ],
)
def test_transport_errors_are_retried(exc_type: type[httpx.RequestError]) -> None:
    script = Script(raises(exc_type), answer("S", "SUCCESS"))
    outcome = send(script)
    assert (outcome.status, outcome.attempts) == ("S", 2)


def test_transport_errors_until_the_end_are_unknown() -> None:
    outcome = send(Script(*[raises(httpx.ReadTimeout)] * 4), max_attempts=4)
    assert (outcome.status, outcome.attempts, outcome.http_status) == ("U", 4, None)
    assert "timed out" in (outcome.result_message or "")
    assert not outcome.not_delivered  # a read timeout may follow a delivery


@pytest.mark.parametrize("exc_type", [httpx.ConnectError, httpx.ConnectTimeout])
def test_no_connection_ever_made_is_unknown_but_says_not_delivered(
    exc_type: type[httpx.RequestError],
) -> None:
    outcome = send(Script(*[raises(exc_type)] * 3), max_attempts=3)
    # Still U: nothing is wrong with the message, try again later (same requestId).
    assert (outcome.status, outcome.attempts, outcome.result_code) == ("U", 3, None)
    assert outcome.not_delivered
    assert "no connection to the platform was made" in (outcome.result_message or "")
    assert "not delivered" in (outcome.result_message or "")


def test_refusals_then_no_connection_is_not_delivered_either() -> None:
    script = Script(httpx.Response(429), raises(httpx.ConnectError))
    outcome = send(script, max_attempts=2)
    assert (outcome.status, outcome.not_delivered) == ("U", True)
    assert "no attempt was processed" in (outcome.result_message or "")


def test_a_failure_after_a_possibly_delivered_attempt_is_unknown() -> None:
    # The first attempt may have delivered the message before the token expired.
    script = Script(raises(httpx.ReadTimeout), answer("F", "EXPIRED_ACCESS_TOKEN", "expired"))
    outcome = send(script)
    assert (outcome.status, outcome.result_code, outcome.attempts) == (
        "U",
        "EXPIRED_ACCESS_TOKEN",
        2,
    )
    assert "may have delivered" in (outcome.result_message or "")


def test_a_failure_after_a_connection_that_never_opened_is_a_failure() -> None:
    script = Script(raises(httpx.ConnectError), answer("F", "EXPIRED_ACCESS_TOKEN", "expired"))
    outcome = send(script)
    assert (outcome.status, outcome.result_code) == ("F", "EXPIRED_ACCESS_TOKEN")


def test_retry_after_is_honoured() -> None:
    script = Script(httpx.Response(503, headers={"Retry-After": "7"}), answer("S", "SUCCESS"))
    client, fake = make(script)
    assert client.send(BODY).status == "S"
    assert fake.sleeps == [7.0]


def test_retry_after_is_only_believed_from_verified_answers() -> None:
    later = {"Retry-After": "7"}
    unsigned = Script(httpx.Response(503, headers=later), signed("S", "SUCCESS"))
    client, fake = make(unsigned, platform_public_key=PLATFORM_PUBLIC)
    assert client.send(BODY).status == "S"
    assert fake.sleeps == [0.5]  # our own backoff: anyone could have added that header

    trusted = Script(signed("U", "UNKNOWN_EXCEPTION", extra=later), signed("S", "SUCCESS"))
    client, fake = make(trusted, platform_public_key=PLATFORM_PUBLIC)
    assert client.send(BODY).status == "S"
    assert fake.sleeps == [7.0]

    forged = Script(
        signed("U", "UNKNOWN_EXCEPTION", tamper=True, extra=later), signed("S", "SUCCESS")
    )
    client, fake = make(forged, platform_public_key=PLATFORM_PUBLIC)
    assert client.send(BODY).status == "S"
    assert fake.sleeps == [0.5]


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e400", "Infinity", "-5", "soon"])
def test_retry_after_that_is_no_pause_is_ignored(value: str) -> None:
    script = Script(httpx.Response(503, headers={"Retry-After": value}), answer("S", "SUCCESS"))
    client, fake = make(script, deadline=None)
    assert client.send(BODY).status == "S"
    assert fake.sleeps == [0.5]


@pytest.mark.parametrize("deadline", [None, 60.0])
@pytest.mark.parametrize("value", ["1e300", "86400"])
def test_retry_after_longer_than_we_wait_ends_the_send(deadline: float | None, value: str) -> None:
    script = Script(httpx.Response(503, headers={"Retry-After": value}), answer("S", "SUCCESS"))
    client, fake = make(script, deadline=deadline)
    outcome = client.send(BODY)
    assert (outcome.status, outcome.attempts) == ("U", 1)
    assert fake.sleeps == []  # nothing slept (and time.sleep would overflow on 1e300)


def test_retry_after_within_the_deadline_is_waited_for() -> None:
    script = Script(httpx.Response(503, headers={"Retry-After": "20"}), answer("S", "SUCCESS"))
    client, fake = make(script, deadline=60.0)
    assert client.send(BODY).status == "S"
    assert fake.sleeps == [20.0]
    assert all(math.isfinite(pause) for pause in fake.sleeps)


def test_deadline_limits_attempts_and_their_timeouts() -> None:
    script = Script(*[answer("U", "UNKNOWN_EXCEPTION")] * 5)
    client, fake = make(script, deadline=3.0, timeout=10, random=lambda: 1.0)
    outcome = client.send(BODY)
    # 1st attempt gets 3 s, waits 1 s; 2nd gets 2 s, would wait 2 s: no time left.
    assert (outcome.status, outcome.attempts) == ("U", 2)
    timeouts = [r.extensions["timeout"]["read"] for r in script.requests]
    assert timeouts == [3.0, 2.0]
    assert fake.sleeps == [1.0]


def test_each_attempt_carries_the_configured_timeout() -> None:
    script = Script(answer("S", "SUCCESS"))
    send(script, timeout=4.5)
    assert script.requests[0].extensions["timeout"] == {
        "connect": 4.5,
        "read": 4.5,
        "write": 4.5,
        "pool": 4.5,
    }


# ------------------------------------------------------- verifying the platform


def test_signed_platform_answer_is_verified() -> None:
    outcome = send(Script(signed("S", "SUCCESS")), platform_public_key=PLATFORM_PUBLIC)
    assert (outcome.status, outcome.verified) == ("S", True)


def test_platform_key_can_be_given_as_pem() -> None:
    pem = PLATFORM_PUBLIC.to_pem()
    outcome = send(Script(signed("F", "ACCESS_DENIED")), platform_public_key=pem)
    assert (outcome.status, outcome.verified) == ("F", True)


@pytest.mark.parametrize(
    "untrusted",
    [
        answer("S", "SUCCESS"),  # not signed at all
        signed("S", "SUCCESS", key=CLIENT_KEY),  # signed by someone else
        signed("S", "SUCCESS", tamper=True),  # body changed after signing
        signed("S", "SUCCESS", client_id="SOMEONE_ELSE"),  # another client's answer
    ],
)
def test_unverifiable_answers_are_never_success(untrusted: Step) -> None:
    script = Script(untrusted, untrusted, untrusted)
    outcome = send(script, platform_public_key=PLATFORM_PUBLIC, max_attempts=3)
    assert (outcome.status, outcome.attempts, outcome.verified) == ("U", 3, False)
    assert outcome.result_code is None
    assert "did not verify" in (outcome.result_message or "")


def test_unverifiable_failure_is_retried_not_believed() -> None:
    script = Script(answer("F", "PARAM_ILLEGAL"), signed("S", "SUCCESS"))
    outcome = send(script, platform_public_key=PLATFORM_PUBLIC)
    assert (outcome.status, outcome.attempts, outcome.verified) == ("S", 2, True)


# ---------------------------------------------------------------- refusing to send


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://example.com",
        "http://10.0.0.1:8080",
        "http://[::2]",
        "http://128.0.0.1",
        "http://localhost.example.com",
    ],
)
def test_plain_http_to_other_hosts_is_refused_before_any_connection(endpoint: str) -> None:
    script = Script()
    with pytest.raises(InsecureEndpointError, match="https is required"):
        MessageClient(endpoint, CLIENT_ID, CLIENT_KEY, transport=httpx.MockTransport(script))
    assert script.requests == []


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://127.0.0.1:8080",
        "http://127.8.9.10",
        "http://[::1]:9000",
        "http://localhost",
        "http://LOCALHOST:1",
        "https://example.com",
    ],
)
def test_loopback_and_https_are_accepted(endpoint: str) -> None:
    script = Script(answer("S", "SUCCESS"))
    outcome = send(script, endpoint=endpoint)
    assert outcome.status == "S"


@pytest.mark.parametrize(
    ("endpoint", "needle"),
    [
        ("ftp://example.com", "https://"),
        ("https://", "https://"),
        ("https://user:hunter2@example.com", "credentials"),
        ("https://example.com/?a=b", "query"),
        ("not a url", "https://"),
        ("http://127.0.0.1:99999", "port"),
        ("http://127.0.0.1:0", "port"),
        ("https://example.com/api/open", "base URL"),
        ("http://127.0.0.1:8977/api/open", "base URL"),
        ("https://example.com//", "base URL"),
        ("https://example.com/gw/", "base URL"),
    ],
)
def test_bad_endpoints_are_refused(endpoint: str, needle: str) -> None:
    script = Script(answer("S", "SUCCESS"))
    with pytest.raises(ClientError, match=re.escape(needle)) as info:
        MessageClient(endpoint, CLIENT_ID, CLIENT_KEY, transport=httpx.MockTransport(script))
    assert "hunter2" not in str(info.value)
    assert isinstance(info.value, MsgTemplateError)
    assert script.requests == []


def test_an_endpoint_path_names_the_path_prefix_option() -> None:
    # The signed URI is path_prefix + the API path; a path in the endpoint would be
    # sent but not signed, and every attempt would be refused.
    with pytest.raises(ClientError) as info:
        MessageClient("https://example.com/api/open", CLIENT_ID, CLIENT_KEY)
    assert "path-prefix" in str(info.value)
    assert "path_prefix" in str(info.value)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_attempts": 0},
        {"max_attempts": True},
        {"max_attempts": 2.5},
        {"timeout": 0},
        {"timeout": float("nan")},
        {"timeout": float("inf")},
        {"timeout": -1},
        {"retry_backoff": -1},
        {"retry_backoff": float("nan")},
        {"retry_backoff": float("inf")},
        {"deadline": 0},
        {"deadline": float("nan")},
        {"deadline": float("inf")},
        {"key_version": -1},
        {"path_prefix": "api/open"},
    ],
)
def test_bad_settings_are_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as info:
        MessageClient(ENDPOINT, CLIENT_ID, CLIENT_KEY, **kwargs)
    (name,) = kwargs
    assert name in str(info.value)


@pytest.mark.parametrize("client_id", ["", "has space", "new\nline", "ünïcode"])
def test_bad_client_ids_are_refused(client_id: str) -> None:
    with pytest.raises(ClientError, match="client_id"):
        MessageClient(ENDPOINT, client_id, CLIENT_KEY)


@pytest.mark.parametrize(
    "body",
    [
        {k: v for k, v in BODY.items() if k != "requestId"},
        dict(BODY, requestId=""),
        dict(BODY, requestId=12),
        dict(BODY, extendInfo=float("nan")),
        dict(BODY, extendInfo=object()),
    ],
)
def test_bodies_that_cannot_be_sent_safely_are_refused(body: dict[str, Any]) -> None:
    script = Script(answer("S", "SUCCESS"))
    client, _ = make(script)
    with pytest.raises(ClientError) as info:
        client.send(body)
    assert script.requests == []
    assert TOKEN not in str(info.value)


# ------------------------------------------------------------------------ secrets


def test_no_secret_in_logs_reprs_outcomes_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    echo = f"token {TOKEN} has expired"  # a platform that echoes the token back
    script = Script(
        raises(httpx.ReadTimeout),
        httpx.Response(500),
        answer("U", "UNKNOWN_EXCEPTION", echo),
        answer("F", "EXPIRED_ACCESS_TOKEN", echo),
    )
    caplog.set_level(logging.DEBUG)
    client, _ = make(script)
    outcome = client.send(BODY)
    prepared = client.prepare(BODY)
    shown = [
        caplog.text,
        repr(client),
        str(client),
        repr(outcome),
        json.dumps(outcome.to_json(), ensure_ascii=False),
        repr(prepared),
        prepared.render_redacted(),
        json.dumps(prepared.redacted_json(), ensure_ascii=False),
        repr(CLIENT_KEY),
    ]
    with pytest.raises(ClientError) as info:
        client.send(dict(BODY, requestId=None))
    shown.append(str(info.value))
    text = "\n".join(shown)
    assert "msgtemplate.sender.client" in {r.name for r in caplog.records}
    assert TOKEN not in text
    signatures = [
        unquote(r.headers["Signature"].rsplit("signature=", 1)[1])
        for r in [*script.requests, prepared.to_httpx(1)]
    ]
    for sig in signatures:
        assert sig not in text
        assert sig[:16] not in text
    pem_lines = CLIENT_KEY.to_pem().decode().splitlines()[1:-1]
    for line in pem_lines:
        assert line not in text


def _words_redacted(text: str, token: str) -> str:
    """The reference: split into letter/digit runs, redact the runs equal to the token."""
    parts = re.split(r"([^\W_]+)", text)
    return "".join(signing.redact(part) if part == token else part for part in parts)


def test_a_short_token_is_redacted_only_where_it_stands_alone() -> None:
    # A one-letter token used to turn "Client-Id" into "Clien…-Id".
    message = "Client-Id t is not allowed for token t; retry later"
    script = Script(answer("F", "ACCESS_DENIED", message))
    outcome = send(script, body=dict(BODY, accessToken="t"))
    assert outcome.result_message == "Client-Id … is not allowed for token …; retry later"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    token=st.text(st.sampled_from("abcdeIlt01"), min_size=1, max_size=3),
    words=st.lists(st.text(st.sampled_from("abcdeIlt01 -_.:/é"), max_size=8), max_size=8),
)
def test_redaction_replaces_whole_tokens_and_nothing_else(token: str, words: list[str]) -> None:
    message = " ".join([*words, token])
    script = Script(answer("F", "ACCESS_DENIED", message))
    outcome = send(script, body=dict(BODY, accessToken=token))
    assert outcome.result_message == _words_redacted(message, token)


def test_dry_run_rendering_shows_what_would_be_sent_minus_secrets() -> None:
    client, _ = make(Script())
    prepared = client.prepare(BODY)
    data = prepared.redacted_json()
    assert data["method"] == "POST"
    assert data["url"] == ENDPOINT + URI
    assert data["headers"]["Client-Id"] == CLIENT_ID
    assert data["body"] == dict(BODY, accessToken=data["body"]["accessToken"])
    assert data["body"]["accessToken"].endswith("…")
    assert data["headers"]["Signature"].startswith("algorithm=RSA256, keyVersion=1, signature=")
    text = prepared.render_redacted()
    assert text.splitlines()[0] == f"POST {ENDPOINT}{URI}"
    assert "小明" in text
    # The real thing stays intact for sending.
    assert json.loads(prepared.body) == BODY
    assert_signed(prepared.to_httpx(client.timeout))


def test_http_request_is_the_first_attempt_without_io() -> None:
    client, _ = make(Script())
    request = client.http_request(BODY)
    assert isinstance(request, httpx.Request)
    assert json.loads(request.content) == BODY
    assert_signed(request)


def test_build_request_is_a_deprecated_name_of_http_request() -> None:
    # msgtemplate.build_request returns a body dict; the client's method of that
    # name returned an httpx.Request. The old name keeps working for one release.
    client, _ = make(Script())
    with pytest.warns(DeprecationWarning, match="http_request"):
        request = client.build_request(BODY)
    assert isinstance(request, httpx.Request)
    assert json.loads(request.content) == BODY


def test_sender_internals_are_not_public_methods_of_the_clients() -> None:
    internals = {"sign", "start", "classify_response", "classify_error", "too_large"}
    for cls in (MessageClient, AsyncMessageClient):
        public = {name for name in dir(cls) if not name.startswith("_")}
        assert public.isdisjoint(internals), cls


def test_client_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSGTEMPLATE_CLIENT_ID", "ENV_CLIENT")
    monkeypatch.setenv("MSGTEMPLATE_PRIVATE_KEY", CLIENT_KEY.to_pem().decode())
    script = Script(answer("S", "SUCCESS"))
    with client_from_env(ENDPOINT, transport=httpx.MockTransport(script)) as client:
        assert client.send(BODY).status == "S"
    assert script.requests[0].headers["Client-Id"] == "ENV_CLIENT"
    monkeypatch.delenv("MSGTEMPLATE_CLIENT_ID")
    with pytest.raises(ClientError, match="MSGTEMPLATE_CLIENT_ID"):
        client_from_env(ENDPOINT)


def test_client_from_env_reads_the_key_password_like_the_cli(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    password = "correct horse battery staple"
    monkeypatch.setenv("MSGTEMPLATE_CLIENT_ID", "ENV_CLIENT")
    monkeypatch.setenv("MSGTEMPLATE_PRIVATE_KEY", CLIENT_KEY.to_pem(password).decode())
    monkeypatch.delenv("MSGTEMPLATE_PRIVATE_KEY_PASSWORD", raising=False)
    with pytest.raises(MsgTemplateError) as refused:
        client_from_env(ENDPOINT)
    assert "MSGTEMPLATE_PRIVATE_KEY" in str(refused.value)
    monkeypatch.setenv("MSGTEMPLATE_PRIVATE_KEY_PASSWORD", password)
    script = Script(answer("S", "SUCCESS"))
    with client_from_env(ENDPOINT, transport=httpx.MockTransport(script)) as client:
        assert client.send(BODY).status == "S"
    assert_signed(script.requests[0])
    assert password not in repr(client)


def test_client_from_env_reads_the_endpoint_when_none_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MSGTEMPLATE_CLIENT_ID", "ENV_CLIENT")
    monkeypatch.setenv("MSGTEMPLATE_PRIVATE_KEY", CLIENT_KEY.to_pem().decode())
    monkeypatch.setenv("MSGTEMPLATE_ENDPOINT", ENDPOINT)
    script = Script(answer("S", "SUCCESS"))
    with client_from_env(transport=httpx.MockTransport(script)) as client:
        assert client.send(BODY).status == "S"
    assert str(script.requests[0].url) == ENDPOINT + URI
    monkeypatch.delenv("MSGTEMPLATE_ENDPOINT")
    with pytest.raises(ClientError, match="MSGTEMPLATE_ENDPOINT"):
        client_from_env()


# ---------------------------------------------------------------------------- async


def test_async_client_follows_the_same_rules() -> None:
    script = Script(
        answer("U", "UNKNOWN_EXCEPTION"),
        httpx.Response(502),
        raises(httpx.ReadTimeout),
        signed("S", "SUCCESS"),
    )

    async def go() -> tuple[SendOutcome, list[float]]:
        client, fake = make_async(script, platform_public_key=PLATFORM_PUBLIC)
        async with client:
            return await client.send(BODY), fake.sleeps

    outcome, sleeps = asyncio.run(go())
    assert (outcome.status, outcome.attempts, outcome.verified) == ("S", 4, True)
    assert len({r.content for r in script.requests}) == 1
    assert len({assert_signed(r) for r in script.requests}) == 4
    assert sleeps == [0.5, 1.0, 2.0]


def test_async_failure_is_not_retried() -> None:
    script = Script(answer("F", "ACCESS_DENIED"))

    async def go() -> SendOutcome:
        client, _ = make_async(script)
        async with client:
            return await client.send(BODY)

    assert asyncio.run(go()).status == "F"
    assert len(script.requests) == 1


# ------------------------------------------------- the rules, for every sequence

KINDS = ["S", "F", "TRAFFIC", "U", "500", "timeout", "connect", "garbage", "404", "429"]


def step_for(kind: str) -> Step:
    table: dict[str, Step] = {
        "S": answer("S", "SUCCESS"),
        "F": answer("F", "PROCESS_FAIL"),
        "TRAFFIC": answer("F", "REQUEST_TRAFFIC_EXCEED_LIMIT"),
        "U": answer("U", "UNKNOWN_EXCEPTION"),
        "500": httpx.Response(500),
        "timeout": raises(httpx.ReadTimeout),
        "connect": raises(httpx.ConnectError),
        "garbage": httpx.Response(200, text="??"),
        "404": httpx.Response(404, text="no such route"),
        "429": httpx.Response(429, text="slow down"),
    }
    return table[kind]


def model(kinds: list[str], max_attempts: int) -> tuple[str, int, bool]:
    """The issue's rules, written out plainly: (final status, attempts, not delivered)."""
    maybe_delivered = False
    for n, kind in enumerate(kinds[:max_attempts], start=1):
        if kind == "S":
            return "S", n, False
        if kind in ("F", "404") or (kind in ("TRAFFIC", "429") and n == max_attempts):
            return ("U" if maybe_delivered else "F"), n, not maybe_delivered
        if kind not in ("TRAFFIC", "429", "connect"):
            maybe_delivered = True
    return "U", max_attempts, not maybe_delivered


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kinds=st.lists(st.sampled_from(KINDS), min_size=5, max_size=5),
    max_attempts=st.integers(1, 5),
)
def test_sync_and_async_clients_follow_the_rules(kinds: list[str], max_attempts: int) -> None:
    expected = model(kinds, max_attempts)
    sync_script = Script(*[step_for(k) for k in kinds])
    sync_client, sync_time = make(sync_script, max_attempts=max_attempts, deadline=None)
    sync_outcome = sync_client.send(BODY)

    async_script = Script(*[step_for(k) for k in kinds])

    async def go() -> tuple[SendOutcome, list[float]]:
        client, fake = make_async(async_script, max_attempts=max_attempts, deadline=None)
        async with client:
            return await client.send(BODY), fake.sleeps

    async_outcome, async_sleeps = asyncio.run(go())
    got = (sync_outcome.status, sync_outcome.attempts, sync_outcome.not_delivered)
    assert got == expected
    assert async_outcome == sync_outcome
    assert async_sleeps == sync_time.sleeps
    assert len(sync_time.sleeps) == sync_outcome.attempts - 1
    assert len({r.content for r in sync_script.requests}) == 1
