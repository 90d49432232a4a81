"""Options shared by commands: ``--param k=v``, ``--params-file F``, ``--locale L``.

Parameter values are user input on their way into a message, so they are checked
where they come in, each refusal one line naming the parameter (exit 2):

* text that is not UTF-8: undecodable bytes in a command-line argument (which
  Python keeps as lone surrogates) or a lone ``\\ud800`` escape in the file would
  otherwise crash the JSON encoder or be written out as invalid UTF-8;
* a parameters file is read like a pack (:mod:`msgtemplate.document.source`): not UTF-8,
  bad JSON, duplicate keys (JSON loaders silently keep the last) all point at
  ``path:line:col``;
* a name the template does not declare (a typo such as ``amonut``) is refused with a
  did-you-mean, instead of being ignored while an example or nothing fills the
  real parameter.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from msgtemplate.errors import SourceError

if TYPE_CHECKING:
    from msgtemplate.pack import PackTemplate


def add_param_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter value (repeatable); VALUE is taken literally",
    )
    parser.add_argument(
        "--params-file",
        metavar="FILE",
        help="a JSON object of parameter values; --param wins over it",
    )


def add_locale_option(parser: argparse.ArgumentParser, help: str) -> None:
    """``--locale/-l TAG``, repeatable, best first; collected into ``args.locale``."""
    parser.add_argument("--locale", "-l", action="append", default=[], metavar="TAG", help=help)


def bad_locale(tags: Sequence[str]) -> str | None:
    """Why one of the ``--locale`` tags is malformed, or None. The CLI checks every
    command's ``--locale`` with this before running it (exit 2, the same words
    everywhere); tags are kept as the user spelled them."""
    from msgtemplate.locales import LocaleError, check_reader_tag

    for tag in tags:
        try:
            check_reader_tag(tag)
        except LocaleError as exc:
            return f"--locale: {exc}"
    return None


def notice_unmatched(template: PackTemplate, tags: Sequence[str]) -> None:
    """A one-line notice on stderr when no variant of ``template`` is near any of the
    well-formed ``tags``: the reader gets the default locale, and should know it."""
    if not tags or template.matcher.find(tags, template.default_locale) is not None:
        return
    asked = ", ".join(tags)
    print(
        f"msgtemplate: notice: no variant of {template.code} is near --locale {asked}; "
        f"using {template.default_locale} (the default locale)",
        file=sys.stderr,
    )


@dataclass(frozen=True)
class Origin:
    """Where a parameter's name was given: ``--param`` or a key of the parameters file."""

    option: str | None = None
    path: str | None = None
    line: int | None = None
    column: int | None = None

    def error(self, message: str) -> SourceError:
        if self.option is not None:
            return SourceError(f"{self.option}: {message}")
        return SourceError(message, path=self.path, line=self.line, column=self.column)


@dataclass
class GivenParams:
    """Values from ``--params-file`` and ``--param`` (the latter wins), and where each
    name was given, so that a later refusal can point at it."""

    values: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)

    def refuse_undeclared(self, declared: Collection[str], what: str) -> None:
        """Raise for the first name not in ``declared``, with a did-you-mean.

        ``what`` names the declaring side: "template TP_PAID declares no parameter ...".
        """
        from msgtemplate._text.suggest import did_you_mean

        for name, origin in self.origins.items():
            if name in declared:
                continue
            hint = did_you_mean(name, declared)
            if not hint:
                hint = f"; it declares {_listed(declared)}" if declared else "; it declares none"
            raise origin.error(f"{what} declares no parameter {shown(name)}{hint}")


def given_params(args: argparse.Namespace) -> GivenParams:
    """``--params-file`` then ``--param``, each name and value checked (see module doc)."""
    given = GivenParams()
    if args.params_file:
        _read_params_file(args.params_file, given)
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise SourceError(f"--param expects NAME=VALUE, got {shown(item)}")
        check_text(name, f"--param {shown(name)}: the name")
        check_text(value, f"--param {name}: the value")
        given.values[name] = value
        given.origins[name] = Origin(option=f"--param {name}")
    return given


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(text: str, what: str) -> None:
    """Refuse ``text`` (from the command line) unless UTF-8 can carry it: ``what``
    starts the one-line message, e.g. ``"--param who: the value"``."""
    match = _SURROGATE.search(text)
    if match is None:
        return
    char = match.group()
    if "\udc80" <= char <= "\udcff":
        # How Python keeps an argument's undecodable byte (PEP 383, surrogateescape).
        problem = f"is not valid UTF-8 (byte 0x{ord(char) - 0xDC00:02x}"
    else:
        problem = f"holds a lone surrogate (U+{ord(char):04X}"
    raise SourceError(f"{what} {problem} at character {match.start() + 1})")


def _read_params_file(path: str, given: GivenParams) -> None:
    from msgtemplate.document.source import (
        MAX_FILE_BYTES,
        DocumentError,
        MappingNode,
        ScalarNode,
        SequenceNode,
        decode,
        parse_document,
    )

    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SourceError(f"cannot read parameters file: {reason}", path=path) from None
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(
            f"a parameters file is at most {MAX_FILE_BYTES:,} bytes; refusing to read it",
            path=path,
        )
    # Read like a pack: not UTF-8, bad JSON, a lone "\ud800" escape are DocumentErrors
    # at path:line:col, and duplicate keys are kept so that they can be refused.
    try:
        root = parse_document(decode(data, path), path, "json").root
    except DocumentError as exc:
        name = (
            _holder_of_non_text(data) if exc.kind == "encoding" or "surrogate" in str(exc) else None
        )
        if name is None:
            raise
        raise SourceError(
            f"parameter {shown(name)}: {exc.message}", path=path, line=exc.line, column=exc.column
        ) from None
    if not isinstance(root, MappingNode):
        line, column = (root.line, root.column) if root is not None else (1, 1)
        raise SourceError(
            "a parameters file must hold a JSON object", path=path, line=line, column=column
        )
    for repeated, first in root.duplicates():
        raise SourceError(
            f"duplicate parameter {repeated.text!r} (first given at line {first.line}, "
            f"column {first.column}); JSON loaders would keep only the last value",
            path=path,
            line=repeated.line,
            column=repeated.column,
        )
    for key, node in root.items:
        value = node.value if isinstance(node, ScalarNode) else None
        if not isinstance(node, ScalarNode) or value is None or isinstance(value, bool):
            kind = (
                "object"
                if isinstance(node, MappingNode)
                else "array"
                if isinstance(node, SequenceNode)
                else "boolean"
                if isinstance(value, bool)
                else "null"
            )
            raise SourceError(
                f"parameter {key.text!r} is a JSON {kind}; values are strings or numbers",
                path=path,
                line=node.line,
                column=node.column,
            )
        # A number keeps its digits as written: 1.50 stays "1.50", not 1.5.
        given.values[key.text] = Decimal(node.text) if isinstance(value, float) else value
        given.origins[key.text] = Origin(path=path, line=key.line, column=key.column)


def _holder_of_non_text(data: bytes) -> str | None:
    """The parameter whose name or value holds bytes that are not UTF-8 or a lone
    surrogate escape (to name it in the refusal), when the rest of the file allows
    telling: Python's own JSON reader lets both through."""
    import json

    try:
        pairs = json.loads(data.decode("utf-8-sig", "surrogateescape"), object_pairs_hook=list)
    except ValueError:
        return None
    if not isinstance(pairs, list):
        return None
    for key, value in pairs:
        if _SURROGATE.search(key) or (isinstance(value, str) and _SURROGATE.search(value)):
            return str(key)
    return None


def shown(text: str) -> str:
    """``text`` quoted for a one-line message: an undecodable byte as ``\\xff``,
    other surrogates and non-printable characters as escapes."""
    out = []
    for char in text:
        if "\udc80" <= char <= "\udcff":
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif char == "'":
            out.append("\\'")
        elif char == "\\" or not char.isprintable():
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "'" + "".join(out) + "'"


def _listed(names: Collection[str]) -> str:
    listed = ", ".join(shown(n) for n in list(names)[:8])
    return listed + (", ..." if len(names) > 8 else "")
