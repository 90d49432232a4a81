"""Plural and select forms in translator exchange: what a translator gets for a
variant's ``forms``, and reading their work back.

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

Import (:class:`FormsImport`) checks that a count translation covers every CLDR
category of the target language (a missing one refuses the set, at the file's line),
leaves out a category the language never uses (a warning, as lint's ``MT804``), and
refuses control characters, bidi controls and ``${...}`` in phrases (as ``MT604``,
``MT602``, ``MT809``). Forms carry no ``sourceHash``: a phrase is never stale.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Final, Literal

from msgtemplate._text.charsets import controls, describe, describe_control, hidden
from msgtemplate._text.suggest import closest
from msgtemplate.formatting import FORM_TYPES
from msgtemplate.formatting.forms import EXACT_KEY, PLURAL_CATEGORIES, exact_value, sample_text
from msgtemplate.lint.quality_text import newline_edges_differ
from msgtemplate.pack.model import Pack, PackTemplate
from msgtemplate.pack.variant import Variant
from msgtemplate.translate.files import ImportedUnit, TranslationFile
from msgtemplate.translate.plurals import gettext_order, plural_forms
from msgtemplate.translate.units import Unit, content_key
from msgtemplate.translate.writeback import Change

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

    from msgtemplate.formatting.declarations import ParameterSpec

MARK: Final = ".forms."
"""What every forms unit id holds after the template code."""

PHRASE_RULE: Final = (
    "Plain text: no ${...}. # is the number (written for your language), ## a literal #."
)
SELECT_RULE: Final = "Plain text, used as written: no ${...}."

NoteKind = Literal["refused", "warning", "info", "skipped"]


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


# --- import -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Ref:
    """What a forms unit id names: a template's parameter and, but for a plural unit,
    one key (a category, ``=N`` or a select value)."""

    code: str
    name: str
    key: str | None


@dataclass(slots=True)
class _Set:
    """What one file gives for one form set."""

    plural: tuple[TranslationFile, ImportedUnit] | None = None
    keys: dict[str, tuple[TranslationFile, ImportedUnit]] = field(default_factory=dict)


Notify = Callable[[NoteKind, TranslationFile, ImportedUnit, str, bool], None]


class FormsImport:
    """Collects the forms units of one translation file and turns them into changes.

    ``notify(kind, file, unit, message, at_id)`` records a note (the importer's).
    """

    def __init__(self, pack: Pack, notify: Notify, *, strict: bool = False) -> None:
        self.pack = pack
        self.notify = notify
        self.strict = strict
        self.sets: dict[tuple[str, str], _Set] = {}
        self.unchanged = 0
        self.claimed: dict[tuple[str, str, str, str], tuple[str, int]] = {}
        """(locale, template, parameter, key) -> where a file gave that phrase first."""

    def collect(self, file: TranslationFile, unit: ImportedUnit) -> bool:
        """Take ``unit`` (a forms unit id); False when it names nothing of this pack
        (an obsolete or unknown unit, already reported)."""
        ref = self._parse(file, unit)
        if ref is None:
            return False
        entry = self.sets.setdefault((ref.code, ref.name), _Set())
        if ref.key is None:
            if entry.plural is not None:
                self._twice(file, unit, entry.plural)
                return True
            entry.plural = (file, unit)
        else:
            first = entry.keys.get(ref.key)
            if first is not None:
                self._twice(file, unit, first)
                return True
            entry.keys[ref.key] = (file, unit)
        return True

    def _twice(
        self,
        file: TranslationFile,
        unit: ImportedUnit,
        first: tuple[TranslationFile, ImportedUnit],
    ) -> None:
        where = (
            f"line {first[1].id_line}"
            if first[0].path == file.path
            else f"{first[0].path}:{first[1].id_line}"
        )
        self.notify("refused", file, unit, f"gives the same phrase twice (first at {where})", True)

    def _parse(self, file: TranslationFile, unit: ImportedUnit) -> _Ref | None:
        code, _, rest = unit.id.partition(MARK)
        template = self.pack.templates.get(code)
        if template is None:
            self.notify(
                "warning",
                file,
                unit,
                f"obsolete: the pack has no template {code} (any more); skipped",
                False,
            )
            return None
        name, dot, key = rest.partition(".")
        if not dot and name not in template.parameters and "_" in name:
            name, _, key = name.rpartition("_")  # i18next's CODE.forms.eta_few
            dot = "_"
        spec = template.parameters.get(name)
        default = template.content.get(template.default_locale or "")
        if spec is None or spec.type not in FORM_TYPES or default is None:
            what = rest if spec is None else name
            self.notify(
                "warning",
                file,
                unit,
                f"obsolete: {code} has no count or select parameter {what!r} (any more); skipped",
                False,
            )
            return None
        if name not in default.forms:
            self.notify(
                "warning",
                file,
                unit,
                f"obsolete: {name} has no forms in "
                f"{template.default_locale} to translate from; skipped",
                False,
            )
            return None
        plural = unit.plurals is not None
        if spec.type == "select":
            if plural or not dot:
                values = ", ".join(f"{code}.forms.{name}.{v}" for v in spec.values or ())
                self.notify(
                    "refused",
                    file,
                    unit,
                    f"{name} is a select parameter, not a count: its "
                    f"phrases are plain units, one per value ({values})",
                    True,
                )
                return None
            if key not in (spec.values or ()):
                guess = closest(key, spec.values or ())
                if guess is None:
                    self.notify(
                        "warning",
                        file,
                        unit,
                        f"obsolete: {key!r} is no value of {name} "
                        f"(any more; its values: {', '.join(spec.values or ())}); skipped",
                        False,
                    )
                else:
                    self.notify(
                        "refused",
                        file,
                        unit,
                        f"{key!r} is no value of {name}: did you mean {guess!r}?",
                        True,
                    )
                return None
            return _Ref(code, name, key)
        if plural:
            if dot:
                self.notify(
                    "refused",
                    file,
                    unit,
                    f"a plural entry must be named {code}.forms.{name} "
                    "(its msgstr[n] are the forms)",
                    True,
                )
                return None
            return _Ref(code, name, None)
        if not dot:
            self.notify(
                "refused",
                file,
                unit,
                f"{name} is a count: its phrases are one plural entry "
                f"(msgid_plural) or one unit per plural category ({code}.forms.{name}.one, "
                f"{code}.forms.{name}_one...)",
                True,
            )
            return None
        if key in PLURAL_CATEGORIES or EXACT_KEY.fullmatch(key):
            return _Ref(code, name, key)
        guess = closest(key, PLURAL_CATEGORIES)
        hint = f"; did you mean {guess!r}?" if guess else ""
        self.notify(
            "refused",
            file,
            unit,
            f"unknown plural category {key!r} of {name}: a key is a "
            f"CLDR category ({', '.join(PLURAL_CATEGORIES)}) or an exact value such as "
            f"'=0'{hint}",
            True,
        )
        return None

    # --- changes ------------------------------------------------------------------------

    def changes(self, file: TranslationFile, locale: str, new_bodies: set[str]) -> list[Change]:
        """The changes the units collected from ``file`` ask for in content key
        ``locale``; ``new_bodies`` are the templates that get a new ``locale``
        variant from this import (forms alone cannot make one)."""
        out: list[Change] = []
        header_ok = self._header_ok(file, locale)
        for (code, name), entry in self.sets.items():
            template = self.pack.templates[code]
            existing = content_key(template, locale)
            variant = template.content.get(existing) if existing is not None else None
            if variant is None and code not in new_bodies:
                first = entry.plural or next(iter(entry.keys.values()))
                if self._given(entry):
                    self.notify(
                        "skipped",
                        first[0],
                        first[1],
                        f"no body translation for {locale!r}, "
                        f"which {code} does not have yet; its forms alone cannot make a variant",
                        False,
                    )
                continue
            if entry.plural is not None and any(entry.plural[1].plurals or ()) and not header_ok:
                continue
            out.extend(
                self._set_changes(template, (code, name), entry, existing or locale, variant)
            )
        self.sets = {}
        return out

    @staticmethod
    def _given(entry: _Set) -> bool:
        units = [u for _, u in entry.keys.values()]
        if entry.plural is not None:
            units.append(entry.plural[1])
        return any(u.target or any(u.plurals or ()) for u in units)

    def _header_ok(self, file: TranslationFile, locale: str) -> bool:
        """A PO file's plural entries are read by msgtemplate's CLDR rule for the
        language: a file whose ``Plural-Forms`` says otherwise (gettext's traditional
        table, as ``msginit`` writes it) would put phrases in the wrong forms."""
        plural_units = [
            e.plural
            for e in self.sets.values()
            if e.plural is not None and any(e.plural[1].plurals or ())
        ]
        if file.format != "po" or not plural_units:
            return True
        wanted = plural_forms(locale)
        given = file.plural_forms
        if given is not None and same_rule(given[0], wanted):
            return True
        shown = f"{given[0]!r}" if given is not None else "none"
        line = given[1] if given is not None else 1
        unit = plural_units[0][1]
        n = len(plural_units)
        self.notify(
            "refused",
            file,
            replace(unit, line=line, column=1),
            f"the file's Plural-Forms header ({shown}) is not the CLDR rule msgtemplate "
            f"reads {locale}'s msgstr[n] by, so the {n} plural entr{'ies' if n != 1 else 'y'} "
            f"cannot be placed; export the file again, or set the header to "
            f"'Plural-Forms: {wanted}' with msgstr[n] in the order "
            f"{', '.join(gettext_order(locale))}",
            False,
        )
        return False

    def _set_changes(
        self,
        template: PackTemplate,
        which: tuple[str, str],
        entry: _Set,
        locale: str,
        variant: Variant | None,
    ) -> list[Change]:
        code, name = which
        spec = template.parameters[name]
        default = template.content[template.default_locale or ""]
        source = default.forms[name].phrases
        current = dict(variant.forms[name].phrases) if variant and name in variant.forms else {}
        given: dict[str, tuple[str, TranslationFile, ImportedUnit]] = {}
        categories = gettext_order(locale) if spec.type == "count" else ()
        if entry.plural is not None:
            file, unit = entry.plural
            plurals = unit.plurals or ()
            if unit.fuzzy:
                self.notify("skipped", file, unit, "marked fuzzy / needs review", False)
            elif not any(plurals):
                self.notify("skipped", file, unit, "untranslated", False)
            elif len(plurals) != len(categories):
                self.notify(
                    "refused",
                    file,
                    unit,
                    f"has {len(plurals)} plural form"
                    f"{'s' if len(plurals) != 1 else ''}, but {locale} has {len(categories)} "
                    f"({', '.join(f'[{i}] {c}' for i, c in enumerate(categories))})",
                    False,
                )
                return []
            else:
                for index, (category, phrase) in enumerate(zip(categories, plurals, strict=True)):
                    line, column = (
                        unit.plural_positions[index]
                        if index < len(unit.plural_positions)
                        else (unit.line, unit.column)
                    )
                    at = replace(unit, id=form_id(code, name, category), line=line, column=column)
                    given[category] = (phrase, file, at)
        for key, (file, unit) in entry.keys.items():
            if unit.fuzzy and unit.target:
                self.notify("skipped", file, unit, "marked fuzzy / needs review", False)
                continue
            if not unit.target:
                continue  # untranslated (flat JSON leaves such keys out anyway)
            if spec.type == "count" and key in PLURAL_CATEGORIES and key not in categories:
                kind: NoteKind = "refused" if self.strict else "warning"
                self.notify(
                    kind,
                    file,
                    unit,
                    f"{locale} never uses the plural category {key!r} "
                    f"(its categories: {', '.join(categories)}); the phrase would never be "
                    "shown, so it is left out (as lint's MT804)",
                    False,
                )
                continue
            if key in given:
                self.notify("refused", file, unit, f"gives the {key!r} phrase twice", True)
                return []
            given[key] = (unit.target, file, unit)
        if not given:
            return []
        # Two files for one language may not both give a phrase (as for titles and
        # bodies, where a unit id given twice is refused).
        for key, (_, file, unit) in given.items():
            first = self.claimed.setdefault((locale, code, name, key), (file.path, unit.line))
            if first != (file.path, unit.line):
                self.notify(
                    "refused",
                    file,
                    unit,
                    f"the {key!r} phrase of {name} is given twice (first at {first[0]}:{first[1]})",
                    False,
                )
                return []
        if all(current.get(k) == phrase for k, (phrase, _, _) in given.items()):
            self.unchanged += len(given)
            return []
        problems = False
        if spec.type == "count" and any(k in PLURAL_CATEGORIES for k in given):
            missing = [c for c in categories if not given.get(c, ("",))[0]]
            if missing:
                _, file, unit = next(
                    (given[c] for c in missing if c in given),
                    next(iter(given.values())),
                )
                samples = "; ".join(f"{c}: {sample_text(locale, c)}" for c in missing)
                self.notify(
                    "refused",
                    file,
                    unit,
                    f"lacks the plural categor"
                    f"{'ies' if len(missing) != 1 else 'y'} {', '.join(missing)} of {locale} "
                    f"({samples}); every form must be translated",
                    False,
                )
                return []
        changes: list[Change] = []
        for key, (phrase, file, unit) in given.items():
            origin = source.get(key, source.get("other", ""))
            found = phrase_problems(origin, phrase)
            for severity, message in found:
                self.notify(
                    "refused" if severity == "error" else "warning", file, unit, message, False
                )
            if any(severity == "error" for severity, _ in found):
                problems = True
                continue
            if current.get(key) == phrase:
                self.unchanged += 1
                continue
            changes.append(
                Change(
                    code=code,
                    field="body",
                    locale=locale,
                    text=phrase,
                    old=current.get(key),
                    source_hash=None,
                    origin=unit,
                    path=file.path,
                    form=(name, key),
                )
            )
        return [] if problems else changes


def phrase_problems(source: str, phrase: str) -> list[tuple[str, str]]:
    """What is wrong with ``phrase`` as the translation of ``source``, as
    ``(severity, message)``: control characters, bidi controls, ``${...}`` and a
    line break at one end only are errors; invisible characters warnings."""
    problems: list[tuple[str, str]] = [
        ("error", f"holds a {describe_control(char)}; remove it")
        for char in dict.fromkeys(phrase[index] for index in controls(phrase))
    ][:3]
    problems += [
        ("error" if kind == "bidi" else "warning", f"holds a {describe(phrase[index])}; remove it")
        for index, kind in hidden(phrase)
    ]
    start = phrase.find("${")
    if start >= 0:
        end = phrase.find("}", start)
        shown = phrase[start : end + 1] if end > start else phrase[start : start + 12]
        problems.append(
            (
                "error",
                f"{shown!r} in a phrase is not filled in: phrases are plain text (# is the "
                "number; put other parameters in the body)",
            )
        )
    edge = newline_edges_differ(source, phrase)
    if edge is not None:
        problems.append(("error", edge))
    return problems


_TRIAL_NUMBERS: Final = (*range(0, 1001), 10**4, 10**5, 10**6, 2 * 10**6, 10**7, 1_000_001)


def same_rule(given: str, wanted: str) -> bool:
    """Whether two ``Plural-Forms`` values map every number tried to the same index
    (spacing and parentheses aside); an expression gettext cannot read never is."""
    if " ".join(given.split()) == " ".join(wanted.split()):
        return True
    parsed = [_parse_rule(given), _parse_rule(wanted)]
    if parsed[0] is None or parsed[1] is None or parsed[0][0] != parsed[1][0]:
        return False
    first, second = parsed[0][1], parsed[1][1]
    try:
        return all(first(n) == second(n) for n in _TRIAL_NUMBERS)
    except (ArithmeticError, ValueError, TypeError, RecursionError):
        return False


def _parse_rule(value: str) -> tuple[int, Callable[[int], int]] | None:
    fields = {}
    for part in value.split(";"):
        key, eq, rest = part.partition("=")
        if eq:
            fields[key.strip().lower()] = rest.strip()
    try:
        count = int(fields.get("nplurals", ""))
        return count, gettext.c2py(fields.get("plural", ""))
    except (ValueError, SyntaxError, RecursionError):
        return None
