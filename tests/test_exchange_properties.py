"""Properties of the exchange over generated packs, in every format and many styles.

* export then import with no edits leaves the pack byte-identical;
* importing edited translations changes exactly those texts (and their recorded
  source hashes), as the pack reads them back, and nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msgtemplate.pack import Pack, load_pack
from msgtemplate.pack.staleness import FIELDS, field_text, source_hash
from msgtemplate.translate import export_pack
from msgtemplate.translate.importer import plan_import, write_import

_FRAGMENTS = [
    "Hello",
    " ",
    "  ",
    "${a}",
    "${b}",
    "$$",
    "US$5",
    "é",
    "中文",
    "😀",
    "שלום",
    "'",
    '"',
    "#",
    ": ",
    " #",
    "\n",
    "\t",
    "-",
    "{",
    "}",
    "[",
    ",",
    "\\",
    "%s",
    "null",
    "yes",
    "1.5",
    "&amp;",
    "<b>",
    "]]>",
]
_TEXT = st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=8).map("".join)
_BODY = _TEXT.filter(lambda t: bool(t.strip()))
_PLAIN = st.lists(
    st.sampled_from([f for f in _FRAGMENTS if "${" not in f]), min_size=1, max_size=6
).map("".join)
_LOCALES = ["fr", "de", "zh-Hant", "ar"]


@st.composite
def packs(draw: st.DrawFn) -> dict[str, Any]:
    templates = []
    for index in range(draw(st.integers(1, 3))):
        content: dict[str, Any] = {}
        for locale in ["en", *draw(st.lists(st.sampled_from(_LOCALES), unique=True, max_size=3))]:
            variant: dict[str, Any] = {}
            if draw(st.booleans()):
                variant["title"] = draw(_TEXT)
            variant["body"] = draw(_BODY)
            if locale != "en" and draw(st.booleans()):
                variant["sourceHash"] = {"body": draw(st.sampled_from(["0badf00d", "1e345678"]))}
            content[locale] = variant
        templates.append(
            {
                "code": f"T_{index}",
                "channel": "SMS",
                "parameters": {"a": {"type": "string"}, "b": {"type": "string"}},
                "content": content,
            }
        )
    return {"format": 1, "defaultLocale": "en", "templates": templates}


@st.composite
def written(draw: st.DrawFn) -> tuple[str, str]:
    """A generated pack as text, in one of many YAML or JSON styles, and its suffix."""
    data = draw(packs())
    if draw(st.booleans()):
        text = json.dumps(
            data,
            indent=draw(st.sampled_from([None, 2, 4, "\t"])),
            ensure_ascii=draw(st.booleans()),
        )
        return text, ".json"
    text = yaml.safe_dump(
        data,
        default_style=draw(st.sampled_from([None, '"', "'"])),
        default_flow_style=draw(st.sampled_from([False, None, True])),
        allow_unicode=draw(st.booleans()),
        width=draw(st.sampled_from([20, 80, 4096])),
        sort_keys=False,
    )
    return text, ".yaml"


def _save(tmp: Path, text: str, suffix: str) -> Path:
    path = tmp / f"pack{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


def _loadable(path: Path) -> Pack | None:
    try:
        return load_pack(path)
    except Exception:  # the generated YAML style may not round-trip our typed keys
        return None


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(written(), st.sampled_from(["po", "xliff", "xliff2", "json"]))
def test_export_then_import_is_byte_identical(
    tmp_path_factory: Any, case: tuple[str, str], fmt: str
) -> None:
    tmp = tmp_path_factory.mktemp("rt")
    path = _save(tmp, *case)
    pack = _loadable(path)
    if pack is None:
        return
    before = path.read_bytes()
    files = []
    for exported in export_pack(pack, fmt):  # type: ignore[arg-type]
        target = tmp / exported.name
        target.write_bytes(exported.data)
        files.append(str(target))
    result = plan_import(pack, files)
    assert not result.refused, [str(n) for n in result.notes]
    assert result.changes == []
    write_import(result)
    assert path.read_bytes() == before


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(written(), st.sampled_from(["po", "xliff", "xliff2", "json"]), st.data())
def test_imported_edits_change_exactly_those_texts(
    tmp_path_factory: Any, case: tuple[str, str], fmt: str, data: st.DataObject
) -> None:
    tmp = tmp_path_factory.mktemp("edit")
    path = _save(tmp, *case)
    pack = _loadable(path)
    if pack is None:
        return
    locale = data.draw(st.sampled_from(_LOCALES))
    edits: dict[str, str] = {}
    for code, template in pack.templates.items():
        default = template.content[template.default_locale or ""]
        for field in FIELDS:
            source = field_text(default, field)
            if source and data.draw(st.booleans()):
                # Same placeholders, other text around them (and a bit of everything),
                # beginning with a line break exactly when the source does: msgfmt's
                # rule, which import enforces (tested in test_exchange_import).
                prefix = data.draw(_PLAIN).lstrip("\n")
                lead = "\n" if source.startswith("\n") else ""
                edits[f"{code}.{field}"] = lead + prefix + " " + source
    if not edits:
        return
    translation = tmp / f"pack.{locale}.json"
    translation.write_text(json.dumps(edits), encoding="utf-8")
    result = plan_import(pack, [str(translation)])
    assert not result.refused, [str(n) for n in result.notes]
    write_import(result)
    after = load_pack(path)
    for code, template in pack.templates.items():
        new = after.template(code)
        assert list(new.content)[: len(template.content)] == list(template.content)
        for key, variant in new.content.items():
            old = template.content.get(key)
            for field in FIELDS:
                edited = edits.get(f"{code}.{field}")
                default = template.content[template.default_locale or ""]
                lone_title = field == "title" and old is None and f"{code}.body" not in edits
                if key == locale and edited is not None and not lone_title:
                    want = edited
                    want_hash: str | None = source_hash(field_text(default, field) or "")
                else:
                    want = field_text(old, field) if old is not None else None
                    want_hash = old.source_hashes.get(field) if old is not None else None
                assert field_text(variant, field) == want
                assert variant.source_hashes.get(field) == want_hash
    # And the result exports and imports back unchanged.
    before = path.read_bytes()
    files = []
    for exported in export_pack(after, fmt):  # type: ignore[arg-type]
        (tmp / exported.name).write_bytes(exported.data)
        files.append(str(tmp / exported.name))
    again = plan_import(after, files)
    assert not again.refused
    assert again.changes == []
    assert path.read_bytes() == before
