"""The guide stays true: its links resolve and its console transcripts really run.

1. Every relative link in README.md and docs/*.md names a file that exists and, with a
   ``#fragment``, a heading of that file whose GitHub anchor it is.
2. Every fenced block marked ``console`` is a transcript, run for real:

   * a line starting with ``$ `` is a command (a line ending in `` \\`` continues it on
     the next line, as in the shell); the lines after it, up to the next command or the
     end of the block, are what it prints, stdout and stderr together;
   * a last output line ``[exit N]`` is the exit code it must end with (otherwise 0);
   * a line ``...`` in the output stands for any number of lines (even none);
   * trailing spaces and trailing blank lines are ignored; nothing else is normalised.

   Each block runs in its own fresh copy of the repository's samples/, docs/, README.md
   and pyproject.toml, from the copy's root, through ``sh -c``, with the virtual
   environment's ``bin`` first on PATH and ``MSGTEMPLATE_*`` variables removed, so
   commands may write files (``> body.json``) and later commands of the block see them.
   Commands that need a running sandbox, the network, keys or secrets go in ``sh``
   blocks, which are not run. docs/development.md documents this for writers.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Step:
    """One ``$ command`` of a console block, with the output and exit code shown."""

    command: str
    output: tuple[str, ...]
    exit_code: int


@dataclass(frozen=True)
class ConsoleBlock:
    page: Path
    line: int
    steps: tuple[Step, ...]
    problem: str | None = None

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


_EXIT = re.compile(r"^\[exit (\d+)\]$")


def console_blocks(page: Path) -> list[ConsoleBlock]:
    """Every ```console block of a page, parsed into steps."""
    blocks: list[ConsoleBlock] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info, start = m.group(1), lines[i][m.end() :].strip(), i + 1
        body: list[str] = []
        i += 1
        while i < len(lines) and not lines[i].lstrip().startswith(fence):
            body.append(lines[i])
            i += 1
        i += 1
        if info == "console":
            try:
                blocks.append(ConsoleBlock(page, start, tuple(_steps(body, page, start))))
            except ValueError as exc:
                blocks.append(ConsoleBlock(page, start, (), str(exc)))
    return blocks


def _steps(body: list[str], page: Path, start: int) -> list[Step]:
    steps: list[Step] = []
    command: list[str] = []
    output: list[str] = []

    def close() -> None:
        if not command:
            return
        exit_code = 0
        while output and not output[-1].strip():
            output.pop()
        if output and (m := _EXIT.match(output[-1].strip())):
            exit_code = int(m.group(1))
            output.pop()
            while output and not output[-1].strip():
                output.pop()
        steps.append(Step("\n".join(command), tuple(output), exit_code))

    continuing = False
    for n, line in enumerate(body, start + 1):
        if continuing:
            command.append(line)
        elif line.startswith("$ "):
            close()
            command, output = [line[2:]], []
        elif not command:
            raise ValueError(f"{page.name}:{n}: a console block must start with '$ '")
        else:
            output.append(line)
        continuing = bool(command) and command[-1].endswith("\\") and not output
    close()
    return steps


def _matches(expected: tuple[str, ...], actual: list[str]) -> bool:
    """Line by line; a ``...`` line matches any run of lines."""
    if not expected:
        return not actual
    if expected[0].strip() == "...":
        return any(_matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and expected[0].rstrip() == actual[0] and _matches(expected[1:], actual[1:])


def _workspace(tmp: Path) -> Path:
    root = tmp / "repo"
    for name in ("samples", "docs"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("README.md", "pyproject.toml"):
        shutil.copy2(ROOT / name, root / name)
    return root


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSGTEMPLATE_")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(HOME=str(home), COLUMNS="80", LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
    env.update(PYTHONUNBUFFERED="1")  # stdout and stderr interleave as they were written
    return env


BLOCKS = [block for page in PAGES for block in console_blocks(page)]


def test_console_blocks_are_found() -> None:
    # The README's tour at least; a typo in the fence would silently test nothing.
    assert any(block.page.name == "README.md" for block in BLOCKS)
    problems = [
        block.problem or f"{block.id}: no '$ ' command" for block in BLOCKS if not block.steps
    ]
    assert problems == []


def test_console_block_parsing(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text(
        "```console\n$ a \\\n    b\nout\n\n[exit 3]\n$ c\n```\n\n```sh\n$ not run\n```\n",
        encoding="utf-8",
    )
    (block,) = console_blocks(page)
    assert block.steps == (Step("a \\\n    b", ("out",), 3), Step("c", (), 0))
    assert _matches(("x", "...", "z"), ["x", "y1", "y2", "z"])
    assert _matches(("...",), [])
    assert not _matches(("x", "...", "z"), ["x", "y"])


@pytest.mark.slow
@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.id)
def test_console_block_runs_as_shown(block: ConsoleBlock, tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    env = _environment(tmp_path)
    for step in block.steps:
        done = subprocess.run(
            ["/bin/sh", "-c", step.command],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=60,
            check=False,
        )
        actual = [line.rstrip() for line in done.stdout.decode("utf-8").splitlines()]
        while actual and not actual[-1]:
            actual.pop()
        shown = "\n".join([f"$ {step.command}", *actual, f"[exit {done.returncode}]"])
        assert done.returncode == step.exit_code, f"{block.id}: exit code differs:\n{shown}"
        assert _matches(step.output, actual), f"{block.id}: output differs:\n{shown}"


def test_every_command_is_in_the_readme_table_and_the_cli_page() -> None:
    from msgtemplate.cli import COMMANDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cli_page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [
        f"{where}: {name}"
        for name in COMMANDS
        for where, text in (("README.md", readme), ("docs/cli.md", cli_page))
        if f"| `msgtemplate {name.removesuffix('_')}` |" not in text  # import_.py: import
    ]
    assert missing == []
