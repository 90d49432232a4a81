"""Timing helpers shared by the benchmarks: interleaved best-of-N, so that ratios
between peers measured in the same run hold on a noisy, shared machine."""

from __future__ import annotations

import timeit
from collections.abc import Callable


def best_ns(
    candidates: dict[str, Callable[[], object]], *, number: int, rounds: int = 7
) -> dict[str, float]:
    """Best time per call in ns for each candidate, measured round-robin."""
    best = {name: float("inf") for name in candidates}
    for _ in range(rounds):
        for name, fn in candidates.items():
            elapsed = timeit.timeit(fn, number=number)
            best[name] = min(best[name], elapsed / number * 1e9)
    return best


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    )
