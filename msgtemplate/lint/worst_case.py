"""The longest percent-encoded value each parameter type can take in a ``redirectUrl``.

Measured facts the redirectUrl length rules count (not API limits; those are in
:mod:`msgtemplate.api.spec`). Kept apart from :mod:`msgtemplate.lint.limits` so that
the rule table (:mod:`msgtemplate.lint.registry`) can quote them in the rules' docs.
"""

from __future__ import annotations

from typing import Final

ENCODED_CHAR_MAX: Final = 12
"""Longest percent-encoding of one character: 4 UTF-8 bytes as ``%XX%XX%XX%XX``."""

NUMBER_TYPES: Final = frozenset({"integer", "number", "currency", "percent"})

NUMBER_ENCODED_MAX: Final = 128
"""Longest percent-encoded integer, number, currency or percent value counted (not an
API limit). Measured over every locale Babel ships at the extremes the formatter
accepts (magnitudes up to 10**18, negative, with fractions): 121, a percent whose
digits are grouped with U+202F (``%E2%80%AF``, nine characters per separator)."""

DATE_ENCODED_MAX: Final[dict[str, int]] = {"short": 320, "medium": 320, "long": 512, "full": 1024}
"""Longest percent-encoded date, datetime or time value counted, by ``style`` (not an
API limit). Measured over every locale Babel ships, every month and weekday, and
time-zone names: 200 (short), 300 (medium), 451 (long), 899 (full); the longest are
Dzongkha and Mongolian, whose three-byte letters encode to nine characters each."""
