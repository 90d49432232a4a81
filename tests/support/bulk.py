"""Shared material for the bulk-sending tests: a pack, keys, recipients files."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from msgtemplate.sender import signing

CLIENT_ID = "BULK_TEST_CLIENT"

PACK_YAML = """\
format: 1
defaultLocale: en-US
appId: "APP0000000000001"
templates:
  - code: TP_SHIP
    name: Order shipped
    channel: PUSH
    redirectUrl: /pages/orders?id=${orderId}
    parameters:
      orderId: {type: string, maxLength: 20, example: A-1029}
      carrier: {type: string, example: DHL}
    content:
      en-US:
        title: Order ${orderId} shipped
        body: Your parcel is on its way with ${carrier}.
      pl:
        title: Zamówienie ${orderId} wysłane
        body: Paczka jest w drodze z ${carrier}.
      de:
        body: Bestellung ${orderId} ist unterwegs mit ${carrier}.
"""

LOCALES = (["en-US"], ["pl"], ["de", "en"], "pl-PL", [])


@dataclass(frozen=True)
class Keys:
    private: signing.PrivateKey
    private_pem: Path
    public_pem: bytes


def make_keys(folder: Path) -> Keys:
    private, public = signing.generate_key_pair()
    path = folder / "client.pem"
    path.write_bytes(private.to_pem())
    return Keys(private, path, public.to_pem())


def write_pack(folder: Path, text: str = PACK_YAML) -> Path:
    path = folder / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def token(n: int) -> str:
    return f"tok-{n:07d}-secretpart"


def recipient(n: int) -> dict[str, object]:
    locale = LOCALES[n % len(LOCALES)]
    data: dict[str, object] = {
        "accessToken": token(n),
        "params": {"orderId": f"A-{n}", "carrier": "DHL"},
    }
    if locale:
        data["locale"] = locale
    return data


def write_jsonl(folder: Path, count: int, *, invalid_every: int = 0, name: str = "r.jsonl") -> Path:
    """``count`` recipients; every ``invalid_every``-th has an over-long orderId."""
    path = folder / name
    with path.open("w", encoding="utf-8") as out:
        for n in range(1, count + 1):
            data = recipient(n)
            if invalid_every and n % invalid_every == 0:
                data["params"] = {"orderId": "X" * 40, "carrier": "DHL"}
            out.write(json.dumps(data, ensure_ascii=False) + "\n")
    return path


def journal_rows(journal: Path, where: str) -> int:
    """Rows of ``journal`` matching ``where`` (0 while there is no journal or a half-made one)."""
    if not journal.exists():
        return 0  # (connecting would create it)
    try:
        db = sqlite3.connect(journal, timeout=5)
        try:
            row = db.execute(f"SELECT COUNT(*) FROM recipients WHERE {where}").fetchone()
            return int(row[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def wait_for_rows(
    journal: Path, where: str, at_least: int, process: subprocess.Popen[str], seconds: float
) -> None:
    """Until ``journal`` holds ``at_least`` rows matching ``where``, or ``process`` ends."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        if journal_rows(journal, where) >= at_least:
            return
        time.sleep(0.05)
