"""``bulk run --broker``: the producer and the journal's keeper for Celery workers.

It walks the journal's rows to send like the single-process runner, builds each
body here (an ``invalid`` recipient never leaves this process), and enqueues them
in chunks on the Celery queue, keeping at most :data:`MAX_OUTSTANDING_CHUNKS`
chunks out at once. Workers push each outcome on the campaign's Redis list; the
producer records them in the journal as they come (the journal is the truth, as in
one process: ``S`` only after the platform said ``S``).

A killed producer resumes from its journal: rows whose outcome it did not record
are ``pending`` or ``U`` and are enqueued again with the same requestIds (outcomes
of the previous run still on the list are recorded too: they are true answers for
those requestIds). A worker killed mid-chunk: Redis gives the chunk to another
worker after the visibility timeout. If no outcome at all arrives for
:data:`STALL_SECONDS` while some are awaited (no worker running?), the run stops
with those rows left ``pending`` (exit 75): run it again once workers are up.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Final

from msgtemplate.campaign.celery_app import QUEUE, TASK_NAME, RedisPacer, keys_for, make_app
from msgtemplate.campaign.journal import Outcome
from msgtemplate.campaign.plan import Invalid
from msgtemplate.campaign.runner import MAX_PASSES, Counts, pending_recipients
from msgtemplate.errors import MsgTemplateError
from msgtemplate.sender.retry import RETRYABLE_CODES

if TYPE_CHECKING:
    from msgtemplate.campaign.journal import Journal, PendingRow
    from msgtemplate.campaign.plan import Plan
    from msgtemplate.campaign.recipients import Recipient

__all__ = ["STALL_SECONDS", "BrokerError", "run_on_workers"]

MAX_OUTSTANDING_CHUNKS: Final = 64
STALL_SECONDS: Final = 120.0
_POLL_SECONDS: Final = 0.5
_DRAIN_BATCH: Final = 500


class BrokerError(MsgTemplateError):
    """The broker cannot be used (nothing was enqueued)."""


def campaign_key(plan: Plan) -> str:
    """The campaign's Redis name: its template and recipients fingerprints, short."""
    return f"{plan.identity.template[:12]}-{plan.identity.recipients[:12]}"


def _outcome(data: dict[str, Any]) -> Outcome | None:
    try:
        line = int(data["line"])
        state = data["state"]
        code = data.get("resultCode")
        message = data.get("resultMessage")
        attempts = int(data.get("attempts", 0))
    except (KeyError, TypeError, ValueError):
        return None
    if state not in ("S", "F", "U", "invalid"):
        return None
    if state == "F" and code in RETRYABLE_CODES:
        note = f"{message or ''} (refused for speed; sent again later)".strip()
        return Outcome(line, "pending", code, note, attempts)
    return Outcome(line, state, code, message, attempts)


def run_on_workers(
    plan: Plan,
    journal: Journal,
    broker: str,
    *,
    rate: float,
    chunk: int,
    on_progress: Callable[[Counts], None] | None = None,
    stall_seconds: float = STALL_SECONDS,
) -> tuple[bool, Counts]:
    """Send the campaign on Celery workers; ``(interrupted, counts)``."""
    import redis

    app = make_app(broker)
    redis_client = redis.Redis.from_url(broker)
    campaign = campaign_key(plan)
    keys = keys_for(campaign)
    try:
        redis_client.ping()
    except redis.RedisError as exc:
        raise BrokerError(f"cannot reach the broker {_safe_url(broker)}: {exc}") from None
    RedisPacer.start(redis_client, keys["rate"], rate)
    counts = Counts.of(journal)
    state = {"interrupted": False}
    outstanding: dict[int, str] = {}  # line -> state before it went out

    def on_signal(signum: int, frame: Any) -> None:
        if state["interrupted"]:
            raise KeyboardInterrupt
        state["interrupted"] = True
        print(
            "\nmsgtemplate: stopping: waiting for the answers of the messages already "
            "handed to workers (Ctrl+C again to stop at once; the campaign resumes)",
            file=sys.stderr,
        )

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    last_heard = time.monotonic()

    def record(outcomes: list[Outcome]) -> None:
        if not outcomes:
            return
        journal.record(outcomes)
        for outcome in outcomes:
            before = outstanding.pop(outcome.line, None)
            if before is not None:
                counts.moved(before, outcome.state)
        if on_progress is not None:
            on_progress(counts)

    def drain(block: bool) -> None:
        nonlocal last_heard
        found: list[Outcome] = []
        if block:
            item = redis_client.blpop([keys["outcomes"]], timeout=_POLL_SECONDS)
            if item is None:
                return
            raw: list[Any] = [item[1]]
        else:
            raw = []
        more: Any = redis_client.lpop(keys["outcomes"], _DRAIN_BATCH) or []
        raw.extend(more)
        for text in raw:
            try:
                outcome = _outcome(json.loads(text))
            except ValueError:
                outcome = None
            if outcome is not None:
                found.append(outcome)
        if found:
            last_heard = time.monotonic()
        record(found)

    def enqueue(items: list[tuple[Recipient, PendingRow]]) -> None:
        rows: list[list[Any]] = []
        invalid: list[Outcome] = []
        for recipient, row in items:
            try:
                body = plan.body(recipient, row.request_id)
            except Invalid as exc:
                invalid.append(Outcome(row.line, "invalid", exc.code, exc.message))
                outstanding[row.line] = row.state
                continue
            rows.append([row.line, body])
            outstanding[row.line] = row.state
        record(invalid)
        if rows:
            app.send_task(
                TASK_NAME,
                args=[campaign, rows],
                queue=QUEUE,
                # What Celery logs and shows for this task: never the bodies (tokens).
                argsrepr=f"({len(rows)} messages of campaign {campaign})",
                kwargsrepr="{}",
            )

    try:
        for number in range(MAX_PASSES):
            requeued = counts.requeued
            items = pending_recipients(plan, journal, with_u=number == 0)
            exhausted = False
            while not state["interrupted"]:
                if not exhausted and len(outstanding) < MAX_OUTSTANDING_CHUNKS * chunk:
                    batch = _take(items, chunk)
                    if batch:
                        enqueue(batch)
                        drain(block=False)
                        continue
                    exhausted = True
                if exhausted and not outstanding:
                    break
                drain(block=True)
                if outstanding and time.monotonic() - last_heard > stall_seconds:
                    print(
                        f"msgtemplate: no answer from any worker for {stall_seconds:g} s; "
                        f"{len(outstanding)} messages stay pending: start `msgtemplate bulk "
                        "worker` and run the same command again",
                        file=sys.stderr,
                    )
                    return False, Counts.of(journal)
            if state["interrupted"]:
                break
            if counts.requeued == requeued:
                break
        if state["interrupted"]:
            _wait_for(outstanding, drain, stall_seconds)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        redis_client.close()
    return state["interrupted"], Counts.of(journal)


def _wait_for(outstanding: dict[int, str], drain: Callable[[bool], None], limit: float) -> None:
    """After Ctrl+C: record the answers of what workers already hold, for a while."""
    deadline = time.monotonic() + limit
    while outstanding and time.monotonic() < deadline:
        drain(True)


def _take(items: Iterator[tuple[Recipient, PendingRow]], count: int) -> list[Any]:
    out = []
    for item in items:
        out.append(item)
        if len(out) >= count:
            break
    return out


def _safe_url(url: str) -> str:
    """The broker URL without a password (``redis://:secret@host``)."""
    if "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    return f"{scheme}://…@{rest.rsplit('@', 1)[1]}"
