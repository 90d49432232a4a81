"""The texts of a pack: :class:`TemplateText` (one compiled title, body or redirectUrl),
:class:`FormSet` (the phrases of one count or select parameter) and :class:`Variant`
(one language of a template).

A leaf module: the model and the renderer both read these, and neither is
needed to build them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from msgtemplate.document.source import MappingNode, Pointer, ScalarNode
from msgtemplate.pack.positions import SourceLines, TextLocator
from msgtemplate.template.compiled import Template
from msgtemplate.template.syntax import TemplateSyntaxError


@dataclass(frozen=True, slots=True)
class TemplateText:
    """A title, body or redirectUrl: its text, compiled, and where it is in the file.

    ``template`` is None when the text has a syntax error (then ``error`` says
    which); ``line``/``column`` are those of the value (its quote or block
    indicator). :meth:`position` maps an offset inside ``text`` to the file.

    The text is the value of ``key`` in ``parent``; its :attr:`locator` is made when
    a position is first asked (a pack has hundreds of thousands of texts, and a
    clean lint asks none).
    """

    text: str
    template: Template | None = field(compare=False)
    lines: SourceLines = field(compare=False, repr=False)
    parent: MappingNode = field(compare=False, repr=False)
    key: str = field(compare=False, repr=False)
    error: TemplateSyntaxError | None = field(default=None, compare=False, repr=False)
    _locator: TextLocator | None = field(default=None, init=False, compare=False, repr=False)

    @property
    def locator(self) -> TextLocator:
        """Maps offsets in :attr:`text` to the file (made on first use)."""
        locator = self._locator
        if locator is None:
            locator = TextLocator(self.lines, self.parent, self.key)
            # Threads racing here make equal locators: at worst one walk is redone.
            object.__setattr__(self, "_locator", locator)
        return locator

    @property
    def line(self) -> int:
        """1-based line of the value's node (worked out when asked)."""
        return self.locator.line

    @property
    def column(self) -> int:
        """1-based column of the value's node (a tag or an anchor may come first)."""
        return self.locator.node_column

    @property
    def placeholders(self) -> tuple[str, ...]:
        """Placeholder names in order of first use (empty when the text did not parse)."""
        return self.template.placeholders if self.template is not None else ()

    def position(self, offset: int) -> tuple[int, int]:
        """File (line, column) of ``text[offset]``, e.g. a placeholder's ``$``."""
        return self.locator.position(offset)


@dataclass(frozen=True, slots=True)
class FormSet:
    """The phrases of one ``count`` or ``select`` parameter in one variant's ``forms``.

    ``phrases`` maps each key as written (``one``, ``=0``, ``card``) to its phrase, in
    file order. ``line``/``column`` are those of the parameter's key under ``forms``;
    ``keys`` holds each form key's (line, column) and ``locators`` maps offsets inside
    each phrase to the file.
    """

    name: str
    phrases: Mapping[str, str]
    line: int = field(compare=False)
    column: int = field(compare=False)
    pointer: Pointer = field(compare=False, repr=False)
    keys: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)
    locators: Mapping[str, TextLocator] = field(default_factory=dict, compare=False, repr=False)

    def key_position(self, key: str) -> tuple[int, int]:
        """File (line, column) of form key ``key`` (the set's own when unknown)."""
        return self.keys.get(key, (self.line, self.column))

    def phrase_position(self, key: str, offset: int = 0) -> tuple[int, int]:
        """File (line, column) of ``phrases[key][offset]``."""
        locator = self.locators.get(key)
        return locator.position(offset) if locator is not None else self.key_position(key)


@dataclass(frozen=True, slots=True)
class Variant:
    """One language of a template: ``locale`` is the content key as written.

    ``source_hashes`` maps ``title``/``body`` to the hash of the defaultLocale text
    that field was translated from (the pack's optional ``sourceHash``; see
    :mod:`msgtemplate.pack.staleness`), empty when none is recorded. ``forms`` maps
    each count/select parameter to its :class:`FormSet`, in file order.
    """

    locale: str
    title: TemplateText | None
    body: TemplateText
    content: MappingNode = field(compare=False, repr=False)
    """The content mapping: its key ``locale`` is where the variant is in the file."""
    content_pointer: Pointer = field(compare=False, repr=False)
    """Where the content mapping is (one tuple for all of a template's variants)."""
    source_hashes: Mapping[str, str] = field(default_factory=dict)
    forms: Mapping[str, FormSet] = field(default_factory=dict)

    @property
    def pointer(self) -> Pointer:
        """Where the variant is: the content's pointer and the locale as written."""
        return (*self.content_pointer, self.locale)

    @property
    def key(self) -> ScalarNode:
        """The content key (the locale as written), made when asked."""
        key = self.content.key_node(self.locale)
        assert key is not None
        return key

    @property
    def position(self) -> tuple[int, int]:
        """1-based (line, column) of the variant's key (worked out when asked, without
        making its node: most never are)."""
        position = self.content.key_position(self.locale)
        assert position is not None
        return position

    @property
    def line(self) -> int:
        """1-based line of the variant's key."""
        return self.position[0]

    @property
    def column(self) -> int:
        """1-based column of the variant's key."""
        return self.position[1]

    def texts(self) -> tuple[TemplateText, ...]:
        return (self.body,) if self.title is None else (self.title, self.body)
