"""YAML and JSON documents that remember where every key and value came from.

Packs and request bodies are read into a small tree of :class:`Node` objects, each
with the 1-based line and column it started at, so that every later error or lint
finding can say ``path:line:col``. Unlike ``yaml.safe_load`` and ``json.loads``,
this loader keeps duplicate keys (both loaders silently keep the last one; we must
report them), refuses YAML aliases (alias bombs), caps file size and nesting depth,
and never lets a parser exception escape: everything becomes a :class:`DocumentError`.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, Literal, NoReturn, TypeVar

import yaml

from msgtemplate.document._gc import gc_paused
from msgtemplate.document.lines import (
    byte_line_column,
    line_breaks,
    line_column,
    line_starts,
    split_lines,
)
from msgtemplate.errors import SourceError

MAX_FILE_BYTES = 16 * 1024 * 1024
"""Anything bigger is refused before it is parsed. A pack of 10,000 templates in five
languages is about 9 MiB; a loaded and linted pack takes about 10 times its text's
size (docs/speed.md), so the cap bounds a pack's memory to about 160 MiB."""

MAX_NODES = 1_500_000
"""Most keys and values (scalars, mappings, sequences) one document may hold; parsing
stops at the next one. A pack's text holds about 85,000 per MiB (1.4 million at
:data:`MAX_FILE_BYTES`), but a hostile text of one-character items (``[a,a,a...``)
holds half a million per MiB, each a node and often a finding: this bounds what such
a file costs, in memory and time, to what a pack at the cap costs (docs/reliability.md)."""

MAX_DEPTH = 64
"""Deepest nesting accepted; real packs are 5 levels deep."""

Format = Literal["yaml", "json"]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_STR_TAG = "tag:yaml.org,2002:str"
_YAML11_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null")
)
_YAML12_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_YAML12_BOOL = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_NUMBER_START = frozenset("0123456789+-.")
_YAML12_INT = re.compile(r"[-+]?[0-9]+")
_YAML12_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")


DocumentErrorKind = Literal["unsupported", "unreadable", "too-large", "encoding", "syntax"]


class DocumentError(SourceError):
    """The file could not be read or parsed; carries the parser's position.

    ``kind`` says which: ``unsupported`` (not .yaml/.yml/.json), ``unreadable`` (the
    OS refused), ``too-large``, ``encoding`` (not UTF-8 text, or binary), ``syntax``
    (the YAML/JSON parser's complaint, or a construct we refuse).
    """

    def __init__(
        self,
        message: str,
        *,
        kind: DocumentErrorKind = "syntax",
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message, path=path, line=line, column=column)
        self.kind: DocumentErrorKind = kind


class Offsets:
    """Where each line of one document's text starts: the 1-based line and column of
    any character offset, worked out when asked (:func:`msgtemplate.document.lines.line_column`).

    Every node of a document shares one: a node keeps only its character offset, not
    its line and column, so that a pack's tens of thousands of scalars cost a few ints
    less each; most positions are never asked for (only findings need them). The line
    starts are kept in one array of 4-byte offsets, built on the first question.
    """

    __slots__ = ("_fmt", "_starts", "_text", "marks")

    def __init__(self, text: str, fmt: str) -> None:
        self._text = text
        self._fmt = fmt
        self._starts: array[int] | None = None
        self.marks: array[int] = array("I" if len(text) < 2**31 else "Q")
        """Where each mapping's keys and values start, for the ones kept as text (see
        :class:`MappingNode`): ``start * 2 + quoted``, one per key and one per value,
        each mapping's in one run."""

    @property
    def text(self) -> str:
        """The document's text."""
        return self._text

    def starts(self) -> array[int]:
        """Each line's start offset (the first is 0)."""
        if self._starts is None:
            found = line_breaks(self._fmt).finditer(self._text)
            # array() takes the generator as it goes: no list of int objects on the way.
            code = "I" if len(self._text) < 2**32 else "Q"
            self._starts = array(code, chain((0,), (m.end() for m in found)))
        return self._starts

    def line_column(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of character ``offset``."""
        starts = self.starts()
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1


class Node:
    """Base of the tree: where the value starts (``start``, a character offset in
    :attr:`Document.text`) and ends; ``line`` and ``column`` (1-based) are worked out
    from ``start`` when asked."""

    __slots__ = ("_at",)

    _at: Offsets
    start: int
    """Character offset in :attr:`Document.text` where the node as written starts
    (its quote, block indicator, tag or anchor)."""
    end: int
    """Offset just past the node as written (for block scalars, past their last line
    break); write-back replaces exactly ``text[start:end]``."""

    @property
    def line(self) -> int:
        return self._at.line_column(self.start)[0]

    @property
    def column(self) -> int:
        return self._at.line_column(self.start)[1]

    @property
    def position(self) -> tuple[int, int]:
        """(line, column), both 1-based."""
        return self._at.line_column(self.start)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(start={self.start}, end={self.end})"


class _Spanned(Node):
    """A node that keeps its start and length itself (scalars and sequences; a
    mapping keeps them in the document's marks)."""

    __slots__ = ("_size", "start")

    def __init__(self, at: Offsets, start: int, end: int) -> None:
        self._at = at
        self.start = start
        self._size = end - start  # a length is most often a small int, which costs nothing

    @property  # Node.end, kept as a length
    def end(self) -> int:
        return self.start + self._size

    @end.setter
    def end(self, end: int) -> None:
        self._size = end - self.start


class ScalarNode(_Spanned):
    """A string, number, boolean, null, or (YAML) date/time.

    ``value`` is the constructed value; ``text`` is the scalar exactly as written
    (without quotes), and ``quoted`` tells whether it was quoted. A plain YAML scalar
    such as ``no`` or ``1.50`` has ``value`` False / 1.5 but ``text`` "no" / "1.50",
    so string fields can keep what the user wrote.

    Build one with :func:`scalar_node`: most scalars of a pack are plain text whose
    value is what was written, and they keep only that (a quoted one, or one whose
    value is not its text, is a subclass with what it needs).
    """

    __slots__ = ("text",)

    text: str

    @property
    def value(self) -> object:
        return self.text  # plain text: see scalar_node

    @property
    def quoted(self) -> bool:
        return False

    def __repr__(self) -> str:
        return f"ScalarNode(value={self.value!r}, text={self.text!r}, start={self.start})"


class _QuotedText(ScalarNode):
    """A quoted scalar whose value is its text."""

    __slots__ = ()

    @property
    def quoted(self) -> bool:
        return True


class _Constructed(ScalarNode):
    """A scalar whose value is not the text as written (a number, a boolean...)."""

    __slots__ = ("_quoted", "_value")

    _value: object
    _quoted: bool

    @property
    def value(self) -> object:
        return self._value

    @property
    def quoted(self) -> bool:
        return self._quoted


def scalar_node(  # noqa: PLR0917 - one call per scalar: positional, as the parsers pass them
    at: Offsets, start: int, end: int, value: object, text: str, quoted: bool
) -> ScalarNode:
    """A scalar node of ``at``'s document from ``start`` to ``end``."""
    node: ScalarNode
    if value is text:
        node = _QuotedText.__new__(_QuotedText) if quoted else ScalarNode.__new__(ScalarNode)
    else:
        constructed = _Constructed.__new__(_Constructed)
        constructed._value = value
        constructed._quoted = quoted
        node = constructed
    node._at = at
    node.start = start
    node._size = end - start
    node.text = text
    return node


def _text_scalar(at: Offsets, mark: int, text: str) -> ScalarNode:
    """The node of a string scalar kept as its text and its mark (see
    :class:`MappingNode`): it spans its text, plus its two quotes when quoted."""
    quoted = mark & 1
    node = _QuotedText.__new__(_QuotedText) if quoted else ScalarNode.__new__(ScalarNode)
    node._at = at
    node.start = mark >> 1
    node._size = len(text) + 2 * quoted
    node.text = text
    return node


class _AfterLastLine(_Constructed):
    """The empty scalar libyaml finds where a stream ends without a line break
    (``? `` on the last line): its mark is on a line of its own after the text's
    last line, at column 1, which its character offset alone cannot say."""

    __slots__ = ()

    @property
    def line(self) -> int:
        return self.position[0]

    @property
    def column(self) -> int:
        return 1

    @property
    def position(self) -> tuple[int, int]:
        return self._at.line_column(self.start)[0] + 1, 1


class SequenceNode(_Spanned):
    __slots__ = ("flow", "items")

    def __init__(self, at: Offsets, start: int, flow: bool) -> None:
        self._at = at
        self.start = start
        self._size = 0
        self.items: list[Node] = []
        self.flow = flow
        """Written in flow style, ``[...]`` (always so in JSON)."""


Entry = Node | str
"""A mapping's value as kept: its node, or, for a string scalar whose node has not
been asked for, its text (see :class:`MappingNode`)."""


class MappingNode(Node):
    """Key/value pairs in source order. Duplicate keys are kept, not merged.

    A pack has hundreds of thousands of keys and values, and most of them are plain
    text that nobody asks the position of: a node for each (an object and its offset)
    cost more than five times the text. So a mapping keeps one flat list (key, value,
    key, value...) of key *texts*, and values as :data:`Entry`: a node, or the text
    of a string scalar whose value is its text and which spans exactly its text
    (plus its quotes). Where such a key or value starts is kept in the document's
    one array of marks (:attr:`Offsets.marks`, from ``_first`` on, one per key and
    one per value). The nodes are made when asked for (:attr:`items`, :meth:`get`,
    :meth:`key_node`...) and kept in place, so the same node is given each time;
    :meth:`pairs` and :meth:`entries` give keys as text without making key nodes,
    and :meth:`entries` values without making any. The mapping's own start and end
    are the first two of its marks (two ints fewer per mapping). Threads racing to
    make the same node (the language server lints in a worker thread) may each make
    one: equal nodes, with the same positions; one of them is kept.
    """

    __slots__ = ("_first", "_flat", "_keys", "flow")

    def __init__(self, at: Offsets, start: int, flow: bool) -> None:
        """A mapping built by hand (its pairs added with :meth:`add`)."""
        self._at = at
        marks = at.marks
        self._first = len(marks)
        """Where this mapping's marks start in ``_at.marks``: its start, its end, then
        one per key and value (while a parser is reading it: ``-1 - start``)."""
        marks.append(start)
        marks.append(start)
        self._flat: list[Entry] = []
        self._keys: list[ScalarNode | None] | None = None
        """Key nodes made so far, by pair (keys that could not be kept as text are
        made when parsed); None until one is."""
        self.flow = flow
        """Written in flow style, ``{...}`` (always so in JSON)."""

    @classmethod
    def _open(cls, at: Offsets, start: int, flow: bool) -> MappingNode:
        """A mapping a parser is reading: its marks are written by :meth:`_close`."""
        node = cls.__new__(cls)
        node._at = at
        node._first = -1 - start
        node._flat = []
        node._keys = None
        node.flow = flow
        return node

    def _close(self, end: int, pairs: list[int]) -> None:
        """Write the mapping's marks (start, end, then ``pairs``, one per key and value)
        in one run, once the parser is past its last pair."""
        marks = self._at.marks
        start = -1 - self._first
        self._first = len(marks)
        marks.append(start)
        marks.append(end)
        marks.extend(pairs)
        # The list grew by appends, with room to spare; a copy is its exact size.
        self._flat = self._flat.copy()

    @property  # Node.start and Node.end, kept in the marks
    def start(self) -> int:
        first = self._first
        return self._at.marks[first] if first >= 0 else -1 - first

    @start.setter
    def start(self, start: int) -> None:
        self._at.marks[self._first] = start

    @property  # Node.start and Node.end, kept in the marks
    def end(self) -> int:
        return self._at.marks[self._first + 1]

    @end.setter
    def end(self, end: int) -> None:
        self._at.marks[self._first + 1] = end

    def _key(self, index: int) -> ScalarNode:
        """The key node of pair ``index``, made (and kept) on first use."""
        keys = self._keys
        if keys is None:
            keys = self._keys = [None] * (len(self._flat) // 2)
        elif len(keys) <= index:
            keys.extend([None] * (len(self._flat) // 2 - len(keys)))
        node = keys[index]
        if node is None:
            text = self._flat[2 * index]
            assert isinstance(text, str)
            node = keys[index] = _text_scalar(
                self._at, self._at.marks[self._first + 2 + 2 * index], text
            )
        return node

    def _value(self, index: int) -> Node:
        """The value node of pair ``index``, made (and kept in place) on first use."""
        flat = self._flat
        value = flat[2 * index + 1]
        if type(value) is str:
            value = flat[2 * index + 1] = _text_scalar(
                self._at, self._at.marks[self._first + 3 + 2 * index], value
            )
        return value  # type: ignore[return-value]  # a node once made

    @property
    def items(self) -> list[tuple[ScalarNode, Node]]:
        """The (key, value) pairs in source order (a new list on each access)."""
        key, value = self._key, self._value
        return [(key(i), value(i)) for i in range(len(self._flat) // 2)]

    def pairs(self) -> list[tuple[str, Node]]:
        """The (key text, value) pairs in source order, without making key nodes."""
        flat, value = self._flat, self._value
        return [(flat[2 * i], value(i)) for i in range(len(flat) // 2)]  # type: ignore[misc]

    def entries(self) -> list[tuple[str, Entry]]:
        """The (key text, :data:`Entry`) pairs in source order, making no node."""
        pairs = iter(self._flat)
        return list(zip(pairs, pairs, strict=True))  # type: ignore[arg-type]

    def add(self, key: ScalarNode, value: Node) -> None:
        """Append a pair (for trees built by hand: the parsers keep keys as text)."""
        index = len(self._flat) // 2
        self._flat += (key.text, value)
        keys = self._keys
        if keys is None:
            keys = self._keys = []
        keys.extend([None] * (index - len(keys)))
        keys.append(key)

    def _last(self, key: str) -> int:
        """The pair index of the last ``key``, or -1."""
        flat = self._flat
        for index in range(len(flat) - 2, -1, -2):
            if flat[index] == key:
                return index // 2
        return -1

    def get(self, key: str) -> Node | None:
        """The value of ``key`` (the last one, as JSON and YAML loaders would)."""
        index = self._last(key)
        return None if index < 0 else self._value(index)

    def entry(self, key: str) -> Entry | None:
        """:meth:`get` as an :data:`Entry`: a string's text without making its node."""
        index = self._last(key)
        return None if index < 0 else self._flat[2 * index + 1]

    def key_node(self, key: str) -> ScalarNode | None:
        """The node of ``key`` (the last one)."""
        index = self._last(key)
        return None if index < 0 else self._key(index)

    def key_position(self, key: str) -> tuple[int, int] | None:
        """``key_node(key).position`` without making the node."""
        index = self._last(key)
        if index < 0:
            return None
        keys = self._keys
        if keys is not None and index < len(keys) and (made := keys[index]) is not None:
            return made.position
        return self._at.line_column(self._at.marks[self._first + 2 + 2 * index] >> 1)

    def keys(self) -> list[str]:
        return self._flat[::2]  # type: ignore[return-value]  # keys are text

    def _last_indexes(self) -> range | list[int]:
        """Pair indexes with each repeated key reduced to its last occurrence."""
        keys = self._flat[::2]
        last = {key: index for index, key in enumerate(keys)}
        if len(last) == len(keys):
            return range(len(keys))
        return [index for index, key in enumerate(keys) if last[key] == index]

    def last_items(self) -> list[tuple[ScalarNode, Node]]:
        """The items with each repeated key reduced to its last occurrence (the one
        YAML and JSON loaders keep), in document order. The one place that rule lives
        (:meth:`last_pairs` and :meth:`last_entries` give the same pairs)."""
        key, value = self._key, self._value
        return [(key(i), value(i)) for i in self._last_indexes()]

    def last_pairs(self) -> list[tuple[str, Node]]:
        """:meth:`last_items` with keys as text (no key node made)."""
        flat, value = self._flat, self._value
        return [(flat[2 * i], value(i)) for i in self._last_indexes()]  # type: ignore[misc]

    def last_entries(self) -> list[tuple[str, Entry]]:
        """:meth:`last_items` as (key text, :data:`Entry`): no node made."""
        flat = self._flat
        return [(flat[2 * i], flat[2 * i + 1]) for i in self._last_indexes()]  # type: ignore[misc]

    def duplicates(self) -> Iterator[tuple[ScalarNode, ScalarNode]]:
        """Yield ``(repeated_key, first_key)`` for every key seen before."""
        first: dict[str, int] = {}
        for index, key in enumerate(self._flat[::2]):
            assert isinstance(key, str)
            if key in first:
                yield self._key(index), self._key(first[key])
            else:
                first[key] = index


Pointer = tuple[str | int, ...]
"""A path into a document: mapping keys and sequence indexes."""


@dataclass(slots=True)
class Document:
    """A parsed file: its path, its text (for carets) and its root node (None if empty)."""

    path: str
    format: Format
    text: str
    root: Node | None
    repeated_keys: bool = True
    """Whether some mapping may repeat a key. The parsers set it False when none does,
    so the checks that report repeated keys need not walk the whole tree to find
    none; a document built by hand keeps True (walk)."""
    offsets: Offsets | None = field(default=None, init=False, repr=False, compare=False)
    """Line starts shared by every node (set by the parsers)."""
    _lines: tuple[str, ...] | None = field(default=None, init=False, repr=False, compare=False)
    """The split text, once asked for: the reader's locators, the lint model and
    every caret share one split (the text never changes)."""

    def lines(self) -> list[str]:
        """The source lines, split where the parser counts line breaks (for carets)."""
        return list(self.line_tuple())

    def line_tuple(self) -> tuple[str, ...]:
        """:meth:`lines`, shared (split once per document)."""
        if self._lines is None:
            self._lines = tuple(split_lines(self.text, self.format))
        return self._lines

    def line_text(self, line: int) -> str:
        """The source line (1-based) without its newline, or '' when out of range."""
        lines = self.line_tuple()
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def node_at(self, pointer: Pointer) -> Node | None:
        """Follow ``pointer`` (keys and indexes) from the root; the deepest node found."""
        node = self.root
        for part in pointer:
            child: Node | None = None
            if isinstance(node, MappingNode) and isinstance(part, str):
                child = node.get(part)
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                child = node.items[part] if 0 <= part < len(node.items) else None
            if child is None:
                break
            node = child
        return node


def strings_where(root: Node | None, found: Callable[[str], object]) -> Iterator[ScalarNode]:
    """Every scalar under ``root``, keys included, whose value is a string in which
    ``found`` finds something (``PATTERN.search``). A node is made only for those: the
    strings a mapping keeps as text are searched as text (see :class:`MappingNode`)."""
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            value = node.value
            if isinstance(value, str) and found(value):
                yield node
        elif isinstance(node, MappingNode):
            flat, keys = node._flat, node._keys
            for index in range(len(flat) // 2):
                made = keys[index] if keys is not None and index < len(keys) else None
                if made is not None:
                    stack.append(made)
                elif found(flat[2 * index]):  # type: ignore[arg-type]  # a key's text
                    yield node._key(index)
                value = flat[2 * index + 1]
                if not isinstance(value, str):
                    stack.append(value)
                elif found(value):
                    text_node = node._value(index)
                    assert isinstance(text_node, ScalarNode)
                    yield text_node
        elif isinstance(node, SequenceNode):
            stack.extend(node.items)


def to_python(node: Node | None) -> object:
    """Plain Python values (dict/list/scalars); a duplicate key keeps its last value."""
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, SequenceNode):
        return [to_python(item) for item in node.items]
    if isinstance(node, MappingNode):
        return {k: v if isinstance(v, str) else to_python(v) for k, v in node.entries()}
    raise TypeError(f"not a node: {node!r}")


def format_for(path: str | Path) -> Format | None:
    """``yaml`` or ``json`` by file extension, or None for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".json":
        return "json"
    return None


def load_document(path: str | Path, *, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read and parse a ``.yaml``/``.yml``/``.json`` file into a positioned tree."""
    name = str(path)
    fmt = format_for(name)
    if fmt is None:
        raise DocumentError("expected a .yaml, .yml or .json file", kind="unsupported", path=name)
    from msgtemplate.document.reading import UnreadableFile, read_regular

    try:
        # Regular files only, opened without blocking: a FIFO named *.yaml is refused.
        data = read_regular(name, max_bytes)
    except UnreadableFile as exc:
        kind: DocumentErrorKind = "too-large" if exc.too_large else "unreadable"
        raise DocumentError(exc.message, kind=kind, path=name) from None
    return parse_bytes(data, name, max_bytes=max_bytes)


def parse_bytes(data: bytes, path: str, *, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Check and parse a file's bytes as :func:`load_document` does, for a file that
    need not exist (an editor's unsaved buffer): the format from ``path``'s
    extension, the size cap, UTF-8 and NUL bytes, then the parser."""
    fmt = format_for(path)
    if fmt is None:
        raise DocumentError("expected a .yaml, .yml or .json file", kind="unsupported", path=path)
    if len(data) > max_bytes:
        raise DocumentError(
            f"file is larger than the {max_bytes:,}-byte limit; refusing to parse it",
            kind="too-large",
            path=path,
        )
    return parse_document(decode(data, path), path, fmt)


def decode(data: bytes, path: str) -> str:
    """UTF-8 (a BOM is allowed); anything else is an error at the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = byte_line_column(data, exc.start)
        raise DocumentError(
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            kind="encoding",
            path=path,
            line=line,
            column=column,
        ) from None
    if "\x00" in text:
        # Counted in newlines, as byte_line_column counts them: no parser has run yet.
        line, column = line_column(line_starts(text, "json"), text.index("\x00"))
        raise DocumentError(
            "file contains NUL bytes; is it binary?",
            kind="encoding",
            path=path,
            line=line,
            column=column,
        )
    return text


def parse_document(text: str, path: str, fmt: Format, *, max_nodes: int = MAX_NODES) -> Document:
    """Parse ``text`` (already decoded) as ``fmt``; more than ``max_nodes`` keys and
    values is a ``too-large`` :class:`DocumentError` at the first one past it."""
    offsets = Offsets(text, fmt)
    with gc_paused():
        if fmt == "yaml":
            root, repeated = _parse_yaml(text, path, offsets, max_nodes)
        else:
            parser = _JsonParser(text, path, offsets, max_nodes)
            root, repeated = parser.parse(), parser.repeated_keys
    document = Document(path=path, format=fmt, text=text, root=root, repeated_keys=repeated)
    document.offsets = offsets
    return document


def _too_many(path: str, at: Offsets, offset: int, max_nodes: int) -> DocumentError:
    line, column = at.line_column(offset)
    return DocumentError(
        f"more than {max_nodes:,} keys and values; refusing to read further",
        kind="too-large",
        path=path,
        line=line,
        column=column,
    )


def _repeats_a_key(node: MappingNode) -> bool:
    keys = node.keys()
    return len(keys) > 1 and len(set(keys)) != len(keys)


# --- YAML --------------------------------------------------------------------------


def _parse_yaml(text: str, path: str, offsets: Offsets, max_nodes: int) -> tuple[Node | None, bool]:
    """The root node, and whether some mapping repeats a key."""
    loader = _Loader(text)
    try:
        composer = _YamlComposer(loader, path, offsets, max_nodes)
        return composer.compose(), composer.repeated_keys
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
        line = column = None
        if mark is not None:
            line, column = mark.line + 1, mark.column + 1
        raise DocumentError(
            f"invalid YAML: {message}", path=path, line=line, column=column
        ) from None
    except yaml.reader.ReaderError as exc:
        # Characters YAML forbids (C0/C1 controls...): position is a character index.
        line, column = line_column(line_starts(text, "yaml"), exc.position)
        raise DocumentError(
            f"invalid YAML: character {exc.character!r} is not allowed in YAML",
            path=path,
            line=line,
            column=column,
        ) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise DocumentError(f"invalid YAML: {message}", path=path) from None
    finally:
        loader.dispose()


# libyaml's events and marks (yaml._yaml.Mark or yaml.Mark: typeshed knows neither
# well enough to type the loop below, which reads them as libyaml builds them).
_Event = Any
_Mark = Any
_ScalarEvent = yaml.ScalarEvent
_AliasEvent = yaml.AliasEvent
_MappingStartEvent = yaml.MappingStartEvent
_MappingEndEvent = yaml.MappingEndEvent
_SequenceStartEvent = yaml.SequenceStartEvent
_SequenceEndEvent = yaml.SequenceEndEvent
_QUOTED_STYLES = frozenset(("'", '"', "|", ">"))
_FLOW_QUOTES = frozenset(("'", '"'))
_SHARED_LENGTH = 32
"""Scalars up to this long are shared by value within a document (see ``strings``)."""


class _YamlComposer:
    """Builds our tree straight from libyaml's events, in one pass.

    The same tree PyYAML's composer builds (tags resolved by the same resolver, the
    same marks, the same errors for undefined or repeated anchors and for a second
    document), without building PyYAML's node tree first and walking it again. What
    we refuse (aliases, nesting deeper than :data:`MAX_DEPTH`, non-scalar keys,
    unconstructable values) is raised after the last event, so that a syntax error
    later in the file wins, as it did when the whole stream was composed first.
    """

    def __init__(self, loader: Any, path: str, offsets: Offsets, max_nodes: int) -> None:
        self.loader = loader
        self.path = path
        self.at = offsets
        self.max_nodes = max_nodes
        # Keys and short values repeat all over a pack (`type`, `body`, `string`): one
        # str object each, not one per occurrence.
        self.strings: dict[str, str] = {}
        self.anchors: dict[str, _Mark] = {}
        self.root_mark: _Mark = None
        self.refused: DocumentError | None = None
        self.repeated_keys = False
        self.constructor: yaml.constructor.SafeConstructor | None = None
        text = offsets.text
        # Where libyaml's marks put the stream's end on a line after the last one.
        unterminated = text and line_breaks("yaml").fullmatch(text[-1]) is None
        self.virtual_end = len(text) if unterminated else -1
        resolvers = loader.yaml_implicit_resolvers
        # Plain scalars whose first character no implicit resolver claims are strings:
        # skip the resolver call for them (exactly what it would answer).
        # (None: resolve every scalar, as when a resolver claims any first character or
        # resolves by path.)
        everything = None in resolvers or loader.yaml_path_resolvers
        self.plain_starts: frozenset[str] | None = None if everything else frozenset(resolvers)

    def refuse(self, message: str, mark: _Mark) -> None:
        if self.refused is None:
            self.refused = DocumentError(
                message, path=self.path, line=mark.line + 1, column=mark.column + 1
            )

    def compose(self) -> Node | None:
        get = self.loader.get_event
        get()  # StreamStartEvent
        event = get()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        root = self.document(get)
        event = get()
        if not isinstance(event, yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                self.root_mark,
                "but found another document",
                event.start_mark,
            )
        if self.refused is not None:
            raise self.refused
        return root

    def document(self, get: Callable[[], _Event]) -> Node | None:
        """From after a DocumentStartEvent to its DocumentEndEvent: the root node."""
        stack: list[MappingNode | SequenceNode] = []
        # The marks of each open mapping's pairs so far (None for a sequence): they go
        # to the document's array in one run when the mapping ends.
        pending: list[list[int] | None] = []
        root: Node | None = None
        scalar = self.scalar
        at = self.at
        budget = self.max_nodes
        while True:
            event = get()
            kind = type(event)
            node: Node | str  # str: a string scalar kept as its text (see MappingNode)
            if kind is _ScalarEvent:
                if event.anchor is not None:
                    self.anchor(event)
                if len(stack) > MAX_DEPTH:
                    self.too_deep(event.start_mark)
                budget -= 1
                if budget < 0:
                    raise _too_many(self.path, at, event.start_mark.index, self.max_nodes)
                node = scalar(event)
            elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
                node = stack.pop()
                done = pending.pop()
                if done is None:
                    node.end = event.end_mark.index
                else:
                    assert isinstance(node, MappingNode)
                    node._close(event.end_mark.index, done)
                    if not self.repeated_keys:
                        self.repeated_keys = _repeats_a_key(node)
            elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
                mark = event.start_mark
                if event.anchor is not None:
                    self.anchor(event)
                if len(stack) > MAX_DEPTH:
                    self.too_deep(mark)
                budget -= 1
                if budget < 0:
                    raise _too_many(self.path, at, mark.index, self.max_nodes)
                flow = bool(event.flow_style)
                if kind is _MappingStartEvent:
                    stack.append(MappingNode._open(at, mark.index, flow))
                    pending.append([])
                else:
                    stack.append(SequenceNode(at, mark.index, flow))
                    pending.append(None)
                if self.root_mark is None:
                    self.root_mark = mark
                continue
            elif kind is _AliasEvent:
                mark = event.start_mark
                if event.anchor not in self.anchors:
                    raise yaml.composer.ComposerError(None, None, "found undefined alias", mark)
                if len(stack) > MAX_DEPTH:
                    self.too_deep(mark)
                self.refuse(
                    "YAML anchors and aliases are not allowed (they can expand without "
                    "bound); write the value out",
                    mark,
                )
                node = scalar_node(at, mark.index, mark.index, None, "", False)
            else:  # DocumentEndEvent: the root is complete
                return root
            if self.root_mark is None:
                self.root_mark = event.start_mark
            open_marks = pending[-1] if pending else None
            if open_marks is None:  # the root, or an item: a node
                if isinstance(node, str):
                    node = _text_scalar(at, event.start_mark.index * 2 + bool(event.style), node)
                if not stack:
                    root = node
                else:
                    sequence = stack[-1]
                    assert isinstance(sequence, SequenceNode)
                    sequence.items.append(node)
                continue
            parent = stack[-1]
            assert isinstance(parent, MappingNode)
            flat = parent._flat
            if isinstance(node, str):
                flat.append(node)
                open_marks.append(event.start_mark.index * 2 + bool(event.style))
                continue
            if len(flat) % 2 == 0:  # a key that is not kept as text
                if not isinstance(node, ScalarNode):
                    self.refuse_key(node)
                    node = scalar_node(at, node.start, node.start, None, "", False)
                keys = parent._keys
                if keys is None:
                    keys = parent._keys = []
                keys.extend([None] * (len(flat) // 2 - len(keys)))
                keys.append(node)
                flat.append(node.text)
            else:
                flat.append(node)
            open_marks.append(0)

    def anchor(self, event: _Event) -> None:
        first = self.anchors.get(event.anchor)
        if first is not None:
            raise yaml.composer.ComposerError(
                "found duplicate anchor; first occurrence",
                first,
                "second occurrence",
                event.start_mark,
            )
        self.anchors[event.anchor] = event.start_mark

    def too_deep(self, mark: _Mark) -> None:
        self.refuse(f"nesting deeper than {MAX_DEPTH} levels", mark)

    def refuse_key(self, node: Node) -> None:
        if self.refused is None:
            self.refused = DocumentError(
                "mapping keys must be plain text",
                path=self.path,
                line=node.line,
                column=node.column,
            )

    def scalar(self, event: _Event) -> ScalarNode | str:
        """The scalar's node, or its text when it can be kept as text (see
        :class:`MappingNode`: its value is its text, and it spans exactly its text
        and quotes; the caller keeps where it starts)."""
        value: str = event.value
        if len(value) <= _SHARED_LENGTH:
            value = self.strings.setdefault(value, value)
        mark = event.start_mark
        at = self.at
        quoted = event.style in _QUOTED_STYLES
        tag = event.tag
        if tag is None or tag == "!":
            # What the resolver would answer, without calling it for the scalars whose
            # answer is known: not plain, or starting with no resolver's character.
            starts = self.plain_starts
            if starts is None or (event.implicit[0] and value[:1] in starts):
                tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
            else:
                tag = _YAML_STR_TAG
        end = event.end_mark.index
        start = mark.index
        if start == self.virtual_end and mark.column == 0:
            node = scalar_node(at, start, end, self._plain_scalar(value, mark), value, False)
            node.__class__ = _AfterLastLine  # the same slots: only the position differs
            return node
        if tag == _YAML_STR_TAG and (quoted or value[:1] not in _NUMBER_START):
            # Text that spans exactly itself (plain) or itself and its quotes is kept as
            # text: its node can be made again from where it starts (_text_scalar).
            style = event.style
            if end - start == len(value) + (2 if style else 0) and (
                not style or style in _FLOW_QUOTES
            ):
                return value
            return scalar_node(at, start, end, value, value, quoted)
        if not quoted and (tag == _YAML_STR_TAG or tag in _YAML11_PLAIN_TAGS):
            constructed = self._plain_scalar(value, mark)
            if constructed is value and end - start == len(value):
                return value
            return scalar_node(at, start, end, constructed, value, quoted)
        if self.constructor is None:
            self.constructor = yaml.constructor.SafeConstructor()
        raw = yaml.ScalarNode(tag, value, mark, event.end_mark, event.style)
        try:
            constructed = self.constructor.construct_object(raw, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            self.refuse(f"unsupported YAML value: {exc}".splitlines()[0], mark)
            constructed = None
        return scalar_node(at, mark.index, end, constructed, value, quoted)

    def _plain_scalar(self, text: str, mark: _Mark) -> object:
        # YAML 1.1 (PyYAML) reads `010` as 8, `1:30` as 90, `0x1F` as 31 and `no` as
        # False: silently not what was written. Plain scalars follow the YAML 1.2 core
        # schema's decimal forms instead, as JSON would; anything else stays text.
        if text in _YAML12_NULL:
            return None
        if text in _YAML12_BOOL:
            return _YAML12_BOOL[text]
        if len(text) > _MAX_NUMBER_LENGTH and _YAML12_FLOAT.fullmatch(text):
            self.refuse(f"number longer than {_MAX_NUMBER_LENGTH} characters", mark)
            return None
        if _YAML12_INT.fullmatch(text):
            return int(text)
        if _YAML12_FLOAT.fullmatch(text):
            return float(text)
        return text


# --- JSON --------------------------------------------------------------------------

# The C string decoder json.loads uses; typeshed does not list it.
_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_WS = re.compile(r"[ \t\n\r]*")
# [0-9], not \d: \d also matches Arabic-Indic and other digits, which int() accepts.
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_NUMBER_LENGTH = 100
_LITERALS: dict[str, object] = {"true": True, "false": False, "null": None}


_Element = TypeVar("_Element")


class _JsonParser:
    """A strict RFC 8259 parser that records positions and keeps duplicate keys.

    Strings are decoded by the standard library's C ``scanstring``; the rest is a
    small recursive descent with a depth limit.
    """

    def __init__(self, text: str, path: str, offsets: Offsets, max_nodes: int) -> None:
        self.text = text
        self.path = path
        self.at = offsets
        self.pos = 0
        self.repeated_keys = False
        self.max_nodes = max_nodes
        self.budget = max_nodes
        """Nodes left to build: each value (``_value``) and each key (``_member``)."""
        self.strings: dict[str, str] = {}
        """Keys and short strings, one str object each (as the YAML composer does)."""

    def _line_col(self, pos: int) -> tuple[int, int]:
        return self.at.line_column(pos)

    def parse(self) -> Node | None:
        self._skip_ws()
        if self.pos == len(self.text):
            return None
        node = self._value(0)
        self._skip_ws()
        if self.pos != len(self.text):
            self._fail("extra data after the JSON value")
        return node

    def _fail(self, message: str, pos: int | None = None) -> NoReturn:
        line, column = self._line_col(self.pos if pos is None else pos)
        raise DocumentError(f"invalid JSON: {message}", path=self.path, line=line, column=column)

    def _skip_ws(self) -> None:
        match = _WS.match(self.text, self.pos)
        assert match is not None  # the pattern matches the empty string
        self.pos = match.end()

    def _value(self, depth: int) -> Node:
        pos = self.pos
        value = self._entry(depth)
        return _text_scalar(self.at, pos * 2 + 1, value) if isinstance(value, str) else value

    def _entry(self, depth: int) -> Entry:
        """The value here: a string without escapes as its text (see
        :class:`MappingNode`), anything else as its node."""
        if depth > MAX_DEPTH:
            self._fail(f"nesting deeper than {MAX_DEPTH} levels")
        self.budget -= 1
        if self.budget < 0:
            raise _too_many(self.path, self.at, self.pos, self.max_nodes)
        text, pos = self.text, self.pos
        char = text[pos : pos + 1]
        if char == "{":
            return self._object(depth)
        if char == "[":
            return self._array(depth)
        if char == '"':
            value = self._string()
            if self.pos - pos == len(value) + 2:  # no escape: the text and its quotes
                return (
                    self.strings.setdefault(value, value) if len(value) <= _SHARED_LENGTH else value
                )
            return scalar_node(self.at, pos, self.pos, value, value, True)
        for word, literal in _LITERALS.items():
            if text.startswith(word, pos):
                self.pos = pos + len(word)
                return scalar_node(self.at, pos, self.pos, literal, word, False)
        match = _NUMBER.match(text, pos)
        if match:
            self.pos = match.end()
            raw = match.group()
            if len(raw) > _MAX_NUMBER_LENGTH:
                self._fail(f"number longer than {_MAX_NUMBER_LENGTH} characters", pos)
            number: object = float(raw) if match.group(1) or match.group(2) else int(raw)
            if number in (math.inf, -math.inf):
                self._fail(f"number {raw} is out of range", pos)
            return scalar_node(self.at, pos, self.pos, number, raw, False)
        if not char:
            self._fail("unexpected end of file; expected a value")
        self._fail(f"unexpected {char!r}; expected a value")
        raise AssertionError("unreachable")

    def _string(self) -> str:
        try:
            value, end = _scanstring(self.text, self.pos + 1, True)
        except json.JSONDecodeError as exc:
            message = exc.msg.removesuffix(" at")  # the stdlib's wording ends mid-sentence
            self._fail(message.lower() if message.startswith("Invalid") else message, exc.pos)
            raise AssertionError("unreachable") from None
        if "\\u" in self.text[self.pos : end] and _SURROGATE.search(value):
            # json.loads lets a lone "\ud800" through; no UTF-8 text can hold it.
            self._fail("a lone surrogate escape is not a character", self.pos)
        self.pos = end
        return value

    def _object(self, depth: int) -> MappingNode:
        node = MappingNode._open(self.at, self.pos, True)
        marks: list[int] = []

        def member(depth: int) -> None:
            self._member(depth, node, marks)

        self._elements("}", "a property value", member, _ignore, depth)
        node._close(self.pos, marks)
        if not self.repeated_keys:
            self.repeated_keys = _repeats_a_key(node)
        return node

    def _array(self, depth: int) -> SequenceNode:
        node = SequenceNode(self.at, self.pos, True)
        self._elements("]", "an array item", self._value, node.items.append, depth + 1)
        node.end = self.pos
        return node

    def _elements(
        self,
        close: str,
        what: str,
        read: Callable[[int], _Element],
        add: Callable[[_Element], None],
        depth: int,
    ) -> None:
        """From an opening bracket past its ``close``: ``add(read(depth))`` for each
        element, checking the commas between them."""
        self.pos += 1
        self._skip_ws()
        if self.text.startswith(close, self.pos):
            self.pos += 1
            return
        while True:
            self._skip_ws()
            add(read(depth))
            self._skip_ws()
            char = self.text[self.pos : self.pos + 1]
            self.pos += 1
            if char == close:
                return
            if char != ",":
                self._fail(f"expected ',' or {close!r} after {what}", self.pos - 1)

    def _member(self, depth: int, node: MappingNode, marks: list[int]) -> None:
        """One ``"key": value`` of ``node``: keys and strings without escapes are kept
        as text, with their marks in ``marks``."""
        if not self.text.startswith('"', self.pos):
            self._fail("expected a property name in double quotes")
        key_start = self.pos
        self.budget -= 1
        if self.budget < 0:
            raise _too_many(self.path, self.at, key_start, self.max_nodes)
        key = self._string()
        key_end = self.pos
        self._skip_ws()
        if not self.text.startswith(":", self.pos):
            self._fail("expected ':' after the property name")
        self.pos += 1
        self._skip_ws()
        flat = node._flat
        if key_end - key_start == len(key) + 2:
            flat.append(self.strings.setdefault(key, key))
            marks.append(key_start * 2 + 1)
        else:
            keys = node._keys
            if keys is None:
                keys = node._keys = []
            keys.extend([None] * (len(flat) // 2 - len(keys)))
            keys.append(scalar_node(self.at, key_start, key_end, key, key, True))
            flat.append(key)
            marks.append(0)
        value_start = self.pos
        value = self._entry(depth + 1)
        flat.append(value)
        marks.append(value_start * 2 + 1 if isinstance(value, str) else 0)


def _ignore(_: object) -> None:
    """What ``_elements`` adds for an object's members (``_member`` adds them)."""
