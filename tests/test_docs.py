"""The guide stays true: every relative link in README.md and docs/ resolves."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_LINK = re.compile(r"\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1")


def prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks."""
    out: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        m = _FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
        elif fence is not None and line.lstrip().startswith(fence):
            fence = None
        elif fence is None:
            out.append(line)
    return out


def github_slug(heading: str) -> str:
    """GitHub's anchor for a heading's text: lowercase, punctuation dropped, spaces to '-'.

    Markup goes first (code spans keep their text, links their label); then every
    character that is not a letter, a mark, a digit, a space, '-' or '_' is removed,
    and each space becomes one '-' (so "a -- b" keeps its hyphens).
    """
    text = _INLINE_CODE.sub(lambda m: m.group(2), heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = text.strip().lower()
    kept = [c for c in text if c in " -_" or unicodedata.category(c)[0] in ("L", "M", "N")]
    return "".join(kept).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every anchor the page's headings produce, duplicates numbered -1, -2..."""
    seen: dict[str, int] = {}
    out: set[str] = set()
    for line in prose_lines(path.read_text(encoding="utf-8")):
        m = _HEADING.match(line)
        if not m:
            continue
        slug = github_slug(m.group(2))
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def relative_links(path: Path) -> list[str]:
    text = "\n".join(_INLINE_CODE.sub("", line) for line in prose_lines(path.read_text("utf-8")))
    return [
        target
        for target in _LINK.findall(text)
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE)
    ]


def test_the_slug_rule() -> None:
    assert github_slug("Problems and where they are") == "problems-and-where-they-are"
    assert github_slug("`msgtemplate preview`") == "msgtemplate-preview"
    assert github_slug("MT303 `undeclared-placeholder`") == "mt303-undeclared-placeholder"
    assert github_slug("Silencing one finding: `# noqa`") == "silencing-one-finding--noqa"
    assert (
        github_slug("Request bodies and sending (`msgtemplate payload`, `msgtemplate send`)")
        == "request-bodies-and-sending-msgtemplate-payload-msgtemplate-send"
    )
    assert github_slug("Speed, and exactness") == "speed-and-exactness"
    assert (
        github_slug("Locales: which variant a user reads") == "locales-which-variant-a-user-reads"
    )
    assert github_slug("Ünïcode — 中文 ok") == "ünïcode--中文-ok"


def test_duplicate_headings_are_numbered(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("# Speed\n\n## Speed\n\n```sh\n# Speed\n```\n\n### Speed\n", encoding="utf-8")
    assert anchors(page) == {"speed", "speed-1", "speed-2"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page: Path) -> None:
    broken: list[str] = []
    for target in relative_links(page):
        file_part, _, fragment = target.partition("#")
        dest = (page.parent / unquote(file_part)).resolve() if file_part else page
        if not dest.exists():
            broken.append(f"{target}: no such file")
        elif fragment and (dest.suffix != ".md" or unquote(fragment) not in anchors(dest)):
            broken.append(f"{target}: no heading with that anchor")
    assert broken == []
