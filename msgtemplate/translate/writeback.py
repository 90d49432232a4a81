"""Surgical write-back: imported texts into a pack's own text, nothing else touched.

Only the changed string values (and new variants, and ``sourceHash`` entries)
change; comments, key order, quoting and blank lines elsewhere stay byte for byte.
Every edit replaces an exact character range found by
:class:`~msgtemplate.translate.yaml_edit.YamlTree` or
:class:`~msgtemplate.translate.json_edit.JsonTree`. The result is then read
again, as a pack and by the linter: it must hold exactly the intended values and
nothing else different, or nothing is written; linter findings inside the
changed texts are returned, each with the change that caused it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from msgtemplate.document.lines import line_starts
from msgtemplate.document.source import MAX_FILE_BYTES, DocumentError, MappingNode, parse_document
from msgtemplate.pack.model import Pack
from msgtemplate.pack.staleness import FIELDS, TextField, field_text
from msgtemplate.translate.edits import Edit, NewMapping, NewValue, apply_edits
from msgtemplate.translate.files import ImportedUnit
from msgtemplate.translate.forms_edit import (
    form_edits,
    forms_after,
    new_forms,
    phrases_of,
    sets_on_one_line,
)
from msgtemplate.translate.json_edit import JsonTree
from msgtemplate.translate.units import ExchangeError
from msgtemplate.translate.yaml_edit import YamlTree

if TYPE_CHECKING:
    from msgtemplate.lint.config import LintConfig
    from msgtemplate.lint.findings import Finding


@dataclass(frozen=True, slots=True)
class Change:
    """One text to write into the pack, or only its source hash to record.

    ``locale`` is the content key (new when the template has no such variant);
    ``text`` None keeps the current text; ``source_hash`` None records nothing.
    ``origin`` and ``path`` say which unit of which file asked for it. ``form``
    (parameter, key) makes it a phrase of the variant's ``forms`` instead of a title
    or body (``field`` is then ``body``, the text the phrase is a value in).
    """

    code: str
    field: TextField
    locale: str
    text: str | None
    old: str | None
    source_hash: str | None
    origin: ImportedUnit
    path: str
    form: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """The pack's new text, and the linter's findings inside the changed texts."""

    text: str
    findings: list[tuple[Change, Finding]]


class WriteBack:
    """Applies changes to one pack's text."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        document = pack.document
        self.tree: YamlTree | JsonTree = (
            JsonTree(document) if document.format == "json" else YamlTree(document)
        )

    def apply(self, changes: Sequence[Change], lint_config: LintConfig | None = None) -> Outcome:
        """The new text for ``changes`` and the findings they cause; raises
        :class:`ExchangeError` when the result would not be exactly what was meant."""
        owned = self._edits(changes)
        edits = [edit for edit, _ in owned]
        text = apply_edits(self.pack.document.text, edits)
        if len(text.encode("utf-8")) > MAX_FILE_BYTES:
            raise ExchangeError(
                f"with these translations the pack would be over the {MAX_FILE_BYTES:,}-byte "
                "limit packs are read with; nothing written",
                path=self.pack.path,
            )
        from msgtemplate.lint.model import DEFAULT_OPTIONS, build_model
        from msgtemplate.lint.runner import check_model

        try:
            document = parse_document(text, self.pack.path, self.pack.document.format)
        except DocumentError as exc:
            raise self._bug(f"the result does not parse ({exc})") from None
        model = build_model(document, lint_config.rule_options if lint_config else DEFAULT_OPTIONS)
        if model is None or model.pack is None:
            raise self._bug("the result is no pack")
        if model.problems:
            raise self._bug(f"the result has a problem: {model.problems[0].message}")
        self._verify(model.pack, changes)
        findings = _selected(check_model(model), document.lines(), lint_config)
        owners = _owners(findings, owned, text, document.format)
        return Outcome(text, list(owners))

    def _bug(self, why: str) -> ExchangeError:
        return ExchangeError(
            f"could not write the translations safely: {why}; the pack is unchanged "
            "(this is a bug in msgtemplate: please report it with the files)",
            path=self.pack.path,
        )

    # --- edits --------------------------------------------------------------------------

    def _edits(self, changes: Sequence[Change]) -> list[tuple[Edit, list[Change]]]:
        groups: dict[tuple[str, str], list[Change]] = {}
        for change in changes:
            groups.setdefault((change.code, change.locale), []).append(change)
        owned: list[tuple[Edit, list[Change]]] = []
        compact = sets_on_one_line(self.tree, self.pack) if any(c.form for c in changes) else True
        for index, ((code, locale), group) in enumerate(groups.items()):
            # A group's forms go after its texts (order + 1), its sourceHash last (+ 2).
            order = 3 * index
            template = self.pack.templates[code]
            variant = template.content.get(locale)
            if variant is None:
                content = (*template.pointer, "content")
                on_one_line = self.tree.sibling_is_flow(content)
                mapping = _new_variant(group, compact=on_one_line, sets_compact=compact)
                owned.append((self.tree.append(content, [(locale, mapping)], order), group))
                continue
            pointer = variant.pointer
            forms = [c for c in group if c.form is not None]
            if forms:
                owned.extend(
                    form_edits(
                        self.tree, self.pack.document, variant, forms, order + 1, compact=compact
                    )
                )
            for change in group:
                if change.text is None or change.form is not None:
                    continue
                if field_text(variant, change.field) is not None:
                    edit = self.tree.replace((*pointer, change.field), change.text)
                else:  # a title the variant does not have yet
                    edit = self.tree.insert_before(pointer, "body", [("title", change.text)], order)
                owned.append((edit, [change]))
            hashes = _hashes(
                c for c in group if c.source_hash != variant.source_hashes.get(c.field)
            )
            owned.extend((edit, group) for edit in self._hash_edits(pointer, hashes, order + 1))
        return owned

    def _hash_edits(
        self, pointer: tuple[str | int, ...], hashes: list[tuple[str, NewValue]], order: int
    ) -> list[Edit]:
        if not hashes:
            return []
        node = self.pack.document.node_at(pointer)
        existing = node.get("sourceHash") if isinstance(node, MappingNode) else None
        if not isinstance(existing, MappingNode):
            entry = ("sourceHash", NewMapping(tuple(hashes), compact=True))
            return [self.tree.append(pointer, [entry], order + 1)]
        edits: list[Edit] = []
        missing: list[tuple[str, NewValue]] = []
        for name, value in hashes:
            assert isinstance(value, str)
            if existing.get(name) is not None:
                edits.append(self.tree.replace((*pointer, "sourceHash", name), value))
            else:
                missing.append((name, value))
        if missing:
            edits.append(self.tree.append((*pointer, "sourceHash"), missing, order + 1))
        return edits

    # --- verification ---------------------------------------------------------------------

    def _verify(self, new: Pack, changes: Sequence[Change]) -> None:
        """The new pack must be the old one plus exactly ``changes``."""
        old = self.pack
        if (old.default_locale, old.app_id, old.format_version) != (
            new.default_locale,
            new.app_id,
            new.format_version,
        ) or list(old.templates) != list(new.templates):
            raise self._bug("the pack's own keys or templates differ")
        texts = {
            (c.code, c.locale, c.field): c.text
            for c in changes
            if c.text is not None and c.form is None
        }
        hashes = {(c.code, c.locale, c.field): c.source_hash for c in changes if c.source_hash}
        for code, before in old.templates.items():
            after = new.templates[code]
            same = (
                before.name == after.name
                and before.channel == after.channel
                and before.redirect_url == after.redirect_url
                and before.parameters == after.parameters
                and before.default_locale == after.default_locale
            )
            added = [k for k in after.content if k not in before.content]
            if not same or list(after.content)[: len(before.content)] != list(before.content):
                raise self._bug(f"template {code} differs beyond its texts")
            for locale in [*before.content, *added]:
                variant = after.content[locale]
                previous = before.content.get(locale)
                for field in FIELDS:
                    want = texts.get((code, locale, field))
                    if want is None:
                        want = field_text(previous, field) if previous else None
                    if field_text(variant, field) != want:
                        raise self._bug(f"the {field} of {code} [{locale}] is not what was meant")
                    recorded = hashes.get(
                        (code, locale, field),
                        previous.source_hashes.get(field) if previous else None,
                    )
                    if variant.source_hashes.get(field) != recorded:
                        raise self._bug(
                            f"the sourceHash of {code} [{locale}] is not what was meant"
                        )
                if phrases_of(variant) != forms_after(previous, code, locale, changes):
                    raise self._bug(f"the forms of {code} [{locale}] are not what was meant")
            expected = {c.locale for c in changes if c.code == code} - set(before.content)
            if set(added) != expected:
                raise self._bug(f"template {code} did not get the variants meant")


def _new_variant(group: Sequence[Change], *, compact: bool, sets_compact: bool) -> NewMapping:
    by_field = {c.field: c for c in group if c.form is None}
    items: list[tuple[str, NewValue]] = []
    for name in FIELDS:
        change = by_field.get(name)
        if change is not None and change.text is not None:
            items.append((name, change.text))
    forms = new_forms([c for c in group if c.form is not None], compact=sets_compact)
    if forms is not None:
        items.append(("forms", forms))
    hashes = _hashes(group)
    if hashes:
        items.append(("sourceHash", NewMapping(tuple(hashes), compact=True)))
    return NewMapping(tuple(items), compact=compact)


def _hashes(changes: Iterable[Change]) -> list[tuple[str, NewValue]]:
    by_field = {c.field: c.source_hash for c in changes if c.source_hash and c.form is None}
    return [(name, by_field[name]) for name in FIELDS if name in by_field]


# --- findings ---------------------------------------------------------------------------


def _selected(
    findings: list[Finding], lines: list[str], config: LintConfig | None
) -> list[Finding]:
    from msgtemplate.lint.noqa import without_suppressed

    if config is not None:
        findings = [f for f in findings if config.enabled(f.code)]
    return without_suppressed(findings, lines)


def _owners(
    findings: Iterable[Finding],
    owned: Sequence[tuple[Edit, list[Change]]],
    text: str,
    fmt: str,
) -> Iterable[tuple[Change, Finding]]:
    """Each finding that lies inside a changed text, with the change it belongs to."""
    spans: list[tuple[int, int, list[Change]]] = []
    shift = 0
    for edit, changes in sorted(owned, key=lambda o: (o[0].start, o[0].end, o[0].order)):
        start = edit.start + shift
        spans.append((start, start + len(edit.replacement), changes))
        shift += len(edit.replacement) - (edit.end - edit.start)
    starts = [s for s, _, _ in spans]
    starts_of_lines = line_starts(text, fmt)
    for finding in findings:
        if not 0 < finding.line <= len(starts_of_lines):
            continue
        line_start = starts_of_lines[finding.line - 1]
        offset = line_start + finding.column - 1
        index = bisect_right(starts, offset) - 1
        if index < 0:
            continue
        start, end, changes = spans[index]
        if start <= offset < end:
            line_end = text.find("\n", line_start)
            line = text[line_start : line_end if line_end != -1 else len(text)]
            yield _which(changes, line), finding


def _which(changes: list[Change], line: str) -> Change:
    """The change a line of a new variant belongs to (its title or its body)."""
    if len(changes) > 1:
        stripped = line.lstrip().lstrip("{,").lstrip().lstrip('"')
        for change in changes:
            if stripped.startswith(change.form[0] if change.form else change.field):
                return change
    return changes[0]
