"""The web inbox in a real headless Chromium: live updates, RTL cards, escaping."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from msgtemplate.client import MessageClient
from msgtemplate.sandbox import create_app, sandbox_of
from tests.support.sandbox import CLIENT_ID, CLIENT_KEY, CLIENT_PUBLIC, make_body, write_pack

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WAIT_MS = 15_000  # how long the page may take to show a delivery (polls every second)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The sandbox served by uvicorn on a free loopback port, in a thread."""
    uvicorn = pytest.importorskip("uvicorn")
    app = create_app(
        [write_pack(tmp_path)], {CLIENT_ID: CLIENT_PUBLIC}, db_path=tmp_path / "inbox.sqlite"
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert srv.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=15)
        sock.close()
        sandbox_of(app).close()
    assert not thread.is_alive()


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium; .ci/run does it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1180, "height": 1000})
            yield context.new_page()
            context.close()
        finally:
            browser.close()


def test_deliveries_appear_live_with_rtl_cards_and_escaped_text(
    server: str, page: Any, tmp_path: Path
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(server + "/")
    page.wait_for_selector("#status.status-live", timeout=WAIT_MS)
    assert page.locator("#empty").is_visible()
    assert page.locator("#inbox li").count() == 0
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads

    with MessageClient(server, CLIENT_ID, CLIENT_KEY) as client:
        assert client.send(make_body("browser-en")).status == "S"
        en = page.locator('li[data-request-id="browser-en"]')
        en.wait_for(timeout=WAIT_MS)
        assert not page.locator("#empty").is_visible()

        arabic = make_body("browser-ar", languages=("ar", "en-US"))
        assert client.send(arabic).status == "S"
        hebrew = make_body("browser-he", languages=("he",))
        assert client.send(hebrew).status == "S"
        sms = make_body(
            "browser-html",
            code="TP_CODE",
            params={"code": "<b>424242</b><img src=x onerror=alert(1)>"},
            redirect=None,
        )
        assert client.send(sms).status == "S"

    ar = page.locator('li[data-request-id="browser-ar"]')
    ar.wait_for(timeout=WAIT_MS)
    page.locator('li[data-request-id="browser-html"]').wait_for(timeout=WAIT_MS)
    assert page.evaluate("window.__sameDocument") is True

    # Right to left: the attribute, and what the browser computed from it.
    assert ar.get_attribute("dir") == "rtl"
    assert ar.get_attribute("lang") == "ar"
    assert ar.evaluate("e => getComputedStyle(e.querySelector('.card-body')).direction") == "rtl"
    assert en.evaluate("e => getComputedStyle(e.querySelector('.card-body')).direction") == "ltr"
    assert ar.locator(".card-title").inner_text() == "تم شحن الطلب A-1029"
    assert "/pages/orders?id=A-1029" in ar.locator(".redirect").inner_text()
    assert page.locator('li[data-request-id="browser-he"]').get_attribute("dir") == "rtl"

    # Newest first.
    order = page.locator("#inbox li").evaluate_all("els => els.map(e => e.dataset.requestId)")
    assert order == ["browser-html", "browser-he", "browser-ar", "browser-en"]

    # Markup in a parameter is shown as text, never parsed.
    html_card = page.locator('li[data-request-id="browser-html"]')
    assert "<b>424242</b>" in html_card.locator(".card-body").inner_text()
    assert html_card.locator("b, img").count() == 0
    page.wait_for_function("document.getElementById('count').textContent === '4'", timeout=WAIT_MS)

    shot = tmp_path / "inbox.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert errors == []


def test_the_empty_state_explains_what_to_do(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.wait_for_selector("#status.status-live", timeout=WAIT_MS)
    assert page.locator("#empty").is_visible()
    assert "msgtemplate send" in page.locator("#empty").inner_text()
    assert "/api/open/v2/miniprogram/message/send" in page.locator("#send-path").inner_text()
