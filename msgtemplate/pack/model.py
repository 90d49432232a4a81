"""The pack model: :class:`Pack`, :class:`PackTemplate`, :class:`Variant`, :class:`TemplateText`.

Built by :func:`msgtemplate.pack.read_pack` / :func:`~msgtemplate.pack.load_pack`;
the linter, the payload builder and ``msgtemplate preview`` read it. Every template
text is compiled once, when the pack is read. Source positions (lines, columns,
pointers, nodes) do not take part in equality, so the YAML and the JSON form of one
pack give equal models.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

from msgtemplate.api import spec
from msgtemplate.document.source import Document, MappingNode, Pointer, SequenceNode
from msgtemplate.formatting import ParameterSpec
from msgtemplate.locales import LocaleMatcher
from msgtemplate.pack.problems import UnknownTemplateError
from msgtemplate.pack.render import RenderedMessage, Renderer
from msgtemplate.pack.variant import TemplateText, Variant
from msgtemplate.template.syntax import Placeholder


@dataclass(frozen=True, eq=True)
class FallbackPolicy:
    """The pack's ``fallback:`` block: how readers are matched to variants.

    ``cross_script``: whether a reader may get another script of their language
    (``zh-TW`` -> ``zh-Hans``); ``languages``: extra language fallbacks tried after
    CLDR's own matching (``{"ms": ("id",)}``), as canonical language codes.
    """

    cross_script: bool = False
    languages: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


NO_FALLBACK: Final = FallbackPolicy()


@dataclass(frozen=True, eq=True)
class PackTemplate:
    """One template of a pack (``code`` is the portal's templateCode).

    ``content`` maps locale tags, as written, to variants in file order;
    ``default_locale`` is the content key that serves the pack's ``defaultLocale``
    (None when the template has none: a problem ``read_pack`` reports).
    ``line``/``column``/``pointer``/``node`` locate the template in its file:
    ``node.key_node("channel")`` is the position of a key.
    """

    code: str
    name: str | None
    channel: str
    redirect_url: TemplateText | None
    parameters: Mapping[str, ParameterSpec]
    content: Mapping[str, Variant]
    default_locale: str | None
    pointer: Pointer = field(compare=False, repr=False)
    node: MappingNode = field(compare=False, repr=False)
    path: str = field(compare=False, repr=False)
    fallback: FallbackPolicy = NO_FALLBACK

    @property
    def line(self) -> int:
        """1-based line of the template's mapping (worked out when asked)."""
        return self.node.line

    @property
    def column(self) -> int:
        """1-based column of the template's mapping."""
        return self.node.column

    @cached_property
    def matcher(self) -> LocaleMatcher:
        """Matches requested locales against this template's content (built once)."""
        return LocaleMatcher(
            tuple(self.content),
            cross_script=self.fallback.cross_script,
            fallbacks=self.fallback.languages,
        )

    def variant_for(self, requested: str | Sequence[str] = ()) -> Variant | None:
        """The variant a reader of ``requested`` gets (best match, then the default)."""
        key = self.matcher.match(requested, self.default_locale) if requested else None
        key = key or self.default_locale
        return self.content.get(key) if key is not None else None

    def languages_for(self, requested: str | Sequence[str] = ()) -> list[str]:
        """The content keys a request body carries, at most ``spec.MAX_TEMPLATES``.

        First the variant the reader gets (the best match of the whole list), then
        the best match of each requested tag in order, then the default locale's
        key, then the other keys nearest to the reader first (CLDR distance; pack
        order without a requested tag); no repeats. Raises
        :class:`~msgtemplate.locales.LocaleError` for a malformed requested tag.
        """
        tags = (requested,) if isinstance(requested, str) else tuple(requested)
        matcher, default = self.matcher, self.default_locale
        best = [matcher.find(tags, default)] if tags else []
        best.extend(matcher.find(tag, default) for tag in tags)
        chosen = dict.fromkeys(key for key in best if key is not None)
        if default is not None:
            chosen.setdefault(default)
        chosen.update(dict.fromkeys(matcher.ranked(tags, default) if tags else self.content))
        return list(chosen)[: spec.MAX_TEMPLATES]

    def texts(self) -> Iterator[TemplateText]:
        """Every template text: the redirectUrl, then each variant's title and body."""
        if self.redirect_url is not None:
            yield self.redirect_url
        for variant in self.content.values():
            yield from variant.texts()

    @cached_property
    def declared_names(self) -> tuple[str, ...]:
        """Parameter names as declared, including ones whose declaration has a fault.

        A faulty declaration is reported as such; it must not also make every use of
        the name look undeclared, nor drop the name from an editor's completion.
        """
        names = dict.fromkeys(self.parameters)
        node = self.node.get("parameters")
        if isinstance(node, MappingNode):
            names.update(dict.fromkeys(node.keys()))
        return tuple(names)

    def undeclared(self) -> Iterator[tuple[TemplateText, Placeholder]]:
        """Each use of a placeholder that ``parameters`` does not declare."""
        declared = frozenset(self.declared_names)
        for text in self.texts():
            # The names first: a text using only declared names is not parsed again.
            if text.template is not None and not declared.issuperset(text.placeholders):
                for node in text.template.nodes:
                    if isinstance(node, Placeholder) and node.name not in declared:
                        yield text, node

    def placeholders(self) -> tuple[str, ...]:
        """Every placeholder used in any text of the template, in first-use order."""
        names: dict[str, None] = {}
        if self.redirect_url is not None:
            names.update(dict.fromkeys(self.redirect_url.placeholders))
        for variant in self.content.values():
            for text in variant.texts():
                names.update(dict.fromkeys(text.placeholders))
        return tuple(names)

    def example_values(self) -> dict[str, object]:
        """Each declared parameter's ``example``, by name (those without one left out):
        what previews render with when no value is given."""
        return {
            name: spec_.example
            for name, spec_ in self.parameters.items()
            if spec_.example is not None
        }

    @cached_property
    def renderer(self) -> Renderer:
        return Renderer(self)


@dataclass(frozen=True, eq=True)
class Pack:
    """A template pack (format 1): templates by code, in file order."""

    path: str = field(compare=False)
    format_version: int
    default_locale: str
    app_id: str | None
    templates: Mapping[str, PackTemplate]
    document: Document = field(compare=False, repr=False)
    fallback: FallbackPolicy = NO_FALLBACK

    def template_at(self, line: int) -> PackTemplate | None:
        """The template whose item in the file holds ``line`` (1-based): from its first
        line to the line before the next item, or before the pack's next top-level key
        after ``templates``. None outside every item, or in one the reader could not
        use (a duplicate code)."""
        found = None
        for start, end, template in self._spans:
            if start <= line < end:
                found = template
        return found

    @cached_property
    def _spans(self) -> tuple[tuple[int, int, PackTemplate | None], ...]:
        """(first line, line after the last, template) of each item of ``templates``."""
        root = self.document.root
        listed = root.get("templates") if isinstance(root, MappingNode) else None
        if not isinstance(root, MappingNode) or not isinstance(listed, SequenceNode):
            return ()
        key = root.key_node("templates")
        below = key.line if key is not None else listed.line
        later = [k.line for k, _ in root.items if k.line > below]
        stop = min(later) if later else len(self.document.line_tuple()) + 1
        by_node = {id(t.node): t for t in self.templates.values()}
        starts = [item.line for item in listed.items] + [stop]
        return tuple(
            (start, max(starts[i + 1], start + 1), by_node.get(id(item)))
            for i, (start, item) in enumerate(zip(starts, listed.items, strict=False))
        )

    def template(self, code: str) -> PackTemplate:
        """The template ``code``; :class:`UnknownTemplateError` (a KeyError) names it."""
        try:
            return self.templates[code]
        except (KeyError, TypeError):
            raise UnknownTemplateError(str(code), self.templates, path=self.path) from None

    def render(
        self,
        code: str,
        locale: str | Sequence[str] = (),
        params: Mapping[str, Any] | None = None,
    ) -> RenderedMessage:
        """Title, body and redirectUrl of ``code`` for a reader of ``locale``.

        ``locale`` is a tag or tags in preference order (CLDR language matching,
        then the pack's ``fallback.languages``, then its defaultLocale). Parameters
        are checked and formatted for the chosen variant's locale; values in
        redirectUrl are percent-encoded. Raises
        :class:`UnknownTemplateError`, :class:`~msgtemplate.formatting.ParameterError`
        (a missing or invalid value, naming it and the template) or
        :class:`~msgtemplate.locales.LocaleError` (a malformed requested tag).
        """
        return self.template(code).renderer.render(locale, params or {})

    def template_parameters(
        self, code: str, locale_tag: str, params: Mapping[str, Any]
    ) -> dict[str, str]:
        """Every declared parameter of ``code`` formatted for ``locale_tag``, as text.

        ``locale_tag`` is a content key (``language`` of a ContentTemplate); another
        tag is matched to the content first.
        """
        return self.template(code).renderer.parameters(locale_tag, params)
