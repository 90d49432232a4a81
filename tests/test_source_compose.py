"""The YAML loader builds the tree PyYAML's own composer builds (issue 20).

``msgtemplate.document.source`` composes its positioned tree straight from libyaml's
events, in one pass, instead of composing PyYAML's node tree and walking it again.
PyYAML's composer (``yaml.compose`` with the same C loader) is the oracle: for every
text, both succeed with the same shape, marks, scalar text and style, or both fail at
the same place, or PyYAML succeeds and we refuse one of the constructs we refuse
(aliases, deep nesting, non-scalar keys, values we cannot construct).
"""

from __future__ import annotations

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
    assert len(ours.items) == len(theirs.value)
    if isinstance(ours, SequenceNode):
        for mine, item in zip(ours.items, theirs.value, strict=True):
            shape(mine, item)
    else:
        for (key, value), (their_key, their_value) in zip(ours.items, theirs.value, strict=True):
            shape(key, their_key)
            shape(value, their_value)


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
