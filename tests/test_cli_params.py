"""Parameter input of `render`, `preview`, `payload` and `send`, run as real processes.

Hostile input is what a shell can hand over: bytes that are not UTF-8 in an argument
(Python keeps them as lone surrogates), a lone ``\\ud800`` escape or raw bad bytes in
a parameters file, duplicate keys, a mistyped name. Each gets one line naming the
parameter and exit 2, never "internal error", and nothing is written to stdout.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every test starts a Python process

ROOT = Path(__file__).resolve().parent.parent
SHOP = str(ROOT / "samples" / "shop.yaml")
SHIPPED = "TP_SHOP_ORDER_SHIPPED"  # declares orderId, carrier, shippedAt, itemCount
PAID = "TP_SHOP_PAYMENT_RECEIVED"  # declares orderId, amount, paidOn
MESSAGE = ("--access-token", "token-1", "--request-id", "req-1", "--use-examples")


def run(*argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "msgtemplate", *argv],
        capture_output=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )


def command(name: str, code: str = SHIPPED) -> tuple[str, ...]:
    """Everything but the parameters, for each command that takes them."""
    if name == "render":
        return ("render", "Sent with ${carrier}")
    if name == "preview":
        return ("preview", SHOP, code)
    if name == "send":  # refused before any connection is tried
        return (name, SHOP, code, *MESSAGE, "--endpoint", "http://127.0.0.1:9")
    return (name, SHOP, code, *MESSAGE)


def refused(result: subprocess.CompletedProcess[bytes]) -> str:
    """The one stderr line of a refusal (exit 2, nothing on stdout, no crash)."""
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert result.stdout == b""
    assert "internal error" not in stderr
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1, stderr
    return stderr


COMMANDS = ["render", "preview", "payload", "send"]


@pytest.mark.parametrize("name", COMMANDS)
def test_bytes_that_are_not_utf8_in_a_param_are_refused_naming_it(name: str) -> None:
    value = os.fsdecode(b"carrier=DHL \xff\xfe")  # as the shell hands them over
    line = refused(run(*command(name), "--param", value))
    assert line == (
        "msgtemplate: --param carrier: the value is not valid UTF-8 (byte 0xff at character 5)\n"
    )


def test_bytes_that_are_not_utf8_in_a_param_name_are_refused_escaped() -> None:
    line = refused(run(*command("payload"), "-p", os.fsdecode(b"carr\xe9r=DHL")))
    assert line.startswith("msgtemplate: --param 'carr\\xe9r': the name is not valid UTF-8")


def test_render_refuses_a_template_text_that_is_not_utf8() -> None:
    # Before, the bytes went back out as they came, invalid UTF-8, with exit 0.
    line = refused(run("render", os.fsdecode(b"Hi \xff ${who}"), "-p", "who=you"))
    assert "TEXT is not valid UTF-8 (byte 0xff at character 4)" in line


def test_render_writes_utf8_whatever_the_terminal_encoding() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "msgtemplate", "render", "名 ${a} ✓", "-p", "a=Ünï"],
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout == "名 Ünï ✓\n".encode()


@pytest.mark.parametrize("name", COMMANDS)
def test_a_lone_surrogate_escape_in_a_params_file_is_refused_naming_it(
    name: str, tmp_path: Path
) -> None:
    params = tmp_path / "params.json"
    params.write_text('{"orderId": "A-1",\n "carrier": "DHL \\ud800"}', encoding="utf-8")
    line = refused(run(*command(name), "--params-file", str(params)))
    assert line.startswith(f"msgtemplate: {params}:2:13: parameter 'carrier': ")
    assert "lone surrogate" in line


@pytest.mark.parametrize("name", COMMANDS)
def test_raw_bytes_that_are_not_utf8_in_a_params_file_are_refused_naming_it(
    name: str, tmp_path: Path
) -> None:
    params = tmp_path / "params.json"
    params.write_bytes(b'{"orderId": "A-1",\n "carrier": "DHL \xff"}')
    line = refused(run(*command(name), "--params-file", str(params)))
    assert line == (
        f"msgtemplate: {params}:2:18: parameter 'carrier': file is not valid UTF-8 (byte 0xff)\n"
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_duplicate_keys_in_a_params_file_are_refused_where_they_are(
    name: str, tmp_path: Path
) -> None:
    params = tmp_path / "params.json"
    params.write_text('{"carrier": "DHL",\n  "carrier": "UPS"}', encoding="utf-8")
    line = refused(run(*command(name), "--params-file", str(params)))
    assert line.startswith(
        f"msgtemplate: {params}:2:3: duplicate parameter 'carrier' (first given at line 1, "
        "column 2)"
    )


@pytest.mark.parametrize("name", ["preview", "payload", "send"])
def test_a_param_the_template_does_not_declare_is_refused_with_a_suggestion(name: str) -> None:
    # Before, `payload -p amonut=99 --use-examples` sent the example amount, exit 0.
    line = refused(run(*command(name, PAID), "-p", "amonut=99"))
    assert line == (
        f"msgtemplate: --param amonut: template {PAID} declares no parameter 'amonut'; "
        "did you mean 'amount'?\n"
    )


def test_an_undeclared_name_without_a_near_one_lists_the_declared_ones() -> None:
    line = refused(run(*command("preview", PAID), "-p", "zzz=1"))
    assert line.endswith("declares no parameter 'zzz'; it declares 'orderId', 'amount', 'paidOn'\n")


def test_an_undeclared_key_of_a_params_file_is_refused_where_it_is(tmp_path: Path) -> None:
    params = tmp_path / "params.json"
    params.write_text('{"orderId": "A-1",\n  "amonut": 99}', encoding="utf-8")
    line = refused(run(*command("payload", PAID), "--params-file", str(params)))
    assert line == (
        f"msgtemplate: {params}:2:3: template {PAID} declares no parameter 'amonut'; "
        "did you mean 'amount'?\n"
    )


def test_render_refuses_a_name_its_text_does_not_use_even_when_lenient() -> None:
    # The placeholders of a bare template are its declaration; --lenient would
    # otherwise print `Hi ${who}` and hide the typo.
    line = refused(run("render", "Hi ${who}", "-p", "woh=you", "--lenient"))
    assert line == (
        "msgtemplate: --param woh: the template declares no parameter 'woh'; did you mean 'who'?\n"
    )
    assert run("render", "Hi ${who}", "-p", "who=you").stdout == b"Hi you\n"


@pytest.mark.parametrize("extra", [(), ("--all-locales",), ("--format", "json")])
def test_preview_warns_once_about_a_value_payload_would_refuse(extra: tuple[str, ...]) -> None:
    value = "carrier=DHL \u202eExpress"
    result = run(*command("preview"), "-p", value, *extra)
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 0, stderr
    assert "Express" in result.stdout.decode("utf-8")  # the preview is still shown
    # One line however many languages are shown or would be sent.
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith("msgtemplate: warning: MT602 templateParameters.carrier (en-US")
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in stderr
    assert stderr.endswith("(payload and send refuse it)\n")
    # ... and payload does refuse it, with the same rule.
    payload = run(*command("payload"), "-p", value)
    assert payload.returncode == 2
    assert "MT602 templateParameters.carrier (en-US" in payload.stderr.decode("utf-8")


def test_preview_of_clean_values_warns_about_nothing() -> None:
    result = run(*command("preview"), "-p", "carrier=DHL Express", "--all-locales")
    assert (result.returncode, result.stderr) == (0, b"")
