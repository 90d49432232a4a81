"""The Celery side of bulk sending: the app, the send task, and the shared pace.

``bulk run --broker redis://...`` is the producer and the journal's keeper
(:mod:`msgtemplate.campaign.producer`); ``bulk worker`` runs a Celery worker with
the task defined here (:mod:`msgtemplate.campaign.worker`).

What travels through Redis: each task carries a campaign key and a chunk of
``[line, request body]`` pairs. A body holds the recipient's access token (it is
per-recipient data: the worker cannot send without it) and the rendered texts;
nothing else. The private key, the client id's key password and the platform key
never travel: each worker loads its own from its options or environment. Task
arguments are logged and shown by Celery only as ``argsrepr`` ("N messages of
campaign K"), never the bodies. Outcomes come back on a Redis list as
``{line, state, resultCode, resultMessage, attempts}`` (the sender scrubs tokens
from platform messages).

Delivery semantics: ``acks_late`` + ``task_reject_on_worker_lost`` + prefetch 1
make execution at-least-once; a worker killed with kill -9 leaves its task
unacknowledged, and Redis gives it to another worker after the visibility timeout
(:data:`DEFAULT_VISIBILITY_TIMEOUT` seconds, not the transport's default hour).
Running a chunk twice sends the same requestIds twice, which the platform
delivers once; the journal keeps the first final answer.

The rate holds for the whole campaign: :class:`RedisPacer` keeps one even pace in
Redis for every worker thread (a Lua script, Redis's clock), halving it on
traffic-limit answers like :class:`~msgtemplate.campaign.rate.RateLimiter`.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Final

from msgtemplate.campaign.rate import (
    DECREASE_FACTOR,
    MIN_RATE,
    RECOVERY_MIN_STEP,
    RECOVERY_SHARE,
    is_traffic_limit,
)

if TYPE_CHECKING:
    from celery import Celery

    from msgtemplate.sender.client import MessageClient
    from msgtemplate.sender.retry import Attempt

__all__ = [
    "DEFAULT_VISIBILITY_TIMEOUT",
    "QUEUE",
    "TASK_NAME",
    "RedisPacer",
    "keys_for",
    "make_app",
]

logger = logging.getLogger("msgtemplate.campaign.celery")

TASK_NAME: Final = "msgtemplate.bulk.send_chunk"
QUEUE: Final = "msgtemplate.bulk"
DEFAULT_VISIBILITY_TIMEOUT: Final = 30.0
"""Seconds after which a task a worker took but never acknowledged (it was killed)
goes to another worker. Longer than a chunk takes to send at a sane rate."""
KEY_TTL: Final = 7 * 24 * 3600


def keys_for(campaign: str) -> dict[str, str]:
    """The Redis keys of one campaign: its outcomes list and its pace."""
    base = f"msgtemplate:bulk:{campaign}"
    return {"outcomes": f"{base}:outcomes", "rate": f"{base}:rate"}


def make_app(broker: str, *, visibility_timeout: float = DEFAULT_VISIBILITY_TIMEOUT) -> Celery:
    """The Celery app, configured for at-least-once execution (see the module)."""
    from celery import Celery

    app = Celery("msgtemplate", broker=broker, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        task_default_queue=QUEUE,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        broker_transport_options={
            "visibility_timeout": visibility_timeout,
            # Look for abandoned tasks every second, not every 10 x 10 seconds.
            "unacked_restore_interval": 1,
            "unacked_restore_throttle": 1,
        },
    )
    app.task(name=TASK_NAME, bind=True, acks_late=True, reject_on_worker_lost=True)(_send_chunk)
    return app


# ------------------------------------------------------------------ the task

_CLIENT: dict[str, Any] = {}
"""The worker's own client (its credentials), set by :func:`install_client`."""


def install_client(client: MessageClient, redis_client: Any) -> None:
    _CLIENT["client"] = client
    _CLIENT["redis"] = redis_client


def _send_chunk(task: Any, campaign: str, rows: list[list[Any]]) -> int:
    """Send each ``[line, body]`` and push its outcome; returns how many were sent."""
    client = _CLIENT.get("client")
    redis_client = _CLIENT.get("redis")
    if client is None or redis_client is None:
        raise RuntimeError("this worker has no msgtemplate client (start it with bulk worker)")
    keys = keys_for(campaign)
    pacer = RedisPacer(redis_client, keys["rate"])
    from msgtemplate.sender.config import ClientError

    for line, body in rows:
        try:
            outcome = client.send(body, pacer=pacer)
            report = {
                "line": line,
                "state": outcome.status,
                "resultCode": outcome.result_code,
                "resultMessage": outcome.result_message,
                "attempts": outcome.attempts,
            }
        except ClientError as exc:  # a body the sender cannot send: nothing was sent
            report = {
                "line": line,
                "state": "invalid",
                "resultCode": "INVALID_REQUEST",
                "resultMessage": str(exc),
                "attempts": 0,
            }
        redis_client.rpush(keys["outcomes"], json.dumps(report))
    redis_client.expire(keys["outcomes"], KEY_TTL)
    return len(rows)


# ---------------------------------------------------------------- the pace

_PACE_SCRIPT: Final = """
local key = KEYS[1]
local mode = ARGV[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local target = tonumber(redis.call('HGET', key, 'target') or '0')
if target <= 0 then return {'0', '-1'} end
local current = tonumber(redis.call('HGET', key, 'current') or tostring(target))
local changed = tonumber(redis.call('HGET', key, 'changed') or tostring(now))
local nxt = tonumber(redis.call('HGET', key, 'next') or '0')
local cuts = tonumber(redis.call('HGET', key, 'cuts') or '0')
local share = tonumber(ARGV[3])
local min_step = tonumber(ARGV[4])
if current < target and now > changed then
  local step = math.max(min_step, current * share)
  current = math.min(target, current + step * (now - changed))
end
changed = now
local answer
if mode == 'reserve' then
  local slot = math.max(now, nxt)
  nxt = slot + 1 / current
  answer = {tostring(slot - now), tostring(cuts)}
elseif mode == 'check' then
  answer = {'0', tostring(cuts)}
else
  local sent_at = tonumber(ARGV[2])
  if sent_at == cuts then
    cuts = cuts + 1
    current = math.max(tonumber(ARGV[5]), current * tonumber(ARGV[6]))
    nxt = math.max(nxt, now + 1 / current)
  end
  answer = {'0', tostring(cuts)}
end
redis.call('HSET', key, 'current', tostring(current), 'changed', tostring(changed),
           'next', tostring(nxt), 'cuts', tostring(cuts))
redis.call('EXPIRE', key, tonumber(ARGV[7]))
return answer
"""

_TICKET: ContextVar[tuple[str, int] | None] = ContextVar("msgtemplate_redis_ticket", default=None)
"""A worker thread's ticket: (pace key, cut count when its slot was handed out)."""
_SENT_AT: ContextVar[tuple[str, int] | None] = ContextVar("msgtemplate_redis_sent", default=None)


class RedisPacer:
    """One even pace for every worker of a campaign, kept in Redis (its clock).

    The same rules as :class:`~msgtemplate.campaign.rate.RateLimiter`: slots
    ``1 / rate`` apart; a traffic-limit answer to an attempt sent at the current
    pace halves it; it grows back by 10 % a second; a slot handed out before a cut
    is void.
    """

    def __init__(self, redis_client: Any, key: str) -> None:
        self._redis = redis_client
        self._key = key
        self._script = redis_client.register_script(_PACE_SCRIPT)

    def _call(self, mode: str, sent_at: int = -1) -> tuple[float, int]:
        wait, cuts = self._script(
            keys=[self._key],
            args=[
                mode,
                sent_at,
                RECOVERY_SHARE,
                RECOVERY_MIN_STEP,
                MIN_RATE,
                DECREASE_FACTOR,
                KEY_TTL,
            ],
        )
        return float(wait), int(cuts)

    @staticmethod
    def start(redis_client: Any, key: str, rate: float) -> None:
        """Set a campaign's pace (the producer does, at every start)."""
        redis_client.delete(key)
        redis_client.hset(
            key, mapping={"target": repr(float(rate)), "current": repr(float(rate)), "cuts": "0"}
        )
        redis_client.expire(key, KEY_TTL)

    def reserve(self) -> float:
        ticket = _TICKET.get()
        if ticket is not None and ticket[0] == self._key:
            _TICKET.set(None)
            _wait, cuts = self._call("check")
            if cuts == ticket[1]:
                return self._go(cuts)
        wait, cuts = self._call("reserve")
        if cuts < 0:
            return self._go(0)  # no pace set: the producer is gone; do not hold sends
        if wait <= 0:
            return self._go(cuts)
        _TICKET.set((self._key, cuts))
        # Sleep the wait, then come back: the ticket is good unless the pace was cut.
        return wait

    def _go(self, cuts: int) -> float:
        _SENT_AT.set((self._key, cuts))
        return 0.0

    def observe(self, attempt: Attempt) -> None:
        if not is_traffic_limit(attempt):
            return
        sent = _SENT_AT.get()
        sent_at = sent[1] if sent is not None and sent[0] == self._key else -2
        self._call("cut", sent_at)
