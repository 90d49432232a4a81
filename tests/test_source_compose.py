"""The YAML loader builds the tree PyYAML's own composer builds (issue 20).

``msgtemplate.document.source`` composes its positioned tree straight from libyaml's
events, in one pass, instead of composing PyYAML's node tree and walking it again.
PyYAML's composer (``yaml.compose`` with the same C loader) is the oracle: for every
text, both succeed with the same shape, marks, scalar text and style, or both fail at
the same place, or PyYAML succeeds and we refuse one of the constructs we refuse
(aliases, deep nesting, non-scalar keys, values we cannot construct).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from msgtemplate.document.source import (
    DocumentError,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    parse_document,
    strings_where,
)
from tests.support.packgen import generated_pack

ROOT = Path(__file__).resolve().parent.parent
BASES = [
    generated_pack(3, flawed=True),
    (ROOT / "samples" / "booking.yaml").read_text(encoding="utf-8"),
    "a: &x 1\nb: *x\n",
    "- a\n- [b, {c: d}]\n- |\n  x\n  y\n- >-\n  z\n- 'q''s'\n- \"e\\u00e9\"\n",
    "? [a]\n: b\nc: !!binary aGVsbG8=\nd: 2026-11-28\ne: 0x1F\nf: no\ng: ~\n",
    "{a: 1, a: 2, b: [1, 2.5, -3e2], c: !!str 012, d: =, <<: {e: f}}\n",
    "--- a\n...\n",
]
INSERTS = ["&a ", "*a", "[", "]", "{", "}", "- ", ": ", "\n", '"', "'", "!!str ", "? ", "#", "|"]
INSERTS += [">", "  ", "---\n", "x", "0", "\t", "!", "%", "[" * 70, "\x07", "9" * 120]
REFUSALS = (
    "YAML anchors and aliases are not allowed",
    "nesting deeper than",
    "mapping keys must be plain text",
    "unsupported YAML value",
    "number longer than",
)


def shape(ours: Node | None, theirs: yaml.Node | None) -> None:
    """``ours`` is ``theirs``: same kind, marks, children, and scalar text and style."""
    if theirs is None:
        assert ours is None
        return
    assert ours is not None
    mark = theirs.start_mark
    assert (ours.line, ours.column) == (mark.line + 1, mark.column + 1)
    if isinstance(theirs, yaml.ScalarNode):
        assert isinstance(ours, ScalarNode)
        assert ours.text == theirs.value
        assert ours.quoted == (theirs.style in ("'", '"', "|", ">"))
        assert (ours.start, ours.end) == (mark.index, theirs.end_mark.index)
        return
    assert isinstance(ours, MappingNode | SequenceNode)
    assert (ours.start, ours.end) == (mark.index, theirs.end_mark.index)
    assert ours.flow == bool(theirs.flow_style)
    if isinstance(ours, SequenceNode):
        assert len(ours.items) == len(theirs.value)
        for mine, item in zip(ours.items, theirs.value, strict=True):
            shape(mine, item)
    else:
        assert isinstance(theirs, yaml.MappingNode)
        kept_as_text(ours, theirs)
        items = ours.items  # makes every key and value node not made yet
        assert len(items) == len(theirs.value)
        for (key, value), (their_key, their_value) in zip(items, theirs.value, strict=True):
            shape(key, their_key)
            shape(value, their_value)
        # Made once and kept in place: every way of asking gives the same node.
        assert all(a is c and b is d for (a, b), (c, d) in zip(items, ours.items, strict=True))
        for key, value in ours.last_items():
            assert ours.key_node(key.text) is key
            assert ours.get(key.text) is value
            assert ours.entry(key.text) is value


def kept_as_text(ours: MappingNode, theirs: yaml.MappingNode) -> None:
    """Before any node is made, the keys and the values kept as text are PyYAML's,
    and so is where each key starts (asked without making its node)."""
    entries = ours.entries()
    assert [key for key, _ in entries] == [
        k.value if isinstance(k, yaml.ScalarNode) else "" for k, _ in theirs.value
    ]
    for (_key, entry), (_, their_value) in zip(entries, theirs.value, strict=True):
        if isinstance(entry, str):  # a string spanning exactly its text (and quotes)
            assert isinstance(their_value, yaml.ScalarNode)
            assert entry == their_value.value
            assert their_value.style in (None, "", "'", '"')
            quotes = 2 if their_value.style else 0
            span = their_value.end_mark.index - their_value.start_mark.index
            assert span == len(entry) + quotes
    last = {key: their_key for key, (their_key, _) in zip(ours.keys(), theirs.value, strict=True)}
    for key, their_key in last.items():
        mark = their_key.start_mark
        assert ours.key_position(key) == (mark.line + 1, mark.column + 1)
    keys = ours.keys()
    last_index = {key: index for index, key in enumerate(keys)}
    last_entries = ours.last_entries()
    assert [k for k, _ in last_entries] == [k for i, k in enumerate(keys) if last_index[k] == i]
    assert all(entry is ours.entry(key) for key, entry in last_entries)


def repeats_somewhere(node: Node | None) -> bool:
    """Whether a mapping anywhere under ``node`` repeats a key (the slow way)."""
    if isinstance(node, MappingNode):
        if any(True for _ in node.duplicates()):
            return True
        return any(repeats_somewhere(value) for _, value in node.items)
    if isinstance(node, SequenceNode):
        return any(repeats_somewhere(item) for item in node.items)
    return False


def outcome(text: str) -> Node | DocumentError | None:
    """Our tree for ``text``, or the error we raise; checks the repeated-keys flag."""
    try:
        document = parse_document(text, "x.yaml", "yaml")
    except DocumentError as exc:
        return exc
    assert document.repeated_keys == repeats_somewhere(document.root)
    return document.root


def agrees(text: str) -> None:
    try:
        theirs = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        assert mark is not None
        with pytest.raises(DocumentError) as mine:
            parse_document(text, "x.yaml", "yaml")
        assert (mine.value.line, mine.value.column) == (mark.line + 1, mark.column + 1)
        return
    except (yaml.YAMLError, RecursionError):
        return  # reader errors: character positions, checked in test_source.py
    ours = outcome(text)
    if isinstance(ours, DocumentError):
        assert ours.message.startswith(REFUSALS), ours.message
        return
    shape(ours, theirs)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(BASES),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 5), st.sampled_from(INSERTS)), max_size=3),
)
def test_the_tree_is_pyyamls_tree(base: str, edits: list[tuple[float, int, str]]) -> None:
    text = base
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    agrees(text)


@pytest.mark.parametrize(
    "text", ["a: 1\n? ", "a: 1\n? \n", "a: 1\r? ", "a:", "a: 1\nb:", "? ", "- ", "a: [1,\n 2]\n? "]
)
def test_what_the_stream_ends_with_is_where_pyyaml_puts_it(text: str) -> None:
    # libyaml puts an empty value at the end of an unterminated last line on a line
    # of its own after it; a character offset alone cannot say so.
    agrees(text)


def test_samples_and_a_generated_pack_agree() -> None:
    for text in BASES:
        agrees(text)
    agrees(generated_pack(40))


def test_refusals_come_after_syntax_errors_anywhere_in_the_file() -> None:
    # An alias or deep nesting (refused) before a syntax error: the syntax error is
    # what is reported, as when PyYAML composed the whole stream before our checks.
    cases = {
        "a: &x 1\nb: *x\nc: [\n": 4,
        "a: " + "[" * 70 + "]" * 70 + "\nb: {\n": 3,
        "a: &x 1\nb: *x\n---\nc: d\n": 3,  # a second document, refused first
    }
    for text, line in cases.items():
        with pytest.raises(DocumentError) as caught:
            parse_document(text, "x.yaml", "yaml")
        assert caught.value.line == line
        assert "anchors" not in caught.value.message
        assert "nesting" not in caught.value.message


def test_the_parsers_say_whether_a_mapping_repeats_a_key() -> None:
    for text, fmt, repeated in (
        ('{"a": 1, "a": 2}', "json", True),
        ('{"a": {"b": 1}, "b": [{"c": 1, "c": 2}]}', "json", True),
        ('{"a": {"b": 1}, "b": 2}', "json", False),
        ("a: {b: 1}\nb: [{c: 1, d: 2}]\n", "yaml", False),
        ("a: {b: 1}\nb: [{c: 1, c: 2}]\n", "yaml", True),
    ):
        document = parse_document(text, f"x.{fmt}", fmt)  # type: ignore[arg-type]
        assert document.repeated_keys is repeated, text
        assert repeats_somewhere(document.root) is repeated


def json_nodes_agree(text: str) -> None:
    """Every node of a JSON document, made when asked, spans exactly what
    ``json.loads`` reads as its value."""
    document = parse_document(text, "x.json", "json")
    stack: list[Node | None] = [document.root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            for key, entry in node.entries():
                if isinstance(entry, str):
                    # Kept as text: a string without escapes, as written.
                    assert text[node.get(key).start : node.get(key).end] == f'"{entry}"'  # type: ignore[union-attr]
            for key_node, value in node.last_items():
                assert json.loads(text[key_node.start : key_node.end]) == key_node.text
                assert key_node.position == node.key_position(key_node.text)
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.items)
        elif isinstance(node, ScalarNode):
            assert json.loads(text[node.start : node.end]) == node.value
            assert node.quoted == isinstance(node.value, str)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES, st.booleans(), st.sampled_from([None, 1]))
def test_json_nodes_made_when_asked_span_their_values(
    value: object, ascii_only: bool, indent: int | None
) -> None:
    json_nodes_agree(json.dumps(value, ensure_ascii=ascii_only, indent=indent))


def test_a_pack_keeps_its_keys_and_plain_strings_as_text() -> None:
    # What the memory figures rest on (docs/speed.md, "Memory"): parsing makes no node
    # for a key or a string that spans exactly its text; reading the pack makes none
    # either (the reader and the schema read them as text).
    from msgtemplate.pack import read_pack

    document = parse_document(generated_pack(5), "x.yaml", "yaml")
    root = document.root
    assert isinstance(root, MappingNode)
    listed = root.get("templates")
    assert isinstance(listed, SequenceNode)
    template = listed.items[0]
    assert isinstance(template, MappingNode)
    assert template._keys is None
    code = template.entry("code")
    assert isinstance(code, str)
    read_pack(document)
    assert template._keys is None
    assert template.entry("code") is code  # still text


def test_counting_a_tree_makes_no_node_and_counts_every_key_and_value() -> None:
    # The language server counts each template's keys and values (lint.incremental);
    # counting entries gives what a walk over every node gives, and makes none.
    from msgtemplate.lint.incremental import _count

    for text in (generated_pack(6, flawed=True), *BASES[1:2], "a: [1, {b: 'c', d: \"e\\n\"}]\n"):
        document = parse_document(text, "x.yaml", "yaml")
        root = document.root
        assert isinstance(root, MappingNode)
        counted = _count(root, None)
        assert root._keys is None  # no key node made
        walked, stack = 0, [root]
        while stack:
            node = stack.pop()
            walked += 1
            if isinstance(node, MappingNode):
                stack.extend(part for pair in node.items for part in pair)
            elif isinstance(node, SequenceNode):
                stack.extend(node.items)
        assert counted == walked


def every_scalar(root: Node | None) -> list[ScalarNode]:
    """Every scalar under ``root``, keys included, making every node (the slow way)."""
    found: list[ScalarNode] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            found.append(node)
        elif isinstance(node, MappingNode):
            stack.extend(part for pair in node.items for part in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.items)
    return found


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES, st.sampled_from(["json", "yaml"]), st.sampled_from(["a", "\\", "\x85", " "]))
def test_strings_where_finds_what_a_walk_over_every_node_finds(
    value: object, fmt: str, wanted: str
) -> None:
    if fmt == "json":
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = yaml.safe_dump(value, allow_unicode=True)
    search = re.compile(re.escape(wanted)).search
    document = parse_document(text, f"x.{fmt}", fmt)  # type: ignore[arg-type]
    lazily = strings_where(document.root, search)
    found = sorted((n.start, n.end, n.text) for n in lazily)
    again = parse_document(text, f"x.{fmt}", fmt)  # type: ignore[arg-type]
    expected = sorted(
        (n.start, n.end, n.text)
        for n in every_scalar(again.root)
        if isinstance(n.value, str) and search(n.value)
    )
    assert found == expected
