"""Request bodies of ``POST /v2/miniprogram/message/send``, built from a pack.

:func:`build_request` turns a pack template, a recipient and parameter values into
the exact body the API expects, then checks it with the same rules the linter
applies to request bodies (:func:`msgtemplate.api.checks.check_request_body`): a
body that breaks any of them raises :class:`RequestError` listing all of them, so
nothing the platform would refuse ever reaches the client. That includes a parameter
value holding a bidirectional control character (``MT602``): a body this module
builds always lints clean of errors, and the sandbox accepts it.

Which languages travel, and how values are formatted:

* ``templates`` holds the content keys :meth:`PackTemplate.languages_for` picks
  (the variant the reader gets, the best match of each requested locale, then
  ``defaultLocale``, then the rest nearest to the reader by CLDR language distance,
  no repeats, at most :data:`msgtemplate.api.spec.MAX_TEMPLATES`). Each
  carries every declared parameter formatted for *that* language, as strings.
* ``redirectUrl`` is one string for all languages, so its values are formatted in
  the FIRST chosen language: the variant the recipient most likely reads, hence
  the one whose page link should match what they saw. Values are percent-encoded.

Serialising the body is the client's job (it serialises once and signs those
bytes); parsing responses is the client's job too (:mod:`msgtemplate.sender.client`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from msgtemplate.api.checks import Violation, check_request_body, format_pointer
from msgtemplate.errors import MsgTemplateError

if TYPE_CHECKING:
    from msgtemplate.pack.model import Pack, PackTemplate

__all__ = ["RequestError", "build_request", "example_params", "group_violations"]


class RequestError(MsgTemplateError):
    """A request body that breaks the API's rules; ``violations`` holds all of them.

    Messages name fields and limits, never values: a too-long access token is
    reported by its length, not its text. :meth:`grouped` lists each problem once
    where the caller can fix it (a parameter value that is wrong in every language).
    """

    def __init__(
        self,
        message: str,
        violations: Sequence[Violation] = (),
        languages: Sequence[str] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.violations: tuple[Violation, ...] = tuple(violations)
        self.languages: tuple[str, ...] = tuple(languages)
        """The ``language`` of each ContentTemplate of the refused body, in order."""

    @classmethod
    def from_violations(
        cls, code: str, violations: Sequence[Violation], languages: Sequence[str] = ()
    ) -> RequestError:
        grouped = group_violations(violations, languages)
        count = len(grouped)
        listed = "; ".join(message for _violation, message in grouped)
        noun = "rule" if count == 1 else "rules"
        return cls(
            f"the request body for template {code} breaks {count} API {noun}: {listed}",
            violations,
            languages,
        )

    def grouped(self) -> list[tuple[Violation, str]]:
        """``(violation, message)`` once per problem: see :func:`group_violations`."""
        return group_violations(self.violations, self.languages)


def group_violations(
    violations: Sequence[Violation], languages: Sequence[str] = ()
) -> list[tuple[Violation, str]]:
    """``(violation, message)`` per problem, in order; one that repeats in several
    ContentTemplates (a parameter value copied into every language) is listed once,
    naming those languages: ``templateParameters.who (en-US, fr): contains ...``
    (the violation is the first of them; its ``kind`` says which rule it breaks)."""
    groups: dict[tuple[object, ...], list[tuple[Violation, int]]] = {}
    for violation in violations:
        pointer = violation.pointer
        prefix = format_pointer(pointer)
        key: tuple[object, ...] = (id(violation),)
        if (
            len(pointer) > 2
            and pointer[0] == "templates"
            and isinstance(pointer[1], int)
            and violation.message.startswith(prefix)
        ):
            key = (violation.kind, pointer[2:], violation.message[len(prefix) :])
            groups.setdefault(key, []).append((violation, pointer[1]))
        else:
            groups[key] = [(violation, -1)]
    out: list[tuple[Violation, str]] = []
    for members in groups.values():
        first, _ = members[0]
        if len(members) == 1:
            out.append((first, first.message))
            continue
        indexes = [index for _v, index in members]
        where = ", ".join(
            languages[i] if 0 <= i < len(languages) else f"templates[{i}]" for i in indexes
        )
        detail = first.message[len(format_pointer(first.pointer)) :]
        out.append((first, f"{format_pointer(first.pointer[2:])} ({where}){detail}"))
    return out


def build_request(
    pack: Pack,
    code: str,
    *,
    access_token: str,
    request_id: str,
    params: Mapping[str, Any],
    locales: str | Sequence[str] | None = None,
    app_id: str | None = None,
    extend_info: str | None = None,
) -> dict[str, Any]:
    """The send API's request body for template ``code`` of ``pack``.

    ``locales`` are the recipient's languages, best first (a tag or a list).
    ``app_id`` wins over the pack's ``appId``; one of them is required.
    ``params`` must hold a value for every declared parameter (extras are ignored).

    Raises :class:`~msgtemplate.pack.UnknownTemplateError` for an unknown code,
    :class:`~msgtemplate.formatting.ParameterError` for a missing or invalid value,
    :class:`~msgtemplate.locales.LocaleError` for an invalid requested tag, and
    :class:`RequestError` (every violation at once) when the body breaks the API's
    rules: a ``requestId`` over 64 characters, an ``accessToken`` over 128...
    """
    template = pack.template(code)
    chosen_app_id = app_id if app_id is not None else pack.app_id
    if chosen_app_id is None:
        raise RequestError(
            "no appId: the pack sets none and none was given "
            "(app_id, or --app-id on the command line)"
        )
    requested = () if locales is None else locales
    languages = template.languages_for(requested)
    body: dict[str, Any] = {
        "appId": chosen_app_id,
        "accessToken": access_token,
        "requestId": request_id,
        "templateCode": template.code,
    }
    if template.redirect_url is not None and languages:
        body["redirectUrl"] = pack.render(code, languages[0], params).redirect_url
    body["templates"] = [
        {
            "language": language,
            "templateParameters": pack.template_parameters(code, language, params),
        }
        for language in languages
    ]
    if extend_info is not None:
        body["extendInfo"] = extend_info
    violations = [v for v in check_request_body(body) if v.severity == "error"]
    if violations:
        raise RequestError.from_violations(template.code, violations, languages)
    return body


def example_params(
    template: PackTemplate, given: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``given`` completed with the ``example`` of every declared parameter it lacks.

    For demos and previews only: a real request must not silently carry example
    values, so :func:`build_request` never does this by itself.
    """
    values: dict[str, Any] = {
        name: spec.example for name, spec in template.parameters.items() if spec.example is not None
    }
    values.update(given or {})
    return values
