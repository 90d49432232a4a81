"""``msgtemplate init [PATH]``: write a new pack to start from.

One example template, a comment on every key, and the yaml-language-server modeline
that gives editors the schema. Never overwrites: an existing PATH is an error.
"""

from __future__ import annotations

import argparse
from typing import Any

from msgtemplate.cli.exits import EXIT_OK, EXIT_USAGE

DEFAULT_NAME = "messages.msgpack.yaml"


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "init",
        help="write a new pack with one example template",
        description=(
            "Write a new pack to PATH (default: ./messages.msgpack.yaml; a folder gets "
            "that name inside it) with one commented example template. It lints clean "
            "and previews at once. An existing file is never overwritten."
        ),
    )
    parser.add_argument("path", nargs="?", metavar="PATH", default=DEFAULT_NAME)
    parser.add_argument(
        "--locales",
        metavar="TAGS",
        default="en-US",
        help="comma-separated locale tags, the first being defaultLocale "
        "(default: en-US), e.g. en-US,zh-Hans,zh-Hant",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import os
    import sys

    from msgtemplate.errors import MsgTemplateError
    from msgtemplate.pack.scaffold import EXAMPLE_CODE, SCHEMA_FILE, scaffold

    try:
        locales = parse_locales(args.locales)
    except MsgTemplateError as exc:
        print(f"msgtemplate: --locales: {exc}", file=sys.stderr)
        return EXIT_USAGE
    path = args.path
    if os.path.isdir(path):
        path = os.path.join(path, DEFAULT_NAME)
    if not path.endswith((".yaml", ".yml")):
        print(
            f"msgtemplate: {path}: init writes YAML (its comments explain each key); "
            f"name the file *.yaml, e.g. {DEFAULT_NAME}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    text = scaffold(locales, path, "./" + SCHEMA_FILE)
    try:
        # "x": created here or not at all, even if another process races us to it.
        with open(path, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:
        print(f"msgtemplate: {path} already exists; init never overwrites a file", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"msgtemplate: {path}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {path}: template {EXAMPLE_CODE} in {', '.join(locales)}")
    schema_note = _schema_beside(path)
    if schema_note is not None:
        print(schema_note)
    print(f"next: msgtemplate preview {path} {EXAMPLE_CODE} --locale {locales[-1]}")
    return EXIT_OK


def _schema_beside(pack: str) -> str | None:
    """Write the pack schema beside ``pack`` for its modeline (``$schema=pack.schema.json``,
    relative to the pack), unless a file of that name is there already (kept as it is:
    ``msgtemplate schema --check`` says whether it is current)."""
    import os

    from msgtemplate.pack.jsonschema import render_schema
    from msgtemplate.pack.scaffold import SCHEMA_FILE

    path = os.path.join(os.path.dirname(pack), SCHEMA_FILE)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(render_schema())
    except FileExistsError:
        check = f"msgtemplate schema --check {path}"
        return f"kept {path} (the schema the modeline names; check it: {check})"
    except OSError as exc:
        return f"note: {path}: cannot write the schema the modeline names: {exc.strerror or exc}"
    return f"wrote {path}: the JSON Schema editors read (from the pack's first line)"


def parse_locales(value: str) -> list[str]:
    """``"en-US, zh-Hans"`` -> ``["en-US", "zh-Hans"]``: valid, canonical, distinct."""
    from msgtemplate.errors import MsgTemplateError
    from msgtemplate.locales import maximize, normalize_tag

    tags = [part.strip() for part in value.split(",")]
    if not any(tags):
        raise MsgTemplateError("name at least one locale tag, e.g. en-US")
    seen: dict[str, str] = {}
    for tag in tags:
        if not tag:
            raise MsgTemplateError(f"empty tag in {value!r}")
        canonical = normalize_tag(tag)  # LocaleError (a MsgTemplateError) says why
        if canonical != tag:
            raise MsgTemplateError(f"write {tag!r} as {canonical!r} (canonical BCP 47)")
        same = maximize(tag)
        if same in seen:
            raise MsgTemplateError(f"{tag!r} is the same locale as {seen[same]!r}")
        seen[same] = tag
    return tags
