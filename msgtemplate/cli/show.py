"""``msgtemplate show PACK CODE``: everything about one template, as written.

Channel, redirectUrl, each parameter with its type, options and example, each
locale's title and body as written (not rendered: ``preview`` renders), and the
lint findings inside the template (``[tool.msgtemplate.lint]`` and ``# noqa``
apply, as for ``lint``). ``--format json`` prints the same as data.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from msgtemplate.cli.exits import EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from msgtemplate.formatting import ParameterSpec
    from msgtemplate.lint import Finding
    from msgtemplate.pack import Pack, PackTemplate, Variant


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "show",
        help="show one template of a pack as written, with its lint findings",
        description=(
            "Show template CODE of PACK: channel, redirectUrl, parameters (type, "
            "options, example), each locale's title and body as written, and the lint "
            "findings inside it."
        ),
    )
    parser.add_argument("pack", metavar="PACK", help="a pack file (.yaml, .yml, .json)")
    parser.add_argument("code", metavar="CODE", help="the template's code")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from msgtemplate.cli._output import write_json, write_text
    from msgtemplate.cli._packs import note_problems, read_leniently
    from msgtemplate.errors import SourceError
    from msgtemplate.lint import LintConfigError

    try:
        pack, problems = read_leniently(args.pack)
        template = pack.template(args.code)
        findings = _findings(pack, template)
    except (SourceError, LintConfigError) as exc:
        print(f"msgtemplate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    data = describe(pack, template, findings)
    others = [p for p in problems if not _inside(pack, template, p.line)]
    note_problems(args.pack, others)
    if args.format == "json":
        write_json(data)
    else:
        write_text(render_text(data))
    return EXIT_OK


def _findings(pack: Pack, template: PackTemplate) -> list[Finding]:
    from msgtemplate.lint import all_rules, lint_paths, load_config

    config = load_config().validated(rule.code for rule in all_rules())
    result = lint_paths([pack.path], config)
    return [f for f in result.findings if _inside(pack, template, f.line)]


def _inside(pack: Pack, template: PackTemplate, line: int) -> bool:
    return pack.template_at(line) is template


def describe(pack: Pack, template: PackTemplate, findings: list[Finding]) -> dict[str, Any]:
    """One template as data (what ``--format json`` prints)."""
    redirect = template.redirect_url
    return {
        "path": pack.path,
        "line": template.line,
        "column": template.column,
        "code": template.code,
        "name": template.name,
        "channel": template.channel,
        "redirectUrl": redirect.text if redirect is not None else None,
        "defaultLocale": template.default_locale,
        "parameters": {name: _parameter(spec) for name, spec in template.parameters.items()},
        "content": {locale: _variant(variant) for locale, variant in template.content.items()},
        "findings": [finding.as_dict() for finding in findings],
    }


def _variant(variant: Variant) -> dict[str, Any]:
    out: dict[str, Any] = {
        "line": variant.line,
        "title": variant.title.text if variant.title is not None else None,
        "body": variant.body.text,
    }
    if variant.forms:  # count and select phrases, as written
        out["forms"] = {name: dict(f.phrases) for name, f in variant.forms.items()}
    return out


def _parameter(spec: ParameterSpec) -> dict[str, Any]:
    from msgtemplate.formatting import TYPE_OPTIONS

    out: dict[str, Any] = {"type": spec.type}
    options = TYPE_OPTIONS.get(spec.type, frozenset())
    if "maxLength" in options:
        out["maxLength"] = spec.max_length
    if "currency" in options:
        out["currency"] = spec.currency
    if "style" in options:
        out["style"] = spec.style
    if "timezone" in options:
        out["timezone"] = spec.timezone
    if "values" in options:
        out["values"] = list(spec.values or ())
    out["example"] = _plain(spec.example)
    out["description"] = spec.description
    return out


def _plain(value: object) -> object:
    """An example as JSON data: dates, times and decimals as the text ISO writes."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else str(value)


def render_text(data: dict[str, Any]) -> str:
    """The text report of :func:`describe`'s data."""
    from msgtemplate.cli._output import one_line, pad

    name = f"  ({one_line(data['name'])})" if data["name"] else ""
    out = [
        f"{one_line(data['code'])} \u00b7 {one_line(data['channel'])}{name}",
        f"  {one_line(data['path'])}:{data['line']}:{data['column']}",
    ]
    if data["redirectUrl"] is not None:
        out.append(f"  redirectUrl: {one_line(data['redirectUrl'])}")
    out.append("")
    parameters = data["parameters"]
    out.append("parameters" if parameters else "parameters: none")
    width = max((len(n) for n in parameters), default=0)
    for param, spec in parameters.items():
        details = [str(spec["type"])]
        for option in ("maxLength", "currency", "style", "timezone"):
            if option in spec and spec[option] is not None:
                details.append(f"{option} {spec[option]}")
        if spec["example"] is not None:
            details.append(f"example {one_line(str(spec['example']))}")
        line = f"  {pad(param, width)}  {', '.join(details)}"
        if spec["description"]:
            line += f"  \u2014 {one_line(spec['description'])}"
        out.append(line)
    out.append("")
    count = len(data["content"])
    default = f", default {data['defaultLocale']}" if data["defaultLocale"] else ""
    out.append(f"content ({count} locale{'s' if count != 1 else ''}{default})")
    for locale, variant in data["content"].items():
        out.append(f"  {one_line(locale)}")
        if variant["title"] is not None:
            out.extend(_labelled("title", variant["title"]))
        out.extend(_labelled("body", variant["body"]))
    out.append("")
    findings = data["findings"]
    if not findings:
        out.append("lint: no findings")
    else:
        out.append(f"lint: {len(findings)} finding{'s' if len(findings) != 1 else ''}")
        places = [f"{f['line']}:{f['column']}" for f in findings]
        width = max(len(place) for place in places)
        for place, finding in zip(places, findings, strict=True):
            out.append(
                f"  {place:<{width}}  {finding['code']} {finding['severity']:<7}  "
                f"{one_line(finding['message'])}"
            )
    return "\n".join(out) + "\n"


def _labelled(label: str, text: str) -> list[str]:
    """``title  text``; a text of several lines continues under the first."""
    from msgtemplate.cli._output import one_line

    lines = text.split("\n")
    first = f"    {label:<5}  {one_line(lines[0])}"
    return [first, *(f"           {one_line(line)}" for line in lines[1:])]
