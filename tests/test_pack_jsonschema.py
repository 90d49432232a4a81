"""The pack JSON Schema: generated from the declaration, agreeing with it and with the reader.

* the committed ``schema/pack.schema.json`` is what ``msgtemplate schema`` prints now;
* schema and declaration agree on every key, type, enum, pattern, limit and condition,
  and the declaration agrees with the code that checks packs (formatting, spec);
* every pack the test suite treats as valid validates; structural defects fail it,
  and a property test compares the schema's verdict with the reader's.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from msgtemplate.api import spec
from msgtemplate.cli import main
from msgtemplate.document.source import (
    Document,
    DocumentError,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    load_document,
    parse_document,
)
from msgtemplate.formatting import OPTION_KEYS, PARAMETER_TYPES, STYLES, TYPE_OPTIONS
from msgtemplate.lint import lint_document
from msgtemplate.pack import read_pack
from msgtemplate.pack.jsonschema import (
    DRAFT,
    FILE_MATCH,
    JSON_TYPES,
    SCHEMA_URL,
    pack_schema,
    render_schema,
)
from msgtemplate.pack.scaffold import scaffold
from msgtemplate.pack.schema import PACK, PARAMETER, ROOT, TEMPLATE, Field

ROOT_DIR = Path(__file__).resolve().parent.parent
COMMITTED = ROOT_DIR / "schema" / "pack.schema.json"
SCHEMA = pack_schema()
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)

# Problems of shape: what the schema must refuse as the reader does.
SHAPE_KINDS = frozenset(
    {"unknown-key", "missing-key", "wrong-type", "bad-channel", "bad-format-version"}
)


def as_instance(node: Node | None) -> object:
    """What a YAML 1.2 editor sees: PyYAML's dates are strings there (``2026-11-28``)."""
    if isinstance(node, ScalarNode):
        if isinstance(node.value, (dt.date, dt.time)):
            return node.text
        return node.value
    if isinstance(node, SequenceNode):
        return [as_instance(item) for item in node.items]
    if isinstance(node, MappingNode):
        return {key.text: as_instance(value) for key, value in node.items}
    return None


def errors(document: Document) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(as_instance(document.root))]


def lint_clean(document: Document) -> bool:
    """What the suite treats as a valid pack: the linter reports no error."""
    return not any(f.severity == "error" for f in lint_document(document))


def is_pack(document: Document) -> bool:
    root = document.root
    return isinstance(root, MappingNode) and {"format", "templates"} <= set(root.keys())


def pack_files() -> list[Path]:
    found = [*sorted((ROOT_DIR / "samples").glob("*.yaml"))]
    for suffix in ("yaml", "yml", "json"):
        found.extend(sorted((ROOT_DIR / "tests").rglob(f"*.{suffix}")))
    return found


def inline_packs() -> Iterator[tuple[str, Document]]:
    """Every string constant in the test modules that parses as a pack."""
    for module in sorted((ROOT_DIR / "tests").glob("test_*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            text = textwrap.dedent(node.value)
            if "templates" not in text or "format" not in text:
                continue
            fmt = "json" if text.lstrip().startswith("{") else "yaml"
            try:
                document = parse_document(text, f"{module.name}:{node.lineno}", fmt)
            except DocumentError:
                continue
            if is_pack(document):
                yield f"{module.name}:{node.lineno}", document


# --- the file, the meta-schema, the CLI ---------------------------------------------------


def test_committed_schema_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render_schema(), (
        "schema/pack.schema.json is stale: run `msgtemplate schema -o schema/pack.schema.json`"
    )


def test_schema_is_valid_draft_07() -> None:
    assert SCHEMA["$schema"] == DRAFT
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["$id"] == SCHEMA_URL
    assert SCHEMA_URL.endswith("/" + COMMITTED.relative_to(ROOT_DIR).as_posix())
    assert "$ref" not in json.dumps(SCHEMA)  # draft-07 hides a $ref's siblings from editors


def test_cli_prints_writes_and_checks(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == render_schema()
    target = tmp_path / "pack.schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == render_schema()
    assert main(["schema", "--check", str(target)]) == 0
    target.write_text(render_schema().replace("Template code", "Code"), encoding="utf-8")
    assert main(["schema", "--check", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        f"msgtemplate: {target} is not the current pack schema; "
        f"regenerate it with: msgtemplate schema -o {target}"
    )
    assert main(["schema", "--check", str(tmp_path / "none.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["schema", "-o", str(tmp_path / "no" / "dir.json")]) == 2
    assert capsys.readouterr().err.startswith(f"msgtemplate: {tmp_path / 'no' / 'dir.json'}: ")


def test_catalog_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--catalog-entry"]) == 0
    entry = json.loads(capsys.readouterr().out)
    assert entry["url"] == SCHEMA_URL
    assert entry["fileMatch"] == list(FILE_MATCH)
    assert entry["name"]
    assert entry["description"]


def test_samples_and_init_carry_the_modeline() -> None:
    for sample in sorted((ROOT_DIR / "samples").glob("*.yaml")):
        first = sample.read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), sample
        assert (sample.parent / first.removeprefix(prefix)).resolve() == COMMITTED
    # init's modeline names the file it writes beside the pack, never an unpublished URL.
    assert (
        scaffold(["en-US"]).splitlines()[0] == "# yaml-language-server: $schema=./pack.schema.json"
    )
    assert SCHEMA_URL not in scaffold(["en-US"])


# --- schema <-> declaration ---------------------------------------------------------------


def _walk(field: Field, schema: dict[str, Any], where: str) -> Iterator[str]:
    """Every disagreement between a declared field and its subschema."""
    if not (schema.get("title") and schema.get("description") and schema.get("examples")):
        yield f"{where}: no title, description or examples"
    expected = {
        "type": JSON_TYPES.get(field.type),
        "enum": list(field.choices) or None,
        "pattern": field.pattern,
        "maxLength": field.max_length,
        "minimum": field.minimum,
        "default": field.default,
    }
    for keyword, value in expected.items():
        if schema.get(keyword) != value:
            yield f"{where}: {keyword} is {schema.get(keyword)!r}, declared {value!r}"
    for example in schema.get("examples", []):
        for error in jsonschema.Draft7Validator(schema).iter_errors(example):
            yield f"{where}: example {example!r} does not validate: {error.message}"
    if field.keys is not None:
        shape = field.keys.fields
        if set(schema.get("properties", {})) != set(shape):
            yield f"{where}: properties {sorted(schema.get('properties', {}))} != {sorted(shape)}"
        if schema.get("additionalProperties") is not False:
            yield f"{where}: unknown keys are not refused"
        required = [name for name, f in shape.items() if f.required]
        if schema.get("required", []) != required:
            yield f"{where}: required {schema.get('required')} != {required}"
        yield from _conditions(shape, schema.get("allOf", []), where)
        for name, sub in shape.items():
            yield from _walk(sub, schema["properties"].get(name, {}), f"{where}.{name}")
    if field.key is not None:
        names = schema.get("propertyNames", {})
        if names.get("pattern") != field.key.pattern or not names.get("description"):
            yield f"{where}: propertyNames {names!r} do not match the declared keys"
    if field.values is not None:
        yield from _walk(field.values, schema.get("additionalProperties", {}), f"{where}.*")
    if field.items is not None:
        yield from _walk(field.items, schema.get("items", {}), f"{where}[]")


def _conditions(shape: Any, rules: list[dict[str, Any]], where: str) -> Iterator[str]:
    declared = set()
    for name, f in shape.items():
        if f.required_when is not None:
            declared.add(("required", name, f.required_when.key, tuple(f.required_when.values)))
        if f.only_when is not None:
            declared.add(("only", name, f.only_when.key, tuple(f.only_when.values)))
    found = set()
    for rule in rules:
        ((key, condition),) = rule["if"]["properties"].items()
        if "enum" in condition:
            (name,) = rule["then"]["required"]
            found.add(("required", name, key, tuple(condition["enum"])))
        else:
            ((name, allowed),) = rule["then"]["properties"].items()
            assert allowed is False
            found.add(("only", name, key, tuple(condition["not"]["enum"])))
    if found != declared:
        yield f"{where}: conditions {sorted(found)} != declared {sorted(declared)}"


def test_schema_and_declaration_agree() -> None:
    assert list(_walk(ROOT, SCHEMA, "pack")) == []


def test_every_declared_type_has_a_json_type() -> None:
    from typing import get_args

    from msgtemplate.pack.schema import ValueType

    assert set(get_args(ValueType)) - {"any"} <= set(JSON_TYPES)


# --- declaration <-> the code that checks packs -------------------------------------------


def test_declaration_agrees_with_formatting_and_spec() -> None:
    params = PARAMETER.fields
    assert tuple(params) == OPTION_KEYS
    assert params["type"].choices == PARAMETER_TYPES
    assert params["style"].choices == STYLES
    for option, declared in params.items():
        takes = tuple(t for t in PARAMETER_TYPES if option in TYPE_OPTIONS[t])
        if option in ("type", "example", "description"):
            assert declared.only_when is None
        else:
            assert declared.only_when is not None
            assert declared.only_when.values == takes, option
    template = TEMPLATE.fields
    assert template["channel"].choices == spec.CHANNELS
    assert template["code"].max_length == spec.REQUEST_FIELDS["templateCode"].max_length
    assert PACK.fields["appId"].max_length == spec.REQUEST_FIELDS["appId"].max_length
    when = template["redirectUrl"].required_when
    assert when is not None
    assert set(when.values) == spec.REDIRECT_REQUIRED_CHANNELS


def _pack(parameter: dict[str, object] | None = None, **template: object) -> str:
    body = "Hi ${p}" if parameter is not None else "Hi"
    item: dict[str, object] = {
        "code": "TP_1",
        "channel": "SMS",
        "content": {"en-US": {"body": body}},
        **template,
    }
    if parameter is not None:
        item["parameters"] = {"p": parameter}
        # count and select text comes from the variant's forms (MT801 without them)
        if parameter.get("type") == "count":
            item["content"] = {"en-US": {"body": body, "forms": {"p": {"one": "#", "other": "#"}}}}
        elif parameter.get("type") == "select" and isinstance(parameter.get("values"), list):
            phrases = {str(v): "x" for v in parameter["values"]}
            item["content"] = {"en-US": {"body": body, "forms": {"p": phrases}}}
    return yaml.safe_dump({"format": 1, "defaultLocale": "en-US", "templates": [item]})


def _verdicts(text: str) -> tuple[bool, bool]:
    """(the linter finds no error, the schema accepts)."""
    document = parse_document(text, "p.yaml", "yaml")
    return lint_clean(document), not errors(document)


OPTION_VALUES: dict[str, object] = {
    "maxLength": 5,
    "currency": "USD",
    "style": "short",
    "timezone": "Asia/Tokyo",
    "values": ["card", "wallet"],
}


@pytest.mark.parametrize("type_", PARAMETER_TYPES)
@pytest.mark.parametrize("option", sorted(OPTION_VALUES))
def test_options_apply_to_the_same_types_for_reader_and_schema(type_: str, option: str) -> None:
    parameter: dict[str, object] = {"type": type_, option: OPTION_VALUES[option]}
    if type_ == "currency" and option != "currency":
        parameter["currency"] = "EUR"
    if type_ == "select" and option != "values":
        parameter["values"] = ["card"]
    reader_ok, schema_ok = _verdicts(_pack(parameter))
    assert reader_ok == schema_ok == (option in TYPE_OPTIONS[type_])


@pytest.mark.parametrize("type_", PARAMETER_TYPES)
def test_required_options_agree(type_: str) -> None:
    reader_ok, schema_ok = _verdicts(_pack({"type": type_}))
    assert reader_ok == schema_ok == (type_ not in ("currency", "select"))


@pytest.mark.parametrize("channel", spec.CHANNELS)
def test_redirect_url_requirement_agrees(channel: str) -> None:
    reader_ok, schema_ok = _verdicts(_pack(channel=channel))
    assert reader_ok == schema_ok == (channel not in spec.REDIRECT_REQUIRED_CHANNELS)
    assert _verdicts(_pack(channel=channel, redirectUrl="/p")) == (True, True)


# --- packs the suite treats as valid, and its bad ones ------------------------------------


def test_every_valid_pack_file_validates() -> None:
    checked = 0
    for path in pack_files():
        try:
            document = load_document(path)
        except DocumentError:
            continue
        if not is_pack(document) or not lint_clean(document):
            continue
        assert errors(document) == [], path
        checked += 1
    assert checked >= 10  # the samples, clean.yaml, the fixtures of warning rules


def test_every_inline_pack_of_the_suite_agrees() -> None:
    valid = invalid = 0
    for where, document in inline_packs():
        _, problems = read_pack(document)
        found = errors(document)
        if lint_clean(document):
            assert found == [], where
            valid += 1
        elif document.format == "yaml" and {p.kind for p in problems} & SHAPE_KINDS:
            assert found, (where, [p.message for p in problems])
            invalid += 1
    assert valid >= 5
    assert invalid >= 5


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("MT201", "'channel' is a required property"),
        ("MT202", "Additional properties are not allowed ('redirect_url' was unexpected)"),
        ("MT203", "is not of type 'object'"),
        ("MT204", "2 is not one of [1]"),
        ("MT205", "'EMAIL' is not one of ['PUSH', 'INBOX', 'SMS']"),
        ("MT207", "'money' is not one of"),
        ("MT302", "does not match '\\\\S'"),
        ("MT501", "is too long"),
        ("MT502", "is too long"),
        ("MT505", "'redirectUrl' is a required property"),
    ],
)
def test_structural_defects_fail(fixture: str, message: str) -> None:
    document = load_document(ROOT_DIR / "tests" / "data" / "lint" / f"{fixture}.yaml")
    found = errors(document)
    assert any(message in error for error in found), found


@pytest.mark.parametrize(
    ("replace", "by"),
    [
        ("channel: SMS", "channel: sms"),
        ("channel: SMS", "channel: [SMS]"),
        ("format: 1", "format: '1'"),
        ("body: Hi", "body:"),
        ("body: Hi", "body: {text: Hi}"),
        ("body: Hi", "bdoy: Hi"),
        ("en-US:", "en US:"),
        ("code: TP_1", "code: ~"),
        ("p: {type: string}", "p: {type: string, maxlength: 3}"),
        ("p: {type: string}", "p: {type: date, maxLength: 3}"),
        ("p: {type: string}", "p: string"),
        ("p: {type: string}", "1p: {type: string}"),
        ("p: {type: string}", "p: {type: currency, currency: usd}"),
        ("templates:", "appId: P000000000000001xxxxP000000000000001\ntemplates:"),
    ],
)
def test_seeded_defects_fail(replace: str, by: str) -> None:
    good = textwrap.dedent(
        """\
        format: 1
        defaultLocale: en-US
        templates:
          - code: TP_1
            channel: SMS
            parameters:
              p: {type: string}
            content:
              en-US:
                body: Hi
                title: Hi ${p}
        """
    )
    assert errors(parse_document(good, "p.yaml", "yaml")) == []
    bad = good.replace(replace, by, 1)
    assert bad != good
    assert errors(parse_document(bad, "p.yaml", "yaml")), bad


# --- the schema's verdict against the reader's, on generated packs -------------------------

_TEXT = st.sampled_from(["Hi ${p}", "Hello", "", " ", "${", "$$5", "1.50", 42, True, None])
_PARAMETER = st.fixed_dictionaries(
    {"type": st.sampled_from([*PARAMETER_TYPES, "money", 3])},
    optional={
        "maxLength": st.sampled_from([1, 20, 0, -1, "x", None]),
        "currency": st.sampled_from(["USD", "usd", "EURO", 1]),
        "style": st.sampled_from([*STYLES, "huge"]),
        "timezone": st.sampled_from(["UTC", "Asia/Tokyo", 5]),
        "description": st.sampled_from(["the id", None]),
        "exmaple": st.just(1),
    },
)
_VARIANT = st.fixed_dictionaries(
    {"body": _TEXT}, optional={"title": _TEXT, "titel": st.just("x")}
) | st.sampled_from([{}, "Hi", None, []])
_TEMPLATE = st.fixed_dictionaries(
    {
        "code": st.sampled_from(["TP_1", "TP 1", "T" * 65, 7, None]),
        "channel": st.sampled_from([*spec.CHANNELS, "push", "EMAIL", None]),
        "content": st.dictionaries(
            st.sampled_from(["en-US", "en", "zh_TW", "fr", "bad key"]), _VARIANT, max_size=3
        )
        | st.sampled_from([None, [], "en-US"]),
    },
    optional={
        "redirectUrl": st.sampled_from(["/p?id=${p}", "/p", None, 5]),
        "parameters": st.dictionaries(st.sampled_from(["p", "q", "9x"]), _PARAMETER, max_size=2)
        | st.sampled_from([None, [], "p"]),
        "name": _TEXT,
        "colour": st.just("red"),
    },
)
_PACK = st.fixed_dictionaries(
    {
        "format": st.sampled_from([1, 1, 1, 2, "1", None]),
        "defaultLocale": st.sampled_from(["en-US", "en-US", "fr", "en_US", None, 1]),
        "templates": st.lists(_TEMPLATE, max_size=2) | st.sampled_from([None, {}, "x"]),
    },
    optional={"appId": st.sampled_from(["P1", "P" * 33, 12, None]), "extra": st.just(1)},
)


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # hypothesis shares objects; the reader refuses YAML aliases


@settings(max_examples=400, deadline=None)
@given(_PACK)
def test_schema_and_reader_agree_on_generated_packs(value: dict[str, Any]) -> None:
    dumped = yaml.dump(value, Dumper=_NoAliases)
    for fmt, text in (("yaml", dumped), ("json", json.dumps(value))):
        document = parse_document(text, f"p.{fmt}", fmt)  # type: ignore[arg-type]
        _, problems = read_pack(document)
        found = errors(document)
        if lint_clean(document):
            assert found == [], (fmt, text)
        if fmt == "yaml" and not found:
            # The schema accepts: the reader finds nothing wrong with the shape either
            # (JSON is stricter about text than the schema, see jsonschema.py).
            shape = [p.message for p in problems if p.kind in SHAPE_KINDS]
            assert shape == [], text
