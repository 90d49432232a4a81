"""Tests for msgtemplate.document.source: the positioned YAML/JSON loader."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from msgtemplate.document.source import (
    MAX_DEPTH,
    DocumentError,
    MappingNode,
    ScalarNode,
    SequenceNode,
    format_for,
    load_document,
    parse_document,
    to_python,
)


def position_of(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based line/column of the nth occurrence of needle (plain string search)."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def error_of(text: str, fmt: str = "yaml") -> DocumentError:
    with pytest.raises(DocumentError) as info:
        parse_document(text, f"doc.{fmt}", fmt)  # type: ignore[arg-type]
    return info.value


# --- positions and values ------------------------------------------------------------


def test_yaml_positions_of_keys_and_values() -> None:
    text = "format: 1\ntemplates:\n  - code: TP_1\n    body: héllo ${x}\n"
    root = parse_document(text, "p.yaml", "yaml").root
    assert isinstance(root, MappingNode)
    templates = root.get("templates")
    assert isinstance(templates, SequenceNode)
    item = templates.items[0]
    assert isinstance(item, MappingNode)
    code = item.get("code")
    assert isinstance(code, ScalarNode)
    assert (code.line, code.column) == position_of(text, "TP_1")
    key = item.key_node("body")
    assert key is not None
    assert (key.line, key.column) == position_of(text, "body")
    body = item.get("body")
    assert isinstance(body, ScalarNode)
    assert body.value == "héllo ${x}"
    assert (body.line, body.column) == position_of(text, "héllo")


def test_json_positions_count_characters_not_bytes() -> None:
    text = '{"a": "日本語", "b": [1, {"c": true}]}'
    root = parse_document(text, "p.json", "json").root
    assert isinstance(root, MappingNode)
    b = root.get("b")
    assert isinstance(b, SequenceNode)
    inner = b.items[1]
    assert isinstance(inner, MappingNode)
    c = inner.key_node("c")
    assert c is not None
    assert (c.line, c.column) == position_of(text, '"c"')


def test_yaml_plain_scalars_keep_their_text() -> None:
    root = parse_document("a: no\nb: 1.50\nc: 2026-11-28\nno: x\n", "p.yaml", "yaml").root
    assert isinstance(root, MappingNode)
    a, b, c = root.get("a"), root.get("b"), root.get("c")
    assert isinstance(a, ScalarNode)
    assert a.value == "no"  # YAML 1.2: only true/false are booleans
    assert a.text == "no"
    assert isinstance(b, ScalarNode)
    assert b.value == 1.5
    assert b.text == "1.50"
    assert isinstance(c, ScalarNode)
    assert c.value == dt.date(2026, 11, 28)
    assert root.keys() == ["a", "b", "c", "no"]  # keys are always text


@pytest.mark.parametrize(
    ("written", "value"),
    [
        # YAML 1.1 would read these as 8, 90, 31, True, False: not what was written.
        ("010", 10),
        ("1:30", "1:30"),
        ("0x1F", "0x1F"),
        ("0b11", "0b11"),
        ("yes", "yes"),
        ("off", "off"),
        # The YAML 1.2 core schema's forms, as JSON reads them.
        ("true", True),
        ("FALSE", False),
        ("~", None),
        ("null", None),
        ("-3", -3),
        ("+7", 7),
        ("1.50", 1.5),
        (".5", 0.5),
        ("2.5e3", 2500.0),
        (".inf", ".inf"),
    ],
)
def test_yaml_plain_scalars_follow_yaml_1_2(written: str, value: object) -> None:
    root = parse_document(f"v: {written}\n", "p.yaml", "yaml").root
    assert isinstance(root, MappingNode)
    node = root.get("v")
    assert isinstance(node, ScalarNode)
    assert node.value == value
    assert type(node.value) is type(value)
    assert node.text == written


def test_yaml_huge_plain_number_is_refused() -> None:
    with pytest.raises(DocumentError, match="longer than"):
        parse_document("v: " + "9" * 5000 + "\n", "p.yaml", "yaml")


def test_quoted_scalars_are_strings() -> None:
    root = parse_document("a: 'no'\nb: \"1\"\nc: |\n  x\n", "p.yaml", "yaml").root
    assert isinstance(root, MappingNode)
    for key, value in (("a", "no"), ("b", "1"), ("c", "x\n")):
        node = root.get(key)
        assert isinstance(node, ScalarNode)
        assert node.value == value
        assert node.quoted


def test_to_python_and_node_at() -> None:
    text = "a: [1, {b: c}]\n"
    document = parse_document(text, "p.yaml", "yaml")
    assert to_python(document.root) == {"a": [1, {"b": "c"}]}
    node = document.node_at(("a", 1, "b"))
    assert isinstance(node, ScalarNode)
    assert node.value == "c"
    # A pointer that goes nowhere stops at the deepest node found.
    assert document.node_at(("a", 7)) is document.node_at(("a",))
    assert document.line_text(1) == "a: [1, {b: c}]"
    assert document.line_text(9) == ""


def test_empty_documents_have_no_root() -> None:
    assert parse_document("", "p.yaml", "yaml").root is None
    assert parse_document("# only a comment\n", "p.yaml", "yaml").root is None
    assert parse_document("  \n", "p.json", "json").root is None


def test_format_for() -> None:
    assert format_for("a.YAML") == "yaml"
    assert format_for("a.yml") == "yaml"
    assert format_for("a.json") == "json"
    assert format_for("a.txt") is None


# --- duplicate keys --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fmt"),
    [("a: 1\nb: 2\na: 3\n", "yaml"), ('{"a": 1, "b": 2, "a": 3}', "json")],
)
def test_duplicate_keys_are_kept(text: str, fmt: str) -> None:
    root = parse_document(text, f"p.{fmt}", fmt).root  # type: ignore[arg-type]
    assert isinstance(root, MappingNode)
    assert root.keys() == ["a", "b", "a"]
    duplicates = list(root.duplicates())
    assert len(duplicates) == 1
    repeated, first = duplicates[0]
    needle = '"a"' if fmt == "json" else "a"  # JSON keys start at their quote
    assert (first.line, first.column) == position_of(text, needle)
    assert (repeated.line, repeated.column) == position_of(text, needle, nth=1)
    last = root.get("a")
    assert isinstance(last, ScalarNode)
    assert last.value == 3  # like the loaders: the last one wins


# --- refusals ----------------------------------------------------------------------------


def test_yaml_alias_refused_at_the_alias() -> None:
    text = "a: &x [1, 2]\nb: *x\n"
    err = error_of(text)
    assert "aliases" in err.message
    assert (err.line, err.column) == position_of(text, "*x")


def test_alias_bomb_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    err = error_of("\n".join(lines) + "\n")
    assert "aliases" in err.message
    assert err.line == 2


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("a: [1, 2\nb: 3\n", "b"),  # unclosed flow sequence
        ("a: b: c\n", ": c"),
    ],
)
def test_invalid_yaml_has_the_parser_position(text: str, needle: str) -> None:
    err = error_of(text)
    assert err.message.startswith("invalid YAML")
    line, column = position_of(text, needle)
    assert err.line == line
    assert err.column is not None
    assert abs(err.column - column) <= 1


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{"a": 1,}', 1, 9),  # trailing comma
        ("[1, 2", 1, 6),  # end of file
        ("{'a': 1}", 1, 2),  # single quotes
        ("[01]", 1, 3),  # leading zero
        ('["a\tb"]', 1, 4),  # raw control character in a string
        ("[1] // comment", 1, 5),  # comments are not JSON
        ('{"a" 1}', 1, 6),
        ("\n\n  [tru]", 3, 4),
    ],
)
def test_json_is_strict_with_positions(text: str, line: int, column: int) -> None:
    err = error_of(text, "json")
    assert err.message.startswith("invalid JSON")
    assert (err.line, err.column) == (line, column)
    # the standard library refuses the same documents
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)


@pytest.mark.parametrize("text", ["[NaN]", "[Infinity]", "[-Infinity]"])
def test_json_refuses_what_python_json_accepts(text: str) -> None:
    err = error_of(text, "json")
    assert (err.line, err.column) == position_of(text, text[1:3])


def test_depth_limit_yaml_and_json() -> None:
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    parse_document(ok, "p.json", "json")
    parse_document(ok, "p.yaml", "yaml")
    deep = "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2)
    for fmt in ("json", "yaml"):
        err = error_of(deep, fmt)
        assert "nesting" in err.message
        assert err.line == 1


def test_very_deep_input_is_an_error_not_a_crash() -> None:
    for fmt in ("json", "yaml"):
        err = error_of("[" * 100_000 + "]" * 100_000, fmt)
        assert err.line == 1


def test_unknown_yaml_tags_are_refused() -> None:
    text = "a: !!python/object:os.system x\n"
    err = error_of(text)
    assert (err.line, err.column) == position_of(text, "!!python")


def test_only_one_yaml_document() -> None:
    err = error_of("a: 1\n---\nb: 2\n")
    assert err.line == 2


# --- files ---------------------------------------------------------------------------------


def test_load_document_reads_files(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("\ufeffa: 1\n", encoding="utf-8")  # a BOM is fine
    document = load_document(path)
    assert to_python(document.root) == {"a": 1}
    assert document.path == str(path)


def test_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"[" + b"1," * 600 + b"1]")
    with pytest.raises(DocumentError) as info:
        load_document(path, max_bytes=1000)
    assert "limit" in info.value.message
    assert info.value.path == str(path)
    load_document(path, max_bytes=2000)


def test_non_utf8_points_at_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(
        "a: 1\nb: é\xff\n".encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff")
    )
    with pytest.raises(DocumentError) as info:
        load_document(path)
    assert "UTF-8" in info.value.message
    # line 2, after "b: é" (4 characters): column 5
    assert (info.value.line, info.value.column) == (2, 5)


def test_latin1_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_bytes('{"a": "café"}'.encode("latin-1"))
    with pytest.raises(DocumentError) as info:
        load_document(path)
    assert (info.value.line, info.value.column) == (1, 11)


def test_nul_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"a: 1\nbb\x00\n")
    with pytest.raises(DocumentError) as info:
        load_document(path)
    assert "NUL" in info.value.message
    assert (info.value.line, info.value.column) == (2, 3)


def test_unreadable_and_wrong_extension(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as info:
        load_document(tmp_path / "missing.yaml")
    assert "cannot read" in info.value.message
    with pytest.raises(DocumentError):
        load_document(tmp_path / "notes.txt")
    with pytest.raises(DocumentError):
        load_document(tmp_path)  # a directory named like nothing we read


def test_directory_named_yaml(tmp_path: Path) -> None:
    folder = tmp_path / "dir.yaml"
    folder.mkdir()
    with pytest.raises(DocumentError) as info:
        load_document(folder)
    assert info.value.path == str(folder)


# --- once bugs ------------------------------------------------------------------------------


def test_huge_json_integer_is_a_document_error() -> None:
    error_of("[" + "1" * 5000 + "]", "json")


def test_yaml_control_character_is_positioned() -> None:
    err = error_of("a: b\x01\n")
    assert (err.line, err.column) == (1, 5)
    assert "\n" not in err.message


def test_json_lone_surrogate_is_refused() -> None:
    error_of('["\\ud800"]', "json")


# --- properties ------------------------------------------------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=6), inner, max_size=4
        ),
    ),
    max_leaves=20,
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(_values)
def test_json_agrees_with_the_standard_library(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=1)
    assert to_python(parse_document(text, "p.json", "json").root) == json.loads(text)


class _Yaml12Core(yaml.SafeLoader):
    """The reference for plain scalars: YAML 1.2.2's core schema (section 10.3.2),
    resolved by PyYAML's machinery from the spec's own table, not msgtemplate's code.

    As msgtemplate documents: base-8/16 integers (``0o17``, ``0x1F``) and
    ``.inf``/``.nan`` stay text, YAML 1.1's timestamps stay dates, and mapping keys
    are always the text written. (PyYAML's own loader is YAML 1.1: ``0E0`` is text
    there and a number in YAML 1.2, which made this test fail now and then.)
    """

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        return {
            key.value: self.construct_object(value, deep=True)  # type: ignore[no-untyped-call]
            for key, value in node.value
        }


for _tag, _pattern, _first in [
    ("null", r"~|null|Null|NULL|", [*"~nN", ""]),
    ("bool", r"true|True|TRUE|false|False|FALSE", [*"tTfF"]),
    ("int", r"[-+]?[0-9]+", [*"-+0123456789"]),
    ("float", r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", [*"-+.0123456789"]),
]:
    _Yaml12Core.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), _first
    )
for _first_char, _resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
    for _tag, _regexp in _resolvers:
        if _tag == "tag:yaml.org,2002:timestamp":
            _Yaml12Core.add_implicit_resolver(_tag, _regexp, [_first_char])
_Yaml12Core.add_constructor(
    "tag:yaml.org,2002:int", lambda loader, node: int(loader.construct_scalar(node))
)
_Yaml12Core.add_constructor(
    "tag:yaml.org,2002:float", lambda loader, node: float(loader.construct_scalar(node))
)


def _yaml12_load(text: str) -> object:
    return yaml.load(text, Loader=_Yaml12Core)


@pytest.mark.parametrize(
    "written", ["0E0", "1e3", "-2.5E-3", "010", "0o17", "0x1F", ".inf", "1_000"]
)
def test_reference_loader_is_yaml_1_2(written: str) -> None:
    root = parse_document(f"v: {written}\n", "p.yaml", "yaml").root
    assert to_python(root) == _yaml12_load(f"v: {written}\n")


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(_values)
def test_yaml_agrees_with_the_yaml_1_2_core_schema(value: object) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    assert to_python(parse_document(text, "p.yaml", "yaml").root) == _yaml12_load(text)


# Raw text, not only what json.dumps and yaml.safe_dump write: they never write a digit
# other than 0-9 nor most odd scalars, which is how `[1٢]` read as [12] went unseen.
_DIGITS = ["0", "1", "7", "9", "٢", "۳", "१", "５", "𝟗"]
_JSON_TOKENS = st.sampled_from(
    [
        *_DIGITS,
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        '"a"',
        '"٢"',
        "-",
        "+",
        ".",
        "e",
        "E",
        "true",
        "null",
        " ",
        "\n",
    ]
)
_PLAIN_TOKENS = st.sampled_from(
    [
        *_DIGITS,
        "-",
        "+",
        ".",
        "e",
        "E",
        "_",
        ":",
        "x",
        "o",
        "inf",
        "nan",
        "true",
        "TRUE",
        "False",
        "null",
        "Null",
        "~",
        "no",
        "on",
        "2026-11-28",
        "14:30",
        " ",
    ]
)


_NUMBERISH = st.lists(st.sampled_from([*_DIGITS, "-", "+", ".", "e", "E"]), min_size=1, max_size=6)
_RAW_JSON = st.one_of(
    st.lists(_JSON_TOKENS, max_size=16).map("".join),
    st.lists(_NUMBERISH.map("".join), min_size=1, max_size=4).map(lambda xs: f"[{', '.join(xs)}]"),
)


@settings(max_examples=400, deadline=None)
@given(_RAW_JSON)
def test_raw_json_reads_as_the_standard_library_reads_it(text: str) -> None:
    try:
        expected = json.loads(text)
    except json.JSONDecodeError:
        if text.strip(" \n"):
            with pytest.raises(DocumentError):
                parse_document(text, "p.json", "json")
        else:  # an empty document: no root, where json.loads wants a value
            assert parse_document(text, "p.json", "json").root is None
        return
    if _overflows(expected):
        # json.loads turns 1e700 into inf, a value the file does not hold: we refuse it.
        with pytest.raises(DocumentError, match="out of range"):
            parse_document(text, "p.json", "json")
        return
    assert to_python(parse_document(text, "p.json", "json").root) == expected


def _overflows(value: object) -> bool:
    if isinstance(value, float):
        return math.isinf(value)
    if isinstance(value, list):
        return any(_overflows(item) for item in value)
    if isinstance(value, dict):
        return any(_overflows(item) for item in value.values())
    return False


def test_numbers_beyond_a_float_are_refused_not_made_infinite() -> None:
    for text in ("[1e700]", "[-1e700]", '{"a": 1E400}'):
        with pytest.raises(
            DocumentError, match=r"p\.json:1:\d+: invalid JSON: number .* is out of range"
        ):
            parse_document(text, "p.json", "json")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_PLAIN_TOKENS, max_size=5).map("".join), min_size=1, max_size=4))
def test_raw_yaml_plain_scalars_follow_the_yaml_1_2_core_schema(scalars: list[str]) -> None:
    text = "".join(f"k{i}: {scalar}\n" for i, scalar in enumerate(scalars))
    try:
        expected = _yaml12_load(text)
    except yaml.YAMLError:
        with pytest.raises(DocumentError):
            parse_document(text, "p.yaml", "yaml")
        return
    assert to_python(parse_document(text, "p.yaml", "yaml").root) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.sampled_from(["yaml", "json"]))
def test_any_text_parses_or_raises_document_error(text: str, fmt: str) -> None:
    path = f"p.{fmt}"
    error: DocumentError | None = None
    try:
        parse_document(text, path, fmt)  # type: ignore[arg-type]
    except DocumentError as exc:
        error = exc
    assert error is None or error.path == path
