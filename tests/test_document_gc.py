"""msgtemplate.document._gc: the collector paused while a pack is built, and what was
built handed to the oldest generation afterwards (not frozen, still collectable)."""

from __future__ import annotations

import gc
import weakref

from msgtemplate.document._gc import gc_paused


class Box:
    def __init__(self) -> None:
        self.other: object = None


def in_generation(obj: object, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation=generation))


def test_the_collector_is_paused_and_restored() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the outer block restores
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_what_was_built_goes_to_the_oldest_generation_and_is_still_collected() -> None:
    with gc_paused():
        box = Box()
        box.other = Box()
        box.other.other = box  # a cycle
    assert gc.get_freeze_count() == 0
    assert in_generation(box, 2)
    gone = weakref.ref(box)
    del box
    gc.collect()
    assert gone() is None


def test_objects_frozen_by_the_application_stay_frozen() -> None:
    kept = Box()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with gc_paused():
            box = Box()
        assert gc.get_freeze_count() == frozen
        assert not in_generation(box, 2)
        assert not in_generation(kept, 2)
    finally:
        gc.unfreeze()
