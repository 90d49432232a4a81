"""The packs as they were at a git revision, read with ``git show REV:path``.

Nothing is checked out: each file is read from git's object store, so the work tree,
the index and the current branch stay as they are. A file that did not exist at the
revision reads as None (its templates are all new); pack files that existed there
under a folder being reviewed but are gone now are listed by :meth:`Baseline.gone`.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from msgtemplate.errors import MsgTemplateError

PACK_SUFFIXES: Final = (".yaml", ".yml", ".json")
_GIT_TIMEOUT_SECONDS: Final = 60


class BaselineError(MsgTemplateError):
    """The revision cannot be read: not a git work tree, git missing, unknown revision."""


@dataclass
class Baseline:
    """One git revision (``rev`` as given, ``commit`` resolved)."""

    rev: str
    commit: str
    _roots: dict[str, str] = field(default_factory=dict)

    def read(self, path: str) -> bytes | None:
        """The bytes of ``path`` (a file of the work tree) at the revision, or None when
        it did not exist there."""
        folder = os.path.dirname(os.path.abspath(path))
        name = os.path.basename(path)
        done = _git(folder, "cat-file", "-e", f"{self.commit}:./{name}", check=False)
        if done.returncode != 0:
            return None
        return _git(folder, "show", f"{self.commit}:./{name}").stdout

    def gone(self, folder: str, present: set[str]) -> Iterator[tuple[str, bytes]]:
        """``(path, bytes at the revision)`` of each pack file (by extension) under
        ``folder`` at the revision that is not in ``present`` (normalised absolute
        paths) and not on disk now."""
        root = self._root(folder)
        listed = _git(
            folder, "ls-tree", "-r", "-z", "--name-only", "--full-name", self.commit, "--", "."
        ).stdout.decode("utf-8", "surrogateescape")
        for name in listed.split("\0"):
            if not name.endswith(PACK_SUFFIXES):
                continue
            if any(part.startswith(".") for part in name.split("/")):
                continue
            path = os.path.normpath(os.path.join(root, name))
            if path not in present and not os.path.exists(path):
                yield path, _git(root, "show", f"{self.commit}:{name}").stdout

    def _root(self, folder: str) -> str:
        if folder not in self._roots:
            top = _git(folder, "rev-parse", "--show-toplevel").stdout
            self._roots[folder] = os.fsdecode(top.rstrip(b"\n"))
        return self._roots[folder]


def open_baseline(rev: str, where: str) -> Baseline:
    """The revision ``rev`` of the repository holding ``where`` (a file or folder).

    Raises :class:`BaselineError` with one line saying what is wrong.
    """
    folder = where if os.path.isdir(where) else os.path.dirname(os.path.abspath(where))
    if rev.startswith("-"):
        raise BaselineError(f"--baseline {rev!r}: not a revision")
    done = _git(folder, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
    if done.returncode != 0:
        inside = _git(folder, "rev-parse", "--is-inside-work-tree", check=False)
        if inside.returncode != 0:
            raise BaselineError(f"--baseline: {folder or '.'} is not in a git work tree")
        raise BaselineError(f"--baseline {rev!r}: no such revision in this repository")
    return Baseline(rev, done.stdout.decode("ascii").strip())


def _git(folder: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(
            ["git", "-C", folder or ".", *args],
            capture_output=True,
            timeout=_GIT_TIMEOUT_SECONDS,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise BaselineError("--baseline needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise BaselineError(
            f"--baseline: git {args[0]} took over {_GIT_TIMEOUT_SECONDS} s"
        ) from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BaselineError(f"--baseline: git {args[0]}: {message[-1] if message else 'failed'}")
    return done
