"""The tour behind `make demo`: every step is a `msgtemplate` command a user could type.

1. a throwaway client key pair under .demo/
2. `msgtemplate lint samples/`
3. `msgtemplate preview` of one template in three locales, and of words that agree
   with a number (plural forms) in Polish and Arabic
4. `msgtemplate sandbox` on a free port (the local stand-in for the platform)
5. `msgtemplate send` of one message per sample template, verifying the sandbox's answers
6. the sandbox's inbox, as the phone shows it
7. the sandbox stopped, with no process left behind
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
WORK = ROOT / ".demo"
CLIENT_ID = "DEMO_CLIENT"
ACCESS_TOKEN = "demo-access-token-0001"  # noqa: S105 - the sandbox accepts any token
PREVIEW = ("shop.yaml", "TP_SHOP_ORDER_SHIPPED", ("en-US", "zh-TW", "ar-EG"))
FORMS = ("delivery.yaml", "TP_DELIVERY_ETA", (("pl", ("1", "2", "5", "22")), ("ar", ("2", "11"))))
MSGTEMPLATE = [sys.executable, "-m", "msgtemplate"]


def step(title: str) -> None:
    _stop_if_signalled()
    print(f"\n\033[1m== {title}\033[0m", flush=True)


def show(args: list[str]) -> None:
    _stop_if_signalled()
    shown = " ".join(shlex.quote(str(a)) for a in args)
    print(f"$ msgtemplate {shown}", flush=True)


def msgtemplate(*args: str, check: bool = True) -> int:
    show(list(args))
    code = subprocess.run([*MSGTEMPLATE, *args], cwd=ROOT, check=False).returncode
    if check and code != 0:
        raise SystemExit(f"demo: `msgtemplate {args[0]}` exited with {code}")
    return code


def make_keys() -> tuple[Path, Path]:
    from msgtemplate.sender.signing import generate_key_pair

    WORK.mkdir(exist_ok=True)
    private_path, public_path = WORK / "client-private.pem", WORK / "client-public.pem"
    private, public = generate_key_pair()
    private_path.write_bytes(private.to_pem())
    private_path.chmod(0o600)
    public_path.write_bytes(public.to_pem())
    print(f"client key pair: {private_path.relative_to(ROOT)}, {public_path.relative_to(ROOT)}")
    return private_path, public_path


def start_sandbox(
    public_key: Path, packs: list[Path], db: Path
) -> tuple[subprocess.Popen[str], str, Path]:
    args = [
        "sandbox",
        "--client-id",
        CLIENT_ID,
        "--public-key",
        str(public_key),
        "--port",
        "0",
        "--db",
        str(db),
        "--device-locale",
        "en-US",
        "--quiet",
    ]
    for pack in packs:
        args += ["--pack", str(pack)]
    show(args)
    # Same process group: a Ctrl+C or a CI timeout that signals the group reaches it too.
    process = subprocess.Popen([*MSGTEMPLATE, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    RUNNING.append(process)
    assert process.stdout is not None
    banner: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        banner.append(line.rstrip())
        print(f"  {line.rstrip()}")
        if line.startswith("Press Ctrl+C"):
            break
    match = re.search(r"listening on (http://\S+)", "\n".join(banner))
    key = re.search(r"platform key\s+(\S+)", "\n".join(banner))
    if not match or not key:
        raise SystemExit("demo: the sandbox did not start")
    return process, match.group(1), Path(key.group(1))


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None:
        process.stdout.close()


RUNNING: list[subprocess.Popen[str]] = []
"""Child processes to stop however the demo ends."""


SIGNALLED: list[int] = []
"""The signals received: the tour stops at the next step or command even if the
handler's SystemExit was lost."""


def _exit_on_signal(signum: int, _frame: object) -> None:
    SIGNALLED.append(signum)
    raise SystemExit(128 + signum)  # unwinds through every `finally`


def _stop_if_signalled() -> None:
    # The handler's exception has been seen lost on a loaded machine: a SIGTERM that
    # landed while a module was being compiled on import, after which the tour went on
    # to the end and exited 0.
    if SIGNALLED:
        raise SystemExit(128 + SIGNALLED[0])


def send_all(packs: list[Path], endpoint: str, private_key: Path, platform_key: Path) -> int:
    from msgtemplate.pack import load_pack

    failures = 0
    run_id = time.strftime("%Y%m%d%H%M%S")
    for pack_path in packs:
        pack = load_pack(pack_path)
        for index, code in enumerate(pack.templates):
            locale = ("zh-TW", "es-MX", "pt-BR", "ar", "en-GB")[index % 5]
            code_ = msgtemplate(
                "send",
                str(pack_path.relative_to(ROOT)),
                code,
                "--access-token",
                ACCESS_TOKEN,
                "--request-id",
                f"demo-{run_id}-{code}",
                "--locale",
                locale,
                "--use-examples",
                "--endpoint",
                endpoint,
                "--client-id",
                CLIENT_ID,
                "--private-key",
                str(private_key.relative_to(ROOT)),
                "--platform-public-key",
                str(platform_key),
                check=False,
            )
            failures += code_ != 0
    return failures


def print_inbox(endpoint: str) -> int:
    with urllib.request.urlopen(f"{endpoint}/inbox", timeout=10) as response:  # noqa: S310 - loopback
        deliveries = json.load(response)
    for item in reversed(deliveries):
        print(f"\n  [{item['language']}] {item['templateCode']}  ({item['receivedAt']})")
        if item.get("title"):
            print(f"  {item['title']}")
        print(f"  {item['body']}")
        if item.get("redirectUrl"):
            print(f"  -> {item['redirectUrl']}")
    return len(deliveries)


def main() -> int:
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)
    try:
        code = tour()
        _stop_if_signalled()
        return code
    finally:
        for process in RUNNING:
            stop(process)


def tour() -> int:
    packs = sorted(SAMPLES.glob("*.yaml"))
    step("1. A throwaway client key pair")
    private_key, public_key = make_keys()

    step("2. Lint the sample packs")
    msgtemplate("lint", "samples/")

    step("3. Preview one template in three locales")
    pack_name, code, locales = PREVIEW
    for locale in locales:
        msgtemplate("preview", f"samples/{pack_name}", code, "--locale", locale)

    step("3b. Words that agree with the number: one template, the count changes")
    pack_name, code, cases = FORMS
    for locale, counts in cases:
        for count in counts:
            msgtemplate(
                "preview",
                f"samples/{pack_name}",
                code,
                "--locale",
                locale,
                "--param",
                f"eta={count}",
            )

    step("4. Start the local sandbox of the platform")
    # A database of its own for each run: nothing left by an earlier run can interfere.
    db = WORK / f"inbox-{os.getpid()}.sqlite"
    process, endpoint, platform_key = start_sandbox(public_key, packs, db)
    step("5. Send one message per sample template")
    failures = send_all(packs, endpoint, private_key, platform_key)
    step("6. The inbox, as the phone shows it")
    count = print_inbox(endpoint)
    step("7. Stop the sandbox")
    stop(process)
    print(f"sandbox stopped (exit code {process.returncode})")
    for leftover in WORK.glob(f"{db.name}*"):
        leftover.unlink()
    print(f"\n{count} messages delivered, {failures} failed.")
    print(
        "To browse the web inbox yourself, run:\n"
        f"  .venv/bin/msgtemplate sandbox --client-id {CLIENT_ID} "
        "--public-key .demo/client-public.pem --db .demo/inbox.sqlite "
        + " ".join(f"--pack samples/{p.name}" for p in packs)
        + "\nthen open http://127.0.0.1:8977/ and send with `msgtemplate send` as above."
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
