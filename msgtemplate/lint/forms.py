"""Plural and select forms: every variant's ``forms`` against its locale and declarations.

A ``count`` form set must cover the CLDR plural categories of its variant's locale
(named, with sample numbers, when one is missing), hold no category the locale never
uses and no key that is neither a category nor ``=N``; a ``select`` form set must
give every declared value and nothing else. Phrases are plain text: not empty, no
``${...}``. A variant that uses a count or select parameter needs its entry, and an
entry for a parameter the variant does not use is drift. (Bidi controls in phrases
are MT602's: it reads every line of the file.)
"""

from __future__ import annotations

from collections.abc import Iterator

from msgtemplate._text.suggest import did_you_mean
from msgtemplate.formatting import FORM_TYPES, PLURAL_CATEGORIES, plural_categories
from msgtemplate.formatting.declarations import ParameterSpec
from msgtemplate.formatting.forms import EXACT_KEY, count_key_problem, sample_text
from msgtemplate.lint._walk import content_key
from msgtemplate.lint.findings import Finding
from msgtemplate.lint.model import LintModel
from msgtemplate.lint.registry import (
    EMPTY_PHRASE,
    FORMS_WITHOUT_PARAMETER,
    INVALID_FORM_KEY,
    MISSING_FORMS,
    MISSING_OTHER_FORM,
    MISSING_PLURAL_FORMS,
    MISSING_SELECT_VALUE,
    PLACEHOLDER_IN_PHRASE,
    UNKNOWN_SELECT_VALUE,
    UNUSED_FORMS,
    UNUSED_PLURAL_CATEGORY,
)
from msgtemplate.locales import LocaleError, normalize_tag
from msgtemplate.pack.model import PackTemplate
from msgtemplate.pack.variant import FormSet, Variant


def check(model: LintModel) -> Iterator[Finding]:
    pack = model.pack
    if pack is None:
        return
    for template in pack.templates.values():
        # A finding needs a count or select parameter, or forms: most templates have
        # neither, and their variants are not looked at.
        takes_forms = any(spec.type in FORM_TYPES for spec in template.parameters.values())
        for variant in template.content.values():
            if takes_forms or variant.forms:
                yield from _variant(model, template, variant)


def used_names(template: PackTemplate, variant: Variant) -> dict[str, None]:
    """Placeholders the variant's texts and the template's redirectUrl use, in order."""
    names: dict[str, None] = {}
    for text in variant.texts():
        names.update(dict.fromkeys(text.placeholders))
    if template.redirect_url is not None:
        names.update(dict.fromkeys(template.redirect_url.placeholders))
    return names


def _variant(model: LintModel, template: PackTemplate, variant: Variant) -> Iterator[Finding]:
    used = used_names(template, variant)
    declared = model.declared.get(template.code, ())
    for name in used:
        spec = template.parameters.get(name)
        if spec is not None and spec.type in FORM_TYPES and name not in variant.forms:
            yield model.at_node(
                MISSING_FORMS,
                content_key(template, variant.locale),
                f"{variant.locale!r} uses ${{{name}}} ({spec.type}) but has no forms entry "
                f"for it; add forms: {{{name}: {_skeleton(spec, variant.locale)}}}",
            )
    for name, forms in variant.forms.items():
        spec = template.parameters.get(name)
        if spec is None or spec.type not in FORM_TYPES:
            if spec is not None:
                why = f"parameter {name!r} is a {spec.type}; only count and select take forms"
            elif name in declared:
                continue  # its declaration is invalid: reported as such
            else:
                candidates = [n for n, s in template.parameters.items() if s.type in FORM_TYPES]
                why = (
                    f"{name!r} is not a count or select parameter of {template.code!r}"
                    f"{did_you_mean(name, candidates)}"
                )
            yield model.finding(FORMS_WITHOUT_PARAMETER, forms.line, forms.column, why)
            continue
        if name not in used:
            yield model.finding(
                UNUSED_FORMS,
                forms.line,
                forms.column,
                f"{variant.locale!r} has forms for {name!r} but its texts do not use ${{{name}}}",
            )
            continue  # its phrases are never shown: the drift is the finding
        yield from _phrases(model, forms)
        if spec.type == "count":
            yield from _count(model, variant.locale, forms)
        else:
            yield from _select(model, spec, variant.locale, forms)


def _skeleton(spec: ParameterSpec, locale: str) -> str:
    """``{one: ..., few: ..., other: ...}``: the keys a new entry needs."""
    if spec.type == "select":
        keys: tuple[str, ...] = spec.values or ()
    else:
        keys = _categories(locale) or ("other",)
    return "{" + ", ".join(f"{key}: ..." for key in keys) + "}"


def _categories(locale: str) -> tuple[str, ...] | None:
    try:
        return plural_categories(normalize_tag(locale))
    except LocaleError:
        return None  # an unknown locale is reported as such


def _phrases(model: LintModel, forms: FormSet) -> Iterator[Finding]:
    for key, phrase in forms.phrases.items():
        if not phrase.strip():
            line, column = forms.phrase_position(key)
            yield model.finding(
                EMPTY_PHRASE, line, column, f"the {key!r} phrase of {forms.name!r} is empty"
            )
        start = phrase.find("${")
        if start >= 0:
            end = phrase.find("}", start)
            shown = phrase[start : end + 1] if end > start else phrase[start : start + 12]
            line, column = forms.phrase_position(key, start)
            yield model.finding(
                PLACEHOLDER_IN_PHRASE,
                line,
                column,
                f"{shown!r} in the {key!r} phrase of {forms.name!r} is not filled in: "
                "phrases are plain text (in a count phrase '#' is the number)",
            )


def _count(model: LintModel, locale: str, forms: FormSet) -> Iterator[Finding]:
    categories = _categories(locale)
    for key in forms.phrases:
        problem = count_key_problem(key)
        if problem is not None:
            hint = "" if key.startswith("=") else did_you_mean(key, PLURAL_CATEGORIES)
            line, column = forms.key_position(key)
            yield model.finding(INVALID_FORM_KEY, line, column, f"{forms.name!r}: {problem}{hint}")
        elif categories is not None and key in PLURAL_CATEGORIES and key not in categories:
            line, column = forms.key_position(key)
            yield model.finding(
                UNUSED_PLURAL_CATEGORY,
                line,
                column,
                f"{locale!r} never uses the plural category {key!r}, so the phrase of "
                f"{forms.name!r} is never shown (its categories: {', '.join(categories)})",
            )
    if "other" not in forms.phrases:
        yield model.finding(
            MISSING_OTHER_FORM,
            forms.line,
            forms.column,
            f"{forms.name!r} in {locale!r} has no 'other' phrase; every language needs "
            f"one ({_samples(locale, 'other')})",
        )
    if categories is None:
        return
    missing = [c for c in categories if c != "other" and c not in forms.phrases]
    if missing:
        listed = "; ".join(f"{c}: {sample_text(normalize_tag(locale), c)}" for c in missing)
        yield model.finding(
            MISSING_PLURAL_FORMS,
            forms.line,
            forms.column,
            f"{forms.name!r} in {locale!r} lacks the plural "
            f"categor{'y' if len(missing) == 1 else 'ies'} {', '.join(missing)} "
            f"({listed})",
        )


def _samples(locale: str, category: str) -> str:
    try:
        return f"{category}: {sample_text(normalize_tag(locale), category)}"
    except LocaleError:
        return category


def _select(
    model: LintModel, spec: ParameterSpec, locale: str, forms: FormSet
) -> Iterator[Finding]:
    values = spec.values or ()
    for key in forms.phrases:
        if key not in values:
            line, column = forms.key_position(key)
            hint = did_you_mean(key, values) if not EXACT_KEY.fullmatch(key) else ""
            yield model.finding(
                UNKNOWN_SELECT_VALUE,
                line,
                column,
                f"{key!r} is not a value of {forms.name!r}{hint} (values: {', '.join(values)})",
            )
    missing = [v for v in values if v not in forms.phrases]
    if missing:
        yield model.finding(
            MISSING_SELECT_VALUE,
            forms.line,
            forms.column,
            f"{forms.name!r} in {locale!r} has no phrase for {', '.join(repr(v) for v in missing)}",
        )
