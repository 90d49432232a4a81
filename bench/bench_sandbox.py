"""Load and faults: many senders, a misbehaving sandbox, and a reconciliation.

Run: .venv/bin/python bench/bench_sandbox.py [--messages 5000] [--senders 32]

Starts ``msgtemplate sandbox`` as a subprocess on loopback (``--unknown-rate 0.1
--error-rate 0.05``), sends N distinct messages built from ``samples/`` with 32
concurrent threads, each with its own ``MessageClient`` (retries on, the sandbox's
answers verified with its public key), then reconciles the client outcomes with the
sandbox's inbox: every message must end ``S`` (first time or ``U``-then-``S``),
the inbox must hold exactly one delivery per requestId, none lost, none duplicated.

A peer run without faults (same senders, same number of messages unless
``--baseline-messages`` says otherwise) is measured first, so the cost of the
faults shows as a ratio. Bounded by ``--max-seconds`` per run: a run stops handing
out messages when time is up and says so (messages never sent are not counted as
lost).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from msgtemplate.pack import load_pack
from msgtemplate.pack.request import build_request, example_params
from msgtemplate.sender import signing
from msgtemplate.sender.client import MessageClient, SendOutcome

ROOT = Path(__file__).resolve().parent.parent
PACKS = sorted((ROOT / "samples").glob("*.yaml"))
CLIENT_ID = "BENCH_CLIENT"
LOCALES = (["en-US"], ["zh-TW"], ["ar-EG"], ["es-MX"], ["ja-JP"], ["pt-BR"])


@dataclass
class Sandbox:
    process: subprocess.Popen[str]
    base: str
    platform_key: Path


@dataclass
class Run:
    name: str
    outcomes: list[tuple[SendOutcome, float]] = field(default_factory=list)
    elapsed: float = 0.0
    not_sent: int = 0


def start_sandbox(work: Path, public_key: Path, extra: list[str]) -> Sandbox:
    command = [sys.executable, "-m", "msgtemplate", "sandbox", "--client-id", CLIENT_ID]
    command += ["--public-key", str(public_key), "--port", "0", "--quiet"]
    command += ["--db", str(work / "inbox.sqlite"), "--server-key-dir", str(work)]
    for pack in PACKS:
        command += ["--pack", str(pack)]
    process = subprocess.Popen(
        [*command, *extra], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    assert process.stdout is not None
    watchdog = threading.Timer(30, process.kill)
    watchdog.start()
    banner = []
    for line in process.stdout:
        banner.append(line)
        if line.startswith("Press Ctrl+C"):
            break
    watchdog.cancel()
    text = "".join(banner)
    base = re.search(r"listening on (http://\S+)", text)
    key = re.search(r"platform key\s+(\S+)", text)
    if not base or not key:
        process.kill()
        raise SystemExit(f"bench: the sandbox did not start:\n{text}")
    return Sandbox(process, base.group(1), Path(key.group(1)))


def stop_sandbox(sandbox: Sandbox) -> None:
    sandbox.process.send_signal(signal.SIGTERM)
    try:
        sandbox.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(sandbox.process.pid, signal.SIGKILL)
        sandbox.process.wait()
    if sandbox.process.stdout is not None:
        sandbox.process.stdout.close()


def make_bodies(prefix: str, count: int) -> list[dict[str, Any]]:
    packs = [load_pack(path) for path in PACKS]
    choices = [(pack, code) for pack in packs for code in pack.templates]
    bodies = []
    for n in range(count):
        pack, code = choices[n % len(choices)]
        bodies.append(
            build_request(
                pack,
                code,
                access_token=f"bench-token-{n:08d}",
                request_id=f"{prefix}-{n:06d}",
                params=example_params(pack.template(code)),
                locales=LOCALES[n % len(LOCALES)],
                app_id=pack.app_id or "BENCH000000000001",
            )
        )
    return bodies


def send_all(
    name: str,
    sandbox: Sandbox,
    private_key: signing.PrivateKey,
    bodies: list[dict[str, Any]],
    senders: int,
    max_seconds: float,
) -> Run:
    run = Run(name)
    lock = threading.Lock()
    queue = iter(bodies)
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        with MessageClient(
            sandbox.base,
            CLIENT_ID,
            private_key,
            platform_public_key=sandbox.platform_key,
            max_attempts=12,
            retry_backoff=0.005,
            timeout=30,
        ) as client:
            while True:
                with lock:
                    body = next(queue, None)
                    if body is not None and time.monotonic() > deadline:
                        run.not_sent += 1 + sum(1 for _ in queue)
                        body = None
                if body is None:
                    return
                started = time.perf_counter()
                outcome = client.send(body)
                took = time.perf_counter() - started
                with lock:
                    run.outcomes.append((outcome, took))

    threads = [threading.Thread(target=worker) for _ in range(senders)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.elapsed = time.perf_counter() - started
    return run


def inbox(sandbox: Sandbox) -> list[dict[str, Any]]:
    response = httpx.get(sandbox.base + "/inbox", timeout=60, trust_env=False)
    response.raise_for_status()
    items: list[dict[str, Any]] = response.json()
    return items


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(run: Run, delivered: list[dict[str, Any]]) -> tuple[float, bool]:
    outcomes = [o for o, _ in run.outcomes]
    latencies_ms = [t * 1000 for _, t in run.outcomes]
    statuses = Counter(o.status for o in outcomes)
    retried = sum(1 for o in outcomes if o.status == "S" and o.attempts > 1)
    attempts = sum(o.attempts for o in outcomes)
    per_id = Counter(item["requestId"] for item in delivered)
    succeeded = {o.request_id for o in outcomes if o.status == "S"}
    lost = succeeded - set(per_id)
    duplicated = {rid for rid, n in per_id.items() if n > 1}
    never_sent = set(per_id) - {o.request_id for o in outcomes}
    rate = len(outcomes) / run.elapsed if run.elapsed else 0.0
    print(f"\n== {run.name}")
    print(f"messages            {len(outcomes)} in {run.elapsed:.1f} s  ->  {rate:.0f} msg/s")
    if run.not_sent:
        print(f"not sent (time up)  {run.not_sent}")
    print(f"HTTP attempts       {attempts} ({attempts / max(1, len(outcomes)):.2f} per message)")
    print(
        f"latency per message p50 {statistics.median(latencies_ms):.1f} ms, "
        f"p99 {percentile(latencies_ms, 0.99):.1f} ms, max {max(latencies_ms):.1f} ms"
    )
    print(
        f"final status        S {statuses['S']} (of which U/500-then-S {retried}), "
        f"F {statuses['F']}, U {statuses['U']}"
    )
    print(
        f"inbox               {len(delivered)} deliveries, {len(per_id)} distinct requestIds; "
        f"lost {len(lost)}, duplicated {len(duplicated)}, unknown ids {len(never_sent)}"
    )
    ok = (
        statuses["S"] == len(outcomes)
        and not lost
        and not duplicated
        and not never_sent
        and len(delivered) == len(outcomes)
    )
    print(f"reconciliation      {'OK' if ok else 'FAILED'}")
    return rate, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--senders", type=int, default=32)
    parser.add_argument("--baseline-messages", type=int, default=None, help="default: --messages")
    parser.add_argument("--unknown-rate", type=float, default=0.1)
    parser.add_argument("--error-rate", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--max-seconds", type=float, default=40.0)
    args = parser.parse_args()

    baseline = args.messages if args.baseline_messages is None else args.baseline_messages
    private_key, public_key = signing.generate_key_pair()
    print(f"packs: {', '.join(p.name for p in PACKS)}; {args.senders} senders; loopback HTTP/1.1")
    results: dict[str, float] = {}
    all_ok = True
    plans = [
        ("peer: no faults", baseline, ["--seed", str(args.seed)]),
        (
            f"faults: --unknown-rate {args.unknown_rate} --error-rate {args.error_rate}",
            args.messages,
            [
                "--unknown-rate",
                str(args.unknown_rate),
                "--error-rate",
                str(args.error_rate),
                "--seed",
                str(args.seed),
            ],
        ),
    ]
    for index, (name, count, extra) in enumerate(plans):
        if count <= 0:
            continue
        with tempfile.TemporaryDirectory(prefix="bench-sandbox-") as folder:
            work = Path(folder)
            public_path = work / "client.pub.pem"
            public_path.write_bytes(public_key.to_pem())
            bodies = make_bodies(f"bench{index}", count)
            sandbox = start_sandbox(work, public_path, extra)
            try:
                run = send_all(name, sandbox, private_key, bodies, args.senders, args.max_seconds)
                delivered = inbox(sandbox)
            finally:
                stop_sandbox(sandbox)
            rate, ok = report(run, delivered)
            results[name] = rate
            all_ok = all_ok and ok
    if len(results) == 2:
        peer, faulty = results.values()
        print(f"\nthroughput with faults / without: {faulty / peer:.2f}x")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
