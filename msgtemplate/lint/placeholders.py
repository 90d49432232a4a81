"""Placeholder rules: syntax, empty bodies, declared vs used, and cross-locale drift."""

from __future__ import annotations

from collections.abc import Iterator

from msgtemplate._text.suggest import did_you_mean
from msgtemplate.document.source import MappingNode
from msgtemplate.lint._walk import content_key, texts
from msgtemplate.lint.findings import Finding
from msgtemplate.lint.model import LintModel
from msgtemplate.lint.registry import define
from msgtemplate.pack.model import PackTemplate
from msgtemplate.pack.variant import TemplateText, Variant
from msgtemplate.template.syntax import Placeholder

SYNTAX_ERROR = define(
    "MT301",
    "invalid-template-syntax",
    "error",
    "A title, body or redirectUrl is not valid `${name}` syntax (reported at its `$`).",
    rationale="""
`${` must be followed by a name (ASCII letters, digits, `_`) and `}`. A broken
placeholder cannot be rendered at all. Write `$$` for a literal `$`. Spaces inside
the braces (`${ name }`) are reported here, with the fix.
""",
    example="""
body: Paid ${amount on ${paidOn}   # unclosed placeholder
""",
)

EMPTY_BODY = define(
    "MT302",
    "empty-body",
    "error",
    "A variant's `body` is empty or only whitespace.",
    rationale="""
The platform would deliver a blank message in that language; an unfinished
translation should be left out (the default locale serves its readers) rather than
shipped empty.
""",
    example="""
content:
  fr: {body: ""}
""",
)

UNDECLARED = define(
    "MT303",
    "undeclared-placeholder",
    "error",
    "A placeholder is used in a text but not declared under `parameters` (did-you-mean).",
    rationale="""
Every value a template needs must be declared, so that callers, the payload builder
and reviewers know the template's inputs and their types. An undeclared name is
usually a typo (`${orderID}` for `${orderId}`) and would render as missing.
""",
    example="""
parameters: {orderId: {type: string}}
content:
  en-US: {body: "Order ${orderID} shipped"}   # did you mean 'orderId'?
""",
)

UNUSED = define(
    "MT304",
    "unused-parameter",
    "warning",
    "A declared parameter is not used in any text of its template.",
    rationale="""
Callers must still supply every declared parameter, and the request carries it. An
unused declaration is dead weight or a sign that a placeholder was lost.
""",
    example="""
parameters: {orderId: {type: string}, amount: {type: currency, currency: USD}}
content:
  en-US: {body: "Order ${orderId} shipped"}   # amount is never used
""",
)

MISSING_IN_LOCALE = define(
    "MT305",
    "placeholder-missing-in-locale",
    "warning",
    "A variant lacks a placeholder that the defaultLocale variant has.",
    rationale="""
Translations drift: a translator drops `${amount}` and readers of that language
never see it. Each variant should carry the same information as the default.
""",
    example="""
en-US: {body: "We received ${amount} for order ${orderId}."}
de:    {body: "Zahlung für Bestellung ${orderId} erhalten."}   # no ${amount}
""",
)

EXTRA_IN_LOCALE = define(
    "MT306",
    "placeholder-extra-in-locale",
    "warning",
    "A variant uses a placeholder that the defaultLocale variant does not.",
    rationale="""
A variant that shows more than the default is usually a stale translation of an
older text, or a copy-paste from another template.
""",
    example="""
en-US: {body: "Order ${orderId} shipped."}
fr:    {body: "Commande ${orderId} expédiée le ${shippedOn}."}
""",
)


def check(model: LintModel) -> Iterator[Finding]:
    pack = model.pack
    if pack is None:
        return
    for template in pack.templates.values():
        yield from _declared_vs_used(model, template)
        yield from _drift(model, template)


def _declared_vs_used(model: LintModel, template: PackTemplate) -> Iterator[Finding]:
    declared = model.declared[template.code]
    used: set[str] = set()
    for field, _variant, text in texts(template):
        if field == "body" and not text.text.strip():
            yield model.finding(EMPTY_BODY, text.line, text.column, "body is empty")
        for placeholder in _placeholders(text):
            used.add(placeholder.name)
            if placeholder.name not in declared:
                line, column = text.position(placeholder.offset)
                yield model.finding(
                    UNDECLARED,
                    line,
                    column,
                    f"placeholder '${{{placeholder.name}}}' is not declared in the parameters "
                    f"of {template.code!r}{did_you_mean(placeholder.name, declared)}",
                )
    if any(text.template is None for _f, _v, text in texts(template)):
        return  # a name may be used in the broken text: "unused" would be a guess
    parameters = template.node.get("parameters")
    for name in declared:
        if name not in used:
            key = parameters.key_node(name) if isinstance(parameters, MappingNode) else None
            yield model.at_node(
                UNUSED, key, f"parameter {name!r} is declared but never used in {template.code!r}"
            )


def _drift(model: LintModel, template: PackTemplate) -> Iterator[Finding]:
    default = template.content.get(template.default_locale or "")
    if default is None or not _parsed(default):
        return
    expected = _names(default)
    for locale, variant in template.content.items():
        if variant is default or not _parsed(variant):
            continue
        have = _names(variant)
        missing = [n for n in expected if n not in have]
        if missing:
            listed = ", ".join(f"${{{n}}}" for n in missing)
            yield model.at_node(
                MISSING_IN_LOCALE,
                content_key(template, locale),
                f"{locale!r} lacks {listed} which the {default.locale!r} variant of "
                f"{template.code!r} has",
            )
        reported: set[str] = set()
        for text in variant.texts():
            for placeholder in _placeholders(text):
                name = placeholder.name
                if name in expected or name in reported:
                    continue
                reported.add(name)
                line, column = text.position(placeholder.offset)
                uses = ", ".join(f"${{{n}}}" for n in expected) or "no placeholders"
                yield model.finding(
                    EXTRA_IN_LOCALE,
                    line,
                    column,
                    f"'${{{name}}}' is in {locale!r} but not in the {default.locale!r} "
                    f"variant of {template.code!r} (which uses {uses})",
                )


def _placeholders(text: TemplateText) -> Iterator[Placeholder]:
    if text.template is not None:  # a text with a syntax error is reported by the pack
        for node in text.template.nodes:
            if isinstance(node, Placeholder):
                yield node


def _parsed(variant: Variant) -> bool:
    return all(t.template is not None for t in variant.texts())


def _names(variant: Variant) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for text in variant.texts():
        names.update(dict.fromkeys(text.placeholders))
    return tuple(names)
