"""Files on disk under hostile conditions: outputs that are the input, FIFOs, devices,
symlinks, read-only packs, two writers at once, kill -9 mid-write, a FIFO named like
a pack. Real files and real processes; see docs/reliability.md for the promises."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.hostile.support import GUARD, SHOP, cli, dutch, german, start, temp_files


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    path = tmp_path / "shop.yaml"
    shutil.copyfile(SHOP, path)
    return path


# --- export -o: never over an input; into FIFOs and devices ----------------------------


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "dotted"])
def test_export_never_writes_over_the_pack(shop: Path, how: str) -> None:
    folder = shop.parent
    before = shop.read_bytes()
    if how == "same":
        out = "shop.yaml"
    elif how == "symlink":
        (folder / "out.json").symlink_to(shop)
        out = "out.json"
    elif how == "hardlink":
        os.link(shop, folder / "out.json")
        out = "out.json"
    else:
        (folder / "sub").mkdir()
        out = "sub/../shop.yaml"
    done = cli("export", "shop.yaml", "-f", "json", "-l", "fr", "-o", out, cwd=folder)
    assert done.returncode == 2, done
    assert done.stderr.startswith(f"msgtemplate: {out}: refusing to write over shop.yaml")
    assert done.stderr.count("\n") == 1
    assert shop.read_bytes() == before
    if how == "symlink":
        assert (folder / "out.json").is_symlink()


def test_export_into_a_fifo_keeps_the_fifo(shop: Path) -> None:
    fifo = shop.parent / "out.po"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    done = cli("export", "shop.yaml", "-f", "po", "-l", "fr", "-o", "out.po", cwd=shop.parent)
    reader.join(GUARD)
    assert done.returncode == 0, done
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert b'msgctxt "TP_SHOP_ORDER_SHIPPED.title"' in got[0]


def test_export_into_a_full_device_fails_clearly_and_keeps_the_node(shop: Path) -> None:
    done = cli("export", "shop.yaml", "-f", "po", "-l", "fr", "-o", "/dev/full", cwd=shop.parent)
    assert done.returncode == 2
    assert done.stderr == "msgtemplate: /dev/full: cannot write: No space left on device\n"
    assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)


@pytest.mark.parametrize("out", ["-", "/dev/stdout"])
def test_export_to_stdout(shop: Path, out: str) -> None:
    target = shop.parent / "captured.po"
    with target.open("wb") as fh:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "msgtemplate",
                "export",
                "shop.yaml",
                "-f",
                "po",
                "-l",
                "fr",
                "-o",
                out,
            ],
            cwd=shop.parent,
            stdout=fh,
            stderr=subprocess.PIPE,
            timeout=GUARD,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    text = target.read_text("utf-8")
    assert text.startswith("# shop: en-US -> fr")  # the file itself, no summary line
    assert "units" not in text.splitlines()[-1]


def test_export_replaces_a_symlinked_output_through_the_link(shop: Path) -> None:
    real = shop.parent / "real.po"
    real.write_text("old\n")
    real.chmod(0o640)
    (shop.parent / "fr.po").symlink_to(real)
    done = cli("export", "shop.yaml", "-f", "po", "-l", "fr", "-o", "fr.po", cwd=shop.parent)
    assert done.returncode == 0, done
    assert (shop.parent / "fr.po").is_symlink()
    assert real.read_text().startswith("# shop")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


# --- import: read-only packs, modes, owners, links -------------------------------------


def test_a_read_only_pack_is_refused_and_unchanged(shop: Path) -> None:
    (shop.parent / "de.po").write_text(german())
    shop.chmod(0o444)
    before = shop.read_bytes()
    done = cli("import", "shop.yaml", "de.po", cwd=shop.parent)
    assert done.returncode == 2
    assert done.stderr == (
        "msgtemplate: shop.yaml: the file is read-only; nothing written "
        "(make it writable to allow this)\n"
    )
    assert shop.read_bytes() == before
    assert stat.S_IMODE(shop.stat().st_mode) == 0o444
    assert temp_files(shop.parent) == []


def test_import_keeps_mode_and_owner_and_the_symlink(shop: Path) -> None:
    real = shop.parent / "packs" / "shop.yaml"
    real.parent.mkdir()
    shop.rename(real)
    shop.symlink_to(real)
    real.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(real, 4242, 4343)
    (shop.parent / "de.po").write_text(german())
    done = cli("import", "shop.yaml", "de.po", cwd=shop.parent)
    assert done.returncode == 0, done
    assert shop.is_symlink()
    assert "Ihre Bestellung ist unterwegs" in real.read_text("utf-8")
    st = real.stat()
    assert stat.S_IMODE(st.st_mode) == 0o640
    if os.geteuid() == 0:
        assert (st.st_uid, st.st_gid) == (4242, 4343)
    assert temp_files(real.parent) == []
    assert temp_files(shop.parent) == []


# --- two writers at once -----------------------------------------------------------------


@pytest.mark.slow
def test_two_imports_at_once_keep_both(shop: Path) -> None:
    folder = shop.parent
    (folder / "de.po").write_text(german())
    (folder / "nl.po").write_text(dutch())
    original = shop.read_bytes()
    for _ in range(8):
        shop.write_bytes(original)
        first = start("import", "shop.yaml", "de.po", cwd=folder)
        second = start("import", "shop.yaml", "nl.po", cwd=folder)
        for proc in (first, second):
            out, err = proc.communicate(timeout=GUARD)
            assert proc.returncode == 0, err
            assert b"2 texts updated" in out
        text = shop.read_text("utf-8")
        assert "Ihre Bestellung ist unterwegs" in text
        assert "Uw bestelling is onderweg" in text
    assert temp_files(folder) == []


def _hold_lock(pack: Path) -> int:
    """Take the pack's lock as another msgtemplate would (the documented lock file)."""
    fd = os.open(pack.parent / f".{pack.name}.msgtemplate-lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


@pytest.mark.slow
def test_a_second_writer_waits_for_the_lock(shop: Path) -> None:
    (shop.parent / "de.po").write_text(german())
    fd = _hold_lock(shop)
    before = shop.read_bytes()
    proc = start("import", "shop.yaml", "de.po", cwd=shop.parent)
    try:
        time.sleep(1.0)  # give it time to reach the lock (it must still be waiting)
        assert proc.poll() is None
        assert shop.read_bytes() == before
    finally:
        os.close(fd)
    _out, err = proc.communicate(timeout=GUARD)
    assert proc.returncode == 0, err
    assert "Ihre Bestellung" in shop.read_text("utf-8")


@pytest.mark.slow
def test_a_second_writer_gives_up_clearly(shop: Path) -> None:
    (shop.parent / "de.po").write_text(german())
    fd = _hold_lock(shop)
    before = shop.read_bytes()
    try:
        done = cli("import", "shop.yaml", "de.po", cwd=shop.parent)
    finally:
        os.close(fd)
    assert done.returncode == 2
    assert done.stderr == (
        "msgtemplate: shop.yaml: another msgtemplate process is writing this file "
        "(waited 10 s for .shop.yaml.msgtemplate-lock); nothing written, try again\n"
    )
    assert shop.read_bytes() == before


def test_the_lock_file_is_gone_afterwards(shop: Path) -> None:
    (shop.parent / "de.po").write_text(german())
    done = cli("import", "shop.yaml", "de.po", cwd=shop.parent)
    assert done.returncode == 0, done
    assert sorted(p.name for p in shop.parent.iterdir()) == ["de.po", "shop.yaml"]


# --- kill -9 mid-write ----------------------------------------------------------------


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_temp_files_of_dead_writers_are_removed(shop: Path) -> None:
    folder = shop.parent
    dead = folder / f".shop.yaml.msgtemplate-{_dead_pid()}-0badc0de.tmp"
    dead.write_bytes(b"x" * 100_000)
    alive = folder / f".shop.yaml.msgtemplate-{os.getpid()}-0badc0de.tmp"
    alive.write_bytes(b"still being written")
    other = folder / f".other.yaml.msgtemplate-{_dead_pid()}-0badc0de.tmp"
    other.write_bytes(b"another file's")
    (folder / "de.po").write_text(german())
    done = cli("import", "shop.yaml", "de.po", cwd=folder)
    assert done.returncode == 0, done
    assert not dead.exists()
    assert alive.exists()  # its writer (this test) is alive
    assert other.exists()  # only a write to other.yaml cleans up after writes to it


@pytest.mark.slow
def test_kill_9_mid_write_leaves_nothing_after_the_next_write(shop: Path) -> None:
    folder = shop.parent
    # A big pack (about 1.5 MB), so that a kill often lands inside the write.
    text = SHOP.read_text("utf-8")
    padding = "".join(f"# {'padding ' * 10}{i}\n" for i in range(18_000))
    shop.write_text(text + padding, "utf-8")
    original = shop.read_bytes()
    (folder / "de.po").write_text(german())
    for delay in (0.25, 0.35, 0.45, 0.55, 0.65, 0.8):
        shop.write_bytes(original)
        proc = start("import", "shop.yaml", "de.po", cwd=folder)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=GUARD)
        # Killed before, during or after the replace: the old pack or the new, whole.
        assert shop.read_bytes() in (original, _imported(folder, original))
    done = cli("import", "shop.yaml", "de.po", cwd=folder)
    assert done.returncode == 0, done
    assert temp_files(folder) == []


def _imported(folder: Path, original: bytes) -> bytes:
    scratch = folder / "scratch"
    scratch.mkdir(exist_ok=True)
    (scratch / "shop.yaml").write_bytes(original)
    shutil.copyfile(folder / "de.po", scratch / "de.po")
    assert cli("import", "shop.yaml", "de.po", cwd=scratch).returncode == 0
    return (scratch / "shop.yaml").read_bytes()


# --- a FIFO named like a pack ------------------------------------------------------------

COMMANDS = [
    ("preview", "shop.yaml", "TP_SHOP_ORDER_SHIPPED"),
    ("import", "shop.yaml", "de.po"),
    ("export", "shop.yaml", "-f", "po"),
    ("list", "shop.yaml"),
    ("show", "shop.yaml", "TP_SHOP_ORDER_SHIPPED"),
    ("lint", "shop.yaml"),
    ("payload", "shop.yaml", "TP_SHOP_ORDER_SHIPPED", "--access-token", "t", "--request-id", "r"),
]


@pytest.mark.parametrize("argv", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_fifo_named_like_a_pack_is_refused_not_waited_on(
    tmp_path: Path, argv: tuple[str]
) -> None:
    os.mkfifo(tmp_path / "shop.yaml")
    (tmp_path / "de.po").write_text(german())
    done = cli(*argv, cwd=tmp_path)
    assert done.returncode == 2, done
    assert "msgtemplate: shop.yaml: not a regular file" in done.stderr
    assert "Traceback" not in done.stderr
    assert stat.S_ISFIFO((tmp_path / "shop.yaml").lstat().st_mode)


def test_a_fifo_named_like_a_translation_file_is_refused(shop: Path) -> None:
    os.mkfifo(shop.parent / "de.po")
    done = cli("import", "shop.yaml", "de.po", cwd=shop.parent)
    assert done.returncode == 2, done
    assert done.stderr == "msgtemplate: de.po: not a regular file (a FIFO)\n"
