"""Nested JSON: ``{"CODE": {"title": "...", "body": "..."}}``, the shape i18next (v4,
``keySeparator: "."``) and translate-toolkit's nested JSON writers produce from flat
``CODE.title`` keys, and what ``export --json-style nested`` writes.

A unit id is its path of keys joined with ``.``; flat keys and nested objects may mix
in one file (``{"CODE.title": "...", "CODE": {"body": "..."}}``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from msgtemplate.document.source import MappingNode, Node, ScalarNode

MAX_DEPTH: Final = 16
"""Deepest nesting read: a unit id is a template code and a field, so real files nest
two levels (three when a tool splits codes too); anything deeper is refused."""


def nest(flat: Mapping[str, str]) -> dict[str, object]:
    """``{"CODE.title": t}`` -> ``{"CODE": {"title": t}}``, keys in the given order.

    Only the last ``.`` splits (a code never holds one: ``split_unit_id``), so a
    file read back gives the same unit ids.
    """
    out: dict[str, object] = {}
    for key, value in flat.items():
        code, dot, field = key.rpartition(".")
        if not dot:
            out[key] = value
            continue
        group = out.setdefault(code, {})
        assert isinstance(group, dict)
        group[field] = value
    return out


def leaves(
    node: MappingNode, prefix: str = "", depth: int = 0
) -> Iterator[tuple[str, Node, ScalarNode]]:
    """Every ``(unit id, value node, key node)`` of a flat or nested object, in file
    order; a value that is neither text nor an object is yielded for the caller to
    refuse. Raises ValueError (with the key node) beyond :data:`MAX_DEPTH`."""
    for key, value in node.items:
        unit = f"{prefix}.{key.text}" if prefix else key.text
        if isinstance(value, MappingNode):
            if depth + 1 >= MAX_DEPTH:
                raise NestingError(key)
            yield from leaves(value, unit, depth + 1)
        else:
            yield unit, value, key


class NestingError(ValueError):
    """Objects nested deeper than :data:`MAX_DEPTH` (``key`` is where it went too far)."""

    def __init__(self, key: ScalarNode) -> None:
        super().__init__(f"objects nested more than {MAX_DEPTH} levels deep")
        self.key = key
