"""Rendering one pack template: pick the variant, format the values, fill the texts.

A :class:`Renderer` belongs to one :class:`~msgtemplate.pack.model.PackTemplate`
and remembers, per requested locale list, which variant wins and the fallback chain
walked (a bounded table), and per variant the compiled formatter of every
parameter (for ``count`` and ``select``, the variant's ``forms`` phrase picker).
Rendering a message seen before is then a dict lookup, one formatter call per
parameter and one compiled template call per text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Protocol
from urllib.parse import quote

from msgtemplate.formatting import FORM_TYPES, ParameterError, compile_formatter, compile_forms
from msgtemplate.locales import normalize_tag
from msgtemplate.pack.problems import PackError
from msgtemplate.pack.variant import TemplateText, Variant

if TYPE_CHECKING:
    from msgtemplate.formatting import ParameterSpec
    from msgtemplate.locales import LocaleMatcher

PLAN_CACHE_SIZE: Final = 256
"""Distinct requested-locale lists remembered per template."""


@dataclass(frozen=True, slots=True)
class RenderedMessage:
    """What a reader gets: ``locale`` is the variant's content key as written.

    ``chain`` lists the CLDR fallback chain of each requested tag that was tried
    (``es-MX`` -> ``es-MX``, ``es-419``, ``es``), then the default locale's key when
    nothing requested matched.
    """

    code: str
    locale: str
    title: str | None
    body: str
    redirect_url: str | None
    chain: tuple[str, ...]


_Formatter = Callable[[object], str]


class RenderSource(Protocol):
    """What a :class:`Renderer` reads of a template (a ``PackTemplate``).

    A protocol rather than the model's class, so the model may hold its renderer
    without the two modules importing each other.
    """

    @property
    def code(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def redirect_url(self) -> TemplateText | None: ...
    @property
    def parameters(self) -> Mapping[str, ParameterSpec]: ...
    @property
    def content(self) -> Mapping[str, Variant]: ...
    @property
    def default_locale(self) -> str | None: ...
    @property
    def matcher(self) -> LocaleMatcher: ...


@dataclass(frozen=True, slots=True)
class _Plan:
    variant: Variant
    chain: tuple[str, ...]
    formatters: tuple[tuple[str, _Formatter], ...]


class Renderer:
    """Renders one template; safe to share between threads."""

    __slots__ = ("_formatters", "_lock", "_plans", "_redirect", "_template")

    def __init__(self, template: RenderSource) -> None:
        self._template = template
        self._plans: dict[tuple[str, ...], _Plan] = {}
        self._formatters: dict[str, tuple[tuple[str, _Formatter], ...]] = {}
        self._lock = threading.Lock()
        redirect = template.redirect_url
        self._redirect = redirect.template if redirect is not None else None

    def render(self, locale: str | Sequence[str], params: Mapping[str, Any]) -> RenderedMessage:
        key = (locale,) if isinstance(locale, str) else tuple(locale)
        try:
            plan = self._plans.get(key)
        except TypeError:  # an unhashable element: not a tag; let the matcher say so
            plan = None
        if plan is None:
            plan = self._plan(key)
        return self._message(plan.variant, plan.formatters, params, plan.chain)

    def render_variant(self, key: str, params: Mapping[str, Any]) -> RenderedMessage:
        """The variant of content key ``key`` (as written) itself, without language
        matching: what a review of every variant shows. Raises :class:`PackError` for
        a key the template does not have."""
        variant = self._template.content.get(key)
        if variant is None:
            raise PackError(
                f"template {self._template.code} has no content {key!r}", path=self._template.path
            )
        return self._message(variant, self._formatters_for(variant), params, (key,))

    def _message(
        self,
        variant: Variant,
        formatters: tuple[tuple[str, _Formatter], ...],
        params: Mapping[str, Any],
        chain: tuple[str, ...],
    ) -> RenderedMessage:
        values = self._format(formatters, params)
        title = variant.title
        redirect = None
        if self._redirect is not None:
            redirect = self._redirect.render(
                {name: quote(values[name], safe="") for name in self._redirect.placeholders}
            )
        return RenderedMessage(
            self._template.code,
            variant.locale,
            _render_text(title, values, self._template) if title is not None else None,
            _render_text(variant.body, values, self._template),
            redirect,
            chain,
        )

    def parameters(self, locale_tag: str, params: Mapping[str, Any]) -> dict[str, str]:
        template = self._template
        key = locale_tag if locale_tag in template.content else template.matcher.match(locale_tag)
        if key is None:
            raise PackError(
                f"template {template.code} has no content for {locale_tag!r}",
                path=template.path,
            )
        formatters = self._formatters_for(template.content[key])
        declared = tuple(item for item in formatters if item[0] in template.parameters)
        return self._format(declared, params)

    def _format(
        self, formatters: tuple[tuple[str, _Formatter], ...], params: Mapping[str, Any]
    ) -> dict[str, str]:
        values: dict[str, str] = {}
        try:
            for name, formatter in formatters:
                values[name] = formatter(params[name])
        except KeyError:
            missing = [name for name, _ in formatters if name not in params]
            if not missing:
                raise
            also = f" (also missing: {', '.join(missing[1:])})" if len(missing) > 1 else ""
            raise ParameterError(missing[0], f"no value given{also}", self._template.code) from None
        except ParameterError as exc:
            raise exc.for_template(self._template.code) from None
        return values

    def _plan(self, key: tuple[str, ...]) -> _Plan:
        template = self._template
        default = template.default_locale
        if key:
            explanation = template.matcher.explain(key, default)
            winner = explanation.winner
            chain = tuple(dict.fromkeys(link for c in explanation.chains for link in c))
            if explanation.how == "default" and default is not None:
                chain = (*chain, default)
        else:
            winner, chain = default, (default,) if default is not None else ()
        if winner is None:
            raise PackError(
                f"template {template.code} has no content for the default locale",
                path=template.path,
            )
        variant = template.content[winner]
        plan = _Plan(variant, chain, self._formatters_for(variant))
        with self._lock:
            if len(self._plans) >= PLAN_CACHE_SIZE:
                self._plans.clear()
            self._plans[key] = plan
        return plan

    def _formatters_for(self, variant: Variant) -> tuple[tuple[str, _Formatter], ...]:
        """Declared parameters, then placeholders nobody declared (shown with ``str``)."""
        found = self._formatters.get(variant.locale)
        if found is not None:
            return found
        template = self._template
        tag = normalize_tag(variant.locale)
        items: list[tuple[str, _Formatter]] = [
            (name, _formatter(spec_, tag, variant)) for name, spec_ in template.parameters.items()
        ]
        used: dict[str, None] = {}
        texts = [*variant.texts()]
        if template.redirect_url is not None:
            texts.append(template.redirect_url)
        for text in texts:
            used.update(dict.fromkeys(text.placeholders))
        items.extend((name, str) for name in used if name not in template.parameters)
        result = tuple(items)
        with self._lock:
            self._formatters[variant.locale] = result
        return result


def _formatter(spec: ParameterSpec, tag: str, variant: Variant) -> _Formatter:
    """The parameter's text in ``variant``: for count and select, the variant's phrase
    (:func:`~msgtemplate.formatting.compile_forms`); without a forms entry (the
    linter's MT error) the bare number or value, so a send never fails on it."""
    if spec.type in FORM_TYPES:
        forms = variant.forms.get(spec.name)
        if forms is not None:
            return compile_forms(spec, tag, forms.phrases)
    return compile_formatter(spec, tag)


def _render_text(text: TemplateText, values: Mapping[str, str], owner: RenderSource) -> str:
    if text.template is None:
        line, column = text.position(text.error.offset if text.error is not None else 0)
        raise PackError(
            f"template {owner.code} cannot be rendered: "
            f"{text.error.message if text.error is not None else 'syntax error'}",
            path=owner.path,
            line=line,
            column=column,
        )
    return text.template.render(values)
