"""The web inbox in a real headless Chromium: live updates, RTL cards, escaping."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from msgtemplate.sandbox import create_app
from msgtemplate.sender.client import MessageClient
from tests.support.browser import launch
from tests.support.sandbox import (
    CLIENT_ID,
    CLIENT_KEY,
    CLIENT_PUBLIC,
    make_body,
    serving,
    write_pack,
)

pytestmark = pytest.mark.slow

WAIT_MS = 15_000  # how long the page may take to show a delivery (polls every second)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The sandbox served by uvicorn (with its own limits) on a free loopback port."""
    pytest.importorskip("uvicorn")
    app = create_app(
        [write_pack(tmp_path)], {CLIENT_ID: CLIENT_PUBLIC}, db_path=tmp_path / "inbox.sqlite"
    )
    with serving(app) as base:
        yield base


@pytest.fixture
def browser() -> Iterator[Any]:
    with launch() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1180, "height": 1000})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A phone-sized page (390 x 844 CSS pixels, as an iPhone 12-15)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    yield context.new_page()
    context.close()


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
    page.locator("#count", has_text=re.compile(r"^4$")).wait_for(timeout=WAIT_MS)

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


# ------------------------------------------------------ long words, RTL, restarts

LATIN_WORD = "Donaudampfschifffahrtsgesellschaftskapitaenswitwenrentenversicherung" * 3
ARABIC_WORD = "المستشفيات" * 25  # one unbroken Arabic word, 250 letters
LONG_NAME = "Antidisestablishmentarianism" * 5
LONG_PATH = "segment" * 120

LONG_PACK = f"""\
format: 1
defaultLocale: en-US
appId: "APP0000000000001"
templates:
  - code: TP_LONG
    name: {LONG_NAME}
    channel: PUSH
    redirectUrl: /pages/${{path}}
    parameters:
      word: {{type: string, example: x}}
      path: {{type: string, maxLength: 1000, example: x}}
    content:
      en-US:
        title: ${{word}}
        body: Your parcel ${{word}} is on its way.
      ar:
        title: ${{word}}
        body: طردك ${{word}} في الطريق.
"""


def _long_body(request_id: str, language: str, word: str) -> dict[str, Any]:
    return make_body(
        request_id,
        code="TP_LONG",
        languages=(language,),
        params={"word": word, "path": LONG_PATH},
        redirect="/pages/" + LONG_PATH,
    )


OVERFLOW_REPORT = """() => {
  const width = document.documentElement.clientWidth;
  const screen = document.querySelector('.phone-screen').getBoundingClientRect();
  const wide = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -0.5 || r.right > width + 0.5) wide.push(e.className || e.tagName);
  }
  const cards = [...document.querySelectorAll('#inbox li')].map(card => {
    const c = card.getBoundingClientRect();
    const outside = [...card.querySelectorAll('*')].filter(e => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && (r.left < c.left - 0.5 || r.right > c.right + 0.5);
    }).map(e => e.className);
    const body = card.querySelector('.card-body').getBoundingClientRect();
    return {
      id: card.dataset.requestId, dir: card.dir, left: c.left, right: c.right,
      outside, bodyWidth: body.width, bodyHeight: body.height,
      bodyInside: body.left >= c.left - 0.5 && body.right <= c.right + 0.5,
      scrolls: card.scrollWidth > card.clientWidth + 1,
    };
  });
  return {
    width, pageScrolls: document.documentElement.scrollWidth > width,
    screenLeft: screen.left, screenRight: screen.right, wide, cards,
  };
}"""


def test_long_words_names_and_urls_stay_inside_their_own_card(tmp_path: Path, phone: Any) -> None:
    pack = write_pack(tmp_path, "long.yaml", LONG_PACK)
    app = create_app([pack], {CLIENT_ID: CLIENT_PUBLIC}, db_path=tmp_path / "inbox.sqlite")
    with serving(app) as base, MessageClient(base, CLIENT_ID, CLIENT_KEY) as client:
        for request_id, language, word in (
            ("long-latin", "en-US", LATIN_WORD),
            ("long-arabic", "ar", ARABIC_WORD),
            ("short-arabic", "ar", "قصير"),
        ):
            assert client.send(_long_body(request_id, language, word)).status == "S"
        phone.goto(base + "/")
        # (Locator waits, not wait_for_function: polling a string needs eval, which
        # the page's Content-Security-Policy rightly forbids.)
        phone.locator("#inbox li").nth(2).wait_for(timeout=WAIT_MS)
        phone.wait_for_timeout(600)  # the arrival animation (420 ms) settles
        report = phone.evaluate(OVERFLOW_REPORT)
        shot = Path(os.environ.get("INBOX_SHOT_DIR", tmp_path)) / "inbox-phone-long.png"
        phone.screenshot(path=str(shot), full_page=True)
    print(json.dumps(report, ensure_ascii=False, indent=1))  # for the record (-s)
    assert not report["pageScrolls"], "the page scrolls sideways"
    assert report["wide"] == []
    for card in report["cards"]:
        assert card["outside"] == [], card
        assert not card["scrolls"], card
        assert card["bodyInside"], card
        # Not empty: the body has a box of its own inside the card (RTL cards too).
        assert card["bodyWidth"] > 50, card
        assert card["bodyHeight"] > 10, card
        assert card["left"] >= report["screenLeft"] - 0.5, card
        assert card["right"] <= report["screenRight"] + 0.5, card
    assert {c["dir"] for c in report["cards"]} == {"ltr", "rtl"}
    assert shot.stat().st_size > 10_000


def test_the_chrome_of_a_right_to_left_card_reads_left_to_right(tmp_path: Path, page: Any) -> None:
    # Received 13 s ago (the sandbox's clock runs 13 s behind): "13 s ago" must read
    # so, digits first, even inside a right-to-left card.
    def behind() -> datetime:
        return datetime.now(timezone.utc) - timedelta(seconds=13)

    app = create_app(
        [write_pack(tmp_path)],
        {CLIENT_ID: CLIENT_PUBLIC},
        db_path=tmp_path / "inbox.sqlite",
        clock=behind,
    )
    with serving(app) as base, MessageClient(base, CLIENT_ID, CLIENT_KEY) as client:
        assert client.send(make_body("rtl-chrome", languages=("ar",))).status == "S"
        page.goto(base + "/")
        card = page.locator('li[data-request-id="rtl-chrome"]')
        card.wait_for(timeout=WAIT_MS)
        when = card.locator("time.when")
        assert card.get_attribute("dir") == "rtl"
        for part in ("time.when", ".chip", ".badge", ".app-name"):
            assert card.locator(part).evaluate("e => getComputedStyle(e).direction") in (
                "ltr",
                # the name takes its direction from its own text (dir=auto): Latin here
            )
        text = when.inner_text()
        assert text.endswith(" s ago"), text
        # Where the glyphs land: the number is drawn left of "ago".
        left_of = when.evaluate(
            """e => {
              const node = e.firstChild, text = node.textContent;
              const at = (start, end) => {
                const r = document.createRange();
                r.setStart(node, start); r.setEnd(node, end);
                return r.getBoundingClientRect().left;
              };
              const ago = text.indexOf("ago");
              return at(0, 2) < at(ago, ago + 3);
            }"""
        )
        assert left_of, f"{text!r} is drawn as 's ago {text.split()[0]}'"


def test_a_restart_with_a_new_database_is_noticed_by_an_open_page(
    tmp_path: Path, page: Any
) -> None:
    first = create_app(
        [write_pack(tmp_path)], {CLIENT_ID: CLIENT_PUBLIC}, db_path=tmp_path / "one.sqlite"
    )
    with serving(first) as base, MessageClient(base, CLIENT_ID, CLIENT_KEY) as client:
        for n in range(3):
            assert client.send(make_body(f"old-{n}")).status == "S"
        page.goto(base + "/")
        page.locator("#inbox li").nth(2).wait_for(timeout=WAIT_MS)
        assert not page.locator("#notice").is_visible()
    port = int(base.rsplit(":", 1)[1])
    second = create_app(
        [write_pack(tmp_path)], {CLIENT_ID: CLIENT_PUBLIC}, db_path=tmp_path / "two.sqlite"
    )
    # The same address, a new database whose ids start at 1 again: polling with
    # after=3 alone would never show its first messages.
    with serving(second, port=port), MessageClient(base, CLIENT_ID, CLIENT_KEY) as client:
        assert client.send(make_body("new-1")).status == "S"
        page.locator("#notice").wait_for(state="visible", timeout=WAIT_MS)
        page.locator('li[data-request-id="new-1"]').wait_for(timeout=WAIT_MS)
        ids = page.locator("#inbox li").evaluate_all("els => els.map(e => e.dataset.requestId)")
        assert ids == ["new-1"]
        assert "restarted with a new inbox" in page.locator("#notice").inner_text()
