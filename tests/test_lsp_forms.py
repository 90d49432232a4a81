"""The language server and forms: category completion, hover with samples, the MT802 fix."""

from __future__ import annotations

from lsprotocol import types as lsp

from msgtemplate.lsp.actions import code_actions
from msgtemplate.lsp.analysis import analyse
from msgtemplate.lsp.completion import complete
from msgtemplate.lsp.diagnostics import diagnostics
from msgtemplate.lsp.hover import hover

URI = "file:///tmp/p.yaml"
PACK = """\
format: 1
defaultLocale: en-US
templates:
  - code: TP_1
    channel: SMS
    parameters:
      eta: {type: count, example: 5}
      method: {type: select, values: [card, wallet], example: card}
    content:
      en-US:
        body: Arrives in ${eta}. Paid ${method}.
        forms:
          eta: {one: "# minute", other: "# minutes"}
          method: {card: your card, wallet: your wallet}
      pl:
        body: Za ${eta}. Płatność ${method}.
        forms:
          eta: {one: "# minutę", other: "# minuty"}
          method:
            card: kartą
      ar:
        body: خلال ${eta}. ${method}
        forms:
          eta:
            one: دقيقة
            other: "# دقيقة"
          method: {card: بالبطاقة, wallet: بالمحفظة}
"""


def labels(items: list[lsp.CompletionItem]) -> list[str]:
    return [item.label for item in items]


def test_completion_offers_the_locales_missing_categories_with_samples() -> None:
    analysis = analyse(URI, PACK)
    # a new line inside the Arabic block form set, after "other: ..." (line 25)
    text = PACK.replace(
        '            other: "# دقيقة"\n', '            other: "# دقيقة"\n            \n'
    )
    items = complete(analysis, text, 26, 12)
    assert labels(items) == ["zero", "two", "few", "many"]
    assert items[2].detail == "ar plural category: 3, 4, 5, 6…"
    assert items[2].insert_text == 'few: "# "'


def test_completion_offers_the_select_values_not_given() -> None:
    analysis = analyse(URI, PACK)
    text = PACK.replace("            card: kartą\n", "            card: kartą\n            \n")
    assert labels(complete(analysis, text, 20, 12)) == ["wallet"]


def test_hover_on_a_form_set_shows_categories_samples_and_phrases() -> None:
    analysis = analyse(URI, PACK)
    result = hover(analysis, 17, 11)  # "eta" under the Polish forms
    assert result is not None
    value = result.contents.value  # type: ignore[union-attr]
    assert "| `few` *(missing: reads as other)* | 2, 3, 4, 22… | 2 minuty |" in value
    assert "| `one` | 1 | 1 minutę |" in value


def test_hover_on_a_placeholder_in_a_variant_shows_its_forms() -> None:
    analysis = analyse(URI, PACK)
    result = hover(analysis, 10, 26)  # ${eta} in the English body
    assert result is not None
    value = result.contents.value  # type: ignore[union-attr]
    assert "**`${eta}`** · count in `en-US`" in value
    assert "| `other` | 0, 2, 3, 4… | 2 minutes |" in value


def test_quick_fix_adds_the_missing_categories_seeded_with_other() -> None:
    analysis = analyse(URI, PACK)
    found = [d for d in diagnostics(analysis) if d.code == "MT802"]
    assert [d.range.start.line for d in found] == [17, 23]
    actions = code_actions(analysis, found)
    assert [a.title for a in actions] == [
        "Add few, many (seeded with the 'other' phrase)",
        "Add zero, two, few, many (seeded with the 'other' phrase)",
    ]
    text = PACK
    for action in reversed(actions):  # the later edit first: offsets stay true
        (edit,) = action.edit.changes[URI]  # type: ignore[union-attr, index]
        lines = text.split("\n")
        row = lines[edit.range.start.line]
        start, end = edit.range.start.character, edit.range.end.character
        lines[edit.range.start.line] = row[:start] + edit.new_text + row[end:]
        text = "\n".join(lines)
    assert (
        '          eta: {one: "# minutę", other: "# minuty", few: "# minuty", many: "# minuty"}'
        in text
    )
    assert '            other: "# دقيقة"\n            zero: "# دقيقة"\n' in text
    fixed = analyse(URI, text)
    assert [f.code for f in fixed.findings if f.code.startswith("MT8")] == ["MT805"]
