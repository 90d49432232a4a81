"""The template language: ``${name}`` placeholders, parsed by the grammar in
``grammar/template.lark`` and compiled to fast, thread-safe render functions.

``syntax`` parses (AST nodes, syntax errors, the grammar's loading), ``compiled``
turns nodes into render functions; ``_scanner`` and ``_render_shapes`` are generated
by ``_generate`` (``make generate``). Every other part of msgtemplate reads placeholders
through this package, never through a pattern of its own.
"""

from msgtemplate.template.compiled import MissingParameterError, Template, escape
from msgtemplate.template.syntax import Node, Placeholder, TemplateSyntaxError, Text, parse

__all__ = [
    "MissingParameterError",
    "Node",
    "Placeholder",
    "Template",
    "TemplateSyntaxError",
    "Text",
    "escape",
    "parse",
]
