"""Packs and a git repository for the review gallery's tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# One template per channel; ar for right to left, ja for CJK. The ar body of TP_ALERT
# uses a placeholder nobody declared (MT303), a finding of that card only.
CHANNELS_PACK = """\
format: 1
defaultLocale: en-US
templates:
  - code: TP_PUSH
    name: Order shipped
    channel: PUSH
    redirectUrl: /pages/orders/detail?id=${orderId}
    parameters:
      orderId: {type: string, maxLength: 20, example: A-1029}
      carrier: {type: string, maxLength: 40, example: DHL Express}
    content:
      en-US:
        title: Your order is on its way
        body: Order ${orderId} was shipped with ${carrier}. Track it in the app.
      ar:
        title: طلبك في الطريق إليك
        body: تم شحن طلبك ${orderId} عبر ${carrier}. تتبعه في التطبيق.
      ja:
        title: ご注文の商品を発送しました
        body: ご注文 ${orderId} は ${carrier} で発送されました。アプリで追跡できます。
  - code: TP_INBOX
    name: Payment received
    channel: INBOX
    redirectUrl: /pages/orders/detail?id=${orderId}
    parameters:
      orderId: {type: string, maxLength: 20, example: A-1029}
      amount: {type: currency, currency: USD, example: 1234.5}
    content:
      en-US:
        title: Payment received
        body: We received your payment of ${amount} for order ${orderId}. Thank you!
      ar:
        title: تم استلام الدفعة
        body: استلمنا دفعتك البالغة ${amount} للطلب ${orderId}. شكرًا لك!
  - code: TP_SMS
    name: Sign-in code
    channel: SMS
    parameters:
      code: {type: string, maxLength: 8, example: "424242"}
    content:
      en-US:
        body: Your sign-in code is ${code}. It expires in 10 minutes.
      ar:
        body: رمز الدخول الخاص بك هو ${code}. تنتهي صلاحيته خلال 10 دقائق.
"""

SEEDED = """\
  - code: TP_ALERT
    channel: INBOX
    redirectUrl: /pages/alerts
    parameters:
      what: {type: string, maxLength: 30, example: a login}
    content:
      en-US:
        title: Security alert
        body: We noticed ${what} on your account.
      ar:
        title: تنبيه أمني
        body: لاحظنا ${wat} على حسابك.
"""
"""A template whose ar variant has a finding (MT303, undeclared placeholder)."""


def git(folder: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Tester",
        "GIT_AUTHOR_EMAIL": "tester@example.invalid",
        "GIT_COMMITTER_NAME": "Tester",
        "GIT_COMMITTER_EMAIL": "tester@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return done.stdout


def repo_with_pack(folder: Path, text: str, name: str = "pack.yaml") -> Path:
    """A new git repository in ``folder`` whose first commit holds ``text`` as ``name``."""
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q", "-b", "main")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    git(folder, "add", name)
    git(folder, "commit", "-q", "-m", "packs")
    return path
