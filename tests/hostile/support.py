"""What the hostile suite shares: running the real CLI as a process, a pack, PO files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOP = ROOT / "samples" / "shop.yaml"

GUARD = 60
"""Seconds before a hung command is killed: a guard against hanging the suite, not a
timing assertion (every command here finishes in well under a second or two)."""


def cli(
    *argv: str | os.PathLike[str], cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``msgtemplate ARGV`` as its own process; stdout and stderr as text."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("MSGTEMPLATE_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "msgtemplate", *map(str, argv)],
        cwd=cwd,
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=GUARD,
        env=env,
        check=False,
    )


def start(*argv: str | os.PathLike[str], cwd: Path) -> subprocess.Popen[bytes]:
    """Start ``msgtemplate ARGV`` without waiting for it."""
    return subprocess.Popen(
        [sys.executable, "-m", "msgtemplate", *map(str, argv)],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


SOURCES = {
    "TP_SHOP_ORDER_SHIPPED.title": "Your order is on its way",
    "TP_SHOP_ORDER_SHIPPED.body": (
        "Order ${orderId} was shipped on ${shippedAt} with ${carrier}. "
        "Items in this parcel: ${itemCount}."
    ),
}


def po_file(language: str, entries: dict[str, str]) -> str:
    """A PO file for ``language`` translating unit id -> text (the shop pack's units)."""
    head = (
        'msgid ""\nmsgstr ""\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: {language}\\n"\n\n'
    )
    body = "".join(
        f'msgctxt "{unit}"\nmsgid "{SOURCES[unit]}"\nmsgstr "{text}"\n\n'
        for unit, text in entries.items()
    )
    return head + body


TITLE = "TP_SHOP_ORDER_SHIPPED.title"
BODY = "TP_SHOP_ORDER_SHIPPED.body"


def german(title: str = "Ihre Bestellung ist unterwegs") -> str:
    """A German PO file for the shop pack: one new variant (title and body)."""
    return po_file(
        "de",
        {
            TITLE: title,
            BODY: "Bestellung ${orderId} am ${shippedAt} mit ${carrier}: ${itemCount} Artikel.",
        },
    )


def dutch() -> str:
    return po_file(
        "nl",
        {
            TITLE: "Uw bestelling is onderweg",
            BODY: "Bestelling ${orderId} op ${shippedAt} met ${carrier}: ${itemCount} stuks.",
        },
    )


def temp_files(folder: Path) -> list[str]:
    """Temporary files a write left behind."""
    return sorted(p.name for p in folder.iterdir() if ".msgtemplate-" in p.name)
