"""The send options are defined once: ``send``, ``bulk`` and the library agree.

``msgtemplate.cli._send_options`` adds them to any subparser; a command built with it
must end up with exactly the settings the library's ``client_from_env`` makes from
the same environment, and with every flag ``send`` takes.
"""

from __future__ import annotations

import argparse

import pytest

from msgtemplate.cli import build_parser
from msgtemplate.cli._send_options import add_send_options, check_send_options, sender_config
from msgtemplate.errors import MsgTemplateError
from msgtemplate.sender import config as options
from msgtemplate.sender.client import client_from_env
from msgtemplate.sender.keys import generate_key_pair

KEY, _ = generate_key_pair()
PASSWORD = "pass phrase"
ENDPOINT = "https://open.example.test"

SEND_FLAGS = {
    "--endpoint",
    "--client-id",
    "--private-key",
    "--key-version",
    "--path-prefix",
    "--platform-public-key",
    "--max-attempts",
    "--retry-backoff",
    "--timeout",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bulk-like")
    add_send_options(parser)
    return parser


def _flags(parser: argparse.ArgumentParser) -> set[str]:
    return {flag for action in parser._actions for flag in action.option_strings}


def _send_parser() -> argparse.ArgumentParser:
    sub = next(
        action
        for action in build_parser()._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    parser: argparse.ArgumentParser = sub.choices["send"]
    return parser


def test_send_takes_the_shared_options() -> None:
    assert _flags(_parser()) == SEND_FLAGS | {"-h", "--help"}
    assert _flags(_send_parser()) >= SEND_FLAGS


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(options.ENV_ENDPOINT, ENDPOINT)
    monkeypatch.setenv(options.ENV_CLIENT_ID, "ENV_CLIENT")
    monkeypatch.setenv(options.ENV_PRIVATE_KEY, KEY.to_pem(PASSWORD).decode())
    monkeypatch.setenv(options.ENV_PRIVATE_KEY_PASSWORD, PASSWORD)


@pytest.mark.usefixtures("environment")
def test_a_command_and_the_library_make_the_same_settings_from_the_environment() -> None:
    args = _parser().parse_args([])
    assert check_send_options(args) is None
    from_cli = sender_config(args)
    with client_from_env() as client:
        from_library = client.config
    for name in ("endpoint", "client_id", "key_version", "signed_uri", "url", "timeout"):
        assert getattr(from_cli, name) == getattr(from_library, name), name
    assert from_cli.policy == from_library.policy
    assert from_cli.key.fingerprint == from_library.key.fingerprint == KEY.fingerprint


@pytest.mark.usefixtures("environment")
def test_flags_win_and_land_in_the_settings() -> None:
    args = _parser().parse_args(
        [
            "--endpoint=http://127.0.0.1:8977",
            "--client-id=FLAG",
            "--key-version=3",
            "--path-prefix=/gw",
            "--max-attempts=2",
            "--retry-backoff=0",
            "--timeout=1.5",
        ]
    )
    config = sender_config(args)
    assert (config.endpoint, config.client_id, config.key_version) == (
        "http://127.0.0.1:8977",
        "FLAG",
        3,
    )
    assert config.url == "http://127.0.0.1:8977/gw/v2/miniprogram/message/send"
    assert (config.policy.max_attempts, config.policy.backoff, config.timeout) == (2, 0, 1.5)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--timeout=nan"], "--timeout must be a number of seconds > 0, got nan"),
        (["--timeout=0"], "--timeout must be a number of seconds > 0, got 0.0"),
        (["--retry-backoff=-1"], "--retry-backoff must be a number of seconds >= 0, got -1.0"),
        (["--max-attempts=0"], "--max-attempts must be at least 1, got 0"),
        (["--key-version=-1"], "--key-version must not be negative, got -1"),
    ],
)
def test_numbers_argparse_lets_through_are_refused(argv: list[str], message: str) -> None:
    assert check_send_options(_parser().parse_args(argv)) == message


def test_a_wrong_password_names_the_variable_not_the_key(
    environment: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(options.ENV_PRIVATE_KEY_PASSWORD, "hunter2-not-it")
    with pytest.raises(MsgTemplateError) as refused:
        sender_config(_parser().parse_args([]))
    text = str(refused.value)
    assert text.startswith("$MSGTEMPLATE_PRIVATE_KEY: ")
    assert "hunter2" not in text
    assert "PRIVATE KEY-----" not in text
