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
:func:`same_rule` says whether a file's header is that rule in other words.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
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


_TRIAL_NUMBERS: Final = (*range(0, 1001), 10**4, 10**5, 10**6, 2 * 10**6, 10**7, 1_000_001)


def same_rule(given: str, wanted: str) -> bool:
    """Whether two ``Plural-Forms`` values map every number tried to the same index
    (spacing and parentheses aside); an expression gettext cannot read never is."""
    if " ".join(given.split()) == " ".join(wanted.split()):
        return True
    parsed = [_parse_rule(given), _parse_rule(wanted)]
    if parsed[0] is None or parsed[1] is None or parsed[0][0] != parsed[1][0]:
        return False
    first, second = parsed[0][1], parsed[1][1]
    try:
        return all(first(n) == second(n) for n in _TRIAL_NUMBERS)
    except (ArithmeticError, ValueError, TypeError, RecursionError):
        return False


def _parse_rule(value: str) -> tuple[int, Callable[[int], int]] | None:
    fields = {}
    for part in value.split(";"):
        key, eq, rest = part.partition("=")
        if eq:
            fields[key.strip().lower()] = rest.strip()
    try:
        count = int(fields.get("nplurals", ""))
        return count, gettext.c2py(fields.get("plural", ""))
    except (ValueError, SyntaxError, RecursionError):
        return None
