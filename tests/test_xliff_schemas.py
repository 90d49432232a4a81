"""Exported XLIFF files are valid against the OASIS schemas themselves.

XLIFF 1.2 against ``xliff-core-1.2-strict.xsd`` and XLIFF 2.0 against
``xliff-core-2.0.xsd``, the schemas OASIS published, as Debian ships them in
``php-symfony-translation`` (Symfony validates the XLIFF it reads with them;
``.ci/run`` installs the package for its schema files only). xmlschema, a
test-only dependency, does the validating. What is checked: every stored golden
export (the samples, forms included, and a generated pack), a stale translation
(``needs-review-translation`` in 1.2, ``initial`` in 2.0), and, for any text
hypothesis writes into a template, both formats' exports. A check that the schemas
bite keeps the rest honest: a file without its source language, or a segment state
that XLIFF 2.0 does not define, is refused.
"""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msgtemplate.pack import load_pack
from msgtemplate.pack.staleness import source_hash
from msgtemplate.translate import export_pack

SCHEMAS = Path("/usr/share/php/Symfony/Component/Translation/Resources/schemas")
GOLDEN = Path(__file__).resolve().parent / "data" / "golden" / "export"

if not (SCHEMAS / "xliff-core-2.0.xsd").exists():
    if os.environ.get("MSGTEMPLATE_REQUIRE_ORACLE") == "1":
        raise RuntimeError(f"the OASIS XLIFF schemas are missing from {SCHEMAS}")
    pytest.skip("php-symfony-translation (the OASIS XLIFF schemas) is not installed",
                allow_module_level=True)  # fmt: skip

xmlschema = pytest.importorskip("xmlschema")


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    # The schemas import xml.xsd from the web or a relative folder; the local copy serves.
    xml_ns = [("http://www.w3.org/XML/1998/namespace", str(SCHEMAS / "xml.xsd"))]
    return {
        "xliff": xmlschema.XMLSchema(str(SCHEMAS / "xliff-core-1.2-strict.xsd"), locations=xml_ns),
        "xliff2": xmlschema.XMLSchema(str(SCHEMAS / "xliff-core-2.0.xsd"), locations=xml_ns),
    }


def problems(schema: Any, data: bytes | str) -> list[str]:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return [str(error).splitlines()[0] for error in schema.iter_errors(text)]


def golden(fmt: str) -> list[Path]:
    return sorted((GOLDEN / fmt).glob("*.xlf"))


@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_every_golden_export_is_valid(schemas: dict[str, Any], fmt: str) -> None:
    files = golden(fmt)
    assert len(files) >= 20  # the samples (forms too) and a generated pack, every locale
    for path in files:
        assert problems(schemas[fmt], path.read_bytes()) == [], path.name


def test_the_schemas_bite(schemas: dict[str, Any]) -> None:
    one = golden("xliff")[0].read_text(encoding="utf-8")
    assert 'source-language="' in one
    assert problems(schemas["xliff"], one.replace('source-language="', 'srclang="', 1))
    two = golden("xliff2")[0].read_text(encoding="utf-8")
    bad = re.sub(r'(<segment[^>]*? state=")[a-z]+', r"\1needs-review-translation", two, count=1)
    assert bad != two
    assert problems(schemas["xliff2"], bad)


PACK = """\
format: 1
defaultLocale: en-US
templates:
  - code: TP_NOTE
    channel: PUSH
    redirectUrl: /pages/home
    parameters:
      who: {{type: string, example: Ana}}
    content:
      en-US:
        title: {title}
        body: {body}
      fr:
        title: {fr_title}
        body: {fr_body}
        sourceHash: {{title: {title_hash}, body: {body_hash}}}
"""


def write_pack(folder: Path, **texts: str) -> Path:
    path = folder / "note.yaml"
    quoted = {key: _double_quoted(value) for key, value in texts.items()}
    path.write_text(PACK.format(**quoted, title_hash=source_hash(texts["title"]),
                                body_hash=source_hash("Old ${who}")),
                    encoding="utf-8")  # fmt: skip
    return path


def _double_quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def test_a_stale_translation_is_valid_in_both_versions(
    schemas: dict[str, Any], tmp_path: Path
) -> None:
    path = write_pack(tmp_path, title="Hello", body="Hi ${who}", fr_title="Bonjour",
                      fr_body="Salut ${who}")  # fmt: skip
    for fmt in ("xliff", "xliff2"):
        (exported,) = export_pack(load_pack(path), fmt)  # type: ignore[arg-type]
        text = exported.data.decode("utf-8")
        assert ("needs-review-translation" if fmt == "xliff" else 'state="initial"') in text
        assert problems(schemas[fmt], exported.data) == [], textwrap.shorten(text, 400)


# Any text a pack may hold: markup characters, quotes, ]]>, astral and RTL letters,
# newlines and tabs; not the controls a pack refuses (MT604) or lone surrogates.
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t<>&\"']"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "" and "${" not in s and "$" not in s)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TEXT, body=TEXT, fr=TEXT)
def test_any_text_exports_as_valid_xliff(
    schemas: dict[str, Any], tmp_path: Path, title: str, body: str, fr: str
) -> None:
    path = write_pack(tmp_path, title=title, body=body + " ${who}", fr_title=fr,
                      fr_body=fr + " ${who}")  # fmt: skip
    pack = load_pack(path)
    for fmt in ("xliff", "xliff2"):
        (exported,) = export_pack(pack, fmt)  # type: ignore[arg-type]
        assert problems(schemas[fmt], exported.data) == []
