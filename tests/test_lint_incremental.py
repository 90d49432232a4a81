"""The incremental linter gives exactly what a whole lint gives, re-linting only what changed.

The property test applies random edits (characters typed and deleted, line breaks,
a locale renamed, a template duplicated, YAML broken and mended) to a generated pack
with findings of most rule families, and after every edit compares the incremental
findings with those of a fresh ``lint_text`` of the same text, field by field and
in order. The other tests count the templates linted again (work, not time).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msgtemplate.document.source import parse_document
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
