"""Quick fixes for the mechanical findings: a locale's canonical spelling (MT402), a
near-miss slot that names a declared parameter (MT601: ``$who`` -> ``${who}``), and
missing plural categories seeded with the ``other`` phrase (MT802, in
:mod:`msgtemplate.lsp.forms`).

A fix is offered only when the edit is certain to mean what the linter suggests:
the text in the file is exactly what the finding is about, and the result is still
the same YAML (``{`` cannot go into a plain scalar inside a flow mapping, so such a
slot gets no fix).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from lsprotocol import types as lsp

from msgtemplate.lsp.diagnostics import SOURCE

if TYPE_CHECKING:
    from msgtemplate.lsp.analysis import Analysis
    from msgtemplate.pack import PackTemplate
    from msgtemplate.pack.variant import TemplateText

_TAG: Final = re.compile(r"[A-Za-z0-9_-]+")


def code_actions(analysis: Analysis, diagnostics: list[lsp.Diagnostic]) -> list[lsp.CodeAction]:
    """Quick fixes for those of ``diagnostics`` that have one."""
    actions = []
    for diagnostic in diagnostics:
        if diagnostic.source != SOURCE:
            continue
        offset = analysis.index.offset_at(
            diagnostic.range.start.line, diagnostic.range.start.character
        )
        fix: tuple[int, int, str, str] | None = None
        if diagnostic.code == "MT402":
            fix = _canonical_locale(analysis, offset)
        elif diagnostic.code == "MT601":
            fix = _declared_slot(analysis, offset)
        elif diagnostic.code == "MT802":
            from msgtemplate.lsp.forms import add_missing_categories

            fix = add_missing_categories(analysis, offset)
        if fix is None:
            continue
        start, end, new_text, title = fix
        line, character = analysis.index.lsp(start)
        end_line, end_character = analysis.index.lsp(end)
        edit = lsp.TextEdit(
            range=lsp.Range(
                start=lsp.Position(line=line, character=character),
                end=lsp.Position(line=end_line, character=end_character),
            ),
            new_text=new_text,
        )
        actions.append(
            lsp.CodeAction(
                title=title,
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=True,
                edit=lsp.WorkspaceEdit(changes={analysis.uri: [edit]}),
            )
        )
    return actions


def _canonical_locale(analysis: Analysis, offset: int) -> tuple[int, int, str, str] | None:
    from msgtemplate.errors import MsgTemplateError
    from msgtemplate.locales import normalize_tag

    text = analysis.text
    if text[offset : offset + 1] in ("'", '"'):
        offset += 1
    match = _TAG.match(text, offset)
    if match is None:
        return None
    written = match.group()
    try:
        canonical = normalize_tag(written)
    except MsgTemplateError:
        return None
    if canonical == written:
        return None
    return match.start(), match.end(), canonical, f"Write {canonical!r} for {written!r}"


def _declared_slot(analysis: Analysis, offset: int) -> tuple[int, int, str, str] | None:
    from msgtemplate.lint.text import near_misses

    line, column = analysis.index.ours(offset)
    pack = analysis.pack_at(line)
    if pack is None:
        return None
    template = pack.template_at(line)
    if template is None:
        return None
    for text in _texts(template):
        for miss in near_misses(text.text, template.parameters):
            if text.position(miss.offset) != (line, column) or miss.name is None:
                continue
            if miss.name not in template.parameters:
                return None
            end = offset + len(miss.written)
            if analysis.text[offset:end] != miss.written or _in_flow_plain(analysis, text):
                return None
            new = f"${{{miss.name}}}"
            return offset, end, new, f"Write {new!r} for {miss.written!r}"
    return None


def _texts(template: PackTemplate) -> list[TemplateText]:
    return list(template.texts())


def _in_flow_plain(analysis: Analysis, text: TemplateText) -> bool:
    """A plain scalar inside ``{...}`` or ``[...]``, where a brace would end it."""
    if text.locator.style != "plain":
        return False
    start = analysis.index.offset_of(text.locator.line, text.locator.column)
    row_start = analysis.text.rfind("\n", 0, start) + 1
    before = analysis.text[row_start:start]
    return before.count("{") > before.count("}") or before.count("[") > before.count("]")
