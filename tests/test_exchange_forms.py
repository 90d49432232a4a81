"""Plural and select forms through translator exchange: PO plural entries (read by the
real msgfmt, msgmerge and gettext runtime, Babel and translate-toolkit), i18next JSON
suffixes, import writing ``forms`` back surgically, and every bad input refused in one
line with the pack unchanged."""

from __future__ import annotations

import gettext
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import babel
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msgtemplate.cli import main
from msgtemplate.formatting import plural_categories, plural_category
from msgtemplate.pack import load_pack
from msgtemplate.translate import export_pack
from msgtemplate.translate.importer import plan_import
from msgtemplate.translate.plurals import gettext_order, plural_forms

ROOT = Path(__file__).resolve().parent.parent
DELIVERY = ROOT / "samples" / "delivery.yaml"
MSGFMT = shutil.which("msgfmt")
needs_gettext = pytest.mark.skipif(MSGFMT is None, reason="GNU gettext is not installed")
STAMP = 1_780_000_000


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def delivery(tmp_path: Path) -> Path:
    path = tmp_path / "delivery.yaml"
    shutil.copyfile(DELIVERY, path)
    os.utime(path, (STAMP, STAMP))
    return path


def exported(pack: Path, fmt: str, locale: str, **options: str) -> bytes:
    files = export_pack(load_pack(pack), fmt, [locale], **options)  # type: ignore[arg-type]
    return files[0].data


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def po_entry(data: bytes, context: str) -> str:
    text = data.decode("utf-8")
    start = text.index(f'msgctxt "{context}"\n')
    end = text.find("\n\n", start)
    return text[start : end if end != -1 else len(text)]


# --- PO: one plural entry per count form set ---------------------------------------------


def test_a_count_form_set_is_one_plural_entry_in_the_target_gettext_order(delivery: Path) -> None:
    data = exported(delivery, "po", "pl")
    assert po_entry(data, "TP_DELIVERY_ETA.forms.eta") == (
        'msgctxt "TP_DELIVERY_ETA.forms.eta"\n'
        'msgid "# minute"\n'
        'msgid_plural "# minutes"\n'
        'msgstr[0] "# minutę"\n'
        'msgstr[1] "# minuty"\n'
        'msgstr[2] "# minut"\n'
        'msgstr[3] "# minuty"'
    )
    assert gettext_order("pl") == ("one", "few", "many", "other")
    # exact values and select values are plain units
    assert po_entry(data, "TP_DELIVERY_ETA.forms.eta.=0").endswith(
        'msgid "less than a minute"\nmsgstr "mniej niż minutę"'
    )
    assert po_entry(data, "TP_DELIVERY_ETA.forms.method.cash").endswith(
        'msgid "in cash on delivery"\nmsgstr "gotówką przy odbiorze"'
    )
    # the translator is told which msgstr is which form, with sample numbers
    assert "[1] few (2, 3, 4, 22…)" in data.decode().replace("\n#. ", " ")


def test_a_new_language_gets_empty_msgstr_for_each_of_its_forms(delivery: Path) -> None:
    data = exported(delivery, "po", "ar")
    entry = po_entry(exported(delivery, "po", "cy"), "TP_POINTS_BALANCE.forms.points")
    assert entry.count("msgstr[") == len(plural_categories("cy")) == 6
    assert re.findall(r"msgstr\[\d\] \"\"", entry) == [f'msgstr[{i}] ""' for i in range(6)]
    assert b'msgstr[5] "# \xd9\x86\xd9\x82\xd8\xb7\xd8\xa9"' in data  # Arabic other


def test_a_source_language_without_one_gives_other_for_both_msgids(tmp_path: Path) -> None:
    pack = write(
        tmp_path / "jp.yaml",
        "format: 1\ndefaultLocale: ja\ntemplates:\n"
        "  - code: TP_1\n    channel: PUSH\n    redirectUrl: /pages/a\n"
        "    parameters: {n: {type: count, example: 3}}\n"
        "    content:\n      ja:\n        body: あと${n}です\n"
        '        forms: {n: {other: "#分"}}\n',
    )
    entry = po_entry(exported(pack, "po", "en"), "TP_1.forms.n")
    assert 'msgid "#分"\nmsgid_plural "#分"\nmsgstr[0] ""\nmsgstr[1] ""' in entry


@needs_gettext
def test_the_po_files_of_the_forms_sample_pass_msgfmt_check(delivery: Path, tmp_path: Path) -> None:
    for locale in ("pl", "ar", "ja", "fr", "ru", "cy", "lt", "he", "uk", "ga"):
        path = write(tmp_path / f"d.{locale}.po", exported(delivery, "po", locale))
        result = subprocess.run(
            [MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert (result.returncode, result.stderr) == (0, ""), locale


def one_rule_per_header() -> dict[str, str]:
    """A locale for each distinct Plural-Forms header over every locale Babel ships."""
    headers: dict[str, str] = {}
    for ident in babel.localedata.locale_identifiers():
        tag = ident.replace("_", "-")
        try:
            headers.setdefault(plural_forms(tag), tag)
        except Exception:  # a tag our parser refuses (a POSIX variant)
            continue
    return headers


def count_pack(path: Path, locale: str) -> Path:
    """A pack translated into ``locale`` whose count phrases name their category."""
    phrases = ", ".join(f'{c}: "# {c}"' for c in plural_categories(locale))
    return write(
        path,
        "format: 1\ndefaultLocale: en-US\ntemplates:\n"
        "  - code: TP_1\n    channel: PUSH\n    redirectUrl: /pages/a\n"
        "    parameters: {n: {type: count, example: 3}}\n"
        "    content:\n"
        '      en-US: {body: "In ${n}.", forms: {n: {one: "# minute", other: "# minutes"}}}\n'
        f'      {locale}: {{body: "${{n}}!", forms: {{n: {{{phrases}}}}}}}\n',
    )


@needs_gettext
def test_every_cldr_plural_rule_gives_a_po_that_msgfmt_and_gettext_read_as_we_do(
    tmp_path: Path,
) -> None:
    """For a locale of each distinct CLDR rule: the exported PO passes msgfmt --check,
    and gettext's runtime, given the compiled catalog, picks for every integer the
    msgstr of the category the renderer picks."""
    rules = one_rule_per_header()
    assert len(rules) > 30
    failures = []
    numbers = [*range(0, 230), 1000, 1001, 10**6, 2 * 10**6, 1_000_001]
    for tag in rules.values():
        pack = count_pack(tmp_path / f"p-{tag}.yaml", tag)
        po = write(tmp_path / f"p.{tag}.po", exported(pack, "po", tag))
        mo = tmp_path / f"p.{tag}.mo"
        result = subprocess.run(
            [MSGFMT, "--check", "-o", str(mo), str(po)], capture_output=True, text=True
        )
        if result.returncode != 0 or result.stderr:
            failures.append(f"{tag}: {result.stderr.strip()}")
            continue
        with mo.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)
        for n in numbers:
            got = catalog.npgettext("TP_1.forms.n", "# minute", "# minutes", n)
            if got != f"# {plural_category(tag, n)}":
                failures.append(f"{tag} {n}: gettext says {got!r}")
                break
    assert failures == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    tag=st.sampled_from(sorted(set(one_rule_per_header().values()) | {"pl", "ru", "ar", "cy"})),
    n=st.integers(0, 10**9),
)
def test_the_po_plural_index_maps_back_to_the_renderers_category(
    tmp_path: Path, tag: str, n: int
) -> None:
    """The header written (Babel's table where it agrees with CLDR, else CLDR's rule)
    sends n to the msgstr of n's CLDR category, and reading the file back puts that
    msgstr under the same category."""
    pack = count_pack(tmp_path / f"h-{tag}.yaml", tag)
    data = exported(pack, "po", tag)
    header = re.search(rb'"Plural-Forms: (.*?)\\n"\n"MIME', data, re.S)
    assert header is not None
    value = b"".join(header.group(1).split(b'"\n"')).decode()
    index = gettext.c2py(value.split("plural=", 1)[1].rstrip(";"))
    entry = po_entry(data, "TP_1.forms.n")
    strings = re.findall(r'msgstr\[\d+\] "(.*)"', entry)
    assert strings[index(n)] == f"# {plural_category(tag, n)}"
    assert [s[2:] for s in strings] == list(gettext_order(tag))


def test_babel_and_translate_toolkit_read_the_plural_entries(delivery: Path) -> None:
    from babel.messages.pofile import read_po
    from translate.storage import pypo

    data = exported(delivery, "po", "pl")
    message = read_po(io.BytesIO(data)).get(("# minute", "# minutes"), "TP_DELIVERY_ETA.forms.eta")
    assert message is not None
    assert message.string == ("# minutę", "# minuty", "# minut", "# minuty")
    store = pypo.pofile(data)
    unit = next(u for u in store.units if u.getcontext() == "TP_DELIVERY_ETA.forms.eta")
    assert unit.hasplural()
    assert unit.source.strings == ["# minute", "# minutes"]
    assert unit.target.strings == ["# minutę", "# minuty", "# minut", "# minuty"]
    assert store.getheaderplural()[0] == "4"


@needs_gettext
def test_msgmerge_keeps_plural_entries_and_the_merged_file_imports_unchanged(
    delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pot = write(tmp_path / "delivery.pot", export_pack(load_pack(delivery), "pot")[0].data)
    assert b'msgid_plural "# minutes"\nmsgstr[0] ""\nmsgstr[1] ""' in pot.read_bytes()
    po = write(tmp_path / "d.pl.po", exported(delivery, "po", "pl"))
    merged = tmp_path / "merged.pl.po"
    subprocess.run(["msgmerge", "--quiet", "-o", str(merged), str(po), str(pot)], check=True)
    assert 'msgstr[2] "# minut"' in po_entry(merged.read_bytes(), "TP_DELIVERY_ETA.forms.eta")
    before = delivery.read_bytes()
    code, out, _ = run(capsys, "import", str(delivery), str(merged))
    assert code == 0, out
    assert "0 texts updated" in out
    assert delivery.read_bytes() == before


@needs_gettext
def test_a_msginit_file_with_gettexts_own_polish_rule_is_refused_with_the_header_to_use(
    delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """msginit writes gettext's traditional Polish rule (3 forms); msgtemplate reads
    msgstr[n] by CLDR's (4), so the plural entries cannot be placed: refused, with the
    header that would work, and the pack unchanged."""
    pot = write(tmp_path / "delivery.pot", export_pack(load_pack(delivery), "pot")[0].data)
    po = tmp_path / "new.pl.po"
    subprocess.run(
        ["msginit", "--no-translator", "-l", "pl", "-i", str(pot), "-o", str(po)],
        check=True,
        capture_output=True,
    )
    text = po.read_text(encoding="utf-8")
    assert "nplurals=3" in text
    text = text.replace(
        'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""', 'msgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"', 1
    )
    po.write_text(text, encoding="utf-8")
    before = delivery.read_bytes()
    code, out, err = run(capsys, "import", str(delivery), str(po))
    assert (code, err) == (1, "")
    header = line_of(text, 'msgid ""\nmsgstr ""') + 1  # where the header's fields are
    assert re.match(
        rf"{re.escape(str(po))}:{header}:1: refused: TP_DELIVERY_ETA\.forms\.eta: the file's "
        r"Plural-Forms header \('nplurals=3;[^']*'\) is not the CLDR rule msgtemplate reads "
        r"pl's msgstr\[n\] by, so the 1 plural entry cannot be placed; export the file "
        r"again, or set the header to 'Plural-Forms: nplurals=4; [^']*' with msgstr\[n\] in "
        r"the order one, few, many, other\n",
        out,
    ), out
    assert out.endswith(f"{delivery}: import refused (1 problem); the pack is unchanged\n")
    assert delivery.read_bytes() == before
    # Untranslated plural entries are nothing to place: the rest of such a file imports.
    text = text.replace(
        'msgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"', 'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""'
    )
    text = text.replace(
        'msgid "Your courier is on the way"\nmsgstr ""',
        'msgid "Your courier is on the way"\nmsgstr "Kurier już jedzie"',
    )
    po.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "import", str(delivery), str(po))
    assert (code, err) == (0, ""), out
    assert "1 text updated" in out


# --- flat and nested JSON: i18next v4 suffixes ------------------------------------------


def test_flat_json_uses_i18next_suffixes_and_plain_keys_for_exact_and_select(
    delivery: Path,
) -> None:
    data = json.loads(exported(delivery, "json", "ar"))
    keys = [k for k in data if k.startswith("TP_DELIVERY_ETA.forms.")]
    assert keys == [
        *(f"TP_DELIVERY_ETA.forms.eta_{c}" for c in ("zero", "one", "two", "few", "many", "other")),
        "TP_DELIVERY_ETA.forms.eta.=0",
        "TP_DELIVERY_ETA.forms.method.card",
        "TP_DELIVERY_ETA.forms.method.cash",
    ]
    source = json.loads(exported(delivery, "json", "en-US"))
    assert source["TP_POINTS_BALANCE.forms.points_one"] == "# point"
    assert "TP_POINTS_BALANCE.forms.points_few" not in source


def test_nested_json_nests_forms_as_i18next_looks_them_up(delivery: Path) -> None:
    data = json.loads(exported(delivery, "json", "pl", json_style="nested"))
    forms = data["TP_DELIVERY_ETA"]["forms"]
    assert forms["eta_few"] == "# minuty"
    assert forms["eta"] == {"=0": "mniej niż minutę"}
    assert forms["method"]["card"] == "kartą (już opłacone)"


# --- round trips ------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "style"), [("po", "flat"), ("json", "flat"), ("json", "nested")])
@pytest.mark.parametrize("locale", ["pl", "ar", "ja", "fr", "ru"])
def test_export_import_unchanged_is_byte_identical_and_export_again_is_the_same(
    delivery: Path, tmp_path: Path, fmt: str, style: str, locale: str
) -> None:
    before = delivery.read_bytes()
    first = exported(delivery, fmt, locale, json_style=style)
    extension = {"po": "po", "json": "json", "xliff": "xlf", "xliff2": "xlf"}[fmt]
    path = write(tmp_path / f"delivery.{locale}.{extension}", first)
    result = plan_import(load_pack(delivery), [str(path)])
    assert not result.refused, result.notes
    assert result.changes == []
    assert result.new_text is None
    assert delivery.read_bytes() == before
    assert exported(delivery, fmt, locale, json_style=style) == first


RU_BODY = {
    "TP_DELIVERY_ETA.title": "Курьер в пути",
    "TP_DELIVERY_ETA.body": "Курьер приедет через ${eta}. Оплата ${method}.",
    "TP_DELIVERY_ETA.forms.eta_one": "# минуту",
    "TP_DELIVERY_ETA.forms.eta_few": "# минуты",
    "TP_DELIVERY_ETA.forms.eta_many": "# минут",
    "TP_DELIVERY_ETA.forms.eta_other": "# минуты",
    "TP_DELIVERY_ETA.forms.eta.=0": "меньше минуты",
    "TP_DELIVERY_ETA.forms.method.card": "картой",
    "TP_DELIVERY_ETA.forms.method.cash": "наличными",
}


def test_a_new_language_from_flat_json_gets_its_forms_and_renders_them(
    delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "delivery.ru.json", json.dumps(RU_BODY, ensure_ascii=False))
    code, out, err = run(capsys, "import", str(delivery), str(path))
    assert (code, err) == (0, ""), out
    after = delivery.read_text(encoding="utf-8")
    second = after[after.index("\n  - code: TP_POINTS_BALANCE") :]
    assert "      ru:\n        title: Курьер в пути\n" in after
    assert (
        '        forms:\n          eta: {"=0": меньше минуты, one: "# минуту", few: "# минуты", '
        'many: "# минут", other: "# минуты"}\n          method: {card: картой, cash: наличными}\n'
        "        sourceHash: {title: 2f98ae3d, body: 8024b6a3}\n"
    ) in after
    assert "ru:" not in second  # only the first template got the variant
    pack = load_pack(delivery)
    for n, phrase in ((1, "1 минуту"), (2, "2 минуты"), (5, "5 минут"), (22, "22 минуты")):
        body = pack.render("TP_DELIVERY_ETA", "ru", {"orderId": "A", "eta": n, "method": "card"})
        assert body.body == f"Курьер приедет через {phrase}. Оплата картой."
    code, out, _ = run(capsys, "lint", str(delivery), "--select", "MT8")
    assert code == 0, out


BLOCK_FORMS_PACK = """\
format: 1
defaultLocale: en-US
templates:
  - code: TP_1
    name: Delivery
    channel: INBOX
    redirectUrl: /pages/orders
    parameters:
      n: {type: count}
      m: {type: select, values: [card, cash]}
    content:
      en-US:
        body: In ${n}, by ${m}.
        forms:
          n:
            one: "# minute"
            other: "# minutes"
          m:
            card: card
            cash: cash
      de:
        body: In ${n}, per ${m}.
        forms:
          n:
            one: "# Minute"
            other: "# Minuten"
"""


def test_new_form_sets_follow_a_block_style_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pack that writes its form sets as block mappings gets new ones the same way:
    a new language's sets, and a set an existing variant lacks."""
    pack = write(tmp_path / "p.yaml", BLOCK_FORMS_PACK)
    translations = {
        "de": {"TP_1.forms.m.card": "Karte", "TP_1.forms.m.cash": "bar"},
        "ru": {
            "TP_1.body": "Через ${n}, ${m}.",
            "TP_1.forms.n_one": "# минуту",
            "TP_1.forms.n_few": "# минуты",
            "TP_1.forms.n_many": "# минут",
            "TP_1.forms.n_other": "# минуты",
            "TP_1.forms.m.card": "картой",
            "TP_1.forms.m.cash": "наличными",
        },
    }
    for locale, units in translations.items():
        path = write(tmp_path / f"p.{locale}.json", json.dumps(units, ensure_ascii=False))
        code, out, err = run(capsys, "import", str(pack), str(path))
        assert (code, err) == (0, ""), out
    after = pack.read_text(encoding="utf-8")
    assert (
        '            other: "# Minuten"\n'
        "          m:\n"
        "            card: Karte\n"
        "            cash: bar\n"
    ) in after
    assert (
        "        forms:\n"
        "          n:\n"
        '            one: "# минуту"\n'
        '            few: "# минуты"\n'
        '            many: "# минут"\n'
        '            other: "# минуты"\n'
        "          m:\n"
        "            card: картой\n"
        "            cash: наличными\n"
    ) in after
    assert ": {" not in after.split("content:")[1].split("sourceHash")[0]
    variant = load_pack(pack).templates["TP_1"].content["ru"]
    assert dict(variant.forms["n"].phrases)["many"] == "# минут"


def test_a_new_language_from_po_is_written_and_exports_the_same_entry_again(
    delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = exported(delivery, "po", "ru").decode("utf-8")
    for unit, phrase in RU_BODY.items():
        if ".forms.eta_" in unit:
            continue  # the plural entry, below
        start = text.index(f'msgctxt "{unit}"\n')
        end = text.index('msgstr ""', start)
        text = text[:end] + f"msgstr {json.dumps(phrase, ensure_ascii=False)}" + text[end + 9 :]
    start = text.index('msgctxt "TP_DELIVERY_ETA.forms.eta"\n')
    plurals = 'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""\nmsgstr[3] ""'
    at = text.index(plurals, start)
    text = (
        text[:at]
        + 'msgstr[0] "# минуту"\nmsgstr[1] "# минуты"\nmsgstr[2] "# минут"\nmsgstr[3] "# минуты"'
        + text[at + len(plurals) :]
    )
    path = write(tmp_path / "delivery.ru.po", text)
    code, out, err = run(capsys, "import", str(delivery), str(path))
    assert (code, err) == (0, ""), out
    assert "9 texts updated" in out
    again = exported(delivery, "po", "ru").decode("utf-8")
    assert po_entry(again.encode(), "TP_DELIVERY_ETA.forms.eta") == po_entry(
        text.encode(), "TP_DELIVERY_ETA.forms.eta"
    )
    pack = load_pack(delivery)
    assert pack.render(
        "TP_DELIVERY_ETA", "ru", {"orderId": "A", "eta": 0, "method": "cash"}
    ).body == ("Курьер приедет через меньше минуты. Оплата наличными.")


def test_an_edited_phrase_changes_only_that_phrase(
    delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = delivery.read_text(encoding="utf-8")
    data = json.loads(exported(delivery, "json", "pl"))
    data["TP_POINTS_BALANCE.forms.points_many"] = "# punktów na koncie"
    path = write(tmp_path / "delivery.pl.json", json.dumps(data, ensure_ascii=False))
    code, out, _ = run(capsys, "import", str(delivery), str(path))
    assert code == 0, out
    assert "1 text updated" in out
    after = delivery.read_text(encoding="utf-8")
    old = 'points: {one: "# punkt", few: "# punkty", many: "# punktów", other: "# punktu"}'
    new = (
        'points: {one: "# punkt", few: "# punkty", many: "# punktów na koncie", other: "# punktu"}'
    )
    assert after == before.replace(old, new)


JSON_PACK = {
    "format": 1,
    "defaultLocale": "en-US",
    "templates": [
        {
            "code": "TP_1",
            "channel": "PUSH",
            "redirectUrl": "/pages/a",
            "parameters": {
                "n": {"type": "count", "example": 2},
                "m": {"type": "select", "values": ["yes", "a: b"], "example": "yes"},
            },
            "content": {
                "en-US": {
                    "body": "In ${n}, ${m}.",
                    "forms": {
                        "n": {"=0": "now", "one": "# day", "other": "# days"},
                        "m": {"yes": "Y", "a: b": "AB"},
                    },
                },
                "de": {"body": "In ${n}, ${m}."},
            },
        }
    ],
}


@pytest.mark.parametrize("pack_format", ["json", "yaml"])
def test_forms_are_added_to_a_variant_without_them_in_a_json_or_flow_yaml_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pack_format: str
) -> None:
    """A variant with no ``forms`` gets the entry, in the file's own style; select
    values that YAML would read as other things are quoted keys."""
    import yaml

    if pack_format == "json":
        pack = write(tmp_path / "p.json", json.dumps(JSON_PACK, indent=2, ensure_ascii=False))
    else:
        pack = write(tmp_path / "p.yaml", yaml.safe_dump(JSON_PACK, default_flow_style=None))
    translation = {
        "TP_1.forms.n_one": "# Tag",
        "TP_1.forms.n_other": "# Tage",
        "TP_1.forms.n.=0": "jetzt",
        "TP_1.forms.m.yes": "J",
        "TP_1.forms.m.a: b": "A: B",
    }
    path = write(tmp_path / "p.de.json", json.dumps(translation))
    code, out, err = run(capsys, "import", str(pack), str(path))
    assert (code, err) == (0, ""), out
    variant = load_pack(pack).templates["TP_1"].content["de"]
    assert {k: dict(v.phrases) for k, v in variant.forms.items()} == {
        "n": {"=0": "jetzt", "one": "# Tag", "other": "# Tage"},
        "m": {"yes": "J", "a: b": "A: B"},
    }
    # and the exported file is what was imported
    again = json.loads(exported(pack, "json", "de"))
    assert {k: v for k, v in again.items() if ".forms." in k} == translation


# --- refusals ---------------------------------------------------------------------------


def refused(
    capsys: pytest.CaptureFixture[str], pack: Path, path: Path, *extra: str
) -> tuple[int, str]:
    before = pack.read_bytes()
    code, out, err = run(capsys, "import", str(pack), str(path), *extra)
    assert err == ""
    assert "Traceback" not in out
    assert "internal error" not in out
    if code == 1:
        assert pack.read_bytes() == before
        assert out.strip().endswith("import refused (1 problem); the pack is unchanged") or (
            "refused" in out
        )
    return code, out


def pl_po(delivery: Path, old: str, new: str) -> str:
    text = exported(delivery, "po", "pl").decode("utf-8")
    assert old in text
    return text.replace(old, new, 1)


ETA_PL = 'msgstr[0] "# minutę"\nmsgstr[1] "# minuty"\nmsgstr[2] "# minut"\nmsgstr[3] "# minuty"'


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (
            'msgstr[0] "# minutę"\nmsgstr[1] "# minutki"\nmsgstr[2] "# minut"',
            "has 3 plural forms, but pl has 4 ([0] one, [1] few, [2] many, [3] other)",
        ),
        (
            ETA_PL.replace('"# minuty"', '"# minutki"', 1)
            + '\nmsgstr[4] "x"\nmsgstr[5] "x"\nmsgstr[6] "x"\nmsgstr[7] "x"',
            "has 8 plural forms, but pl has 4",
        ),
        (
            ETA_PL.replace('msgstr[2] "# minut"', 'msgstr[2] ""').replace(
                '"# minuty"', '"# minutki"', 1
            ),
            "lacks the plural category many of pl (many: 0, 5, 6, 7…); every form must be "
            "translated",
        ),
        (
            ETA_PL.replace('"# minuty"', '"# ${eta} minuty"', 1),
            "'${eta}' in a phrase is not filled in: phrases are plain text",
        ),
        (
            ETA_PL.replace('"# minuty"', '"# minuty\\a"', 1),
            "holds a control character U+0007",
        ),
        (
            ETA_PL.replace('"# minuty"', '"# min\u202euty"', 1),
            "holds a bidirectional control U+202E",
        ),
    ],
    ids=["too-few", "msgstr-7", "missing-many", "placeholder", "bell", "bidi"],
)
def test_bad_plural_entries_are_refused_at_their_line_and_the_pack_is_unchanged(
    delivery: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    new: str,
    message: str,
) -> None:
    text = pl_po(delivery, ETA_PL, new)
    path = write(tmp_path / "d.pl.po", text)
    code, out = refused(capsys, delivery, path)
    assert code == 1, out
    assert message in out
    assert re.search(r"d\.pl\.po:\d+:1: refused: TP_DELIVERY_ETA\.forms\.eta", out), out
    assert len(out.strip().splitlines()) == 2, out


def test_a_refusal_points_at_the_msgstr_line_at_fault(
    delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = pl_po(delivery, ETA_PL, ETA_PL.replace('"# minut"', '"# min\\x1but"'))
    path = write(tmp_path / "d.pl.po", text)
    code, out = refused(capsys, delivery, path)
    assert code == 1
    line = line_of(text, 'msgstr[2] "# min')
    assert out.startswith(
        f"{path}:{line}:1: refused: TP_DELIVERY_ETA.forms.eta.many: holds a control "
        "character U+001B ESCAPE"
    ), out


def test_msgstr_out_of_order_is_a_po_syntax_error(
    delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = pl_po(delivery, ETA_PL, ETA_PL + '\nmsgstr[7] "x"')
    path = write(tmp_path / "d.pl.po", text)
    code, out, err = run(capsys, "import", str(delivery), str(path))
    line = line_of(text, "msgstr[7]")
    assert (code, out) == (2, "")
    assert err == (
        f"msgtemplate: {path}:{line}:1: invalid PO: msgstr[7] out of order: expected msgstr[4]\n"
    )


def test_a_plural_entry_for_a_select_or_a_body_is_refused(
    delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = pl_po(
        delivery,
        'msgctxt "TP_DELIVERY_ETA.forms.method.card"\nmsgid "by card (already paid)"\n'
        'msgstr "kartą (już opłacone)"',
        'msgctxt "TP_DELIVERY_ETA.forms.method"\nmsgid "by card (already paid)"\n'
        'msgid_plural "by card"\nmsgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\nmsgstr[3] "d"\n\n'
        'msgctxt "TP_POINTS_BALANCE.body"\nmsgid "x"\nmsgid_plural "y"\nmsgstr[0] "a"\n'
        'msgstr[1] "b"\nmsgstr[2] "c"\nmsgstr[3] "d"',
    )
    path = write(tmp_path / "d.pl.po", text)
    code, out = refused(capsys, delivery, path)
    assert code == 1
    at = line_of(text, 'msgctxt "TP_DELIVERY_ETA.forms.method"')
    assert (
        f"{path}:{at}:1: refused: "
        "TP_DELIVERY_ETA.forms.method: method is a select parameter, not a count: its phrases "
        "are plain units, one per value (TP_DELIVERY_ETA.forms.method.card, "
        "TP_DELIVERY_ETA.forms.method.cash)"
    ) in out
    assert "TP_POINTS_BALANCE.body: a plural entry (msgid_plural) for a body" in out


@pytest.mark.parametrize(
    ("key", "value", "message", "code"),
    [
        (
            "TP_DELIVERY_ETA.forms.eta_fewx",
            "# x",
            "unknown plural category 'fewx' of eta: a key is a CLDR category (zero, one, two, "
            "few, many, other) or an exact value such as '=0'; did you mean 'few'?",
            1,
        ),
        (
            "TP_DELIVERY_ETA.forms.method.carf",
            "x",
            "'carf' is no value of method: did you mean 'card'?",
            1,
        ),
        ("TP_DELIVERY_ETA.forms.eta_many", "# min\u001but", "holds a control character U+001B", 1),
        ("TP_DELIVERY_ETA.forms.method.card", "${orderId}", "'${orderId}' in a phrase", 1),
        ("TP_DELIVERY_ETA.forms.eta", "x", "eta is a count: its phrases are one plural entry", 1),
    ],
    ids=["fewx", "select-typo", "escape", "placeholder", "bare-count"],
)
def test_bad_json_form_units_are_refused_in_one_line(
    delivery: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    key: str,
    value: str,
    message: str,
    code: int,
) -> None:
    data = json.loads(exported(delivery, "json", "pl"))
    data["TP_DELIVERY_ETA.forms.eta_few"] = "# minutki"
    data[key] = value
    text = json.dumps(data, ensure_ascii=False, indent=2)
    path = write(tmp_path / "delivery.pl.json", text)
    got, out = refused(capsys, delivery, path)
    assert got == code, out
    assert message in out
    line = line_of(text, json.dumps(key))
    assert re.search(rf"delivery\.pl\.json:{line}:\d+: refused: ", out), out


def test_a_missing_category_in_json_is_refused_naming_it_with_samples(
    delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(exported(delivery, "json", "pl"))
    del data["TP_DELIVERY_ETA.forms.eta_many"]
    data["TP_DELIVERY_ETA.forms.eta_few"] = "# minutki"
    path = write(tmp_path / "delivery.pl.json", json.dumps(data, ensure_ascii=False, indent=2))
    code, out = refused(capsys, delivery, path)
    assert code == 1
    assert "lacks the plural category many of pl (many: 0, 5, 6, 7…)" in out


def test_a_category_the_language_never_uses_is_a_warning_and_left_out(
    delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(exported(delivery, "json", "fr"))
    data["TP_DELIVERY_ETA.forms.eta_few"] = "# minutes (few)"
    data["TP_DELIVERY_ETA.forms.eta_other"] = "# minutes !"
    path = write(tmp_path / "delivery.fr.json", json.dumps(data, ensure_ascii=False, indent=2))
    code, out = refused(capsys, delivery, path)
    assert code == 0, out
    assert "warning: TP_DELIVERY_ETA.forms.eta_few: fr never uses the plural category 'few'" in out
    text = delivery.read_text(encoding="utf-8")
    assert "# minutes (few)" not in text
    assert 'other: "# minutes !"' in text
    shutil.copyfile(DELIVERY, delivery)
    code, out = refused(capsys, delivery, path, "--strict")
    assert code == 1
    assert "refused: TP_DELIVERY_ETA.forms.eta_few: fr never uses" in out


def test_forms_of_a_template_the_language_lacks_need_its_body(
    delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = {k: v for k, v in RU_BODY.items() if ".forms." in k}
    path = write(tmp_path / "delivery.ru.json", json.dumps(data, ensure_ascii=False))
    before = delivery.read_bytes()
    code, out, _ = run(capsys, "import", str(delivery), str(path))
    assert code == 0
    assert "skipped: TP_DELIVERY_ETA.forms.eta_one: no body translation for 'ru'" in out
    assert delivery.read_bytes() == before


def test_a_new_body_without_its_forms_is_refused_by_lint_naming_the_keys(
    delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = {k: v for k, v in RU_BODY.items() if "method" not in k}
    path = write(tmp_path / "delivery.ru.json", json.dumps(data, ensure_ascii=False))
    code, out = refused(capsys, delivery, path)
    assert code == 1
    assert "has no forms entry for it" in out
    assert "MT801" in out


# --- XLIFF 1.2: gettext plural groups; XLIFF 2.0: a unit per category ---------------------

NS1 = "{urn:oasis:names:tc:xliff:document:1.2}"
NS2 = "{urn:oasis:names:tc:xliff:document:2.0}"


def test_xliff_12_writes_a_count_as_a_gettext_plural_group(delivery: Path) -> None:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(exported(delivery, "xliff", "pl"))
    group = root.find(f".//{NS1}group[@id='TP_DELIVERY_ETA.forms.eta']")
    assert group is not None
    assert group.get("restype") == "x-gettext-plurals"
    units = group.findall(f"{NS1}trans-unit")
    assert [u.get("id") for u in units] == [f"TP_DELIVERY_ETA.forms.eta[{i}]" for i in range(4)]
    assert [u.findtext(f"{NS1}source") for u in units] == ["# minute"] + ["# minutes"] * 3
    assert [u.findtext(f"{NS1}target") for u in units] == [
        "# minutę",
        "# minuty",
        "# minut",
        "# minuty",
    ]
    assert units[1].findtext(f"{NS1}note") == "Plural form [1] few: pl numbers such as 2, 3, 4, 22…"
    plain = root.find(f".//{NS1}trans-unit[@id='TP_DELIVERY_ETA.forms.method.card']")
    assert plain is not None
    assert plain.findtext(f"{NS1}target") == "kartą (już opłacone)"


def test_translate_toolkit_reads_the_group_as_one_plural_unit_and_its_edits_import(
    delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from translate.misc.multistring import multistring
    from translate.storage import poxliff

    store = poxliff.PoXliffFile(exported(delivery, "xliff", "pl"))
    plural = [u for u in store.units if u.hasplural()]
    assert [u.getid().rpartition("TP_")[2] for u in plural] == [
        "DELIVERY_ETA.forms.eta",
        "POINTS_BALANCE.forms.earned",
        "POINTS_BALANCE.forms.points",
    ]
    eta = plural[0]
    assert eta.source.strings == ["# minute", "# minutes", "# minutes", "# minutes"]
    assert eta.target.strings == ["# minutę", "# minuty", "# minut", "# minuty"]
    eta.target = multistring(["# minutę", "# minutki", "# minut", "# minuty"])
    path = write(tmp_path / "d.pl.xlf", bytes(store))
    code, out, err = run(capsys, "import", str(delivery), str(path))
    assert (code, err) == (0, ""), out
    assert "1 text updated" in out
    phrases = load_pack(delivery).templates["TP_DELIVERY_ETA"].content["pl"].forms["eta"].phrases
    assert phrases["few"] == "# minutki"


def test_xliff_20_has_a_unit_per_category_that_translate_toolkit_reads(delivery: Path) -> None:
    import xml.etree.ElementTree as ET

    from translate.storage import xliff2

    data = exported(delivery, "xliff2", "ar")
    store = xliff2.Xliff2File.parsestring(data)
    ids = [u.getid() for u in store.units][2:9]
    assert ids == [
        *(f"TP_DELIVERY_ETA.forms.eta.{c}" for c in ("zero", "one", "two", "few", "many", "other")),
        "u9",  # "=" is no XML name character: the id is numbered, name= holds the unit id
    ]
    root = ET.fromstring(data)
    unit = root.find(f".//{NS2}unit[@name='TP_DELIVERY_ETA.forms.eta.=0']")
    assert unit is not None
    two = root.find(f".//{NS2}unit[@id='TP_DELIVERY_ETA.forms.eta.two']")
    assert two is not None
    assert two.findtext(f"{NS2}segment/{NS2}source") == "# minutes"  # English has no two
    assert two.findtext(f"{NS2}segment/{NS2}target") == "دقيقتين"
    notes = [n.text for n in two.iter(f"{NS2}note")]
    assert notes[0] == (
        "Courier on the way (TP_DELIVERY_ETA), PUSH message: the two form of ${eta}, "
        "for ar numbers such as 2, 2.0, 2.00."
    )


def test_a_new_language_from_xliff_20_gets_its_forms(
    delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from translate.storage import xliff2

    store = xliff2.Xliff2File.parsestring(exported(delivery, "xliff2", "ru"))
    by_id = {**RU_BODY}
    for key, value in list(by_id.items()):
        by_id[key.replace(".forms.eta_", ".forms.eta.")] = value
    for unit in store.units:
        ident = unit.getid() if not unit.getid().startswith("u") else "TP_DELIVERY_ETA.forms.eta.=0"
        if ident in by_id:
            unit.target = by_id[ident]
            unit.markfuzzy(False)  # what a translator's "save as translated" does
    path = write(tmp_path / "d.ru.xlf", bytes(store))
    code, out, err = run(capsys, "import", str(delivery), str(path))
    assert (code, err) == (0, ""), out
    assert "9 texts updated" in out
    pack = load_pack(delivery)
    rendered = pack.render("TP_DELIVERY_ETA", "ru", {"orderId": "A", "eta": 22, "method": "cash"})
    assert rendered.body == "Курьер приедет через 22 минуты. Оплата наличными."


def xliff_pl(delivery: Path, fmt: str, old: str, new: str) -> str:
    text = exported(delivery, fmt, "pl").decode("utf-8")
    assert old in text, text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("fmt", "old", "new", "message"),
    [
        (
            "xliff",
            '<target state="translated"># minuty</target>',
            '<target state="translated"># minuty ${eta}</target>',
            "'${eta}' in a phrase is not filled in",
        ),
        (
            "xliff",
            '<target state="translated"># minut</target>',
            '<target state="translated"># minut</target></trans-unit>'
            '<trans-unit id="TP_DELIVERY_ETA.forms.eta[4]"><source>x</source>'
            '<target state="translated">y</target>',
            "has 5 plural forms, but pl has 4",
        ),
        (
            "xliff2",
            'name="TP_DELIVERY_ETA.forms.eta.few"',
            'name="TP_DELIVERY_ETA.forms.eta.fewx"',
            "unknown plural category 'fewx' of eta",
        ),
    ],
    ids=["placeholder", "five-forms", "fewx"],
)
def test_bad_xliff_forms_are_refused_in_one_line(
    delivery: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
    old: str,
    new: str,
    message: str,
) -> None:
    text = xliff_pl(delivery, fmt, old, new)
    text = text.replace("# minutę<", "# minutkę<", 1)  # something to write
    path = write(tmp_path / "d.pl.xlf", text)
    code, out = refused(capsys, delivery, path)
    assert code == 1, out
    assert message in out
    assert re.search(r"d\.pl\.xlf:\d+:\d+: refused: TP_DELIVERY_ETA\.forms\.eta", out), out


# --- properties over generated packs with forms -----------------------------------------

_PHRASE_BITS = [
    "#",
    "##",
    " ",
    "min",
    "é",
    "中文",
    "😀",
    "שלום",
    "'",
    '"',
    ": ",
    " #",
    "{",
    "}",
    "[",
    ",",
    "\\",
    "%s",
    "null",
    "yes",
    "1.5",
    "&amp;",
    "<b>",
    "]]>",
    "$$",
    "$",
]
_PHRASE = (
    st.lists(st.sampled_from(_PHRASE_BITS), min_size=1, max_size=5)
    .map("".join)
    .filter(lambda t: bool(t.strip()) and "${" not in t)
)
_VALUES = ["card", "yes", "a: b", "1", "null", "x y", "=5"]
_TARGETS = ["fr", "pl", "ar", "ja", "cy"]


@st.composite
def forms_packs(draw: st.DrawFn) -> tuple[str, str]:
    """A generated pack with count and select forms, as text in one of many YAML or
    JSON styles, and its suffix."""
    values = draw(st.lists(st.sampled_from(_VALUES), unique=True, min_size=1, max_size=3))
    templates = []
    for index in range(draw(st.integers(1, 2))):
        content: dict[str, object] = {}
        for locale in ["en", *draw(st.lists(st.sampled_from(_TARGETS), unique=True, max_size=2))]:
            count = {c: draw(_PHRASE) for c in plural_categories(locale)}
            if draw(st.booleans()):
                count = {"=0": draw(_PHRASE), **count}
            forms = {"n": count, "m": {v: draw(_PHRASE) for v in values}}
            content[locale] = {"body": "In ${n}: ${m}.", "forms": forms}
        templates.append(
            {
                "code": f"T_{index}",
                "channel": "SMS",
                "parameters": {
                    "n": {"type": "count", "example": 2},
                    "m": {"type": "select", "values": list(values), "example": values[0]},
                },
                "content": content,
            }
        )
    data = {"format": 1, "defaultLocale": "en", "templates": templates}
    if draw(st.booleans()):
        indent = draw(st.sampled_from([None, 2, "\t"]))
        return json.dumps(data, indent=indent, ensure_ascii=draw(st.booleans())), ".json"
    import yaml

    text = yaml.safe_dump(
        data,
        default_style=draw(st.sampled_from([None, '"', "'"])),
        default_flow_style=draw(st.sampled_from([False, None, True])),
        allow_unicode=draw(st.booleans()),
        width=draw(st.sampled_from([20, 80, 4096])),
        sort_keys=False,
    )
    return text, ".yaml"


def _forms_of(pack_path: Path) -> dict[tuple[str, str], dict[str, dict[str, str]]]:
    pack = load_pack(pack_path)
    return {
        (code, key): {name: dict(forms.phrases) for name, forms in variant.forms.items()}
        for code, template in pack.templates.items()
        for key, variant in template.content.items()
    }


_FORMATS = ["po", "xliff", "xliff2", "json"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(forms_packs(), st.sampled_from(_FORMATS), st.data())
def test_forms_round_trip_and_edits_land_exactly_in_every_format_and_style(
    tmp_path_factory: pytest.TempPathFactory,
    case: tuple[str, str],
    fmt: str,
    data: st.DataObject,
) -> None:
    """Export then import unchanged leaves the pack byte-identical; importing new
    phrases for a language writes exactly them (a new variant gets its forms), the
    pack reads them back, and exporting again and importing that changes nothing."""
    tmp = tmp_path_factory.mktemp("forms")
    text, suffix = case
    path = tmp / f"pack{suffix}"
    path.write_text(text, encoding="utf-8")
    pack = load_pack(path)
    before = path.read_bytes()
    files = []
    for file in export_pack(pack, fmt):  # type: ignore[arg-type]
        (tmp / file.name).write_bytes(file.data)
        files.append(str(tmp / file.name))
    result = plan_import(pack, files)
    assert not result.refused, [str(n) for n in result.notes]
    assert result.changes == []
    assert path.read_bytes() == before

    locale = data.draw(st.sampled_from(_TARGETS))
    wanted = _forms_of(path)
    edits: dict[str, str] = {}
    for code, template in pack.templates.items():
        key = locale if locale in template.content else None
        if key is None:
            edits[f"{code}.body"] = "${m}, ${n}!"
            wanted[(code, locale)] = {"n": {}, "m": {}}
        for category in plural_categories(locale):
            phrase = data.draw(_PHRASE)
            edits[f"{code}.forms.n_{category}"] = phrase
            wanted[(code, locale)]["n"][category] = phrase
        spec = template.parameters["m"]
        for value in spec.values or ():
            phrase = data.draw(_PHRASE)
            edits[f"{code}.forms.m.{value}"] = phrase
            wanted[(code, locale)]["m"][value] = phrase
    translation = tmp / f"pack.{locale}.json"
    translation.write_text(json.dumps(edits), encoding="utf-8")
    result = plan_import(pack, [str(translation)])
    assert not result.refused, [str(n) for n in result.notes]
    from msgtemplate.translate.importer import write_import

    write_import(result)
    assert _forms_of(path) == wanted
    after = load_pack(path)
    before = path.read_bytes()
    files = []
    for file in export_pack(after, fmt):  # type: ignore[arg-type]
        (tmp / file.name).write_bytes(file.data)
        files.append(str(tmp / file.name))
    again = plan_import(after, files)
    assert not again.refused, [str(n) for n in again.notes]
    assert again.changes == []
    assert path.read_bytes() == before


def test_two_files_giving_one_phrase_are_refused_not_a_crash(
    delivery: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A PO plural entry and i18next keys for the same Polish forms, in two files."""
    data = {"TP_DELIVERY_ETA.forms.eta_few": "# minutki"}
    first = write(tmp_path / "a.pl.json", json.dumps(data))
    second = write(
        tmp_path / "b.pl.po",
        pl_po(delivery, ETA_PL, ETA_PL.replace('"# minuty"', '"# minutkii"', 1)),
    )
    code, out = refused(capsys, delivery, first, str(second))
    assert code == 1, out
    assert (
        f"{second}:{line_of(second.read_text(encoding='utf-8'), 'msgstr[1] ')}:1: refused: "
        "TP_DELIVERY_ETA.forms.eta.few: the 'few' phrase of eta is given twice "
        f"(first at {first}:1)"
    ) in out
