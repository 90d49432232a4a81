"""``read_pack``: a positioned document -> the pack model and every problem in it.

Lenient by design: the linter wants *all* problems, so a broken template, variant or
parameter is skipped (or kept without its compiled text) and reading goes on. The
shape comes from :mod:`msgtemplate.pack.schema`; this module adds what values
mean: locale tags, parameter declarations (``formatting.read_declaration``),
template syntax (positioned at the ``$`` in the file), duplicate codes and the
default locale's presence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from msgtemplate.api import spec
from msgtemplate.document._gc import gc_paused
from msgtemplate.document.source import (
    Document,
    Entry,
    MappingNode,
    Node,
    Pointer,
    ScalarNode,
    SequenceNode,
    to_python,
)
from msgtemplate.formatting import (
    OPTION_KEYS,
    DeclarationError,
    ParameterSpec,
    read_declaration,
)
from msgtemplate.locales import LocaleError, maximize, normalize_tag
from msgtemplate.pack.model import NO_FALLBACK, FallbackPolicy, Pack, PackTemplate
from msgtemplate.pack.positions import SourceLines, TextLocator
from msgtemplate.pack.problems import PackProblem
from msgtemplate.pack.schema import check_structure, string_value
from msgtemplate.pack.variant import FormSet, TemplateText, Variant
from msgtemplate.template.compiled import Template
from msgtemplate.template.syntax import NAME_PATTERN, TemplateSyntaxError

# Options whose value is text: a YAML plain scalar keeps what was written.
_TEXT_OPTIONS = frozenset({"type", "currency", "style", "timezone", "description"})
# Types whose example is text-like: `example: 0042` is "0042", `example: 14:30` is
# "14:30" (YAML 1.1 would read the number 870); a count's `example: 1.50` keeps its
# digits (the plural category depends on them).
_TEXT_EXAMPLE_TYPES = frozenset({"string", "time", "count", "select"})
# Texts a variant's sourceHash may record (the rest is the schema's to report).
_HASHED_FIELDS = frozenset({"title", "body"})
# Most variants have no forms and no sourceHash: they share one empty, read-only mapping.
_NONE: Mapping[str, Any] = MappingProxyType({})


def read_pack(document: Document) -> tuple[Pack | None, list[PackProblem]]:
    """The pack in ``document`` (as much as could be built) and every problem found.

    Never raises for any document: problems are data. The pack is None only when
    the root is not a mapping (an empty file, a list, a scalar). Problems come in
    file order.
    """
    problems = check_structure(document)
    root = document.root
    if not isinstance(root, MappingNode):
        if root is not None and not problems:  # pragma: no cover - schema reports it
            raise AssertionError("a non-mapping root must be a problem")
        return None, problems
    reader = _Reader(document)
    with gc_paused():  # thousands of small, acyclic objects: see msgtemplate.document._gc
        pack = reader.read(root)
    problems.extend(reader.problems)
    problems.sort(key=lambda p: (p.line, p.column))
    return pack, problems


@dataclass
class _Reader:
    document: Document
    problems: list[PackProblem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.strict = self.document.format == "json"
        self.lines = SourceLines(self.document)
        self.default_locale: str | None = None
        self.default_max: str | None = None
        self.fallback = NO_FALLBACK
        self.specs: dict[tuple[object, ...], ParameterSpec] = {}

    def problem(self, kind: str, message: str, node: Node, pointer: Pointer) -> None:
        self.problems.append(PackProblem(kind, message, node.line, node.column, pointer))

    def text(self, node: Entry | None) -> str | None:
        return string_value(node, self.strict)

    # --- the pack ---------------------------------------------------------------

    def read(self, root: MappingNode) -> Pack:
        fmt = root.get("format")
        version = fmt.value if isinstance(fmt, ScalarNode) else None
        default_node = root.get("defaultLocale")
        default = self.text(default_node)
        if default is not None and default_node is not None:
            try:
                self.default_max = maximize(normalize_tag(default))
                self.default_locale = default
            except LocaleError as exc:
                self.problem(
                    "bad-locale", f"defaultLocale: {exc.reason}", default_node, ("defaultLocale",)
                )
        self.fallback = self.fallback_policy(root.get("fallback"))
        templates: dict[str, PackTemplate] = {}
        first_code: dict[str, MappingNode] = {}
        listed = root.get("templates")
        if isinstance(listed, SequenceNode):
            for index, item in enumerate(listed.items):
                if isinstance(item, MappingNode):
                    template = self.template(item, ("templates", index), first_code)
                    if template is not None:
                        templates[template.code] = template
        return Pack(
            path=self.document.path,
            format_version=version if isinstance(version, int) else 0,
            default_locale=default or "",
            app_id=self.text(root.get("appId")),
            templates=templates,
            document=self.document,
            fallback=self.fallback,
        )

    # --- the fallback block -------------------------------------------------------

    def fallback_policy(self, node: Node | None) -> FallbackPolicy:
        """The ``fallback:`` block (its shape is the schema's; this checks the codes)."""
        if not isinstance(node, MappingNode):
            return NO_FALLBACK
        cross = node.get("crossScript")
        cross_script = isinstance(cross, ScalarNode) and cross.value is True
        languages: dict[str, tuple[str, ...]] = {}
        listed = node.get("languages")
        if isinstance(listed, MappingNode):
            for key, value in listed.last_items():
                where: Pointer = ("fallback", "languages", key.text)
                language = self.fallback_language(key.text, key, where)
                if language is None or not isinstance(value, SequenceNode):
                    continue
                targets = []
                for index, item in enumerate(value.items):
                    text = self.text(item)
                    if text is not None:
                        target = self.fallback_language(text, item, (*where, index))
                        if target is not None and target != language:
                            targets.append(target)
                languages[language] = tuple(dict.fromkeys(targets))
        return FallbackPolicy(cross_script=cross_script, languages=languages)

    def fallback_language(self, text: str, node: Node, pointer: Pointer) -> str | None:
        """``text`` as a canonical language code, or None after reporting why not."""
        try:
            canonical = normalize_tag(text)
        except LocaleError as exc:
            self.problem("bad-locale", f"fallback language: {exc.reason}", node, pointer)
            return None
        if "-" in canonical:
            language = canonical.split("-")[0]
            self.problem(
                "bad-locale",
                f"fallback language {text!r}: a language code without script or region "
                f"(such as {language!r}); the reader's own script and region are kept",
                node,
                pointer,
            )
            return None
        return canonical

    # --- one template -------------------------------------------------------------

    def template(
        self, node: MappingNode, pointer: Pointer, first_code: dict[str, MappingNode]
    ) -> PackTemplate | None:
        code_entry = node.entry("code")
        code = self.text(code_entry)
        if code is None:
            return None  # reported by the schema (missing, or not a string)
        duplicate = code in first_code
        if duplicate:
            # Nodes only for the problem (the template mapping with each first code).
            first, code_node = first_code[code].get("code"), node.get("code")
            assert first is not None
            assert code_node is not None
            self.problem(
                "duplicate-code",
                f"template code {code!r} is used twice (first at line {first.line}, "
                f"column {first.column})",
                code_node,
                (*pointer, "code"),
            )
        else:
            first_code[code] = node
        channel = self.text(node.entry("channel")) or ""
        if channel in spec.REDIRECT_REQUIRED_CHANNELS and node.entry("redirectUrl") is None:
            self.problem(
                "missing-redirect",
                f"missing required key 'redirectUrl' in template: {channel} messages open "
                "a page when tapped",
                node,
                pointer,
            )
        redirect = self.template_text(
            node, "redirectUrl", (*pointer, "redirectUrl"), f"redirectUrl of {code}"
        )
        parameters = self.parameters(node.get("parameters"), (*pointer, "parameters"))
        content, default_key = self.content(node, (*pointer, "content"), code)
        if duplicate:  # read for its problems, but the first template keeps the code
            return None
        return PackTemplate(
            code=code,
            name=self.text(node.entry("name")),
            channel=channel,
            redirect_url=redirect,
            parameters=parameters,
            content=content,
            default_locale=default_key,
            pointer=pointer,
            node=node,
            path=self.document.path,
            fallback=self.fallback,
        )

    def template_text(
        self, parent: MappingNode, key: str, pointer: Pointer, what: str
    ) -> TemplateText | None:
        """The text of ``key`` in ``parent``, compiled (None when it is not a string)."""
        text = self.text(parent.entry(key))
        if text is None:
            return None
        template: Template | None = None
        error: TemplateSyntaxError | None = None
        try:
            template = Template(text)
        except TemplateSyntaxError as exc:
            error = exc
        found = TemplateText(text, template, self.lines, parent, key, error)
        if error is not None:
            line, column = found.position(error.offset)
            self.problems.append(
                PackProblem("template-syntax", f"{what}: {error.message}", line, column, pointer)
            )
        return found

    # --- parameters ---------------------------------------------------------------

    def parameters(self, node: Node | None, pointer: Pointer) -> dict[str, ParameterSpec]:
        result: dict[str, ParameterSpec] = {}
        if not isinstance(node, MappingNode):
            return result
        for name, value in node.last_entries():
            where = (*pointer, name)
            if not NAME_PATTERN.fullmatch(name):
                self.problem(
                    "bad-parameter",
                    f"parameter name {name!r} cannot appear in ${{...}}: a name is ASCII "
                    "letters, digits and '_', not starting with a digit",
                    _key_node(node, name),
                    where,
                )
                continue
            if not isinstance(value, MappingNode):
                continue  # reported by the schema
            options = self.options(value)
            # The same declaration recurs across a pack's templates (orderId: {type:
            # string}): a sound one is checked once and its (immutable) spec shared.
            same = _declaration_key(name, options)
            spec = self.specs.get(same) if same is not None else None
            if spec is None:
                spec, faults = read_declaration(name, options)  # one pass
                for fault in faults:  # every fault at once
                    self.parameter_problem(fault, _key_node(node, name), value, where)
                if spec is not None and same is not None:
                    self.specs[same] = spec
            if spec is not None:
                result[name] = spec
        return result

    def options(self, node: MappingNode) -> dict[str, object]:
        declared_type = self.text(node.entry("type"))
        options: dict[str, object] = {}
        for key, value in node.last_entries():
            if isinstance(value, str):  # a string kept as its text: read as written
                options[key] = value
                continue
            text_like = key in _TEXT_OPTIONS or (
                key == "example"
                and declared_type in _TEXT_EXAMPLE_TYPES
                # a count's integer stays one (as in JSON); `1.50` keeps its digits
                and not (declared_type == "count" and _is_int(value))
            )
            text = self.text(value) if text_like else None
            if key == "values" and isinstance(value, SequenceNode):
                # `values: [yes, no]` are the words written, not YAML booleans.
                options[key] = [
                    item_text if (item_text := self.text(item)) is not None else to_python(item)
                    for item in value.items
                ]
                continue
            options[key] = text if text is not None else to_python(value)
        return options

    def parameter_problem(
        self, exc: DeclarationError, key: ScalarNode, value: MappingNode, where: Pointer
    ) -> None:
        kind = "bad-example" if exc.field == "example" else "bad-parameter"
        at: Node = value
        pointer = where
        if exc.field is not None:
            option_key = value.key_node(exc.field)
            option_value = value.get(exc.field)
            if option_key is not None and option_value is not None:
                # A bad value points at the value, an unknown option at its key.
                at = option_value if exc.field in OPTION_KEYS else option_key
                pointer = (*where, exc.field)
        elif exc.missing is None:
            at = key
        self.problem(kind, str(exc), at, pointer)

    # --- content ------------------------------------------------------------------

    def content(
        self, template: MappingNode, pointer: Pointer, code: str
    ) -> tuple[dict[str, Variant], str | None]:
        node = template.get("content")
        variants: dict[str, Variant] = {}
        if not isinstance(node, MappingNode):
            return variants, None
        seen: dict[str, str] = {}
        for key, value in node.last_pairs():
            where = (*pointer, key)
            try:
                # zh-TW and zh-Hant, or en and en-US, are one locale once maximised
                # (zh-Hant-TW, en-Latn-US): the matcher could not tell them apart.
                canonical = maximize(key)
            except LocaleError as exc:
                self.problem(
                    "bad-locale", f"content locale: {exc.reason}", _key_node(node, key), where
                )
                continue
            if canonical in seen:
                first = seen[canonical]
                first_line = _key_node(node, first).line
                self.problem(
                    "duplicate-locale",
                    f"content locale {key!r} is the same locale as {first!r} "
                    f"(line {first_line}; both are {canonical}); keep one",
                    _key_node(node, key),
                    where,
                )
                continue
            seen[canonical] = key
            variant = self.variant(key, node, value, pointer, code)
            if variant is None:
                continue
            variants[key] = variant
        default_key = self.default_key(seen, variants)
        if default_key is None and self.default_locale is not None:
            key_node = template.key_node("content") or node
            has = ", ".join(variants) or "none"
            self.problem(
                "missing-default-locale",
                f"template {code} has no content for defaultLocale "
                f"{self.default_locale!r} (has: {has})",
                key_node,
                pointer,
            )
        return variants, default_key

    def default_key(self, seen: dict[str, str], variants: dict[str, Variant]) -> str | None:
        """The content key serving defaultLocale: the same tag, else the same locale
        once maximised (``en`` serves ``en-US``)."""
        if self.default_locale is None:
            return None
        keys = {canonical: key for canonical, key in seen.items() if key in variants}
        exact = keys.get(normalize_tag(self.default_locale))
        if exact is not None:
            return exact
        return next((k for c, k in keys.items() if maximize(c) == self.default_max), None)

    def variant(
        self, key: str, content: MappingNode, node: Node, at: Pointer, code: str
    ) -> Variant | None:
        """The variant of content ``key`` (``node``, its value in ``content``, which is
        at ``at``: one pointer for all of a template's variants)."""
        if not isinstance(node, MappingNode):
            return None
        pointer = (*at, key)
        body = self.template_text(node, "body", (*pointer, "body"), f"body of {code} [{key}]")
        if body is None:
            return None
        title = self.template_text(node, "title", (*pointer, "title"), f"title of {code} [{key}]")
        hashes = self.source_hashes(node.get("sourceHash"))
        forms = self.forms(node.get("forms"), (*pointer, "forms"))
        return Variant(key, title, body, content, at, hashes, forms)

    def forms(self, node: Node | None, pointer: Pointer) -> Mapping[str, FormSet]:
        """``forms`` as parameter -> :class:`FormSet` (shape problems are the schema's;
        what the keys and phrases mean is the linter's)."""
        if not isinstance(node, MappingNode):
            return _NONE
        result: dict[str, FormSet] = {}
        for key, value in node.last_items():
            if not isinstance(value, MappingNode):
                continue
            phrases: dict[str, str] = {}
            keys: dict[str, tuple[int, int]] = {}
            locators: dict[str, TextLocator] = {}
            for form_key, phrase_node in value.last_items():
                phrase = self.text(phrase_node)
                if phrase is None or not isinstance(phrase_node, ScalarNode):
                    continue
                phrases[form_key.text] = phrase
                keys[form_key.text] = (form_key.line, form_key.column)
                locators[form_key.text] = TextLocator(self.lines, value, form_key.text)
            result[key.text] = FormSet(
                key.text,
                phrases,
                key.line,
                key.column,
                (*pointer, key.text),
                keys,
                locators,
            )
        return result

    def source_hashes(self, node: Node | None) -> Mapping[str, str]:
        """``sourceHash`` as field -> hash (its shape is the schema's to report)."""
        if not isinstance(node, MappingNode):
            return _NONE
        hashes = ((key, self.text(value)) for key, value in node.last_entries())
        return {
            name: value for name, value in hashes if value is not None and name in _HASHED_FIELDS
        }


def _key_node(node: MappingNode, key: str) -> ScalarNode:
    """The node of a key read as text, for a problem's position."""
    made = node.key_node(key)
    assert made is not None
    return made


def _declaration_key(name: str, options: dict[str, object]) -> tuple[object, ...] | None:
    """What a declaration's spec depends on, exactly, or None (not worth a key).

    Each value with its type: True and 1 (and 1.0) are equal in Python but not as
    options; a float by its repr, which tells -0.0 from 0.0 and keeps a NaN equal to
    itself. Lists, dates and the like are left to :func:`read_declaration`."""
    key: list[object] = [name]
    for option, value in options.items():
        kind = type(value)
        if kind is float:
            key += (option, kind, repr(value))
        elif kind is str or kind is int or kind is bool or value is None:
            key += (option, kind, value)
        else:
            return None
    return tuple(key)


def _is_int(node: Node) -> bool:
    return (
        isinstance(node, ScalarNode)
        and isinstance(node.value, int)
        and not isinstance(node.value, bool)
    )
