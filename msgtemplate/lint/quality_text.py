"""Translation-quality checks on one text against its source, in the spirit of
translate-toolkit's ``pofilter`` and Weblate's checks, for ``${name}`` texts.

Pure functions of two strings (and the target locale's tag): each returns what is
wrong in words, or nothing. Placeholders are masked first, so a value's position
never counts as a number, a bracket or punctuation. Locale-aware where languages
differ legitimately: digit shapes (Arabic-Indic, full-width...) and grouping and
decimal separators (``1,234.5`` in English is ``1.234,5`` in German and
``1 234,5`` in French), full-width CJK punctuation (``。！？：``), Arabic ``؟``
and ``،``, Spanish opening ``¡¿``, French spaces before ``:;!?``, languages that
end sentences without a period (Thai, Lao, Khmer, Burmese).

The lint family :mod:`msgtemplate.lint.quality` reports these as MT9xx rules;
:mod:`msgtemplate.translate.checks` uses :func:`newline_edges_differ` at import.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal, InvalidOperation
from typing import Final

from msgtemplate.caches import cached
from msgtemplate.template import PLACEHOLDER_REGEX, scanner

URL: Final = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'`，。、）」』】]+", re.IGNORECASE)
_URL_START: Final = re.compile(r"https?://|www\.", re.IGNORECASE)
"""What every :data:`URL` match holds (its first part, the same flags)."""
EMAIL: Final = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# A number: digit runs (any script's decimal digits) joined by single separators.
_NUMBER: Final = re.compile(r"\d+(?:[.,\u00a0\u202f\u066b\u066c' ]\d+)*")
_TRAILING_URL_PUNCT: Final = ".,;:!?)]"


@cached("lint.masked")
def mask(text: str) -> str:
    """``text`` with placeholders (and ``$$``) replaced by one space-free mark each, so
    their names never count as words, numbers or punctuation (the template language's
    own scanner finds them: ``$${x}`` is text).

    Cached: every check of a pair masks both texts, and a source text is compared
    with each of its translations in turn (measured: 15 scans per pair before)."""
    if "$" not in text:
        return text  # one TEXT token: nothing to mask
    # Most texts hold no `$` but their placeholders' (as template.syntax.parse finds):
    # when one C-level substitution leaves no `$`, every `$` began a placeholder
    # where the scanner's tokens begin (a `$$` always leaves its first `$`).
    masked = _PLACEHOLDER.sub("\ufffc", text)
    if "$" not in masked:
        return masked
    return "".join(
        "\ufffc" if token.lastgroup in ("PLACEHOLDER", "ESCAPED_DOLLAR") else token.group()
        for token in scanner().finditer(text)
    )


_PLACEHOLDER: Final = re.compile(PLACEHOLDER_REGEX)


# --- line breaks at the ends -------------------------------------------------------


def newline_edges_differ(source: str, target: str) -> str | None:
    """gettext's rule (``msgfmt --check``): a translation begins with a line break
    exactly when its source does, and ends with one exactly when its source does.
    Returns what differs, in words, or None. The linter applies the same rule to the
    pack (MT901), so nothing import accepts fails msgfmt on a later export."""
    for where, test in (("begins", str.startswith), ("ends", str.endswith)):
        in_source, in_target = test(source, "\n"), test(target, "\n")
        if in_source != in_target:
            one, other = ("source text", "translation") if in_source else ("translation", "source")
            return (
                f"the {one} {where} with a line break and the {other} does not "
                "(gettext's msgfmt --check refuses that)"
            )
    return None


# --- URLs and e-mail addresses ------------------------------------------------------


def urls(text: str) -> list[str]:
    masked = mask(text)
    if _URL_START.search(masked) is None:
        return []  # most texts: one quick scan for what every URL starts with
    return [m.group().rstrip(_TRAILING_URL_PUNCT) for m in URL.finditer(masked)]


def emails(text: str) -> list[str]:
    masked = mask(text)
    if "@" not in masked:
        return []
    return [m.group() for m in EMAIL.finditer(masked)]


def missing_items(source: list[str], target: list[str]) -> list[str]:
    """Items of ``source`` the target does not carry unchanged (as a multiset)."""
    left = Counter(target)
    out = []
    for item in source:
        if left[item]:
            left[item] -= 1
        else:
            out.append(item)
    return out


# --- numbers --------------------------------------------------------------------------


@cached("lint.number_separators")
def _separators(tag: str) -> tuple[str, str]:
    """(group, decimal) symbols of ``tag``'s locale in CLDR (``(",", ".")`` if unknown)."""
    from msgtemplate.errors import MsgTemplateError
    from msgtemplate.locales import babel_locale

    try:
        latn = babel_locale(tag).number_symbols["latn"]
        return str(latn.get("group", ",")), str(latn.get("decimal", "."))
    except (MsgTemplateError, LookupError, AttributeError, TypeError):
        return ",", "."


_ASCII_RUNS: Final = re.compile(r"[\x00-\x7f]+")


def _ascii_digits(text: str) -> str:
    """Every decimal digit of any script as ASCII (``٣`` -> ``3``, ``３`` -> ``3``)."""
    # Most texts have no digit beyond ASCII: tell so without a Python step per character.
    if text.isascii() or not any(map(str.isdigit, _ASCII_RUNS.sub("", text))):
        return text
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c
                   for c in text)  # fmt: skip


def _marks(tag: str) -> tuple[set[str], set[str]]:
    """(group, decimal) marks a number of ``tag``'s locale may hold."""
    group, decimal = _separators(tag)
    return {group, "\u00a0", "\u202f", "\u066c", "'", " "} - {decimal}, {decimal, "\u066b"}


@cached("lint.numbers")
def numbers(text: str, tag: str) -> tuple[Decimal, ...]:
    """The numbers of ``text`` as values, read the way ``tag``'s locale writes them.

    Cached: a source text is compared with each of its translations in turn."""
    out: list[Decimal] = []
    marks_of: tuple[set[str], set[str]] | None = None  # the locale's, when a number has one
    for token in _NUMBER.findall(_ascii_digits(mask(text))):  # no groups: whole matches
        if token.isdigit():  # one run of digits (most numbers): nothing to read
            out.append(_decimal(token))
            continue
        if marks_of is None:
            marks_of = _marks(tag)
        groups, decimals = marks_of
        # A separator seen once, followed by other than 3 digits, is a decimal mark in
        # any locale (2.5, 2,5); grouping always splits into threes.
        pieces = re.split(r"([^\d])", token)
        digits = pieces[0::2]
        marks = pieces[1::2]
        value = digits[0]
        for mark, run in zip(marks, digits[1:], strict=True):
            if mark in decimals and (mark not in groups):
                value += "." + run
            elif mark in groups and len(run) == 3:
                value += run
            elif mark in (",", ".") and mark not in groups:
                value += "." + run
            else:  # two numbers that happen to touch ("3 4"): keep them apart
                out.append(_decimal(value))
                value = run
        out.append(_decimal(value))
    return tuple(out)


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.rstrip(".")).normalize()
    except InvalidOperation:  # pragma: no cover - the pattern only builds digits and one dot
        return Decimal(0)


def changed_numbers(source: str, target: str, source_tag: str, target_tag: str) -> list[str]:
    """Numbers of ``source`` the translation dropped or changed (as written in the source)."""
    return lost_numbers(source, numbers(source, source_tag), numbers(target, target_tag))


def lost_numbers(source: str, wanted: tuple[Decimal, ...], found: tuple[Decimal, ...]) -> list[str]:
    """:func:`changed_numbers` given the numbers of both texts (``wanted``: the
    source's; ``found``: the translation's)."""
    if wanted == found:
        return []  # the same numbers in the same order (most translations)
    have = Counter(found)
    lost: list[int] = []
    for index, value in enumerate(wanted):
        if have[value]:
            have[value] -= 1
        else:
            lost.append(index)
    if not lost:
        return []
    shown = _NUMBER.findall(_ascii_digits(mask(source)))
    return [shown[index] if index < len(shown) else str(wanted[index]) for index in lost]


# --- whitespace ----------------------------------------------------------------------------


def edge_spaces(text: str) -> tuple[str, str]:
    """The spaces and tabs a text starts and ends with (line breaks are MT901's)."""
    body = text.strip("\n")
    start = body[: len(body) - len(body.lstrip(" \t\u3000"))]
    end = body[len(body.rstrip(" \t\u3000")) :]
    return start, end


def doubled_spaces(text: str) -> int:
    if "  " not in text:
        return 0  # masking never puts two spaces side by side
    return len(_DOUBLED.findall(mask(text)))


_DOUBLED: Final = re.compile(r"(?<=\S) {2,}(?=\S)")


# --- end punctuation -------------------------------------------------------------------------

_END_CLASS: Final[dict[str, str]] = {
    ".": "period", "。": "period", "｡": "period", "۔": "period", "।": "period",
    "!": "exclamation", "！": "exclamation", "¡": "exclamation",
    "?": "question", "？": "question", "؟": "question", "¿": "question",
    ":": "colon", "：": "colon",
    ";": "semicolon", "；": "semicolon", "؛": "semicolon",
    ",": "comma", "，": "comma", "،": "comma", "、": "comma",
    "…": "ellipsis",
}  # fmt: skip
# Closing quotes and brackets may follow the sentence's mark ("... shipped.)" / 」).
_CLOSERS: Final = "\"'”’»›)]}）」』】〕〉》\u3000 \t\n\ufffc"
_NO_PERIOD_LANGUAGES: Final = frozenset({"th", "lo", "km", "my"})
# Chinese, Japanese and Korean notifications often end without 。 (after a counter or
# a value), and a polite Japanese or Chinese text ends an exclamation with 。.
_CJK: Final = frozenset({"ja", "zh", "ko", "yue"})


def end_class(text: str) -> str | None:
    """The class of the text's final punctuation (``period``, ``question``...), or None."""
    body = mask(text).rstrip(_CLOSERS.replace("\ufffc", ""))
    if body.endswith(("...", "…")):
        return "ellipsis"
    return _END_CLASS.get(body[-1:]) if body else None


def end_punctuation(source: str, target: str, target_tag: str) -> str | None:
    """What is wrong with the translation's last punctuation mark, or None."""
    return end_mark_problem(end_class(source), target, target_tag)


def end_mark_problem(want: str | None, target: str, target_tag: str) -> str | None:
    """:func:`end_punctuation` given the source's :func:`end_class` (``want``)."""
    language = target_tag.replace("_", "-").split("-")[0].lower()
    have = end_class(target)
    if language == "es" and have in ("question", "exclamation"):
        opening = "¿" if have == "question" else "¡"
        if opening not in target:
            return f"{_a(have)} in Spanish needs its opening '{opening}'"
    if want == have or want is None:
        return None
    if language in _CJK and want in ("period", "exclamation") and have in (None, "period"):
        return None
    if have is None:
        if want == "period" and language in _NO_PERIOD_LANGUAGES:
            return None
        if mask(target).rstrip(_CLOSERS.replace("\ufffc", "")).endswith("\ufffc"):
            return None  # ends with a value, which may carry its own mark
        return f"the source ends with {_a(want)} mark and the translation with none"
    return f"the source ends with {_a(want)} mark and the translation with {_a(have)} mark"


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


# --- brackets and quotes ----------------------------------------------------------------------

_PAIRS: Final[tuple[tuple[str, str, str], ...]] = (
    ("()", "（", "）"),
    ("[]", "［", "］"),
    ("{}", "｛", "｝"),
    ("「」", "", ""),
    ("『』", "", ""),
    ("【】", "", ""),
    ("《》", "", ""),
    ("〈〉", "", ""),
    ("«»", "", ""),
)
# Curly double quotes pair differently by language (English “…”, German „…“, Swedish
# ”…”): only their total count must be even.
_CURLY: Final = "“”„‟"
_PAIRED: Final = re.compile(
    "[" + re.escape("".join(p + o + c for p, o, c in _PAIRS) + '"' + _CURLY) + "]"
)
"""Any character :func:`unbalanced` counts: most texts have none, and then nothing is."""


@cached("lint.unbalanced")
def unbalanced(text: str) -> tuple[str, ...]:
    """Bracket and quote pairs that do not balance in ``text`` (full-width forms count
    as their ASCII pair), in words: ``"'(' without ')'"``. Cached as :func:`numbers`."""
    masked = mask(text)
    if _PAIRED.search(masked) is None:
        return ()
    out: list[str] = []
    for pair, wide_open, wide_close in _PAIRS:
        opening, closing = pair[0], pair[1]
        opened = masked.count(opening) + (masked.count(wide_open) if wide_open else 0)
        closed = masked.count(closing) + (masked.count(wide_close) if wide_close else 0)
        if opened != closed:
            out.append(f"{opened} '{opening}' and {closed} '{closing}'")
    for marks, shown in (('"', "'\"'"), (_CURLY, "curly double quotes")):
        count = sum(masked.count(mark) for mark in marks)
        if count % 2:
            out.append(f"an odd number ({count}) of {shown}")
    return tuple(out)


# --- untranslated and length -------------------------------------------------------------------


def has_words(text: str) -> bool:
    """Whether ``text`` holds any letter outside placeholders (a text of values,
    numbers and punctuation is the same in every language)."""
    return any(c.isalpha() for c in mask(text).replace("\ufffc", ""))


EXPANSION: Final[tuple[tuple[int, float], ...]] = (
    (10, 3.0),
    (20, 2.0),
    (30, 1.8),
    (50, 1.6),
    (70, 1.7),
    (10**9, 1.5),
)
"""Largest expected translation length, as a multiple of the source's, by source
length in characters (placeholders not counted): short texts grow most. After IBM's
globalization guidelines for text expansion (up to 10 characters 200-300%, 11-20
180-200%, 21-30 160-180%, 31-50 140-160%, 51-70 151-170%, over 70 130%), taking the
top of each range and a little more beyond 70, so only real outliers are reported."""


def visible_length(text: str) -> int:
    """Characters a reader sees (placeholders left out)."""
    return len(mask(text).replace("\ufffc", "").strip())


EXPANSION_SLACK: Final = 10
"""Characters any translation may add whatever the ratio: "Hi" may become "Salut !"."""


COMPACT_SOURCE: Final = 1.5
"""The table is measured from English; a source in another script (Arabic, Hebrew,
Cyrillic, CJK...) is denser, so its translations may grow this much more."""


@cached("lint.expansion_limit")
def expansion_limit(source: str, ratio: float | None = None) -> float:
    """The ratio a translation of ``source`` may reach; ``ratio`` (configured)
    replaces the table. Cached as :func:`numbers`."""
    if ratio is not None:
        return ratio
    length = visible_length(source)
    limit = next(limit for upto, limit in EXPANSION if length <= upto)
    if source.isascii():
        return limit  # every letter is a Latin one
    letters = [c for c in mask(source) if c.isalpha()]
    # Every ASCII letter is a LATIN one: only the others need their Unicode name.
    latin = sum(1 for c in letters if c.isascii() or "LATIN" in unicodedata.name(c, ""))
    return limit * COMPACT_SOURCE if letters and latin * 2 < len(letters) else limit
