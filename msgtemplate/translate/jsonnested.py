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

    Only the last ``.`` splits a title or body id (a code never holds one:
    ``split_unit_id``); a forms id nests as ``CODE`` > ``forms`` > ``eta_few``, or
    ``CODE`` > ``forms`` > ``method`` > ``card`` (the value or ``=N`` kept whole), as
    i18next looks them up. A key that would land where another key already is (a
    leaf and an object of one name) stays flat. A file read back gives the same ids.
    """
    out: dict[str, object] = {}
    for key, value in flat.items():
        path = _path(key)
        group: dict[str, object] | None = out
        for part in path[:-1]:
            assert group is not None
            inner = group.setdefault(part, {})
            group = inner if isinstance(inner, dict) else None
            if group is None:
                break
        if group is None or path[-1] in group or (len(path) > 1 and key in out):
            out[key] = value  # a clash: flat and nested keys may mix in one file
            continue
        group[path[-1]] = value
    return out


def _path(key: str) -> list[str]:
    code, mark, rest = key.partition(".forms.")
    if mark and code and rest:
        name, dot, form = rest.partition(".")
        return [code, "forms", name, form] if dot else [code, "forms", name]
    code, dot, field = key.rpartition(".")
    return [code, field] if dot else [key]


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
