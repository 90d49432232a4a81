"""Which rules run and what fails: ``--select``/``--ignore``/``--fail-on`` and pyproject.

Settings come from ``[tool.msgtemplate.lint]`` in the nearest ``pyproject.toml`` that
has that table (searching upward from the working directory, as ruff does), then from
the command line, which wins key by key.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from msgtemplate.errors import MsgTemplateError
from msgtemplate.lint.exclude import ExcludePatternError, Exclusions, check_patterns
from msgtemplate.lint.findings import SEVERITY_ORDER, Severity
from msgtemplate.lint.model import RuleOptions

FAIL_LEVELS: tuple[Severity, ...] = ("error", "warning", "info")
EMPTY_SELECT = (
    "is empty, so no rule would run; name codes or prefixes (e.g. MT1,MT301), "
    "or leave it out to run every rule"
)
_KEYS = {
    "select", "ignore", "fail-on", "skip-unknown", "exclude", "force-exclude",
    "max-length-ratio", "untranslated-allow",
}  # fmt: skip


class LintConfigError(MsgTemplateError):
    """A bad setting: unknown rule code, bad value, unreadable pyproject.toml."""


@dataclass(frozen=True, slots=True)
class LintConfig:
    """``select``/``ignore`` hold rule codes or prefixes (``MT1``); None selects all."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: Severity = "error"
    skip_unknown: bool = False
    """Skip explicitly named files that are neither packs nor bodies (pre-commit)."""
    exclude: tuple[str, ...] = ()
    """gitignore-style patterns of files and folders a directory search skips
    (:mod:`msgtemplate.lint.exclude`), relative to ``exclude_root``."""
    exclude_root: str | None = None
    """The folder ``exclude`` is relative to: the pyproject.toml's folder for
    settings read from one; None for the current directory."""
    extend_exclude: tuple[str, ...] = ()
    """More patterns (``--extend-exclude``), relative to the current directory."""
    force_exclude: bool = False
    """Apply the patterns to paths named explicitly too (pre-commit names every file)."""
    source: str | None = None
    """The pyproject.toml the settings came from, if any."""
    note: str | None = None
    """Why settings were not read (Python 3.10 without tomli)."""
    max_length_ratio: float | None = None
    """MT911's limit as one ratio for every length (None: the guidance table)."""
    untranslated_allow: tuple[str, ...] = ()
    """Texts MT910 never reports (brand names, codes that are the same everywhere)."""

    @property
    def rule_options(self) -> RuleOptions:
        """The settings rule families read from the model."""
        return RuleOptions(self.max_length_ratio, frozenset(self.untranslated_allow))

    def exclusions(self) -> tuple[Exclusions, ...]:
        """The ``exclude`` and ``extend_exclude`` patterns, each with its root folder."""
        out = []
        if self.exclude:
            out.append(Exclusions.of(self.exclude, self.exclude_root))
        if self.extend_exclude:
            out.append(Exclusions.of(self.extend_exclude))
        return tuple(out)

    def enabled(self, code: str) -> bool:
        if self.select is not None and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)

    def fails(self, severity: str) -> bool:
        return SEVERITY_ORDER[severity] >= SEVERITY_ORDER[self.fail_on]

    def validated(self, known_codes: Iterable[str]) -> LintConfig:
        """Raise :class:`LintConfigError` for a code or prefix that matches no rule, or
        for an empty ``select`` (it would silently turn every rule off)."""
        codes = list(known_codes)
        if self.select is not None and not self.select:
            where = f" in {self.source}" if self.source else ""
            raise LintConfigError(f"select{where} {EMPTY_SELECT}")
        for setting, values in (("select", self.select or ()), ("ignore", self.ignore)):
            for value in values:
                if not any(code.startswith(value) for code in codes):
                    where = f" in {self.source}" if self.source else ""
                    raise LintConfigError(
                        f"{setting}{where}: unknown rule code {value!r} "
                        f"(codes run from {codes[0]} to {codes[-1]}; see --show-rules)"
                    )
        return self


def parse_codes(value: str | Sequence[str], setting: str = "codes") -> tuple[str, ...]:
    """``"MT1, mt301"`` or ``["MT1"]`` -> ``("MT1", "MT301")``."""
    items = value.split(",") if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise LintConfigError(f"{setting}: expected rule codes as strings, got {item!r}")
        code = item.strip().upper()
        if code:
            out.append(code)
    return tuple(out)


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` with ``[tool.msgtemplate.lint]``."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _has_table(candidate):
            return candidate
    return None


def _has_table(path: Path) -> bool:
    # Cheap text test first: most pyproject files on the way up have no such table,
    # and parsing TOML costs an import.
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "msgtemplate" in text and "lint" in text and _table(path) is not None


def _table(path: Path) -> dict[str, object] | None:
    data = _load_toml(path)
    tool = data.get("tool")
    section = tool.get("msgtemplate") if isinstance(tool, dict) else None
    table = section.get("lint") if isinstance(section, dict) else None
    return table if isinstance(table, dict) else None


def _load_toml(path: Path) -> dict[str, object]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        try:
            import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            return {}
    try:
        with path.open("rb") as fh:
            data: dict[str, object] = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LintConfigError(f"{path}: cannot read settings: {exc}") from None
    return data


def toml_available() -> bool:
    if sys.version_info >= (3, 11):
        return True
    try:  # pragma: no cover - 3.10 only
        import tomli  # type: ignore[import-not-found, unused-ignore]  # noqa: F401
    except ImportError:  # pragma: no cover
        return False
    return True  # pragma: no cover


def load_config(start: Path | None = None) -> LintConfig:
    """Settings from the nearest pyproject.toml (defaults when there is none)."""
    if not toml_available():  # pragma: no cover - 3.10 without tomli
        return LintConfig(note="pyproject.toml settings are ignored: install tomli to read them")
    path = find_pyproject(start or Path.cwd())
    if path is None:
        return LintConfig()
    table = _table(path) or {}
    return config_from_table(table, str(path))


def config_from_table(table: dict[str, object], source: str) -> LintConfig:
    unknown = sorted(set(table) - _KEYS - {k.replace("-", "_") for k in _KEYS})
    if unknown:
        raise LintConfigError(
            f"{source}: unknown setting {unknown[0]!r} in [tool.msgtemplate.lint] "
            f"(known: {', '.join(sorted(_KEYS))})"
        )
    config = LintConfig(source=source)
    for key, value in table.items():
        name = key.replace("_", "-")
        if name in ("select", "ignore"):
            if not isinstance(value, (str, list)):
                raise LintConfigError(f"{source}: {name} must be a list of rule codes")
            codes = parse_codes(value, name)
            if name == "select" and not codes:
                raise LintConfigError(f"{source}: select {EMPTY_SELECT}")
            config = (
                replace(config, select=codes) if name == "select" else replace(config, ignore=codes)
            )
        elif name == "fail-on":
            if value not in FAIL_LEVELS:
                raise LintConfigError(f"{source}: fail-on must be 'error', 'warning' or 'info'")
            config = replace(config, fail_on=value)
        elif name in ("skip-unknown", "force-exclude"):
            if not isinstance(value, bool):
                raise LintConfigError(f"{source}: {name} must be true or false")
            if name == "skip-unknown":
                config = replace(config, skip_unknown=value)
            else:
                config = replace(config, force_exclude=value)
        elif name == "max-length-ratio":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 1:
                raise LintConfigError(f"{source}: max-length-ratio must be a number above 1")
            config = replace(config, max_length_ratio=float(value))
        elif name == "untranslated-allow":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise LintConfigError(f"{source}: untranslated-allow must be a list of texts")
            config = replace(config, untranslated_allow=tuple(value))
        elif name == "exclude":
            if not isinstance(value, list):
                raise LintConfigError(f"{source}: exclude must be a list of patterns")
            config = replace(
                config,
                exclude=exclude_patterns(value, f"{source}: exclude"),
                exclude_root=str(Path(source).resolve().parent),
            )
    return config


def exclude_patterns(values: Sequence[object], setting: str) -> tuple[str, ...]:
    """Checked patterns, or :class:`LintConfigError` naming ``setting`` and the pattern."""
    try:
        return check_patterns(values, setting)
    except ExcludePatternError as exc:
        raise LintConfigError(str(exc)) from None
