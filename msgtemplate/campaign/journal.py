"""The campaign journal: one SQLite file (WAL), one row per recipient, resumable.

A journal belongs to one campaign, named by its :class:`CampaignIdentity`: the
template's definition in the pack, its code, and the recipients file's SHA-256.
Opening a journal with another identity raises :class:`JournalMismatch` (the CLI
exits 2 before sending anything): resuming with a changed template or file would
send the same requestIds with other bodies.

Rows: ``line`` (where the recipient's record starts), ``request_id``, ``state``
(``pending``, ``S``, ``F``, ``U``, ``invalid``), ``result_code``, ``result_message``,
``attempts`` (HTTP attempts over every run), ``updated_at``. ``S``, ``F`` and
``invalid`` are final; ``pending`` and ``U`` are (re)sent by the next run with
their requestId.

Why a kill -9 loses nothing and doubles nothing: a row becomes ``S`` only in the
same transaction that records the platform's ``S``, after the answer came back;
a row in flight at the kill is still ``pending`` or ``U`` and is sent again with the
same requestId, which the platform delivers at most once. Outcomes are committed
in small batches (``synchronous=NORMAL``: a committed transaction survives the
process being killed; only a power cut may lose the last ones, which are then
re-sent with the same requestIds, again harmlessly).

Two rows with the same requestId (identical lines, or a repeated ``requestId``) are
one message: the first is sent, the others are ``invalid`` with
``DUPLICATE_REQUEST_ID``.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from msgtemplate.errors import MsgTemplateError

__all__ = [
    "FINAL_STATES",
    "SCHEMA_VERSION",
    "STATES",
    "CampaignIdentity",
    "Journal",
    "JournalError",
    "JournalMismatch",
    "Outcome",
    "PendingRow",
    "Row",
]

State = Literal["pending", "S", "F", "U", "invalid"]
STATES: Final[tuple[State, ...]] = ("pending", "S", "F", "U", "invalid")
FINAL_STATES: Final = frozenset({"S", "F", "invalid"})
SCHEMA_VERSION: Final = 1
DUPLICATE_REQUEST_ID: Final = "DUPLICATE_REQUEST_ID"
_LOAD_BATCH: Final = 5000
_MAGIC: Final = "msgtemplate-bulk-journal"

_SCHEMA: Final = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE recipients (
    line INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'S', 'F', 'U', 'invalid')),
    result_code TEXT,
    result_message TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated_at REAL
);
CREATE INDEX recipients_request_id ON recipients (request_id);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at REAL NOT NULL,
    ended_at REAL,
    exit_status INTEGER
);
"""


class JournalError(MsgTemplateError):
    """The journal file cannot be used (not a journal, unreadable, a newer schema)."""


class JournalMismatch(JournalError):
    """The journal belongs to another campaign (another template or recipients file)."""


@dataclass(frozen=True, slots=True)
class CampaignIdentity:
    """What makes a campaign this one: ``template`` is the SHA-256 of the template's
    definition (with the pack's settings), ``recipients`` the recipients file's."""

    code: str
    template: str
    recipients: str
    recipients_format: str
    total: int

    def describe(self) -> dict[str, Any]:
        return {
            "templateCode": self.code,
            "template": self.template,
            "recipients": self.recipients,
            "recipientsFormat": self.recipients_format,
            "total": self.total,
        }


@dataclass(frozen=True, slots=True)
class PendingRow:
    """A row still to send: its line, requestId and state (``pending`` or ``U``)."""

    line: int
    request_id: str
    state: State


@dataclass(frozen=True, slots=True)
class Outcome:
    """What to record for one row: its new state, the platform's (or our) reason."""

    line: int
    state: State
    result_code: str | None
    result_message: str | None
    attempts: int = 0


@dataclass(frozen=True, slots=True)
class Row:
    """A journal row as reported (``bulk report``)."""

    line: int
    request_id: str
    state: State
    result_code: str | None
    result_message: str | None
    attempts: int
    updated_at: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "requestId": self.request_id,
            "state": self.state,
            "resultCode": self.result_code,
            "resultMessage": self.result_message,
            "attempts": self.attempts,
            "updatedAt": _iso(self.updated_at),
        }


def _iso(stamp: float | None) -> str | None:
    if stamp is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stamp))


class Journal:
    """One campaign's journal file. Not thread-safe: one owner (the runner's loop)."""

    def __init__(self, path: str | Path, connection: sqlite3.Connection) -> None:
        self.path = str(path)
        self._db = connection

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | Path, identity: CampaignIdentity) -> Journal:
        """Open the journal of ``identity`` at ``path``, creating it if there is none.

        Raises :class:`JournalMismatch` if it belongs to another campaign, and
        :class:`JournalError` if the file is not a journal (it is never overwritten).
        """
        path = Path(path)
        exists = path.exists() and path.stat().st_size > 0

        def check(journal: Journal) -> None:
            # A database without a single table holds nothing: a creation cut short
            # (the file's header was written, the transaction was not). Create it.
            if exists and journal._db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
                journal._check_identity(identity)
            else:
                journal._create(identity)

        return cls._opened(path, _connect(path), check)

    @classmethod
    def open_existing(cls, path: str | Path) -> Journal:
        """Open a journal to read it (``bulk status``/``report``); never creates one."""
        path = Path(path)
        if not path.is_file():
            raise JournalError(f"{path}: no such journal")
        return cls._opened(path, _connect(path, read_only=True), Journal._meta_checked)

    @classmethod
    def _opened(
        cls, path: Path, db: sqlite3.Connection, check: Callable[[Journal], object]
    ) -> Journal:
        """``check`` the journal on ``db``; any failure closes the connection first."""
        journal = cls(path, db)
        try:
            check(journal)
        except sqlite3.DatabaseError as exc:
            db.close()
            raise JournalError(f"{path}: not a usable journal ({exc})") from None
        except BaseException:
            db.close()
            raise
        return journal

    def _create(self, identity: CampaignIdentity) -> None:
        values = {
            "magic": _MAGIC,
            "schema": str(SCHEMA_VERSION),
            "identity": json.dumps(identity.describe(), sort_keys=True),
            "created_at": repr(time.time()),
            "loaded": "0",
        }
        # One transaction: a kill while creating leaves no half-made journal behind.
        with self._transaction():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            self._db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", values.items())

    def _meta_checked(self) -> dict[str, str]:
        try:
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.OperationalError:
            raise JournalError(f"{self.path}: not a msgtemplate bulk journal") from None
        if meta.get("magic") != _MAGIC:
            raise JournalError(f"{self.path}: not a msgtemplate bulk journal")
        if meta.get("schema") != str(SCHEMA_VERSION):
            raise JournalError(
                f"{self.path}: journal schema {meta.get('schema')} (this msgtemplate reads "
                f"{SCHEMA_VERSION})"
            )
        return meta

    def _check_identity(self, identity: CampaignIdentity) -> None:
        stored = json.loads(self.meta()["identity"])
        wanted = identity.describe()
        for key, what in (
            ("templateCode", "template code"),
            ("template", "template (its text, parameters or the pack's settings)"),
            ("recipients", "recipients file (its content)"),
        ):
            if stored.get(key) != wanted[key]:
                raise JournalMismatch(
                    f"{self.path} is the journal of another campaign: the {what} differs "
                    f"(journal: {str(stored.get(key))[:16]}, now: {str(wanted[key])[:16]}); "
                    "use a new journal file for a new campaign"
                )

    def meta(self) -> dict[str, str]:
        return self._meta_checked()

    def identity(self) -> dict[str, Any]:
        data = json.loads(self.meta()["identity"])
        assert isinstance(data, dict)
        return data

    # ----------------------------------------------------------------- loading

    @property
    def loaded(self) -> bool:
        """Every recipient has its row (loading finished, duplicates marked)."""
        return self.meta().get("loaded") == "1"

    def load(self, rows: Iterable[tuple[int, str]]) -> None:
        """Insert ``(line, requestId)`` rows as ``pending`` (batched; rows already
        there are kept as they are, so an interrupted load simply continues), then
        mark duplicate requestIds ``invalid`` and the journal loaded."""
        now = time.time()
        batch: list[tuple[int, str, float]] = []
        for line, request_id in rows:
            batch.append((line, request_id, now))
            if len(batch) >= _LOAD_BATCH:
                self._insert(batch)
                batch = []
        if batch:
            self._insert(batch)
        with self._transaction():
            self._db.execute(
                """
                UPDATE recipients SET state = 'invalid', result_code = ?,
                    result_message = 'requestId ' || request_id || ' is also the one of line '
                        || (SELECT MIN(r.line) FROM recipients r
                            WHERE r.request_id = recipients.request_id)
                        || ': one message per requestId, so this line is not sent',
                    updated_at = ?
                WHERE state = 'pending' AND line > (
                    SELECT MIN(r.line) FROM recipients r WHERE r.request_id = recipients.request_id)
                """,
                (DUPLICATE_REQUEST_ID, now),
            )
            self._db.execute("UPDATE meta SET value = '1' WHERE key = 'loaded'")

    def _insert(self, batch: list[tuple[int, str, float]]) -> None:
        with self._transaction():
            self._db.executemany(
                "INSERT OR IGNORE INTO recipients (line, request_id, updated_at) VALUES (?, ?, ?)",
                batch,
            )

    # ------------------------------------------------------------------ sending

    def pending(self, *, batch: int = 1000, with_u: bool = True) -> Iterator[PendingRow]:
        """Rows still to send (``pending``, and ``U`` unless ``with_u`` is False) in
        line order, read in batches (no read transaction stays open while outcomes
        are written)."""
        after = 0
        states = "'pending', 'U'" if with_u else "'pending'"
        query = (
            f"SELECT line, request_id, state FROM recipients "  # noqa: S608 - constants only
            f"WHERE line > ? AND state IN ({states}) ORDER BY line LIMIT ?"
        )
        while True:
            rows = self._db.execute(query, (after, batch)).fetchall()
            for line, request_id, state in rows:
                yield PendingRow(line, request_id, state)
            if len(rows) < batch:
                return
            after = rows[-1][0]

    def record(self, outcomes: Iterable[Outcome]) -> None:
        """Record outcomes in one transaction. A final row is never changed (a late
        or repeated report of a row already ``S`` changes nothing)."""
        now = time.time()
        with self._transaction():
            self._db.executemany(
                "UPDATE recipients SET state = ?, result_code = ?, result_message = ?, "
                "attempts = attempts + ?, updated_at = ? "
                "WHERE line = ? AND state IN ('pending', 'U')",
                [
                    (o.state, o.result_code, o.result_message, o.attempts, now, o.line)
                    for o in outcomes
                ],
            )

    def start_run(self) -> int:
        with self._transaction():
            cursor = self._db.execute("INSERT INTO runs (started_at) VALUES (?)", (time.time(),))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def end_run(self, run_id: int, exit_status: int) -> None:
        with self._transaction():
            self._db.execute(
                "UPDATE runs SET ended_at = ?, exit_status = ? WHERE id = ?",
                (time.time(), exit_status, run_id),
            )

    # ---------------------------------------------------------------- reading

    def counts(self) -> dict[str, int]:
        """``{"total", "S", "F", "U", "pending", "invalid"}``."""
        counts = dict.fromkeys(("S", "F", "U", "pending", "invalid"), 0)
        for state, count in self._db.execute(
            "SELECT state, COUNT(*) FROM recipients GROUP BY state"
        ):
            counts[state] = count
        total = self.identity().get("total")
        rows = sum(counts.values())
        # Rows not loaded yet (a load cut short) are pending too.
        if isinstance(total, int) and total > rows:
            counts["pending"] += total - rows
        return {"total": max(rows, total if isinstance(total, int) else 0), **counts}

    def runs(self) -> list[tuple[float, float | None, int | None]]:
        return [
            (started, ended, status)
            for started, ended, status in self._db.execute(
                "SELECT started_at, ended_at, exit_status FROM runs ORDER BY id"
            )
        ]

    def rows(self, states: Iterable[str] | None = None, *, batch: int = 1000) -> Iterator[Row]:
        """Every row (or those in ``states``) in line order, read in batches."""
        wanted = None if states is None else tuple(states)
        after = 0
        while True:
            if wanted is None:
                query = "SELECT * FROM recipients WHERE line > ? ORDER BY line LIMIT ?"
                params: tuple[Any, ...] = (after, batch)
            else:
                marks = ", ".join("?" * len(wanted))
                query = (
                    f"SELECT * FROM recipients WHERE line > ? AND state IN ({marks}) "  # noqa: S608 - only placeholders
                    "ORDER BY line LIMIT ?"
                )
                params = (after, *wanted, batch)
            found = self._db.execute(query, params).fetchall()
            for line, request_id, state, code, message, attempts, updated in found:
                yield Row(line, request_id, state, code, message, attempts, updated)
            if len(found) < batch:
                return
            after = found[-1][0]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- helpers

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on an exception)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._db.execute("ROLLBACK" if exc_type is not None else "COMMIT")


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    try:
        if read_only:
            db = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
            )
        else:
            db = sqlite3.connect(str(path), isolation_level=None)
    except sqlite3.Error as exc:
        raise JournalError(f"{path}: cannot open ({exc})") from None
    try:
        db.execute("PRAGMA busy_timeout = 10000")
        if not read_only:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        db.close()
        raise JournalError(f"{path}: not a usable journal ({exc})") from None
    return db


def counts_line(counts: Mapping[str, int]) -> dict[str, int]:
    """The counts in the documented key order: total, S, F, U, pending, invalid."""
    return {key: counts.get(key, 0) for key in ("total", "S", "F", "U", "pending", "invalid")}
