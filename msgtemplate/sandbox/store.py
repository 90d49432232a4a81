"""The sandbox's inbox: deliveries in one SQLite file, one row per (appId, requestId).

Idempotency lives in the schema, not in Python: ``UNIQUE(app_id, request_id)`` and
``INSERT ... ON CONFLICT DO NOTHING`` make "exactly one delivery per requestId" hold
however many duplicates race, in one process or across restarts. One connection
guarded by a lock serves every thread: each statement is tiny, and a single writer
is what SQLite wants anyway. WAL with ``synchronous=NORMAL`` survives a crashed or
restarted process (a power cut may lose the last commits: fine for a test server).
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from dataclasses import dataclass
from os import PathLike
from types import TracebackType
from typing import Any, Final

from msgtemplate.errors import MsgTemplateError

SCHEMA_VERSION: Final = 1

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS deliveries (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id        TEXT NOT NULL,
    request_id    TEXT NOT NULL,
    body_hash     TEXT NOT NULL,
    request_json  TEXT NOT NULL,
    template_code TEXT NOT NULL,
    template_name TEXT,
    channel       TEXT NOT NULL,
    language      TEXT NOT NULL,
    direction     TEXT NOT NULL,
    title         TEXT,
    body          TEXT NOT NULL,
    redirect_url  TEXT,
    received_at   TEXT NOT NULL,
    result_code   TEXT NOT NULL,
    UNIQUE (app_id, request_id)
)
"""

_META: Final = """
CREATE TABLE IF NOT EXISTS meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
)
"""

_COLUMNS: Final = (
    "app_id",
    "request_id",
    "body_hash",
    "request_json",
    "template_code",
    "template_name",
    "channel",
    "language",
    "direction",
    "title",
    "body",
    "redirect_url",
    "received_at",
    "result_code",
)

# Built from the constant column names above, never from input.
_INSERT: Final = (
    f"INSERT INTO deliveries ({', '.join(_COLUMNS)}) "  # noqa: S608
    f"VALUES ({', '.join('?' for _ in _COLUMNS)}) "
    "ON CONFLICT (app_id, request_id) DO NOTHING"
)


class StoreError(MsgTemplateError):
    """The inbox file cannot be opened or is not a sandbox inbox."""


@dataclass(frozen=True, slots=True)
class Delivery:
    """One delivered message as the phone shows it (``id`` is 0 until stored)."""

    app_id: str
    request_id: str
    body_hash: str
    request_json: str
    template_code: str
    template_name: str | None
    channel: str
    language: str
    direction: str
    title: str | None
    body: str
    redirect_url: str | None
    received_at: str
    result_code: str
    id: int = 0

    def to_json(self) -> dict[str, Any]:
        """The ``GET /inbox`` form (the raw request stays out: it is for debugging)."""
        return {
            "id": self.id,
            "appId": self.app_id,
            "requestId": self.request_id,
            "templateCode": self.template_code,
            "templateName": self.template_name,
            "channel": self.channel,
            "language": self.language,
            "direction": self.direction,
            "title": self.title,
            "body": self.body,
            "redirectUrl": self.redirect_url,
            "receivedAt": self.received_at,
        }


@dataclass(frozen=True, slots=True)
class Recorded:
    """What :meth:`InboxStore.add` did: stored it, or found an earlier delivery."""

    inserted: bool
    existing: Delivery


class InboxStore:
    """Deliveries in a SQLite file; safe to share between threads."""

    def __init__(self, path: str | PathLike[str]) -> None:
        self.path = path
        try:
            # check_same_thread=False: the lock below serialises every use.
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA busy_timeout = 5000")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                raise StoreError(f"{path}: inbox schema version {version} is not supported")
            self._db.execute(_SCHEMA)
            self._db.execute(_META)
            # A fresh id for a fresh database; kept for as long as the file lives.
            self._db.execute(
                "INSERT INTO meta (name, value) VALUES ('inbox_id', ?) ON CONFLICT DO NOTHING",
                (uuid.uuid4().hex,),
            )
            row = self._db.execute("SELECT value FROM meta WHERE name = 'inbox_id'").fetchone()
            self.inbox_id: str = row[0]
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot open the inbox database: {exc}") from None
        self._lock = threading.Lock()

    def find(self, app_id: str, request_id: str) -> Delivery | None:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM deliveries WHERE app_id = ? AND request_id = ?",
                (app_id, request_id),
            ).fetchone()
        return _delivery(row) if row is not None else None

    def add(self, delivery: Delivery) -> Recorded:
        """Store ``delivery`` unless (appId, requestId) is already there."""
        values = tuple(getattr(delivery, name) for name in _COLUMNS)
        with self._lock:
            cursor = self._db.execute(_INSERT, values)
            inserted = cursor.rowcount == 1
            row = self._db.execute(
                "SELECT * FROM deliveries WHERE app_id = ? AND request_id = ?",
                (delivery.app_id, delivery.request_id),
            ).fetchone()
        return Recorded(inserted, _delivery(row))

    def recent(self, *, after: int = 0, limit: int | None = None) -> list[Delivery]:
        """Deliveries with ``id > after``, newest first, at most ``limit`` of them."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM deliveries WHERE id > ? ORDER BY id DESC LIMIT ?",
                (after, -1 if limit is None else limit),
            ).fetchall()
        return [_delivery(row) for row in rows]

    def count(self) -> int:
        with self._lock:
            count: int = self._db.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
        return count

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> InboxStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"InboxStore({str(self.path)!r})"


def _delivery(row: sqlite3.Row) -> Delivery:
    return Delivery(id=row["id"], **{name: row[name] for name in _COLUMNS})
