"""XLIFF 1.2 (``--format xliff``): what Crowdin, Phrase and Lokalise handle best.

``<trans-unit id="CODE.body">`` holds ``<source>``, ``<target>`` (absent when there
is no translation; ``state="needs-review-translation"`` when stale, else
``translated`` with ``approved="yes"`` on the unit) and a ``<note>``. Each
``${name}`` is an ``<x id="1" equiv-text="${name}"/>``, an inline element tools show
as a tag the translator cannot edit. Built with ``xml.etree``; read back with
:func:`_xml.parse_xml`.

Reading accepts what tools send back: ``<x>`` resolved by ``equiv-text``, else by
its id in the source; ``<mrk>``/``<g>`` (segmentation, formatting) and native-code
elements (``<ph>``...) contribute their text. A target whose ``state`` is ``new`` or
``needs-...`` is fuzzy.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Final

from msgtemplate.translate import _xml, forms_xliff
from msgtemplate.translate.files import ExportHeader, ImportedUnit, TranslationFile
from msgtemplate.translate.forms_units import PluralUnit
from msgtemplate.translate.units import ExchangeError, Unit

NS: Final = "urn:oasis:names:tc:xliff:document:1.2"
STALE_STATE: Final = "needs-review-translation"
_LEAVES: Final = frozenset({"source", "target", "note"})


def _q(name: str) -> str:
    # Built unqualified, with the namespace declared on the root (ElementTree's
    # default_namespace option refuses unqualified attributes).
    return name


def write(units: Sequence[Unit], header: ExportHeader) -> bytes:
    """An XLIFF 1.2 document of ``units`` (UTF-8 bytes)."""
    root = ET.Element(_q("xliff"), {"xmlns": NS, "version": "1.2"})
    file = ET.SubElement(
        root,
        _q("file"),
        {
            "original": header.pack_name,
            "source-language": header.source_locale,
            "target-language": header.target_locale,
            "datatype": "plaintext",
            "product-version": header.revision,
            "date": header.date.strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    )
    body = ET.SubElement(file, _q("body"))
    for unit in units:
        if isinstance(unit, PluralUnit):  # a count form set: a gettext plural group
            forms_xliff.write_group(body, unit, header.target_locale)
            continue
        element = ET.SubElement(
            body,
            _q("trans-unit"),
            {"id": unit.id, "resname": unit.id, f"{{{_xml.XML_NS}}}space": "preserve"},
        )
        _xml.check_carriable(unit.id, unit.source + (unit.target or ""))
        source = _xml.parts(unit.source)
        _xml.fill(ET.SubElement(element, _q("source")), source, _xml.placeholder_ids(source), _x)
        if unit.target is not None:
            target = _xml.parts(unit.target)
            state = STALE_STATE if unit.stale else "translated"
            if not unit.stale:
                # translate-toolkit based tools (Weblate, Pootle) call a target
                # without approved="yes" fuzzy.
                element.set("approved", "yes")
            node = ET.SubElement(element, _q("target"), {"state": state})
            _xml.fill(node, target, _xml.target_ids(source, target), _x)
        note = ET.SubElement(element, _q("note"), {"from": "msgtemplate"})
        note.text = "\n".join(unit.notes())
    _xml.indent(root, _LEAVES)
    return _xml.serialize(root)


def _x(parent: ET.Element, ident: str, equiv: str) -> ET.Element:
    return ET.SubElement(parent, _q("x"), {"id": ident, "equiv-text": equiv})


# --- reading ------------------------------------------------------------------------


def read(data: bytes, path: str) -> TranslationFile:
    """The units of an XLIFF 1.2 file (one target language)."""
    parsed = _xml.parse_xliff(data, path)
    root = parsed.root
    target_language: str | None = None
    source_language: str | None = None
    language_line = 1
    units: list[ImportedUnit] = []
    for file in (e for e in root if _xml.local(e.tag) == "file"):
        line, _ = parsed.position(file)
        language = file.get("target-language")
        if language and target_language and language != target_language:
            raise ExchangeError(
                f"a second <file> is for {language!r}, the first for {target_language!r}; "
                "import one target language per file",
                path=path,
                line=line,
                column=1,
            )
        if language and not target_language:
            target_language, language_line = language, line
        source_language = source_language or file.get("source-language")
        units.extend(_units(parsed, file, path))
    return TranslationFile(
        path=path,
        format="xliff",
        target_language=target_language,
        source_language=source_language,
        units=tuple(units),
        language_line=language_line,
    )


def _q_like(element: ET.Element, name: str) -> str:
    """``name`` in the namespace ``element`` uses (files without one are read too)."""
    ns = _xml.namespace(element.tag)
    return f"{{{ns}}}{name}" if ns else name


def _units(parsed: _xml.ParsedXml, file: ET.Element, path: str) -> list[ImportedUnit]:
    """The units of one ``<file>``, in document order: each trans-unit, but the
    trans-units of a gettext plural group make one plural unit (:mod:`.forms_xliff`)."""
    out: list[ImportedUnit] = []
    grouped: set[int] = set()
    trans_unit = _q_like(file, "trans-unit")
    for element in file.iter():
        if forms_xliff.is_plural_group(element):
            members = list(element.iter(trans_unit))
            grouped.update(id(member) for member in members)
            out.append(forms_xliff.read_group(parsed, element, path, members))
        elif element.tag == trans_unit and id(element) not in grouped:
            out.append(_unit(parsed, element, path))
    return out


def _unit(parsed: _xml.ParsedXml, element: ET.Element, path: str) -> ImportedUnit:
    line, column = parsed.position(element)
    ident = element.get("id")
    if not ident:
        raise ExchangeError("<trans-unit> without an id", path=path, line=line, column=column)
    inline = _xml.InlinePlaceholders(parsed, path, "x", ("equiv-text",))
    source = element.find(_q_like(element, "source"))
    target = element.find(_q_like(element, "target"))
    by_id = inline.source_ids(source)
    source_text = inline.text(source, by_id) if source is not None else None
    if target is None:
        return ImportedUnit(ident, "", source_text, False, line, column, line, column)
    state = target.get("state") or ""
    fuzzy = state == "new" or state.startswith("needs-")
    t_line, t_column = parsed.position(target)
    text = inline.text(target, by_id)
    return ImportedUnit(ident, text, source_text, fuzzy, t_line, t_column, line, column)
