"""Stale translations: which defaultLocale text a translated text was made from.

A variant may record, under ``sourceHash``, a short hash of the defaultLocale
title and body it translates (``msgtemplate import`` writes them). When the
default text changes, the hash no longer matches and that translation is *stale*:
``msgtemplate export`` marks it for review and the linter warns about it. A variant
without a recorded hash is of unknown age and never reported.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:
    from msgtemplate.pack.model import PackTemplate
    from msgtemplate.pack.variant import Variant

TextField = Literal["title", "body"]

FIELDS: Final[tuple[TextField, ...]] = ("title", "body")
"""The translated texts of a variant, in the order units and hashes list them."""

HASH_LENGTH: Final = 8
"""Hex digits kept: enough to notice an edit (one chance in 4 billion to miss one),
short enough to read in review."""


def source_hash(text: str) -> str:
    """The recorded form of a source text: the first hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def field_text(variant: Variant, field: TextField) -> str | None:
    """The text of ``field`` in ``variant`` (None for an absent title)."""
    text = variant.title if field == "title" else variant.body
    return text.text if text is not None else None


def stale_fields(template: PackTemplate, variant: Variant) -> tuple[TextField, ...]:
    """The fields of ``variant`` whose recorded source is no longer the default's text.

    The defaultLocale variant is the source and never stale; a field without a
    recorded hash is of unknown age and not reported.
    """
    default = template.content.get(template.default_locale or "")
    if default is None or default is variant or not variant.source_hashes:
        return ()
    stale: list[TextField] = []
    for field in FIELDS:
        recorded = variant.source_hashes.get(field)
        if recorded is None or field_text(variant, field) is None:
            continue
        source = field_text(default, field)
        if source is None or source_hash(source) != recorded:
            stale.append(field)
    return tuple(stale)
