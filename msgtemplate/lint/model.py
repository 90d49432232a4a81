"""The lint model: everything rule families read about one document, built once.

As ruff builds its semantic model before any rule runs, the runner builds one
:class:`LintModel` per document (:func:`build_model`): the parsed document, its
source lines, and what the readers make of it (the pack and its problems from
:func:`msgtemplate.pack.read_pack`, or a request body's spec violations). Families
receive it read-only and only *emit* findings, so the order they run in never
matters (a test runs them shuffled).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from msgtemplate.document.source import Document, MappingNode, Node, Pointer
from msgtemplate.lint.findings import Finding, Rule

if TYPE_CHECKING:
    from msgtemplate.api.checks import Violation
    from msgtemplate.pack import Pack, PackProblem

DocumentKind = Literal["pack", "body"]


@dataclass(frozen=True, slots=True)
class RuleOptions:
    """Settings some rules read (from ``[tool.msgtemplate.lint]``, via
    :attr:`msgtemplate.lint.config.LintConfig.rule_options`)."""

    max_length_ratio: float | None = None
    """MT911: one expansion ratio for every length instead of the guidance table."""
    untranslated_allow: frozenset[str] = frozenset()
    """MT910: texts that are the same in every language (brand names)."""


DEFAULT_OPTIONS: RuleOptions = RuleOptions()

_EMPTY: Mapping[str, tuple[str, ...]] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class LintModel:
    """One document as every rule family sees it (immutable; build with :func:`build_model`).

    ``kind`` is ``"pack"`` or ``"body"``. For a pack, ``pack`` is what
    :func:`~msgtemplate.pack.read_pack` could build (None only when it built nothing)
    and ``problems`` every problem it found; ``declared`` maps each template code to
    its parameter names as written (invalid declarations included). For a request
    body, ``violations`` holds what :func:`~msgtemplate.api.checks.check_request_body`
    found. ``lines`` are the source lines as the parser counts them.
    """

    document: Document
    kind: DocumentKind
    pack: Pack | None = None
    problems: tuple[PackProblem, ...] = ()
    declared: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _EMPTY)
    violations: tuple[Violation, ...] = ()
    options: RuleOptions = DEFAULT_OPTIONS

    @property
    def path(self) -> str:
        return self.document.path

    @property
    def lines(self) -> tuple[str, ...]:
        """The source lines as the parser counts them (split on first use: a pack
        without findings never needs them)."""
        return self.document.line_tuple()

    def finding(
        self,
        rule: Rule,
        line: int | None,
        column: int | None,
        message: str,
        *,
        end_line: int | None = None,
        end_column: int | None = None,
    ) -> Finding:
        """A finding of ``rule`` at ``line``:``column`` (1:1 when unknown), on one line."""
        return Finding(
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

    def at_node(self, rule: Rule, node: Node | None, message: str) -> Finding:
        """A finding at ``node`` (1:1 when there is none)."""
        if node is None:
            return self.finding(rule, 1, 1, message)
        return self.finding(rule, node.line, node.column, message)

    def at_pointer(
        self, rule: Rule, pointer: Pointer, message: str, *, key: bool = False
    ) -> Finding:
        """A finding at the node ``pointer`` leads to (its key when ``key`` and it has one)."""
        node = self.document.node_at(pointer)
        if key and pointer and isinstance(pointer[-1], str):
            parent = self.document.node_at(pointer[:-1])
            if isinstance(parent, MappingNode):
                key_node = parent.key_node(pointer[-1])
                if key_node is not None:
                    node = key_node
        return self.at_node(rule, node, message)


def document_kind(document: Document) -> DocumentKind | None:
    """``"pack"`` (top-level ``format`` and ``templates``), ``"body"`` (``templateCode``
    and ``templates``), or None for anything else."""
    root = document.root
    if not isinstance(root, MappingNode):
        return None
    keys = set(root.keys())
    if "templates" in keys and "format" in keys:
        return "pack"
    if "templates" in keys and "templateCode" in keys:
        return "body"
    return None


def build_model(document: Document, options: RuleOptions = DEFAULT_OPTIONS) -> LintModel | None:
    """The model of ``document``, or None when it is neither a pack nor a request body.
    ``options`` are the rule settings of the configuration in force."""
    kind = document_kind(document)
    if kind is None:
        return None
    if kind == "body":
        from msgtemplate.api.checks import check_request_body
        from msgtemplate.document.source import to_python

        violations = check_request_body(to_python(document.root))
        return LintModel(document, kind, violations=tuple(violations), options=options)
    from msgtemplate.lint._walk import declared_names
    from msgtemplate.pack import read_pack

    pack, problems = read_pack(document)
    declared = (
        {code: declared_names(t) for code, t in pack.templates.items()} if pack is not None else {}
    )
    return LintModel(
        document,
        kind,
        pack=pack,
        problems=tuple(problems),
        declared=MappingProxyType(declared),
        options=options,
    )


def _one_line(message: str) -> str:
    # Messages quote user text (keys, values); a finding stays on one line.
    if "\n" in message or "\r" in message:
        return message.replace("\r", "\\r").replace("\n", "\\n")
    return message
