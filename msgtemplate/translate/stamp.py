"""Stamp: record, for translations written before exchange existed, the source text
each one now corresponds to (the ``sourceHash`` that ``msgtemplate import`` writes).

A pack whose translations carry no hash cannot tell when an English text changes:
nothing is ever stale. Stamping says "these translations match today's source
texts", once, so that the next change of a source text is noticed. Only fields
without a recorded hash are stamped; a recorded hash (stale or not) is left as it
is, so stamping never hides a stale translation. The edit is surgical (only the
``sourceHash`` lines change), through the same write-back as an import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from msgtemplate.document.source import MAX_FILE_BYTES
from msgtemplate.pack.model import Pack
from msgtemplate.pack.staleness import FIELDS, field_text, source_hash
from msgtemplate.translate.files import ImportedUnit, read_bytes
from msgtemplate.translate.importer import ImportResult
from msgtemplate.translate.units import ExchangeError, checked_tag, content_key, unit_id
from msgtemplate.translate.writeback import Change, WriteBack


@dataclass(slots=True)
class StampPlan:
    """What stamping one pack does: the import-shaped result to write, and counts."""

    result: ImportResult
    stamped: dict[str, int] = field(default_factory=dict)
    """Content key -> fields stamped in it."""
    recorded: int = 0
    """Fields that already had a hash (left as they are)."""
    stale: int = 0
    """Of those, how many are stale (review them: stamping does not)."""


def plan_stamp(pack: Pack, locales: Sequence[str] = ()) -> StampPlan:
    """The ``sourceHash`` edits that record today's source texts in ``pack``, for
    every non-default variant (or those serving ``locales``)."""
    original = read_bytes(pack.path, MAX_FILE_BYTES)
    if original.decode("utf-8-sig", "replace") != pack.document.text:
        raise ExchangeError("the pack changed while it was being read; try again", path=pack.path)
    wanted = [checked_tag(pack, tag) for tag in locales]
    plan = StampPlan(ImportResult(pack, original))
    for code, template in pack.templates.items():
        default = template.content.get(template.default_locale or "")
        if default is None:
            continue
        keys = [k for k in template.content if k != template.default_locale]
        if wanted:
            chosen = {content_key(template, tag) for tag in wanted}
            keys = [k for k in keys if k in chosen]
        for key in keys:
            variant = template.content[key]
            stale_now = set()
            for which in FIELDS:
                text = variant.title if which == "title" else variant.body
                source = field_text(default, which)
                if text is None or not source:
                    continue
                recorded = variant.source_hashes.get(which)
                if recorded is not None:
                    plan.recorded += 1
                    if recorded != source_hash(source):
                        stale_now.add(which)
                    continue
                origin = ImportedUnit(
                    unit_id(code, which), text.text, source, False, text.line, text.column,
                    text.line, text.column,
                )  # fmt: skip
                plan.result.changes.append(
                    Change(code, which, key, None, text.text, source_hash(source), origin,
                           pack.path)
                )  # fmt: skip
                plan.stamped[key] = plan.stamped.get(key, 0) + 1
            plan.stale += len(stale_now)
    if plan.result.changes:
        plan.result.new_text = WriteBack(pack).apply(plan.result.changes).text
    return plan
