"""Every command on a terminal that is not UTF-8 (``PYTHONIOENCODING=ascii``).

Text for people comes out with ``\\uXXXX`` escapes where the terminal cannot show a
character; machine-readable output (JSON, SARIF, rendered messages) stays UTF-8
bytes. Never an "internal error". The test covers every command the CLI has: a
new command fails :func:`test_every_command_is_covered` until it has a case here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from msgtemplate.cli import COMMANDS
from msgtemplate.sender import signing

pytestmark = pytest.mark.slow

PACK = """\
format: 1
defaultLocale: ja
appId: "2188000000000001"
templates:
  - code: TP_CAFÉ
    name: 注文の発送
    channel: SMS
    parameters:
      who: {type: string, example: 世界}
    content:
      ja:
        body: こんにちは、${who}さん。ご注文は発送済みです。
      fr:
        body: Bonjour ${who}, votre café est expédié.
      ar:
        body: مرحبا ${who}، تم شحن طلبك.
"""

LINT_PACK = """\
format: 1
defaultLocale: ja
templates:
  - code: TP_LINT
    name: Finding
    channel: SMS
    parameters:
      who: {type: string, example: 世界}
    content:
      ja:
        body: ご注文 ${whom} は発送済みです。
"""

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"

msgctxt "TP_CAFÉ.body"
msgid "こんにちは、${who}さん。ご注文は発送済みです。"
msgstr "Bonjour ${who}, votre café a été expédié."
"""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    return {**env, "PYTHONIOENCODING": "ascii", "LANG": "C", "MSGTEMPLATE_DEBUG": ""}


def cli(cwd: Path, *argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "msgtemplate", *argv],
        cwd=cwd,
        capture_output=True,
        env=_env(),
        timeout=120,
        check=False,
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "dossier-é"
    folder.mkdir()
    (folder / "pack.yaml").write_text(PACK, encoding="utf-8")
    (folder / "pack.fr.po").write_text(PO, encoding="utf-8")
    (folder / "lint.yaml").write_text(LINT_PACK, encoding="utf-8")
    key, public = signing.generate_key_pair()
    (folder / "client.key.pem").write_bytes(key.to_pem())
    (folder / "client.pub.pem").write_bytes(public.to_pem())
    return folder


def _text(done: subprocess.CompletedProcess[bytes]) -> str:
    """People's text: ASCII bytes only, the rest escaped."""
    assert done.stdout.isascii(), done.stdout[:200]
    return done.stdout.decode("ascii")


def _json(done: subprocess.CompletedProcess[bytes]) -> object:
    """Machine-readable output: UTF-8, characters as themselves."""
    return json.loads(done.stdout.decode("utf-8"))


def _case_init(work: Path) -> None:
    done = cli(work, "init", "café.msgpack.yaml", "--locales", "ja,zh-Hant")
    assert done.returncode == 0, done.stderr
    assert "caf\\xe9.msgpack.yaml" in _text(done)


def _case_list(work: Path) -> None:
    done = cli(work, "list", "pack.yaml")
    assert done.returncode == 0, done.stderr
    assert "TP_CAF\\xc9" in _text(done)
    done = cli(work, "list", "pack.yaml", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "TP_CAFÉ" in json.dumps(_json(done), ensure_ascii=False)


def _case_show(work: Path) -> None:
    done = cli(work, "show", "pack.yaml", "TP_CAFÉ")
    assert done.returncode == 0, done.stderr
    assert "\\u3053\\u3093\\u306b\\u3061\\u306f" in _text(done)
    done = cli(work, "show", "pack.yaml", "TP_CAFÉ", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert _json(done)["code"] == "TP_CAFÉ"  # type: ignore[index]


def _case_render(work: Path) -> None:
    done = cli(work, "render", "こんにちは ${who}", "-p", "who=世界")
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8") == "こんにちは 世界\n"  # the message itself, as UTF-8


def _case_preview(work: Path) -> None:
    for extra in ([], ["--explain"], ["--all-locales"], ["--locale", "ar", "--bidi", "isolate"]):
        done = cli(work, "preview", "pack.yaml", "TP_CAFÉ", *extra)
        assert done.returncode == 0, (extra, done.stderr)
        assert "\\u" in _text(done)
    done = cli(work, "preview", "pack.yaml", "TP_CAFÉ", "--format", "json", "--explain")
    assert done.returncode == 0, done.stderr
    assert _json(done)["body"] == "こんにちは、世界さん。ご注文は発送済みです。"  # type: ignore[index]


def _case_lint(work: Path) -> None:
    done = cli(work, "lint", "lint.yaml")
    assert done.returncode == 1, done.stderr
    assert "MT303" in _text(done)
    for fmt in ("json", "sarif"):
        done = cli(work, "lint", "lint.yaml", "--format", fmt)
        assert done.returncode == 1, done.stderr
        assert _json(done)
    done = cli(work, "lint", "lint.yaml", "--format", "github")
    assert done.returncode == 1, done.stderr
    assert "::error" in _text(done)
    done = cli(work, "lint", "--show-rules")
    assert done.returncode == 0, done.stderr


def _case_payload(work: Path) -> None:
    done = cli(
        work, "payload", "pack.yaml", "TP_CAFÉ", "--access-token", "t", "--request-id", "r",
        "--use-examples", "--locale", "fr",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _json(done)["templateCode"] == "TP_CAFÉ"  # type: ignore[index]


def _case_send(work: Path) -> None:
    base = [
        "send", "pack.yaml", "TP_CAFÉ", "--access-token", "t", "--request-id", "r",
        "--use-examples", "--endpoint", "http://127.0.0.1:9", "--client-id", "C",
        "--private-key", "client.key.pem", "--dry-run",
    ]  # fmt: skip
    done = cli(work, *base)
    assert done.returncode == 0, done.stderr
    assert "TP_CAF" in done.stdout.decode("utf-8")
    done = cli(work, *base, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert _json(done)


def _case_sandbox(work: Path) -> None:
    # A real start (the banner names a non-ASCII folder), then a clean stop.
    process = subprocess.Popen(
        [
            sys.executable, "-m", "msgtemplate", "sandbox", "--pack", "pack.yaml",
            "--client-id", "C", "--public-key", "client.pub.pem", "--port", "0",
            "--db", str(work / "inbox.sqlite"), "--quiet",
        ],
        cwd=work, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        banner = []
        for raw in process.stdout:
            banner.append(raw)
            if raw.startswith(b"Press Ctrl+C"):
                break
        text = b"".join(banner)
        assert text.isascii(), text
        assert b"dossier-\\xe9" in text, text
        # Serving (signal handlers in place) before it is asked to stop.
        base = banner[0].decode("ascii").split()[-1]
        assert httpx.get(base + "/inbox", timeout=30, trust_env=False).status_code == 200
    finally:
        process.terminate()
        process.communicate(timeout=30)
    assert process.returncode == 0


def _case_schema(work: Path) -> None:
    done = cli(work, "schema")
    assert done.returncode == 0, done.stderr
    assert _json(done)
    done = cli(work, "schema", "--catalog-entry")
    assert done.returncode == 0, done.stderr


def _case_lsp(work: Path) -> None:
    done = cli(work, "lsp", "--diagnostics", "lint.yaml")
    assert done.returncode == 0, done.stderr
    assert "MT303" in json.dumps(_json(done), ensure_ascii=False)


def _case_export(work: Path) -> None:
    done = cli(work, "export", "pack.yaml", "--format", "po", "--locale", "fr", "-o", "-")
    assert done.returncode == 0, done.stderr
    assert "こんにちは" in done.stdout.decode("utf-8")
    done = cli(work, "export", "pack.yaml", "--format", "xliff", "--locale", "ar")
    assert done.returncode == 0, done.stderr
    _text(done)


def _case_import_(work: Path) -> None:
    done = cli(work, "import", "pack.yaml", "pack.fr.po", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "TP_CAF\\xc9" in _text(done) or "fr" in _text(done)
    done = cli(work, "import", "pack.yaml", "pack.fr.po", "--dry-run", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert _json(done)


def _case_review(work: Path) -> None:
    done = cli(work, "review", "pack.yaml", "-o", "site-é")
    assert done.returncode == 0, done.stderr
    assert "site-\\xe9" in _text(done)
    page = (work / "site-é" / "index.html").read_text(encoding="utf-8")
    assert "こんにちは、世界さん。" in page  # the page itself is UTF-8
    done = cli(work, "review", "lint.yaml", "-o", "site-é")
    assert done.returncode == 1, done.stderr


def _case_stamp(work: Path) -> None:
    done = cli(work, "stamp", "pack.yaml", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "would stamp 2 translations" in _text(done)
    done = cli(work, "stamp", "pack.yaml", "--locale", "klingon")
    assert done.returncode == 2
    assert done.stderr.isascii()


CASES: dict[str, Callable[[Path], None]] = {
    name: globals()[f"_case_{name}"] for name in COMMANDS if f"_case_{name}" in globals()
}


def test_every_command_is_covered() -> None:
    assert set(CASES) == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_under_an_ascii_terminal(command: str, work: Path) -> None:
    CASES[command](work)


def test_errors_under_an_ascii_terminal(work: Path) -> None:
    done = cli(work, "preview", "pack.yaml", "TP_CAFÉ_NOPE")
    assert done.returncode == 2
    assert b"internal error" not in done.stderr
    assert done.stderr.isascii()
    assert b"TP_CAF\\xc9_NOPE" in done.stderr
