"""Agreement with ICU's own data-driven LocaleMatcher tests.

ICU keeps its matcher's contract in ``icu4c/source/test/testdata/localeMatcherTest.txt``
(unicode-org/icu). Its text is not part of this repository: pass the path of a copy.
Every case with the default ("normal") favor and no threshold is run, except those
using ICU's pseudo-locales (en-XA, ar-XB, *-PSACCENT...), in two modes:

* cross_script=True: our answer must be ICU's, exactly;
* cross_script=False (the default): the cases where ICU's answer is in another script
  than every requested tag are left out (we refuse those on purpose); the rest must
  agree.

Run: .venv/bin/python bench/bench_locale_icu.py /work/data/localeMatcherTest.txt
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from msgtemplate.locales import LocaleError, LocaleMatcher
from msgtemplate.locales.lsr import lsr

PSEUDO = ("psaccent", "psbidi", "pscrack", "-xa", "-xb", "-xc")


@dataclass
class Case:
    line: int
    test: str
    supported: list[str]
    default: str | None
    desired: list[str]
    expected: str | None  # None: ICU answers null


@dataclass
class Settings:
    test: str = ""
    supported: list[str] = field(default_factory=list)
    default: str | None = None
    favor: str = ""
    threshold: str = ""


def parse(path: Path) -> tuple[list[Case], int]:
    """The cases with default options, and how many were left out for pseudo-locales."""
    cases: list[Case] = []
    pseudo = 0
    settings = Settings()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if not raw.startswith("**") else raw.strip()
        if line.startswith("** test:"):
            settings = Settings(test=line.removeprefix("** test:").strip())
        elif line.startswith("@"):
            name, _, value = line[1:].partition("=")
            value = value.strip()
            if name == "supported":
                settings.supported = [t.strip() for t in value.split(",") if t.strip()]
            elif name == "default":
                settings.default = value or None
            elif name == "favor":
                settings.favor = value
            elif name == "threshold":
                settings.threshold = value
        elif ">>" in line:
            if settings.favor not in ("", "normal") or settings.threshold:
                continue
            left, _, right = line.partition(">>")
            desired = [t.strip() for t in left.split(",") if t.strip()]
            answer = right.split("|")[0].strip()
            everything = " ".join([*settings.supported, *desired, answer]).lower()
            if any(p in everything for p in PSEUDO):
                pseudo += 1
                continue
            cases.append(
                Case(
                    number,
                    settings.test,
                    list(settings.supported),
                    settings.default,
                    desired,
                    None if answer == "null" else answer,
                )
            )
    return cases, pseudo


def canonical(tag: str | None) -> str | None:
    if tag is None:
        return None
    from langcodes import standardize_tag

    text = tag.lower().replace("_", "-")
    try:
        return standardize_tag(text).lower() if text.startswith(("i-", "en-gb-oed")) else text
    except ValueError:
        return text


def ours(case: Case, cross_script: bool) -> str | None:
    # ICU's default locale is the explicit one, else the first supported locale.
    default = case.default if case.default is not None else next(iter(case.supported), None)
    matcher = LocaleMatcher(case.supported, cross_script=cross_script)
    return matcher.match(case.desired, default)


def crosses_script(case: Case) -> bool:
    """ICU's expected answer is a real match in a script none of the requested tags has."""
    default = case.default if case.default is not None else next(iter(case.supported), None)
    if case.expected is None or canonical(case.expected) == canonical(default):
        return False
    try:
        script = lsr(case.expected).script
        return all(lsr(tag).script != script for tag in case.desired)
    except LocaleError:
        return False


def run(cases: list[Case], cross_script: bool) -> tuple[int, int, list[tuple[Case, str]]]:
    agreed = total = 0
    misses: list[tuple[Case, str]] = []
    for case in cases:
        if not cross_script and crosses_script(case):
            continue
        total += 1
        try:
            answer = ours(case, cross_script)
        except LocaleError as exc:
            misses.append((case, f"error: {exc}"))
            continue
        if canonical(answer) == canonical(case.expected):
            agreed += 1
        else:
            misses.append((case, f"ours {answer}"))
    return agreed, total, misses


def main(argv: list[str]) -> int:
    if len(argv) != 1:  # run_all runs every bench without arguments
        print("skipped: pass the path of ICU's localeMatcherTest.txt (not shipped here)")
        return 0 if not argv else 2
    cases, pseudo = parse(Path(argv[0]))
    print(f"{len(cases)} cases with default options ({pseudo} pseudo-locale cases left out)")
    for cross_script in (False, True):
        agreed, total, misses = run(cases, cross_script)
        mode = "cross_script=True " if cross_script else "cross_script=False"
        skipped = len(cases) - total
        note = f", {skipped} where ICU crosses scripts left out" if skipped else ""
        print(f"{mode}: {agreed}/{total} = {100 * agreed / total:.1f}% agree with ICU{note}")
        for case, why in misses:
            supported = ", ".join(case.supported) or "(none)"
            default = f" default={case.default}" if case.default else ""
            print(
                f"  line {case.line} [{case.test}] {supported}{default}: "
                f"{', '.join(case.desired) or '(none)'} >> ICU {case.expected}, {why}"
            )
    _against_installed_icu(cases)
    return 0


def _against_installed_icu(cases: list[Case]) -> None:
    """The file records one ICU release's answers; ICU's CLDR data moves on. When
    PyICU is installed, say how its ICU answers the same cases, and how we agree
    with it (both modes asked the same way as above)."""
    try:
        import icu
    except ImportError:
        return
    answers = [_icu(icu, case) for case in cases]
    same = sum(canonical(a) == canonical(c.expected) for a, c in zip(answers, cases, strict=True))
    print(f"installed ICU {icu.ICU_VERSION} itself: {same}/{len(cases)} agree with the file")
    for cross_script in (False, True):
        kept = [
            (c, a)
            for c, a in zip(cases, answers, strict=True)
            if cross_script or not crosses_script(Case(**{**c.__dict__, "expected": a}))
        ]
        agreed = 0
        for case, answer in kept:
            with contextlib.suppress(LocaleError):
                agreed += canonical(ours(case, cross_script)) == canonical(answer)
        mode = "cross_script=True " if cross_script else "cross_script=False"
        print(
            f"{mode}: {agreed}/{len(kept)} = {100 * agreed / len(kept):.1f}% agree with "
            f"ICU {icu.ICU_VERSION} on the file's cases"
        )


def _icu(icu: Any, case: Case) -> str | None:
    builder = icu.LocaleMatcher.Builder()
    if case.supported:
        builder.setSupportedLocalesFromListString(", ".join(case.supported))
    if case.default:
        builder.setDefaultLocale(icu.Locale.forLanguageTag(case.default))
    default = case.default or next(iter(case.supported), None)
    if not case.desired:
        return default
    result = builder.build().getBestMatchResult(
        [icu.Locale.forLanguageTag(t) for t in case.desired]
    )
    index = result.getSupportedIndex()
    return case.supported[index] if index >= 0 else default


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
