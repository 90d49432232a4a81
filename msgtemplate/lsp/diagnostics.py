"""Lint findings as LSP diagnostics: range, severity, ``MTxxx`` code and its docs link.

A finding knows where it starts; when it does not say where it ends, the range covers
the token there: a ``${placeholder}``, a ``$name`` or ``{name}`` slot, a quoted
string, a key, or the run of text up to the next space or YAML indicator.

A diagnostic depends only on its finding and the text of the lines the finding
spans (when every line ends with a ``\\n``, an LSP line is the parser's line less
one, and the characters are counted on those lines): the server keeps the last
version's, by both (the finding's line aside), and an edit makes again only those of
the findings it changed; a finding it moved gets the last one, moved as many lines
(:func:`diagnostics`' ``known``).
"""

from __future__ import annotations

import re
from typing import Final

from lsprotocol import types as lsp

from msgtemplate.lint import Finding
from msgtemplate.lint.docs import rule_url
from msgtemplate.lint.registry import rule_for
from msgtemplate.lsp.analysis import Analysis
from msgtemplate.template.syntax import NAME_PATTERN

SOURCE: Final = "msgtemplate"

_TOKEN: Final = re.compile(
    r"""
      \$\{[^}\n]*\}?                      # ${name}, or an unclosed ${
    | [$＄]"""
    + NAME_PATTERN.pattern  # $name
    + r"""
    | [＄$]?[{｛]{1,2}[^}｝\n]{0,64}[}｝]{0,2}  # {name}, {{name}}, ＄｛name｝
    | %[-#0-9.$]*(?:\(\w+\))?[A-Za-z@]      # printf slots
    | "(?:[^"\\\n]|\\.)*"?                  # a double-quoted scalar or JSON string
    | '(?:[^'\n]|'')*'?                     # a single-quoted scalar
    | [^\s:,\[\]{}#]+(?=\s*:)               # a key
    | [^\s,\[\]{}]+                         # any other run of text
    """,
    re.VERBOSE,
)
_SEVERITY: Final = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}


MAX_DIAGNOSTICS: Final = 1000
"""Diagnostics published for one document at most; an editor shows no more usefully,
and a pack with 50,000 findings on one line must not cost 50,000 positions."""


Known = dict[tuple[object, ...], lsp.Diagnostic]
"""Diagnostics made for a document's last version, by finding (but its line) and the
text of its lines."""


def diagnostics(analysis: Analysis, known: Known | None = None) -> list[lsp.Diagnostic]:
    """Every finding of ``analysis`` as a diagnostic, in file order: the first
    :data:`MAX_DIAGNOSTICS`, then one saying how many more there are. ``known`` (the
    diagnostics of the document's last version, replaced by this one's) spares making
    again those whose finding and lines are the same."""
    findings = analysis.findings
    index = analysis.index
    if known is None or not index.simple:
        shown = [diagnostic(analysis, finding) for finding in findings[:MAX_DIAGNOSTICS]]
        if known is not None:
            known.clear()
    else:
        made: Known = {}
        shown = []
        count = index.line_count
        for finding in findings[:MAX_DIAGNOSTICS]:
            last = finding.end_line or finding.line
            if not 0 < finding.line <= last <= count:  # a place past the end: clamped
                shown.append(diagnostic(analysis, finding))
                continue
            key = (
                finding.path,
                finding.column,
                finding.code,
                finding.name,
                finding.severity,
                finding.message,
                finding.end_column,
                last - finding.line,
                index.lines_text(finding.line, last),
            )
            found = known.get(key)
            if found is None:
                found = diagnostic(analysis, finding)
            elif found.range.start.line != finding.line - 1:  # the same, on other lines
                found = _moved(found, finding.line - 1 - found.range.start.line)
            made[key] = found
            shown.append(found)
        known.clear()
        known.update(made)
    more = len(findings) - MAX_DIAGNOSTICS
    if more > 0:
        first = findings[MAX_DIAGNOSTICS]
        start = _position(analysis, analysis.index.offset_of(first.line, first.column))
        shown.append(
            lsp.Diagnostic(
                range=lsp.Range(start=start, end=start),
                message=(
                    f"and {more:,} more finding{'s' if more != 1 else ''} not shown "
                    "(run msgtemplate lint on this file for all of them)"
                ),
                severity=lsp.DiagnosticSeverity.Information,
                source=SOURCE,
            )
        )
    return shown


def diagnostic(analysis: Analysis, finding: Finding) -> lsp.Diagnostic:
    rule = rule_for(finding.code)
    return lsp.Diagnostic(
        range=finding_range(analysis, finding),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        code_description=lsp.CodeDescription(href=rule_url(rule)),
        source=SOURCE,
        data={"name": finding.name},
    )


def finding_range(analysis: Analysis, finding: Finding) -> lsp.Range:
    index = analysis.index
    start = index.offset_of(finding.line, finding.column)
    if finding.end_line is not None and finding.end_column is not None:
        end = index.offset_of(finding.end_line, finding.end_column)
    else:
        end = token_end(index.text, start, index.line_end(start))
    return lsp.Range(start=_position(analysis, start), end=_position(analysis, max(end, start)))


def token_end(text: str, start: int, line_end: int | None = None) -> int:
    """Where the token at ``start`` ends (at least one character, within its line,
    which ends at ``line_end`` when the caller knows, as a :class:`LineIndex` does)."""
    if line_end is None:
        line_end = len(text)
        for brk in ("\n", "\r"):
            found = text.find(brk, start)
            if found != -1:
                line_end = min(line_end, found)
    match = _TOKEN.match(text, start, line_end)
    if match is None or match.end() == start:
        return min(start + 1, line_end) if start < line_end else start
    return match.end()


def _moved(known: lsp.Diagnostic, lines: int) -> lsp.Diagnostic:
    """``known``, ``lines`` lines further down (every field :func:`diagnostic` sets:
    a test compares them with diagnostics made afresh)."""
    start, end = known.range.start, known.range.end
    return lsp.Diagnostic(
        range=lsp.Range(
            start=lsp.Position(line=start.line + lines, character=start.character),
            end=lsp.Position(line=end.line + lines, character=end.character),
        ),
        message=known.message,
        severity=known.severity,
        code=known.code,
        code_description=known.code_description,
        source=known.source,
        data=known.data,
    )


def _position(analysis: Analysis, offset: int) -> lsp.Position:
    line, character = analysis.index.lsp(offset)
    return lsp.Position(line=line, character=character)
