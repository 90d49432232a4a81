"""Every lint rule, in one explicit table: code, name, severity, family, summary, docs.

As in ruff's rule table, a rule exists because it has a row here, not because some
module was imported: each row is a named :class:`~msgtemplate.lint.findings.Rule`,
and :data:`RULES` is every row of this module, sorted by code. The family modules
(``document``, ``body``, ``structure``, ``placeholders``, ``locales``, ``limits``,
``text``, ``forms``) import the rules they report from here and hold only the checks; the runner
lists their ``check`` functions explicitly (:data:`msgtemplate.lint.runner.FAMILY_CHECKS`).

Adding a rule: one row below, in its family's section (the next free code in the
family's hundred, a kebab name, a one-line summary, why it exists and an example
that triggers it), then import it in the family's module and report it from its
check. docs/lint-rules.md is generated from this table (``msgtemplate.lint.docs``); a
test fails until it is regenerated. docs/development.md walks through it.

Limits quoted in the docs come from :mod:`msgtemplate.api.spec` and the other modules
that own them; no number is restated here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, TypeAlias

from msgtemplate.api.spec import MAX_TEMPLATES, REQUEST_FIELDS
from msgtemplate.document.source import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES
from msgtemplate.lint.findings import Finding, Rule, Severity
from msgtemplate.lint.worst_case import DATE_ENCODED_MAX, ENCODED_CHAR_MAX, NUMBER_ENCODED_MAX

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from msgtemplate.lint.model import LintModel

Family: TypeAlias = "Callable[[LintModel], Iterable[Finding]]"
"""A rule family's ``check``: reads the model, yields findings, changes nothing."""

FAMILIES: Final[tuple[str, ...]] = (
    "document",
    "body",
    "structure",
    "placeholders",
    "locales",
    "limits",
    "text",
    "forms",
    "quality",
)
"""The families rules belong to, each a module of ``msgtemplate.lint`` whose check
reports most of them (the runner reports a file that does not parse; ``structure``
maps the pack reader's problems to rules of other families too). Codes: MT0xx
document, MT1xx body, MT2xx structure, MT3xx placeholders, MT4xx locales, MT5xx
limits, MT6xx text; MT7xx parameter examples, which the pack reader checks and
``structure`` reports; MT8xx plural and select forms; MT9xx translation quality
(each translation against its source)."""

_LIMIT: Final = {name: field.max_length for name, field in REQUEST_FIELDS.items()}
_CODE: Final = re.compile(r"MT[0-9]{3}")
_NAME: Final = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def _code(rule: Rule) -> str:
    return rule.code


def _rule(
    code: str,
    name: str,
    severity: Severity,
    family: str,
    summary: str,
    *,
    rationale: str,
    example: str,
) -> Rule:
    return Rule(code, name, severity, summary, rationale.strip(), example.strip("\n"), family)


# ---------------------------------------- document

INVALID_SYNTAX: Final = _rule(
    "MT001",
    "invalid-syntax",
    "error",
    "document",
    "The file is not valid YAML or JSON (reported at the parser's line and column).",
    rationale=f"""
Nothing else can be checked in a file that does not parse, and a broken pack breaks
every tool that loads it. Aliases (`*name`) and nesting deeper than {MAX_DEPTH}
levels are refused too: aliases can expand without bound ("billion laughs").
""",
    example="""
templates:
  - code: TP_1
    content: {en-US: {body: "Hi"}   # missing '}'
""",
)

DUPLICATE_KEY: Final = _rule(
    "MT002",
    "duplicate-key",
    "error",
    "document",
    "A mapping repeats a key; YAML and JSON loaders silently keep the last one.",
    rationale="""
Which value wins depends on the loader, and the first value is lost without a word:
a translator's fix or a limit can vanish. Each key must appear once.
""",
    example="""
content:
  en-US: {body: "Hello ${name}"}
  en-US: {body: "Hi ${name}"}
""",
)

UNREADABLE_FILE: Final = _rule(
    "MT003",
    "unreadable-file",
    "error",
    "document",
    "The file is not UTF-8 text, contains NUL bytes, is larger than the "
    f"{MAX_FILE_BYTES / 2**20:g} MiB cap, or holds more than {MAX_NODES:,} keys and values.",
    rationale="""
Packs and request bodies are small UTF-8 text files. Anything else is refused before
parsing so that a stray binary or a huge file cannot stall the linter or CI.
""",
    example="""
(a file saved as UTF-16, or an image renamed to templates.yaml)
""",
)

NOT_A_PACK: Final = _rule(
    "MT004",
    "not-a-pack",
    "error",
    "document",
    "A file named on the command line is neither a pack nor a request body.",
    rationale="""
A pack has top-level `format` and `templates`; a request body has `templateCode` and
`templates`. A file named explicitly that is neither was probably misnamed or has a
misspelt top-level key, so it is reported instead of silently passing. (Files found by
searching a directory, and files skipped with `--skip-unknown`, are not reported.)
""",
    example="""
# messages.yaml
formt: 1
templates: []
""",
)

# ---------------------------------------- body

BODY_MISSING_FIELD: Final = _rule(
    "MT101",
    "body-missing-field",
    "error",
    "body",
    "A field the API requires is missing or empty in a request body.",
    rationale="""
The platform answers `F`/`PARAM_ILLEGAL` for a body without `appId`, `accessToken`,
`requestId`, `templateCode` or `templates` (and each ContentTemplate needs `language` and
`templateParameters`). Note that the API document's own sample has no `requestId`.
""",
    example="""
{"appId": "P0001", "accessToken": "...", "templateCode": "TP_1", "templates": [...]}
""",
)

BODY_WRONG_TYPE: Final = _rule(
    "MT102",
    "body-wrong-type",
    "error",
    "body",
    "A request-body field has the wrong JSON type.",
    rationale="""
The API declares a JSON type for every field (strings, the `templates` array, the
`templateParameters` object); anything else is rejected.
""",
    example="""
{"templateCode": 1029, ...}
""",
)

BODY_FIELD_TOO_LONG: Final = _rule(
    "MT103",
    "body-field-too-long",
    "error",
    "body",
    "A request-body string is longer than the API's limit for that field.",
    rationale=f"""
The API sets a maximum length on every string field (`appId` {_LIMIT["appId"]},
`requestId` {_LIMIT["requestId"]}, `redirectUrl` {_LIMIT["redirectUrl"]}, ...);
longer values are refused by the platform.
""",
    example="""
{"appId": "P000000000000001xxxxP000000000000001xxxx", ...}
""",
)

BODY_TEMPLATE_COUNT: Final = _rule(
    "MT104",
    "body-template-count",
    "error",
    "body",
    f"`templates` must hold 1 to {MAX_TEMPLATES} ContentTemplates.",
    rationale=f"""
A message needs at least one language, and the API accepts at most {MAX_TEMPLATES}
ContentTemplates in one request.
""",
    example="""
{"templates": [], ...}
""",
)

BODY_DUPLICATE_LANGUAGE: Final = _rule(
    "MT105",
    "body-duplicate-language",
    "error",
    "body",
    "Two ContentTemplates carry the same language (compared in canonical form).",
    rationale="""
Only one variant per language can be shown; `en_US` and `en-US` are the same language.
A repeat wastes one of the few slots and leaves the choice to the platform.
""",
    example="""
"templates": [{"language": "en-US", ...}, {"language": "en_us", ...}]
""",
)

BODY_INVALID_LANGUAGE: Final = _rule(
    "MT106",
    "body-invalid-language",
    "error",
    "body",
    "A ContentTemplate's `language` is not a valid BCP 47 tag CLDR knows.",
    rationale="""
The platform picks the variant for the user's language by its tag; a malformed or
unknown tag never matches anyone.
""",
    example="""
"templates": [{"language": "english", ...}]
""",
)

BODY_NON_STRING_PARAMETER: Final = _rule(
    "MT107",
    "body-non-string-parameter",
    "error",
    "body",
    "A `templateParameters` value is not a string.",
    rationale="""
The API takes parameter values as strings: numbers, dates and amounts must be
formatted for the variant's language before they are sent.
""",
    example="""
"templateParameters": {"amount": 12.5}
""",
)

BODY_UNKNOWN_FIELD: Final = _rule(
    "MT108",
    "body-unknown-field",
    "error",
    "body",
    "A request body has a field the API does not define (with a did-you-mean).",
    rationale="""
An unknown field is ignored at best, so its value is lost: the API document's own
sample sends `actionUrl`, which should be `redirectUrl`.
""",
    example="""
{"actionUrl": "/page/dasdas/12312", ...}
""",
)

# ---------------------------------------- structure

INVALID_PACK: Final = _rule(
    "MT200",
    "invalid-pack",
    "error",
    "structure",
    "A pack problem with no more specific rule (a safety net; silent today).",
    rationale="""
Every kind of problem the pack reader reports maps to a dedicated rule (a test keeps
it so); this code is reserved for kinds added to the reader later, so that no
problem is ever dropped by an older linter.
""",
    example="""
(no pack triggers it today)
""",
)

MISSING_KEY: Final = _rule(
    "MT201",
    "missing-key",
    "error",
    "structure",
    "A key the pack format requires is missing (format, defaultLocale, code, channel, body...).",
    rationale="""
Every pack needs `format`, `defaultLocale` and `templates`; every template a `code`, a
`channel` and `content`; every variant a `body`. Without them nothing can be rendered.
""",
    example="""
templates:
  - code: TP_1
    content: {en-US: {body: "Hi"}}   # no channel
""",
)

UNKNOWN_KEY: Final = _rule(
    "MT202",
    "unknown-key",
    "error",
    "structure",
    "A key the pack format does not define (with a did-you-mean).",
    rationale="""
A misspelt key is silently ignored by most tools: `redirect_url` instead of
`redirectUrl` means the message opens no page. Unknown keys are errors so the typo
is found in review, not in production.
""",
    example="""
    redirect_url: /pages/orders   # did you mean 'redirectUrl'?
""",
)

WRONG_TYPE: Final = _rule(
    "MT203",
    "wrong-type",
    "error",
    "structure",
    "A pack value has the wrong type (a list where a mapping belongs, a null body...).",
    rationale="""
The pack format fixes the type of every value; a wrong one (often an indentation
slip in YAML) would make the pack unusable at send time.
""",
    example="""
content:
  - en-US: {body: "Hi"}   # content is a mapping of locale -> variant, not a list
""",
)

BAD_FORMAT: Final = _rule(
    "MT204",
    "unsupported-format",
    "error",
    "structure",
    "`format` is not a pack format version this msgtemplate understands (1).",
    rationale="""
The version number lets future formats change shape safely; an unknown version
cannot be read correctly.
""",
    example="""
format: 2
""",
)

BAD_CHANNEL: Final = _rule(
    "MT205",
    "invalid-channel",
    "error",
    "structure",
    "`channel` is not one of PUSH, INBOX or SMS.",
    rationale="""
The channel decides how the platform delivers the message and whether a
`redirectUrl` is required.
""",
    example="""
    channel: EMAIL
""",
)

DUPLICATE_CODE: Final = _rule(
    "MT206",
    "duplicate-code",
    "error",
    "structure",
    "Two templates in one pack share the same `code`.",
    rationale="""
The code is the portal's templateCode and the key every tool looks templates up by;
the second template would shadow the first.
""",
    example="""
templates:
  - code: TP_1 ...
  - code: TP_1 ...
""",
)

BAD_PARAMETER: Final = _rule(
    "MT207",
    "invalid-parameter",
    "error",
    "structure",
    "A parameter declaration is invalid (name, type, or an option such as currency).",
    rationale="""
Parameter declarations drive formatting (currency, dates, time zones) and limits
(maxLength); an unknown type or option would fail at render time.
""",
    example="""
    parameters:
      amount: {type: money}   # did you mean 'currency'?
""",
)

# ---------------------------------------- placeholders

SYNTAX_ERROR: Final = _rule(
    "MT301",
    "invalid-template-syntax",
    "error",
    "placeholders",
    "A title, body or redirectUrl is not valid `${name}` syntax (reported at its `$`).",
    rationale="""
`${` must be followed by a name (ASCII letters, digits, `_`) and `}`. A broken
placeholder cannot be rendered at all. Write `$$` for a literal `$`. Spaces inside
the braces (`${ name }`) are reported here, with the fix.
""",
    example="""
body: Paid ${amount on ${paidOn}   # unclosed placeholder
""",
)

EMPTY_BODY: Final = _rule(
    "MT302",
    "empty-body",
    "error",
    "placeholders",
    "A variant's `body` is empty or only whitespace.",
    rationale="""
The platform would deliver a blank message in that language; an unfinished
translation should be left out (the default locale serves its readers) rather than
shipped empty.
""",
    example="""
content:
  fr: {body: ""}
""",
)

UNDECLARED: Final = _rule(
    "MT303",
    "undeclared-placeholder",
    "error",
    "placeholders",
    "A placeholder is used in a text but not declared under `parameters` (did-you-mean).",
    rationale="""
Every value a template needs must be declared, so that callers, the payload builder
and reviewers know the template's inputs and their types. An undeclared name is
usually a typo (`${orderID}` for `${orderId}`) and would render as missing.
""",
    example="""
parameters: {orderId: {type: string}}
content:
  en-US: {body: "Order ${orderID} shipped"}   # did you mean 'orderId'?
""",
)

UNUSED: Final = _rule(
    "MT304",
    "unused-parameter",
    "warning",
    "placeholders",
    "A declared parameter is not used in any text of its template.",
    rationale="""
Callers must still supply every declared parameter, and the request carries it. An
unused declaration is dead weight or a sign that a placeholder was lost.
""",
    example="""
parameters: {orderId: {type: string}, amount: {type: currency, currency: USD}}
content:
  en-US: {body: "Order ${orderId} shipped"}   # amount is never used
""",
)

MISSING_IN_LOCALE: Final = _rule(
    "MT305",
    "placeholder-missing-in-locale",
    "warning",
    "placeholders",
    "A variant lacks a placeholder that the defaultLocale variant has.",
    rationale="""
Translations drift: a translator drops `${amount}` and readers of that language
never see it. Each variant should carry the same information as the default.
""",
    example="""
en-US: {body: "We received ${amount} for order ${orderId}."}
de:    {body: "Zahlung für Bestellung ${orderId} erhalten."}   # no ${amount}
""",
)

EXTRA_IN_LOCALE: Final = _rule(
    "MT306",
    "placeholder-extra-in-locale",
    "warning",
    "placeholders",
    "A variant uses a placeholder that the defaultLocale variant does not.",
    rationale="""
A variant that shows more than the default is usually a stale translation of an
older text, or a copy-paste from another template.
""",
    example="""
en-US: {body: "Order ${orderId} shipped."}
fr:    {body: "Commande ${orderId} expédiée le ${shippedOn}."}
""",
)

# ---------------------------------------- locales

INVALID_LOCALE: Final = _rule(
    "MT401",
    "invalid-locale",
    "error",
    "locales",
    "`defaultLocale`, a content key or a fallback language is not a valid BCP 47 tag "
    "that CLDR knows.",
    rationale="""
Variants are chosen by matching the reader's locale against these tags with CLDR
rules; a malformed or unknown tag (`english`, `en-USA`, `xx`) never matches anyone,
and it travels as the ContentTemplate's `language`.
""",
    example="""
content:
  english: {body: "Hello"}
""",
)

NON_CANONICAL: Final = _rule(
    "MT402",
    "non-canonical-locale",
    "warning",
    "locales",
    "A locale tag is valid but not in canonical BCP 47 form (`zh_CN` -> `zh-CN`).",
    rationale="""
The tag as written is what travels in the request's `language`. Platforms compare
tags as strings more often than they should; the canonical spelling (`-`, language
lower case, Script title case, REGION upper case, current codes such as `he` for
`iw`) is the one they expect.
""",
    example="""
content:
  zh_CN: {body: "..."}   # write zh-CN
""",
)

MISSING_DEFAULT: Final = _rule(
    "MT403",
    "missing-default-locale",
    "error",
    "locales",
    "A template has no content for the pack's `defaultLocale`.",
    rationale="""
The default locale is the last fallback for every reader; a template without it has
no text for readers whose language matches none of its variants.
""",
    example="""
defaultLocale: en-US
templates:
  - code: TP_1
    content: {fr: {body: "Bonjour"}}
""",
)

TOO_MANY: Final = _rule(
    "MT404",
    "too-many-locales",
    "warning",
    "locales",
    f"A template has more than {MAX_TEMPLATES} locales; only {MAX_TEMPLATES} travel in "
    "one request.",
    rationale=f"""
The API accepts at most {MAX_TEMPLATES} ContentTemplates per request, so the payload
builder picks the best matches for the reader, then the default locale, then the
locales nearest to the reader (pack order when no locale is given). That is fine
when the reader's locale is passed; the warning says which {MAX_TEMPLATES} are sent
when it is not. Use `--ignore MT404` if that is intended.
""",
    example="""
content: {en-US: ..., zh-Hans: ..., zh-Hant: ..., es-419: ..., pt-BR: ..., ar: ...}
""",
)

DUPLICATE_LOCALE: Final = _rule(
    "MT405",
    "duplicate-locale",
    "error",
    "locales",
    "Two content keys of a template name the same locale (`en-US` and `en_us`).",
    rationale="""
Which of the two a reader gets would be arbitrary, and both would travel with the same
`language`.
""",
    example="""
content:
  en-US: {body: "Hi"}
  en_us: {body: "Hello"}
""",
)

STALE: Final = _rule(
    "MT406",
    "stale-translation",
    "warning",
    "locales",
    "A translation's recorded `sourceHash` no longer matches its `defaultLocale` text.",
    rationale="""
`msgtemplate import` records, per variant, which `defaultLocale` title and body each
translation was made from (`sourceHash`). When the source text changes afterwards,
the translation still says what the old text said: readers in that language get
outdated information. Export the locale again (stale units come out marked fuzzy /
for review), have it reviewed, and import it; a variant without `sourceHash` is of
unknown age and never reported.
""",
    example="""
en-US: {body: "Paid ${amount} for ${orderId}. Ships tomorrow."}
fr: {body: "Payé ${amount} pour ${orderId}.", sourceHash: {body: 3f0c2a91}}  # older text
""",
)

# ---------------------------------------- limits

CODE_TOO_LONG: Final = _rule(
    "MT501",
    "code-too-long",
    "error",
    "limits",
    f"A template `code` is longer than the API's templateCode limit ({_LIMIT['templateCode']}).",
    rationale="""
The code travels as `templateCode`; the platform rejects longer values.
""",
    example="""
  - code: TP_THIS_CODE_IS_FAR_TOO_LONG_TO_BE_A_TEMPLATE_CODE_ON_THE_PORTAL_EVER
""",
)

APP_ID_TOO_LONG: Final = _rule(
    "MT502",
    "app-id-too-long",
    "error",
    "limits",
    f"The pack's `appId` is longer than the API's limit ({_LIMIT['appId']}).",
    rationale="""
`appId` travels in every request built from the pack; the platform rejects longer
values.
""",
    example="""
appId: P000000000000001xxxxP000000000000001xxxx
""",
)

URL_TOO_LONG: Final = _rule(
    "MT503",
    "redirect-url-too-long",
    "error",
    "limits",
    f"A `redirectUrl` can exceed {_LIMIT['redirectUrl']} characters "
    "with its placeholders at maxLength.",
    rationale=f"""
The rendered, percent-encoded redirectUrl must fit the API's {_LIMIT["redirectUrl"]} characters
for every allowed value, not just the example. A string placeholder is counted at its
`maxLength` with every character at its longest encoding ({ENCODED_CHAR_MAX}
characters, a 4-byte UTF-8 character as `%XX` x 4). Typed placeholders take no
maxLength, so each counts the longest percent-encoded value CLDR formats for its
type in any locale, rounded up from measurements over every locale Babel ships:
numbers, amounts and percentages {NUMBER_ENCODED_MAX} characters (measured 121); dates,
datetimes and times {DATE_ENCODED_MAX["medium"]} in style short or medium (measured 300),
{DATE_ENCODED_MAX["long"]} in long (451) and {DATE_ENCODED_MAX["full"]:,} in full (899:
weekday, month and time-zone names in scripts whose letters take 9 encoded characters).
Lower the maxLength values, use a shorter date style, or shorten the literal part.
""",
    example="""
redirectUrl: /pages/search?q=${query}
parameters: {query: {type: string, maxLength: 500}}   # up to 6,000 characters
""",
)

UNBOUNDED_URL_PLACEHOLDER: Final = _rule(
    "MT504",
    "unbounded-url-placeholder",
    "warning",
    "limits",
    "A string placeholder in a `redirectUrl` has no `maxLength`, so the URL is unbounded.",
    rationale=f"""
Without `maxLength` nothing stops a long value from pushing the URL past the API's
{_LIMIT["redirectUrl"]} characters at send time. Declare the longest value you accept.
""",
    example="""
redirectUrl: /pages/orders/detail?id=${orderId}
parameters: {orderId: {type: string}}   # add maxLength: 20
""",
)

MISSING_REDIRECT: Final = _rule(
    "MT505",
    "missing-redirect-url",
    "error",
    "limits",
    "A PUSH or INBOX template has no `redirectUrl`.",
    rationale="""
The API requires `redirectUrl` for PUSH and INBOX messages: it is the page opened
when the reader taps the message.
""",
    example="""
  - code: TP_1
    channel: PUSH   # and no redirectUrl
""",
)

# ---------------------------------------- text

NEAR_MISS: Final = _rule(
    "MT601",
    "near-miss-placeholder",
    "warning",
    "text",
    "Text that looks like a placeholder in another syntax ($name, {name}, %s, ＄｛name｝...).",
    rationale="""
Translators and tools from other ecosystems write slots as `{name}`, `{{name}}`, `%s`,
`{0}` or with a full-width `＄｛｝` from a CJK input method. None of these is a
placeholder here: the user would read the raw text. Only `${name}` is substituted.
""",
    example="""
body: Your order {orderId} has shipped.   # write ${orderId}
""",
)

BIDI_CONTROL: Final = _rule(
    "MT602",
    "bidi-control-character",
    "error",
    "text",
    "A bidirectional control character (U+202A-U+202E, U+2066-U+2069) is in the file.",
    rationale="""
Embedding, override and isolate controls reorder how text is displayed, so a pack can
look different in review from what it holds ("Trojan Source", CVE-2021-42574).
Right-to-left text needs none of them in the pack: renderers and `preview` isolate
RTL text themselves. The same check runs on every string of a request body, so
`payload`, `send` and the sandbox refuse a parameter value holding one (`payload`
and `send` say so once per parameter, naming the languages whose copy holds it). A
bare `# noqa` does not silence this rule: write `# noqa: MT602`.
""",
    example="""
body: "Refund of ${amount}<U+202E> for order"   # RIGHT-TO-LEFT OVERRIDE
""",
)

INVISIBLE: Final = _rule(
    "MT603",
    "invisible-character",
    "warning",
    "text",
    "A zero-width or invisible character (U+200B, U+2060, U+FEFF...) is in the file.",
    rationale="""
Zero-width characters are invisible in review, break `${name}` lookups and key
matches (`en-US` followed by U+200B is not `en-US`), and leak into messages. ZWJ and ZWNJ are
allowed between non-ASCII characters, where emoji sequences and scripts such as
Persian and the Indic scripts need them.
""",
    example="""
body: "Hello<U+200B> ${name}"   # ZERO WIDTH SPACE
""",
)

CONTROL_CHARACTER: Final = _rule(
    "MT604",
    "control-character",
    "error",
    "text",
    "A control character (ESC, BEL, NUL, CR, U+0080-U+009F...) is in a text of the pack.",
    rationale="""
C0 and C1 control characters cannot be typed into a message by accident: written as
escapes (`"\\u001b"` in JSON, `"\\e"` or `"\\x07"` in YAML) they set window titles,
clear screens and ring bells in the terminal of whoever previews the pack, and the
platform's apps show them as garbage. A line break and a tab are allowed (bodies
may have several lines); everything else from U+0000-U+001F, U+007F and
U+0080-U+009F is an error. `import` refuses translations holding one.
""",
    example="""
body: "\\e]0;PWNED\\a Your order ${orderId} has shipped."   # ESCAPE, BEL
""",
)

# ---------------------------------------- parameter examples (reported by structure)

INVALID_EXAMPLE: Final = _rule(
    "MT701",
    "invalid-example",
    "error",
    "structure",
    "A parameter's `example` is not a valid value of the parameter's own type.",
    rationale="""
Examples feed `preview` and documentation; an example that fails its own type (a date
that is not a date, a string longer than maxLength) means the declaration or the
example is wrong, and preview would fail on it.
""",
    example="""
    parameters:
      paidOn: {type: date, example: tomorrow}
""",
)

# ---------------------------------------- plural and select forms

MISSING_FORMS: Final = _rule(
    "MT801",
    "missing-forms",
    "error",
    "forms",
    "A variant uses a `count` or `select` parameter but has no `forms` entry for it.",
    rationale="""
A count or select parameter's text is the variant's phrase for the number's plural
category or the chosen value. Without a `forms` entry the reader gets the bare
number or value ("in 5." instead of "in 5 minutes.").
""",
    example="""
parameters: {eta: {type: count}}
content:
  pl: {body: "Kurier będzie za ${eta}."}   # no forms: {eta: {one: ..., few: ...}}
""",
)

MISSING_PLURAL_FORMS: Final = _rule(
    "MT802",
    "missing-plural-forms",
    "error",
    "forms",
    "A `count` form set lacks a CLDR plural category its locale has (named, with sample numbers).",
    rationale="""
Each language has its own plural categories: Polish `one`, `few`, `many`, `other`;
Arabic all six; Japanese only `other`. A missing category makes every number of it
read as `other`: Polish "22 minut" instead of "22 minuty". The message names the
missing categories and numbers that take them ("few: 2, 3, 4, 22…").
""",
    example="""
  pl:
    body: Kurier będzie za ${eta}.
    forms:
      eta: {one: "# minutę", other: "# minuty"}   # few: 2, 3, 4, 22…; many: 0, 5, 6, 7…
""",
)

MISSING_OTHER_FORM: Final = _rule(
    "MT803",
    "missing-other-form",
    "error",
    "forms",
    "A `count` form set has no `other` phrase.",
    rationale="""
Every language has `other` (for Japanese it is the only one), and decimals such as
1.5 take it in most languages. Without it such numbers have no phrase at all.
""",
    example="""
  en-US:
    forms:
      eta: {one: "# minute"}   # other: "# minutes"
""",
)

UNUSED_PLURAL_CATEGORY: Final = _rule(
    "MT804",
    "unused-plural-category",
    "warning",
    "forms",
    "A `count` form set has a category its locale never uses (English `few`): dead text.",
    rationale="""
No number ever takes that phrase in this language, so it is never shown; usually a
form set copied from another language. Exact keys (`"=0"`) are always allowed.
""",
    example="""
  en-US:
    forms:
      eta: {one: "# minute", few: "# minutes", other: "# minutes"}   # few: never in English
""",
)

MISSING_SELECT_VALUE: Final = _rule(
    "MT805",
    "missing-select-value",
    "error",
    "forms",
    "A `select` form set lacks a phrase for a declared value.",
    rationale="""
Each declared value needs its words in each language; a missing one is sent as the
bare value (`wallet`) to readers of that language.
""",
    example="""
parameters: {method: {type: select, values: [card, wallet]}}
  pl:
    forms:
      method: {card: kartą}   # wallet: portfelem
""",
)

UNKNOWN_SELECT_VALUE: Final = _rule(
    "MT806",
    "unknown-select-value",
    "error",
    "forms",
    "A `select` form set has a key that is not a declared value (did-you-mean).",
    rationale="""
The phrase can never be chosen: usually a typo of a declared value, or a value
renamed in `values` but not in the translations.
""",
    example="""
parameters: {method: {type: select, values: [card, wallet]}}
  en-US:
    forms:
      method: {card: your card, walet: your wallet}   # did you mean 'wallet'?
""",
)

INVALID_FORM_KEY: Final = _rule(
    "MT807",
    "invalid-form-key",
    "error",
    "forms",
    "A `count` form key is neither a CLDR plural category nor an exact value `=N`.",
    rationale="""
Keys are `zero`, `one`, `two`, `few`, `many`, `other` and exact values such as
`"=0"` (a number written plainly). Anything else (`onee`, `=x`, `plural`) is never
chosen.
""",
    example="""
  en-US:
    forms:
      eta: {onee: "# minute", other: "# minutes"}   # did you mean 'one'?
""",
)

EMPTY_PHRASE: Final = _rule(
    "MT808",
    "empty-phrase",
    "error",
    "forms",
    "A phrase in `forms` is empty or only whitespace.",
    rationale="""
The parameter would be sent as an empty string and the sentence would read with a
hole in it ("arrives in ."). An unfinished translation should be finished or left
out of the pack.
""",
    example="""
  fr:
    forms:
      eta: {one: "# minute", many: "", other: "# minutes"}
""",
)

PLACEHOLDER_IN_PHRASE: Final = _rule(
    "MT809",
    "placeholder-in-phrase",
    "error",
    "forms",
    "A phrase in `forms` holds `${...}`: phrases are plain text, never filled in.",
    rationale="""
A phrase is a parameter's value, and values are data: `${name}` in it is sent as
those characters, never replaced. Put other parameters in the body; in a count
phrase `#` is the number.
""",
    example="""
  en-US:
    forms:
      eta: {one: "${eta} minute", other: "# minutes"}   # write "# minute"
""",
)

FORMS_WITHOUT_PARAMETER: Final = _rule(
    "MT810",
    "forms-without-parameter",
    "error",
    "forms",
    "A `forms` entry names a parameter that is not a declared `count` or `select` "
    "parameter (did-you-mean).",
    rationale="""
Only count and select parameters take their text from forms; an entry for an
undeclared name (often a typo) or for another type is never used.
""",
    example="""
parameters: {eta: {type: count}}
  en-US:
    forms:
      ETA: {one: "# minute", other: "# minutes"}   # did you mean 'eta'?
""",
)

UNUSED_FORMS: Final = _rule(
    "MT811",
    "unused-forms",
    "warning",
    "forms",
    "A variant has a `forms` entry for a parameter its texts do not use.",
    rationale="""
Forms keys drift like placeholders: a translation that dropped `${eta}` but kept its
phrases, or phrases copied from another template. The phrases are never shown.
""",
    example="""
  fr:
    body: Votre livreur arrive bientôt.   # no ${eta}
    forms:
      eta: {one: "# minute", other: "# minutes"}
""",
)

# ---------------------------------------- translation quality (each translation vs its source)

EDGE_LINE_BREAK: Final = _rule(
    "MT901",
    "line-break-at-edge",
    "error",
    "quality",
    "A translation begins or ends with a line break where its source does not, or the "
    "other way round.",
    rationale="""
gettext's `msgfmt --check` refuses a PO file whose `msgstr` does not begin and end with
a line break exactly as its `msgid` does, so such a text breaks the next export's
round trip through gettext's tools; `msgtemplate import` refuses it for the same
reason. Almost always a stray line break at the end of a pasted translation.
""",
    example="""
      en-US: {body: "Your code is ${code}."}
      fr: {body: "Votre code est ${code}.\\n"}
""",
)

URL_CHANGED: Final = _rule(
    "MT902",
    "url-changed",
    "warning",
    "quality",
    "A URL of the source text is missing from the translation, or changed.",
    rationale="""
Links are not translated: a changed or dropped URL sends readers of one language
somewhere else, or nowhere (pofilter's `urls`, Weblate's "URL" check). Put a
language-specific link in a parameter instead.
""",
    example="""
      en-US: {body: "Details at https://shop.example/help"}
      de: {body: "Details unter https://shop.example/hilfe"}
""",
)

EMAIL_CHANGED: Final = _rule(
    "MT903",
    "email-changed",
    "warning",
    "quality",
    "An e-mail address of the source text is missing from the translation, or changed.",
    rationale="""
An address is the same in every language; a typo in one translation means those
readers write to nobody (pofilter's `emails`).
""",
    example="""
      en-US: {body: "Write to help@shop.example"}
      es-419: {body: "Escribe a ayuda@shop.example"}
""",
)

NUMBER_CHANGED: Final = _rule(
    "MT904",
    "number-changed",
    "warning",
    "quality",
    "A number of the source text is missing from the translation, or changed "
    "(locale digits and separators understood).",
    rationale="""
Amounts, durations and codes written in the text must survive translation (pofilter's
`numbers`). Numbers are compared as values, read the way each locale writes them:
`1,234.5` in English and `1.234,5` in German are the same number, and so are Arabic-Indic
(`٣`) and full-width (`３`) digits and their ASCII forms. Placeholders are not numbers.
""",
    example="""
      en-US: {body: "The code expires in 10 minutes."}
      fr: {body: "Le code expire dans 15 minutes."}
""",
)

EDGE_SPACE: Final = _rule(
    "MT905",
    "edge-whitespace-mismatch",
    "warning",
    "quality",
    "The translation starts or ends with a space where the source does not, or the other "
    "way round.",
    rationale="""
Leading and trailing spaces are almost never meant, and where they are (a text joined to
another) every language needs them alike (pofilter's `startwhitespace` and
`endwhitespace`).
""",
    example="""
      en-US: {body: "Order ${orderId} shipped."}
      it: {body: "Ordine ${orderId} spedito. "}
""",
)

DOUBLED_SPACE: Final = _rule(
    "MT906",
    "doubled-space",
    "warning",
    "quality",
    "The translation has two or more spaces between words where its source has none.",
    rationale="""
A doubled space is a typing slip that shows in narrow message layouts (pofilter's
`doublespacing`).
""",
    example="""
      en-US: {body: "Order ${orderId} shipped."}
      pt-BR: {body: "Pedido ${orderId}  enviado."}
""",
)

LINE_COUNT: Final = _rule(
    "MT907",
    "line-count-mismatch",
    "warning",
    "quality",
    "The translation has a different number of lines than its source.",
    rationale="""
Line breaks in a message are layout (an address block, a list); a translation that
adds or loses one changes it (pofilter's `newlines`).
""",
    example="""
      en-US: {body: "Thank you!\\nYour order is on its way."}
      de: {body: "Danke! Ihre Bestellung ist unterwegs."}
""",
)

END_PUNCTUATION: Final = _rule(
    "MT908",
    "end-punctuation-mismatch",
    "warning",
    "quality",
    "The translation ends with other punctuation than its source (CJK, Arabic, Spanish "
    "and French conventions understood).",
    rationale="""
A question that became a statement, or a sentence that lost its period, reads wrong
(pofilter's `endpunc`). Equivalent marks are the same: `。！？：` are the full-width
`.!?:`, Arabic writes `؟` and `،`, French puts a space before `:;!?`, Thai, Lao, Khmer
and Burmese end sentences without a period, and a translation ending with a value may
end there. Spanish questions and exclamations need their opening `¿`/`¡`.
""",
    example="""
      en-US: {body: "Did you receive your order?"}
      ja: {body: "ご注文の商品は届きましたか。"}
""",
)

UNBALANCED: Final = _rule(
    "MT909",
    "unbalanced-brackets",
    "warning",
    "quality",
    "Brackets or quotes do not pair up in the translation (full-width forms understood).",
    rationale="""
A lost `)` or `」` is a slip that the reader sees at once (pofilter's `brackets`).
Full-width `（）［］｛｝` pair with their ASCII forms; CJK corner brackets, guillemets and
curly quotes are checked too. Only reported when the source itself is balanced.
""",
    example="""
      en-US: {body: "Refund (${amount}) issued."}
      zh-Hant: {body: "退款（${amount} 已發出。"}
""",
)

UNTRANSLATED: Final = _rule(
    "MT910",
    "untranslated",
    "info",
    "quality",
    "A translation is the same text as the default locale's (information only).",
    rationale="""
A text copied from the default locale is often a translation still to do, but brand
names, codes and some short words are the same in every language, so this is
information, never a failure (`--fail-on info` makes it one). Texts without any
letter outside placeholders are never reported; allow a brand-only text with
`# noqa: MT810` on its line (pofilter's `unchanged`).
""",
    example="""
      en-US: {body: "Order shipped"}
      de: {body: "Order shipped"}
""",
)

LENGTH_EXPANSION: Final = _rule(
    "MT911",
    "length-expansion",
    "warning",
    "quality",
    "A translation is much longer than its source (beyond the expansion expected for "
    "a text of that length).",
    rationale="""
Notifications are cut in narrow layouts; a translation far longer than its source is
likely to be cut, or holds more than a translation. The expected growth follows
common localization guidance (IBM's text-expansion table): short texts may grow up to
3x, long ones 1.5x (`msgtemplate.lint.quality_text.EXPANSION`), and any text may grow by 10
characters. The table is measured from English: a source in another script (Arabic,
Cyrillic, CJK...) is denser, so its translations may grow 1.5 times more. Placeholders
do not count; `max-length-ratio` in `[tool.msgtemplate.lint]` sets one ratio instead.
""",
    example="""
      en-US: {body: "Shipped"}
      de: {body: "Ihre Bestellung wurde heute an den Paketdienst übergeben"}
""",
)


RULES: Final[tuple[Rule, ...]] = tuple(
    sorted((row for row in tuple(globals().values()) if isinstance(row, Rule)), key=_code)
)
"""Every rule (every row above), sorted by code."""

_BY_CODE: Final[Mapping[str, Rule]] = MappingProxyType({rule.code: rule for rule in RULES})


def _check_table() -> None:
    """Refuse a malformed table at import: a bad code or name, a repeat, an unknown family."""
    names: set[str] = set()
    previous = ""
    for rule in RULES:
        if not _CODE.fullmatch(rule.code) or not _NAME.fullmatch(rule.name):
            raise ValueError(f"bad rule code or name: {rule.code} {rule.name}")
        if rule.code == previous:
            raise ValueError(f"rule code {rule.code} used twice")
        if rule.name in names:
            raise ValueError(f"rule name {rule.name} used twice")
        if rule.family not in FAMILIES:
            raise ValueError(f"rule {rule.code}: unknown family {rule.family}")
        previous = rule.code
        names.add(rule.name)


_check_table()


def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code."""
    return RULES


def rule_for(code: str) -> Rule:
    """The rule with this code (``KeyError`` for an unknown one)."""
    return _BY_CODE[code]
