"""PO plural headers from CLDR: msgfmt accepts them for every CLDR locale, and gettext's
index for each integer is the category the renderer picks (``msgstr[n]`` order)."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import babel
import pytest

from msgtemplate.formatting import plural_category
from msgtemplate.translate.plurals import gettext_order, plural_forms

MSGFMT = shutil.which("msgfmt")


def every_locale() -> tuple[dict[str, str], int]:
    """One locale per distinct Plural-Forms header over every locale Babel ships, and
    how many locales that covers."""
    headers: dict[str, str] = {}
    covered = 0
    for ident in babel.localedata.locale_identifiers():
        tag = ident.replace("_", "-")
        try:
            header = plural_forms(tag)
        except Exception:  # a locale our tag parser refuses (a variant such as POSIX)
            continue
        covered += 1
        headers.setdefault(header, tag)
    return headers, covered


HEADERS, COVERED = every_locale()


def test_every_distinct_rule_is_covered() -> None:
    # Babel ships about 1100 locales; their rules come down to a few dozen headers,
    # the French-style `many` (with the exponent written as 0) among them.
    assert 0.98 * len(babel.localedata.locale_identifiers()) < COVERED
    assert len(HEADERS) > 30
    assert any("n % 1000000" in header for header in HEADERS)
    assert not any(" e " in header or "(e " in header for header in HEADERS)


@pytest.mark.skipif(MSGFMT is None, reason="msgfmt (gettext) is not installed")
def test_msgfmt_accepts_a_plural_entry_for_every_cldr_locale(tmp_path: Path) -> None:
    failures = []
    for header, tag in HEADERS.items():
        count = len(gettext_order(tag))
        strings = "".join(f'msgstr[{i}] "# form {i}"\n' for i in range(count))
        po = tmp_path / f"{tag}.po"
        po.write_text(
            'msgid ""\nmsgstr ""\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Language: {tag.replace("-", "_")}\\n"\n'
            f'"Plural-Forms: {header}\\n"\n\n'
            'msgctxt "TP_1.forms.eta"\nmsgid "# minute"\nmsgid_plural "# minutes"\n'
            f"{strings}",
            encoding="utf-8",
        )
        result = subprocess.run(
            [MSGFMT, "--check", "-o", "/dev/null", str(po)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            failures.append(f"{tag}: {result.stderr.strip()}")
    assert failures == []


@pytest.mark.parametrize("tag", sorted(set(HEADERS.values()) | {"pl", "ru", "ar", "fr", "cy"}))
def test_gettext_index_is_the_cldr_category_for_integers(tag: str) -> None:
    index = gettext.c2py(plural_forms(tag).split("plural=", 1)[1].rstrip(";"))
    order = gettext_order(tag)
    numbers = [*range(1001), 10**6, 2 * 10**6, 10**7, 1_000_001]
    assert [order[index(n)] for n in numbers] == [plural_category(tag, n) for n in numbers]
