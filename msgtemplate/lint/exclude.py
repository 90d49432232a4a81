"""``exclude`` patterns: gitignore-style globs of files and folders a search skips.

Semantics, as in ruff with gitignore's syntax:

* A pattern is relative to a root folder: the folder of the ``pyproject.toml`` it
  comes from, or the current directory for ``--exclude``.
* A pattern with no ``/`` (or only a trailing one) matches a file or folder *name*
  at any depth (``fixtures``, ``*.generated.yaml``); one with a ``/`` elsewhere is
  anchored at the root (``tests/data/``, ``/build``).
* ``*`` and ``?`` never match ``/``; ``**`` matches any number of folders
  (``**/fixtures``, ``docs/**/bad.yaml``, ``out/**``); ``[abc]``, ``[a-z]`` and
  ``[!abc]`` are character classes; ``\\`` escapes the next character. A trailing
  ``/`` matches folders only. ``!`` (re-including) is not supported.
* A folder that matches is not entered, so nothing inside it is found.

What the patterns apply to (files found by walking folders, or named files too) is
the runner's business.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property


class ExcludePatternError(ValueError):
    """A pattern that cannot be used (empty, or ``!`` negation); the message says why."""


@dataclass(frozen=True)
class Exclusions:
    """Patterns relative to ``root`` (an absolute folder); see the module's docs."""

    patterns: tuple[str, ...]
    root: str
    _compiled: tuple[tuple[re.Pattern[str], bool, bool], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", tuple(_compile(p) for p in self.patterns))

    @classmethod
    def of(cls, patterns: Iterable[str], root: str | os.PathLike[str] | None = None) -> Exclusions:
        """Patterns relative to ``root`` (default: the current directory)."""
        return cls(tuple(patterns), os.path.abspath(os.fspath(root) if root is not None else "."))

    def matches(self, path: str, *, is_dir: bool) -> bool:
        """Whether ``path`` itself (not a folder above it) matches a pattern."""
        if not self._compiled:
            return False
        relative = self._relative(path)
        name = relative.rsplit("/", 1)[-1]
        for regex, anchored, dir_only in self._compiled:
            if dir_only and not is_dir:
                continue
            if anchored:
                if not relative.startswith("../") and regex.fullmatch(relative):
                    return True
            elif regex.fullmatch(name):
                return True
        return False

    def excludes(self, path: str) -> bool:
        """Whether ``path`` or a folder above it (up to the root) matches a pattern."""
        if not self._compiled:
            return False
        parts = self._relative(path).split("/")
        for depth in range(1, len(parts) + 1):
            if parts[depth - 1] == "..":
                continue
            prefix = "/".join(parts[:depth])
            if self.matches(self._absolute(prefix), is_dir=depth < len(parts) or _isdir(path)):
                return True
        return False

    @cached_property
    def _root_slash(self) -> str:
        return self.root.rstrip(os.sep) + os.sep

    def _relative(self, path: str) -> str:
        absolute = os.path.abspath(path)
        if absolute.startswith(self._root_slash):
            relative = absolute[len(self._root_slash) :]
        else:
            relative = os.path.relpath(absolute, self.root)
        return relative.replace(os.sep, "/")

    def _absolute(self, relative: str) -> str:
        return os.path.join(self.root, *relative.split("/"))


def _isdir(path: str) -> bool:
    return os.path.isdir(path)


def check_patterns(patterns: Sequence[object], setting: str) -> tuple[str, ...]:
    """``patterns`` as strings, or :class:`ExcludePatternError` naming ``setting``."""
    out: list[str] = []
    for pattern in patterns:
        if not isinstance(pattern, str):
            raise ExcludePatternError(f"{setting}: expected patterns as strings, got {pattern!r}")
        _compile(pattern, setting)
        out.append(pattern)
    return tuple(out)


def _compile(pattern: str, setting: str = "exclude") -> tuple[re.Pattern[str], bool, bool]:
    """``(regex, anchored, folders only)`` for one pattern."""
    text = pattern.strip()
    if not text:
        raise ExcludePatternError(f"{setting}: empty pattern {pattern!r}")
    if text.startswith("!"):
        raise ExcludePatternError(
            f"{setting}: {pattern!r}: '!' (re-including) is not supported; "
            "write the patterns to exclude only (\\! for a name starting with '!')"
        )
    dir_only = text.endswith("/") and not text.endswith("\\/")
    text = text.rstrip("/") if dir_only else text
    anchored = "/" in text
    text = text.removeprefix("/")
    if not text:
        raise ExcludePatternError(f"{setting}: {pattern!r} matches nothing")
    parts = text.split("/")
    regex = ""
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            # Any number of folders (none included); at the end, anything below.
            regex += ".*" if last else "(?:[^/]*/)*"
            continue
        regex += _component(part) + ("" if last else "/")
    try:
        return re.compile(regex, re.DOTALL), anchored, dir_only
    except re.error as exc:  # a class such as [z-a]
        raise ExcludePatternError(f"{setting}: {pattern!r}: {exc}") from None


def _component(part: str) -> str:
    """One path component of a pattern as a regex (``*`` stays inside the component)."""
    out: list[str] = []
    i = 0
    while i < len(part):
        char = part[i]
        if char == "\\" and i + 1 < len(part):
            out.append(re.escape(part[i + 1]))
            i += 2
            continue
        if char == "*":
            while i + 1 < len(part) and part[i + 1] == "*":
                i += 1  # other runs of asterisks are plain asterisks
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = _class_end(part, i)
            if end is None:
                out.append(re.escape(char))
            else:
                out.append(_char_class(part[i + 1 : end]))
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def _class_end(part: str, start: int) -> int | None:
    """Index of the ``]`` closing the class opened at ``start``, or None."""
    i = start + 1
    if i < len(part) and part[i] in "!^":
        i += 1
    if i < len(part) and part[i] == "]":
        i += 1  # a ']' first in the class is a member
    while i < len(part):
        if part[i] == "\\":
            i += 2
            continue
        if part[i] == "]":
            return i
        i += 1
    return None


def _char_class(body: str) -> str:
    negate = body[:1] in ("!", "^")
    if negate:
        body = body[1:]
    members: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            char = body[i + 1]
            i += 1
        if i + 2 < len(body) and body[i + 1] == "-":
            end = body[i + 2]
            members.append(f"{re.escape(char)}-{re.escape(end)}")
            i += 3
            continue
        members.append(re.escape(char))
        i += 1
    inside = "".join(members)
    return f"[^/{inside}]" if negate else f"(?!/)[{inside}]"
