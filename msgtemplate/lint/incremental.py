"""Lint successive versions of one pack, parsing and linting again only the templates that changed.

An editor lints the same document after every pause in typing, and one keystroke
changes one template of a thousand. :class:`IncrementalLinter` gives exactly the
findings :func:`~msgtemplate.lint.lint_text` gives for each version (rule selection
and ``# noqa`` included), through the same code: every lint it runs *is* a
``lint_text``, of the whole text or of a smaller text made from it.

**Items.** A YAML pack whose ``templates`` is a block sequence, each item starting on
its own line after ``-``, is cut by lines: item *i* runs from its first line to the
line before the next item's (the last one up to the next top-level key, or the end),
and the *header* is every other line. Findings on an item's lines depend only on the
header, the item's own text, the line it starts at and, for a template whose
``code`` repeats an earlier one's (which the reader skips), where that code is; and
on those two lines only through the findings' own lines and the lines their messages
cite.

**A blanked text** keeps the header and some items and replaces every other item's
lines with a ``#`` line and empty lines, so each line keeps its number and every
column its place. Linting it gives, on each kept item's lines, exactly the
findings of the whole text there. That and the last clause above are the facts the
lint relies on, and ``tests/test_lint_incremental.py`` checks them after random
edits (the ``#`` ends a block scalar as the next item's ``-`` did, so ``|+`` keeps
no more lines).

**Parsing only what changed** (:func:`derive`). The text is compared with the last
version's (common prefix and suffix): when the edit lies within items, the header
untouched, the changed items are parsed in the blanked text that keeps only them
(the text their lint needs anyway), and the other items are the last version's,
those below moved by as many lines as the edit added. That text's parse stands for
the whole text's when it cuts into items starting at the changed lines' first line,
each ``-`` in the items' column, every scalar and flow collection ending within the
changed lines, and the same top-level keys: libyaml reads a block sequence entry
that starts at the sequence's column, after the line break that ended the one before,
in the same state whatever came before it, and such an entry leaves that state as
it found it (no flow collection or quoted scalar open, a block scalar ended by the
next line's lower indentation, a ``#`` line or a ``-`` alike). What reaches across
entries is checked apart: a line at column 0 (``---``, ``...``, a directive, a
top-level key, a dedent), an anchor or alias (its name is global) when other items or
the header may hold one too, line breaks other than ``\\n``, the file size cap and the
node cap :data:`~msgtemplate.document.source.MAX_NODES` (counted per item). Otherwise
the whole text is parsed, as before.

**The cache** keeps each item's findings (after rule selection and ``# noqa``).
Each version, an item whose text is known reuses them, moved by as many lines as the
item moved; a message that cites a line ("first at line 12": a repeated key, locale
or code) is rewritten when the cited line is the item's own (it moves with it) or
where the first template of its code has its code (known for this version), and
the item is linted again otherwise. The others are linted together in one *packed*
text, the header and those items one after the other, and their findings moved to
where the items are, as cached ones are (the tests check that an item's findings
depend on its line only so). An item whose findings cannot be moved so, or a set of
items that repeats the code of an item not among them, is linted in a blanked text
instead, with the code alone of the first item of any code they repeat. The whole text
is linted (and the cache refilled) when there is nothing to reuse: the first version,
a header that changed, a text that does not parse, a document that is not such a pack
(JSON, flow style, odd line breaks), or more than 1/:data:`WHOLE_SHARE` of the items
to lint again.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Final

from msgtemplate.document.source import (
    MAX_FILE_BYTES,
    MAX_NODES,
    Document,
    DocumentError,
    Entry,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    decode,
    parse_document,
)
from msgtemplate.lint.config import LintConfig
from msgtemplate.lint.findings import Finding
from msgtemplate.lint.model import LintModel, build_model, document_kind
from msgtemplate.lint.runner import Source, lint_source, text_source
from msgtemplate.pack.schema import string_value

WHOLE_SHARE: Final = 4
"""Lint the whole text when more than one item in this many must be linted again
(a blanked text costs about what the items it keeps cost, plus its empty lines)."""

_ITEM_PREFIX: Final = re.compile(r" *-[ \t]+")
"""What may stand before an item on its first line: indentation and the ``-``."""
_ODD_BREAK: Final = re.compile("\r(?!\n)")
"""A line break other than ``\\n`` and ``\\r\\n`` (with U+0085, U+2028 and U+2029,
see :func:`_odd_breaks`): such a text is linted whole."""
_CITES_LINE: Final = re.compile(r"\bline \d")
"""A message that may cite a line number."""
_CITATIONS: Final = {
    # The messages that cite a line, each ending with its citation (what precedes it
    # may quote the user's text, which never follows it).
    "MT002": re.compile(r"\(first defined at line (\d+)\); loaders keep only the last value\Z"),
    "MT206": re.compile(r"\(first at line (\d+), column \d+\)\Z"),
    "MT405": re.compile(r"\(line (\d+); both are \S+\); keep one\Z"),
}
"""Rule code -> its message's citation (group 1: the line): these messages can be
moved; any other that matches :data:`_CITES_LINE` cannot."""
_ANCHOR: Final = re.compile(r"(?:(?<=[\s\[{,:?])|^)[&*][^\s,\[\]{}]", re.MULTILINE)
"""Where an anchor or alias may be (a ``&`` or ``*`` where a token can start): its
name is global to the document, so an item that may hold one is not parsed alone
when another part of the text may hold one too."""
_AT_COLUMN_0: Final = re.compile(r"^[^ #\r\n]", re.MULTILINE)
"""A line of an item that starts at column 0 (other than its ``-`` when the items'
is there): it may end the sequence or the document."""
_CHUNK: Final = 4096
_FOREVER: Final = 1 << 62

Context = tuple[int, int] | None
"""Where the first template with the same code has its code, for a repeated code."""
Code = tuple[str, int, int]
"""A template's code and where it is written (line, column)."""
_AT_COLUMN_0_DASHED: Final = re.compile(r"^(?!-[ \t])[^ #\r\n]", re.MULTILINE)
""":data:`_AT_COLUMN_0` for items whose ``-`` is at column 0."""


@dataclass(frozen=True, slots=True)
class _Entry:
    """The findings on the ``span`` lines of one item (or of the header below the
    items), made when it started at line ``first`` with ``context``."""

    first: int
    span: int
    context: Context
    findings: tuple[Finding, ...]
    cited: tuple[tuple[int, int], ...]
    """(index of a finding, the line its message cites), for the messages of
    :data:`_CITATIONS`."""
    pinned: bool
    """Whether some message may cite a line in another way (it cannot be moved)."""

    def moved_to(self, first: int, context: Context) -> _Entry | None:
        """This entry for the same text starting at ``first`` with ``context``; None if
        it cannot be known without linting it again."""
        if first == self.first and context == self.context:
            return self
        if self.pinned or (context is None) != (self.context is None):
            return None
        delta = first - self.first
        cited: dict[int, int] = {}
        for index, line in self.cited:
            if self.first <= line < self.first + self.span:
                cited[index] = line + delta  # the item's own line: it moved with it
            elif (
                context is not None
                and self.context is not None
                and line == self.context[0]
                and context[1] == self.context[1]
            ):
                cited[index] = context[0]  # where the first of its code is now
            else:
                return None
        findings = tuple(
            _moved(finding, delta, cited.get(index)) for index, finding in enumerate(self.findings)
        )
        return _Entry(first, self.span, context, findings, tuple(cited.items()), False)


def _entry(first: int, span: int, context: Context, findings: Sequence[Finding]) -> _Entry:
    kept = tuple(findings)
    cited, pinned = _citations(kept)
    return _Entry(first, span, context, kept, cited, pinned)


def _citations(findings: Sequence[Finding]) -> tuple[tuple[tuple[int, int], ...], bool]:
    cited: list[tuple[int, int]] = []
    pinned = False
    for index, finding in enumerate(findings):
        if _CITES_LINE.search(finding.message) is None:
            continue
        pattern = _CITATIONS.get(finding.code)
        found = pattern.search(finding.message) if pattern is not None else None
        if found is None:
            pinned = True
        else:
            cited.append((index, int(found.group(1))))
    return tuple(cited), pinned


def _moved(finding: Finding, delta: int, cited: int | None) -> Finding:
    message = finding.message
    if cited is not None:
        pattern = _CITATIONS[finding.code]
        found = pattern.search(message)
        assert found is not None
        message = message[: found.start(1)] + str(cited) + message[found.end(1) :]
    if not delta and message is finding.message:
        return finding
    end_line = None if finding.end_line is None else finding.end_line + delta
    if not _FINDING_FIELDS:
        return replace(finding, line=finding.line + delta, end_line=end_line, message=message)
    # (A finding is built field by field: dataclasses.replace costs twice as much, and a
    # version moves every finding below the edit.)
    return Finding(
        finding.path,
        finding.line + delta,
        finding.column,
        finding.code,
        finding.name,
        finding.severity,
        message,
        end_line,
        finding.end_column,
    )


_FINDING_FIELDS: Final = tuple(f.name for f in fields(Finding)) == (
    "path",
    "line",
    "column",
    "code",
    "name",
    "severity",
    "message",
    "end_line",
    "end_column",
)
"""Whether :class:`Finding` has the fields :func:`_moved` builds it with (else it uses
``dataclasses.replace``)."""


@dataclass(frozen=True, slots=True, repr=False)
class Items:
    """A pack's text cut into the items of ``templates`` and the header around them."""

    text: str
    lead: str
    """The header before the first item."""
    tail: str
    """The header after the last item."""
    texts: tuple[str, ...]
    """Each item's text: its lines, line breaks included."""
    offsets: tuple[int, ...]
    """Where each item's first line starts in :attr:`text`."""
    firsts: tuple[int, ...]
    """The first line of each item (1-based, increasing)."""
    stop: int
    """The line after the last item: the next top-level key's, or the line count + 1."""
    columns: tuple[int, ...]
    """The column each item starts at (after its ``-``)."""
    codes: tuple[Code | None, ...]
    """Each item's code and where it is written, when it has one."""
    dash: int
    """The column (0-based) of every item's ``-``."""
    nodes: tuple[int, ...]
    """The keys and values of each item (toward :data:`MAX_NODES`)."""
    anchors: tuple[bool, ...]
    """Whether each item may hold an anchor or alias (see :data:`_ANCHOR`)."""
    keys: tuple[str, ...]
    """The top-level keys, in order."""
    size: int
    """The text's size in UTF-8 bytes."""
    contexts: tuple[Context, ...] = ()
    repeats: tuple[int | None, ...] = ()
    """For an item whose code an earlier item has: that item's index."""

    def __post_init__(self) -> None:
        contexts, repeats = _repeated(self.codes)
        object.__setattr__(self, "contexts", contexts)
        object.__setattr__(self, "repeats", repeats)

    def __len__(self) -> int:
        return len(self.firsts)

    def end(self, index: int) -> int:
        """The line after item ``index``."""
        return self.firsts[index + 1] if index + 1 < len(self.firsts) else self.stop

    def item_text(self, index: int) -> str:
        return self.texts[index]

    def key(self, index: int) -> tuple[str, bool]:
        """What finds item ``index``'s findings in the cache: its text, and whether
        its code repeats an earlier one's."""
        return self.texts[index], self.contexts[index] is not None

    def item_of(self, line: int) -> int | None:
        """The item holding ``line``, or None for a header line."""
        if line < self.firsts[0] or line >= self.stop:
            return None
        return bisect_right(self.firsts, line) - 1

    def with_firsts(self, indexes: set[int]) -> set[int]:
        """``indexes`` and the first item of every repeated code among them."""
        return indexes | {r for i in indexes if (r := self.repeats[i]) is not None}

    def firsts_of(self, indexes: set[int]) -> set[int]:
        """The first items of the codes that ``indexes`` repeat, not among them."""
        return {r for i in indexes if (r := self.repeats[i]) is not None} - indexes

    def breaks(self, start: int, stop: int) -> int:
        """The line breaks in items ``start`` to ``stop`` - 1."""
        count = self.end(stop - 1) - self.firsts[start]
        if stop == len(self.firsts) and not self.tail:
            count -= 1  # the last item's last line is the text's: no line break ends it
        return count

    def blanked(self, kept: Iterable[int], stubs: frozenset[int] | set[int] = frozenset()) -> str:
        """The text with only the header and the ``kept`` items: each run of other
        items' lines becomes a ``#`` line and empty lines (as many lines in all). An
        item of ``stubs`` keeps only its code, where it was written (see :meth:`stub`),
        when it can (else it is kept whole)."""
        kept = set(kept)
        parts = [self.lead]
        run_start: int | None = None
        for index in range(len(self.firsts) + 1):
            stub = self.stub(index) if index in stubs else None
            if index < len(self.firsts) and index not in kept and stub is None:
                if run_start is None:
                    run_start = index
                continue
            if run_start is not None:
                parts.append("#" + "\n" * self.breaks(run_start, index))
                run_start = None
            if index < len(self.firsts):
                parts.append(stub if stub is not None else self.texts[index])
        parts.append(self.tail)
        return "".join(parts)

    def stub(self, index: int) -> str | None:
        """Item ``index`` reduced to its code, on the line and at the column it is
        written, in as many lines as the item: all an item that repeats its code needs
        of it (the reader reports the repeat citing that place). None when the code
        cannot be written so (no code, no room before it, characters to escape)."""
        code = self.codes[index]
        if code is None:
            return None
        value, line, column = code
        first = self.firsts[index]
        text = self.texts[index]
        prefix = text[: self.columns[index] - 1]  # "  - "
        rows = [prefix + "x: 0"] + [""] * (line - first - 1) if line > first else []
        lead = prefix if line == first else " " * len(prefix)
        pad = column - 1 - len(lead) - len("code:")
        if pad < 1 or not value.isprintable() or any(c in value for c in '"\\'):
            return None
        rows.append(f'{lead}code:{" " * pad}"{value}"')
        breaks = text.count("\n")
        return "\n".join(rows) + "\n" * (breaks - len(rows) + 1)


def split_items(document: Document) -> Items | None:
    """``document`` cut into items and header, or None when it cannot be (see the
    module docstring: such a document is linted whole)."""
    text = document.text
    root = document.root
    if document.format != "yaml" or not isinstance(root, MappingNode) or root.flow:
        return None
    if document_kind(document) != "pack" or _odd_breaks(text) or text.startswith("\ufeff"):
        return None
    keys = root.keys()
    key = root.key_node("templates")
    listed = root.get("templates")
    if len(set(keys)) != len(keys) or key is None or not isinstance(listed, SequenceNode):
        return None
    if listed.flow or not listed.items:
        return None
    # Lines are counted with str.count and str.rfind (memchr speed), from one node to
    # the next, without building a table of the whole text's lines.
    below_start = text.rfind("\n", 0, key.start) + 1
    below = text.count("\n", 0, below_start) + 1
    later = [k.start for k, _ in root.items if k.start > key.start]
    if later:
        stop_offset = text.rfind("\n", 0, later[0]) + 1
        stop = below + text.count("\n", below_start, stop_offset)
    else:
        stop_offset, stop = len(text), text.count("\n") + 2
    offsets: list[int] = []
    firsts: list[int] = []
    columns: list[int] = []
    line, line_start = below, below_start
    dash = -1
    for item in listed.items:
        start = text.rfind("\n", 0, item.start) + 1
        line += text.count("\n", line_start, start)
        line_start = start
        if not (firsts[-1] if firsts else below) < line < stop:
            return None
        if not _ITEM_PREFIX.fullmatch(text, start, item.start):
            return None
        at = text.index("-", start)
        if dash not in (-1, at - start):  # cannot be: one block sequence
            return None
        dash = at - start
        offsets.append(start)
        firsts.append(line)
        columns.append(item.start - start + 1)
    ends = [*offsets[1:], stop_offset]
    texts = tuple(text[start:end] for start, end in zip(offsets, ends, strict=True))
    codes = tuple(
        _code(item, text, offset, first)
        for item, offset, first in zip(listed.items, offsets, firsts, strict=True)
    )
    return Items(
        text=text,
        lead=text[: offsets[0]],
        tail=text[stop_offset:],
        texts=texts,
        offsets=tuple(offsets),
        firsts=tuple(firsts),
        stop=stop,
        columns=tuple(columns),
        codes=codes,
        dash=dash,
        nodes=tuple(_count(item, None) or 0 for item in listed.items),
        anchors=tuple(_anchored(item_text) for item_text in texts),
        keys=tuple(keys),
        size=len(text.encode("utf-8", "surrogatepass")),
    )


def _code(item: Node, text: str, offset: int, first: int) -> Code | None:
    """Item ``item``'s code and where it is, for an item whose first line starts at
    ``offset`` of ``text`` and is line ``first``."""
    node = item.get("code") if isinstance(item, MappingNode) else None
    code = string_value(node, False) if isinstance(node, ScalarNode) else None
    if code is None or node is None:
        return None
    line = first + text.count("\n", offset, node.start)
    return code, line, node.start - text.rfind("\n", 0, node.start)


def _count(node: Node, end: int | None) -> int | None:
    """The keys and values in ``node`` (itself included); None when ``end`` is given
    and one of its scalars or flow collections goes on past it (a block collection
    ends where the next token starts, wherever that is, as does an empty scalar).
    Without ``end``, no node is made for a key or a string kept as text (a whole pack
    is counted so, after each whole parse)."""
    count = 0
    stack: list[Entry] = [node]
    while stack:
        here = stack.pop()
        count += 1
        if isinstance(here, MappingNode):
            if end is None:
                for _, value in here.entries():
                    count += 1  # the key
                    stack.append(value)
                continue
            if here.flow and here.end > end:
                return None
            for key, value in here.items:
                stack.append(key)
                stack.append(value)
        elif isinstance(here, SequenceNode):
            if end is not None and here.flow and here.end > end:
                return None
            stack.extend(here.items)
        elif end is not None and isinstance(here, Node) and here.end > max(end, here.start):
            return None
    return count


def _anchored(text: str) -> bool:
    """Whether :data:`_ANCHOR` is found in ``text`` (each ``&`` and ``*`` looked at
    with ``str.find``: the regex tries every character, ten times slower)."""
    for mark in "&*":
        at = text.find(mark)
        while at != -1:
            before = text[at - 1] if at else "\n"
            after = text[at + 1 : at + 2]
            starts = before.isspace() or before in "[{,:?"
            if starts and after and not after.isspace() and after not in ",[]{}":
                return True
            at = text.find(mark, at + 1)
    return False


def _odd_breaks(text: str) -> bool:
    # Substring searches run at memchr speed; one regex over the text is ten times slower.
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return True
    return "\r" in text and _ODD_BREAK.search(text) is not None


def _repeated(
    codes: Sequence[Code | None],
) -> tuple[tuple[Context, ...], tuple[int | None, ...]]:
    """For each item whose code an earlier item has (the pack reader keeps the first
    and reports the second there): where the first one's code is, and its index."""
    first: dict[str, int] = {}
    contexts: list[Context] = []
    repeats: list[int | None] = []
    for index, code in enumerate(codes):
        seen = None if code is None else first.setdefault(code[0], index)
        if seen is None or seen == index:
            contexts.append(None)
            repeats.append(None)
        else:
            where = codes[seen]
            assert where is not None
            contexts.append((where[1], where[2]))
            repeats.append(seen)
    return tuple(contexts), tuple(repeats)


@dataclass(frozen=True, slots=True, repr=False)
class Derived:
    """A version's items known from the last version's and a parse of the items that
    changed (:func:`derive`)."""

    items: Items
    changed: range
    """The indexes of the items parsed again (the others are the last version's)."""
    moved: Callable[[int], int | None]
    """The last version's index of each item that is not in :attr:`changed`."""
    blanked: str
    """The text that was parsed: the header and the items of :attr:`changed`."""
    document: Document


def derive(old: Items, text: str, path: str) -> Derived | None:
    """The items of ``text``, the next version of ``old.text``, when the edit lies
    within items and parsing those items alone stands for parsing the whole text
    (see the module docstring); else None (parse the whole text)."""
    before = old.text
    if text == before:
        return None
    start = common_prefix(before, text)
    tail = common_suffix(before, text, min(len(before), len(text)) - start)
    end = len(before) - tail  # the edit replaced before[start:end]
    if start < len(old.lead) or end > len(before) - len(old.tail):
        return None
    count = len(old)
    first = bisect_right(old.offsets, start) - 1
    last = bisect_right(old.offsets, max(start, end - 1)) - 1
    added = len(text[start : len(text) - tail].encode("utf-8", "surrogatepass"))
    size = old.size - len(before[start:end].encode("utf-8", "surrogatepass")) + added
    if size > MAX_FILE_BYTES:
        return None
    derived = _derive(old, text, path, first, last, size)
    if derived is None and (first > 0 or last < count - 1):
        # The edit may have moved an item's first line (a line added above it, an item
        # removed whole): the items around it make a whole.
        derived = _derive(old, text, path, max(first - 1, 0), min(last + 1, count - 1), size)
    return derived


def _derive(  # noqa: PLR0917 - private, one caller
    old: Items, text: str, path: str, first: int, last: int, size: int
) -> Derived | None:
    """:func:`derive` with items ``first`` to ``last`` parsed again."""
    count = len(old)
    grown = len(text) - len(old.text)
    begin = old.offsets[first]
    finish = (old.offsets[last + 1] if last + 1 < count else len(old.text) - len(old.tail)) + grown
    middle = text[begin:finish]
    dash = old.dash
    if not middle.startswith(" " * dash + "-") or not _ITEM_PREFIX.match(middle):
        return None
    column_0 = _AT_COLUMN_0_DASHED if dash == 0 else _AT_COLUMN_0
    if _odd_breaks(middle) or column_0.search(middle) is not None:
        return None
    if _anchored(middle) and (
        _anchored(old.lead)
        or _anchored(old.tail)
        or any(old.anchors[:first])
        or any(old.anchors[last + 1 :])
    ):
        return None
    lines = middle.count("\n")
    shift = lines - sum(old.texts[index].count("\n") for index in range(first, last + 1))
    parts = [old.lead]
    if first > 0:
        parts.append("#" + "\n" * old.breaks(0, first))
    here = sum(len(part) for part in parts)  # where the middle starts in the blanked text
    parts.append(middle)
    if last + 1 < count:
        parts.append("#" + "\n" * old.breaks(last + 1, count))
    parts.append(old.tail)
    blanked = "".join(parts)
    there = here + len(middle)
    budget = MAX_NODES - sum(old.nodes) + sum(old.nodes[first : last + 1])
    if budget <= 0:
        return None
    try:
        decoded = decode(blanked.encode("utf-8", "surrogatepass"), path)
        document = parse_document(decoded, path, "yaml", max_nodes=budget)
    except DocumentError:
        return None
    root = document.root
    if decoded != blanked or not isinstance(root, MappingNode) or root.flow:
        return None
    listed = root.get("templates")
    if tuple(root.keys()) != old.keys or not isinstance(listed, SequenceNode) or listed.flow:
        return None
    texts: list[str] = []
    offsets: list[int] = []
    firsts: list[int] = []
    columns: list[int] = []
    codes: list[Code | None] = []
    nodes: list[int] = []
    line, line_start = old.firsts[first], here
    for item in listed.items:
        start = blanked.rfind("\n", 0, item.start) + 1
        if not here <= start < there or (not offsets and start != here):
            return None
        if not _ITEM_PREFIX.fullmatch(blanked, start, item.start):
            return None
        if not blanked.startswith(" " * dash + "-", start):
            return None
        line += blanked.count("\n", line_start, start)
        line_start = start
        inside = _count(item, there)
        if inside is None:
            return None
        offsets.append(start)
        firsts.append(line)
        columns.append(item.start - start + 1)
        codes.append(_code(item, blanked, start, line))
        nodes.append(inside)
    if not offsets:
        return None
    ends = [*offsets[1:], there]
    texts = [blanked[start:end] for start, end in zip(offsets, ends, strict=True)]
    later = old.firsts[last + 1 :]
    items = Items(
        text=text,
        lead=old.lead,
        tail=old.tail,
        texts=(*old.texts[:first], *texts, *old.texts[last + 1 :]),
        offsets=(
            *old.offsets[:first],
            *(begin + offset - here for offset in offsets),
            *(offset + grown for offset in old.offsets[last + 1 :]),
        ),
        firsts=(*old.firsts[:first], *firsts, *(line + shift for line in later)),
        stop=old.stop + shift,
        columns=(*old.columns[:first], *columns, *old.columns[last + 1 :]),
        codes=(
            *old.codes[:first],
            *codes,
            *(None if c is None else (c[0], c[1] + shift, c[2]) for c in old.codes[last + 1 :]),
        ),
        dash=dash,
        nodes=(*old.nodes[:first], *nodes, *old.nodes[last + 1 :]),
        anchors=(*old.anchors[:first], *(_anchored(t) for t in texts), *old.anchors[last + 1 :]),
        keys=old.keys,
        size=size,
    )
    changed = range(first, first + len(texts))
    moved_by = last + 1 - changed.stop

    def moved(index: int) -> int | None:
        if index < first:
            return index
        return None if index in changed else index + moved_by

    return Derived(items, changed, moved, blanked, document)


def common_prefix(one: str, other: str) -> int:
    """How many characters ``one`` and ``other`` start with alike (memcmp speed)."""
    size = min(len(one), len(other))
    low = 0
    while low < size:
        high = min(low + _CHUNK, size)
        if not other.startswith(one[low:high], low):
            break
        low = high
    else:
        return size
    while high - low > 1:  # one[:low] == other[:low], one[:high] != other[:high]
        middle = (low + high) // 2
        if other.startswith(one[low:middle], low):
            low = middle
        else:
            high = middle
    return low


def common_suffix(one: str, other: str, limit: int) -> int:
    """How many characters ``one`` and ``other`` end with alike, at most ``limit``."""
    ones, others = len(one), len(other)
    low = 0
    while low < limit:
        high = min(low + _CHUNK, limit)
        if not other.endswith(one[ones - high : ones - low], 0, others - low):
            break
        low = high
    else:
        return limit
    while high - low > 1:
        middle = (low + high) // 2
        if other.endswith(one[ones - middle : ones - low], 0, others - low):
            low = middle
        else:
            high = middle
    return low


@dataclass(eq=False)
class Linted:
    """One version, linted: its findings, and what the lint knew of it."""

    findings: tuple[Finding, ...]
    text: str
    path: str
    model: LintModel | None
    """The whole text's model, when the whole text was linted (else see :meth:`model_at`)."""
    relinted: int | None
    """Items linted again; None when the whole text was."""
    items: Items | None = None
    config: LintConfig = field(default_factory=LintConfig)
    parsed: bool = True
    """Whether the whole text was parsed (else only the items that changed were)."""
    _document: Document | None = field(default=None, repr=False)
    _models: dict[int, LintModel | None] = field(default_factory=dict, repr=False)

    @property
    def document(self) -> Document | None:
        """The parsed text (None when it does not parse), parsed now if it was not."""
        if self._document is None and (self.model is not None or self.items is not None):
            if self.model is not None:
                self._document = self.model.document
            else:
                try:
                    self._document = text_source(self.text, self.path).load()
                except DocumentError:  # cannot be: the items parsed as the whole text
                    return None
        return self._document

    def model_at(self, line: int) -> LintModel | None:
        """A model whose pack holds the template at ``line`` (1-based, the parser's) as
        the whole pack does: the whole model, or one of the header and that item (with
        the first item of its code, if it repeats one). Its ``template_at(line)`` is
        the whole pack's."""
        if self.model is not None or self.items is None:
            return self.model
        index = self.items.item_of(line)
        index = 0 if index is None else index
        if index not in self._models:
            text = self.items.blanked(self.items.with_firsts({index}))
            document = parse_document(text, self.path, "yaml")
            self._models[index] = build_model(document, self.config.rule_options)
        return self._models[index]


@dataclass(eq=False)
class _Header:
    """The header's text (before and after the items) and its findings there."""

    text: tuple[str, str]
    before: tuple[Finding, ...]
    after: _Entry
    """The findings after the items, made when the last item ended at ``after.first``."""


class IncrementalLinter:
    """Lints successive versions of the text of the file at ``path`` with ``config``,
    keeping per-item findings between calls (see the module docstring)."""

    def __init__(self, path: str, config: LintConfig | None = None) -> None:
        self.path = path
        self.config = config or LintConfig()
        self._items: Items | None = None
        """The last version's items (of the last version that parsed)."""
        self._entries: list[_Entry] = []
        """The findings of each of those items."""
        self._cache: dict[tuple[str, bool], _Entry] = {}
        self._header: _Header | None = None

    def lint(self, text: str) -> Linted:
        """The findings of ``text``, as ``lint_text(text, path, config)`` gives them."""
        source = text_source(text, self.path)
        old, header = self._items, self._header
        derived = None
        if old is not None and header is not None and not text.startswith("\ufeff"):
            if text == old.text:
                return self._relint(source, old, None, lambda index: index, None)
            derived = derive(old, text, self.path)
        if derived is not None:
            return self._relint(source, derived.items, derived, derived.moved, None)
        try:
            document = source.load()
        except DocumentError as exc:
            return self._whole(replace(source, load=_raiser(exc)), None, None, text)
        items = split_items(document)
        if items is None or header is None or header.text != (items.lead, items.tail):
            return self._whole(source, document, items, text)
        return self._relint(source, items, None, lambda index: None, document)

    def _relint(
        self,
        source: Source,
        items: Items,
        derived: Derived | None,
        moved: Callable[[int], int | None],
        document: Document | None,
    ) -> Linted:
        """Lint ``items`` (the last version's ``moved(index)``, when it has one), linting
        again only the items whose findings are not known."""
        header = self._header
        assert header is not None
        after = header.after.moved_to(items.stop, None)
        entries: list[_Entry | None] = []
        for index in range(len(items)):
            was = moved(index)
            entry = self._entries[was] if was is not None else self._cache.get(items.key(index))
            if entry is not None:
                entry = entry.moved_to(items.firsts[index], items.contexts[index])
            entries.append(entry)
        again = {index for index, entry in enumerate(entries) if entry is None}
        if after is None or len(again) * WHOLE_SHARE > len(items):
            return self._whole(source, document, items, items.text)
        rest = again
        if again and not items.firsts_of(again):
            for index, entry in self._packed(items, again).items():
                entries[index] = entry
            rest = {index for index in again if entries[index] is None}
        if rest:
            stubs = items.firsts_of(rest)
            blanked = items.blanked(rest, stubs)
            relint = text_source(blanked, self.path)
            if derived is not None and blanked == derived.blanked:
                parsed = derived.document  # parsed already, to find the items
                relint = replace(relint, load=lambda: parsed)
            result = lint_source(relint, self.config, keep_model=True)
            if self.path not in result.models:  # cannot happen; be exact regardless
                return self._whole(source, document, items, items.text)
            fresh = _by_item(items, result.findings)[1]
            for index in rest:
                entries[index] = _entry(
                    items.firsts[index], _span(items, index), items.contexts[index], fresh[index]
                )
        findings = list(header.before)
        kept: list[_Entry] = []
        for entry in entries:
            assert entry is not None
            kept.append(entry)
            findings.extend(entry.findings)
        findings.extend(after.findings)
        header.after = after
        self._remember(items, kept)
        return Linted(
            tuple(findings),
            items.text,
            self.path,
            None,
            len(again),
            items,
            self.config,
            parsed=document is not None,
            _document=document,
        )

    def _packed(self, items: Items, again: set[int]) -> dict[int, _Entry | None]:
        """The findings of the items ``again`` (the first of every code they repeat
        among them), linted in a *packed* text: the header with those items one after
        the other, without the blank lines of the others; each item's findings are then
        moved to where it is (see :meth:`_Entry.moved_to`), None for an item whose
        findings cannot be moved (lint it in a blanked text)."""
        order = sorted(again)
        parts = [items.lead]
        firsts: list[int] = []
        line = items.firsts[0]
        for index in order:
            firsts.append(line)
            parts.append(items.texts[index])
            line += items.texts[index].count("\n")
        parts.append(items.tail)
        result = lint_source(text_source("".join(parts), self.path), self.config, keep_model=True)
        if self.path not in result.models:  # cannot happen; be exact regardless
            return {}
        found: list[list[Finding]] = [[] for _ in order]
        end = firsts[-1] + _span(items, order[-1])  # (the last line may end the text)
        for finding in result.findings:
            if firsts[0] <= finding.line < end:
                found[bisect_right(firsts, finding.line) - 1].append(finding)
        at = dict(zip(order, firsts, strict=True))
        packed: dict[int, _Entry | None] = {}
        for index, first, findings in zip(order, firsts, found, strict=True):
            context = items.contexts[index]
            repeats = items.repeats[index]
            if context is not None and repeats is not None:  # that item is packed too
                context = (at[repeats] + context[0] - items.firsts[repeats], context[1])
            entry = _entry(first, _span(items, index), context, findings)
            packed[index] = entry.moved_to(items.firsts[index], items.contexts[index])
        return packed

    def _remember(self, items: Items, entries: list[_Entry]) -> None:
        self._items = items
        self._entries = entries
        self._cache = {items.key(index): entry for index, entry in enumerate(entries)}

    def _whole(
        self, source: Source, document: Document | None, items: Items | None, text: str
    ) -> Linted:
        """Lint the whole text (``text``); refill the cache from it when it has items."""
        if document is not None:
            parsed = document
            source = replace(source, load=lambda: parsed)
        result = lint_source(source, self.config, keep_model=True)
        findings = tuple(result.findings)
        model = result.models.get(source.path)
        if items is not None:
            before, by_item, after = _by_item(items, findings)
            entries = [
                _entry(items.firsts[i], _span(items, i), items.contexts[i], by_item[i])
                for i in range(len(items))
            ]
            self._header = _Header(
                (items.lead, items.tail), tuple(before), _entry(items.stop, _FOREVER, None, after)
            )
            self._remember(items, entries)
        elif document is not None:
            self._items, self._entries, self._cache, self._header = None, [], {}, None
        # (a text that does not parse keeps the cache: the next version likely will)
        if document is None and model is not None:
            document = model.document
        return Linted(
            findings,
            text,
            self.path,
            model,
            None,
            items,
            self.config,
            _document=document,
        )


def _span(items: Items, index: int) -> int:
    return items.end(index) - items.firsts[index]


def _by_item(
    items: Items, findings: Sequence[Finding]
) -> tuple[list[Finding], list[list[Finding]], list[Finding]]:
    """``findings`` (sorted) as those before the items, on each item, and after them."""
    before: list[Finding] = []
    after: list[Finding] = []
    by_item: list[list[Finding]] = [[] for _ in range(len(items))]
    for finding in findings:
        index = items.item_of(finding.line)
        if index is not None:
            by_item[index].append(finding)
        elif finding.line < items.firsts[0]:
            before.append(finding)
        else:
            after.append(finding)
    return before, by_item, after


def _raiser(exc: DocumentError) -> Callable[[], Document]:
    def load() -> Document:
        raise exc

    return load
