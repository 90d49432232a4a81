"""Sending a campaign from one process: asyncio, one client, the journal as the truth.

:func:`run_campaign` walks the journal's ``pending`` and ``U`` rows in line order
alongside the recipients file (both streaming), builds each body, and keeps
``concurrency`` sends in flight on one :class:`~msgtemplate.sender.client.AsyncMessageClient`
(one connection pool), every attempt paced by the rate limiter. Each outcome goes
to the journal as the platform gave it: ``S`` only after the platform said ``S``.
A recipient whose data the pack refuses is recorded ``invalid`` and not sent.

Outcomes are committed in small batches (:data:`FLUSH_EVERY` outcomes or
:data:`FLUSH_SECONDS`): a kill loses at most those, and their rows are sent again
next time with the same requestIds, which the platform does not deliver twice.

``stop`` (an :class:`asyncio.Event`, set on Ctrl+C) stops handing out recipients;
sends in flight finish and are recorded, then the run returns.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from msgtemplate.campaign.journal import Journal, Outcome, PendingRow
from msgtemplate.campaign.plan import Invalid, Plan
from msgtemplate.campaign.recipients import Recipient, RecipientsError
from msgtemplate.sender.config import ClientError
from msgtemplate.sender.retry import RETRYABLE_CODES

if TYPE_CHECKING:
    from msgtemplate.sender.client import AsyncMessageClient, Pacer, SendOutcome

__all__ = ["FLUSH_EVERY", "FLUSH_SECONDS", "Counts", "pending_recipients", "run_campaign"]

FLUSH_EVERY: Final = 200
FLUSH_SECONDS: Final = 0.25
MAX_PASSES: Final = 5
"""Passes over the rows left to send in one run: the first sends everything; the next
ones only what the platform refused for speed (it is pending again)."""
DEFAULT_CONCURRENCY: Final = 16


@dataclass
class Counts:
    """Live counts per state (``total`` is every recipient of the campaign)."""

    total: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    done_this_run: int = 0
    requeued: int = 0

    @classmethod
    def of(cls, journal: Journal) -> Counts:
        counts = journal.counts()
        total = counts.pop("total")
        return cls(total=total, by_state=counts)

    def moved(self, old: str, new: str) -> None:
        self.by_state[old] = self.by_state.get(old, 0) - 1
        self.by_state[new] = self.by_state.get(new, 0) + 1
        if new == "pending":
            self.requeued += 1
        elif new != "U":
            self.done_this_run += 1

    def to_json(self) -> dict[str, int]:
        """``{"total", "S", "F", "U", "pending", "invalid"}``."""
        return {
            "total": self.total,
            **{s: self.by_state.get(s, 0) for s in ("S", "F", "U", "pending", "invalid")},
        }


def pending_recipients(
    plan: Plan, journal: Journal, *, with_u: bool = True
) -> Iterator[tuple[Recipient, PendingRow]]:
    """The journal's rows to send joined with their recipients, both streaming in line
    order; stops reading the file after the last such row."""
    rows = journal.pending(with_u=with_u)
    row = next(rows, None)
    if row is None:
        return
    for recipient in plan.recipients():
        if row.line < recipient.line:
            # A row with no recipient at its line: the file changed under the journal.
            raise RecipientsError(
                "the recipients file no longer matches its journal",
                path=plan.recipients_path,
                line=row.line,
            )
        if row.line == recipient.line:
            yield recipient, row
            row = next(rows, None)
            if row is None:
                return
    raise RecipientsError(
        "the recipients file ends before its journal's last row",
        path=plan.recipients_path,
        line=row.line,
    )


def _outcome(line: int, sent: SendOutcome) -> Outcome:
    if sent.status == "F" and sent.result_code in RETRYABLE_CODES:
        # Refused for going too fast on every attempt: not delivered, and no reason
        # to give up on the recipient. Pending again: sent again later in this run.
        message = f"{sent.result_message or ''} (refused for speed; sent again later)".strip()
        return Outcome(line, "pending", sent.result_code, message, sent.attempts)
    return Outcome(line, sent.status, sent.result_code, sent.result_message, sent.attempts)


async def run_campaign(
    plan: Plan,
    journal: Journal,
    client: AsyncMessageClient,
    *,
    pacer: Pacer | None,
    concurrency: int = DEFAULT_CONCURRENCY,
    stop: asyncio.Event | None = None,
    on_progress: Callable[[Counts], None] | None = None,
) -> Counts:
    """Send every ``pending`` and ``U`` row; returns the counts at the end."""
    stop = stop or asyncio.Event()
    counts = Counts.of(journal)
    queue: asyncio.Queue[tuple[Recipient, PendingRow] | None] = asyncio.Queue(concurrency * 2)
    unflushed: list[Outcome] = []
    last_flush = time.monotonic()

    def flush(force: bool = False) -> None:
        nonlocal last_flush
        now = time.monotonic()
        if unflushed and (
            force or len(unflushed) >= FLUSH_EVERY or now - last_flush >= FLUSH_SECONDS
        ):
            journal.record(unflushed)
            unflushed.clear()
            last_flush = now
            if on_progress is not None:
                on_progress(counts)

    def note(row: PendingRow, outcome: Outcome) -> None:
        unflushed.append(outcome)
        counts.moved(row.state, outcome.state)
        flush()

    async def produce() -> None:
        try:
            for number in range(MAX_PASSES):
                requeued = counts.requeued
                for item in pending_recipients(plan, journal, with_u=number == 0):
                    if stop.is_set():
                        return
                    await queue.put(item)
                await queue.join()
                flush(force=True)
                # U rows wait for the next run (their fate is unknown for now); only
                # rows refused for speed go round again.
                if stop.is_set() or counts.requeued == requeued:
                    return
        finally:
            for _ in range(concurrency):
                await queue.put(None)

    async def work() -> None:
        while (item := await queue.get()) is not None:
            try:
                recipient, row = item
                if stop.is_set():
                    continue  # drain: handed out but not started
                try:
                    body = plan.body(recipient, row.request_id)
                except Invalid as exc:
                    note(row, Outcome(row.line, "invalid", exc.code, exc.message))
                    continue
                try:
                    sent = await client.send(body, pacer=pacer)
                except ClientError as exc:  # a body the sender cannot send: nothing sent
                    note(row, Outcome(row.line, "invalid", "INVALID_REQUEST", str(exc)))
                    continue
                note(row, _outcome(row.line, sent))
            finally:
                queue.task_done()

    async def tick() -> None:
        while True:
            await asyncio.sleep(FLUSH_SECONDS)
            flush()

    ticker = asyncio.ensure_future(tick())
    try:
        producer = asyncio.ensure_future(produce())
        workers = [asyncio.ensure_future(work()) for _ in range(concurrency)]
        try:
            await asyncio.gather(producer, *workers)
        except BaseException:
            for task in (producer, *workers):
                task.cancel()
            await asyncio.gather(producer, *workers, return_exceptions=True)
            raise
    finally:
        ticker.cancel()
        await asyncio.gather(ticker, return_exceptions=True)
        flush(force=True)
        if on_progress is not None:
            on_progress(counts)
    return counts
