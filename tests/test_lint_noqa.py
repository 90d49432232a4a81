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


# A '#' inside a value is not a comment: only a real YAML comment silences.
@pytest.mark.parametrize(
    "body",
    [
        '{{body: "Hello ${{who}} # noqa"}}',
        "{{body: 'Hello ${{who}} # noqa: MT303'}}",
        '{{body: "Hello ${{who}} \\" # noqa"}}',
    ],
)
def test_noqa_inside_a_quoted_value_does_not_silence(tmp_path: Path, body: str) -> None:
    text = PACK.replace('{{body: "Hello ${{who}}"}}{comment}', body).format()
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    assert "MT303" in {f.code for f in lint_paths([path]).findings}


def write(tmp_path: Path, text: str) -> set[tuple[str, int]]:
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return {(f.code, f.line) for f in lint_paths([path]).findings}


HEAD = "format: 1\ndefaultLocale: en-US\ntemplates:\n  - code: T1\n    channel: SMS\n"


def test_noqa_inside_a_multi_line_quoted_value_does_not_silence(tmp_path: Path) -> None:
    text = HEAD + (
        '    parameters: {}\n    content:\n      en-US: {body: "Hello\n        ${who} # noqa"}\n'
    )
    assert ("MT303", 9) in write(tmp_path, text)


def test_noqa_inside_a_block_scalar_does_not_silence(tmp_path: Path) -> None:
    text = HEAD + (
        "    parameters: {}\n"
        "    content:\n"
        "      en-US:\n"
        "        body: |\n"
        "          Hello ${who} # noqa\n"
    )
    assert ("MT303", 10) in write(tmp_path, text)


def test_noqa_on_the_header_line_of_a_block_scalar_silences(tmp_path: Path) -> None:
    text = HEAD + (
        "    parameters: {}\n"
        "    content:\n"
        "      en-US:\n"
        "        body: |  # noqa: MT303\n"
        "          Hello ${who}\n"
    )
    found = write(tmp_path, text)
    assert not any(code == "MT303" for code, _ in found), found


def test_noqa_after_a_reason_comment_silences(tmp_path: Path) -> None:
    assert "MT303" not in codes(tmp_path, "  # greeting  # noqa: MT303")


def test_bare_noqa_does_not_silence_a_bidi_control(tmp_path: Path) -> None:
    line = '      en-US: {body: "Hello \u202e${who}"}'
    pack = HEAD + "    parameters: {who: {type: string}}\n    content:\n" + line
    assert ("MT602", 8) in write(tmp_path, pack + "  # noqa\n")
    assert ("MT602", 8) not in write(tmp_path, pack + "  # noqa: MT602\n")
    # A bare noqa still silences the other codes on that line.
    invisible = pack.replace("\u202e", "\u200b")
    assert ("MT603", 8) in write(tmp_path, invisible + "\n")
    assert ("MT603", 8) not in write(tmp_path, invisible + "  # noqa\n")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('body: "50% off # noqa"', None),
        ("body: '50% off # noqa: MT303'", None),
        ("body: 'it''s # noqa'", None),
        ('body: "a \\" # noqa"', None),
        ('body: "a" # noqa', frozenset()),
        ("body: it's fine # noqa: MT303", frozenset({"MT303"})),
        ('en-US: {body: "x"}  # why  # noqa: MT303', frozenset({"MT303"})),
        ("- '#' # noqa", frozenset()),
    ],
)
def test_line_suppressions_ignore_hashes_in_quoted_values(
    line: str, expected: frozenset[str] | None
) -> None:
    assert line_suppressions(line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('a: "x # y"  # c\n', {1: 12}),
        ("a: |\n  # not a comment\nb: 1 # c\n", {3: 5}),
        ("a: >-  # header\n  text\n", {1: 7}),
        ('a: "one\n  # two"\n# three\n', {3: 0}),
        ("a: [1, '#', 2] # c\n", {1: 15}),
        ("a: b#c\n", {}),
        # A syntax error: the lines from it on are read one by one.
        ('a: [1\nb: "#" # c\n', {2: 7}),
    ],
)
def test_comment_starts(text: str, expected: dict[int, int]) -> None:
    from msgtemplate.lint.comments import comment_starts

    assert comment_starts(text) == expected
