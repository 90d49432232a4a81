"""Request-body rules shared by the linter, the payload builder and the sandbox."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msgtemplate._text.charsets import BIDI_CONTROLS, hidden
from msgtemplate.api.checks import (
    BIDI_CONTROL,
    DUPLICATE_LANGUAGE,
    INVALID_LANGUAGE,
    INVISIBLE,
    MISSING,
    NON_STRING_PARAMETER,
    PROBLEM_KINDS,
    TEMPLATE_COUNT,
    TOO_LONG,
    UNKNOWN_FIELD,
    WRONG_TYPE,
    Violation,
    check_request_body,
    format_pointer,
)
from msgtemplate.lint.body import rule_of


def code_of(violation: Violation) -> str:
    """The lint code of a violation (the checks report kinds; lint maps them)."""
    return rule_of(violation).code


# The sample request of the API document, verbatim.
API_DOC_SAMPLE = json.loads("""
{
    "appId": "P000000000000001xxxx",
    "accessToken": "2019112719074101000700000077771xxxx",
    "redirectUrl": "20191127190741010007013213123xxxx",
    "templateCode": "TP_5800000001xxxx",
    "actionUrl":"/page/dasdas/12312",
    "templates": [
        {
            "templateParameters": {
                "who": "string to represent a name, e.g. XiaoMing"
            },
            "language": "en-US"
        }
    ]
}
""")


def valid_body() -> dict[str, object]:
    return {
        "appId": "P000000000000001xxxx",
        "accessToken": "2019112719074101000700000077771xxxx",
        "requestId": "r-1",
        "templateCode": "TP_1",
        "templates": [{"language": "en-US", "templateParameters": {"who": "XiaoMing"}}],
    }


def codes(body: object) -> list[tuple[str, tuple[str | int, ...]]]:
    return [(code_of(v), v.pointer) for v in check_request_body(body)]


def test_valid_body_has_no_violation() -> None:
    assert check_request_body(valid_body()) == []


def test_api_document_sample_reports_action_url_and_missing_request_id() -> None:
    violations = check_request_body(API_DOC_SAMPLE)
    assert violations == [
        Violation(
            UNKNOWN_FIELD,
            ("actionUrl",),
            "actionUrl is not a field of the API; did you mean 'redirectUrl'?",
        ),
        Violation(MISSING, ("requestId",), "requestId is required but missing"),
    ]


def test_length_limit_message_names_the_field_and_both_numbers() -> None:
    body = valid_body() | {"appId": "P" * 40}
    assert check_request_body(body) == [
        Violation(TOO_LONG, ("appId",), "appId is 40 characters; the limit is 32")
    ]


def test_every_string_limit_is_checked() -> None:
    body = valid_body() | {
        "accessToken": "t" * 129,
        "requestId": "r" * 65,
        "templateCode": "c" * 65,
        "redirectUrl": "/" * 2049,
        "extendInfo": "x" * 4097,
    }
    assert sorted(p[0] for c, p in codes(body) if c == "MT103") == sorted(
        ["accessToken", "requestId", "templateCode", "redirectUrl", "extendInfo"]
    )


def test_strings_at_the_limit_pass() -> None:
    body = valid_body() | {"appId": "P" * 32, "redirectUrl": "/" * 2048}
    assert check_request_body(body) == []


def test_wrong_json_types() -> None:
    body = valid_body() | {"templateCode": 1029, "templates": {"language": "en-US"}}
    assert codes(body) == [("MT102", ("templateCode",)), ("MT102", ("templates",))]
    assert check_request_body([])[0].message == "the request body is an array; expected an object"


def test_template_count_bounds() -> None:
    item = {"language": "en-US", "templateParameters": {}}
    assert codes(valid_body() | {"templates": []}) == [("MT104", ("templates",))]
    languages = ["en-US", "fr", "de", "ja", "ko", "es"]
    six = [dict(item, language=tag) for tag in languages]
    violations = check_request_body(valid_body() | {"templates": six})
    assert [v.message for v in violations] == ["templates has 6 items; the limit is 5"]


def test_duplicate_languages_compare_canonical_forms() -> None:
    templates = [
        {"language": "en-US", "templateParameters": {}},
        {"language": "en_us", "templateParameters": {}},
    ]
    violations = check_request_body(valid_body() | {"templates": templates})
    assert [(code_of(v), v.pointer) for v in violations] == [
        ("MT105", ("templates", 1, "language"))
    ]
    assert "templates[1].language 'en_us' repeats templates[0].language" in violations[0].message


def test_invalid_language_and_non_string_parameters() -> None:
    templates = [
        {"language": "english", "templateParameters": {"n": 3, "ok": "x", "b": None}},
    ]
    assert codes(valid_body() | {"templates": templates}) == [
        ("MT106", ("templates", 0, "language")),
        ("MT107", ("templates", 0, "templateParameters", "n")),
        ("MT107", ("templates", 0, "templateParameters", "b")),
    ]


def test_content_template_fields() -> None:
    templates = [{"lang": "en-US"}, 7]
    assert codes(valid_body() | {"templates": templates}) == [
        ("MT108", ("templates", 0, "lang")),
        ("MT101", ("templates", 0, "language")),
        ("MT101", ("templates", 0, "templateParameters")),
        ("MT102", ("templates", 1)),
    ]


def test_empty_required_string() -> None:
    assert codes(valid_body() | {"requestId": ""}) == [("MT101", ("requestId",))]


def test_redirect_url_is_not_required_from_a_body_alone() -> None:
    body = valid_body()
    assert "redirectUrl" not in body
    assert check_request_body(body) == []


def test_format_pointer() -> None:
    assert format_pointer(("templates", 2, "language")) == "templates[2].language"
    assert format_pointer(()) == "body"


@pytest.mark.parametrize(
    ("pointer", "text"),
    [
        (("a b",), '["a b"]'),
        (("t", 0, "a b"), 't[0]["a b"]'),
        ((0,), "[0]"),
        (("1x",), '["1x"]'),
        (("x" * 64,), "x" * 64),  # the longest plain key
        (("x" * 65,), '["' + "x" * 37 + '..."]'),
        (("-" * 40,), '["' + "-" * 40 + '"]'),  # 40 characters are shown whole
        (("-" * 41,), '["' + "-" * 37 + '..."]'),
        (("a\u2028b",), '["a\\u2028b"]'),  # a line separator would break the line
        (("a\x85b",), '["a\\u0085b"]'),  # a C1 control
        (("a\u202eb",), '["a\\u202eb"]'),  # a bidi control would reorder it
        (("a\x00b",), '["a\\u0000b"]'),
        (("caf\u00e9 \u5b57",), '["caf\u00e9 \u5b57"]'),  # readable letters stay as they are
    ],
)
def test_format_pointer_quotes_odd_keys_readably_on_one_line(
    pointer: tuple[str | int, ...], text: str
) -> None:
    assert format_pointer(pointer) == text


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (None, "null"),
        ("{}", "a string"),
        (3, "a number"),
        (1.5, "a number"),
        (True, "a boolean"),
        ([], "an array"),
        ((1,), "an array"),
        ({1, 2}, "a value of type set"),
    ],
)
def test_a_body_that_is_no_object_says_what_it_is(body: object, kind: str) -> None:
    assert check_request_body(body) == [
        Violation(WRONG_TYPE, (), f"the request body is {kind}; expected an object")
    ]


def test_every_message_a_user_reads() -> None:
    body = {
        "appId": "",
        "accessToken": None,
        "requestId": "r\u200b\u200b1\u202e\u2066",
        "templateCode": ["TP"],
        "redirectUrl": 7,
        "extendInfo": {},
        "zzz": 1,
        "templateCod": "x",
        "templates": [
            {"language": "english", "templateParameters": {"n": 3, "ok": "x", "l": [], "b": False}},
            7,
            {"language": "en_us", "templateParameters": {}},
            {"language": "en-US", "templateParameters": "x", "extra": 1},
            {"language": "EN-us", "templateParameters": {"w\u202eho": "x", "v\u200b": "y"}},
            {"language": 5, "templateParameters": None},
        ],
    }
    params = ("templates", 0, "templateParameters")
    fourth = ("templates", 4, "templateParameters")
    rlo = "bidirectional control U+202E RIGHT-TO-LEFT OVERRIDE"
    assert check_request_body(body) == [
        Violation(MISSING, ("appId",), "appId is empty"),
        Violation(WRONG_TYPE, ("accessToken",), "accessToken is null; expected a string"),
        Violation(WRONG_TYPE, ("templateCode",), "templateCode is an array; expected a string"),
        Violation(WRONG_TYPE, ("redirectUrl",), "redirectUrl is a number; expected a string"),
        Violation(WRONG_TYPE, ("extendInfo",), "extendInfo is an object; expected a string"),
        Violation(UNKNOWN_FIELD, ("zzz",), "zzz is not a field of the API"),
        Violation(
            UNKNOWN_FIELD,
            ("templateCod",),
            "templateCod is not a field of the API; did you mean 'templateCode'?",
        ),
        Violation(TEMPLATE_COUNT, ("templates",), "templates has 6 items; the limit is 5"),
        Violation(
            INVALID_LANGUAGE,
            ("templates", 0, "language"),
            "templates[0].language: invalid locale tag 'english': the language subtag "
            "'english' must be 2 or 3 letters",
        ),
        Violation(
            NON_STRING_PARAMETER,
            (*params, "n"),
            "templates[0].templateParameters.n is a number; parameter values must be strings",
        ),
        Violation(
            NON_STRING_PARAMETER,
            (*params, "l"),
            "templates[0].templateParameters.l is an array; parameter values must be strings",
        ),
        Violation(
            NON_STRING_PARAMETER,
            (*params, "b"),
            "templates[0].templateParameters.b is a boolean; parameter values must be strings",
        ),
        Violation(WRONG_TYPE, ("templates", 1), "templates[1] is a number; expected an object"),
        Violation(
            WRONG_TYPE,
            ("templates", 3, "templateParameters"),
            "templates[3].templateParameters is a string; expected an object",
        ),
        Violation(
            UNKNOWN_FIELD, ("templates", 3, "extra"), "templates[3].extra is not a field of the API"
        ),
        Violation(
            DUPLICATE_LANGUAGE,
            ("templates", 3, "language"),
            "templates[3].language 'en-US' repeats templates[2].language; send each language once",
        ),
        Violation(
            DUPLICATE_LANGUAGE,
            ("templates", 4, "language"),
            "templates[4].language 'EN-us' repeats templates[2].language; send each language once",
        ),
        Violation(
            WRONG_TYPE,
            ("templates", 5, "language"),
            "templates[5].language is a number; expected a string",
        ),
        Violation(
            WRONG_TYPE,
            ("templates", 5, "templateParameters"),
            "templates[5].templateParameters is null; expected an object",
        ),
        # Hidden characters come last, one per kind and string, in document order.
        Violation(
            INVISIBLE,
            ("requestId",),
            "requestId: contains invisible character U+200B ZERO WIDTH SPACE; remove it",
            "warning",
        ),
        Violation(BIDI_CONTROL, ("requestId",), f"requestId: contains {rlo}; remove it"),
        Violation(
            BIDI_CONTROL,
            (*fourth, "w\u202eho"),
            f'templates[4].templateParameters["w\\u202eho"]: the key contains {rlo}; remove it',
            key=True,
        ),
        Violation(
            INVISIBLE,
            (*fourth, "v\u200b"),
            'templates[4].templateParameters["v\\u200b"]: the key contains invisible character '
            "U+200B ZERO WIDTH SPACE; remove it",
            "warning",
            key=True,
        ),
    ]


def test_five_templates_are_allowed_and_none_is_too_few() -> None:
    languages = ["en-US", "fr", "de", "ja", "ko"]
    five = [{"language": tag, "templateParameters": {}} for tag in languages]
    assert check_request_body(valid_body() | {"templates": five}) == []
    assert check_request_body(valid_body() | {"templates": []}) == [
        Violation(
            TEMPLATE_COUNT, ("templates",), "templates is empty; send 1 to 5 content templates"
        )
    ]


def test_values_no_json_holds_are_named_not_fatal() -> None:
    # Python callers can hand anything over; the hidden-character scan must not choke.
    body = valid_body() | {"appId": {1, 2}, "requestId": b"r\xe2\x80\x8b"}
    assert check_request_body(body) == [
        Violation(WRONG_TYPE, ("appId",), "appId is a value of type set; expected a string"),
        Violation(
            WRONG_TYPE, ("requestId",), "requestId is a value of type bytes; expected a string"
        ),
    ]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=6)
    ),
    max_leaves=20,
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(
    json_values,
    st.dictionaries(
        st.sampled_from(["appId", "templates", "templateCode", "language", "requestId"]),
        json_values,
    ),
)
def test_never_raises_and_every_message_names_its_field(value: object, extra: dict) -> None:
    for body in (value, {**valid_body(), **extra}):
        for violation in check_request_body(body):
            assert violation.kind in PROBLEM_KINDS
            assert code_of(violation).startswith("MT")
            assert "\n" not in violation.message
            if violation.pointer:
                assert violation.message.startswith(format_pointer(violation.pointer))


# --------------------------------------------------------- hidden characters


def test_a_bidi_control_in_any_string_is_an_error_naming_the_field() -> None:
    body = valid_body()
    body["templates"] = [{"language": "en-US", "templateParameters": {"who": "Ali\u2067ce\u2069"}}]
    (violation,) = check_request_body(body)
    assert (code_of(violation), violation.severity, violation.key) == ("MT602", "error", False)
    assert violation.pointer == ("templates", 0, "templateParameters", "who")
    assert violation.message == (
        "templates[0].templateParameters.who: contains bidirectional control U+2067 "
        "RIGHT-TO-LEFT ISOLATE; remove it"
    )


def test_hidden_characters_in_keys_are_reported_with_the_key_escaped() -> None:
    body = valid_body()
    body["templates"] = [{"language": "en-US", "templateParameters": {"w\u202eho": "x"}}]
    (violation,) = check_request_body(body)
    assert (code_of(violation), violation.key) == ("MT602", True)
    assert violation.message.startswith('templates[0].templateParameters["w\\u202eho"]: the key')
    assert "\u202e" not in violation.message


def test_invisible_characters_are_warnings_and_joiners_in_words_pass() -> None:
    body = valid_body()
    body["requestId"] = "r\u200b1"
    body["templates"] = [
        {
            "language": "fa",
            "templateParameters": {"who": "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"},
        }
    ]
    assert [(code_of(v), v.severity, v.pointer) for v in check_request_body(body)] == [
        ("MT603", "warning", ("requestId",))
    ]


hidden_text = st.text(
    alphabet=st.sampled_from(["a", "\u0645", " ", "\u200b", "\u200d", "\u202e", "\u2069"]),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(hidden_text, hidden_text, min_size=1, max_size=3), hidden_text)
def test_a_body_is_refused_exactly_when_a_string_holds_a_bidi_control(
    parameters: dict[str, str], request_id: str
) -> None:
    body = valid_body()
    body["requestId"] = request_id = request_id or "r"
    body["templates"] = [{"language": "en-US", "templateParameters": parameters}]
    strings = [request_id, *parameters, *parameters.values()]
    found = check_request_body(body)
    errors = [v for v in found if v.severity == "error"]
    assert bool(errors) == any(c in BIDI_CONTROLS for s in strings for c in s)
    assert all(code_of(v) == "MT602" for v in errors)
    # One violation per string and kind, pointing at it.
    expected = sum(len({kind for _, kind in hidden(s)}) for s in strings)
    assert len(found) == expected
