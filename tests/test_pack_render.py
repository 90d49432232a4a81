"""Rendering a pack: variant choice (CLDR fallback), formatting, redirect encoding, languages."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from msgtemplate.api import spec
from msgtemplate.formatting import ParameterError
from msgtemplate.locales import LocaleError
from msgtemplate.pack import Pack, PackError, load_pack

LOCALES = ["en-US", "es-419", "zh-Hans", "zh-Hant", "pt-BR", "ar", "fr", "de"]
BODIES = {
    "en-US": "Order ${orderId}: ${amount}, ${count} items, on ${day}",
    "es-419": "Pedido ${orderId}: ${amount}, ${count} artículos, el ${day}",
    "zh-Hans": "订单 ${orderId}：${amount}，${count} 件，${day}",
    "zh-Hant": "訂單 ${orderId}：${amount}，${count} 件，${day}",
    "pt-BR": "Pedido ${orderId}: ${amount}, ${count} itens, em ${day}",
    "ar": "الطلب ${orderId}: ${amount}، ${count} منتجات، ${day}",
    "fr": "Commande ${orderId} : ${amount}, ${count} articles, le ${day}",
    "de": "Bestellung ${orderId}: ${amount}, ${count} Artikel, am ${day}",
}


def pack_text(default: str = "en-US") -> str:
    lines = [
        "format: 1",
        f"defaultLocale: {default}",
        "templates:",
        "  - code: TP_ORDER",
        "    channel: PUSH",
        "    redirectUrl: /pages/order?id=${orderId}&at=${day}",
        "    parameters:",
        "      orderId: {type: string, maxLength: 20, example: A-1}",
        "      amount: {type: currency, currency: EUR, example: 10}",
        "      count: {type: integer, example: 3}",
        "      day: {type: date, example: 2026-11-28}",
        "      sentAt: {type: datetime, timezone: Asia/Tokyo, example: '2026-11-28T23:30:00Z'}",
        "    content:",
    ]
    for locale in LOCALES:
        lines.append(f"      {locale}:")
        lines.append(f"        title: 'T ${{orderId}} {locale} ${{sentAt}}'")
        lines.append(f'        body: "{BODIES[locale]}"')
    return "\n".join(lines) + "\n"


PARAMS = {
    "orderId": "A 1/2&x=é",
    "amount": "1234.5",
    "count": 1234,
    "day": "2026-11-28",
    "sentAt": "2026-11-28T23:30:00+00:00",
}


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    path: Path = tmp_path_factory.mktemp("render") / "pack.yaml"
    path.write_text(pack_text(), encoding="utf-8")
    return load_pack(path)


def expected_body(locale: str, babel_id: str) -> str:
    """The body as Babel's public functions write it (an independent peer)."""
    return (
        BODIES[locale]
        .replace("${orderId}", str(PARAMS["orderId"]))
        .replace("${amount}", format_currency(Decimal("1234.5"), "EUR", locale=babel_id))
        .replace("${count}", format_decimal(1234, locale=babel_id))
        .replace("${day}", format_date(dt.date(2026, 11, 28), "medium", locale=babel_id))
    )


@pytest.mark.parametrize(
    ("requested", "variant", "babel_id"),
    [
        ("en-US", "en-US", "en_US"),
        ("es-MX", "es-419", "es_419"),  # parent chain es-MX -> es-419
        ("es-AR", "es-419", "es_419"),
        ("zh-TW", "zh-Hant", "zh_Hant"),  # likely subtags: zh-TW = zh-Hant-TW
        ("zh-HK", "zh-Hant", "zh_Hant"),
        ("zh-CN", "zh-Hans", "zh_Hans"),
        ("zh", "zh-Hans", "zh_Hans"),
        ("pt-PT", "pt-BR", "pt_BR"),  # same language and script: sibling
        ("pt", "pt-BR", "pt_BR"),
        ("ar-EG", "ar", "ar"),
        ("fr-CA", "fr", "fr"),
        ("de-AT", "de", "de"),
        ("en-GB", "en-US", "en_US"),
        ("ko", "en-US", "en_US"),  # no Korean: the pack's defaultLocale
        ("sr-Latn", "en-US", "en_US"),
    ],
)
def test_render_with_fallback(pack: Pack, requested: str, variant: str, babel_id: str) -> None:
    message = pack.render("TP_ORDER", locale=requested, params=PARAMS)
    assert message.code == "TP_ORDER"
    assert message.locale == variant
    assert message.body == expected_body(variant, babel_id)
    sent = format_datetime(
        dt.datetime(2026, 11, 28, 23, 30, tzinfo=dt.timezone.utc),
        "medium",
        tzinfo=dt.timezone(dt.timedelta(hours=9)),
        locale=babel_id,
    )
    assert message.title == f"T {PARAMS['orderId']} {variant} {sent}"


def test_chain_is_the_cldr_chain_then_default(pack: Pack) -> None:
    assert pack.render("TP_ORDER", "es-MX", PARAMS).chain == ("es-MX", "es-419", "es")
    assert pack.render("TP_ORDER", "zh-TW", PARAMS).chain == ("zh-Hant-TW", "zh-Hant")
    assert pack.render("TP_ORDER", "ko", PARAMS).chain == ("ko", "en-US")
    assert pack.render("TP_ORDER", (), PARAMS).chain == ("en-US",)


def test_variant_for(pack: Pack) -> None:
    template = pack.template("TP_ORDER")
    assert template.variant_for("zh-HK") is template.content["zh-Hant"]
    assert template.variant_for(["ko", "pt-AO"]) is template.content["pt-BR"]
    assert template.variant_for("ko") is template.content["en-US"]
    assert template.variant_for() is template.content["en-US"]


def test_locale_lists_in_preference_order(pack: Pack) -> None:
    assert pack.render("TP_ORDER", ["ko", "ja", "pt-PT"], PARAMS).locale == "pt-BR"
    assert pack.render("TP_ORDER", ["zh-TW", "fr"], PARAMS).locale == "zh-Hant"
    assert pack.render("TP_ORDER", [], PARAMS).locale == "en-US"
    assert pack.render("TP_ORDER", params=PARAMS).locale == "en-US"


def test_traditional_reader_never_gets_simplified(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(pack_text().replace("      zh-Hant:\n", "      ja:\n"), encoding="utf-8")
    pack = load_pack(path)
    assert "zh-Hant" not in pack.template("TP_ORDER").content
    assert "zh-Hans" in pack.template("TP_ORDER").content
    assert pack.render("TP_ORDER", "zh-TW", PARAMS).locale == "en-US"
    assert pack.render("TP_ORDER", ["zh-HK", "zh-CN"], PARAMS).locale == "zh-Hans"


def test_redirect_values_are_percent_encoded(pack: Pack) -> None:
    message = pack.render("TP_ORDER", "en-US", PARAMS)
    day = format_date(dt.date(2026, 11, 28), "medium", locale="en_US")  # "Nov 28, 2026"
    assert message.redirect_url == (
        "/pages/order?id=A%201%2F2%26x%3D%C3%A9&at=" + day.replace(" ", "%20").replace(",", "%2C")
    )


def test_values_are_data_not_templates(pack: Pack) -> None:
    params = {**PARAMS, "orderId": "${amount}$$"}
    message = pack.render("TP_ORDER", "en-US", params)
    assert message.body.startswith("Order ${amount}$$: ")


def test_extra_parameters_are_ignored(pack: Pack) -> None:
    message = pack.render("TP_ORDER", "en-US", {**PARAMS, "unused": object()})
    assert message.body == expected_body("en-US", "en_US")


def test_missing_parameter_names_it_and_the_template(pack: Pack) -> None:
    params = {k: v for k, v in PARAMS.items() if k not in ("amount", "day")}
    with pytest.raises(ParameterError) as info:
        pack.render("TP_ORDER", "fr", params)
    assert info.value.parameter == "amount"
    assert info.value.template == "TP_ORDER"
    assert str(info.value) == (
        "parameter 'amount' of template TP_ORDER: no value given (also missing: day)"
    )


def test_invalid_values_name_parameter_template_and_reason(pack: Pack) -> None:
    with pytest.raises(ParameterError) as info:
        pack.render("TP_ORDER", "en-US", {**PARAMS, "amount": "lots"})
    assert (info.value.parameter, info.value.template) == ("amount", "TP_ORDER")
    assert "lots" in info.value.reason
    with pytest.raises(ParameterError) as info:
        pack.render("TP_ORDER", "en-US", {**PARAMS, "orderId": "x" * 21})
    assert info.value.parameter == "orderId"
    assert "maxLength 20" in str(info.value)
    with pytest.raises(ParameterError):
        pack.render("TP_ORDER", "en-US", {**PARAMS, "day": "2026-02-30"})


def test_invalid_requested_locale(pack: Pack) -> None:
    with pytest.raises(LocaleError):
        pack.render("TP_ORDER", "not a tag", PARAMS)


def test_unknown_code(pack: Pack) -> None:
    with pytest.raises(PackError, match="did you mean 'TP_ORDER'"):
        pack.render("TP_ORDR", "en-US", PARAMS)


def test_undeclared_placeholders_are_refused_not_rendered_untyped(tmp_path: Path) -> None:
    # The format says every placeholder is declared with a type: a pack that uses an
    # undeclared one does not load (the linter reports it as MT303).
    path = tmp_path / "p.yaml"
    path.write_text(
        "format: 1\ndefaultLocale: en\ntemplates:\n"
        "  - {code: T, channel: SMS, content: {en: {body: 'Hi ${who} ${n}'}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert [p.kind for p in info.value.problems] == ["undeclared-placeholder"] * 2
    assert "(and 1 more problem)" in str(info.value)


def test_template_parameters_formats_every_declared_parameter(pack: Pack) -> None:
    values = pack.template_parameters("TP_ORDER", "zh-Hant", PARAMS)
    assert list(values) == ["orderId", "amount", "count", "day", "sentAt"]
    assert all(isinstance(v, str) for v in values.values())
    assert values["amount"] == format_currency(Decimal("1234.5"), "EUR", locale="zh_Hant")
    assert values["count"] == format_decimal(1234, locale="zh_Hant")
    # a tag that is not a content key is matched to one
    assert pack.template_parameters("TP_ORDER", "zh-TW", PARAMS) == values
    with pytest.raises(ParameterError):
        pack.template_parameters("TP_ORDER", "zh-Hant", {"orderId": "x"})
    with pytest.raises(PackError, match="no content for 'ko'"):
        pack.template_parameters("TP_ORDER", "ko", PARAMS)


# --- the languages a request carries --------------------------------------------------------


def test_languages_for_follows_the_rule(pack: Pack) -> None:
    template = pack.template("TP_ORDER")
    assert spec.MAX_TEMPLATES == 5
    # the reader's variant, best matches in request order, then defaultLocale, then
    # the rest nearest to the reader first (zh-Hans is nearer to zh-TW than es-419 is
    # to anyone), cut at 5
    assert template.languages_for(["fr-CA", "zh-TW"]) == [
        "fr",
        "zh-Hant",
        "en-US",
        "zh-Hans",
        "es-419",
    ]
    assert template.languages_for([]) == ["en-US", "es-419", "zh-Hans", "zh-Hant", "pt-BR"]
    assert template.languages_for(["ko"]) == ["en-US", "es-419", "zh-Hans", "zh-Hant", "pt-BR"]
    # no repeats: es-MX and es-AR both resolve to es-419
    # then pt-BR, the nearest of the rest to a Spanish reader
    assert template.languages_for(["es-MX", "es-AR", "en-GB"])[:3] == ["es-419", "en-US", "pt-BR"]
    # five distinct matches push the default out
    wanted = ["ar", "de", "fr", "pt-BR", "zh-Hant", "es-419"]
    assert template.languages_for(wanted) == wanted[:5]
    assert template.languages_for("zh-HK")[0] == "zh-Hant"


_TAGS = st.sampled_from(
    ["en", "en-GB", "es-MX", "zh-TW", "zh-CN", "pt-PT", "ar-SA", "fr-CA", "de-CH", "ko", "ja", "he"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TAGS, max_size=8))
def test_languages_for_properties(pack: Pack, requested: list[str]) -> None:
    template = pack.template("TP_ORDER")
    chosen = template.languages_for(requested)
    assert len(chosen) == min(spec.MAX_TEMPLATES, len(template.content))
    assert len(set(chosen)) == len(chosen)
    assert set(chosen) <= set(template.content)
    # what the reader gets comes first, then each requested tag's own best match
    default = template.default_locale
    first = template.matcher.find(requested, default) if requested else None
    own = [m for t in requested if (m := template.matcher.find(t, default))]
    matches = list(dict.fromkeys([first, *own] if first else own))
    assert chosen[: min(len(matches), 5)] == matches[:5]
    if "en-US" not in chosen:
        assert len(matches) >= spec.MAX_TEMPLATES
    # the variant a reader gets is always one of the languages sent
    if requested:
        assert pack.render("TP_ORDER", requested, PARAMS).locale in chosen


# --- concurrency and caching ---------------------------------------------------------------


def test_render_is_thread_safe(pack: Pack) -> None:
    tags = ["en-US", "es-MX", "zh-TW", "pt-PT", "ar", "fr-CA", "de-AT", "ko"]
    expected = {t: pack.render("TP_ORDER", t, PARAMS) for t in tags}
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(200):
                for tag in tags:
                    assert pack.render("TP_ORDER", tag, PARAMS) == expected[tag]
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors


def test_many_distinct_locale_lists_stay_bounded(pack: Pack) -> None:
    from msgtemplate.pack.render import PLAN_CACHE_SIZE

    template = pack.template("TP_ORDER")
    regions = ["MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN"]
    for a in regions:
        for b in regions:
            for c in ("fr", "de", "ar"):
                pack.render("TP_ORDER", [f"es-{a}", f"es-{b}", c], PARAMS)
    assert len(template.renderer._plans) <= PLAN_CACHE_SIZE


def test_render_variant_renders_a_content_key_as_itself(pack: Pack) -> None:
    renderer = pack.template("TP_ORDER").renderer
    for key in LOCALES:
        message = renderer.render_variant(key, PARAMS)
        assert message.locale == key
        assert message.chain == (key,)
        # The same message a reader of exactly that tag gets, matching aside.
        expected = pack.render("TP_ORDER", key, PARAMS)
        assert (message.title, message.body, message.redirect_url) == (
            expected.title,
            expected.body,
            expected.redirect_url,
        )
    with pytest.raises(PackError, match="has no content 'es-MX'"):
        renderer.render_variant("es-MX", PARAMS)  # a reader of es-MX gets es-419; no key
