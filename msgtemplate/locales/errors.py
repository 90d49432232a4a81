"""The one error of the locales package."""

from __future__ import annotations

from msgtemplate.errors import MsgTemplateError


class LocaleError(MsgTemplateError, ValueError):
    """A locale tag is malformed (or, where a known locale is required, unknown to CLDR)."""

    def __init__(self, tag: object, reason: str) -> None:
        self.tag = tag
        self.reason = reason
        super().__init__(f"invalid locale tag {shown(tag)}: {reason}")


def shown(tag: object) -> str:
    """``repr(tag)``, cut short: a tag can come from a user or a file of any size."""
    text = repr(tag)
    return text if len(text) <= 40 else text[:37] + "...'"


def checked(tag: object) -> str:
    """``tag`` if it is a string; checked before any cache, where an unhashable
    non-string would raise a TypeError rather than our error."""
    if not isinstance(tag, str):
        raise LocaleError(tag, "a locale tag must be a string")
    return tag
