"""Plural and select forms in translator exchange: the units a translator gets for a
variant's ``forms``, and how each format writes them.

Unit ids (``CODE`` the template, ``NAME`` the count or select parameter):

* ``CODE.forms.NAME``: a ``count`` form set as one plural unit (:class:`PluralUnit`):
  PO ``msgid``/``msgid_plural`` (the source locale's ``one`` and ``other`` phrases;
  a source language without ``one``, such as Japanese, gives ``other`` for both) and
  ``msgstr[n]`` in the target locale's gettext order (its CLDR categories in CLDR
  order, :func:`~msgtemplate.translate.plurals.gettext_order`); the file's
  ``Plural-Forms`` header is msgtemplate's CLDR rule for the target language.
* ``CODE.forms.NAME.few``: one category, as a plain unit (XLIFF 2.0); flat JSON writes
  i18next v4 suffixes instead, ``CODE.forms.NAME_few``. Both are read in every format.
* ``CODE.forms.NAME.=0``: an exact-value phrase (gettext has no exact-value plurals,
  so it is a plain unit everywhere).
* ``CODE.forms.NAME.VALUE``: the phrase of one ``select`` value, a plain unit.

Reading a translator's work back is :mod:`msgtemplate.translate.forms_import`. Forms
carry no ``sourceHash``: a phrase is never stale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from msgtemplate.formatting import FORM_TYPES
from msgtemplate.formatting.forms import PLURAL_CATEGORIES, exact_value, sample_text
from msgtemplate.pack.model import Pack, PackTemplate
from msgtemplate.translate.plurals import gettext_order, plural_forms, same_rule
from msgtemplate.translate.units import Unit, content_key

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

    from msgtemplate.formatting.declarations import ParameterSpec

MARK: Final = ".forms."
"""What every forms unit id holds after the template code."""

PHRASE_RULE: Final = (
    "Plain text: no ${...}. # is the number (written for your language), ## a literal #."
)
SELECT_RULE: Final = "Plain text, used as written: no ${...}."


def form_id(code: str, name: str, key: str | None = None) -> str:
    """``CODE.forms.NAME`` (a plural unit), or ``CODE.forms.NAME.KEY``."""
    base = f"{code}{MARK}{name}"
    return base if key is None else f"{base}.{key}"


def is_form_id(ident: str) -> bool:
    return MARK in ident


@dataclass(frozen=True, slots=True)
class PluralUnit(Unit):
    """A ``count`` form set as one plural unit: ``source`` is the singular phrase,
    ``plural`` the plural one, ``categories`` the target's CLDR categories in
    gettext order and ``targets`` their phrases ('' where missing; empty when there
    is no translation at all). ``target`` is the first phrase given, or None."""

    plural: str = ""
    categories: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()
    """The source language's own phrases, by category."""

    def category_ids(self, suffix: Literal["_", "."]) -> list[tuple[str, str, str]]:
        """``(id, category, phrase)`` of each translated category: ``CODE.forms.eta_few``
        (i18next) or ``CODE.forms.eta.few``."""
        if not self.targets:
            return []
        return [
            (f"{self.id}{suffix}{category}", category, phrase)
            for category, phrase in zip(self.categories, self.targets, strict=True)
            if phrase
        ]


# --- export -----------------------------------------------------------------------------


def with_forms(
    pack: Pack, tag: str | None, units: Sequence[Unit], *, plural: bool = True
) -> list[Unit]:
    """``units`` with each template's form units after its own texts (template order).

    ``tag`` is the target locale (None: the source units, each its own translation).
    A parameter whose source variant has no ``forms`` entry (a lint error) gives none.
    ``plural`` False gives a count form set as one plain unit per category
    (:func:`category_units`, for XLIFF 2.0) instead of a :class:`PluralUnit`.
    """
    by_code: dict[str, list[Unit]] = {}
    for unit in units:
        by_code.setdefault(unit.code, []).append(unit)
    out: list[Unit] = []
    for code, template in pack.templates.items():
        out.extend(by_code.pop(code, ()))
        forms = _template_forms(code, template, tag)
        for unit in forms:
            if isinstance(unit, PluralUnit) and not plural:
                out.extend(category_units(unit, tag or template.default_locale or ""))
            else:
                out.append(unit)
    for rest in by_code.values():  # never the case: units come from the same pack
        out.extend(rest)
    return out


def _template_forms(code: str, template: PackTemplate, tag: str | None) -> list[Unit]:
    default_key = template.default_locale
    default = template.content.get(default_key or "")
    if default is None or default_key is None:
        return []
    key = content_key(template, tag) if tag is not None else default_key
    variant = template.content.get(key) if key is not None else None
    locale = tag if tag is not None else default_key
    units: list[Unit] = []
    for name, spec in template.parameters.items():
        if spec.type not in FORM_TYPES or name not in default.forms:
            continue
        source = default.forms[name].phrases
        target_set = variant.forms.get(name) if variant is not None else None
        target = dict(target_set.phrases) if target_set is not None else {}
        if spec.type == "count":
            units.extend(_count_units(code, template, spec, locale, phrases=(source, target)))
        else:
            for value in spec.values or ():
                if value in source:
                    explain = (
                        f"the words ${{{name}}} stands for when it is {value!r} ({_about(spec)}).",
                        SELECT_RULE,
                    )
                    units.append(
                        _plain(
                            template,
                            form_id(code, name, value),
                            (source[value], target.get(value)),
                            explain,
                        )
                    )
    return units


def _count_units(
    code: str,
    template: PackTemplate,
    spec: ParameterSpec,
    locale: str,
    *,
    phrases: tuple[Mapping[str, str], Mapping[str, str]],
) -> list[Unit]:
    source, target = phrases
    name = spec.name
    units: list[Unit] = []
    other = source.get("other")
    if other is not None:
        categories = gettext_order(locale)
        targets = tuple(target.get(c, "") for c in categories)
        if not any(targets):
            targets = ()
        where = ", ".join(f"[{i}] {c} ({sample_text(locale, c)})" for i, c in enumerate(categories))
        explain = (
            f"the words for ${{{name}}}, a number ({_about(spec)}), in every plural form "
            f"of {locale}.",
            f"One phrase per form, in this order: {where}.",
            PHRASE_RULE,
        )
        units.append(
            PluralUnit(
                id=form_id(code, name),
                code=code,
                field="body",
                source=source.get("one", other),
                target=next((t for t in targets if t), None),
                stale=False,
                name=template.name,
                channel=template.channel,
                parameters=(),
                explain=explain,
                plural=other,
                categories=categories,
                targets=targets,
                sources=tuple((c, p) for c, p in source.items() if c in PLURAL_CATEGORIES),
            )
        )
    for key, phrase in source.items():
        number = exact_value(key)
        if number is None:
            continue
        exact = (
            f"the words for ${{{name}}} when it is exactly {key[1:]} ({_about(spec)}).",
            PHRASE_RULE,
        )
        units.append(_plain(template, form_id(code, name, key), (phrase, target.get(key)), exact))
    return units


def category_units(unit: PluralUnit, locale: str) -> list[Unit]:
    """``unit`` as one plain unit per category, ``CODE.forms.eta.few``: its source is
    the source language's phrase of that category, else its ``other`` phrase."""
    sources = dict(unit.sources)
    name = unit.id.partition(MARK)[2]
    out: list[Unit] = []
    for index, category in enumerate(unit.categories):
        target = unit.targets[index] if unit.targets else ""
        explain = (
            f"the {category} form of ${{{name}}}, for {locale} numbers such as "
            f"{sample_text(locale, category)}.",
            *unit.explain[2:],
        )
        out.append(
            Unit(
                id=f"{unit.id}.{category}",
                code=unit.code,
                field=unit.field,
                source=sources.get(category, unit.plural),
                target=target or None,
                stale=False,
                name=unit.name,
                channel=unit.channel,
                parameters=(),
                explain=explain,
            )
        )
    return out


def _about(spec: ParameterSpec) -> str:
    parts = [spec.type]
    if spec.description:
        parts.append(spec.description)
    if spec.example is not None:
        parts.append(f"e.g. {spec.example}")
    return ", ".join(parts)


def _plain(
    template: PackTemplate,
    ident: str,
    texts: tuple[str, str | None],
    explain: tuple[str, ...],
) -> Unit:
    source, target = texts
    return Unit(
        id=ident,
        code=ident.partition(MARK)[0],
        field="body",
        source=source,
        target=target,
        stale=False,
        name=template.name,
        channel=template.channel,
        parameters=(),
        explain=explain,
    )


def use_cldr_plural_forms(catalog: Catalog, tag: str) -> None:
    """Give a Babel catalog msgtemplate's ``Plural-Forms`` for ``tag``, which also sets
    how many ``msgstr[n]`` each plural entry gets: CLDR's rule
    (:func:`~msgtemplate.translate.plurals.plural_forms`), written as Babel's own
    table writes it where that table maps every number to the same index (shorter,
    and what files exported before forms existed say), else as CLDR's rule."""
    wanted = plural_forms(tag)
    babel_header = catalog.plural_forms
    catalog.mime_headers = [
        ("Plural-Forms", babel_header if same_rule(babel_header, wanted) else wanted)
    ]


def add_po_plural(catalog: Catalog, unit: PluralUnit, *, template: bool = False) -> Message:
    """``unit`` as a plural PO entry of ``catalog`` (``template``: a POT, every
    ``msgstr[n]`` empty)."""
    strings = ("",) * max(1, catalog.num_plurals) if template or not unit.targets else unit.targets
    return catalog.add(
        (unit.source, unit.plural),
        string=strings,
        context=unit.id,
        auto_comments=unit.notes(),
    )


def json_entries(unit: Unit, *, source: bool) -> list[tuple[str, str]]:
    """The flat JSON members of a forms unit (``source``: the defaultLocale's file)."""
    if isinstance(unit, PluralUnit):
        return [(ident, phrase) for ident, _, phrase in unit.category_ids("_")]
    text = unit.source if source else unit.target
    return [] if text is None else [(unit.id, text)]
