"""The bulk-sending library: recipients files, requestIds, the journal, the rate, the runner.

The runner tests send to an independent stand-in platform (tests/support/ledger_platform.py)
on 127.0.0.1 and compare the journal with the platform's own ledger.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msgtemplate.campaign.journal import CampaignIdentity, Journal, JournalError, JournalMismatch
from msgtemplate.campaign.plan import Plan
from msgtemplate.campaign.rate import RateLimiter
from msgtemplate.campaign.recipients import (
    MAX_LINE_BYTES,
    RecipientsError,
    read_recipients,
    scan,
)
from msgtemplate.campaign.requestid import derive_request_id
from msgtemplate.campaign.runner import run_campaign
from msgtemplate.sender.client import AsyncMessageClient
from msgtemplate.sender.retry import Attempt
from tests.support.bulk import CLIENT_ID, Keys, make_keys, write_jsonl, write_pack
from tests.support.ledger_platform import Faults, LedgerPlatform


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return make_keys(tmp_path_factory.mktemp("keys"))


# ------------------------------------------------------------------ recipients


def _write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_jsonl_recipients_stream_with_their_lines(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "r.jsonl",
        '{"accessToken": "t1", "locale": "pl", "params": {"a": 1}}\n'
        "\n"
        '{"accessToken": "t2", "locale": ["de", "en"], "requestId": "R-2"}\n',
    )
    found = scan(path, "jsonl")
    assert found.count == 2
    first, second = read_recipients(path, "jsonl")
    assert (first.line, first.locales, dict(first.params), first.request_id) == (
        1,
        ("pl",),
        {"a": 1},
        None,
    )
    assert (second.line, second.locales, second.request_id) == (3, ("de", "en"), "R-2")
    assert "t1" not in repr(first)


def test_csv_recipients_with_locales_and_parameters(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "r.csv",
        "\ufeffaccessToken,locale,orderId,carrier\n"
        't1,pl;en,A-1,"DHL, Express"\n'
        't2,,"A\n2",UPS\n'
        "t3,de,A-3,GLS\n",
    )
    rows = list(read_recipients(path, "csv"))
    assert [r.line for r in rows] == [2, 3, 5]
    assert rows[0].locales == ("pl", "en")
    assert dict(rows[0].params) == {"orderId": "A-1", "carrier": "DHL, Express"}
    assert rows[1].locales == ()
    assert scan(path, "csv").count == 3


def test_the_same_data_in_jsonl_and_csv_gives_the_same_request_id(tmp_path: Path) -> None:
    jsonl = _write(
        tmp_path, "r.jsonl", '{"params": {"x": "1"}, "locale": ["pl"], "accessToken": "t"}\n'
    )
    csv_ = _write(tmp_path, "r.csv", "x,accessToken,locale\n1,t,pl\n")
    (a,) = read_recipients(jsonl, "jsonl")
    (b,) = read_recipients(csv_, "csv")
    assert a.canonical == b.canonical


@pytest.mark.parametrize(
    ("name", "content", "line", "reason"),
    [
        ("a.jsonl", '{"accessToken": "t"}\n{"accessToken": \n', 2, "not JSON"),
        ("a.jsonl", '{"accessToken": "t"}\n[1, 2]\n', 2, "a recipient is a JSON object"),
        ("a.jsonl", '{"accesToken": "t"}\n', 1, "unknown key 'accesToken'"),
        ("a.jsonl", '{"locale": "pl"}\n', 1, "no 'accessToken'"),
        ("a.jsonl", '{"accessToken": 5}\n', 1, "'accessToken' must be a string"),
        ("a.jsonl", '{"accessToken": "t", "locale": [1]}\n', 1, "'locale' must be a tag"),
        ("a.jsonl", '{"accessToken": "t", "params": []}\n', 1, "'params' must be an object"),
        ("a.jsonl", '{"accessToken": "t", "requestId": 7}\n', 1, "'requestId' must be a string"),
        ("a.jsonl", '{"accessToken": "t", "accessToken": "u"}\n', 1, "given twice"),
        ("a.jsonl", "\n\n", 1, "holds no recipient"),
        ("a.jsonl", '{"accessToken": "t\\ud800"}\n', 1, "lone surrogate"),
        ("a.jsonl", '{"accessToken": "t", "params": {"a": ["\\udfff"]}}\n', 1, "lone surrogate"),
        ("a.jsonl", '{"accessToken": "t", "requestId": "\\udfff"}\n', 1, "lone surrogate"),
        ("a.csv", "locale,orderId\npl,1\n", 1, "no 'accessToken' column"),
        ("a.csv", "accessToken,x,x\nt,1,2\n", 1, "given twice"),
        ("a.csv", "accessToken,x\nt,1\nu,2,3\n", 3, "3 cells where the header has 2"),
        ("a.csv", 'accessToken,x\nt,1\nu,"2\n', 3, "not CSV"),
        ("a.csv", "", 1, "no header line"),
    ],
)
def test_structural_problems_name_the_file_and_line(
    tmp_path: Path, name: str, content: str, line: int, reason: str
) -> None:
    path = _write(tmp_path, name, content)
    with pytest.raises(RecipientsError) as caught:
        scan(path, "csv" if name.endswith(".csv") else "jsonl")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}:")
    assert reason in str(caught.value)


def test_non_utf8_and_overlong_lines_are_refused(tmp_path: Path) -> None:
    bad = _write(tmp_path, "a.jsonl", b'{"accessToken": "t"}\n{"accessToken": "\xff"}\n')
    with pytest.raises(RecipientsError, match="not UTF-8") as caught:
        scan(bad, "jsonl")
    assert caught.value.line == 2
    bad_csv = _write(tmp_path, "a.csv", b"accessToken\nt\n\xfe\n")
    with pytest.raises(RecipientsError, match="not UTF-8"):
        scan(bad_csv, "csv")
    long = tmp_path / "long.jsonl"
    with long.open("w") as out:
        out.write('{"accessToken": "t"}\n')
        out.write('{"accessToken": "' + "x" * MAX_LINE_BYTES + '"}\n')
    with pytest.raises(RecipientsError, match="longer than 1 MiB") as caught:
        scan(long, "jsonl")
    assert caught.value.line == 2


def test_an_unreadable_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(RecipientsError, match="cannot read"):
        scan(tmp_path / "missing.jsonl", "jsonl")
    with pytest.raises(RecipientsError, match="cannot read"):
        scan(tmp_path, "jsonl")


# ------------------------------------------------------------------- requestIds


@settings(max_examples=200, deadline=None)
@given(code=st.text(min_size=1, max_size=40), content=st.binary(max_size=300))
def test_derived_request_ids_are_short_stable_and_plain(code: str, content: bytes) -> None:
    rid = derive_request_id(code, "f" * 64, content)
    assert rid == derive_request_id(code, "f" * 64, content)
    assert len(rid) <= 64
    assert rid.startswith("mt1-")
    assert set(rid[4:]) <= set("abcdefghijklmnopqrstuvwxyz234567")
    assert rid != derive_request_id(code, "e" * 64, content)
    assert rid != derive_request_id(code + "x", "f" * 64, content)


def test_request_ids_are_stable_across_runs(tmp_path: Path) -> None:
    pack = write_pack(tmp_path)
    recipients = write_jsonl(tmp_path, 20)
    first = Plan.prepare(pack, "TP_SHIP", recipients)
    again = Plan.prepare(pack, "TP_SHIP", recipients)
    ids = [first.request_id(r) for r in first.recipients()]
    assert ids == [again.request_id(r) for r in again.recipients()]
    assert len(set(ids)) == 20
    # A documented value: the derivation must not change silently between releases.
    assert ids[0] == derive_request_id(
        "TP_SHIP",
        first.identity.template,
        b"".join(
            [
                json.dumps(
                    {
                        "accessToken": "tok-0000001-secretpart",
                        "locale": ["pl"],
                        "params": {"carrier": "DHL", "orderId": "A-1"},
                    },
                    sort_keys=True,
                    separators=(",", ":"),
                ).encode()
            ]
        ),
    )


# --------------------------------------------------------------------- journal


def _identity(**changes: object) -> CampaignIdentity:
    values: dict[str, object] = {
        "code": "TP_SHIP",
        "template": "a" * 64,
        "recipients": "b" * 64,
        "recipients_format": "jsonl",
        "total": 3,
    }
    values.update(changes)
    return CampaignIdentity(**values)  # type: ignore[arg-type]


def test_journal_of_another_campaign_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    with Journal.open(path, _identity()) as journal:
        journal.load([(1, "r1"), (2, "r2"), (3, "r3")])
    for change, what in (
        ({"template": "c" * 64}, "template"),
        ({"recipients": "d" * 64}, "recipients file"),
        ({"code": "TP_OTHER"}, "template code"),
    ):
        with pytest.raises(JournalMismatch, match=f"the {what}"):
            Journal.open(path, _identity(**change))
    with Journal.open(path, _identity()) as journal:
        assert journal.counts() == {"total": 3, "S": 0, "F": 0, "U": 0, "pending": 3, "invalid": 0}


def test_a_file_that_is_not_a_journal_is_never_overwritten(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("my notes\n" * 100)
    with pytest.raises(JournalError, match="not a usable journal"):
        Journal.open(text, _identity())
    assert text.read_text() == "my notes\n" * 100
    other = tmp_path / "other.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(JournalError, match="not a msgtemplate bulk journal"):
        Journal.open(other, _identity())
    with pytest.raises(JournalError, match="no such journal"):
        Journal.open_existing(tmp_path / "missing.sqlite")


def test_a_journal_whose_creation_was_cut_short_is_created(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")  # the header is on disk, no table yet
    db.close()
    assert path.stat().st_size > 0
    with Journal.open(path, _identity()) as journal:
        journal.load([(1, "r1")])
        assert journal.counts()["pending"] == 3  # 1 loaded, 2 still to load


def test_duplicate_request_ids_are_sent_once(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite", _identity(total=4)) as journal:
        journal.load([(1, "r1"), (2, "r2"), (3, "r1"), (4, "r3")])
        assert [row.line for row in journal.pending()] == [1, 2, 4]
        (dup,) = journal.rows(["invalid"])
        assert (dup.line, dup.result_code) == (3, "DUPLICATE_REQUEST_ID")
        assert "line 1" in (dup.result_message or "")


def test_a_final_row_is_never_changed(tmp_path: Path) -> None:
    from msgtemplate.campaign.journal import Outcome

    with Journal.open(tmp_path / "j.sqlite", _identity(total=2)) as journal:
        journal.load([(1, "r1"), (2, "r2")])
        journal.record([Outcome(1, "S", "SUCCESS", "ok", 1), Outcome(2, "U", None, "?", 2)])
        journal.record([Outcome(1, "U", None, "late", 1), Outcome(2, "S", "SUCCESS", "ok", 1)])
        rows = {row.line: row for row in journal.rows()}
        assert (rows[1].state, rows[1].attempts) == ("S", 1)
        assert (rows[2].state, rows[2].attempts) == ("S", 3)


# ------------------------------------------------------------------------ rate


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _limited() -> Attempt:
    return Attempt("F", "REQUEST_TRAFFIC_EXCEED_LIMIT", "too fast", 200)


def test_slots_are_evenly_spaced_at_the_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(10, clock=clock)
    sent: list[float] = []
    for _ in range(50):
        while (wait := limiter.reserve()) > 0:
            clock.now += wait
        sent.append(clock.now)
    gaps = {round(b - a, 9) for a, b in itertools.pairwise(sent)}
    assert gaps == {0.1}
    # No one-second window holds more than the rate.
    assert max(sum(1 for t in sent if s <= t < s + 1 - 1e-9) for s in sent) == 10


@settings(max_examples=100, deadline=None)
@given(
    rate=st.floats(min_value=0.5, max_value=500),
    pauses=st.lists(st.floats(min_value=0, max_value=2), min_size=1, max_size=60),
)
def test_no_window_of_a_second_exceeds_the_rate(rate: float, pauses: list[float]) -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate, clock=clock)
    sent: list[float] = []
    for pause in pauses:
        clock.now += pause
        while (wait := limiter.reserve()) > 0:
            clock.now += wait
        sent.append(clock.now)
    for start in sent:
        assert sum(1 for t in sent if start <= t < start + 1 - 1e-9) <= max(1, int(rate) + 1)


def test_traffic_limit_halves_the_rate_once_per_pace_and_it_recovers() -> None:
    clock = FakeClock()
    limiter = RateLimiter(100, clock=clock)
    assert limiter.reserve() == 0
    limiter.observe(_limited())
    assert limiter.current == 50
    # An answer to an attempt sent before the cut says nothing new.
    limiter.observe(_limited())
    assert limiter.current == 50
    assert limiter.limited == 2
    # Another attempt sent at the new pace and refused: cut again.
    while (wait := limiter.reserve()) > 0:
        clock.now += wait
    limiter.observe(_limited())
    assert limiter.current == pytest.approx(25, abs=0.1)
    clock.now += 1
    assert 27 < limiter.current < 28.6  # +10 % per second, gradual
    clock.now += 60
    assert limiter.current == 100  # never above --rate
    for _ in range(20):
        assert limiter.reserve() >= 0
        limiter.observe(_limited())
    assert limiter.current >= 0.5


def test_other_answers_do_not_slow_down() -> None:
    limiter = RateLimiter(10, clock=FakeClock())
    limiter.reserve()
    for attempt in (
        Attempt("S", "SUCCESS", "ok", 200),
        Attempt("U", None, "HTTP 500", 500),
        Attempt("F", "EXPIRED_ACCESS_TOKEN", "expired", 200),
    ):
        limiter.observe(attempt)
    assert limiter.current == 10
    limiter.observe(Attempt("F", "HTTP_429", "too many", 429))
    assert limiter.current == 5


@pytest.mark.parametrize("rate", [0, -1, float("nan"), float("inf")])
def test_a_rate_must_be_a_positive_number(rate: float) -> None:
    with pytest.raises(ValueError, match="rate"):
        RateLimiter(rate)


# ---------------------------------------------------------------------- runner


def _run(plan: Plan, journal: Journal, platform: LedgerPlatform, keys: Keys, **kw: object) -> None:
    async def main() -> None:
        async with AsyncMessageClient(
            platform.url, CLIENT_ID, keys.private, retry_backoff=0.01, max_attempts=4
        ) as client:
            await run_campaign(plan, journal, client, **kw)  # type: ignore[arg-type]

    asyncio.run(main())


@pytest.mark.slow
def test_runner_sends_each_recipient_once_through_faults(tmp_path: Path, keys: Keys) -> None:
    pack = write_pack(tmp_path)
    recipients = write_jsonl(tmp_path, 300, invalid_every=37)
    plan = Plan.prepare(pack, "TP_SHIP", recipients)
    faults = Faults(u_before=0.05, u_after=0.05, http_500=0.05, traffic=0.01, seed=3)
    with LedgerPlatform(CLIENT_ID, keys.public_pem, faults=faults) as platform:
        with Journal.open(tmp_path / "j.sqlite", plan.identity) as journal:
            plan.fill(journal)
            for _ in range(5):  # U rows are for the next run, as after a crash
                _run(plan, journal, platform, keys, pacer=RateLimiter(2000), concurrency=8)
                if journal.counts()["U"] == 0:
                    break
            counts = journal.counts()
            delivered = {row.request_id for row in journal.rows(["S"])}
        ledger = platform.ledger
    assert counts == {"total": 300, "S": 292, "F": 0, "U": 0, "pending": 0, "invalid": 8}
    assert set(ledger.deliveries) == delivered
    assert set(ledger.deliveries.values()) == {1}
    assert ledger.faults["u_after"] > 0
    assert ledger.faults["u_before"] > 0
    assert ledger.bad_signatures == 0


def test_invalid_recipients_are_recorded_with_the_pack_reason(tmp_path: Path, keys: Keys) -> None:
    pack = write_pack(tmp_path)
    recipients = _write(
        tmp_path,
        "r.jsonl",
        '{"accessToken": "t1", "params": {"orderId": "A", "carrier": "DHL"}}\n'
        '{"accessToken": "t2", "params": {"carrier": "DHL"}}\n'
        '{"accessToken": "t3", "locale": "not a tag!",'
        ' "params": {"orderId": "A", "carrier": "x"}}\n'
        '{"accessToken": "' + "t" * 200 + '", "params": {"orderId": "A", "carrier": "x"}}\n',
    )
    plan = Plan.prepare(pack, "TP_SHIP", recipients)
    with LedgerPlatform(CLIENT_ID, keys.public_pem) as platform:
        with Journal.open(tmp_path / "j.sqlite", plan.identity) as journal:
            plan.fill(journal)
            _run(plan, journal, platform, keys, pacer=None, concurrency=2)
            rows = {row.line: row for row in journal.rows()}
        assert platform.ledger.requests == 1
    assert rows[1].state == "S"
    assert [rows[n].state for n in (2, 3, 4)] == ["invalid"] * 3
    assert rows[2].result_code == "INVALID_PARAMETER"
    assert rows[3].result_code == "INVALID_LOCALE"
    assert rows[4].result_code == "INVALID_REQUEST"
    assert "t" * 20 not in (rows[4].result_message or "")


@pytest.mark.slow
def test_a_rate_far_above_the_platform_limit_is_slowed_down(tmp_path: Path, keys: Keys) -> None:
    pack = write_pack(tmp_path)
    recipients = write_jsonl(tmp_path, 240)
    plan = Plan.prepare(pack, "TP_SHIP", recipients)
    limiter = RateLimiter(2000)
    with LedgerPlatform(CLIENT_ID, keys.public_pem, limit=40) as platform:
        with Journal.open(tmp_path / "j.sqlite", plan.identity) as journal:
            plan.fill(journal)
            _run(plan, journal, platform, keys, pacer=limiter, concurrency=16)
            counts = journal.counts()
        ledger = platform.ledger
    assert counts["S"] == 240, counts
    assert set(ledger.deliveries.values()) == {1}
    assert limiter.decreases >= 4  # 2000/s came down towards 40/s
    # Far fewer refusals than the 50x excess would cause without slowing down.
    assert ledger.traffic_refused < 0.3 * ledger.requests


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def plan_for_fuzz(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    folder = tmp_path_factory.mktemp("fuzz")
    return Plan.prepare(write_pack(folder), "TP_SHIP", write_jsonl(folder, 1))


@settings(max_examples=300, deadline=None)
@given(
    token=st.text(max_size=200),
    locales=st.lists(st.text(max_size=12), max_size=3),
    params=st.dictionaries(st.sampled_from(["orderId", "carrier", "other"]), _json_values),
)
def test_any_recipient_data_is_a_body_or_invalid_never_a_crash(
    plan_for_fuzz: Plan, token: str, locales: list[str], params: dict[str, object]
) -> None:
    from msgtemplate.campaign.plan import Invalid
    from msgtemplate.campaign.recipients import _recipient

    try:
        recipient = _recipient(1, token, tuple(locales), params, None)
    except UnicodeEncodeError:
        return  # refused as structure by the reader (a lone surrogate)
    outcome: dict[str, object] | str
    try:
        outcome = plan_for_fuzz.body(recipient, plan_for_fuzz.request_id(recipient))
    except Invalid as exc:
        outcome = exc.message
    if isinstance(outcome, str):
        assert outcome  # a reason, never empty
        # ...and never the token (unless the same text is also a locale or a value).
        elsewhere = token in repr(locales) or token in repr(params)
        assert len(token) < 8 or elsewhere or token not in outcome
    else:
        assert outcome["accessToken"] == token
