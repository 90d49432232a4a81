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
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from msgtemplate.lint._walk import declared_names, texts
from msgtemplate.lint.context import Context
from msgtemplate.lint.findings import Rule
from msgtemplate.lint.registry import define
from msgtemplate.source import MappingNode, Node, ScalarNode, SequenceNode

NEAR_MISS = define(
    "MT601",
    "near-miss-placeholder",
    "warning",
    "Text that looks like a placeholder in another syntax ($name, {name}, %s, ＄｛name｝...).",
    rationale="""
Translators and tools from other ecosystems write slots as `{name}`, `{{name}}`, `%s`,
`{0}` or with a full-width `＄｛｝` from a CJK input method. None of these is a
placeholder here: the user would read the raw text. Only `${name}` is substituted.
""",
    example="""
body: Your order {orderId} has shipped.   # write ${orderId}
""",
)

BIDI_CONTROL = define(
    "MT602",
    "bidi-control-character",
    "error",
    "A bidirectional control character (U+202A-U+202E, U+2066-U+2069) is in the file.",
    rationale="""
Embedding, override and isolate controls reorder how text is displayed, so a pack can
look different in review from what it holds ("Trojan Source", CVE-2021-42574).
Right-to-left text needs none of them in the pack: renderers and `preview` isolate
RTL text themselves.
""",
    example="""
body: "Refund of ${amount}<U+202E> for order"   # RIGHT-TO-LEFT OVERRIDE
""",
)

INVISIBLE = define(
    "MT603",
    "invisible-character",
    "warning",
    "A zero-width or invisible character (U+200B, U+2060, U+FEFF...) is in the file.",
    rationale="""
Zero-width characters are invisible in review, break `${name}` lookups and key
matches (`en-US` followed by U+200B is not `en-US`), and leak into messages. ZWJ and ZWNJ are
allowed between non-ASCII characters, where emoji sequences and scripts such as
Persian and the Indic scripts need them.
""",
    example="""
body: "Hello<U+200B> ${name}"   # ZERO WIDTH SPACE
""",
)

_BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_ZERO_WIDTH = frozenset("\u200b\u2060\ufeff\u180e\u2061\u2062\u2063\u2064")
_JOINERS = frozenset("\u200c\u200d")
_SUSPECT = re.compile("[\u200b-\u200d\u202a-\u202e\u2060-\u2069\ufeff\u180e]")


def check(ctx: Context) -> None:
    _near_misses(ctx)
    _invisible(ctx)


def _near_misses(ctx: Context) -> None:
    if ctx.pack is None:
        return
    for template in ctx.pack.templates.values():
        declared = declared_names(template)
        for field, variant, text in texts(template):
            where = field if variant is None else f"{variant.locale} {field}"
            for miss in near_misses(text.text, declared):
                line, column = text.position(miss.offset)
                ctx.report(NEAR_MISS, line, column, f"{where}: {miss.message}")


def _invisible(ctx: Context) -> None:
    """Invisible and bidi characters anywhere in the file (keys, values, comments)."""
    text = ctx.document.text
    escaped = ctx.document.format == "json" and "\\u" in text
    if not escaped and not _SUSPECT.search(text):
        return
    lines_hit: set[int] = set()
    for line_no, line in enumerate(text.split("\n"), start=1):
        for match in _SUSPECT.finditer(line):
            index = match.start()
            rule = _classify(line, index)
            if rule is not None:
                lines_hit.add(line_no)
                ctx.report(rule, line_no, index + 1, _message(line[index]))
    if escaped:
        # JSON can spell them as escapes ("\u202e"): look at the decoded strings too.
        for node in _scalars(ctx.document.root):
            value = node.value if isinstance(node.value, str) else ""
            if node.line in lines_hit or not _SUSPECT.search(value):
                continue
            for match in _SUSPECT.finditer(value):
                rule = _classify(value, match.start())
                if rule is not None:
                    ctx.report(rule, node.line, node.column, _message(match.group()) + " (escaped)")
                    break


def _classify(line: str, index: int) -> Rule | None:
    char = line[index]
    if char in _BIDI:
        return BIDI_CONTROL
    if char in _ZERO_WIDTH:
        return INVISIBLE
    if char in _JOINERS:
        before = line[index - 1] if index > 0 else " "
        after = line[index + 1] if index + 1 < len(line) else " "
        if before.isascii() or after.isascii():
            return INVISIBLE
    return None


def _message(char: str) -> str:
    name = unicodedata.name(char, "control character")
    kind = "bidirectional control" if char in _BIDI else "invisible character"
    return f"{kind} U+{ord(char):04X} {name}; remove it"


def _scalars(root: Node | None) -> Iterator[ScalarNode]:
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            yield node
        elif isinstance(node, MappingNode):
            for key, value in node.items:
                yield key
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.items)


# --------------------------------------------------------------------- near misses


@dataclass(frozen=True, slots=True)
class NearMiss:
    """``text[offset:offset+length]`` looks like a slot; ``name`` when it names one."""

    offset: int
    length: int
    written: str
    name: str | None
    message: str


_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
# `$$` (optionally followed by a literal `{...}`) and valid `${name}` are not near misses.
_MASK = re.compile(r"\$\$(?:\{[^}\n]*\})?|\$\{" + _IDENT + r"\}")
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fullwidth", re.compile(r"[＄$][｛{]\s*(" + _IDENT + r")\s*[｝}]")),
    ("fullwidth", re.compile(r"＄(" + _IDENT + r")")),
    ("double", re.compile(r"\{\{\s*(" + _IDENT + r")\s*\}\}")),
    ("brace", re.compile(r"(?<![{$＄])\{(" + _IDENT + r")\}(?!\})")),
    ("positional", re.compile(r"\{(\d{1,2})\}")),
    ("printf", re.compile(r"%\((" + _IDENT + r")\)[sd]|%(?:\d\$)?[sd@](?![A-Za-z])")),
    ("dollar", re.compile(r"(?<![$\w])\$(" + _IDENT + r")")),
)


def near_misses(text: str, declared: Collection[str]) -> list[NearMiss]:
    """Every near-miss slot in ``text``, in order (``declared``: the parameter names)."""
    masked = _MASK.sub(lambda m: "\x00" * len(m.group()), text) if "$" in text else text
    if not any(c in masked for c in "${}%＄｛"):
        return []
    found: dict[int, NearMiss] = {}
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(masked):
            if any(match.start() < o + f.length and o < match.end() for o, f in found.items()):
                continue
            name = match.group(1) if match.lastindex else None
            miss = _judge(kind, match.group(), name, declared)
            if miss is not None:
                found[match.start()] = NearMiss(match.start(), len(match.group()), *miss)
    return [found[k] for k in sorted(found)]


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
