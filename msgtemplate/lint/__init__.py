"""The linter: rules over packs and request bodies, a runner, and reporters.

``lint_paths(paths, config)`` lints files and folders and ``lint_text(text, path,
config)`` an in-memory document (an editor's buffer); both return a
:class:`LintResult`, which the reporters in :mod:`msgtemplate.lint.reporters` turn
into text, JSON, SARIF or GitHub commands. ``load_config(start)`` reads
``[tool.msgtemplate.lint]`` from the nearest ``pyproject.toml``.

Each document is read once into a :class:`LintModel` (:func:`build_model`); rules
live one family per module (``document``, ``body``, ``structure``, ``placeholders``,
``locales``, ``limits``, ``text``), each reading that model and yielding findings, in
any order; every rule is a row of the table in :mod:`msgtemplate.lint.registry`
(see :func:`all_rules`).
"""

from msgtemplate.lint.config import LintConfig, LintConfigError, load_config
from msgtemplate.lint.findings import Finding, Rule, Severity
from msgtemplate.lint.model import LintModel, build_model
from msgtemplate.lint.registry import all_rules
from msgtemplate.lint.runner import LintResult, check_model, lint_document, lint_paths, lint_text

__all__ = [
    "Finding",
    "LintConfig",
    "LintConfigError",
    "LintModel",
    "LintResult",
    "Rule",
    "Severity",
    "all_rules",
    "build_model",
    "check_model",
    "lint_document",
    "lint_paths",
    "lint_text",
    "load_config",
]
