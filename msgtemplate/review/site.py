"""Write a :class:`~msgtemplate.review.gallery.Gallery` as a static, self-contained site.

The folder gets ``index.html`` (the summary, a filter box, then every card), and the
page's stylesheet and script next to it: nothing is loaded from anywhere else, so the
site works from ``file://`` and as a CI artifact. Every text from a pack is escaped;
the page holds no inline script or style, so it also works under a strict Content
Security Policy (the one the live server sends).

Hooks for scripts and tests: each card is an ``article.card`` with
``data-template``, ``data-locale`` and ``data-channel``, ``data-changed="true"``
when its text changed since the baseline, and ``data-added="true"`` when it is new.
"""

from __future__ import annotations

import html
import os
from collections import Counter
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Final

from msgtemplate._version import __version__
from msgtemplate.api.spec import CHANNEL_DISPLAY, REQUEST_FIELDS
from msgtemplate.lint.findings import Finding, display_path
from msgtemplate.review.gallery import (
    Card,
    FormLine,
    Gallery,
    PackEntry,
    Rendering,
    TemplateEntry,
)
from msgtemplate.review.textdiff import Segment, diff, new_side, old_side

ASSETS: Final = ("review.css", "review.js")
_URL_LIMIT: Final = REQUEST_FIELDS["redirectUrl"].max_length
_CHANNEL_LABEL: Final = {"PUSH": "Push notification", "INBOX": "Inbox message", "SMS": "SMS"}


def write_site(
    gallery: Gallery, out: str | os.PathLike[str], *, live: str | None = None, build: str = ""
) -> Path:
    """Write ``index.html`` and its assets into ``out`` (created if missing); returns
    the index's path. ``live`` is the URL of the live server's event stream (the page
    then reloads itself when ``build`` changes there); None for a static site."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        data = resources.files("msgtemplate.review").joinpath(f"static/{name}").read_bytes()
        _write(folder / name, data)
    index = folder / "index.html"
    _write(index, render_page(gallery, live=live, build=build).encode("utf-8"))
    return index


def _write(path: Path, data: bytes) -> None:
    # Whole files only: a browser (or the live server) never reads half a page.
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def render_page(gallery: Gallery, *, live: str | None = None, build: str = "") -> str:
    """The gallery's ``index.html``."""
    cards = list(gallery.cards())
    templates = [t for p in gallery.packs for t in p.templates]
    changed = sum(1 for c in cards if c.change == "changed")
    errors = sum(1 for f in gallery.findings if f.severity == "error")
    warnings = len(gallery.findings) - errors
    body_attrs = f' data-build="{_a(build)}"'
    if live is not None:
        body_attrs += f' data-live="{_a(live)}"'
    out: list[str] = [
        "<!doctype html>",
        '<html lang="en" dir="ltr">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="msgtemplate {_a(__version__)}">',
        '<link rel="icon" href="data:,">',
        f"<title>Message review: {len(templates)} templates, {len(cards)} cards</title>",
        '<link rel="stylesheet" href="review.css">',
        '<script src="review.js" defer></script>',
        "</head>",
        f"<body{body_attrs}>",
        '<a class="skip" href="#cards">Skip to the messages</a>',
        '<header class="top">',
        '<div class="brand"><span class="mark" aria-hidden="true">$</span>',
        "<div><h1>Message review</h1>",
        f'<p class="sub">{_sources(gallery)}</p></div></div>',
        '<dl class="facts">',
        _fact("Templates", len(templates)),
        _fact("Cards", len(cards)),
        _fact("Errors", errors, "bad" if errors else ""),
        _fact("Warnings", warnings, "warn" if warnings else ""),
    ]
    if gallery.baseline is not None:
        out.append(_fact("Changed", changed, "changed" if changed else ""))
    out.append("</dl>")
    if live is not None:
        out.append('<p class="live" id="live" role="status">Live: rebuilds on save</p>')
    out.append("</header>")
    out.append('<main id="main">')
    out.extend(_problems(gallery))
    if gallery.baseline is not None:
        out.extend(_changes(gallery, changed))
    out.extend(_summary(gallery, templates))
    out.append('<section id="cards" aria-label="Messages" tabindex="-1">')
    number = 0
    for pack in gallery.packs:
        for template in pack.templates:
            number += 1
            out.extend(_template(template, number))
    out.append("</section>")
    out.append("</main>")
    out.append(
        f'<footer class="foot">Made by <code>msgtemplate review</code> {_h(__version__)}.'
        " Cards use each parameter's <code>example</code>; the second rendering puts"
        " every value at its longest.</footer>"
    )
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"


def _h(text: str) -> str:
    return html.escape(text, quote=False)


def _a(text: str) -> str:
    return html.escape(text, quote=True)


def _fact(label: str, value: int, cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f"<div{klass}><dt>{label}</dt><dd>{value:,}</dd></div>"


def _sources(gallery: Gallery) -> str:
    names = ", ".join(p.path for p in gallery.packs[:3]) or "no packs"
    more = f" and {len(gallery.packs) - 3:,} more" if len(gallery.packs) > 3 else ""
    against = (
        f" \u00b7 changes since <code>{_h(gallery.baseline)}</code>" if gallery.baseline else ""
    )
    return f"{_h(names)}{more}{against}"


def _problems(gallery: Gallery) -> Iterable[str]:
    broken = [p for p in gallery.packs if p.findings]
    if not broken and not gallery.errors:
        return
    yield '<section class="problems" aria-labelledby="problems-h">'
    yield '<h2 id="problems-h">Problems outside any message</h2>'
    yield '<ul role="list">'
    for error in gallery.errors:
        yield f'<li class="finding error"><span class="code">read</span> {_h(error)}</li>'
    for pack in broken:
        for finding in pack.findings:
            yield f"<li>{_finding_html(finding)}</li>"
    yield "</ul>"
    yield "</section>"


def _changes(gallery: Gallery, changed: int) -> Iterable[str]:
    added = gallery.added()
    yield '<section class="changes" aria-labelledby="changes-h">'
    yield f'<h2 id="changes-h">Since <code>{_h(gallery.baseline or "")}</code></h2>'
    yield (
        f"<p>{changed:,} card{'s' if changed != 1 else ''} changed, {len(added):,} added, "
        f"{len(gallery.removed):,} removed.</p>"
    )
    for title, items, cls in (("Added", added, "added"), ("Removed", gallery.removed, "removed")):
        if not items:
            continue
        yield f'<h3>{title}</h3><ul class="{cls}-list">'
        for item in items:
            what = (
                f"{item.code} \u00b7 {item.locale}"
                if item.locale
                else f"{item.code} (every locale)"
            )
            attrs = f' data-template="{_a(item.code)}"'
            if item.locale:
                attrs += f' data-locale="{_a(item.locale)}"'
            where = f'<span class="where">{_h(item.pack)}</span>'
            yield f"<li{attrs}><code>{_h(what)}</code> {where}</li>"
        yield "</ul>"
    yield "</section>"


def _summary(gallery: Gallery, templates: list[TemplateEntry]) -> Iterable[str]:
    yield '<section class="summary" aria-labelledby="summary-h">'
    yield '<h2 id="summary-h">Templates</h2>'
    yield '<div class="filters" role="search">'
    yield '<label for="filter">Filter</label>'
    yield (
        '<input id="filter" type="search" autocomplete="off" spellcheck="false" '
        'placeholder="code, name, channel, locale, rule" aria-describedby="filter-count">'
    )
    yield '<label class="check"><input type="checkbox" id="only-findings"> with findings</label>'
    if gallery.baseline is not None:
        yield '<label class="check"><input type="checkbox" id="only-changed"> changed</label>'
    yield f'<p id="filter-count" aria-live="polite">{len(templates):,} templates</p>'
    yield "</div>"
    counts = Counter((f.code, f.name, f.severity) for f in gallery.findings)
    if counts:
        yield '<ul class="rule-counts" aria-label="Findings by rule">'
        for (code, name, severity), n in sorted(counts.items()):
            yield (
                f'<li class="{severity}"><button type="button" class="rule" data-rule="{_a(code)}">'
                f'<span class="code">{_h(code)}</span> {_h(name)} \u00d7 {n}</button></li>'
            )
        yield "</ul>"
    yield '<div class="table-wrap"><table id="templates">'
    yield (
        '<caption class="visually-hidden">'
        "Every template, its channel, locales and findings</caption>"
    )
    yield (
        '<thead><tr><th scope="col">Template</th><th scope="col">Channel</th>'
        '<th scope="col">Locales</th><th scope="col">Findings</th>'
        + ('<th scope="col">Changed</th>' if gallery.baseline is not None else "")
        + "</tr></thead><tbody>"
    )
    number = 0
    for pack in gallery.packs:
        for t in pack.templates:
            number += 1
            n = t.finding_count()
            name = f'<span class="name">{_h(t.name)}</span>' if t.name else ""
            flags = ' data-has-findings="true"' if n else ""
            row = (
                f'<tr data-row="t{number}" data-search="{_a(_search(t))}"'
                f"{flags}{_changed_attr(t)}>"
                f'<th scope="row"><a href="#t{number}"><code>{_h(t.code)}</code></a>{name}'
                f'<span class="where">{_h(pack.path)}</span></th>'
                f"<td>{_h(t.channel)}</td>"
                f'<td class="locales">{_h(" ".join(t.locales))}</td>'
                f'<td class="{"count-bad" if n else "count-ok"}">{n}</td>'
            )
            if gallery.baseline is not None:
                row += f"<td>{_change_summary(t)}</td>"
            yield row + "</tr>"
    yield "</tbody></table></div>"
    yield "</section>"


def _search(t: TemplateEntry) -> str:
    codes = {f.code for c in t.cards for f in c.findings} | {f.code for f in t.findings}
    words = [t.code, t.name or "", t.channel, t.pack, *t.locales, *sorted(codes)]
    return " ".join(words).lower()


def _changed_attr(t: TemplateEntry) -> str:
    return ' data-has-changes="true"' if any(c.change for c in t.cards) else ""


def _change_summary(t: TemplateEntry) -> str:
    if t.added:
        return "new"
    changed = sum(1 for c in t.cards if c.change == "changed")
    added = sum(1 for c in t.cards if c.change == "added")
    parts = [f"{changed} changed"] if changed else []
    if added:
        parts.append(f"{added} new")
    return ", ".join(parts) or "\u2014"


def _template(t: TemplateEntry, number: int) -> Iterable[str]:
    attrs = f'id="t{number}" data-template-section="{_a(t.code)}" data-search="{_a(_search(t))}"'
    if t.finding_count():
        attrs += ' data-has-findings="true"'
    attrs += _changed_attr(t)
    yield f'<section class="template" {attrs} aria-labelledby="t{number}-h">'
    name = f' <span class="name">{_h(t.name)}</span>' if t.name else ""
    yield (
        f'<h2 id="t{number}-h"><code>{_h(t.code)}</code>{name}'
        f' <span class="chip chip-{t.channel.lower()}">{_h(t.channel)}</span></h2>'
    )
    new = " \u00b7 new since the baseline" if t.added else ""
    yield f'<p class="where">{_h(t.pack)}{new}</p>'
    yield '<div class="cards">'
    for index, card in enumerate(t.cards):
        yield from _card(card, f"t{number}-{index}")
    yield "</div>"
    yield "</section>"


def _card(card: Card, ident: str) -> Iterable[str]:
    direction = "rtl" if card.rtl else "ltr"
    attrs = (
        f'class="card channel-{card.channel.lower()}" id="{ident}" '
        f'data-template="{_a(card.code)}" data-locale="{_a(card.locale)}" '
        f'data-channel="{_a(card.channel)}" lang="{_a(card.locale)}" dir="{direction}" '
        f'aria-labelledby="{ident}-h"'
    )
    if card.change == "changed":
        attrs += ' data-changed="true"'
    elif card.change == "added":
        attrs += ' data-added="true"'
    if card.findings:
        attrs += ' data-findings="' + _a(" ".join(sorted({f.code for f in card.findings}))) + '"'
    yield f"<article {attrs}>"
    badge = ""
    if card.change == "changed":
        badge = ' <span class="badge badge-changed">changed</span>'
    elif card.change == "added":
        badge = ' <span class="badge badge-added">new</span>'
    yield (
        f'<h3 id="{ident}-h" class="card-head" dir="ltr" lang="en"><span class="locale">'
        f'{_h(card.locale)}</span> <span class="visually-hidden">{_h(card.code)}, </span>'
        f'<span class="channel">{_CHANNEL_LABEL.get(card.channel, _h(card.channel))}</span>'
        f"{badge}</h3>"
    )
    yield from _device(card, card.example, ident, "example")
    yield from _budgets(card)
    if card.forms:
        yield from _forms(card)
    if card.before is not None or card.forms_before:
        yield from _before_after(card)
    if card.findings:
        label = f"Findings for {_a(card.locale)}"
        yield f'<ul class="findings" dir="ltr" lang="en" aria-label="{label}">'
        for finding in card.findings:
            yield f"<li>{_finding_html(finding)}</li>"
        yield "</ul>"
    if card.longest.texts() != card.example.texts() or card.longest.error:
        yield '<details class="longest"><summary dir="ltr" lang="en">Longest values</summary>'
        yield from _device(card, card.longest, ident, "longest")
        yield "</details>"
    yield "</article>"


def _device(card: Card, r: Rendering, ident: str, case: str) -> Iterable[str]:
    channel = card.channel
    if r.error:
        yield (
            f'<p class="render-error" dir="ltr" lang="en">Cannot render the {_h(r.label.lower())}: '
            f"{_h(r.error)}. Showing the template text.</p>"
        )
    if channel == "SMS":
        yield f'<div class="device sms" data-case="{case}">'
        yield '<p class="sms-from" aria-hidden="true">Text message</p>'
        yield f'<p class="bubble msg-body">{_text(r.body)}</p>'
        yield "</div>"
        return
    if channel == "PUSH":
        yield f'<div class="device push" data-case="{case}">'
        yield '<p class="push-app" aria-hidden="true"><span class="app-icon"></span>'
        yield '<span class="app-name">Mini Program</span><span class="when">now</span></p>'
        if r.title is not None:
            yield f'<p class="msg-title">{_text(r.title)}</p>'
        yield f'<p class="msg-body">{_text(r.body)}</p>'
        yield "</div>"
    else:
        yield f'<div class="device inbox" data-case="{case}">'
        if r.title is not None:
            yield f'<p class="msg-title">{_text(r.title)}</p>'
        yield f'<p class="msg-body">{_text(r.body)}</p>'
        yield "</div>"
    if r.redirect_url is not None:
        yield (
            f'<p class="redirect" dir="ltr"><span class="label">Opens</span> '
            f'<code class="url">{_h(r.redirect_url)}</code></p>'
        )


def _text(text: str) -> str:
    return _h(text).replace("\n", "<br>")


def _budgets(card: Card) -> Iterable[str]:
    """Bars of each text's length against the channel's display budget and the API's
    limit, for the example and the longest values."""
    display = CHANNEL_DISPLAY.get(card.channel)
    rows: list[tuple[str, int, int | None, int | None, str]] = []
    e, lo = card.example, card.longest
    if display is not None and display.title is not None and e.title is not None:
        rows.append(("Title", len(e.title), len(lo.title or ""), display.title, "channel"))
    if card.channel == "SMS":
        from msgtemplate.api.sms import sms_size

        now, most = sms_size(e.body), sms_size(lo.body)
        rows.append((f"SMS ({now.encoding})", now.units, most.units, now.single, "one SMS"))
    elif display is not None and display.body is not None:
        rows.append(("Body", len(e.body), len(lo.body), display.body, "shown"))
    if e.redirect_url is not None and _URL_LIMIT is not None:
        rows.append(("Link", len(e.redirect_url), len(lo.redirect_url or ""), _URL_LIMIT, "API"))
    if not rows:
        return
    yield '<ul class="budgets" dir="ltr" lang="en" aria-label="Length budgets">'
    for label, now_len, most_len, limit, kind in rows:
        assert limit is not None
        over = now_len > limit
        most_over = most_len is not None and most_len > limit
        width = min(100, round(100 * now_len / limit)) if limit else 100
        longest = ""
        if most_len is not None and most_len != now_len:
            cls = ' class="over"' if most_over else ""
            longest = f", longest <span{cls}>{most_len:,}</span>"
        state = "over" if over else ("risk" if most_over else "ok")
        yield (
            f'<li class="budget budget-{state}" data-budget="{_a(label.split()[0].lower())}">'
            f'<span class="budget-label">{_h(label)}</span>'
            f'<span class="bar" aria-hidden="true">'
            f'<span class="fill w{width // 5 * 5}"></span></span>'
            f'<span class="budget-text">{now_len:,} / {limit:,} {kind}{longest}</span></li>'
        )
    yield "</ul>"


def _forms(card: Card) -> Iterable[str]:
    """One line per form of each count/select parameter: the text with that form."""
    shown: dict[str, list[FormLine]] = {}
    for line in card.forms:
        shown.setdefault(line.parameter, []).append(line)
    for name, lines in shown.items():
        how = "plural category" if lines[0].kind == "count" else "choice"
        yield '<div class="forms">'
        yield (
            f'<p class="forms-head" dir="ltr" lang="en"><code>${{{_h(name)}}}</code> by {how}</p>'
        )
        yield '<ul class="form-lines">'
        for line in lines:
            key = line.key if line.key == line.value else f"{line.key} \u00b7 {line.value}"
            text = (
                f'<span class="form-error" dir="ltr" lang="en">{_h(line.error)}</span>'
                if line.error
                else f'<span class="form-text">{_text(line.text)}</span>'
            )
            if line.shadowed:
                text += (
                    '<span class="form-note" dir="ltr" lang="en">never shown: an exact '
                    "form takes every number of this category</span>"
                )
            yield (
                f'<li data-parameter="{_a(name)}" data-form="{_a(line.key)}">'
                f'<span class="form-key" dir="ltr" lang="en">{_h(key)}</span> {text}</li>'
            )
        yield "</ul></div>"


def _before_after(card: Card) -> Iterable[str]:
    yield (
        '<div class="diff"><p class="diff-head" dir="ltr" lang="en">Changed since the baseline</p>'
    )
    rows: list[tuple[str, str | None, str | None]] = []
    if card.before is not None:
        labels = ("Title", "Body", "Link")
        rows.extend(zip(labels, card.before.texts(), card.example.texts(), strict=True))
    for line in card.forms:
        old_line = card.forms_before.get((line.parameter, line.key))
        if old_line is not None:
            rows.append((f"${{{line.parameter}}} {line.key}", old_line.text, line.text))
    for label, old, new in rows:
        if old == new:
            continue
        segments = diff(old or "", new or "")
        for side, cls, parts in (("before", "old", old_side), ("now", "new", new_side)):
            yield (
                f'<p class="diff-row"><span class="diff-label" dir="ltr" lang="en">'
                f'{label}, {side}</span> <span class="{cls}">'
                f"{_segments(parts(segments))}</span></p>"
            )
    yield "</div>"


def _segments(segments: list[Segment]) -> str:
    out = []
    for op, text in segments:
        if op == "=":
            out.append(_text(text))
        elif op == "-":
            out.append(f"<del>{_text(text)}</del>")
        else:
            out.append(f"<ins>{_text(text)}</ins>")
    return "".join(out) or '<span class="empty">(none)</span>'


def _finding_html(finding: Finding) -> str:
    where = f"{display_path(finding.path)}:{finding.line}:{finding.column}"
    return (
        f'<span class="finding {finding.severity}" data-rule="{_a(finding.code)}">'
        f'<span class="code">{_h(finding.code)}</span> '
        f'<span class="sev">{finding.severity}</span> {_h(finding.message)} '
        f'<span class="where">{_h(where)}</span></span>'
    )


__all__ = ["ASSETS", "PackEntry", "render_page", "write_site"]
