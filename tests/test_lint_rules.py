"""Every rule fires on its fixture, at the right place; clean files and samples stay quiet."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msgtemplate.document.source import parse_document
from msgtemplate.lint import LintConfig, all_rules, lint_document, lint_paths
from msgtemplate.lint import text as text_rules
from msgtemplate.lint.text import near_misses

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "lint"
SAMPLES = ROOT / "samples"

# code -> (fixture, line, column, a piece of the message). Positions are counted by
# hand in the fixture files.
EXPECTED: dict[str, tuple[str, int, int, str]] = {
    "MT001": ("MT001.yaml", 5, 1, "invalid YAML"),
    "MT002": ("MT002.yaml", 8, 7, "duplicate key 'en-US' (first defined at line 7)"),
    "MT003": ("MT003.yaml", 3, 1, "not valid UTF-8"),
    "MT004": ("MT004.yaml", 1, 1, "not a pack"),
    "MT101": ("MT101.json", 1, 1, "requestId is required but missing"),
    "MT102": ("MT102.json", 1, 71, "templateCode is a number; expected a string"),
    "MT103": ("MT103.json", 1, 11, "appId is 40 characters; the limit is 32"),
    "MT104": ("MT104.json", 2, 15, "templates is empty"),
    "MT105": ("MT105.json", 3, 29, "templates[1].language 'en_us' repeats"),
    "MT106": ("MT106.json", 2, 29, "templates[0].language: invalid locale tag 'english'"),
    "MT107": ("MT107.json", 2, 71, "templateParameters.amount is a number"),
    "MT108": (
        "MT108.json",
        6,
        3,
        "actionUrl is not a field of the API; did you mean 'redirectUrl'?",
    ),
    "MT201": ("MT201.yaml", 4, 5, "'channel'"),
    "MT202": ("MT202.yaml", 6, 5, "did you mean 'redirectUrl'?"),
    "MT203": ("MT203.yaml", 7, 7, "got a list"),
    "MT204": ("MT204.yaml", 1, 9, "format"),
    "MT205": ("MT205.yaml", 5, 14, "'EMAIL'"),
    "MT206": ("MT206.yaml", 7, 11, "'TP_1'"),
    "MT207": ("MT207.yaml", 7, 22, "did you mean 'currency'?"),
    "MT301": ("MT301.yaml", 9, 27, "unclosed placeholder"),
    "MT302": ("MT302.yaml", 8, 18, "body is empty"),
    "MT303": (
        "MT303.yaml",
        9,
        28,
        "'${orderID}' is not declared in the parameters of 'TP_1'; did you mean 'orderId'?",
    ),
    "MT304": ("MT304.yaml", 8, 7, "parameter 'amount' is declared but never used"),
    "MT305": ("MT305.yaml", 11, 7, "'de' lacks ${amount}"),
    "MT306": ("MT306.yaml", 11, 51, "'${shippedOn}' is in 'fr'"),
    "MT401": ("MT401.yaml", 8, 7, "'english'"),
    "MT402": ("MT402.yaml", 8, 7, "locale 'zh_CN' is not canonical; write 'zh-CN'"),
    "MT403": ("MT403.yaml", 6, 5, "defaultLocale 'en-US'"),
    "MT404": ("MT404.yaml", 6, 5, "en-US, fr, de, es-419, pt-BR"),
    "MT405": ("MT405.yaml", 8, 7, "'en_us'"),
    "MT406": ("MT406.yaml", 9, 18, "the 'fr' body of 'TP_1' was translated from another"),
    "MT501": ("MT501.yaml", 4, 11, "code is 69 characters; the limit is 64"),
    "MT502": ("MT502.yaml", 3, 8, "appId is 40 characters; the limit is 32"),
    "MT503": ("MT503.yaml", 6, 18, "can reach 6,016 characters"),
    "MT504": ("MT504.yaml", 6, 42, "'${orderId}' in redirectUrl has no maxLength"),
    "MT505": ("MT505.yaml", 4, 5, "'redirectUrl'"),
    "MT601": ("MT601.yaml", 10, 29, "'{orderId}' is not a placeholder here; write '${orderId}'"),
    "MT602": ("MT602.yaml", 7, 35, "U+202E RIGHT-TO-LEFT OVERRIDE"),
    "MT603": ("MT603.yaml", 7, 27, "U+200B ZERO WIDTH SPACE"),
    "MT604": ("MT604.json", 8, 37, "U+001B ESCAPE, control character U+0007 BEL"),
    "MT701": ("MT701.yaml", 7, 37, "expected an ISO date"),
    "MT901": ("MT901.yaml", 10, 18, "the translation ends with a line break"),
    "MT902": ("MT902.yaml", 8, 18, "URL 'https://shop.example/help' is missing or changed"),
    "MT903": ("MT903.yaml", 8, 22, "e-mail address 'help@shop.example' is missing"),
    "MT904": ("MT904.yaml", 8, 18, "number '10' is missing or changed"),
    "MT905": ("MT905.yaml", 10, 18, "the translation ends with a space"),
    "MT906": ("MT906.yaml", 10, 21, "doubled space between words"),
    "MT907": ("MT907.yaml", 8, 18, "1 line where the source has 2"),
    "MT908": ("MT908.yaml", 8, 18, "ends with a question mark and the translation with a period"),
    "MT909": ("MT909.yaml", 10, 23, "1 '(' and 0 ')'"),
    "MT910": ("MT910.yaml", 8, 18, "same text as the default locale's"),
    "MT911": ("MT911.yaml", 8, 18, "56 characters for a source of 7: 8.0x, over the 3x"),
    "MT801": ("MT801.yaml", 13, 7, "'pl' uses ${eta} (count) but has no forms entry for it"),
    "MT802": (
        "MT802.yaml",
        16,
        11,
        "lacks the plural categories few, many (few: 2, 3, 4, 22…; many: 0, 5, 6, 7…)",
    ),
    "MT803": ("MT803.yaml", 12, 11, "'eta' in 'en-US' has no 'other' phrase"),
    "MT804": ("MT804.yaml", 12, 34, "'en-US' never uses the plural category 'few'"),
    "MT805": ("MT805.yaml", 12, 11, "'method' in 'en-US' has no phrase for 'wallet'"),
    "MT806": ("MT806.yaml", 12, 37, "'walet' is not a value of 'method'; did you mean 'wallet'?"),
    "MT807": ("MT807.yaml", 12, 34, "unknown key 'onee'"),
    "MT808": ("MT808.yaml", 12, 42, "the 'other' phrase of 'eta' is empty"),
    "MT809": ("MT809.yaml", 12, 23, "'${eta}' in the 'one' phrase of 'eta' is not filled in"),
    "MT810": ("MT810.yaml", 13, 11, "'ETA' is not a count or select parameter of 'TP_1'"),
    "MT811": ("MT811.yaml", 16, 11, "'fr' has forms for 'eta' but its texts do not use ${eta}"),
}
# MT200 is the safety net for pack-problem kinds newer than the linter; the mapping
# test below proves no kind reaches it today.
UNTRIGGERABLE = {"MT200"}


def test_every_rule_has_a_fixture() -> None:
    codes = {rule.code for rule in all_rules()}
    assert codes - UNTRIGGERABLE == set(EXPECTED)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_rule_fires_on_its_fixture(code: str) -> None:
    fixture, line, column, text = EXPECTED[code]
    result = lint_paths([DATA / fixture])
    hits = [f for f in result.findings if f.code == code]
    assert hits, f"{code} not reported: {result.findings}"
    assert (hits[0].line, hits[0].column) == (line, column)
    assert text in hits[0].message
    rule = next(r for r in all_rules() if r.code == code)
    assert (hits[0].name, hits[0].severity) == (rule.name, rule.severity)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_rule_is_quiet_on_clean_files(code: str) -> None:
    result = lint_paths([DATA / "clean.yaml", DATA / "clean.json"])
    assert [f for f in result.findings if f.code == code] == []


def test_clean_fixtures_pass_completely() -> None:
    result = lint_paths([DATA / "clean.yaml", DATA / "clean.json"])
    assert result.findings == []
    assert result.errors == []
    assert result.files == 2


def test_pack_problem_kinds_all_have_a_dedicated_rule() -> None:
    from msgtemplate.lint.structure import PROBLEM_RULES
    from msgtemplate.pack import PROBLEM_KINDS

    assert set(PROBLEM_KINDS) <= set(PROBLEM_RULES)
    # One rule per kind: a rule is never chosen by reading a problem's message.
    rules = [rule.code for rule in PROBLEM_RULES.values() if rule is not None]
    assert len(rules) == len(set(rules))


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.glob("*") if p.suffix in (".yaml", ".yml", ".json"))


@pytest.mark.skipif(not sample_files(), reason="samples/ not written yet")
def test_samples_lint_clean() -> None:
    # Samples carry 8 locales on purpose and say so with a noqa comment for MT404.
    noqa = "# " + "noqa: MT404"  # spelled apart so ruff does not read it as its own
    result = lint_paths(sample_files())
    assert result.errors == []
    assert result.findings == []
    # ...and without the noqa comments, that warning is all there would be (the
    # delivery sample keeps to 5 languages and needs none).
    for path in sample_files():
        text = path.read_text(encoding="utf-8")
        if path.name == "delivery.yaml":
            assert noqa not in text
            continue
        assert noqa in text
        document = parse_document(text.replace(noqa, "#"), str(path), "yaml")
        assert {f.code for f in lint_document(document)} == {"MT404"}


def test_only_stale_translations_are_reported_stale() -> None:
    # de's hash matches the current English body; it has none: unknown age, quiet.
    result = lint_paths([DATA / "MT406.yaml"])
    assert [(f.code, f.line) for f in result.findings if f.code == "MT406"] == [("MT406", 9)]


def test_select_and_ignore_filter_findings() -> None:
    path = DATA / "MT601.yaml"
    assert {f.code for f in lint_paths([path]).findings} == {"MT305", "MT601"}
    only = lint_paths([path], LintConfig(select=("MT6",)))
    assert {f.code for f in only.findings} == {"MT601"}
    ignored = lint_paths([path], LintConfig(ignore=("MT305",)))
    assert {f.code for f in ignored.findings} == {"MT601"}


def test_findings_are_sorted_by_path_line_column() -> None:
    result = lint_paths([DATA])
    keys = [(f.path, f.line, f.column) for f in result.findings]
    assert keys == sorted(keys)


def test_unused_is_not_guessed_when_a_text_does_not_parse() -> None:
    result = lint_paths([DATA / "MT301.yaml"])
    assert [f.code for f in result.findings] == ["MT301"]


def test_invalid_parameter_does_not_also_make_its_uses_undeclared() -> None:
    result = lint_paths([DATA / "MT207.yaml"])
    assert [f.code for f in result.findings] == ["MT207"]


# --------------------------------------------------------------- near misses


@pytest.mark.parametrize(
    "text",
    [
        "Pay $5 or US$ 12 now",
        "cost: US$12, or $ 3",
        "Use $$ for dollars and $${name} literally",
        'a { b } c and { "json": 1 }',
        "100% done, 50%discount, 20 %",
        "${amount} and ${orderId}",
        "Save $USD or $US or $x",
        "我們已於 ${paidOn} 收到訂單",
    ],
)
def test_near_miss_stays_quiet_on_prose(text: str) -> None:
    assert near_misses(text, {"amount", "orderId"}) == []


@pytest.mark.parametrize(
    ("text", "written", "offset"),
    [
        ("Order {orderId} shipped", "{orderId}", 6),
        ("Order {{ orderId }}", "{{ orderId }}", 6),
        ("Paid ＄｛amount｝", "＄｛amount｝", 5),
        ("Paid $｛amount｝", "$｛amount｝", 5),
        ("Paid ＄amount", "＄amount", 5),
        ("Hello %s!", "%s", 6),
        ("Item %1$s", "%1$s", 5),
        ("Hi %(name)s", "%(name)s", 3),
        ("Slot {0} here", "{0}", 5),
        ("Use $orderId", "$orderId", 4),
        ("Use $amount", "$amount", 4),
        ("Use $customerName", "$customerName", 4),
        ("Hi {name}", "{name}", 3),
    ],
)
def test_near_miss_detects_slots_in_other_syntaxes(text: str, written: str, offset: int) -> None:
    misses = near_misses(text, {"amount", "orderId"})
    assert [(m.written, m.offset) for m in misses] == [(written, offset)]


def test_spaces_inside_braces_are_a_syntax_error_with_the_fix() -> None:
    import textwrap

    from msgtemplate.document.source import parse_document
    from msgtemplate.lint import lint_document

    text = textwrap.dedent(
        """\
        format: 1
        defaultLocale: en-US
        templates:
          - code: TP_1
            channel: SMS
            parameters: {name: {type: string}}
            content: {en-US: {body: "Hi ${ name }"}}
        """
    )
    findings = lint_document(parse_document(text, "p.yaml", "yaml"))
    assert [(f.code, f.line, f.column) for f in findings] == [("MT301", 7, 33)]
    assert "write '${name}'" in findings[0].message


# --------------------------------------------------------------- hidden characters


def lint_text(text: str, name: str = "p.yaml") -> list[tuple[str, int, int]]:
    from msgtemplate.document.source import parse_document
    from msgtemplate.lint import lint_document

    fmt = "json" if name.endswith(".json") else "yaml"
    findings = lint_document(parse_document(text, name, fmt))  # type: ignore[arg-type]
    return [(f.code, f.line, f.column) for f in findings]


PACK = (
    "format: 1\ndefaultLocale: en-US\ntemplates:\n  - code: TP_1\n    channel: SMS\n"
    '    content:\n      {key}: {{body: "{body}"}}\n'
)


def test_invisible_characters_in_keys_are_found() -> None:
    text = PACK.format(key="en-US\u200b", body="Hi")
    assert ("MT603", 7, 12) in lint_text(text)


def test_joiners_are_allowed_inside_words_and_emoji() -> None:
    persian = "می\u200cخواهم"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert lint_text(PACK.format(key="en-US", body=f"{persian} {family}")) == []
    assert lint_text(PACK.format(key="en-US", body="Hi\u200d there")) == [("MT603", 7, 24)]


def test_bidi_controls_written_as_json_escapes_are_found() -> None:
    body = (
        '{"format": 1, "defaultLocale": "en-US", "templates": [{"code": "TP_1", '
        '"channel": "SMS", "content": {"en-US": {"body": "Hi \\u202e there"}}}]}'
    )
    found = lint_text(body, "p.json")
    assert [code for code, _, _ in found] == ["MT602"]


def test_bidi_controls_in_comments_are_found() -> None:
    text = PACK.format(key="en-US", body="Hi") + "# note \u2066hidden\u2069\n"
    assert [c for c, _, _ in lint_text(text)] == ["MT602", "MT602"]


def test_rule_docs_page_lists_every_rule() -> None:
    # The table and the reference are generated by msgtemplate.lint.docs;
    # docs/lint-rules.md must carry both, so a new rule cannot ship undocumented.
    from msgtemplate.lint.docs import rules_reference, rules_table

    page = (ROOT / "docs" / "lint-rules.md").read_text(encoding="utf-8")
    missing = [line for line in rules_table().splitlines() if line not in page]
    assert missing == [], "docs/lint-rules.md rule table is out of date; paste rules_table()"
    assert rules_reference() in page, "docs/lint-rules.md: paste rules_reference() output"


def test_rule_docs_are_plain_text() -> None:
    # The docs go into docs/lint-rules.md and SARIF: no hidden or bidi characters in them.
    import unicodedata

    for rule in all_rules():
        for text in (rule.summary, rule.rationale, rule.example):
            hidden = [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf")]
            assert hidden == [], rule.code


def test_bidi_controls_written_as_yaml_escapes_are_found_where_written() -> None:
    text = PACK.format(key="en-US", body="Refund\\u202e of\\u200b ${x}")
    assert 'body: "Refund\\u202e of\\u200b ${x}"' in text
    # Column of each backslash on line 7: `      en-US: {body: "Refund` is 27 wide.
    assert ("MT602", 7, 28) in lint_text(text)
    assert ("MT603", 7, 37) in lint_text(text)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("\\U0000202E", [("MT602", 7, 24)]),  # long escape
        ("\\x41\\u2067", [("MT602", 7, 28)]),
        ("\\\\u202e", []),  # an escaped backslash, then plain text
        ("\\u0645\\u200c\\u06cc", []),  # ZWNJ between Arabic-script letters
        ("a\\u200db", [("MT603", 7, 25)]),  # ZWJ between ASCII letters
    ],
)
def test_yaml_escapes_are_decoded_like_the_parser_does(
    written: str, expected: list[tuple[str, int, int]]
) -> None:
    found = [f for f in lint_text(PACK.format(key="en-US", body="Hi" + written)) if f[0] >= "MT6"]
    assert found == expected


def test_escapes_in_single_quoted_and_plain_yaml_are_plain_text() -> None:
    single = PACK.format(key="en-US", body="x").replace('"x"', "'Hi \\u202e'")
    plain = PACK.format(key="en-US", body="x").replace('"x"', "Hi \\u202e")
    assert lint_text(single) == lint_text(plain) == []


BODY = (
    '{{"appId": "P1", "accessToken": "t", "requestId": "r", "templateCode": "TP_1",\n'
    ' "templates": [{{"language": "en-US", "templateParameters": {{"who": "{value}"}}}}]}}\n'
)


@pytest.mark.parametrize(
    ("value", "column"),
    [("a\u2067b\u2069", 70), ("a\\u2067b\\u2069", 70), ("ab\u2069", 71)],
)
def test_a_bidi_control_in_a_request_body_is_reported_once_where_written(
    value: str, column: int
) -> None:
    found = lint_text(BODY.format(value=value), "body.json")
    assert found == [("MT602", 2, column)]


def test_request_body_hidden_characters_come_from_spec_check() -> None:
    from msgtemplate.document.source import parse_document
    from msgtemplate.lint import lint_document

    text = BODY.format(value="x\u200by")
    findings = lint_document(parse_document(text, "body.json", "json"))
    assert [(f.code, f.severity) for f in findings] == [("MT603", "warning")]
    assert findings[0].message.startswith("templates[0].templateParameters.who: contains")


def test_hidden_characters_in_yaml_body_comments_are_still_found() -> None:
    text = (
        "appId: P1\naccessToken: t\nrequestId: r\ntemplateCode: TP_1  # note \u202e\n"
        "templates: [{language: en-US, templateParameters: {who: x}}]\n"
    )
    assert lint_text(text, "body.yaml") == [("MT602", 4, 28)]


# ------------------------------------------------------- redirectUrl worst case

URL_PACK = """\
format: 1
defaultLocale: en-US
templates:
  - code: TP_1
    channel: INBOX
    redirectUrl: /pages/orders?{query}
    parameters:
{parameters}
    content: {{en-US: {{body: "{body}"}}}}
"""


def url_findings(params: dict[str, str]) -> list[tuple[str, str]]:
    from msgtemplate.document.source import parse_document
    from msgtemplate.lint import lint_document

    text = URL_PACK.format(
        query="&".join(f"{name}=${{{name}}}" for name in params),
        parameters="\n".join(f"      {name}: {{{decl}}}" for name, decl in params.items()),
        body=" ".join(f"${{{name}}}" for name in params),
    )
    findings = lint_document(parse_document(text, "p.yaml", "yaml"))
    return [(f.code, f.message) for f in findings]


def test_typed_placeholders_do_not_make_an_unfixable_url_error() -> None:
    # Four dates and two amounts: no maxLength is allowed on them (MT207), so only a
    # realistic worst case may be counted for them.
    params = {f"d{i}": "type: date" for i in range(4)}
    params |= {"a1": "type: currency, currency: USD", "a2": "type: integer"}
    assert url_findings(params) == []


def test_full_style_dates_can_still_exceed_the_url_limit_and_say_why() -> None:
    params = {"a": "type: datetime, style: full", "b": "type: datetime, style: full"}
    (code, message), *rest = url_findings(params)
    assert (code, rest) == ("MT503", [])
    assert "a up to 1,024 encoded as a full datetime" in message
    # The fix the message points at: a shorter style.
    assert url_findings(dict.fromkeys(params, "type: datetime, style: medium")) == []


def test_only_strings_without_max_length_are_unbounded() -> None:
    found = url_findings({"n": "type: number", "s": "type: string"})
    assert [code for code, _ in found] == ["MT504"]
    assert "'${s}'" in found[0][1]


WORST_LOCALES = ["dz-BT", "mn-Mong-MN", "bo", "blo", "tok", "eo-001", "mr-IN", "ar-YE", "en-US"]


def _locales() -> list[str]:
    from babel.localedata import locale_identifiers

    return sorted(tag.replace("_", "-") for tag in locale_identifiers())


def _longest_encoded(kind: str, style: str, tag: str) -> int:
    """The longest percent-encoded value among extreme inputs, as build_request encodes."""
    import datetime as dt
    from decimal import Decimal
    from urllib.parse import quote

    from msgtemplate.formatting import ParameterError, ParameterSpec, format_value

    if kind in ("integer", "number", "currency", "percent"):
        extra = {"currency": "CLF"} if kind == "currency" else {}
        spec = ParameterSpec(name="x", type=kind, **extra)  # type: ignore[arg-type]
        values: list[object] = [-(10**18 - 1)]
        if kind != "integer":
            values += [Decimal("-999999999999999999.999"), Decimal("-0.000001")]
    else:
        zone = {"timezone": "America/North_Dakota/New_Salem"} if kind != "date" else {}
        spec = ParameterSpec(name="x", type=kind, style=style, **zone)  # type: ignore[arg-type]
        days = [dt.date(2026, 1, 3) + dt.timedelta(days=29 * i) for i in range(13)]
        if kind == "date":
            values = [d.isoformat() for d in days]
        elif kind == "datetime":
            values = [f"{d.isoformat()}T{h}:59:59Z" for d in days for h in ("03", "15")]
        else:
            values = ["23:59:59", "12:30:00", "03:00:00", "2026-01-01T23:59:59Z"]
    longest = 0
    for value in values:
        try:
            longest = max(longest, len(quote(format_value(spec, value, tag), safe="")))
        except ParameterError:
            continue
    return longest


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(_locales()) | st.sampled_from(WORST_LOCALES),
    st.sampled_from(["integer", "number", "currency", "percent", "date", "datetime", "time"]),
    st.sampled_from(["short", "medium", "long", "full"]),
)
def test_typed_worst_cases_bound_what_cldr_formats(tag: str, kind: str, style: str) -> None:
    from msgtemplate.lint.limits import typed_encoded_max

    assert _longest_encoded(kind, style, tag) <= typed_encoded_max(kind, style)


def _near_misses_by_scan(text: str, declared: set[str]) -> list[tuple[int, int, str]]:
    """The rule as first written (a scan of every earlier slot per match): the reference."""
    masked = text_rules._masked(text) if "$" in text else text
    found: dict[int, tuple[int, int, str]] = {}
    for kind, pattern in text_rules._PATTERNS:
        for match in pattern.finditer(masked):
            if any(
                match.start() < o + length and o < match.end() for o, length, _ in found.values()
            ):
                continue
            name = match.group(1) if match.lastindex else None
            miss = text_rules._judge(kind, match.group(), name, declared)
            if miss is not None:
                found[match.start()] = (match.start(), len(match.group()), miss[0])
    return [found[k] for k in sorted(found)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "{a}",
                "{{a}}",
                "%s",
                "%(a)s",
                "$a",
                "＄a",
                "${a}",
                "$$",
                "{0}",
                "{",
                "}",
                " ",
                "x",
                "＄｛a｝",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_near_misses_match_the_scanning_reference(text: str) -> None:
    got = [(m.offset, m.length, m.written) for m in near_misses(text, {"a"})]
    assert got == _near_misses_by_scan(text, {"a"})


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        (PACK.format(key="en-US", body="Hi \\e there"), "p.yaml", [("MT604", 7, 21)]),
        (PACK.format(key="en-US", body="Hi \\x9b there"), "p.yaml", [("MT604", 7, 21)]),
        (PACK.format(key='"en-\\a"', body="Hi"), "p.yaml", [("MT604", 7, 7)]),
        (PACK.format(key="en-US", body="Hi there"), "p.yaml", []),
        (
            '{"format": 1, "defaultLocale": "en-US", "templates": [{"code": "TP_1", '
            '"channel": "SMS", "content": {"en-US": {"body": "Hi \x7f and \x85 there"}}}]}',
            "p.json",
            [("MT604", 1, 120)],
        ),
        (
            '{"format": 1, "defaultLocale": "en-US", "templates": [{"code": "TP_1", '
            '"channel": "SMS", "content": {"en-US": {"body": "Hi \\u001b there"}}}]}',
            "p.json",
            [("MT604", 1, 120)],
        ),
    ],
    ids=["yaml-escape", "yaml-c1-escape", "in-a-key", "none", "json-raw-del-c1", "json-escape"],
)
def test_control_characters_are_found_written_raw_or_escaped(
    text: str, name: str, expected: list[tuple[str, int, int]]
) -> None:
    # The family passes over a text holding neither a backslash nor a raw control
    # character: each way one can reach a string must still be found.
    assert [f for f in lint_text(text, name) if f[0] == "MT604"] == expected


def test_a_clean_lint_works_out_no_position() -> None:
    # Positions come from offsets when a finding asks for one: a pack without findings
    # never needs the document's line starts (counted, not timed: issue 20).
    template = """\
  - code: TP_{n}
    channel: INBOX
    redirectUrl: /orders?id=${{orderId}}&t={n}
    parameters:
      orderId: {{type: string, maxLength: 20, example: A-{n}}}
      amount: {{type: currency, currency: USD, example: 1234.5}}
    content:
      en-US: {{title: "Order {n}", body: "We received ${{amount}} for order ${{orderId}}."}}
      fr-FR:
        title: Commande {n}
        body: Nous avons reçu ${{amount}} pour la commande ${{orderId}}.
      zh-Hans:
        title: '订单 {n}'
        body: |-
          我们已收到订单 ${{orderId}} 的 ${{amount}}。
"""
    text = "format: 1\ndefaultLocale: en-US\ntemplates:\n" + "".join(
        template.format(n=n) for n in range(20)
    )
    document = parse_document(text, "clean.yaml", "yaml")
    assert lint_document(document) == []
    assert document.offsets is not None
    assert document.offsets._starts is None
    flawed = parse_document(text.replace("Order 3", "Order 3 "), "flawed.yaml", "yaml")
    assert {f.code for f in lint_document(flawed)} == {"MT905"}  # a space the others lack
    assert flawed.offsets is not None
    assert flawed.offsets._starts is not None  # its findings asked
