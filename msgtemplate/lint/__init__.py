"""The linter: rules over packs and request bodies, a runner, and reporters.

``lint_paths(paths, config)`` returns a :class:`LintResult`; the reporters in
:mod:`msgtemplate.lint.reporters` turn it into text, JSON, SARIF or GitHub commands.
Rules live one family per module (``document``, ``body``, ``structure``,
``placeholders``, ``locales``, ``limits``, ``text``, ``examples``); see
:func:`all_rules`.
"""

from msgtemplate.lint.config import LintConfig, LintConfigError, load_config
from msgtemplate.lint.findings import Finding, Rule, Severity
from msgtemplate.lint.registry import all_rules
from msgtemplate.lint.runner import LintResult, lint_document, lint_paths

__all__ = [
    "Finding",
    "LintConfig",
    "LintConfigError",
    "LintResult",
    "Rule",
    "Severity",
    "all_rules",
    "lint_document",
    "lint_paths",
    "load_config",
]
