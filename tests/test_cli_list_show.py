"""``msgtemplate list`` and ``show``: what a pack holds, for people and for tools."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from msgtemplate.cli import main
from msgtemplate.pack import load_pack

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SHOP = str(SAMPLES / "shop.yaml")
BOOKING = str(SAMPLES / "booking.yaml")

PACK = """\
format: 1
defaultLocale: en-US
templates:
  - code: TP_PAID
    name: Order paid
    channel: INBOX
    redirectUrl: /pages/orders/detail?id=${orderId}
    parameters:
      orderId: {type: string, maxLength: 20, example: A-1029, description: the order number}
      amount: {type: currency, currency: USD, example: 1234.5}
      paidOn: {type: date, style: long, example: 2026-11-28}
    content:
      en-US:
        title: Payment received
        body: |-
          We received ${amount}
          for order ${orderId} on ${paidOn}.
      zh-TW:
        body: 我們已於 ${paidOn} 收到訂單 ${orderId} 的 ${amount}。  # noqa: MT907
      fr: {body: "Paiement de ${amount} reçu le ${paidOn} (${orderId})."}  # noqa: MT907
  - code: TP_CODE
    channel: SMS
    parameters:
      code: {type: string, example: "424242"}
    content:
      en-US: {body: "Your code is {code}"}
      zh-Hant: {body: "您的驗證碼是 ${code}"}
"""


def write(tmp_path: Path, text: str, name: str = "pack.yaml") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- list ---------------------------------------------------------------------------------


def test_list_one_pack(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "list", write(tmp_path, PACK))
    assert (code, err) == (0, "")
    assert out == (
        "TP_PAID  INBOX  Order paid  en-US zh-TW fr\n"
        "TP_CODE  SMS    -           en-US zh-Hant  (missing: fr)\n"
    )


def test_list_compares_locales_as_cldr_does(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # zh-TW and zh-Hant are one locale: neither template misses it.
    code, out, _ = run(capsys, "list", "--format", "json", write(tmp_path, PACK))
    assert code == 0
    (pack,) = json.loads(out)
    assert pack["defaultLocale"] == "en-US"
    assert pack["problems"] == 0
    paid, sms = pack["templates"]
    assert paid == {
        "code": "TP_PAID",
        "channel": "INBOX",
        "name": "Order paid",
        "locales": ["en-US", "zh-TW", "fr"],
        "missingLocales": [],
        "line": 4,
    }
    assert sms["locales"] == ["en-US", "zh-Hant"]
    assert sms["missingLocales"] == ["fr"]
    assert sms["name"] is None


def test_list_several_packs_has_a_header_per_pack(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", SHOP, BOOKING)
    assert (code, err) == (0, "")
    blocks = out.split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == [
        f"{SHOP}  (3 templates)",
        f"{BOOKING}  (2 templates)",
    ]
    for path, block in zip((SHOP, BOOKING), blocks, strict=True):
        codes = [line.split()[0] for line in block.splitlines()[1:]]
        assert codes == list(load_pack(path).templates)


def test_list_goes_on_after_a_bad_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = write(tmp_path, "format: 1\ntemplates: [\n", "broken.yaml")
    code, out, err = run(capsys, "list", broken, SHOP, str(tmp_path / "missing.yaml"))
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"msgtemplate: {broken}:3:1: invalid YAML: ")
    assert lines[1] == f"msgtemplate: {tmp_path / 'missing.yaml'}: cannot read file: " + (
        "No such file or directory"
    )
    assert "TP_SHOP_ORDER_SHIPPED" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "1:1: the file is empty"),
        ("- a\n", "1:1: expected a mapping, got a list"),
        ("name: x\n", "1:1: not a pack: no top-level 'templates' key"),
    ],
)
def test_list_refuses_what_is_not_a_pack(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    code, out, err = run(capsys, "list", path)
    assert code == 2
    assert out == ""
    assert err.startswith(f"msgtemplate: {path}:{message}")
    assert len(err.splitlines()) == 1


def test_list_shows_what_it_could_read_and_points_at_lint(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, PACK.replace("channel: SMS", "channel: EMAIL").replace("fr:", "xx:"))
    code, out, err = run(capsys, "list", path)
    assert code == 0
    assert "TP_CODE  EMAIL" in out
    assert err == (
        f"msgtemplate: {path}:20:7: content locale: unknown language 'xx' (not in CLDR); "
        f"1 more problem (run 'msgtemplate lint {path}')\n"
    )


def test_list_escapes_control_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, PACK.replace("name: Order paid", 'name: "Paid\\e[31m\\nred"'))
    code, out, _ = run(capsys, "list", path)
    assert code == 0
    assert "\x1b" not in out
    assert "Paid\\x1b[31m\\nred" in out.splitlines()[0]


# --- show ---------------------------------------------------------------------------------


def test_show_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, PACK)
    code, out, err = run(capsys, "show", path, "TP_PAID")
    assert (code, err) == (0, "")
    assert out == textwrap.dedent(
        f"""\
        TP_PAID · INBOX  (Order paid)
          {path}:4:5
          redirectUrl: /pages/orders/detail?id=${{orderId}}

        parameters
          orderId  string, maxLength 20, example A-1029  — the order number
          amount   currency, currency USD, example 1234.5
          paidOn   date, style long, example 2026-11-28

        content (3 locales, default en-US)
          en-US
            title  Payment received
            body   We received ${{amount}}
                   for order ${{orderId}} on ${{paidOn}}.
          zh-TW
            body   我們已於 ${{paidOn}} 收到訂單 ${{orderId}} 的 ${{amount}}。
          fr
            body   Paiement de ${{amount}} reçu le ${{paidOn}} (${{orderId}}).

        lint: no findings
        """
    )


def test_show_lists_the_findings_inside_the_template_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # TP_CODE writes {code}; TP_PAID lacks nothing. Only TP_CODE's findings are its own.
    path = write(tmp_path, PACK)
    code, out, _ = run(capsys, "show", path, "TP_CODE")
    assert code == 0
    findings = out.split("\n\nlint: ")[1].splitlines()
    assert findings[0] == "2 findings"
    assert findings[1].startswith("  26:35  MT601 warning  en-US body: '{code}' is not a")
    assert findings[2].startswith("  27:31  MT306 warning  '${code}' is in 'zh-Hant' but not")
    _, out, _ = run(capsys, "show", path, "TP_PAID")
    assert out.endswith("lint: no findings\n")


def test_show_honours_noqa_and_pyproject(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = PACK.replace('"Your code is {code}"}', '"Your code is {code}"}  # noqa: MT601')
    path = write(tmp_path, text)
    _, out, _ = run(capsys, "show", path, "TP_CODE", "--format", "json")
    assert [f["code"] for f in json.loads(out)["findings"]] == ["MT306"]
    (tmp_path / "pyproject.toml").write_text('[tool.msgtemplate.lint]\nignore = ["MT306"]\n')
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(capsys, "show", path, "TP_CODE", "--format", "json")
    assert json.loads(out)["findings"] == []
    (tmp_path / "pyproject.toml").write_text('[tool.msgtemplate.lint]\nignore = ["XX9"]\n')
    code, out, err = run(capsys, "show", path, "TP_CODE")
    assert code == 2
    assert out == ""
    assert err.startswith("msgtemplate: ignore in ")


def test_show_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, PACK)
    code, out, _ = run(capsys, "show", path, "TP_PAID", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["code"] == "TP_PAID"
    assert data["channel"] == "INBOX"
    assert data["redirectUrl"] == "/pages/orders/detail?id=${orderId}"
    assert data["defaultLocale"] == "en-US"
    assert data["parameters"] == {
        "orderId": {
            "type": "string",
            "maxLength": 20,
            "example": "A-1029",
            "description": "the order number",
        },
        "amount": {"type": "currency", "currency": "USD", "example": 1234.5, "description": None},
        "paidOn": {"type": "date", "style": "long", "example": "2026-11-28", "description": None},
    }
    assert data["content"]["en-US"] == {
        "line": 13,
        "title": "Payment received",
        "body": "We received ${amount}\nfor order ${orderId} on ${paidOn}.",
    }
    assert data["content"]["zh-TW"]["title"] is None
    assert data["findings"] == []


def test_show_samples_are_clean(capsys: pytest.CaptureFixture[str]) -> None:
    for path in (SHOP, BOOKING):
        for template in load_pack(path).templates:
            code, out, err = run(capsys, "show", path, template)
            assert (code, err) == (0, ""), template
            assert out.endswith("lint: no findings\n")


def test_show_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", SHOP, "TP_SHOP_ORDER_SHIPED")
    assert code == 2
    assert out == ""
    assert err == (
        f"msgtemplate: {SHOP}: no template 'TP_SHOP_ORDER_SHIPED' in this pack; "
        "did you mean 'TP_SHOP_ORDER_SHIPPED'?\n"
    )


def test_show_a_template_of_a_pack_with_problems_elsewhere(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, PACK.replace("channel: SMS", "channel: EMAIL"))
    code, out, err = run(capsys, "show", path, "TP_PAID")
    assert code == 0
    assert out.endswith("lint: no findings\n")
    assert err.startswith(f"msgtemplate: {path}:22:14: channel must be one of PUSH, INBOX, SMS")


def test_show_json_has_select_values_and_forms(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["show", str(SAMPLES / "delivery.yaml"), "TP_DELIVERY_ETA", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["parameters"]["method"]["values"] == ["card", "cash"]
    assert data["content"]["pl"]["forms"]["eta"]["few"] == "# minuty"
    assert "forms" in data["content"]["ja"]
