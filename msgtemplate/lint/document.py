"""Rules about the file itself: it must read, parse, and hold no duplicate keys."""

from __future__ import annotations

from collections.abc import Iterator

from msgtemplate.document.source import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
)
from msgtemplate.lint.findings import Finding
from msgtemplate.lint.model import LintModel
from msgtemplate.lint.registry import define

INVALID_SYNTAX = define(
    "MT001",
    "invalid-syntax",
    "error",
    "The file is not valid YAML or JSON (reported at the parser's line and column).",
    rationale=f"""
Nothing else can be checked in a file that does not parse, and a broken pack breaks
every tool that loads it. Aliases (`*name`) and nesting deeper than {MAX_DEPTH}
levels are refused too: aliases can expand without bound ("billion laughs").
""",
    example="""
templates:
  - code: TP_1
    content: {en-US: {body: "Hi"}   # missing '}'
""",
)

DUPLICATE_KEY = define(
    "MT002",
    "duplicate-key",
    "error",
    "A mapping repeats a key; YAML and JSON loaders silently keep the last one.",
    rationale="""
Which value wins depends on the loader, and the first value is lost without a word:
a translator's fix or a limit can vanish. Each key must appear once.
""",
    example="""
content:
  en-US: {body: "Hello ${name}"}
  en-US: {body: "Hi ${name}"}
""",
)

UNREADABLE_FILE = define(
    "MT003",
    "unreadable-file",
    "error",
    "The file is not UTF-8 text, contains NUL bytes, or is larger than the "
    f"{MAX_FILE_BYTES / 2**20:g} MiB cap.",
    rationale="""
Packs and request bodies are small UTF-8 text files. Anything else is refused before
parsing so that a stray binary or a huge file cannot stall the linter or CI.
""",
    example="""
(a file saved as UTF-16, or an image renamed to templates.yaml)
""",
)

NOT_A_PACK = define(
    "MT004",
    "not-a-pack",
    "error",
    "A file named on the command line is neither a pack nor a request body.",
    rationale="""
A pack has top-level `format` and `templates`; a request body has `templateCode` and
`templates`. A file named explicitly that is neither was probably misnamed or has a
misspelt top-level key, so it is reported instead of silently passing. (Files found by
searching a directory, and files skipped with `--skip-unknown`, are not reported.)
""",
    example="""
# messages.yaml
formt: 1
templates: []
""",
)


def check(model: LintModel) -> Iterator[Finding]:
    """Report every duplicate key anywhere in the document."""
    if not model.document.repeated_keys:
        return
    for repeated, first in _duplicates(model.document.root):
        yield model.finding(
            DUPLICATE_KEY,
            repeated.line,
            repeated.column,
            f"duplicate key {repeated.text!r} (first defined at line {first.line}); "
            "loaders keep only the last value",
        )


def _duplicates(root: Node | None) -> Iterator[tuple[ScalarNode, ScalarNode]]:
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            yield from node.duplicates()
            stack.extend(value for _, value in reversed(node.items))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.items))
