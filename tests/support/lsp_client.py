"""A small JSON-RPC client for the language server tests: a real process, a real pipe.

Independent of pygls on purpose (it checks the server's wire format, not pygls
against itself). Every wait has a timeout, so a hung server fails a test instead of
hanging the suite; the process is killed if it does not exit.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TIMEOUT = 30.0


class ServerGone(AssertionError):
    """The server closed its output (it exited or crashed)."""


class LspClient:
    """Talks to ``msgtemplate lsp`` over its stdin and stdout."""

    def __init__(self, cwd: Path, *argv: str) -> None:
        command = argv or (sys.executable, "-m", "msgtemplate", "lsp")
        env = {k: v for k, v in os.environ.items() if not k.startswith("MSGTEMPLATE_")}
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self.inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.notifications: list[dict[str, Any]] = []
        self.next_id = 0
        self.stderr = b""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    # --- the wire ------------------------------------------------------------------

    def send(self, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.inbox.put(None)
                    return
                text = line.decode("ascii").strip()
                if not text:
                    break
                name, _, value = text.partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None, "a message without Content-Length"
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:
                # A request from the server (registerCapability...): answer it.
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            self.inbox.put(message)

    def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        for chunk in iter(lambda: self.process.stderr.read(4096), b""):  # type: ignore[union-attr]
            self.stderr += chunk

    def _next(self, deadline: float) -> dict[str, Any]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the server did not answer in time")
        try:
            message = self.inbox.get(timeout=remaining)
        except queue.Empty:
            raise TimeoutError("the server did not answer in time") from None
        if message is None:
            raise ServerGone(f"the server exited; stderr: {self.stderr.decode(errors='replace')}")
        return message

    # --- requests and notifications -----------------------------------------------

    def request(self, method: str, params: Any, timeout: float = TIMEOUT) -> Any:
        """Send a request and wait for its response; notifications are kept."""
        self.next_id += 1
        ident = self.next_id
        self.send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            message = self._next(deadline)
            if message.get("id") == ident and "method" not in message:
                if "error" in message:
                    raise AssertionError(f"{method} failed: {message['error']}")
                return message.get("result")
            if "method" in message and "id" not in message:
                self.notifications.append(message)

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for(
        self, method: str, match: Callable[[Any], bool] = lambda _: True, timeout: float = TIMEOUT
    ) -> Any:
        """The params of the first notification ``method`` (past or coming) that match."""
        deadline = time.monotonic() + timeout
        while True:
            for index, message in enumerate(self.notifications):
                if message["method"] == method and match(message["params"]):
                    del self.notifications[index]
                    return message["params"]
            message = self._next(deadline)
            if "method" in message and "id" not in message:
                self.notifications.append(message)

    # --- a session ---------------------------------------------------------------------

    def initialize(self, root: Path) -> dict[str, Any]:
        result = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": {
                    "textDocument": {
                        "publishDiagnostics": {"codeDescriptionSupport": True},
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {"completionItem": {"snippetSupport": False}},
                    }
                },
            },
        )
        self.notify("initialized", {})
        return result  # type: ignore[no-any-return]

    def open(self, uri: str, text: str, language: str = "yaml", version: int = 1) -> None:
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": language,
                    "version": version,
                    "text": text,
                }
            },
        )

    def diagnostics(self, uri: str, version: int | None = None) -> list[dict[str, Any]]:
        params = self.wait_for(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == uri and (version is None or p.get("version") == version),
        )
        return params["diagnostics"]  # type: ignore[no-any-return]

    def shutdown(self, timeout: float = TIMEOUT) -> int:
        """shutdown, exit, and the process's exit code."""
        self.request("shutdown", None, timeout=timeout)
        self.notify("exit", None)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=TIMEOUT)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
