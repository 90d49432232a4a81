"""XLIFF 2.0 (``--format xliff2``): what Crowdin and newer Weblate read.

``<unit id="CODE.body">`` holds ``<notes>`` and one ``<segment>`` with ``<source>``
and ``<target>`` (absent when there is no translation). The segment's ``state`` is
``initial`` when there is nothing to keep or the translation is stale, else
``translated``. Each ``${name}`` is ``<ph id="1" disp="${name}" equiv="${name}"/>``.
A template code that is not an XML name token gets a numbered unit id; ``name``
always holds the unit id, and reading prefers it. Written as text in document order
(the bytes ElementTree would serialise).

Reading joins a unit's segments and ``<ignorable>`` parts (tools split sentences);
any segment in state ``initial`` makes the unit fuzzy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from msgtemplate.translate import _xml
from msgtemplate.translate.files import ExportHeader, ImportedUnit, TranslationFile
from msgtemplate.translate.units import ExchangeError, Unit

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

NS: Final = "urn:oasis:names:tc:xliff:document:2.0"
STALE_STATE: Final = "initial"
_STALE: Final = _xml.attributes(("state", STALE_STATE))
_TRANSLATED: Final = _xml.attributes(("state", "translated"))
_CATEGORY: Final = _xml.attributes(("category", "msgtemplate"))
_PRESERVE: Final = _xml.attributes(("xml:space", "preserve"))
_NMTOKEN: Final = re.compile(r"[A-Za-z0-9._:\-\u00b7\u00c0-\ufffd]+")


def write(units: Sequence[Unit], header: ExportHeader) -> bytes:
    """An XLIFF 2.0 document of ``units`` (UTF-8 bytes)."""
    a = _xml.attributes
    out = [
        _xml.DECLARATION,
        "<xliff"
        + a(
            ("xmlns", NS),
            ("version", "2.0"),
            ("srcLang", header.source_locale),
            ("trgLang", header.target_locale),
        )
        + ">\n",
    ]
    file = a(("id", "f1"), ("original", header.pack_name))
    if not units:
        out.append(f"  <file{file} />\n</xliff>\n")
        return "".join(out).encode("utf-8")
    out.append(f"  <file{file}>\n")
    for index, unit in enumerate(units, 1):
        _unit_xml(out, unit, index)
    out.append("  </file>\n</xliff>\n")
    return "".join(out).encode("utf-8")


def _unit_xml(out: list[str], unit: Unit, index: int) -> None:
    """One ``<unit>`` (the ``index``-th), indented, appended to ``out``."""
    ident = unit.id if _NMTOKEN.fullmatch(unit.id) else f"u{index}"
    out.append(f"    <unit{_xml.attributes(('id', ident), ('name', unit.id))}>\n      <notes>\n")
    for line in unit.notes():
        out.append(f"        {_xml.leaf('note', _CATEGORY, _xml.escape_text(line))}\n")
    fresh = unit.target is not None and not unit.stale
    _xml.check_carriable(unit.id, unit.source + (unit.target or ""))
    source, target = _xml.segment(unit.source, unit.target, _ph)
    out.append(
        "      </notes>\n"
        f"      <segment{_TRANSLATED if fresh else _STALE}>\n"
        f"        {_xml.leaf('source', _PRESERVE, source)}\n"
    )
    if target is not None:
        out.append(f"        {_xml.leaf('target', _PRESERVE, target)}\n")
    out.append("      </segment>\n    </unit>\n")


def _ph(ident: str, equiv: str) -> str:
    value = _xml.escape_attribute(equiv)
    return f'<ph id="{ident}" disp="{value}" equiv="{value}" />'


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
