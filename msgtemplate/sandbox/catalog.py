"""What the sandbox knows about templates: the platform-side checks and the rendering.

The platform keeps, per templateCode, the languages and texts typed into the portal;
the sandbox gets them from packs. A ContentTemplate's ``language`` is accepted when
it *matches* a content locale of the template with the CLDR rules of
:mod:`msgtemplate.locales` (``en-GB`` is served by ``en``; ``zh-TW`` by ``zh-Hant``),
not only when it is spelled exactly like a pack key: senders build ``language``
from the pack, but a portal would not reject a different spelling of the same
locale either. Each ContentTemplate must then carry every placeholder its variant's
title and body use. Values arrive formatted (strings), so rendering is plain
substitution.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from msgtemplate.api import spec
from msgtemplate.caches import cached
from msgtemplate.errors import MsgTemplateError
from msgtemplate.locales import LocaleError, babel_locale, match_locale
from msgtemplate.pack import Pack, PackTemplate
from msgtemplate.template.compiled import Template


class CatalogError(MsgTemplateError, ValueError):
    """The packs cannot serve as one catalogue (e.g. two packs define one code)."""


class Rejection(Exception):
    """A request the platform refuses with ``F``/``PARAM_ILLEGAL`` and this message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Rendered:
    """What the device shows for an accepted request."""

    template: PackTemplate
    language: str
    """The sent ``language`` the device shows (best match of the device locale)."""
    direction: str
    title: str | None
    body: str
    redirect_url: str | None


class Catalog:
    """Every template of the loaded packs, by templateCode."""

    def __init__(self, packs: Sequence[Pack], *, device_locale: str | None = None) -> None:
        templates: dict[str, PackTemplate] = {}
        origin: dict[str, str] = {}
        for pack in packs:
            for code, template in pack.templates.items():
                if code in templates:
                    raise CatalogError(
                        f"template {code!r} is defined in both {origin[code]} and {pack.path}"
                    )
                templates[code] = template
                origin[code] = pack.path
        self.templates: Mapping[str, PackTemplate] = templates
        self.device_locale = device_locale

    def render(self, body: Mapping[str, Any]) -> Rendered:
        """Check ``body`` (already valid per :mod:`msgtemplate.api.checks`) and render it.

        Raises :class:`Rejection` naming the field at fault.
        """
        code = body["templateCode"]
        template = self.templates.get(code)
        if template is None:
            raise Rejection(f"templateCode {code!r} is not a template of this sandbox")
        redirect = body.get("redirectUrl")
        if template.channel in spec.REDIRECT_REQUIRED_CHANNELS and not redirect:
            raise Rejection(
                f"redirectUrl is required: template {code} is a {template.channel} message"
            )
        items: list[Mapping[str, Any]] = body["templates"]
        keys = [self._content_key(template, item, i) for i, item in enumerate(items)]
        for index, (item, key) in enumerate(zip(items, keys, strict=True)):
            _check_parameters(template, key, item["templateParameters"], index)
        sent = [item["language"] for item in items]
        shown = match_locale(self.device_locale, sent) if self.device_locale else None
        index = sent.index(shown) if shown is not None else 0
        key = keys[index]
        variant = template.content[key]
        params: Mapping[str, str] = items[index]["templateParameters"]
        title = variant.title
        return Rendered(
            template=template,
            language=sent[index],
            direction=text_direction(key),
            title=_render(title.template, params) if title is not None else None,
            body=_render(variant.body.template, params),
            redirect_url=redirect if isinstance(redirect, str) and redirect else None,
        )

    @staticmethod
    def _content_key(template: PackTemplate, item: Mapping[str, Any], index: int) -> str:
        language = item["language"]
        key = template.matcher.match(language)
        if key is None:
            have = ", ".join(template.content)
            raise Rejection(
                f"templates[{index}].language {language!r} is not a language of template "
                f"{template.code} (it has {have})"
            )
        return key


def _check_parameters(
    template: PackTemplate, key: str, params: Mapping[str, Any], index: int
) -> None:
    variant = template.content[key]
    needed: dict[str, None] = {}
    for text in variant.texts():
        needed.update(dict.fromkeys(text.placeholders))
    missing = [name for name in needed if name not in params]
    if missing:
        raise Rejection(
            f"templates[{index}].templateParameters lacks {', '.join(missing)} "
            f"(used by {template.code} {key})"
        )


def _render(template: Template | None, params: Mapping[str, str]) -> str:
    if template is None:  # load_pack refuses such packs; a hand-built Pack might not
        raise Rejection("the template text on the platform is broken")
    return template.render(params)


@cached("sandbox.text_direction")
def text_direction(tag: str) -> str:
    """``"rtl"`` or ``"ltr"``: the script direction CLDR gives the locale."""
    try:
        direction = babel_locale(tag).text_direction
    except (LocaleError, ValueError):
        return "ltr"
    return "rtl" if direction == "rtl" else "ltr"
