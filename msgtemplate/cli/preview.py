"""``msgtemplate preview PACK CODE``: show what a user will read, per locale.

Text output is for people: a header (code, locale, channel), the title set apart
from the body, where a tap leads, and which parameters fell back to their schema
``example``. Right-to-left variants (Arabic, Hebrew...) have each line wrapped in
Unicode isolates (RLI ... PDI) after the indent, so terminals that implement the
bidirectional algorithm lay them out right to left with embedded numbers and Latin
in place; ``--bidi none`` prints the bare text. ``--format json`` prints data.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from msgtemplate._text.excerpt import display_width
from msgtemplate.cli._output import write_json
from msgtemplate.cli._params import (
    add_locale_option,
    add_param_options,
    given_params,
    notice_unmatched,
)
from msgtemplate.cli.exits import EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from msgtemplate.pack import Pack, PackTemplate, RenderedMessage

RLI, PDI = "\u2067", "\u2069"
_RULE = "\u2500"


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "preview",
        help="show a pack template as a user will read it",
        description=(
            "Render template CODE of PACK for a reader of --locale (CLDR language matching, "
            "then the pack's fallback.languages and defaultLocale). Parameters not given "
            "use their schema example."
        ),
    )
    parser.add_argument("pack", metavar="PACK", help="a pack file (.yaml, .yml, .json)")
    parser.add_argument("code", metavar="CODE", help="the template's code")
    add_locale_option(
        parser, help="the reader's locale (repeatable, in preference order), e.g. zh-TW"
    )
    add_param_options(parser)
    parser.add_argument(
        "--all-locales", action="store_true", help="render every variant of the template"
    )
    parser.add_argument(
        "--all-forms",
        action="store_true",
        help="for count and select parameters, show the phrase of every plural category "
        "(with a CLDR sample number) and every value, not only the example's",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="say why a variant won: CLDR language distance, in words and figures",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--bidi",
        choices=("auto", "isolate", "none"),
        default="auto",
        help="wrap right-to-left lines in Unicode isolates: auto (when writing to a "
        "terminal), isolate (always) or none",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from msgtemplate.cli._output import write_text
    from msgtemplate.errors import MsgTemplateError, SourceError
    from msgtemplate.formatting import ParameterError
    from msgtemplate.locales import LocaleError
    from msgtemplate.pack import PackError, load_pack

    try:
        pack = load_pack(args.pack)
        template = pack.template(args.code)
        given = given_params(args)
        given.refuse_undeclared(template.parameters, f"template {template.code}")
        params, from_examples = _with_examples(template, given.values)
        results = _render_all(pack, template, args, params)
        refused = _refused_by_payload(pack, template, args, params)
    except PackError as exc:
        _report_pack_error(exc)
        return EXIT_USAGE
    except ParameterError as exc:
        hint = f" (pass --param {exc.parameter}=VALUE)" if "no value" in exc.reason else ""
        print(f"msgtemplate: {exc}{hint}", file=sys.stderr)
        return EXIT_USAGE
    except LocaleError as exc:
        print(f"msgtemplate: --locale: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (SourceError, MsgTemplateError) as exc:
        print(f"msgtemplate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for code, message in refused:
        warning = f"msgtemplate: warning: {code} {message} (payload and send refuse it)"
        print(warning, file=sys.stderr)
    if args.format == "json":
        items = [_as_json(template, m, from_examples, args, e) for m, e in results]
        if args.all_forms:
            for item, (shown, _) in zip(items, results, strict=True):
                item["forms"] = {
                    name: [{"key": k, "value": v, "text": t} for k, v, t in rows]
                    for name, _kind, rows in _form_rows(template, shown.locale)
                }
        out: object = items if args.all_locales else items[0]
        write_json(out)
        return EXIT_OK
    isolate = args.bidi == "isolate" or (args.bidi == "auto" and sys.stdout.isatty())
    blocks = [_as_text(template, m, e, isolate, args.explain) for m, e in results]
    if args.all_forms:
        blocks = [
            block + _forms_text(template, shown.locale, isolate)
            for block, (shown, _) in zip(blocks, results, strict=True)
        ]
    text = "\n\n".join(blocks) + "\n"
    if from_examples:
        text += f"\n(using example values for: {', '.join(from_examples)})\n"
    write_text(text)  # the pack's text, with any control character made visible
    return EXIT_OK


def _refused_by_payload(
    pack: Pack, template: PackTemplate, args: argparse.Namespace, params: dict[str, Any]
) -> list[tuple[str, str]]:
    """What ``payload``/``send`` would refuse in these values (a bidirectional control,
    MT602), checked as they would travel: formatted for every language shown or sent.

    Each problem once, naming its languages (a value is the same in all of them).
    """
    from msgtemplate.api.checks import BIDI_CONTROL, check_request_body
    from msgtemplate.lint.body import rule_of
    from msgtemplate.pack.request import group_violations

    languages = list(template.languages_for(args.locale))
    if args.all_locales:
        languages += [key for key in template.content if key not in languages]
    values = pack.template_parameters
    templates = [
        {"language": key, "templateParameters": values(template.code, key, params)}
        for key in languages
    ]
    violations = [v for v in check_request_body({"templates": templates}) if v.kind == BIDI_CONTROL]
    return [(rule_of(v).code, message) for v, message in group_violations(violations, languages)]


def _with_examples(
    template: PackTemplate, given: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Fill declared parameters that were not given from their ``example``."""
    examples = {k: v for k, v in template.example_values().items() if k not in given}
    return {**given, **examples}, list(examples)


def _render_all(
    pack: Pack, template: PackTemplate, args: argparse.Namespace, params: dict[str, Any]
) -> list[tuple[RenderedMessage, Any]]:
    if args.all_locales:
        return [(pack.render(template.code, key, params), None) for key in template.content]
    notice_unmatched(template, args.locale)
    message = pack.render(template.code, args.locale, params)
    explanation = None
    if args.explain:
        explanation = template.matcher.explain(args.locale, template.default_locale)
    return [(message, explanation)]


def _report_pack_error(exc: Exception) -> None:
    from msgtemplate.pack import PackError

    assert isinstance(exc, PackError)
    if len(exc.problems) <= 1:
        print(f"msgtemplate: {exc}", file=sys.stderr)
        return
    for problem in exc.problems:
        print(
            f"msgtemplate: {exc.path}:{problem.line}:{problem.column}: {problem.message}",
            file=sys.stderr,
        )


def _is_rtl(tag: str) -> bool:
    from msgtemplate.errors import MsgTemplateError
    from msgtemplate.locales import babel_locale

    try:
        return bool(babel_locale(tag).text_direction == "rtl")
    except MsgTemplateError:
        return False


def _as_text(
    template: PackTemplate,
    message: RenderedMessage,
    explanation: Any,
    isolate: bool,
    explain: bool,
) -> str:
    rtl = _is_rtl(message.locale)

    def show(text: str) -> list[str]:
        lines = text.split("\n")
        if rtl and isolate:
            return [f"  {RLI}{line}{PDI}" if line else "" for line in lines]
        return [f"  {line}" if line else "" for line in lines]

    name = f"  ({template.name})" if template.name else ""
    direction = ", right-to-left" if rtl else ""
    out = [f"{message.code} \u00b7 {message.locale}{direction} \u00b7 {template.channel}{name}"]
    if explain:
        out.extend(_explain_lines(message, explanation))
    out.append("")
    if message.title is not None:
        out.extend(show(message.title))
        widest = max(display_width(line) for line in message.title.split("\n"))
        out.append("  " + _RULE * max(widest, 3))
    out.extend(show(message.body))
    if message.redirect_url is not None:
        out.append("")
        out.append(f"  \u2192 opens {message.redirect_url}")
    return "\n".join(out)


def _form_rows(
    template: PackTemplate, locale: str
) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """For each count/select parameter the variant has forms for: (name, type, rows),
    a row being (category or exact key or value, the number or value, the text)."""
    from msgtemplate.formatting import compile_forms, plural_categories
    from msgtemplate.formatting.forms import exact_value, sample_number
    from msgtemplate.locales import normalize_tag

    variant = template.content[locale]
    tag = normalize_tag(locale)
    out = []
    for name, spec in template.parameters.items():
        forms = variant.forms.get(name)
        if forms is None or spec.type not in ("count", "select"):
            continue
        phrase = compile_forms(spec, tag, forms.phrases)
        rows: list[tuple[str, str, str]] = []
        if spec.type == "select":
            rows = [(value, value, phrase(value)) for value in spec.values or ()]
        else:
            for key in forms.phrases:
                exact = exact_value(key)
                if exact is not None:
                    rows.append((key, str(exact), phrase(str(exact))))
            for category in plural_categories(tag):
                number = sample_number(tag, category)
                rows.append((category, number, phrase(number)))
        out.append((name, spec.type, rows))
    return out


def _forms_text(template: PackTemplate, locale: str, isolate: bool) -> str:
    rtl = _is_rtl(locale)
    lines: list[str] = []
    for name, kind, rows in _form_rows(template, locale):
        what = "plural category, with a CLDR sample number" if kind == "count" else "value"
        lines += ["", f"  ${{{name}}} by {what}:"]
        key_width = max(len(k) for k, _, _ in rows)
        value_width = max(len(v) for _, v, _ in rows)
        for key, value, text in rows:
            shown = f"{RLI}{text}{PDI}" if rtl and isolate else text
            middle = f"{value:<{value_width}}  " if kind == "count" else ""
            lines.append(f"    {key:<{key_width}}  {middle}{shown}")
    return "\n" + "\n".join(lines) if lines else ""


def _explain_lines(message: RenderedMessage, explanation: Any) -> list[str]:
    if explanation is None:  # --all-locales: each variant is shown as itself
        return [f"  variant {message.locale}, shown with --all-locales"]
    return ["  " + line for line in explanation.describe().splitlines()]


def _as_json(
    template: PackTemplate,
    message: RenderedMessage,
    from_examples: list[str],
    args: argparse.Namespace,
    explanation: Any,
) -> dict[str, object]:
    item: dict[str, object] = {
        "code": message.code,
        "name": template.name,
        "channel": template.channel,
        "locale": message.locale,
        "title": message.title,
        "body": message.body,
        "redirectUrl": message.redirect_url,
        "chain": list(message.chain),
        "exampleValues": from_examples,
    }
    if args.explain and explanation is not None:
        item["explanation"] = {
            "requested": list(explanation.requested),
            "available": list(explanation.available),
            "winner": explanation.winner,
            "how": explanation.how,
            "matchedRequest": explanation.matched_request,
            "distance": explanation.distance,
            "reason": explanation.reason,
            "crossScript": explanation.cross_script,
            "candidates": [
                {
                    "requested": c.requested,
                    "nearest": c.nearest,
                    "distance": c.distance.total if c.distance is not None else None,
                    "reason": c.distance.describe() if c.distance is not None else None,
                    "note": c.note,
                }
                for c in explanation.candidates
            ],
            "chains": [list(c) for c in explanation.chains],
        }
    return item
