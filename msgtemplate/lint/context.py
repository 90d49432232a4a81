"""What a rule family sees while one file is linted, and how it reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from msgtemplate.lint.findings import Finding, Rule
from msgtemplate.source import Document, MappingNode, Node, Pointer

if TYPE_CHECKING:
    from msgtemplate.pack import Pack


@dataclass(slots=True)
class Context:
    """One file being linted: its document, its pack (for packs) and its findings."""

    document: Document
    kind: str  # "pack" | "body"
    pack: Pack | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.document.path

    def report(
        self,
        rule: Rule,
        line: int | None,
        column: int | None,
        message: str,
        *,
        end_line: int | None = None,
        end_column: int | None = None,
    ) -> None:
        self.findings.append(
            Finding(
                self.path,
                line or 1,
                column or 1,
                rule.code,
                rule.name,
                rule.severity,
                _one_line(message),
                end_line,
                end_column,
            )
        )

    def report_node(self, rule: Rule, node: Node | None, message: str) -> None:
        if node is None:
            self.report(rule, 1, 1, message)
        else:
            self.report(rule, node.line, node.column, message)

    def report_pointer(
        self, rule: Rule, pointer: Pointer, message: str, *, key: bool = False
    ) -> None:
        """Report at the node ``pointer`` leads to (its key when ``key`` and it has one)."""
        node = self.document.node_at(pointer)
        if key and pointer and isinstance(pointer[-1], str):
            parent = self.document.node_at(pointer[:-1])
            if isinstance(parent, MappingNode):
                key_node = parent.key_node(pointer[-1])
                if key_node is not None:
                    node = key_node
        self.report_node(rule, node, message)


def _one_line(message: str) -> str:
    # Messages quote user text (keys, values); a finding stays on one line.
    if "\n" in message or "\r" in message:
        return message.replace("\r", "\\r").replace("\n", "\\n")
    return message
