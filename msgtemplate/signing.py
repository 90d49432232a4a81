"""Moved to :mod:`msgtemplate.sender.signing`; this alias keeps ``msgtemplate.signing`` working for
one release (from msgtemplate import ... is unchanged and preferred)."""

import warnings

from msgtemplate.sender.signing import *  # noqa: F403

warnings.warn(
    "msgtemplate.signing moved to msgtemplate.sender.signing", DeprecationWarning, stacklevel=2
)
