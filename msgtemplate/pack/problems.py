"""What can be wrong with a pack: :class:`PackProblem` and :class:`PackError`.

``read_pack`` collects every problem of a pack as a :class:`PackProblem` (the linter
turns each into a finding); ``load_pack`` raises one :class:`PackError` carrying all
of them. ``kind`` is a stable identifier from :data:`PROBLEM_KINDS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from msgtemplate._text.suggest import did_you_mean
from msgtemplate.document.source import Pointer
from msgtemplate.errors import SourceError

PROBLEM_KINDS: Final[dict[str, str]] = {
    "bad-document": "the file cannot be read or parsed (size, encoding, YAML/JSON syntax)",
    "empty-document": "the file holds no pack at all",
    "missing-key": "a key the pack format always requires is absent",
    "missing-redirect": "a PUSH or INBOX template has no redirectUrl (those channels require one)",
    "unknown-key": "a key the pack format does not define (with a did-you-mean)",
    "wrong-type": "a value of the wrong type (expected vs got)",
    "duplicate-key": "the same key twice in one mapping (loaders silently keep the last)",
    "bad-format-version": "'format' is not 1",
    "bad-channel": "'channel' is not PUSH, INBOX or SMS",
    "bad-locale": "defaultLocale, a content key or a fallback language is not a valid "
    "BCP 47 tag CLDR knows",
    "duplicate-locale": "two content keys name one locale (en-US and en_us, zh-TW and zh-Hant)",
    "missing-default-locale": "a template has no content for the pack's defaultLocale",
    "duplicate-code": "two templates share one code",
    "bad-parameter": "a parameter declaration is invalid (name, type or options)",
    "bad-example": "a parameter's example is not a valid value of its type",
    "template-syntax": "a title, body or redirectUrl is not valid ${placeholder} syntax",
    "undeclared-placeholder": "a text uses a placeholder 'parameters' does not declare",
}
"""Every ``PackProblem.kind``, with what it means (docs/packs.md lists them)."""


@dataclass(frozen=True, slots=True)
class PackProblem:
    """One thing wrong with a pack, at a place in its file.

    ``line``/``column`` are 1-based (columns count characters); ``pointer`` is the
    path of keys and indexes to the offending node (``("templates", 0, "channel")``).
    """

    kind: str
    message: str
    line: int
    column: int
    pointer: Pointer

    def __post_init__(self) -> None:
        if self.kind not in PROBLEM_KINDS:
            raise ValueError(f"unknown pack problem kind {self.kind!r}")


class PackError(SourceError):
    """A pack that cannot be used, at its first problem's ``path:line:col``.

    ``problems`` holds every problem found (possibly empty when the error is not
    about the pack's content, such as an unknown template code).
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        problems: Sequence[PackProblem] = (),
    ) -> None:
        super().__init__(message, path=path, line=line, column=column)
        self.problems: tuple[PackProblem, ...] = tuple(problems)

    @classmethod
    def from_problems(cls, path: str, problems: Sequence[PackProblem]) -> PackError:
        first = problems[0]
        more = len(problems) - 1
        message = first.message
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        return cls(message, path=path, line=first.line, column=first.column, problems=problems)


class UnknownTemplateError(PackError, KeyError):
    """No template with that code in the pack (a ``KeyError`` too, for ``except KeyError``)."""

    def __init__(self, code: str, known: Iterable[str], *, path: str | None = None) -> None:
        self.code = code
        codes = list(known)
        hint = did_you_mean(code, codes)
        if not hint and codes:
            shown = ", ".join(codes[:5]) + (", ..." if len(codes) > 5 else "")
            hint = f" (templates: {shown})"
        super().__init__(f"no template {code!r} in this pack{hint}", path=path)

    def __str__(self) -> str:  # KeyError would repr() the message
        return SourceError.__str__(self)
