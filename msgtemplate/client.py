"""Moved to :mod:`msgtemplate.sender.client`; this alias keeps ``msgtemplate.client`` working for
one release (from msgtemplate import ... is unchanged and preferred)."""

import warnings

from msgtemplate.sender.client import *  # noqa: F403

warnings.warn(
    "msgtemplate.client moved to msgtemplate.sender.client", DeprecationWarning, stacklevel=2
)
