"""The rule docs in docs/lint-rules.md, made from the registry (a test keeps them in step).

Each rule's section heading is ``MT303 `undeclared-placeholder```, so its GitHub anchor
is ``#mt303-undeclared-placeholder``: stable as long as the code and name are, which is
what SARIF ``helpUri`` links and editors point at.
"""

from __future__ import annotations

from msgtemplate.lint.findings import Rule
from msgtemplate.lint.registry import all_rules

RULES_PAGE = "https://github.com/msgtemplate/msgtemplate/blob/main/docs/lint-rules.md"


def rule_anchor(rule: Rule) -> str:
    """The GitHub anchor of the rule's section (codes and names are ``[a-z0-9-]``)."""
    return f"{rule.code.lower()}-{rule.name}"


def rule_url(rule: Rule) -> str:
    """Where a rule is documented, for SARIF ``helpUri`` and editors."""
    return f"{RULES_PAGE}#{rule_anchor(rule)}"


def rules_table() -> str:
    """A Markdown table: code, name, severity, what it checks."""
    lines = ["| Code | Name | Severity | What it checks |", "|---|---|---|---|"]
    for rule in all_rules():
        summary = rule.summary.replace("|", "\\|")
        code = f"[`{rule.code}`](#{rule_anchor(rule)})"
        lines.append(f"| {code} | `{rule.name}` | {rule.severity} | {summary} |")
    return "\n".join(lines) + "\n"


def rules_reference() -> str:
    """One section per rule: why it exists and an example that triggers it."""
    out: list[str] = []
    for rule in all_rules():
        rationale = " ".join(rule.rationale.split())
        out.append(f"### {rule.code} `{rule.name}`\n")
        out.append(f"*Severity: {rule.severity}.* {rule.summary}\n")
        out.append(f"*Why:* {rationale}\n")
        out.append(f"```yaml\n{rule.example}\n```\n")
    return "\n".join(out)
