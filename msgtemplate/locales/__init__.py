"""Locale tags and CLDR language matching: which variant a reader gets.

* :func:`match_locale` / :class:`LocaleMatcher`: the available tag that best serves
  a reader's preference list, by CLDR language distance, as ICU's LocaleMatcher
  picks it with its default options (see :mod:`msgtemplate.locales.matcher`),
  never crossing scripts unless asked; :func:`explain_match` says why, in words
  and figures ("en-AU -> en-GB: same language and script, regions in one
  cluster, distance 3").
* :func:`normalize_requested`: any well-formed BCP 47 tag a reader may send
  (``und-TW``, ``x-private``, extensions), checked and in canonical case;
  :func:`check_reader_tag` also refuses reserved language subtags (``english``).
* :func:`normalize_tag`, :func:`maximize`, :func:`fallback_chain`,
  :func:`babel_locale`: strict handling of known tags (pack content keys), likely
  subtags, CLDR's parent chain and the Babel locale to format values in.

Data: CLDR's language-matching rules from ``language_data`` (the data package of
``langcodes``); BCP 47 syntax from ``langcodes``; likely subtags, aliases and
parent locales from Babel. Everything is loaded on first use, not at import.
"""

from __future__ import annotations

from msgtemplate.locales.errors import LocaleError
from msgtemplate.locales.explain import Candidate, MatchExplanation
from msgtemplate.locales.lsr import check_reader_tag, normalize_requested
from msgtemplate.locales.matcher import (
    LocaleMatcher,
    MatchHow,
    explain_match,
    match_locale,
)
from msgtemplate.locales.tags import babel_locale, fallback_chain, maximize, normalize_tag

__all__ = [
    "Candidate",
    "LocaleError",
    "LocaleMatcher",
    "MatchExplanation",
    "MatchHow",
    "babel_locale",
    "check_reader_tag",
    "explain_match",
    "fallback_chain",
    "match_locale",
    "maximize",
    "normalize_requested",
    "normalize_tag",
]
