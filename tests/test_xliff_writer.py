"""The XLIFF writers stream text: the bytes are those ElementTree wrote, for any units.

The oracle is the writers they replaced, kept here with the helpers they used: each
built an ElementTree
(placeholders as inline elements, children indented two spaces a level but never
inside ``<source>``, ``<target>`` or ``<note>``) and serialised it with
``ET.tostring``. Units are random: texts with placeholders, ``$$``, markup
characters, quotes, tabs and line breaks, Unicode; ids and header values with
characters an attribute must escape; stale, untranslated and empty targets;
parameters and previous source texts in the notes; count form sets (XLIFF 1.2's
plural groups, :mod:`msgtemplate.translate.forms_xliff`).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msgtemplate.formatting.forms import sample_text
from msgtemplate.template.syntax import Placeholder, TemplateSyntaxError, parse
from msgtemplate.translate import _xml, forms_xliff, xliff, xliff2
from msgtemplate.translate.files import ExportHeader
from msgtemplate.translate.forms_units import PluralUnit
from msgtemplate.translate.plurals import gettext_order
from msgtemplate.translate.units import ExchangeError, Unit, UnitParameter

XML_NS = _xml.XML_NS
LEAVES = frozenset({"source", "target", "note"})


# --- the writers replaced, as they were --------------------------------------------------


def placeholder_ids(source: list[_xml.Part]) -> list[str]:
    return [str(i) for i, _ in enumerate((p for p in source if not isinstance(p, str)), 1)]


def target_ids(source: list[_xml.Part], target: list[_xml.Part]) -> list[str]:
    by_name: dict[str, list[str]] = {}
    ids = placeholder_ids(source)
    names = [p.name for p in source if isinstance(p, Placeholder)]
    for name, ident in zip(names, ids, strict=True):
        by_name.setdefault(name, []).append(ident)
    fresh = len(ids)
    out: list[str] = []
    for part in target:
        if isinstance(part, Placeholder):
            queue = by_name.get(part.name)
            if queue:
                out.append(queue.pop(0))
            else:
                fresh += 1
                out.append(str(fresh))
    return out


def parts(text: str) -> list[_xml.Part]:
    try:
        nodes = parse(text)
    except TemplateSyntaxError:
        return [text] if text else []
    out: list[_xml.Part] = []
    pos = 0
    for node in nodes:
        if isinstance(node, Placeholder):
            if node.offset > pos:
                out.append(text[pos : node.offset])
            out.append(node)
            pos = node.offset + len(node.name) + 3
    if pos < len(text):
        out.append(text[pos:])
    return out


def fill(
    element: ET.Element,
    content: list[_xml.Part],
    ids: list[str],
    make: Callable[[ET.Element, str, str], ET.Element],
) -> None:
    element.text = ""
    last: ET.Element | None = None
    numbers = iter(ids)
    for part in content:
        if isinstance(part, str):
            if last is None:
                element.text += part
            else:
                last.tail = (last.tail or "") + part
        else:
            last = make(element, next(numbers), f"${{{part.name}}}")


def indent(element: ET.Element, level: int = 0) -> None:
    children = list(element)
    if not children or element.tag in LEAVES:
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in children:
        indent(child, level + 1)
        child.tail = pad
    children[-1].tail = "\n" + "  " * level


def serialize(root: ET.Element) -> bytes:
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def xliff12_reference(units: Sequence[Unit], header: ExportHeader) -> bytes:
    root = ET.Element("xliff", {"xmlns": xliff.NS, "version": "1.2"})
    file = ET.SubElement(
        root,
        "file",
        {
            "original": header.pack_name,
            "source-language": header.source_locale,
            "target-language": header.target_locale,
            "datatype": "plaintext",
            "product-version": header.revision,
            "date": header.date.strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    )
    body = ET.SubElement(file, "body")

    def x(parent: ET.Element, ident: str, equiv: str) -> ET.Element:
        return ET.SubElement(parent, "x", {"id": ident, "equiv-text": equiv})

    for unit in units:
        if isinstance(unit, PluralUnit):
            group_reference(body, unit, header.target_locale)
            continue
        attributes = {"id": unit.id, "resname": unit.id, f"{{{XML_NS}}}space": "preserve"}
        element = ET.SubElement(body, "trans-unit", attributes)
        _xml.check_carriable(unit.id, unit.source + (unit.target or ""))
        source = parts(unit.source)
        fill(ET.SubElement(element, "source"), source, placeholder_ids(source), x)
        if unit.target is not None:
            target = parts(unit.target)
            state = xliff.STALE_STATE if unit.stale else "translated"
            if not unit.stale:
                element.set("approved", "yes")
            node = ET.SubElement(element, "target", {"state": state})
            fill(node, target, target_ids(source, target), x)
        note = ET.SubElement(element, "note", {"from": "msgtemplate"})
        note.text = "\n".join(unit.notes())
    indent(root)
    return serialize(root)


def group_reference(body: ET.Element, unit: PluralUnit, target_locale: str) -> None:
    attributes = {"id": unit.id, "resname": unit.id, "restype": forms_xliff.RESTYPE}
    group = ET.SubElement(body, "group", attributes)
    note = ET.SubElement(group, "note", {"from": "msgtemplate"})
    note.text = "\n".join(unit.notes())

    def x(parent: ET.Element, ident: str, equiv: str) -> ET.Element:
        return ET.SubElement(parent, "x", {"id": ident, "equiv-text": equiv})

    for index, category in enumerate(unit.categories):
        ident = f"{unit.id}[{index}]"
        source = unit.source if index == 0 else unit.plural
        target = unit.targets[index] if unit.targets else ""
        _xml.check_carriable(ident, source + target)
        element = ET.SubElement(
            group, "trans-unit", {"id": ident, f"{{{XML_NS}}}space": "preserve"}
        )
        if target:
            element.set("approved", "yes")
        given = parts(source)
        fill(ET.SubElement(element, "source"), given, placeholder_ids(given), x)
        if target:
            wanted = parts(target)
            node = ET.SubElement(element, "target", {"state": "translated"})
            fill(node, wanted, target_ids(given, wanted), x)
        form = ET.SubElement(element, "note", {"from": "msgtemplate"})
        form.text = (
            f"Plural form [{index}] {category}: {target_locale} numbers such as "
            f"{sample_text(target_locale, category)}"
        )


def xliff20_reference(units: Sequence[Unit], header: ExportHeader) -> bytes:
    root = ET.Element(
        "xliff",
        {
            "xmlns": xliff2.NS,
            "version": "2.0",
            "srcLang": header.source_locale,
            "trgLang": header.target_locale,
        },
    )
    file = ET.SubElement(root, "file", {"id": "f1", "original": header.pack_name})

    def ph(parent: ET.Element, ident: str, equiv: str) -> ET.Element:
        return ET.SubElement(parent, "ph", {"id": ident, "disp": equiv, "equiv": equiv})

    nmtoken = re.compile(r"[A-Za-z0-9._:\-\u00b7\u00c0-\ufffd]+")
    for index, unit in enumerate(units, 1):
        ident = unit.id if nmtoken.fullmatch(unit.id) else f"u{index}"
        element = ET.SubElement(file, "unit", {"id": ident, "name": unit.id})
        notes = ET.SubElement(element, "notes")
        for line in unit.notes():
            ET.SubElement(notes, "note", {"category": "msgtemplate"}).text = line
        fresh = unit.target is not None and not unit.stale
        segment = ET.SubElement(
            element, "segment", {"state": "translated" if fresh else xliff2.STALE_STATE}
        )
        space = {f"{{{XML_NS}}}space": "preserve"}
        _xml.check_carriable(unit.id, unit.source + (unit.target or ""))
        source = parts(unit.source)
        fill(ET.SubElement(segment, "source", space), source, placeholder_ids(source), ph)
        if unit.target is not None:
            target = parts(unit.target)
            node = ET.SubElement(segment, "target", space)
            fill(node, target, target_ids(source, target), ph)
    indent(root)
    return serialize(root)


# --- random units ----------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "${a}",
        "${b}",
        "${longName}",
        "$$",
        "$",
        "&",
        "<",
        ">",
        '"',
        "'",
        "\t",
        "\n",
        "]]>",
        "&amp;",
        " ",
        "\x0b",
        "é",
        "中文",
        "שלום",
        "\U0001f600",
        "x" * 30,
        "${",
        "}",
    ]
)
_CARRIABLE = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
_TEXT = st.lists(st.one_of(_PIECES, st.text(_CARRIABLE, max_size=8)), max_size=10).map("".join)
_ATTRIBUTE = st.one_of(st.sampled_from(["pack", "a&b", 'q"uote', "t\tab", "l\nf", "<x>"]), _TEXT)
_PARAMETER = st.builds(
    UnitParameter,
    name=st.sampled_from(["a", "b", "longName"]),
    type=st.sampled_from(["string", "currency", "date"]),
    detail=st.none() | st.just("USD"),
    max_length=st.none() | st.integers(1, 99),
    example=st.none() | _TEXT,
    description=st.none() | _TEXT,
)


@st.composite
def units(draw: st.DrawFn, target_locale: str = "fr") -> list[Unit]:
    out: list[Unit] = []
    for index in range(draw(st.integers(0, 5))):
        code = draw(st.sampled_from([f"CODE_{index}", f"code {index}", f"c&{index}", f"é{index}"]))
        field = draw(st.sampled_from(["title", "body"]))
        stale = draw(st.booleans())
        if draw(st.integers(0, 4)) == 0:  # a count form set, as XLIFF 1.2 groups it
            categories = gettext_order(target_locale)
            targets = draw(st.lists(_TEXT, min_size=len(categories), max_size=len(categories)))
            translated = draw(st.booleans())
            out.append(
                PluralUnit(
                    id=f"{code}.forms.eta",
                    code=code,
                    field="body",
                    source=draw(_TEXT) or "one",
                    target=targets[0] if translated else None,
                    stale=False,
                    name=draw(st.none() | _TEXT),
                    channel="SMS",
                    parameters=(),
                    explain=("a phrase", "of a count"),
                    plural=draw(_TEXT) or "other",
                    categories=categories,
                    targets=tuple(targets) if translated else (),
                )
            )
            continue
        out.append(
            Unit(
                id=f"{code}.{field}",
                code=code,
                field=field,
                source=draw(_TEXT) or "text",
                target=draw(st.none() | _TEXT),
                stale=stale,
                name=draw(st.none() | _TEXT),
                channel=draw(st.sampled_from(["INBOX", "SMS"])),
                parameters=tuple(draw(st.lists(_PARAMETER, max_size=3))),
                previous=draw(st.none() | _TEXT) if stale else None,
            )
        )
    return out


headers = st.builds(
    ExportHeader,
    pack_name=_ATTRIBUTE,
    source_locale=st.just("en-US"),
    target_locale=st.sampled_from(["fr", "zh-Hant", "pl", "ar"]),
    date=st.just(dt.datetime(2026, 5, 28, 20, 26, tzinfo=dt.timezone.utc)),
    revision=st.just("b0b4ca3e"),
)


@st.composite
def exports(draw: st.DrawFn) -> tuple[list[Unit], ExportHeader]:
    header = draw(headers)
    return draw(units(header.target_locale)), header


def outcome(write: Callable[[list[Unit], ExportHeader], bytes], *args: object) -> bytes | str:
    """The bytes written, or the refusal's message (a text XLIFF cannot carry)."""
    try:
        return write(*args)  # type: ignore[arg-type]
    except ExchangeError as exc:
        return str(exc)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports())
def test_xliff12_bytes_are_elementtrees(export: tuple[list[Unit], ExportHeader]) -> None:
    units, header = export
    assert outcome(xliff.write, units, header) == outcome(xliff12_reference, units, header)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports())
def test_xliff20_bytes_are_elementtrees(export: tuple[list[Unit], ExportHeader]) -> None:
    units, header = export
    units = [u for u in units if not isinstance(u, PluralUnit)]  # 2.0: a unit per category
    assert outcome(xliff2.write, units, header) == outcome(xliff20_reference, units, header)


@given(st.text(max_size=40))
def test_escaping_is_elementtrees(text: str) -> None:
    element = ET.Element("e", {"a": text})
    element.text = text
    assert ET.tostring(element, encoding="unicode") == (
        f'<e a="{_xml.escape_attribute(text)}">{_xml.escape_text(text)}</e>'
        if text
        else f'<e a="{_xml.escape_attribute(text)}" />'
    )


@pytest.mark.parametrize("write", [xliff.write, xliff2.write])
def test_a_text_xml_cannot_carry_is_refused(write: Callable[..., bytes]) -> None:
    unit = Unit("C.body", "C", "body", "a\rb", None, False, None, "SMS", ())
    header = ExportHeader("p", "en", "fr", dt.datetime(2026, 1, 1), "0")
    with pytest.raises(ExchangeError, match="U\\+000D"):
        write([unit], header)


def test_placeholders_are_parts() -> None:
    assert [type(p) for p in parts("a ${b} $$ c")] == [str, Placeholder, str]
