"""Previous source texts: what a stale translation was translated from.

A variant records only a hash of its source text (``sourceHash``). When the pack
lives in a git repository, the text itself is in its history: this module reads the
pack at its last few revisions and finds, for each recorded hash, the default
locale's text that has it. Exports put it where translators look (PO's ``#|
msgctxt``/``#| msgid``, as ``msgmerge --previous`` does; a note in XLIFF), so they
see what changed instead of re-reading the whole text.

Best effort and bounded: no git, no repository, an untracked pack or a text older
than :data:`MAX_REVISIONS` commits simply gives no previous text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Collection
from typing import Final

from msgtemplate.pack.staleness import FIELDS, field_text, source_hash

MAX_REVISIONS: Final = 50
"""Revisions of the pack read at most (each is parsed as a pack)."""
_TIMEOUT: Final = 10.0


def previous_sources(path: str, hashes: Collection[str]) -> dict[str, str]:
    """``{hash: text}`` for the recorded ``hashes`` found among the default-locale
    titles and bodies of ``path``'s committed revisions, newest first."""
    wanted = set(hashes)
    git = shutil.which("git")
    if not wanted or git is None:
        return {}
    folder = os.path.dirname(os.path.abspath(path))
    name = os.path.basename(path)
    revisions = _git(git, folder, "log", f"-n{MAX_REVISIONS}", "--format=%H", "--", name)
    if revisions is None:
        return {}
    found: dict[str, str] = {}
    for revision in revisions.split():
        text = _git(git, folder, "show", f"{revision}:./{name}")
        if text is None:
            continue
        for source in _default_texts(text, path):
            digest = source_hash(source)
            if digest in wanted and digest not in found:
                found[digest] = source
        if len(found) == len(wanted):
            break
    return found


def _git(git: str, folder: str, *argv: str) -> str | None:
    try:
        done = subprocess.run(
            [git, "-C", folder, *argv],
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def _default_texts(text: str, path: str) -> list[str]:
    """The default-locale titles and bodies of one revision (none if it does not parse)."""
    from msgtemplate.document.source import DocumentError, format_for, parse_document
    from msgtemplate.pack.reader import read_pack

    fmt = format_for(path)
    if fmt is None:
        return []
    try:
        pack, _ = read_pack(parse_document(text, path, fmt))
    except DocumentError:
        return []
    if pack is None:
        return []
    texts: list[str] = []
    for template in pack.templates.values():
        default = template.content.get(template.default_locale or "")
        if default is None:
            continue
        texts.extend(t for f in FIELDS if (t := field_text(default, f)))
    return texts
