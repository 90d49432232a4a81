"""How an SMS carries a text: GSM-7 or UCS-2, and how many parts it takes (the
``SMS`` channel; the review gallery's budget bar).

GSM 03.38's basic alphabet costs one septet a character, its extension table two
(an escape, then the character); a text with any other character is sent as UCS-2,
which counts UTF-16 code units (an emoji outside the BMP counts two). The sizes of
one part come from :mod:`msgtemplate.api.spec`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from msgtemplate.api.spec import SMS_GSM7_PART, SMS_GSM7_SINGLE, SMS_UCS2_PART, SMS_UCS2_SINGLE

GSM7_BASIC: Final = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
"""The GSM 03.38 default alphabet (one septet each)."""
GSM7_EXTENSION: Final = frozenset("^{}\\[~]|€\f")
"""The extension table: an escape septet, then the character (two septets each)."""

Encoding = Literal["GSM-7", "UCS-2"]


@dataclass(frozen=True, slots=True)
class SmsSize:
    """``units`` in the text's ``encoding`` (septets or UTF-16 code units), the parts
    it is sent in, and the units of one single-part message."""

    encoding: Encoding
    units: int
    parts: int
    single: int


def sms_size(text: str) -> SmsSize:
    """The encoding, length and part count of ``text`` sent as an SMS."""
    septets = 0
    for char in text:
        if char in GSM7_BASIC:
            septets += 1
        elif char in GSM7_EXTENSION:
            septets += 2
        else:
            units = len(text.encode("utf-16-le")) // 2
            return SmsSize(
                "UCS-2", units, _parts(units, SMS_UCS2_SINGLE, SMS_UCS2_PART), SMS_UCS2_SINGLE
            )
    return SmsSize(
        "GSM-7", septets, _parts(septets, SMS_GSM7_SINGLE, SMS_GSM7_PART), SMS_GSM7_SINGLE
    )


def _parts(units: int, single: int, part: int) -> int:
    if units <= single:
        return 1
    return -(-units // part)
