"""Lint successive versions of one pack, linting again only the templates that changed.

An editor lints the same document after every pause in typing, and one keystroke
changes one template of a thousand. :class:`IncrementalLinter` gives exactly the
findings :func:`~msgtemplate.lint.lint_text` gives for each version (rule selection
and ``# noqa`` included), through the same code: every lint it runs *is* a
``lint_text``, of the whole text or of a smaller text made from it.

**Items.** The text is parsed whole every time (the parser is the floor). A YAML
pack whose ``templates`` is a block sequence, each item starting on its own line
after ``-``, is cut by lines: item *i* runs from its first line to the line before
the next item's (the last one up to the next top-level key, or the end), and the
*header* is every other line. Findings on an item's lines depend only on the
header, the item's own text, the line it starts at and, for a template whose
``code`` repeats an earlier one's (which the reader skips), where that code is.

**A blanked text** keeps the header and some items and replaces every other item's
lines with a ``#`` line and empty lines, so each line keeps its number and every
column its place. Linting it gives, on each kept item's lines, exactly the
findings of the whole text there: that is the one fact this module relies on, and
``tests/test_lint_incremental.py`` checks it after random edits (the ``#`` ends a
block scalar as the next item's ``-`` did, so ``|+`` keeps no more lines).

**The cache** keeps each item's findings (after rule selection and ``# noqa``),
keyed by its text and that code context. Each version, items with a known key
reuse them, moved by as many lines as the item moved (a finding whose message
cites a line number is linted again instead); the others are linted together in
one blanked text, with the code alone of the first item of any code they repeat. The whole
text is linted (and the cache refilled) when there is nothing to reuse: the first
version, a header that changed, a text that does not parse, a document that is
not such a pack (JSON, flow style, odd line breaks), or more than
1/:data:`WHOLE_SHARE` of the items to lint again.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate
from typing import Final

from msgtemplate.document.source import (
    Document,
    DocumentError,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
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
"""A message citing a line number ("first at line 12") cannot be moved."""

Context = tuple[int, int] | None
"""Where the first template with the same code has its code, for a repeated code."""


@dataclass(frozen=True, slots=True)
class _Entry:
    """The findings on one item's lines, made when it started at ``first``."""

    first: int
    findings: tuple[Finding, ...]
    cites: bool

    def moved_to(self, first: int) -> _Entry | None:
        """This entry for the item starting at ``first``; None if it cannot be moved."""
        if first == self.first:
            return self
        if self.cites:
            return None
        return _Entry(first, _moved(self.findings, first - self.first), False)


def _entry(first: int, findings: Sequence[Finding]) -> _Entry:
    kept = tuple(findings)
    return _Entry(first, kept, any(_CITES_LINE.search(f.message) for f in kept))


def _moved(findings: tuple[Finding, ...], delta: int) -> tuple[Finding, ...]:
    if not delta:
        return findings
    return tuple(
        replace(f, line=f.line + delta, end_line=None if f.end_line is None else f.end_line + delta)
        for f in findings
    )


@dataclass(frozen=True, slots=True)
class Items:
    """A pack's text cut into the items of ``templates`` and the header around them."""

    text: str
    starts: tuple[int, ...]
    """Offset of each line's start (index 0 is line 1), then one past the text."""
    firsts: tuple[int, ...]
    """The first line of each item (1-based, increasing)."""
    stop: int
    """The line after the last item: the next top-level key's, or the line count + 1."""
    contexts: tuple[Context, ...]
    repeats: tuple[int | None, ...]
    """For an item whose code an earlier item has: that item's index."""
    columns: tuple[int, ...] = ()
    """The column each item starts at (after its ``-``)."""
    codes: tuple[tuple[str, int, int] | None, ...] = ()
    """Each item's code and where it is written (line, column), when it has one."""

    def __len__(self) -> int:
        return len(self.firsts)

    def end(self, index: int) -> int:
        """The line after item ``index``."""
        return self.firsts[index + 1] if index + 1 < len(self.firsts) else self.stop

    def _offset(self, line: int) -> int:
        return self.starts[min(line - 1, len(self.starts) - 1)]

    def item_text(self, index: int) -> str:
        return self.text[self._offset(self.firsts[index]) : self._offset(self.end(index))]

    def key(self, index: int) -> tuple[str, Context]:
        return self.item_text(index), self.contexts[index]

    @property
    def lead(self) -> str:
        """The header before the first item."""
        return self.text[: self._offset(self.firsts[0])]

    @property
    def tail(self) -> str:
        """The header after the last item."""
        return self.text[self._offset(self.stop) :]

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

    def blanked(self, kept: set[int], stubs: frozenset[int] | set[int] = frozenset()) -> str:
        """The text with only the header and the ``kept`` items: each run of other
        items' lines becomes a ``#`` line and empty lines (as many lines in all). An
        item of ``stubs`` keeps only its code, where it was written (see :meth:`stub`),
        when it can (else it is kept whole)."""
        parts = [self.lead]
        run_start: int | None = None
        for index in range(len(self.firsts) + 1):
            stub = self.stub(index) if index in stubs else None
            if index < len(self.firsts) and index not in kept and stub is None:
                if run_start is None:
                    run_start = self._offset(self.firsts[index])
                continue
            if run_start is not None:
                end = self._offset(self.firsts[index] if index < len(self.firsts) else self.stop)
                parts.append("#" + "\n" * self.text.count("\n", run_start, end))
                run_start = None
            if index < len(self.firsts):
                parts.append(stub if stub is not None else self.item_text(index))
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
        start = self._offset(first)
        prefix = self.text[start : start + self.columns[index] - 1]  # "  - "
        rows = [prefix + "x: 0"] + [""] * (line - first - 1) if line > first else []
        lead = prefix if line == first else " " * len(prefix)
        pad = column - 1 - len(lead) - len("code:")
        if pad < 1 or not value.isprintable() or any(c in value for c in '"\\'):
            return None
        rows.append(f'{lead}code:{" " * pad}"{value}"')
        breaks = self.text.count("\n", start, self._offset(self.end(index)))
        return "\n".join(rows) + "\n" * (breaks - len(rows) + 1)


def split_items(document: Document) -> Items | None:
    """``document`` cut into items and header, or None when it cannot be (see the
    module docstring: such a document is linted whole)."""
    text = document.text
    root = document.root
    if document.format != "yaml" or not isinstance(root, MappingNode) or root.flow:
        return None
    if document_kind(document) != "pack" or _odd_breaks(text):
        return None
    keys = root.keys()
    key = root.key_node("templates")
    listed = root.get("templates")
    if len(set(keys)) != len(keys) or key is None or not isinstance(listed, SequenceNode):
        return None
    if listed.flow or not listed.items:
        return None
    rows = text.split("\n")
    starts = (0, *accumulate(len(row) + 1 for row in rows))

    def at(node: Node) -> tuple[int, int]:
        # The node's line and column from its offset and these line starts (the same
        # cut as the parser's here: only "\n" and "\r\n" break lines), without making
        # the document build its own table of the whole text's lines.
        index = bisect_right(starts, node.start) - 1
        return index + 1, node.start - starts[index] + 1

    below = at(key)[0]
    later = [line for k, _ in root.items if (line := at(k)[0]) > below]
    stop = min(later) if later else len(rows) + 1
    firsts: list[int] = []
    for item in listed.items:
        line, column = at(item)
        if not (firsts[-1] if firsts else below) < line < stop:
            return None
        if not _ITEM_PREFIX.fullmatch(rows[line - 1], 0, column - 1):
            return None
        firsts.append(line)
    contexts, repeats, codes = _repeated_codes(listed.items, at)
    columns = tuple(at(item)[1] for item in listed.items)
    return Items(text, starts, tuple(firsts), stop, contexts, repeats, columns, codes)


def _odd_breaks(text: str) -> bool:
    # Substring searches run at memchr speed; one regex over the text is ten times slower.
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return True
    return "\r" in text and _ODD_BREAK.search(text) is not None


def _repeated_codes(
    items: list[Node], at: Callable[[Node], tuple[int, int]]
) -> tuple[tuple[Context, ...], tuple[int | None, ...], tuple[tuple[str, int, int] | None, ...]]:
    """For each item whose code an earlier item has (the pack reader keeps the first
    and reports the second there): where the first one's code is, and its index; and
    each item's code and where it is."""
    first: dict[str, tuple[int, tuple[int, int]]] = {}
    contexts: list[Context] = []
    repeats: list[int | None] = []
    codes: list[tuple[str, int, int] | None] = []
    for index, item in enumerate(items):
        node = item.get("code") if isinstance(item, MappingNode) else None
        code = string_value(node, False) if isinstance(node, ScalarNode) else None
        if code is None or node is None:
            codes.append(None)
            contexts.append(None)
            repeats.append(None)
            continue
        where = at(node)
        codes.append((code, *where))
        seen = first.get(code)
        if seen is not None:
            contexts.append(seen[1])
            repeats.append(seen[0])
            continue
        first[code] = (index, where)
        contexts.append(None)
        repeats.append(None)
    return tuple(contexts), tuple(repeats), tuple(codes)


@dataclass(eq=False)
class Linted:
    """One version, linted: its findings, and what the lint knew of it."""

    findings: tuple[Finding, ...]
    document: Document | None
    """The parsed text (None when it did not parse)."""
    model: LintModel | None
    """The whole text's model, when the whole text was linted (else see :meth:`model_at`)."""
    relinted: int | None
    """Items linted again; None when the whole text was."""
    items: Items | None = None
    config: LintConfig = field(default_factory=LintConfig)
    _models: dict[int, LintModel | None] = field(default_factory=dict, repr=False)

    def model_at(self, line: int) -> LintModel | None:
        """A model whose pack holds the template at ``line`` (1-based, the parser's) as
        the whole pack does: the whole model, or one of the header and that item (with
        the first item of its code, if it repeats one). Its ``template_at(line)`` is
        the whole pack's."""
        if self.model is not None or self.items is None or self.document is None:
            return self.model
        index = self.items.item_of(line)
        index = 0 if index is None else index
        if index not in self._models:
            text = self.items.blanked(self.items.with_firsts({index}))
            document = parse_document(text, self.document.path, self.document.format)
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
        self._entries: dict[tuple[str, Context], _Entry] = {}
        self._header: _Header | None = None

    def lint(self, text: str) -> Linted:
        """The findings of ``text``, as ``lint_text(text, path, config)`` gives them."""
        source = text_source(text, self.path)
        try:
            document = source.load()
        except DocumentError as exc:
            return self._whole(replace(source, load=_raiser(exc)), None, None)
        items = split_items(document)
        header = self._header
        if items is None or header is None or header.text != (items.lead, items.tail):
            return self._whole(source, document, items)
        after = header.after.moved_to(items.stop)
        keys = [items.key(index) for index in range(len(items))]
        entries: list[_Entry | None] = []
        for index, key in enumerate(keys):
            entry = self._entries.get(key)
            entries.append(entry.moved_to(items.firsts[index]) if entry is not None else None)
        again = {index for index, entry in enumerate(entries) if entry is None}
        if after is None or len(again) * WHOLE_SHARE > len(items):
            return self._whole(source, document, items)
        if again:
            stubs = items.firsts_of(again)
            blanked = text_source(items.blanked(again, stubs), self.path)
            result = lint_source(blanked, self.config, keep_model=True)
            if self.path not in result.models:  # cannot happen; be exact regardless
                return self._whole(source, document, items)
            fresh = _by_item(items, result.findings)[1]
            for index in again:
                entries[index] = _entry(items.firsts[index], fresh[index])
        findings = list(header.before)
        self._entries = {}
        for key, entry in zip(keys, entries, strict=True):
            assert entry is not None
            self._entries[key] = entry
            findings.extend(entry.findings)
        findings.extend(after.findings)
        header.after = after
        return Linted(tuple(findings), document, None, len(again), items, self.config)

    def _whole(self, source: Source, document: Document | None, items: Items | None) -> Linted:
        """Lint the whole text; refill the cache from it when it has items."""
        if document is not None:
            parsed = document
            source = replace(source, load=lambda: parsed)
        result = lint_source(source, self.config, keep_model=True)
        findings = tuple(result.findings)
        if items is not None:
            before, by_item, after = _by_item(items, findings)
            self._entries = {
                items.key(i): _entry(items.firsts[i], by_item[i]) for i in range(len(items))
            }
            self._header = _Header(
                (items.lead, items.tail), tuple(before), _entry(items.stop, after)
            )
        elif document is not None:
            self._entries, self._header = {}, None
        # (a text that does not parse keeps the cache: the next version likely will)
        model = result.models.get(source.path)
        return Linted(findings, document, model, None, items, self.config)


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
