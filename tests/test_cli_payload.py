"""``msgtemplate payload``: the body on stdout, linting clean; errors exit 2 without a traceback."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from babel.dates import format_date

from msgtemplate.api.checks import check_request_body
from msgtemplate.cli import main
from msgtemplate.pack import load_pack
from tests.support.packs import ORDER_PACK_YAML, TOKEN

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))


def _payload(pack: Path | str, code: str, *extra: str) -> list[str]:
    return ["payload", str(pack), code, "--access-token", TOKEN, "--request-id", "req-1", *extra]


def test_prints_the_body_as_utf8_json(
    pack_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    params = ["-p", "orderId=A/9", "-p", "amount=5", "-p", "paidOn=2026-11-28"]
    code = main(_payload(pack_path, "TP_PAID", "-l", "zh-TW", *params))
    out, err = capsysbinary.readouterr()
    assert code == 0, err
    assert "我們".encode() not in out  # parameters only, not the body text...
    assert b"zh-Hant" in out
    body = json.loads(out.decode("utf-8"))
    assert body["templates"][0]["language"] == "zh-Hant"
    assert body["templates"][0]["templateParameters"]["amount"] == "US$5.00"
    paid_on = format_date(dt.date(2026, 11, 28), "medium", locale="zh_Hant")  # Babel: a peer
    assert body["redirectUrl"] == f"/pages/orders/detail?id=A%2F9&on={quote(paid_on, safe='')}"
    assert check_request_body(body) == []
    assert out.startswith(b"{\n  ")  # pretty, two-space indent


def test_non_ascii_values_are_not_escaped(
    pack_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(_payload(pack_path, "TP_PAID", "-p", "orderId=訂單七", "--use-examples")) == 0
    out = capsysbinary.readouterr().out
    assert "訂單七".encode() in out
    assert b"\\u" not in out


def test_params_file_and_param_override(
    pack_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    params = tmp_path / "params.json"
    values = {"orderId": "FROM-FILE", "amount": 7, "paidOn": "2026-11-28"}
    params.write_text(json.dumps(values), encoding="utf-8")
    code = main(_payload(pack_path, "TP_PAID", "--params-file", str(params), "-p", "orderId=CLI"))
    assert code == 0
    body = json.loads(capsys.readouterr().out)
    assert body["templates"][0]["templateParameters"] == {
        "orderId": "CLI",
        "amount": "$7.00",
        "paidOn": format_date(dt.date(2026, 11, 28), "medium", locale="en_US"),
    }


def test_app_id_and_extend_info_options(
    pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ("--use-examples", "--app-id", "P_CLI", "--extend-info", '{"k": 1}')
    assert main(_payload(pack_path, "TP_PAID", *extra)) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["appId"] == "P_CLI"
    assert body["extendInfo"] == '{"k": 1}'


def test_missing_parameters_are_an_error_that_suggests_use_examples(
    pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_payload(pack_path, "TP_PAID", "-p", "orderId=A")) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "parameter 'amount' of template TP_PAID: no value given" in err
    assert "--use-examples" in err


def test_every_violation_is_listed(pack_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    token = "x" * 130
    argv = ["payload", str(pack_path), "TP_PAID", "--access-token", token]
    argv += ["--request-id", "r" * 70, "--use-examples"]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "breaks 2 API rules" in err
    assert "MT103 accessToken is 130 characters; the limit is 128" in err
    assert "MT103 requestId is 70 characters; the limit is 64" in err
    assert token not in err


def test_unknown_code_and_broken_pack_exit_2_with_a_position(
    pack_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_payload(pack_path, "TP_PAIX", "--use-examples")) == 2
    assert "did you mean 'TP_PAID'" in capsys.readouterr().err
    broken = tmp_path / "broken.yaml"
    text = ORDER_PACK_YAML.replace("channel: INBOX", "channel: [INBOX")
    broken.write_text(text, encoding="utf-8")
    assert main(_payload(broken, "TP_PAID")) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"msgtemplate: {broken}:")
    assert "Traceback" not in err


def test_access_token_and_request_id_are_required(
    pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["payload", str(pack_path), "TP_PAID"])
    assert caught.value.code == 2
    assert "--access-token" in capsys.readouterr().err


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_every_sample_template_gives_a_body_that_lints_clean(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = load_pack(sample)
    for code in pack.templates:
        extra = ["--use-examples", "-l", "ar", "-l", "pt-PT"]
        if pack.app_id is None:
            extra += ["--app-id", "P000000000000001"]
        assert main(_payload(sample, code, *extra)) == 0, capsys.readouterr().err
        written = tmp_path / f"{code}.json"
        written.write_text(capsys.readouterr().out, encoding="utf-8")
        assert main(["lint", str(written)]) == 0, capsys.readouterr().out
        capsys.readouterr()


@pytest.mark.slow
def test_output_lints_clean_through_the_installed_command(pack_path: Path, tmp_path: Path) -> None:
    """The whole path as a user runs it: two processes and a file between them."""
    command = [sys.executable, "-m", "msgtemplate"]
    built = subprocess.run(
        [*command, *_payload(pack_path, "TP_PAID", "--use-examples", "-l", "zh-Hant")],
        capture_output=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr.decode()
    body_file = tmp_path / "body.json"
    body_file.write_bytes(built.stdout)
    linted = subprocess.run(
        [*command, "lint", str(body_file)], capture_output=True, text=True, check=False
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert "All checks passed" in linted.stdout


def test_a_bidi_control_in_a_value_is_one_problem_not_one_per_language(
    pack_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The value is copied into every ContentTemplate; the user typed it once.
    argv = _payload(pack_path, "TP_PAID", "--use-examples", "-p", "orderId=A\u202e1")
    assert main([*argv, "-l", "fr", "-l", "ja"]) == 2
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[0] == "msgtemplate: error: the request body breaks 1 API rule:"
    assert len(lines) == 2
    # fr, ja, then defaultLocale, then the variants nearest to the reader (de-DE and
    # es-419 are 84 from fr; zh-Hant is 134 from both)
    where = "templateParameters.orderId (fr, ja, en-US, de-DE, es-419)"
    assert lines[1].startswith(f"  MT602 {where}: ")
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in lines[1]
    assert "\u202e" not in err
