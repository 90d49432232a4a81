"""The forms rules (MT8xx) beyond their fixtures: per-locale categories, drift, limits.

Each case seeds one defect into a clean pack with forms and checks exactly which
findings appear, so a rule that fires too often fails as surely as one that is silent.
"""

from __future__ import annotations

import pytest

from msgtemplate.document.source import parse_document
from msgtemplate.lint import lint_document

HEAD = """\
format: 1
defaultLocale: en-US
templates:
  - code: TP_1
    channel: SMS
    parameters:
      eta: {type: count, example: 5}
      method: {type: select, values: [card, wallet], example: card}
    content:
"""
CLEAN = {
    "en-US": (
        "Arrives in ${eta}. Paid ${method}.",
        '{one: "# minute", other: "# minutes"}',
        "{card: your card, wallet: your wallet}",
    ),
    "pl": (
        "Za ${eta}. Płatność ${method}.",
        '{one: "# minutę", few: "# minuty", many: "# minut", other: "# minuty"}',
        "{card: kartą, wallet: portfelem}",
    ),
    "ar": (
        "خلال ${eta}. ${method}",
        '{zero: "# دقيقة", one: دقيقة, two: دقيقتين, few: "# دقائق", many: "# دقيقة", '
        'other: "# دقيقة"}',
        "{card: بالبطاقة, wallet: بالمحفظة}",
    ),
    "ja": ("あと${eta}。${method}", '{other: "#分"}', "{card: カード, wallet: ウォレット}"),
}


def pack(**changes: tuple[str, str, str] | None) -> str:
    variants = {**CLEAN, **changes}
    out = [HEAD]
    for locale, parts in variants.items():
        if parts is None:
            continue
        body, eta, method = parts
        out.append(f"      {locale}:\n        body: {body}\n        forms:\n")
        if eta:
            out.append(f"          eta: {eta}\n")
        if method:
            out.append(f"          method: {method}\n")
    return "".join(out)


def codes(text: str) -> list[tuple[str, int]]:
    findings = lint_document(parse_document(text, "p.yaml", "yaml"))
    return sorted((f.code, f.line) for f in findings)


def test_the_clean_pack_is_clean() -> None:
    assert codes(pack()) == []


@pytest.mark.parametrize(
    ("locale", "eta", "expected"),
    [
        ("pl", '{one: "# minutę", other: "# minuty"}', ["MT802"]),
        ("ar", '{one: دقيقة, other: "# دقيقة"}', ["MT802"]),
        ("ja", '{one: "#分", other: "#分"}', ["MT804"]),
        ("en-US", '{one: "# minute", two: "# minutes", other: "# minutes"}', ["MT804"]),
        ("en-US", '{"=0": now, one: "# minute", other: "# minutes"}', []),
        ("en-US", '{one: "# minute", "=1.5": "90 seconds", other: "# minutes"}', []),
        ("en-US", '{one: "# minute", "=01": x, other: "# minutes"}', ["MT807"]),
        ("ja", '{"#分": x}', ["MT803", "MT807"]),
        ("pl", '{one: "# minutę", few: "# minuty", many: "# minut"}', ["MT803"]),
        ("en-US", '{one: " ", other: "# minutes"}', ["MT808"]),
        ("en-US", '{one: "#minute ${x}", other: "# minutes"}', ["MT809"]),
    ],
)
def test_count_form_sets(locale: str, eta: str, expected: list[str]) -> None:
    body, _, method = CLEAN[locale]
    found = [code for code, _ in codes(pack(**{locale: (body, eta, method)}))]
    assert found == expected


def test_the_missing_categories_are_named_with_sample_numbers() -> None:
    body, _, method = CLEAN["ar"]
    text = pack(ar=(body, '{one: دقيقة, other: "# دقيقة"}', method))
    (finding,) = lint_document(parse_document(text, "p.yaml", "yaml"))
    assert finding.message == (
        "'eta' in 'ar' lacks the plural categories zero, two, few, many "
        "(zero: 0, 0.0, 0.00; two: 2, 2.0, 2.00; few: 3, 4, 5, 6…; many: 11, 12, 13, 14…)"
    )


def test_select_form_sets() -> None:
    body, eta, _ = CLEAN["pl"]
    assert [c for c, _ in codes(pack(pl=(body, eta, "{card: kartą}")))] == ["MT805"]
    found = codes(pack(pl=(body, eta, "{card: kartą, wallet: x, cash: gotówką}")))
    assert [c for c, _ in found] == ["MT806"]


def test_a_variant_without_its_entry_and_drift() -> None:
    body, eta, _ = CLEAN["pl"]
    assert [c for c, _ in codes(pack(pl=(body, eta, "")))] == ["MT801"]
    # forms for a parameter the texts dropped: MT811 only (plus the usual drift MT305)
    dropped = ("Za chwilę. Płatność ${method}.", CLEAN["pl"][1], CLEAN["pl"][2])
    assert [c for c, _ in codes(pack(pl=dropped))] == ["MT305", "MT811"]


def test_forms_for_a_parameter_of_another_type() -> None:
    text = pack().replace(
        "      method: {type: select, values: [card, wallet], example: card}",
        "      method: {type: string, example: card}",
    )
    found = [c for c, _ in codes(text)]
    assert found == ["MT810"] * 4


def test_a_bidi_control_in_a_phrase_is_reported_where_it_is() -> None:
    body, _, method = CLEAN["en-US"]
    text = pack(**{"en-US": (body, '{one: "# minute\u202e", other: "# minutes"}', method)})
    findings = list(lint_document(parse_document(text, "p.yaml", "yaml")))
    assert [(f.code, f.line, f.column) for f in findings] == [("MT602", 13, 31)]


def test_redirect_url_counts_the_longest_phrase() -> None:
    text = pack().replace(
        "    channel: SMS\n", "    channel: PUSH\n    redirectUrl: /p?m=${method}\n"
    )
    assert codes(text) == []
    long = "{card: " + "ę" * 400 + ", wallet: x}"
    body, eta, _ = CLEAN["pl"]
    findings = lint_document(
        parse_document(
            pack(pl=(body, eta, long)).replace(
                "    channel: SMS\n", "    channel: PUSH\n    redirectUrl: /p?m=${method}\n"
            ),
            "p.yaml",
            "yaml",
        )
    )
    (finding,) = findings
    assert finding.code == "MT503"
    assert "method up to 2,400 encoded as its longest phrase" in finding.message
