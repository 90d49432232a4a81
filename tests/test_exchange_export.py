"""`msgtemplate export`: PO, XLIFF 1.2/2.0 and flat JSON, read by their real consumers.

Babel's ``read_po`` and Debian's ``msgfmt --check`` for PO, translate-toolkit's PO,
XLIFF 1.2 and XLIFF 2.0 readers (GPL: used here, in tests, only).
"""

from __future__ import annotations

import io
import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from translate.storage import pypo, xliff, xliff2

from msgtemplate.cli import main
from msgtemplate.pack import load_pack
from msgtemplate.pack.staleness import source_hash
from msgtemplate.translate import export_pack
from msgtemplate.translate.forms_units import PluralUnit, with_forms
from msgtemplate.translate.plurals import gettext_order, plural_forms, same_rule
from msgtemplate.translate.units import target_locales, units_for

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
STALE = ROOT / "tests" / "data" / "exchange" / "stale.yaml"
FORMATS = ("po", "xliff", "xliff2", "json")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["export", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def only(files: list, locale: str) -> bytes:  # type: ignore[type-arg]
    return next(f.data for f in files if f.locale == locale)


# --- PO -----------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_every_po_of_the_samples_passes_msgfmt_check(sample: Path, tmp_path: Path) -> None:
    files = export_pack(load_pack(sample), "po")
    assert files
    for exported in files:
        path = tmp_path / exported.name
        path.write_bytes(exported.data)
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == "", result.stderr  # not even a warning about the header


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_babel_reads_back_every_unit_of_the_samples(sample: Path) -> None:
    pack = load_pack(sample)
    for exported in export_pack(pack, "po"):
        catalog = read_po(io.BytesIO(exported.data))
        units = with_forms(pack, exported.locale, units_for(pack, exported.locale))
        got = [(m.context, m.id, m.string) for m in catalog if m.id]
        assert got == [
            (u.id, (u.source, u.plural), u.targets or ("",) * len(u.categories))
            if isinstance(u, PluralUnit)
            else (u.id, u.source, u.target or "")
            for u in units
        ]
        assert str(catalog.locale_identifier).replace("_", "-") == exported.locale
        # msgtemplate's CLDR rule (msgstr[n] in CLDR order), not gettext's old table
        assert same_rule(catalog.plural_forms, plural_forms(exported.locale))
        assert catalog.num_plurals == len(gettext_order(exported.locale))
        assert b'"Content-Type: text/plain; charset=UTF-8\\n"' in exported.data


def test_po_notes_name_the_template_parameters_and_the_rule() -> None:
    pack = load_pack(ROOT / "samples" / "shop.yaml")
    catalog = read_po(io.BytesIO(only(export_pack(pack, "po", ["fr"]), "fr")))
    body = next(m for m in catalog if m.context == "TP_SHOP_PAYMENT_RECEIVED.body")
    notes = "\n".join(body.auto_comments)
    assert "Payment received (TP_SHOP_PAYMENT_RECEIVED), INBOX message body." in notes
    assert "${amount}: currency (USD), e.g. 1234.5" in notes
    assert "${orderId}: string, at most 20 characters, e.g. A-1029" in notes
    assert "Keep every ${name} placeholder" in notes
    # Babel guesses python-brace-format from "{amount}" (and reading adds it back);
    # the file must not say so, or msgfmt would check it.
    data = only(export_pack(pack, "po", ["fr"]), "fr").decode("utf-8")
    flag_lines = [line for line in data.splitlines() if line.startswith("#,")]
    assert flag_lines
    assert all("python" not in line for line in flag_lines)


def test_translate_toolkit_reads_the_po() -> None:
    pack = load_pack(ROOT / "samples" / "shop.yaml")
    store = pypo.pofile.parsestring(only(export_pack(pack, "po", ["ja"]), "ja"))
    units = [u for u in store.units if not u.isheader()]
    expected = units_for(pack, "ja")
    assert [u.getcontext() for u in units] == [u.id for u in expected]
    assert [u.source for u in units] == [u.source for u in expected]
    assert [u.target for u in units] == [u.target for u in expected]
    assert store.gettargetlanguage() == "ja"


def test_stale_units_are_fuzzy_and_the_rest_are_not() -> None:
    pack = load_pack(STALE)
    catalog = read_po(io.BytesIO(only(export_pack(pack, "po", ["fr"]), "fr")))
    flags = {m.context: m.fuzzy for m in catalog if m.id}
    assert flags == {"TP_ORDER_PAID.title": False, "TP_ORDER_PAID.body": True}
    body = next(m for m in catalog if m.context == "TP_ORDER_PAID.body")
    assert any("source text changed" in c for c in body.auto_comments)


def test_a_locale_the_pack_lacks_gets_every_unit_untranslated() -> None:
    pack = load_pack(ROOT / "samples" / "shop.yaml")
    catalog = read_po(io.BytesIO(only(export_pack(pack, "po", ["it"]), "it")))
    messages = [m for m in catalog if m.id]
    assert len(messages) == 6
    assert all(m.string == "" and not m.fuzzy for m in messages)


def test_a_cldr_equivalent_tag_reads_the_existing_translation() -> None:
    pack = load_pack(ROOT / "samples" / "shop.yaml")  # has zh-Hant
    catalog = read_po(io.BytesIO(only(export_pack(pack, "po", ["zh-TW"]), "zh-TW")))
    title = next(m for m in catalog if m.context == "TP_SHOP_ORDER_SHIPPED.title")
    assert title.string == "您的訂單已出貨"
    assert catalog.locale_identifier == "zh_TW"


def test_a_line_break_mismatch_msgfmt_rejects_is_exported_fuzzy(tmp_path: Path) -> None:
    pack_path = tmp_path / "breaks.yaml"
    pack_path.write_text(
        "format: 1\ndefaultLocale: en\ntemplates:\n  - code: T\n    channel: SMS\n"
        '    content:\n      en: {body: "Hello\\n"}\n      fr: {body: "Bonjour"}\n',
        encoding="utf-8",
    )
    data = only(export_pack(load_pack(pack_path), "po", ["fr"]), "fr")
    (tmp_path / "fr.po").write_bytes(data)
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(tmp_path / "fr.po")], check=True)
    assert next(m for m in read_po(io.BytesIO(data)) if m.id).fuzzy


# --- XLIFF --------------------------------------------------------------------------


def test_xliff_12_is_namespaced_and_placeholders_are_x_elements() -> None:
    pack = load_pack(ROOT / "samples" / "shop.yaml")
    data = only(export_pack(pack, "xliff", ["fr"]), "fr")
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(data)
    ns = "{urn:oasis:names:tc:xliff:document:1.2}"
    assert root.tag == f"{ns}xliff"
    assert root.get("version") == "1.2"
    file = root.find(f"{ns}file")
    assert file is not None
    assert (file.get("source-language"), file.get("target-language")) == ("en-US", "fr")
    unit = root.find(f".//{ns}trans-unit[@id='TP_SHOP_PAYMENT_RECEIVED.body']")
    assert unit is not None
    xs = unit.findall(f"{ns}source/{ns}x")
    assert [x.get("equiv-text") for x in xs] == ["${amount}", "${orderId}", "${paidOn}"]
    assert [x.get("id") for x in xs] == ["1", "2", "3"]
    target = unit.find(f"{ns}target")
    assert target is not None
    assert target.get("state") == "translated"
    by_equiv = {x.get("equiv-text"): x.get("id") for x in target.findall(f"{ns}x")}
    assert by_equiv == {"${amount}": "1", "${orderId}": "2", "${paidOn}": "3"}


def test_translate_toolkit_reads_xliff_12() -> None:
    pack = load_pack(STALE)
    store = xliff.xlifffile.parsestring(only(export_pack(pack, "xliff", ["fr"]), "fr"))
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("en-US", "fr")
    title, body = store.units
    assert title.source == "Payment received"
    assert title.target == "Paiement reçu"
    assert not title.isfuzzy()
    assert title.istranslated()
    assert body.isfuzzy()  # stale: needs-review-translation, not approved
    placeables = [p for p in body.rich_source[0].sub if type(p).__name__ == "X"]
    assert [p.xml_attrib["equiv-text"] for p in placeables] == ["${amount}", "${orderId}"]
    target = body.xmlelement.find("{urn:oasis:names:tc:xliff:document:1.2}target")
    assert target.get("state") == "needs-review-translation"


def test_translate_toolkit_reads_xliff_20() -> None:
    pack = load_pack(STALE)
    data = only(export_pack(pack, "xliff2", ["fr"]), "fr")
    root = ET.fromstring(data)
    assert root.tag == "{urn:oasis:names:tc:xliff:document:2.0}xliff"
    assert (root.get("srcLang"), root.get("trgLang")) == ("en-US", "fr")
    store = xliff2.Xliff2File.parsestring(data)
    title, body = store.units
    assert (title.getid(), body.getid()) == ("TP_ORDER_PAID.title", "TP_ORDER_PAID.body")
    assert title.target == "Paiement reçu"
    ns = "{urn:oasis:names:tc:xliff:document:2.0}"
    segments = root.findall(f".//{ns}segment")
    assert [s.get("state") for s in segments] == ["translated", "initial"]
    phs = segments[1].findall(f"{ns}source/{ns}ph")
    assert [(p.get("equiv"), p.get("disp")) for p in phs] == [
        ("${amount}", "${amount}"),
        ("${orderId}", "${orderId}"),
    ]


def test_xliff_keeps_escaped_dollars_and_odd_text_exactly(tmp_path: Path) -> None:
    pack_path = tmp_path / "odd.yaml"
    body = "  <b>&amp; $$${x} costs US$5 ${x}${x}\\n\\ttab  "
    pack_path.write_text(
        "format: 1\ndefaultLocale: en\ntemplates:\n  - code: T\n    channel: SMS\n"
        f'    parameters: {{x: {{type: string}}}}\n    content:\n      en: {{body: "{body}"}}\n',
        encoding="utf-8",
    )
    pack = load_pack(pack_path)
    source = pack.template("T").content["en"].body.text
    for fmt in ("xliff", "xliff2"):
        root = ET.fromstring(only(export_pack(pack, fmt, ["de"]), "de"))
        element = next(e for e in root.iter() if e.tag.endswith("}source"))
        rebuilt = (element.text or "") + "".join(
            (c.get("equiv-text") or c.get("equiv") or "") + (c.tail or "") for c in element
        )
        assert rebuilt == source


# --- JSON ---------------------------------------------------------------------------


def test_json_is_flat_in_pack_order_without_untranslated_or_stale_units() -> None:
    pack = load_pack(STALE)
    files = export_pack(pack, "json", ["en-US", "fr", "de"])
    assert [f.locale for f in files] == ["en-US", "fr", "de"]
    assert [f.locale for f in export_pack(pack, "json")] == ["fr", "de"]
    assert json.loads(only(files, "en-US")) == {
        "TP_ORDER_PAID.title": "Payment received",
        "TP_ORDER_PAID.body": "We received ${amount} for order ${orderId}. Thank you!",
    }
    assert json.loads(only(files, "fr")) == {"TP_ORDER_PAID.title": "Paiement reçu"}
    de = only(files, "de").decode("utf-8")
    assert list(json.loads(de)) == ["TP_ORDER_PAID.body"]
    assert "für" in de  # UTF-8, not \\u escapes


def test_json_keys_follow_pack_order() -> None:
    pack = load_pack(ROOT / "samples" / "shop.yaml")
    keys = list(json.loads(only(export_pack(pack, "json", ["fr"]), "fr")))
    assert keys == [u.id for u in units_for(pack, "fr")]


# --- the command --------------------------------------------------------------------


def test_default_is_every_other_locale_into_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    pack = ROOT / "samples" / "shop.yaml"
    code, out, err = run(capsys, str(pack), "--format", "po")
    assert (code, err) == (0, "")
    names = sorted(p.name for p in tmp_path.iterdir())
    expected = sorted(f"shop.{t}.po" for t in target_locales(load_pack(pack)))
    assert names == expected
    assert "shop.fr.po: 6 units, 6 translated (fr)" in out


def test_one_locale_into_a_named_file_and_several_into_a_new_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, str(STALE), "-f", "xliff", "-l", "fr", "-o", str(tmp_path / "x.xlf"))
    assert code == 0
    assert (tmp_path / "x.xlf").is_file()
    assert "1 stale" in out
    folder = tmp_path / "out" / "deeper"
    code, _, _ = run(capsys, str(STALE), "-f", "xliff2", "-l", "fr", "-l", "it", "-o", str(folder))
    assert code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["stale.fr.xlf", "stale.it.xlf"]


def test_dash_writes_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(STALE), "-f", "json", "-l", "fr", "-o", "-")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"TP_ORDER_PAID.title": "Paiement reçu"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-f", "po", "-l", "en-US"], "is the pack's defaultLocale"),
        (["-f", "po", "-l", "en"], "is the pack's defaultLocale"),
        (["-f", "po", "-l", "english"], "--locale: invalid locale tag 'english'"),
        (["-f", "po", "-o", "-"], "takes exactly one --locale"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, str(STALE), *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1


def test_a_broken_pack_exits_2_at_its_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\ndefaultLocale: en\ntemplates: [\n", encoding="utf-8")
    code, _, err = run(capsys, str(broken), "-f", "po")
    assert code == 2
    assert err.startswith(f"msgtemplate: {broken}:")


def test_an_unwritable_output_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    code, _, err = run(capsys, str(STALE), "-f", "po", "-o", str(blocker / "sub"))
    assert code == 2
    assert "cannot write" in err
    assert "Traceback" not in err


def test_source_hash_is_stable() -> None:
    # The pack format records these: changing the function makes every pack stale.
    assert source_hash("Payment received") == "2fef7951"
    assert source_hash("") == "e3b0c442"


def test_the_package_never_imports_translate_toolkit() -> None:
    # translate-toolkit is GPL: tests may use it as a consumer, msgtemplate may not.
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "msgtemplate").rglob("*.py")
        if any(
            line.strip().startswith(("import translate", "from translate"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []
