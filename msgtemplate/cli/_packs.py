"""Reading packs for the commands that look at them (``list``, ``show``).

They read leniently, like the linter: a pack with problems is shown as far as it
could be read, and the problems are summed up on stderr with a pointer to
``msgtemplate lint``. Only a file that holds no pack at all is an error.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from msgtemplate.errors import SourceError

if TYPE_CHECKING:
    from msgtemplate.pack import Pack, PackProblem


def read_leniently(path: str) -> tuple[Pack, list[PackProblem]]:
    """The pack at ``path`` and its problems; :class:`SourceError` (with a position)
    when the file cannot be read, does not parse, or is not a pack."""
    from msgtemplate.document.source import load_document
    from msgtemplate.pack import read_pack

    document = load_document(path)  # DocumentError is a SourceError
    pack, problems = read_pack(document)
    if pack is None:
        first = problems[0]
        raise SourceError(first.message, path=path, line=first.line, column=first.column)
    if "templates" not in document_keys(pack):
        raise SourceError("not a pack: no top-level 'templates' key", path=path, line=1, column=1)
    return pack, problems


def document_keys(pack: Pack) -> list[str]:
    from msgtemplate.document.source import MappingNode

    root = pack.document.root
    return root.keys() if isinstance(root, MappingNode) else []


def note_problems(path: str, problems: list[PackProblem]) -> None:
    """One line on stderr: the first problem, how many more, and what to run."""
    if not problems:
        return
    first = problems[0]
    more = len(problems) - 1
    also = f"; {more} more problem{'s' if more != 1 else ''}" if more else ""
    print(
        f"msgtemplate: {path}:{first.line}:{first.column}: {first.message}{also} "
        f"(run 'msgtemplate lint {path}')",
        file=sys.stderr,
    )
