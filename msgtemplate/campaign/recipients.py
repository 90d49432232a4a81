"""Recipients files, read streaming: JSON Lines or CSV with a header.

A campaign's recipients are one per line (JSON Lines) or one per row (CSV), never
loaded into memory as a whole: :func:`read_recipients` yields them one at a time
and :func:`scan` walks the file once to check its **structure** and fingerprint it
before anything is sent.

Structure (refused by :func:`scan` with ``FILE:LINE: what is wrong``, nothing sent):
a line that is not JSON or not an object, a key that is not one of
:data:`JSONL_KEYS`, a field of the wrong JSON type, a missing ``accessToken``
column, a CSV row with more or fewer cells than the header, text that is not UTF-8,
a line longer than :data:`MAX_LINE_BYTES`, a file with no recipient at all.

Data the pack refuses (a bad parameter value, an unknown locale tag, an over-long
token) is not structure: the runner records such a recipient as ``invalid`` and
goes on (:mod:`msgtemplate.campaign.runner`).

JSON Lines: ``{"accessToken": "...", "locale": "pl" | ["pl", "en"], "params":
{...}, "requestId": "..."}`` (``locale``, ``params`` and ``requestId`` optional);
blank lines are skipped. CSV: a header naming ``accessToken``, optionally
``locale`` (``;`` between several tags) and ``requestId``; every other column is a
parameter, its cells passed as text.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Final, Literal

from msgtemplate.errors import SourceError

__all__ = [
    "JSONL_KEYS",
    "MAX_LINE_BYTES",
    "Recipient",
    "RecipientsError",
    "RecipientsFormat",
    "Scan",
    "detect_format",
    "read_recipients",
    "scan",
]

RecipientsFormat = Literal["jsonl", "csv"]

MAX_LINE_BYTES: Final = 1 << 20
"""The longest line (JSON Lines) or CSV cell read; one recipient is far smaller."""

ACCESS_TOKEN: Final = "accessToken"  # noqa: S105 - a field name, not a secret
LOCALE: Final = "locale"
PARAMS: Final = "params"
REQUEST_ID: Final = "requestId"
JSONL_KEYS: Final = (ACCESS_TOKEN, LOCALE, PARAMS, REQUEST_ID)
CSV_RESERVED: Final = frozenset({ACCESS_TOKEN, LOCALE, REQUEST_ID})
LOCALE_SEPARATOR: Final = ";"

_SUFFIXES: Final[dict[str, RecipientsFormat]] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}


class RecipientsError(SourceError):
    """A recipients file that cannot be used: ``path:line: message``, nothing sent."""


@dataclass(frozen=True, slots=True)
class Recipient:
    """One recipient as read: its line (1-based, where its record starts) and data.

    ``canonical`` is the recipient's content in one stable form (sorted keys, compact
    JSON, without ``requestId``): what a derived requestId is computed from, so the
    same data gives the same requestId whichever format or spacing carried it.
    The access token never shows in ``repr``.
    """

    line: int
    access_token: str = field(repr=False)
    locales: tuple[str, ...]
    params: Mapping[str, Any] = field(repr=False)
    request_id: str | None
    canonical: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class Scan:
    """What the structural pre-pass learnt: the format, the number of recipients,
    the SHA-256 of the file's bytes, and its size."""

    format: RecipientsFormat
    count: int
    fingerprint: str
    size: int


def detect_format(path: str | Path, given: str | None = None) -> RecipientsFormat:
    """``given`` (``jsonl``/``csv``) or the format the file name's suffix says."""
    if given is not None:
        if given not in ("jsonl", "csv"):
            raise RecipientsError(f"unknown recipients format {given!r} (jsonl or csv)")
        return "jsonl" if given == "jsonl" else "csv"
    suffix = Path(path).suffix.lower()
    found = _SUFFIXES.get(suffix)
    if found is None:
        raise RecipientsError(
            f"cannot tell the format from the name (suffix {suffix or 'none'}): "
            "name it .jsonl, .ndjson or .csv, or pass --format",
            path=str(path),
        )
    return found


def scan(path: str | Path, fmt: RecipientsFormat) -> Scan:
    """Check the whole file's structure and fingerprint it, in one streaming pass.

    Raises :class:`RecipientsError` at the first structural problem (with its line).
    Memory stays flat whatever the file's size.
    """
    digest = hashlib.sha256()
    count = 0
    with _open(path) as raw:
        hashing = _HashingReader(raw, digest)
        for _recipient in _parse(str(path), hashing, fmt):
            count += 1
        size = hashing.size
    if count == 0:
        raise RecipientsError("the file holds no recipient", path=str(path), line=1)
    return Scan(fmt, count, digest.hexdigest(), size)


def read_recipients(
    path: str | Path, fmt: RecipientsFormat, *, after_line: int = 0
) -> Iterator[Recipient]:
    """The recipients of the file, in order, streaming; those whose record starts
    at or before ``after_line`` are skipped (resuming). Structural problems raise
    :class:`RecipientsError` (:func:`scan` finds them first)."""
    with _open(path) as raw:
        for recipient in _parse(str(path), raw, fmt):
            if recipient.line > after_line:
                yield recipient


# ---------------------------------------------------------------------- reading


def _open(path: str | Path) -> BinaryIO:
    try:
        return open(path, "rb")
    except OSError as exc:
        raise RecipientsError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None


class _HashingReader(io.RawIOBase):
    """A binary stream that feeds every byte it passes on into a hash."""

    def __init__(self, raw: BinaryIO, digest: Any) -> None:
        super().__init__()
        self._raw = raw
        self._digest = digest
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        self._digest.update(data)
        self.size += len(data)
        buffer[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        line = self._raw.readline(-1 if size is None else size)
        self._digest.update(line)
        self.size += len(line)
        return line


def _parse(path: str, raw: Any, fmt: RecipientsFormat) -> Iterator[Recipient]:
    try:
        if fmt == "jsonl":
            yield from _parse_jsonl(path, raw)
        else:
            yield from _parse_csv(path, raw)
    except OSError as exc:
        raise RecipientsError(f"cannot read: {exc.strerror or exc}", path=path) from None


def _parse_jsonl(path: str, raw: Any) -> Iterator[Recipient]:
    line_no = 0
    while True:
        chunk = raw.readline(MAX_LINE_BYTES + 1)
        if not chunk:
            return
        line_no += 1
        if len(chunk) > MAX_LINE_BYTES:
            raise RecipientsError(
                f"the line is longer than {MAX_LINE_BYTES >> 20} MiB", path=path, line=line_no
            )
        if line_no == 1 and chunk.startswith(codecs.BOM_UTF8):
            chunk = chunk[len(codecs.BOM_UTF8) :]
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RecipientsError(
                f"not UTF-8 text (byte {exc.start + 1} of the line)", path=path, line=line_no
            ) from None
        if not text.strip():
            continue
        try:
            data = json.loads(text, object_pairs_hook=_unique_keys)
        except _DuplicateKey as exc:
            raise RecipientsError(f"key {exc.key!r} given twice", path=path, line=line_no) from None
        except RecursionError:
            raise RecipientsError("JSON nested too deeply", path=path, line=line_no) from None
        except ValueError as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            column = exc.colno if isinstance(exc, json.JSONDecodeError) else None
            raise RecipientsError(
                f"not JSON: {reason}", path=path, line=line_no, column=column
            ) from None
        yield _from_object(path, line_no, data)


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _from_object(path: str, line: int, data: Any) -> Recipient:
    def bad(message: str) -> RecipientsError:
        return RecipientsError(message, path=path, line=line)

    if not isinstance(data, dict):
        raise bad(f"a recipient is a JSON object, got {_json_type(data)}")
    unknown = [key for key in data if key not in JSONL_KEYS]
    if unknown:
        expected = ", ".join(JSONL_KEYS)
        raise bad(f"unknown key {unknown[0]!r} (a recipient has {expected})")
    token = data.get(ACCESS_TOKEN)
    if token is None:
        raise bad(f"no {ACCESS_TOKEN!r}")
    if not isinstance(token, str):
        raise bad(f"{ACCESS_TOKEN!r} must be a string, got {_json_type(token)}")
    locale = data.get(LOCALE)
    locales: tuple[str, ...]
    if locale is None:
        locales = ()
    elif isinstance(locale, str):
        locales = (locale,)
    elif isinstance(locale, list) and all(isinstance(tag, str) for tag in locale):
        locales = tuple(locale)
    else:
        raise bad(f"{LOCALE!r} must be a tag or a list of tags, got {_json_type(locale)}")
    params = data.get(PARAMS, {})
    if not isinstance(params, dict):
        raise bad(f"{PARAMS!r} must be an object, got {_json_type(params)}")
    request_id = data.get(REQUEST_ID)
    if request_id is not None and not isinstance(request_id, str):
        raise bad(f"{REQUEST_ID!r} must be a string, got {_json_type(request_id)}")
    try:
        return _recipient(line, token, locales, params, request_id)
    except UnicodeEncodeError:
        raise bad("a string holds a lone surrogate (like \\ud800): not Unicode text") from None


def _recipient(
    line: int,
    token: str,
    locales: tuple[str, ...],
    params: dict[str, Any],
    request_id: str | None,
) -> Recipient:
    canonical = json.dumps(
        {ACCESS_TOKEN: token, LOCALE: list(locales), PARAMS: params},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=True,
    ).encode("utf-8")  # strict: a lone surrogate is refused by the caller
    if request_id is not None:
        request_id.encode("utf-8")
    return Recipient(line, token, locales, params, request_id, canonical)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _parse_csv(path: str, raw: Any) -> Iterator[Recipient]:
    buffered: Any = raw if isinstance(raw, io.BufferedIOBase) else io.BufferedReader(raw)
    text = io.TextIOWrapper(buffered, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(text, strict=True)
    previous_end = 0

    def bad(message: str, line: int) -> RecipientsError:
        return RecipientsError(message, path=path, line=line)

    try:
        header = next(reader, None)
        if header is None:
            raise bad("no header line (accessToken, locale, requestId, parameters...)", 1)
        previous_end = reader.line_num
        names = [name.strip() for name in header]
        seen: set[str] = set()
        for name in names:
            if not name:
                raise bad("a column of the header has no name", 1)
            if name in seen:
                raise bad(f"column {name!r} given twice", 1)
            seen.add(name)
        if ACCESS_TOKEN not in seen:
            raise bad(f"no {ACCESS_TOKEN!r} column in the header", 1)
        token_at = names.index(ACCESS_TOKEN)
        locale_at = names.index(LOCALE) if LOCALE in seen else None
        rid_at = names.index(REQUEST_ID) if REQUEST_ID in seen else None
        param_columns = [(i, name) for i, name in enumerate(names) if name not in CSV_RESERVED]
        for row in reader:
            line = previous_end + 1
            previous_end = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != len(names):
                raise bad(f"{len(row)} cells where the header has {len(names)} columns", line)
            locale_cell = row[locale_at] if locale_at is not None else ""
            locales = tuple(t.strip() for t in locale_cell.split(LOCALE_SEPARATOR) if t.strip())
            rid = row[rid_at] if rid_at is not None and row[rid_at] != "" else None
            params = {name: row[i] for i, name in param_columns}
            yield _recipient(line, row[token_at], locales, params, rid)
    except UnicodeDecodeError:
        raise bad("not UTF-8 text", previous_end + 1) from None
    except csv.Error as exc:
        raise bad(f"not CSV: {exc}", previous_end + 1) from None


def _field_limit() -> None:
    # csv's own default cell limit is 128 KiB; a cell may be as long as a JSON line.
    csv.field_size_limit(MAX_LINE_BYTES)


_field_limit()
