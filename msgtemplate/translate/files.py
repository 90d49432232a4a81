"""What the exchange formats have in common: the export header, imported units, and
reading a translation file safely (size cap, regular files only, UTF-8, format).

Each format module (``po``, ``xliff``, ``xliff2``, ``jsonflat``) turns units into
bytes and bytes into a :class:`TranslationFile`; this module decides which one reads
a file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import stat
from dataclasses import dataclass
from typing import Final, Literal

from msgtemplate.document import source
from msgtemplate.translate.units import ExchangeError

ExchangeFormat = Literal["po", "pot", "xliff", "xliff2", "json"]

FORMATS: Final[tuple[ExchangeFormat, ...]] = ("po", "pot", "xliff", "xliff2", "json")

EXTENSIONS: Final[dict[ExchangeFormat, str]] = {
    "po": "po",
    "pot": "pot",
    "xliff": "xlf",
    "xliff2": "xlf",
    "json": "json",
}
"""File extension of each format (both XLIFF versions use ``.xlf``, as tools expect)."""

MAX_FILE_BYTES: Final = 4 * source.MAX_FILE_BYTES
"""Largest translation file read: XLIFF and PO carry notes, so they outgrow the largest
pack they can belong to by a small factor; anything bigger is refused unread."""


@dataclass(frozen=True, slots=True)
class ExportHeader:
    """What every exported file says about itself."""

    pack_name: str
    """The pack file's name without extension (``shop``)."""
    source_locale: str
    target_locale: str
    date: dt.datetime
    """When the pack was last changed (the file's modification time, UTC)."""
    revision: str
    """A short hash of every source text: which state of the pack the file is from."""


@dataclass(frozen=True, slots=True)
class ImportedUnit:
    """One unit read from a translation file.

    ``target`` is the translation as template text ('' when untranslated);
    ``source`` the source text the file carries (None when the format has none,
    as flat JSON); ``fuzzy`` is the file's own "needs review" mark. ``line`` and
    ``column`` locate the translation, ``id_line`` and ``id_column`` the unit.
    """

    id: str
    target: str
    source: str | None
    fuzzy: bool
    line: int
    column: int
    id_line: int
    id_column: int


@dataclass(frozen=True, slots=True)
class TranslationFile:
    """A parsed translation file: its languages and units, in file order."""

    path: str
    format: ExchangeFormat
    target_language: str | None
    source_language: str | None
    units: tuple[ImportedUnit, ...]
    language_line: int = 1
    """Where the target language is declared (for errors about it)."""


def read_bytes(path: str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes; refuses what is not a regular file or is over ``max_bytes``."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            # Reading a FIFO would wait for a writer forever; a device never ends.
            raise ExchangeError("not a regular file", path=path)
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise ExchangeError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    if len(data) > max_bytes:
        raise ExchangeError(
            f"file is larger than the {max_bytes:,}-byte limit; refusing to read it", path=path
        )
    return data


def decode(data: bytes, path: str) -> str:
    """UTF-8 text (a BOM allowed); an error at the first bad byte otherwise."""
    try:
        return source.decode(data, path)
    except source.DocumentError as exc:
        raise ExchangeError(exc.message, path=path, line=exc.line, column=exc.column) from None


_XLIFF_2 = re.compile(rb"""urn:oasis:names:tc:xliff:document:2\.|<xliff[^>]*version\s*=\s*["']2""")
_XLIFF_ANY = re.compile(rb"<xliff[\s/>]")


def detect_format(path: str, data: bytes) -> ExchangeFormat:
    """The format of a translation file: by extension, XLIFF's version by content."""
    suffix = os.path.splitext(path)[1].lower()
    head = data[:8192]
    if suffix in (".po", ".pot"):
        return "po"
    if suffix == ".json":
        return "json"
    if suffix in (".xlf", ".xliff", ".xml") or _XLIFF_ANY.search(head):
        if not _XLIFF_ANY.search(head):
            raise ExchangeError("not an XLIFF file: no <xliff> element at its start", path=path)
        return "xliff2" if _XLIFF_2.search(head) else "xliff"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return "json"
    if re.search(rb"^msgid\s", head, re.MULTILINE):
        return "po"
    raise ExchangeError(
        "cannot tell the format: expected a .po, .xlf/.xliff (XLIFF 1.2 or 2.0) or .json file",
        path=path,
    )


def atomic_write(path: str, data: bytes, *, like: str | None = None) -> None:
    """Write ``data`` to ``path`` all at once: a temporary file beside it, then a rename.

    Readers see the old content or the new, never a part. A link is followed (its
    target is replaced, the link kept); ``like`` (or an existing ``path``) gives the
    permission bits.
    """
    import tempfile

    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    mode: int | None = None
    with contextlib.suppress(OSError):  # a new file: the umask decides, below
        mode = stat.S_IMODE(os.stat(like or target).st_mode)
    fd, temp = tempfile.mkstemp(prefix=".msgtemplate-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
