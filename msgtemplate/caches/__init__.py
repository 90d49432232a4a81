"""Every cache msgtemplate keeps, declared in one place with its bound.

No module makes a ``functools.lru_cache`` of its own: it decorates the function with
``@cached("name")``, and :data:`CACHES` says what each cache holds and how many
entries it keeps at most. So the memory msgtemplate may hold is written down here,
and one call reaches every cache:

* :func:`clear_caches` empties them all (tests that need a cold start, long-lived
  processes that want memory back); nothing else is global and mutable.
* :func:`configure_caches` sets bounds for this process (an embedder with little
  memory, or a server that renders many distinct templates). Call it before
  msgtemplate first uses the cache; a cache already in use keeps its bound and
  the call raises :class:`CacheInUseError` naming it.
* :func:`cache_info` reports each cache's hits, misses and size.

Objects that cache for themselves (a :class:`~msgtemplate.locales.matcher.LocaleMatcher`,
a pack's render plans) own their caches, bounded by their own arguments, and go
away with the object.

A decorated function is the ``functools.lru_cache`` wrapper itself: a hit costs
what an ``lru_cache`` hit costs, nothing more (render and locale matching are hot).
This module imports nothing beyond ``functools`` and ``typing`` (``render`` starts fast).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final, NamedTuple, TypeVar

__all__ = [
    "CACHES",
    "CacheInUseError",
    "CacheSpec",
    "cache_info",
    "cached",
    "clear_caches",
    "configure_caches",
]

T = TypeVar("T")


class CacheSpec(NamedTuple):
    """One cache: its name, its default bound (entries) and what it holds."""

    name: str
    maxsize: int
    holds: str


def _table(*specs: CacheSpec) -> Mapping[str, CacheSpec]:
    return MappingProxyType({spec.name: spec for spec in specs})


CACHES: Final[Mapping[str, CacheSpec]] = _table(
    # the template language
    CacheSpec("template.compiled", 2048, "compiled Template objects by source text"),
    CacheSpec("template.names", 1024, "placeholder-name tuples, one per distinct tuple"),
    CacheSpec("template.render_code", 17, "render code objects by placeholder count"),
    CacheSpec("template.scanner", 1, "the compiled placeholder pattern"),
    CacheSpec("template.lark_parser", 1, "Lark's reference parser (syntax errors only)"),
    # locales
    CacheSpec("locales.cldr_data", 1, "Babel's CLDR tables msgtemplate reads"),
    CacheSpec("locales.likely_subtags", 8192, "likely-subtags results by tag"),
    CacheSpec("locales.parse", 4096, "parsed language tags by text"),
    CacheSpec("locales.maximized", 4096, "tags with likely subtags added"),
    CacheSpec("locales.default_script", 1024, "each language's default script"),
    CacheSpec("locales.cldr_id", 4096, "the CLDR locale id of a tag"),
    CacheSpec("locales.chain", 4096, "fallback chains by tag"),
    CacheSpec("locales.babel_locale", 256, "babel.Locale objects by tag"),
    CacheSpec("locales.lsr", 4096, "language-script-region triples by tag"),
    CacheSpec("locales.distance", 65536, "language distances between two tags"),
    CacheSpec("locales.distance_rules", 256, "distance rules by language and scripts"),
    CacheSpec("locales.matching_data", 1, "CLDR's language-matching data"),
    CacheSpec("locales.paradigms", 1, "CLDR's paradigm locales"),
    CacheSpec("locales.matchers", 128, "locale matchers by available locales"),
    # formatting
    CacheSpec("formatting.formatters", 4096, "compiled value formatters by type and locale"),
    CacheSpec("formatting.currencies", 1, "ISO 4217 codes Babel knows"),
    CacheSpec("formatting.zones", 256, "time zones by name"),
    CacheSpec("formatting.zone_names", 1, "every time zone name"),
    CacheSpec("formatting.babel_internals", 1, "the check of Babel's internals we use"),
    CacheSpec("formatting.plural_rules", 256, "Babel's plural rule by locale"),
    CacheSpec("formatting.plural_functions", 256, "plural category functions by locale"),
    CacheSpec("formatting.plural_categories", 256, "the plural categories a locale uses"),
    CacheSpec("formatting.plural_samples", 256, "sample numbers per plural category"),
    CacheSpec("formatting.preview_numbers", 1, "the numbers tried for a category's sample"),
    CacheSpec("formatting.count_forms", 4096, "compiled count forms by spec and locale"),
    CacheSpec("formatting.select_forms", 4096, "compiled select forms by spec"),
    # translator files
    CacheSpec("translate.plural_forms", 256, "gettext Plural-Forms headers by locale"),
    CacheSpec("translate.po_comments", 4096, "PO comment lines wrapped at 76 columns, by text"),
    # the linter
    CacheSpec("lint.number_separators", 128, "grouping and decimal marks by locale tag"),
    CacheSpec("lint.masked", 64, "texts with their placeholders masked, by text"),
    CacheSpec("lint.numbers", 64, "the numbers of a text, by text and locale tag"),
    CacheSpec("lint.unbalanced", 64, "unbalanced brackets and quotes, by text"),
    CacheSpec("lint.expansion_limit", 64, "the length ratio a translation may reach, by source"),
    # the faces
    CacheSpec("lsp.cldr_locales", 1, "the locales offered by completion"),
    CacheSpec("sandbox.text_direction", 256, "text direction by language tag"),
    CacheSpec("sandbox.static_files", 8, "the web inbox's static files"),
)
"""Every module-level cache, by name: what it holds and its default bound."""


class CacheInUseError(RuntimeError):
    """A cache's bound was set after msgtemplate had started using it."""


_bounds: dict[str, int] = {}
_live: dict[str, functools._lru_cache_wrapper[Any]] = {}


def cached(name: str) -> Callable[[Callable[..., T]], functools._lru_cache_wrapper[T]]:
    """Memoise a function in the cache declared as ``name`` in :data:`CACHES`."""
    spec = CACHES[name]  # KeyError: declare the cache in the table first

    def decorate(function: Callable[..., T]) -> functools._lru_cache_wrapper[T]:
        if name in _live:
            raise ValueError(f"cache {name!r} is already used by another function")
        wrapper = functools.lru_cache(maxsize=_bounds.get(name, spec.maxsize))(function)
        _live[name] = wrapper
        return wrapper

    return decorate


def clear_caches() -> None:
    """Empty every cache (each refills on its next use)."""
    for wrapper in tuple(_live.values()):
        wrapper.cache_clear()


def configure_caches(**bounds: int) -> None:
    """Set cache bounds for this process, by name (``template_compiled=100`` or,
    through a mapping, ``**{"template.compiled": 100}``); 0 turns a cache off.

    Raises :class:`KeyError` for an unknown name, :class:`ValueError` for a negative
    bound and :class:`CacheInUseError` when the cache is already in use.
    """
    resolved: dict[str, int] = {}
    for key, bound in bounds.items():
        name = key if key in CACHES else key.replace("_", ".", 1)
        if name not in CACHES:
            raise KeyError(f"no cache named {key!r}; see msgtemplate.caches.CACHES")
        if isinstance(bound, bool) or not isinstance(bound, int) or bound < 0:
            raise ValueError(f"cache {name!r}: the bound must be an integer >= 0, got {bound!r}")
        if name in _live and _live[name].cache_parameters()["maxsize"] != bound:
            raise CacheInUseError(
                f"cache {name!r} is already in use; configure caches before msgtemplate uses them"
            )
        resolved[name] = bound
    _bounds.update(resolved)


def cache_info() -> dict[str, functools._CacheInfo]:
    """Hits, misses, bound and current size of every cache in use, by name."""
    return {name: wrapper.cache_info() for name, wrapper in sorted(_live.items())}
