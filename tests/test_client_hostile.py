"""The sender against hostile peers on 127.0.0.1: slow, endless, huge, redirecting.

Each peer is a raw socket server (tests/hostile_peers.py) bounded in bytes and
time. "Bounded" is checked as an order of events, never as a duration: the client
must give up (close the connection) before the peer gets to the end of its script.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from msgtemplate.api import spec
from msgtemplate.sender import signing
from msgtemplate.sender.client import AsyncMessageClient, MessageClient, SendOutcome
from tests.support.hostile_peers import (
    HostilePeer,
    declared_huge,
    endless_body,
    hostile_peer,
    redirect,
    trickled_body,
    trickled_headers,
)

pytestmark = pytest.mark.slow  # real sockets, attempts that run out their time

CLIENT_ID = "HOSTILE_TEST"
CLIENT_KEY, _ = signing.generate_key_pair()
BODY: dict[str, Any] = {
    "appId": "P000000000000001",
    "accessToken": "hostile-test-token-0123456789abcdef",
    "requestId": "hostile-1",
    "templateCode": "TP_1",
    "templates": [{"language": "en", "templateParameters": {"who": "Ann"}}],
}
TIMEOUT = 1.0  # per attempt; every trickle lasts far longer (400 bytes x 0.2 s)


def send(peer: HostilePeer, **options: Any) -> SendOutcome:
    options = {"timeout": TIMEOUT, "max_attempts": 1, **options}
    with MessageClient(peer.url, CLIENT_ID, CLIENT_KEY, **options) as client:
        return client.send(BODY)


def send_async(peer: HostilePeer, **options: Any) -> SendOutcome:
    options = {"timeout": TIMEOUT, "max_attempts": 1, **options}

    async def go() -> SendOutcome:
        async with AsyncMessageClient(peer.url, CLIENT_ID, CLIENT_KEY, **options) as client:
            return await client.send(BODY)

    return asyncio.run(go())


SENDERS = [pytest.param(send, id="sync"), pytest.param(send_async, id="async")]


def gave_up_first(peer: HostilePeer) -> bool:
    """The client closed the connection before the peer finished its script."""
    return peer.client_left.wait(30) and not peer.finished.is_set()


# ------------------------------------------------------------------ slow peers


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("behaviour", [trickled_body, trickled_headers])
def test_an_answer_trickled_byte_by_byte_is_cut_at_the_attempt_timeout(
    sender: Any, behaviour: Any
) -> None:
    # Each byte arrives well within any per-read timeout; only a bound on the whole
    # attempt (connect + send + the whole answer) stops this.
    with hostile_peer(behaviour()) as peer:
        outcome = sender(peer)
        assert gave_up_first(peer)
    assert outcome.status == "U"
    assert outcome.result_message is not None
    assert f"timed out: no complete answer within {TIMEOUT:g} s" in outcome.result_message
    assert not outcome.not_delivered  # the request went out: it may have been processed


@pytest.mark.parametrize("sender", SENDERS)
def test_the_deadline_bounds_the_whole_send_even_when_every_attempt_trickles(
    sender: Any,
) -> None:
    with hostile_peer(trickled_body()) as peer:
        outcome = sender(peer, max_attempts=50, deadline=2.5, retry_backoff=0)
        assert gave_up_first(peer)
    assert outcome.status == "U"
    # At most three 1 s attempts fit in 2.5 s (the last one cut to what is left).
    assert 2 <= outcome.attempts <= 3
    assert peer.connections == outcome.attempts


# ------------------------------------------------------------------ big answers


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("chunked", [False, True], ids=["close-delimited", "chunked"])
def test_an_endless_answer_is_cut_at_one_mebibyte_and_is_unknown(
    sender: Any, chunked: bool
) -> None:
    with hostile_peer(endless_body(chunked=chunked)) as peer:
        outcome = sender(peer, timeout=30)
        assert gave_up_first(peer)
    assert outcome.status == "U"
    assert outcome.result_message is not None
    assert "the answer is longer than 1 MiB" in outcome.result_message
    assert "unknown" in outcome.result_message
    # It stopped near the cap, not at the peer's 48 MiB (socket buffers hold a few MiB).
    assert peer.bytes_sent < 24 * spec.MAX_RESPONSE_BYTES


@pytest.mark.parametrize("sender", SENDERS)
def test_a_declared_three_gibibyte_answer_is_refused_unread(sender: Any) -> None:
    with hostile_peer(declared_huge()) as peer:
        outcome = sender(peer, timeout=30)
        assert gave_up_first(peer)
    assert outcome.status == "U"
    assert outcome.result_message is not None
    assert "the answer is longer than 1 MiB" in outcome.result_message


# ------------------------------------------------------------------ redirects


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_that_claims_success_is_never_a_delivery(sender: Any, status: int) -> None:
    with hostile_peer(redirect(status)) as peer:
        outcome = sender(peer, max_attempts=3)
    assert outcome.status == "F"
    assert outcome.result_code == f"HTTP_{status}"
    assert outcome.not_delivered
    assert outcome.attempts == 1  # a redirect is final: it would redirect again
    assert outcome.result_message is not None
    assert "redirect to https://elsewhere.example/" in outcome.result_message
    assert "not followed" in outcome.result_message
    assert len(peer.requests) == 1  # nothing went to the Location
