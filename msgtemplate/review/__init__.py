"""The review gallery: every template x locale as its reader sees it, in a browser.

:func:`build_gallery` lints and renders packs (and, with a :class:`Baseline`, the
same packs at a git revision) into a :class:`Gallery`; :func:`write_site` writes it
as a static, self-contained folder (``index.html`` and its assets). The live server
(:mod:`msgtemplate.review.server`, needs the ``review`` extra) rebuilds the site when
a pack changes and tells open pages to reload. ``msgtemplate review`` is the command.
"""

from msgtemplate.review.baseline import Baseline, BaselineError, open_baseline
from msgtemplate.review.gallery import Card, Gallery, Gone, PackEntry, Rendering, build_gallery
from msgtemplate.review.site import write_site

__all__ = [
    "Baseline",
    "BaselineError",
    "Card",
    "Gallery",
    "Gone",
    "PackEntry",
    "Rendering",
    "build_gallery",
    "open_baseline",
    "write_site",
]
