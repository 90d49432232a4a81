"""What a loaded pack keeps, counted rather than timed (issue 20).

Memory is measured with tracemalloc: the bytes still allocated after parsing a
generated pack and building its lint model, as the pack grows. The counts are
deterministic for a given interpreter; the bounds are the design's (docs/speed.md,
"Memory"), above what is measured and well below what it was before (33x, then 13x).
"""

from __future__ import annotations

import tracemalloc

import pytest

from msgtemplate.caches import clear_caches
from msgtemplate.document.source import MAX_NODES, DocumentError, parse_document
from msgtemplate.lint import lint_text
from msgtemplate.lint.model import build_model
from msgtemplate.lint.runner import check_model
from tests.support.packgen import generated_pack

RETAINED_PER_BYTE = 9
"""Most bytes a linted pack keeps per byte of its YAML text, as it grows (measured:
7.7-7.9 with keys and plain strings kept as text, nodes made when asked; 12.7-13.3
with a node per scalar at one offset each; 33 before that)."""


def _lint(text: str) -> None:
    model = build_model(parse_document(text, "warm.yaml", "yaml"))
    assert model is not None
    check_model(model)


def _retained(templates: int) -> tuple[int, int]:
    """(bytes of YAML text, bytes still allocated once its model is built and linted)."""
    text = generated_pack(templates)
    # The same state before each: fixed costs paid (Babel's locale data, rule tables,
    # a few cached templates), which are not the pack's and cancel out in differences.
    clear_caches()
    _lint(generated_pack(20))
    tracemalloc.start()
    try:
        document = parse_document(text, "pack.yaml", "yaml")
        model = build_model(document)
        assert model is not None
        check_model(model)
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert model.document is document  # alive until measured
    return len(text.encode()), kept


def test_a_loaded_pack_keeps_a_bounded_linear_multiple_of_its_text() -> None:
    # Babel keeps each locale's data once loaded, whatever our caches, and modules stay
    # imported: load them all first.
    _lint(generated_pack(100))
    sizes = [_retained(n) for n in (200, 400, 800)]
    (t1, m1), (t2, m2), (t3, m3) = sizes
    first, second = (m2 - m1) / (t2 - t1), (m3 - m2) / (t3 - t2)
    assert first <= RETAINED_PER_BYTE, sizes
    assert second <= RETAINED_PER_BYTE, sizes
    # Linear: twice the templates, twice the growth (within 10 %).
    assert 1.8 <= (m3 - m2) / (m2 - m1) <= 2.2, sizes


def test_a_clean_lint_never_splits_the_text_into_lines() -> None:
    document = parse_document(generated_pack(30), "pack.yaml", "yaml")
    model = build_model(document)
    assert model is not None
    check_model(model)
    # Positions are worked out from offsets when a finding asks; the split lines are
    # for carets only (the text report), so nothing here needed them.
    assert document._lines is None
    assert model.lines == tuple(document.text.split("\n"))  # and they come when asked
    assert document._lines is not None


def test_carets_split_the_text_when_there_are_findings() -> None:
    text = generated_pack(30, flawed=True)
    result = lint_text(text, "pack.yaml")
    assert result.findings
    assert result.sources["pack.yaml"] == text.split("\n")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_parsing_stops_at_the_node_budget(fmt: str) -> None:
    items = ",".join(["0"] * 20)
    text = f'{{"format": 1, "templates": [{items}]}}'
    # 25 nodes: the root mapping, "format", 1, "templates", the list and its 20 items.
    document = parse_document(text, f"p.{fmt}", fmt, max_nodes=25)  # type: ignore[arg-type]
    assert document.root is not None
    with pytest.raises(DocumentError) as caught:
        parse_document(text, f"p.{fmt}", fmt, max_nodes=24)  # type: ignore[arg-type]
    error = caught.value
    assert error.kind == "too-large"
    assert error.message == "more than 24 keys and values; refusing to read further"
    # At the last item, the first node past the budget.
    assert (error.line, error.column) == (1, text.rindex("0") + 1)


@pytest.mark.slow
def test_a_file_past_the_node_budget_is_mt003_at_the_node() -> None:
    text = "format: 1\ntemplates: [" + "a," * MAX_NODES + "a]\n"
    (finding,) = lint_text(text, "dense.yaml").findings
    assert finding.code == "MT003"
    assert finding.message == f"more than {MAX_NODES:,} keys and values; refusing to read further"
    # The root, format, 1, templates and the list come first: item MAX_NODES - 5
    # (counted from 0) is the first node past the budget.
    assert (finding.line, finding.column) == (2, len("templates: [") + 2 * (MAX_NODES - 5) + 1)
