"""Reading a translator's forms back: the units of ``CODE.forms.NAME`` in a translation
file (:mod:`msgtemplate.translate.forms_units` says what they are), turned into changes.

:class:`FormsImport` checks that a count translation covers every CLDR category of
the target language (a missing one refuses the set, at the file's line), leaves out a
category the language never uses (a warning, as lint's ``MT804``), and refuses
control characters, bidi controls and ``${...}`` in phrases (as ``MT604``, ``MT602``,
``MT809``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from msgtemplate._text.charsets import controls, describe, describe_control, hidden
from msgtemplate._text.suggest import closest
from msgtemplate.formatting import FORM_TYPES
from msgtemplate.formatting.forms import EXACT_KEY, PLURAL_CATEGORIES, sample_text
from msgtemplate.lint.quality_text import newline_edges_differ
from msgtemplate.pack.model import Pack, PackTemplate
from msgtemplate.pack.variant import Variant
from msgtemplate.translate.files import ImportedUnit, TranslationFile
from msgtemplate.translate.forms_units import MARK, form_id
from msgtemplate.translate.plurals import gettext_order, plural_forms, same_rule
from msgtemplate.translate.units import content_key
from msgtemplate.translate.writeback import Change

NoteKind = Literal["refused", "warning", "info", "skipped"]
"""What the importer makes of a note: see :class:`~msgtemplate.translate.importer.Note`."""


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
