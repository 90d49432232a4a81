"""Placeholder rules: syntax, empty bodies, declared vs used, and cross-locale drift."""

from __future__ import annotations

from collections.abc import Iterator

from msgtemplate._text.suggest import did_you_mean
from msgtemplate.document.source import MappingNode
from msgtemplate.lint._walk import content_key, texts
from msgtemplate.lint.findings import Finding
from msgtemplate.lint.model import LintModel
from msgtemplate.lint.registry import (
    EMPTY_BODY,
    EXTRA_IN_LOCALE,
    MISSING_IN_LOCALE,
    UNDECLARED,
    UNUSED,
)
from msgtemplate.pack.model import PackTemplate
from msgtemplate.pack.variant import TemplateText, Variant
from msgtemplate.template.syntax import Placeholder


def check(model: LintModel) -> Iterator[Finding]:
    pack = model.pack
    if pack is None:
        return
    for template in pack.templates.values():
        yield from _declared_vs_used(model, template)
        yield from _drift(model, template)


def _declared_vs_used(model: LintModel, template: PackTemplate) -> Iterator[Finding]:
    declared = model.declared[template.code]
    known = frozenset(declared)
    used: set[str] = set()
    broken = False
    for field, _variant, text in texts(template):
        if field == "body" and not text.text.strip():
            yield model.finding(EMPTY_BODY, text.line, text.column, "body is empty")
        names = text.placeholders
        used.update(names)
        broken = broken or text.template is None
        if known.issuperset(names):
            continue  # the names tell: the text is not parsed again for positions
        for placeholder in _placeholders(text):
            if placeholder.name not in known:
                line, column = text.position(placeholder.offset)
                yield model.finding(
                    UNDECLARED,
                    line,
                    column,
                    f"placeholder '${{{placeholder.name}}}' is not declared in the parameters "
                    f"of {template.code!r}{did_you_mean(placeholder.name, declared)}",
                )
    if broken or used.issuperset(known):
        return  # a name may be used in a broken text: "unused" would be a guess
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
    wanted = frozenset(expected)
    for locale, variant in template.content.items():
        if variant is default or not _parsed(variant):
            continue
        have = _names(variant)
        if wanted.issuperset(have) and len(wanted) == len(have):
            continue  # the same names: none missing, none extra
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
            if all(name in wanted or name in reported for name in text.placeholders):
                continue  # nothing to report: the text is not parsed again for positions
            for placeholder in _placeholders(text):
                name = placeholder.name
                if name in wanted or name in reported:
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
