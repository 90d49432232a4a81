"""Plural and select forms in the editor: key completion, hover, and a quick fix.

* Completion under ``forms: {eta: ...}`` offers the plural categories the variant's
  locale has (each with its CLDR sample numbers) or the select values not given yet.
* Hover on a form set's key (``eta:`` under ``forms``), or on ``${eta}`` in a
  variant's text, shows every category of the locale with sample numbers and the
  phrase a reader of each gets.
* The quick fix for MT802 (missing plural categories) adds them, each seeded with
  the ``other`` phrase as a starting point for the translator.

Categories and samples come from :mod:`msgtemplate.formatting.forms` (CLDR, via
Babel), the phrases from the pack's own renderer.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from msgtemplate.lsp.context import ITEM

if TYPE_CHECKING:
    from msgtemplate.lsp.analysis import Analysis
    from msgtemplate.pack import PackTemplate


def form_set_at(path: tuple[str, ...]) -> tuple[str, str] | None:
    """``(locale, parameter)`` when ``path`` leads into ``content.LOCALE.forms.NAME``."""
    if len(path) >= 5 and path[-5:-3] == (ITEM, "content") and path[-2] == "forms":
        return path[-3], path[-1]
    return None


def _tag(locale: str) -> str | None:
    from msgtemplate.errors import MsgTemplateError
    from msgtemplate.locales import normalize_tag

    try:
        return normalize_tag(locale)
    except MsgTemplateError:
        return None


def complete_keys(
    template: PackTemplate | None, path: tuple[str, ...], siblings: frozenset[str]
) -> list[lsp.CompletionItem] | None:
    """Keys of the form set the cursor is in, or None when it is in none."""
    where = form_set_at(path)
    if where is None or template is None:
        return None
    locale, name = where
    spec = template.parameters.get(name)
    if spec is None:
        return []
    items: list[lsp.CompletionItem] = []
    if spec.type == "select":
        for value in spec.values or ():
            if value not in siblings:
                items.append(
                    lsp.CompletionItem(
                        label=value,
                        kind=lsp.CompletionItemKind.EnumMember,
                        detail=f"a value of {name}",
                        insert_text=f"{value}: ",
                        sort_text=f"{len(items):03d}",
                    )
                )
        return items
    if spec.type != "count":
        return []
    from msgtemplate.formatting import plural_categories
    from msgtemplate.formatting.forms import sample_text

    tag = _tag(locale)
    if tag is None:
        return []
    for category in plural_categories(tag):
        if category in siblings:
            continue
        samples = sample_text(tag, category)
        items.append(
            lsp.CompletionItem(
                label=category,
                kind=lsp.CompletionItemKind.EnumMember,
                detail=f"{locale} plural category: {samples}",
                documentation=lsp.MarkupContent(
                    kind=lsp.MarkupKind.Markdown,
                    value=f"Numbers that take `{category}` in {locale}: {samples}\n\n"
                    "`#` in the phrase is the number; `##` a literal `#`.",
                ),
                insert_text=f'{category}: "# "',
                sort_text=f"{len(items):03d}",
            )
        )
    return items


def describe_forms(template: PackTemplate, locale: str, name: str) -> str | None:
    """Markdown: the categories of ``locale`` (or the select values) with sample
    numbers and the phrase each gives; None when ``name`` has no forms here."""
    from msgtemplate.errors import MsgTemplateError
    from msgtemplate.formatting import compile_forms, plural_categories
    from msgtemplate.formatting.forms import sample_number, sample_text

    spec = template.parameters.get(name)
    variant = template.content.get(locale)
    tag = _tag(locale)
    if spec is None or variant is None or tag is None or spec.type not in ("count", "select"):
        return None
    forms = variant.forms.get(name)
    out = [f"**`${{{name}}}`** · {spec.type} in `{locale}`", ""]
    if forms is None:
        out.append("*No forms entry in this variant: readers get the bare value (MT801).*")
        return "\n".join(out)
    try:
        phrase = compile_forms(spec, tag, forms.phrases)
        if spec.type == "select":
            out += ["| value | phrase |", "|---|---|"]
            out += [f"| `{v}` | {_cell(phrase(v))} |" for v in spec.values or ()]
        else:
            out += ["| category | numbers | e.g. |", "|---|---|---|"]
            for category in plural_categories(tag):
                example = phrase(sample_number(tag, category))
                given = "" if category in forms.phrases else " *(missing: reads as other)*"
                out.append(
                    f"| `{category}`{given} | {sample_text(tag, category)} | {_cell(example)} |"
                )
    except MsgTemplateError as exc:
        out.append(f"*Cannot show the phrases: {exc}*")
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def add_missing_categories(analysis: Analysis, offset: int) -> tuple[int, int, str, str] | None:
    """The edit for an MT802 finding at ``offset`` (a form set's key): the missing
    categories, each with the ``other`` phrase. None when there is no ``other`` to
    seed them with or the form set's shape is not one this can edit safely."""
    from msgtemplate.document.source import MappingNode
    from msgtemplate.formatting import plural_categories

    line, column = analysis.index.ours(offset)
    pack = analysis.pack_at(line)
    if pack is None:
        return None
    template = pack.template_at(line)
    if template is None:
        return None
    for variant in template.content.values():
        for forms in variant.forms.values():
            if (forms.line, forms.column) != (line, column) or "other" not in forms.phrases:
                continue
            tag = _tag(variant.locale)
            node = pack.document.node_at(forms.pointer)
            if tag is None or not isinstance(node, MappingNode) or not node.items:
                return None
            missing = [c for c in plural_categories(tag) if c not in forms.phrases]
            if not missing:
                return None
            seed = json.dumps(forms.phrases["other"], ensure_ascii=False)
            title = f"Add {', '.join(missing)} (seeded with the 'other' phrase)"
            return _insertion(analysis, node, missing, seed, title)
    return None


def _insertion(
    analysis: Analysis,
    node: object,
    missing: list[str],
    seed: str,
    title: str,
) -> tuple[int, int, str, str] | None:
    from msgtemplate.document.source import MappingNode

    assert isinstance(node, MappingNode)
    text = analysis.text
    start = analysis.index.offset_of(node.line, node.column)
    if text[start : start + 1] == "{":  # flow mapping: before its closing brace
        end = _closing_brace(text, start)
        if end is None:
            return None
        entries = "".join(f", {c}: {seed}" for c in missing)
        return end, end, entries, title
    last_key, _ = node.items[-1]
    key_start = analysis.index.offset_of(last_key.line, last_key.column)
    row_end = text.find("\n", key_start)
    row_end = len(text) if row_end < 0 else row_end
    indent = " " * (last_key.column - 1)
    entries = "".join(f"\n{indent}{c}: {seed}" for c in missing)
    return row_end, row_end, entries, title


def _closing_brace(text: str, start: int) -> int | None:
    """Offset of the ``}`` closing the flow mapping opened at ``start``."""
    depth, quote, index = 0, "", start
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return index if char == "}" else None
        index += 1
    return None
