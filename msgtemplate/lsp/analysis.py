"""One open document, linted: its findings, its pack model and its line index.

:func:`analyse` is everything the server does per change, and nothing here knows
about LSP messages: it lints the editor's text with :func:`msgtemplate.lint.lint_text`
(so diagnostics are exactly what ``msgtemplate lint`` reports for the saved file,
``# noqa`` and ``[tool.msgtemplate.lint]`` included) and keeps the model that run
built, for hover and completion.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from msgtemplate.document.source import Format, format_for
from msgtemplate.lint import LintConfig, LintConfigError, all_rules, lint_text, load_config
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
    model: LintModel | None
    """The lint model (pack and problems) when the text is a pack or a request body."""
    settings_error: str | None = None
    """Why ``[tool.msgtemplate.lint]`` could not be used (defaults were)."""

    @property
    def text(self) -> str:
        return self.index.text

    @property
    def pack(self) -> Pack | None:
        return self.model.pack if self.model is not None else None


def analyse(
    uri: str,
    text: str,
    version: int | None = None,
    language_id: str | None = None,
    units: Units = utf16_units,
) -> Analysis:
    """Lint ``text``, the contents of the document at ``uri``, as it is now."""
    text = text.removeprefix("\ufeff")  # editors hide a BOM; the parser drops it too
    path, fmt, folder = _where(uri, language_id)
    config, error = _settings(folder)
    result = lint_text(text, path, config)
    return Analysis(
        uri=uri,
        version=version,
        path=path,
        fmt=fmt,
        index=LineIndex(text, fmt, units),
        findings=tuple(result.findings),
        model=result.models.get(path),
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
