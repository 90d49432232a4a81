"""Optional dependencies: one table, one way to say that one is missing.

A command that needs an extra says so (``parser.set_defaults(extra="sandbox")``);
the CLI's top level (:func:`msgtemplate.cli.main`) checks it with
:func:`check_extra` before the command runs, so the missing extra is what the user
hears about first. As a safety net, an import that fails later is matched by
:func:`missing_extra` to the extra that provides the module. Either way: one line
naming the extra to install, exit code 2, never an "internal error". A new extra is
a new row here (a test checks the table against ``pyproject.toml``).
"""

from __future__ import annotations

from typing import Final

EXTRAS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    # extra: (what it is for, top-level modules its distributions provide)
    # (checked in order: the extra's own distributions first, then what they bring)
    "sandbox": ("the local sandbox", ("starlette", "uvicorn", "h11", "anyio")),
    "lsp": ("the language server", ("pygls", "lsprotocol", "cattrs")),
    "review": (
        "msgtemplate review --serve",
        ("watchfiles", "starlette", "uvicorn", "h11", "anyio"),
    ),
    "celery": ("sending on Celery workers", ("celery", "kombu", "redis")),
}


def check_extra(extra: str) -> str | None:
    """The line to print when ``extra``'s modules cannot be imported, else None."""
    import importlib

    for module in EXTRAS[extra][1]:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            line = missing_extra(exc)
            if line is not None:
                return line
            raise
    return None


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
