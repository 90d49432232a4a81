"""msgtemplate: author, lint, preview, sign and send Mini Program message templates.

The public API, re-exported. Names are imported on first use (PEP 562), so that
``import msgtemplate`` and the CLI's start-up stay cheap: the CLI runs in pre-commit.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from msgtemplate._version import __version__

if TYPE_CHECKING:
    from msgtemplate.errors import MsgTemplateError, SourceError
    from msgtemplate.formatting import ParameterError
    from msgtemplate.locales import LocaleError, fallback_chain, match_locale
    from msgtemplate.pack import (
        Pack,
        PackError,
        PackTemplate,
        RenderedMessage,
        UnknownTemplateError,
        load_pack,
        read_pack,
    )
    from msgtemplate.pack.request import RequestError, build_request
    from msgtemplate.sender.client import (
        AsyncMessageClient,
        ClientError,
        MessageClient,
        SendOutcome,
    )
    from msgtemplate.template.compiled import MissingParameterError, Template, escape
    from msgtemplate.template.syntax import TemplateSyntaxError

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "MsgTemplateError": "msgtemplate.errors",
    "SourceError": "msgtemplate.errors",
    "TemplateSyntaxError": "msgtemplate.template.syntax",
    "MissingParameterError": "msgtemplate.template.compiled",
    "Template": "msgtemplate.template.compiled",
    "escape": "msgtemplate.template.compiled",
    "LocaleError": "msgtemplate.locales",
    "fallback_chain": "msgtemplate.locales",
    "match_locale": "msgtemplate.locales",
    "ParameterError": "msgtemplate.formatting",
    "MessageClient": "msgtemplate.sender.client",
    "AsyncMessageClient": "msgtemplate.sender.client",
    "SendOutcome": "msgtemplate.sender.client",
    "ClientError": "msgtemplate.sender.client",
    "Pack": "msgtemplate.pack",
    "PackError": "msgtemplate.pack",
    "PackTemplate": "msgtemplate.pack",
    "RenderedMessage": "msgtemplate.pack",
    "UnknownTemplateError": "msgtemplate.pack",
    "load_pack": "msgtemplate.pack",
    "read_pack": "msgtemplate.pack",
    "RequestError": "msgtemplate.pack.request",
    "build_request": "msgtemplate.pack.request",
}

__all__ = [
    "AsyncMessageClient",
    "ClientError",
    "LocaleError",
    "MessageClient",
    "MissingParameterError",
    "MsgTemplateError",
    "Pack",
    "PackError",
    "PackTemplate",
    "ParameterError",
    "RenderedMessage",
    "RequestError",
    "SendOutcome",
    "SourceError",
    "Template",
    "TemplateSyntaxError",
    "UnknownTemplateError",
    "__version__",
    "build_request",
    "escape",
    "fallback_chain",
    "load_pack",
    "match_locale",
    "read_pack",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'msgtemplate' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
