"""gettext's view of CLDR plural rules: the ``Plural-Forms`` header and ``msgstr[n]`` order.

A count form set travels in a PO file as one plural entry whose ``msgstr[n]`` are the
target locale's CLDR categories in CLDR order (Polish: ``one``, ``few``, ``many``,
``other``), and the header's ``plural=`` expression maps an integer n to that index.
:func:`plural_forms` builds the header from the same CLDR data the renderer uses
(Babel's ``to_gettext``), not from gettext's traditional table, whose form counts
differ (gettext gives Polish 3 forms, CLDR 4: ``other`` takes the decimals).

Babel's ``to_gettext`` writes CLDR's ``e`` and ``c`` operands (the compact-notation
exponent, in the French, Spanish, Italian and Portuguese ``many`` rules) as names
gettext cannot evaluate, and ``msgfmt --check`` refuses the file. For the integer n
gettext evaluates, written plainly, the exponent is 0, so they are written as ``0``.
A test runs ``msgfmt --check`` on a file with a plural entry for every CLDR locale.
"""

from __future__ import annotations

import re
from typing import Final

import babel.plural

from msgtemplate.caches import cached
from msgtemplate.formatting import plural_categories
from msgtemplate.locales import babel_locale

_EXPONENT: Final = re.compile(r"\b[ce]\b")


@cached("translate.plural_forms")
def plural_forms(locale_tag: str) -> str:
    """``nplurals=4; plural=(...);`` for ``locale_tag``, by CLDR, as gettext reads it."""
    expression = babel.plural.to_gettext(babel_locale(locale_tag).plural_form)
    return _EXPONENT.sub("0", expression)


def gettext_order(locale_tag: str) -> tuple[str, ...]:
    """The category of each ``msgstr[n]`` for ``locale_tag``: CLDR's categories in
    CLDR order, which is the index order :func:`plural_forms` uses."""
    return plural_categories(locale_tag)
