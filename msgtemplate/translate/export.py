"""Export: a pack's texts for one or more target locales, one file each."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from msgtemplate.document._gc import gc_paused
from msgtemplate.pack.model import Pack
from msgtemplate.pack.staleness import source_hash
from msgtemplate.translate import jsonflat, po, pot, xliff, xliff2
from msgtemplate.translate.files import EXTENSIONS, ExchangeFormat, ExportHeader
from msgtemplate.translate.forms_units import with_forms
from msgtemplate.translate.units import (
    ExchangeError,
    Unit,
    checked_tag,
    target_locales,
    units_for,
)

_WRITERS: dict[ExchangeFormat, Callable[[Sequence[Unit], ExportHeader], bytes]] = {
    "po": po.write,
    "pot": pot.write,
    "xliff": xliff.write,
    "xliff2": xliff2.write,
    "json": jsonflat.write,
}


JsonStyle = Literal["flat", "nested"]

FORMS_FORMATS: frozenset[ExchangeFormat] = frozenset({"po", "json", "xliff", "xliff2"})
"""Formats that carry a variant's ``forms`` (:mod:`.forms_units`)."""


@dataclass(frozen=True, slots=True)
class ExportedFile:
    """One exported file: its locale, its file name, its bytes and what it holds."""

    locale: str
    name: str
    data: bytes
    units: int
    translated: int
    stale: int
    source: bool = False
    """The defaultLocale's flat JSON file (the source texts), not a translation."""


def export_pack(
    pack: Pack,
    fmt: ExchangeFormat,
    locales: Sequence[str] = (),
    *,
    json_style: JsonStyle = "flat",
) -> list[ExportedFile]:
    """Files of ``pack`` in ``fmt`` for ``locales`` (default: every locale but the
    default). In flat JSON, asking for the defaultLocale gives its file of source
    texts, which translation platforms take as the source file. ``json_style``
    ``nested`` writes JSON as ``{"CODE": {"title": ..., "body": ...}}``.

    Raises :class:`~msgtemplate.translate.units.ExchangeError` for an invalid
    tag, or the default locale in a format that has no use for it.
    """
    stem = _stem(pack.path)
    default = pack.default_locale
    if fmt == "pot":
        return [_template_file(pack, stem, locales)]
    wanted: list[tuple[str, bool]] = []
    if locales:
        for tag in locales:
            if fmt == "json" and _is_default(pack, tag):
                wanted.append((default, True))
            else:
                wanted.append((checked_tag(pack, tag), False))
    else:
        wanted.extend((tag, False) for tag in target_locales(pack))
    files: list[ExportedFile] = []
    seen: set[str] = set()
    for tag, is_source in wanted:
        if tag in seen:
            continue
        seen.add(tag)
        with gc_paused():  # units and document trees: many small acyclic objects
            units = units_for(pack, None if is_source else tag)
            if fmt in FORMS_FORMATS:
                units = with_forms(pack, None if is_source else tag, units, plural=fmt != "xliff2")
            header = ExportHeader(
                pack_name=stem,
                source_locale=default,
                target_locale=tag,
                date=_modified(pack.path),
                revision=source_hash("\x00".join(u.source for u in units)),
            )
            nested = json_style == "nested"
            if fmt == "json":
                data = jsonflat.write(units, header, source=is_source, nested=nested)
            else:
                data = _WRITERS[fmt](units, header)
        files.append(
            ExportedFile(
                locale=tag,
                name=f"{stem}.{tag}.{EXTENSIONS[fmt]}",
                data=data,
                units=len(units),
                translated=sum(u.target is not None for u in units),
                stale=sum(u.stale for u in units),
                source=is_source,
            )
        )
    return files


def _template_file(pack: Pack, stem: str, locales: Sequence[str]) -> ExportedFile:
    """The POT file: the source texts alone, for every target locale at once."""
    if locales:
        raise ExchangeError(
            "--format pot holds the source texts for every language: it takes no --locale"
        )
    units = with_forms(pack, None, units_for(pack, None))
    header = ExportHeader(
        pack_name=stem,
        source_locale=pack.default_locale,
        target_locale="",
        date=_modified(pack.path),
        revision=source_hash("\x00".join(u.source for u in units)),
    )
    return ExportedFile(
        locale=pack.default_locale,
        name=f"{stem}.{EXTENSIONS['pot']}",
        data=pot.write(units, header),
        units=len(units),
        translated=0,
        stale=0,
        source=True,
    )


def _is_default(pack: Pack, tag: str) -> bool:
    from msgtemplate.locales import LocaleError, maximize

    try:
        return maximize(tag) == maximize(pack.default_locale)
    except LocaleError:
        return False  # checked_tag words the error


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0] or "pack"


def _modified(path: str) -> dt.datetime:
    """The pack's modification time (UTC, to the minute, as PO headers show it)."""
    try:
        stamp = os.stat(path).st_mtime
    except OSError:
        stamp = 0.0
    return dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc).replace(second=0, microsecond=0)
