"""Writing files safely: the one way every command writes a file (``export -o``,
``import``, ``schema -o``, and anything else that rewrites a pack).

What is promised (docs/reliability.md lists the tests that keep it):

* ``-`` is stdout. A FIFO, a character device, ``/dev/stdout`` or anything under
  ``/dev``, ``/proc`` is written *into*, never replaced (the node stays what it is).
* A regular file, or a new path, is replaced atomically: the data goes to a
  temporary file beside it, is flushed to disk, gets the old file's permission
  bits and (where the OS lets us) its owner, and is renamed over the old one.
  Readers see the old content or the new, never a part.
* A symbolic link is never replaced: the file it leads to is (the link stays).
* A file that is an input of the same command (same resolved path, or the same
  device and inode: a hard link, a symlink, ``./x/../shop.yaml``) is never written.
* A read-only file (no write permission bit, or not writable by this user) is
  refused with a clear message, even where the rename would succeed (as root, or
  in a writable folder).
* Temporary files are named ``.<name>.msgtemplate-<pid>-<random>.tmp``. A write
  that is killed (``kill -9``) cannot remove its own; the next write to the same
  file removes those whose process is gone.
* :func:`locked` takes an advisory lock (``fcntl.flock``) on a lock file beside the
  file, ``.<name>.msgtemplate-lock``, held from the read to the replace, so two
  writers of one pack never lose each other's work: the second waits a bounded
  time, then fails clearly. Under the lock the file must still be the one that was
  read (device, inode, size, modification time), or nothing is written. The lock
  file is removed when released (waiters notice and take a fresh one).

Errors are :class:`WriteError` (one clear line, with the path); the library never
prints.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from msgtemplate.errors import SourceError

LOCK_WAIT: Final = 10.0
"""Seconds a writer waits for another one writing the same file before giving up."""

_WRITE_INTO: Final = ("/dev/", "/proc/")
_STDOUT: Final = frozenset({"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})
_TEMP = re.compile(r"\.(?P<name>.+)\.msgtemplate-(?P<pid>[0-9]+)-[0-9a-f]+\.tmp\Z")


class WriteError(SourceError):
    """A file could not (or must not) be written; nothing was changed."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message, path=path)


def write_file(
    path: str, data: bytes, *, inputs: Sequence[str] = (), expect: FileIdentity | None = None
) -> None:
    """Write ``data`` to ``path`` as this module promises.

    ``inputs`` are the files the command read: ``path`` must not be one of them.
    ``expect`` (from :class:`Lock`) is the identity the file had when it was read:
    if it is no longer that file, nothing is written.
    """
    if path == "-" or os.path.abspath(path) in _STDOUT:
        _write_stdout(data)
        return
    target = os.path.realpath(path)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _os_error(path, exc) from None
    _refuse_inputs(path, target, st, inputs)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise WriteError("cannot write: is a directory", path=path)
    if (st is not None and not stat.S_ISREG(st.st_mode)) or _special(path):
        _write_into(path, data)
        return
    if expect is not None and (st is None or FileIdentity.of(st) != expect):
        raise WriteError(
            "the file changed on disk while it was being worked on; nothing written", path=path
        )
    if st is not None:
        _refuse_read_only(path, target, st)
    _replace(path, target, data, st)


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """Which file this is, and which version of it: device, inode, size, mtime."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> FileIdentity:
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class Lock:
    """A held lock on one file (see :func:`locked`).

    ``identity`` is the file's identity when the lock was taken (None if it did not
    exist); :meth:`write` replaces it only if it is still that file.
    """

    def __init__(self, path: str, identity: FileIdentity | None) -> None:
        self.path = path
        self.identity = identity

    def write(self, data: bytes, *, inputs: Sequence[str] = ()) -> None:
        """Replace the locked file with ``data`` (under the lock, identity re-checked)."""
        if self.identity is None and os.path.isfile(os.path.realpath(self.path)):
            raise WriteError(
                "the file appeared on disk while it was being worked on; nothing written",
                path=self.path,
            )
        write_file(self.path, data, inputs=inputs, expect=self.identity)
        with contextlib.suppress(OSError):
            self.identity = FileIdentity.of(os.stat(os.path.realpath(self.path)))


@contextlib.contextmanager
def locked(path: str, *, wait: float = LOCK_WAIT) -> Iterator[Lock]:
    """Hold the advisory lock of the file at ``path`` for the body of a ``with``.

    Read the file inside the block, then :meth:`Lock.write` it; another process
    doing the same waits up to ``wait`` seconds, then gets a :class:`WriteError`.
    A path that is not a regular file (a FIFO, ``-``) needs no lock.
    """
    if path == "-" or _special(path):
        yield Lock(path, None)
        return
    target = os.path.realpath(path)
    folder, name = os.path.split(target)
    lock_path = os.path.join(folder, f".{name}.msgtemplate-lock")
    fd = _acquire(path, lock_path, wait)
    if fd is None:  # a read-only folder: nothing can be replaced there anyway
        yield Lock(path, _identity(target))
        return
    try:
        yield Lock(path, _identity(target))
    finally:
        # Unlink while still holding it: a waiter that then locks the unlinked file
        # sees that the path no longer leads to it, and starts again (see _acquire).
        with contextlib.suppress(OSError):
            os.unlink(lock_path)
        os.close(fd)


def _identity(target: str) -> FileIdentity | None:
    with contextlib.suppress(OSError):
        st = os.stat(target)
        return FileIdentity.of(st) if stat.S_ISREG(st.st_mode) else None
    return None


def _special(path: str) -> bool:
    """Paths written into, never replaced, whatever they lead to."""
    return os.path.abspath(path).startswith(_WRITE_INTO)


def _acquire(path: str, lock_path: str, wait: float) -> int | None:
    import fcntl

    deadline = time.monotonic() + wait
    delay = 0.005
    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                return None  # no lock where no file can be created: writing fails too
            if exc.errno == errno.ENOENT:  # the folder itself is gone
                raise _os_error(path, exc) from None
            raise WriteError(
                f"cannot take the lock {os.path.basename(lock_path)}: {exc.strerror or exc}",
                path=path,
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise _os_error(path, exc) from None
            if time.monotonic() >= deadline:
                raise WriteError(
                    f"another msgtemplate process is writing this file (waited {wait:g} s "
                    f"for {os.path.basename(lock_path)}); nothing written, try again",
                    path=path,
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.1)
            continue
        # The holder before us may have unlinked the file we locked: then it is no
        # longer the lock, and we start again with the file now at lock_path.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(lock_path))
        except OSError:
            same = False
        if same:
            return fd
        os.close(fd)


def _refuse_inputs(
    path: str, target: str, st: os.stat_result | None, inputs: Sequence[str]
) -> None:
    for source in inputs:
        if source == "-":
            continue
        same = os.path.realpath(source) == target
        if not same and st is not None:
            with contextlib.suppress(OSError):
                same = os.path.samestat(os.stat(source), st)
        if same:
            raise WriteError(
                f"refusing to write over {source}, which this command reads; choose another output",
                path=path,
            )


def _refuse_read_only(path: str, target: str, st: os.stat_result) -> None:
    # Root may write anything, and renaming over a file needs only the folder's
    # permission: the file's own bits are the user's say, so they are obeyed here.
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise WriteError(
            "the file is read-only; nothing written (make it writable to allow this)",
            path=path,
        )


def _replace(path: str, target: str, data: bytes, st: os.stat_result | None) -> None:
    folder, name = os.path.split(target)
    folder = folder or "."
    _remove_stale(folder, name)
    temp = os.path.join(folder, f".{name}.msgtemplate-{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise _os_error(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            if st is not None:
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.fchown(fh.fileno(), st.st_uid, st.st_gid)
                os.fchmod(fh.fileno(), stat.S_IMODE(st.st_mode))
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(fh.fileno(), 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise _os_error(path, exc) from None
        raise


def _remove_stale(folder: str, name: str) -> None:
    """Remove temporary files an earlier write to ``name`` left when it was killed."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for entry in entries:
        match = _TEMP.match(entry)
        if match is None or match["name"] != name:
            continue
        pid = int(match["pid"])
        if pid == os.getpid() or _alive(pid):
            continue
        with contextlib.suppress(OSError):
            full = os.path.join(folder, entry)
            if stat.S_ISREG(os.lstat(full).st_mode):
                os.unlink(full)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process (or nonsense): leave its file alone
    return True


def _write_into(path: str, data: bytes) -> None:
    """Write into an existing FIFO or device (``/dev/stdout``, ``/dev/full``)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _os_error(path, exc) from None
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        raise _os_error(path, exc) from None
    finally:
        os.close(fd)


def _write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    buffer.write(data)
    buffer.flush()


def _os_error(path: str, exc: OSError) -> WriteError:
    return WriteError(f"cannot write: {exc.strerror or exc}", path=path)
