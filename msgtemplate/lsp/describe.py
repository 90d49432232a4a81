"""The words the editor shows about a parameter or a key (completion and hover).

Both come from a source of truth: a parameter's declaration as the pack reader built
it, and a key's title and description from the format's declaration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from msgtemplate.formatting import ParameterSpec
    from msgtemplate.pack import PackTemplate
    from msgtemplate.pack.schema import Field


def parameter_options(spec: ParameterSpec) -> list[str]:
    """``["currency USD"]``, ``["style long", "timezone Asia/Tokyo"]``...: the options
    that apply to the parameter's type, defaults included."""
    from msgtemplate.formatting import TYPE_OPTIONS

    applies = TYPE_OPTIONS.get(spec.type, frozenset())
    values = {
        "maxLength": spec.max_length,
        "currency": spec.currency,
        "style": spec.style,
        "timezone": spec.timezone,
        "values": "/".join(spec.values) if spec.values else None,
    }
    return [f"{k} {v}" for k, v in values.items() if k in applies and v is not None]


def describe_parameter(template: PackTemplate, name: str, spec: ParameterSpec) -> tuple[str, str]:
    """A one-line detail (``currency, currency USD · example 1234.5``) and Markdown."""
    detail = ", ".join([spec.type, *parameter_options(spec)])
    if spec.example is not None:
        detail += f" · example {spec.example}"
    lines = [f"**`${{{name}}}`** · {', '.join([spec.type, *parameter_options(spec)])}", ""]
    if spec.description:
        lines += [spec.description, ""]
    if spec.example is not None:
        lines.append(f"Example: `{spec.example}`")
    lines.append(f"Declared in `{template.code}`.")
    return detail, "\n".join(lines)


def describe_field(name: str, field: Field) -> str:
    """Markdown for a key of the pack format: its title, description and options."""
    need = "required" if field.required else "optional"
    lines = [f"**{name}** · {field.title} ({need})", "", field.doc]
    if field.choices:
        lines += ["", "One of: " + ", ".join(f"`{c}`" for c in field.choices)]
    if field.default is not None:
        lines += ["", f"Default: `{field.default}`"]
    if field.max_length is not None:
        lines += ["", f"At most {field.max_length} characters."]
    return "\n".join(lines)
