"""Hostile sizes stay linear: a body with thousands of placeholders, or a pack with
thousands of templates, costs work in proportion to its size (issues: Template
construction and lint were quadratic; tests must never time anything).

Each check counts the work done, which is deterministic, instead of timing it: every
Python line executed and every call made (Python or C, through ``sys.settrace`` and
``sys.setprofile``) for input of size n and 4n. Linear work counts about 4 times as
much for 4n; a quadratic step would count about 16 times as much. The wall-clock
figures of the same cases are printed by ``bench/bench_scaling.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from msgtemplate import Template
from msgtemplate.lint import lint_paths
from msgtemplate.lint.reporters import render_text
from msgtemplate.template.compiled import _cached, _code_for
from tests.support.packgen import generated_pack

LINEAR = 5.0
"""4n/n work ratio allowed: linear work counts about 4, quadratic about 16."""


class Work:
    """Counts of what ran inside :meth:`count`: lines, Python calls, C calls by name."""

    def __init__(self) -> None:
        self.lines = 0
        self.calls = 0
        self.c_calls: dict[str, int] = {}

    @property
    def total(self) -> int:
        return self.lines + self.calls + sum(self.c_calls.values())

    def _trace(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            self.lines += 1
        return self._trace

    def _profile(self, frame: FrameType, event: str, arg: Any) -> None:
        if event == "call":
            self.calls += 1
        elif event == "c_call":
            name = getattr(arg, "__name__", "?")
            self.c_calls[name] = self.c_calls.get(name, 0) + 1

    def count(self, fn: Callable[[], object]) -> object:
        old_trace, old_profile = sys.gettrace(), sys.getprofile()
        sys.settrace(self._trace)
        sys.setprofile(self._profile)
        try:
            return fn()
        finally:
            sys.settrace(old_trace)
            sys.setprofile(old_profile)


def work(fn: Callable[[], object]) -> Work:
    """The work of ``fn()`` run once, after one run that fills one-time caches."""
    fn()
    counted = Work()
    counted.count(fn)
    return counted


def growth(fn: Callable[[int], object], n: int) -> float:
    """Work of ``fn(4 * n)`` over work of ``fn(n)``."""
    return work(lambda: fn(4 * n)).total / work(lambda: fn(n)).total


def text_with(count: int) -> str:
    return "".join(f"<{i}>${{p{i % 40}}}" for i in range(count))


def fresh_template(count: int) -> Template:
    _cached.cache_clear()
    _code_for.cache_clear()  # the whole cost of a new text, code included
    template = Template(text_with(count))
    assert template.render is not None  # built on first use: include it
    return template


def test_template_construction_is_linear_and_never_compiles() -> None:
    assert growth(fresh_template, 1000) < LINEAR
    counted = work(lambda: fresh_template(4000))
    # CPython compiles one f-string in time quadratic in its parts: a template with
    # thousands of placeholders must not reach compile() (or exec) at all.
    assert "compile" not in counted.c_calls
    assert "exec" not in counted.c_calls


def test_rendering_a_huge_template_is_linear_and_right() -> None:
    values = {f"p{i}": i for i in range(40)}
    templates = {n: Template(text_with(n)) for n in (1000, 4000)}
    assert growth(lambda n: templates[n].render(values), 1000) < LINEAR
    assert templates[1000].render(values) == "".join(f"<{i}>{i % 40}" for i in range(1000))


def big_pack(count: int) -> str:
    # One double-quoted line holding `count` undeclared placeholders: one finding,
    # one file position and one source excerpt per placeholder.
    body = "".join(f"x ${{p{i}}}" for i in range(count))
    return (
        "format: 1\ndefaultLocale: en-US\nappId: '2188000000000001'\ntemplates:\n"
        "  - code: TP_BIG\n    name: Big\n    channel: PUSH\n    redirectUrl: /p\n"
        f'    content:\n      en-US:\n        title: t\n        body: "{body}"\n'
    )


def test_lint_of_a_body_with_thousands_of_placeholders_is_linear(tmp_path: Path) -> None:
    paths = {}
    for count in (300, 1200):
        paths[count] = tmp_path / f"big{count}.yaml"
        paths[count].write_text(big_pack(count), encoding="utf-8")

    def lint(count: int) -> str:
        _cached.cache_clear()
        return render_text(lint_paths([paths[count]]))

    report = lint(1200)
    line = big_pack(1200).splitlines()[11]
    for i in (0, 599, 1199):
        column = line.index("${p%d}" % i) + 1  # noqa: UP031
        assert f"{paths[1200]}:12:{column}: " in report
    assert growth(lint, 300) < LINEAR


def test_lint_of_a_pack_with_many_templates_is_linear(tmp_path: Path) -> None:
    paths = {}
    for count in (25, 100):
        paths[count] = tmp_path / f"pack{count}.yaml"
        paths[count].write_text(generated_pack(count, flawed=True), encoding="utf-8")

    def lint(count: int) -> str:
        _cached.cache_clear()
        return render_text(lint_paths([paths[count]]))

    assert "TP_GEN_00099" in lint(100)
    assert growth(lint, 25) < LINEAR


def test_near_misses_on_one_line_are_linear() -> None:
    # Slots of every kind, interleaved, so that later patterns' matches land between and
    # on top of earlier ones (a scan of every earlier slot per match was quadratic).
    from msgtemplate.lint.text import near_misses

    def line(count: int) -> str:
        return " ".join(f"{{orderId}} %s $name {{{{x}}}} {{{i % 10}}}" for i in range(count))

    found = near_misses(line(400), {"orderId", "name", "x"})
    assert len(found) == 5 * 400
    assert [m.offset for m in found] == sorted(m.offset for m in found)
    assert growth(lambda n: near_misses(line(n), {"orderId", "name", "x"}), 100) < LINEAR
