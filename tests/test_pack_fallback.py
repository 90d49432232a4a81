"""The pack's ``fallback:`` block: read, checked at its positions, and obeyed."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from msgtemplate.document.source import parse_document
from msgtemplate.lint import lint_document
from msgtemplate.pack import FallbackPolicy, Pack, PackError, load_pack, read_pack
from msgtemplate.pack.request import build_request

PACK = """\
format: 1
defaultLocale: en-US
appId: "2188000000000001"
fallback:
  crossScript: {cross}
  languages:
    li: [nl]
    sk: [cs, de]
templates:
  - code: TP_HI
    channel: SMS
    content:
      en-US: {{body: Hello}}
      nl: {{body: Hallo}}
      cs: {{body: Ahoj}}
      sr: {{body: Здраво}}
      zh-Hans: {{body: 你好}}
"""


def load(tmp_path: Path, text: str, name: str = "pack.yaml") -> Pack:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_pack(path)


def problems(text: str) -> list[tuple[str, int, int, str]]:
    _, found = read_pack(parse_document(textwrap.dedent(text), "p.yaml", "yaml"))
    return [(p.kind, p.line, p.column, p.message) for p in found]


def test_the_block_is_read(tmp_path: Path) -> None:
    pack = load(tmp_path, PACK.format(cross="false"))
    expected = FallbackPolicy(cross_script=False, languages={"li": ("nl",), "sk": ("cs", "de")})
    assert pack.fallback == expected
    assert pack.template("TP_HI").fallback == expected


def test_yaml_and_json_give_the_same_policy(tmp_path: Path) -> None:
    text = PACK.format(cross="true")
    from_yaml = load(tmp_path, text)
    data = yaml.safe_load(text)
    path = tmp_path / "pack.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    from_json = load_pack(path)
    assert from_json.fallback == from_yaml.fallback
    assert from_json.fallback.cross_script is True


def test_languages_are_tried_after_cldr(tmp_path: Path) -> None:
    pack = load(tmp_path, PACK.format(cross="false"))
    render = pack.render
    assert render("TP_HI", "li-BE").locale == "nl"  # CLDR has no rule for Limburgish
    assert render("TP_HI", "sk").locale == "cs"  # CLDR already says so: sk -> cs, 20
    assert render("TP_HI", ["ja", "li"]).locale == "nl"
    assert render("TP_HI", ["li", "en-GB"]).locale == "en-US"  # CLDR's answer comes first
    assert render("TP_HI", "ja").locale == "en-US"
    template = pack.template("TP_HI")
    explanation = template.matcher.explain("li-BE", template.default_locale)
    assert explanation.how == "fallback"
    assert "fallback languages" in explanation.describe()


def test_cross_script_is_the_packs_choice(tmp_path: Path) -> None:
    safe = load(tmp_path, PACK.format(cross="false"))
    assert safe.render("TP_HI", "sr-Latn").locale == "en-US"
    crossing = load(tmp_path, PACK.format(cross="true"))
    assert crossing.render("TP_HI", "sr-Latn").locale == "sr"
    # ...but even ICU never hands Traditional Chinese readers Simplified Chinese.
    assert crossing.render("TP_HI", "zh-TW").locale == "en-US"


def test_request_bodies_follow_the_policy(tmp_path: Path) -> None:
    pack = load(tmp_path, PACK.format(cross="false"))
    body = build_request(
        pack,
        "TP_HI",
        access_token="t",
        request_id="r-1",
        params={},
        locales=["li-BE"],
    )
    languages = [t["language"] for t in body["templates"]]
    assert languages[:2] == ["nl", "en-US"]
    assert len(languages) == 5


BAD = """\
format: 1
defaultLocale: en-US
fallback:
  crossScript: "yes"
  corssScript: true
  languages:
    xx: [en]
    ms-MY: [id]
    gl: [es, pt-BR, 12]
    ca: es
templates:
  - code: TP_HI
    channel: SMS
    content:
      en-US: {body: Hello}
"""


def test_mistakes_are_reported_where_they_are() -> None:
    found = problems(BAD)
    assert ("wrong-type", 4, 16, "expected true or false for 'crossScript', got a string") in found
    kinds = {(kind, line, column) for kind, line, column, _ in found}
    assert ("unknown-key", 5, 3) in kinds
    assert ("bad-locale", 7, 5) in kinds  # xx
    assert ("bad-locale", 8, 5) in kinds  # ms-MY: a bare language, please
    assert ("bad-locale", 9, 14) in kinds  # pt-BR
    assert ("bad-locale", 9, 21) in kinds  # 12
    assert ("wrong-type", 10, 9) in kinds  # ca: es is not a list
    messages = "\n".join(message for *_, message in found)
    assert "did you mean 'crossScript'?" in messages
    assert "unknown language 'xx'" in messages
    assert "'ms-MY': a language code without script or region (such as 'ms')" in messages


def test_load_pack_refuses_a_bad_block(tmp_path: Path) -> None:
    with pytest.raises(PackError) as info:
        load(tmp_path, BAD)
    assert info.value.line == 4
    assert len(info.value.problems) == 7


def test_lint_reports_them_as_rules() -> None:
    document = parse_document(textwrap.dedent(BAD), "p.yaml", "yaml")
    codes = {(f.code, f.line) for f in lint_document(document)}
    assert ("MT203", 4) in codes  # wrong type
    assert ("MT202", 5) in codes  # unknown key, with a did-you-mean
    assert ("MT401", 7) in codes  # invalid locale
