"""Facts of ``POST /v2/miniprogram/message/send``: the ONE place they live.

Field names, types, length limits, result statuses, error codes and header names come
from ``shared/spec/message-send-api.txt`` and ``openapi-conventions.md``. The linter,
the payload builder, the client and the sandbox all read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

API_PATH: Final = "/v2/miniprogram/message/send"
"""The fixed restful path of the send API."""

DEFAULT_PATH_PREFIX: Final = "/api/open"
"""Prefix in front of :data:`API_PATH`; some wallets deploy elsewhere, so it is configurable."""

HTTP_METHOD: Final = "POST"
CONTENT_TYPE: Final = "application/json; charset=UTF-8"

HEADER_CLIENT_ID: Final = "Client-Id"
HEADER_REQUEST_TIME: Final = "Request-Time"
HEADER_RESPONSE_TIME: Final = "Response-Time"
HEADER_SIGNATURE: Final = "Signature"

SIGNATURE_ALGORITHM: Final = "RSA256"
REQUEST_TIME_TOLERANCE_SECONDS: Final = 300
"""How far ``Request-Time`` may be from the server's clock (the sandbox enforces it)."""

JsonType = Literal["string", "array", "object"]


@dataclass(frozen=True, slots=True)
class ApiField:
    """One property of a JSON object the API defines (not to be confused with
    :class:`msgtemplate.pack.schema.Field`, one key of the pack format)."""

    name: str
    type: JsonType
    required: bool
    max_length: int | None = None
    """Max characters for strings, max items for arrays."""
    description: str = ""


def _fields(*fields: ApiField) -> dict[str, ApiField]:
    return {f.name: f for f in fields}


MAX_TEMPLATES: Final = 5
"""At most this many ContentTemplates travel in one request."""

REQUEST_FIELDS: Final = _fields(
    ApiField("appId", "string", True, 32, "the Mini Program's app ID"),
    ApiField("accessToken", "string", True, 128, "the user's access token"),
    ApiField("requestId", "string", True, 64, "unique per message; the idempotency key"),
    ApiField("templateCode", "string", True, 64, "the template selected on the portal"),
    ApiField("redirectUrl", "string", False, 2048, "page opened from a PUSH/INBOX message"),
    ApiField("templates", "array", True, MAX_TEMPLATES, "ContentTemplates, one per language"),
    ApiField("extendInfo", "string", False, 4096, "extension information"),
)

CONTENT_TEMPLATE_FIELDS: Final = _fields(
    ApiField("language", "string", True, None, "BCP 47 tag of this variant"),
    ApiField("templateParameters", "object", True, None, "placeholder name -> string value"),
)

RESULT_FIELDS: Final = _fields(
    ApiField("resultStatus", "string", True, 1),
    ApiField("resultCode", "string", True, 64),
    ApiField("resultMessage", "string", False, 256),
)

ResultStatus = Literal["S", "F", "U"]
RESULT_STATUSES: Final[frozenset[str]] = frozenset({"S", "F", "U"})

# Common error codes of every Mini Program OpenAPI, with the status they come with.
SUCCESS: Final = "SUCCESS"
PROCESS_FAIL: Final = "PROCESS_FAIL"
PARAM_ILLEGAL: Final = "PARAM_ILLEGAL"
INVALID_API: Final = "INVALID_API"
ACCESS_DENIED: Final = "ACCESS_DENIED"
REQUEST_TRAFFIC_EXCEED_LIMIT: Final = "REQUEST_TRAFFIC_EXCEED_LIMIT"
EXPIRED_ACCESS_TOKEN: Final = "EXPIRED_ACCESS_TOKEN"  # noqa: S105 - an error code, not a secret
UNKNOWN_EXCEPTION: Final = "UNKNOWN_EXCEPTION"

RESULT_CODES: Final[dict[str, ResultStatus]] = {
    SUCCESS: "S",
    PROCESS_FAIL: "F",
    PARAM_ILLEGAL: "F",
    INVALID_API: "F",
    ACCESS_DENIED: "F",
    REQUEST_TRAFFIC_EXCEED_LIMIT: "F",
    EXPIRED_ACCESS_TOKEN: "F",
    UNKNOWN_EXCEPTION: "U",
}

RETRYABLE_FAILURES: Final[frozenset[str]] = frozenset({REQUEST_TRAFFIC_EXCEED_LIMIT})
"""``F`` codes that are safe to send again (same requestId) after a longer pause."""

# Template channels (pack format): PUSH and INBOX messages open a page when tapped.
CHANNELS: Final[tuple[str, ...]] = ("PUSH", "INBOX", "SMS")
REDIRECT_REQUIRED_CHANNELS: Final[frozenset[str]] = frozenset({"PUSH", "INBOX"})

RSA_KEY_BITS: Final = 2048
"""Size of the RSA key pairs the platform issues (SHA256withRSA signatures); smaller
keys are refused wherever one is loaded (client, platform and sandbox keys)."""

MAX_RESPONSE_BYTES: Final = 1 << 20
"""The most of an answer a sender reads (1 MiB): the API's answers are a few hundred
bytes, so a longer one is cut off and its outcome is unknown (``U``)."""


@dataclass(frozen=True, slots=True)
class ChannelDisplay:
    """How much of a message a channel shows: budgets of the reader's screen, not API
    limits (the platform accepts longer texts; the reader just does not see them).

    ``title``/``body`` are the characters shown before the device cuts the text (None:
    nothing is cut); ``body_lines`` is how many lines a collapsed notification shows.
    """

    title: int | None
    body: int | None
    body_lines: int | None = None


CHANNEL_DISPLAY: Final[dict[str, ChannelDisplay]] = {
    # A lock-screen banner: one title line, about four body lines (~178 characters
    # on a phone held upright) before the "..." that needs a long press to expand.
    "PUSH": ChannelDisplay(title=50, body=178, body_lines=4),
    # An inbox card: the title on one line in the list; the body opens in full.
    "INBOX": ChannelDisplay(title=80, body=None),
    # One SMS (GSM-7); SMS has no title. See SMS_* for longer and non-GSM texts.
    "SMS": ChannelDisplay(title=None, body=160),
}
"""What each of :data:`CHANNELS` shows of a message (the review gallery's budget bars)."""

SMS_GSM7_SINGLE: Final = 160
"""Characters of a one-part SMS in the GSM-7 alphabet (an escaped character counts 2)."""
SMS_GSM7_PART: Final = 153
"""Characters per part of a longer GSM-7 SMS (each part carries a 7-character header)."""
SMS_UCS2_SINGLE: Final = 70
"""UTF-16 code units of a one-part SMS with any character outside GSM-7."""
SMS_UCS2_PART: Final = 67
"""UTF-16 code units per part of a longer UCS-2 SMS."""
