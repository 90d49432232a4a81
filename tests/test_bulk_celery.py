"""``bulk run --broker`` with real ``bulk worker`` processes, a real redis-server and
the independent stand-in platform: workers killed with kill -9 mid-campaign, a
producer killed and resumed; every recipient delivered exactly once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.bulk import (
    CLIENT_ID,
    Keys,
    journal_rows,
    make_keys,
    wait_for_rows,
    write_jsonl,
    write_pack,
)
from tests.support.ledger_platform import Faults, LedgerPlatform
from tests.support.redis_server import redis_binary, redis_server

pytestmark = pytest.mark.slow

pytest.importorskip("celery")


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    redis_binary()  # skip early (or fail in CI) without a redis-server
    return make_keys(tmp_path_factory.mktemp("keys"))


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSGTEMPLATE_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _credentials(platform: LedgerPlatform, keys: Keys) -> list[str]:
    return [
        "--endpoint",
        platform.url,
        "--client-id",
        CLIENT_ID,
        "--private-key",
        str(keys.private_pem),
        "--retry-backoff",
        "0.01",
    ]


@contextmanager
def workers(
    count: int, broker: str, platform: LedgerPlatform, keys: Keys, folder: Path
) -> Iterator[list[subprocess.Popen[bytes]]]:
    started = []
    try:
        for n in range(count):
            log = (folder / f"worker{n}.log").open("wb")
            started.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "msgtemplate",
                        "bulk",
                        "worker",
                        "--broker",
                        broker,
                        *_credentials(platform, keys),
                        "--concurrency",
                        "4",
                        "--visibility-timeout",
                        "3",
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=_env(),
                )
            )
            log.close()
        yield started
    finally:
        for process in started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in started:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _run_argv(
    pack: Path, recipients: Path, journal: Path, broker: str, platform: LedgerPlatform, keys: Keys
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "msgtemplate",
        "bulk",
        "run",
        str(pack),
        "TP_SHIP",
        "--recipients",
        str(recipients),
        "--journal",
        str(journal),
        *_credentials(platform, keys),
        "--broker",
        broker,
        "--rate",
        "300",
        "--concurrency",
        "10",
        "--progress",
        "json",
    ]


def _done(journal: Path) -> int:
    return journal_rows(journal, "state = 'S'")


def _wait_until(journal: Path, at_least: int, process: subprocess.Popen[str]) -> None:
    wait_for_rows(journal, "state = 'S'", at_least, process, seconds=90)


def test_two_workers_one_killed_then_the_producer_killed_exactly_once(
    tmp_path: Path, keys: Keys
) -> None:
    total, invalid_every = 2000, 200
    pack = write_pack(tmp_path)
    recipients = write_jsonl(tmp_path, total, invalid_every=invalid_every)
    journal = tmp_path / "j.sqlite"
    faults = Faults(u_before=0.02, u_after=0.02, http_500=0.02, seed=5)
    with (
        redis_server(tmp_path) as broker,
        LedgerPlatform(CLIENT_ID, keys.public_pem, faults=faults) as platform,
    ):
        argv = _run_argv(pack, recipients, journal, broker, platform, keys)
        # The producer alone first: what it puts on the broker holds no key.
        producer = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
        )
        time.sleep(3)
        import redis

        client = redis.Redis.from_url(broker)
        dump = b"".join(
            b"".join(client.lrange(key, 0, -1))
            for key in client.keys("*")
            if client.type(key) == b"list"
        )
        assert dump, "the producer queued nothing"
        key_text = keys.private_pem.read_text()
        assert b"PRIVATE KEY" not in dump
        assert key_text.splitlines()[1][:32].encode() not in dump
        with workers(2, broker, platform, keys, tmp_path) as started:
            _wait_until(journal, 400, producer)
            started[0].kill()  # kill -9 of a worker mid-campaign
            started[0].wait()
            _wait_until(journal, 1000, producer)
            producer.kill()  # and of the producer
            producer.communicate(timeout=30)
            assert 0 < _done(journal) < total
            result = subprocess.run(
                argv, capture_output=True, text=True, timeout=300, env=_env(), check=False
            )
        client.close()
        ledger = platform.ledger
        logs = "".join((tmp_path / f"worker{n}.log").read_text(errors="replace") for n in range(2))
    assert result.returncode == 1, result.stderr  # the invalid recipients
    last = json.loads(result.stdout.splitlines()[-1])
    invalid = total // invalid_every
    assert last == {
        "total": total,
        "S": total - invalid,
        "F": 0,
        "U": 0,
        "pending": 0,
        "invalid": invalid,
    }
    db = sqlite3.connect(journal)
    delivered = {rid for (rid,) in db.execute("SELECT request_id FROM recipients WHERE state='S'")}
    db.close()
    assert set(ledger.deliveries) == delivered
    assert set(ledger.deliveries.values()) == {1}
    assert ledger.faults["u_after"] > 0
    assert ledger.bad_signatures == 0
    assert "secretpart" not in logs
    assert "secretpart" not in result.stdout + result.stderr


def test_no_worker_leaves_the_rows_pending_with_exit_75(tmp_path: Path, keys: Keys) -> None:
    from msgtemplate.campaign import producer
    from msgtemplate.campaign.journal import Journal
    from msgtemplate.campaign.plan import Plan

    pack = write_pack(tmp_path)
    recipients = write_jsonl(tmp_path, 30)
    plan = Plan.prepare(pack, "TP_SHIP", recipients)
    with redis_server(tmp_path) as broker, Journal.open(tmp_path / "j", plan.identity) as journal:
        plan.fill(journal)
        interrupted, counts = producer.run_on_workers(
            plan, journal, broker, rate=100, chunk=5, stall_seconds=2
        )
    assert not interrupted
    assert counts.to_json()["pending"] == 30


def test_an_unreachable_broker_is_one_line_exit_2(tmp_path: Path, keys: Keys) -> None:
    pack = write_pack(tmp_path)
    recipients = write_jsonl(tmp_path, 3)
    with LedgerPlatform(CLIENT_ID, keys.public_pem) as platform:
        result = subprocess.run(
            _run_argv(
                pack, recipients, tmp_path / "j", "redis://:pw@127.0.0.1:9/0", platform, keys
            ),
            capture_output=True,
            text=True,
            timeout=120,
            env=_env(),
            check=False,
        )
    assert result.returncode == 2
    assert "cannot reach the broker" in result.stderr
    assert "pw@" not in result.stderr
    assert "Traceback" not in result.stderr


def test_the_pace_is_shared_by_every_worker_and_halved_on_traffic_limits(
    tmp_path: Path, keys: Keys
) -> None:
    import threading

    import redis

    from msgtemplate.campaign.celery_app import RedisPacer
    from msgtemplate.sender.retry import Attempt

    rate, per_worker = 40.0, 20
    with redis_server(tmp_path) as broker:
        client = redis.Redis.from_url(broker)
        RedisPacer.start(client, "pace", rate)
        went: list[float] = []
        lock = threading.Lock()

        def worker() -> None:  # a worker thread, with its own pacer as in its own process
            pacer = RedisPacer(redis.Redis.from_url(broker), "pace")
            for _ in range(per_worker):
                while (wait := pacer.reserve()) > 0:
                    time.sleep(wait)
                with lock:
                    went.append(time.monotonic())

        threads = [threading.Thread(target=worker) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        # 60 slots 1/40 s apart, whoever took them: no faster than the one pace allows
        # (a lower bound: a slow machine cannot break it).
        assert len(went) == 3 * per_worker
        assert max(went) - min(went) >= (3 * per_worker - 1) / rate * 0.95
        pacer = RedisPacer(client, "pace")
        while (wait := pacer.reserve()) > 0:
            time.sleep(wait)
        limited = Attempt("F", "REQUEST_TRAFFIC_EXCEED_LIMIT", "too fast", 200)
        pacer.observe(limited)
        assert float(client.hget("pace", "current") or 0) == pytest.approx(rate / 2, rel=0.05)
        pacer.observe(limited)  # sent before that cut: counted once
        assert float(client.hget("pace", "current") or 0) == pytest.approx(rate / 2, rel=0.05)
        assert int(client.hget("pace", "cuts") or 0) == 1
        client.close()
