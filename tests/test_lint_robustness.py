"""Property tests: any document or byte string goes through the linter without raising."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msgtemplate.lint import all_rules, lint_paths

CODES = {rule.code for rule in all_rules()}

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["${a}", "${", "$$", "{a}", "en-US", "zh_CN", "PUSH", "\u202e", "1"])
)
keys = st.text(max_size=10) | st.sampled_from(
    [
        "format",
        "defaultLocale",
        "templates",
        "code",
        "channel",
        "content",
        "body",
        "title",
        "parameters",
        "redirectUrl",
        "type",
        "maxLength",
        "example",
        "appId",
        "templateCode",
        "language",
        "templateParameters",
        "requestId",
        "en-US",
        "fr",
    ]
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=6),
    max_leaves=30,
)
# Push half the documents towards packs and bodies so the deeper rules run.
shaped = st.one_of(
    documents,
    st.fixed_dictionaries(
        {"format": st.sampled_from([1, 2, "1"]), "defaultLocale": scalars, "templates": documents}
    ),
    st.fixed_dictionaries({"templateCode": scalars, "templates": documents}),
)

SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def check(result_paths: list[Path]) -> None:
    result = lint_paths(result_paths)
    assert result.errors == []
    for finding in result.findings:
        assert finding.code in CODES
        assert finding.line >= 1
        assert finding.column >= 1
        assert "\n" not in finding.message


@pytest.mark.slow
@SETTINGS
@given(shaped)
def test_random_yaml_documents(tmp_path: Path, doc: object) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    check([path])


@pytest.mark.slow
@SETTINGS
@given(shaped)
def test_random_json_documents(tmp_path: Path, doc: object) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    check([path])


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(["x.yaml", "x.json"]))
def test_random_bytes(tmp_path: Path, data: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    check([path])


@pytest.mark.slow
@SETTINGS
@given(st.text(max_size=300))
def test_random_text_in_a_pack_body(tmp_path: Path, body: str) -> None:
    pack = {
        "format": 1,
        "defaultLocale": "en-US",
        "templates": [
            {
                "code": "TP_1",
                "channel": "PUSH",
                "redirectUrl": "/p?x=" + body[:40],
                "parameters": {"a": {"type": "string", "maxLength": 5}},
                "content": {"en-US": {"body": body}, "fr": {"title": body, "body": body}},
            }
        ],
    }
    for name, text in (
        ("p.yaml", yaml.safe_dump(pack, allow_unicode=True)),
        ("p.json", json.dumps(pack, ensure_ascii=False)),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        check([path])
