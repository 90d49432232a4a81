"""Parameter declarations: what a pack says a placeholder is, checked once.

``{type: currency, currency: USD, example: 1234.5}`` becomes a :class:`ParameterSpec`
(:func:`parse_parameter_spec`); anything wrong is a :class:`DeclarationError` naming the
option at fault, with a did-you-mean for misspelt types, options, currencies and
time zones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import babel.numbers

from msgtemplate._text.suggest import did_you_mean
from msgtemplate.caches import cached
from msgtemplate.errors import MsgTemplateError
from msgtemplate.formatting.values import ParameterError, coerce_value, shown

PARAMETER_TYPES: Final[tuple[str, ...]] = (
    "string",
    "integer",
    "number",
    "currency",
    "percent",
    "date",
    "datetime",
    "time",
    "count",
    "select",
)
STYLES: Final[tuple[str, ...]] = ("short", "medium", "long", "full")

OPTION_KEYS: Final[tuple[str, ...]] = (
    "type",
    "maxLength",
    "currency",
    "style",
    "timezone",
    "values",
    "example",
    "description",
)
TYPE_OPTIONS: Final[dict[str, frozenset[str]]] = {
    "string": frozenset({"maxLength"}),
    "integer": frozenset(),
    "number": frozenset(),
    "currency": frozenset({"currency"}),
    "percent": frozenset(),
    "date": frozenset({"style"}),
    "datetime": frozenset({"style", "timezone"}),
    "time": frozenset({"style", "timezone"}),
    "count": frozenset(),
    "select": frozenset({"values"}),
}
"""Which types take which options; ``example`` and ``description`` fit every type
(the pack schema's declaration of parameters is built from this)."""
REQUIRED_OPTIONS: Final[dict[str, frozenset[str]]] = {
    "currency": frozenset({"currency"}),
    "select": frozenset({"values"}),
}
"""The options a type cannot do without (any other type needs none): checked here,
and the pack schema's ``required_when`` is built from this, so they cannot drift."""
_NEEDS: Final[dict[str, str]] = {
    "currency": "a currency parameter needs 'currency' (an ISO 4217 code such as 'USD')",
    "values": "a select parameter needs 'values' (the list of allowed values, such as "
    "[card, wallet])",
}
# Names people reach for that difflib would not map to ours.
_TYPE_ALIASES: Final[dict[str, str]] = {
    "str": "string",
    "text": "string",
    "int": "integer",
    "float": "number",
    "decimal": "number",
    "double": "number",
    "money": "currency",
    "amount": "currency",
    "percentage": "percent",
    "timestamp": "datetime",
    "plural": "count",
    "quantity": "count",
    "choice": "select",
    "enum": "select",
}


class DeclarationError(MsgTemplateError, ValueError):
    """A bad parameter declaration.

    ``field`` is the option key at fault (``"currency"``, ``"maxLength"``, an unknown
    key as written...) so the pack loader can point at it; it is ``None`` when the
    declaration as a whole is wrong (not a mapping, a required key missing: then
    ``missing`` names that key).
    """

    def __init__(
        self,
        parameter: str,
        reason: str,
        *,
        field: str | None = None,
        missing: str | None = None,
    ) -> None:
        self.parameter = parameter
        self.reason = reason
        self.field = field
        self.missing = missing
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"parameter {self.parameter!r}: {self.reason}"

    def __reduce__(
        self,
    ) -> tuple[Callable[..., DeclarationError], tuple[str, str, str | None, str | None]]:
        return (_make_schema_error, (self.parameter, self.reason, self.field, self.missing))


def _make_schema_error(
    parameter: str, reason: str, field: str | None, missing: str | None
) -> DeclarationError:
    return DeclarationError(parameter, reason, field=field, missing=missing)


@dataclass(frozen=True, slots=True)
class ParameterSpec:
    """One declared parameter. Constructing it validates it (:class:`DeclarationError`)."""

    name: str
    type: str
    max_length: int | None = None
    currency: str | None = None
    style: str = "medium"
    timezone: str = "UTC"
    values: tuple[str, ...] | None = None
    example: object = None
    description: str | None = None

    def __post_init__(self) -> None:
        given: object = self.values
        if isinstance(given, list):  # a list from Python code reads as well as a tuple
            object.__setattr__(self, "values", tuple(given))
        _check_spec(self)

    @property
    def zone(self) -> dt.tzinfo:
        """The ``timezone`` as a tzinfo (already checked for datetime and time)."""
        return _zone(self.name, self.timezone)


def _check_spec(spec: ParameterSpec) -> None:
    name = spec.name
    _check_type(name, spec.type)
    allowed = TYPE_OPTIONS[spec.type]
    given = {
        "maxLength": spec.max_length is not None,
        "currency": spec.currency is not None,
        "style": spec.style != "medium",
        "timezone": spec.timezone != "UTC",
        "values": spec.values is not None,
    }
    for key, present in given.items():
        if present and key not in allowed:
            raise DeclarationError(
                name, f"option {key!r} does not apply to type {spec.type!r}", field=key
            )
    for option in sorted(REQUIRED_OPTIONS.get(spec.type, ())):
        if not given[option]:
            raise DeclarationError(name, _NEEDS[option], missing=option)
    if spec.max_length is not None:
        _check_max_length(name, spec.max_length)
    if spec.type == "currency":
        assert spec.currency is not None  # REQUIRED_OPTIONS
        _check_currency(name, spec.currency)
    _check_style(name, spec.style)
    _check_timezone(name, spec.timezone)
    if spec.type in ("datetime", "time"):
        _zone(name, spec.timezone)
    if spec.type == "select":
        _check_values(name, spec.values)
    if spec.description is not None:
        _check_description(name, spec.description)
    if spec.example is not None:
        _check_example(spec, spec.example)


def _check_type(name: str, type_: object) -> None:
    if isinstance(type_, str) and type_ in PARAMETER_TYPES:
        return
    hint = ""
    if isinstance(type_, str):
        alias = _TYPE_ALIASES.get(type_.lower())
        hint = f"; did you mean {alias!r}?" if alias else did_you_mean(type_, PARAMETER_TYPES)
    raise DeclarationError(
        name,
        f"unknown type {shown(type_)}{hint} (one of {', '.join(PARAMETER_TYPES)})",
        field="type",
    )


def _check_max_length(name: str, value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise DeclarationError(
            name, f"maxLength must be a positive integer, got {shown(value)}", field="maxLength"
        )


def _check_style(name: str, value: object) -> None:
    if not isinstance(value, str) or value not in STYLES:
        raise DeclarationError(
            name, f"style must be one of {', '.join(STYLES)}, got {shown(value)}", field="style"
        )


def _check_timezone(name: str, value: object) -> None:
    if not isinstance(value, str):
        raise DeclarationError(
            name, f"timezone must be a string, got {shown(value)}", field="timezone"
        )


def _check_description(name: str, value: object) -> None:
    if not isinstance(value, str):
        raise DeclarationError(
            name, f"description must be a string, got {shown(value)}", field="description"
        )


def _check_example(spec: ParameterSpec, example: object) -> None:
    try:
        coerce_value(spec, example)
    except ParameterError as exc:
        raise DeclarationError(spec.name, f"example: {exc.reason}", field="example") from None


def _check_values(name: str, values: object) -> None:
    if isinstance(values, list):
        values = tuple(values)
    if not isinstance(values, tuple) or not values:
        raise DeclarationError(
            name,
            f"values must be a non-empty list of strings, got {shown(values)}",
            field="values",
        )
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise DeclarationError(
                name, f"values must be non-empty strings, got {shown(value)}", field="values"
            )
        if value in seen:
            raise DeclarationError(name, f"value {value!r} is listed twice", field="values")
        seen.add(value)


def _check_currency(name: str, code: object) -> None:
    if not isinstance(code, str):
        raise DeclarationError(
            name, f"currency must be an ISO 4217 code, got {shown(code)}", field="currency"
        )
    known = _currencies()
    if code in known:
        return
    if code.upper() in known:
        hint = f"; did you mean {code.upper()!r}?"
    else:
        hint = did_you_mean(code.upper(), sorted(known))
    raise DeclarationError(name, f"unknown ISO 4217 currency code {code!r}{hint}", field="currency")


@cached("formatting.currencies")
def _currencies() -> frozenset[str]:
    return frozenset(babel.numbers.list_currencies())


@cached("formatting.zones")
def _zone_or_none(key: str) -> dt.tzinfo | None:
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # ValueError: not a valid key (absolute path, ".."); OSError: a directory.
        # The default must work even where no tz database is installed.
        return dt.timezone.utc if key == "UTC" else None


def _zone(name: str, key: str) -> dt.tzinfo:
    zone = _zone_or_none(key)
    if zone is None:
        hint = did_you_mean(key, sorted(_all_zones()))
        raise DeclarationError(name, f"unknown IANA timezone {key!r}{hint}", field="timezone")
    return zone


@cached("formatting.zone_names")
def _all_zones() -> frozenset[str]:
    # Slow (walks the tz database) but only needed to word an error.
    return frozenset(available_timezones())


_SPEC_FIELDS: Final[dict[str, str]] = {
    "maxLength": "max_length",
    "currency": "currency",
    "style": "style",
    "timezone": "timezone",
    "values": "values",
    "example": "example",
    "description": "description",
}


def parse_parameter_spec(name: str, options: Mapping[str, object]) -> ParameterSpec:
    """Build a :class:`ParameterSpec` from a pack's plain mapping, validating it all.

    ``{"type": "currency", "currency": "USD", "example": 1234.5}``. Unknown keys get
    a did-you-mean (``max_length`` -> ``maxLength``). An ``example`` of ``None``
    (YAML ``example:`` with nothing after it) means no example. Raises the first of
    :func:`declaration_faults`.
    """
    spec, faults = read_declaration(name, options)
    if spec is None:
        raise faults[0]
    return spec


def declaration_faults(name: str, options: object) -> list[DeclarationError]:
    """Every fault of one declaration at once, as the pack schema reports them.

    ``{type: date, style: longest, maxLength: 3}`` has two: an unknown style and an
    option that does not apply to dates. Each option is checked on its own; the
    ``example`` only once the rest is sound (its meaning depends on the rest).
    """
    return read_declaration(name, options)[1]


def read_declaration(
    name: str, options: object
) -> tuple[ParameterSpec | None, list[DeclarationError]]:
    """The declaration as a :class:`ParameterSpec` when it has no fault, else None and
    every fault (:func:`declaration_faults`): one pass for both, so a pack's
    parameters are checked once each."""
    if not isinstance(options, Mapping):
        return None, [
            DeclarationError(
                name,
                f"a parameter declaration must be a mapping such as {{type: string}}, "
                f"got {shown(options)}",
            )
        ]
    faults: list[DeclarationError] = []
    for key in options:
        if not isinstance(key, str) or key not in OPTION_KEYS:
            hint = did_you_mean(key, OPTION_KEYS) if isinstance(key, str) else ""
            faults.append(
                DeclarationError(
                    name,
                    f"unknown option {shown(key)}{hint} (options: {', '.join(OPTION_KEYS)})",
                    field=key if isinstance(key, str) else None,
                )
            )
    type_ = options.get("type")
    if "type" not in options:
        faults.append(
            DeclarationError(
                name, f"missing 'type' (one of {', '.join(PARAMETER_TYPES)})", missing="type"
            )
        )
    elif not isinstance(type_, str):
        faults.append(
            DeclarationError(name, f"type must be a string, got {shown(type_)}", field="type")
        )
        type_ = None
    else:
        _collect(faults, _check_type, name, type_)
        if type_ not in TYPE_OPTIONS:
            type_ = None
    if isinstance(type_, str):
        # Explicit defaults (`style: medium` on a string) are as wrong as other values;
        # ParameterSpec cannot see them, so check the keys as written here.
        faults.extend(
            DeclarationError(name, f"option {key!r} does not apply to type {type_!r}", field=key)
            for key in options
            if key in ("maxLength", "currency", "style", "timezone", "values")
            and key not in TYPE_OPTIONS[type_]
        )
    for key in ("maxLength", "currency", "style", "timezone", "values"):
        if key in options and options[key] is None:
            faults.append(DeclarationError(name, f"{key} must not be empty", field=key))
    present = {k: v for k, v in options.items() if isinstance(k, str) and v is not None}
    if "maxLength" in present:
        _collect(faults, _check_max_length, name, present["maxLength"])
    if isinstance(type_, str):
        faults.extend(
            DeclarationError(name, _NEEDS[option], missing=option)
            for option in sorted(REQUIRED_OPTIONS.get(type_, ()))
            if option not in options
        )
    if type_ == "currency" and "currency" in present:
        _collect(faults, _check_currency, name, present["currency"])
    if type_ == "select" and "values" in present:
        _collect(faults, _check_values, name, present["values"])
    if "style" in present:
        _collect(faults, _check_style, name, present["style"])
    if "timezone" in present:
        _collect(faults, _check_timezone, name, present["timezone"])
        if type_ in ("datetime", "time") and isinstance(present["timezone"], str):
            _collect(faults, _zone, name, present["timezone"])
    if "description" in present:
        _collect(faults, _check_description, name, present["description"])
    if faults:
        return None, faults
    # Sound but for the example, maybe: the spec checks it last (options given as
    # None are the defaults, or faults above).
    kwargs = {_SPEC_FIELDS[k]: v for k, v in present.items() if k != "type"}
    try:
        return ParameterSpec(name, str(type_), **kwargs), []
    except DeclarationError as exc:
        if exc.field != "example":  # pragma: no cover - every other fault is found above
            raise
        return None, [exc]


def _collect(faults: list[DeclarationError], check: Callable[..., object], *args: object) -> None:
    try:
        check(*args)
    except DeclarationError as exc:
        faults.append(exc)
