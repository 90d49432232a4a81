"""The values a review card renders with: the examples, and the longest values.

The example case is what ``msgtemplate preview`` shows. The longest case puts every
parameter at its longest so overflow shows: a string at its ``maxLength`` (its
example repeated, or ``W``, the widest Latin letter), a number at nine digits, a
date in September on a Wednesday (the longest month and weekday names in many
languages) at the end of the day. A string without ``maxLength`` keeps its example:
it has no longest value, which lint's MT504 and the budget bars point out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from msgtemplate.formatting import ParameterSpec

NINE_DIGITS: Final = 999_999_999
LONG_DATE: Final = "2026-09-30"  # a Wednesday in September
LONG_DATETIME: Final = "2026-09-30T23:59:59+00:00"
LONG_TIME: Final = "23:59:59"

_LONGEST: Final[dict[str, object]] = {
    "integer": NINE_DIGITS,
    "number": NINE_DIGITS,
    "currency": NINE_DIGITS,
    "percent": "9999999.99",  # shown as 999,999,999%
    "date": LONG_DATE,
    "datetime": LONG_DATETIME,
    "time": LONG_TIME,
    "count": NINE_DIGITS,
}


def example_values(parameters: Mapping[str, ParameterSpec]) -> dict[str, object]:
    """Each parameter's ``example`` (those without one are left out: rendering then
    names the missing value, which the card shows)."""
    return {name: p.example for name, p in parameters.items() if p.example is not None}


def longest_values(parameters: Mapping[str, ParameterSpec]) -> dict[str, object]:
    """Each parameter at its longest value (see the module's docstring)."""
    values: dict[str, object] = {}
    for name, p in parameters.items():
        value = longest_value(p)
        if value is not None:
            values[name] = value
    return values


def longest_value(p: ParameterSpec) -> object:
    if p.type == "string":
        if p.max_length is None:
            return p.example
        seed = p.example if isinstance(p.example, str) and p.example else "W"
        return (seed * (p.max_length // len(seed) + 1))[: p.max_length]
    return _LONGEST.get(p.type, p.example)
