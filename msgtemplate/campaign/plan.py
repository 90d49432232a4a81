"""A campaign before it is sent: the pack's template, the recipients file, its identity.

:meth:`Plan.prepare` loads the pack, checks the recipients file's structure (the
pre-pass of :func:`~msgtemplate.campaign.recipients.scan`) and computes the
:class:`~msgtemplate.campaign.journal.CampaignIdentity`; :meth:`Plan.fill` gives a
new journal its rows; :meth:`Plan.body` builds one recipient's request body with
:func:`~msgtemplate.pack.request.build_request` (the same checks ``send`` runs), or
says why the pack refuses that recipient's data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgtemplate.campaign.journal import CampaignIdentity, Journal
from msgtemplate.campaign.recipients import (
    Recipient,
    RecipientsFormat,
    Scan,
    detect_format,
    read_recipients,
    scan,
)
from msgtemplate.campaign.requestid import request_id_for
from msgtemplate.errors import MsgTemplateError

if TYPE_CHECKING:
    from msgtemplate.pack.model import Pack

__all__ = ["Invalid", "Plan", "template_fingerprint"]


class Invalid(MsgTemplateError):
    """The pack refuses this recipient's data: recorded ``invalid``, not sent."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def template_fingerprint(pack: Pack, code: str) -> str:
    """SHA-256 of the template's definition and the pack's other settings (appId,
    defaultLocale, fallback...): everything that shapes the bodies, nothing else."""
    from msgtemplate.document.source import to_python

    template = pack.template(code)
    root = to_python(pack.document.root)
    settings = {k: v for k, v in root.items() if k != "templates"} if isinstance(root, dict) else {}
    data = {"settings": settings, "template": to_python(template.node)}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Plan:
    """One campaign: a pack's template and a recipients file, checked."""

    pack: Pack
    code: str
    recipients_path: str
    format: RecipientsFormat
    scan: Scan
    identity: CampaignIdentity

    @classmethod
    def prepare(
        cls, pack_path: str | Path, code: str, recipients_path: str | Path, fmt: str | None = None
    ) -> Plan:
        """Load and check everything; raises :class:`~msgtemplate.errors.MsgTemplateError`
        subclasses (a pack problem, an unknown code, a structural problem in the
        recipients file with its line), nothing sent."""
        from msgtemplate.pack import load_pack

        pack = load_pack(pack_path)
        template = pack.template(code)  # UnknownTemplateError names the known codes
        if pack.app_id is None:
            raise MsgTemplateError(f"{pack_path}: the pack has no appId; bulk sending needs one")
        recipients_format = detect_format(recipients_path, fmt)
        found = scan(recipients_path, recipients_format)
        identity = CampaignIdentity(
            code=template.code,
            template=template_fingerprint(pack, template.code),
            recipients=found.fingerprint,
            recipients_format=recipients_format,
            total=found.count,
        )
        return cls(pack, template.code, str(recipients_path), recipients_format, found, identity)

    def recipients(self) -> Iterator[Recipient]:
        return read_recipients(self.recipients_path, self.format)

    def request_id(self, recipient: Recipient) -> str:
        return request_id_for(recipient, self.code, self.identity.template)

    def fill(self, journal: Journal) -> None:
        """Give ``journal`` its rows (continues a load cut short; no-op once loaded)."""
        if journal.loaded:
            return
        journal.load((r.line, self.request_id(r)) for r in self.recipients())

    def body(self, recipient: Recipient, request_id: str) -> dict[str, Any]:
        """The request body, or :class:`Invalid` with the pack's reason."""
        from msgtemplate.formatting import ParameterError
        from msgtemplate.locales.errors import LocaleError
        from msgtemplate.pack.request import RequestError, build_request

        try:
            return build_request(
                self.pack,
                self.code,
                access_token=recipient.access_token,
                request_id=request_id,
                params=recipient.params,
                locales=recipient.locales,
            )
        except RequestError as exc:
            raise Invalid("INVALID_REQUEST", str(exc)) from None
        except ParameterError as exc:
            raise Invalid("INVALID_PARAMETER", str(exc)) from None
        except LocaleError as exc:
            raise Invalid("INVALID_LOCALE", str(exc)) from None
        except MsgTemplateError as exc:
            raise Invalid("INVALID_RECIPIENT", str(exc)) from None
