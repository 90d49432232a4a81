"""Parameter examples must be valid values of their own declared type.

The check itself is the pack reader's (it calls ``formatting.coerce_value`` on each
``example`` and reports ``bad-example``); this module owns the rule it maps to.
"""

from __future__ import annotations

from msgtemplate.lint.registry import rule_for

# The rules this family reports: rows of msgtemplate.lint.registry.RULES.
INVALID_EXAMPLE = rule_for("MT701")
