"""``msgtemplate init``: a new pack that lints clean and previews at once, never an overwrite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from babel.localedata import locale_identifiers
from hypothesis import given, settings
from hypothesis import strategies as st

from msgtemplate.cli import main
from msgtemplate.document.source import parse_document, to_python
from msgtemplate.lint import lint_text
from msgtemplate.locales import LocaleError, maximize, normalize_tag
from msgtemplate.pack import load_pack
from msgtemplate.pack.jsonschema import pack_schema
from msgtemplate.pack.scaffold import EXAMPLE_CODE, scaffold


def cli(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command, as a user runs it."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "msgtemplate", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_init_lints_clean_and_previews_at_once(tmp_path: Path) -> None:
    made = cli("init", "--locales", "en-US,zh-Hans,zh-Hant,ar,hi", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines() == [
        f"wrote messages.msgpack.yaml: template {EXAMPLE_CODE} in en-US, zh-Hans, zh-Hant, ar, hi",
        "wrote pack.schema.json: the JSON Schema editors read (from the pack's first line)",
        f"next: msgtemplate preview messages.msgpack.yaml {EXAMPLE_CODE} --locale hi",
    ]
    # The modeline names a file that exists, relative to the pack, and is current.
    first = (tmp_path / "messages.msgpack.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./pack.schema.json"
    checked = cli("schema", "--check", "pack.schema.json", cwd=tmp_path)
    assert (checked.returncode, checked.stderr) == (0, "")
    again = cli("init", "second.msgpack.yaml", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "kept pack.schema.json" in again.stdout
    linted = cli("lint", "messages.msgpack.yaml", cwd=tmp_path)
    assert (linted.returncode, linted.stderr) == (0, "")
    # No error or warning; only the notes that Hindi (no example translation, English
    # under a TODO comment) is still to translate (MT910, information).
    assert linted.stdout.endswith("Found 0 errors, 0 warnings, 2 notes in 1 file.\n")
    assert linted.stdout.count("MT910 hi ") == 2
    for locale, expected in (
        ("zh-TW", "訂單 A-1029（3件商品）已於"),
        ("ar-EG", "تم شحن طلبك A-1029"),
    ):
        shown = cli(
            "preview", "messages.msgpack.yaml", EXAMPLE_CODE, "--locale", locale, cwd=tmp_path
        )
        assert shown.returncode == 0, shown.stderr
        assert expected in shown.stdout
    shown = cli("show", "messages.msgpack.yaml", EXAMPLE_CODE, cwd=tmp_path)
    assert shown.returncode == 0
    assert shown.stdout.count("MT910 info     hi ") == 2


def test_init_never_overwrites(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "pack.yaml"
    target.write_text("mine\n", encoding="utf-8")
    assert main(["init", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"msgtemplate: {target} already exists; init never overwrites a file\n"
    )
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_init_into_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["init", str(tmp_path)]) == 0
    written = tmp_path / "messages.msgpack.yaml"
    pack = load_pack(written)
    assert pack.default_locale == "en-US"
    assert list(pack.templates) == [EXAMPLE_CODE]
    assert main(["init", str(tmp_path)]) == 2  # now it exists
    assert "already exists" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--locales", "zh_CN"], "--locales: write 'zh_CN' as 'zh-CN' (canonical BCP 47)"),
        (["--locales", "en,xx"], "--locales: invalid locale tag 'xx': unknown language 'xx'"),
        (["--locales", "zh-TW,zh-Hant"], "--locales: 'zh-Hant' is the same locale as 'zh-TW'"),
        (["--locales", "en,,fr"], "--locales: empty tag in 'en,,fr'"),
        (["--locales", " , "], "--locales: name at least one locale tag, e.g. en-US"),
        (["out.json"], "out.json: init writes YAML (its comments explain each key)"),
        (["no/such/dir/p.yaml"], "no/such/dir/p.yaml: cannot write: No such file or directory"),
    ],
)
def test_init_refuses_bad_input(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"msgtemplate: {message}")
    assert len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def _canonical_cldr_tags() -> list[str]:
    tags = []
    for identifier in sorted(locale_identifiers()):
        try:
            tag = normalize_tag(identifier)
            maximize(tag)
        except LocaleError:
            continue
        tags.append(tag)
    return sorted(set(tags))


CLDR_TAGS = _canonical_cldr_tags()


def _distinct(tags: list[str]) -> bool:
    return len({maximize(tag) for tag in tags}) == len(tags)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(CLDR_TAGS), min_size=1, max_size=7).filter(_distinct))
def test_scaffold_is_clean_for_any_locales(locales: list[str]) -> None:
    text = scaffold(locales, "p.yaml")
    document = parse_document(text, "p.yaml", "yaml")
    findings = lint_text(text, "p.yaml").findings
    # No error or warning; the locales without an example translation (English under
    # a TODO comment) are noted as untranslated, which they are (MT910, information).
    assert [f for f in findings if f.severity != "info"] == []
    assert {f.code for f in findings} <= {"MT910"}
    data = json.loads(json.dumps(to_python(document.root), default=str))
    jsonschema.validate(data, pack_schema())
    template = load_pack_text(text).template(EXAMPLE_CODE)
    assert list(template.content) == locales
    for tag in locales:
        values = {"orderId": "A-1", "shippedOn": "2026-11-28", "items": 1}
        message = template.renderer.render(tag, values)
        assert message.locale == tag
        assert "A-1" in message.body
        # the items phrase agrees with the number: one item and five read differently
        five = template.renderer.render(tag, {**values, "items": 5})
        assert five.body != message.body


def load_pack_text(text: str) -> object:
    from msgtemplate.pack import read_pack

    pack, problems = read_pack(parse_document(text, "p.yaml", "yaml"))
    assert problems == []
    assert pack is not None
    return pack
