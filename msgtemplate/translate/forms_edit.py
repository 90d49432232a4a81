"""Writing imported ``forms`` phrases into a pack: the edits, and what the result must hold.

A changed phrase replaces its scalar (in the style it had, as titles and bodies do);
a key the set does not have yet is appended to it; a form set or a whole ``forms``
entry the variant lacks is appended to the variant, in the style of the pack's form
sets (the first variant with ``forms`` decides: one line per parameter,
``eta: {one: "# minute", other: "# minutes"}``, or a block mapping with one phrase per
line); a pack with no forms yet gets one line per parameter, as the samples write
them. New keys are in a stable order: exact values first, then CLDR's categories in
CLDR order, then select values as given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from msgtemplate.document.source import Document, MappingNode
from msgtemplate.formatting.forms import PLURAL_CATEGORIES, exact_value
from msgtemplate.pack.model import Pack
from msgtemplate.pack.variant import Variant
from msgtemplate.translate.edits import Edit, NewMapping, NewValue

if TYPE_CHECKING:
    from msgtemplate.translate.json_edit import JsonTree
    from msgtemplate.translate.writeback import Change
    from msgtemplate.translate.yaml_edit import YamlTree


def _order(key: str) -> tuple[int, object]:
    number = exact_value(key)
    if number is not None:
        return 0, number
    if key in PLURAL_CATEGORIES:
        return 1, PLURAL_CATEGORIES.index(key)
    return 2, 0


def _sorted(changes: Sequence[Change]) -> list[tuple[str, NewValue]]:
    items = [(c.form[1], c.text) for c in changes if c.form is not None and c.text is not None]
    return [(key, text) for key, text in sorted(items, key=lambda item: _order(item[0]))]


def _by_name(changes: Sequence[Change]) -> dict[str, list[Change]]:
    groups: dict[str, list[Change]] = {}
    for change in changes:
        if change.form is not None:
            groups.setdefault(change.form[0], []).append(change)
    return groups


def sets_on_one_line(tree: YamlTree | JsonTree, pack: Pack) -> bool:
    """Whether new form sets are written on one line: as the first variant with
    ``forms`` writes its sets, else yes (the samples' style)."""
    for template in pack.templates.values():
        for variant in template.content.values():
            if variant.forms:
                return tree.sibling_is_flow((*variant.pointer, "forms"))
    return True


def new_forms(changes: Sequence[Change], *, compact: bool) -> NewMapping | None:
    """The ``forms`` mapping of a new variant (None when there are no phrases), each
    set on one line if ``compact``."""
    groups = _by_name(changes)
    if not groups:
        return None
    return NewMapping(
        tuple(
            (name, NewMapping(tuple(_sorted(group)), compact=compact))
            for name, group in groups.items()
        )
    )


def form_edits(
    tree: YamlTree | JsonTree,
    document: Document,
    variant: Variant,
    changes: Sequence[Change],
    order: int,
    *,
    compact: bool,
) -> list[tuple[Edit, list[Change]]]:
    """The edits that put ``changes`` (phrases) into the existing ``variant`` (new
    sets on one line if ``compact``)."""
    pointer = (*variant.pointer, "forms")
    variant_node = document.node_at(variant.pointer)  # the deepest node found: check
    node = variant_node.get("forms") if isinstance(variant_node, MappingNode) else None
    groups = _by_name(changes)
    if not isinstance(node, MappingNode):
        entry = new_forms(changes, compact=compact)
        assert entry is not None
        return [(tree.append(variant.pointer, [("forms", entry)], order), list(changes))]
    owned: list[tuple[Edit, list[Change]]] = []
    missing_sets: list[tuple[str, NewValue]] = []
    missing_owners: list[Change] = []
    for name, group in groups.items():
        set_node = node.get(name)
        if not isinstance(set_node, MappingNode):
            missing_sets.append((name, NewMapping(tuple(_sorted(group)), compact=compact)))
            missing_owners.extend(group)
            continue
        new_keys: list[Change] = []
        for change in group:
            assert change.form is not None
            assert change.text is not None
            if set_node.get(change.form[1]) is not None:
                owned.append(
                    (tree.replace((*pointer, name, change.form[1]), change.text), [change])
                )
            else:
                new_keys.append(change)
        if new_keys:
            owned.append((tree.append((*pointer, name), _sorted(new_keys), order), new_keys))
    if missing_sets:
        owned.append((tree.append(pointer, missing_sets, order), missing_owners))
    return owned


def phrases_of(variant: Variant) -> dict[str, dict[str, str]]:
    """``{parameter: {key: phrase}}`` of a variant's forms, as read."""
    return {name: dict(forms.phrases) for name, forms in variant.forms.items()}


def forms_after(
    previous: Variant | None, code: str, locale: str, changes: Sequence[Change]
) -> dict[str, dict[str, str]]:
    """What a variant's forms must be once ``changes`` are written."""
    wanted = phrases_of(previous) if previous is not None else {}
    for change in changes:
        if change.form is None or change.text is None:
            continue
        if change.code == code and change.locale == locale:
            wanted.setdefault(change.form[0], {})[change.form[1]] = change.text
    return wanted
