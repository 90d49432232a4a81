"""Optional dependencies: one table, one way to say that one is missing.

A command that needs an extra imports it as usual; when the import fails, the CLI's
top level (:func:`msgtemplate.cli.main`) asks :func:`missing_extra` which extra
provides the missing module and prints one line naming it, with exit code 2,
instead of an "internal error". A new extra is a new row here (a test checks the
table against ``pyproject.toml``).
"""

from __future__ import annotations

from typing import Final

EXTRAS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    # extra: (what it is for, top-level modules its distributions provide)
    "sandbox": ("the local sandbox", ("starlette", "uvicorn", "h11", "anyio")),
    "lsp": ("the language server", ("pygls", "lsprotocol", "cattrs")),
}


def missing_extra(exc: BaseException) -> str | None:
    """The one line to print when ``exc`` is an import of an optional dependency
    that is not installed, else None (a real bug: let it be reported as one)."""
    if not isinstance(exc, ModuleNotFoundError) or not exc.name:
        return None
    top = exc.name.split(".", 1)[0]
    for extra, (purpose, modules) in EXTRAS.items():
        if top in modules:
            return (
                f"msgtemplate: {purpose} needs the optional dependency {top!r}, which is "
                f"not installed; install it with: pip install 'msgtemplate[{extra}]'"
            )
    return None
