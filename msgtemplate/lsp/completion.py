"""Completion: placeholders after ``${``, locale tags under ``content:``, the format's keys.

Everything offered comes from a source of truth: the template's declared parameters
(from the last analysis of the pack), CLDR's locales (Babel's data, in canonical
form), and the pack format's declaration (keys, their titles and descriptions,
allowed values).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from lsprotocol import types as lsp

from msgtemplate.caches import cached
from msgtemplate.lsp.context import CursorContext, cursor_context, field_at, value_field
from msgtemplate.lsp.describe import describe_field, describe_parameter
from msgtemplate.template.syntax import open_placeholder

if TYPE_CHECKING:
    from msgtemplate.lsp.analysis import Analysis
    from msgtemplate.pack import PackTemplate
    from msgtemplate.pack.schema import Field

TEXT_KEYS: Final = frozenset({"title", "body", "redirectUrl"})
"""Keys whose values are templates, where ``${`` starts a placeholder."""


def complete(analysis: Analysis, text: str, line: int, character: int) -> list[lsp.CompletionItem]:
    """Completion items at LSP ``line``:``character`` of ``text`` (the current text;
    ``analysis`` may be of an earlier version while the user types)."""
    from msgtemplate.lsp.positions import LineIndex

    # The analysed version's index, moved to this text (only the lines typed since are cut).
    index = LineIndex.after_edit(analysis.index, text, analysis.fmt, analysis.index.units)
    offset = index.offset_at(line, character)
    row = index.line_text(line)
    column = offset - (index.offset_at(line, 0))
    context = cursor_context(index.lines(), line, column)
    if context is None:
        return []
    prefix = row[:column]
    template = _template_at(analysis, index.ours(offset)[0])
    typed = open_placeholder(prefix)
    if typed is not None:
        if context.key not in TEXT_KEYS or template is None:
            return []
        start = lsp.Position(line=line, character=character - len(typed))
        closed = row[column : column + 1] == "}"
        return _placeholders(
            template, lsp.Range(start=start, end=lsp.Position(line, character)), closed
        )
    if context.key is not None:
        return _values(context)
    return _keys(context, template)


def _template_at(analysis: Analysis, our_line: int) -> PackTemplate | None:
    pack = analysis.pack_at(our_line)
    return pack.template_at(our_line) if pack is not None else None


def _placeholders(
    template: PackTemplate, where: lsp.Range, closed: bool
) -> list[lsp.CompletionItem]:
    items: list[lsp.CompletionItem] = []
    for name, spec in template.parameters.items():
        detail, doc = describe_parameter(template, name, spec)
        items.append(
            lsp.CompletionItem(
                label=name,
                kind=lsp.CompletionItemKind.Variable,
                detail=detail,
                documentation=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=doc),
                text_edit=lsp.TextEdit(range=where, new_text=name if closed else name + "}"),
                sort_text=f"{len(items):04d}",
            )
        )
    # A declared name is always offered: a fault in its declaration (a bad example)
    # is reported where it is, not by hiding the name here.
    for name in template.declared_names:
        if name in template.parameters:
            continue
        items.append(
            lsp.CompletionItem(
                label=name,
                kind=lsp.CompletionItemKind.Variable,
                detail="declared (its declaration has a fault: see the diagnostics)",
                text_edit=lsp.TextEdit(range=where, new_text=name if closed else name + "}"),
                sort_text=f"{len(items):04d}",
            )
        )
    return items


def _keys(context: CursorContext, template: PackTemplate | None) -> list[lsp.CompletionItem]:
    from msgtemplate.lsp.forms import complete_keys

    forms = complete_keys(template, context.path, context.siblings)
    if forms is not None:
        return forms
    field = field_at(context.path)
    if field is None:
        return []
    if field.keys is not None:
        items: list[lsp.CompletionItem] = []
        for name, sub in field.keys.fields.items():
            if name in context.siblings:
                continue
            items.append(
                lsp.CompletionItem(
                    label=name,
                    kind=lsp.CompletionItemKind.Property,
                    detail=sub.title + (" (required)" if sub.required else ""),
                    documentation=_markdown(describe_field(name, sub)),
                    insert_text=f"{name}: ",
                    sort_text=f"{0 if sub.required else 1}{len(items):03d}",
                )
            )
        return sorted(items, key=lambda item: item.sort_text or "")
    if field.key is not None and context.path[-1:] == ("content",):
        return _locales(context.siblings, suffix=":")
    if field.key is not None and context.path[-1:] == ("parameters",) and template is not None:
        return [
            lsp.CompletionItem(
                label=name,
                kind=lsp.CompletionItemKind.Variable,
                detail="used in the texts, not declared yet",
                insert_text=f"{name}: {{type: string}}",
            )
            for name in dict.fromkeys(p.name for _, p in template.undeclared())
            if name not in context.siblings
        ]
    return []


def _values(context: CursorContext) -> list[lsp.CompletionItem]:
    field = value_field(context)
    if field is None:
        return []
    if field.key is None and context.key == "defaultLocale":
        return _locales(frozenset(), suffix="")
    return _choices(field)


def _choices(field: Field) -> list[lsp.CompletionItem]:
    values: tuple[object, ...] = field.choices
    if not values and field.type == "boolean":
        values = (True, False)
    return [
        lsp.CompletionItem(
            label=_yaml_scalar(value),
            kind=lsp.CompletionItemKind.EnumMember,
            detail=field.title,
            sort_text=f"{n:04d}",
        )
        for n, value in enumerate(values)
    ]


def _yaml_scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _locales(present: frozenset[str], suffix: str) -> list[lsp.CompletionItem]:
    from msgtemplate.errors import MsgTemplateError
    from msgtemplate.locales import maximize

    taken = set()
    for tag in present:
        try:
            taken.add(maximize(tag))
        except MsgTemplateError:
            continue
    return [
        lsp.CompletionItem(
            label=tag,
            kind=lsp.CompletionItemKind.Value,
            detail=name,
            insert_text=tag + suffix,
            filter_text=tag,
        )
        for tag, name, full in cldr_locales()
        if full not in taken
    ]


@cached("lsp.cldr_locales")
def cldr_locales() -> tuple[tuple[str, str, str], ...]:
    """Every locale CLDR (as Babel ships it) has data for: (canonical tag, English
    name, maximised tag), sorted by tag."""
    import babel
    from babel.localedata import locale_identifiers

    from msgtemplate.errors import MsgTemplateError
    from msgtemplate.locales import maximize, normalize_tag

    english = babel.Locale("en")
    found: dict[str, tuple[str, str, str]] = {}
    for identifier in locale_identifiers():
        try:
            tag = normalize_tag(identifier)
            full = maximize(tag)
        except MsgTemplateError:
            continue
        language, *rest = tag.split("-")
        parts = [
            (english.scripts.get(p) if len(p) == 4 else english.territories.get(p)) or p
            for p in rest
        ]
        name = english.languages.get(language, language)
        if parts:
            name += f" ({', '.join(parts)})"
        found[tag] = (tag, name, full)
    return tuple(found[tag] for tag in sorted(found))


def _markdown(text: str) -> lsp.MarkupContent:
    return lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text)
