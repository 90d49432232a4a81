"""msgtemplate's PO writer writes what Babel's ``write_po`` writes, byte for byte.

The oracle is Babel itself (``babel.messages.pofile.write_po`` at width 76, header
included) followed by what the PO exporter used to do to its output: a
``#| msgctxt`` line, copied from the entry's ``msgctxt`` line, before each
``#| msgid``. Catalogs are random: multi-line, long and empty texts, words longer
than a line, escapes, control characters, Unicode line and space separators,
surrogates, comments of every shape, flags, plural entries, previous source texts.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msgtemplate.translate.po_writer import catalog_bytes, comment_lines

# Characters that matter to wrapping, escaping and line splitting, mixed into any text.
_SPECIAL = st.sampled_from(
    [
        " ",
        "  ",
        "\n",
        "\r",
        "\t",
        "\x0b",
        "\x0c",
        "\x1c",
        "\x85",
        "\u2028",
        "\u3000",
        "\xa0",
        '"',
        "\\",
        "-",
        "--",
        "${a}",
        "é",
        "中文",
        "\ud800",
        "x" * 80,
        "word-word",
        ". ",
    ]
)
_TEXT = st.lists(st.one_of(st.text(max_size=30), _SPECIAL), max_size=12).map("".join)
_WORDS = st.lists(
    st.one_of(st.sampled_from(["a", "lorem", "ipsum", "${name}", "x" * 40]), _SPECIAL),
    max_size=40,
).map(" ".join)
_ANY_TEXT = st.one_of(_TEXT, _WORDS)
_FLAG = st.sampled_from(["fuzzy", 'placeholders:r"\\$\\{[A-Za-z_]+\\}"', "c-format", "x"])


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    locale = draw(st.sampled_from([None, "en", "pl", "ar", "ja", "pt_BR"]))
    catalog = Catalog(
        locale=locale,
        domain="pack",
        project=draw(st.sampled_from(["pack", "a pack with a long name " * 3])),
        version="0123abcd",
        creation_date=dt.datetime(2026, 5, 28, 20, 26, tzinfo=dt.timezone.utc),
        revision_date=dt.datetime(2026, 5, 28, 20, 26, tzinfo=dt.timezone.utc),
        last_translator="msgtemplate export",
        language_team="translators",
        charset="UTF-8",
        fuzzy=draw(st.booleans()),
    )
    catalog.msgid_bugs_address = ""
    catalog.header_comment = draw(
        st.sampled_from(
            [
                "# pack: en -> fr, exported by msgtemplate.\n# Translate the msgstr lines.\n#",
                "# " + "a long header comment line " * 5 + "\n#",
            ]
        )
    )
    for index in range(draw(st.integers(0, 6))):
        context = f"CODE{index}." + draw(st.sampled_from(["title", "body", "x" * 75, "a b"]))
        plural = draw(st.booleans())
        ident: str | tuple[str, str] = (
            (draw(_ANY_TEXT) or "one", draw(_ANY_TEXT)) if plural else draw(_ANY_TEXT) or "id"
        )
        string: str | list[str] = draw(st.lists(_ANY_TEXT, max_size=7) if plural else _ANY_TEXT)
        previous = draw(st.lists(_ANY_TEXT, max_size=2))
        message = catalog.add(
            ident,
            string=string,  # type: ignore[arg-type]
            context=context,
            auto_comments=draw(st.lists(_ANY_TEXT, max_size=4)),
            user_comments=draw(st.lists(_ANY_TEXT, max_size=2)),
            flags=draw(st.lists(_FLAG, max_size=3)),
            previous_id=previous,
        )
        if message is not None and draw(st.booleans()):
            message.flags -= {"python-format", "python-brace-format"}
    return catalog


def babel_bytes(catalog: Catalog, *, previous: bool) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=76, omit_header=False, include_previous=previous)
    data = out.getvalue()
    if not previous or b"\n#| msgid " not in data:
        return data
    # What the PO exporter added to Babel's output before it had a writer of its own.
    lines = data.split(b"\n")
    fixed: list[bytes] = []
    for index, line in enumerate(lines):
        if line.startswith(b"#| msgid "):
            context = next((x for x in lines[index + 1 :] if x.startswith(b"msgctxt ")), None)
            if context is not None:
                fixed.append(b"#| " + context)
        fixed.append(line)
    return b"\n".join(fixed)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(), st.booleans())
def test_the_bytes_are_babels(catalog: Catalog, previous: bool) -> None:
    assert catalog_bytes(catalog, previous=previous) == babel_bytes(catalog, previous=previous)


@settings(max_examples=500, deadline=None)
@given(_ANY_TEXT)
def test_a_comment_is_wrapped_as_babel_wraps_it(text: str) -> None:
    catalog = Catalog(locale="en", charset="UTF-8")
    catalog.add("id", context="c", auto_comments=[text])
    out = io.BytesIO()
    write_po(out, catalog, width=76, omit_header=True)
    expected = [
        line.removeprefix("#. ")
        for line in out.getvalue().decode("utf-8", "surrogateescape").split("\n")
        if line.startswith("#. ")
    ]
    got = [line.encode("utf-8", "backslashreplace").decode("utf-8") for line in comment_lines(text)]
    assert got == expected


@pytest.mark.parametrize(
    "text",
    ["", " ", "   ", " \u3000", "a\u3000", "x" * 76, "x" * 77, "a\tb", "  lead and trail  "],
)
def test_comments_at_the_edges(text: str) -> None:
    catalog = Catalog(locale="en", charset="UTF-8")
    catalog.add("id", context="c", auto_comments=[text])
    assert catalog_bytes(catalog) == babel_bytes(catalog, previous=False)


def test_features_it_does_not_write_are_refused() -> None:
    catalog = Catalog(locale="en")
    catalog.add("id", context="c", locations=[("a.py", 1)])
    with pytest.raises(ValueError, match="locations"):
        catalog_bytes(catalog)
    catalog = Catalog(locale="en")
    catalog.obsolete["old"] = catalog.add("old")  # type: ignore[assignment]
    with pytest.raises(ValueError, match="obsolete"):
        catalog_bytes(catalog)
