"""gettext PO: written with Babel's ``babel.messages.pofile``, read by a strict parser
of the gettext grammar (:func:`parse`).

One entry per unit: ``msgctxt`` is the unit id, ``msgid`` the source text,
``msgstr`` the translation (empty when there is none), translator notes as
extracted comments (``#.``). A translation to review (stale, or whose line
breaks at either end differ from the source's, which ``msgfmt --check`` rejects)
is ``#, fuzzy``. Units with placeholders carry Weblate's ``placeholders:`` flag so
that Weblate checks ``${name}`` is kept. The header names the language
(``Language: pt_BR``) with CLDR's plural rule for it, via Babel; files pass
``msgfmt --check``.

Babel guesses ``python-format`` and ``python-brace-format`` from the text
(``${name}`` holds ``{name}``); neither is true here, and msgfmt would check them,
so they are removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from msgtemplate.template.syntax import PLACEHOLDER_REGEX
from msgtemplate.translate import forms_units
from msgtemplate.translate.files import ExportHeader, ImportedUnit, TranslationFile
from msgtemplate.translate.units import ExchangeError, Unit

if TYPE_CHECKING:
    from babel import Locale
    from babel.messages.catalog import Message

WEBLATE_FLAG: Final = f'placeholders:r"{PLACEHOLDER_REGEX}"'
"""Weblate's flag that makes every ``${name}`` a placeholder its checks protect
(no commas: PO flags are comma-separated)."""

_GUESSED_FLAGS: Final = frozenset({"python-format", "python-brace-format"})


def write(units: Sequence[Unit], header: ExportHeader) -> bytes:
    """A PO file of ``units`` for ``header.target_locale`` (UTF-8 bytes)."""
    from babel.messages.catalog import Catalog

    from msgtemplate.translate.po_writer import catalog_bytes

    catalog = Catalog(
        locale=_babel_locale(header.target_locale),
        domain=header.pack_name,
        project=header.pack_name,
        version=header.revision,
        creation_date=header.date,
        revision_date=header.date,
        last_translator="msgtemplate export",
        language_team=f"{header.target_locale} translators",
        charset="UTF-8",
        fuzzy=False,
    )
    catalog.msgid_bugs_address = ""  # Babel's placeholder e-mail otherwise
    catalog.header_comment = (
        f"# {header.pack_name}: {header.source_locale} -> {header.target_locale}, "
        "exported by msgtemplate.\n"
        f"# Translate the msgstr lines; bring the file back with `msgtemplate import`.\n#"
    )
    forms_units.use_cldr_plural_forms(catalog, header.target_locale)
    for unit in units:
        if isinstance(unit, forms_units.PluralUnit):
            drop_guessed_flags(forms_units.add_po_plural(catalog, unit))
            continue
        needs_review = unit.target is not None and (
            unit.stale or _breaks_differ(unit.source, unit.target)
        )
        flags = ["fuzzy"] if needs_review else []
        if unit.parameters:
            flags.append(WEBLATE_FLAG)
        message = catalog.add(
            unit.source,
            string=unit.target or "",
            context=unit.id,
            auto_comments=unit.notes(previous=False),
            flags=flags,
            # msgmerge --previous's convention: what a fuzzy entry was translated from.
            previous_id=[unit.previous] if needs_review and unit.previous else (),
        )
        drop_guessed_flags(message)
    # msgmerge --previous's convention, with the #| msgctxt gettext writes too.
    return catalog_bytes(catalog, previous=True)


def _babel_locale(tag: str) -> str | Locale:
    """The tag as gettext spells it (``pt_BR``) when Babel knows it; else the nearest
    CLDR locale, so the header still gets a plural rule."""
    from babel import Locale, UnknownLocaleError

    from msgtemplate.locales import babel_locale

    ident = tag.replace("-", "_")
    try:
        Locale.parse(ident)
    except (UnknownLocaleError, ValueError):
        return babel_locale(tag)
    return ident


def drop_guessed_flags(message: Message | None) -> None:
    """Babel's guessed format flags off ``message`` (shared with the POT writer)."""
    if message is not None:
        message.flags -= _GUESSED_FLAGS


def _breaks_differ(source: str, target: str) -> bool:
    return (source.startswith("\n"), source.endswith("\n")) != (
        target.startswith("\n"),
        target.endswith("\n"),
    )


# --- reading: a strict parser of the gettext grammar ------------------------------------

MAX_STRING_CHARS: Final = 100_000
"""Longest single string (a msgid, a msgstr...) read, continuation lines included: far
above any text a message can hold. Longer is refused where it gets too long, so the
parse's memory stays a small multiple of the file's size however the file is cut up
(an 18.8 MB file of 4.7 million one-character continuation lines is refused at the
100,001st character, not collected)."""

_WHITESPACE: Final = " \t\r\f\v"
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[([0-9]{1,3})\])?")
_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')
_ESCAPE = re.compile(r"\\(?:([ntbrfva\\\"])|x([0-9A-Fa-f]{1,2})|([0-7]{1,3})|(.)|\Z)")
_SIMPLE_ESCAPES: Final = {
    "n": "\n",
    "t": "\t",
    "b": "\b",
    "r": "\r",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "\\": "\\",
    '"': '"',
}
"""gettext's escapes (its lexer refuses ``\\'`` and ``\\?``, which C allows)."""


@dataclass(slots=True)
class PoEntry:
    """One message of a PO file, as written (strings unescaped).

    ``msgstr`` is None for a plural entry, whose translations are ``plurals``
    (``msgstr[0]``, ``msgstr[1]``...). ``previous_*`` are the ``#|`` comments (the
    source text a fuzzy translation was made from). Lines are 1-based.
    """

    line: int
    obsolete: bool = False
    context: str | None = None
    context_line: int = 0
    msgid: str | None = None
    msgid_line: int = 0
    msgid_plural: str | None = None
    msgstr: str | None = None
    msgstr_line: int = 0
    plurals: list[str] = field(default_factory=list)
    plural_lines: list[int] = field(default_factory=list)
    flags: frozenset[str] = frozenset()
    previous_context: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None

    @property
    def complete(self) -> bool:
        return self.msgid is not None and (self.msgstr is not None or bool(self.plurals))

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.context is None and not self.obsolete

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


@dataclass(slots=True)
class PoFile:
    """A parsed PO file: its header entry and its messages, obsolete ones apart."""

    header: PoEntry | None
    entries: list[PoEntry]
    obsolete: list[PoEntry]

    def header_field(self, name: str) -> tuple[str, int] | None:
        """The value of ``Name:`` in the header, and the header's line."""
        if self.header is None or self.header.msgstr is None:
            return None
        prefix = f"{name.lower()}:"
        for line in self.header.msgstr.split("\n"):
            if line.lower().startswith(prefix):
                return line[len(prefix) :].strip(), self.header.msgstr_line
        return None


def parse(text: str, path: str) -> PoFile:
    """Parse ``text`` as gettext PO, strictly.

    Every line is blank, a comment, a keyword (``msgctxt``, ``msgid``,
    ``msgid_plural``, ``msgstr``, ``msgstr[N]``) with one or more strings, or a
    continuation string; every string is a complete C string with gettext's
    escapes; ``#~`` lines are obsolete entries and ``#|`` lines the previous source
    of the next entry; entries are complete and in order. A header or message
    defined twice (obsolete ones included, as msgfmt counts them), and a msgid and
    msgstr that disagree about a line break at either end (which ``msgfmt --check``
    refuses) are refused too. Any of these raises
    :class:`~msgtemplate.translate.units.ExchangeError` at ``path:line:col``.
    """
    return _Parser(path).run(text)


@dataclass(slots=True)
class _Value:
    """The strings of one keyword, collected with a bound on their total length."""

    line: int
    pieces: list[str] = field(default_factory=list)
    size: int = 0

    def text(self) -> str:
        return "".join(self.pieces)


class _Parser:
    def __init__(self, path: str) -> None:
        self.path = path
        self.entry: PoEntry | None = None
        self.values: dict[str, _Value] = {}
        self.last: str | None = None  # the field a continuation string extends
        self.flags: set[str] = set()
        self.previous: dict[str, _Value] = {}
        self.previous_last: str | None = None
        self.previous_obsolete = False
        self.header: PoEntry | None = None
        self.entries: list[PoEntry] = []
        self.obsolete: list[PoEntry] = []
        self.seen: dict[tuple[str | None, str], int] = {}
        self.line = 0

    def error(self, message: str, column: int = 1, line: int | None = None) -> ExchangeError:
        return ExchangeError(
            f"invalid PO: {message}", path=self.path, line=line or self.line, column=column
        )

    # --- lines ----------------------------------------------------------------------------

    def run(self, text: str) -> PoFile:
        for self.line, line in enumerate(_lines(text), start=1):
            self.read_line(line)
        self.finish()
        if self.previous:
            first = min(v.line for v in self.previous.values())
            raise self.error("a #| previous-source comment with no entry after it", line=first)
        return PoFile(self.header, self.entries, self.obsolete)

    def read_line(self, line: str) -> None:
        pos = _skip(line, 0)
        if pos == len(line):
            return  # blank lines may stand anywhere, even inside an entry
        if line[pos] != "#":
            self.tokens(line, pos, obsolete=False, previous=False)
            return
        kind = line[pos + 1 : pos + 2]
        if kind == "~":
            rest = pos + 2
            if line[rest : rest + 1] == "|":
                self.tokens(line, _skip(line, rest + 1), obsolete=True, previous=True)
            elif _skip(line, rest) < len(line):
                self.tokens(line, _skip(line, rest), obsolete=True, previous=False)
            return
        if kind == "|":
            self.tokens(line, _skip(line, pos + 2), obsolete=False, previous=True)
            return
        # Any other comment: translator (#), extracted (#.), reference (#:), flags (#,).
        self.comment(pos)
        if kind == ",":
            self.flags.update(f.strip() for f in line[pos + 2 :].split(",") if f.strip())

    def comment(self, column: int) -> None:
        if self.entry is not None and not self.entry.complete:
            raise self.error(
                f"a comment inside an entry: {self.missing()} expected first", column + 1
            )
        self.finish()
        self.last = None

    def tokens(self, line: str, pos: int, *, obsolete: bool, previous: bool) -> None:
        if pos >= len(line):
            raise self.error("expected a keyword or a string after the comment mark", pos + 1)
        keyword: str | None = None
        index: int | None = None
        start = pos
        if line[pos] != '"':
            match = _KEYWORD.match(line, pos)
            end = match.end() if match else pos
            if match is None or (end < len(line) and line[end] not in _WHITESPACE + '"'):
                word = re.match(r"[^\s\"]*", line[pos:])
                shown = word.group() if word and word.group() else line[pos]
                raise self.error(
                    f"unexpected {shown[:40]!r}: expected msgctxt, msgid, msgid_plural, "
                    'msgstr, a "string" or a # comment',
                    pos + 1,
                )
            keyword = match.group(1)
            index = int(match.group(2)) if match.group(2) is not None else None
            if index is not None and keyword != "msgstr":
                raise self.error(f"{keyword} takes no [index]", pos + 1)
            pos = _skip(line, end)
            if pos == len(line) or line[pos] != '"':
                raise self.error(f'expected a "string" after {match.group()}', pos + 1)
        strings: list[str] = []
        while pos < len(line):
            if line[pos] != '"':
                raise self.error(
                    f"unexpected {line[pos : pos + 20]!r} after the string: a line holds a "
                    "keyword and strings only",
                    pos + 1,
                )
            value, pos = self.string(line, pos)
            strings.append(value)
            pos = _skip(line, pos)
        column = start + 1
        if previous:
            self.previous_token(keyword, strings, column, obsolete)
        elif keyword is None:
            self.continuation(strings, column, obsolete)
        else:
            self.keyword(keyword, index, strings, column, obsolete)

    def string(self, line: str, pos: int) -> tuple[str, int]:
        """The unescaped string starting at the quote ``line[pos]``, and where it ends."""
        match = _STRING.match(line, pos)
        if match is None:
            raise self.error('unterminated string: no closing " on this line', pos + 1)
        body = match.group(1)
        if "\\" not in body:
            return body, match.end()
        out: list[str] = []
        done = 0
        for esc in _ESCAPE.finditer(body):
            out.append(body[done : esc.start()])
            done = esc.end()
            column = pos + 2 + esc.start()
            simple, hexa, octal, other = esc.groups()
            if simple is not None:
                out.append(_SIMPLE_ESCAPES[simple])
                continue
            if hexa is not None or octal is not None:
                code = int(hexa, 16) if hexa is not None else int(octal, 8)
                if code > 0x7F:
                    raise self.error(
                        "a byte escape above 0x7f: write the character itself (UTF-8)", column
                    )
                out.append(chr(code))
                continue
            shown = f"\\{other}" if other else "\\"
            raise self.error(f"invalid escape {shown!r} in a string", column)
        out.append(body[done:])
        return "".join(out), match.end()

    # --- entries --------------------------------------------------------------------------

    def missing(self) -> str:
        entry = self.entry
        assert entry is not None
        if entry.msgid is None:
            return "msgid"
        return "msgstr[0]" if entry.msgid_plural is not None else "msgstr"

    def start(self, obsolete: bool) -> None:
        self.finish()
        entry = PoEntry(line=self.line, obsolete=obsolete, flags=frozenset(self.flags))
        if self.previous:
            if self.previous_obsolete != obsolete:
                raise self.error("a #| comment and the entry after it differ in being obsolete")
            entry.previous_context = _text(self.previous.get("msgctxt"))
            entry.previous_msgid = _text(self.previous.get("msgid"))
            entry.previous_msgid_plural = _text(self.previous.get("msgid_plural"))
        self.flags = set()
        self.previous = {}
        self.previous_last = None
        self.entry = entry
        self.values = {}

    def keyword(
        self, keyword: str, index: int | None, strings: list[str], column: int, obsolete: bool
    ) -> None:
        entry = self.entry
        if entry is not None and entry.obsolete != obsolete and not entry.complete:
            raise self.error("an obsolete (#~) line and a current one in the same entry", column)
        starts = keyword in ("msgctxt", "msgid")
        if entry is not None and not entry.complete and starts and entry.msgid is None:
            self.flush_values(entry)
        if entry is not None and not entry.complete and starts and entry.msgid is not None:
            raise self.error(
                f"{keyword} here: expected the {self.missing()} of the entry at line {entry.line}",
                column,
            )
        fresh = entry is None or (entry.complete and starts)
        if fresh:
            self.start(obsolete)
            entry = self.entry
        assert entry is not None
        name = keyword if index is None else f"msgstr[{index}]"
        if keyword == "msgctxt":
            if entry.msgid is not None or "msgctxt" in self.values:
                raise self.error("msgctxt here: it must come first in its entry", column)
        elif keyword == "msgid":
            if entry.msgid is not None or "msgid" in self.values:
                raise self.error(f"a second msgid: {self.missing()} expected", column)
        elif entry.msgid is None and "msgid" not in self.values:
            raise self.error(f"{name} without a msgid before it", column)
        elif keyword == "msgid_plural":
            if "msgid_plural" in self.values or entry.complete or "msgstr" in self.values:
                raise self.error("msgid_plural here: it must follow msgid", column)
        elif index is None:
            if entry.complete or "msgstr" in self.values:
                raise self.error("a second msgstr in one entry", column)
            if "msgid_plural" in self.values:
                raise self.error("msgstr after msgid_plural: expected msgstr[0]", column)
        else:
            if "msgid_plural" not in self.values:
                raise self.error(f"{name} without msgid_plural: expected msgstr", column)
            expected = len(entry.plurals)
            if index != expected:
                raise self.error(f"{name} out of order: expected msgstr[{expected}]", column)
        self.flush_values(entry)
        self.values[name] = _Value(self.line)
        self.last = name
        self.extend(name, strings, column)
        if keyword == "msgstr" and index is not None:
            entry.plurals.append("")
            entry.plural_lines.append(self.line)
        elif keyword == "msgstr":
            entry.msgstr = ""
            entry.msgstr_line = self.line

    def continuation(self, strings: list[str], column: int, obsolete: bool) -> None:
        entry = self.entry
        if self.last is None or entry is None:
            raise self.error("a string with no keyword before it", column)
        if entry.obsolete != obsolete:
            raise self.error("an obsolete (#~) line and a current one in the same entry", column)
        self.extend(self.last, strings, column)

    def extend(self, name: str, strings: list[str], column: int) -> None:
        value = self.values[name]
        for piece in strings:
            if not piece:
                continue
            value.size += len(piece)
            if value.size > MAX_STRING_CHARS:
                raise self.error(
                    f"{name} is longer than {MAX_STRING_CHARS:,} characters; refusing to read on",
                    column,
                )
            value.pieces.append(piece)

    def previous_token(
        self, keyword: str | None, strings: list[str], column: int, obsolete: bool
    ) -> None:
        if self.entry is not None and not self.entry.complete:
            raise self.error(
                f"a #| comment inside an entry: {self.missing()} expected first", column
            )
        if keyword is None:
            if self.previous_last is None:
                raise self.error("a #| string with no keyword before it", column)
            name = self.previous_last
        else:
            if keyword not in ("msgctxt", "msgid", "msgid_plural"):
                raise self.error(f"#| {keyword}: only msgctxt, msgid and msgid_plural", column)
            if keyword in self.previous:
                raise self.error(f"a second #| {keyword}", column)
            name = keyword
            self.previous[name] = _Value(self.line)
            self.previous_obsolete = obsolete
        self.previous_last = name
        value = self.previous[name]
        for piece in strings:
            value.size += len(piece)
            if value.size > MAX_STRING_CHARS:
                raise self.error(f"#| {name} is longer than {MAX_STRING_CHARS:,} characters")
            if piece:
                value.pieces.append(piece)

    def flush_values(self, entry: PoEntry) -> None:
        """Store the strings collected so far into ``entry`` (joined once)."""
        for name, value in self.values.items():
            text = value.text()
            if name == "msgctxt":
                entry.context, entry.context_line = text, value.line
            elif name == "msgid":
                entry.msgid, entry.msgid_line = text, value.line
            elif name == "msgid_plural":
                entry.msgid_plural = text
            elif name == "msgstr":
                entry.msgstr = text
            else:
                entry.plurals[int(name[7:-1])] = text

    def finish(self) -> None:
        entry = self.entry
        if entry is None:
            return
        if not entry.complete:
            self.flush_values(entry)
            if entry.msgid is None and "msgid" not in self.values:
                raise self.error("an entry without msgid", line=entry.line)
            raise self.error(
                f"the entry at line {entry.line} has no {self.missing()}", line=entry.line
            )
        self.flush_values(entry)
        self.entry = None
        self.values = {}
        self.last = None
        assert entry.msgid is not None
        key = (entry.context, entry.msgid)
        first = self.seen.get(key)
        if first is not None:
            what = "a second PO header" if entry.is_header else "duplicate message definition"
            raise self.error(f"{what} (the first is at line {first})", line=entry.msgid_line)
        self.seen[key] = entry.msgid_line
        if entry.obsolete:
            self.obsolete.append(entry)
            return
        _check_line_breaks(self, entry)
        if entry.is_header:
            self.header = entry
        else:
            self.entries.append(entry)


def _check_line_breaks(parser: _Parser, entry: PoEntry) -> None:
    """msgfmt --check: a translation starts and ends with a line break iff its source
    does (export marks one that does not fuzzy, for review)."""
    assert entry.msgid is not None
    if entry.is_header or entry.fuzzy:  # msgfmt leaves fuzzy entries out, unchecked
        return
    pairs = [(entry.msgid, entry.msgstr, entry.msgstr_line)] if entry.msgstr is not None else []
    source = entry.msgid_plural if entry.msgid_plural is not None else entry.msgid
    pairs += [
        (source, text, line) for text, line in zip(entry.plurals, entry.plural_lines, strict=True)
    ]
    for msgid, msgstr, line in pairs:
        if not msgstr:
            continue
        for where, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(msgid, "\n") != test(msgstr, "\n"):
                raise parser.error(
                    f"msgid and msgstr disagree: one of them does not {where} with a line "
                    "break (\\n), as msgfmt --check requires",
                    line=line,
                )


def _text(value: _Value | None) -> str | None:
    return value.text() if value is not None else None


def _skip(line: str, pos: int) -> int:
    while pos < len(line) and line[pos] in _WHITESPACE:
        pos += 1
    return pos


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time (no list of millions of lines)."""
    pos = 0
    end = len(text)
    while pos <= end:
        stop = text.find("\n", pos)
        if stop == -1:
            if pos < end:
                yield text[pos:]
            return
        yield text[pos:stop]
        pos = stop + 1


# --- reading: the units of msgtemplate's PO files ---------------------------------------


def read(text: str, path: str) -> TranslationFile:
    """The units of a PO file, with the lines of their ``msgstr`` and ``msgctxt``."""
    po = parse(text, path)
    if po.header is None:
        raise ExchangeError(
            'invalid PO: no header entry (msgid "" with the file\'s Content-Type and '
            "Language), which msgfmt --check requires",
            path=path,
            line=1,
            column=1,
        )
    units: list[ImportedUnit] = []
    for entry in po.entries:
        assert entry.msgid is not None
        if entry.context is None:
            raise ExchangeError(
                "entry without msgctxt: msgtemplate's PO files name each unit in msgctxt "
                "(TEMPLATE_CODE.title or .body)",
                path=path,
                line=entry.msgid_line,
                column=1,
            )
        plural = entry.msgid_plural is not None
        units.append(
            ImportedUnit(
                id=entry.context,
                target=entry.msgstr or "",
                source=entry.msgid,
                fuzzy=entry.fuzzy,
                line=entry.plural_lines[0] if plural and entry.plural_lines else entry.msgstr_line,
                column=1,
                id_line=entry.context_line,
                id_column=1,
                plurals=tuple(entry.plurals) if plural else None,
                plural_positions=tuple((line, 1) for line in entry.plural_lines),
            )
        )
    language = po.header_field("Language")
    tag = language[0] if language else ""
    return TranslationFile(
        path=path,
        format="po",
        target_language=tag.replace("_", "-") if tag else None,
        source_language=None,
        units=tuple(units),
        language_line=_language_line(po),
        plural_forms=po.header_field("Plural-Forms"),
    )


def _language_line(po: PoFile) -> int:
    """The line of the header's ``Language:`` field (the header's msgstr line if unsure)."""
    header = po.header
    assert header is not None
    return header.msgstr_line or header.line
