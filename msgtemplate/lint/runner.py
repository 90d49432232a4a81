"""Find the files, read each once, run every rule family, collect sorted findings."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from msgtemplate.lines import split_lines
from msgtemplate.lint import document as document_rules
from msgtemplate.lint.config import LintConfig
from msgtemplate.lint.context import Context
from msgtemplate.lint.findings import Finding
from msgtemplate.lint.noqa import without_suppressed
from msgtemplate.lint.registry import all_rules, family_modules
from msgtemplate.source import (
    Document,
    DocumentError,
    MappingNode,
    format_for,
    load_document,
)

# Folders a directory search never enters (VCS data, virtualenvs, caches).
_SKIP_DIRS = frozenset({"node_modules", "__pycache__", "site-packages"})

# For files that do not parse, found by a directory search or named with
# --skip-unknown: only report them when they look like they were meant to be a pack or
# a body (a broken Helm chart or a GitLab CI file with merge keys is not ours). In
# YAML that is a top-level `format:` or `templateCode:` key, at column 0.
_LOOKS_OURS_YAML = re.compile(r"""^["']?(?:format|templateCode)["']?[ \t]*:""", re.MULTILINE)
_OUR_KEYS = frozenset({'"format"', '"templateCode"'})
# JSON: strings, comments (JSONC files such as tsconfig.json have them) and brackets,
# enough to tell the nesting depth of a key without parsing.
_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?\*/|[{}\[\]]', re.DOTALL)
_JSON_COLON = re.compile(r"\s*:")


@dataclass(slots=True)
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Paths that could not be read at all (the CLI exits 2); one message each."""
    files: int = 0
    """Files linted (packs, bodies, and files reported as unparseable or not ours)."""
    sources: dict[str, list[str]] = field(default_factory=dict)
    """Source lines of files with findings, for carets in the text report."""

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def lint_paths(paths: Iterable[str | Path], config: LintConfig | None = None) -> LintResult:
    """Lint files and directories (searched for ``*.yaml``, ``*.yml``, ``*.json``)."""
    config = config or LintConfig()
    all_rules()  # import every family once, before timing-sensitive loops
    families = family_modules()
    result = LintResult()
    seen: set[str] = set()
    for target, explicit in _expand(paths, result):
        key = os.path.normpath(target)
        if key in seen:
            continue
        seen.add(key)
        findings, lines = _lint_file(target, explicit, config, families, result)
        findings = [f for f in findings if config.enabled(f.code)]
        if findings and lines is not None:
            if format_for(target) == "yaml":
                findings = without_suppressed(findings, lines)
            if findings:
                result.sources[target] = lines
        result.findings.extend(findings)
    result.findings.sort(key=lambda f: (f.path, f.line, f.column, f.code, f.message))
    return result


def lint_document(document: Document, *, explicit: bool = True) -> list[Finding]:
    """Every finding for one parsed document (no rule selection applied)."""
    ctx = _context(document)
    if ctx is None:
        return [_not_ours(document)] if explicit else []
    _run(ctx, family_modules())
    return ctx.findings


def _run(ctx: Context, families: list[object]) -> None:
    for module in families:
        check = getattr(module, "check", None)
        if check is not None:
            check(ctx)


def _lint_file(
    path: str,
    explicit: bool,
    config: LintConfig,
    families: list[object],
    result: LintResult,
) -> tuple[list[Finding], list[str] | None]:
    try:
        document = load_document(path)
    except DocumentError as exc:
        return _document_error(path, exc, explicit, config, result)
    ctx = _context(document)
    if ctx is None:
        if not explicit or config.skip_unknown:
            return [], None
        result.files += 1
        return [_not_ours(document)], document.lines()
    result.files += 1
    _run(ctx, families)
    return ctx.findings, document.lines()


def _document_error(
    path: str, exc: DocumentError, explicit: bool, config: LintConfig, result: LintResult
) -> tuple[list[Finding], list[str] | None]:
    message = exc.message
    if exc.kind == "unreadable":
        result.errors.append(f"{path}: {message}")
        return [], None
    if exc.kind == "unsupported":  # not .yaml/.yml/.json, named explicitly
        if config.skip_unknown:
            return [], None
        rule = document_rules.NOT_A_PACK
        message = f"not a pack or a request body: {message}"
        text = None
    else:
        text = _peek(path)
        careful = not explicit or config.skip_unknown
        if careful and (text is None or not looks_ours(text, format_for(path))):
            return [], None
        unreadable = exc.kind in ("too-large", "encoding")
        rule = document_rules.UNREADABLE_FILE if unreadable else document_rules.INVALID_SYNTAX
        if unreadable:
            text = None  # no carets under binary data
    result.files += 1
    finding = Finding(
        path, exc.line or 1, exc.column or 1, rule.code, rule.name, rule.severity, message
    )
    fmt = format_for(path)
    return [finding], split_lines(text, fmt) if text is not None and fmt else None


def _context(document: Document) -> Context | None:
    root = document.root
    if not isinstance(root, MappingNode):
        return None
    keys = set(root.keys())
    if "templates" in keys and "format" in keys:
        return Context(document, "pack")
    if "templates" in keys and "templateCode" in keys:
        return Context(document, "body")
    return None


def _not_ours(document: Document) -> Finding:
    rule = document_rules.NOT_A_PACK
    return Finding(
        document.path,
        1,
        1,
        rule.code,
        rule.name,
        rule.severity,
        "not a pack (top-level 'format' and 'templates') nor a request body "
        "('templateCode' and 'templates')",
    )


def looks_ours(text: str, fmt: str | None) -> bool:
    """Whether unparseable ``text`` still looks meant to be a pack or a request body.

    YAML: a ``format:`` or ``templateCode:`` key at column 0. JSON: a ``"format"`` or
    ``"templateCode"`` key of the outermost object (nesting counted over brackets
    outside strings and comments), wherever it is on its line.
    """
    if fmt != "json":
        return _LOOKS_OURS_YAML.search(text) is not None
    open_brackets: list[str] = []
    for token in _JSON_TOKEN.finditer(text):
        value = token.group()
        if value in ("{", "["):
            open_brackets.append(value)
        elif value in ("}", "]"):
            if open_brackets:
                open_brackets.pop()
        elif open_brackets == ["{"] and value in _OUR_KEYS and _JSON_COLON.match(text, token.end()):
            return True
    return False


def _peek(path: str) -> str | None:
    """The start of a file as text, for the 'looks like ours' test and carets."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(64 * 1024)
    except OSError:
        return None
    return data.decode("utf-8-sig", "replace")


def _expand(paths: Iterable[str | Path], result: LintResult) -> Iterator[tuple[str, bool]]:
    for raw in paths:
        path = str(raw)
        if os.path.isdir(path):
            yield from ((p, False) for p in _walk(path, result.errors))
        elif os.path.exists(path) or os.path.islink(path):
            if _regular(path) is False:
                # Reading a FIFO would wait forever for a writer; a device never ends.
                result.errors.append(f"{path}: not a regular file")
            else:
                yield path, True
        else:
            result.errors.append(f"{path}: no such file or directory")


def _regular(path: str) -> bool | None:
    """Whether ``path`` (links followed) is a regular file; None when it cannot be told
    (a dangling link or a loop: opening it reports why)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return None


def _walk(root: str, errors: list[str]) -> Iterator[str]:
    found: list[str] = []

    def failed(exc: OSError) -> None:
        errors.append(f"{exc.filename}: cannot read directory: {exc.strerror}")

    for folder, dirs, files in os.walk(root, onerror=failed):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
        for name in files:
            path = os.path.normpath(os.path.join(folder, name))
            if format_for(name) and _regular(path) is not False:
                found.append(path)
    yield from sorted(found)
