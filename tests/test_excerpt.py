"""The caret excerpt under errors and lint findings, and what it refuses to show raw."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from msgtemplate.charsets import UNSHOWABLE, classify, showable
from msgtemplate.excerpt import WIDTH, excerpt, window


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
