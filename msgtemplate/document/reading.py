"""Opening the files a command reads (packs, bodies, translation files): the one way.

A path named ``shop.yaml`` may lead anywhere: a FIFO (reading it waits for a writer
forever), a terminal, ``/dev/zero`` (never ends), a directory. :func:`read_regular`
opens without blocking, decides on the *opened* file (no gap between a check and the
open for someone to swap the file in), refuses anything but a regular file, and reads
at most ``max_bytes + 1`` bytes, so an oversized file costs no more memory than the
limit.
"""

from __future__ import annotations

import os
import stat

from msgtemplate.errors import SourceError


class UnreadableFile(SourceError):
    """The file cannot be read: not a regular file, over the limit, or the OS refused.

    ``too_large`` tells the size refusal apart from the others.
    """

    def __init__(self, message: str, *, path: str, too_large: bool = False) -> None:
        super().__init__(message, path=path)
        self.too_large = too_large


_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_start(path: str, size: int) -> bytes | None:
    """The first ``size`` bytes of the regular file at ``path``; None for anything
    else (a FIFO, a device, an error), without waiting."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError:
        return None
    try:
        return os.read(fd, size) if stat.S_ISREG(os.fstat(fd).st_mode) else None
    except OSError:
        return None
    finally:
        os.close(fd)


def read_regular(path: str, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_bytes`` of them.

    Raises :class:`UnreadableFile` for a FIFO, device, socket or directory (without
    waiting on it), a file over ``max_bytes``, or an OS error.
    """
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}", path=path) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UnreadableFile(f"not a regular file ({_kind(mode)})", path=path)
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}", path=path) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise UnreadableFile(
            f"file is larger than the {max_bytes:,}-byte limit; refusing to read it",
            path=path,
            too_large=True,
        )
    return data


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
