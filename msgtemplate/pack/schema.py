"""The shape of a pack, declared once as data, and the one function that checks it.

:data:`PACK` says which keys each level of a pack has, which are required and what
JSON type each value is. :func:`check_structure` walks a :class:`~msgtemplate.source.Document`
against it and returns every shape problem (missing, unknown, duplicate keys, wrong
types, values outside a fixed set) with its position. ``read_pack`` and the linter
both rely on it; what a value *means* (locales, parameter options, template syntax)
is checked by the pack reader, not here.

Strings in YAML: a plain scalar such as ``no``, ``1.50`` or ``2026-11-28`` is read
as the text written (``defaultLocale: no`` is Norwegian, not ``False``); only
``null`` (``~``, or nothing) is refused where a string is expected. JSON is strict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from msgtemplate import spec
from msgtemplate.pack.problems import PackProblem
from msgtemplate.source import (
    Document,
    MappingNode,
    Node,
    Pointer,
    ScalarNode,
    SequenceNode,
)
from msgtemplate.suggest import did_you_mean

ValueType = Literal["mapping", "list", "string", "integer", "any"]


@dataclass(frozen=True, slots=True)
class Field:
    """What one value must be.

    ``keys``: the fixed keys of a mapping; ``values``: what every value of a
    mapping with free keys (locales, parameter names) must be; ``items``: what every
    item of a list must be; ``choices``: the allowed values, reported as
    ``choice_kind`` otherwise.
    """

    type: ValueType
    required: bool = False
    keys: Shape | None = None
    values: Field | None = None
    items: Field | None = None
    choices: tuple[object, ...] = ()
    choice_kind: str = ""
    doc: str = ""


@dataclass(frozen=True, slots=True)
class Shape:
    """A mapping with fixed keys; ``name`` is how messages call it ("template")."""

    name: str
    fields: Mapping[str, Field] = field(default_factory=dict)


SOURCE_HASH: Final = Shape(
    "sourceHash",
    {
        "title": Field("string", doc="hash of the defaultLocale title this title translates"),
        "body": Field("string", doc="hash of the defaultLocale body this body translates"),
    },
)

VARIANT: Final = Shape(
    "variant",
    {
        "title": Field("string", doc="optional title template"),
        "body": Field("string", required=True, doc="the message template"),
        "sourceHash": Field(
            "mapping",
            keys=SOURCE_HASH,
            doc="which defaultLocale texts this translation was made from (short "
            "SHA-256 hashes, written by `msgtemplate import`); a changed source makes "
            "the translation stale",
        ),
    },
)

TEMPLATE: Final = Shape(
    "template",
    {
        "code": Field("string", required=True, doc="the portal's templateCode; unique"),
        "name": Field("string", doc="a human label"),
        "channel": Field(
            "string",
            required=True,
            choices=spec.CHANNELS,
            choice_kind="bad-channel",
            doc=" | ".join(spec.CHANNELS),
        ),
        "redirectUrl": Field("string", doc="page opened when tapped (required for PUSH, INBOX)"),
        # Parameter options are formatting's to define (parse_parameter_spec checks
        # them); here a declaration only has to be a mapping.
        "parameters": Field("mapping", values=Field("mapping"), doc="name -> declaration"),
        "content": Field(
            "mapping",
            required=True,
            values=Field("mapping", keys=VARIANT),
            doc="locale tag -> variant",
        ),
    },
)

PACK: Final = Shape(
    "pack",
    {
        "format": Field("integer", required=True, choices=(1,), choice_kind="bad-format-version"),
        "defaultLocale": Field("string", required=True, doc="every template has content in it"),
        "appId": Field("string", doc="default appId for request bodies"),
        "templates": Field("list", required=True, items=Field("mapping", keys=TEMPLATE)),
    },
)

ROOT: Final = Field("mapping", required=True, keys=PACK)


def check_structure(document: Document) -> list[PackProblem]:
    """Every shape problem of ``document``, in file order."""
    root = document.root
    if root is None:
        return [
            PackProblem(
                "empty-document",
                "the file is empty; a pack needs format, defaultLocale and templates",
                1,
                1,
                (),
            )
        ]
    problems = list(_duplicates(root, ()))
    problems.extend(_check(root, ROOT, (), document.format == "json"))
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


def string_value(node: Node | None, strict: bool) -> str | None:
    """The text of a string-typed value, or None when it is not one.

    ``strict`` (JSON): only real strings. YAML: any non-null scalar, as written.
    """
    if not isinstance(node, ScalarNode):
        return None
    if isinstance(node.value, str):
        return node.value
    if strict or node.value is None:
        return None
    return node.text


def describe(node: Node) -> str:
    """``a mapping``, ``a list``, ``null``, ``an integer``... for messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    value = node.value if isinstance(node, ScalarNode) else None
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dt.datetime):
        return "a datetime"
    if isinstance(value, dt.date):
        return "a date"
    return f"a {type(value).__name__} value"


_EXPECTED: Final[dict[str, str]] = {
    "mapping": "a mapping",
    "list": "a list",
    "string": "a string",
    "integer": "an integer",
}


def _type_ok(node: Node, expected: ValueType, strict: bool) -> bool:
    if expected == "any":
        return True
    if expected == "mapping":
        return isinstance(node, MappingNode)
    if expected == "list":
        return isinstance(node, SequenceNode)
    if expected == "string":
        return string_value(node, strict) is not None
    value = node.value if isinstance(node, ScalarNode) else None
    return isinstance(value, int) and not isinstance(value, bool)


def _check(node: Node, spec_: Field, pointer: Pointer, strict: bool) -> Iterator[PackProblem]:
    if not _type_ok(node, spec_.type, strict):
        where = f" for {pointer[-1]!r}" if pointer and isinstance(pointer[-1], str) else ""
        yield PackProblem(
            "wrong-type",
            f"expected {_EXPECTED[spec_.type]}{where}, got {describe(node)}",
            node.line,
            node.column,
            pointer,
        )
        return
    if spec_.choices:
        value = _comparable(node, strict)
        if value not in spec_.choices:
            yield _bad_choice(node, spec_, pointer, value)
    if isinstance(node, MappingNode):
        if spec_.keys is not None:
            yield from _check_keys(node, spec_.keys, pointer, strict)
        if spec_.values is not None:
            last = {key.text: index for index, (key, _) in enumerate(node.items)}
            for index, (key, value_node) in enumerate(node.items):
                if last[key.text] == index:
                    yield from _check(value_node, spec_.values, (*pointer, key.text), strict)
    if isinstance(node, SequenceNode) and spec_.items is not None:
        for index, item in enumerate(node.items):
            yield from _check(item, spec_.items, (*pointer, index), strict)


def _check_keys(
    node: MappingNode, shape: Shape, pointer: Pointer, strict: bool
) -> Iterator[PackProblem]:
    present = set(node.keys())
    for name, declared in shape.fields.items():
        if declared.required and name not in present:
            yield PackProblem(
                "missing-key",
                f"missing required key {name!r} in {shape.name}",
                node.line,
                node.column,
                pointer,
            )
    # Loaders keep the last of duplicate keys, and so does the reader: check that one
    # (the duplicate itself is reported once, by _duplicates).
    last = {key.text: index for index, (key, _) in enumerate(node.items)}
    for index, (key, value) in enumerate(node.items):
        if last[key.text] != index:
            continue
        field_ = shape.fields.get(key.text)
        if field_ is None:
            hint = did_you_mean(key.text, shape.fields)
            if not hint:
                hint = f" (expected: {', '.join(shape.fields)})"
            yield PackProblem(
                "unknown-key",
                f"unknown key {key.text!r} in {shape.name}{hint}",
                key.line,
                key.column,
                (*pointer, key.text),
            )
        else:
            yield from _check(value, field_, (*pointer, key.text), strict)


def _comparable(node: Node, strict: bool) -> object:
    if isinstance(node, ScalarNode) and isinstance(node.value, int):
        return node.value
    return string_value(node, strict)


def _bad_choice(node: Node, spec_: Field, pointer: Pointer, value: object) -> PackProblem:
    name = pointer[-1] if pointer else "value"
    allowed = ", ".join(str(c) for c in spec_.choices)
    if spec_.choice_kind == "bad-format-version":
        message = f"unsupported format {value!r}; this version of msgtemplate reads format 1"
    else:
        hint = did_you_mean(str(value), [str(c) for c in spec_.choices])
        message = f"{name} must be one of {allowed}, got {value!r}{hint}"
    return PackProblem(spec_.choice_kind, message, node.line, node.column, pointer)


def _duplicates(node: Node, pointer: Pointer) -> Iterator[PackProblem]:
    if isinstance(node, MappingNode):
        for repeated, first in node.duplicates():
            yield PackProblem(
                "duplicate-key",
                f"duplicate key {repeated.text!r} (first at line {first.line}, column "
                f"{first.column}); YAML and JSON loaders would silently keep the last",
                repeated.line,
                repeated.column,
                (*pointer, repeated.text),
            )
        for key, value in node.items:
            yield from _duplicates(value, (*pointer, key.text))
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.items):
            yield from _duplicates(item, (*pointer, index))
