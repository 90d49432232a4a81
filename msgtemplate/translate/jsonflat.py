"""Flat JSON (``--format json``): ``{"CODE.title": "...", "CODE.body": "..."}``; nested
objects (``{"CODE": {"title": ...}}``, :mod:`.jsonnested`) are read too, and written
with ``--json-style nested``.

The shape i18next, Crowdin and Lokalise import as "flat JSON": one object per
locale, keys in pack order, UTF-8. Flat JSON cannot say "needs review", so a
target file holds only current translations: untranslated and stale units are
absent (a tool shows them as untranslated). The defaultLocale's file (asked for
with ``--locale``) holds every source text: what a tool takes as the source file.

The target language is the ``<stem>.<locale>.json`` part of the file name, unless
``--locale`` names it. Reading uses the positioned JSON loader, so problems point
at the key or value in the file, and repeated keys are seen, not merged.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence

from msgtemplate.document.source import DocumentError, MappingNode, ScalarNode, parse_document
from msgtemplate.locales import LocaleError, normalize_tag
from msgtemplate.translate import forms_units
from msgtemplate.translate.files import ExportHeader, ImportedUnit, TranslationFile
from msgtemplate.translate.jsonnested import NestingError, leaves, nest
from msgtemplate.translate.units import ExchangeError, Unit


def write(
    units: Sequence[Unit], header: ExportHeader, *, source: bool = False, nested: bool = False
) -> bytes:
    """The flat JSON object of ``units``: their sources when ``source`` (the
    defaultLocale's file), else their current translations. ``nested`` writes
    ``{"CODE": {"title": ..., "body": ...}}`` instead (:mod:`.jsonnested`)."""
    data: dict[str, str] = {}
    for unit in units:
        if forms_units.is_form_id(unit.id):  # a phrase of a count or select parameter
            data.update(forms_units.json_entries(unit, source=source))
        elif source:
            data[unit.id] = unit.source
        elif unit.target is not None and not unit.stale:
            data[unit.id] = unit.target
    shaped: Mapping[str, object] = nest(data) if nested else data
    return (json.dumps(shaped, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def language_from_name(path: str) -> str | None:
    """``fr`` from ``shop.fr.json``; None when the name holds no valid tag there."""
    parts = os.path.basename(path).split(".")
    if len(parts) < 3:
        return None
    try:
        return normalize_tag(parts[-2])
    except LocaleError:
        return None


def read(text: str, path: str) -> TranslationFile:
    """The units of a flat JSON file (an object of strings)."""
    try:
        document = parse_document(text, path, "json")
    except DocumentError as exc:
        raise ExchangeError(exc.message, path=path, line=exc.line, column=exc.column) from None
    root = document.root
    if not isinstance(root, MappingNode):
        line, column = (root.line, root.column) if root is not None else (1, 1)
        raise ExchangeError(
            'expected a flat JSON object ({"CODE.body": "text", ...})',
            path=path,
            line=line,
            column=column,
        )
    units: list[ImportedUnit] = []
    try:
        for unit, value, key in leaves(root):
            if not isinstance(value, ScalarNode) or not isinstance(value.value, (str, type(None))):
                raise ExchangeError(
                    f"{unit!r} holds a list or a value that is not text: a JSON translation "
                    'file maps unit ids (flat "CODE.body" keys, or nested {"CODE": '
                    '{"body": ...}}) to texts',
                    path=path,
                    line=value.line,
                    column=value.column,
                )
            target = value.value if isinstance(value.value, str) else ""
            units.append(
                ImportedUnit(
                    unit, target, None, False, value.line, value.column, key.line, key.column
                )
            )
    except NestingError as exc:
        raise ExchangeError(str(exc), path=path, line=exc.key.line, column=exc.key.column) from None
    return TranslationFile(
        path=path,
        format="json",
        target_language=language_from_name(path),
        source_language=None,
        units=tuple(units),
    )
