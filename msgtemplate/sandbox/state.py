"""Where the sandbox keeps its state (its key pair and its inbox), and how a start
that fails leaves nothing behind.

By default both live in a per-user state folder, out of the way of the project
the sandbox is started in (:func:`default_state_dir`):

* Linux and other Unix: ``$XDG_STATE_HOME/msgtemplate/sandbox``, by default
  ``~/.local/state/msgtemplate/sandbox``;
* macOS: ``~/Library/Application Support/msgtemplate/sandbox``;
* Windows: ``%LOCALAPPDATA%\\msgtemplate\\sandbox``.

:class:`Created` records every file and folder a start makes, so that a start that
fails after making some (a bad pack found late, a broken database) removes them.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Final

from msgtemplate.sender.keys import PrivateKey, generate_key_pair, load_private_key

SERVER_KEY_FILE: Final = "sandbox-server.key.pem"
SERVER_PUBLIC_KEY_FILE: Final = "sandbox-server.pub.pem"
_SQLITE_SIDE_FILES: Final = ("-wal", "-shm", "-journal")


def default_state_dir() -> Path:
    """The per-user folder for the sandbox's key pair and inbox (not created here)."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_STATE_HOME", "")
        # The XDG spec: a relative value is invalid and must be ignored.
        base = Path(xdg) if os.path.isabs(xdg) else home / ".local" / "state"
    return base / "msgtemplate" / "sandbox"


class Created:
    """The files and folders one start of the sandbox made, to undo a failed start."""

    def __init__(self) -> None:
        self._paths: list[Path] = []

    def folder(self, path: Path, *, parents: bool) -> None:
        """Make ``path`` (owner-only) and, with ``parents``, its missing parents."""
        missing = [p for p in (path, *path.parents) if not p.exists()] if parents else [path]
        for folder in reversed(missing):
            if not folder.exists():
                folder.mkdir(mode=0o700)
                self._paths.append(folder)

    def file(self, path: Path) -> None:
        """Note that ``path`` is about to be made (if it does not exist yet)."""
        if not path.exists():
            self._paths.append(path)

    def database(self, path: Path) -> None:
        """Note an SQLite database and the side files it may grow."""
        if not path.exists():
            self._paths.append(path)
            self._paths += [path.with_name(path.name + suffix) for suffix in _SQLITE_SIDE_FILES]

    def remove(self) -> None:
        """Remove what was made, newest first; folders only when empty."""
        for path in reversed(self._paths):
            # A folder that is not empty holds someone else's file, and a path already
            # gone needs nothing: both are left as they are.
            with contextlib.suppress(OSError):
                if path.is_dir():
                    path.rmdir()
                else:
                    path.unlink(missing_ok=True)
        self._paths.clear()


def server_key_pair(key_dir: Path, created: Created) -> tuple[PrivateKey, Path]:
    """The sandbox's own key pair from ``key_dir``, made on first use (private file
    0600); returns the key and the path of its public half."""
    private_path = key_dir / SERVER_KEY_FILE
    public_path = key_dir / SERVER_PUBLIC_KEY_FILE
    if private_path.is_file():
        key = load_private_key(private_path)
    else:
        key, _ = generate_key_pair()
        created.file(private_path)
        fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(key.to_pem())
    public_pem = key.public_key().to_pem()
    if not public_path.is_file() or public_path.read_bytes() != public_pem:
        created.file(public_path)
        public_path.write_bytes(public_pem)
    return key, public_path.resolve()
