"""``msgtemplate preview``: text for people, JSON for tools, exit 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from msgtemplate.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SHOP = str(SAMPLES / "shop.yaml")
BOOKING = str(SAMPLES / "booking.yaml")
RLI, PDI = "\u2067", "\u2069"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["preview", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, SHOP, "TP_SHOP_PAYMENT_RECEIVED", "--locale", "zh-TW")
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "TP_SHOP_PAYMENT_RECEIVED · zh-Hant · INBOX  (Payment received)"
    assert lines[1] == ""
    assert lines[2] == "  已收到付款"
    assert set(lines[3].strip()) == {"─"}  # the title is set apart from the body
    assert lines[4].startswith("  我們已於 ")
    assert "A-1029" in lines[4]
    assert "  → opens /pages/orders/detail?id=A-1029" in lines
    assert lines[-1] == "(using example values for: orderId, amount, paidOn)"


def test_given_parameters_are_not_listed_as_examples(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, SHOP, "TP_SHOP_PAYMENT_RECEIVED", "-p", "orderId=B 7", "-p", "amount=5"
    )
    assert code == 0
    assert "order B 7 on" in out
    assert "$5.00" in out
    assert "?id=B%207" in out
    assert out.splitlines()[-1] == "(using example values for: paidOn)"


def test_params_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    params = tmp_path / "p.json"
    params.write_text(json.dumps({"orderId": "Z-1", "amount": 7, "paidOn": "2027-01-02"}))
    code, out, _ = run(capsys, SHOP, "TP_SHOP_PAYMENT_RECEIVED", "--params-file", str(params))
    assert code == 0
    assert "January 2, 2027" in out
    assert "using example values" not in out


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, SHOP, "TP_SHOP_ORDER_SHIPPED", "-l", "es-MX", "--format", "json", "-p", "orderId=Q"
    )
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, dict)
    assert data["code"] == "TP_SHOP_ORDER_SHIPPED"
    assert data["locale"] == "es-419"
    assert data["title"] == "Tu pedido va en camino"
    assert data["body"].startswith("Tu pedido Q se envió el ")
    assert data["redirectUrl"] == "/pages/orders/detail?id=Q"
    assert data["chain"] == ["es-MX", "es-419", "es"]
    assert data["exampleValues"] == ["carrier", "shippedAt", "itemCount"]


def test_all_locales(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, BOOKING, "TP_BOOKING_CANCELLED", "--all-locales", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list)
    assert [item["locale"] for item in data] == [
        "en-US",
        "zh-Hans",
        "zh-Hant",
        "es-419",
        "pt-BR",
        "ar",
        "he",
        "de",
    ]
    assert all(item["title"] and item["body"] for item in data)
    code, out, _ = run(capsys, BOOKING, "TP_BOOKING_CANCELLED", "--all-locales")
    assert code == 0
    headers = [line for line in out.splitlines() if line.startswith("TP_BOOKING_CANCELLED · ")]
    assert len(headers) == 8


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, BOOKING, "TP_BOOKING_REMINDER", "-l", "pt-PT", "--explain")
    assert code == 0
    assert "requested: pt-PT" in out
    assert (
        "pt-PT -> pt-BR: same language and script, regions in different clusters, distance 5" in out
    )
    assert "pt-BR: closest to pt-PT" in out
    code, out, _ = run(
        capsys, BOOKING, "TP_BOOKING_REMINDER", "-l", "ko", "--explain", "--format", "json"
    )
    data = json.loads(out)
    assert data["locale"] == "en-US"
    assert data["explanation"]["how"] == "default"
    assert data["chain"] == ["ko", "en-US"]
    code, out, _ = run(capsys, BOOKING, "TP_BOOKING_REMINDER", "--explain")
    assert "no match: default en-US" in out


def test_right_to_left_lines_are_isolated(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, BOOKING, "TP_BOOKING_REMINDER", "-l", "he", "--bidi", "isolate")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("TP_BOOKING_REMINDER · he, right-to-left · PUSH")
    assert lines[2].startswith("  " + RLI + "תזכורת")
    assert lines[2].endswith(PDI)
    body = lines[4]
    assert body.startswith("  " + RLI + "ההזמנה שלך BK-20391")
    assert body.endswith(PDI)
    url = next(line for line in lines if "opens" in line)
    assert RLI not in url  # a URL reads left to right
    # not a terminal (captured): auto means plain text, so do pipes and files
    code, out, _ = run(capsys, BOOKING, "TP_BOOKING_REMINDER", "-l", "ar")
    assert RLI not in out
    assert PDI not in out
    code, out, _ = run(capsys, BOOKING, "TP_BOOKING_REMINDER", "-l", "ar", "--bidi", "none")
    assert RLI not in out
    # left-to-right text is never wrapped
    code, out, _ = run(capsys, BOOKING, "TP_BOOKING_REMINDER", "-l", "de", "--bidi", "isolate")
    assert RLI not in out
    # JSON is data: never wrapped
    code, out, _ = run(
        capsys, BOOKING, "TP_BOOKING_REMINDER", "-l", "ar", "--bidi", "isolate", "--format", "json"
    )
    assert RLI not in out


# --- errors: exit 2, one line per problem, never a traceback ----------------------------------


def test_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, SHOP, "TP_SHOP_ORDER_SHIPPD")
    assert code == 2
    assert out == ""
    assert err == (
        f"msgtemplate: {SHOP}: no template 'TP_SHOP_ORDER_SHIPPD' in this pack; "
        "did you mean 'TP_SHOP_ORDER_SHIPPED'?\n"
    )


def test_bad_pack_lists_every_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "format: 1\ndefaultLocale: en\ntemplates:\n"
        "  - code: T\n    channel: SMS\n    redirect_url: /x\n"
        "    content:\n      en: {body: 'Hi ${na me}'}\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, str(path), "T")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        f"msgtemplate: {path}:6:5: unknown key 'redirect_url' in template; "
        "did you mean 'redirectUrl'?",
        f"msgtemplate: {path}:8:22: body of T [en]: invalid placeholder name 'na me' in "
        "'${na me}': a name is ASCII letters, digits and '_', not starting with a digit "
        "(write '$$' for a literal '$')",
    ]


def test_invalid_yaml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("format: 1\ntemplates: [\n", encoding="utf-8")
    code, _, err = run(capsys, str(path), "T")
    assert code == 2
    assert err.startswith(f"msgtemplate: {path}:3:1: invalid YAML")
    assert len(err.splitlines()) == 1


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path / "nope.yaml"), "T")
    assert code == 2
    assert err.startswith(f"msgtemplate: {tmp_path / 'nope.yaml'}: cannot read file")


def test_bad_locale(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, SHOP, "TP_SHOP_ORDER_SHIPPED", "-l", "en_US!")
    assert code == 2
    assert err.startswith("msgtemplate: --locale: invalid locale tag 'en_US!'")


def test_bad_parameter_value(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, SHOP, "TP_SHOP_PAYMENT_RECEIVED", "-p", "amount=lots")
    assert code == 2
    assert err.startswith("msgtemplate: parameter 'amount' of template TP_SHOP_PAYMENT_RECEIVED: ")
    code, _, err = run(capsys, SHOP, "TP_SHOP_PAYMENT_RECEIVED", "-p", "orderId")
    assert code == 2
    assert "NAME=VALUE" in err


def test_missing_parameter_without_example(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps(
            {
                "format": 1,
                "defaultLocale": "en",
                "templates": [
                    {
                        "code": "T",
                        "channel": "SMS",
                        "parameters": {"who": {"type": "string"}},
                        "content": {"en": {"body": "Hi ${who}"}},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    code, _, err = run(capsys, str(path), "T")
    assert code == 2
    assert err == (
        "msgtemplate: parameter 'who' of template T: no value given (pass --param who=VALUE)\n"
    )
    code, out, _ = run(capsys, str(path), "T", "-p", "who=Ann")
    assert code == 0
    assert "Hi Ann" in out


@pytest.mark.slow
def test_real_process_exit_code_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": 1, "format": 2}', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "msgtemplate", "preview", str(path), "T"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert f"{path}:1:15: duplicate key 'format'" in result.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "msgtemplate", "preview", SHOP, "TP_SHOP_REFUND_ISSUED", "-l", "ar"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "أعدنا إليك" in ok.stdout


DELIVERY = str(Path(__file__).resolve().parent.parent / "samples" / "delivery.yaml")


def test_the_example_phrase_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, DELIVERY, "TP_DELIVERY_ETA", "--locale", "pl")
    assert code == 0
    assert "Kurier będzie za 5 minut. Płatność kartą (już opłacone)." in out
    assert "by plural category" not in out


@pytest.mark.parametrize(
    ("count", "phrase"),
    [("1", "1 minutę"), ("2", "2 minuty"), ("5", "5 minut"), ("22", "22 minuty"),
     ("1.5", "1,5 minuty"), ("2.0", "2,0 minuty"), ("0", "mniej niż minutę")],
)  # fmt: skip
def test_a_given_count_picks_its_phrase(
    capsys: pytest.CaptureFixture[str], count: str, phrase: str
) -> None:
    code, out, _ = run(
        capsys, DELIVERY, "TP_DELIVERY_ETA", "--locale", "pl", "--param", f"eta={count}"
    )
    assert code == 0
    assert f"Kurier będzie za {phrase}. " in out


def test_all_forms_lists_every_category_with_a_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, DELIVERY, "TP_POINTS_BALANCE", "--locale", "ar", "--all-forms",
        "--bidi", "none",
    )  # fmt: skip
    assert code == 0
    section = out.split("${points} by plural category, with a CLDR sample number:\n")[1]
    rows = [line.split(None, 2) for line in section.splitlines()[:6]]
    assert [row[:2] for row in rows] == [
        ["zero", "0"], ["one", "1"], ["two", "2"], ["few", "3"], ["many", "11"], ["other", "100"]
    ]  # fmt: skip
    assert rows[2][2] == "نقطتان"


def test_all_forms_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, DELIVERY, "TP_DELIVERY_ETA", "--all-locales", "--all-forms",
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    items = {item["locale"]: item for item in json.loads(out)}
    ja = items["ja"]["forms"]
    assert ja["eta"] == [
        {"key": "=0", "value": "0", "text": "1分以内"},
        {"key": "other", "value": "1", "text": "1分"},
    ]
    assert [row["key"] for row in items["fr"]["forms"]["eta"]] == ["=0", "one", "many", "other"]
    assert items["en-US"]["forms"]["method"][1] == {
        "key": "cash", "value": "cash", "text": "in cash on delivery"
    }  # fmt: skip


def test_a_select_value_outside_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, DELIVERY, "TP_DELIVERY_ETA", "--param", "method=wallet")
    assert code == 2
    assert err == (
        "msgtemplate: parameter 'method' of template TP_DELIVERY_ETA: 'wallet' is not one of "
        "the allowed values ('card', 'cash')\n"
    )
