"""gettext PO, written and read with Babel's ``babel.messages.pofile``.

One entry per unit: ``msgctxt`` is the unit id, ``msgid`` the source text,
``msgstr`` the translation (empty when there is none), translator notes as
extracted comments (``#.``). A translation to review (stale, or whose line
breaks at either end differ from the source's, which ``msgfmt --check`` rejects)
is ``#, fuzzy``. Units with placeholders carry Weblate's ``placeholders:`` flag so
that Weblate checks ``${name}`` is kept. The header names the language
(``Language: pt_BR``) with CLDR's plural rule for it, via Babel; files pass
``msgfmt --check``.

Babel guesses ``python-format`` and ``python-brace-format`` from the text
(``${name}`` holds ``{name}``); neither is true here, and msgfmt would check them,
so they are removed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from msgtemplate.template.syntax import PLACEHOLDER_REGEX
from msgtemplate.translate.files import ExportHeader, ImportedUnit, TranslationFile
from msgtemplate.translate.units import ExchangeError, Unit

if TYPE_CHECKING:
    from babel import Locale
    from babel.messages.catalog import Message

WEBLATE_FLAG: Final = f'placeholders:r"{PLACEHOLDER_REGEX}"'
"""Weblate's flag that makes every ``${name}`` a placeholder its checks protect
(no commas: PO flags are comma-separated)."""

_GUESSED_FLAGS: Final = frozenset({"python-format", "python-brace-format"})


def write(units: Sequence[Unit], header: ExportHeader) -> bytes:
    """A PO file of ``units`` for ``header.target_locale`` (UTF-8 bytes)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(
        locale=_babel_locale(header.target_locale),
        domain=header.pack_name,
        project=header.pack_name,
        version=header.revision,
        creation_date=header.date,
        revision_date=header.date,
        last_translator="msgtemplate export",
        language_team=f"{header.target_locale} translators",
        charset="UTF-8",
        fuzzy=False,
    )
    catalog.msgid_bugs_address = ""  # Babel's placeholder e-mail otherwise
    catalog.header_comment = (
        f"# {header.pack_name}: {header.source_locale} -> {header.target_locale}, "
        "exported by msgtemplate.\n"
        f"# Translate the msgstr lines; bring the file back with `msgtemplate import`.\n#"
    )
    for unit in units:
        needs_review = unit.target is not None and (
            unit.stale or _breaks_differ(unit.source, unit.target)
        )
        flags = ["fuzzy"] if needs_review else []
        if unit.parameters:
            flags.append(WEBLATE_FLAG)
        message = catalog.add(
            unit.source,
            string=unit.target or "",
            context=unit.id,
            auto_comments=unit.notes(previous=False),
            flags=flags,
            # msgmerge --previous's convention: what a fuzzy entry was translated from.
            previous_id=[unit.previous] if needs_review and unit.previous else (),
        )
        drop_guessed_flags(message)
    out = io.BytesIO()
    write_po(out, catalog, width=76, omit_header=False, include_previous=True)
    return _previous_context(out.getvalue())


def _previous_context(data: bytes) -> bytes:
    """Add ``#| msgctxt`` before each ``#| msgid`` (Babel writes only the latter; gettext
    writes both when the entry has a context, and ours always has: the unit id)."""
    if b"\n#| msgid " not in data:
        return data
    lines = data.split(b"\n")
    out: list[bytes] = []
    for index, line in enumerate(lines):
        if line.startswith(b"#| msgid "):
            context = next((x for x in lines[index + 1 :] if x.startswith(b"msgctxt ")), None)
            if context is not None:
                out.append(b"#| " + context)
        out.append(line)
    return b"\n".join(out)


def _babel_locale(tag: str) -> str | Locale:
    """The tag as gettext spells it (``pt_BR``) when Babel knows it; else the nearest
    CLDR locale, so the header still gets a plural rule."""
    from babel import Locale, UnknownLocaleError

    from msgtemplate.locales import babel_locale

    ident = tag.replace("-", "_")
    try:
        Locale.parse(ident)
    except (UnknownLocaleError, ValueError):
        return babel_locale(tag)
    return ident


def drop_guessed_flags(message: Message | None) -> None:
    """Babel's guessed format flags off ``message`` (shared with the POT writer)."""
    if message is not None:
        message.flags -= _GUESSED_FLAGS


def _breaks_differ(source: str, target: str) -> bool:
    return (source.startswith("\n"), source.endswith("\n")) != (
        target.startswith("\n"),
        target.endswith("\n"),
    )


# --- reading ------------------------------------------------------------------------


def read(text: str, path: str) -> TranslationFile:
    """The units of a PO file, with the lines of their ``msgstr`` and ``msgctxt``."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import PoFileError, PoFileParser

    seen: list[Message] = []

    class Recording(Catalog):
        """Keeps every entry in file order: a catalog merges repeated ids silently."""

        def __setitem__(self, id: str | tuple[str, ...] | list[str], message: Message) -> None:
            if message.id != "":
                seen.append(message)
            super().__setitem__(id, message)

    catalog = Recording()
    parser = PoFileParser(catalog, ignore_obsolete=True, abort_invalid=True)
    lines = text.split("\n")
    try:
        parser.parse(io.StringIO(text))
    except PoFileError as exc:
        line = exc.lineno + 1
        raise ExchangeError(f"invalid PO: {_reason(exc)}", path=path, line=line, column=1) from None
    except (ValueError, TypeError, LookupError) as exc:
        # Babel's header parsing (dates, plural forms) raises on garbage values.
        raise ExchangeError(f"invalid PO header: {exc}".splitlines()[0], path=path) from None
    units: list[ImportedUnit] = []
    for message in seen:
        start = (message.lineno or 1) - 1
        if isinstance(message.id, (list, tuple)):
            raise ExchangeError(
                "plural entries (msgid_plural) are not supported: templates have no plural forms",
                path=path,
                line=start + 1,
                column=1,
            )
        if message.context is None:
            raise ExchangeError(
                "entry without msgctxt: msgtemplate's PO files name each unit in msgctxt "
                "(TEMPLATE_CODE.title or .body)",
                path=path,
                line=start + 1,
                column=1,
            )
        string = message.string if isinstance(message.string, str) else ""
        units.append(
            ImportedUnit(
                id=message.context,
                target=string,
                source=message.id,
                fuzzy=message.fuzzy,
                line=_find(lines, start, "msgstr", forward=True),
                column=1,
                id_line=_find(lines, start, "msgctxt", forward=False),
                id_column=1,
            )
        )
    language = catalog.locale_identifier
    return TranslationFile(
        path=path,
        format="po",
        target_language=language.replace("_", "-") if language else None,
        source_language=None,
        units=tuple(units),
        language_line=_header_line(lines, "Language:"),
    )


def _reason(exc: Exception) -> str:
    message = str(exc.args[0]) if exc.args else str(exc)
    return message.splitlines()[0] if message else "unreadable entry"


def _find(lines: list[str], start: int, keyword: str, *, forward: bool) -> int:
    """1-based line of the first line starting with ``keyword`` from ``start`` on (or
    back), within the entry; ``start + 1`` when there is none."""
    step = 1 if forward else -1
    index = start
    while 0 <= index < len(lines):
        stripped = lines[index].lstrip()
        if stripped.startswith(keyword):
            return index + 1
        if index != start and not stripped and not forward:
            break  # a blank line ends the entry above
        index += step
    return start + 1


def _header_line(lines: list[str], field: str) -> int:
    needle = f'"{field}'
    for index, line in enumerate(lines[:200]):
        if line.lstrip().startswith(needle):
            return index + 1
    return 1
