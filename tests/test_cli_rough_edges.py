"""What a new user meets first: each rough edge of issue 19, as a test.

Optional extras missing, malformed or unmatched ``--locale`` tags, a request body
given as a pack, an unreadable lint input, an unclosed placeholder, a declaration
with several faults, a faulty declaration in completion, the sandbox's key file.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from msgtemplate.cli import main
from msgtemplate.cli._extras import EXTRAS
from msgtemplate.template.syntax import TemplateSyntaxError, parse

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SHOP = str(SAMPLES / "shop.yaml")
CODE = "TP_SHOP_ORDER_SHIPPED"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _without(modules: tuple[str, ...], *argv: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a process where ``modules`` cannot be imported, as when the extra
    that provides them is not installed (``sys.modules[name] = None`` makes Python's
    import raise ModuleNotFoundError for it)."""
    hide = "".join(f"sys.modules[{m!r}] = None; " for m in modules)
    code = f"import sys; {hide}from msgtemplate.cli import main; sys.exit(main({list(argv)!r}))"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


# --- optional dependencies ------------------------------------------------------------------


def test_every_extra_of_pyproject_that_code_imports_is_in_the_table() -> None:
    import tomllib

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    extras = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    for extra in EXTRAS:
        assert extra in extras
    # Each distribution of an extra the package itself imports names its module here.
    assert {"starlette", "uvicorn"} <= set(EXTRAS["sandbox"][1])
    assert "pygls" in EXTRAS["lsp"][1]
    assert {"watchfiles", "starlette", "uvicorn"} <= set(EXTRAS["review"][1])
    assert {"celery", "redis"} <= set(EXTRAS["celery"][1])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("extra", "argv"),
    [
        ("sandbox", ["sandbox", "--pack", SHOP, "--client-id", "C", "--public-key", "k.pem"]),
        ("lsp", ["lsp", "--diagnostics", SHOP]),
        ("review", ["review", SHOP, "--serve", "--port", "0"]),
        ("celery", ["bulk", "worker", "--broker", "redis://127.0.0.1:9/0"]),
        (
            "celery",
            [
                "bulk", "run", SHOP, CODE, "--recipients", "{recipients}",
                "--journal", "{journal}", "--broker", "redis://127.0.0.1:9/0",
                "--client-id", "c", "--private-key", "{key}",
            ],
        ),
    ],
)  # fmt: skip
def test_a_missing_extra_is_one_line_naming_it(extra: str, argv: list[str], tmp_path: Path) -> None:
    recipients = tmp_path / "to.jsonl"
    recipients.write_text('{"userId": "u1"}\n', encoding="utf-8")
    journal = tmp_path / "campaign.db"
    files = {"recipients": str(recipients), "journal": str(journal), "key": str(tmp_path / "k")}
    done = _without(EXTRAS[extra][1], *(a.format(**files) for a in argv))
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert f"pip install 'msgtemplate[{extra}]'" in lines[0]
    assert "internal error" not in done.stderr
    assert not journal.exists()  # asked before anything was recorded


def test_a_real_bug_is_still_an_internal_error() -> None:
    from msgtemplate.cli._extras import missing_extra

    assert missing_extra(ModuleNotFoundError("No module named 'nothing'", name="nothing")) is None
    assert missing_extra(ValueError("x")) is None
    line = missing_extra(ModuleNotFoundError("x", name="uvicorn.config"))
    assert line is not None
    assert "msgtemplate[sandbox]" in line


# --- locale tags ------------------------------------------------------------------------------

_PAYLOAD = ["--access-token", "t", "--request-id", "r", "--use-examples"]


@pytest.mark.parametrize("tag", ["klingon", "english", "abcd", "en_US!", "e"])
@pytest.mark.parametrize(
    "argv",
    [
        ["preview", SHOP, CODE],
        ["preview", SHOP, CODE, "--all-locales"],
        ["payload", SHOP, CODE, *_PAYLOAD],
        ["send", SHOP, CODE, *_PAYLOAD, "--endpoint", "http://127.0.0.1:9", "--dry-run"],
        ["export", SHOP, "--format", "po"],
    ],
)
def test_malformed_locale_is_exit_2_with_the_reason_everywhere(
    capsys: pytest.CaptureFixture[str], argv: list[str], tag: str
) -> None:
    code, out, err = run(capsys, *argv, "--locale", tag)
    assert (code, out) == (2, "")
    assert err.startswith(f"msgtemplate: --locale: invalid locale tag {tag!r}: "), err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    "argv",
    [["preview", SHOP, CODE], ["payload", SHOP, CODE, *_PAYLOAD]],
)
def test_well_formed_unmatched_tag_is_a_notice_naming_the_variant(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, _, err = run(capsys, *argv, "--locale", "xx-YY")
    assert code == 0
    assert err == (
        f"msgtemplate: notice: no variant of {CODE} is near --locale xx-YY; "
        "using en-US (the default locale)\n"
    )
    # A tag that matches says nothing; grandfathered and private-use tags stay accepted.
    for tag in ("zh-TW", "i-klingon", "x-private"):
        code, _, err = run(capsys, *argv, "--locale", tag)
        assert code == 0
        assert "invalid" not in err
    assert run(capsys, *argv, "--locale", "zh-TW")[2] == ""


# --- a request body given as a pack -----------------------------------------------------------


def test_a_request_body_given_as_a_pack_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, body, _ = run(capsys, "payload", SHOP, CODE, *_PAYLOAD)
    assert code == 0
    path = tmp_path / "body.json"
    path.write_text(body, encoding="utf-8")
    for argv in (["preview", str(path), CODE], ["payload", str(path), CODE, *_PAYLOAD]):
        code, out, err = run(capsys, *argv)
        assert (code, out) == (2, "")
        assert err.splitlines() == [
            f"msgtemplate: {path}:1:1: this is a request body ('templateCode' and 'templates'), "
            "not a pack: check it with `msgtemplate lint FILE`, send it with "
            "`msgtemplate send --body FILE`"
        ]
    assert json.loads(body)["templateCode"] == CODE


# --- lint on an input it cannot read ----------------------------------------------------------


def test_lint_of_an_unreadable_input_is_never_clean(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = str(tmp_path / "nope.yaml")
    code, out, err = run(capsys, "lint", missing)
    assert code == 2
    assert "No findings" not in out
    assert "All checks passed" not in out
    assert out == "Not checked: 1 input could not be read (see stderr).\n"
    assert err == f"msgtemplate: {missing}: no such file or directory\n"


# --- template syntax --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "column", "name"),
    [
        ("Order ${orderId was shipped on ${shippedAt}.", 7, "orderId"),
        ("Order ${orderId was shipped", 7, "orderId"),
        ("${a}${b. Then ${c}", 5, "b"),
        ("注文 ${orderId は ${when} に発送", 4, "orderId"),
    ],
)
def test_unclosed_placeholder_says_the_brace_is_missing_where_it_started(
    source: str, column: int, name: str
) -> None:
    with pytest.raises(TemplateSyntaxError) as caught:
        parse(source)
    err = caught.value
    assert (err.line, err.column) == (1, column)
    assert err.message == (
        f"unclosed placeholder '${{{name}' (opened here): '}}' is missing after the name; "
        f"write '${{{name}}}'"
    )


def test_other_bad_names_keep_their_own_words() -> None:
    for source, words in (
        ("${order id}", "invalid placeholder name 'order id'"),
        ("${ name }", "spaces inside placeholder"),
        ("${}", "empty placeholder"),
        ("x ${", "expected a name and '}' after '${'"),
    ):
        with pytest.raises(TemplateSyntaxError) as caught:
            parse(source)
        assert words in caught.value.message


# --- parameter declarations -------------------------------------------------------------------

TWO_FAULTS = textwrap.dedent(
    """\
    format: 1
    defaultLocale: en-US
    templates:
      - code: TP_A
        channel: SMS
        parameters:
          when: {type: date, style: longest, maxLength: 3}
          who: {type: string, example: 12, maxLength: 0, colour: red}
        content:
          en-US: {body: "On ${when}, ${who}"}
    """
)


def test_every_fault_of_a_declaration_at_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(TWO_FAULTS, encoding="utf-8")
    code, out, _ = run(capsys, "lint", "--format", "json", str(path))
    assert code == 1
    found = [(f["line"], f["column"], f["code"], f["message"]) for f in json.loads(out)]
    when = "parameter 'when': "
    who = "parameter 'who': "
    assert found == [
        (7, 33, "MT207", when + "style must be one of short, medium, long, full, got 'longest'"),
        (7, 53, "MT207", when + "option 'maxLength' does not apply to type 'date'"),
        (8, 51, "MT207", who + "maxLength must be a positive integer, got 0 (int)"),
        (8, 54, "MT207", who + "unknown option 'colour' (options: type, maxLength, currency, "
         "style, timezone, values, example, description)"),
    ]  # fmt: skip
    # load_pack (preview, payload...) lists the same faults, and no "undeclared" after them.
    code, _, err = run(capsys, "preview", str(path), "TP_A")
    assert code == 2
    assert "is not declared" not in err
    assert len(err.splitlines()) == 4


def test_a_declared_name_is_always_offered_in_completion() -> None:
    from msgtemplate.lsp.analysis import analyse
    from msgtemplate.lsp.completion import complete

    text = TWO_FAULTS.replace('{body: "On ${when}, ${who}"}', "\n        body: On ${")
    analysis = analyse("file:///tmp/two.yaml", text)
    line = text.splitlines().index("        body: On ${")
    column = len("        body: On ${")
    labels = [item.label for item in complete(analysis, text, line, column)]
    assert labels == ["when", "who"]


# --- the sandbox's key file -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.slow
def test_sandbox_key_file_exists_before_the_port_accepts(tmp_path: Path) -> None:
    from tests.support.sandbox import CLIENT_ID, CLIENT_PUBLIC, write_pack

    public = tmp_path / "client.pub.pem"
    public.write_bytes(CLIENT_PUBLIC.to_pem())
    key_dir = tmp_path / "server-key"
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "msgtemplate", "sandbox", "--pack", str(write_pack(tmp_path)),
            "--client-id", CLIENT_ID, "--public-key", str(public), "--db",
            str(tmp_path / "inbox.sqlite"), "--server-key-dir", str(key_dir), "--quiet",
            "--port", str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        # What a start-up script does: wait for the port, then read the key at once.
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "the sandbox never listened"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.005)
        from msgtemplate.sandbox.state import SERVER_PUBLIC_KEY_FILE

        pem = (key_dir / SERVER_PUBLIC_KEY_FILE).read_bytes()
        assert pem.startswith(b"-----BEGIN PUBLIC KEY-----")
        assert pem.rstrip().endswith(b"-----END PUBLIC KEY-----")
        assert (tmp_path / "inbox.sqlite").exists()
    finally:
        process.kill()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()
