"""Template packs: load, check and render the templates a team keeps on the portal.

A pack is one YAML or JSON file (format 1, see docs/packs.md).
:func:`load_pack` reads one strictly: any problem
raises :class:`PackError` at the first problem's ``path:line:col``, with every
problem in ``.problems``. :func:`read_pack` is the lenient half the linter uses:
it returns as much of the pack as it could build and the list of problems.

The module is a facade over small ones: ``schema`` (the shape, as data),
``reader`` (values and meaning), ``model`` (the model), ``render``
(variant choice and formatting) and ``positions`` (file positions inside strings).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from msgtemplate._text.suggest import did_you_mean
from msgtemplate.document.source import Document, DocumentError, MappingNode, load_document
from msgtemplate.pack.model import FallbackPolicy, Pack, PackTemplate
from msgtemplate.pack.problems import (
    PROBLEM_KINDS,
    PackError,
    PackProblem,
    UnknownTemplateError,
)
from msgtemplate.pack.reader import read_pack
from msgtemplate.pack.render import RenderedMessage
from msgtemplate.pack.schema import PACK, check_structure
from msgtemplate.pack.variant import FormSet, TemplateText, Variant

__all__ = [
    "PACK",
    "PROBLEM_KINDS",
    "FallbackPolicy",
    "FormSet",
    "Pack",
    "PackError",
    "PackProblem",
    "PackTemplate",
    "RenderedMessage",
    "TemplateText",
    "UnknownTemplateError",
    "Variant",
    "check_structure",
    "load_pack",
    "read_pack",
]


def load_pack(path: str | Path) -> Pack:
    """Read the pack at ``path`` (``.yaml``, ``.yml`` or ``.json``), refusing any problem.

    Raises :class:`PackError` (a :class:`~msgtemplate.errors.SourceError`): for an
    unreadable, oversized, non-UTF-8 or unparseable file (kind ``bad-document``,
    at the parser's position) and for every problem :func:`read_pack` finds.
    """
    try:
        document = load_document(path)
    except DocumentError as exc:
        problem = PackProblem("bad-document", exc.message, exc.line or 1, exc.column or 1, ())
        raise PackError(
            exc.message, path=exc.path, line=exc.line, column=exc.column, problems=(problem,)
        ) from None
    body = _request_body_problem(document)
    if body is not None:
        raise PackError.from_problems(document.path, [body])
    pack, problems = read_pack(document)
    if pack is not None:
        problems.extend(_undeclared_placeholders(pack))
    if problems or pack is None:
        problems.sort(key=lambda p: (p.line, p.column))
        raise PackError.from_problems(document.path, problems)
    return pack


def _request_body_problem(document: Document) -> PackProblem | None:
    """One line for a request body given where a pack belongs (instead of one
    "unknown key" per field of the body): what it is and what to run instead."""
    root = document.root
    if not isinstance(root, MappingNode) or root.get("format") is not None:
        return None
    if root.get("templateCode") is None or root.get("templates") is None:
        return None
    message = (
        "this is a request body ('templateCode' and 'templates'), not a pack: check it "
        "with `msgtemplate lint FILE`, send it with `msgtemplate send --body FILE`"
    )
    return PackProblem("missing-key", message, 1, 1, ())


def _undeclared_placeholders(pack: Pack) -> Iterator[PackProblem]:
    # The pack format requires every placeholder to be declared (with its type);
    # the linter reports the same as MT303, with a did-you-mean.
    for code, template in pack.templates.items():
        for text, placeholder in template.undeclared():
            line, column = text.position(placeholder.offset)
            message = (
                f"placeholder '${{{placeholder.name}}}' is not declared in the parameters "
                f"of {code!r}{did_you_mean(placeholder.name, template.parameters)}"
            )
            yield PackProblem("undeclared-placeholder", message, line, column, ())
