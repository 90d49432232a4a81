"""PO files under hostile conditions: a corpus of malformed files, each refused at
file:LINE:COL by msgtemplate *and* by the real ``msgfmt --check``; well-formed oddities
both accept with the same meaning; a duplicate header; huge continuations."""

from __future__ import annotations

import shutil
import subprocess
import tracemalloc
from pathlib import Path

import pytest

from msgtemplate.translate import po
from msgtemplate.translate.reading import read_translation_file
from msgtemplate.translate.units import ExchangeError
from tests.hostile.support import SHOP, cli, german

MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="gettext's msgfmt is not installed")

HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: shop 1\\n"
"PO-Revision-Date: 2026-12-01 10:00+0000\\n"
"Last-Translator: T <t@example.com>\\n"
"Language-Team: fr\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

"""
FIRST = HEADER.count("\n") + 1
"""The line the corpus' own text starts on."""

# (name, text after the header, line within that text, column): each malformed.
MALFORMED = [
    ("unterminated", 'msgctxt "T.title"\nmsgid "Order"\nmsgstr "unterminated\n', 3, 8),
    ("no quotes", 'msgctxt "T.title"\nmsgid "Order"\nmsgstr Votre commande\n', 3, 8),
    ("garbage after", 'msgctxt "T.title"\nmsgid "Order"\nmsgstr "Votre" garbage\n', 3, 16),
    ("single quotes", 'msgctxt "T.title"\nmsgid "Order"\nmsgstr \'Votre\'\n', 3, 8),
    ("bad escape", 'msgctxt "T.title"\nmsgid "Order"\nmsgstr "a\\qb"\n', 3, 10),
    ("C-only escape", 'msgctxt "T.title"\nmsgid "Order"\nmsgstr "a\\?"\n', 3, 10),
    ("lone backslash", 'msgctxt "T.title"\nmsgid "Order"\nmsgstr "ab\\"\n', 3, 8),
    ("x without digits", 'msgctxt "T.title"\nmsgid "Order"\nmsgstr "a\\x"\n', 3, 10),
    ("unicode escape", 'msgctxt "T.title"\nmsgid "Order"\nmsgstr "\\u0041"\n', 3, 9),
    ("trailing comment", 'msgctxt "T.title"\nmsgid "Order" # x\nmsgstr "a"\n', 2, 15),
    ("unknown keyword", 'msgctxt "T.title"\nmsgid "Order"\nmsgtsr "a"\n', 3, 1),
    ("keyword without string", 'msgctxt "T.title"\nmsgid "Order"\nmsgstr\n', 3, 7),
    (
        "no msgstr",
        'msgctxt "T.title"\nmsgid "Order"\n\nmsgctxt "T.body"\nmsgid "B"\nmsgstr ""\n',
        4,
        1,
    ),
    ("msgstr first", 'msgstr "a"\nmsgid "Order"\n', 1, 1),
    ("two msgstr", 'msgctxt "T.title"\nmsgid "Order"\nmsgstr ""\nmsgstr "a"\n', 4, 1),
    ("two msgid", 'msgctxt "T.title"\nmsgid "Order"\nmsgid "Again"\nmsgstr "a"\n', 3, 1),
    ("context last", 'msgid "Order"\nmsgstr "a"\nmsgctxt "T.title"\n', 3, 1),
    ("comment inside", 'msgctxt "T.title"\nmsgid "Order"\n# note\nmsgstr "a"\n', 3, 1),
    ("string after comment", 'msgctxt "T.title"\nmsgid "O"\nmsgstr "a"\n# c\n"b"\n', 5, 1),
    ("msgstr[0] singular", 'msgctxt "T.title"\nmsgid "Order"\nmsgstr[0] "a"\n', 3, 1),
    ("plural with msgstr", 'msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', 3, 1),
    ("plural gap", 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[2] "c"\n', 4, 1),
    ("plural twice", 'msgid "a"\nmsgid_plural "as"\nmsgid_plural "as"\nmsgstr[0] "b"\n', 3, 1),
    (
        "duplicate",
        'msgctxt "T"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "T"\nmsgid "a"\nmsgstr "c"\n',
        6,
        1,
    ),
    ("duplicate header", 'msgid ""\nmsgstr "Language: de\\n"\n', 1, 1),
    ("obsolete duplicate", 'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "b"\n', 4, 1),
    ("obsolete unterminated", 'msgid "a"\nmsgstr "b"\n\n#~ msgid "c"\n#~ msgstr "d\n', 5, 11),
    ("obsolete garbage", 'msgid "a"\nmsgstr "b"\n\n#~ garbage\n', 4, 4),
    ("previous garbage", '#| garbage\nmsgid "a"\nmsgstr "b"\n', 1, 4),
    ("previous dangling", 'msgid "a"\nmsgstr "b"\n#| msgid "z"\n', 3, 1),
    ("previous unterminated", '#| msgid "z\nmsgid "a"\nmsgstr "b"\n', 1, 10),
    ("ends inside", 'msgctxt "T.title"\nmsgid "Order"\n', 1, 1),
    ("leading break differs", 'msgid "\\nOrder"\nmsgstr "Commande"\n', 2, 1),
    ("trailing break differs", 'msgid "Order"\nmsgstr "Commande\\n"\n', 2, 1),
]


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name.replace(' ', '-')}.po"
    path.write_text(HEADER + text, "utf-8")
    return path


def _msgfmt_accepts(path: Path) -> bool:
    assert MSGFMT is not None
    done = subprocess.run(
        [MSGFMT, "--check", "-o", "/dev/null", str(path)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    return done.returncode == 0


@needs_msgfmt
@pytest.mark.parametrize(
    ("name", "text", "line", "column"), MALFORMED, ids=[m[0] for m in MALFORMED]
)
def test_what_msgfmt_refuses_msgtemplate_refuses_at_its_place(
    tmp_path: Path, name: str, text: str, line: int, column: int
) -> None:
    path = _file(tmp_path, name, text)
    assert not _msgfmt_accepts(path), "the corpus holds only files msgfmt --check refuses"
    with pytest.raises(ExchangeError) as caught:
        read_translation_file(str(path))
    error = caught.value
    assert (error.path, error.line, error.column) == (str(path), FIRST + line - 1, column)
    assert error.message.startswith("invalid PO: ")


# Well-formed oddities: msgfmt accepts them, and so does msgtemplate, with their meaning.
WELL_FORMED = [
    ("strings on one line", 'msgstr "Votre" " commande"', "Votre commande"),
    ("continuations", 'msgstr ""\n"Votre "\n\n   "commande"', "Votre commande"),
    ("escapes", 'msgstr "\\"q\\" \\x41\\101 \\\\"', '"q" AA \\'),
    ("no space", 'msgstr"Votre commande"', "Votre commande"),
    ("indented", '   msgstr "Votre commande"   ', "Votre commande"),
    ("blank line inside", '\nmsgstr "Votre commande"', "Votre commande"),
]


@needs_msgfmt
@pytest.mark.parametrize(("name", "tail", "want"), WELL_FORMED, ids=[w[0] for w in WELL_FORMED])
def test_what_msgfmt_accepts_reads_as_msgfmt_reads_it(
    tmp_path: Path, name: str, tail: str, want: str
) -> None:
    text = '#, fuzzy\n#| msgid "Old order"\nmsgctxt "T.title"\nmsgid "Order"\n' + tail + "\n"
    text += '\n#~ msgctxt "T.old"\n#~ msgid "Gone"\n#~ msgstr "Parti"\n'
    path = _file(tmp_path, name, text)
    assert _msgfmt_accepts(path)
    parsed = po.parse(path.read_text("utf-8"), str(path))
    (entry,) = parsed.entries
    assert (entry.context, entry.msgid, entry.msgstr) == ("T.title", "Order", want)
    assert entry.fuzzy
    assert entry.previous_msgid == "Old order"
    assert [(o.context, o.msgid, o.msgstr) for o in parsed.obsolete] == [("T.old", "Gone", "Parti")]


def test_plural_entries_are_parsed_for_those_who_need_them() -> None:
    text = HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] ""\n"bs"\n'
    (entry,) = po.parse(text, "p.po").entries
    assert (entry.msgid, entry.msgid_plural, entry.msgstr, entry.plurals) == (
        "a",
        "as",
        None,
        ["b", "bs"],
    )
    assert entry.plural_lines == [FIRST + 2, FIRST + 3]


# --- the import itself: refused, pack unchanged -----------------------------------------

ISSUE_CASES = {
    "unterminated": ('msgstr "unterminated', 8),
    "no quotes": ("msgstr Votre commande", 8),
    "garbage": ('msgstr "Votre commande" garbage', 25),
    "single quotes": ("msgstr 'Votre commande'", 8),
}


@pytest.mark.parametrize("case", ISSUE_CASES)
def test_a_malformed_po_is_refused_and_the_pack_unchanged(tmp_path: Path, case: str) -> None:
    shutil.copyfile(SHOP, tmp_path / "shop.yaml")
    before = (tmp_path / "shop.yaml").read_bytes()
    line, column = ISSUE_CASES[case]
    good = german()
    bad = good.replace('msgstr "Ihre Bestellung ist unterwegs"', line)
    assert bad != good
    (tmp_path / "de.po").write_text(bad, "utf-8")
    line_number = bad.splitlines().index(line) + 1
    done = cli("import", "shop.yaml", "de.po", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"msgtemplate: de.po:{line_number}:{column}: invalid PO: ")
    assert done.stderr.count("\n") == 1
    assert (tmp_path / "shop.yaml").read_bytes() == before


def test_a_second_header_is_refused(tmp_path: Path) -> None:
    shutil.copyfile(SHOP, tmp_path / "shop.yaml")
    text = german().replace('"Language: de\\n"', '"Language: fr\\n"')
    text += 'msgid ""\nmsgstr ""\n"Language: de\\n"\n'
    (tmp_path / "de.po").write_text(text, "utf-8")
    done = cli("import", "shop.yaml", "de.po", cwd=tmp_path)
    assert done.returncode == 2
    line = text.splitlines().index('msgid ""', 1) + 1
    assert done.stderr == (
        f"msgtemplate: de.po:{line}:1: invalid PO: a second PO header (the first is at line 1)\n"
    )


def test_huge_continuations_are_refused_in_bounded_memory() -> None:
    # 4.7 million one-character continuation lines (18.8 MB): refused at the limit,
    # and the parse never holds more than a few times the limit.
    text = HEADER + 'msgctxt "T.body"\nmsgid "x"\nmsgstr ""\n' + '"a"\n' * 4_700_000
    tracemalloc.start()
    try:
        with pytest.raises(ExchangeError) as caught:
            po.parse(text, "big.po")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.message == (
        f"invalid PO: msgstr is longer than {po.MAX_STRING_CHARS:,} characters; refusing to read on"
    )
    assert caught.value.line == FIRST + 3 + po.MAX_STRING_CHARS
    assert peak < 20 * po.MAX_STRING_CHARS * 8  # a few MB, against 870 MB before


def test_empty_continuations_cost_nothing() -> None:
    text = HEADER + 'msgctxt "T.body"\nmsgid "x"\nmsgstr "a"\n' + '""\n' * 1_000_000
    tracemalloc.start()
    try:
        (entry,) = po.parse(text, "empty.po").entries
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert entry.msgstr == "a"
    assert peak < 1_000_000
