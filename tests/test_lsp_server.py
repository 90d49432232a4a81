"""``msgtemplate lsp`` end to end: a real server process, JSON-RPC over its stdio.

initialize, open a pack with seeded defects, diagnostics at the right places, edits,
completion, hover, quick fixes, hostile documents, shutdown and exit. Expected
positions are found in the text itself (the line and column of a needle), never
typed in by hand.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from msgtemplate.lint.docs import rule_url
from msgtemplate.lint.registry import rule_for
from tests.support.lsp_client import LspClient

pytestmark = pytest.mark.slow

PACK = textwrap.dedent(
    """\
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
            body: "😀 We received ${amount} for order ${orderId} on ${paidOn}."
          zh_CN:
            title: 已收到付款
            body: 我们已于 ${paidOn} 收到订单 ${orderId} 的 ${amount}。
          es-419:
            body: "Recibimos $amount por el pedido ${orderId} el ${paidOn} ${orderID}."
      - code: TP_SMS
        channel: SMS
        redirect_url: /x
        parameters:
          code: {type: string, example: "424242"}
          unused: {type: string}  # noqa: MT304
        content:
          en-US: {body: "Your code is ${code}"}
    """
)


def where(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """0-based LSP (line, UTF-16 character) of the ``nth`` occurrence of ``needle``."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    before = text[start:offset]
    return line, len(before.encode("utf-16-le")) // 2


def span(text: str, needle: str, nth: int = 0) -> dict[str, Any]:
    line, character = where(text, needle, nth)
    width = len(needle.encode("utf-16-le")) // 2
    return {
        "start": {"line": line, "character": character},
        "end": {"line": line, "character": character + width},
    }


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LspClient]:
    client = LspClient(tmp_path)
    try:
        client.initialize(tmp_path)
        yield client
    finally:
        client.kill()


def by_code(diagnostics: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for diagnostic in diagnostics:
        found.setdefault(diagnostic["code"], []).append(diagnostic)
    return found


def test_initialize_announces_the_features(tmp_path: Path) -> None:
    client = LspClient(tmp_path)
    try:
        result = client.initialize(tmp_path)
        capabilities = result["capabilities"]
        assert result["serverInfo"]["name"] == "msgtemplate"
        assert capabilities["hoverProvider"] is True
        assert set(capabilities["completionProvider"]["triggerCharacters"]) >= {"{", "$"}
        assert capabilities["codeActionProvider"]["codeActionKinds"] == ["quickfix"]
        assert capabilities["textDocumentSync"]["change"] == 2  # incremental
        assert client.shutdown() == 0
    finally:
        client.kill()


def test_diagnostics_of_seeded_defects(server: LspClient, tmp_path: Path) -> None:
    uri = (tmp_path / "pack.yaml").as_uri()
    server.open(uri, PACK)
    found = by_code(server.diagnostics(uri, version=1))
    assert sorted(found) == ["MT202", "MT303", "MT305", "MT306", "MT402", "MT601"]
    (locale,) = found["MT402"]
    assert locale["range"] == span(PACK, "zh_CN")
    assert locale["severity"] == 2
    assert locale["source"] == "msgtemplate"
    assert locale["codeDescription"]["href"] == rule_url(rule_for("MT402"))
    assert locale["codeDescription"]["href"].endswith("lint-rules.md#mt402-non-canonical-locale")
    (slot,) = found["MT601"]
    assert slot["range"] == span(PACK, "$amount")
    (undeclared,) = found["MT303"]
    assert undeclared["severity"] == 1
    assert undeclared["range"] == span(PACK, "${orderID}")
    assert "did you mean 'orderId'?" in undeclared["message"]
    (unknown,) = found["MT202"]
    assert unknown["range"] == span(PACK, "redirect_url")
    assert "MT304" not in found  # silenced by the comment on its line


def test_utf16_columns_after_an_emoji(server: LspClient, tmp_path: Path) -> None:
    # U+1F600 takes two UTF-16 units: a column counted in code points would be one short.
    text = PACK.replace("${amount} for order", "${amont} for order")
    uri = (tmp_path / "emoji.yaml").as_uri()
    server.open(uri, text)
    undeclared = by_code(server.diagnostics(uri))["MT303"]
    assert span(text, "${amont}") in [d["range"] for d in undeclared]
    line, character = where(text, "${amont}")
    row = text.splitlines()[line]
    assert character == len(row[: row.index("${amont}")]) + 1


def test_settings_from_the_documents_folder(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "packs").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[tool.msgtemplate.lint]\nignore = ["MT4", "MT601"]\n', encoding="utf-8"
    )
    client = LspClient(tmp_path)  # started elsewhere, as editors do
    try:
        client.initialize(tmp_path)
        inside = (project / "packs" / "pack.yaml").as_uri()
        outside = (tmp_path / "pack.yaml").as_uri()
        client.open(inside, PACK)
        client.open(outside, PACK)
        assert sorted(by_code(client.diagnostics(inside))) == ["MT202", "MT303", "MT305", "MT306"]
        assert "MT402" in by_code(client.diagnostics(outside))
        (project / "pyproject.toml").write_text(
            '[tool.msgtemplate.lint]\nignore = ["NOPE"]\n', encoding="utf-8"
        )
        client.notify("textDocument/didSave", {"textDocument": {"uri": inside}})
        shown = client.wait_for("window/showMessage")
        assert "unknown rule code 'NOPE'" in shown["message"]
        assert "MT402" in by_code(client.diagnostics(inside))  # defaults, not nothing
        assert client.shutdown() == 0
    finally:
        client.kill()


def test_edits_relint_the_latest_version(server: LspClient, tmp_path: Path) -> None:
    uri = (tmp_path / "pack.yaml").as_uri()
    server.open(uri, PACK)
    server.diagnostics(uri, version=1)
    edits = [
        ("zh_CN", "zh-CN"),
        ("SMS", "SM"),
        ("SM", "EMAIL"),
        ("EMAIL", "PUSHH"),
        ("PUSHH", "SMSS"),
    ]
    text = PACK
    for version, (old, new) in enumerate(edits, start=2):  # quick edits, in one burst
        needle = old if old.startswith("zh") else f"channel: {old}\n"
        line, character = where(text, needle)
        if not old.startswith("zh"):
            character += len("channel: ")
        change = {
            "range": {
                "start": {"line": line, "character": character},
                "end": {"line": line, "character": character + len(old)},
            },
            "text": new,
        }
        text = text.replace(needle, needle.replace(old, new), 1)
        server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
        )
    final = by_code(server.diagnostics(uri, version=6))
    assert "MT402" not in final
    (channel,) = final["MT205"]
    assert channel["range"] == span(text, "SMSS")
    assert "'SMSS'" in channel["message"]


def test_completion(server: LspClient, tmp_path: Path) -> None:
    uri = (tmp_path / "pack.yaml").as_uri()
    server.open(uri, PACK)
    server.diagnostics(uri)
    typed = PACK.replace("title: 已收到付款", "title: 已收到 ${")
    server.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": typed}]},
    )
    line, character = where(typed, "${", typed.count("${", 0, typed.index("已收到 ${")))
    result = server.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": line, "character": character + 2}},
    )
    items = {item["label"]: item for item in result["items"]}
    assert list(items) == ["orderId", "amount", "paidOn"]
    assert items["amount"]["detail"] == "currency, currency USD · example 1234.5"
    assert items["orderId"]["textEdit"]["newText"] == "orderId}"
    assert "the order number" in items["orderId"]["documentation"]["value"]

    # Locale tags under content:, without the ones the template has.
    typed = PACK.replace("      es-419:\n", "      zh-H\n      es-419:\n")
    server.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": typed}]},
    )
    line, character = where(typed, "zh-H\n")
    result = server.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": line, "character": character + 4}},
    )
    labels = {item["label"]: item for item in result["items"]}
    assert labels["zh-Hant"]["detail"] == "Chinese (Traditional)"
    assert labels["zh-Hant"]["insertText"] == "zh-Hant:"
    assert "fr-CA" in labels
    assert "es-419" not in labels  # already there
    assert "zh-Hans" not in labels  # zh_CN is the same locale


def test_key_and_value_completion(server: LspClient, tmp_path: Path) -> None:
    uri = (tmp_path / "new.yaml").as_uri()
    text = "format: 1\ndefaultLocale: en-US\ntemplates:\n  - code: TP_1\n    \n    channel: \n"
    server.open(uri, text)
    server.diagnostics(uri)
    keys = server.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": 4, "character": 4}},
    )
    labels = [item["label"] for item in keys["items"]]
    assert labels[:1] == ["content"]  # required first
    assert set(labels) == {"content", "name", "redirectUrl", "parameters"}
    content = next(item for item in keys["items"] if item["label"] == "content")
    assert content["detail"] == "Content (required)"
    values = server.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": 5, "character": 13}},
    )
    assert [item["label"] for item in values["items"]] == ["PUSH", "INBOX", "SMS"]


def test_hover(server: LspClient, tmp_path: Path) -> None:
    uri = (tmp_path / "pack.yaml").as_uri()
    server.open(uri, PACK)
    server.diagnostics(uri)
    line, character = where(PACK, "${orderId} on")
    result = server.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": line, "character": character + 3}},
    )
    value = result["contents"]["value"]
    assert value.startswith("**`${orderId}`** · string, maxLength 20")
    assert "the order number" in value
    assert "Example: `A-1029`" in value

    line, character = where(PACK, "es-419:")
    result = server.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": line, "character": character + 2}},
    )
    value = result["contents"]["value"]
    assert "Cannot render with the example values: parameter 'orderID'" in value
    assert "Fallback chain: `es-419` → `es` → `en-US` (defaultLocale)" in value

    line, character = where(PACK, "zh_CN:")
    result = server.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
    )
    value = result["contents"]["value"]
    assert "> **已收到付款**" in value
    assert "2026年11月28日" in value  # rendered with the examples, for a Chinese reader
    assert "US$1,234.50" in value
    assert "Opens `/pages/orders/detail?id=A-1029`" in value
    assert "Fallback chain: `zh-CN` → `zh` → `en-US` (defaultLocale)" in value

    line, character = where(PACK, "maxLength")
    result = server.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
    )
    assert result is None  # inside a flow mapping: nothing to say
    line, character = where(PACK, "channel: INBOX")
    result = server.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": line, "character": character + 1}},
    )
    assert result["contents"]["value"].startswith("**channel** · Channel (required)")


def apply(text: str, edit: dict[str, Any]) -> str:
    lines = text.split("\n")
    start, end = edit["range"]["start"], edit["range"]["end"]
    assert start["line"] == end["line"]
    row = lines[start["line"]]
    units = row.encode("utf-16-le")
    before = units[: start["character"] * 2].decode("utf-16-le")
    after = units[end["character"] * 2 :].decode("utf-16-le")
    lines[start["line"]] = before + edit["newText"] + after
    return "\n".join(lines)


def test_quick_fixes(server: LspClient, tmp_path: Path) -> None:
    uri = (tmp_path / "pack.yaml").as_uri()
    server.open(uri, PACK)
    found = by_code(server.diagnostics(uri))
    wanted = [found["MT402"][0], found["MT601"][0], found["MT303"][0]]
    actions = server.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": wanted[0]["range"],
            "context": {"diagnostics": wanted},
        },
    )
    assert [a["title"] for a in actions] == [
        "Write 'zh-CN' for 'zh_CN'",
        "Write '${amount}' for '$amount'",
    ]
    assert all(a["kind"] == "quickfix" and a["isPreferred"] for a in actions)
    text = PACK
    for action in actions:
        (edit,) = action["edit"]["changes"][uri]
        text = apply(text, edit)
    assert "zh-CN:" in text
    assert "Recibimos ${amount} por" in text
    server.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]},
    )
    after = by_code(server.diagnostics(uri, version=2))
    assert sorted(after) == ["MT202", "MT303", "MT306"]


def test_no_fix_that_would_break_the_yaml(server: LspClient, tmp_path: Path) -> None:
    # `{body: Hi $code}`: a `{` would end the plain scalar inside the flow mapping.
    text = PACK.replace('{body: "Your code is ${code}"}', "{body: Your code is $code}")
    uri = (tmp_path / "flow.yaml").as_uri()
    server.open(uri, text)
    slots = [d for d in server.diagnostics(uri) if d["code"] == "MT601"]
    flow = [d for d in slots if d["range"] == span(text, "$code")]
    assert flow
    actions = server.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": flow[0]["range"], "context": {"diagnostics": flow}},
    )
    assert actions == []


HOSTILE = [
    "\x00\x01binary\xff",
    "format: 1\ntemplates: [\n",
    "{{{{{{{{",
    "- - - - -\n" * 50,
    "format: 1\ntemplates:\n  - " + "x" * 100_000,
    "\t\tformat:\t1\n",
    "format: 1\ntemplates: " + "[" * 200 + "]" * 200,
    "key: &a [*a]\n",
    "format: 1\ndefaultLocale: en-US\ntemplates:\n  - code: TP\n"
    "    content: {en-US: {body: '${'}}\n",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_documents_never_crash_the_server(
    server: LspClient, tmp_path: Path, text: str
) -> None:
    uri = (tmp_path / "bad.yaml").as_uri()
    server.open(uri, text)
    server.diagnostics(uri)
    lines = text.split("\n")
    for line in (0, len(lines) // 2, len(lines) - 1, len(lines) + 5):
        for character in (0, 3, 10_000):
            position = {"line": line, "character": character}
            server.request(
                "textDocument/hover", {"textDocument": {"uri": uri}, "position": position}
            )
            server.request(
                "textDocument/completion", {"textDocument": {"uri": uri}, "position": position}
            )
    assert server.process.poll() is None


def test_huge_unknown_and_odd_documents(server: LspClient, tmp_path: Path) -> None:
    huge = "format: 1\ntemplates:\n" + "# padding\n" * 1_700_000  # over the 16 MiB cap
    uri = (tmp_path / "huge.yaml").as_uri()
    server.open(uri, huge)
    (too_big,) = server.diagnostics(uri)
    assert too_big["code"] == "MT003"
    nowhere = (tmp_path / "never-opened.yaml").as_uri()
    position = {"line": 0, "character": 0}
    assert (
        server.request(
            "textDocument/hover", {"textDocument": {"uri": nowhere}, "position": position}
        )
        is None
    )
    assert (
        server.request(
            "textDocument/completion", {"textDocument": {"uri": nowhere}, "position": position}
        )
        is None
    )
    server.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": nowhere, "version": 2}, "contentChanges": [{"text": "x"}]},
    )
    untitled = "untitled:Untitled-1"
    server.open(untitled, PACK)
    assert "MT402" in by_code(server.diagnostics(untitled))
    json_uri = (tmp_path / "pack.msgpack.json").as_uri()
    server.open(
        json_uri, '{"format": 1, "defaultLocale": "en-US", "templates": [{"code": 7}]}', "json"
    )
    assert "MT203" in by_code(server.diagnostics(json_uri))
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert server.diagnostics(uri) == []
    assert server.shutdown() == 0


def test_exit_without_shutdown_is_an_error_exit(tmp_path: Path) -> None:
    client = LspClient(tmp_path)
    try:
        client.initialize(tmp_path)
        client.notify("exit", None)
        assert client.process.wait(timeout=30) == 1
    finally:
        client.kill()


def test_diagnostics_flag_prints_what_the_server_publishes(
    server: LspClient, tmp_path: Path
) -> None:
    import json
    import subprocess
    import sys

    path = tmp_path / "pack.yaml"
    path.write_text(PACK, encoding="utf-8")
    printed = subprocess.run(
        [sys.executable, "-m", "msgtemplate", "lsp", "--diagnostics", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    message = json.loads(printed.stdout)
    assert message["method"] == "textDocument/publishDiagnostics"
    server.open(path.as_uri(), PACK)
    published = server.wait_for(
        "textDocument/publishDiagnostics", lambda p: p["uri"] == path.as_uri()
    )
    assert message["params"] == published
    missing = subprocess.run(
        [sys.executable, "-m", "msgtemplate", "lsp", "--diagnostics", str(tmp_path / "no.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert missing.returncode == 2
    assert (
        missing.stderr
        == f"msgtemplate: {tmp_path / 'no.yaml'}: cannot read file: No such file or directory\n"
    )


def test_edits_of_a_big_pack_publish_what_a_whole_lint_gives(
    server: LspClient, tmp_path: Path
) -> None:
    """The server lints again only the templates whose lines changed; what it publishes
    after each edit is what the one-shot analysis of that text gives."""
    from msgtemplate.lsp.server import notification
    from tests.support.packgen import generated_pack

    text = generated_pack(80, flawed=True)
    uri = (tmp_path / "big.yaml").as_uri()
    server.open(uri, text)
    server.diagnostics(uri, version=1)
    edits = [
        ("Ref. 41.", "!"),  # a character typed in a body
        ("name: Generated 3\n", "\n"),  # a line break: every later template moves down
        ("name: Generated 70\n", "\n    # a comment\n"),
        ("      zh-Hant:\n", ""),  # a locale renamed below
    ]
    for version, (needle, typed) in enumerate(edits, start=2):
        offset = text.index(needle) + len(needle) - (1 if needle.endswith("\n") else 0)
        if not typed:  # rename the locale at the needle
            offset = text.index(needle) + len("      ")
            end = offset + len("zh-Hant")
            start_at, end_at = where(text[:offset] + "\0", "\0"), where(text[:end] + "\0", "\0")
            typed, text = "zh-CN", text[:offset] + "zh-CN" + text[end:]
        else:
            start_at = end_at = where(text[:offset] + "\0", "\0")
            text = text[:offset] + typed + text[offset:]
        change = {
            "range": {
                "start": {"line": start_at[0], "character": start_at[1]},
                "end": {"line": end_at[0], "character": end_at[1]},
            },
            "text": typed,
        }
        server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
        )
        published = server.diagnostics(uri, version=version)
        expected = notification(uri, text)["params"]
        assert isinstance(expected, dict)
        assert published == expected["diagnostics"]
