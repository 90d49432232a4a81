"""The template scanner's regex, generated from ``grammar/template.lark`` by
``python -m msgtemplate.template._generate``; do not edit.
"""

from typing import Final

PATTERN: Final = '(?P<PLACEHOLDER>\\$\\{[A-Za-z_][A-Za-z0-9_]*\\})|(?P<TEXT>[^$]+)|(?P<ESCAPED_DOLLAR>\\$\\$)|(?P<LONE_DOLLAR>\\$(?![{$]))'
PLACEHOLDER: Final = '\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}'
