"""Plural forms end to end: ``msgtemplate send`` of samples/delivery.yaml to a real
sandbox process on 127.0.0.1, whose inbox shows the phrase that agrees with the number
(Polish 2 minuty, 5 minut, 22 minuty; Arabic's dual)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.sandbox import CLIENT_ID, TOKEN
from tests.test_sandbox_cli import _command, _inbox, _stop, running

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def _send(tmp_path: Path, base: str, request_id: str, locale: str, eta: str) -> None:
    sent = subprocess.run(
        [
            sys.executable,
            "-m",
            "msgtemplate",
            "send",
            str(tmp_path / "delivery.yaml"),
            "TP_DELIVERY_ETA",
            "--locale",
            locale,
            "--param",
            f"eta={eta}",
            "--param",
            "orderId=A-1029",
            "--param",
            "method=cash",
            "--access-token",
            TOKEN,
            "--request-id",
            request_id,
            "--endpoint",
            base,
            "--client-id",
            CLIENT_ID,
            "--private-key",
            str(tmp_path / "client.key.pem"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert sent.returncode == 0, sent.stderr


@pytest.mark.parametrize(
    ("locale", "cases"),
    [
        (
            "pl",
            [
                ("1", "1 minutę"),
                ("2", "2 minuty"),  # few
                ("5", "5 minut"),  # many
                ("22", "22 minuty"),  # few again
                ("0", "mniej niż minutę"),  # the exact value first
                ("1.5", "1,5 minuty"),  # other: a visible fraction
            ],
        ),
        ("ar", [("2", "دقيقتين"), ("3", "3 دقائق"), ("11", "11 دقيقة")]),
    ],
)
def test_the_sandbox_inbox_shows_the_phrase_that_agrees_with_the_number(
    tmp_path: Path, locale: str, cases: list[tuple[str, str]]
) -> None:
    shutil.copyfile(ROOT / "samples" / "delivery.yaml", tmp_path / "delivery.yaml")
    command = _command(tmp_path, "--port", "0", "--device-locale", locale)
    pack_at = command.index("--pack") + 1
    command[pack_at] = str(tmp_path / "delivery.yaml")
    with running(tmp_path, command=command) as run:
        for index, (eta, _) in enumerate(cases):
            _send(tmp_path, run.base, f"forms-{locale}-{index}", locale, eta)
        items = {str(item["requestId"]): item for item in _inbox(run.base)}
        for index, (_, phrase) in enumerate(cases):
            item = items[f"forms-{locale}-{index}"]
            assert item["language"] == locale
            assert phrase in str(item["body"]), item
        assert _stop(run)[0] == 0
