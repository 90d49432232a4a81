"""read_pack never raises: any YAML or JSON document gives a pack and/or problems."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from msgtemplate.document.lines import split_lines
from msgtemplate.document.source import DocumentError, parse_document
from msgtemplate.formatting import OPTION_KEYS
from msgtemplate.pack import PROBLEM_KINDS, Pack, read_pack

_KEYS = st.sampled_from(
    [
        "format",
        "defaultLocale",
        "appId",
        "templates",
        "code",
        "name",
        "channel",
        "redirectUrl",
        "redirect_url",
        "parameters",
        "content",
        "title",
        "body",
        *OPTION_KEYS,
        "en-US",
        "zh-Hant",
        "zh_TW",
        "xx-Fake",
        "ar",
        "amount",
        "bad name",
        "",
        "1",
    ]
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            "PUSH",
            "INBOX",
            "SMS",
            "push",
            "en-US",
            "zh-TW",
            "no",
            "string",
            "currency",
            "date",
            "USD",
            "usd",
            "Asia/Tokyo",
            "Mars/Base",
            "short",
            "${x}",
            "${",
            "$$",
            "Hi ${name}",
            "${ bad }",
            "2026-11-28",
            "14:30",
            "1234.5",
            "lots",
        ]
    ),
    st.text(max_size=8),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=6)),
    max_leaves=30,
)


def _template() -> st.SearchStrategy[dict[str, Any]]:
    parameter = st.fixed_dictionaries(
        {"type": st.sampled_from(["string", "integer", "currency", "date", "time", "money"])},
        optional={
            "maxLength": st.one_of(st.integers(-1, 30), st.just("x")),
            "currency": st.sampled_from(["USD", "EUR", "usd", "XXX1"]),
            "example": _SCALARS,
            "style": st.sampled_from(["short", "long", "huge"]),
            "timezone": st.sampled_from(["UTC", "Asia/Tokyo", "Nowhere/City"]),
        },
    )
    variant = st.fixed_dictionaries(
        {}, optional={"title": _SCALARS, "body": _SCALARS, "extra": _SCALARS}
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "code": st.one_of(st.sampled_from(["T1", "T2", "T1"]), _SCALARS),
            "channel": st.one_of(st.sampled_from(["PUSH", "INBOX", "SMS"]), _SCALARS),
            "redirectUrl": st.one_of(st.sampled_from(["/p?id=${a}", "/p?${", "/x"]), _VALUES),
            "parameters": st.one_of(st.dictionaries(_KEYS, parameter, max_size=3), _VALUES),
            "content": st.one_of(
                st.dictionaries(
                    st.sampled_from(["en-US", "en", "zh-Hant", "zh_TW", "xx-Fake", "ar", "1"]),
                    st.one_of(variant, _VALUES),
                    max_size=4,
                ),
                _VALUES,
            ),
            "name": _SCALARS,
        },
    )


_PACKS = st.fixed_dictionaries(
    {},
    optional={
        "format": st.one_of(st.just(1), _SCALARS),
        "defaultLocale": st.one_of(st.sampled_from(["en-US", "en", "ar", "nope!"]), _SCALARS),
        "appId": _SCALARS,
        "templates": st.one_of(st.lists(st.one_of(_template(), _VALUES), max_size=4), _VALUES),
    },
)


def _check(text: str, fmt: str) -> None:
    try:
        document = parse_document(text, f"p.{fmt}", fmt)  # type: ignore[arg-type]
    except DocumentError:
        return
    pack, problems = read_pack(document)
    assert pack is None or isinstance(pack, Pack)
    if pack is None:
        assert problems, "a pack that cannot be built must say why"
    # Lines as the parser counts them: YAML breaks lines at NEL and U+2028 too.
    lines = max(1, len(split_lines(text, fmt)))
    for problem in problems:
        assert problem.kind in PROBLEM_KINDS
        assert 1 <= problem.line <= lines + 1
        assert problem.column >= 1
        assert problem.message
        assert "\n" not in problem.message
    positions = [(p.line, p.column) for p in problems]
    assert positions == sorted(positions)
    if pack is not None:
        for template in pack.templates.values():
            template.languages_for(["en-US", "zh-TW"])  # never raises for valid tags


@pytest.mark.slow
@settings(max_examples=250, deadline=None)
@given(st.one_of(_PACKS, _VALUES), st.sampled_from(["yaml", "json"]))
def test_read_pack_never_raises(value: Any, fmt: str) -> None:
    if fmt == "json":
        text = json.dumps(value, indent=1)
    else:
        text = yaml.safe_dump(value, allow_unicode=True)
    _check(text, fmt)


@settings(max_examples=250, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["yaml", "json"]))
def test_read_pack_never_raises_on_any_text(text: str, fmt: str) -> None:
    _check(text, fmt)


def _text_where_text(value: Any, key: object = None) -> bool:
    """Only strings, except numbers where numbers belong and anything as an example."""
    if key == "example":
        return True
    if isinstance(value, dict):
        return all(_text_where_text(v, k) for k, v in value.items())
    if isinstance(value, list):
        return all(_text_where_text(v, key) for v in value)
    if isinstance(value, bool) or value is None:
        return False
    return isinstance(value, str) or key in ("format", "maxLength")


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(_PACKS)
def test_yaml_and_json_report_the_same_problems(value: dict[str, Any]) -> None:
    # Both forms of one pack give the same kinds of problems (positions differ). In
    # YAML a plain `no` or `12` is text where text is expected, JSON is strict: so
    # compare packs whose text fields hold strings.
    assume(_text_where_text(value))
    text_json = json.dumps(value)
    text_yaml = yaml.safe_dump(value, allow_unicode=True)
    kinds = []
    for text, fmt in ((text_json, "json"), (text_yaml, "yaml")):
        _, problems = read_pack(parse_document(text, f"p.{fmt}", fmt))  # type: ignore[arg-type]
        kinds.append(sorted(p.kind for p in problems))
    assert kinds[0] == kinds[1]
