"""The language server's parts without a process: positions, cursor context, analysis,
ranges, and the features on any text (properties)."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types as lsp

from msgtemplate.locales import normalize_tag
from msgtemplate.lsp.actions import code_actions
from msgtemplate.lsp.analysis import analyse
from msgtemplate.lsp.completion import cldr_locales, complete
from msgtemplate.lsp.context import ITEM, cursor_context, field_at, value_field
from msgtemplate.lsp.diagnostics import diagnostics, token_end
from msgtemplate.lsp.hover import hover
from msgtemplate.lsp.positions import LineIndex, units_for, utf16_units
from msgtemplate.pack.schema import PARAMETER, TEMPLATE, VARIANT

# --- positions ----------------------------------------------------------------------------

_CHARS = st.sampled_from(["a", " ", "\n", "\r\n", "\r", "\u2028", "\x85", "😀", "é", "中", "\t"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHARS, max_size=60).map("".join), st.sampled_from(["yaml", "json"]))
def test_positions_round_trip(text: str, fmt: str) -> None:
    index = LineIndex(text, fmt)  # type: ignore[arg-type]
    for offset in range(len(text) + 1):
        if offset and text[offset - 1 : offset + 1] == "\r\n":
            continue  # between \r and \n: no position of its own
        assert index.offset_of(*index.ours(offset)) == offset
        assert index.offset_at(*index.lsp(offset)) == offset


@settings(max_examples=200, deadline=None)
@given(st.lists(_CHARS, max_size=60).map("".join), st.sampled_from(["yaml", "json"]))
def test_the_lines_view_is_the_list_of_lsp_lines(text: str, fmt: str) -> None:
    index = LineIndex(text, fmt)  # type: ignore[arg-type]
    every = [index.line_text(n) for n in range(index.line_count)]
    lines = index.lines()
    assert list(lines) == every
    assert len(lines) == len(every)
    assert [lines[-n] for n in range(1, len(every) + 1)] == every[::-1]
    assert lines[1:-1:2] == every[1:-1:2]
    for outside in (len(every), -len(every) - 1):
        with pytest.raises(IndexError):
            lines[outside]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_CHARS, max_size=40).map("".join),
    st.lists(_CHARS, max_size=12).map("".join),
    st.data(),
    st.sampled_from(["yaml", "json"]),
)
def test_an_index_made_after_an_edit_is_the_index_of_the_new_text(
    text: str, typed: str, data: st.DataObject, fmt: str
) -> None:
    at = data.draw(st.integers(0, len(text)))
    gone = data.draw(st.integers(0, len(text) - at))
    edited = text[:at] + typed + text[at + gone :]
    previous = LineIndex(text, fmt)  # type: ignore[arg-type]
    index = LineIndex.after_edit(previous, edited, fmt)  # type: ignore[arg-type]
    fresh = LineIndex(edited, fmt)  # type: ignore[arg-type]
    assert index.line_count == fresh.line_count
    for offset in range(len(edited) + 1):
        assert index.ours(offset) == fresh.ours(offset)
        assert index.lsp(offset) == fresh.lsp(offset)
        assert index.line_end(offset) == fresh.line_end(offset)
    for line in range(-1, fresh.line_count + 2):
        assert index.line_text(line) == fresh.line_text(line)
        for character in range(5):
            assert index.offset_at(line, character) == fresh.offset_at(line, character)
        for column in range(5):
            assert index.offset_of(line + 1, column) == fresh.offset_of(line + 1, column)


@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=30))  # surrogates too
def test_code_units_are_counted_as_pygls_counts_them(text: str) -> None:
    from pygls.workspace.position_codec import PositionCodec

    for encoding in (*lsp.PositionEncodingKind, None, "utf-7"):
        assert units_for(encoding)(text) == PositionCodec(encoding).client_num_units(text)


_DIAGNOSED = textwrap.dedent(
    """\
    format: 1
    defaultLocale: en-US
    templates:
      - code: TP_1
        channel: INBOX
        parameters: {n: {type: integer, example: 1}}
        content:
          en-US: {title: "Hi ${m}", body: "x${n} ${n"}
          zh-Hans:
            title: "😀 ${zz}"
            body: "多行
              ${q}"
      - code: TP_1
        channel: PUSH
        content:
          en-US: {title: " t ", body: "\u200b b"}
    """
)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_diagnostics_made_from_the_last_versions_are_those_made_afresh(
    data: st.DataObject,
) -> None:
    from msgtemplate.lsp.analysis import Analyser

    analyser = Analyser("file:///nonexistent/pack.yaml")
    known: dict[tuple[object, ...], lsp.Diagnostic] = {}
    text = _DIAGNOSED
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(text)))
        gone = data.draw(st.integers(0, 3))
        typed = data.draw(st.sampled_from(["\n", "x", "😀", "${a}", "\r", "\u2028", "  ", ""]))
        text = text[:at] + typed + text[at + gone :]
        analysis = analyser.analyse(text)
        assert diagnostics(analysis, known) == diagnostics(analysis)


def test_lsp_positions_count_utf16_and_only_lsp_line_breaks() -> None:
    text = 'a: 1\r\nb: "x\u2028y 😀 z"\nc'
    index = LineIndex(text, "yaml")
    offset = text.index("z")
    assert index.ours(offset) == (3, 5)  # YAML breaks at U+2028
    assert index.lsp(offset) == (1, 11)  # the editor does not; the emoji is two units
    assert index.line_text(1) == 'b: "x\u2028y 😀 z"'
    assert utf16_units("😀a") == 3
    utf32 = LineIndex(text, "yaml", units=len)
    assert utf32.lsp(offset) == (1, 10)


# --- where the cursor is --------------------------------------------------------------------

DRAFT = textwrap.dedent(
    """\
    format: 1
    defaultLocale: en-US
    templates:
      - code: TP_1
        channel: INBOX
        parameters:
          orderId: {type: string, maxLength: 20}
          amount: {type: cur
        content:
          en-US:
            title: Hi
            body: |
              Your order ${
          zh
      - co
    """
)


def context_after(needle: str, nth: int = 0) -> object:
    offset = -1
    for _ in range(nth + 1):
        offset = DRAFT.index(needle, offset + 1)
    offset += len(needle)
    line = DRAFT.count("\n", 0, offset)
    column = offset - (DRAFT.rfind("\n", 0, offset) + 1)
    return cursor_context(DRAFT.split("\n"), line, column)


def test_cursor_context_in_values_keys_blocks_and_flow_mappings() -> None:
    channel = context_after("channel: ")
    assert channel.path == ("templates", ITEM)  # type: ignore[attr-defined]
    assert channel.key == "channel"  # type: ignore[attr-defined]
    assert value_field(channel).choices == ("PUSH", "INBOX", "SMS")  # type: ignore[arg-type, union-attr]
    flow = context_after("{type: cur")
    assert flow.path == ("templates", ITEM, "parameters", "amount")  # type: ignore[attr-defined]
    assert (flow.key, flow.word) == ("type", "cur")  # type: ignore[attr-defined]
    assert field_at(flow.path).keys is PARAMETER  # type: ignore[arg-type, attr-defined, union-attr]
    option = context_after("{type: string, maxL")
    assert (option.key, option.word, option.siblings) == (None, "maxL", {"type"})  # type: ignore[attr-defined]
    block = context_after("Your order ${")
    assert block.path == ("templates", ITEM, "content", "en-US")  # type: ignore[attr-defined]
    assert block.key == "body"  # type: ignore[attr-defined]
    assert field_at(block.path).keys is VARIANT  # type: ignore[arg-type, attr-defined, union-attr]
    locale = context_after("      zh")
    assert locale.path == ("templates", ITEM, "content")  # type: ignore[attr-defined]
    assert (locale.key, locale.word, locale.siblings) == (None, "zh", {"en-US"})  # type: ignore[attr-defined]
    item = context_after("  - co", nth=1)
    assert item.path == ("templates", ITEM)  # type: ignore[attr-defined]
    assert field_at(item.path).keys is TEMPLATE  # type: ignore[arg-type, attr-defined, union-attr]
    assert item.siblings == frozenset()  # type: ignore[attr-defined]  # a new item
    assert cursor_context(["key: x  # a comment"], 0, 18) is None


# --- analysis and diagnostics -----------------------------------------------------------


def test_analysis_of_files_and_other_uris(tmp_path: pytest.TempPathFactory) -> None:
    text = "format: 1\ndefaultLocale: en-US\ntemplates: []\n"
    untitled = analyse("untitled:Untitled-1", text)
    assert untitled.path == "Untitled-1.yaml"
    assert untitled.model is not None
    assert untitled.settings_error is None
    json_doc = analyse("file:///tmp/x/pack", '{"format": 1}', language_id="json")
    assert (json_doc.path, json_doc.fmt) == ("/tmp/x/pack.json", "json")
    other = analyse("file:///tmp/x/compose.yaml", "services: {web: {image: x}}\n")
    assert other.findings == ()  # not a pack: an editor wants no MT004 for it
    bom = analyse("file:///tmp/p.yaml", "\ufeff" + text)
    assert bom.text == text


def test_token_ranges() -> None:
    line = 'body: "Hi $who {who} ${x} %s" zh_CN: x'
    assert line[line.index("$who") : token_end(line, line.index("$who"))] == "$who"
    assert line[line.index("{who}") : token_end(line, line.index("{who}"))] == "{who}"
    assert line[line.index("${x}") : token_end(line, line.index("${x}"))] == "${x}"
    assert line[line.index("%s") : token_end(line, line.index("%s"))] == "%s"
    assert line[line.index("zh_CN") : token_end(line, line.index("zh_CN"))] == "zh_CN"
    assert line[line.index('"') : token_end(line, line.index('"'))] == '"Hi $who {who} ${x} %s"'
    assert token_end("a\nb", 1) == 1  # at a line's end: empty, never onto the next line
    assert token_end("", 0) == 0


def test_cldr_locales_are_canonical_and_named() -> None:
    locales = cldr_locales()
    tags = [tag for tag, _, _ in locales]
    assert len(tags) == len(set(tags)) > 500
    assert all(normalize_tag(tag) == tag for tag in tags)
    names = {tag: name for tag, name, _ in locales}
    assert names["zh-Hant-TW"] == "Chinese (Traditional, Taiwan)"
    assert names["es-419"] == "Spanish (Latin America)"


# --- the features never fail, whatever the text ----------------------------------------

PACK = textwrap.dedent(
    """\
    format: 1
    defaultLocale: en-US
    templates:
      - code: TP_1
        channel: SMS
        parameters:
          who: {type: string, example: Ann}
        content:
          en-US: {body: "Hi ${who}"}
          zh_CN:
            body: 你好 $who
    """
)
_PIECES = st.sampled_from(
    [
        PACK,
        "${",
        "${who}",
        "$who",
        "{",
        "}",
        "  - ",
        "content:\n",
        "\n",
        "  ",
        ": ",
        "#",
        '"',
        "'",
        "|\n",
        "😀",
        "\u2028",
        "\t",
        "zh_CN: ",
        "\x00",
        "[",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join), st.data())
def test_features_answer_on_any_text(text: str, data: st.DataObject) -> None:
    analysis = analyse("file:///tmp/any.yaml", text)
    published = diagnostics(analysis)
    lines = max(1, text.count("\n") + 1)
    for diagnostic in published:
        assert 0 <= diagnostic.range.start.line <= diagnostic.range.end.line < lines + 1
    for _ in range(5):
        line = data.draw(st.integers(-1, lines + 1))
        character = data.draw(st.integers(-1, 40))
        complete(analysis, text, line, character)
        hover(analysis, line, character)
    code_actions(analysis, published)


def test_quick_fix_edits_are_exact() -> None:
    analysis = analyse("file:///tmp/p.yaml", PACK)
    found = diagnostics(analysis)
    actions = code_actions(analysis, found)
    edits = {a.title: a.edit.changes["file:///tmp/p.yaml"][0] for a in actions}  # type: ignore[index, union-attr]
    assert set(edits) == {"Write 'zh-CN' for 'zh_CN'", "Write '${who}' for '$who'"}
    fixed = PACK.replace("zh_CN", "zh-CN").replace("你好 $who", "你好 ${who}")
    lines = PACK.split("\n")
    for edit in edits.values():
        row = lines[edit.range.start.line]
        lines[edit.range.start.line] = (
            row[: edit.range.start.character] + edit.new_text + row[edit.range.end.character :]
        )
    assert "\n".join(lines) == fixed
    assert analyse("file:///tmp/p.yaml", fixed).findings == ()
    other = lsp.Diagnostic(range=found[0].range, message="x", source="yamlls", code="MT402")
    assert code_actions(analysis, [other]) == []


@settings(max_examples=200, deadline=None)
@given(st.floats(0.0, 1.0), st.one_of(st.none(), st.floats(0.0, 10.0)))
def test_the_pause_after_typing_is_the_last_analysis_at_most_the_debounce(
    debounce: float, cost: float | None
) -> None:
    from msgtemplate.lsp.server import pause

    waited = pause(debounce, cost)
    assert 0 <= waited <= debounce
    if cost is None:
        assert waited == debounce  # nothing known yet: the whole debounce
    else:
        assert waited == min(cost, debounce)  # a cheap analysis is not kept waiting


@settings(max_examples=200, deadline=None)
@given(st.floats(0.0, 0.1), st.one_of(st.none(), st.floats(0.0, 10.0)))
def test_a_change_after_a_quiet_spell_waits_at_most_the_settle(
    settle_for: float, cost: float | None
) -> None:
    from msgtemplate.lsp.server import DEBOUNCE, SETTLE, settle

    assert SETTLE < DEBOUNCE / 4  # the user stopped typing: do not keep them waiting
    waited = settle(settle_for, cost)
    assert 0 <= waited <= settle_for
    if cost is not None:
        assert waited <= cost  # never longer than the analysis itself


# --- placeholders as the grammar reads them ------------------------------------------------

ESCAPED = PACK.replace('{body: "Hi ${who}"}', '{body: "Costs $${who} or ${who}"}')


def test_hover_does_not_read_an_escaped_dollar_as_a_placeholder() -> None:
    # `$${who}` is the literal text `${who}` (the `$$` escape): nothing to describe.
    analysis = analyse("file:///tmp/e.yaml", ESCAPED)
    line = ESCAPED.split("\n").index('      en-US: {body: "Costs $${who} or ${who}"}')
    row = ESCAPED.split("\n")[line]
    escaped = row.index("$${who}")
    for character in range(escaped, escaped + len("$${who}")):
        assert hover(analysis, line, character) is None, character
    real = row.index("${who}", escaped + 2)
    shown = hover(analysis, line, real + 2)
    assert shown is not None
    assert isinstance(shown.contents, lsp.MarkupContent)
    assert shown.contents.value.startswith("**`${who}`**")


def test_no_placeholder_completion_after_an_escaped_dollar() -> None:
    text = ESCAPED.replace(
        'en-US: {body: "Costs $${who} or ${who}"}', "en-US:\n        body: Costs $${wh"
    )
    analysis = analyse("file:///tmp/e.yaml", text)
    line = text.split("\n").index("        body: Costs $${wh")
    character = len("        body: Costs $${wh")
    assert complete(analysis, text, line, character) == []
    opened = text.replace("$${wh", "$$ ${wh")
    items = complete(analyse("file:///tmp/e.yaml", opened), opened, line, character + 1)
    assert [item.label for item in items] == ["who"]
