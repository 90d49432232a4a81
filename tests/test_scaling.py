"""Hostile sizes stay linear: a body with tens of thousands of placeholders costs
seconds, not minutes (issue: Template construction and lint were quadratic).

No wall-clock limits: each check times the same work for n and 4n placeholders
(best of several runs, interleaved) and asserts the ratio stays far from the 16 a
quadratic step gives. Linear work measures about 4.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from msgtemplate import Template
from msgtemplate.lint import lint_paths
from msgtemplate.lint.reporters import render_text
from msgtemplate.template.compiled import _cached, _code_for

RATIO = 9.0
"""Generous: linear measures ~4 on a quiet machine, quadratic ~16."""


def growth(work: Callable[[int], object], n: int, rounds: int = 5) -> float:
    """Best time for ``work(4 * n)`` over best time for ``work(n)``, runs interleaved."""
    best = {n: float("inf"), 4 * n: float("inf")}
    for _ in range(rounds):
        for size, so_far in best.items():
            start = time.perf_counter()
            work(size)
            best[size] = min(so_far, time.perf_counter() - start)
    return best[4 * n] / best[n]


def text_with(count: int) -> str:
    return "".join(f"<{i}>${{p{i % 40}}}" for i in range(count))


def test_template_construction_is_linear() -> None:
    def construct(count: int) -> None:
        _cached.cache_clear()
        _code_for.cache_clear()  # the whole cost of a new text, code included
        Template(text_with(count))

    assert growth(construct, 3000) < RATIO


def test_rendering_a_huge_template_is_linear_and_right() -> None:
    values = {f"p{i}": i for i in range(40)}
    templates = {n: Template(text_with(n)) for n in (3000, 12000)}
    assert growth(lambda n: templates[n].render(values), 3000) < RATIO
    assert templates[3000].render(values) == "".join(f"<{i}>{i % 40}" for i in range(3000))


def big_pack(count: int) -> str:
    # One double-quoted line holding `count` undeclared placeholders: one finding,
    # one file position and one source excerpt per placeholder.
    body = "".join(f"x ${{p{i}}}" for i in range(count))
    return (
        "format: 1\ndefaultLocale: en-US\nappId: '2188000000000001'\ntemplates:\n"
        "  - code: TP_BIG\n    name: Big\n    channel: PUSH\n    redirectUrl: /p\n"
        f'    content:\n      en-US:\n        title: t\n        body: "{body}"\n'
    )


@pytest.mark.slow
def test_lint_of_a_body_with_thousands_of_placeholders_is_linear(tmp_path: Path) -> None:
    paths = {}
    for count in (1500, 6000):
        paths[count] = tmp_path / f"big{count}.yaml"
        paths[count].write_text(big_pack(count), encoding="utf-8")

    def lint(count: int) -> str:
        return render_text(lint_paths([paths[count]]))

    report = lint(6000)
    line = big_pack(6000).splitlines()[11]
    for i in (0, 2999, 5999):
        column = line.index("${p%d}" % i) + 1  # noqa: UP031
        assert f"{paths[6000]}:12:{column}: " in report
    assert growth(lint, 1500, rounds=3) < RATIO
