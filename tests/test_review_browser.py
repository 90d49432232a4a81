"""The review gallery in a real headless Chromium: from file://, with --baseline, live.

Every sample card is there, Arabic is laid out right to left, a seeded finding shows
in its card only, the changed cards (and only they) are marked, nothing is requested
from outside the site's folder, the console stays clean, axe-core finds no serious
or critical violation, the keyboard reaches the filter, and an edit to a pack reloads
an open page. One card per channel is compared with a stored screenshot.

Set MSGTEMPLATE_UPDATE_SCREENSHOTS=1 to rewrite the reference PNGs (and the one in
docs/) from this run, then look at them before committing.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from msgtemplate.cli import main
from tests.support.browser import axe_violations, launch, pixel_difference, watch_console
from tests.support.review import CHANNELS_PACK, SEEDED, repo_with_pack

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
REFERENCES = ROOT / "tests" / "data" / "review"
DOCS_SHOT = ROOT / "docs" / "images" / "review-gallery.png"
UPDATE = os.environ.get("MSGTEMPLATE_UPDATE_SCREENSHOTS") == "1"
WAIT_MS = 20_000
MAX_DIFFERENT = 0.01  # share of pixels allowed to differ (anti-aliasing, not layout)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch() as launched:
        yield launched


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 1200, "height": 900}, device_scale_factor=1, locale="en-US"
    )
    yield context
    context.close()


def _site(tmp_path: Path, *packs: tuple[str, str], baseline: str | None = None) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir(exist_ok=True)
    for name, text in packs:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _requests_outside(context: Any, site: Path) -> list[str]:
    """Every request the pages of ``context`` make outside ``site`` (they are refused)."""
    outside: list[str] = []
    inside = site.resolve().as_uri() + "/"

    def check(route: Any) -> None:
        url = route.request.url
        if url.startswith(inside) or url.startswith("data:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", check)
    return outside


def test_the_samples_gallery_from_file_urls(tmp_path: Path, context: Any) -> None:
    packs = _site(tmp_path, ("channels.yaml", CHANNELS_PACK + SEEDED))
    for sample in SAMPLES.glob("*.yaml"):
        shutil.copy(sample, packs / sample.name)
    site = tmp_path / "site"
    assert main(["review", str(packs), "-o", str(site)]) == 1  # the seeded MT303
    outside = _requests_outside(context, site)
    page = context.new_page()
    errors = watch_console(page)
    page.goto((site / "index.html").as_uri())
    page.wait_for_load_state("load")

    from msgtemplate.pack import load_pack

    expected = {
        (code, key)
        for sample in SAMPLES.glob("*.yaml")
        for code, template in load_pack(sample).templates.items()
        for key in template.content
    }
    shown = page.locator("article.card").evaluate_all(
        "cards => cards.map(c => [c.dataset.template, c.dataset.locale])"
    )
    assert expected <= {tuple(pair) for pair in shown}
    assert len(shown) == len({tuple(pair) for pair in shown})

    # Right to left, as the browser computed it, and CJK staying inside its card.
    card = page.locator('article[data-template="TP_SHOP_ORDER_SHIPPED"][data-locale="ar"]')
    direction = "e => getComputedStyle(e.querySelector('.msg-body')).direction"
    assert card.evaluate(direction) == "rtl"
    en = page.locator('article[data-template="TP_SHOP_ORDER_SHIPPED"][data-locale="en-US"]')
    assert en.evaluate(direction) == "ltr"
    for locale in ("ja", "zh-Hant", "ar"):
        cjk = page.locator(
            f'article[data-template="TP_SHOP_REFUND_ISSUED"][data-locale="{locale}"]'
        )
        cjk.scroll_into_view_if_needed()
        assert cjk.evaluate("e => e.scrollWidth <= e.clientWidth"), locale

    # The seeded finding: in the ar card of TP_ALERT, and in no other card.
    alert_ar = page.locator('article[data-template="TP_ALERT"][data-locale="ar"]')
    finding = alert_ar.locator('.finding[data-rule="MT303"]')
    finding.scroll_into_view_if_needed()
    assert finding.is_visible()
    assert "is not declared" in finding.text_content()
    assert page.locator('article.card .finding[data-rule="MT303"]').count() == 1
    alert_en = page.locator('article[data-template="TP_ALERT"][data-locale="en-US"]')
    assert alert_en.locator(".finding").count() == 0

    # The keyboard: "/" reaches the filter, typing filters, Escape clears it.
    page.locator("body").press("/")
    assert page.evaluate("document.activeElement.id") == "filter"
    page.keyboard.type("tp_sms")
    visible = page.locator("section.template:visible").evaluate_all(
        "s => s.map(e => e.dataset.templateSection)"
    )
    assert visible == ["TP_SMS"]
    templates = page.locator("section.template").count()
    assert page.locator("#filter-count").inner_text() == f"1 of {templates} templates"
    page.keyboard.press("Escape")
    assert page.locator("section.template:visible").count() == templates
    # Tab from the top reaches the skip link first, and it leads to the cards.
    page.reload()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#cards"

    assert errors == []
    assert outside == []
    assert axe_violations(page) == []  # last: axe itself reads the stylesheets (a file:// error)


def test_baseline_marks_exactly_the_changed_cards(tmp_path: Path, context: Any) -> None:
    repo = tmp_path / "repo"
    pack = repo_with_pack(repo, CHANNELS_PACK)
    pack.write_text(
        CHANNELS_PACK.replace("Track it in the app.", "Follow it in the app.").replace(
            "ご注文 ${orderId} は", "ご注文番号 ${orderId} は"
        ),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    assert main(["review", str(pack), "-o", str(site), "--baseline", "HEAD"]) == 0
    outside = _requests_outside(context, site)
    page = context.new_page()
    errors = watch_console(page)
    page.goto((site / "index.html").as_uri())
    changed = page.locator('article[data-changed="true"]').evaluate_all(
        "cards => cards.map(c => c.dataset.template + ' ' + c.dataset.locale)"
    )
    assert sorted(changed) == ["TP_PUSH en-US", "TP_PUSH ja"]
    en = page.locator('article[data-template="TP_PUSH"][data-locale="en-US"]')
    assert en.locator(".diff del").inner_text() == "Track"
    assert en.locator(".diff ins").inner_text() == "Follow"
    assert en.locator(".badge-changed").is_visible()
    ja = page.locator('article[data-template="TP_PUSH"][data-locale="ja"]')
    assert ja.locator(".diff ins").inner_text() == "番号"  # CJK: the characters alone
    page.locator("#only-changed").check()
    assert page.locator("section.template:visible").count() == 1
    assert errors == []
    assert outside == []
    assert axe_violations(page) == []  # last: axe itself reads the stylesheets (a file:// error)


def _start_server(packs: Path, site: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "msgtemplate",
            "review",
            str(packs),
            "--serve",
            "--port",
            "0",
            "-o",
            str(site),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        found = re.search(r"Serving (http://127\.0\.0\.1:\d+/)", line)
        if found:
            return process, found.group(1)
    process.kill()
    _, err = process.communicate(timeout=10)
    raise AssertionError(f"the server did not start: {err}")


def test_live_reload_after_an_edit_and_bad_yaml_on_the_page(tmp_path: Path, context: Any) -> None:
    packs = _site(tmp_path, ("pack.yaml", CHANNELS_PACK))
    pack = packs / "pack.yaml"
    process, base = _start_server(packs, tmp_path / "site")
    try:
        page = context.new_page()
        errors = watch_console(page)
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(base)
        page.wait_for_function("document.getElementById('live') !== null")
        page.evaluate("window.__sameDocument = true")
        card = page.locator('article[data-template="TP_INBOX"][data-locale="en-US"]')
        title = card.locator('[data-case="example"] .msg-title')
        assert title.inner_text() == "Payment received"

        pack.write_text(
            CHANNELS_PACK.replace("Payment received", "Payment arrived"), encoding="utf-8"
        )
        title.filter(has_text="Payment arrived").wait_for(timeout=WAIT_MS)
        assert page.evaluate("window.__sameDocument") is None  # the page reloaded itself

        pack.write_text(
            CHANNELS_PACK.replace("    channel: SMS", "    channel: [SMS"), encoding="utf-8"
        )
        problems = page.locator(".problems")
        problems.wait_for(timeout=WAIT_MS)
        assert "MT001" in problems.inner_text()
        assert process.poll() is None  # bad YAML did not stop the server

        pack.write_text(CHANNELS_PACK, encoding="utf-8")
        page.locator('article[data-template="TP_SMS"]').first.wait_for(timeout=WAIT_MS)
        assert page.locator(".problems").count() == 0
        assert errors == []  # the Content Security Policy refused nothing either
        page.close()
        assert all(url.startswith(base) for url in requests), requests
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode == 130  # interrupted, as every command
    assert "Traceback" not in err


@pytest.mark.parametrize("channel", ["PUSH", "INBOX", "SMS"])
def test_one_card_per_channel_looks_as_it_did(
    tmp_path: Path, context: Any, channel: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    packs = _site(tmp_path, ("pack.yaml", CHANNELS_PACK))
    site = tmp_path / "site"
    assert main(["review", str(packs), "-o", str(site)]) == 0
    page = context.new_page()
    page.goto((site / "index.html").as_uri())
    page.evaluate("document.fonts.ready")
    card = page.locator(f'article[data-template="TP_{channel}"][data-locale="en-US"]')
    card.scroll_into_view_if_needed()
    actual = card.screenshot(animations="disabled", caret="hide")
    reference = REFERENCES / f"card-{channel.lower()}.png"
    if UPDATE or not reference.exists():
        reference.parent.mkdir(parents=True, exist_ok=True)
        reference.write_bytes(actual)
        if channel == "PUSH":
            _docs_screenshot(tmp_path, page.context, monkeypatch)
        if not UPDATE:
            pytest.skip(f"wrote {reference}: look at it and commit it")
    share = pixel_difference(page, actual, reference.read_bytes())
    (tmp_path / reference.name).write_bytes(actual)  # to look at when this fails
    assert share <= MAX_DIFFERENT, (
        f"{share:.2%} of the pixels differ; see {tmp_path / reference.name}"
    )


def _docs_screenshot(tmp_path: Path, context: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The picture in docs/review.md: a pack with one template per channel, one
    changed text and one finding, against its last commit, as this run renders it."""
    text = CHANNELS_PACK.replace("  - code: TP_PUSH", SEEDED + "  - code: TP_PUSH", 1)
    repo = tmp_path / "docs-repo"
    pack = repo_with_pack(repo, text, "alerts.yaml")
    pack.write_text(text.replace("Track it in the app.", "Follow it in the app."), encoding="utf-8")
    monkeypatch.chdir(repo)
    site = tmp_path / "docs-site"
    locales = ["--locale", "en-US", "--locale", "ar"]  # the machine may lack CJK fonts
    main(["review", "alerts.yaml", "-o", str(site), "--baseline", "HEAD", *locales])
    page = context.new_page()
    page.set_viewport_size({"width": 1200, "height": 1500})
    page.goto((site / "index.html").as_uri())
    DOCS_SHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS_SHOT))
    page.close()
