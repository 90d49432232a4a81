"""Request bodies built from a pack: ``msgtemplate.pack.request.build_request``."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from babel.dates import format_date
from babel.numbers import format_currency
from hypothesis import given, settings
from hypothesis import strategies as st

from msgtemplate._text.charsets import BIDI_CONTROLS
from msgtemplate.api.checks import Violation, check_request_body
from msgtemplate.errors import MsgTemplateError
from msgtemplate.formatting import ParameterError
from msgtemplate.lint.body import rule_of
from msgtemplate.locales import LocaleError
from msgtemplate.pack import Pack, UnknownTemplateError, load_pack
from msgtemplate.pack.request import RequestError, build_request, example_params
from tests.support.packs import ORDER_PACK_YAML, ORDER_PARAMS, TOKEN


def code_of(violation: Violation) -> str:
    """The lint code of a violation (the checks report kinds; lint maps them)."""
    return rule_of(violation).code


NO_APP_ID_YAML = ORDER_PACK_YAML.replace("appId: P000000000000001xxxx\n", "")


def _pack(tmp_path: Path, text: str = ORDER_PACK_YAML, name: str = "pack.yaml") -> Pack:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_pack(path)


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    return _pack(tmp_path_factory.mktemp("payload"))


def _build(pack: Pack, **kwargs: object) -> dict[str, object]:
    args: dict[str, object] = {
        "access_token": TOKEN,
        "request_id": "req-1",
        "params": ORDER_PARAMS,
    }
    args.update(kwargs)
    return build_request(pack, "TP_PAID", **args)  # type: ignore[arg-type]


def _languages(body: dict[str, object]) -> list[str]:
    templates = body["templates"]
    assert isinstance(templates, list)
    return [item["language"] for item in templates]


# ----------------------------------------------------------------- body shape


def test_body_has_the_api_fields_in_order(pack: Pack) -> None:
    body = _build(pack, locales=["en-US"])
    assert list(body) == [
        "appId",
        "accessToken",
        "requestId",
        "templateCode",
        "redirectUrl",
        "templates",
    ]
    assert body["appId"] == "P000000000000001xxxx"
    assert body["accessToken"] == TOKEN
    assert body["requestId"] == "req-1"
    assert body["templateCode"] == "TP_PAID"
    assert check_request_body(body) == []
    # Plain JSON data: it serialises as is.
    assert json.loads(json.dumps(body)) == body


def test_every_declared_parameter_travels_as_a_string(pack: Pack) -> None:
    body = _build(pack, params={**ORDER_PARAMS, "amount": Decimal("12"), "extra": "ignored"})
    for item in body["templates"]:  # type: ignore[attr-defined]
        assert set(item["templateParameters"]) == {"orderId", "amount", "paidOn"}
        assert all(isinstance(v, str) for v in item["templateParameters"].values())


def test_template_without_redirect_url_has_no_redirect_field(pack: Pack) -> None:
    body = build_request(pack, "TP_SMS", access_token=TOKEN, request_id="r", params={"who": "Ana"})
    assert "redirectUrl" not in body
    assert body["templates"] == [{"language": "en-US", "templateParameters": {"who": "Ana"}}]


# ------------------------------------------------------------ languages chosen


def test_languages_default_then_pack_order_cut_at_five(pack: Pack) -> None:
    # Nothing requested: defaultLocale first, then the content keys in file order.
    assert _languages(_build(pack)) == ["en-US", "de-DE", "fr", "zh-Hant", "es-419"]


def test_languages_requested_first_in_request_order(pack: Pack) -> None:
    body = _build(pack, locales=["ja", "es-MX"])
    # ja as written, es-MX falls back to es-419, then the default, then pack order.
    assert _languages(body) == ["ja", "es-419", "en-US", "de-DE", "fr"]


def test_languages_never_repeat(pack: Pack) -> None:
    body = _build(pack, locales=["es-MX", "es-AR", "en-GB", "en-US", "zh-TW"])
    assert _languages(body) == ["es-419", "en-US", "zh-Hant", "de-DE", "fr"]


def test_a_single_tag_is_accepted_as_a_string(pack: Pack) -> None:
    assert _languages(_build(pack, locales="zh-TW"))[0] == "zh-Hant"


def test_unmatched_requested_locale_is_skipped(pack: Pack) -> None:
    assert _languages(_build(pack, locales=["ko"])) == ["en-US", "de-DE", "fr", "zh-Hant", "es-419"]


def test_invalid_requested_locale_is_a_locale_error(pack: Pack) -> None:
    with pytest.raises(LocaleError):
        _build(pack, locales=["not a tag!"])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(["ja", "es-MX", "zh-TW", "de", "fr-CA", "en-GB", "ko", "pt-BR", "es"]),
        max_size=7,
    )
)
def test_any_request_gives_a_valid_body_of_at_most_five_distinct_languages(
    pack: Pack, requested: list[str]
) -> None:
    body = _build(pack, locales=requested)
    languages = _languages(body)
    assert 1 <= len(languages) <= 5
    assert len(set(languages)) == len(languages)
    # The content key each sampled tag falls back to (by CLDR), None when nothing fits.
    expected_match = {
        "ja": "ja", "es-MX": "es-419", "zh-TW": "zh-Hant", "de": "de-DE", "fr-CA": "fr",
        "en-GB": "en-US", "ko": None, "pt-BR": None, "es": "es-419",
    }  # fmt: skip
    matched = list(dict.fromkeys(m for t in requested if (m := expected_match[t])))
    assert languages[: len(matched)] == matched[:5]
    if len(matched) < 5:
        assert "en-US" in languages
    assert check_request_body(body) == []


# ------------------------------------------------------------------ formatting


@pytest.mark.parametrize(
    ("language", "babel_locale"),
    [("de-DE", "de_DE"), ("en-US", "en_US"), ("fr", "fr"), ("ja", "ja"), ("es-419", "es_419")],
)
def test_values_are_formatted_for_each_language(
    pack: Pack, language: str, babel_locale: str
) -> None:
    body = _build(pack, locales=["ja"])
    by_language = {item["language"]: item for item in body["templates"]}  # type: ignore[attr-defined]
    if language not in by_language:
        body = _build(pack, locales=[language])
        by_language = {item["language"]: item for item in body["templates"]}  # type: ignore[attr-defined]
    values = by_language[language]["templateParameters"]
    assert values["amount"] == format_currency(Decimal("1234.5"), "USD", locale=babel_locale)
    assert values["paidOn"] == format_date(dt.date(2026, 11, 28), "medium", locale=babel_locale)
    assert values["orderId"] == "A-1029"


def test_redirect_url_is_formatted_in_the_first_language_and_percent_encoded(pack: Pack) -> None:
    body = _build(pack, locales=["ja"], params={**ORDER_PARAMS, "orderId": "A/1 2&x=y"})
    url = body["redirectUrl"]
    assert isinstance(url, str)
    on = quote(format_date(dt.date(2026, 11, 28), "medium", locale="ja"), safe="")
    assert url == f"/pages/orders/detail?id=A%2F1%202%26x%3Dy&on={on}"
    body = _build(pack, locales=["de-DE"])
    assert str(body["redirectUrl"]).endswith("on=28.11.2026")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=20))
def test_any_order_id_round_trips_through_the_redirect_query(pack: Pack, order_id: str) -> None:
    if any(c in BIDI_CONTROLS for c in order_id):
        with pytest.raises(RequestError, match="bidirectional control"):
            _build(pack, params={**ORDER_PARAMS, "orderId": order_id})
        return
    body = _build(pack, params={**ORDER_PARAMS, "orderId": order_id})
    url = body["redirectUrl"]
    assert isinstance(url, str)
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    assert query["id"] == [order_id]
    assert len(query) == 2  # nothing in the value could add a query field
    assert "#" not in url
    assert " " not in url


# ---------------------------------------------------------------------- app id


def test_app_id_argument_wins_over_the_pack(pack: Pack) -> None:
    assert _build(pack, app_id="P_OTHER")["appId"] == "P_OTHER"


def test_app_id_from_the_pack_when_not_given(pack: Pack) -> None:
    assert _build(pack)["appId"] == "P000000000000001xxxx"


def test_no_app_id_anywhere_is_a_request_error(tmp_path: Path) -> None:
    assert "appId" not in NO_APP_ID_YAML
    bare = _pack(tmp_path, NO_APP_ID_YAML)
    with pytest.raises(RequestError, match=r"^no appId: .* \(app_id, or --app-id on the command"):
        build_request(bare, "TP_SMS", access_token=TOKEN, request_id="r", params={"who": "x"})
    body = build_request(
        bare, "TP_SMS", access_token=TOKEN, request_id="r", params={"who": "x"}, app_id="P1"
    )
    assert body["appId"] == "P1"


# ----------------------------------------------------------------- extendInfo


def test_extend_info_only_when_given(pack: Pack) -> None:
    assert "extendInfo" not in _build(pack)
    body = _build(pack, extend_info='{"campaign": "nov"}')
    assert list(body)[-1] == "extendInfo"
    assert body["extendInfo"] == '{"campaign": "nov"}'


def test_extend_info_over_the_limit_is_refused(pack: Pack) -> None:
    with pytest.raises(RequestError) as caught:
        _build(pack, extend_info="x" * 4097)
    assert [v.pointer for v in caught.value.violations] == [("extendInfo",)]


# ------------------------------------------------------------------- failures


def test_request_error_lists_every_violation_without_secrets(pack: Pack) -> None:
    long_token = "T0KEN" * 26  # 130 characters
    with pytest.raises(RequestError) as caught:
        _build(pack, access_token=long_token, request_id="r" * 70, app_id="A" * 33)
    error = caught.value
    assert isinstance(error, MsgTemplateError)
    assert sorted(v.pointer for v in error.violations) == [
        ("accessToken",),
        ("appId",),
        ("requestId",),
    ]
    assert all(code_of(v) == "MT103" for v in error.violations)
    text = str(error)
    assert "breaks 3 API rules" in text
    assert "requestId is 70 characters; the limit is 64" in text
    assert "accessToken is 130 characters; the limit is 128" in text
    assert long_token not in text
    assert long_token not in repr(error)


def test_empty_request_id_is_refused(pack: Pack) -> None:
    with pytest.raises(RequestError) as caught:
        _build(pack, request_id="")
    assert [v.pointer for v in caught.value.violations] == [("requestId",)]


def test_missing_parameter_names_it_and_the_template(pack: Pack) -> None:
    with pytest.raises(ParameterError) as caught:
        _build(pack, params={"orderId": "A-1"})
    assert caught.value.parameter == "amount"
    assert caught.value.template == "TP_PAID"


def test_invalid_parameter_value(pack: Pack) -> None:
    with pytest.raises(ParameterError, match="orderId"):
        _build(pack, params={**ORDER_PARAMS, "orderId": "x" * 21})


def test_unknown_code(pack: Pack) -> None:
    with pytest.raises(UnknownTemplateError, match="did you mean 'TP_PAID'"):
        build_request(pack, "TP_PAIX", access_token=TOKEN, request_id="r", params=ORDER_PARAMS)


# ----------------------------------------------------------------- examples


def test_example_params_fill_only_what_is_missing(pack: Pack) -> None:
    template = pack.template("TP_PAID")
    values = example_params(template, {"orderId": "Z-9"})
    assert values["orderId"] == "Z-9"
    assert set(values) == {"orderId", "amount", "paidOn"}
    body = _build(pack, params=values, locales=["en-US"])
    first = body["templates"][0]["templateParameters"]  # type: ignore[index]
    assert first["amount"] == format_currency(Decimal("1234.5"), "USD", locale="en_US")


# ---------------------------------------------------------- hidden characters


@pytest.mark.parametrize("value", ["Ali\u2067ce\u2069", "\u202eeciohc", "x\u2066"])
def test_a_bidi_control_in_a_value_is_refused_like_the_linter_and_sandbox_do(
    tmp_path: Path, value: str
) -> None:
    from msgtemplate.lint import lint_paths

    pack = _pack(tmp_path)
    with pytest.raises(RequestError) as caught:
        build_request(pack, "TP_SMS", access_token=TOKEN, request_id="req-1", params={"who": value})
    (violation,) = caught.value.violations
    assert (code_of(violation), violation.pointer) == (
        "MT602",
        ("templates", 0, "templateParameters", "who"),
    )
    assert value not in str(caught.value)
    # The body it would have built, as a file, fails the linter with that one finding.
    body = build_request(
        pack, "TP_SMS", access_token=TOKEN, request_id="req-1", params={"who": "x"}
    )
    body["templates"][0]["templateParameters"]["who"] = value
    path = tmp_path / "body.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    assert [f.code for f in lint_paths([path]).findings] == ["MT602"]


def test_an_invisible_character_is_a_warning_and_the_body_is_built(pack: Pack) -> None:
    body = _build(pack, params={**ORDER_PARAMS, "orderId": "A\u200b1"})
    templates = body["templates"]
    assert isinstance(templates, list)
    assert [code_of(v) for v in check_request_body(body)] == ["MT603"] * len(templates)


def test_a_problem_repeated_in_every_language_is_listed_once(pack: Pack) -> None:
    with pytest.raises(RequestError) as caught:
        _build(pack, request_id="r" * 70, params={**ORDER_PARAMS, "orderId": "A\u2066"})
    error = caught.value
    # Every violation stays available, one per ContentTemplate...
    assert [code_of(v) for v in error.violations] == ["MT103"] + ["MT602"] * 5
    assert error.languages == ("en-US", "de-DE", "fr", "zh-Hant", "es-419")
    # ...and each problem is told once, where the caller can fix it.
    assert [code_of(violation) for violation, _ in error.grouped()] == ["MT103", "MT602"]
    message = error.grouped()[1][1]
    assert message.startswith("templateParameters.orderId (en-US, de-DE, fr, zh-Hant, es-419): ")
    assert "breaks 2 API rules" in str(error)
    assert str(error).count("U+2066") == 1
