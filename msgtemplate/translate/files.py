"""What the exchange formats have in common: the export header, imported units, and
reading a translation file safely (size cap, regular files only, UTF-8, format).

Each format module (``po``, ``xliff``, ``xliff2``, ``jsonflat``) turns units into
bytes and bytes into a :class:`TranslationFile`; this module decides which one reads
a file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
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
    plurals: tuple[str, ...] | None = None
    """A plural unit's translations by gettext index (PO ``msgstr[n]``, the
    trans-units of an XLIFF 1.2 ``x-gettext-plurals`` group); None for any other."""
    plural_positions: tuple[tuple[int, int], ...] = ()
    """Where each of ``plurals`` is (line, column)."""


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
    plural_forms: tuple[str, int] | None = None
    """A PO file's ``Plural-Forms`` header value and its line (how its ``msgstr[n]``
    map to numbers), when it has one."""


def read_bytes(path: str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes; refuses what is not a regular file or is over ``max_bytes``."""
    from msgtemplate.document.reading import UnreadableFile, read_regular

    try:
        return read_regular(path, max_bytes)
    except UnreadableFile as exc:
        raise ExchangeError(exc.message, path=path) from None


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
