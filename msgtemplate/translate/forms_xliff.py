"""Count form sets in XLIFF 1.2: a ``<group restype="x-gettext-plurals">``, as
translate-toolkit (``po2xliff``, Weblate, Pootle) and Okapi write a gettext plural.

The group's id is the plural unit's (``CODE.forms.eta``); it holds one trans-unit per
plural form of the target language, in gettext order, with ids ``CODE.forms.eta[0]``,
``CODE.forms.eta[1]``... (translate-toolkit's own). As in ``po2xliff``, the first
trans-unit's source is the singular (``msgid``) and the others' the plural
(``msgid_plural``); each carries a note naming its CLDR category with sample numbers.
Reading turns such a group back into one plural unit whose ``plurals`` are its
trans-units' targets by position, read by the target language's gettext order as PO
``msgstr[n]`` are. XLIFF 2.0 needs none of this: each category is a unit of its own
(``CODE.forms.eta.few``, :func:`~msgtemplate.translate.forms_units.category_units`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from msgtemplate.formatting.forms import sample_text
from msgtemplate.translate import _xml
from msgtemplate.translate.files import ImportedUnit
from msgtemplate.translate.forms_units import PluralUnit
from msgtemplate.translate.units import ExchangeError

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

RESTYPE: Final = "x-gettext-plurals"
_DONE: Final = _xml.attributes(("state", "translated"))
_FROM: Final = _xml.attributes(("from", "msgtemplate"))


def write_group(out: list[str], unit: PluralUnit, target_locale: str) -> None:
    """Append ``unit`` to an XLIFF 1.2 ``<body>`` being written (:mod:`.xliff`: text in
    document order, indented) as a plural group."""
    attrs = _xml.attributes(("id", unit.id), ("resname", unit.id), ("restype", RESTYPE))
    note = _xml.escape_text("\n".join(unit.notes()))
    out.append(f"      <group{attrs}>\n        {_xml.leaf('note', _FROM, note)}\n")
    for index, category in enumerate(unit.categories):
        ident = f"{unit.id}[{index}]"
        source = unit.source if index == 0 else unit.plural
        target = unit.targets[index] if unit.targets else ""
        _xml.check_carriable(ident, source + target)
        attrs = _xml.attributes(("id", ident), ("xml:space", "preserve"))
        approved = ' approved="yes"' if target else ""
        content, translated = _xml.segment(source, target or None, _x)
        out.append(
            f"        <trans-unit{attrs}{approved}>\n          {_xml.leaf('source', '', content)}\n"
        )
        if translated is not None:
            out.append(f"          {_xml.leaf('target', _DONE, translated)}\n")
        form = _xml.escape_text(
            f"Plural form [{index}] {category}: {target_locale} numbers such as "
            f"{sample_text(target_locale, category)}"
        )
        out.append(f"          {_xml.leaf('note', _FROM, form)}\n        </trans-unit>\n")
    out.append("      </group>\n")


def _x(ident: str, equiv: str) -> str:
    return f'<x id="{ident}" equiv-text="{_xml.escape_attribute(equiv)}" />'


def is_plural_group(element: ET.Element) -> bool:
    return _xml.local(element.tag) == "group" and element.get("restype") == RESTYPE


def read_group(
    parsed: _xml.ParsedXml, group: ET.Element, path: str, members: list[ET.Element]
) -> ImportedUnit:
    """The plural unit of a ``x-gettext-plurals`` group whose trans-units are
    ``members`` (in document order)."""
    line, column = parsed.position(group)
    ident = group.get("id") or ""
    if not ident and members:
        ident = (members[0].get("id") or "").rpartition("[")[0]
    if not ident:
        raise ExchangeError(
            f'<group restype="{RESTYPE}"> without an id', path=path, line=line, column=column
        )
    inline = _xml.InlinePlaceholders(parsed, path, "x", ("equiv-text",))
    targets: list[str] = []
    positions: list[tuple[int, int]] = []
    fuzzy = False
    source_text: str | None = None
    for member in members:
        source = _child(member, "source")
        target = _child(member, "target")
        by_id = inline.source_ids(source)
        if source_text is None and source is not None:
            source_text = inline.text(source, by_id)
        if target is None:
            targets.append("")
            positions.append(parsed.position(member))
            continue
        state = target.get("state") or ""
        fuzzy = fuzzy or state == "new" or state.startswith("needs-")
        targets.append(inline.text(target, by_id))
        positions.append(parsed.position(target))
    first = positions[0] if positions else (line, column)
    return ImportedUnit(
        ident,
        "",
        source_text,
        fuzzy and any(targets),
        first[0],
        first[1],
        line,
        column,
        plurals=tuple(targets),
        plural_positions=tuple(positions),
    )


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if _xml.local(c.tag) == name), None)
