"""Strangers at the door: the sandbox's memory while hundreds of unknown peers push
bodies at it, and whether a real sender still gets through.

Run: .venv/bin/python bench/bench_sandbox_strangers.py [--strangers 300] [--mib 1]

Starts ``msgtemplate sandbox`` as a subprocess on loopback, sends one message to
warm it up, and reads its resident memory (VmRSS). Then N strangers connect at once
(an unknown ``Client-Id``, ``Content-Length`` of M MiB), each pushes nearly all of
its M MiB and then trickles a byte every 0.2 s until the sandbox closes the connection or
``--hold`` seconds pass; meanwhile a real ``MessageClient`` sends a message. The
sandbox's memory is sampled all along; the peak growth is reported against
``--max-growth-mib``, and the real message must end ``S``. Exit 1 if either fails.

Loopback only; bounded in peers (``--strangers``), bytes (``--mib`` each) and time
(``--hold``). Linux only (``/proc``).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from bench_sandbox import CLIENT_ID, start_sandbox, stop_sandbox

from msgtemplate.sender import signing
from msgtemplate.sender.client import MessageClient
from msgtemplate.sender.signing import format_timestamp

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "samples" / "shop.yaml"


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def body(request_id: str) -> dict[str, object]:
    from msgtemplate.pack import load_pack
    from msgtemplate.pack.request import build_request, example_params

    pack = load_pack(PACK)
    code = next(iter(pack.templates))
    return build_request(
        pack,
        code,
        access_token="bench-token",
        request_id=request_id,
        params=example_params(pack.template(code)),
        app_id=pack.app_id or "BENCH000000000001",
    )


async def stranger(
    host: str, port: int, size: int, hold: float, seen: Counter[str], client_id: str, delay: float
) -> None:
    await asyncio.sleep(delay)
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError:
        seen["refused at connect"] += 1
        return
    stamp = format_timestamp(datetime.now(timezone.utc))
    head = (
        f"POST /api/open/v2/miniprogram/message/send HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Client-Id: {client_id}\r\nRequest-Time: {stamp}\r\n"
        f"Signature: algorithm=RSA256, signature=AAAA\r\nContent-Length: {size}\r\n\r\n"
    ).encode()
    chunk = b" " * 65536
    stopped_at = time.monotonic() + hold
    try:
        writer.write(head)
        sent = 0
        # All but the last KiB at once (within the 1 MiB a body may have), the rest
        # byte by byte.
        while sent < size - 2 * len(chunk):
            writer.write(chunk)
            await asyncio.wait_for(writer.drain(), timeout=hold)
            sent += len(chunk)
        while time.monotonic() < stopped_at:  # then trickle, as a slow-loris would
            writer.write(b" ")
            await writer.drain()
            if reader.at_eof():
                break
            await asyncio.sleep(0.2)
        seen["held until the end"] += 1
    except (OSError, asyncio.TimeoutError):
        seen["closed by the sandbox"] += 1
    finally:
        writer.close()


async def crowd(
    base: str, count: int, size: int, hold: float, client_id: str, ramp: float
) -> Counter[str]:
    host, port = base.removeprefix("http://").rsplit(":", 1)
    seen: Counter[str] = Counter()
    peers = (
        stranger(host, int(port), size, hold, seen, client_id, ramp * n / count)
        for n in range(count)
    )
    await asyncio.gather(*peers)
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strangers", type=int, default=300)
    parser.add_argument("--mib", type=int, default=1, help="MiB each stranger pushes")
    parser.add_argument("--hold", type=float, default=20.0, help="seconds a stranger lingers")
    parser.add_argument("--max-growth-mib", type=float, default=150.0)
    parser.add_argument(
        "--ramp", type=float, default=0.0, help="seconds over which the crowd arrives"
    )
    parser.add_argument(
        "--known-client-id",
        action="store_true",
        help="the crowd uses the real Client-Id and a fresh Request-Time (so it passes the "
        "header checks and its bodies are read: the worst case)",
    )
    args = parser.parse_args()

    private_key, public_key = signing.generate_key_pair()
    with tempfile.TemporaryDirectory(prefix="bench-strangers-") as folder:
        work = Path(folder)
        public_path = work / "client.pub.pem"
        public_path.write_bytes(public_key.to_pem())
        sandbox = start_sandbox(work, public_path, [])
        process, base, platform_key = sandbox.process, sandbox.base, sandbox.platform_key
        try:
            options = {"platform_public_key": platform_key, "max_attempts": 20, "timeout": 10}
            with MessageClient(base, CLIENT_ID, private_key, **options) as client:  # type: ignore[arg-type]
                warm = client.send(body("warm-up"))
            baseline = rss_mib(process.pid)
            peak = baseline
            done = threading.Event()

            def sample() -> None:
                nonlocal peak
                while not done.is_set():
                    peak = max(peak, rss_mib(process.pid))
                    time.sleep(0.05)

            outcome: list[str] = []

            def real_sender() -> None:
                time.sleep(0.5)  # into the thick of it
                with MessageClient(base, CLIENT_ID, private_key, **options) as client:  # type: ignore[arg-type]
                    result = client.send(body("real-1"))
                outcome.append(f"{result.status} after {result.attempts} attempt(s)")

            threads = [threading.Thread(target=sample), threading.Thread(target=real_sender)]
            for thread in threads:
                thread.start()
            started = time.perf_counter()
            who = CLIENT_ID if args.known_client_id else "STRANGER"
            seen = asyncio.run(
                crowd(base, args.strangers, args.mib << 20, args.hold, who, args.ramp)
            )
            elapsed = time.perf_counter() - started
            threads[1].join()
            done.set()
            threads[0].join()
            after = rss_mib(process.pid)
        finally:
            stop_sandbox(sandbox)
    growth = peak - baseline
    print(f"warm-up send        {warm.status}")
    crowd_name = "known client id" if args.known_client_id else "strangers"
    print(f"{crowd_name:<20}{args.strangers} x {args.mib} MiB, in {elapsed:.1f} s: {dict(seen)}")
    print(f"real sender         {outcome[0] if outcome else 'no outcome'}")
    print(
        f"sandbox RSS         {baseline:.0f} MiB before, peak {peak:.0f} MiB, {after:.0f} MiB "
        f"after: growth {growth:.0f} MiB (limit {args.max_growth_mib:.0f} MiB)"
    )
    ok = growth < args.max_growth_mib and bool(outcome) and outcome[0].startswith("S ")
    print(f"result              {'OK' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
