"""The review gallery as data: every template x locale rendered, findings in place.

:func:`build_gallery` reads each pack once: the linter's model of the file gives both
the findings and the pack (read leniently, so a pack with problems still shows what
can be shown), and each variant is rendered with the example values and with the
longest values (:mod:`msgtemplate.review.cases`). A finding lands on the card of the
variant whose lines hold it, on every card of its template when it is about the
template as a whole, and on the pack when it is about neither. With a baseline
(:mod:`msgtemplate.review.baseline`) the same packs at a git revision are rendered
too, and cards whose text changed carry the old text.

The site writer (:mod:`msgtemplate.review.site`) turns a :class:`Gallery` into HTML;
nothing here writes files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from msgtemplate.errors import MsgTemplateError
from msgtemplate.lint.findings import Finding, display_path
from msgtemplate.review.cases import example_values, longest_values

if TYPE_CHECKING:
    from msgtemplate.lint import LintConfig
    from msgtemplate.pack import Pack, PackTemplate
    from msgtemplate.review.baseline import Baseline

ChangeKind = Literal["changed", "added"]


@dataclass(frozen=True, slots=True)
class Rendering:
    """One case of a card: what the reader reads, or why it could not be rendered
    (``error``; then ``title``/``body`` are the template texts as written)."""

    label: str
    title: str | None
    body: str
    redirect_url: str | None
    error: str | None = None

    def texts(self) -> tuple[str | None, str, str | None]:
        return (self.title, self.body, self.redirect_url)


@dataclass(frozen=True, slots=True)
class FormLine:
    """The message with one ``count`` or ``select`` parameter at one of its forms:
    ``key`` as the variant's ``forms`` writes it (``one``, ``=0``, ``card``) and the
    ``value`` rendered with (a number of that plural category, or the choice)."""

    parameter: str
    kind: str
    """The parameter's type: ``count`` or ``select``."""
    key: str
    value: str
    text: str
    """The title or body that uses the parameter (the body when both do)."""
    error: str | None = None
    shadowed: bool = False
    """A plural category all of whose numbers an exact key (``=0``) takes: the reader
    never sees this form (``text`` is what they see instead)."""


@dataclass(slots=True)
class Card:
    """One template x locale, as its reader sees it on its channel."""

    pack: str
    code: str
    name: str | None
    channel: str
    locale: str
    rtl: bool
    example: Rendering
    longest: Rendering
    forms: list[FormLine] = field(default_factory=list)
    """One line per plural category (count) or choice (select) of each parameter with
    ``forms`` in this variant."""
    findings: list[Finding] = field(default_factory=list)
    change: ChangeKind | None = None
    before: Rendering | None = None
    """The example rendering at the baseline, when the text changed."""
    forms_before: dict[tuple[str, str], FormLine] = field(default_factory=dict)
    """Form lines whose text changed since the baseline, as they were, by
    (parameter, key); lines that are new have no entry."""


@dataclass(slots=True)
class TemplateEntry:
    pack: str
    code: str
    name: str | None
    channel: str
    cards: list[Card] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """Findings about the template as a whole (they are on every card too)."""
    added: bool = False

    @property
    def locales(self) -> list[str]:
        return [card.locale for card in self.cards]

    def finding_count(self) -> int:
        seen = {f for card in self.cards for f in card.findings}
        seen.update(self.findings)
        return len(seen)


@dataclass(slots=True)
class PackEntry:
    """One file: its templates, and findings that belong to no template (a YAML syntax
    error, ``appId`` too long...). ``broken`` when no pack could be read from it."""

    path: str
    templates: list[TemplateEntry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    broken: bool = False


@dataclass(frozen=True, slots=True)
class Gone:
    """A template or locale at the baseline that is not in the packs now
    (``locale`` None: the whole template)."""

    pack: str
    code: str
    locale: str | None


@dataclass(slots=True)
class Gallery:
    packs: list[PackEntry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """Every finding of every file, sorted as lint sorts them."""
    errors: list[str] = field(default_factory=list)
    """Paths that could not be read at all (the CLI exits 2, as lint does)."""
    baseline: str | None = None
    removed: list[Gone] = field(default_factory=list)

    def cards(self) -> Iterable[Card]:
        for pack in self.packs:
            for template in pack.templates:
                yield from template.cards

    def added(self) -> list[Gone]:
        """New templates (``locale`` None) and new locales of old templates."""
        out: list[Gone] = []
        for pack in self.packs:
            for t in pack.templates:
                if t.added:
                    out.append(Gone(t.pack, t.code, None))
                else:
                    out.extend(
                        Gone(c.pack, c.code, c.locale) for c in t.cards if c.change == "added"
                    )
        return out


def build_gallery(
    paths: Sequence[str],
    config: LintConfig | None = None,
    *,
    baseline: Baseline | None = None,
    locales: Sequence[str] = (),
) -> Gallery:
    """Lint and render every pack under ``paths`` (files and folders, found as lint
    finds them); with ``baseline``, mark what changed since that revision.

    ``locales``: only the variants readers of these tags get (CLDR matching, then the
    default locale). Raises :class:`~msgtemplate.locales.LocaleError` for a malformed
    tag; every problem of a pack is a finding, never an exception.
    """
    from msgtemplate.document.source import MAX_FILE_BYTES
    from msgtemplate.lint import LintConfig, lint_text
    from msgtemplate.lint.discovery import find_files
    from msgtemplate.locales import normalize_requested

    config = config or LintConfig()
    for tag in locales:
        normalize_requested(tag)
    gallery = Gallery(baseline=baseline.rev if baseline is not None else None)
    seen: set[str] = set()
    quiet = replace(config, skip_unknown=True)
    for target, explicit in find_files(paths, config, gallery.errors):
        key = os.path.normpath(os.path.abspath(target))
        if key in seen:
            continue
        seen.add(key)
        try:
            with open(target, "rb") as stream:
                # One byte past the cap is enough for the linter to call it too large.
                data = stream.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            gallery.errors.append(f"{display_path(target)}: {exc.strerror or exc}")
            continue
        text = data.decode("utf-8", "surrogateescape")
        result = lint_text(text, target, config if explicit else quiet)
        model = result.models.get(target)
        if model is not None and model.kind != "pack":
            continue  # a request body: lint's business, not the gallery's
        gallery.findings.extend(result.findings)
        entry = PackEntry(display_path(target), findings=[])
        pack = model.pack if model is not None else None
        if pack is None:
            if result.findings:
                entry.broken = True
                entry.findings = list(result.findings)
                gallery.packs.append(entry)
            continue
        _fill(entry, pack, result.findings, locales)
        if baseline is not None:
            _compare(entry, gallery, pack, _old_pack(baseline, target), locales)
        gallery.packs.append(entry)
    if baseline is not None:
        _removed_files(gallery, baseline, paths, seen)
    return gallery


def _fill(
    entry: PackEntry, pack: Pack, findings: Sequence[Finding], locales: Sequence[str]
) -> None:
    for template in pack.templates.values():
        keys = _keys(template, locales)
        t = TemplateEntry(entry.path, template.code, template.name, template.channel)
        for key in keys:
            example, longest = _render(template, key)
            t.cards.append(
                Card(
                    entry.path,
                    template.code,
                    template.name,
                    template.channel,
                    key,
                    _is_rtl(key),
                    example,
                    longest,
                    _form_lines(template, key),
                )
            )
        entry.templates.append(t)
    _place(entry, pack, findings)


def _keys(template: PackTemplate, locales: Sequence[str]) -> list[str]:
    if not locales:
        return list(template.content)
    chosen: dict[str, None] = {}
    for tag in locales:
        key = template.matcher.match(tag, template.default_locale) or template.default_locale
        if key is not None:
            chosen[key] = None
    return [k for k in template.content if k in chosen]


def _render(template: PackTemplate, key: str) -> tuple[Rendering, Rendering]:
    return (
        _render_case(template, key, "Example values", example_values(template.parameters)),
        _render_case(template, key, "Longest values", longest_values(template.parameters)),
    )


def _render_case(
    template: PackTemplate, key: str, label: str, values: Mapping[str, object]
) -> Rendering:
    try:
        message = template.renderer.render_variant(key, values)
    except (MsgTemplateError, ValueError) as exc:
        variant = template.content[key]
        title = variant.title.text if variant.title is not None else None
        url = template.redirect_url.text if template.redirect_url is not None else None
        return Rendering(label, title, variant.body.text, url, error=str(exc))
    return Rendering(label, message.title, message.body, message.redirect_url)


def _form_lines(template: PackTemplate, key: str) -> list[FormLine]:
    """Each form of each count/select parameter of variant ``key``, rendered with the
    other parameters at their examples: a count at a number of each plural category
    (``sample_number``) or at an exact key's number, a select at each choice."""
    from msgtemplate.formatting.forms import FORM_TYPES, exact_value

    variant = template.content[key]
    if not variant.forms:
        return []
    base = example_values(template.parameters)
    lines: list[FormLine] = []
    for name, forms in variant.forms.items():
        spec = template.parameters.get(name)
        if spec is None or spec.type not in FORM_TYPES:
            continue
        in_body = name in variant.body.placeholders
        if not in_body and (variant.title is None or name not in variant.title.placeholders):
            continue  # only in the redirectUrl: no text to show
        exacts = {exact_value(k) for k in forms.phrases} - {None}
        for form_key in forms.phrases:
            value, shadowed = form_key, False
            if spec.type == "count":
                exact = exact_value(form_key)
                if exact is not None:
                    value = str(exact)
                else:
                    value, shadowed = _sample(key, form_key, exacts)
            r = _render_case(template, key, form_key, {**base, name: value})
            text = r.body if in_body else (r.title or "")
            lines.append(FormLine(name, spec.type, form_key, value, text, r.error, shadowed))
    return lines


def _sample(key: str, category: str, exacts: set[Decimal | None]) -> tuple[str, bool]:
    """A number of plural ``category`` in locale ``key`` that no exact key takes, and
    whether every sample was taken (then the first one)."""
    from msgtemplate.formatting.forms import plural_samples

    try:
        samples, _ = plural_samples(key).get(category, ((), False))
    except MsgTemplateError:  # a tag CLDR has no rules for: lint says so
        samples = ()
    for sample in samples:
        if Decimal(sample) not in exacts:
            return sample, False
    return (samples[0] if samples else "0"), bool(samples)


def _is_rtl(tag: str) -> bool:
    from msgtemplate.locales import babel_locale

    try:
        return bool(babel_locale(tag).text_direction == "rtl")
    except MsgTemplateError:
        return False


def _place(entry: PackEntry, pack: Pack, findings: Sequence[Finding]) -> None:
    """Put each finding on the card of its variant, on its template, or on the pack."""
    by_code = {t.code: t for t in entry.templates}
    for finding in findings:
        template = pack.template_at(finding.line)
        target = by_code.get(template.code) if template is not None else None
        if template is None or target is None:
            entry.findings.append(finding)
            continue
        key = _variant_at(template, finding.line, finding.column)
        cards = [c for c in target.cards if key is None or c.locale == key]
        if key is None:
            target.findings.append(finding)
        for card in cards:
            card.findings.append(finding)


def _variant_at(template: PackTemplate, line: int, column: int) -> str | None:
    """The content key whose variant holds ``line``:``column``, or None (the position
    is elsewhere in the template)."""
    from msgtemplate.document.source import MappingNode

    content_key = template.node.key_node("content")
    content = template.node.get("content")
    if content_key is None or not isinstance(content, MappingNode) or not content.items:
        return None
    here = (line, column)
    first = content.items[0][0]
    if here < (first.line, first.column):
        return None
    # The template's keys after `content` end it (JSON may keep everything on one line).
    for key, _ in template.node.items:
        if (key.line, key.column) > (content_key.line, content_key.column) and here >= (
            key.line,
            key.column,
        ):
            return None
    found: str | None = None
    for key, _ in content.items:
        if (key.line, key.column) <= here:
            found = str(key.value)
    return found if found in template.content else None


def _old_pack(baseline: Baseline, path: str) -> Pack | Literal[False] | None:
    """The pack at ``path`` at the baseline: None when the file did not exist there,
    False when it did but no pack could be read from it."""
    from msgtemplate.document.source import DocumentError, parse_bytes
    from msgtemplate.pack import read_pack

    data = baseline.read(path)
    if data is None:
        return None
    try:
        document = parse_bytes(data, path)
    except DocumentError:
        return False
    old, _ = read_pack(document)
    return old if old is not None else False


def _compare(
    entry: PackEntry,
    gallery: Gallery,
    pack: Pack,
    old: Pack | Literal[False] | None,
    locales: Sequence[str],
) -> None:
    if old is False:
        return  # unreadable at the baseline: nothing to compare with, nothing marked
    current = {t.code for t in entry.templates}
    for t in entry.templates:
        before = old.templates.get(t.code) if old is not None else None
        if before is None:
            t.added = True
            for card in t.cards:
                card.change = "added"
            continue
        for card in t.cards:
            if card.locale not in before.content:
                card.change = "added"
                continue
            if _same_text(pack.templates[t.code], before, card.locale):
                continue  # same texts, same declarations: the same rendering
            values = example_values(before.parameters)
            then = _render_case(before, card.locale, "Example values", values)
            if then.texts() != card.example.texts():
                card.change = "changed"
                card.before = then
            old_forms = {(f.parameter, f.key): f for f in _form_lines(before, card.locale)}
            for line in card.forms:
                was = old_forms.get((line.parameter, line.key))
                if was is not None and was.text != line.text:
                    card.forms_before[line.parameter, line.key] = was
                    card.change = "changed"
        kept = set(t.locales)
        gone = [k for k in _keys(before, locales) if k not in kept]
        gallery.removed.extend(Gone(entry.path, t.code, k) for k in gone)
    if old is not None:
        gallery.removed.extend(
            Gone(entry.path, code, None) for code in old.templates if code not in current
        )


def _same_text(now: PackTemplate, then: PackTemplate, key: str) -> bool:
    """Whether variant ``key`` renders the same in both (equal texts, redirectUrl and
    declarations; positions do not count)."""
    return (
        now.content[key] == then.content[key]
        and now.redirect_url == then.redirect_url
        and now.parameters == then.parameters
    )


def _removed_files(
    gallery: Gallery, baseline: Baseline, paths: Sequence[str], seen: set[str]
) -> None:
    from msgtemplate.document.source import DocumentError, parse_bytes
    from msgtemplate.pack import read_pack

    for folder in paths:
        if not os.path.isdir(folder):
            continue
        for path, data in baseline.gone(folder, seen):
            shown = display_path(os.path.relpath(path))
            try:
                document = parse_bytes(data, path)
            except DocumentError:
                continue
            old, _ = read_pack(document)
            if old is not None:
                gallery.removed.extend(Gone(shown, code, None) for code in old.templates)
