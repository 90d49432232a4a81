"""XLIFF 1.2 (``--format xliff``): what Crowdin, Phrase and Lokalise handle best.

``<trans-unit id="CODE.body">`` holds ``<source>``, ``<target>`` (absent when there
is no translation; ``state="needs-review-translation"`` when stale, else
``translated`` with ``approved="yes"`` on the unit) and a ``<note>``. Each
``${name}`` is an ``<x id="1" equiv-text="${name}"/>``, an inline element tools show
as a tag the translator cannot edit. Written as text in document order (the bytes
ElementTree would serialise); read back with :func:`_xml.parse_xml`.

Reading accepts what tools send back: ``<x>`` resolved by ``equiv-text``, else by
its id in the source; ``<mrk>``/``<g>`` (segmentation, formatting) and native-code
elements (``<ph>``...) contribute their text. A target whose ``state`` is ``new`` or
``needs-...`` is fuzzy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from msgtemplate.translate import _xml, forms_xliff
from msgtemplate.translate.files import ExportHeader, ImportedUnit, TranslationFile
from msgtemplate.translate.forms_units import PluralUnit
from msgtemplate.translate.units import ExchangeError, Unit

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

NS: Final = "urn:oasis:names:tc:xliff:document:1.2"
STALE_STATE: Final = "needs-review-translation"
_STALE: Final = _xml.attributes(("state", STALE_STATE))
_TRANSLATED: Final = _xml.attributes(("state", "translated"))
_FROM: Final = _xml.attributes(("from", "msgtemplate"))


def write(units: Sequence[Unit], header: ExportHeader) -> bytes:
    """An XLIFF 1.2 document of ``units`` (UTF-8 bytes)."""
    a = _xml.attributes
    out = [
        _xml.DECLARATION,
        f"<xliff{a(('xmlns', NS), ('version', '1.2'))}>\n",
        "  <file"
        + a(
            ("original", header.pack_name),
            ("source-language", header.source_locale),
            ("target-language", header.target_locale),
            ("datatype", "plaintext"),
            ("product-version", header.revision),
            ("date", header.date.strftime("%Y-%m-%dT%H:%M:%SZ")),
        )
        + ">\n",
    ]
    if not units:
        out.append("    <body />\n")
    else:
        out.append("    <body>\n")
        for unit in units:
            if isinstance(unit, PluralUnit):  # a count form set: a gettext plural group
                forms_xliff.write_group(out, unit, header.target_locale)
            else:
                _unit_xml(out, unit)
        out.append("    </body>\n")
    out.append("  </file>\n</xliff>\n")
    return "".join(out).encode("utf-8")


def _unit_xml(out: list[str], unit: Unit) -> None:
    """One ``<trans-unit>``, indented, appended to ``out``."""
    _xml.check_carriable(unit.id, unit.source + (unit.target or ""))
    ident = _xml.escape_attribute(unit.id)
    # translate-toolkit based tools (Weblate, Pootle) call a target without
    # approved="yes" fuzzy.
    approved = ' approved="yes"' if unit.target is not None and not unit.stale else ""
    source, target = _xml.segment(unit.source, unit.target, _x)
    out.append(
        f'      <trans-unit id="{ident}" resname="{ident}" xml:space="preserve"{approved}>\n'
        f"        {_xml.leaf('source', '', source)}\n"
    )
    if target is not None:
        state = _STALE if unit.stale else _TRANSLATED
        out.append(f"        {_xml.leaf('target', state, target)}\n")
    note = _xml.escape_text("\n".join(unit.notes()))
    out.append(f"        {_xml.leaf('note', _FROM, note)}\n      </trans-unit>\n")


def _x(ident: str, equiv: str) -> str:
    return f'<x id="{ident}" equiv-text="{_xml.escape_attribute(equiv)}" />'


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
