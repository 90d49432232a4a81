"""Checks on one imported translation, in a translator's terms.

Before anything is written, every imported text must parse as a template
(:mod:`msgtemplate.template.syntax`, as ``invalid-template-syntax`` MT301), use exactly the
placeholders of its source text (reordering allowed; stricter than the linter's
MT305/MT306 warnings, because a translation must not lose or invent a value) and
hold no bidirectional control (:mod:`msgtemplate._text.charsets`, as MT602) nor any
control character but a line break or a tab (as MT604), and begin and end with a
line break exactly when the source does (gettext's rule, MT901). Invisible
characters are warnings, as MT603 is. What the linter checks beyond these (API
and maxLength-driven limits, empty bodies...) the import runs the linter itself
for, on the pack as it would be written.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from msgtemplate._text.charsets import controls, describe, describe_control, hidden
from msgtemplate._text.suggest import closest
from msgtemplate.lint.quality_text import newline_edges_differ
from msgtemplate.template.compiled import Template
from msgtemplate.template.syntax import TemplateSyntaxError


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with a translation (``error`` refuses it)."""

    severity: Literal["error", "warning"]
    message: str


def check_translation(source: str, target: str, declared: Collection[str]) -> list[Problem]:
    """Every problem of ``target`` as the translation of ``source``.

    ``declared`` are the template's parameter names (for a kinder message when a
    translation uses one the source text does not).
    """
    problems = [
        Problem(
            "error" if kind == "bidi" else "warning",
            f"holds a {describe(target[index])}; remove it",
        )
        for index, kind in hidden(target)
    ]
    # Escape sequences and bells never reach a pack, nor later a terminal or a phone.
    problems[:0] = [
        Problem("error", f"holds a {describe_control(char)}; remove it")
        for char in dict.fromkeys(target[index] for index in controls(target))
    ][:3]
    edge = newline_edges_differ(source, target)
    if edge is not None:
        problems.append(Problem("error", edge))
    try:
        template = Template(target)
    except TemplateSyntaxError as exc:
        problems.insert(0, Problem("error", exc.message))
        return problems
    wanted = _names(source)
    have = template.placeholders
    missing = [name for name in wanted if name not in have]
    if missing:
        problems.append(Problem("error", f"drops {_listed(missing)}"))
    for name in (n for n in have if n not in wanted):
        problems.append(Problem("error", _adds(name, wanted, declared)))
    return problems


def _names(text: str) -> tuple[str, ...]:
    try:
        return Template(text).placeholders
    except TemplateSyntaxError:  # a pack that loaded has none; be total
        return ()


def _listed(names: list[str]) -> str:
    shown = [f"${{{n}}}" for n in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _adds(name: str, wanted: tuple[str, ...], declared: Collection[str]) -> str:
    guess = closest(name, wanted)
    if guess is not None:
        return f"adds ${{{name}}}: did you mean ${{{guess}}}?"
    if name in declared:
        return f"adds ${{{name}}}, which the source text does not use"
    hint = closest(name, declared)
    also = f" (did you mean ${{{hint}}}?)" if hint is not None else ""
    return f"adds ${{{name}}}, which is no parameter of this template{also}"
