"""``msgtemplate list PACK...``: one line per template (code, channel, name, locales).

A template that lacks a locale other templates of its pack have is flagged
(``missing: fr``); locales are compared as CLDR locales, so ``zh-TW`` in one
template and ``zh-Hant`` in another are the same one. ``--format json`` prints the
same as data, one object per pack.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from msgtemplate.cli.exits import EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from msgtemplate.pack import Pack, PackTemplate


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "list",
        help="list the templates of packs",
        description=(
            "One line per template of each PACK: code, channel, name and locales, with "
            "the locales that other templates of the pack have and it lacks."
        ),
    )
    parser.add_argument("packs", nargs="+", metavar="PACK", help="pack files (.yaml, .yml, .json)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from msgtemplate.cli._output import write_json, write_text
    from msgtemplate.cli._packs import note_problems, read_leniently
    from msgtemplate.errors import SourceError

    listed: list[dict[str, Any]] = []
    status: int = EXIT_OK
    for path in args.packs:
        try:
            pack, problems = read_leniently(path)
        except SourceError as exc:
            print(f"msgtemplate: {exc}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        note_problems(path, problems)
        listed.append(summary(pack, len(problems)))
    if args.format == "json":
        write_json(listed)
    else:
        write_text(render_text(listed))
    return status


def summary(pack: Pack, problems: int) -> dict[str, Any]:
    """One pack as data: its path, default locale, problem count and templates."""
    return {
        "path": pack.path,
        "defaultLocale": pack.default_locale,
        "problems": problems,
        "templates": [
            {
                "code": template.code,
                "channel": template.channel,
                "name": template.name,
                "locales": list(template.content),
                "missingLocales": missing,
                "line": template.line,
            }
            for template, missing in _with_missing(pack)
        ],
    }


def _with_missing(pack: Pack) -> list[tuple[PackTemplate, list[str]]]:
    from msgtemplate.errors import MsgTemplateError
    from msgtemplate.locales import maximize

    def same(tag: str) -> str:
        try:
            return maximize(tag)
        except MsgTemplateError:  # reported by the reader; compare as written
            return tag

    everywhere: dict[str, str] = {}  # the locale -> its first spelling in the pack
    for template in pack.templates.values():
        for key in template.content:
            everywhere.setdefault(same(key), key)
    out = []
    for template in pack.templates.values():
        has = {same(key) for key in template.content}
        out.append((template, [key for canon, key in everywhere.items() if canon not in has]))
    return out


def render_text(packs: list[dict[str, Any]]) -> str:
    """The table: one line per template, under a header per pack when there are several."""
    from msgtemplate._text.excerpt import display_width
    from msgtemplate.cli._output import one_line, pad

    rows: list[tuple[int, list[str]]] = []
    for index, pack in enumerate(packs):
        for template in pack["templates"]:
            locales = " ".join(one_line(tag) for tag in template["locales"])
            if template["missingLocales"]:
                locales += f"  (missing: {', '.join(template['missingLocales'])})"
            name = one_line(template["name"]) if template["name"] is not None else "-"
            cells = [one_line(template["code"]), one_line(template["channel"]), name, locales]
            rows.append((index, cells))
    widths = [max((display_width(cells[i]) for _, cells in rows), default=0) for i in range(3)]
    out: list[str] = []
    for index, pack in enumerate(packs):
        if len(packs) > 1:
            count = len(pack["templates"])
            if out:
                out.append("")
            out.append(f"{one_line(pack['path'])}  ({count} template{'s' if count != 1 else ''})")
        elif not pack["templates"]:
            out.append(f"{one_line(pack['path'])}: no templates")
        for owner, cells in rows:
            if owner == index:
                padded = [pad(cell, width) for cell, width in zip(cells, widths, strict=False)]
                out.append("  ".join([*padded, cells[3]]).rstrip())
    return "\n".join(out) + "\n" if out else ""
