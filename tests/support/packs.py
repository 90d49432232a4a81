"""The order pack most pack, payload and send tests share, and the token they send."""

from __future__ import annotations

# Six locales, so the five-language cut is visible; the content order is the "pack order".
ORDER_PACK_YAML = """\
format: 1
defaultLocale: en-US
appId: P000000000000001xxxx
templates:
  - code: TP_PAID
    channel: INBOX
    redirectUrl: /pages/orders/detail?id=${orderId}&on=${paidOn}
    parameters:
      orderId: {type: string, maxLength: 20, example: A-1029}
      amount: {type: currency, currency: USD, example: 1234.5}
      paidOn: {type: date, style: medium, example: 2026-11-28}
    content:
      de-DE:
        body: Wir haben ${amount} für Bestellung ${orderId} am ${paidOn} erhalten.
      en-US:
        title: Payment received
        body: We received ${amount} for order ${orderId} on ${paidOn}.
      fr:
        body: Nous avons reçu ${amount} pour la commande ${orderId} le ${paidOn}.
      zh-Hant:
        body: 我們已於 ${paidOn} 收到訂單 ${orderId} 的 ${amount}。
      es-419:
        body: Recibimos ${amount} por el pedido ${orderId} el ${paidOn}.
      ja:
        body: ${paidOn}に注文${orderId}の${amount}を受け取りました。
  - code: TP_SMS
    channel: SMS
    parameters:
      who: {type: string}
    content:
      en-US:
        body: Hello, ${who}
"""

ORDER_PARAMS = {"orderId": "A-1029", "amount": "1234.5", "paidOn": "2026-11-28"}
"""Values for every parameter of TP_PAID, as a caller passes them."""

TOKEN = "tok-SECRET-0123456789abcdefghijklmnop"
"""An access token; tests check that it never shows in output."""
