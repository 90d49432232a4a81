"""``msgtemplate bulk``: send one template to many recipients, journaled and resumable.

``bulk run`` checks the pack and the recipients file's structure first (nothing is
sent when either is wrong: exit 2), opens or creates the campaign's journal
(another campaign's journal: exit 2), then sends every recipient not yet final,
paced by ``--rate``, ``--concurrency`` at a time, in this process or, with
``--broker``, on Celery workers (``bulk worker``). ``bulk status`` and ``bulk
report`` read a journal.

Exit codes of ``run``: 0 every recipient ``S``; 1 some ``F`` or ``invalid`` (none
left to send); 75 some ``U`` or ``pending`` remain (run the same command again to
resume); 2 usage or bad input; 130 interrupted (resumable).

The send options (endpoint, credentials, key version, path prefix, platform key,
attempts, timeout) and their environment variables are ``send``'s, from one
definition (:mod:`msgtemplate.cli._send_options`).
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import TYPE_CHECKING, Any

from msgtemplate.cli import _send_options
from msgtemplate.cli.exits import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNKNOWN,
    EXIT_USAGE,
)

if TYPE_CHECKING:
    from msgtemplate.campaign.journal import Journal
    from msgtemplate.campaign.plan import Plan
    from msgtemplate.campaign.runner import Counts

PROGRESS_CHOICES = ("auto", "bar", "json", "none")
STATES = ("S", "F", "U", "pending", "invalid")
MAX_CONCURRENCY = 100  # httpx's connection pool holds 100
JSON_PROGRESS_EVERY = 1.0
"""Seconds between two ``--progress json`` lines."""


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "bulk",
        help="send a template to many recipients (journaled, resumable)",
        description="Send one template to every recipient of a JSON Lines or CSV file, "
        "recording each outcome in a journal; running the same command again resumes. "
        "See docs/bulk.md.",
    )
    sub = parser.add_subparsers(dest="bulk_command", metavar="SUBCOMMAND", required=True)
    _register_run(sub)
    _register_status(sub)
    _register_report(sub)
    _register_worker(sub)


def _register_run(sub: Any) -> None:
    from msgtemplate.cli._send_options import ENVIRONMENT_HELP

    parser = sub.add_parser(
        "run",
        help="send (or resume) a campaign",
        description="Send template CODE of PACK to every recipient of --recipients that "
        "the --journal does not record as final. Exit codes: 0 all S, 1 some F or "
        "invalid, 75 some U or pending remain (run again to resume), 2 usage or bad "
        "input, 130 interrupted.",
        epilog=ENVIRONMENT_HELP,
    )
    parser.add_argument("pack", metavar="PACK", help="the pack file (.yaml, .yml or .json)")
    parser.add_argument("code", metavar="CODE", help="the template's code")
    parser.add_argument(
        "--recipients", required=True, metavar="FILE", help="recipients: .jsonl/.ndjson or .csv"
    )
    parser.add_argument(
        "--recipients-format",
        choices=("jsonl", "csv"),
        help="the recipients file's format (default: from its suffix)",
    )
    parser.add_argument(
        "--journal",
        required=True,
        metavar="FILE",
        help="the campaign's journal (SQLite; created if missing, resumed if present)",
    )
    _send_options.add_send_options(parser)
    _add_rate(parser)
    parser.add_argument(
        "--concurrency",
        type=int,
        default=16,
        metavar="N",
        help="sends in flight at once (default: 16; with --broker: messages per task)",
    )
    parser.add_argument(
        "--broker",
        metavar="URL",
        help="send on Celery workers through this Redis broker (redis://host:port/db); "
        "run `msgtemplate bulk worker` there (needs msgtemplate[celery])",
    )
    parser.add_argument(
        "--progress",
        choices=PROGRESS_CHOICES,
        default="auto",
        help="a bar on a terminal (auto), a bar, JSON lines with the counts, or nothing",
    )
    parser.set_defaults(run=run)


def _add_rate(parser: argparse.ArgumentParser) -> None:
    from msgtemplate.campaign.rate import DEFAULT_RATE

    parser.add_argument(
        "--rate",
        type=float,
        default=DEFAULT_RATE,
        metavar="PER_SECOND",
        help=f"requests per second for the whole campaign, retries included (default: "
        f"{DEFAULT_RATE:g}); slowed down when the platform says it is too fast",
    )


def _register_status(sub: Any) -> None:
    parser = sub.add_parser(
        "status",
        help="a campaign's counts and identity",
        description="Print a journal's counts per state (and, as text, the campaign's "
        "identity and timings).",
    )
    parser.add_argument("journal", metavar="JOURNAL")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run_status)


def _register_report(sub: Any) -> None:
    parser = sub.add_parser(
        "report",
        help="one JSON line per recipient outcome",
        description="Print one JSON line per journal row, in line order: line, "
        "requestId, state, resultCode, resultMessage, attempts, updatedAt.",
    )
    parser.add_argument("journal", metavar="JOURNAL")
    parser.add_argument("--only", choices=STATES, help="only the rows in this state")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    parser.set_defaults(run=run_report)


def _register_worker(sub: Any) -> None:
    from msgtemplate.cli._send_options import ENVIRONMENT_HELP

    parser = sub.add_parser(
        "worker",
        help="a Celery worker that sends for `bulk run --broker`",
        description="Run a Celery worker (Redis broker) with msgtemplate's send task. "
        "Credentials come from this worker's own options or environment: private keys "
        "never travel through the broker. Needs msgtemplate[celery].",
        epilog=ENVIRONMENT_HELP,
    )
    parser.add_argument("--broker", required=True, metavar="URL", help="redis://host:port/db")
    _send_options.add_send_options(parser)
    parser.add_argument(
        "--concurrency", type=int, default=4, metavar="N", help="worker threads (default: 4)"
    )
    parser.add_argument(
        "--visibility-timeout",
        type=float,
        default=30.0,
        metavar="S",
        help="seconds after which a task taken by a worker that died goes to another "
        "(default: 30; keep it above the time one chunk takes)",
    )
    parser.set_defaults(run=run_worker, extra="celery")


# ------------------------------------------------------------------------ run


def _fail(message: str) -> int:
    print(f"msgtemplate: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _check_numbers(args: argparse.Namespace) -> str | None:
    rate = getattr(args, "rate", None)
    if rate is not None and not (math.isfinite(rate) and rate > 0):
        return f"--rate must be a number of requests per second > 0, got {rate}"
    if not 1 <= args.concurrency <= MAX_CONCURRENCY:
        return f"--concurrency must be between 1 and {MAX_CONCURRENCY}, got {args.concurrency}"
    return _send_options.check_send_options(args)


def run(args: argparse.Namespace) -> int:
    problem = _check_numbers(args)
    if problem is not None:
        return _fail(problem)
    if args.broker:
        # Only --broker needs the extra; ask before the journal records a run.
        from msgtemplate.cli._extras import check_extra

        missing = check_extra("celery")
        if missing is not None:
            print(missing, file=sys.stderr)
            return EXIT_USAGE
    from msgtemplate.campaign.journal import Journal
    from msgtemplate.campaign.plan import Plan
    from msgtemplate.errors import MsgTemplateError

    try:
        config = _send_options.sender_config(args)
        plan = Plan.prepare(args.pack, args.code, args.recipients, args.recipients_format)
        journal = Journal.open(args.journal, plan.identity)
    except MsgTemplateError as exc:
        return _fail(str(exc))
    with journal:
        run_id = journal.start_run()
        code = EXIT_INTERRUPTED
        try:
            plan.fill(journal)
            if args.broker:
                from msgtemplate.campaign.producer import run_on_workers

                interrupted, counts = run_on_workers(
                    plan,
                    journal,
                    args.broker,
                    rate=args.rate,
                    chunk=args.concurrency,
                    on_progress=_progress(args, journal),
                )
            else:
                interrupted, counts = _run_here(args, plan, journal, config)
            code = EXIT_INTERRUPTED if interrupted else _exit_code(counts.to_json())
            _summary(args, counts, interrupted)
        except KeyboardInterrupt:
            print(
                "msgtemplate: interrupted; run the same command again to resume",
                file=sys.stderr,
            )
        except MsgTemplateError as exc:
            code = _fail(str(exc))
        finally:
            journal.end_run(run_id, code)
    return code


def _exit_code(counts: dict[str, int]) -> int:
    if counts["U"] or counts["pending"]:
        return EXIT_UNKNOWN
    if counts["F"] or counts["invalid"]:
        return EXIT_FAILED
    return EXIT_OK


def _run_here(
    args: argparse.Namespace, plan: Plan, journal: Journal, config: Any
) -> tuple[bool, Counts]:
    """The campaign in this process; ``(interrupted, counts)``."""
    import asyncio
    import signal

    from msgtemplate.campaign.rate import RateLimiter
    from msgtemplate.campaign.runner import run_campaign
    from msgtemplate.sender.client import AsyncMessageClient

    progress = _progress(args, journal)
    interrupted = False

    async def main() -> Counts:
        nonlocal interrupted
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        task = asyncio.current_task()
        assert task is not None

        def on_signal() -> None:
            nonlocal interrupted
            if interrupted:
                task.cancel()  # a second Ctrl+C: stop at once (in-flight rows stay pending)
                return
            interrupted = True
            stop.set()
            print(
                "\nmsgtemplate: stopping: waiting for the sends in flight (Ctrl+C again to "
                "stop at once; either way the campaign resumes where it stopped)",
                file=sys.stderr,
            )

        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, on_signal)
        try:
            async with AsyncMessageClient.from_config(config) as client:
                return await run_campaign(
                    plan,
                    journal,
                    client,
                    pacer=RateLimiter(args.rate),
                    concurrency=args.concurrency,
                    stop=stop,
                    on_progress=progress,
                )
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)

    try:
        counts = asyncio.run(main())
    except asyncio.CancelledError:
        from msgtemplate.campaign.runner import Counts

        return True, Counts.of(journal)
    finally:
        if progress is not None:
            progress.close()
    return interrupted, counts


class _Progress:
    """Progress on stderr (a bar) or stdout (JSON lines); call it with the counts."""

    def __init__(self, kind: str, total: int, done: int) -> None:
        import time

        self.kind = kind
        self._time = time.monotonic
        self._last = 0.0
        self._bar: Any = None
        self._task: Any = None
        if kind == "bar":
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                ProgressColumn,
                TextColumn,
                TimeRemainingColumn,
            )
            from rich.text import Text

            class Speed(ProgressColumn):
                """Messages per second (rich's own speed column counts bytes)."""

                def render(self, task: Any) -> Text:
                    speed = task.finished_speed or task.speed
                    return Text("" if speed is None else f"{speed:,.0f} msg/s")

            self._bar = Progress(
                TextColumn("[bold]bulk"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[states]}"),
                Speed(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task("bulk", total=total, completed=done, states="")

    def __call__(self, counts: Counts) -> None:
        data = counts.to_json()
        if self.kind == "json":
            now = self._time()
            if now - self._last >= JSON_PROGRESS_EVERY:
                self._last = now
                _json_line(data)
            return
        if self._bar is not None:
            done = data["S"] + data["F"] + data["invalid"]
            states = "  ".join(f"{s} {data[s]}" for s in STATES)
            self._bar.update(self._task, completed=done, states=states)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _progress(args: argparse.Namespace, journal: Journal) -> _Progress | None:
    kind = args.progress
    if kind == "auto":
        kind = "bar" if sys.stderr.isatty() else "none"
    if kind == "none":
        return None
    counts = journal.counts()
    return _Progress(kind, counts["total"], counts["S"] + counts["F"] + counts["invalid"])


def _json_line(data: dict[str, Any]) -> None:
    import json

    from msgtemplate.cli._output import write_utf8

    write_utf8(json.dumps(data, ensure_ascii=False) + "\n")


def _say(text: str) -> None:
    """A line for people on stdout, whatever the terminal's encoding."""
    from msgtemplate.cli._output import write_text

    write_text(text + "\n")


def _summary(args: argparse.Namespace, counts: Counts, interrupted: bool) -> None:
    data = counts.to_json()
    if args.progress == "json":
        _json_line(data)
        return
    shown = ", ".join(f"{s} {data[s]}" for s in STATES)
    _say(f"{args.journal}: {data['total']} recipients: {shown}")
    if interrupted or data["U"] or data["pending"]:
        _say("  Not finished: run the same command again to resume (same requestIds).")
    if data["F"] or data["invalid"]:
        _say(f"  See why: msgtemplate bulk report {args.journal} --only F (or --only invalid)")


# --------------------------------------------------------------- status, report


def _open_journal(path: str) -> Journal:
    from msgtemplate.campaign.journal import Journal

    return Journal.open_existing(path)


def run_status(args: argparse.Namespace) -> int:
    from msgtemplate.campaign.journal import JournalError

    try:
        journal = _open_journal(args.journal)
    except JournalError as exc:
        return _fail(str(exc))
    with journal:
        counts = journal.counts()
        if args.format == "json":
            _json_line(counts)
            return EXIT_OK
        identity = journal.identity()
        runs = journal.runs()
    _say(f"journal     {args.journal}")
    _say(f"template    {identity['templateCode']} (definition {identity['template'][:12]})")
    _say(
        f"recipients  {identity['total']} in {identity['recipientsFormat']} "
        f"(SHA-256 {identity['recipients'][:12]})"
    )
    _say("counts      " + ", ".join(f"{s} {counts[s]}" for s in STATES))
    if runs:
        first, _end, _status = runs[0]
        _start, last_end, last_status = runs[-1]
        ended = _when(last_end) if last_end is not None else "not ended (killed?)"
        status = f" (exit {last_status})" if last_status is not None else ""
        _say(f"runs        {len(runs)}, first started {_when(first)}, last ended {ended}{status}")
    return EXIT_OK


def _when(stamp: float) -> str:
    import time

    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(stamp))


def run_report(args: argparse.Namespace) -> int:
    import json

    from msgtemplate.campaign.journal import JournalError

    try:
        journal = _open_journal(args.journal)
    except JournalError as exc:
        return _fail(str(exc))
    with journal:
        rows = journal.rows(None if args.only is None else [args.only])
        if not args.output:
            from msgtemplate.cli._output import write_utf8

            for row in rows:
                write_utf8(json.dumps(row.to_json(), ensure_ascii=False) + "\n")
            return EXIT_OK
        try:
            out = open(args.output, "w", encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as exc:
            return _fail(f"{args.output}: cannot write: {exc.strerror or exc}")
        with out:
            for row in rows:
                out.write(json.dumps(row.to_json(), ensure_ascii=False) + "\n")
    return EXIT_OK


# --------------------------------------------------------------------- worker


def run_worker(args: argparse.Namespace) -> int:
    timeout = args.visibility_timeout
    if not (math.isfinite(timeout) and timeout >= 1):
        return _fail(f"--visibility-timeout must be a number of seconds >= 1, got {timeout}")
    problem = _check_numbers(args)
    if problem is not None:
        return _fail(problem)
    from msgtemplate.errors import MsgTemplateError

    try:
        config = _send_options.sender_config(args)
    except MsgTemplateError as exc:
        return _fail(str(exc))
    from msgtemplate.campaign.worker import run_worker as start

    return start(
        args.broker,
        config,
        concurrency=args.concurrency,
        visibility_timeout=args.visibility_timeout,
    )
