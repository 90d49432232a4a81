"""`msgtemplate import`: checked translations, surgical write-back, refusals that leave
the pack byte-for-byte unchanged, staleness, every format back in."""

from __future__ import annotations

import difflib
import json
import os
import shutil
from pathlib import Path

import pytest

from msgtemplate.cli import main
from msgtemplate.pack import load_pack
from msgtemplate.pack.staleness import source_hash, stale_fields
from msgtemplate.translate import export_pack
from msgtemplate.translate.importer import plan_import, write_import
from msgtemplate.translate.units import ExchangeError

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
STALE = ROOT / "tests" / "data" / "exchange" / "stale.yaml"

STYLED = """\
# A pack written by hand: comments, blank lines and every quoting style.
format: 1
defaultLocale: en-US

templates:
  # The first template.
  - code: TP_ORDER_PAID   # trailing comment
    name: Order paid
    channel: INBOX
    redirectUrl: /pages/orders/detail?id=${orderId}
    parameters:
      orderId: {type: string, maxLength: 20, example: A-1029}
      amount: {type: currency, currency: USD, example: 12.5}
    content:
      en-US:
        title: 'Payment received'
        body: |-
          We received ${amount} for order ${orderId}.
          Thank you!

      fr:   # French
        title: "Paiement reçu"
        body: Nous avons reçu ${amount} pour la commande ${orderId}.  # keep
      de: {body: "Wir haben ${amount} für ${orderId} erhalten."}

  - code: TP_SHIPPED
    channel: SMS
    parameters: {orderId: {type: string, maxLength: 20}}
    content:
      en-US: {title: Shipped, body: "Order ${orderId} shipped."}
      fr: {body: "Commande ${orderId} expédiée."}
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["import", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def export(pack: Path, fmt: str, locale: str, target: Path) -> Path:
    data = next(f.data for f in export_pack(load_pack(pack), fmt, [locale]))  # type: ignore[arg-type]
    target.write_bytes(data)
    return target


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines removed and lines added, in order."""
    removed: list[str] = []
    added: list[str] = []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


@pytest.fixture
def styled(tmp_path: Path) -> Path:
    path = tmp_path / "styled.yaml"
    path.write_text(STYLED, encoding="utf-8")
    return path


# --- the round trip ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["po", "xliff", "xliff2", "json"])
@pytest.mark.parametrize("name", ["shop.yaml", "booking.yaml"])
def test_export_then_import_without_edits_leaves_the_samples_byte_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, name: str
) -> None:
    pack = tmp_path / name
    shutil.copy(SAMPLES / name, pack)
    before = pack.read_bytes()
    files = export_pack(load_pack(pack), fmt)  # type: ignore[arg-type]
    paths = []
    for exported in files:
        (tmp_path / exported.name).write_bytes(exported.data)
        paths.append(str(tmp_path / exported.name))
    code, out, err = run(capsys, str(pack), *paths)
    assert (code, err) == (0, "")
    assert pack.read_bytes() == before
    assert "0 texts updated" in out
    assert "nothing to write" in out


def test_only_the_changed_scalars_change(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = export(styled, "po", "fr", tmp_path / "fr.po")
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgstr "Paiement reçu"', 'msgstr "Paiement bien reçu"')
    text = text.replace(
        'msgstr "Nous avons reçu ${amount} pour la commande ${orderId}."',
        'msgstr "Nous avons bien reçu ${amount} (commande ${orderId}) : merci !"',
    )
    text = text.replace(
        'msgstr "Commande ${orderId} expédiée."', 'msgstr "Commande ${orderId} partie."'
    )
    text = text.replace(
        'msgctxt "TP_SHIPPED.title"\nmsgid "Shipped"\nmsgstr ""',
        'msgctxt "TP_SHIPPED.title"\nmsgid "Shipped"\nmsgstr "Expédiée"',
    )
    po.write_text(text, encoding="utf-8")
    before = styled.read_text(encoding="utf-8")
    code, out, _ = run(capsys, str(styled), str(po))
    assert code == 0, out
    after = styled.read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    hash_body = source_hash("We received ${amount} for order ${orderId}.\nThank you!")
    assert removed == [
        '        title: "Paiement reçu"',
        "        body: Nous avons reçu ${amount} pour la commande ${orderId}.  # keep",
        '      fr: {body: "Commande ${orderId} expédiée."}',
    ]
    assert added == [
        '        title: "Paiement bien reçu"',
        '        body: "Nous avons bien reçu ${amount} (commande ${orderId}) : merci !"  # keep',
        f"        sourceHash: {{title: {source_hash('Payment received')}, body: {hash_body}}}",
        '      fr: {title: Expédiée, body: "Commande ${orderId} partie.", sourceHash: '
        f"{{title: {source_hash('Shipped')}, body: {source_hash('Order ${orderId} shipped.')}}}}}",
    ]
    pack = load_pack(styled)
    assert pack.template("TP_SHIPPED").content["fr"].title is not None
    assert (
        stale_fields(pack.template("TP_ORDER_PAID"), pack.template("TP_ORDER_PAID").content["fr"])
        == ()
    )


def test_a_new_locale_gets_new_blocks_in_the_style_around_them(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = {
        "TP_ORDER_PAID.title": "Pagamento ricevuto",
        "TP_ORDER_PAID.body": "Abbiamo ricevuto ${amount} per l'ordine ${orderId}.",
        "TP_SHIPPED.title": "Spedito",
    }
    path = tmp_path / "styled.it.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = styled.read_text(encoding="utf-8")
    code, out, _ = run(capsys, str(styled), str(path))
    assert code == 0
    assert "TP_SHIPPED.title: no body translation for 'it'" in out
    after = styled.read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    assert removed == []
    h_title, h_body = (
        source_hash("Payment received"),
        source_hash("We received ${amount} for order ${orderId}.\nThank you!"),
    )
    assert added == [
        "      it:",
        "        title: Pagamento ricevuto",
        "        body: Abbiamo ricevuto ${amount} per l'ordine ${orderId}.",
        f"        sourceHash: {{title: {h_title}, body: {h_body}}}",
    ]
    # inserted after the de variant, before the blank line that ends the template
    lines = after.splitlines()
    index = lines.index("      it:")
    assert lines[index - 1].startswith("      de: {")
    assert lines[index + 4] == ""


def test_crlf_and_bom_are_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + STYLED.replace("\n", "\r\n").encode("utf-8"))
    data = {"TP_ORDER_PAID.body": "Nous avons reçu ${amount}, commande ${orderId}."}
    source = tmp_path / "crlf.fr.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, str(path), str(source))
    assert code == 0, out
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert "Nous avons reçu ${amount}, commande ${orderId}." in raw.decode("utf-8-sig")


def test_a_json_pack_is_edited_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = {
        "format": 1,
        "defaultLocale": "en",
        "templates": [
            {
                "code": "T",
                "channel": "SMS",
                "parameters": {"who": {"type": "string"}},
                "content": {
                    "en": {"title": "Hi", "body": "Hello ${who}"},
                    "fr": {"body": "Salut ${who}"},
                },
            }
        ],
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(pack, indent=4, ensure_ascii=False) + "\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    xlf = tmp_path / "p.fr.xlf"
    xlf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">\n'
        '<file original="p" source-language="en" target-language="fr" datatype="plaintext">'
        "<body>\n"
        '<trans-unit id="T.title"><source>Hi</source><target state="translated">Coucou</target>'
        "</trans-unit>\n"
        '<trans-unit id="T.body"><source>Hello <x id="1" equiv-text="${who}"/></source>'
        '<target state="final">Bonjour <x id="1"/> !</target></trans-unit>\n'
        "</body></file></xliff>\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, str(path), str(xlf))
    assert code == 0, out
    after = path.read_text(encoding="utf-8")
    assert json.loads(after)["templates"][0]["content"]["fr"] == {
        "title": "Coucou",
        "body": "Bonjour ${who} !",
        "sourceHash": {"title": source_hash("Hi"), "body": source_hash("Hello ${who}")},
    }
    removed, added = changed_lines(before, after)
    assert removed == ['                    "body": "Salut ${who}"']
    assert added[0] == '                    "title": "Coucou",'
    assert added[1].startswith('                    "body": "Bonjour ${who} !",')


# --- refusals ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("translation", "message"),
    [
        ("Nous avons reçu ${amount}.", "TP_ORDER_PAID.body: drops ${orderId}"),
        ("Reçu ${amount} ${orderId} ${amout}", "adds ${amout}: did you mean ${amount}?"),
        ("Reçu ${amount} pour ${orderId", "unclosed placeholder"),
        ("Reçu ${amount}\u202e pour ${orderId}", "bidirectional control U+202E"),
    ],
)
def test_a_refusal_points_at_the_file_line_and_leaves_the_pack_unchanged(
    styled: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    translation: str,
    message: str,
) -> None:
    po = export(styled, "po", "fr", tmp_path / "fr.po")
    old = 'msgstr "Nous avons reçu ${amount} pour la commande ${orderId}."'
    new = f"msgstr {json.dumps(translation, ensure_ascii=False)}"
    po.write_text(po.read_text("utf-8").replace(old, new), "utf-8")
    before = styled.read_bytes()
    stamp = os.stat(styled).st_mtime_ns
    code, out, _ = run(capsys, str(styled), str(po))
    assert code == 1
    line = line_of(po, new)
    assert f"{po}:{line}:1: refused: " in out
    assert message in out
    assert out.endswith("import refused (1 problem); the pack is unchanged\n")
    assert styled.read_bytes() == before
    assert os.stat(styled).st_mtime_ns == stamp


def test_the_linter_runs_over_the_changed_texts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "hello.yaml"
    pack.write_text(
        "format: 1\ndefaultLocale: en\ntemplates:\n  - code: T\n    channel: SMS\n"
        "    content:\n      en: {title: Hi, body: Hello}\n      fr: {body: Bonjour}\n",
        encoding="utf-8",
    )
    before = pack.read_bytes()
    path = tmp_path / "hello.fr.json"
    path.write_text('{"T.title": "Salut %s", "T.body": "   "}', encoding="utf-8")
    code, out, _ = run(capsys, str(pack), str(path))
    assert code == 1
    assert pack.read_bytes() == before
    assert out.splitlines() == [
        f"{path}:1:13: warning: T.title: fr title: '%s' is not a placeholder here; name the slot "
        "and write it as ${name} (MT601 near-miss-placeholder)",
        f"{path}:1:35: refused: T.body: body is empty (MT302 empty-body)",
        f"{pack}: import refused (1 problem); the pack is unchanged",
    ]


def test_every_refusal_is_reported_in_one_run(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "styled.fr.json"
    path.write_text(
        '{\n  "TP_ORDER_PAID.body": "${amount}",\n  "TP_ORDER_PAID.bdy": "x",\n'
        '  "TP_SHIPPED.body": "${orderId}",\n  "TP_SHIPPED.body": "${orderId}!"\n}\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, str(styled), str(path))
    assert code == 1
    assert out.splitlines() == [
        f"{path}:2:25: refused: TP_ORDER_PAID.body: drops ${{orderId}}",
        f"{path}:3:3: refused: TP_ORDER_PAID.bdy: unknown unit; did you mean 'TP_ORDER_PAID.body'?",
        f"{path}:5:3: refused: TP_SHIPPED.body: appears twice (first at line 4)",
        f"{styled}: import refused (3 problems); the pack is unchanged",
    ]


def test_dry_run_reports_and_writes_nothing(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "styled.fr.json"
    path.write_text('{"TP_SHIPPED.body": "Colis ${orderId} parti."}', encoding="utf-8")
    before = styled.read_bytes()
    code, out, _ = run(capsys, str(styled), str(path), "--dry-run", "--format", "json")
    assert code == 0
    assert styled.read_bytes() == before
    report = json.loads(out)
    assert (report["written"], report["dryRun"], report["refused"]) == (False, True, False)
    assert report["changes"] == [
        {
            "unit": "TP_SHIPPED.body",
            "locale": "fr",
            "old": "Commande ${orderId} expédiée.",
            "new": "Colis ${orderId} parti.",
            "sourceHash": source_hash("Order ${orderId} shipped."),
            "file": str(path),
            "line": 1,
        }
    ]


def test_empty_and_fuzzy_translations_are_skipped_and_reported(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = export(styled, "po", "it", tmp_path / "it.po")
    text = po.read_text("utf-8").replace(
        'msgid "Shipped"\nmsgstr ""', 'msgid "Shipped"\nmsgstr "Spedito"'
    )
    text = text.replace('msgctxt "TP_SHIPPED.title"', '#, fuzzy\nmsgctxt "TP_SHIPPED.title"')
    po.write_text(text, "utf-8")
    before = styled.read_bytes()
    code, out, _ = run(capsys, str(styled), str(po))
    assert code == 0
    assert styled.read_bytes() == before
    assert "skipped: TP_SHIPPED.title: marked fuzzy / needs review" in out
    assert out.count("skipped: ") == 4
    assert out.count(": untranslated") == 3
    assert "0 texts updated, 4 skipped, 0 unchanged (it); nothing to write" in out


def test_invisible_characters_are_a_warning_and_written_as_escapes(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "styled.fr.json"
    path.write_text('{"TP_SHIPPED.body": "Colis\\u200b ${orderId} parti."}', encoding="utf-8")
    code, out, _ = run(capsys, str(styled), str(path))
    assert code == 0
    assert "warning: TP_SHIPPED.body: holds a invisible character U+200B" in out.replace(
        "holds an", "holds a"
    )
    assert 'body: "Colis\\u200b ${orderId} parti."' in styled.read_text("utf-8")


# --- staleness -----------------------------------------------------------------------


def test_a_stale_translation_is_confirmed_or_updated_through_po(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "stale.yaml"
    shutil.copy(STALE, pack)
    po = export(pack, "po", "fr", tmp_path / "fr.po")
    text = po.read_text("utf-8")
    assert text.count("#, fuzzy") == 1
    # Unedited: the fuzzy unit is skipped, nothing changes.
    before = pack.read_bytes()
    assert run(capsys, str(pack), str(po))[0] == 0
    assert pack.read_bytes() == before
    # The translator updates the text and clears the mark.
    po.write_text(
        text.replace("#, fuzzy, ", "#, ").replace(
            'msgstr "Nous avons reçu ${amount} pour la commande ${orderId}."',
            'msgstr "Nous avons reçu ${amount} pour la commande ${orderId}. Merci !"',
        ),
        "utf-8",
    )
    code, out, _ = run(capsys, str(pack), str(po))
    assert code == 0, out
    loaded = load_pack(pack)
    template = loaded.template("TP_ORDER_PAID")
    assert stale_fields(template, template.content["fr"]) == ()
    refreshed = export(pack, "po", "fr", tmp_path / "again.po").read_text("utf-8")
    assert "#, fuzzy" not in refreshed


def test_a_stale_translation_confirmed_unchanged_only_moves_its_hash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "stale.yaml"
    shutil.copy(STALE, pack)
    po = export(pack, "xliff", "fr", tmp_path / "fr.xlf")
    po.write_text(
        po.read_text("utf-8").replace('state="needs-review-translation"', 'state="translated"'),
        "utf-8",
    )
    before = pack.read_text("utf-8")
    code, out, _ = run(capsys, str(pack), str(po))
    assert code == 0, out
    assert "1 confirmed up to date" in out
    removed, added = changed_lines(before, pack.read_text("utf-8"))
    current = source_hash("We received ${amount} for order ${orderId}. Thank you!")
    assert removed == ["        sourceHash: {title: 2fef7951, body: 00000000}"]
    assert added == [f"        sourceHash: {{title: 2fef7951, body: {current}}}"]


def test_a_translation_of_an_older_source_never_overwrites_a_current_one(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = export(styled, "po", "fr", tmp_path / "fr.po")
    text = po.read_text("utf-8")
    # First bring fr up to date (records hashes), then import a file made from an
    # older English text.
    fresh = text.replace(
        'msgstr "Commande ${orderId} expédiée."', 'msgstr "Colis ${orderId} parti."'
    )
    po.write_text(fresh, "utf-8")
    assert run(capsys, str(styled), str(po))[0] == 0
    old = fresh.replace(
        'msgid "Order ${orderId} shipped."', 'msgid "Your order ${orderId} shipped."'
    )
    old = old.replace(
        'msgstr "Colis ${orderId} parti."', 'msgstr "Votre colis ${orderId} est parti."'
    )
    po.write_text(old, "utf-8")
    before = styled.read_bytes()
    code, out, _ = run(capsys, str(styled), str(po))
    assert code == 0
    assert styled.read_bytes() == before
    assert "the pack's translation matches the pack's source and is kept" in out
    assert "older source" not in out


def test_a_translation_of_a_newer_source_is_not_called_older(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The translator's file comes from a branch where the English text moved on.
    po = export(styled, "po", "it", tmp_path / "it.po")
    text = po.read_text("utf-8").replace(
        'msgid "Order ${orderId} shipped."\nmsgstr ""',
        'msgid "Order ${orderId} shipped today."\nmsgstr "Ordine ${orderId} spedito oggi."',
    )
    po.write_text(text, "utf-8")
    code, out, _ = run(capsys, str(styled), str(po))
    assert code == 0, out
    assert "older" not in out.replace(str(tmp_path), "")
    assert "another source text than the pack's" in out


def test_a_refused_import_never_says_written(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = export(styled, "po", "it", tmp_path / "it.po")
    text = po.read_text("utf-8").replace(
        'msgid "Order ${orderId} shipped."\nmsgstr ""',
        'msgid "Your order ${orderId} shipped."\nmsgstr "Ordine ${orderId} spedito."',
    )
    po.write_text(text + '\nmsgctxt "TP_NOPE"\nmsgid "x"\nmsgstr "y"\n', "utf-8")
    before = styled.read_bytes()
    code, out, _ = run(capsys, str(styled), str(po))
    assert code == 1
    assert styled.read_bytes() == before
    assert "written" not in out.replace("nothing written", "")


def test_leading_and_trailing_line_breaks_follow_msgfmt(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "styled.fr.json"
    path.write_text('{"TP_SHIPPED.body": "Colis ${orderId} parti.\\n"}', encoding="utf-8")
    before = styled.read_bytes()
    code, out, _ = run(capsys, str(styled), str(path))
    assert code == 1
    assert styled.read_bytes() == before
    assert "the translation ends with a line break and the source does not" in out


def test_a_translation_of_an_older_source_is_written_as_stale(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = export(styled, "po", "it", tmp_path / "it.po")
    text = po.read_text("utf-8")
    text = text.replace(
        'msgid "Order ${orderId} shipped."\nmsgstr ""',
        'msgid "Your order ${orderId} shipped."\nmsgstr "Ordine ${orderId} spedito."',
    )
    po.write_text(text, "utf-8")
    code, out, _ = run(capsys, str(styled), str(po))
    assert code == 0, out
    assert "marked stale, for review" in out
    template = load_pack(styled).template("TP_SHIPPED")
    assert stale_fields(template, template.content["it"]) == ("body",)


# --- languages and hostile files -----------------------------------------------------


def test_languages_must_agree(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlf = export(styled, "xliff", "fr", tmp_path / "fr.xlf")
    code, _, err = run(capsys, str(styled), str(xlf), "--locale", "de")
    assert code == 2
    assert err == f"msgtemplate: {xlf}:3:1: the file is for 'fr', but --locale says 'de'\n"
    xlf.write_text(
        xlf.read_text("utf-8").replace('source-language="en-US"', 'source-language="de"'), "utf-8"
    )
    code, _, err = run(capsys, str(styled), str(xlf))
    assert code == 2
    assert "translates from 'de', but the pack's defaultLocale is 'en-US'" in err
    json_file = tmp_path / "untagged.json"
    json_file.write_text("{}", "utf-8")
    code, _, err = run(capsys, str(styled), str(json_file))
    assert code == 2
    assert "cannot tell the target language" in err
    assert "--locale" in err
    code, _, err = run(capsys, str(styled), str(json_file), "--locale", "en")
    assert code == 2
    assert "is the pack's defaultLocale" in err


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xliff version="1.2"><file target-language="fr"><body><trans-unit id="T.body">
<source>x</source><target>&lol3;</target></trans-unit></body></file></xliff>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<xliff version="1.2"><file target-language="fr"><body/></file></xliff>
"""


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.xlf", BOMB.encode(), ":2:1: XML with a DTD (<!DOCTYPE>) is refused"),
        ("ext.xlf", EXTERNAL.encode(), ":2:1: XML with a DTD (<!DOCTYPE>) is refused"),
        (
            "bad.po",
            b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgctxt "a"\nmsgid "b"\nmsgstr "\xff"\n',
            ":7:9: file is not valid UTF-8 (byte 0xff)",
        ),
        (
            "broken.po",
            b'msgid ""\nmsgstr ""\n\nmsgctxt "T.body"\nmsgid "x"\nbogus "y"\n',
            ":6:1: invalid PO: ",
        ),
        ("broken.xlf", b'<xliff version="1.2"><file>', ":1:28: invalid XML: "),
        (
            "deep.xlf",
            b'<xliff version="1.2">' + b"<g>" * 200 + b"</g>" * 200 + b"</xliff>",
            ": elements nested deeper than 64 levels",
        ),
        (
            "utf16.xlf",
            b'<?xml version="1.0" encoding="UTF-16"?><xliff/>',
            ":1:1: XML declares encoding 'UTF-16'",
        ),
        (
            "nested.fr.json",
            b'{"T.body": {"x": 1}}',
            ":1:18: 'T.body.x' holds a list or a value that is not text",
        ),
        ("list.fr.json", b"[1]", ":1:1: expected a flat JSON object"),
        (
            "nocontext.po",
            b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "a"\nmsgstr "b"\n',
            ":5:1: entry without msgctxt",
        ),
        ("what.txt", b"hello", ": cannot tell the format"),
        ("x.fr.json", b"\x00\x01", ":1:1: file contains NUL bytes"),
    ],
)
def test_hostile_files_are_one_clear_line_and_exit_2(
    styled: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes,
    message: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = styled.read_bytes()
    code, out, err = run(capsys, str(styled), str(path))
    assert code == 2
    assert out == ""
    assert err.startswith(f"msgtemplate: {path}"), err
    assert message in err, err
    assert len(err.splitlines()) == 1
    assert "Traceback" not in err
    assert styled.read_bytes() == before


def test_huge_files_and_fifos_are_refused_unread(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from msgtemplate.translate.files import MAX_FILE_BYTES

    huge = tmp_path / "huge.fr.json"
    with open(huge, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    code, _, err = run(capsys, str(styled), str(huge))
    assert code == 2
    assert "larger than the" in err
    fifo = tmp_path / "fifo.fr.json"
    os.mkfifo(fifo)
    code, _, err = run(capsys, str(styled), str(fifo))
    assert code == 2
    assert "not a regular file" in err
    code, _, err = run(capsys, str(styled), str(tmp_path / "missing.po"))
    assert code == 2
    assert "cannot read file" in err


def test_xliff_placeholder_without_equivalent_is_refused_at_its_element(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlf = tmp_path / "fr.xlf"
    xlf.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">\n'
        '<file source-language="en-US" target-language="fr"><body>\n'
        '<trans-unit id="TP_SHIPPED.body">'
        '<source>Order <x id="1" equiv-text="${orderId}"/> shipped.</source>\n'
        '<target>Commande <x id="9"/></target></trans-unit></body></file></xliff>\n',
        encoding="utf-8",
    )
    code, _, err = run(capsys, str(styled), str(xlf))
    assert code == 2
    assert err.startswith(f"msgtemplate: {xlf}:4:18: <x id='9'> is no placeholder of the source")


def test_xliff_2_segments_are_joined_and_reordered_placeholders_accepted(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlf = tmp_path / "ja.xlf"
    xlf.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-US"'
        ' trgLang="ja">\n<file id="f"><unit id="TP_ORDER_PAID.body">\n'
        '<segment state="translated"><source>We received <ph id="1" equiv="${amount}"/> for'
        ' order <ph id="2" equiv="${orderId}"/>.</source>\n'
        '<target>ご注文 <ph id="2"/> の</target></segment>\n'
        "<ignorable><source> </source></ignorable>\n"
        '<segment state="final"><source>Thank you!</source><target><ph id="1" disp="${amount}"/>'
        " を受け取りました。</target></segment>\n</unit></file></xliff>\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, str(styled), str(xlf))
    assert code == 0, out
    body = load_pack(styled).template("TP_ORDER_PAID").content["ja"].body.text
    assert body == "ご注文 ${orderId} の ${amount} を受け取りました。"


def test_a_symlinked_pack_keeps_its_link(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(styled)
    path = tmp_path / "link.fr.json"
    path.write_text('{"TP_SHIPPED.body": "Colis ${orderId} parti."}', encoding="utf-8")
    assert run(capsys, str(link), str(path))[0] == 0
    assert link.is_symlink()
    assert "Colis ${orderId} parti." in styled.read_text("utf-8")


def test_a_pack_changed_on_disk_meanwhile_is_not_overwritten(styled: Path, tmp_path: Path) -> None:
    path = tmp_path / "styled.fr.json"
    path.write_text('{"TP_SHIPPED.body": "Colis ${orderId} parti."}', encoding="utf-8")
    result = plan_import(load_pack(styled), [str(path)])
    styled.write_text(STYLED + "# edited meanwhile\n", encoding="utf-8")
    with pytest.raises(ExchangeError, match="changed on disk"):
        write_import(result)
    assert styled.read_text("utf-8").endswith("# edited meanwhile\n")


def test_a_file_for_another_pack_is_refused_in_linear_time(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.fr.json"
    path.write_text(json.dumps({f"TP_ORDER_PAI{i}.body": "x" for i in range(3000)}), "utf-8")
    before = styled.read_bytes()
    code, out, _ = run(capsys, str(styled), str(path))
    assert code == 1
    assert styled.read_bytes() == before
    assert out.splitlines() == [
        f"{path}:1:2: refused: none of its 3000 units is a text of this pack (first: "
        "'TP_ORDER_PAI0.body'); is the file for another pack?",
        f"{styled}: import refused (1 problem); the pack is unchanged",
    ]


def test_obsolete_units_are_warned_and_skipped_never_a_blocker(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The English title of TP_SHIPPED was removed since the file was exported.
    text = styled.read_text("utf-8")
    styled.write_text(text.replace("en-US: {title: Shipped, body:", "en-US: {body:"), "utf-8")
    path = tmp_path / "styled.fr.json"
    path.write_text(
        '{\n  "TP_SHIPPED.body": "Colis ${orderId} parti.",\n'
        '  "TP_GONE.body": "Ancien texte",\n  "TP_SHIPPED.title": "Parti"\n}\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, str(styled), str(path))
    assert code == 0, out
    lines = out.splitlines()
    assert (
        f"{path}:3:19: warning: TP_GONE.body: obsolete: the pack has no template TP_GONE "
        "(any more); skipped" in lines
    )
    assert any("TP_SHIPPED.title: obsolete: TP_SHIPPED has no title in en-US" in x for x in lines)
    assert load_pack(styled).template("TP_SHIPPED").content["fr"].body.text == (
        "Colis ${orderId} parti."
    )


def test_did_you_mean_only_suggests_units_of_the_same_template(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "styled.fr.json"
    # 'TP_SHIPPED.bdy' is closest to TP_SHIPPED.body; 'TP_SHIPPD.body' (another
    # template's id, or none) is obsolete, never moved to TP_SHIPPED.
    path.write_text(
        '{"TP_SHIPPED.bdy": "x ${orderId}", "TP_SHIPPD.body": "y ${orderId}", '
        '"TP_ORDER_PAID.body": "Reçu ${amount} pour ${orderId}"}',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, str(styled), str(path), "--dry-run")
    assert code == 1
    assert "TP_SHIPPED.bdy: unknown unit; did you mean 'TP_SHIPPED.body'?" in out
    assert "TP_SHIPPD.body: obsolete: the pack has no template TP_SHIPPD" in out
    assert "did you mean 'TP_SHIPPED.body'?" not in out.split("TP_SHIPPD.body")[1]


def test_files_saved_by_translate_toolkit_import(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # translate-toolkit (tests only: GPL) stands in for a translation tool that opens
    # the exported file, translates and saves it.
    from translate.storage import pypo, xliff, xliff2

    po = pypo.pofile.parsestring(export_pack(load_pack(styled), "po", ["it"])[0].data)
    for unit in po.units:
        if unit.getcontext() == "TP_SHIPPED.body":
            unit.target = "Ordine ${orderId} spedito."
        if unit.getcontext() == "TP_SHIPPED.title":
            unit.target = "Spedito"
            unit.markfuzzy(True)
    (tmp_path / "it.po").write_bytes(bytes(po))
    x1 = xliff.xlifffile.parsestring(export_pack(load_pack(styled), "xliff", ["ja"])[0].data)
    x1.units[2].target = "発送済み"  # TP_SHIPPED.title
    (tmp_path / "ja.xlf").write_bytes(bytes(x1))
    x2 = xliff2.Xliff2File.parsestring(export_pack(load_pack(styled), "xliff2", ["ko"])[0].data)
    x2.units[2].target = "배송됨"
    x2.units[2].markfuzzy(False)  # a tool confirms it: the segment leaves state "initial"
    (tmp_path / "ko.xlf").write_bytes(bytes(x2))
    files = [str(tmp_path / name) for name in ("it.po", "ja.xlf", "ko.xlf")]
    code, out, _ = run(capsys, str(styled), *files)
    assert code == 0, out
    assert "skipped: TP_SHIPPED.title: marked fuzzy / needs review" in out
    template = load_pack(styled).template("TP_SHIPPED")
    assert template.content["it"].body.text == "Ordine ${orderId} spedito."
    assert template.content["it"].title is None
    assert "ja" not in template.content  # a title alone makes no variant
    assert "titles alone" not in out
    assert out.count("a title alone cannot make a variant") == 2


def test_skip_invalid_writes_what_passes_and_fails(
    styled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "styled.fr.json"
    path.write_text(
        '{\n  "TP_SHIPPED.body": "Colis ${orderId} parti.",\n'
        '  "TP_ORDER_PAID.body": "Reçu ${amount}",\n'
        '  "TP_ORDER_PAID.bdy": "x",\n'
        '  "TP_ORDER_PAID.title": ""\n}\n',
        encoding="utf-8",
    )
    before = styled.read_bytes()
    code, out, _ = run(capsys, str(styled), str(path))  # all or nothing: nothing
    assert code == 1
    assert styled.read_bytes() == before
    code, out, _ = run(capsys, str(styled), str(path), "--skip-invalid")
    assert code == 1
    lines = out.splitlines()
    assert f"{path}:3:25: refused: TP_ORDER_PAID.body: drops ${{orderId}}" in lines
    assert any("TP_ORDER_PAID.bdy: unknown unit" in line for line in lines)
    assert lines[-1] == (
        f"{styled}: 1 text updated, 2 refused and left out, 1 skipped, 0 unchanged (fr)"
    )
    pack = load_pack(styled)
    assert pack.template("TP_SHIPPED").content["fr"].body.text == "Colis ${orderId} parti."
    paid = pack.template("TP_ORDER_PAID").content["fr"].body.text
    assert paid == "Nous avons reçu ${amount} pour la commande ${orderId}."
