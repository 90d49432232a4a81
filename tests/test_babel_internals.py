"""The Babel internals formatting/babel_patterns.py reads: checked, capped, with a fallback.

When a new Babel changes one of them, the first test here fails with a line naming
it (not a wrong number somewhere in a property test), and formatting still gives
Babel's own output through its public functions.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import types
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import babel
import babel.dates
import babel.numbers
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.requirements import Requirement
from packaging.version import Version

from msgtemplate.formatting import STYLES, coerce_value, parse_parameter_spec
from msgtemplate.formatting.babel_patterns import check_internals, internals_problems
from msgtemplate.formatting.compiled import _renderer, public_renderer


def test_babel_internals_have_the_shape_the_compiled_patterns_read() -> None:
    problems = internals_problems()
    assert not problems, (
        f"Babel {babel.__version__} changed internals that "
        "msgtemplate/formatting/babel_patterns.py reads (formatting falls back to "
        "Babel's public functions until it is updated):\n  " + "\n  ".join(problems)
    )


def test_installed_babel_is_inside_the_tested_cap() -> None:
    [babel_req] = [
        Requirement(r)
        for r in importlib.metadata.requires("msgtemplate") or []
        if Requirement(r).name.lower() == "babel"
    ]
    assert any(spec.operator == "<" for spec in babel_req.specifier), (
        f"{babel_req}: babel_patterns.py reads Babel internals, so Babel needs a tested cap"
    )
    assert Version(babel.__version__) in babel_req.specifier


def _altered(module: types.ModuleType, **changes: object) -> Any:
    return types.SimpleNamespace(**{**vars(module), **changes})


class _Pattern:
    """A NumberPattern as a future Babel might shape it: one field renamed."""

    def __init__(self, real: babel.numbers.NumberPattern) -> None:
        self.__dict__.update(vars(real))
        self.grouping_sizes = self.__dict__.pop("grouping")

    def apply(self, value: Decimal, locale: object, currency: str | None = None) -> str:
        return ""


class _Locale(babel.Locale):
    @property
    def decimal_formats(self) -> Any:
        return {None: _Pattern(super().decimal_formats[None])}


def test_a_changed_internal_is_named() -> None:
    problems = check_internals(
        _altered(babel.numbers, get_decimal_quantum=lambda precision: Decimal(1)),
        _altered(babel.dates, tokenize_pattern=lambda pattern: [{"field": "H"}]),
        _Locale("en"),
    )
    assert [line.split(":")[0] for line in problems] == [
        "babel.numbers.NumberPattern.grouping",
        "babel.numbers.get_decimal_quantum(2)",
        "babel.dates.tokenize_pattern('HH",
    ]
    assert "raised AttributeError" in problems[0]
    assert "got Decimal('1')" in problems[1]


_CASES = st.sampled_from(
    [
        ({"type": "integer"}, -1234567),
        ({"type": "number"}, "-1234.5678"),
        ({"type": "percent"}, 0.256),
        ({"type": "currency", "currency": "JPY"}, 1234.5),
        ({"type": "currency", "currency": "KWD"}, "-0.0005"),
        *(({"type": "date", "style": s}, "2026-11-28") for s in STYLES),
        *(
            ({"type": t, "style": s, "timezone": "Asia/Kolkata"}, "2026-03-08T01:30:00-05:00")
            for t in ("datetime", "time")
            for s in STYLES
        ),
        ({"type": "time", "timezone": "Europe/Berlin"}, dt.time(23, 59, 59)),
        (
            {"type": "datetime", "timezone": "Australia/Lord_Howe"},
            dt.datetime(2026, 10, 3, 15, 45, tzinfo=ZoneInfo("UTC")),
        ),
    ]
)


@settings(max_examples=80, deadline=None)
@given(_CASES, st.sampled_from(["en-US", "de-CH", "hi", "ar", "th", "fa", "ja", "ko"]))
def test_the_fallback_gives_what_the_compiled_patterns_give(
    case: tuple[dict[str, object], object], tag: str
) -> None:
    options, value = case
    spec = parse_parameter_spec("p", options)
    locale = babel.Locale.parse(tag, sep="-")
    typed = coerce_value(spec, value)
    assert public_renderer(spec, locale)(typed) == _renderer(spec, locale)(typed)
