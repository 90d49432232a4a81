"""Bulk sending: throughput against the sandbox, the journal's overhead, memory.

Run: .venv/bin/python bench/bench_bulk.py [--recipients 10000] [--million-lines 1000000]
     [--skip-workers] [--skip-memory]

1. **Throughput**: ``msgtemplate bulk run`` of N recipients (``samples/shop.yaml``,
   TP_SHOP_ORDER_SHIPPED, six locales in turn) against ``msgtemplate sandbox`` (both
   subprocesses on loopback, the sandbox verifying every signature and storing every
   message), ``--rate`` far above what the machine does so the rate does not bind;
   then the same campaign (a fresh journal and sandbox) with ``--broker`` and two
   ``bulk worker`` processes on a private redis-server. Messages per second, whole
   command, start-up included; the sandbox's inbox is checked: one delivery each.
2. **Journal overhead**: per message, in one process and without a network
   (``httpx.MockTransport`` answering ``S``), the bulk runner (read the recipients
   file, join the journal, build the body, sign, send, record the outcome in the
   journal) against ``send``'s own path for the same messages (build the body, sign,
   send with ``AsyncMessageClient``, same concurrency). Goal: < 20 % more.
3. **Slow-down**: ``--rate`` far above a platform's limit (the independent stand-in
   of the tests, limiting to ``--limit`` requests in any one-second window): the
   share of requests refused with ``REQUEST_TRAFFIC_EXCEED_LIMIT``, and the rate
   achieved against the limit.
4. **Memory**: peak RSS of a process that takes a 1-million-line recipients file
   through the structural pre-pass, the journal load and the send loop's join (the
   first 50,000 bodies built, nothing sent). Goal: flat, < 200 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_sandbox import CLIENT_ID, start_sandbox, stop_sandbox

from msgtemplate.sender import signing

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "samples" / "shop.yaml"
CODE = "TP_SHOP_ORDER_SHIPPED"
LOCALES = (["en-US"], ["zh-TW"], ["ar-EG"], ["es-MX"], ["ja-JP"], ["pt-BR"])


def write_recipients(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            out.write(
                json.dumps(
                    {
                        "accessToken": f"bench-token-{n:09d}",
                        "locale": LOCALES[n % len(LOCALES)],
                        "params": {
                            "orderId": f"A-{n}",
                            "carrier": "DHL Express",
                            "shippedAt": "2026-11-28T02:30:00Z",
                            "itemCount": n % 7 + 1,
                        },
                    }
                )
                + "\n"
            )
    return path


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("MSGTEMPLATE_")}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def throughput(work: Path, recipients: Path, key: Path, public: Path, workers: int) -> float:
    sandbox = start_sandbox(work, public, [])
    redis_process = None
    worker_processes: list[subprocess.Popen[bytes]] = []
    journal = work / f"journal-{workers}.sqlite"
    credentials = ["--endpoint", sandbox.base, "--client-id", CLIENT_ID, "--private-key", str(key)]
    credentials += ["--platform-public-key", str(sandbox.platform_key)]
    argv = [sys.executable, "-m", "msgtemplate", "bulk", "run", str(PACK), CODE]
    argv += ["--recipients", str(recipients), "--journal", str(journal), *credentials]
    argv += ["--rate", "100000", "--progress", "none"]
    try:
        if workers:
            port = _free_port()
            redis_process = subprocess.Popen(
                [
                    shutil.which("redis-server") or "redis-server",
                    "--port",
                    str(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(work),
                ],
                stdout=subprocess.DEVNULL,
            )
            time.sleep(0.5)
            broker = f"redis://127.0.0.1:{port}/0"
            for _ in range(workers):
                worker_processes.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            "-m",
                            "msgtemplate",
                            "bulk",
                            "worker",
                            "--broker",
                            broker,
                            *credentials,
                            "--concurrency",
                            "8",
                        ],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                        env=_env(),
                    )
                )
            time.sleep(3)  # let the workers connect
            argv += ["--broker", broker, "--concurrency", "20"]
        else:
            argv += ["--concurrency", "32"]
        started = time.perf_counter()
        result = subprocess.run(argv, capture_output=True, text=True, env=_env(), check=False)
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            raise SystemExit(f"bench: bulk run exited {result.returncode}:\n{result.stderr}")
    finally:
        for process in worker_processes:
            process.send_signal(signal.SIGTERM)
        for process in worker_processes:
            process.wait(30)
        if redis_process is not None:
            redis_process.terminate()
            redis_process.wait()
        stop_sandbox(sandbox)
    db = sqlite3.connect(work / "inbox.sqlite")
    rows, distinct = db.execute(
        "SELECT COUNT(*), COUNT(DISTINCT request_id) FROM deliveries"
    ).fetchone()
    db.close()
    (work / "inbox.sqlite").unlink()
    count = sum(1 for _ in recipients.open())
    if rows != count or distinct != count:
        raise SystemExit(
            f"bench: the inbox holds {rows} deliveries ({distinct} distinct), not {count}"
        )
    return count / elapsed


def overhead(work: Path, count: int) -> tuple[float, float]:
    """µs per message: (send's own path, the bulk runner)."""
    import httpx

    from msgtemplate.campaign.journal import Journal
    from msgtemplate.campaign.plan import Plan
    from msgtemplate.campaign.runner import run_campaign
    from msgtemplate.sender.client import AsyncMessageClient

    key, _public = signing.generate_key_pair()
    answer = json.dumps(
        {"result": {"resultStatus": "S", "resultCode": "SUCCESS", "resultMessage": "ok"}}
    ).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=answer, headers={"Content-Type": "application/json"})

    recipients = write_recipients(work / "overhead.jsonl", count)
    plan = Plan.prepare(PACK, CODE, recipients)
    concurrency = 16

    def client() -> AsyncMessageClient:
        return AsyncMessageClient(
            "http://127.0.0.1:9", CLIENT_ID, key, transport=httpx.MockTransport(handler)
        )

    async def plain() -> float:
        async with client() as c:
            queue: asyncio.Queue[object] = asyncio.Queue()
            for recipient in plan.recipients():
                queue.put_nowait(recipient)
            started = time.perf_counter()

            async def work_one() -> None:
                while not queue.empty():
                    recipient = queue.get_nowait()
                    body = plan.body(recipient, plan.request_id(recipient))  # type: ignore[arg-type]
                    await c.send(body)

            await asyncio.gather(*(work_one() for _ in range(concurrency)))
            return time.perf_counter() - started

    async def bulk(journal: Journal) -> float:
        async with client() as c:
            started = time.perf_counter()
            await run_campaign(plan, journal, c, pacer=None, concurrency=concurrency)
            return time.perf_counter() - started

    best_plain = best_bulk = float("inf")
    for n in range(5):
        best_plain = min(best_plain, asyncio.run(plain()))
        path = work / f"overhead-{n}.sqlite"
        with Journal.open(path, plan.identity) as journal:
            plan.fill(journal)
            best_bulk = min(best_bulk, asyncio.run(bulk(journal)))
    return best_plain / count * 1e6, best_bulk / count * 1e6


def slow_down(work: Path, count: int, rate: float, limit: float) -> tuple[int, int, int, float]:
    """(requests, refused, cuts, messages/s) of a campaign at ``rate`` vs ``limit``."""
    sys.path.insert(0, str(ROOT))
    from msgtemplate.campaign.journal import Journal
    from msgtemplate.campaign.plan import Plan
    from msgtemplate.campaign.rate import RateLimiter
    from msgtemplate.campaign.runner import run_campaign
    from msgtemplate.sender.client import AsyncMessageClient
    from tests.support.bulk import CLIENT_ID as TEST_CLIENT
    from tests.support.bulk import make_keys, write_jsonl
    from tests.support.bulk import write_pack as write_test_pack
    from tests.support.ledger_platform import LedgerPlatform

    work = work / "slow-down"
    work.mkdir()
    keys = make_keys(work)
    plan = Plan.prepare(
        write_test_pack(work), "TP_SHIP", write_jsonl(work, count, name="slow.jsonl")
    )
    limiter = RateLimiter(rate)
    with LedgerPlatform(TEST_CLIENT, keys.public_pem, limit=limit) as platform:
        with Journal.open(work / "slow.sqlite", plan.identity) as journal:
            plan.fill(journal)

            async def main() -> float:
                async with AsyncMessageClient(
                    platform.url, TEST_CLIENT, keys.private, retry_backoff=0.05
                ) as client:
                    started = time.perf_counter()
                    await run_campaign(plan, journal, client, pacer=limiter, concurrency=16)
                    return time.perf_counter() - started

            elapsed = asyncio.run(main())
            if journal.counts()["S"] != count:
                raise SystemExit(f"bench: not every message was delivered: {journal.counts()}")
        ledger = platform.ledger
    return ledger.requests, ledger.traffic_refused, limiter.decreases, count / elapsed


_MEMORY_CHILD = """
import resource, sys
from msgtemplate.campaign.journal import Journal
from msgtemplate.campaign.plan import Plan
from msgtemplate.campaign.runner import pending_recipients
BUILT = int(sys.argv[5])
plan = Plan.prepare(sys.argv[1], sys.argv[2], sys.argv[3])
after_scan = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with Journal.open(sys.argv[4], plan.identity) as journal:
    plan.fill(journal)
    after_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    n = 0
    for recipient, row in pending_recipients(plan, journal):
        if n < BUILT:  # bodies cost ~1 ms each: build enough to see they do not pile up
            plan.body(recipient, row.request_id)
        n += 1
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(n, after_scan, after_load, peak)
"""


def memory(work: Path, lines: int) -> tuple[int, float, float, float, float]:
    recipients = write_recipients(work / "million.jsonl", lines)
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _MEMORY_CHILD,
            str(PACK),
            CODE,
            str(recipients),
            str(work / "million.sqlite"),
            "50000",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - started
    n, scan, load, peak = (int(x) for x in result.stdout.split())
    return n, scan / 1024, load / 1024, peak / 1024, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--overhead-messages", type=int, default=3000)
    parser.add_argument("--million-lines", type=int, default=1_000_000)
    parser.add_argument("--limit", type=float, default=60)
    parser.add_argument("--too-fast-rate", type=float, default=1000)
    parser.add_argument("--skip-workers", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as folder:
        work = Path(folder)
        key, public = signing.generate_key_pair()
        key_path = work / "client.pem"
        key_path.write_bytes(key.to_pem())
        public_path = work / "client.pub.pem"
        public_path.write_bytes(public.to_pem())
        recipients = write_recipients(work / "recipients.jsonl", args.recipients)

        plain, bulk = overhead(work, args.overhead_messages)
        print(f"per message, no network ({args.overhead_messages} messages, concurrency 16):")
        print(f"  send's own path (build + sign + send)        {plain:8.0f} µs")
        print(
            f"  bulk runner (+ file, journal join, record)   {bulk:8.0f} µs  "
            f"({(bulk / plain - 1) * 100:+.0f} %, goal < +20 %)"
        )

        requests, refused, cuts, achieved = slow_down(work, 1500, args.too_fast_rate, args.limit)
        print(
            f"--rate {args.too_fast_rate:g} against a platform limit of {args.limit:g}/s, "
            f"1500 messages: {refused} of {requests} requests refused "
            f"({refused / requests:.1%}), {cuts} cuts, {achieved:.0f} msg/s "
            f"({achieved / args.limit:.0%} of the limit)"
        )

        rate = throughput(work, recipients, key_path, public_path, 0)
        print(
            f"bulk run, one process, {args.recipients} recipients vs the sandbox: {rate:6.0f} msg/s"
        )
        if not args.skip_workers:
            rate2 = throughput(work, recipients, key_path, public_path, 2)
            print(
                f"bulk run --broker, two workers (8 threads each):             {rate2:6.0f} msg/s"
            )

        if not args.skip_memory:
            n, scan, load, peak, elapsed = memory(work, args.million_lines)
            print(
                f"{n:,}-line recipients file, pre-pass + journal load + join with bodies "
                f"built ({elapsed:.0f} s):"
            )
            print(
                f"  peak RSS after the pre-pass {scan:.0f} MB, after the load {load:.0f} MB, "
                f"at the end {peak:.0f} MB (goal < 200 MB)"
            )


if __name__ == "__main__":
    main()
