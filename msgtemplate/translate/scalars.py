"""Writing one string value into a YAML or JSON file, safely.

A replaced value keeps the style it had when that style can hold the new text
exactly (plain, single-quoted, literal block); otherwise, and for new values that
cannot be plain, it becomes a double-quoted YAML scalar or a JSON string with
escapes. Hidden characters (:mod:`msgtemplate._text.charsets`) and line separators are
always written as escapes, so a reviewer sees them. Whatever is chosen, the
write-back re-reads the whole file and compares before anything is written.
"""

from __future__ import annotations

import json
import re
from typing import Final

import yaml

from msgtemplate._text.charsets import SUSPECT

_STR_TAG: Final = "tag:yaml.org,2002:str"
_RESOLVER: Final = yaml.resolver.Resolver()
# Characters YAML accepts unescaped in a scalar, minus the ones that are line breaks
# to YAML 1.1 (NEL, LS, PS) and the BOM.
_PRINTABLE: Final = re.compile(
    "[\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)
_PLAIN_FIRST: Final = frozenset("-?:,[]{}#&*!|>'\"%@`")
# What the YAML 1.2 core schema reads as a number, a boolean or null (PyYAML's
# resolver is YAML 1.1 and reads `1e5` as text).
_YAML12_NOT_TEXT: Final = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|true|True|TRUE|false|False|FALSE|null|Null|NULL|~"
)
_FLOW_INDICATORS: Final = frozenset(",[]{}")
_DOUBLE_ESCAPES: Final = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x00": "\\0",
    "\x07": "\\a",
    "\x08": "\\b",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
_NEEDS_ESCAPE: Final = re.compile(
    '[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]'
    "|[\u200b-\u200d\u202a-\u202e\u2060-\u2069\u180e]"
)


def _printable(text: str) -> bool:
    return _PRINTABLE.fullmatch(text) is not None and SUSPECT.search(text) is None


def plain_ok(text: str, *, flow: bool) -> bool:
    """Whether ``text`` can be written as a plain YAML scalar and read back as itself,
    as a string, by any YAML 1.1 or 1.2 reader (``flow``: inside ``{...}``/``[...]``)."""
    if not text or text != text.strip(" \t") or "\t" in text or not _printable(text):
        return False
    if text[0] in _PLAIN_FIRST or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(c in _FLOW_INDICATORS for c in text):
        return False
    if _YAML12_NOT_TEXT.fullmatch(text):
        return False
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag == _STR_TAG


def single_ok(text: str) -> bool:
    """Whether ``text`` fits a single-quoted YAML scalar on one line."""
    return _printable(text) and "\t" not in text and text == text.strip(" ")


def yaml_single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def yaml_double(text: str) -> str:
    """A double-quoted YAML scalar on one line, escaping what must or should be."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        known = _DOUBLE_ESCAPES.get(char)
        if known is not None:
            return known
        code = ord(char)
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"

    return '"' + _NEEDS_ESCAPE.sub(escape, text) + '"'


def literal_ok(text: str) -> bool:
    """Whether ``text`` can be a ``|``/``|-`` literal block: printable lines, no
    leading space or break, at most one final line break, no trailing spaces."""
    if not text or text[0] in " \n" or text.endswith("\n\n") or "\r" in text:
        return False
    lines = text.removesuffix("\n").split("\n")
    return all(line == line.rstrip(" \t") and _printable(line) for line in lines)


def yaml_literal(text: str, indent: int) -> str:
    """``text`` as a literal block (the lines after the indicator, no final break)."""
    indicator = "|" if text.endswith("\n") else "|-"
    pad = " " * indent
    lines = text.removesuffix("\n").split("\n")
    return indicator + "".join("\n" + (pad + line if line else "") for line in lines)


def yaml_value(text: str, *, flow: bool) -> str:
    """A new YAML string value: plain when that is safe, else double-quoted."""
    return text if plain_ok(text, flow=flow) else yaml_double(text)


def json_string(text: str, *, ascii_only: bool = False) -> str:
    """A JSON string literal; hidden characters and line separators as ``\\u`` escapes."""
    encoded = json.dumps(text, ensure_ascii=ascii_only)
    return (
        SUSPECT.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
