"""``msgtemplate review`` without a browser: the gallery's data, the HTML, exit codes,
``--baseline`` in a real git repository, SMS sizes and the text diff.

The page in a real browser is tests/test_review_browser.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from msgtemplate.api.sms import sms_size
from msgtemplate.cli import main
from msgtemplate.formatting import ParameterSpec
from msgtemplate.lint import LintConfig
from msgtemplate.review import build_gallery, open_baseline, write_site
from msgtemplate.review.baseline import BaselineError
from msgtemplate.review.cases import longest_value
from msgtemplate.review.textdiff import diff, new_side, old_side
from tests.support.review import CHANNELS_PACK, SEEDED, git, repo_with_pack

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


class _Cards(HTMLParser):
    """Each ``article.card``'s attributes, and every id (to check they are unique)."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[dict[str, str | None]] = []
        self.ids: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.add(tag)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "article" and "card" in (found.get("class") or "").split():
            self.cards.append(found)


def parse(index: Path) -> _Cards:
    parser = _Cards()
    parser.feed(index.read_text(encoding="utf-8"))
    return parser


def sample_cards() -> set[tuple[str, str]]:
    from msgtemplate.pack import load_pack

    out = set()
    for path in sorted(SAMPLES.glob("*.yaml")):
        for code, template in load_pack(path).templates.items():
            out.update((code, key) for key in template.content)
    return out


def test_the_samples_gallery_has_one_card_per_template_and_locale(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["review", str(SAMPLES), "-o", str(out)]) == 0
    page = parse(out / "index.html")
    cards = {(c["data-template"], c["data-locale"]) for c in page.cards}
    assert cards == sample_cards()
    assert len(page.cards) == len(cards)
    assert len(page.ids) == len(set(page.ids))
    rtl = {c["data-locale"] for c in page.cards if c["dir"] == "rtl"}
    assert rtl == {"ar", "he"}
    assert all(c["lang"] == c["data-locale"] for c in page.cards)
    # Self-contained: the page and its two assets, nothing loaded from elsewhere.
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "review.css", "review.js"]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", html)
    assert "style=" not in html
    assert "<style" not in html  # a strict CSP allows the page
    assert "<script>" not in html
    assert " on" + "click" not in html


def test_each_card_shows_its_channel_and_rendered_text(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(CHANNELS_PACK, encoding="utf-8")
    gallery = build_gallery([str(pack)])
    cards = {(c.code, c.locale): c for c in gallery.cards()}
    push = cards["TP_PUSH", "en-US"]
    assert push.example.body == "Order A-1029 was shipped with DHL Express. Track it in the app."
    assert push.example.redirect_url == "/pages/orders/detail?id=A-1029"
    assert push.longest.body.startswith("Order A-1029A-1029A-1029A- was shipped with DHL")
    inbox = cards["TP_INBOX", "ar"]
    assert inbox.rtl
    assert "US$" in inbox.example.body  # formatted for ar
    assert "999,999,999" in cards["TP_INBOX", "en-US"].longest.body
    sms = cards["TP_SMS", "en-US"]
    assert sms.example.title is None
    assert sms.example.redirect_url is None
    html = (write_site(gallery, tmp_path / "site")).read_text(encoding="utf-8")
    assert 'class="device push"' in html
    assert 'class="device inbox"' in html
    assert 'class="device sms"' in html
    assert '<code class="url">/pages/orders/detail?id=A-1029</code>' in html


def test_a_finding_lands_in_its_variants_card_only(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(CHANNELS_PACK + SEEDED, encoding="utf-8")
    gallery = build_gallery([str(pack)])
    with_findings = {(c.code, c.locale): {f.code for f in c.findings} for c in gallery.cards()}
    assert with_findings.pop(("TP_ALERT", "ar")) == {"MT303", "MT305", "MT306"}
    assert all(not codes for codes in with_findings.values())
    out = tmp_path / "site"
    assert main(["review", str(pack), "-o", str(out)]) == 1  # an error, as lint exits
    page = parse(out / "index.html")
    marked = {(c["data-template"], c["data-locale"]) for c in page.cards if c.get("data-findings")}
    assert marked == {("TP_ALERT", "ar")}


def test_a_finding_about_the_whole_template_is_on_every_card_and_the_pack_on_none(
    tmp_path: Path,
) -> None:
    text = CHANNELS_PACK.replace("appId", "x").replace(
        "defaultLocale: en-US\n", "defaultLocale: en-US\nappId: " + "9" * 40 + "\n"
    )
    # A string in a redirectUrl without maxLength (MT504) is about the template.
    text = text.replace(
        "      orderId: {type: string, maxLength: 20, example: A-1029}\n      carrier",
        "      orderId: {type: string, example: A-1029}\n      carrier",
    )
    pack = tmp_path / "pack.yaml"
    pack.write_text(text, encoding="utf-8")
    gallery = build_gallery([str(pack)])
    (entry,) = gallery.packs
    assert [f.code for f in entry.findings] == ["MT502"]  # appId: no template's
    for card in gallery.cards():
        expected = {"MT504"} if card.code == "TP_PUSH" else set()
        assert {f.code for f in card.findings} == expected, card.locale


def test_warnings_exit_0_unless_fail_on_warning(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        CHANNELS_PACK.replace("تم شحن طلبك ${orderId} عبر ${carrier}.", "تم شحن طلبك ${orderId}."),
        encoding="utf-8",
    )
    gallery = build_gallery([str(pack)])
    assert {f.severity for f in gallery.findings} == {"warning"}
    out = str(tmp_path / "site")
    assert main(["review", str(pack), "-o", out, "--no-config"]) == 0
    assert main(["review", str(pack), "-o", out, "--no-config", "--fail-on", "warning"]) == 1


def test_markup_in_a_pack_is_shown_as_text(tmp_path: Path) -> None:
    hostile = CHANNELS_PACK.replace(
        "title: Payment received", 'title: "<script>alert(1)</script><img src=x onerror=alert(2)>"'
    ).replace("name: Order shipped", 'name: "</title><b>bold</b>"')
    pack = tmp_path / "pack.yaml"
    pack.write_text(hostile, encoding="utf-8")
    index = write_site(build_gallery([str(pack)]), tmp_path / "site")
    html = index.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<script>" not in html
    assert "<img" not in html
    assert "<b>" not in html


def test_bad_yaml_is_a_finding_on_the_page_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        CHANNELS_PACK.replace("    channel: SMS", "    channel: [SMS"), encoding="utf-8"
    )
    out = tmp_path / "site"
    assert main(["review", str(pack), "-o", str(out)]) == 1
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Problems outside any message" in html
    assert "MT001" in html
    assert "Traceback" not in capsys.readouterr().err


def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "site")
    assert main(["review", str(tmp_path / "missing.yaml"), "-o", out]) == 2
    assert "missing.yaml: no such file or directory" in capsys.readouterr().err
    assert main(["review", str(SAMPLES)]) == 2
    assert "-o DIR is required" in capsys.readouterr().err
    assert main(["review", str(SAMPLES), "-o", out, "--locale", "en_US!"]) == 2
    assert "--locale" in capsys.readouterr().err
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["review", str(SAMPLES), "-o", str(blocker / "site")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert main(["review", str(SAMPLES), "-o", out, "--baseline", "HEAD"]) in (0, 2)
    capsys.readouterr()
    assert main(["review", str(tmp_path), "-o", out, "--baseline", "HEAD"]) == 2
    assert "not in a git work tree" in capsys.readouterr().err


def test_locale_option_keeps_the_variants_those_readers_get(tmp_path: Path) -> None:
    shop, booking = str(SAMPLES / "shop.yaml"), str(SAMPLES / "booking.yaml")
    gallery = build_gallery([shop, booking], locales=["es-MX", "zh-TW"])
    locales = {card.locale for card in gallery.cards()}
    assert locales == {"es-419", "zh-Hant"}


def _commit(repo: Path, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "edit")


def test_baseline_marks_exactly_the_changed_cards(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    pack = repo_with_pack(repo, CHANNELS_PACK)
    edited = (
        CHANNELS_PACK.replace("Track it in the app.", "Follow it in the app.")  # en-US push
        .replace("شكرًا لك!", "شكرًا جزيلًا!")  # ar inbox
        .replace(
            "      ar:\n        body: رمز",
            "      fr:\n        body: Votre code est ${code}.\n      ar:\n        body: رمز",
        )  # a new locale
    )
    edited = edited.replace(
        "  - code: TP_INBOX", SEEDED.replace("TP_ALERT", "TP_NEW") + "  - code: TP_INBOX"
    )
    edited = edited.replace(
        "      ja:\n        title: ご注文の商品を発送しました\n"
        "        body: ご注文 ${orderId} は ${carrier} で発送されました。アプリで追跡できます。\n",
        "",
    )  # a removed locale
    pack.write_text(edited, encoding="utf-8")
    baseline = open_baseline("HEAD", str(pack))
    gallery = build_gallery([str(pack)], baseline=baseline)
    changed = {(c.code, c.locale) for c in gallery.cards() if c.change == "changed"}
    assert changed == {("TP_PUSH", "en-US"), ("TP_INBOX", "ar")}
    added = {(g.code, g.locale) for g in gallery.added()}
    assert added == {("TP_NEW", None), ("TP_SMS", "fr")}
    assert {(g.code, g.locale) for g in gallery.removed} == {("TP_PUSH", "ja")}
    card = next(c for c in gallery.cards() if (c.code, c.locale) == ("TP_PUSH", "en-US"))
    assert card.before is not None
    assert card.before.body.endswith("Track it in the app.")
    out = tmp_path / "site"
    assert main(["review", str(pack), "-o", str(out), "--baseline", "HEAD"]) == 1  # TP_NEW's MT303
    page = parse(out / "index.html")
    marked = {(c["data-template"], c["data-locale"]) for c in page.cards if c.get("data-changed")}
    assert marked == changed
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<del>Track</del> it in the app." in html
    assert "<ins>Follow</ins> it in the app." in html
    # The work tree is untouched: git show, no checkout.
    assert pack.read_text(encoding="utf-8") == edited
    assert git(repo, "status", "--porcelain") == " M pack.yaml\n"


def test_baseline_lists_templates_of_a_deleted_file_and_a_new_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    old = repo_with_pack(repo, CHANNELS_PACK, "old.yaml")
    old.unlink()
    (repo / "new.yaml").write_text(SEEDED and CHANNELS_PACK.replace("TP_", "TQ_"), encoding="utf-8")
    gallery = build_gallery([str(repo)], baseline=open_baseline("HEAD", str(repo)))
    assert {g.code for g in gallery.removed} == {"TP_PUSH", "TP_INBOX", "TP_SMS"}
    assert {g.code for g in gallery.added()} == {"TQ_PUSH", "TQ_INBOX", "TQ_SMS"}


def test_baseline_refuses_unknown_revisions_in_one_line(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    pack = repo_with_pack(repo, CHANNELS_PACK)
    for rev in ("no-such-branch", "--output=/tmp/x", "HEAD~5"):
        with pytest.raises(BaselineError) as caught:
            open_baseline(rev, str(pack))
        assert "\n" not in str(caught.value)
    _commit(repo, pack, CHANNELS_PACK.replace("Thank you!", "Thanks!"))
    first = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    gallery = build_gallery([str(pack)], baseline=open_baseline(first[:10], str(pack)))
    assert [c.locale for c in gallery.cards() if c.change == "changed"] == ["en-US"]


def test_the_command_runs_as_a_process(tmp_path: Path) -> None:
    out = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "msgtemplate", "review", str(SAMPLES / "shop.yaml"), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{out / 'index.html'}: 3 templates, 24 cards, 0 errors, 0 warnings\n"


@given(st.text(max_size=40), st.text(max_size=40))
def test_diff_sides_spell_the_old_and_the_new_text(old: str, new: str) -> None:
    segments = diff(old, new)
    assert "".join(t for _, t in old_side(segments)) == old
    assert "".join(t for _, t in new_side(segments)) == new


def test_diff_marks_cjk_characters_one_by_one() -> None:
    assert diff("您的订单已发货", "您的订单已签收") == [
        ("=", "您的订单已"),
        ("-", "发货"),
        ("+", "签收"),
    ]
    assert diff("Track it", "Follow it") == [("-", "Track"), ("+", "Follow"), ("=", " it")]


@pytest.mark.parametrize(
    ("text", "encoding", "units", "parts"),
    [
        ("Your code is 424242.", "GSM-7", 20, 1),
        ("x" * 160, "GSM-7", 160, 1),
        ("x" * 161, "GSM-7", 161, 2),
        ("{}" * 80, "GSM-7", 320, 3),  # extension characters count two
        ("Ä€" * 10, "GSM-7", 30, 1),
        ("code 😀", "UCS-2", 7, 1),  # an emoji is two UTF-16 units
        ("ر" * 70, "UCS-2", 70, 1),
        ("ر" * 71, "UCS-2", 71, 2),
    ],
)
def test_sms_size(text: str, encoding: str, units: int, parts: int) -> None:
    size = sms_size(text)
    assert (size.encoding, size.units, size.parts) == (encoding, units, parts)


def test_longest_values() -> None:
    assert longest_value(ParameterSpec("a", "string", max_length=8, example="A-1")) == "A-1A-1A-"
    assert longest_value(ParameterSpec("a", "string", max_length=3)) == "WWW"
    assert longest_value(ParameterSpec("a", "string", example="x")) == "x"
    assert longest_value(ParameterSpec("a", "integer", example=3)) == 999_999_999


def test_unused_config_is_the_default() -> None:
    assert build_gallery([str(SAMPLES)], LintConfig()).findings == []


def test_hostile_files_are_findings_not_crashes(tmp_path: Path) -> None:
    from msgtemplate.document.source import MAX_FILE_BYTES

    (tmp_path / "huge.yaml").write_bytes(b"format: 1\n" + b"#" * MAX_FILE_BYTES)
    (tmp_path / "latin1.yaml").write_bytes(
        "format: 1\ntemplates: []\n# caf\xe9\n".encode("latin-1")
    )
    (tmp_path / "list.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    gallery = build_gallery([str(tmp_path / name) for name in ("huge.yaml", "latin1.yaml")])
    assert {f.code for f in gallery.findings} == {"MT003"}
    assert all(p.broken for p in gallery.packs)
    assert build_gallery([str(tmp_path)]).packs[0].broken  # found in a folder: ours by `format:`
    assert not list(build_gallery([str(tmp_path / "list.yaml")]).cards())


def test_count_and_select_parameters_show_one_line_per_form(tmp_path: Path) -> None:
    gallery = build_gallery([str(SAMPLES / "delivery.yaml")])
    cards = {(c.code, c.locale): c for c in gallery.cards()}
    pl = cards["TP_DELIVERY_ETA", "pl"]
    eta = {f.key: f for f in pl.forms if f.parameter == "eta"}
    assert list(eta) == ["=0", "one", "few", "many", "other"]
    assert "za 1 minutę." in eta["one"].text
    assert "za 2 minuty." in eta["few"].text
    assert eta["many"].value == "5"  # 0 is many too, but =0 takes it
    assert "za 5 minut." in eta["many"].text
    assert eta["other"].value == "0.1"  # 0.0 would be =0 as well
    assert [f.key for f in pl.forms if f.parameter == "method"] == ["card", "cash"]
    ar = {f.key: f for f in cards["TP_DELIVERY_ETA", "ar"].forms if f.parameter == "eta"}
    assert ar["zero"].shadowed  # every Arabic "zero" number is 0, which =0 takes
    assert not ar["few"].shadowed
    html = write_site(gallery, tmp_path / "site").read_text(encoding="utf-8")
    assert 'data-parameter="eta" data-form="few"' in html
    assert "never shown: an exact form" in html


def test_baseline_marks_a_changed_form_that_the_example_does_not_show(tmp_path: Path) -> None:
    text = (SAMPLES / "delivery.yaml").read_text(encoding="utf-8")
    repo = tmp_path / "repo"
    pack = repo_with_pack(repo, text, "delivery.yaml")
    pack.write_text(text.replace('few: "# minuty"', 'few: "# minutki"'), encoding="utf-8")
    gallery = build_gallery([str(pack)], baseline=open_baseline("HEAD", str(pack)))
    changed = [c for c in gallery.cards() if c.change == "changed"]
    assert [(c.code, c.locale) for c in changed] == [("TP_DELIVERY_ETA", "pl")]
    (card,) = changed
    assert card.before is None  # the example (5, "many") reads the same
    assert list(card.forms_before) == [("eta", "few")]
    html = write_site(gallery, tmp_path / "site").read_text(encoding="utf-8")
    assert "<del>minuty</del>" in html
    assert "<ins>minutki</ins>" in html


def test_the_live_server_watches_only_what_can_change_the_gallery(tmp_path: Path) -> None:
    pytest.importorskip("watchfiles")
    from msgtemplate.review.server import LiveReview

    (tmp_path / "packs" / ".hidden").mkdir(parents=True)
    (tmp_path / "root.yaml").write_text(CHANNELS_PACK, encoding="utf-8")
    live = LiveReview(
        [str(tmp_path / "packs"), str(tmp_path / "root.yaml")], None, tmp_path / "packs" / "site"
    )
    assert live.watched() == [(str(tmp_path), False), (str(tmp_path / "packs"), True)]
    assert live.concerns(str(tmp_path / "root.yaml"))
    assert not live.concerns(str(tmp_path / "other.yaml"))  # beside a file named: not ours
    assert live.concerns(str(tmp_path / "packs" / "sub" / "a.yml"))
    assert not live.concerns(str(tmp_path / "packs" / "a.txt"))
    assert not live.concerns(str(tmp_path / "packs" / ".hidden" / "a.yaml"))
    assert not live.concerns(str(tmp_path / "packs" / "site" / "x.json"))


def test_a_failed_build_is_a_page_and_the_server_goes_on(tmp_path: Path) -> None:
    pytest.importorskip("watchfiles")
    from msgtemplate.review.server import LiveReview

    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    live = LiveReview([str(SAMPLES / "shop.yaml")], None, tmp_path / "site")
    assert live.rebuild().error is None
    assert live.latest.number == 1
    live.output = blocker / "site"  # a folder that cannot be made
    failed = live.rebuild()
    assert failed.number == 2
    assert failed.gallery is None
    assert failed.error is not None
    assert "\n" not in failed.error
