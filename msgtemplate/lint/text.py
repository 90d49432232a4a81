"""Text rules: near-miss placeholder syntax, and invisible or bidi control characters.

Near-miss detection must stay quiet on ordinary prose (``$5``, ``US$ 12``, ``{`` in a
sentence, ``100%``), so each pattern is narrow:

* ``$name``: only when ``name`` is a declared parameter, or an identifier of two or
  more characters with a lower-case letter (``$orderId``, not ``$US`` or ``$5``);
* ``{name}``: a declared parameter or an ASCII identifier; ``{{name}}`` always;
* ``{0}``, ``%s``, ``%d``, ``%1$s``, ``%@``, ``%(name)s``: positional/printf slots;
* full-width ``＄｛name｝`` (or any mix of full-width and ASCII ``$``/braces).

Valid ``${name}`` placeholders and ``$$`` escapes (with a ``{...}`` right after
``$$``, which is a deliberate literal) are masked first, so they never match.
``${ name }`` is a syntax error of the template language and is reported (with the
fix) by ``invalid-template-syntax``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from msgtemplate._text.charsets import (
    CONTROL,
    SUSPECT,
    HiddenKind,
    controls,
    describe,
    describe_control,
    hidden,
)
from msgtemplate.document.lines import line_column, line_starts
from msgtemplate.document.source import Document, ScalarNode, strings_where
from msgtemplate.lint._walk import texts
from msgtemplate.lint.comments import comment_starts
from msgtemplate.lint.findings import Finding, Rule
from msgtemplate.lint.model import LintModel
from msgtemplate.lint.registry import BIDI_CONTROL, CONTROL_CHARACTER, INVISIBLE, NEAR_MISS
from msgtemplate.template.syntax import NAME_PATTERN, PLACEHOLDER_REGEX, scanner

_KIND_RULES: dict[HiddenKind, Rule] = {"bidi": BIDI_CONTROL, "invisible": INVISIBLE}
# What a backslash escape in a JSON string or a double-quoted YAML scalar stands for,
# for escapes other than \x, \u and \U. Only ASCII-or-not matters here (it decides
# whether a joiner is next to ASCII), so unknown escapes stand for themselves.
_SIMPLE_ESCAPES = {"N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|.", re.DOTALL)
_DOUBLE_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def rule_for_kind(kind: HiddenKind) -> Rule:
    """MT602 for a bidi control, MT603 for an invisible character."""
    return _KIND_RULES[kind]


def check(model: LintModel) -> Iterator[Finding]:
    yield from _near_misses(model)
    yield from _invisible(model)
    yield from _controls(model)


def _controls(model: LintModel) -> Iterator[Finding]:
    """Control characters in any string of a pack (YAML refuses them raw, so they
    come as escapes): one finding per string, at the string."""
    if model.kind != "pack":
        return
    text = model.document.text
    if "\\" not in text and CONTROL.search(text) is None:
        # A string holds a control character as written (YAML refuses most raw, JSON
        # all) or as an escape: with neither in the text, no string holds one.
        return
    for node in strings_where(model.document.root, CONTROL.search):
        value = node.value
        assert isinstance(value, str)
        found = list(dict.fromkeys(value[i] for i in controls(value)))
        named = ", ".join(describe_control(c) for c in found[:3])
        more = f" and {len(found) - 3} more" if len(found) > 3 else ""
        yield model.finding(
            CONTROL_CHARACTER, node.line, node.column, f"holds {named}{more}; remove it"
        )


def _near_misses(model: LintModel) -> Iterator[Finding]:
    if model.pack is None:
        return
    for template in model.pack.templates.values():
        declared = model.declared[template.code]
        for field, variant, text in texts(template):
            where = field if variant is None else f"{variant.locale} {field}"
            for miss in near_misses(text.text, declared):
                line, column = text.position(miss.offset)
                # The end is one past the last character (SARIF's, and editors', rule).
                end_line, last = text.position(miss.offset + miss.length - 1)
                yield model.finding(
                    NEAR_MISS,
                    line,
                    column,
                    f"{where}: {miss.message}",
                    end_line=end_line,
                    end_column=last + 1,
                )


def _invisible(model: LintModel) -> Iterator[Finding]:
    """Invisible and bidi characters anywhere in the file (keys, values, comments).

    In a request body every key and value is checked by
    :func:`msgtemplate.api.checks.check_request_body` (reported by the body rules at
    the character), so only YAML comments are left to look at here.
    """
    document = model.document
    text = document.text
    if model.kind == "body":
        if document.format == "yaml" and SUSPECT.search(text):
            yield from _in_comments(model, text)
        return
    if SUSPECT.search(text):
        for line_no, line in enumerate(model.lines, start=1):
            for index, kind in hidden(line):
                yield model.finding(_KIND_RULES[kind], line_no, index + 1, _message(line[index]))
    if "\\" in text:
        # JSON strings and double-quoted YAML scalars can spell them as escapes
        # ("\\u202e"): the text above holds only ASCII there.
        for node in strings_where(document.root, SUSPECT.search):
            for hit in hidden_in_scalar(document, node):
                if hit.escaped:
                    rule = _KIND_RULES[hit.kind]
                    message = _message(hit.char) + " (escaped)"
                    yield model.finding(rule, hit.line, hit.column, message)


def _in_comments(model: LintModel, text: str) -> Iterator[Finding]:
    lines = model.lines
    for line_no, start in comment_starts(text).items():
        line = lines[line_no - 1]
        for index, kind in hidden(line[start:]):
            char = line[start + index]
            yield model.finding(_KIND_RULES[kind], line_no, start + index + 1, _message(char))


def _message(char: str) -> str:
    return f"{describe(char)}; remove it"


@dataclass(frozen=True, slots=True)
class Hidden:
    """A hidden character of a scalar: where it is written, and whether as an escape."""

    line: int
    column: int
    char: str
    kind: HiddenKind
    escaped: bool


def hidden_in_scalar(document: Document, node: ScalarNode) -> list[Hidden]:
    """Every hidden character of a string scalar, at the line and column it is written.

    Escapes (``\\u202e``) are found in JSON strings and double-quoted YAML scalars;
    other scalars can only hold the characters themselves.
    """
    value = node.value if isinstance(node.value, str) else node.text
    starts = line_starts(document.text, document.format)
    if not 0 < node.line <= len(starts):
        return []
    offset = starts[node.line - 1] + node.column - 1
    text = document.text
    quoted = _DOUBLE_QUOTED.match(text, offset) if text[offset : offset + 1] == '"' else None
    out: list[Hidden] = []
    if quoted is None:
        cursor = offset
        for index, kind in hidden(value):
            found = text.find(value[index], cursor)
            where = found if found != -1 else offset
            cursor = found + 1 if found != -1 else cursor
            out.append(Hidden(*line_column(starts, where), value[index], kind, False))
        return out
    raw: list[int] = []  # where each decoded character is written
    chars: list[str] = []
    escaped: list[bool] = []
    for token in _ESCAPE.finditer(text, quoted.start() + 1, quoted.end() - 1):
        written = token.group()
        raw.append(token.start())
        escaped.append(len(written) > 1)
        chars.append(_unescape(written))
    decoded = "".join(chars)
    for index, kind in hidden(decoded):
        out.append(Hidden(*line_column(starts, raw[index]), decoded[index], kind, escaped[index]))
    return out


def _unescape(written: str) -> str:
    if len(written) == 1:
        return written
    letter = written[1]
    if letter in "xuU":
        return chr(int(written[2:], 16))
    return _SIMPLE_ESCAPES.get(letter, letter)


# --------------------------------------------------------------------- near misses


@dataclass(frozen=True, slots=True)
class NearMiss:
    """``text[offset:offset+length]`` looks like a slot; ``name`` when it names one."""

    offset: int
    length: int
    written: str
    name: str | None
    message: str

    @property
    def end(self) -> int:
        return self.offset + self.length


_IDENT = NAME_PATTERN.pattern
# A literal `{...}` right after a `$$` escape (`$${x}` is deliberate text).
_BRACED = re.compile(r"\{[^}\n]*\}")
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fullwidth", re.compile(r"[＄$][｛{]\s*(" + _IDENT + r")\s*[｝}]")),
    ("fullwidth", re.compile(r"＄(" + _IDENT + r")")),
    ("double", re.compile(r"\{\{\s*(" + _IDENT + r")\s*\}\}")),
    ("brace", re.compile(r"(?<![{$＄])\{(" + _IDENT + r")\}(?!\})")),
    ("positional", re.compile(r"\{(\d{1,2})\}")),
    ("printf", re.compile(r"%\((" + _IDENT + r")\)[sd]|%(?:\d\$)?[sd@](?![A-Za-z])")),
    ("dollar", re.compile(r"(?<![$\w])\$(" + _IDENT + r")")),
)


_SLOT_CHARS = "${}%＄｛"
"""A near miss holds at least one of these (outside valid placeholders)."""
_SLOT_CHAR = re.compile(f"[{re.escape(_SLOT_CHARS)}]")
_PLACEHOLDER = re.compile(PLACEHOLDER_REGEX)


def near_misses(text: str, declared: Collection[str]) -> list[NearMiss]:
    """Every near-miss slot in ``text``, in order (``declared``: the parameter names)."""
    masked = text
    if "$" in text:
        # Most texts hold no `$` but their placeholders': then the masked text is the
        # rest with blanks (see quality_text.mask), and one C-level substitution tells
        # whether the rest holds anything a slot is made of.
        if _SLOT_CHAR.search(_PLACEHOLDER.sub("", text)) is None:
            return []
        masked = _masked(text)
    if _SLOT_CHAR.search(masked) is None:
        return []
    # Slots found by earlier patterns win. They never overlap one another, so they stay
    # sorted by start and by end alike, and each pattern's matches (increasing, from
    # finditer) are checked against them with one moving index: linear in the slots, even
    # for a line of 50,000 of them (a scan per match was quadratic).
    found: list[NearMiss] = []
    for kind, pattern in _PATTERNS:
        added: list[NearMiss] = []
        earlier = 0  # the first earlier slot that ends after this match starts
        for match in pattern.finditer(masked):
            start, end = match.span()
            while earlier < len(found) and found[earlier].end <= start:
                earlier += 1
            if earlier < len(found) and found[earlier].offset < end:
                continue
            name = match.group(1) if match.lastindex else None
            miss = _judge(kind, match.group(), name, declared)
            if miss is not None:
                added.append(NearMiss(start, end - start, *miss))
        if added:
            found = sorted([*found, *added], key=_offset)  # two sorted runs: a linear merge
    return found


def _offset(miss: NearMiss) -> int:
    return miss.offset


def _masked(text: str) -> str:
    """``text`` with its valid ``${name}`` placeholders and ``$$`` escapes (with a
    literal ``{...}`` right after one) blanked out: they are not near misses. The
    tokens are the template language's own (:func:`msgtemplate.template.scanner`)."""
    out: list[str] = []
    done = 0
    for token in scanner().finditer(text):
        kind = token.lastgroup
        if kind not in ("PLACEHOLDER", "ESCAPED_DOLLAR") or token.end() <= done:
            continue
        start, end = max(token.start(), done), token.end()
        if kind == "ESCAPED_DOLLAR":
            braced = _BRACED.match(text, end)
            end = braced.end() if braced is not None else end
        out += (text[done:start], "\x00" * (end - start))
        done = end
    out.append(text[done:])
    return "".join(out)


def _judge(
    kind: str, written: str, name: str | None, declared: Collection[str]
) -> tuple[str, str | None, str] | None:
    if kind == "fullwidth" and not any(c in written for c in "＄｛｝"):
        return None  # plain `${ name }`: a syntax error, reported with its fix elsewhere
    if kind == "dollar":
        assert name is not None
        looks_like = len(name) >= 2 and any(c.islower() for c in name)
        if name not in declared and not looks_like:
            return None
    if kind in ("positional", "printf") and (name is None or not name.isidentifier()):
        hint = "name the slot and write it as ${name}"
        return written, None, f"{written!r} is not a placeholder here; {hint}"
    assert name is not None
    what = "a declared parameter" if name in declared else "not a declared parameter"
    return (
        written,
        name,
        f"{written!r} is not a placeholder here; write '${{{name}}}' ({name!r} is {what})",
    )
