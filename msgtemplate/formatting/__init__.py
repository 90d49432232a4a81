"""Typed parameter values -> text in a locale (Babel, CLDR data).

A pack declares every placeholder's type (``string``, ``integer``, ``number``,
``currency``, ``percent``, ``date``, ``datetime``, ``time``, ``count``, ``select``);
this module checks a
declaration (:func:`parse_parameter_spec`, in :mod:`.declarations`), checks and
converts a value (:func:`coerce_value`, in :mod:`.values`) and writes it out the way
a reader of a locale expects (:func:`format_value`, :func:`compile_formatter`, in
:mod:`.compiled`, over Babel's patterns compiled by :mod:`.babel_patterns`).
``count`` and ``select`` values pick a phrase from a variant's ``forms``
(:func:`compile_forms`, CLDR plural categories: :mod:`.forms`).

Output is exactly what Babel's public functions (``format_decimal``,
``format_currency``, ``format_percent``, ``format_date``, ``format_datetime``,
``format_time``, default ``latn`` digits) return for the coerced value; the test suite
proves it with property tests. It is faster because :func:`compile_formatter` does per
(parameter, locale) everything Babel redoes per call: it looks the pattern, symbols,
currency sign, month and day names up once and keeps a small closure that only does
the arithmetic. Anything unusual (scientific, significant-digit or quoted number
patterns; date fields other than the common ones, such as time-zone names, weeks
and quarters) goes through Babel itself, so exactness never depends on this module
knowing every corner of CLDR.

Decisions (also in docs/parameters.md):

* ``string`` takes ``str`` only (a number for a string parameter is refused, not
  silently ``str()``-ed); ``maxLength`` counts characters (code points).
* ``bool`` is never a number; NaN and infinities are refused; numbers must be below
  :data:`MAX_MAGNITUDE` in absolute value; numeric strings are plain ASCII
  (``-1234.5``, ``1e3``), never locale-formatted (``1,234.5`` is ambiguous).
  Negative zero is shown as zero.
* ``date`` takes ``YYYY-MM-DD`` or a ``date`` (a ``datetime`` is refused: which
  day it is depends on a time zone the declaration does not have).
* ``datetime`` takes an ISO datetime *with* a UTC offset (``Z`` or ``+01:00``) or an
  aware ``datetime``; naive ones are refused rather than guessed. ``timezone`` is the
  zone it is *shown* in.
* ``time`` takes a time of day without offset (``14:30``, a naive ``time``), shown as
  is, or an instant (an ISO datetime with offset, an aware ``datetime``), converted
  to ``timezone``. A time of day with an offset is refused: without a date it cannot
  be converted correctly across daylight-saving changes.
"""

from msgtemplate.formatting.compiled import compile_formatter, format_value
from msgtemplate.formatting.declarations import (
    OPTION_KEYS,
    PARAMETER_TYPES,
    REQUIRED_OPTIONS,
    STYLES,
    TYPE_OPTIONS,
    DeclarationError,
    ParameterSpec,
    declaration_faults,
    parse_parameter_spec,
    read_declaration,
)
from msgtemplate.formatting.forms import (
    FORM_TYPES,
    PLURAL_CATEGORIES,
    compile_forms,
    longest_phrase,
    plural_categories,
    plural_category,
)
from msgtemplate.formatting.values import MAX_MAGNITUDE, ParameterError, coerce_value

SchemaError = DeclarationError
"""The old name of :class:`DeclarationError` (it clashed with :mod:`msgtemplate.pack.schema`);
kept for one release."""

__all__ = [
    "FORM_TYPES",
    "MAX_MAGNITUDE",
    "OPTION_KEYS",
    "PARAMETER_TYPES",
    "PLURAL_CATEGORIES",
    "REQUIRED_OPTIONS",
    "STYLES",
    "TYPE_OPTIONS",
    "DeclarationError",
    "ParameterError",
    "ParameterSpec",
    "SchemaError",
    "coerce_value",
    "compile_formatter",
    "compile_forms",
    "declaration_faults",
    "format_value",
    "longest_phrase",
    "parse_parameter_spec",
    "plural_categories",
    "plural_category",
    "read_declaration",
]
