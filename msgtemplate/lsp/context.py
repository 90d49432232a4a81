"""Where the cursor is in a YAML pack, from the text alone (it may not parse while typed).

:func:`cursor_context` reads the lines above the cursor by indentation, as a person
does, and says which keys lead to the mapping the cursor is in (``("templates", "[]",
"content")``), whether the cursor is where a key or a value goes, and which key's
value it is in (also inside a block scalar or a flow mapping ``{type: ...}``).
:func:`field_at` follows such a path through the format's declaration.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from msgtemplate.pack.schema import ROOT, Field

ITEM: Final = "[]"
"""The path element for "an item of this list"."""

# `key:` or `- key:` with what follows; keys may be quoted.
_KEY_LINE: Final = re.compile(
    r"""^(?P<indent>[ ]*)(?P<dash>-[ ]+)?
        (?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{\[][^#:]*?)
        [ ]*:(?:[ ]+(?P<rest>.*))?$""",
    re.VERBOSE,
)
_ITEM_LINE: Final = re.compile(r"^(?P<indent>[ ]*)-(?:[ ]+|$)")
_BLOCK_SCALAR: Final = re.compile(r"^[|>][-+0-9]*[ ]*(?:#.*)?$")
_WORD: Final = re.compile(r"[A-Za-z0-9_.-]*$")


@dataclass(frozen=True, slots=True)
class CursorContext:
    """What is around the cursor.

    ``path``: keys (and :data:`ITEM`) from the root to the mapping the cursor is in.
    ``key``: when the cursor is in a value, the key it belongs to (else None).
    ``word``: the partial key or value typed before the cursor.
    ``siblings``: keys already present in that mapping (not offered again).
    """

    path: tuple[str, ...]
    key: str | None
    word: str
    siblings: frozenset[str]


def cursor_context(lines: Sequence[str], line: int, column: int) -> CursorContext | None:
    """The context at 0-based ``line``:``column`` (characters), or None inside a
    comment or where nothing can be told."""
    if not 0 <= line < len(lines):
        return None
    text = lines[line]
    prefix = text[:column]
    if _in_comment(prefix):
        return None
    flow = _flow_context(lines, line, prefix)
    if flow is not None:
        return flow
    block = _block_scalar_owner(lines, line, _indent(text) if text.strip() else column)
    if block is not None:
        path, key = block
        return CursorContext(path, key, "", frozenset())
    match = _KEY_LINE.match(prefix)
    if (match is not None and match.group("rest") is not None) or (
        match is not None and prefix.endswith(":")
    ):
        assert match is not None
        key_indent = _key_indent(match)
        path = _parents(lines, line, key_indent, match.group("dash") is not None)
        key = _unquote(match.group("key").strip())
        rest = match.group("rest") or ""
        return CursorContext(path, key, _word(rest), frozenset())
    item = _ITEM_LINE.match(prefix)
    if item is not None:
        key_indent = len(item.group())
        path = _parents(lines, line, key_indent, True)
        word = prefix[key_indent:]
    else:
        key_indent = _indent(prefix) if prefix.strip() else len(prefix)
        path = _parents(lines, line, key_indent, False)
        word = prefix[key_indent:]
    if not _WORD.fullmatch(word):
        return None
    return CursorContext(path, None, word, _siblings(lines, line, key_indent, item is not None))


def field_at(path: tuple[str, ...]) -> Field | None:
    """The declared field of the mapping or list ``path`` leads to (None if unknown)."""
    field: Field | None = ROOT
    for part in path:
        if field is None:
            return None
        if part == ITEM:
            field = field.items
        elif field.keys is not None:
            field = field.keys.fields.get(part)
        else:
            field = field.values
    return field


def value_field(context: CursorContext) -> Field | None:
    """The declared field of the value the cursor is in (``context.key``'s)."""
    owner = field_at(context.path)
    if owner is None or context.key is None:
        return None
    if owner.keys is not None:
        return owner.keys.fields.get(context.key)
    return owner.values


# --- reading lines --------------------------------------------------------------------


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _key_indent(match: re.Match[str]) -> int:
    return len(match.group("indent")) + len(match.group("dash") or "")


def _meaningful(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith("#")


def _parents(lines: Sequence[str], line: int, indent: int, is_item: bool) -> tuple[str, ...]:
    """Keys from the root down to the mapping whose keys sit at ``indent`` on ``line``."""
    path: list[str] = []
    current = indent
    if is_item:
        dash = _ITEM_LINE.match(lines[line])
        path.append(ITEM)
        current = len(dash.group("indent")) if dash else max(indent - 2, 0)
    for above in range(line - 1, -1, -1):
        if current == 0:
            break
        text = lines[above]
        if not _meaningful(text):
            continue
        match = _KEY_LINE.match(text)
        if match is not None:
            key_indent = _key_indent(match)
            rest = (match.group("rest") or "").strip()
            if key_indent < current and (not rest or rest.startswith("#")):
                path.append(_unquote(match.group("key").strip()))
                current = key_indent
                if match.group("dash") is not None:
                    path.append(ITEM)
                    current = len(match.group("indent"))
                continue
            if match.group("dash") is not None and len(match.group("indent")) < current:
                path.append(ITEM)
                current = len(match.group("indent"))
                continue
        elif _indent(text) < current:
            item = _ITEM_LINE.match(text)
            if item is not None:
                path.append(ITEM)
                current = len(item.group("indent"))
    return tuple(reversed(path))


def _siblings(lines: Sequence[str], line: int, indent: int, is_item: bool) -> frozenset[str]:
    """Keys already written at ``indent`` in the mapping around ``line`` (a new list
    item, ``is_item``, has none above it)."""
    found: set[str] = set()
    for above in range(line - 1, -1, -1) if not is_item else ():
        text = lines[above]
        if not _meaningful(text):
            continue
        match = _KEY_LINE.match(text)
        if match is not None and _key_indent(match) == indent:
            found.add(_unquote(match.group("key").strip()))
            if match.group("dash") is not None:
                break  # the first key of this item
        elif _indent(text) < indent:
            break
    for below in range(line + 1, len(lines)):
        text = lines[below]
        if not _meaningful(text):
            continue
        match = _KEY_LINE.match(text)
        if _indent(text) < indent or (match is not None and match.group("dash")):
            break  # the mapping, or this item, ends
        if match is not None and _key_indent(match) == indent:
            found.add(_unquote(match.group("key").strip()))
    return frozenset(found)


def _block_scalar_owner(
    lines: Sequence[str], line: int, indent: int
) -> tuple[tuple[str, ...], str] | None:
    """When ``line`` is inside a ``key: |`` block scalar: the path and that key."""
    for above in range(line - 1, -1, -1):
        text = lines[above]
        if not text.strip():
            continue
        match = _KEY_LINE.match(text)
        if _indent(text) >= indent and not (match and _key_indent(match) < indent):
            continue
        if match is None:
            return None
        rest = (match.group("rest") or "").strip()
        if _key_indent(match) < indent and _BLOCK_SCALAR.match(rest):
            path = _parents(lines, above, _key_indent(match), match.group("dash") is not None)
            return path, _unquote(match.group("key").strip())
        return None
    return None


def _flow_context(lines: Sequence[str], line: int, prefix: str) -> CursorContext | None:
    """Inside ``name: {type: str|`` on one line: the flow mapping's own keys."""
    depth, opened = 0, -1
    quote = ""
    placeholder = False
    for index, char in enumerate(prefix):
        if placeholder:
            placeholder = char != "}"
        elif quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "{" and prefix[index - 1 : index] == "$":
            placeholder = True  # `${name}` in a plain scalar is not a flow mapping
        elif char == "{":
            depth, opened = depth + 1, index
        elif char == "}":
            depth = max(depth - 1, 0)
    if depth != 1 or quote:
        return None
    head = _KEY_LINE.match(prefix[:opened].rstrip() + " ") or _KEY_LINE.match(prefix[:opened])
    if head is None:
        return None
    owner = _unquote(head.group("key").strip())
    path = (*_parents(lines, line, _key_indent(head), head.group("dash") is not None), owner)
    inner = prefix[opened + 1 :]
    entry = inner.rsplit(",", 1)[-1]
    written = frozenset(
        _unquote(part.split(":", 1)[0].strip()) for part in inner.split(",")[:-1] if ":" in part
    )
    if ":" in entry:
        key, value = entry.split(":", 1)
        return CursorContext(path, _unquote(key.strip()), _word(value), written)
    word = entry.strip()
    if not _WORD.fullmatch(word):
        return None
    return CursorContext(path, None, word, written)


def _word(rest: str) -> str:
    match = _WORD.search(rest)
    return match.group() if match else ""


def _unquote(key: str) -> str:
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        return key[1:-1]
    return key


def _in_comment(prefix: str) -> bool:
    quote = ""
    for index, char in enumerate(prefix):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and (index == 0 or prefix[index - 1] in " :[{,-"):
            quote = char
        elif char == "#" and (index == 0 or prefix[index - 1] in " \t"):
            return True
    return False
