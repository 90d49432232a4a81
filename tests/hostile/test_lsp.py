"""The language server against a hostile client: raw JSON-RPC framing on the real
server process's stdin (absurd Content-Length, endless header lines), positions out of
range, thousands of findings on one line, bursts of edits."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msgtemplate.lint import lint_text
from msgtemplate.lsp.diagnostics import MAX_DIAGNOSTICS
from msgtemplate.lsp.positions import LineIndex, utf16_units
from tests.support.lsp_client import TIMEOUT, LspClient

PACK = """\
format: 1
defaultLocale: en-US
templates:
  - code: TP_1
    channel: SMS
    parameters: {orderId: {type: string, maxLength: 20}}
    content:
      en-US: {body: "BODY"}
"""


@pytest.fixture
def client(tmp_path: Path) -> Iterator[LspClient]:
    client = LspClient(tmp_path)
    try:
        client.initialize(tmp_path)
        yield client
    finally:
        client.kill()


def _raw(client: LspClient, data: bytes) -> None:
    stdin = client.process.stdin
    assert stdin is not None
    stdin.write(data)
    stdin.flush()


def _answer(client: LspClient, method: str, params: Any) -> dict[str, Any]:
    """The whole response (result or error) to one request."""
    client.next_id += 1
    ident = client.next_id
    client.send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
    deadline = time.monotonic() + TIMEOUT
    while True:
        message = client._next(deadline)
        if message.get("id") == ident and "method" not in message:
            return message
        if "method" in message and "id" not in message:
            client.notifications.append(message)


def _peak_kib(client: LspClient) -> int:
    status = Path(f"/proc/{client.process.pid}/status").read_text()
    line = next(row for row in status.splitlines() if row.startswith("VmHWM:"))
    return int(line.split()[1])


def _healthy(client: LspClient) -> None:
    assert client.shutdown() == 0
    stderr = client.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    assert "MemoryError" not in stderr


def test_an_absurd_content_length_is_dropped_and_the_server_goes_on(client: LspClient) -> None:
    before = _peak_kib(client)
    _raw(client, b"Content-Length: 1000000000000000\r\n\r\n")
    assert client.request("textDocument/hover", _hover("file:///none.yaml", 0, 0)) is None
    assert _peak_kib(client) - before < 10_000
    _healthy(client)


def test_50_mb_without_a_line_break_does_not_grow_it(client: LspClient) -> None:
    before = _peak_kib(client)
    chunk = b"a" * (1 << 20)
    for _ in range(50):
        _raw(client, chunk)
    _raw(client, b"\r\n\r\n")
    assert client.request("textDocument/hover", _hover("file:///none.yaml", 0, 0)) is None
    assert _peak_kib(client) - before < 20_000  # it was 93 MB
    _healthy(client)


def _hover(uri: str, line: int, character: int) -> dict[str, Any]:
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}


@pytest.mark.parametrize("method", ["textDocument/hover", "textDocument/completion"])
@pytest.mark.parametrize(("line", "character"), [(-1, 0), (2**31, 0), (0, -5), (0, 2**40)])
def test_bad_positions_get_an_error_not_a_traceback(
    client: LspClient, tmp_path: Path, method: str, line: int, character: int
) -> None:
    uri = (tmp_path / "pack.yaml").as_uri()
    client.open(uri, PACK.replace("BODY", "Order ${orderId}"))
    client.diagnostics(uri)
    answer = _answer(client, method, _hover(uri, line, character))
    assert answer["error"]["code"] == -32602
    assert answer["error"]["message"].startswith(f"invalid params for {method}: ")
    _healthy(client)


@pytest.mark.parametrize("method", ["textDocument/hover", "textDocument/completion"])
def test_positions_past_the_end_get_an_empty_answer(
    client: LspClient, tmp_path: Path, method: str
) -> None:
    uri = (tmp_path / "pack.yaml").as_uri()
    client.open(uri, PACK.replace("BODY", "Order ${orderId}"))
    client.diagnostics(uri)
    answer = _answer(client, method, _hover(uri, 2**31 - 1, 2**31 - 1))
    assert "error" not in answer
    assert answer["result"] in (None, {"isIncomplete": False, "items": []})
    _healthy(client)


@pytest.mark.slow
def test_diagnostics_are_capped_with_a_last_word(client: LspClient, tmp_path: Path) -> None:
    count = MAX_DIAGNOSTICS + 500
    uri = (tmp_path / "pack.yaml").as_uri()
    text = PACK.replace("BODY", " ".join(["{orderId}"] * count))
    client.open(uri, text)
    diagnostics = client.diagnostics(uri)
    total = len(lint_text(text, tmp_path / "pack.yaml").findings)
    assert total > count
    assert len(diagnostics) == MAX_DIAGNOSTICS + 1
    assert sum(d.get("code") == "MT601" for d in diagnostics) >= MAX_DIAGNOSTICS - 5
    last = diagnostics[-1]
    assert last["message"] == (
        f"and {total - MAX_DIAGNOSTICS} more findings not shown "
        "(run msgtemplate lint on this file for all of them)"
    )
    # Placed where the first finding not shown is: after the shown ones, on their line.
    assert last["range"]["start"]["line"] == diagnostics[-2]["range"]["start"]["line"]
    assert last["range"]["start"]["character"] > diagnostics[-2]["range"]["start"]["character"]
    _healthy(client)


@pytest.mark.slow
def test_a_burst_of_edits_publishes_only_the_latest(client: LspClient, tmp_path: Path) -> None:
    uri = (tmp_path / "pack.yaml").as_uri()
    client.open(uri, PACK.replace("BODY", "Order ${orderId}"))
    client.diagnostics(uri, version=1)
    burst = b""
    for version in range(2, 42):
        body = json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": PACK.replace("BODY", f"v{version} {{orderId}}")}],
                },
            }
        ).encode()
        burst += b"Content-Length: %d\r\n\r\n" % len(body) + body
    _raw(client, burst)  # in one write: they arrive together
    final = client.diagnostics(uri, version=41)
    assert {d["code"] for d in final} == {"MT304", "MT601"}
    published = [
        n["params"].get("version")
        for n in client.notifications
        if n["method"] == "textDocument/publishDiagnostics"
    ]
    assert published == []  # no diagnostics for a superseded version ever came
    _healthy(client)


# --- positions: one pass per line, same answers as counting from the line's start ------

_TEXT = st.lists(
    st.sampled_from(["a", "é", "😀", "\n", "\r\n", "\r", "\u2028", "中", "𝔘"]), max_size=600
).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=_TEXT, data=st.data())
def test_incremental_positions_equal_counting_from_the_line_start(
    text: str, data: st.DataObject
) -> None:
    index = LineIndex(text, "yaml")
    offsets = data.draw(st.lists(st.integers(-2, len(text) + 2), max_size=40))
    for offset in offsets:
        clamped = min(max(offset, 0), len(text))
        starts = [0] + [
            m + 1
            for m, c in enumerate(text)
            if c == "\n" or (c == "\r" and text[m + 1 : m + 2] != "\n")
        ]
        line = max(i for i, s in enumerate(starts) if s <= clamped)
        assert index.lsp(offset) == (line, utf16_units(text[starts[line] : clamped]))
