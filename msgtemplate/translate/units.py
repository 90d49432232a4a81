"""Translation units: what a pack gives translators, one unit per title and body.

A unit's id is ``CODE.title`` or ``CODE.body``; its source is the defaultLocale
text; its target is the existing translation in the requested locale (None when
there is none). Everything a translator needs travels with it: the template's
name and channel, each parameter the source uses (type, maxLength, example,
description) and whether the translation is stale (its source changed since).

Locales: a requested tag is matched to the pack's content keys by CLDR identity
(``zh-TW`` is the pack's ``zh-Hant``: both are ``zh-Hant-TW``), so exports and
imports write into the key the pack already spells, and a locale the pack does not
have yet gets the tag's canonical spelling.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from msgtemplate.errors import SourceError
from msgtemplate.locales import LocaleError, maximize, normalize_tag
from msgtemplate.pack.model import Pack, PackTemplate
from msgtemplate.pack.staleness import FIELDS, TextField, field_text, stale_fields
from msgtemplate.pack.variant import Variant

PLACEHOLDER_NOTE: Final = (
    "Keep every ${name} placeholder exactly as written (you may move it); "
    "it is replaced by a value when the message is sent."
)

_DATED: Final = frozenset({"date", "datetime", "time"})


class ExchangeError(SourceError):
    """An exchange file or request that cannot be used at all (the CLI exits 2)."""


@dataclass(frozen=True, slots=True)
class UnitParameter:
    """A parameter a unit's source text uses, as the translator should know it."""

    name: str
    type: str
    detail: str | None
    """The currency of an amount, the style of a date or time."""
    max_length: int | None
    example: str | None
    description: str | None

    def describe(self) -> str:
        """``${orderId}: string, at most 20 characters, e.g. A-1029 (the order number)``."""
        parts = [f"{self.type} ({self.detail})" if self.detail else self.type]
        if self.max_length is not None:
            parts.append(f"at most {self.max_length} characters")
        if self.example is not None:
            parts.append(f"e.g. {self.example}")
        text = f"${{{self.name}}}: {', '.join(parts)}"
        return f"{text} ({self.description})" if self.description else text


@dataclass(frozen=True, slots=True)
class Unit:
    """One translatable text of a pack for one target locale."""

    id: str
    code: str
    field: TextField
    source: str
    target: str | None
    stale: bool
    name: str | None
    channel: str
    parameters: tuple[UnitParameter, ...]
    previous: str | None = None
    """For a stale unit: the source text it was translated from, when known
    (:mod:`.previous`)."""
    explain: tuple[str, ...] = ()
    """What the text is, for a phrase of a count or select parameter
    (:mod:`.forms_units`): its notes then say this instead of "message body"."""

    def notes(self, *, previous: bool = True) -> list[str]:
        """Translator notes, one line each: the template, its parameters, the rule."""
        label = f"{self.name} ({self.code})" if self.name else self.code
        if self.explain:
            return [f"{label}, {self.channel} message: {self.explain[0]}", *self.explain[1:]]
        lines = [f"{label}, {self.channel} message {self.field}."]
        lines.extend(parameter.describe() for parameter in self.parameters)
        if self.parameters:
            lines.append(PLACEHOLDER_NOTE)
        if self.stale:
            lines.append("The source text changed since this was translated: please review.")
            if previous and self.previous is not None:
                lines.append(f"Previous source text: {self.previous}")
        return lines


def unit_id(code: str, field: TextField) -> str:
    """``CODE.title`` / ``CODE.body``."""
    return f"{code}.{field}"


def split_unit_id(value: str) -> tuple[str, TextField] | None:
    """``(code, field)`` of a unit id, or None when it is not one."""
    code, dot, field = value.rpartition(".")
    if not dot or not code or field not in FIELDS:
        return None
    return code, "title" if field == "title" else "body"


# --- locales ------------------------------------------------------------------------


def checked_tag(pack: Pack, tag: str) -> str:
    """``tag`` in canonical form, refused when invalid or the pack's source language."""
    try:
        canonical = normalize_tag(tag)
        same = maximize(canonical) == maximize(pack.default_locale)
    except LocaleError as exc:
        raise ExchangeError(f"target locale: {exc.reason}") from None
    if same:
        raise ExchangeError(
            f"target locale {tag!r} is the pack's defaultLocale {pack.default_locale!r}, "
            "the language translations are made from"
        )
    return canonical


def content_key(template: PackTemplate, tag: str) -> str | None:
    """The key of ``template``'s content serving the same locale as ``tag``, if any."""
    if tag in template.content:
        return tag
    wanted = maximize(tag)
    return next((key for key in template.content if _max(key) == wanted), None)


def pack_key(pack: Pack, tag: str) -> str:
    """How the pack spells ``tag``'s locale: the first content key for it, else ``tag``."""
    for template in pack.templates.values():
        key = content_key(template, tag)
        if key is not None:
            return key
    return tag


def target_locales(pack: Pack) -> list[str]:
    """Every locale of the pack but the default, as first spelled, in pack order."""
    default = _max(pack.default_locale)
    seen: dict[str, str] = {}
    for template in pack.templates.values():
        for key in template.content:
            canonical = _max(key)
            if canonical != default and canonical not in seen:
                seen[canonical] = key
    return list(seen.values())


def _max(tag: str) -> str:
    try:
        return maximize(tag)
    except LocaleError:  # load_pack refuses such keys; be total anyway
        return tag


# --- units --------------------------------------------------------------------------


def units_for(pack: Pack, tag: str | None) -> list[Unit]:
    """Every unit of ``pack`` for target locale ``tag`` (already :func:`checked_tag`).

    Titles and bodies of each template in pack order; an absent or empty default
    text gives no unit (there is nothing to translate). ``tag`` None gives the
    source units themselves (each its own translation).
    """
    units: list[Unit] = []
    recorded: dict[int, str] = {}
    for code, template in pack.templates.items():
        default = template.content.get(template.default_locale or "")
        if default is None:
            continue
        key = content_key(template, tag) if tag is not None else template.default_locale
        variant = template.content.get(key) if key is not None else None
        stale = stale_fields(template, variant) if variant is not None else ()
        for field in FIELDS:
            source = field_text(default, field)
            if not source:
                continue
            target = field_text(variant, field) if variant is not None else None
            units.append(
                Unit(
                    id=unit_id(code, field),
                    code=code,
                    field=field,
                    source=source,
                    target=target,
                    stale=field in stale,
                    name=template.name,
                    channel=template.channel,
                    parameters=_parameters(template, default, field),
                )
            )
            if field in stale and variant is not None:
                recorded[len(units) - 1] = variant.source_hashes[field]
    if recorded:
        from msgtemplate.translate.previous import previous_sources

        found = previous_sources(pack.path, set(recorded.values()))
        for index, digest in recorded.items():
            if digest in found:
                units[index] = replace(units[index], previous=found[digest])
    return units


def _parameters(
    template: PackTemplate, default: Variant, field: TextField
) -> tuple[UnitParameter, ...]:
    text = default.title if field == "title" else default.body
    out: list[UnitParameter] = []
    for name in text.placeholders if text is not None else ():
        spec = template.parameters.get(name)
        if spec is None:
            continue
        example = None if spec.example is None else str(spec.example)
        detail = spec.currency if spec.type == "currency" else None
        if spec.type in _DATED:
            detail = spec.style
        out.append(
            UnitParameter(name, spec.type, detail, spec.max_length, example, spec.description)
        )
    return tuple(out)
