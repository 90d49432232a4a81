"""The caret excerpt under errors and lint findings, and what it refuses to show raw."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import wcwidth
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from msgtemplate import Template, TemplateSyntaxError
from msgtemplate._text.charsets import UNSHOWABLE, classify, showable
from msgtemplate._text.excerpt import (
    WIDTH,
    caret_padding,
    char_width,
    display_width,
    excerpt,
    window,
)
from msgtemplate.cli import main


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=400), st.data(), st.sampled_from(["…", "..."]))
def test_window_keeps_the_column_under_the_caret(line: str, data: st.DataObject, dots: str) -> None:
    column = data.draw(st.integers(min_value=1, max_value=len(line)))
    shown, at = window(line, column, ellipsis=dots)
    assert shown[at - 1] == line[column - 1]
    assert len(shown) <= WIDTH + 2 * len(dots)
    if len(line) <= WIDTH:
        assert (shown, at) == (line, column)
    else:
        # Always a full window, and marked at each end where it is cut.
        body = shown.removeprefix(dots).removesuffix(dots)
        assert len(body) == WIDTH
        assert body in line
        assert shown.startswith(dots) == (not line.startswith(body))
        assert shown.endswith(dots) == (not line.endswith(body))


def test_excerpt_of_a_long_line_near_its_end() -> None:
    line = "x" * 300 + "${oops"
    shown, caret = excerpt(line, 301, ellipsis="...")
    assert shown == "..." + line[-WIDTH:]
    assert shown[len(caret) - 1] == "$"


_C0_C1 = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))} - {"\t"}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_showable_text_hides_nothing(text: str) -> None:
    shown = showable(text)
    assert len(shown) == len(text)  # columns stay where they were
    for index, char in enumerate(shown):
        assert char not in _C0_C1
        assert classify(shown, index) is None  # no bidi control, no invisible character
        assert char not in "\u200e\u200f\u061c"  # LRM, RLM, ALM
    for char, kept in zip(text, shown, strict=True):
        assert (kept == char) == (char not in UNSHOWABLE)


def test_showable_replaces_trojan_source_and_terminal_escapes() -> None:
    assert showable("a\u202eb\x1b[2Jc\x9b\u200fd\te") == "a\ufffdb\ufffd[2Jc\ufffd\ufffdd\te"


# --- display width: where the caret lands in a terminal ------------------------------

# Scripts whose marks have no combining class (Thai, Arabic harakat are fine; Thai's
# are the classic miss), CJK, Hangul (syllables and decomposed jamo), emoji, fullwidth
# forms, zero-width characters. Spacing marks (Mc) are left out: terminals disagree on
# them, and wcwidth counts them 0 where C's wcwidth counts 1.
_SCRIPTS = st.characters(
    codec="utf-8",
    categories=["L", "M", "N", "P", "S", "Zs", "Cf"],
    include_characters="\u200b\u200c\u200d\u200e\ufe0f",
).filter(lambda c: unicodedata.category(c) != "Mc")
_SAMPLES = st.one_of(
    st.sampled_from(list("สวัสดีค่ะ ยอดชำระที่ต้องจ่าย กรุณาตรวจสอบ")),
    st.sampled_from(list("您的订单已发货。お支払いありがとうございます")),
    st.sampled_from([*"주문이 발송되었습니다", "\u1100", "\u1161", "\u11a8"]),
    st.sampled_from(["🎉", "👍", "😀", "🏽", "❤", "\ufe0f", "\u200d", "é", "e\u0301"]),
    st.sampled_from(list("ＡＢＣ１２３＄｛｝مَرْحَبًا")),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
)


def _cells(text: str) -> int:
    # C's wcwidth, as the wcwidth package has it, one character at a time.
    return sum(max(wcwidth.wcwidth(char), 0) for char in text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SAMPLES, max_size=40).map("".join), st.data())
def test_caret_cells_agree_with_wcwidth(line: str, data: st.DataObject) -> None:
    assert display_width(line) == _cells(line)
    column = data.draw(st.integers(min_value=1, max_value=len(line) + 1))
    assert caret_padding(line, column) == " " * _cells(line[: column - 1])


@settings(max_examples=300, deadline=None)
@given(_SCRIPTS)
def test_char_width_agrees_with_wcwidth_across_scripts(char: str) -> None:
    # Unicode 14 (this Python's) against wcwidth's newer tables: only the characters
    # whose East Asian Width both versions agree on.
    assume(unicodedata.east_asian_width(char) not in ("N", "A") or wcwidth.wcwidth(char) < 2)
    assert char_width(char) == max(wcwidth.wcwidth(char), 0)


@pytest.mark.parametrize(
    "source",
    [
        "ยอดชำระที่ต้องจ่าย ${amount",  # Thai: vowel and tone marks take no cell
        "กรุณาชำระภายในวันที่ ${ dueDate }",
        "您的订单 ${} 已发货",  # CJK: two cells each
        "🎉❤️ ขอบคุณ ${1st}",  # emoji, a variation selector, Thai
        "e\u0301te\u0301 ${",  # decomposed accents
    ],
)
def test_syntax_error_caret_lands_under_the_dollar(source: str) -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        Template(source)
    _, line, caret = str(info.value).splitlines()
    assert line == "  " + source
    assert caret == "  " + " " * _cells(source[: source.index("$")]) + "^"


def test_lint_caret_lands_under_the_dollar_in_thai(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    body = "ยอดชำระที่ต้องจ่าย ${amont} บาท"
    (tmp_path / "th.yaml").write_text(
        "format: 1\ndefaultLocale: th\ntemplates:\n  - code: TP_1\n    channel: SMS\n"
        "    parameters:\n      amount: {type: string}\n"
        f'    content:\n      th: {{body: "{body} ${{amount}}"}}\n',
        encoding="utf-8",
    )
    assert main(["lint", "--select", "MT303", "th.yaml"]) == 1
    out = capsys.readouterr().out.splitlines()
    source, caret = out[1], out[2]
    dollar = source.index("${amont}")
    assert caret == " " * _cells(source[:dollar]) + "^"
