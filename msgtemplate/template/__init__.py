"""The template language: ``${name}`` placeholders, parsed by the grammar in
``grammar/template.lark`` and compiled to fast, thread-safe render functions.

``syntax`` parses (AST nodes, syntax errors, the grammar's loading), ``compiled``
turns nodes into render functions; ``_scanner`` and ``_render_shapes`` are generated
by ``_generate`` (``make generate``). Every other part of msgtemplate reads placeholders
through this package (:func:`scanner`, the one placeholder pattern, and the helpers
:func:`placeholders_in`, :func:`placeholder_name`, :func:`open_placeholder`), never
through a pattern of its own.
"""

from msgtemplate.template.compiled import MissingParameterError, Template, escape
from msgtemplate.template.syntax import (
    NAME_PATTERN,
    PLACEHOLDER_REGEX,
    Node,
    Placeholder,
    TemplateSyntaxError,
    Text,
    open_placeholder,
    parse,
    placeholder_name,
    placeholders_in,
    scanner,
)

__all__ = [
    "NAME_PATTERN",
    "PLACEHOLDER_REGEX",
    "MissingParameterError",
    "Node",
    "Placeholder",
    "Template",
    "TemplateSyntaxError",
    "Text",
    "escape",
    "open_placeholder",
    "parse",
    "placeholder_name",
    "placeholders_in",
    "scanner",
]
