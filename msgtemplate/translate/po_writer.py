"""The text of a Babel catalog as a PO file: what ``babel.messages.pofile.write_po``
writes (``width=76``, header included, no locations, no obsolete entries), byte for
byte, with less work.

Babel re-wraps every comment with its ``TextWrapper`` (``textwrap``'s, splitting at
any Unicode space), about 40 % of a PO export: here a comment that fits on its line
and holds no whitespace but spaces is written as the wrapper would leave it
(stripped; nothing when blank), and any other comment goes through the same
``TextWrapper`` once, its lines kept in a cache (translator notes repeat from entry
to entry and from file to file). Strings are quoted with
Babel's own ``normalize``; the header (comment, MIME fields, its ``fuzzy`` flag) is
the catalog's, as Babel builds it. ``tests/test_po_writer.py`` checks the bytes
against ``write_po`` over random catalogs.

With ``previous``, a fuzzy entry's ``#| msgid`` (``msgmerge --previous``) is preceded
by ``#| msgctxt``, the entry's own context as its ``msgctxt`` line starts: Babel writes
only the ``#| msgid``, gettext both when the entry has a context (ours always do).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from babel.util import TextWrapper

from msgtemplate.caches import cached

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

WIDTH: Final = 76
"""Babel's default line width, which msgtemplate's PO and POT files use."""

_wrapper: Final = TextWrapper(width=WIDTH, break_long_words=False)
"""Babel's comment wrapper (``generate_po``'s ``comment_wrapper``; this module is
imported only when a PO file is written, so Babel with it)."""


def catalog_bytes(catalog: Catalog, *, previous: bool = False) -> bytes:
    """``catalog`` as ``write_po(out, catalog, width=76, include_previous=previous)``
    writes it, plus ``#| msgctxt`` before each ``#| msgid`` (see the module's doc).

    Locations and obsolete entries are Babel features msgtemplate's catalogs never
    hold; a catalog with any is refused rather than written otherwise. (Nor are they
    merged from several files, which is where Babel's conflict markers come from.)
    """
    from babel.messages.pofile import normalize

    if catalog.obsolete:
        raise ValueError("catalog_bytes writes no obsolete entries")
    num_plurals = catalog.num_plurals
    out: list[str] = []
    add = out.append
    for message in catalog:
        if message.locations:
            raise ValueError("catalog_bytes writes no locations")
        if not message.id:  # the header "message"
            add(_header_comment(catalog.header_comment))
        for comment in message.user_comments:
            _comment(out, comment, "")
        for comment in message.auto_comments:
            _comment(out, comment, ".")
        if message.flags:
            add("#, " + ", ".join(sorted(message.flags)) + "\n")
        context = f"msgctxt {normalize(message.context, width=WIDTH)}\n" if message.context else ""
        if previous and message.previous_id:
            before = len(out)
            _comment(out, f"msgid {normalize(message.previous_id[0], width=WIDTH)}", "|")
            if len(message.previous_id) > 1:
                plural = normalize(message.previous_id[1], width=WIDTH)
                _comment(out, f"msgid_plural {plural}", "|")
            if context:
                first = "#| " + context.split("\n", 1)[0] + "\n"
                for index in range(len(out) - 1, before - 1, -1):
                    if out[index].startswith("#| msgid "):
                        out.insert(index, first)
        add(context)
        if isinstance(message.id, (list, tuple)):
            add(f"msgid {normalize(message.id[0], width=WIDTH)}\n")
            add(f"msgid_plural {normalize(message.id[1], width=WIDTH)}\n")
            strings = message.string
            for index in range(num_plurals):
                try:
                    string = strings[index]  # type: ignore[index]
                except IndexError:
                    string = ""
                add(f"msgstr[{index:d}] {normalize(string, width=WIDTH)}\n")
        else:
            add(f"msgid {normalize(message.id, width=WIDTH)}\n")
            add(f"msgstr {normalize(message.string or '', width=WIDTH)}\n")  # type: ignore[arg-type]
        add("\n")
    return "".join(out).encode(catalog.charset, "backslashreplace")


def _header_comment(text: str) -> str:
    """The catalog's header comment, each line wrapped as Babel wraps it."""
    wrapper = TextWrapper(width=WIDTH, subsequent_indent="# ", break_long_words=False)
    lines: list[str] = []
    for line in text.splitlines():
        lines += wrapper.wrap(line)
    return "\n".join(lines) + "\n"


def _comment(out: list[str], text: str, prefix: str) -> None:
    """Append the lines of comment ``text`` (``#. ...`` for prefix ``.``)."""
    for line in comment_lines(text):
        out.append(f"#{prefix} {line}\n")


def comment_lines(text: str) -> Iterable[str]:
    """The lines Babel writes for comment ``text``: ``textwrap`` at 76 columns, each
    line stripped.

    A text of at most 76 characters with no whitespace but spaces (no tab, line
    break or Unicode space: ``str.isprintable``) is one chunk sequence that fits,
    so ``textwrap`` returns it whole but for a trailing blank chunk, and nothing for
    a blank text; stripped, that is the text stripped.
    """
    if len(text) <= WIDTH and text.isprintable():
        text = text.strip()
        return (text,) if text else ()
    return _wrapped(text)


@cached("translate.po_comments")
def _wrapped(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in _wrapper.wrap(text))
