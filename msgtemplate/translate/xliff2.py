"""XLIFF 2.0 (``--format xliff2``): what Crowdin and newer Weblate read.

``<unit id="CODE.body">`` holds ``<notes>`` and one ``<segment>`` with ``<source>``
and ``<target>`` (absent when there is no translation). The segment's ``state`` is
``initial`` when there is nothing to keep or the translation is stale, else
``translated``. Each ``${name}`` is ``<ph id="1" disp="${name}" equiv="${name}"/>``.
A template code that is not an XML name token gets a numbered unit id; ``name``
always holds the unit id, and reading prefers it.

Reading joins a unit's segments and ``<ignorable>`` parts (tools split sentences);
any segment in state ``initial`` makes the unit fuzzy.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Final

from msgtemplate.translate import _xml
from msgtemplate.translate.files import ExportHeader, ImportedUnit, TranslationFile
from msgtemplate.translate.units import ExchangeError, Unit

NS: Final = "urn:oasis:names:tc:xliff:document:2.0"
STALE_STATE: Final = "initial"
_LEAVES: Final = frozenset({"source", "target", "note"})
_NMTOKEN: Final = re.compile(r"[A-Za-z0-9._:\-\u00b7\u00c0-\ufffd]+")


def _q(name: str) -> str:
    # Built unqualified, with the namespace declared on the root (ElementTree's
    # default_namespace option refuses unqualified attributes).
    return name


def write(units: Sequence[Unit], header: ExportHeader) -> bytes:
    """An XLIFF 2.0 document of ``units`` (UTF-8 bytes)."""
    root = ET.Element(
        _q("xliff"),
        {
            "xmlns": NS,
            "version": "2.0",
            "srcLang": header.source_locale,
            "trgLang": header.target_locale,
        },
    )
    file = ET.SubElement(root, _q("file"), {"id": "f1", "original": header.pack_name})
    for index, unit in enumerate(units, 1):
        ident = unit.id if _NMTOKEN.fullmatch(unit.id) else f"u{index}"
        element = ET.SubElement(file, _q("unit"), {"id": ident, "name": unit.id})
        notes = ET.SubElement(element, _q("notes"))
        for line in unit.notes():
            ET.SubElement(notes, _q("note"), {"category": "msgtemplate"}).text = line
        fresh = unit.target is not None and not unit.stale
        segment = ET.SubElement(
            element, _q("segment"), {"state": "translated" if fresh else STALE_STATE}
        )
        space = {f"{{{_xml.XML_NS}}}space": "preserve"}
        _xml.check_carriable(unit.id, unit.source + (unit.target or ""))
        source = _xml.parts(unit.source)
        _xml.fill(
            ET.SubElement(segment, _q("source"), space), source, _xml.placeholder_ids(source), _ph
        )
        if unit.target is not None:
            target = _xml.parts(unit.target)
            node = ET.SubElement(segment, _q("target"), space)
            _xml.fill(node, target, _xml.target_ids(source, target), _ph)
    _xml.indent(root, _LEAVES)
    return _xml.serialize(root)


def _ph(parent: ET.Element, ident: str, equiv: str) -> ET.Element:
    return ET.SubElement(parent, _q("ph"), {"id": ident, "disp": equiv, "equiv": equiv})


# --- reading ------------------------------------------------------------------------


def read(data: bytes, path: str) -> TranslationFile:
    """The units of an XLIFF 2.0 file."""
    parsed = _xml.parse_xliff(data, path)
    root = parsed.root
    inline = _xml.InlinePlaceholders(parsed, path, "ph", ("equiv", "disp"))
    units = [
        _unit(parsed, inline, element, path)
        for element in root.iter()
        if _xml.local(element.tag) == "unit"
    ]
    return TranslationFile(
        path=path,
        format="xliff2",
        target_language=root.get("trgLang"),
        source_language=root.get("srcLang"),
        units=tuple(units),
        language_line=parsed.position(root)[0],
    )


def _unit(
    parsed: _xml.ParsedXml, inline: _xml.InlinePlaceholders, element: ET.Element, path: str
) -> ImportedUnit:
    line, column = parsed.position(element)
    ident = element.get("name") or element.get("id")
    if not ident:
        raise ExchangeError("<unit> without an id", path=path, line=line, column=column)
    sources: list[str] = []
    targets: list[str] = []
    fuzzy = False
    has_target = False
    target_at: tuple[int, int] | None = None
    for part in element:
        kind = _xml.local(part.tag)
        if kind not in ("segment", "ignorable"):
            continue
        source = _child(part, "source")
        target = _child(part, "target")
        by_id = inline.source_ids(source)
        source_text = inline.text(source, by_id) if source is not None else ""
        sources.append(source_text)
        if target is not None:
            targets.append(inline.text(target, by_id))
            if kind == "segment":
                has_target = True
                target_at = target_at or parsed.position(target)
        else:
            # An ignorable part is whitespace between segments; it carries over.
            targets.append(source_text if kind == "ignorable" else "")
        if kind == "segment" and part.get("state") == STALE_STATE:
            fuzzy = True
    text = "".join(targets) if has_target else ""
    t_line, t_column = target_at or (line, column)
    return ImportedUnit(
        ident, text, "".join(sources), fuzzy and has_target, t_line, t_column, line, column
    )


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if _xml.local(c.tag) == name), None)
