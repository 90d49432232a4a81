"""Import: translation files back into a pack, every text checked before anything is
written, the pack left byte-for-byte unchanged on any refusal.

:func:`plan_import` reads the files, matches each unit to its source text in the
pack, checks every translation (:mod:`~msgtemplate.translate.checks`), works
out the surgical edits (:mod:`~msgtemplate.translate.writeback`), re-reads
the result and lints it: a linter error inside a changed text refuses that text
too. :func:`write_import` then replaces the pack atomically, if it is still the
file that was read.

What is recorded: a written translation records the hash of the source text it
was made from (``sourceHash``); a translation that comes back unchanged and not
fuzzy, from a file that shows the current source text, confirms a stale one
(its hash is brought up to date). Nothing else changes, so importing an
unedited export changes nothing at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from msgtemplate._text.suggest import did_you_mean
from msgtemplate.document._gc import gc_paused
from msgtemplate.document.source import MAX_FILE_BYTES
from msgtemplate.locales import LocaleError, maximize, normalize_tag
from msgtemplate.pack.model import Pack
from msgtemplate.pack.staleness import FIELDS, TextField, field_text, source_hash
from msgtemplate.translate.checks import check_translation
from msgtemplate.translate.files import ImportedUnit, TranslationFile, read_bytes
from msgtemplate.translate.forms_import import FormsImport, NoteKind
from msgtemplate.translate.forms_units import is_form_id
from msgtemplate.translate.reading import read_translation_file
from msgtemplate.translate.units import (
    ExchangeError,
    checked_tag,
    content_key,
    pack_key,
    split_unit_id,
    unit_id,
)
from msgtemplate.translate.writeback import Change, WriteBack

if TYPE_CHECKING:
    from msgtemplate.document.writing import Lock
    from msgtemplate.lint.config import LintConfig


@dataclass(frozen=True, slots=True)
class Note:
    """Something about one unit of a translation file, at its place in that file."""

    kind: NoteKind
    path: str
    line: int
    column: int
    unit: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.unit}: {self.message}" if self.unit else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "unit": self.unit,
            "message": self.message,
        }


@dataclass(slots=True)
class ImportResult:
    """What an import would do (or did): the changes, and every note about the files."""

    pack: Pack
    original: bytes
    """The pack file as read; it is rewritten only while it still holds exactly this."""
    changes: list[Change] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    unchanged: int = 0
    locales: dict[str, str] = field(default_factory=dict)
    """Translation file -> the pack's content key it was imported into."""
    new_text: str | None = None
    """The pack's new text; None when nothing changes or something was refused."""

    @property
    def refused(self) -> bool:
        return any(n.kind == "refused" for n in self.notes)

    def count(self, kind: NoteKind) -> int:
        return sum(1 for n in self.notes if n.kind == kind)


def plan_import(
    pack: Pack,
    paths: Sequence[str],
    *,
    locale: str | None = None,
    lint_config: LintConfig | None = None,
    skip_invalid: bool = False,
    strict: bool = False,
) -> ImportResult:
    """Read ``paths`` and work out what importing them into ``pack`` does.

    ``locale`` names the target language when a file does not (flat JSON not named
    ``<stem>.<locale>.json``), or must agree with what it says. Raises
    :class:`~msgtemplate.translate.units.ExchangeError` for a file that cannot
    be used at all (unreadable, malformed, wrong or unknown language); problems with
    single units are :class:`Note` objects in the result.

    All or nothing by default: any refused unit leaves ``new_text`` None. With
    ``skip_invalid`` the refused units are left out and the rest is written (the
    refusals stay in the notes, so the caller still reports them and fails).
    ``strict`` refuses a text the linter has a warning about (the translation-quality
    rules, MT9xx, among them), not only errors; information never refuses.
    """
    with gc_paused():  # parsed files, units and edits: many small acyclic objects
        return _plan(pack, paths, locale, lint_config, skip_invalid, strict=strict)


def _plan(
    pack: Pack,
    paths: Sequence[str],
    locale: str | None,
    lint_config: LintConfig | None,
    skip_invalid: bool,
    *,
    strict: bool = False,
) -> ImportResult:
    original = read_bytes(pack.path, MAX_FILE_BYTES)
    if original.decode("utf-8-sig", "replace") != pack.document.text:
        raise ExchangeError("the pack changed while it was being read; try again", path=pack.path)
    result = ImportResult(pack, original)
    planner = _Planner(pack, result, strict=strict)
    files = [read_translation_file(path) for path in paths]
    for file in files:
        key = _target(pack, file, locale)
        result.locales[file.path] = key
        planner.plan(file, key)
    while result.changes:
        outcome = WriteBack(pack).apply(result.changes, lint_config)
        refused: set[int] = set()
        for change, finding in outcome.findings:
            origin = change.origin
            kind = _kind(finding.severity, strict)
            message = f"{finding.message} ({finding.code} {finding.name})"
            if kind == "refused":
                refused.add(id(change))
            note = Note(kind, change.path, origin.line, origin.column, origin.id, message)
            if note not in result.notes:  # a second pass finds the same warnings again
                result.notes.append(note)
        if not result.refused:
            result.new_text = outcome.text
            break
        if not skip_invalid:
            break
        if refused:  # leave out what the linter refused, and check the rest again
            result.changes = [c for c in result.changes if id(c) not in refused]
            continue
        result.new_text = outcome.text  # refusals were of units never planned
        break
    order = {path: index for index, path in enumerate(paths)}
    result.notes.sort(key=lambda n: (order.get(n.path, len(order)), n.line, n.column))
    return result


def _kind(severity: str, strict: bool) -> NoteKind:
    """How a linter finding in an imported text is reported."""
    if severity == "error" or (strict and severity == "warning"):
        return "refused"
    return "info" if severity == "info" else "warning"


def _target(pack: Pack, file: TranslationFile, locale: str | None) -> str:
    """The content key ``file`` is imported into (the pack's spelling of its locale)."""
    declared = file.target_language

    def error(message: str) -> ExchangeError:
        return ExchangeError(message, path=file.path, line=file.language_line, column=1)

    if locale is not None and declared and not _same(locale, declared):
        raise error(f"the file is for {declared!r}, but --locale says {locale!r}")
    tag = locale or declared
    if not tag:
        hint = " (name it <stem>.<locale>.json)" if file.format == "json" else ""
        raise error(f"cannot tell the target language: the file does not say; pass --locale{hint}")
    if file.source_language and not _same(file.source_language, pack.default_locale):
        raise error(
            f"the file translates from {file.source_language!r}, but the pack's "
            f"defaultLocale is {pack.default_locale!r}"
        )
    try:
        return pack_key(pack, checked_tag(pack, tag))
    except ExchangeError as exc:
        raise error(exc.message) from None


def _same(a: str, b: str) -> bool:
    try:
        return maximize(normalize_tag(a)) == maximize(normalize_tag(b))
    except LocaleError:
        return a == b


class _Planner:
    """Turns the units of each file into changes and notes."""

    def __init__(self, pack: Pack, result: ImportResult, *, strict: bool = False) -> None:
        self.pack = pack
        self.result = result
        self.forms = FormsImport(pack, self.form_note, strict=strict)
        self.ids = [
            unit_id(code, f)
            for code, t in pack.templates.items()
            for f in FIELDS
            if t.default_locale and field_text(t.content[t.default_locale], f)
        ]
        self.known = frozenset(self.ids)
        self.unknown = 0
        self.matched = 0
        self.seen: dict[tuple[str, str], tuple[str, int]] = {}

    def note(
        self,
        kind: NoteKind,
        file: TranslationFile,
        unit: ImportedUnit,
        message: str,
        *,
        at_id: bool = False,
    ) -> None:
        """A note at the unit's text, or at its id (``at_id``: the id is what is wrong)."""
        line, column = (unit.id_line, unit.id_column) if at_id else (unit.line, unit.column)
        self.result.notes.append(Note(kind, file.path, line, column, unit.id, message))

    def form_note(
        self, kind: NoteKind, file: TranslationFile, unit: ImportedUnit, message: str, at_id: bool
    ) -> None:
        self.note(kind, file, unit, message, at_id=at_id)

    def plan(self, file: TranslationFile, key: str) -> None:
        first_note = len(self.result.notes)
        self.unknown = 0
        self.plan_units(file, key)
        if file.units and self.unknown == len(file.units):
            # Not one unit of this pack: the file belongs to another pack (or to this
            # one long ago). One refusal says so, instead of a line per unit.
            del self.result.notes[first_note:]
            n = len(file.units)
            self.result.notes.append(
                Note(
                    "refused",
                    file.path,
                    file.units[0].id_line,
                    file.units[0].id_column,
                    None,
                    f"none of its {n} unit{'s' if n != 1 else ''} is a text of this pack "
                    f"(first: {file.units[0].id!r}); is the file for another pack?",
                )
            )

    def plan_units(self, file: TranslationFile, key: str) -> None:
        bodies: dict[str, ImportedUnit] = {}
        pending_titles: list[tuple[ImportedUnit, str]] = []
        for unit in file.units:
            first = self.seen.get((key, unit.id))
            if first is not None:
                where = f"{first[0]}:{first[1]}" if first[0] != file.path else f"line {first[1]}"
                self.note("refused", file, unit, f"appears twice (first at {where})", at_id=True)
                continue
            self.seen[(key, unit.id)] = (file.path, unit.id_line)
            if is_form_id(unit.id):  # a phrase of a count or select parameter
                if not self.forms.collect(file, unit):
                    self.unknown += 1
                continue
            parsed = split_unit_id(unit.id)
            if unit.plurals is not None and parsed is not None:
                self.note(
                    "refused",
                    file,
                    unit,
                    f"a plural entry (msgid_plural) for a {parsed[1]}: titles and bodies are "
                    "plain entries; only the forms of a count parameter "
                    f"({parsed[0]}.forms.NAME) are plural",
                    at_id=True,
                )
                continue
            template = self.pack.templates.get(parsed[0]) if parsed else None
            if parsed is None or template is None or unit.id not in self.known:
                self.unknown_unit(file, unit, parsed)
                continue
            code, which = parsed
            if not unit.target:
                self.note("skipped", file, unit, "untranslated")
                continue
            if unit.fuzzy:
                self.note("skipped", file, unit, "marked fuzzy / needs review")
                continue
            existing_key = content_key(template, key)
            if existing_key is None and which == "title":
                pending_titles.append((unit, code))
                continue
            if self.change(file, unit, code, which, key) and which == "body":
                bodies[code] = unit
        for unit, code in pending_titles:
            if code in bodies:
                self.change(file, unit, code, "title", key)
            else:
                self.note(
                    "skipped",
                    file,
                    unit,
                    f"no body translation for {key!r}, which {code} does not have yet; "
                    "a title alone cannot make a variant",
                )
        self.result.changes.extend(self.forms.changes(file, key, set(bodies)))
        self.result.unchanged += self.forms.unchanged
        self.forms.unchanged = 0

    def unknown_unit(
        self, file: TranslationFile, unit: ImportedUnit, parsed: tuple[str, TextField] | None
    ) -> None:
        """A unit the pack has no source text for: *obsolete* when its id names a
        template (or a field of one) the pack no longer has, a warning and skipped;
        otherwise not a unit id at all, refused with a did-you-mean among the units of
        the same template only."""
        self.unknown += 1
        if parsed is not None:
            code, which = parsed
            gone = (
                f"the pack has no template {code} (any more)"
                if code not in self.pack.templates
                else f"{code} has no {which} in {self.pack.default_locale} (any more)"
            )
            self.note("warning", file, unit, f"obsolete: {gone}; skipped")
            return
        code = unit.id.rpartition(".")[0]
        same = [i for i in self.ids if i.rpartition(".")[0] == code] if code else []
        # A did-you-mean compares with the template's own ids only: linear time for a
        # file of another pack, and no suggestion that would move text elsewhere.
        hint = did_you_mean(unit.id, same) if same else ""
        self.note("refused", file, unit, f"unknown unit{hint}", at_id=True)

    def change(
        self,
        file: TranslationFile,
        unit: ImportedUnit,
        code: str,
        which: TextField,
        key: str,
    ) -> bool:
        """Record the change ``unit`` asks for, if any and if its text passes the
        checks; whether one was recorded. A text the pack already holds is not
        checked again (the linter reports what is wrong with the pack itself)."""
        template = self.pack.templates[code]
        default = template.content[template.default_locale or ""]
        current_source = field_text(default, which) or ""
        written_from = unit.source if unit.source is not None else current_source
        recorded_hash = source_hash(written_from)
        existing_key = content_key(template, key)
        variant = template.content.get(existing_key) if existing_key else None
        old = field_text(variant, which) if variant else None
        old_hash = variant.source_hashes.get(which) if variant else None
        current_hash = source_hash(current_source)
        if written_from != current_source and old is not None and old_hash == current_hash:
            self.note(
                "skipped",
                file,
                unit,
                "translated from another source text than the pack's (the file's source "
                "differs); the pack's translation matches the pack's source and is kept",
            )
            return False
        if unit.target == old:
            shows_source = unit.source is not None and unit.source == current_source
            if old_hash is None or old_hash == recorded_hash or not shows_source:
                self.result.unchanged += 1
                return False
            text: str | None = None  # confirmed as is: only the hash moves on
        else:
            text = unit.target
        problems = check_translation(current_source, unit.target, template.parameters)
        for problem in problems:
            kind: NoteKind = "refused" if problem.severity == "error" else "warning"
            self.note(kind, file, unit, problem.message)
        if any(p.severity == "error" for p in problems):
            return False
        if written_from != current_source:
            self.note(
                "warning",
                file,
                unit,
                "translated from another source text than the pack's (the file's source "
                "differs from the pack's); marked stale, for review",
            )
        self.result.changes.append(
            Change(
                code=code,
                field=which,
                locale=existing_key or key,
                text=text,
                old=old,
                source_hash=recorded_hash,
                origin=unit,
                path=file.path,
            )
        )
        return True


def write_import(result: ImportResult, lock: Lock | None = None) -> None:
    """Replace the pack with ``result.new_text`` (atomically, through
    :mod:`~msgtemplate.document.writing`), if it is unchanged since it was read; the
    original's BOM is kept. ``lock`` is the pack's lock, held since before it was
    read (:func:`~msgtemplate.document.writing.locked`): the replace then also
    re-checks that the file is the one the lock saw."""
    from msgtemplate.document.writing import write_file

    if result.new_text is None:
        return
    path = result.pack.path
    if read_bytes(path, MAX_FILE_BYTES) != result.original:
        raise ExchangeError(
            "the pack changed on disk during the import; nothing written", path=path
        )
    bom = b"\xef\xbb\xbf" if result.original.startswith(b"\xef\xbb\xbf") else b""
    data = bom + result.new_text.encode("utf-8")
    if lock is not None:
        lock.write(data)
    else:
        write_file(path, data)
