"""``msgtemplate bulk`` as a user runs it: real processes, a real stand-in platform.

The platform (tests/support/ledger_platform.py) verifies signatures and keeps its own
ledger of deliveries per requestId; the campaign is killed with SIGKILL at random
instants and resumed, and the journal must agree with the ledger: every recipient
delivered exactly once.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.bulk import (
    CLIENT_ID,
    Keys,
    journal_rows,
    make_keys,
    token,
    wait_for_rows,
    write_jsonl,
    write_pack,
)
from tests.support.ledger_platform import Faults, LedgerPlatform


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return make_keys(tmp_path_factory.mktemp("keys"))


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSGTEMPLATE_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _bulk(*args: str) -> list[str]:
    return [sys.executable, "-m", "msgtemplate", "bulk", *args]


def _run_args(
    pack: Path, recipients: Path, journal: Path, platform: LedgerPlatform, keys: Keys, *extra: str
) -> list[str]:
    return _bulk(
        "run",
        str(pack),
        "TP_SHIP",
        "--recipients",
        str(recipients),
        "--journal",
        str(journal),
        "--endpoint",
        platform.url,
        "--client-id",
        CLIENT_ID,
        "--private-key",
        str(keys.private_pem),
        "--retry-backoff",
        "0.01",
        *extra,
    )


def _call(argv: list[str], timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, capture_output=True, text=True, timeout=timeout, env=_env(), check=False
    )


def _counts(journal: Path) -> dict[str, int]:
    result = _call(_bulk("status", str(journal), "--format", "json"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def _no_secrets(text: str, keys: Keys) -> None:
    assert "secretpart" not in text
    assert "PRIVATE KEY" not in text
    assert keys.private_pem.read_text().splitlines()[1][:40] not in text


def _journal_states(journal: Path) -> dict[str, str]:
    db = sqlite3.connect(journal)
    try:
        return dict(db.execute("SELECT request_id, state FROM recipients").fetchall())
    finally:
        db.close()


# ------------------------------------------------------------------ the happy path


@pytest.mark.slow
def test_run_status_and_report(tmp_path: Path, keys: Keys) -> None:
    pack = write_pack(tmp_path)
    recipients = write_jsonl(tmp_path, 60, invalid_every=20)
    journal = tmp_path / "campaign.sqlite"
    with LedgerPlatform(CLIENT_ID, keys.public_pem) as platform:
        first = _call(_run_args(pack, recipients, journal, platform, keys, "--progress", "json"))
        assert first.returncode == 1, first.stderr  # 3 invalid recipients
        last = json.loads(first.stdout.splitlines()[-1])
        assert last == {"total": 60, "S": 57, "F": 0, "U": 0, "pending": 0, "invalid": 3}
        again = _call(_run_args(pack, recipients, journal, platform, keys, "--progress", "none"))
        assert again.returncode == 1
        assert "60 recipients: S 57, F 0, U 0, pending 0, invalid 3" in again.stdout
        assert platform.ledger.requests == 57  # nothing sent twice
    assert _counts(journal) == last
    status = _call(_bulk("status", str(journal)))
    assert status.returncode == 0
    assert "TP_SHIP" in status.stdout
    assert "runs        2" in status.stdout
    out = tmp_path / "invalid.jsonl"
    report = _call(_bulk("report", str(journal), "--only", "invalid", "-o", str(out)))
    assert report.returncode == 0, report.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["line"] for row in rows] == [20, 40, 60]
    assert {row["resultCode"] for row in rows} == {"INVALID_PARAMETER"}
    everything = _call(_bulk("report", str(journal)))
    assert len(everything.stdout.splitlines()) == 60
    for text in (first.stdout, first.stderr, again.stdout, everything.stdout):
        _no_secrets(text, keys)
    _no_secrets(journal.read_bytes().decode("utf-8", "replace"), keys)


def test_all_delivered_exits_0(tmp_path: Path, keys: Keys) -> None:
    pack = write_pack(tmp_path)
    recipients = write_jsonl(tmp_path, 10)
    journal = tmp_path / "j.sqlite"
    with LedgerPlatform(CLIENT_ID, keys.public_pem) as platform:
        result = _call(_run_args(pack, recipients, journal, platform, keys))
    assert result.returncode == 0, result.stderr
    assert "S 10" in result.stdout


@pytest.mark.slow
def test_unknown_outcomes_exit_75_and_resume(tmp_path: Path, keys: Keys) -> None:
    pack = write_pack(tmp_path)
    recipients = write_jsonl(tmp_path, 10)
    journal = tmp_path / "j.sqlite"
    with LedgerPlatform(CLIENT_ID, keys.public_pem, faults=Faults(u_after=1.0)) as platform:
        result = _call(_run_args(pack, recipients, journal, platform, keys, "--max-attempts", "2"))
        assert result.returncode == 75, result.stderr
        assert "run the same command again to resume" in result.stdout
        platform.faults.u_after = 0.0
        again = _call(_run_args(pack, recipients, journal, platform, keys))
        assert again.returncode == 0, again.stderr
        assert set(platform.ledger.deliveries.values()) == {1}
        assert len(platform.ledger.deliveries) == 10


# --------------------------------------------------------------------- hostile


@pytest.mark.parametrize(
    ("content", "where", "reason"),
    [
        ('{"accessToken": "a"}\n{"accessToken": "b",}\n', ":2:", "not JSON"),
        ('{"accessToken": "a"}\n{"acessToken": "b"}\n', ":2:", "unknown key 'acessToken'"),
        (None, ":1:", "holds no recipient"),
    ],
)
def test_a_bad_recipients_file_is_refused_before_anything_is_sent(
    tmp_path: Path, keys: Keys, content: str | None, where: str, reason: str
) -> None:
    pack = write_pack(tmp_path)
    if content is None:
        recipients = tmp_path / "empty.jsonl"
        recipients.write_text("\n\n")
    else:
        # A thousand good lines first: the pre-pass must refuse before the first send.
        recipients = write_jsonl(tmp_path, 1000)
        with recipients.open("a") as out:
            out.write(content)
        where = f":{1000 + int(where.strip(':'))}:"
    journal = tmp_path / "j.sqlite"
    with LedgerPlatform(CLIENT_ID, keys.public_pem) as platform:
        result = _call(_run_args(pack, recipients, journal, platform, keys))
        assert platform.ledger.requests == 0
    assert result.returncode == 2
    assert f"{recipients}{where}" in result.stderr
    assert reason in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_csv_missing_column_is_refused(tmp_path: Path, keys: Keys) -> None:
    pack = write_pack(tmp_path)
    recipients = tmp_path / "r.csv"
    recipients.write_text("token,locale,orderId,carrier\nt,pl,A-1,DHL\n")
    with LedgerPlatform(CLIENT_ID, keys.public_pem) as platform:
        result = _call(_run_args(pack, recipients, tmp_path / "j.sqlite", platform, keys))
        assert platform.ledger.requests == 0
    assert result.returncode == 2
    assert f"{recipients}:1: no 'accessToken' column" in result.stderr


@pytest.mark.slow
def test_another_campaigns_journal_is_refused(tmp_path: Path, keys: Keys) -> None:
    pack = write_pack(tmp_path)
    recipients = write_jsonl(tmp_path, 5)
    journal = tmp_path / "j.sqlite"
    with LedgerPlatform(CLIENT_ID, keys.public_pem) as platform:
        assert _call(_run_args(pack, recipients, journal, platform, keys)).returncode == 0
        sent = platform.ledger.requests
        other = write_jsonl(tmp_path, 6, name="other.jsonl")
        result = _call(_run_args(pack, other, journal, platform, keys))
        assert result.returncode == 2
        assert "journal of another campaign: the recipients file" in result.stderr
        edited = pack.read_text().replace("is on its way", "has left")
        pack.write_text(edited)
        result = _call(_run_args(pack, recipients, journal, platform, keys))
        assert result.returncode == 2
        assert "the template" in result.stderr
        assert platform.ledger.requests == sent


def test_a_journal_that_is_not_one_is_left_alone(tmp_path: Path, keys: Keys) -> None:
    pack = write_pack(tmp_path)
    recipients = write_jsonl(tmp_path, 5)
    notes = tmp_path / "notes.txt"
    notes.write_text("precious\n" * 50)
    with LedgerPlatform(CLIENT_ID, keys.public_pem) as platform:
        result = _call(_run_args(pack, recipients, notes, platform, keys))
        assert platform.ledger.requests == 0
    assert result.returncode == 2
    assert "not a usable journal" in result.stderr
    assert notes.read_text() == "precious\n" * 50


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--rate", "0"), "--rate must be"),
        (("--rate", "nan"), "--rate must be"),
        (("--concurrency", "0"), "--concurrency must be"),
        (("--timeout", "-1"), "--timeout must be"),
    ],
)
def test_bad_numbers_exit_2(
    tmp_path: Path, keys: Keys, extra: tuple[str, ...], message: str
) -> None:
    pack = write_pack(tmp_path)
    recipients = write_jsonl(tmp_path, 3)
    with LedgerPlatform(CLIENT_ID, keys.public_pem) as platform:
        result = _call(_run_args(pack, recipients, tmp_path / "j.sqlite", platform, keys, *extra))
    assert result.returncode == 2
    assert message in result.stderr


def test_unknown_code_and_missing_credentials_exit_2(tmp_path: Path) -> None:
    pack = write_pack(tmp_path)
    recipients = write_jsonl(tmp_path, 3)
    base = ["--recipients", str(recipients), "--journal", str(tmp_path / "j.sqlite")]
    result = _call(_bulk("run", str(pack), "TP_NOPE", *base, "--endpoint", "http://127.0.0.1:9"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "no client id" in result.stderr
    assert not (tmp_path / "j.sqlite").exists()


def test_status_and_report_of_a_missing_or_foreign_journal(tmp_path: Path) -> None:
    result = _call(_bulk("status", str(tmp_path / "missing.sqlite")))
    assert result.returncode == 2
    assert "no such journal" in result.stderr
    foreign = tmp_path / "foreign.sqlite"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE x (y)")
    db.commit()
    db.close()
    result = _call(_bulk("report", str(foreign)))
    assert result.returncode == 2
    assert "not a msgtemplate bulk journal" in result.stderr


# ------------------------------------------------------------- interruptions


def _settled(journal: Path) -> int:
    """Rows out of ``pending``."""
    return journal_rows(journal, "state != 'pending'")


def _wait_for_progress(journal: Path, at_least: int, process: subprocess.Popen[str]) -> None:
    """Until the journal records ``at_least`` rows out of ``pending`` (or the run ends)."""
    wait_for_rows(journal, "state != 'pending'", at_least, process, seconds=60)


@pytest.mark.slow
def test_ctrl_c_stops_gracefully_and_the_campaign_resumes(tmp_path: Path, keys: Keys) -> None:
    pack = write_pack(tmp_path)
    recipients = write_jsonl(tmp_path, 400)
    journal = tmp_path / "j.sqlite"
    with LedgerPlatform(CLIENT_ID, keys.public_pem) as platform:
        argv = _run_args(pack, recipients, journal, platform, keys, "--rate", "100")
        process = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
        )
        _wait_for_progress(journal, 20, process)
        process.send_signal(signal.SIGINT)
        _stdout, stderr = process.communicate(timeout=60)
        assert process.returncode == 130, stderr
        assert "stopping" in stderr
        assert "Traceback" not in stderr
        counts = _counts(journal)
        assert 0 < counts["S"] < 400
        # In-flight answers were recorded: the journal and the ledger agree exactly.
        assert counts["S"] == len(platform.ledger.deliveries)
        result = _call(_run_args(pack, recipients, journal, platform, keys, "--rate", "400"))
        assert result.returncode == 0, result.stderr
        assert set(platform.ledger.deliveries.values()) == {1}
        assert len(platform.ledger.deliveries) == 400


@pytest.mark.slow
def test_kill_9_at_random_instants_then_resume_delivers_each_exactly_once(
    tmp_path: Path, keys: Keys
) -> None:
    total, invalid_every = 2100, 150
    pack = write_pack(tmp_path)
    recipients = write_jsonl(tmp_path, total, invalid_every=invalid_every)
    journal = tmp_path / "j.sqlite"
    faults = Faults(u_before=0.03, u_after=0.03, http_500=0.02, traffic=0.002, seed=11)
    rng = random.Random(2024)
    seen_partial = 0
    with LedgerPlatform(CLIENT_ID, keys.public_pem, faults=faults) as platform:
        argv = _run_args(
            pack, recipients, journal, platform, keys, "--rate", "600", "--concurrency", "24"
        )
        for attempt in range(6):
            process = subprocess.Popen(
                argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_env()
            )
            if attempt % 2 == 0:
                time.sleep(rng.uniform(0.05, 1.5))  # any instant: start-up, pre-pass, load...
            else:  # ...or surely mid-campaign: a random number of answers further
                _wait_for_progress(journal, _settled(journal) + rng.randint(50, 400), process)
                time.sleep(rng.uniform(0, 0.2))
            process.kill()
            process.communicate(timeout=30)
            assert process.returncode == -signal.SIGKILL
            if 0 < _settled(journal) < total:
                seen_partial += 1
        for _ in range(10):
            result = _call(argv)
            assert result.returncode in (0, 1, 75), result.stderr
            if result.returncode != 75:
                break
        assert result.returncode == 1  # the invalid ones
        ledger = platform.ledger
    assert seen_partial >= 1  # some kill landed mid-campaign
    counts = _counts(journal)
    invalid = total // invalid_every
    assert counts == {
        "total": total,
        "S": total - invalid,
        "F": 0,
        "U": 0,
        "pending": 0,
        "invalid": invalid,
    }
    states = _journal_states(journal)
    delivered = {rid for rid, state in states.items() if state == "S"}
    assert set(ledger.deliveries) == delivered
    assert set(ledger.deliveries.values()) == {1}  # exactly once each
    assert ledger.bad_signatures == 0
    assert ledger.faults["u_after"] > 0
    assert {token(n) for n in range(1, total + 1) if n % invalid_every} <= ledger.tokens_seen
    db = sqlite3.connect(journal)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


@pytest.mark.slow
def test_start_up_imports_neither_celery_nor_the_progress_bar() -> None:
    from tests.test_cli_startup import imported

    for argv in (("--version",), ("bulk", "status", "--help")):
        names = imported(*argv)
        heavy = sorted(n for n in names if n.split(".")[0] in ("celery", "kombu", "redis", "rich"))
        assert heavy == [], (argv, heavy)
