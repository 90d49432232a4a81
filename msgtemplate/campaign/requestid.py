"""Derived requestIds: the same campaign and recipient give the same id, run after run.

The platform delivers one message per requestId, so a resumed or repeated campaign
must send the *same* ids again. A recipient's own ``requestId`` is used as given;
otherwise it is derived::

    "mt1-" + base32(SHA-256(
        "msgtemplate-bulk/1" NUL templateCode NUL template fingerprint NUL recipient
    ))[:32], lower case

where *template fingerprint* is :attr:`~msgtemplate.campaign.journal.CampaignIdentity.template`
(the SHA-256 of the template's definition in the pack, with the pack's appId and
defaultLocale) and *recipient* is :attr:`~msgtemplate.campaign.recipients.Recipient.canonical`
(token, locales and parameters as compact JSON with sorted keys). 36 characters,
``[a-z2-7-]``: well within the API's 64.

Consequences (documented in docs/bulk.md): the line number is not part of it, so
adding recipients to a file and sending it again with a fresh journal re-sends the
same ids for the recipients already served, which the platform refuses to deliver
twice; two identical lines are the same message (the journal marks the second one
``invalid``, a duplicate); editing the template gives new ids (it is a new message).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Final

from msgtemplate.campaign.recipients import Recipient

__all__ = ["PREFIX", "derive_request_id", "request_id_for"]

PREFIX: Final = "mt1-"
_DOMAIN: Final = b"msgtemplate-bulk/1"
_DIGEST_CHARS: Final = 32


def derive_request_id(code: str, template_fingerprint: str, canonical: bytes) -> str:
    """The derived requestId (see the module's docstring for the exact recipe)."""
    digest = hashlib.sha256(
        b"\0".join((_DOMAIN, code.encode("utf-8"), template_fingerprint.encode("ascii"), canonical))
    ).digest()
    text = base64.b32encode(digest).decode("ascii").lower()
    return PREFIX + text[:_DIGEST_CHARS]


def request_id_for(recipient: Recipient, code: str, template_fingerprint: str) -> str:
    """The recipient's own requestId when it has one, else the derived one."""
    if recipient.request_id is not None:
        return recipient.request_id
    return derive_request_id(code, template_fingerprint, recipient.canonical)
