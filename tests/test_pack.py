"""Loading packs: the model, YAML/JSON equivalence, and every problem kind with its position."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from msgtemplate.document.source import parse_document
from msgtemplate.errors import SourceError
from msgtemplate.formatting import ParameterSpec
from msgtemplate.pack import (
    PACK,
    PROBLEM_KINDS,
    Pack,
    PackError,
    PackProblem,
    UnknownTemplateError,
    load_pack,
    read_pack,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

GOOD_YAML = """\
format: 1
defaultLocale: en-US
appId: "2188000000000001"
templates:
  - code: TP_PAID
    name: Order paid
    channel: INBOX
    redirectUrl: /pages/orders/detail?id=${orderId}
    parameters:
      orderId: {type: string, maxLength: 20, example: A-1029}
      amount: {type: currency, currency: USD, example: 1234.5}
      paidOn: {type: date, style: medium, example: "2026-11-28"}
    content:
      en-US:
        title: Payment received
        body: We received ${amount} for order ${orderId} on ${paidOn}.
      zh-Hant:
        title: 已收到付款
        body: 我們已於 ${paidOn} 收到訂單 ${orderId} 的 ${amount}。
  - code: TP_SMS
    channel: SMS
    parameters:
      code: {type: string, maxLength: 8, example: "424242"}
    content:
      en-US: {body: "Your code is ${code}"}
"""


def write(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def position_of(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based line/column of the nth occurrence of ``needle`` (plain string search)."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
        assert index >= 0
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def problems_of(text: str, fmt: str = "yaml") -> list[PackProblem]:
    document = parse_document(textwrap.dedent(text), f"p.{fmt}", fmt)  # type: ignore[arg-type]
    return read_pack(document)[1]


def only(problems: list[PackProblem], kind: str) -> PackProblem:
    found = [p for p in problems if p.kind == kind]
    assert len(found) == 1, problems
    return found[0]


# --- the model -------------------------------------------------------------------------


def test_load_good_pack(tmp_path: Path) -> None:
    pack = load_pack(write(tmp_path, GOOD_YAML))
    assert isinstance(pack, Pack)
    assert pack.format_version == 1
    assert pack.default_locale == "en-US"
    assert pack.app_id == "2188000000000001"
    assert list(pack.templates) == ["TP_PAID", "TP_SMS"]
    paid = pack.template("TP_PAID")
    assert paid.name == "Order paid"
    assert paid.channel == "INBOX"
    assert list(paid.content) == ["en-US", "zh-Hant"]
    assert paid.default_locale == "en-US"
    assert paid.parameters["amount"] == ParameterSpec(
        "amount", "currency", currency="USD", example=1234.5
    )
    assert paid.redirect_url is not None
    assert paid.redirect_url.placeholders == ("orderId",)
    body = paid.content["zh-Hant"].body
    assert body.text == "我們已於 ${paidOn} 收到訂單 ${orderId} 的 ${amount}。"
    assert body.template is not None
    assert body.placeholders == ("paidOn", "orderId", "amount")
    assert (body.line, body.column) == position_of(GOOD_YAML, "我們")
    assert paid.placeholders() == ("orderId", "amount", "paidOn")
    sms = pack.template("TP_SMS")
    assert sms.name is None
    assert sms.redirect_url is None
    assert list(sms.parameters) == ["code"]
    assert sms.content["en-US"].title is None


def test_texts_are_compiled_once_per_pack(tmp_path: Path) -> None:
    pack = load_pack(write(tmp_path, GOOD_YAML))
    body = pack.template("TP_PAID").content["en-US"].body
    assert body.template is not None
    first = body.template
    pack.render("TP_PAID", "en-US", {"orderId": "1", "amount": 1, "paidOn": "2026-01-01"})
    assert body.template is first


def test_yaml_and_json_forms_give_equal_models(tmp_path: Path) -> None:
    data = yaml.safe_load(GOOD_YAML)
    yaml_pack = load_pack(write(tmp_path, GOOD_YAML))
    json_text = json.dumps(data, ensure_ascii=False, indent=2)
    json_pack = load_pack(write(tmp_path, json_text, "pack.json"))
    assert yaml_pack == json_pack
    assert yaml_pack.document.format == "yaml"
    assert json_pack.document.format == "json"
    # positions differ, and they are right for each file
    j_body = json_pack.template("TP_PAID").content["en-US"].body
    assert (j_body.line, j_body.column) == position_of(json_text, '"We received')


def test_models_differ_when_content_differs(tmp_path: Path) -> None:
    a = load_pack(write(tmp_path, GOOD_YAML, "a.yaml"))
    b = load_pack(write(tmp_path, GOOD_YAML.replace("on ${paidOn}.", "on ${paidOn}!"), "b.yaml"))
    assert a != b


@pytest.mark.parametrize("name", ["shop.yaml", "booking.yaml"])
def test_samples_load_cleanly(name: str) -> None:
    pack = load_pack(SAMPLES / name)
    assert len(pack.templates) >= 2
    for template in pack.templates.values():
        locales = set(template.content)
        assert {"en-US", "zh-Hans", "zh-Hant", "es-419", "pt-BR", "ar"} <= locales
        assert len(locales) >= 6
        if template.channel in ("PUSH", "INBOX"):
            assert template.redirect_url is not None
            for name_ in template.redirect_url.placeholders:
                spec = template.parameters[name_]
                assert spec.type != "string" or spec.max_length is not None
        for spec in template.parameters.values():
            assert spec.example is not None, spec.name
        declared = set(template.parameters)
        for variant in template.content.values():
            used = {p for text in variant.texts() for p in text.placeholders}
            if template.redirect_url is not None:
                used |= set(template.redirect_url.placeholders)
            assert used == declared, (template.code, variant.locale)


def test_samples_use_several_parameter_types() -> None:
    types = set()
    for name in ("shop.yaml", "booking.yaml"):
        for template in load_pack(SAMPLES / name).templates.values():
            for spec in template.parameters.values():
                types.add(spec.type)
                if spec.type == "datetime":
                    assert spec.timezone != "UTC"
    assert {"currency", "date", "datetime", "integer", "string"} <= types


def test_unknown_template_code_has_did_you_mean(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_YAML)
    pack = load_pack(path)
    with pytest.raises(UnknownTemplateError) as info:
        pack.template("TP_PAD")
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, PackError)
    assert str(info.value) == f"{path}: no template 'TP_PAD' in this pack; did you mean 'TP_PAID'?"
    with pytest.raises(KeyError):
        pack.render("nothing like it", "en-US", {})


def test_schema_is_data() -> None:
    template = PACK.fields["templates"].items
    assert template is not None
    assert template.keys is not None
    assert template.keys.name == "template"
    assert template.keys.fields["code"].required
    assert not template.keys.fields["redirectUrl"].required


# --- problems: kinds, messages, positions ------------------------------------------------


def test_unknown_key_did_you_mean_message_and_position(tmp_path: Path) -> None:
    text = GOOD_YAML.replace("    channel: SMS\n", "    channel: SMS\n    redirect_url: /x\n")
    path = write(tmp_path, text)
    with pytest.raises(PackError) as info:
        load_pack(path)
    err = info.value
    line, column = position_of(text, "redirect_url")
    assert str(err) == (
        f"{path}:{line}:{column}: unknown key 'redirect_url' in template; "
        "did you mean 'redirectUrl'?"
    )
    assert isinstance(err, SourceError)
    assert [p.kind for p in err.problems] == ["unknown-key"]
    assert err.problems[0].pointer == ("templates", 1, "redirect_url")
    # On an INBOX template the missing redirectUrl is a problem too, and comes first.
    text = GOOD_YAML.replace("redirectUrl:", "redirect_url:")
    with pytest.raises(PackError) as info:
        load_pack(write(tmp_path, text))
    assert [p.kind for p in info.value.problems] == ["missing-redirect", "unknown-key"]
    assert str(info.value).endswith("(and 1 more problem)")


def test_unknown_key_without_close_match_lists_the_keys() -> None:
    problem = only(problems_of(GOOD_YAML.replace("name: Order paid", "zzz: 1")), "unknown-key")
    assert "(expected: code, name, channel, redirectUrl, parameters, content)" in problem.message


def test_every_problem_is_reported_in_file_order(tmp_path: Path) -> None:
    text = """\
    format: 2
    defaultLocale: en-US
    templates:
      - code: TP_1
        channel: push
        redirect_url: /x
        parameters:
          amount: {type: money, example: 3}
          n: {type: integer, example: abc}
          bad-name: {type: string}
        content:
          en-US:
            body: first
            body: Paid ${ amount }
          en_us: {body: x}
          xx-Fake: {body: y}
      - code: TP_1
        channel: SMS
        content: {fr: {body: "Salut ${"}}
    """
    path = write(tmp_path, text)
    with pytest.raises(PackError) as info:
        load_pack(path)
    problems = info.value.problems
    assert [p.kind for p in problems] == [
        "bad-format-version",
        "bad-channel",
        "unknown-key",
        "bad-parameter",
        "bad-example",
        "bad-parameter",
        "duplicate-key",
        "template-syntax",
        "duplicate-locale",
        "bad-locale",
        "duplicate-code",
        "missing-default-locale",
        "template-syntax",
    ]
    dedented = textwrap.dedent(text)
    expected = [
        ("format: 2", 8),
        ("push", 0),
        ("redirect_url", 0),
        ("money", 0),
        ("abc", 0),
        ("bad-name", 0),
        ("body: Paid", 0),
        ("${ amount", 0),
        ("en_us", 0),
        ("xx-Fake", 0),
        ("TP_1", None),
        ("content: {fr", 0),
        ('${"', 0),
    ]
    for problem, (needle, shift) in zip(problems, expected, strict=True):
        if shift is None:
            line, column = position_of(dedented, needle, nth=1)
        else:
            line, column = position_of(dedented, needle)
            column += shift
        assert (problem.line, problem.column) == (line, column), problem
    assert str(info.value).startswith(f"{path}:1:9: unsupported format 2")
    assert "(and 12 more problems)" in str(info.value)
    assert all(p.kind in PROBLEM_KINDS for p in problems)


def test_messages_are_one_line_and_helpful() -> None:
    text = GOOD_YAML.replace("channel: INBOX", "channel: inbox").replace(
        "currency: USD", "currency: usd"
    )
    problems = problems_of(text)
    channel = only(problems, "bad-channel")
    assert channel.message == (
        "channel must be one of PUSH, INBOX, SMS, got 'inbox'; did you mean 'INBOX'?"
    )
    currency = only(problems, "bad-parameter")
    assert "did you mean 'USD'" in currency.message
    assert currency.pointer == ("templates", 0, "parameters", "amount", "currency")
    assert (currency.line, currency.column) == position_of(text, "usd")
    assert all("\n" not in p.message for p in problems)


@pytest.mark.parametrize(
    ("replace", "by", "needle", "message"),
    [
        (
            GOOD_YAML[GOOD_YAML.index("templates:") :],
            "templates: {}\n",
            "{}",
            "expected a list for 'templates', got a mapping",
        ),
        ("format: 1", "format: '1'", "'1'", "expected an integer for 'format', got a string"),
        ("format: 1", "format: true", "true", "expected an integer for 'format', got a boolean"),
        ("name: Order paid", "name: [a]", "[a]", "expected a string for 'name', got a list"),
        ("name: Order paid", "name: ~", "~", "expected a string for 'name', got null"),
        (
            "en-US: {body:",
            "en-US: [body:",
            None,
            None,
        ),
    ],
)
def test_wrong_types(replace: str, by: str, needle: str | None, message: str | None) -> None:
    text = GOOD_YAML.replace(replace, by)
    if needle is None:  # that edit makes invalid YAML: a document error, not a pack problem
        with pytest.raises(SourceError):
            parse_document(text, "p.yaml", "yaml")
        return
    problem = only(problems_of(text), "wrong-type")
    assert problem.message == message
    assert (problem.line, problem.column) == position_of(text, needle)


def test_yaml_plain_scalars_are_text_where_text_is_expected(tmp_path: Path) -> None:
    # `no` is Norwegian, not False; 1.50 and 2026 are what was written.
    text = """\
    format: 1
    defaultLocale: no
    templates:
      - code: 2026
        name: 1.50
        channel: SMS
        content:
          no: {title: yes, body: 42}
    """
    pack = load_pack(write(tmp_path, text))
    assert pack.default_locale == "no"
    template = pack.template("2026")
    assert template.name == "1.50"
    variant = template.content["no"]
    assert variant.title is not None
    assert variant.title.text == "yes"
    assert variant.body.text == "42"


def test_json_is_strict_about_types() -> None:
    data = yaml.safe_load(GOOD_YAML)
    data["templates"][1]["code"] = 12
    text = json.dumps(data, indent=2)
    problem = only(problems_of(text, "json"), "wrong-type")
    assert problem.message == "expected a string for 'code', got an integer"
    line, column = position_of(text, '"code": 12')
    assert (problem.line, problem.column) == (line, column + 8)


def test_missing_keys() -> None:
    text = """\
    format: 1
    templates:
      - code: TP_1
        content:
          en-US: {title: hi}
    """
    problems = problems_of(text)
    missing = [p for p in problems if p.kind == "missing-key"]
    dedented = textwrap.dedent(text)
    assert [(p.message, p.line, p.column) for p in missing] == [
        ("missing required key 'defaultLocale' in pack", 1, 1),
        ("missing required key 'channel' in template", *position_of(dedented, "code")),
        ("missing required key 'body' in variant", *position_of(dedented, "{title")),
    ]


@pytest.mark.parametrize("channel", ["PUSH", "INBOX"])
def test_redirect_url_is_required_for_push_and_inbox(channel: str) -> None:
    text = GOOD_YAML.replace("channel: INBOX", f"channel: {channel}").replace(
        "    redirectUrl: /pages/orders/detail?id=${orderId}\n", ""
    )
    problem = only(problems_of(text), "missing-redirect")
    assert problem.message.startswith("missing required key 'redirectUrl' in template")
    assert (problem.line, problem.column) == position_of(text, "code: TP_PAID")
    assert problem.pointer == ("templates", 0)


def test_duplicate_keys_yaml_and_json() -> None:
    text = GOOD_YAML.replace("    name: Order paid\n", "    name: Order paid\n    name: Again\n")
    problem = only(problems_of(text), "duplicate-key")
    assert (problem.line, problem.column) == position_of(text, "name", nth=1)
    first_line, first_column = position_of(text, "name")
    assert f"first at line {first_line}, column {first_column}" in problem.message
    json_text = '{"format": 1, "format": 1, "defaultLocale": "en", "templates": []}'
    problem = only(problems_of(json_text, "json"), "duplicate-key")
    assert (problem.line, problem.column) == position_of(json_text, '"format"', nth=1)


def test_bad_locales() -> None:
    text = GOOD_YAML.replace("defaultLocale: en-US", "defaultLocale: english")
    problem = only(problems_of(text), "bad-locale")
    assert problem.message.startswith("defaultLocale: ")
    assert (problem.line, problem.column) == position_of(text, "english")
    text = GOOD_YAML.replace("zh-Hant:", "zh-Latx:")
    problem = only(problems_of(text), "bad-locale")
    assert problem.message == "content locale: unknown script 'Latx'"
    assert (problem.line, problem.column) == position_of(text, "zh-Latx")


def test_missing_default_locale() -> None:
    text = GOOD_YAML.replace("defaultLocale: en-US", "defaultLocale: fr")
    problems = [p for p in problems_of(text) if p.kind == "missing-default-locale"]
    assert len(problems) == 2
    assert problems[0].message == (
        "template TP_PAID has no content for defaultLocale 'fr' (has: en-US, zh-Hant)"
    )
    assert (problems[0].line, problems[0].column) == position_of(text, "content")


def test_default_locale_served_by_the_same_locale_spelled_differently(tmp_path: Path) -> None:
    # `en` maximises to en-Latn-US, the same locale as en-US
    text = GOOD_YAML.replace("defaultLocale: en-US", "defaultLocale: en")
    pack = load_pack(write(tmp_path, text))
    assert pack.template("TP_PAID").default_locale == "en-US"
    text = GOOD_YAML.replace("defaultLocale: en-US", "defaultLocale: en_us")
    assert load_pack(write(tmp_path, text)).template("TP_SMS").default_locale == "en-US"


def test_unknown_parameter_option_points_at_the_key() -> None:
    text = GOOD_YAML.replace("maxLength: 20", "max_length: 20")
    problem = only(problems_of(text), "bad-parameter")
    assert "did you mean 'maxLength'" in problem.message
    assert (problem.line, problem.column) == position_of(text, "max_length")


def test_currency_without_code_points_at_the_declaration() -> None:
    text = GOOD_YAML.replace("{type: currency, currency: USD, example: 1234.5}", "{type: currency}")
    problem = only(problems_of(text), "bad-parameter")
    assert "needs 'currency'" in problem.message
    assert (problem.line, problem.column) == position_of(text, "{type: currency}")


def test_bad_example_points_at_the_example() -> None:
    text = GOOD_YAML.replace("example: A-1029", "example: A-1029-too-long-for-twenty")
    problem = only(problems_of(text), "bad-example")
    assert problem.message.startswith("parameter 'orderId': example: ")
    assert (problem.line, problem.column) == position_of(text, "A-1029-too")


def test_a_declaration_repeated_across_templates_is_checked_once_and_shared() -> None:
    # Two templates declaring the same parameter alike share one spec; declarations
    # whose values are equal in Python but not as options are not taken for it.
    template = """\
      - code: TP_{n}
        channel: SMS
        parameters:
          total: {{type: {kind}, {option}: {value}, example: {example}}}
        content:
          en-US: {{body: "Total ${{total}}"}}
    """
    cases = [
        ("integer", "description", "x", 1),
        ("integer", "description", "x", 1),  # the same: shared
        ("number", "description", "x", 1.0),  # 1.0 == 1 in Python
        ("number", "description", "x", -0.0),
        ("number", "description", "x", 0.0),  # 0.0 == -0.0
        ("string", "maxLength", 1, '"a"'),
        ("string", "maxLength", "true", '"a"'),  # True == 1: a fault, not the spec above
        ("string", "maxLength", 1, '"a"'),
    ]
    text = "format: 1\ndefaultLocale: en-US\ntemplates:\n" + "".join(
        textwrap.indent(
            textwrap.dedent(template).format(
                n=n, kind=kind, option=option, value=value, example=example
            ),
            "  ",
        )
        for n, (kind, option, value, example) in enumerate(cases)
    )
    pack, problems = read_pack(parse_document(text, "p.yaml", "yaml"))
    assert pack is not None
    specs = [pack.templates[f"TP_{n}"].parameters.get("total") for n in range(len(cases))]
    assert specs[0] is specs[1]
    assert [type(s.example) if s else None for s in specs[2:5]] == [float, float, float]
    assert [repr(s.example) if s else None for s in specs[2:5]] == ["1.0", "-0.0", "0.0"]
    assert specs[5] is specs[7]
    assert specs[6] is None
    assert [(p.kind, p.pointer[1]) for p in problems] == [("bad-parameter", 6)]


def test_yaml_examples_of_text_types_keep_what_was_written(tmp_path: Path) -> None:
    text = GOOD_YAML.replace("example: A-1029", "example: 0042").replace(
        'paidOn: {type: date, style: medium, example: "2026-11-28"}',
        "paidOn: {type: date, style: medium, example: 2026-11-28}\n"
        "      at: {type: time, example: 14:30}",
    )
    pack = load_pack(
        write(
            tmp_path,
            text.replace("${paidOn}.", "${paidOn} ${at}.").replace(
                "${amount}。", "${amount} ${at}。"
            ),
        )
    )
    params = pack.template("TP_PAID").parameters
    assert params["orderId"].example == "0042"
    assert params["at"].example == "14:30"


def test_template_syntax_error_position_plain(tmp_path: Path) -> None:
    text = GOOD_YAML.replace("on ${paidOn}.", "on ${paid On}.")
    path = write(tmp_path, text)
    with pytest.raises(PackError) as info:
        load_pack(path)
    line, column = position_of(text, "${paid On}")
    assert (info.value.line, info.value.column) == (line, column)
    assert str(info.value).startswith(f"{path}:{line}:{column}: body of TP_PAID [en-US]: ")


def test_duplicate_code_keeps_the_first() -> None:
    text = GOOD_YAML.replace("code: TP_SMS", "code: TP_PAID")
    document = parse_document(text, "p.yaml", "yaml")
    pack, problems = read_pack(document)
    problem = only(problems, "duplicate-code")
    assert (problem.line, problem.column) == position_of(text, "TP_PAID", nth=1)
    assert pack is not None
    assert pack.template("TP_PAID").channel == "INBOX"


def test_read_pack_is_lenient() -> None:
    text = GOOD_YAML.replace("on ${paidOn}.", "on ${paidOn.").replace(
        "orderId: {type: string", "orderId: {type: strin"
    )
    pack, problems = read_pack(parse_document(text, "p.yaml", "yaml"))
    assert {p.kind for p in problems} == {"template-syntax", "bad-parameter"}
    assert pack is not None
    paid = pack.template("TP_PAID")
    assert "orderId" not in paid.parameters  # skipped, the others kept
    assert set(paid.parameters) == {"amount", "paidOn"}
    body = paid.content["en-US"].body
    assert body.template is None
    assert body.error is not None
    assert paid.content["zh-Hant"].body.template is not None


@pytest.mark.parametrize("text", ["", "# nothing\n", "[1, 2]\n", "just text\n"])
def test_unusable_roots(tmp_path: Path, text: str) -> None:
    pack, problems = read_pack(parse_document(text, "p.yaml", "yaml"))
    assert pack is None
    assert len(problems) == 1
    assert problems[0].kind in ("empty-document", "wrong-type")
    assert (problems[0].line, problems[0].column) == (1, 1)
    with pytest.raises(PackError) as info:
        load_pack(write(tmp_path, text))
    assert (info.value.line, info.value.column) == (1, 1)


def test_document_errors_become_pack_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "format: 1\ntemplates: [\n")
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert info.value.problems[0].kind == "bad-document"
    assert info.value.line is not None
    assert str(info.value).startswith(f"{path}:")
    bad = tmp_path / "latin.yaml"
    bad.write_bytes("a: café\n".encode("latin-1"))
    with pytest.raises(PackError) as info:
        load_pack(bad)
    assert (info.value.line, info.value.column) == (1, 7)
    with pytest.raises(PackError):
        load_pack(tmp_path / "missing.yaml")
    alias = write(tmp_path, "a: &x 1\nb: *x\n", "alias.yaml")
    with pytest.raises(PackError) as info:
        load_pack(alias)
    assert (info.value.line, info.value.column) == (2, 4)


def test_problem_kind_is_validated() -> None:
    with pytest.raises(ValueError, match="unknown pack problem kind"):
        PackProblem("nope", "x", 1, 1, ())


def test_load_pack_refuses_an_undeclared_placeholder(tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text(
        "format: 1\n"
        "defaultLocale: en-US\n"
        "templates:\n"
        "  - code: TP_1\n"
        "    channel: SMS\n"
        "    parameters: {orderId: {type: string}}\n"
        "    content:\n"
        '      en-US: {body: "Order ${orderId} for ${orderID2}"}\n',
        encoding="utf-8",
    )
    with pytest.raises(PackError) as info:
        load_pack(path)
    err = info.value
    assert (err.line, err.column) == (8, 43)
    assert "'${orderID2}' is not declared in the parameters of 'TP_1'" in err.message
    assert "did you mean 'orderId'?" in err.message
    assert [p.kind for p in err.problems] == ["undeclared-placeholder"]


@pytest.mark.parametrize(
    ("first", "second"), [("en-US", "en_us"), ("en-US", "en"), ("zh-TW", "zh-Hant")]
)
def test_two_content_keys_for_one_locale_are_a_problem(
    tmp_path: Path, first: str, second: str
) -> None:
    path = tmp_path / "pack.yaml"
    path.write_text(
        "format: 1\n"
        f"defaultLocale: {first}\n"
        "templates:\n"
        "  - code: TP_1\n"
        "    channel: SMS\n"
        "    content:\n"
        f"      {first}: {{body: one}}\n"
        f"      {second}: {{body: two}}\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert [p.kind for p in info.value.problems] == ["duplicate-locale"]
    assert (info.value.line, info.value.column) == (8, 7)
    assert f"{second!r} is the same locale as {first!r}" in info.value.message


def test_template_at_a_line(tmp_path: Path) -> None:
    text = GOOD_YAML.replace('appId: "2188000000000001"\n', "") + "appId: P1\n"
    pack = load_pack(write(tmp_path, text))
    lines = text.splitlines()
    first = lines.index("  - code: TP_PAID") + 1
    second = lines.index("  - code: TP_SMS") + 1
    assert pack.template_at(first - 1) is None  # `templates:` itself
    assert all(pack.template_at(n) is pack.template("TP_PAID") for n in range(first, second))
    last = lines.index("appId: P1") + 1
    assert all(pack.template_at(n) is pack.template("TP_SMS") for n in range(second, last))
    assert pack.template_at(last) is None  # a top-level key after the list


def test_example_values() -> None:
    pack = load_pack(SAMPLES / "shop.yaml")
    template = pack.template("TP_SHOP_PAYMENT_RECEIVED")
    values = template.example_values()
    assert list(values) == list(template.parameters)
    assert values["orderId"] == template.parameters["orderId"].example
