"""The incremental linter gives exactly what a whole lint gives, re-linting only what changed.

The property tests apply random edits (characters typed and deleted, line breaks,
a locale renamed, a template duplicated or removed, YAML broken and mended) to a
generated pack with findings of most rule families, and after every edit compare the
incremental findings with those of a fresh ``lint_text`` of the same text, field by
field and in order. A second set of edits aims at what could make a template parse
alone but not in its place (the linter parses only the templates an edit changed):
flow collections and quoted scalars left open, ``---`` and ``...``, directives, a
line at column 0, tabs, keep-chomping block scalars, anchors and aliases, refused
values, odd line breaks and characters, an item removed whole. The other tests count
the templates linted again and whether the whole text was parsed (work, not time).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msgtemplate.document.source import (
    MAX_FILE_BYTES,
    MAX_NODES,
    MappingNode,
    Node,
    SequenceNode,
    parse_document,
)
from msgtemplate.lint import LintConfig, lint_text
from msgtemplate.lint.incremental import IncrementalLinter, split_items
from tests.support.packgen import generated_pack

PATH = "/nonexistent/pack.yaml"
PACK = generated_pack(24, flawed=True)

_TYPED = st.sampled_from(
    [
        "x",
        " ",
        "\n",
        "\n\n",
        "\n    ",
        "\n  - code: TP_NEW\n",
        "\n  - name: Z\n    code: TP_GEN_00001\n",  # the first of a code, not on its first line
        "\n  - {name: Z,\n     code:   TP_GEN_00002}\n",
        "$",
        "${amount}",
        "{orderId}",
        "'",
        '"',
        ":",
        ": ",
        "#",
        "  # noqa",
        "  # noqa: MT404",
        "|+",
        "-",
        "\t",
        "\u200b",
        "\u202e",
        "zh-CN",
        "es_419",
        "line 3",
        "😀",
    ]
) | st.text(alphabet="ab ${}:#-'\"\n|>+", max_size=6)


@st.composite
def _edit(draw: st.DrawFn, text: str) -> str:
    """``text`` after one random edit."""
    kind = draw(st.sampled_from(["type", "type", "delete", "locale", "duplicate", "lines"]))
    if kind == "type":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(_TYPED) + text[at:]
    if kind == "delete":
        at = draw(st.integers(0, len(text)))
        return text[:at] + text[at + draw(st.integers(1, 40)) :]
    lines = text.split("\n")
    if kind == "locale":
        rows = [i for i, row in enumerate(lines) if row.startswith("      ") and row.endswith(":")]
        if rows:
            row = draw(st.sampled_from(rows))
            tag = draw(st.sampled_from(["fr", "zh-CN", "zh-Hans", "en-US", "xx-NOT", "es_419"]))
            lines[row] = f"      {tag}:"
        return "\n".join(lines)
    if kind == "duplicate":
        starts = [i for i, row in enumerate(lines) if row.startswith("  - ")]
        if len(starts) >= 2:
            item = draw(st.integers(0, len(starts) - 2))
            copy = lines[starts[item] : starts[item + 1]]
            at = draw(st.sampled_from(starts))
            lines[at:at] = copy
        return "\n".join(lines)
    first = draw(st.integers(0, len(lines) - 1))
    last = draw(st.integers(first, min(len(lines), first + 8)))
    del lines[first:last]  # whole lines removed: a template shortened, or two merged
    return "\n".join(lines)


def _parses(text: str) -> bool:
    try:
        parse_document(text, "p.yaml", "yaml")
    except Exception:
        return False
    return True


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), ignore=st.sampled_from([(), ("MT404",), ("MT9",)]))
def test_incremental_findings_equal_a_fresh_whole_lint_after_every_edit(
    data: st.DataObject, ignore: tuple[str, ...]
) -> None:
    config = LintConfig(ignore=ignore)
    linter = IncrementalLinter(PATH, config)
    linter.lint(PACK)
    text = good = PACK
    for _ in range(data.draw(st.integers(1, 8))):
        # Edits apply to the last text that parsed: a broken one is mended by the next.
        text = data.draw(_edit(good))
        if _parses(text):
            good = text
        assert list(linter.lint(text).findings) == lint_text(text, PATH, config).findings


# What could make a template parse alone but not in its place, or in its place but not
# alone: each is typed somewhere in a template, at a line's start, or between two.
_HAZARDS = st.sampled_from(
    [
        "[",
        "{",
        "[a, ",
        "{x: ",
        "]",
        "}",
        "[a]",
        '"',
        "'",
        '"abc\n',
        "'a\n\n",
        "\n---\n",
        "\n...\n",
        "\n--- x\n",
        "---",
        "...",
        "\nfoo: 1\n",
        "\nx\n",
        "x: ",
        "\n- code: TP_COL0\n",
        "\n templates:\n",
        "\nformat: 1\n",
        "%YAML 1.2\n",
        "\n%TAG ! tag:x,2000:\n",
        "\t",
        "\n\t- code: TP_TAB\n",
        "-\t",
        "|+",
        "|+\n\n\n",
        ">+\n",
        "|2+\n",
        "|-\n",
        "\n\n\n",
        "&a ",
        "*a",
        " &a x",
        " *a ",
        "&dup ",
        " &dup v ",
        " *dup",
        "? [a]\n  : b\n",
        "[" * 70,
        "!!python/object:x y",
        "!!binary x",
        "!!int x",
        "!x ",
        "\n   - code: TP_THREE\n",
        "\n - code: TP_ONE\n",
        "\n  -\n",
        "\n  - \n",
        "\n    title:",
        "\n    title:\n",
        "#",
        "\n#\n",
        "\r",
        "\u2028",
        "\x85",
        "\ufeff",
        "\x00",
        "\ud800",
        "\x01",
    ]
)
PACKS = [
    PACK,
    # The same items at column 0 (an indentless sequence), a key after them, no final
    # line break.
    PACK.replace("\n  ", "\n"),
    PACK + "# below the templates\nfallback:\n  languages: {}\n",
    PACK.rstrip("\n"),
    # A blank line and a comment at the end of every template.
    PACK.replace("\n  - code:", "\n\n  # next\n  - code:"),
]


@st.composite
def _hazard(draw: st.DrawFn, text: str) -> str:
    """``text`` with one hazard typed, or a template removed whole."""
    lines = text.split("\n")
    starts = [i for i, row in enumerate(lines) if row.lstrip(" ").startswith("- ")]
    gaps = [i for i, row in enumerate(lines) if not row.strip(" ") or row.lstrip(" ")[:1] == "#"]
    kind = draw(st.sampled_from(["anywhere", "line", "between", "remove", "gap"]))
    if kind == "remove" and len(starts) >= 2:
        item = draw(st.integers(0, len(starts) - 2))
        del lines[starts[item] : starts[item + 1]]
        return "\n".join(lines)
    hazard = draw(_HAZARDS)
    if kind == "anywhere":
        at = draw(st.integers(0, len(text)))
        return text[:at] + hazard + text[at:]
    rows = {"between": starts, "gap": gaps or starts}.get(kind, range(len(lines)))
    row = draw(st.sampled_from(rows))
    indent = (
        0
        if kind == "between"
        else draw(st.sampled_from([0, len(lines[row]) - len(lines[row].lstrip(" "))]))
    )
    lines[row] = lines[row][:indent] + hazard + lines[row][indent:]
    return "\n".join(lines)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), pack=st.sampled_from(PACKS))
def test_findings_equal_a_fresh_whole_lint_after_edits_that_break_yaml_across_templates(
    data: st.DataObject, pack: str
) -> None:
    linter = IncrementalLinter(PATH)
    linter.lint(pack)
    text = good = pack
    for _ in range(data.draw(st.integers(1, 6))):
        text = data.draw(_hazard(good) | _edit(good))
        if _parses(text):
            good = text
        assert list(linter.lint(text).findings) == lint_text(text, PATH).findings


_SMALL = generated_pack(12, flawed=True).replace("\n  - code:", "\n\n  # next\n  - code:")


@pytest.mark.parametrize(
    "pack",
    [
        _SMALL + "# below the templates\nfallback:\n  languages: {}\n",
        _SMALL.replace("\n  ", "\n"),  # the items' "-" at column 0
    ],
    ids=["tail", "indentless"],
)
def test_every_hazard_typed_in_every_kind_of_place_is_linted_as_a_whole_lint_would(
    pack: str,
) -> None:
    lines = pack.split("\n")
    starts = [i for i, row in enumerate(lines) if row.lstrip(" ").startswith("- ")]
    gap, inner, end = starts[6] - 1, starts[4] + 3, starts[8] - 3
    indent = len(lines[inner]) - len(lines[inner].lstrip(" "))
    places = [
        (gap, 0),  # a comment line at the end of a template, at column 0
        (gap, len(lines[gap]) - len(lines[gap].lstrip(" "))),  # ... where it starts
        (starts[5], 0),  # the start of a template's "-" line
        (inner, 0),  # a line inside a template, at column 0
        (inner, indent),  # ... where it starts
        (inner, indent + 5),  # ... in its middle
        (end, len(lines[end])),  # the end of a line near a template's end
        (len(lines) - 2, len(lines[-2])),  # the end of the last line
    ]
    linter = IncrementalLinter(PATH)
    expected = lint_text(pack, PATH).findings
    assert list(linter.lint(pack).findings) == expected
    fast = 0
    for hazard in _HAZARDS.elements:
        for row, column in places:
            edited = list(lines)
            edited[row] = edited[row][:column] + hazard + edited[row][column:]
            text = "\n".join(edited)
            result = linter.lint(text)
            assert list(result.findings) == lint_text(text, PATH).findings, (hazard, row, column)
            fast += not result.parsed
            assert list(linter.lint(pack).findings) == expected  # and back
    assert fast > 30  # those that parse in place were parsed alone (the others break the YAML)


def test_an_anchor_named_twice_in_two_templates_is_found_as_a_whole_lint_finds_it() -> None:
    # Each template parses alone with its anchor; together they repeat one (an error).
    text = generated_pack(12).replace("name: Generated 2\n", "name: &n Generated 2\n")
    linter = IncrementalLinter(PATH)
    assert list(linter.lint(text).findings) == lint_text(text, PATH).findings
    for edited in (
        text.replace("name: Generated 7\n", "name: &n Generated 7\n"),  # a repeated anchor
        text.replace("name: Generated 7\n", "name: *n\n"),  # an alias (refused)
        text.replace("name: Generated 7\n", "name: &m Generated 7\n"),  # another anchor
    ):
        result = linter.lint(edited)
        assert list(result.findings) == lint_text(edited, PATH).findings
        assert result.parsed  # parsed whole: another template holds an anchor
    alone = generated_pack(12)
    linter.lint(alone)
    result = linter.lint(alone.replace("name: Generated 7\n", "name: &m Generated 7\n"))
    assert not result.parsed  # the only anchor: that template alone was parsed


@given(st.text(alphabet="&*ab ,[]{}:?\n\t\u3000-#'\"", max_size=20))
def test_anchors_are_looked_for_as_the_pattern_says(text: str) -> None:
    from msgtemplate.lint.incremental import _ANCHOR, _anchored

    assert _anchored(text) == (_ANCHOR.search(text) is not None)


def _nodes(node: Node | None) -> int:
    if isinstance(node, MappingNode):
        return 1 + sum(1 + _nodes(value) for _, value in node.items)
    if isinstance(node, SequenceNode):
        return 1 + sum(_nodes(item) for item in node.items)
    return 1


@pytest.mark.slow
def test_an_edit_that_takes_the_pack_past_the_node_cap_is_found_as_a_whole_lint_finds_it() -> None:
    base = generated_pack(8)
    spare = 3
    # Template 0 gets a list that leaves the pack `spare` keys and values under the cap
    # (its key, the list, then one node per item).
    count = MAX_NODES - _nodes(parse_document(base, "p.yaml", "yaml").root) - 2 - spare
    text = base.replace(
        "    name: Generated 0\n", "    name: Generated 0\n    x-big: [" + "a," * count + "]\n", 1
    )
    assert _nodes(parse_document(text, "p.yaml", "yaml").root) == MAX_NODES - spare
    linter = IncrementalLinter(PATH)
    linter.lint(text)
    # Template 2 alone parses, with room to spare; the whole pack is past the cap.
    edited = text.replace("    name: Generated 2\n", "    name: Generated 2\n    x: [a, a]\n")
    result = linter.lint(edited)
    assert f"more than {MAX_NODES:,} keys and values" in result.findings[0].message
    assert list(result.findings) == lint_text(edited, PATH).findings
    assert result.parsed
    within = text.replace("    name: Generated 2\n", "    name: Generated 2\n    x: a\n")
    result = linter.lint(within)  # two nodes more: at the cap, not past it
    assert list(result.findings) == lint_text(within, PATH).findings
    assert not result.parsed


@pytest.mark.slow
def test_an_edit_that_takes_the_file_past_the_size_cap_is_found_as_a_whole_lint_finds_it() -> None:
    base = generated_pack(8)
    line = "    # " + "x" * 1017 + "\n"  # 1 KiB
    spare = 4
    room = MAX_FILE_BYTES - len(base.encode()) - spare
    comment = line * (room // len(line)) + "    #" + "x" * (room % len(line) - 6) + "\n"
    text = base.replace("    name: Generated 0\n", "    name: Generated 0\n" + comment, 1)
    assert len(text.encode()) == MAX_FILE_BYTES - spare
    linter = IncrementalLinter(PATH)
    linter.lint(text)
    edited = text.replace("name: Generated 2\n", "name: Generated 2!!!!!\n")  # a byte past it
    result = linter.lint(edited)
    assert "larger than" in result.findings[0].message
    assert list(result.findings) == lint_text(edited, PATH).findings
    within = text.replace("name: Generated 2\n", "name: Generated 2!!!!\n")  # at the cap
    result = linter.lint(within)
    assert list(result.findings) == lint_text(within, PATH).findings
    assert not result.parsed


def test_one_template_edited_is_the_only_one_linted_again() -> None:
    text = generated_pack(60)
    linter = IncrementalLinter(PATH)
    assert linter.lint(text).relinted is None  # the first version: linted whole
    typed = text.replace("Ref 31.", "Ref 31!", 1)
    result = linter.lint(typed)
    assert result.relinted == 1
    assert result.findings == tuple(lint_text(typed, PATH).findings)
    # A line break moves every later template down a line: their findings move too.
    at = typed.index("name: Generated 2\n") + len("name: Generated 2")
    moved = typed[:at] + "\n" + typed[at:]
    result = linter.lint(moved)
    assert result.relinted == 1
    assert result.findings == tuple(lint_text(moved, PATH).findings)
    assert linter.lint(moved).relinted == 0  # the same text again: nothing to lint


def test_moved_findings_that_cite_a_line_cite_where_it_moved() -> None:
    text = generated_pack(40, flawed=True)  # template 26 has a duplicate zh-CN locale
    linter = IncrementalLinter(PATH)
    linter.lint(text)
    at = text.index("name: Generated 2\n") + len("name: Generated 2")
    moved = text[:at] + "\n" + text[at:]
    result = linter.lint(moved)
    assert result.findings == tuple(lint_text(moved, PATH).findings)
    cited = [f for f in result.findings if "(line " in f.message or "at line " in f.message]
    assert len(cited) >= 2  # a repeated locale and a repeated code, below the edit
    assert result.relinted == 1  # the template edited; the others' citations moved
    assert not result.parsed  # and only that template was parsed


def test_a_repeated_code_is_linted_with_the_first_template_of_that_code() -> None:
    text = generated_pack(30, flawed=True)  # template 26 repeats the code of 25
    linter = IncrementalLinter(PATH)
    linter.lint(text)
    edited = text.replace("name: Generated 26\n", "name: Generated 26!\n", 1)
    result = linter.lint(edited)
    assert result.relinted == 1  # the repeat (of the first of its code, only the code)
    assert result.findings == tuple(lint_text(edited, PATH).findings)


@pytest.mark.parametrize(
    "text",
    [
        '{"format": 1, "defaultLocale": "en-US", "templates": []}',  # no items
        "format: 1\ndefaultLocale: en-US\ntemplates: [{code: A}, {code: B}]\n",  # flow
        "format: 1\r\ndefaultLocale: en-US\r\ntemplates:\r\n  - code: A\r  - code: B\r\n",
        "format: 1\ntemplates:\n  -\n    code: A\n",  # the item starts a line after its dash
        "format: 1\ntemplates:\n  - code: A\ntemplates:\n  - code: B\n",  # a repeated key
    ],
)
def test_documents_that_cannot_be_cut_into_items_are_linted_whole(text: str) -> None:
    path = PATH.replace(".yaml", ".json") if text.startswith("{") else PATH
    document = parse_document(text, path, "json" if text.startswith("{") else "yaml")
    assert split_items(document) is None
    linter = IncrementalLinter(path)
    linter.lint(text)
    again = linter.lint(text)
    assert again.relinted is None
    assert again.findings == tuple(lint_text(text, path).findings)


def test_the_model_at_a_line_holds_the_template_the_whole_pack_has_there() -> None:
    text = generated_pack(30, flawed=True)
    linter = IncrementalLinter(PATH)
    linter.lint(text)
    edited = text.replace("Ref 12.", "Ref 12!", 1)
    result = linter.lint(edited)
    assert result.model is None
    assert result.relinted == 1
    whole = lint_text(edited, PATH).models[PATH].pack
    assert whole is not None
    for line in range(1, edited.count("\n") + 3):
        model = result.model_at(line)
        assert model is not None
        assert model.pack is not None
        mine, theirs = model.pack.template_at(line), whole.template_at(line)
        if theirs is None:
            assert mine is None, line
        else:
            assert mine is not None, line
            assert (mine.code, mine.line, mine.column) == (theirs.code, theirs.line, theirs.column)
            assert mine.content.keys() == theirs.content.keys()
