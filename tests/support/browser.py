"""Headless Debian Chromium through Playwright, for the tests of web pages.

``launch()`` skips the test when /usr/bin/chromium or playwright is missing (.ci/run
installs Chromium), ``watch_console`` collects errors, and ``axe_violations`` runs
axe-core (installed by `make` from tests/js/package-lock.json) on a page.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--font-render-hinting=none",  # the same glyph edges on every run, for screenshots
]
AXE = Path(__file__).resolve().parent.parent / "js" / "node_modules" / "axe-core" / "axe.min.js"


@contextmanager
def launch() -> Iterator[Any]:
    """A headless Chromium (Playwright ``Browser``), closed afterwards."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium; .ci/run does it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def watch_console(page: Any) -> list[str]:
    """Errors the page reports (console errors and uncaught exceptions), as they come."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's violations of ``impacts`` on the page, one line each (rule, nodes).

    Skips when axe-core is not installed, except in CI, where it must be.
    """
    if not AXE.exists():
        message = f"{AXE} is missing: run `make` (npm ci in tests/js)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
            }));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}"
        for v in found
        if v["impact"] in impacts
    ]


def pixel_difference(page: Any, actual: bytes, expected: bytes, threshold: int = 48) -> float:
    """The share of pixels of two PNGs (0..1) whose colour differs by more than
    ``threshold`` in some channel; 1.0 when their sizes differ. Decoded by the
    browser's own PNG decoder (no imaging library needed)."""

    def url(data: bytes) -> str:
        return "data:image/png;base64," + base64.b64encode(data).decode("ascii")

    share: float = page.evaluate(
        """async ([a, b, threshold]) => {
            const load = (src) => new Promise((ok, fail) => {
                const img = new Image();
                img.onload = () => ok(img);
                img.onerror = fail;
                img.src = src;
            });
            const [x, y] = await Promise.all([load(a), load(b)]);
            if (x.width !== y.width || x.height !== y.height) return 1.0;
            const pixels = (img) => {
                const canvas = document.createElement("canvas");
                canvas.width = img.width;
                canvas.height = img.height;
                const ctx = canvas.getContext("2d");
                ctx.drawImage(img, 0, 0);
                return ctx.getImageData(0, 0, img.width, img.height).data;
            };
            const p = pixels(x), q = pixels(y);
            let differ = 0;
            for (let i = 0; i < p.length; i += 4) {
                if (Math.abs(p[i] - q[i]) > threshold || Math.abs(p[i + 1] - q[i + 1]) > threshold
                    || Math.abs(p[i + 2] - q[i + 2]) > threshold) differ += 1;
            }
            return differ / (p.length / 4);
        }""",
        [url(actual), url(expected), threshold],
    )
    return share
