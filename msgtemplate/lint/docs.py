"""The README's rule table, made from the registry (a test keeps README.md in step)."""

from __future__ import annotations

from msgtemplate.lint.registry import all_rules


def rules_table() -> str:
    """A Markdown table: code, name, severity, what it checks."""
    lines = ["| Code | Name | Severity | What it checks |", "|---|---|---|---|"]
    for rule in all_rules():
        summary = rule.summary.replace("|", "\\|")
        lines.append(f"| `{rule.code}` | `{rule.name}` | {rule.severity} | {summary} |")
    return "\n".join(lines) + "\n"


def rules_reference() -> str:
    """One section per rule: why it exists and an example that triggers it."""
    out: list[str] = []
    for rule in all_rules():
        rationale = " ".join(rule.rationale.split())
        out.append(f"#### {rule.code} `{rule.name}` ({rule.severity})\n")
        out.append(f"{rule.summary}\n")
        out.append(f"*Why:* {rationale}\n")
        out.append(f"```yaml\n{rule.example}\n```\n")
    return "\n".join(out)
