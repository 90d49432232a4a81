"""Write (or check) the generated modules: the scanner regex and the render shapes.

Two modules are generated ahead of time so that no process pays for deriving them:

* ``_scanner.py``: the template scanner's regex, derived from ``grammar/template.lark``
  through Lark (building Lark's parser costs ~40 ms; the regex is what parsing needs);
* ``_render_shapes.py``: the render code for 0..16 placeholders (``template.py``).

Regenerate after changing the grammar or the render code::

    python -m msgtemplate.template._generate          # rewrite the stale files
    python -m msgtemplate.template._generate --check  # exit 1 and name them instead

A test regenerates both and compares them with the shipped files.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def scanner_pattern() -> str:
    """The scanner's regex: the grammar's terminals as one alternation of named groups.

    They are tried in the order Lark's basic lexer tries them (priority, then widest),
    so the first alternative that matches is the token Lark's lexer would produce.
    """
    from msgtemplate.template.syntax import lark_parser

    terminals = sorted(
        lark_parser().terminals,
        key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
    )
    return "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals)


def placeholder_pattern() -> tuple[str, str]:
    """The regexes of one ``${name}`` (the grammar's ``PLACEHOLDER`` terminal) and of
    the name inside it."""
    from msgtemplate.template.syntax import lark_parser

    [terminal] = [t for t in lark_parser().terminals if t.name == "PLACEHOLDER"]
    placeholder = terminal.pattern.to_regexp()
    opening, closing = r"\$\{", r"\}"
    if not (placeholder.startswith(opening) and placeholder.endswith(closing)):
        raise SystemExit(f"PLACEHOLDER is no longer ${{name}} in the grammar: {placeholder}")
    return placeholder, placeholder[len(opening) : -len(closing)]


def scanner_module() -> str:
    """The text of ``_scanner.py``."""
    placeholder, name = placeholder_pattern()
    return (
        '"""The template scanner\'s regex, generated from ``grammar/template.lark`` by\n'
        "``python -m msgtemplate.template._generate``; do not edit.\n"
        '"""\n\n'
        "from typing import Final\n\n"
        f"PATTERN: Final = {scanner_pattern()!r}\n"
        '"""Every terminal of the grammar, one named group each, in the lexer\'s order."""\n\n'
        f"PLACEHOLDER: Final = {placeholder!r}\n"
        '"""One ``${name}`` (the ``PLACEHOLDER`` terminal)."""\n\n'
        f"NAME: Final = {name!r}\n"
        '"""A placeholder\'s name."""\n'
    )


def _render_shapes_module() -> str:
    from msgtemplate.template.compiled import render_shapes_module

    return render_shapes_module()


GENERATED: dict[str, Callable[[], str]] = {
    "_scanner.py": scanner_module,
    "_render_shapes.py": _render_shapes_module,
}
"""Each generated module of the package and the function that writes its text."""


def stale(package: Path = PACKAGE) -> list[Path]:
    """The generated files whose text is not what their generator writes today."""
    out = []
    for name, generate in GENERATED.items():
        path = package / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != generate():
            out.append(path)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m msgtemplate.template._generate", description=__doc__
    )
    parser.add_argument("--check", action="store_true", help="only report stale files (exit 1)")
    args = parser.parse_args(argv)
    paths = stale()
    if args.check:
        for path in paths:
            print(f"{path}: stale; run python -m msgtemplate.template._generate", file=sys.stderr)
        return 1 if paths else 0
    for path in paths:
        path.write_text(GENERATED[path.name](), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
