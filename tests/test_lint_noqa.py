"""`# noqa` comments in YAML packs silence findings on their line, as in ruff."""

from __future__ import annotations

from pathlib import Path

import pytest

from msgtemplate.lint import lint_paths
from msgtemplate.lint.noqa import line_suppressions

PACK = """\
format: 1
defaultLocale: en-US
appId: A1
templates:
  - code: T1
    channel: SMS
    parameters: {{}}
    content:
      en-US: {{body: "Hello ${{who}}"}}{comment}
"""


def codes(tmp_path: Path, comment: str, suffix: str = ".yaml") -> set[str]:
    path = tmp_path / f"pack{suffix}"
    path.write_text(PACK.format(comment=comment), encoding="utf-8")
    return {f.code for f in lint_paths([path]).findings}


def test_without_a_comment_the_finding_stands(tmp_path: Path) -> None:
    assert "MT303" in codes(tmp_path, "")


@pytest.mark.parametrize("comment", ["  # noqa: MT303", "  # noqa", "  #noqa:mt303, MT999"])
def test_noqa_naming_the_code_or_bare_silences_it(tmp_path: Path, comment: str) -> None:
    assert "MT303" not in codes(tmp_path, comment)


def test_noqa_for_another_code_does_not(tmp_path: Path) -> None:
    assert "MT303" in codes(tmp_path, "  # noqa: MT601")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("key: value  # noqa: MT404", frozenset({"MT404"})),
        ("key: value # NOQA: MT404 ,MT601 - why", frozenset({"MT404", "MT601"})),
        ("# noqa", frozenset()),
        ("key: value", None),
        ("key: a#noqa", None),  # not a comment: '#' must follow whitespace in YAML
    ],
)
def test_line_suppressions(line: str, expected: frozenset[str] | None) -> None:
    assert line_suppressions(line) == expected
