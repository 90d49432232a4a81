"""The template scanner's regex, generated from ``grammar/template.lark`` by
``python -m msgtemplate.template._generate``; do not edit.
"""

from typing import Final

PATTERN: Final = '(?P<PLACEHOLDER>\\$\\{[A-Za-z_][A-Za-z0-9_]*\\})|(?P<TEXT>[^$]+)|(?P<ESCAPED_DOLLAR>\\$\\$)|(?P<LONE_DOLLAR>\\$(?![{$]))'
"""Every terminal of the grammar, one named group each, in the lexer's order."""

PLACEHOLDER: Final = '\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}'
"""One ``${name}`` (the ``PLACEHOLDER`` terminal)."""

NAME: Final = '[A-Za-z_][A-Za-z0-9_]*'
"""A placeholder's name."""
