"""The public way to lint: files and folders, an editor's text, or a parsed document.

For each document the runner builds the :class:`~msgtemplate.lint.model.LintModel`
once, then runs every rule family over it (each reads the model and only yields
findings, so their order does not matter), then applies the rule selection and
``# noqa`` comments of :class:`~msgtemplate.lint.config.LintConfig`.

* :func:`lint_paths` - files and directories, as ``msgtemplate lint`` does;
* :func:`lint_text` - text that is, or will be, the file at a path (unsaved buffers);
* :func:`lint_source` - one :class:`Source` (:func:`text_source` reads text as
  :func:`lint_text` does), for callers that parse first and lint after
  (:mod:`msgtemplate.lint.incremental`);
* :func:`lint_document` - every finding of an already parsed document;
* :func:`check_model` - the families over a model (rule authors, tests).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Final

from msgtemplate.document.lines import split_lines
from msgtemplate.document.source import (
    Document,
    DocumentError,
    format_for,
    load_document,
    parse_bytes,
)
from msgtemplate.lint import body, limits, locales, placeholders, quality, structure, text
from msgtemplate.lint import document as document_family
from msgtemplate.lint import forms as forms_family
from msgtemplate.lint.config import LintConfig
from msgtemplate.lint.discovery import find_files
from msgtemplate.lint.findings import Finding, display_path
from msgtemplate.lint.model import LintModel, build_model
from msgtemplate.lint.noqa import without_suppressed
from msgtemplate.lint.registry import INVALID_SYNTAX, NOT_A_PACK, UNREADABLE_FILE, Family

FAMILY_CHECKS: Final[tuple[Family, ...]] = (
    document_family.check,
    body.check,
    structure.check,
    placeholders.check,
    locales.check,
    limits.check,
    text.check,
    forms_family.check,
    quality.check,
)
"""Every rule family's ``check``, listed here rather than found by importing: each
reads one :class:`~msgtemplate.lint.model.LintModel`, yields findings, and may run in
any order. The rules they report are rows of :data:`msgtemplate.lint.registry.RULES`."""


def families() -> tuple[Family, ...]:
    """:data:`FAMILY_CHECKS` (for callers that shuffle or time them)."""
    return FAMILY_CHECKS


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
_PEEK_BYTES = 64 * 1024


@dataclass(slots=True)
class LintResult:
    """What a lint run found: sorted findings, paths that could not be read, counts."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Paths that could not be read at all (the CLI exits 2); one message each."""
    files: int = 0
    """Files linted (packs, bodies, and files reported as unparseable or not ours)."""
    sources: dict[str, list[str]] = field(default_factory=dict)
    """Source lines of files with findings, for carets in the text report."""
    models: dict[str, LintModel] = field(default_factory=dict)
    """:func:`lint_text` only: the text's model (its pack or body), when it is one, for
    tools that show more than findings (the language server's hover and completion)."""

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def lint_paths(paths: Iterable[str | Path], config: LintConfig | None = None) -> LintResult:
    """Lint files and directories (searched for ``*.yaml``, ``*.yml``, ``*.json``).

    Files named explicitly that are neither packs nor request bodies are reported
    (``MT004``) unless ``config.skip_unknown``; files found in directories are
    skipped silently. Settings are not read from ``pyproject.toml`` here: pass
    :func:`~msgtemplate.lint.config.load_config`'s result as ``config``.
    """
    config = config or LintConfig()
    result = LintResult()
    seen: set[str] = set()
    for target, explicit in find_files(paths, config, result.errors):
        key = os.path.normpath(target)
        if key in seen:
            continue
        seen.add(key)
        source = Source(target, explicit, partial(load_document, target), partial(_peek, target))
        _lint_one(result, source, config)
    result.findings.sort(key=_order)
    return result


def lint_text(
    text: str, path: str | os.PathLike[str], config: LintConfig | None = None
) -> LintResult:
    """Lint ``text`` as the contents of the file at ``path``, which need not exist.

    For editors and other tools that hold a document in memory (an unsaved buffer):
    the format comes from ``path``'s extension, and the text gets exactly the checks
    a file named on the command line gets (the size cap, NUL bytes and lone
    surrogates are ``MT003``; a text that is neither a pack nor a request body is
    ``MT004`` unless ``config.skip_unknown``, which an editor usually wants), then
    ``config``'s rule selection and the text's ``# noqa`` comments. Findings carry
    ``str(path)``; ``result.errors`` is always empty (nothing is read from disk), and
    ``result.models[str(path)]`` is the text's model when it is a pack or a body.
    """
    return lint_source(text_source(text, os.fspath(path)), config, keep_model=True)


def text_source(text: str, path: str) -> Source:
    """``text`` as the contents of the file at ``path``, read as :func:`lint_text`
    reads it (encoded and checked as a file's bytes, then parsed)."""
    data = text.encode("utf-8", "surrogatepass")
    return Source(
        path,
        True,
        lambda: parse_bytes(data, path),
        lambda: data[:_PEEK_BYTES].decode("utf-8-sig", "replace"),
    )


def lint_source(
    source: Source, config: LintConfig | None = None, *, keep_model: bool = False
) -> LintResult:
    """Lint one :class:`Source` into a new :class:`LintResult` (with its model when
    ``keep_model``), findings sorted: what :func:`lint_text` does with its text."""
    result = LintResult()
    _lint_one(result, source, config or LintConfig(), keep_model=keep_model)
    result.findings.sort(key=_order)
    return result


def lint_document(document: Document, *, explicit: bool = True) -> list[Finding]:
    """Every finding for one parsed document, sorted (no rule selection, no noqa).

    A document that is neither a pack nor a request body gives one ``MT004`` finding
    when ``explicit``, else none.
    """
    model = build_model(document)
    if model is None:
        return [_not_ours(document)] if explicit else []
    return check_model(model)


def check_model(model: LintModel, order: Sequence[Family] | None = None) -> list[Finding]:
    """Run rule families over ``model`` (all of them, by default) and sort the findings.

    Families only read the model, so any ``order`` gives the same findings.
    """
    findings: list[Finding] = []
    for check in FAMILY_CHECKS if order is None else order:
        findings.extend(check(model))
    findings.sort(key=_order)
    return findings


def _order(finding: Finding) -> tuple[str, int, int, str, str]:
    return (finding.path, finding.line, finding.column, finding.code, finding.message)


@dataclass(frozen=True, slots=True)
class Source:
    """One file to lint: where it is, whether it was named, how to read and peek at it."""

    path: str
    explicit: bool
    load: Callable[[], Document]
    peek: Callable[[], str | None]
    """The start of the file as text, for the "looks like ours" test and carets."""


def _lint_one(
    result: LintResult, source: Source, config: LintConfig, *, keep_model: bool = False
) -> None:
    """Lint one file into ``result``: its findings, its source lines, the file count
    (and its model, when ``keep_model``)."""
    findings, lines, model = _lint_source(result, source, config)
    if keep_model and model is not None:
        result.models[source.path] = model
    findings = [f for f in findings if config.enabled(f.code)]
    if findings and lines is not None:
        if format_for(source.path) == "yaml":
            findings = without_suppressed(findings, lines)
        if findings:
            result.sources[source.path] = lines
    result.findings.extend(findings)


def _lint_source(
    result: LintResult, source: Source, config: LintConfig
) -> tuple[list[Finding], list[str] | None, LintModel | None]:
    try:
        document = source.load()
    except DocumentError as exc:
        return (*_document_error(source, exc, config, result), None)
    model = build_model(document, config.rule_options)
    if model is None:
        if not source.explicit or config.skip_unknown:
            return [], None, None
        result.files += 1
        return [_not_ours(document)], document.lines(), None
    result.files += 1
    findings = check_model(model)
    # The lines are for carets under findings: a clean file never splits its text.
    return findings, list(model.lines) if findings else None, model


def _document_error(
    source: Source, exc: DocumentError, config: LintConfig, result: LintResult
) -> tuple[list[Finding], list[str] | None]:
    path = source.path
    message = exc.message
    if exc.kind == "unreadable":
        result.errors.append(f"{display_path(path)}: {message}")
        return [], None
    if exc.kind == "unsupported":  # not .yaml/.yml/.json, named explicitly
        if config.skip_unknown:
            return [], None
        rule = NOT_A_PACK
        message = f"not a pack or a request body: {message}"
        text = None
    else:
        text = source.peek()
        careful = not source.explicit or config.skip_unknown
        if careful and (text is None or not looks_ours(text, format_for(path))):
            return [], None
        unreadable = exc.kind in ("too-large", "encoding")
        rule = UNREADABLE_FILE if unreadable else INVALID_SYNTAX
        if unreadable:
            text = None  # no carets under binary data
    result.files += 1
    finding = Finding(
        path, exc.line or 1, exc.column or 1, rule.code, rule.name, rule.severity, message
    )
    fmt = format_for(path)
    return [finding], split_lines(text, fmt) if text is not None and fmt else None


def _not_ours(document: Document) -> Finding:
    rule = NOT_A_PACK
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
    from msgtemplate.document.reading import read_start

    data = read_start(path, _PEEK_BYTES)
    return None if data is None else data.decode("utf-8-sig", "replace")
