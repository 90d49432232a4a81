"""The lint model is built once; families read it in any order; lint_text == lint_paths."""

from __future__ import annotations

import dataclasses
import random
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msgtemplate.document.source import DocumentError, load_document
from msgtemplate.lint import (
    LintConfig,
    LintModel,
    build_model,
    check_model,
    lint_document,
    lint_paths,
    lint_text,
)
from msgtemplate.lint.runner import families

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "lint"
SUFFIXES = (".yaml", ".yml", ".json")


def lint_files() -> list[Path]:
    """The samples and every lint fixture (good and bad packs and bodies)."""
    found = [*(ROOT / "samples").iterdir(), *DATA.iterdir()]
    return sorted(p for p in found if p.suffix in SUFFIXES)


@cache
def models() -> tuple[LintModel, ...]:
    out = []
    for path in lint_files():
        try:
            model = build_model(load_document(path))
        except DocumentError:
            continue  # MT001/MT003 fixtures: reported before any family runs
        if model is not None:
            out.append(model)
    return tuple(out)


def test_the_fixtures_cover_packs_bodies_and_every_family() -> None:
    kinds = {model.kind for model in models()}
    assert kinds == {"pack", "body"}
    assert len(models()) >= 40
    # Every family reports something on some fixture, so shuffling them means something.
    for check in families():
        assert any(list(check(model)) for model in models()), check


@settings(max_examples=30, deadline=None)
@given(order=st.permutations(families()))
def test_families_in_any_order_give_the_same_findings(order: list[object]) -> None:
    for model in models():
        assert check_model(model, order) == check_model(model)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(5))
def test_each_family_alone_on_a_fresh_model_finds_what_it_finds_in_a_run(seed: int) -> None:
    # A family run on its own model, in a shuffled order, finds what it finds after the
    # others: nothing one family does can feed another.
    order = list(families())
    random.Random(seed).shuffle(order)
    for path in lint_files():
        try:
            document = load_document(path)
        except DocumentError:
            continue
        if build_model(document) is None:
            continue
        alone = []
        for check in order:
            fresh = build_model(load_document(path))
            assert fresh is not None
            alone.extend(check(fresh))
        assert sorted(alone, key=repr) == sorted(lint_document(document), key=repr), path


def test_the_model_is_read_only() -> None:
    model = next(m for m in models() if m.pack is not None and m.declared)
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.pack = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        model.declared["x"] = ()  # type: ignore[index]
    assert isinstance(model.problems, tuple)
    assert isinstance(model.lines, tuple)


def test_missing_redirect_is_its_own_problem_kind_and_rule() -> None:
    text = (DATA / "MT505.yaml").read_text(encoding="utf-8")
    model = build_model(load_document(DATA / "MT505.yaml"))
    assert model is not None
    assert [p.kind for p in model.problems] == ["missing-redirect"]
    assert [f.code for f in lint_text(text, "virtual/MT505.yaml").findings] == ["MT505"]


# --------------------------------------------------------------------- lint_text


def utf8_files() -> list[Path]:
    out = []
    for path in lint_files():
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        out.append(path)
    return out


@pytest.mark.parametrize("path", utf8_files(), ids=lambda p: p.name)
def test_lint_text_finds_what_lint_paths_finds(path: Path) -> None:
    on_disk = lint_paths([path])
    text = path.read_bytes().decode("utf-8")
    in_memory = lint_text(text, str(path))
    assert in_memory.findings == on_disk.findings
    assert in_memory.sources == on_disk.sources
    assert (in_memory.files, in_memory.errors) == (on_disk.files, [])


def test_lint_text_path_need_not_exist_and_decides_the_format(tmp_path: Path) -> None:
    body = (DATA / "MT105.json").read_text(encoding="utf-8")
    result = lint_text(body, tmp_path / "nowhere" / "body.json")
    assert [(f.path, f.code) for f in result.findings] == [
        (str(tmp_path / "nowhere" / "body.json"), "MT105")
    ]
    # The same text under a YAML name is read as YAML (JSON is YAML): same finding.
    assert [f.code for f in lint_text(body, "body.yaml").findings] == ["MT105"]
    # Not a pack format at all: not ours, unless told to skip such files.
    assert [f.code for f in lint_text(body, "body.txt").findings] == ["MT004"]
    assert lint_text(body, "body.txt", LintConfig(skip_unknown=True)).findings == []


def test_lint_text_gets_the_checks_a_file_gets() -> None:
    assert [f.code for f in lint_text("format: 1\x00\n", "p.yaml").findings] == ["MT003"]
    lone = lint_text('{"templateCode": "\ud800", "templates": []}', "b.json")
    assert [(f.code, f.line, f.column) for f in lone.findings] == [("MT003", 1, 19)]
    assert [f.code for f in lint_text("a: [", "p.yaml").findings] == ["MT001"]
    # An editor passes skip_unknown: broken YAML that is not meant as a pack is not ours.
    editor = LintConfig(skip_unknown=True)
    assert lint_text("a: [", "p.yaml", editor).findings == []
    assert [f.code for f in lint_text("format: [", "p.yaml", editor).findings] == ["MT001"]
    assert [f.code for f in lint_text("kind: x\n", "k.yaml").findings] == ["MT004"]
    assert lint_text("kind: x\n", "k.yaml", LintConfig(skip_unknown=True)).findings == []


def test_lint_text_applies_the_selection_and_noqa() -> None:
    text = (DATA / "MT601.yaml").read_text(encoding="utf-8")
    assert {f.code for f in lint_text(text, "p.yaml").findings} == {"MT305", "MT601"}
    only = lint_text(text, "p.yaml", LintConfig(select=("MT6",)))
    assert {f.code for f in only.findings} == {"MT601"}
    line = next(f.line for f in only.findings)
    lines = text.split("\n")
    lines[line - 1] += "  # " + "noqa: MT601"
    assert {f.code for f in lint_text("\n".join(lines), "p.yaml").findings} == {"MT305"}
