# ruff: noqa: E501  (multilingual fixture lines are as long as real messages)
"""Translation-quality rules (MT9xx): each rule on examples, no false positives on the
samples and a multilingual fixture, and agreement with translate-toolkit's pofilter
(test-only) where both look at the same defect."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from msgtemplate.cli import main
from msgtemplate.lint import LintConfig, lint_paths
from msgtemplate.lint import text as text_rules
from msgtemplate.lint.quality import Source, compare
from msgtemplate.lint.quality_text import mask
from msgtemplate.template import scanner

ROOT = Path(__file__).resolve().parent.parent


def codes(source: str, target: str, target_tag: str = "fr", source_tag: str = "en-US") -> list[str]:
    return [rule.code for rule, _ in compare(source, target, source_tag, target_tag)]


# --- each rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "tag", "expected"),
    [
        ("Your code is ${code}.", "Votre code est ${code}.\n", "fr", ["MT901"]),
        ("\nYour code is ${code}.", "Votre code est ${code}.", "fr", ["MT901"]),
        ("Details at https://shop.example/help", "Details unter https://shop.example/hilfe",
         "de", ["MT902"]),
        ("Write to help@shop.example", "Escribe a ayuda@shop.example", "es", ["MT903"]),
        ("The code expires in 10 minutes.", "Le code expire dans 15 minutes.", "fr", ["MT904"]),
        ("The code expires in 10 minutes.", "Le code expire bientôt.", "fr", ["MT904"]),
        ("Order ${orderId} shipped.", "Ordine ${orderId} spedito. ", "it", ["MT905"]),
        ("Order ${orderId} shipped.", " Ordine ${orderId} spedito.", "it", ["MT905"]),
        ("Order ${orderId} shipped.", "Pedido ${orderId}  enviado.", "pt-BR", ["MT906"]),
        ("Thank you!\nYour order is on its way.", "Danke! Ihre Bestellung ist unterwegs.",
         "de", ["MT907"]),
        ("Did you receive your order?", "Avez-vous reçu votre commande.", "fr", ["MT908"]),
        ("Order shipped.", "Commande expédiée", "fr", ["MT908"]),
        ("Did you receive it?", "Lo recibiste?", "es", ["MT908"]),
        ("Refund (${amount}) issued.", "退款（${amount} 已發出。", "zh-Hant", ["MT909"]),
        ("Refund (${amount}) issued.", "Remboursement (${amount} émis.", "fr", ["MT909"]),
        ("Order shipped", "Order shipped", "de", ["MT910"]),
        ("Shipped", "Ihre Bestellung wurde heute an den Paketdienst übergeben", "de", ["MT911"]),
    ],
)  # fmt: skip
def test_each_rule_finds_its_defect(
    source: str, target: str, tag: str, expected: list[str]
) -> None:
    assert codes(source, target, tag) == expected


@pytest.mark.parametrize(
    ("source", "target", "tag"),
    [
        # Locale digits and separators: the same numbers.
        ("Pay 1,234.50 now.", "Zahlen Sie 1.234,50 jetzt.", "de"),
        ("Pay 1,234.50 now.", "Payez 1 234,50 maintenant.", "fr"),
        ("Pay 1,234.50 now.", "Payez 1\u202f234,50 maintenant.", "fr"),
        ("Expires in 5 minutes.", "تنتهي صلاحيته خلال ٥ دقائق.", "ar"),
        ("Expires in 5 minutes.", "５分で期限切れになります。", "ja"),
        ("Pay 1,234.50 now.", "Pague 1.234,50 agora.", "pt-BR"),
        # End punctuation: equivalent marks.
        ("Did you receive your order?", "ご注文の商品は届きましたか？", "ja"),
        ("Order shipped.", "您的訂單已出貨。", "zh-Hant"),
        ("Did you receive your order?", "هل استلمت طلبك؟", "ar"),
        ("Thanks!", "Merci !", "fr"),
        ("Note: ${x}", "Remarque : ${x}", "fr"),
        ("Did you receive it?", "¿Lo recibiste?", "es"),
        ("Thanks!", "¡Gracias!", "es"),
        ("Order shipped.", "คำสั่งซื้อจัดส่งแล้ว", "th"),
        ("Your code: ${code}.", "Ihr Code: ${code}", "de"),
        # Brackets: full-width forms pair with ASCII ones; quotes of every style.
        ("Refund (${amount}) issued.", "退款（${amount}）已發出。", "zh-Hant"),
        ('Press "OK".', "「OK」を押してください。", "ja"),
        ('Press "OK".', "Appuyez sur « OK ».", "fr"),
        ('Press "OK".', "Drücken Sie „OK“.", "de"),
        # Untranslated: a text of values and numbers is the same in every language.
        ("${orderId}", "${orderId}", "de"),
        ("${amount} (${share})", "${amount} (${share})", "ja"),
        # URLs and e-mails kept, placeholders are not numbers.
        ("See https://shop.example/help.", "Voir https://shop.example/help.", "fr"),
        ("Order ${order2Id} of ${count}", "Commande ${order2Id} sur ${count}", "fr"),
    ],
)
def test_no_false_positive_on_locale_conventions(source: str, target: str, tag: str) -> None:
    assert codes(source, target, tag) == []


# --- the samples and a multilingual fixture ----------------------------------------------------

MULTILINGUAL = textwrap.dedent(
    """\
    format: 1
    defaultLocale: en-US
    templates:
      - code: TP_ORDER
        channel: PUSH
        redirectUrl: /pages/orders?id=${orderId}
        parameters:
          orderId: {type: string, maxLength: 20, example: A-1029}
          amount: {type: currency, currency: USD, example: 1234.5}
        content:
          en-US:
            title: Did you receive order ${orderId}?
            body: "We refunded ${amount} (order ${orderId}). Questions? Write to help@shop.example within 30 days: https://shop.example/help."
          ja:
            title: ご注文 ${orderId} は届きましたか？
            body: "${amount}（ご注文 ${orderId}）を返金しました。ご質問は30日以内に help@shop.example までお送りください：https://shop.example/help。"
          zh-Hant:
            title: 您收到訂單 ${orderId} 了嗎？
            body: "我們已退款 ${amount}（訂單 ${orderId}）。有疑問嗎？請於 30 天內寫信至 help@shop.example：https://shop.example/help。"
          ar:
            title: هل استلمت الطلب ${orderId}؟
            body: "لقد رددنا ${amount} (الطلب ${orderId}). أسئلة؟ راسلنا على help@shop.example خلال ٣٠ يومًا: https://shop.example/help."
          fr:
            title: Avez-vous reçu la commande ${orderId} ?
            body: "Nous avons remboursé ${amount} (commande ${orderId}). Des questions ? Écrivez à help@shop.example sous 30 jours : https://shop.example/help."
          de:
            title: Haben Sie die Bestellung ${orderId} erhalten?
            body: "Wir haben ${amount} erstattet (Bestellung ${orderId}). Fragen? Schreiben Sie innerhalb von 30 Tagen an help@shop.example: https://shop.example/help."
          es:
            title: ¿Recibiste el pedido ${orderId}?
            body: "Reembolsamos ${amount} (pedido ${orderId}). ¿Preguntas? Escribe a help@shop.example en un plazo de 30 días: https://shop.example/help."
          pt-BR:
            title: Você recebeu o pedido ${orderId}?
            body: "Reembolsamos ${amount} (pedido ${orderId}). Dúvidas? Escreva para help@shop.example em até 30 dias: https://shop.example/help."
    """
)


def test_no_false_positives_on_the_samples_and_a_multilingual_fixture(tmp_path: Path) -> None:
    fixture = tmp_path / "multilingual.yaml"
    fixture.write_text(MULTILINGUAL, encoding="utf-8")
    paths = [*sorted(str(p) for p in (ROOT / "samples").glob("*.yaml")), str(fixture)]
    result = lint_paths(paths, LintConfig(select=("MT9",)))
    assert result.errors == []
    assert [f"{f.path}:{f.line} {f.code} {f.message}" for f in result.findings] == []
    # The fixture really is in every language it claims, each variant checked.
    from msgtemplate.pack import load_pack

    keys = set(load_pack(fixture).template("TP_ORDER").content)
    assert {"ja", "zh-Hant", "ar", "fr", "de", "es", "pt-BR"} <= keys


def test_findings_point_at_the_translation_and_are_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = MULTILINGUAL.replace("within 30 days", "within 30 days").replace(
        "sous 30 jours", "sous 31 jours"
    )
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    assert main(["lint", "--select", "MT9", "--format", "json", str(path)]) == 0  # warnings pass
    found = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["severity"], f["line"]) for f in found] == [("MT904", "warning", 25)]
    assert found[0]["message"] == "fr body: the source's number '30' is missing or changed"
    assert main(["lint", "--select", "MT9", "--fail-on", "warning", str(path)]) == 1


def test_untranslated_is_information_and_noqa_allows_a_brand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "brand.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            format: 1
            defaultLocale: en-US
            templates:
              - code: TP_BRAND
                channel: SMS
                content:
                  en-US: {title: ShopNow Plus, body: Welcome to ShopNow Plus}
                  de:
                    title: ShopNow Plus  # noqa: MT910
                    body: Welcome to ShopNow Plus
            """
        ),
        encoding="utf-8",
    )
    assert main(["lint", "--format", "json", str(path)]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["severity"], f["line"]) for f in found] == [("MT910", "info", 10)]
    assert main(["lint", "--fail-on", "warning", str(path)]) == 0
    capsys.readouterr()
    assert main(["lint", "--fail-on", "info", str(path)]) == 1


# --- import reports them, --strict refuses ------------------------------------------------------


def test_import_reports_quality_warnings_and_strict_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "shop.yaml"
    pack.write_bytes((ROOT / "samples" / "shop.yaml").read_bytes())
    path = tmp_path / "shop.it.json"
    path.write_text(
        '{"TP_SHOP_PAYMENT_RECEIVED.title": "Pagamento ricevuto",'
        ' "TP_SHOP_PAYMENT_RECEIVED.body": "Abbiamo ricevuto ${amount} per ${orderId} il '
        '${paidOn}. Grazie"}',
        encoding="utf-8",
    )
    before = pack.read_bytes()
    assert main(["import", str(pack), str(path), "--strict"]) == 1
    out = capsys.readouterr().out
    assert (
        "refused: TP_SHOP_PAYMENT_RECEIVED.body: it body: the source ends with an "
        "exclamation mark" in out
    )
    assert pack.read_bytes() == before
    assert main(["import", str(pack), str(path)]) == 0
    out = capsys.readouterr().out
    assert "warning: TP_SHOP_PAYMENT_RECEIVED.body: it body: the source ends with an" in out
    assert pack.read_bytes() != before


# --- pofilter agrees where both look at the same defect --------------------------------

# (pofilter test, our rule, source, translation, target language): seeded defects.
SEEDED = [
    ("urls", "MT902", "Visit https://a.example/x now", "Besuchen Sie https://a.example/y jetzt", "de"),
    ("emails", "MT903", "Write to help@shop.example", "Escribe a ayuda@shop.example", "es"),
    ("numbers", "MT904", "Expires in 10 minutes.", "Expire dans 15 minutes.", "fr"),
    ("startwhitespace", "MT905", " Order shipped.", "Commande expédiée.", "fr"),
    ("endwhitespace", "MT905", "Order shipped.", "Commande expédiée. ", "fr"),
    ("doublespacing", "MT906", "Order shipped.", "Commande  expédiée.", "fr"),
    ("newlines", "MT907", "Thanks!\nOn its way.", "Danke! Unterwegs.", "de"),
    ("endpunc", "MT908", "Did you get it?", "Avez-vous reçu.", "fr"),
    ("brackets", "MT909", "Refund (x) issued.", "Remboursement (x émis.", "fr"),
    ("unchanged", "MT910", "Order shipped", "Order shipped", "de"),
]  # fmt: skip
# Clean pairs both tools pass (with the target language set, as pofilter --language does).
CLEAN = [
    ("endpunc", "Order shipped.", "ご注文は発送済みです。", "ja"),
    ("endpunc", "Thanks!", "Merci !", "fr"),
    ("endpunc", "Did you get it?", "¿Lo recibiste?", "es"),
    ("numbers", "Expires in 5 minutes.", "5分で期限切れになります。", "ja"),
    ("urls", "See https://shop.example/help.", "Voir https://shop.example/help.", "fr"),
    ("doublespacing", "Order shipped.", "Commande expédiée.", "fr"),
    ("brackets", "Refund (x) issued.", "Remboursement (x) émis.", "fr"),
]
_RULE_OF = {test: rule for test, rule, *_ in SEEDED}


def _pofilter_fails(test: str, source: str, target: str, language: str) -> bool:
    from translate.filters import checks

    checker = checks.StandardChecker(checks.CheckerConfig(targetlanguage=language))
    try:
        getattr(checker, test)(source, target)
    except checks.FilterFailure:
        return True
    return False


@pytest.mark.parametrize(("test", "rule", "source", "target", "language"), SEEDED)
def test_pofilter_and_we_agree_on_seeded_defects(
    test: str, rule: str, source: str, target: str, language: str
) -> None:
    assert _pofilter_fails(test, source, target, language)
    assert rule in codes(source, target, language)


@pytest.mark.parametrize(("test", "source", "target", "language"), CLEAN)
def test_pofilter_and_we_agree_on_clean_pairs(
    test: str, source: str, target: str, language: str
) -> None:
    assert not _pofilter_fails(test, source, target, language)
    assert _RULE_OF[test] not in codes(source, target, language)


def test_pofilter_on_a_seeded_po_file(tmp_path: Path) -> None:
    # The same seeds as a PO file through pofilter's own command: every seeded unit is
    # flagged by the test we map to our rule.
    import subprocess
    import sys

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(locale="fr")
    for test, _, source, target, _ in SEEDED:
        catalog.add(source, string=target, context=test)
    seeded = tmp_path / "seeded.po"
    with seeded.open("wb") as fh:
        write_po(fh, catalog)
    out = tmp_path / "flagged.po"
    tests = sorted({test for test, *_ in SEEDED})
    pofilter = Path(sys.executable).parent / "pofilter"
    argv = [str(pofilter), "--nofuzzy", *(f"--test={t}" for t in tests), str(seeded), str(out)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    flagged = out.read_text("utf-8")
    for test, *_ in SEEDED:
        assert f"(pofilter) {test}" in flagged, test


# --- settings: the allow-list and the ratio ----------------------------------------------------


def test_untranslated_allow_and_max_length_ratio_from_pyproject(tmp_path: Path) -> None:
    from msgtemplate.lint.config import LintConfigError, config_from_table

    path = tmp_path / "brand.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            format: 1
            defaultLocale: en-US
            templates:
              - code: TP_BRAND
                channel: SMS
                content:
                  en-US: {title: ShopNow Plus, body: Your order has shipped.}
                  de: {title: ShopNow Plus, body: Ihre Bestellung wurde soeben versandt.}
            """
        ),
        encoding="utf-8",
    )
    default = lint_paths([str(path)], LintConfig(select=("MT9",)))
    assert [f.code for f in default.findings] == ["MT910"]
    config = config_from_table(
        {"select": ["MT9"], "untranslated-allow": ["ShopNow Plus"], "max-length-ratio": 1.2},
        "pyproject.toml",
    )
    found = lint_paths([str(path)], config).findings
    assert [(f.code, f.line) for f in found] == [("MT911", 8)]
    assert "over the 1.2x expected" in found[0].message
    for bad in ({"max-length-ratio": 0.5}, {"max-length-ratio": True}, {"untranslated-allow": "x"}):
        with pytest.raises(LintConfigError):
            config_from_table(bad, "pyproject.toml")


# --- the work done once per text ------------------------------------------------------------

_DOLLARS = st.lists(
    st.sampled_from(["$", "{", "}", "a", "b_1", "1", " ", "$$", "${a}", "(", "%", "＄"])
).map("".join)


@given(_DOLLARS)
def test_mask_is_the_scanners_tokens_for_every_text(text: str) -> None:
    # mask() replaces placeholders with one C-level substitution when that leaves no
    # `$`; the scanner's tokens, one by one, are the oracle.
    tokens = scanner().finditer(text)
    expected = "".join(
        "\ufffc" if t.lastgroup in ("PLACEHOLDER", "ESCAPED_DOLLAR") else t.group() for t in tokens
    )
    assert mask(text) == expected


@given(_DOLLARS)
def test_near_misses_pre_test_never_hides_a_slot_character(text: str) -> None:
    # near_misses() returns early when the text without its placeholders holds no
    # character a slot is made of: then its masked text holds none either.
    rest = text_rules._PLACEHOLDER.sub("", text)
    if not any(c in rest for c in text_rules._SLOT_CHARS):
        assert not any(c in text_rules._masked(text) for c in text_rules._SLOT_CHARS)


def test_a_source_worked_out_once_gives_each_translation_what_compare_gives() -> None:
    source = "Refund of 10 (${amount}) sent to help@shop.example, see https://shop.example."
    targets = {
        "fr": "Remboursement de 15 (${amount}) envoyé à aide@shop.example, voir https://x.example",
        "de": "Erstattung von 10 (${amount}) an help@shop.example, siehe https://shop.example.",
        "ja": source,
        "es": "¿Reembolso de 10 ${amount}) enviado a help@shop.example  https://shop.example?",
    }
    known = Source(source, "en-US")
    for tag, target in targets.items():
        assert list(known.compare(target, tag)) == list(compare(source, target, "en-US", tag))
    assert {code for tag in targets for code in codes(source, targets[tag], tag)} >= {
        "MT902", "MT903", "MT904", "MT906", "MT908", "MT909", "MT910",
    }  # fmt: skip
