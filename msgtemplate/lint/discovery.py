"""Which files a lint run reads: named paths, folders searched, exclusions applied.

A folder is searched recursively for ``*.yaml``, ``*.yml`` and ``*.json`` files,
skipping hidden folders, ``node_modules``, ``__pycache__`` and ``site-packages``,
anything that is not a regular file (a FIFO would block the read forever), and the
files and folders the config's ``exclude`` patterns match. As in ruff, paths named
explicitly are read even when a pattern matches them, unless ``force_exclude``
(the pre-commit hook sets it, as pre-commit names every staged file).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from msgtemplate.document.source import format_for
from msgtemplate.lint.config import LintConfig
from msgtemplate.lint.exclude import Exclusions
from msgtemplate.lint.findings import display_path

# Folders a directory search never enters (VCS data, virtualenvs, caches).
_SKIP_DIRS = frozenset({"node_modules", "__pycache__", "site-packages"})


def find_files(
    paths: Iterable[str | Path], config: LintConfig, errors: list[str]
) -> Iterator[tuple[str, bool]]:
    """``(path, named explicitly)`` for every file to lint; problems go to ``errors``."""
    exclusions = config.exclusions()
    for raw in paths:
        path = os.fspath(raw)
        if config.force_exclude and any(e.excludes(path) for e in exclusions):
            continue
        if os.path.isdir(path):
            yield from ((p, False) for p in _walk(path, exclusions, errors))
        elif os.path.exists(path) or os.path.islink(path):
            if _regular(path) is False:
                # Reading a FIFO would wait forever for a writer; a device never ends.
                errors.append(f"{display_path(path)}: not a regular file")
            else:
                yield path, True
        else:
            errors.append(f"{display_path(path)}: no such file or directory")


def _regular(path: str) -> bool | None:
    """Whether ``path`` (links followed) is a regular file; None when it cannot be told
    (a dangling link or a loop: opening it reports why)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return None


def _walk(root: str, exclusions: Sequence[Exclusions], errors: list[str]) -> Iterator[str]:
    found: list[str] = []

    def failed(exc: OSError) -> None:
        name = display_path(os.fsdecode(exc.filename))
        errors.append(f"{name}: cannot read directory: {exc.strerror}")

    def excluded(path: str, is_dir: bool) -> bool:
        return any(e.matches(path, is_dir=is_dir) for e in exclusions)

    for folder, dirs, files in os.walk(root, onerror=failed):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in _SKIP_DIRS
            and not excluded(os.path.join(folder, d), True)
        )
        for name in files:
            path = os.path.normpath(os.path.join(folder, name))
            if format_for(name) and _regular(path) is not False and not excluded(path, False):
                found.append(path)
    yield from sorted(found)
