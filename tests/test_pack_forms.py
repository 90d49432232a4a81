"""Forms in a pack: read with positions, rendered per variant, carried in request bodies,
compared like any other part of the model."""

from __future__ import annotations

from pathlib import Path

import pytest

from msgtemplate.document.source import parse_document
from msgtemplate.formatting import ParameterError
from msgtemplate.pack import FormSet, load_pack, read_pack
from msgtemplate.pack.request import build_request

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_a_request_carries_each_languages_phrase() -> None:
    pack = load_pack(SAMPLES / "delivery.yaml")
    body = build_request(
        pack,
        "TP_DELIVERY_ETA",
        access_token="t",
        request_id="r-1",
        params={"orderId": "A-1", "eta": 2, "method": "cash"},
        locales=["pl"],
    )
    values = {t["language"]: t["templateParameters"] for t in body["templates"]}
    assert values["pl"] == {"orderId": "A-1", "eta": "2 minuty", "method": "gotówką przy odbiorze"}
    assert values["en-US"]["eta"] == "2 minutes"
    assert values["ar"]["eta"] == "دقيقتين"
    assert values["ja"]["eta"] == "2分"
    assert values["fr"]["eta"] == "2 minutes"


def test_the_redirect_url_gets_the_phrase_percent_encoded() -> None:
    text = """\
format: 1
defaultLocale: en-US
templates:
  - code: TP_1
    channel: PUSH
    redirectUrl: /p?m=${method}
    parameters:
      method: {type: select, values: [card, wallet]}
    content:
      en-US:
        body: Paid ${method}.
        forms: {method: {card: by card, wallet: "with the wallet & more"}}
"""
    pack, problems = read_pack(parse_document(text, "p.yaml", "yaml"))
    assert pack is not None
    assert problems == []
    message = pack.render("TP_1", "en-US", {"method": "wallet"})
    assert message.redirect_url == "/p?m=with%20the%20wallet%20%26%20more"


def test_form_sets_keep_positions_and_compare_by_phrases() -> None:
    yaml_text = (SAMPLES / "delivery.yaml").read_text(encoding="utf-8")
    pack = load_pack(SAMPLES / "delivery.yaml")
    forms = pack.template("TP_DELIVERY_ETA").content["pl"].forms["eta"]
    assert isinstance(forms, FormSet)
    assert list(forms.phrases) == ["=0", "one", "few", "many", "other"]
    line, column = forms.phrase_position("few", 2)  # the "m" of "# minuty"
    assert yaml_text.splitlines()[line - 1][column - 1 :].startswith("minuty")
    # the same pack written as JSON reads to an equal model
    import json

    from msgtemplate.document.source import to_python

    data = to_python(pack.document.root)
    as_json, _ = read_pack(parse_document(json.dumps(data, default=str), "p.json", "json"))
    assert as_json is not None
    assert as_json.templates == pack.templates


def test_yaml_values_are_words_and_count_examples_keep_their_digits() -> None:
    text = """\
format: 1
defaultLocale: en-US
templates:
  - code: TP_1
    channel: SMS
    parameters:
      answer: {type: select, values: [yes, no, on], example: no}
      eta: {type: count, example: 1.0}
    content:
      en-US:
        body: ${answer} ${eta}
        forms:
          answer: {yes: Yes!, no: No., on: On.}
          eta: {one: "# minute", other: "# minutes"}
"""
    pack, problems = read_pack(parse_document(text, "p.yaml", "yaml"))
    assert problems == []
    assert pack is not None
    template = pack.template("TP_1")
    assert template.parameters["answer"].values == ("yes", "no", "on")
    assert pack.render("TP_1", "en", template.example_values()).body == "No. 1.0 minutes"
    with pytest.raises(ParameterError, match="'maybe' is not one of the allowed values"):
        pack.render("TP_1", "en", {"answer": "maybe", "eta": 1})
