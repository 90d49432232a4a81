"""Moved to :mod:`msgtemplate.translate` (translator files are an application of packs
and lint, above ``pack``); this alias keeps ``msgtemplate.pack.exchange`` working for
one release. It imports the new home only when a name is used, so ``pack`` itself
never loads the linter."""

import importlib
import warnings
from typing import Any


def __getattr__(name: str) -> Any:
    warnings.warn(
        "msgtemplate.pack.exchange moved to msgtemplate.translate", DeprecationWarning, stacklevel=2
    )
    return getattr(importlib.import_module("msgtemplate.translate"), name)
