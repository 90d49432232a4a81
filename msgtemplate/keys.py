"""Moved to :mod:`msgtemplate.sender.keys`; this alias keeps ``msgtemplate.keys`` working for
one release (from msgtemplate import ... is unchanged and preferred)."""

import warnings

from msgtemplate.sender.keys import *  # noqa: F403

warnings.warn("msgtemplate.keys moved to msgtemplate.sender.keys", DeprecationWarning, stacklevel=2)
