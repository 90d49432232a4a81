"""Translator exchange: a pack's texts out to PO, XLIFF 1.2/2.0 and flat JSON, and
translations back in, checked and written surgically.

Modules, one job each: ``units`` (what a translator gets, one unit per title and
body; locales), ``files`` (shared types, safe reading, format detection), ``po``,
``xliff``, ``xliff2``, ``jsonflat`` (one format each, both directions),
``export`` (files for target locales); ``forms_units`` (count and select ``forms``
as units, and how each format writes them), ``forms_import`` (reading them back,
checked), ``forms_xliff`` (their XLIFF 1.2 plural groups), ``forms_edit`` (writing
them into the pack); ``plurals`` (gettext's ``Plural-Forms`` for CLDR's rules).
"""

from msgtemplate.translate.export import ExportedFile, export_pack
from msgtemplate.translate.files import FORMATS, ExchangeFormat
from msgtemplate.translate.units import ExchangeError, Unit, units_for

__all__ = [
    "FORMATS",
    "ExchangeError",
    "ExchangeFormat",
    "ExportedFile",
    "Unit",
    "export_pack",
    "units_for",
]
