"""A new pack to start from: one example template, commented key by key.

:func:`scaffold` writes the text ``msgtemplate init`` saves. The comments are the
declaration's own descriptions (:mod:`msgtemplate.pack.schema`), so they say what
the schema says in editors. The example sentence is translated for the common
languages; other locales get the English text under a ``TODO: translate`` comment.
The result lints clean and previews at once (the tests run both on it).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Final

from msgtemplate.api import spec
from msgtemplate.locales import maximize
from msgtemplate.pack.schema import PACK, PARAMETER, TEMPLATE, VARIANT, Field

EXAMPLE_CODE: Final = "TP_ORDER_SHIPPED"

# (title, body) of the example, by language, or by language-Script where one
# language is written in two scripts.
_TEXTS: Final[dict[str, tuple[str, str]]] = {
    "en": ("Your order is on its way", "Order ${orderId} was shipped on ${shippedOn}."),
    "zh-Hans": ("您的订单已发货", "订单 ${orderId} 已于 ${shippedOn} 发货。"),
    "zh-Hant": ("您的訂單已出貨", "訂單 ${orderId} 已於 ${shippedOn} 出貨。"),
    "es": ("Tu pedido va en camino", "Tu pedido ${orderId} se envió el ${shippedOn}."),
    "pt": ("Seu pedido está a caminho", "Seu pedido ${orderId} foi enviado em ${shippedOn}."),
    "fr": (
        "Votre commande est en route",
        "Votre commande ${orderId} a été expédiée le ${shippedOn}.",
    ),
    "de": (
        "Ihre Bestellung ist unterwegs",
        "Ihre Bestellung ${orderId} wurde am ${shippedOn} versandt.",
    ),
    "it": (
        "Il tuo ordine è in viaggio",
        "Il tuo ordine ${orderId} è stato spedito il ${shippedOn}.",
    ),
    "ja": ("ご注文の商品を発送しました", "ご注文 ${orderId} は ${shippedOn} に発送されました。"),
    "ko": (
        "주문하신 상품이 발송되었습니다",
        "주문 ${orderId}이(가) ${shippedOn}에 발송되었습니다.",
    ),
    "ar": ("طلبك في الطريق إليك", "تم شحن طلبك ${orderId} في ${shippedOn}."),
    "id": (
        "Pesanan Anda sedang dalam perjalanan",
        "Pesanan ${orderId} telah dikirim pada ${shippedOn}.",
    ),
    "vi": (
        "Đơn hàng của bạn đang được giao",
        "Đơn hàng ${orderId} đã được gửi đi vào ${shippedOn}.",
    ),
    "ru": ("Ваш заказ в пути", "Ваш заказ ${orderId} отправлен ${shippedOn}."),
}

# Phrases of the example's `items` count parameter, by language, per CLDR category
# (a category a locale lacks is dropped; one it has but this lacks reads as `other`).
_ITEMS: Final[dict[str, dict[str, str]]] = {
    "en": {"one": "# item", "other": "# items"},
    "zh-Hans": {"other": "#件商品"},
    "zh-Hant": {"other": "#件商品"},
    "es": {"one": "# artículo", "many": "# de artículos", "other": "# artículos"},
    "pt": {"one": "# item", "many": "# de itens", "other": "# itens"},
    "fr": {"one": "# article", "many": "# d’articles", "other": "# articles"},
    "de": {"one": "# Artikel", "other": "# Artikel"},
    "it": {"one": "# articolo", "many": "# di articoli", "other": "# articoli"},
    "ja": {"other": "#点"},
    "ko": {"other": "상품 #개"},
    "ar": {
        "zero": "# منتج",
        "one": "منتج واحد",
        "two": "منتجان",
        "few": "# منتجات",
        "many": "# منتجًا",
        "other": "# منتج",
    },
    "id": {"other": "# barang"},
    "vi": {"other": "# sản phẩm"},
    "ru": {"one": "# товар", "few": "# товара", "many": "# товаров", "other": "# товара"},
}
# Where `(${items})` goes: after the order number, in the script's own parentheses.
_FULL_WIDTH: Final = frozenset({"zh-Hans", "zh-Hant", "ja"})

_WIDTH: Final = 88


SCHEMA_FILE: Final = "pack.schema.json"
"""The schema file ``init`` writes beside a new pack, as ``msgtemplate schema -o`` does."""


def scaffold(locales: Sequence[str], name: str = "PACK", schema: str = "./" + SCHEMA_FILE) -> str:
    """The text of a new pack whose ``defaultLocale`` is ``locales[0]``.

    ``locales`` must be valid, canonical and distinct tags (the CLI checks them);
    ``name`` is how the header's example commands call the file; ``schema`` is the
    modeline's ``$schema`` (a path relative to the pack, or a URL).
    """
    if not locales:
        raise ValueError("a pack needs at least one locale")
    if not name.isprintable():  # a line break would end the comment it is shown in
        name = "PACK"
    template = TEMPLATE.fields
    out = [
        f"# yaml-language-server: $schema={schema}",
        "#",
        "# A msgtemplate pack: Mini Program message templates in several languages.",
        f"#   check it:    msgtemplate lint {name}",
        f"#   preview it:  msgtemplate preview {name} {EXAMPLE_CODE} --locale {locales[-1]}",
        "",
        *_comment(PACK.fields["format"], 0),
        "format: 1",
        *_comment(PACK.fields["defaultLocale"], 0),
        f"defaultLocale: {locales[0]}",
        *_comment(PACK.fields["appId"], 0, optional=True),
        "# appId: P000000000000001xxxx",
        *_comment(PACK.fields["templates"], 0),
        "templates:",
        *_comment(template["code"], 4),
        f"  - code: {EXAMPLE_CODE}",
        *_comment(template["name"], 4, optional=True),
        "    name: Order shipped",
        *_comment(template["channel"], 4),
        "    channel: INBOX",
        *_comment(template["redirectUrl"], 4),
        "    redirectUrl: /pages/orders/detail?id=${orderId}",
        *_comment(template["parameters"], 4),
        "    parameters:",
        *_comment(PARAMETER.fields["type"], 6, prefix="type: "),
        *_comment(PARAMETER.fields["example"], 6, prefix="example: "),
        "      orderId: {type: string, maxLength: 20, example: A-1029, "
        "description: the shop's order number}",
        "      shippedOn: {type: date, style: medium, example: 2026-11-28}",
        "      items: {type: count, example: 3, description: items in the parcel}",
        *_comment(template["content"], 4),
        _content_line(len(locales)),
    ]
    for index, tag in enumerate(locales):
        title, body, translated = _texts(tag)
        out.append(f"      {tag}:")
        if not translated:
            out.append("        # TODO: translate (this is the English text)")
        if index == 0:
            out.extend(_comment(VARIANT.fields["title"], 8))
        out.append(f"        title: {title}")
        if index == 0:
            out.extend(_comment(VARIANT.fields["body"], 8))
        out.append(f"        body: {body}")
        if index == 0:
            out.extend(_comment(VARIANT.fields["forms"], 8))
        out.append("        forms:")
        out.append(f"          items: {_items(tag)}")
    return "\n".join(out) + "\n"


def _items(tag: str) -> str:
    """The flow mapping of the ``items`` phrases for ``tag``'s CLDR categories."""
    import json

    from msgtemplate.formatting import plural_categories

    phrases = _ITEMS.get(_language_key(tag, _ITEMS)) or _ITEMS["en"]
    categories = plural_categories(tag)
    chosen = {c: phrases.get(c, phrases["other"]) for c in categories}
    return (
        "{"
        + ", ".join(f"{c}: {json.dumps(p, ensure_ascii=False)}" for c, p in chosen.items())
        + "}"
    )


def _language_key(tag: str, table: Mapping[str, object]) -> str:
    language, script = maximize(tag).split("-")[:2]
    key = f"{language}-{script}"
    return key if key in table else language


def _content_line(count: int) -> str:
    if count <= spec.MAX_TEMPLATES:
        return "    content:"
    return (
        f"    content:  # noqa: MT404 - a request carries the {spec.MAX_TEMPLATES} "
        "locales nearest the reader"
    )


def _texts(tag: str) -> tuple[str, str, bool]:
    key = _language_key(tag, _TEXTS)
    found = _TEXTS.get(key)
    if found is None:
        title, body = _TEXTS["en"]
        return title, _with_items(body, "en"), False
    return found[0], _with_items(found[1], key), True


def _with_items(body: str, key: str) -> str:
    if key in _FULL_WIDTH:  # full-width parentheses carry their own spacing
        return body.replace("${orderId} ", "${orderId}（${items}）", 1)
    return body.replace("${orderId}", "${orderId} (${items})", 1)


def _comment(field: Field, indent: int, *, prefix: str = "", optional: bool = False) -> list[str]:
    text = prefix + field.doc + (" Optional." if optional else "")
    lead = " " * indent + "# "
    return textwrap.wrap(text, _WIDTH, initial_indent=lead, subsequent_indent=lead)
