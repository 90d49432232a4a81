"""gettext POT: the template every translation starts from (``msgmerge``, ``msginit``
and translation platforms take it as the source file).

The same entries as a PO export (``msgctxt`` the unit id, ``msgid`` the source text,
translator notes as ``#.`` comments, Weblate's ``placeholders:`` flag) with every
``msgstr`` empty, and gettext's template header: no ``Language``, the header marked
fuzzy, ``Plural-Forms`` left to ``msginit``. The file passes ``msgfmt --check``;
``msginit`` and ``msgmerge`` make and update PO files from it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from msgtemplate.translate import forms_units
from msgtemplate.translate.files import ExportHeader
from msgtemplate.translate.po import WEBLATE_FLAG, drop_guessed_flags
from msgtemplate.translate.units import Unit


def write(units: Sequence[Unit], header: ExportHeader) -> bytes:
    """A POT file of the source ``units`` (UTF-8 bytes); translations are never in it."""
    from babel.messages.catalog import Catalog

    from msgtemplate.translate.po_writer import catalog_bytes

    catalog = Catalog(
        locale=None,
        domain=header.pack_name,
        project=header.pack_name,
        version=header.revision,
        creation_date=header.date,
        charset="UTF-8",
        fuzzy=True,  # gettext's convention for a template's header
    )
    catalog.msgid_bugs_address = ""
    catalog.header_comment = (
        f"# {header.pack_name}: source texts ({header.source_locale}), exported by msgtemplate.\n"
        "# Start a translation with `msginit -l LL -i FILE.pot`, update one with `msgmerge`;\n"
        "# bring it back with `msgtemplate import`.\n#"
    )
    for unit in units:
        if isinstance(unit, forms_units.PluralUnit):
            drop_guessed_flags(forms_units.add_po_plural(catalog, unit, template=True))
            continue
        source = dataclasses.replace(unit, target=None, stale=False)
        message = catalog.add(
            source.source,
            string="",
            context=source.id,
            auto_comments=source.notes(),
            flags=[WEBLATE_FLAG] if source.parameters else [],
        )
        drop_guessed_flags(message)
    return catalog_bytes(catalog)
