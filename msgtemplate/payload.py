"""Moved to :mod:`msgtemplate.pack.request`; this alias keeps ``msgtemplate.payload`` working for
one release (from msgtemplate import ... is unchanged and preferred)."""

import warnings

from msgtemplate.pack.request import *  # noqa: F403

warnings.warn(
    "msgtemplate.payload moved to msgtemplate.pack.request", DeprecationWarning, stacklevel=2
)
