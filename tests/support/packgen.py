"""A deterministic generated pack, for golden outputs and the speed benches.

``generated_pack(n)`` writes ``n`` templates as YAML text by hand (not through a YAML
dumper, whose output may change between PyYAML releases), cycling through what real
packs hold: every scalar style (plain, single and double quotes, literal and folded
blocks), every parameter type, flow and block mappings, comments, CJK and RTL text,
extra locales, sourceHash records, and ``# noqa`` comments. With ``flawed=True``
some templates also carry mistakes, so that most lint rule families report
findings: undeclared and unused placeholders, template syntax errors, a duplicate
code, hidden characters, locale problems, stale translations, over-long titles and
bad examples. The same ``n`` and ``flawed`` always give the same text.
"""

from __future__ import annotations

import hashlib

BASE_LOCALES = ("en-US", "zh-Hans", "zh-Hant", "es-419", "pt-BR")

_TITLES = {
    "en-US": "Payment {i} received",
    "zh-Hans": "已收到付款 {i}",
    "zh-Hant": "已收到付款 {i}",
    "es-419": "Recibimos el pago {i}",
    "pt-BR": "Pagamento {i} recebido",
    "fr": "Paiement {i} reçu",
    "ar": "تم استلام الدفعة {i}",
    "ja": "お支払い {i} を受け付けました",
}
_BODIES = {
    "en-US": "We received ${amount} for order ${orderId} on ${paidOn}. Ref {i}.",
    "zh-Hans": "我们已于 ${paidOn} 收到订单 ${orderId} 的 ${amount}。编号 {i}。",
    "zh-Hant": "我們已於 ${paidOn} 收到訂單 ${orderId} 的 ${amount}。編號 {i}。",
    "es-419": "Recibimos ${amount} por el pedido ${orderId} el ${paidOn}. Ref. {i}.",
    "pt-BR": "Recebemos ${amount} pelo pedido ${orderId} em ${paidOn}. Ref. {i}.",
    "fr": "Nous avons reçu ${amount} pour la commande ${orderId} le ${paidOn}. Réf. {i}.",
    "ar": "استلمنا ${amount} للطلب ${orderId} بتاريخ ${paidOn}. المرجع {i}.",
    "ja": "${paidOn} に注文 ${orderId} の ${amount} を受け付けました。番号 {i}。",
}
_CHANNELS = ("INBOX", "PUSH", "SMS", "INBOX", "PUSH")
_EXTRA_TYPES = (
    "{type: integer, example: 3}",
    "{type: number, example: 2.5}",
    "{type: percent, example: 0.25}",
    "{type: datetime, style: medium, timezone: Asia/Singapore, example: '2026-11-28T02:30:00Z'}",
    "{type: time, style: short, example: '14:30'}",
    "{type: string, maxLength: 8, example: ABC}",
)


def _quote(text: str, style: int) -> str:
    """``text`` as a YAML scalar on one line, in one of five styles."""
    if style == 0 and not text.startswith(("#", "'", '"')) and ": " not in text and "#" not in text:
        return text
    if style in (0, 1):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == 2:
        return "'" + text.replace("'", "''") + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _body_lines(text: str, style: int, indent: str) -> list[str]:
    """A body in literal (``|``), folded (``>``) or one-line style."""
    if style == 3:
        return [f"{indent}body: |-", f"{indent}  {text}"]
    if style == 4:
        words = text.split(" ")
        half = max(1, len(words) // 2)
        return [
            f"{indent}body: >-",
            f"{indent}  {' '.join(words[:half])}",
            f"{indent}  {' '.join(words[half:])}",
        ]
    return [f"{indent}body: {_quote(text, style)}"]


def generated_pack(templates: int, *, flawed: bool = False) -> str:
    """YAML text of a pack with ``templates`` templates (see the module docstring)."""
    out = [
        "# A generated pack (tests/support/packgen.py).",
        "format: 1",
        "defaultLocale: en-US",
        "appId: '2188000000000001'",
        "templates:",
    ]
    for i in range(templates):
        out.extend(_template(i, flawed))
    return "\n".join(out) + "\n"


def _template(i: int, flawed: bool) -> list[str]:
    code = f"TP_GEN_{i:05d}"
    if flawed and i % 17 == 9:
        code = f"TP_GEN_{i - 1:05d}"  # a duplicate code (MT2xx)
    channel = _CHANNELS[i % len(_CHANNELS)]
    lines = [f"  - code: {code}", f"    name: Generated {i}", f"    channel: {channel}"]
    if flawed and i % 41 == 18:
        lines.append("    redirectUrl: /p?ref=${orderId}&note=${note}")  # MT504
    elif (channel != "SMS" or i % 2) and not (flawed and i % 37 == 25):  # MT505
        lines.append(f"    redirectUrl: /pages/orders/detail?id=${{orderId}}&t={i}")
    lines.append("    parameters:")
    lines.append(f"      orderId: {{type: string, maxLength: 20, example: A-{i}}}")
    if i % 3 == 0:
        lines += [
            "      amount:",
            "        type: currency",
            "        currency: USD",
            f"        example: {1000 + i}.5",
        ]
    else:
        lines.append("      amount: {type: currency, currency: EUR, example: 12.5}")
    paid = "{type: date, style: medium, example: 2026-11-28}"
    if flawed and i % 23 == 11:
        paid = "{type: date, style: medium, example: soon}"  # a bad example
    lines.append(f"      paidOn: {paid}")
    if flawed and i % 41 == 18:
        lines.append("      note: {type: string, example: n}")
    if flawed and i % 37 == 18:
        lines.append("      spare: {type: string, example: x}")  # unused
    if flawed and i % 53 == 26:
        lines.append("      typo: {type: string, exmaple: x}")  # an unknown option
    extra = i % (len(_EXTRA_TYPES) + 1)
    if extra < len(_EXTRA_TYPES):
        lines.append(f"      extra{extra}: {_EXTRA_TYPES[extra]}")
    locales = list(BASE_LOCALES)
    if i % 4 == 1:
        locales.append(("fr", "ar", "ja")[i % 3])
    if flawed and i % 6 == 2:
        locales.remove("pt-BR")  # a locale missing from one template
    if flawed and i % 29 == 14:
        locales.append("zh-CN")  # the same locale as zh-Hans once maximised
    if flawed and i % 31 == 20:
        locales.append("xx-NOT-A-TAG")
    noqa = "  # noqa: MT404" if len(locales) > 5 and i % 8 == 1 else ""
    lines.append(f"    content:{noqa}")
    variants = [_texts(i, n, tag, flawed, extra) for n, tag in enumerate(locales)]
    source = hashlib.sha256(variants[0][1].encode("utf-8")).hexdigest()[:8]
    for n, tag in enumerate(locales):
        if flawed and i % 43 == 21 and tag == "es-419":
            tag = "es_419"  # not canonical
        lines.extend(_variant(i, n, tag, *variants[n], source))
    return lines


def _texts(i: int, n: int, tag: str, flawed: bool, extra: int) -> tuple[str, str]:
    """The title and body of locale number ``n`` of template ``i``."""
    base = "zh-Hans" if tag == "zh-CN" else "en-US" if tag not in _TITLES else tag
    title = _TITLES[base].replace("{i}", str(i))
    body = _BODIES[base].replace("{i}", str(i))
    if extra < len(_EXTRA_TYPES):
        body += f" (${{extra{extra}}})"
    if flawed:
        if i % 7 == 3 and n == 1:
            body = body.replace("${orderId}", "${orderID}")  # undeclared, did-you-mean
        if i % 11 == 5 and n == 2:
            body = body.replace("${amount}", "${amount")  # a syntax error
        if i % 13 == 4 and n == 0:
            title = title.replace(" ", "\u200b ", 1)  # a hidden character
        if i % 19 == 7 and n == 3:
            title = title + " " + "x" * 120  # too long for a title
        if i % 9 == 6 and n == 4:
            body = body.replace("${paidOn}", "")  # a placeholder this locale drops
        if i % 47 == 30 and n == 3:
            body = " "  # an empty body
        if i % 10 == 7 and n == 2:
            body = body.replace("${orderId}", "{orderId}")  # another syntax
        if i % 59 == 33 and n == 0:
            title = "\u202e" + title  # a bidi control
    return title, body


def _variant(i: int, n: int, tag: str, title: str, body: str, source: str) -> list[str]:
    style = (i + n) % 5
    lines = [f"      {tag}:"]
    if i % 10 == 0 and n == 0:
        lines = [f"      {tag}: {{title: {_quote(title, 1)}, body: {_quote(body, 2)}}}"]
        return lines
    lines.append(f"        title: {_quote(title, style % 3)}")
    lines.extend(_body_lines(body, style, "        "))
    if n > 0 and i % 5 == 1:
        # A sourceHash record: right for even templates, stale for odd ones (MT406).
        digest = "0badf00d" if i % 2 else source
        lines += ["        sourceHash:", f"          body: {digest}"]
    return lines
