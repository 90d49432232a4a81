"""Output formats over one list of findings: text, json, sarif (2.1.0), github."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from msgtemplate._text.charsets import showable
from msgtemplate._text.excerpt import caret_padding, window
from msgtemplate._version import __version__
from msgtemplate.lint.docs import rule_url
from msgtemplate.lint.findings import Finding, Rule, display_path
from msgtemplate.lint.runner import LintResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render_text(result: LintResult, *, fail_messages: Sequence[str] = ()) -> str:
    """ruff-like: ``path:line:col: CODE message``, the line, a caret; then a summary."""
    out: list[str] = []
    for f in result.findings:
        out.append(f"{display_path(f.path)}:{f.line}:{f.column}: {f.code} {f.message}")
        lines = result.sources.get(f.path)
        if lines is not None and 0 < f.line <= len(lines):
            # Cut first: showable keeps columns, and a one-line 400 KB body with a
            # finding per placeholder must not be translated whole for each finding.
            shown, column = window(lines[f.line - 1], f.column, ellipsis="...")
            source = showable(shown)
            out.append(f"    {source}")
            out.append(f"    {caret_padding(source, column)}^")
    out.extend(fail_messages)
    out.append(summary(result))
    return "\n".join(out) + "\n"


def summary(result: LintResult) -> str:
    errors, warnings = result.count("error"), result.count("warning")
    if not result.findings:
        if not result.errors:
            return "All checks passed."
        # Never "clean" next to an input that was not read at all.
        n = len(result.errors)
        return f"Not checked: {n} {_plural(n, 'input')} could not be read (see stderr)."
    files = len({f.path for f in result.findings})
    infos = result.count("info")
    also = f", {infos} {_plural(infos, 'note')}" if infos else ""
    return (
        f"Found {errors} {_plural(errors, 'error')}, {warnings} {_plural(warnings, 'warning')}"
        f"{also} in {files} {_plural(files, 'file')}."
    )


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def render_json(result: LintResult) -> str:
    return json.dumps([f.as_dict() for f in result.findings], ensure_ascii=False, indent=2) + "\n"


def render_github(result: LintResult) -> str:
    """GitHub Actions workflow commands, one per finding."""
    lines = []
    for f in result.findings:
        command = {"error": "error", "warning": "warning"}.get(f.severity, "notice")
        props = (
            f"file={_gh_property(display_path(f.path))},line={f.line},col={f.column},"
            f"title={_gh_property(f'{f.code} ({f.name})')}"
        )
        lines.append(f"::{command} {props}::{_gh_data(f.message)}")
    return "".join(line + "\n" for line in lines)


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_sarif(result: LintResult, rules: Sequence[Rule], *, base: Path | None = None) -> str:
    """SARIF 2.1.0: one run, every registered rule, one result per finding."""
    base = base or Path.cwd()
    index = {rule.code: i for i, rule in enumerate(rules)}
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "msgtemplate",
                        "version": __version__,
                        "informationUri": "https://github.com/msgtemplate/msgtemplate",
                        "rules": [_sarif_rule(rule) for rule in rules],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": base.resolve().as_uri() + "/"}},
                "results": [_sarif_result(f, index, base) for f in result.findings],
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


def _sarif_rule(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "helpUri": rule_url(rule),
        "defaultConfiguration": {"level": _level(rule.severity)},
    }


def _sarif_result(f: Finding, index: dict[str, int], base: Path) -> dict[str, object]:
    region: dict[str, int] = {"startLine": f.line, "startColumn": f.column}
    if f.end_line is not None and f.end_column is not None:
        region.update(endLine=f.end_line, endColumn=f.end_column)
    uri = _uri(f.path, base)
    location: dict[str, object] = {"uri": uri}
    if not uri.startswith("file:"):
        location["uriBaseId"] = "%SRCROOT%"
    out: dict[str, object] = {
        "ruleId": f.code,
        "level": _level(f.severity),
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": region}}],
    }
    if f.code in index:
        out["ruleIndex"] = index[f.code]
    return out


def _uri(path: str, base: Path) -> str:
    absolute = Path(path).resolve()
    try:
        relative = absolute.relative_to(base.resolve())
    except ValueError:
        return absolute.as_uri()
    # Percent-encoded bytes: a name that is not UTF-8 keeps its exact bytes.
    return quote(os.fsencode(relative.as_posix()))


def _level(severity: str) -> str:
    return {"error": "error", "warning": "warning"}.get(severity, "note")
