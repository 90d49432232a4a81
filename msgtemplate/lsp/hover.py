"""Hover: a placeholder's declaration, a locale's rendered preview, a key's description.

The preview is the pack's own renderer (:meth:`msgtemplate.pack.Pack.render`) with
the template's example values, as ``msgtemplate preview`` shows it; the fallback
chain is CLDR's (:func:`msgtemplate.locales.fallback_chain`), then the pack's
``defaultLocale``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from lsprotocol import types as lsp

from msgtemplate.lsp.context import cursor_context, field_at
from msgtemplate.lsp.describe import describe_field, describe_parameter
from msgtemplate.template.syntax import placeholders_in

if TYPE_CHECKING:
    from msgtemplate.lsp.analysis import Analysis
    from msgtemplate.pack import Pack, PackTemplate

_KEY: Final = re.compile(r"""^([ ]*(?:-[ ]+)?)("[^"]*"|'[^']*'|[^\s#'"{\[][^#:]*?)[ ]*:(?:\s|$)""")
# What Markdown would read as markup inside a line (emphasis, code, links, HTML).
_MARKDOWN: Final = re.compile(r"([\\`*_\[\]<>#|~])")


def hover(analysis: Analysis, line: int, character: int) -> lsp.Hover | None:
    """What to show for the position, or None."""
    index = analysis.index
    offset = index.offset_at(line, character)
    row = index.line_text(line)
    column = offset - index.offset_at(line, 0)
    our_line = index.ours(offset)[0]
    pack = analysis.pack_at(our_line)
    template = pack.template_at(our_line) if pack is not None else None
    for name, start, end in placeholders_in(row):
        if start <= column < end and template is not None:
            lines = index.lines()
            return _hover(_placeholder(template, name, _variant_of(lines, line, column)))
    key = _KEY.match(row)
    if key is None or not key.start(2) <= column < key.end(2):
        return None
    name = key.group(2).strip("\"'")
    lines = index.lines()
    context = cursor_context(lines, line, key.start(2))
    if context is None:
        return None
    if context.path[-1:] == ("content",) and pack is not None and template is not None:
        text = _locale(pack, template, name)
    elif context.path[-1:] == ("forms",) and len(context.path) >= 3 and template is not None:
        from msgtemplate.lsp.forms import describe_forms

        described = describe_forms(template, context.path[-2], name)
        if described is None:
            return None
        text = described
    else:
        owner = field_at(context.path)
        field = owner.keys.fields.get(name) if owner is not None and owner.keys else None
        if field is None:
            return None
        text = describe_field(name, field)
    return _hover(text)


def _hover(text: str) -> lsp.Hover:
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text))


def _placeholder(template: PackTemplate, name: str, locale: str | None) -> str:
    spec = template.parameters.get(name)
    if spec is None:
        return f"**`${{{name}}}`** is not declared in the parameters of `{template.code}`."
    text = describe_parameter(template, name, spec)[1]
    if locale is not None and spec.type in ("count", "select"):
        from msgtemplate.lsp.forms import describe_forms

        forms = describe_forms(template, locale, name)
        if forms is not None:
            text += "\n\n" + forms
    return text


def _variant_of(lines: Sequence[str], line: int, column: int) -> str | None:
    """The content key of the variant whose text holds the cursor, if any."""
    context = cursor_context(lines, line, column)
    if context is None:
        return None
    path = context.path
    if len(path) >= 2 and path[-2] == "content":
        return path[-1]
    return None


def _locale(pack: Pack, template: PackTemplate, key: str) -> str:
    from msgtemplate.errors import MsgTemplateError
    from msgtemplate.locales import fallback_chain

    variant = template.content.get(key)
    if variant is None:
        return f"**{_escape(key)}**: no usable variant (see the diagnostics)."
    out = [f"**{_escape(key)}** · `{template.code}` as a reader of this locale sees it:", ""]
    try:
        message = pack.render(template.code, key, template.example_values())
    except MsgTemplateError as exc:
        out.append(f"*Cannot render with the example values: {_escape(str(exc))}*")
    else:
        if message.title is not None:
            out += [f"> **{_quoted(message.title)}**", ">"]
        out.append(f"> {_quoted(message.body)}")
        if message.redirect_url is not None:
            out += ["", f"Opens `{message.redirect_url.replace('`', '')}`"]
        used = ", ".join(template.example_values())
        if used:
            out += ["", f"*With the example values of: {used}.*"]
    try:
        chain = list(fallback_chain(key))
    except MsgTemplateError:
        chain = [key]
    default = template.default_locale
    tail = f" → `{default}` (defaultLocale)" if default is not None and default != key else ""
    out += ["", "Fallback chain: " + " → ".join(f"`{tag}`" for tag in chain) + tail]
    return "\n".join(out)


def _quoted(text: str) -> str:
    return "  \n> ".join(_escape(line) for line in text.split("\n"))


def _escape(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", text)
