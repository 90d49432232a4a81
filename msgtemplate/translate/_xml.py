"""What both XLIFF versions share: placeholders as inline elements, safe parsing
with line numbers, and writing XML as text that never touches translatable text.

Untrusted XML is parsed by ``defusedxml`` with DTDs refused outright (so no entity
can be declared, let alone expanded: no "billion laughs", no external entities).
Its parser is expat, driven from Python, which tells the line of every element as
it starts; :class:`ParsedXml` keeps them for messages (``fr.xlf:42:9: ...``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Final

from msgtemplate.template.syntax import Placeholder, TemplateSyntaxError, parse, placeholder_name
from msgtemplate.translate.units import ExchangeError

XML_NS: Final = "http://www.w3.org/XML/1998/namespace"

Part = str | Placeholder
"""Raw template text (``$$`` kept as written) or a placeholder."""


_NOT_XML: Final = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry (and ``\\r``, which XML parsers turn into ``\\n``)."""


def check_carriable(unit_id: str, text: str) -> None:
    """Refuse a text XLIFF cannot carry exactly, rather than export it changed."""
    found = _NOT_XML.search(text)
    if found is not None:
        raise ExchangeError(
            f"{unit_id} holds U+{ord(found.group()):04X}, which XLIFF cannot carry "
            "unchanged; remove it from the pack or export another format"
        )


def parts(text: str) -> list[Part]:
    """``text`` cut into raw text and placeholders; concatenated back it is ``text``.

    A text that does not parse (never the case for a pack that loaded) is one part,
    and so is one without a ``$`` (nothing to parse).
    """
    if "$" not in text:
        return [text] if text else []
    try:
        nodes = parse(text)
    except TemplateSyntaxError:
        return [text] if text else []
    out: list[Part] = []
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


# --- writing: text streamed out, escaped as ElementTree escapes -----------------------
#
# The exporters write their XML as text, in document order, instead of building an
# ElementTree and serialising it (a third of an XLIFF 2.0 export): the same bytes
# ElementTree wrote (``ET.tostring``, children indented two spaces a level, none
# inside a ``<source>``, ``<target>`` or ``<note>``, whose text is content).


def escape_text(text: str) -> str:
    """Character data, escaped as ElementTree escapes it (``&``, ``<``, ``>``)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_attribute(value: str) -> str:
    """An attribute value, escaped as ElementTree escapes it: markup characters, the
    quote, and the characters an XML parser would normalise to a space (tab, line
    feed, carriage return) as character references."""
    text = escape_text(value)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def attributes(*pairs: tuple[str, str]) -> str:
    """`` name="value"`` for each pair, in order, values escaped."""
    return "".join(f' {name}="{escape_attribute(value)}"' for name, value in pairs)


def leaf(name: str, attrs: str, content: str) -> str:
    """An element holding ``content`` (already markup), or ElementTree's short empty
    form ``<name attrs />`` when it holds nothing."""
    if not content:
        return f"<{name}{attrs} />"
    return f"<{name}{attrs}>{content}</{name}>"


def segment(
    source: str, target: str | None, placeholder: Callable[[str, str], str]
) -> tuple[str, str | None]:
    """The markup of a source text and of its translation (None when there is none):
    text escaped, each placeholder an inline element ``placeholder(id, "${name}")``.

    The source's placeholders are numbered ``1``, ``2``... in order; the n-th ``${a}``
    of the target gets the id of the n-th ``${a}`` of the source, any other a fresh
    number, so a tool can match them across a reordering.
    """
    out: list[str] = []
    by_name: dict[str, list[str]] = {}
    count = 0
    for part in parts(source):
        if isinstance(part, str):
            out.append(escape_text(part))
        else:
            count += 1
            ident = str(count)
            by_name.setdefault(part.name, []).append(ident)
            out.append(placeholder(ident, f"${{{part.name}}}"))
    if target is None:
        return "".join(out), None
    translated: list[str] = []
    for part in parts(target):
        if isinstance(part, str):
            translated.append(escape_text(part))
            continue
        queue = by_name.get(part.name)
        if queue:
            ident = queue.pop(0)
        else:
            count += 1
            ident = str(count)
        translated.append(placeholder(ident, f"${{{part.name}}}"))
    return "".join(out), "".join(translated)


DECLARATION: Final = '<?xml version="1.0" encoding="UTF-8"?>\n'


# --- parsing -------------------------------------------------------------------------

_DECLARED_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass(frozen=True, slots=True)
class ParsedXml:
    """A parsed XML file: its root and the 1-based (line, column) of every element."""

    root: ET.Element
    positions: dict[int, tuple[int, int]]

    def position(self, element: ET.Element) -> tuple[int, int]:
        return self.positions.get(id(element), (1, 1))

    def iter(self, tag: str) -> Iterator[ET.Element]:
        return self.root.iter(tag)


def parse_xml(data: bytes, path: str) -> ParsedXml:
    """Parse untrusted XML: no DTD, no entities, UTF-8 only; errors with positions."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    declared = _DECLARED_ENCODING.match(data.lstrip(b"\xef\xbb\xbf"))
    if declared and declared.group(1).decode("ascii").lower().replace("_", "-") != "utf-8":
        raise ExchangeError(
            f"XML declares encoding {declared.group(1).decode('ascii')!r}; "
            "only UTF-8 is read (export again, or convert the file)",
            path=path,
            line=1,
            column=1,
        )
    positions: dict[int, tuple[int, int]] = {}
    parser: DefusedXMLParser

    class Builder(ET.TreeBuilder):
        def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
            element = super().start(tag, attrs)
            expat = parser.parser
            positions[id(element)] = (expat.CurrentLineNumber, expat.CurrentColumnNumber + 1)
            return element

    parser = DefusedXMLParser(target=Builder(), forbid_dtd=True)
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        line, column = exc.position
        message = str(exc).split(":")[0]
        raise ExchangeError(
            f"invalid XML: {message}", path=path, line=line, column=column + 1
        ) from None
    except DefusedXmlException as exc:
        what = type(exc).__name__.removesuffix("Forbidden")
        line, column = _where(data, b"<!DOCTYPE" if what == "DTD" else b"<!ENTITY")
        raise ExchangeError(
            f"XML with a {_FORBIDDEN.get(what, what)} is refused: translation files need "
            "none, and they can expand without bound or read local files",
            path=path,
            line=line,
            column=column,
        ) from None
    parsed = ParsedXml(root, positions)
    _check_depth(parsed, path)
    return parsed


MAX_DEPTH: Final = 64
"""Deepest element nesting read (XLIFF needs 6 or so); deeper is refused, not recursed."""


def parse_xliff(data: bytes, path: str) -> ParsedXml:
    """:func:`parse_xml`, refusing a document whose root element is not ``<xliff>``."""
    parsed = parse_xml(data, path)
    root = parsed.root
    if local(root.tag) != "xliff":
        line, column = parsed.position(root)
        raise ExchangeError(
            f"not XLIFF: the root element is <{local(root.tag)}>",
            path=path,
            line=line,
            column=column,
        )
    return parsed


def _check_depth(parsed: ParsedXml, path: str) -> None:
    stack = [(parsed.root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            line, column = parsed.position(element)
            raise ExchangeError(
                f"elements nested deeper than {MAX_DEPTH} levels",
                path=path,
                line=line,
                column=column,
            )
        stack.extend((child, depth + 1) for child in element)


def _where(data: bytes, needle: bytes) -> tuple[int, int]:
    """1-based line and column of the first ``needle`` in ``data`` (1:1 if absent)."""
    at = data.find(needle)
    if at < 0:
        return 1, 1
    start = data.rfind(b"\n", 0, at) + 1
    return data.count(b"\n", 0, at) + 1, len(data[start:at].decode("utf-8", "replace")) + 1


_FORBIDDEN: Final = {
    "DTD": "DTD (<!DOCTYPE>)",
    "Entities": "entity declaration",
    "ExternalReference": "external reference",
}


def local(tag: str) -> str:
    """``{namespace}name`` -> ``name``."""
    return tag.rpartition("}")[2]


def namespace(tag: str) -> str:
    """``{namespace}name`` -> ``namespace`` ('' when there is none)."""
    return tag[1 : tag.index("}")] if tag.startswith("{") else ""


def content(element: ET.Element, placeholder: Callable[[ET.Element], str | None]) -> str:
    """Template text of a ``<source>``/``<target>``: text, plus each inline element as
    ``placeholder(element)`` says, or its own text content when that gives None."""
    out = [element.text or ""]
    for child in element:
        value = placeholder(child)
        out.append(value if value is not None else content(child, placeholder))
        out.append(child.tail or "")
    return "".join(out)


def equiv_placeholder(value: str | None) -> str | None:
    """``value`` when it is exactly one ``${name}``, else None."""
    return value if value is not None and placeholder_name(value) is not None else None


@dataclass(frozen=True, slots=True)
class InlinePlaceholders:
    """Reads placeholder elements (``<x>`` in 1.2, ``<ph>`` in 2.0) back as ``${name}``.

    An element names its placeholder in one of ``attributes`` (``equiv-text``;
    ``equiv``, ``disp``), else by its id in the unit's ``<source>``.
    """

    parsed: ParsedXml
    path: str
    tag: str
    attributes: tuple[str, ...]

    def named(self, element: ET.Element) -> str | None:
        for attribute in self.attributes:
            value = equiv_placeholder(element.get(attribute))
            if value is not None:
                return value
        return None

    def source_ids(self, source: ET.Element | None) -> dict[str, str]:
        """Id -> ``${name}`` of the placeholder elements of ``source``."""
        found: dict[str, str] = {}
        if source is not None:
            for element in source.iter():
                name = self.named(element) if local(element.tag) == self.tag else None
                if name is not None and element.get("id") is not None:
                    found[str(element.get("id"))] = name
        return found

    def text(self, element: ET.Element, by_id: dict[str, str]) -> str:
        """The template text of a ``<source>`` or ``<target>``."""

        def resolve(child: ET.Element) -> str | None:
            if local(child.tag) != self.tag:
                return None
            name = self.named(child) or by_id.get(child.get("id") or "")
            if name is None:
                line, column = self.parsed.position(child)
                raise ExchangeError(
                    f"<{self.tag} id={child.get('id')!r}> is no placeholder of the source "
                    f"(no {' or '.join(self.attributes)} naming one, and no <{self.tag}> "
                    "with that id in <source>)",
                    path=self.path,
                    line=line,
                    column=column,
                )
            return name

        return content(element, resolve)
