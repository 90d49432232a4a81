"""Reading any translation file: safe bytes, the format, the format's reader."""

from __future__ import annotations

from msgtemplate.translate import jsonflat, po, xliff, xliff2
from msgtemplate.translate.files import TranslationFile, decode, detect_format, read_bytes


def read_translation_file(path: str) -> TranslationFile:
    """Parse the PO, XLIFF 1.2/2.0 or flat JSON file at ``path``.

    Raises :class:`~msgtemplate.translate.units.ExchangeError` (with the
    position, when there is one) for anything unreadable: not a regular file, over
    the size cap, not UTF-8, not the format it claims, DTDs and entities in XML.
    """
    data = read_bytes(path)
    fmt = detect_format(path, data)
    if fmt == "xliff":
        decode(data, path)  # a bad byte is reported with its line, as for the others
        return xliff.read(data, path)
    if fmt == "xliff2":
        decode(data, path)
        return xliff2.read(data, path)
    text = decode(data, path)
    if fmt == "po":
        return po.read(text, path)
    return jsonflat.read(text, path)
