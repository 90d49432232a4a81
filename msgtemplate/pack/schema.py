"""The shape of a pack, declared once as data, and the one function that checks it.

:data:`PACK` says which keys each level of a pack has, which are required and what
JSON type each value is. :func:`check_structure` walks a
:class:`~msgtemplate.document.source.Document`
against it and returns every shape problem (missing, unknown, duplicate keys, wrong
types, values outside a fixed set) with its position. ``read_pack`` and the linter
both rely on it; what a value *means* (locales, parameter options, template syntax)
is checked by the pack reader, not here.

Strings in YAML: a plain scalar such as ``no``, ``1.50`` or ``2026-11-28`` is read
as the text written (``defaultLocale: no`` is Norwegian, not ``False``); only
``null`` (``~``, or nothing) is refused where a string is expected. JSON is strict.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from msgtemplate._text.suggest import did_you_mean
from msgtemplate.api import spec
from msgtemplate.document.source import (
    Document,
    Entry,
    MappingNode,
    Node,
    Pointer,
    ScalarNode,
    SequenceNode,
)
from msgtemplate.formatting import (
    PARAMETER_TYPES,
    REQUIRED_OPTIONS,
    STYLES,
    TYPE_OPTIONS,
    ParameterSpec,
)
from msgtemplate.pack.problems import PackProblem
from msgtemplate.template.syntax import NAME_PATTERN

ValueType = Literal["mapping", "list", "string", "integer", "boolean", "any"]
"""JSON-ish types of values. ``string`` in YAML is any non-null scalar, read as
written (see :func:`string_value`); ``any`` is whatever the reader makes of it."""


@dataclass(frozen=True, slots=True)
class When:
    """A condition on a sibling key: ``When("channel", ("PUSH", "INBOX"))``."""

    key: str
    values: tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Field:
    """What one value must be, and what editors show about it.

    Shape (checked by :func:`check_structure`): ``keys``, the fixed keys of a
    mapping; ``values``, what every value of a mapping with free keys (locales,
    parameter names) must be; ``items``, what every item of a list must be;
    ``choices``, the allowed values, reported as ``choice_kind`` otherwise.

    Meaning (checked by the pack reader and the linter, with messages that say why;
    the JSON Schema states them too, so editors flag them while typing): ``key``,
    what every free key must look like; ``pattern``, ``max_length`` and
    ``minimum`` of the value; ``required_when`` and ``only_when``, a condition on
    a sibling key (``redirectUrl`` is required for PUSH and INBOX; ``currency``
    only applies to currency parameters).

    For people and editors: ``title``, ``doc`` (a sentence or two), ``examples``
    and ``default`` (the value when the key is left out).
    """

    type: ValueType
    required: bool = False
    keys: Shape | None = None
    values: Field | None = None
    items: Field | None = None
    choices: tuple[object, ...] = ()
    choice_kind: str = ""
    key: Field | None = None
    pattern: str | None = None
    max_length: int | None = None
    minimum: int | None = None
    required_when: When | None = None
    only_when: When | None = None
    title: str = ""
    doc: str = ""
    examples: tuple[object, ...] = ()
    default: object = None


@dataclass(frozen=True, slots=True)
class Shape:
    """A mapping with fixed keys; ``name`` is how messages call it ("template").

    ``check_keys`` is False where the reader checks the keys itself, with messages
    worded per case (parameter declarations: :func:`~msgtemplate.formatting.parse_parameter_spec`);
    :func:`check_structure` then only checks that the value is a mapping.
    """

    name: str
    fields: Mapping[str, Field] = field(default_factory=dict)
    check_keys: bool = True
    required: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """The names of the required fields, in order (worked out once)."""

    def __post_init__(self) -> None:
        required = tuple(name for name, f in self.fields.items() if f.required)
        object.__setattr__(self, "required", required)


LOCALE_PATTERN: Final = r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$"
"""What a locale tag looks like (BCP 47 subtags; ``_`` is accepted and flagged by the
linter as non-canonical). Whether CLDR knows the tag is the reader's check."""

LANGUAGE_PATTERN: Final = r"^[A-Za-z]{2,3}$"
"""A bare language code (``ms``, ``id``), as ``fallback.languages`` takes them."""

PARAMETER_NAME_PATTERN: Final = f"^{NAME_PATTERN.pattern}$"
CURRENCY_PATTERN: Final = r"^[A-Z]{3}$"
VISIBLE_PATTERN: Final = r"\S"
"""A body needs something to read (the linter's empty-body rule)."""


def _types_taking(option: str) -> When:
    return When("type", tuple(t for t in PARAMETER_TYPES if option in TYPE_OPTIONS[t]))


def _types_requiring(option: str) -> When:
    # The declaration check reads the same table (formatting.REQUIRED_OPTIONS).
    return When("type", tuple(t for t in PARAMETER_TYPES if option in REQUIRED_OPTIONS.get(t, ())))


def _parameter_default(name: str) -> object:
    return next(f.default for f in dataclasses.fields(ParameterSpec) if f.name == name)


SOURCE_HASH: Final = Shape(
    "sourceHash",
    {
        "title": Field(
            "string",
            title="Source title hash",
            doc="Hash of the defaultLocale title this title translates.",
            examples=("3f2a9c1e",),
        ),
        "body": Field(
            "string",
            title="Source body hash",
            doc="Hash of the defaultLocale body this body translates.",
            examples=("9b0d44a7",),
        ),
    },
)

FORM_KEY_PATTERN: Final = (
    r"^(?:zero|one|two|few|many|other|=(?:0|[1-9][0-9]*)(?:\.[0-9]+)?|[^=].*)$"
)
"""What a key of a form set looks like: a CLDR plural category or an exact value
``=N`` (count), or a declared value (select, which cannot start with ``=``)."""

FORMS: Final = Field(
    "mapping",
    key=Field(
        "string",
        pattern=PARAMETER_NAME_PATTERN,
        title="Parameter with forms",
        doc="A count or select parameter of the template that this variant uses.",
        examples=("eta", "method"),
    ),
    values=Field(
        "mapping",
        key=Field(
            "string",
            pattern=FORM_KEY_PATTERN,
            title="Form key",
            doc="count: a CLDR plural category of this locale (zero, one, two, few, "
            "many, other) or an exact value such as '=0', tried first; select: one "
            "of the declared values.",
            examples=("one", "few", "other", "=0", "card"),
        ),
        values=Field(
            "string",
            title="Phrase",
            doc="The words for this form. In a count phrase # is the number "
            "formatted for the locale and ## a literal #; no ${...} placeholders.",
            examples=("# minute", "# minutes", "your card"),
        ),
        title="Form set",
        doc="The phrases of one count or select parameter, by plural category, "
        "exact value or select value.",
        examples=({"one": "# minute", "other": "# minutes"},),
    ),
    title="Forms",
    doc="Phrases that agree with a number (count) or a choice (select): the chosen, "
    "filled phrase is the parameter's value. Every count or select parameter the "
    "variant uses needs an entry.",
    examples=({"eta": {"one": "# minute", "other": "# minutes"}},),
)

VARIANT: Final = Shape(
    "variant",
    {
        "title": Field(
            "string",
            title="Title",
            doc="The message's title in this language, a template: may use ${name} "
            "placeholders. Optional; SMS messages usually have none.",
            examples=("Payment received",),
        ),
        "body": Field(
            "string",
            required=True,
            pattern=VISIBLE_PATTERN,
            title="Body",
            doc="The message text in this language, a template: ${name} is replaced by "
            "the parameter's value formatted for this locale; $$ writes a literal $.",
            examples=("We received ${amount} for order ${orderId}.",),
        ),
        "forms": FORMS,
        "sourceHash": Field(
            "mapping",
            keys=SOURCE_HASH,
            title="Source hashes",
            doc="Which defaultLocale texts this translation was made from (short "
            "SHA-256 hashes, written by `msgtemplate import`); a changed source makes "
            "the translation stale.",
            examples=({"title": "3f2a9c1e", "body": "9b0d44a7"},),
        ),
    },
)

PARAMETER: Final = Shape(
    "parameter",
    {
        "type": Field(
            "string",
            required=True,
            choices=PARAMETER_TYPES,
            choice_kind="bad-parameter",
            title="Parameter type",
            doc="How values are checked and written out per locale: string as given; "
            "integer, number, currency, percent as CLDR numbers; date, datetime, time "
            "in the locale's calendar format; count and select as the variant's forms "
            "phrase for the number's plural category or the chosen value.",
            examples=("string", "currency", "date"),
        ),
        "maxLength": Field(
            "integer",
            minimum=1,
            only_when=_types_taking("maxLength"),
            title="Maximum length",
            doc="Longest value accepted, in characters. Declare it for string "
            "parameters used in redirectUrl, so the linter can prove the URL fits.",
            examples=(20,),
        ),
        "currency": Field(
            "string",
            pattern=CURRENCY_PATTERN,
            required_when=_types_requiring("currency"),
            only_when=_types_taking("currency"),
            title="Currency",
            doc="ISO 4217 code of the amount's currency (required for currency parameters).",
            examples=("USD", "EUR", "CNY"),
        ),
        "style": Field(
            "string",
            choices=STYLES,
            choice_kind="bad-parameter",
            only_when=_types_taking("style"),
            default=_parameter_default("style"),
            title="Date/time style",
            doc="CLDR length of dates and times: short (11/28/26), medium (Nov 28, "
            "2026), long (November 28, 2026) or full (with the weekday).",
            examples=("medium",),
        ),
        "timezone": Field(
            "string",
            only_when=_types_taking("timezone"),
            default=_parameter_default("timezone"),
            title="Time zone",
            doc="IANA time zone that datetime and time values are shown in.",
            examples=("Asia/Singapore", "Europe/Berlin", "UTC"),
        ),
        "values": Field(
            "list",
            items=Field(
                "string",
                pattern=VISIBLE_PATTERN,
                title="Allowed value",
                doc="A value the parameter may take; each variant's forms give its phrase.",
                examples=("card",),
            ),
            required_when=_types_requiring("values"),
            only_when=_types_taking("values"),
            title="Allowed values",
            doc="The values a select parameter may take (required for select; "
            "non-empty, unique strings).",
            examples=(["card", "wallet"],),
        ),
        "example": Field(
            "any",
            title="Example value",
            doc="A value of the parameter's type (2026-11-28 for a date, 1234.5 for a "
            "currency); preview uses it when no value is given, the linter checks "
            "texts with it.",
            examples=("A-1029", 1234.5, "2026-11-28"),
        ),
        "description": Field(
            "string",
            title="Description",
            doc="What the value is, for translators and reviewers.",
            examples=("the shop's order number",),
        ),
    },
    check_keys=False,
)

TEMPLATE: Final = Shape(
    "template",
    {
        "code": Field(
            "string",
            required=True,
            max_length=spec.REQUEST_FIELDS["templateCode"].max_length,
            title="Template code",
            doc="The portal's templateCode of this template; unique in the pack. "
            "Requests carry it as templateCode.",
            examples=("TP_5800000001xxxx",),
        ),
        "name": Field(
            "string",
            title="Name",
            doc="A label for people reading the pack; never sent.",
            examples=("Order paid",),
        ),
        "channel": Field(
            "string",
            required=True,
            choices=spec.CHANNELS,
            choice_kind="bad-channel",
            title="Channel",
            doc="Where the message is shown: "
            + ", ".join(spec.CHANNELS)
            + ". PUSH and INBOX messages open redirectUrl when tapped.",
            examples=("INBOX",),
        ),
        "redirectUrl": Field(
            "string",
            required_when=When("channel", tuple(sorted(spec.REDIRECT_REQUIRED_CHANNELS))),
            title="Redirect URL",
            doc="The Mini Program page opened when the message is tapped (required "
            "for PUSH and INBOX), a template: values are percent-encoded; the "
            f"rendered URL must fit {spec.REQUEST_FIELDS['redirectUrl'].max_length} "
            "characters.",
            examples=("/pages/orders/detail?id=${orderId}",),
        ),
        "parameters": Field(
            "mapping",
            key=Field(
                "string",
                pattern=PARAMETER_NAME_PATTERN,
                title="Parameter name",
                doc="The name used in ${name}: ASCII letters, digits and _, not "
                "starting with a digit.",
                examples=("orderId",),
            ),
            values=Field(
                "mapping",
                keys=PARAMETER,
                title="Parameter",
                doc="The parameter's type, options and example value.",
                examples=({"type": "currency", "currency": "USD", "example": 1234.5},),
            ),
            title="Parameters",
            doc="Every placeholder used in the template's texts, declared by name with its type.",
            examples=({"orderId": {"type": "string", "maxLength": 20, "example": "A-1029"}},),
        ),
        "content": Field(
            "mapping",
            required=True,
            key=Field(
                "string",
                pattern=LOCALE_PATTERN,
                title="Locale",
                doc="A BCP 47 locale tag that CLDR knows, in canonical form.",
                examples=("en-US", "zh-Hant", "pt-BR"),
            ),
            values=Field(
                "mapping",
                keys=VARIANT,
                title="Variant",
                doc="The template's title and body in this locale.",
                examples=({"title": "Payment received", "body": "We received ${amount}."},),
            ),
            title="Content",
            doc="The template's texts by locale. Readers get the variant that best "
            "matches their locale (CLDR language matching), else defaultLocale's.",
            examples=({"en-US": {"title": "Payment received", "body": "We received ${amount}."}},),
        ),
    },
)

FALLBACK: Final = Shape(
    "fallback",
    {
        "crossScript": Field(
            "boolean",
            default=False,
            title="Cross scripts",
            doc="Whether a reader may get their language in another script (zh-TW "
            "readers Simplified Chinese, sr-Latn readers Cyrillic) when CLDR finds it "
            "close enough. Default false: never, as Android and iOS resolve resources.",
            examples=(False, True),
        ),
        "languages": Field(
            "mapping",
            key=Field(
                "string",
                pattern=LANGUAGE_PATTERN,
                title="Reader's language",
                doc="A language code CLDR knows, without script or region.",
                examples=("ms",),
            ),
            values=Field(
                "list",
                items=Field(
                    "string",
                    pattern=LANGUAGE_PATTERN,
                    title="Fallback language",
                    doc="A language code CLDR knows, without script or region; the "
                    "reader's own script and region are kept (ms-SG tries id-SG).",
                    examples=("id",),
                ),
                title="Fallback languages",
                doc="Languages these readers also read, best first.",
                examples=(["id"],),
            ),
            title="Language fallbacks",
            doc="The pack's own language fallbacks, tried after CLDR's language "
            "matching found no variant close enough, before defaultLocale.",
            examples=({"ms": ["id"]},),
        ),
    },
)

_TEMPLATE_EXAMPLE: Final = {
    "code": "TP_5800000001xxxx",
    "channel": "SMS",
    "parameters": {"code": {"type": "string", "example": "424242"}},
    "content": {"en-US": {"body": "Your code is ${code}"}},
}

PACK: Final = Shape(
    "pack",
    {
        "format": Field(
            "integer",
            required=True,
            choices=(1,),
            choice_kind="bad-format-version",
            title="Format version",
            doc="Version of the pack format; this version of msgtemplate reads 1.",
            examples=(1,),
        ),
        "defaultLocale": Field(
            "string",
            required=True,
            pattern=LOCALE_PATTERN,
            title="Default locale",
            doc="The locale every template has content in; readers whose locale "
            "matches no variant get this one.",
            examples=("en-US",),
        ),
        "appId": Field(
            "string",
            max_length=spec.REQUEST_FIELDS["appId"].max_length,
            title="App ID",
            doc="The Mini Program's appId, the default for request bodies built from this pack.",
            examples=("P000000000000001xxxx",),
        ),
        "fallback": Field(
            "mapping",
            keys=FALLBACK,
            title="Fallback",
            doc="How readers are matched to variants beyond CLDR's language matching: "
            "whether a match may cross scripts, and the pack's own language fallbacks.",
            examples=({"crossScript": False, "languages": {"ms": ["id"]}},),
        ),
        "templates": Field(
            "list",
            required=True,
            items=Field(
                "mapping",
                keys=TEMPLATE,
                title="Template",
                doc="One message template: its code, channel, parameters and texts by locale.",
                examples=(_TEMPLATE_EXAMPLE,),
            ),
            title="Templates",
            doc="The pack's message templates, in the order tools list them.",
            examples=([_TEMPLATE_EXAMPLE],),
        ),
    },
)

ROOT: Final = Field(
    "mapping",
    required=True,
    keys=PACK,
    title="msgtemplate pack",
    doc="Mini Program message templates in several languages, with typed parameters "
    "(pack format 1).",
    examples=({"format": 1, "defaultLocale": "en-US", "templates": [_TEMPLATE_EXAMPLE]},),
)


def check_structure(document: Document) -> list[PackProblem]:
    """Every shape problem of ``document``, in file order."""
    root = document.root
    if root is None:
        return [
            PackProblem(
                "empty-document",
                "the file is empty; a pack needs format, defaultLocale and templates",
                1,
                1,
                (),
            )
        ]
    problems = list(_duplicates(root, ())) if document.repeated_keys else []
    _check(root, ROOT, (), document.format == "json", problems)
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


def string_value(node: Entry | None, strict: bool) -> str | None:
    """The text of a string-typed value, or None when it is not one.

    ``strict`` (JSON): only real strings. YAML: any non-null scalar, as written.
    """
    if isinstance(node, str):
        return node  # a string kept as its text
    if not isinstance(node, ScalarNode):
        return None
    if isinstance(node.value, str):
        return node.value
    if strict or node.value is None:
        return None
    return node.text


def describe(node: Node) -> str:
    """``a mapping``, ``a list``, ``null``, ``an integer``... for messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    value = node.value if isinstance(node, ScalarNode) else None
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dt.datetime):
        return "a datetime"
    if isinstance(value, dt.date):
        return "a date"
    return f"a {type(value).__name__} value"


_EXPECTED: Final[dict[str, str]] = {
    "mapping": "a mapping",
    "list": "a list",
    "string": "a string",
    "integer": "an integer",
    "boolean": "true or false",
}


_TEXT_OK: Final = frozenset({"string", "any"})
"""Value types a string is."""


def _type_ok(node: Node, expected: ValueType, strict: bool) -> bool:
    if expected == "any":
        return True
    if expected == "mapping":
        return isinstance(node, MappingNode)
    if expected == "list":
        return isinstance(node, SequenceNode)
    if expected == "string":
        return string_value(node, strict) is not None
    value = node.value if isinstance(node, ScalarNode) else None
    if expected == "boolean":
        return isinstance(value, bool)
    return isinstance(value, int) and not isinstance(value, bool)


def _check(
    node: Entry,
    spec_: Field,
    pointer: Pointer,
    strict: bool,
    out: list[PackProblem],
    *,
    parent: MappingNode | None = None,
) -> None:
    """Append every shape problem of ``node`` (and what it holds) to ``out``. A
    string kept as text (an :data:`Entry`) is made a node, ``parent.get(pointer[-1])``,
    only when it has a problem.

    Plain calls appending to one list, not generators: a pack has tens of thousands
    of nodes and most have no problem, so the walk is most of what this costs."""
    if isinstance(node, str):
        if spec_.type in _TEXT_OK and (not spec_.choices or node in spec_.choices):
            return
        assert parent is not None
        assert isinstance(pointer[-1], str)
        made = parent.get(pointer[-1])
        assert made is not None
        node = made
    if not _type_ok(node, spec_.type, strict):
        where = f" for {pointer[-1]!r}" if pointer and isinstance(pointer[-1], str) else ""
        out.append(
            PackProblem(
                "wrong-type",
                f"expected {_EXPECTED[spec_.type]}{where}, got {describe(node)}",
                node.line,
                node.column,
                pointer,
            )
        )
        return
    if spec_.choices:
        value = _comparable(node, strict)
        if value not in spec_.choices:
            out.append(_bad_choice(node, spec_, pointer, value))
    if isinstance(node, MappingNode):
        if spec_.keys is not None and spec_.keys.check_keys:
            _check_keys(node, spec_.keys, pointer, strict, out)
        if spec_.values is not None:
            for key, value_node in node.last_entries():
                _check(value_node, spec_.values, (*pointer, key), strict, out, parent=node)
    elif isinstance(node, SequenceNode) and spec_.items is not None:
        for index, item in enumerate(node.items):
            _check(item, spec_.items, (*pointer, index), strict, out)


def _check_keys(
    node: MappingNode, shape: Shape, pointer: Pointer, strict: bool, out: list[PackProblem]
) -> None:
    items = node.last_entries()
    if shape.required:
        present = {key for key, _ in items}  # a repeated key is in its last place too
        for name in shape.required:
            if name not in present:
                out.append(
                    PackProblem(
                        "missing-key",
                        f"missing required key {name!r} in {shape.name}",
                        node.line,
                        node.column,
                        pointer,
                    )
                )
    # Loaders keep the last of duplicate keys, and so does the reader: check that one
    # (the duplicate itself is reported once, by _duplicates).
    fields = shape.fields
    for key, value in items:
        field_ = fields.get(key)
        if field_ is None:
            hint = did_you_mean(key, fields)
            if not hint:
                hint = f" (expected: {', '.join(fields)})"
            line, column = node.key_position(key) or (node.line, node.column)
            out.append(
                PackProblem(
                    "unknown-key",
                    f"unknown key {key!r} in {shape.name}{hint}",
                    line,
                    column,
                    (*pointer, key),
                )
            )
        else:
            _check(value, field_, (*pointer, key), strict, out, parent=node)


def _comparable(node: Node, strict: bool) -> object:
    if isinstance(node, ScalarNode) and isinstance(node.value, int):
        return node.value
    return string_value(node, strict)


def _bad_choice(node: Node, spec_: Field, pointer: Pointer, value: object) -> PackProblem:
    name = pointer[-1] if pointer else "value"
    allowed = ", ".join(str(c) for c in spec_.choices)
    if spec_.choice_kind == "bad-format-version":
        message = f"unsupported format {value!r}; this version of msgtemplate reads format 1"
    else:
        hint = did_you_mean(str(value), [str(c) for c in spec_.choices])
        message = f"{name} must be one of {allowed}, got {value!r}{hint}"
    return PackProblem(spec_.choice_kind, message, node.line, node.column, pointer)


def _duplicates(node: Node, pointer: Pointer) -> Iterator[PackProblem]:
    if isinstance(node, MappingNode):
        for repeated, first in node.duplicates():
            yield PackProblem(
                "duplicate-key",
                f"duplicate key {repeated.text!r} (first at line {first.line}, column "
                f"{first.column}); YAML and JSON loaders would silently keep the last",
                repeated.line,
                repeated.column,
                (*pointer, repeated.text),
            )
        for key, value in node.entries():
            if not isinstance(value, str):  # text holds no mapping
                yield from _duplicates(value, (*pointer, key))
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.items):
            yield from _duplicates(item, (*pointer, index))
