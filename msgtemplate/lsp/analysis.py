"""One open document, linted: its findings, its pack model and its line index.

:class:`Analyser` is everything the server does per change, and nothing here knows
about LSP messages: it lints each version of the editor's text with an
:class:`~msgtemplate.lint.incremental.IncrementalLinter` (the findings are exactly
what :func:`msgtemplate.lint.lint_text`, and ``msgtemplate lint`` on the saved file,
report, ``# noqa`` and ``[tool.msgtemplate.lint]`` included; only the templates
whose lines changed are linted again), and keeps what hover and completion need:
the pack around a line (:meth:`Analysis.pack_at`). :func:`analyse` lints one text once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from msgtemplate.document.source import Format, format_for
from msgtemplate.lint import LintConfig, LintConfigError, all_rules, load_config
from msgtemplate.lint.incremental import IncrementalLinter, Linted
from msgtemplate.lsp.positions import LineIndex, Units, utf16_units

if TYPE_CHECKING:
    from msgtemplate.lint import Finding, LintModel
    from msgtemplate.pack import Pack

_BY_LANGUAGE: dict[str, Format] = {"yaml": "yaml", "json": "json", "jsonc": "json"}


@dataclass(frozen=True, slots=True)
class Analysis:
    """The result of linting one version of one document."""

    uri: str
    version: int | None
    path: str
    """The path the text was linted as (a file URI's path, or a made-up name)."""
    fmt: Format
    index: LineIndex
    findings: tuple[Finding, ...]
    linted: Linted
    settings_error: str | None = None
    """Why ``[tool.msgtemplate.lint]`` could not be used (defaults were)."""

    @property
    def text(self) -> str:
        return self.index.text

    @property
    def model(self) -> LintModel | None:
        """The whole text's lint model, when this version was linted whole."""
        return self.linted.model

    def pack_at(self, line: int) -> Pack | None:
        """A pack holding the template at ``line`` (1-based, as the parser counts) as
        the whole pack does: ``pack_at(line).template_at(line)`` is that template."""
        model = self.linted.model_at(line)
        return model.pack if model is not None else None


def analyse(
    uri: str,
    text: str,
    version: int | None = None,
    language_id: str | None = None,
    units: Units = utf16_units,
) -> Analysis:
    """Lint ``text``, the contents of the document at ``uri``, as it is now."""
    return Analyser(uri, language_id, units).analyse(text, version)


class Analyser:
    """Analyses successive versions of the document at ``uri``, linting again only
    the templates whose lines changed (not thread-safe: one caller at a time)."""

    def __init__(
        self, uri: str, language_id: str | None = None, units: Units = utf16_units
    ) -> None:
        self.uri = uri
        self.units = units
        self.path, self.fmt, self.folder = _where(uri, language_id)
        self.linter: IncrementalLinter | None = None
        self.index: LineIndex | None = None
        """The last version's line index (the next one is made from it)."""

    def analyse(self, text: str, version: int | None = None) -> Analysis:
        """Lint ``text``, the document as it is now (settings read again each time)."""
        text = text.removeprefix("\ufeff")  # editors hide a BOM; the parser drops it too
        config, error = _settings(self.folder)
        if self.linter is None or self.linter.config != config:
            self.linter = IncrementalLinter(self.path, config)
        linted = self.linter.lint(text)
        self.index = LineIndex.after_edit(self.index, text, self.fmt, self.units)
        return Analysis(
            uri=self.uri,
            version=version,
            path=self.path,
            fmt=self.fmt,
            index=self.index,
            findings=linted.findings,
            linted=linted,
            settings_error=error,
        )


def _where(uri: str, language_id: str | None) -> tuple[str, Format, Path | None]:
    """The path to lint as, its format, and the folder to look for settings from."""
    parsed = urlparse(uri)
    folder: Path | None = None
    if parsed.scheme == "file":
        path = unquote(parsed.path)
        if os.name == "nt" and path[:1] == "/" and path[2:3] == ":":  # pragma: no cover
            path = path[1:]
        folder = Path(path).parent
    else:  # untitled:, git:, vscode-notebook-cell:... : no file, no settings
        path = os.path.basename(unquote(parsed.path)) or "untitled"
    fmt = format_for(path) or _BY_LANGUAGE.get(language_id or "", "yaml")
    if format_for(path) is None:
        path = f"{path}.{fmt}"
    return path, fmt, folder


def _settings(folder: Path | None) -> tuple[LintConfig, str | None]:
    """``[tool.msgtemplate.lint]`` for a file in ``folder``, as ``lint`` would use it
    from there; an editor never wants MT004 for YAML that is not a pack."""
    error = None
    try:
        config = load_config(folder) if folder is not None else LintConfig()
        config = config.validated(rule.code for rule in all_rules())
    except LintConfigError as exc:
        config, error = LintConfig(), str(exc)
    return _for_editor(config), error


def _for_editor(config: LintConfig) -> LintConfig:
    from dataclasses import replace

    return replace(config, skip_unknown=True)
