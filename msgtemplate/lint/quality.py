"""Translation-quality rules (MT9xx): every non-default variant's title and body
against the default locale's text, as translators' QA tools check them.

The checks themselves are :mod:`msgtemplate.lint.quality_text` (pure functions of two
texts); this family finds the pairs and positions the findings at the translation.
All are warnings except two: a line break at one end that the source lacks (or the
other way round) is an error, because gettext's ``msgfmt --check`` refuses such a
PO file (and ``msgtemplate import`` refuses it too); an untranslated text is only
information. ``msgtemplate import`` reports the warnings for each imported text
(``--strict`` refuses them).
"""

from __future__ import annotations

from collections.abc import Iterator

from msgtemplate.lint import quality_text as q
from msgtemplate.lint.findings import Finding, Rule
from msgtemplate.lint.model import DEFAULT_OPTIONS, LintModel, RuleOptions
from msgtemplate.lint.registry import (
    DOUBLED_SPACE,
    EDGE_LINE_BREAK,
    EDGE_SPACE,
    EMAIL_CHANGED,
    END_PUNCTUATION,
    LENGTH_EXPANSION,
    LINE_COUNT,
    NUMBER_CHANGED,
    UNBALANCED,
    UNTRANSLATED,
    URL_CHANGED,
)
from msgtemplate.pack.staleness import FIELDS
from msgtemplate.pack.variant import TemplateText


def check(model: LintModel) -> Iterator[Finding]:
    pack = model.pack
    if pack is None:
        return
    options = model.options
    for template in pack.templates.values():
        default = template.content.get(template.default_locale or "")
        if default is None:
            continue
        known: dict[str, Source] = {}  # each source text worked out once, for all its translations
        for key, variant in template.content.items():
            if variant is default:
                continue
            for field in FIELDS:
                source = default.title if field == "title" else default.body
                target = variant.title if field == "title" else variant.body
                if source is None or target is None or not target.text.strip():
                    continue
                if source.template is None or target.template is None:
                    continue  # a text that does not parse is MT301's
                facts = known.get(field)
                if facts is None:
                    facts = known[field] = Source(source.text, default.locale, options)
                where = f"{key} {field}"
                for rule, message in facts.compare(target.text, key):
                    yield _at(model, rule, target, f"{where}: {message}")


def compare(
    source: str,
    target: str,
    source_tag: str,
    target_tag: str,
    options: RuleOptions = DEFAULT_OPTIONS,
) -> Iterator[tuple[Rule, str]]:
    """Every quality finding of ``target`` as the translation of ``source``: (rule, message)."""
    return Source(source, source_tag, options).compare(target, target_tag)


class Source:
    """What the checks need to know of one source text, worked out once: a source is
    compared with each of its translations in turn. A check whose source side can
    have no finding (no URL, no number...) skips the translation's side."""

    __slots__ = (
        "balanced",
        "doubled",
        "emails",
        "end",
        "limit",
        "lines",
        "numbers",
        "options",
        "spaces",
        "text",
        "urls",
        "visible",
    )

    def __init__(self, text: str, tag: str, options: RuleOptions = DEFAULT_OPTIONS) -> None:
        self.text = text
        self.options = options
        self.urls = q.urls(text)
        self.emails = q.emails(text)
        self.numbers = q.numbers(text, tag)
        start, end = q.edge_spaces(text)
        self.spaces = (start, end)
        self.doubled = q.doubled_spaces(text)
        self.lines = text.strip("\n").count("\n")
        self.end = q.end_class(text)
        self.balanced = not q.unbalanced(text)
        self.visible = q.visible_length(text)
        self.limit = q.expansion_limit(text, options.max_length_ratio)

    def compare(self, target: str, target_tag: str) -> Iterator[tuple[Rule, str]]:
        """Every quality finding of ``target`` as this text's translation: (rule, message)."""
        source = self.text
        if source.startswith("\n") != target.startswith("\n") or source.endswith(
            "\n"
        ) != target.endswith("\n"):
            edge = q.newline_edges_differ(source, target)
            if edge is not None:
                yield EDGE_LINE_BREAK, edge
        if target == source:
            if q.has_words(source) and source.strip() not in self.options.untranslated_allow:
                yield UNTRANSLATED, "same text as the default locale's (untranslated?)"
            return
        if self.urls:
            for url in q.missing_items(self.urls, q.urls(target)):
                yield URL_CHANGED, f"the source's URL {url!r} is missing or changed"
        if self.emails:
            for email in q.missing_items(self.emails, q.emails(target)):
                yield EMAIL_CHANGED, f"the source's e-mail address {email!r} is missing or changed"
        if self.numbers:
            lost = q.lost_numbers(source, self.numbers, q.numbers(target, target_tag))
            if lost:
                shown = ", ".join(repr(n) for n in lost)
                yield (
                    NUMBER_CHANGED,
                    f"the source's number{'s' if len(lost) > 1 else ''} {shown} "
                    f"{'are' if len(lost) > 1 else 'is'} missing or changed",
                )
        (s_start, s_end), (t_start, t_end) = self.spaces, q.edge_spaces(target)
        if bool(s_start) != bool(t_start):
            yield EDGE_SPACE, _edge("starts", s_start, t_start)
        if bool(s_end) != bool(t_end):
            yield EDGE_SPACE, _edge("ends", s_end, t_end)
        if q.doubled_spaces(target) > self.doubled:
            yield DOUBLED_SPACE, "doubled space between words (the source has none there)"
        s_lines, t_lines = self.lines, target.strip("\n").count("\n")
        if s_lines != t_lines:
            yield (
                LINE_COUNT,
                (f"{t_lines + 1} line{'s' if t_lines else ''} where the source has {s_lines + 1}"),
            )
        punctuation = q.end_mark_problem(self.end, target, target_tag)
        if punctuation is not None:
            yield END_PUNCTUATION, punctuation
        if self.balanced:
            for problem in q.unbalanced(target):
                yield UNBALANCED, f"unbalanced brackets or quotes: {problem}"
        s_len, t_len, limit = self.visible, q.visible_length(target), self.limit
        if s_len and t_len > s_len * limit and t_len > s_len + q.EXPANSION_SLACK:
            yield (
                LENGTH_EXPANSION,
                (
                    f"{t_len} characters for a source of {s_len}: {t_len / s_len:.1f}x, over the "
                    f"{limit:g}x expected for a text that long"
                ),
            )


def _edge(where: str, source: str, target: str) -> str:
    if source:
        return f"the source {where} with a space and the translation does not"
    return f"the translation {where} with a space and the source does not"


def _at(model: LintModel, rule: Rule, text: TemplateText, message: str) -> Finding:
    return model.finding(rule, text.line, text.column, message)
