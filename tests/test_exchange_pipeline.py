"""The translation pipeline as a team runs it, with gettext's own tools: a POT that
``msgfmt``, ``msginit`` and ``msgmerge`` take, and ``stamp`` for packs that hold
translations from before exchange existed."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from msgtemplate.cli import main
from msgtemplate.pack import load_pack
from msgtemplate.pack.staleness import source_hash, stale_fields

ROOT = Path(__file__).resolve().parent.parent
SHOP = ROOT / "samples" / "shop.yaml"

needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None or shutil.which("msgmerge") is None,
    reason="gettext (msgfmt, msginit, msgmerge) is not installed; .ci/run installs it",
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def gettext(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        list(argv), cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, (argv, done.stderr)
    return done


# --- POT --------------------------------------------------------------------------------------


def test_pot_holds_the_source_texts_and_no_translation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "export", str(SHOP), "--format", "pot", "-o", "-")
    assert (code, err) == (0, "")
    import io

    from babel.messages.pofile import read_po

    catalog = read_po(io.StringIO(out))
    entries = {m.context: m for m in catalog if m.id}
    pack = load_pack(SHOP)
    expected = {
        f"{code}.{field}": getattr(t.content[t.default_locale or ""], field).text
        for code, t in pack.templates.items()
        for field in ("title", "body")
    }
    assert {k: m.id for k, m in entries.items()} == expected
    assert all(m.string == "" for m in entries.values())
    assert "Language: " not in out.split('msgctxt "', 1)[0].replace('"Language-Team', "")
    # Asked for a locale, POT says why not.
    code, _, err = run(capsys, "export", str(SHOP), "--format", "pot", "--locale", "fr")
    assert code == 2
    assert "takes no --locale" in err


@pytest.mark.slow
@needs_gettext
def test_pot_through_msginit_msgmerge_and_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pack = tmp_path / "shop.yaml"
    pack.write_bytes(SHOP.read_bytes())
    assert run(capsys, "export", str(pack), "--format", "pot", "-o", str(tmp_path))[0] == 0
    pot = tmp_path / "shop.pot"
    gettext("msgfmt", "--check", "-o", "/dev/null", str(pot), cwd=tmp_path)
    gettext("msginit", "--no-translator", "-l", "fr", "-i", "shop.pot", "-o", "fr.po", cwd=tmp_path)
    # A translator fills in the French title of one template (msginit's file as it is).
    text = (tmp_path / "fr.po").read_text("utf-8")
    anchor = 'msgctxt "TP_SHOP_REFUND_ISSUED.title"\nmsgid "Refund issued"\nmsgstr ""'
    assert anchor in text
    text = text.replace(anchor, anchor[: -len('""')] + '"Remboursement émis"')
    (tmp_path / "fr.po").write_text(text, "utf-8")
    gettext("msgfmt", "--check", "-o", "/dev/null", "fr.po", cwd=tmp_path)
    # The English title changes; msgmerge carries the translation over as fuzzy, with
    # the previous msgid, exactly as it does for any gettext project.
    pack.write_text(
        pack.read_text("utf-8").replace("title: Refund issued", "title: Your refund was issued"),
        "utf-8",
    )
    assert run(capsys, "export", str(pack), "--format", "pot", "-o", str(pot))[0] == 0
    gettext("msgfmt", "--check", "-o", "/dev/null", "shop.pot", cwd=tmp_path)
    gettext("msgmerge", "--previous", "-q", "-o", "merged.po", "fr.po", "shop.pot", cwd=tmp_path)
    merged = (tmp_path / "merged.po").read_text("utf-8")
    assert '#| msgid "Refund issued"' in merged
    gettext("msgfmt", "--check", "-o", "/dev/null", "merged.po", cwd=tmp_path)
    # Import skips the fuzzy entry; unfuzzied, it goes in.
    code, out, _ = run(capsys, "import", str(pack), str(tmp_path / "merged.po"))
    assert code == 0, out
    assert "marked fuzzy" in out
    reviewed = merged.replace("#, fuzzy\n", "", 1)
    reviewed = reviewed.replace(
        'msgstr "Remboursement émis"', 'msgstr "Votre remboursement a été émis"'
    )
    (tmp_path / "reviewed.po").write_text(reviewed, "utf-8")
    code, out, _ = run(capsys, "import", str(pack), str(tmp_path / "reviewed.po"))
    assert code == 0, out
    variant = load_pack(pack).template("TP_SHOP_REFUND_ISSUED").content["fr"]
    assert variant.title is not None
    assert variant.title.text == "Votre remboursement a été émis"
    assert variant.source_hashes["title"] == source_hash("Your refund was issued")


# --- stamp ------------------------------------------------------------------------------------


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    import difflib

    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return (
        [line[2:] for line in diff if line.startswith("- ")],
        [line[2:] for line in diff if line.startswith("+ ")],
    )


def test_stamp_records_hashes_surgically_and_changes_warn_afterwards(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pack = tmp_path / "shop.yaml"
    before = SHOP.read_text("utf-8")
    pack.write_text(before, "utf-8")
    code, out, _ = run(capsys, "stamp", str(pack))
    assert code == 0
    assert out.startswith(f"{pack}: stamped 42 translations (zh-Hans 6, zh-Hant 6, es-419 6,")
    after = pack.read_text("utf-8")
    removed, added = _changed_lines(before, after)
    assert removed == []
    assert len(added) == 21  # one sourceHash line per variant: 3 templates x 7 locales
    assert all(line.strip().startswith("sourceHash: {title: ") for line in added)
    # Nothing else moved: the pack reads the same, with hashes of today's sources.
    loaded = load_pack(pack)
    for template in loaded.templates.values():
        for key, variant in template.content.items():
            if key != template.default_locale:
                assert stale_fields(template, variant) == ()
                assert set(variant.source_hashes) == {"title", "body"}
    # Stamping again changes nothing.
    assert run(capsys, "stamp", str(pack))[1] == (
        f"{pack}: stamped 0 translations; 42 already recorded\n"
    )
    assert pack.read_text("utf-8") == after
    # Now an English edit is noticed.
    pack.write_text(after.replace("title: Refund issued", "title: Refund sent"), "utf-8")
    code, out, _ = run(capsys, "lint", str(pack))
    assert code == 0
    assert out.count("MT406") == 7


def test_stamp_never_hides_a_stale_translation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pack = tmp_path / "stale.yaml"
    pack.write_bytes((ROOT / "tests" / "data" / "exchange" / "stale.yaml").read_bytes())
    code, out, _ = run(capsys, "stamp", str(pack), "--locale", "fr", "--locale", "de")
    assert code == 0
    assert out == (
        f"{pack}: stamped 1 translation (de 1); 2 already recorded, 1 of them stale "
        "(review: msgtemplate lint)\n"
    )
    template = load_pack(pack).template("TP_ORDER_PAID")
    assert stale_fields(template, template.content["fr"]) == ("body",)
    assert stale_fields(template, template.content["de"]) == ()


def test_stamp_a_json_pack_and_a_dry_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = {
        "format": 1,
        "defaultLocale": "en-US",
        "templates": [
            {
                "code": "TP_HI",
                "channel": "SMS",
                "parameters": {"who": {"type": "string"}},
                "content": {
                    "en-US": {"body": "Hi ${who}"},
                    "fr": {"body": "Salut ${who}"},
                },
            }
        ],
    }
    pack = tmp_path / "hi.json"
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    pack.write_text(text, "utf-8")
    assert run(capsys, "stamp", str(pack), "--dry-run")[1] == (
        f"{pack}: would stamp 1 translation (fr 1)\n"
    )
    assert pack.read_text("utf-8") == text
    assert run(capsys, "stamp", str(pack))[0] == 0
    stamped = json.loads(pack.read_text("utf-8"))
    fr = stamped["templates"][0]["content"]["fr"]
    assert fr == {"body": "Salut ${who}", "sourceHash": {"body": source_hash("Hi ${who}")}}


def test_stamp_refuses_bad_input_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "stamp", str(tmp_path / "nope.yaml"))
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    code, _, err = run(capsys, "stamp", str(SHOP), "--locale", "en-US")
    assert code == 2
    assert "defaultLocale" in err


# --- nested JSON ------------------------------------------------------------------------------


@pytest.mark.parametrize("writer", ["JsonNestedFile", "I18NextV4File"])
def test_nested_json_from_translate_toolkit_imports(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, writer: str
) -> None:
    # translate-toolkit (tests only: GPL) writes the nested objects i18next v4 reads.
    from translate.storage import jsonl10n

    pack = tmp_path / "shop.yaml"
    pack.write_bytes(SHOP.read_bytes())
    store = getattr(jsonl10n, writer)()
    for key, text in (
        ("TP_SHOP_REFUND_ISSUED.title", "Rimborso emesso"),
        ("TP_SHOP_REFUND_ISSUED.body", "Rimborsati ${amount} (${share} dell'ordine ${orderId}) "
         "il ${refundedAt}. Arriveranno entro il ${expectedBy}."),
    ):  # fmt: skip
        unit = store.UnitClass(text)
        unit.setid(key)
        store.addunit(unit)
    data = bytes(store)
    assert json.loads(data)["TP_SHOP_REFUND_ISSUED"]["title"] == "Rimborso emesso"
    path = tmp_path / "shop.it.json"
    path.write_bytes(data)
    code, out, _ = run(capsys, "import", str(pack), str(path))
    assert code == 0, out
    variant = load_pack(pack).template("TP_SHOP_REFUND_ISSUED").content["it"]
    assert variant.title is not None
    assert variant.title.text == "Rimborso emesso"


def test_nested_export_round_trips_and_mixes_with_flat(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from translate.storage import jsonl10n

    code, flat, _ = run(capsys, "export", str(SHOP), "-f", "json", "-l", "fr", "-o", "-")
    assert code == 0
    code, nested, _ = run(
        capsys, "export", str(SHOP), "-f", "json", "-l", "fr", "--json-style", "nested", "-o", "-"
    )
    assert code == 0
    tree = json.loads(nested)
    assert {f"{c}.{f}": t for c, fields in tree.items() for f, t in fields.items()} == json.loads(
        flat
    )
    # translate-toolkit reads our nested file with the same ids.
    store = jsonl10n.JsonNestedFile()
    store.parse(nested.encode("utf-8"))
    assert {u.getid().lstrip("."): u.target for u in store.units} == json.loads(flat)
    # Importing the nested export changes nothing; a mixed file is read too.
    pack = tmp_path / "shop.yaml"
    pack.write_bytes(SHOP.read_bytes())
    path = tmp_path / "shop.fr.json"
    path.write_text(nested, "utf-8")
    code, out, _ = run(capsys, "import", str(pack), str(path))
    assert (code, out) == (0, f"{pack}: 0 texts updated, 6 unchanged (fr); nothing to write\n")
    assert pack.read_bytes() == SHOP.read_bytes()
    path.write_text(
        '{"TP_SHOP_REFUND_ISSUED.title": "Remboursé", "TP_SHOP_REFUND_ISSUED": {}}', "utf-8"
    )
    code, out, _ = run(capsys, "import", str(pack), str(path))
    assert code == 0, out
    assert "1 text updated" in out


def test_nested_json_that_is_not_text_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pack = tmp_path / "shop.yaml"
    pack.write_bytes(SHOP.read_bytes())
    path = tmp_path / "shop.fr.json"
    path.write_text('{"TP_SHOP_REFUND_ISSUED": {"title": ["x"]}}', "utf-8")
    code, _, err = run(capsys, "import", str(pack), str(path))
    assert code == 2
    assert err == (
        f"msgtemplate: {path}:1:37: 'TP_SHOP_REFUND_ISSUED.title' holds a list or a value "
        'that is not text: a JSON translation file maps unit ids (flat "CODE.body" keys, or '
        'nested {"CODE": {"body": ...}}) to texts\n'
    )
    deep = "{" + '"a": {' * 20 + '"b": "x"' + "}" * 21
    path.write_text(deep, "utf-8")
    code, _, err = run(capsys, "import", str(pack), str(path))
    assert code == 2
    assert "nested more than 16 levels deep" in err
    code, _, err = run(capsys, "export", str(SHOP), "-f", "po", "--json-style", "nested")
    assert (code, err) == (2, "msgtemplate: --json-style applies to --format json only\n")


# --- previous source on stale units -----------------------------------------------------------


def _git(*argv: str, cwd: Path) -> None:
    env = {
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(cwd), "PATH": "/usr/bin:/bin",
    }  # fmt: skip
    subprocess.run(["git", *argv], cwd=cwd, env=env, check=True, capture_output=True, timeout=60)


@pytest.mark.slow
@needs_gettext
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_stale_units_carry_the_source_they_were_translated_from(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from translate.storage import pypo, xliff, xliff2

    pack = tmp_path / "shop.yaml"
    pack.write_bytes(SHOP.read_bytes())
    assert run(capsys, "stamp", str(pack))[0] == 0
    _git("init", "-q", cwd=tmp_path)
    _git("add", "shop.yaml", cwd=tmp_path)
    _git("commit", "-qm", "translations stamped", cwd=tmp_path)
    pack.write_text(
        pack.read_text("utf-8").replace("title: Refund issued", "title: Your refund was issued"),
        "utf-8",
    )
    _git("commit", "-qam", "new English title", cwd=tmp_path)
    code, po, _ = run(capsys, "export", str(pack), "-f", "po", "-l", "fr", "-o", "-")
    assert code == 0
    assert (
        "#, fuzzy\n"
        '#| msgctxt "TP_SHOP_REFUND_ISSUED.title"\n'
        '#| msgid "Refund issued"\n'
        'msgctxt "TP_SHOP_REFUND_ISSUED.title"\n'
        'msgid "Your refund was issued"\n'
    ) in po
    assert po.count("#| msgid") == 1  # the one stale unit
    (tmp_path / "fr.po").write_text(po, "utf-8")
    gettext("msgfmt", "--check", "-o", "/dev/null", "fr.po", cwd=tmp_path)
    parsed_po = pypo.pofile.parsestring(po.encode("utf-8"))
    unit = next(u for u in parsed_po.units if u.source == "Your refund was issued")
    assert (unit.prev_source, unit.isfuzzy()) == ("Refund issued", True)
    code, data, _ = run(capsys, "export", str(pack), "-f", "xliff", "-l", "fr", "-o", "-")
    assert code == 0
    parsed = xliff.xlifffile.parsestring(data.encode("utf-8"))
    stale = next(u for u in parsed.units if u.getid().endswith("TP_SHOP_REFUND_ISSUED.title"))
    assert "Previous source text: Refund issued" in stale.getnotes()
    code, data, _ = run(capsys, "export", str(pack), "-f", "xliff2", "-l", "fr", "-o", "-")
    assert code == 0
    assert xliff2.Xliff2File.parsestring(data.encode("utf-8")).units  # a valid XLIFF 2.0 file
    assert '<note category="msgtemplate">Previous source text: Refund issued</note>' in data
    # The other units, and a pack outside git, have no previous text (and no error).
    outside = tmp_path / "copy"
    outside.mkdir()
    (outside / "shop.yaml").write_bytes(pack.read_bytes())
    code, po, _ = run(capsys, "export", str(outside / "shop.yaml"), "-f", "po", "-l", "fr",
                      "-o", "-")  # fmt: skip
    assert code == 0
    assert "#|" not in po
