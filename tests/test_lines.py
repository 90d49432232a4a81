"""One line splitter: lines and columns counted as PyYAML and json count them."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from msgtemplate.document.lines import line_column, line_starts, split_lines

_BREAKS = ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029"]
_WORDS = st.sampled_from(["a", "bc", "名字", "-", ":", " ", "'q'", "#x", "[1, 2]"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_WORDS, st.sampled_from(_BREAKS)), min_size=1, max_size=12))
def test_yaml_positions_agree_with_pyyaml_marks(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + brk for word, brk in parts)
    starts = line_starts(text, "yaml")
    lines = split_lines(text, "yaml")
    assert len(lines) == len(starts)
    for token in yaml.scan(text, Loader=yaml.SafeLoader) if _scans(text) else []:
        mark = token.start_mark
        assert line_column(starts, mark.index) == (mark.line + 1, mark.column + 1)
        assert lines[mark.line][mark.column :].startswith(text[mark.index : mark.index + 1])


def _scans(text: str) -> bool:
    try:
        list(yaml.scan(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return False
    return True


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=" \t\r\n", max_size=20))
def test_json_positions_agree_with_the_json_module(space: str) -> None:
    text = space + "@"  # json reports the '@' at its line and column
    with pytest.raises(json.JSONDecodeError) as info:
        json.loads(text)
    line, column = info.value.lineno, info.value.colno
    assert line_column(line_starts(text, "json"), info.value.pos) == (line, column)
    assert split_lines(text, "json")[line - 1][column - 1] == "@"


def test_splitting_joins_back() -> None:
    text = "a\r\nb\rc\x85d\u2028e\nf"
    assert split_lines(text, "yaml") == ["a", "b", "c", "d", "e", "f"]
    assert split_lines(text, "json") == ["a", "b\rc\x85d\u2028e", "f"]
    assert line_starts(text, "yaml") == [0, 3, 5, 7, 9, 11]
    assert line_column(line_starts(text, "yaml"), 12) == (6, 2)
