"""The request-body rules of the send API, as plain values in and violations out.

One implementation, three users: the linter (request-body ``.json`` files), the
payload builder (raises ``RequestError`` listing every violation) and the sandbox
(answers ``F``/``PARAM_ILLEGAL`` naming the field). Every limit, required flag and
JSON type comes from :mod:`msgtemplate.api.spec`; nothing is restated here.

Violations carry a *pointer* (keys and indexes into the body) rather than a file
position: the linter turns pointers into ``line:col`` with ``Document.node_at``.

What a body alone cannot tell is skipped: ``redirectUrl`` is required only for
PUSH/INBOX templates, and the channel is not in the body.

Hidden characters (:mod:`msgtemplate._text.charsets`) are checked in every string of the
body, keys included: a bidirectional control is an error (``MT602``), so no body
carrying one is built or accepted; an invisible character is a warning (``MT603``).
This is the one place that policy lives for bodies; the linter reports these
violations for request-body files instead of scanning their text a second time.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from msgtemplate._text.charsets import SUSPECT, describe, hidden
from msgtemplate._text.suggest import did_you_mean
from msgtemplate.api.spec import CONTENT_TEMPLATE_FIELDS, MAX_TEMPLATES, REQUEST_FIELDS, ApiField
from msgtemplate.locales import LocaleError, normalize_tag

__all__ = [
    "PROBLEM_KINDS",
    "Violation",
    "check_request_body",
    "format_pointer",
]

Pointer = tuple[str | int, ...]

# What kind of problem a violation is; the linter maps each kind to its rule code
# (msgtemplate.lint.body.KIND_RULES), as it does for the pack reader's problems.
MISSING: Final = "missing"
WRONG_TYPE: Final = "wrong-type"
TOO_LONG: Final = "too-long"
TEMPLATE_COUNT: Final = "template-count"
DUPLICATE_LANGUAGE: Final = "duplicate-language"
INVALID_LANGUAGE: Final = "invalid-language"
NON_STRING_PARAMETER: Final = "non-string-parameter"
UNKNOWN_FIELD: Final = "unknown-field"
BIDI_CONTROL: Final = "bidi-control"
INVISIBLE: Final = "invisible"

PROBLEM_KINDS: Final[dict[str, str]] = {
    MISSING: "a required field is missing or empty",
    WRONG_TYPE: "a field has the wrong JSON type",
    TOO_LONG: "a string is longer than the API's limit for its field",
    TEMPLATE_COUNT: f"templates holds no ContentTemplate, or more than {MAX_TEMPLATES}",
    DUPLICATE_LANGUAGE: "two ContentTemplates carry the same language",
    INVALID_LANGUAGE: "a language is not a valid BCP 47 tag CLDR knows",
    NON_STRING_PARAMETER: "a templateParameters value is not a string",
    UNKNOWN_FIELD: "a field the API does not define (with a did-you-mean)",
    BIDI_CONTROL: "a string holds a bidirectional control character (an error)",
    INVISIBLE: "a string holds an invisible character (a warning)",
}
"""Every ``Violation.kind``, with what it means."""


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: what kind of problem (:data:`PROBLEM_KINDS`), where in the
    body, and a one-line message."""

    kind: str
    pointer: Pointer
    message: str
    severity: Literal["error", "warning"] = "error"
    key: bool = False
    """The violation is about the mapping key ``pointer`` ends with, not its value."""


_PLAIN_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,63}")


def format_pointer(pointer: Pointer) -> str:
    """``("templates", 2, "language")`` -> ``templates[2].language``; ``()`` -> ``body``."""
    out = ""
    for part in pointer:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(part):
            out += f".{part}" if out else part
        else:  # keep messages one line and readable whatever the key holds
            shown = part if len(part) <= 40 else part[:37] + "..."
            out += f"[{_visible(json.dumps(shown, ensure_ascii=False))}]"
    return out or "body"


def _visible(text: str) -> str:
    # A key holding a bidi control or a line separator must not reorder or break the
    # message that quotes it: show such characters as escapes.
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in _ESCAPED_CATEGORIES else c for c in text
    )


_ESCAPED_CATEGORIES: Final = frozenset({"Cc", "Cf", "Zl", "Zp"})


def check_request_body(body: object) -> list[Violation]:
    """Every rule the body breaks, in document order (an empty list when it is valid)."""
    out: list[Violation] = []
    if not isinstance(body, Mapping):
        out.append(
            Violation(WRONG_TYPE, (), f"the request body is {_json_type(body)}; expected an object")
        )
        return out
    _check_object(body, (), REQUEST_FIELDS, out)
    templates = body.get("templates")
    if isinstance(templates, list):
        _check_templates(templates, out)
    _check_hidden(body, out)
    return out


def _check_hidden(body: Mapping[object, object], out: list[Violation]) -> None:
    """Hidden characters in every string of the body (keys too), in document order."""
    # The common case, clean, in one pass of C code: JSON text (not ASCII-escaped)
    # holds every key and string as is; pointers are built only when one is suspect.
    if not SUSPECT.search(json.dumps(body, ensure_ascii=False, default=repr)):
        return
    stack: list[tuple[Pointer, object]] = [((), body)]
    while stack:
        at, value = stack.pop()
        if isinstance(value, str):
            _hidden_in(value, at, False, out)
        elif isinstance(value, Mapping):
            children: list[tuple[Pointer, object]] = []
            for key, item in value.items():
                where = (*at, str(key))
                if isinstance(key, str):
                    _hidden_in(key, where, True, out)
                children.append((where, item))
            stack.extend(reversed(children))
        elif isinstance(value, (list, tuple)):
            stack.extend(reversed([((*at, i), item) for i, item in enumerate(value)]))


def _hidden_in(text: str, where: Pointer, key: bool, out: list[Violation]) -> None:
    if not SUSPECT.search(text):
        return
    reported: set[str] = set()
    for index, kind in hidden(text):
        if kind in reported:
            continue  # one violation per kind and string: the first one says enough
        reported.add(kind)
        what = "the key " if key else ""
        message = f"{format_pointer(where)}: {what}contains {describe(text[index])}; remove it"
        if kind == "bidi":
            out.append(Violation(BIDI_CONTROL, where, message, key=key))
        else:
            out.append(Violation(INVISIBLE, where, message, "warning", key=key))


def _check_object(
    obj: Mapping[object, object],
    at: Pointer,
    fields: Mapping[str, ApiField],
    out: list[Violation],
) -> None:
    for key, value in obj.items():
        name = str(key)
        field = fields.get(name)
        where = (*at, name)
        if field is None:
            out.append(Violation(UNKNOWN_FIELD, where, _unknown(where, name, fields)))
            continue
        expected = _JSON_TYPES[field.type]
        if not isinstance(value, expected):
            out.append(
                Violation(
                    WRONG_TYPE,
                    where,
                    f"{format_pointer(where)} is {_json_type(value)}; "
                    f"expected {_ARTICLE[field.type]}",
                )
            )
            continue
        if field.type == "string":
            assert isinstance(value, str)
            if field.required and not value:
                out.append(Violation(MISSING, where, f"{format_pointer(where)} is empty"))
            elif field.max_length is not None and len(value) > field.max_length:
                out.append(
                    Violation(
                        TOO_LONG,
                        where,
                        f"{format_pointer(where)} is {len(value)} characters; "
                        f"the limit is {field.max_length}",
                    )
                )
    for name, field in fields.items():
        if field.required and name not in obj:
            where = (*at, name)
            message = f"{format_pointer(where)} is required but missing"
            out.append(Violation(MISSING, where, message))


def _check_templates(templates: list[object], out: list[Violation]) -> None:
    where: Pointer = ("templates",)
    if not templates:
        out.append(
            Violation(
                TEMPLATE_COUNT,
                where,
                f"templates is empty; send 1 to {MAX_TEMPLATES} content templates",
            )
        )
    elif len(templates) > MAX_TEMPLATES:
        out.append(
            Violation(
                TEMPLATE_COUNT,
                where,
                f"templates has {len(templates)} items; the limit is {MAX_TEMPLATES}",
            )
        )
    seen: dict[str, int] = {}
    for index, item in enumerate(templates):
        at: Pointer = ("templates", index)
        if not isinstance(item, Mapping):
            out.append(
                Violation(
                    WRONG_TYPE,
                    at,
                    f"{format_pointer(at)} is {_json_type(item)}; expected an object",
                )
            )
            continue
        _check_object(item, at, CONTENT_TEMPLATE_FIELDS, out)
        language = item.get("language")
        if isinstance(language, str) and language:
            _check_language(language, index, seen, out)
        parameters = item.get("templateParameters")
        if isinstance(parameters, Mapping):
            for name, value in parameters.items():
                if not isinstance(value, str):
                    p: Pointer = (*at, "templateParameters", str(name))
                    out.append(
                        Violation(
                            NON_STRING_PARAMETER,
                            p,
                            f"{format_pointer(p)} is {_json_type(value)}; "
                            "parameter values must be strings",
                        )
                    )


def _check_language(language: str, index: int, seen: dict[str, int], out: list[Violation]) -> None:
    where: Pointer = ("templates", index, "language")
    try:
        tag = normalize_tag(language)
    except LocaleError as exc:
        out.append(Violation(INVALID_LANGUAGE, where, f"{format_pointer(where)}: {exc}"))
        return
    if tag in seen:
        first = seen[tag]
        out.append(
            Violation(
                DUPLICATE_LANGUAGE,
                where,
                f"{format_pointer(where)} {language!r} repeats templates[{first}].language; "
                "send each language once",
            )
        )
    else:
        seen[tag] = index


def _unknown(where: Pointer, name: str, fields: Mapping[str, ApiField]) -> str:
    hint = did_you_mean(name, fields, cutoff=0.5)
    return f"{format_pointer(where)} is not a field of the API{hint}"


_JSON_TYPES: Final[dict[str, type | tuple[type, ...]]] = {
    "string": str,
    "array": list,
    "object": Mapping,
}


_ARTICLE: Final[dict[str, str]] = {"string": "a string", "array": "an array", "object": "an object"}


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return f"a value of type {type(value).__name__}"  # from Python callers, not JSON
