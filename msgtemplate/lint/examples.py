"""Parameter examples must be valid values of their own declared type.

The check itself is the pack reader's (it calls ``formatting.coerce_value`` on each
``example`` and reports ``bad-example``); this module owns the rule it maps to.
"""

from __future__ import annotations

from msgtemplate.lint.registry import define

INVALID_EXAMPLE = define(
    "MT701",
    "invalid-example",
    "error",
    "A parameter's `example` is not a valid value of the parameter's own type.",
    rationale="""
Examples feed `preview` and documentation; an example that fails its own type (a date
that is not a date, a string longer than maxLength) means the declaration or the
example is wrong, and preview would fail on it.
""",
    example="""
    parameters:
      paidOn: {type: date, example: tomorrow}
""",
)
