"""File positions inside template texts: a syntax error points at its ``$`` in the file."""

from __future__ import annotations

import json
import textwrap
from random import Random

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from msgtemplate.document.source import parse_document
from msgtemplate.pack import PackProblem, read_pack
from msgtemplate.pack.positions import TextLocator

HEAD = (
    "format: 1\ndefaultLocale: en\ntemplates:\n"
    "  - code: T\n    channel: SMS\n    content:\n      en:\n"
)


def syntax_problem(text: str, fmt: str = "yaml") -> PackProblem:
    _pack, problems = read_pack(parse_document(text, f"p.{fmt}", fmt))  # type: ignore[arg-type]
    found = [p for p in problems if p.kind == "template-syntax"]
    assert len(found) == 1, problems
    return found[0]


def char_at(text: str, line: int, column: int) -> str:
    return text.split("\n")[line - 1][column - 1 :]


@pytest.mark.parametrize(
    ("body", "line", "column"),
    [
        # plain scalar: same line, column + offset
        ("        body: Hi ${ name } there\n", 8, 18),
        # double quotes: +1 for the quote, escapes count as what they decode to
        ('        body: "Caf\\u00e9 \\"x\\" \\t ${na me}"\n', 8, 35),
        # single quotes: '' is one character
        ("        body: 'It''s ${}'\n", 8, 22),
        # literal block: following lines, with their indentation
        (
            "        body: |\n          Dear ${name},\n            your order ${ id } left.\n",
            10,
            24,
        ),
        # folded block: line breaks folded into spaces
        ("        body: >-\n          first line\n          second ${ bad } here\n", 10, 18),
        # a plain scalar over two lines
        ("        body: first line\n          continues ${bad\n", 9, 21),
        # double-quoted over two lines, with an escaped line break
        ('        body: "one two \\\n          three ${x"\n', 9, 17),
        # a tag before the block indicator
        ("        body: !!str |\n          x ${\n", 9, 13),
    ],
)
def test_yaml_positions(body: str, line: int, column: int) -> None:
    text = HEAD + body
    problem = syntax_problem(text)
    assert (problem.line, problem.column) == (line, column)
    assert char_at(text, line, column).startswith("${")


@pytest.mark.parametrize(
    "value",
    [
        "plain ${ x }",
        "caf\\u00e9 ${ x }",
        'line\\nbreak \\"quoted\\" ${ x }',
        "emoji \\ud83d\\ude00 then ${ x }",
        "emoji 😀 raw ${ x }",
        "slash \\/ and \\\\ ${ x }",
    ],
)
def test_json_positions(value: str) -> None:
    text = (
        '{"format": 1, "defaultLocale": "en", "templates": [\n'
        '  {"code": "T", "channel": "SMS",\n'
        f'   "content": {{"en": {{"body": "{value}"}}}}}}\n'
        "]}\n"
    )
    problem = syntax_problem(text, "json")
    assert problem.line == 3
    assert char_at(text, 3, problem.column).startswith("${ x }")


def test_placeholder_positions_for_linters() -> None:
    text = HEAD + textwrap.indent("body: |\n  Hello ${who},\n    see ${what}.\n", " " * 8)
    pack, problems = read_pack(parse_document(text, "p.yaml", "yaml"))
    assert not problems
    assert pack is not None
    body = pack.template("T").content["en"].body
    assert body.template is not None
    for node in body.template.nodes:
        offset = getattr(node, "offset", None)
        name = getattr(node, "name", None)
        if name is not None and offset is not None:
            line, column = body.position(offset)
            assert char_at(text, line, column).startswith("${" + name + "}")


# --- properties: whatever the style, the position is the `$` ---------------------------

_CHARS = st.sampled_from([*list("abc XY:#-'\"\\é日😀\t,.{}"), "\n", "  "])
_TEXT = st.lists(_CHARS, max_size=25).map("".join)


def _build(prefix: str, suffix: str) -> str:
    return prefix + "${ " + suffix  # the only `$`, and never a valid placeholder


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    _TEXT,
    _TEXT,
    st.sampled_from(['"', "'", None, "|", ">"]),
    st.booleans(),
    st.sampled_from([20, 80]),
)
def test_yaml_error_position_is_the_dollar(
    prefix: str, suffix: str, style: str | None, unicode: bool, width: int
) -> None:
    body = _build(prefix, suffix)
    data = {
        "format": 1,
        "defaultLocale": "en",
        "templates": [{"code": "T", "channel": "SMS", "content": {"en": {"body": body}}}],
    }
    text = yaml.safe_dump(data, default_style=style, allow_unicode=unicode, width=width)
    assume(yaml.safe_load(text) == data)
    problem = syntax_problem(text)
    line = text.split("\n")[problem.line - 1]
    assert line[problem.column - 1 :].startswith("${"), (text, problem)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(_TEXT, _TEXT, st.booleans())
def test_json_error_position_is_the_dollar(prefix: str, suffix: str, ascii_only: bool) -> None:
    body = _build(prefix, suffix)
    data = {
        "format": 1,
        "defaultLocale": "en",
        "templates": [{"code": "T", "channel": "SMS", "content": {"en": {"body": body}}}],
    }
    text = json.dumps(data, ensure_ascii=ascii_only, indent=1)
    problem = syntax_problem(text, "json")
    line = text.split("\n")[problem.line - 1]
    assert line[problem.column - 1 :].startswith("${"), (text, problem)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_CHARS, min_size=40, max_size=160).map("".join),
    st.sampled_from(['"', "'", None, "|", ">", "json"]),
    st.randoms(use_true_random=False),
)
def test_positions_asked_in_any_order_match_a_fresh_walk(
    text: str, style: str | None, rng: Random
) -> None:
    # A locator remembers where its walk has been (so a finding per placeholder
    # stays linear); whatever order offsets are asked in, the answers must be
    # those of a locator that walks from the start for each one.
    data = {
        "format": 1,
        "defaultLocale": "en",
        "templates": [{"code": "T", "channel": "SMS", "content": {"en": {"body": text}}}],
    }
    if style == "json":
        source, fmt = json.dumps(data, ensure_ascii=False, indent=1), "json"
    else:
        fmt = "yaml"
        source = yaml.safe_dump(data, default_style=style, allow_unicode=True, width=20)
        assume(yaml.safe_load(source) == data)
    pack, problems = read_pack(parse_document(source, f"p.{fmt}", fmt))  # type: ignore[arg-type]
    assert pack is not None, problems
    locator = pack.template("T").content["en"].body.locator
    offsets = list(range(len(text) + 1))
    rng.shuffle(offsets)
    for offset in offsets:
        fresh = TextLocator(locator.lines, locator.parent, locator.key)  # nothing walked yet
        assert locator.position(offset) == fresh.position(offset)
