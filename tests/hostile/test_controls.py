"""Control characters (ESC, BEL, NUL, CSI...) never reach a pack through import, are a
lint error in a pack, and never reach the terminal raw from any command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.hostile.support import SHOP, SOURCES, TITLE, cli, po_file

HOSTILE = "\u001b]0;PWNED\u0007 \u001b[2J\u0000 Your order"
RAW = ("\x1b", "\x07", "\x00", "\x9b", "\r")


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    path = tmp_path / "shop.yaml"
    shutil.copyfile(SHOP, path)
    return path


def _json_pack(folder: Path, body: str) -> Path:
    pack = {
        "format": 1,
        "defaultLocale": "en-US",
        "templates": [{"code": "TP_X", "channel": "SMS", "content": {"en-US": {"body": body}}}],
    }
    path = folder / "x.json"
    path.write_text(json.dumps(pack), "utf-8")
    return path


def test_json_import_of_escape_sequences_is_refused(shop: Path) -> None:
    (shop.parent / "shop.fr.json").write_text(json.dumps({TITLE: HOSTILE}), "utf-8")
    before = shop.read_bytes()
    done = cli("import", "shop.yaml", "shop.fr.json", cwd=shop.parent)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"shop.fr.json:1:33: refused: {TITLE}: holds a control character U+001B ESCAPE; remove it",
        f"shop.fr.json:1:33: refused: {TITLE}: holds a control character U+0007 BEL; remove it",
        f"shop.fr.json:1:33: refused: {TITLE}: holds a control character U+0000 NUL; remove it",
        "shop.yaml: import refused (3 problems); the pack is unchanged",
    ]
    assert shop.read_bytes() == before


PO_CONTROLS = [
    ("\\a", "U+0007 BEL"),
    ("\\b", "U+0008 BACKSPACE"),
    ("\\f", "U+000C FORM FEED"),
    ("\\v", "U+000B VERTICAL TAB"),
    ("\\r", "U+000D CARRIAGE RETURN"),
    ("\\033", "U+001B ESCAPE"),
    ("\\x7f", "U+007F DELETE"),
]


@pytest.mark.parametrize(("escape", "name"), PO_CONTROLS)
def test_po_escapes_of_controls_are_refused(shop: Path, escape: str, name: str) -> None:
    text = po_file("fr", {TITLE: f"Votre commande{escape} arrive"})
    (shop.parent / "fr.po").write_text(text, "utf-8")
    before = shop.read_bytes()
    done = cli("import", "shop.yaml", "fr.po", cwd=shop.parent)
    assert done.returncode == 1
    assert f"{TITLE}: holds a control character {name}; remove it" in done.stdout
    assert shop.read_bytes() == before


def test_a_line_break_and_a_tab_are_allowed(shop: Path) -> None:
    (shop.parent / "fr.po").write_text(po_file("fr", {TITLE: "Votre commande\\tarrive"}), "utf-8")
    done = cli("import", "shop.yaml", "fr.po", cwd=shop.parent)
    assert done.returncode == 0, done
    assert SOURCES[TITLE]  # the unit exists in the pack


def test_controls_in_a_pack_are_a_lint_error(tmp_path: Path) -> None:
    _json_pack(tmp_path, HOSTILE)
    done = cli("lint", "x.json", cwd=tmp_path)
    assert done.returncode == 1
    assert (
        "MT604 holds control character U+001B ESCAPE, control character U+0007 BEL" in done.stdout
    )
    assert not any(c in done.stdout for c in RAW)


@pytest.mark.parametrize(
    "argv",
    [
        ("preview", "x.json", "TP_X"),
        ("preview", "x.json", "TP_X", "--format", "json"),
        ("show", "x.json", "TP_X"),
        ("list", "x.json"),
        ("render", HOSTILE.replace("\x00", "") + "\x9b"),
        ("preview", "x.json", "TP_\x1b[2J"),
        ("export", "x.json", "-f", "po", "-l", "fr\x1b]0;x\x07"),
    ],
    ids=["preview", "preview-json", "show", "list", "render", "error", "error-locale"],
)
def test_no_command_prints_a_control_character(tmp_path: Path, argv: tuple[str, ...]) -> None:
    _json_pack(tmp_path, HOSTILE + "\x9b\r")
    done = cli(*argv, cwd=tmp_path)
    for stream in (done.stdout, done.stderr):
        assert not any(c in stream for c in RAW), (argv, stream)
    shown = done.stdout + done.stderr
    if argv[0] != "list":  # list shows no texts
        assert "\\x1b" in shown or "\\u001b" in shown


def test_preview_shows_escapes_visibly(tmp_path: Path) -> None:
    _json_pack(tmp_path, HOSTILE)
    done = cli("preview", "x.json", "TP_X", cwd=tmp_path)
    assert done.returncode == 0, done
    assert "\\x1b]0;PWNED\\x07 \\x1b[2J\\x00 Your order" in done.stdout
