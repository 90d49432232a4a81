"""The ${placeholder} language: syntax, errors, rendering, escaping, caching."""

from __future__ import annotations

import importlib.metadata
import pickle
import shutil
import string
import subprocess
import sys
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import msgtemplate
from msgtemplate import MissingParameterError, Template, TemplateSyntaxError, escape
from msgtemplate.template.syntax import Placeholder, Text, lark_parser, parse

# --- the language ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "params", "expected"),
    [
        ("Hello, ${who}", {"who": "XiaoMing"}, "Hello, XiaoMing"),
        ("${a}${b}", {"a": 1, "b": 2}, "12"),
        ("$${who}", {}, "${who}"),
        ("Price: $5", {}, "Price: $5"),
        ("US$ 12", {}, "US$ 12"),
        ("trailing $", {}, "trailing $"),
        ("$", {}, "$"),
        ("$$", {}, "$"),
        ("$$$", {}, "$$"),
        ("$$$$", {}, "$$"),
        ("$${x}${x}", {"x": "y"}, "${x}y"),
        ("{ } {{x}} {who}", {}, "{ } {{x}} {who}"),
        ("line1\nline2 ${n}\n", {"n": 3}, "line1\nline2 3\n"),
        ("你好，${who}！🎉", {"who": "小明"}, "你好，小明！🎉"),
        ("مرحبا ${who}", {"who": "علي"}, "مرحبا علي"),
        ("${_x1}", {"_x1": None}, "None"),
        ("$name is text", {}, "$name is text"),
        ("", {}, ""),
    ],
)
def test_render(text: str, params: dict[str, object], expected: str) -> None:
    assert Template(text).render(params) == expected


def test_values_are_converted_with_str_and_never_expanded() -> None:
    class Money:
        def __str__(self) -> str:
            return "$1.00"

    t = Template("${a} ${b} ${c}")
    assert t.render(a=Money(), b=2.5, c="${a}") == "$1.00 2.5 ${a}"


def test_keywords_combine_with_mapping_and_win() -> None:
    t = Template("${a}-${b}")
    assert t.render({"a": 1, "b": 2}, b=3) == "1-3"
    assert t.render(a="x", b="y") == "x-y"


class Shown:
    """A value whose ``format()`` and ``str()`` differ, to see which one render uses."""

    def __format__(self, spec: str) -> str:
        return f"formatted[{spec}]"

    def __str__(self) -> str:
        return "str"


@pytest.mark.parametrize("count", [1, 5, 16, 17, 60])
def test_values_are_formatted_as_an_f_string_formats_them_on_every_path(count: int) -> None:
    # format(value, "") as in f"{value}", whatever the shape of the template (the
    # shipped f-string code, the generic path above 16) and on the lenient path.
    t = Template("".join(f"${{p{i}}}," for i in range(count)))
    values = {f"p{i}": Shown() for i in range(count)}
    assert t.render(values) == "formatted[]," * count
    assert t.render(**values) == "formatted[]," * count
    lenient = t.render({"p0": Shown()}, strict=False)
    assert lenient == "formatted[]," + "".join(f"${{p{i}}}," for i in range(1, count))


def test_strict_is_an_option_not_a_value_whatever_the_path() -> None:
    for t in (Template("${strict} ${a}"), Template("${strict} ${a}" + " ${b}" * 20)):
        with pytest.raises(MissingParameterError) as info:
            t.render(a=1, strict=True)
        assert info.value.names[0] == "strict"
        assert t.render(a=1, strict=False).startswith("${strict} 1")
        assert t.render({"strict": "s", "a": 1, "b": 2}, strict=False).startswith("s 1")


def test_render_code_spends_nothing_per_call_it_does_not_need() -> None:
    # The speed guard (bench/bench_template.py measures it against an f-string):
    # no keyword-only default to look up, no conversion call per value; the only
    # per-call extra is the keyword dict `render(**values)` needs.
    import dis

    render = Template("a ${x} b ${y} c").render
    code = render.__code__
    assert code.co_kwonlyargcount == 0
    assert code.co_flags & 0x08  # CO_VARKEYWORDS: render(**values) works
    conversions = [
        op
        for op in dis.get_instructions(code)
        if op.opname == "CONVERT_VALUE" or (op.opname == "FORMAT_VALUE" and op.arg & 3)
    ]
    assert conversions == []


@pytest.mark.parametrize("count", [1, 16, 17])
def test_render_is_one_documented_function_built_once_per_template(count: int) -> None:
    from msgtemplate.template.compiled import PRECOMPILED_SHAPES

    t = Template(" ".join(f"${{p{i}}}" for i in range(count)))
    assert t.render is t.render  # built on first use, then kept on the template
    assert t.render.__name__ == "render"
    assert (t.render.__doc__ or "").startswith("Fill the placeholders; values are formatted")
    # Up to 16 placeholders the shipped, byte-compiled code renders; above, the generic path.
    shipped = t.render.__code__.co_filename.endswith("_render_shapes.py")
    assert shipped == (count <= PRECOMPILED_SHAPES)


@pytest.mark.parametrize("count", [1, 20])
def test_a_mappings_own_defaults_are_used_whatever_strict_says(count: int) -> None:
    # Counter and defaultdict answer for missing keys themselves; `strict` must not
    # turn them into plain dicts on the way.
    t = Template("${a}," * count)
    for strict in (True, False):
        assert t.render(Counter(), strict=strict) == "0," * count
        assert t.render(defaultdict(lambda: "?"), strict=strict) == "?," * count
    assert t.render(Counter(a=2), strict=False) == "2," * count


def test_extra_params_are_ignored() -> None:
    assert Template("${a}").render({"a": 1, "zzz": 2}) == "1"


def test_missing_names_every_missing_placeholder_in_order() -> None:
    t = Template("${b} ${a} ${b} ${c}")
    with pytest.raises(MissingParameterError) as info:
        t.render(a=1)
    assert info.value.names == ("b", "c")
    assert isinstance(info.value, KeyError)
    assert info.value.args == (("b", "c"),)  # what `except KeyError as e: e.args` sees
    assert str(info.value) == "missing parameters: b, c"
    with pytest.raises(MissingParameterError, match=r"missing parameter: x$"):
        Template("${x}").render()


def test_non_strict_keeps_missing_placeholders_as_written() -> None:
    t = Template("Dear ${who}, ${what} is ready")
    assert t.render({"what": "order"}, strict=False) == "Dear ${who}, order is ready"
    assert t.render(strict=False) == "Dear ${who}, ${what} is ready"


def test_a_keyerror_from_inside_a_mapping_is_not_disguised() -> None:
    class Broken(dict[str, object]):
        def __getitem__(self, key: str) -> object:
            raise KeyError("boom")

    for source in ("${a}", "${a}" * 20):  # the shipped code and the generic path
        with pytest.raises(KeyError) as info:
            Template(source).render(Broken(a=1))
        assert not isinstance(info.value, MissingParameterError)
        assert info.value.args == ("a mapping raised KeyError for a key it contains",)


@pytest.mark.parametrize(
    ("text", "placeholders"),
    [
        ("", ()),
        ("no slots, $5", ()),
        ("${b} ${a} ${b}", ("b", "a")),
        ("$${a} ${b}", ("b",)),
    ],
)
def test_placeholders_unique_in_first_appearance_order(
    text: str, placeholders: tuple[str, ...]
) -> None:
    assert Template(text).placeholders == placeholders


@pytest.mark.parametrize("escape", ["", "$$"])
def test_positions_after_several_line_breaks_in_one_text(escape: str) -> None:
    # With "$$" the text goes through the scanner, without it through the split.
    nodes = parse(f"{escape}a\nb\n  ${{y}} ${{z}}\n\n${{w}}")
    assert [n for n in nodes if isinstance(n, Placeholder)] == [
        Placeholder("y", 6 + len(escape), 3, 3),
        Placeholder("z", 11 + len(escape), 3, 8),
        Placeholder("w", 17 + len(escape), 5, 1),
    ]
    assert nodes[0] == Text(escape[:1] + "a\nb\n  ", 0)  # "$$" is the text "$"
    assert nodes[2] == Text(" ", 10 + len(escape))


def test_nodes_carry_positions_of_the_dollar() -> None:
    nodes = parse("a\nbc ${x} $$\n  ${y}")
    assert nodes == (
        Text("a\nbc ", 0),
        Placeholder("x", 5, 2, 4),
        Text(" $\n  ", 9),
        Placeholder("y", 15, 3, 3),
    )


# --- errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("Hello, ${who", 1, 8, "unclosed placeholder"),
        ("${}", 1, 1, "empty placeholder"),
        ("x ${1st}", 1, 3, "invalid placeholder name '1st'"),
        ("${first name}", 1, 1, "invalid placeholder name 'first name'"),
        ("${名字}", 1, 1, "invalid placeholder name '名字'"),
        ("${ who }", 1, 1, "write '${who}'"),
        ("${who}} ${", 1, 9, "unclosed placeholder"),
        ("ok ${a}\nline two\n\tthen ${b c} end", 3, 7, "invalid placeholder name 'b c'"),
        ("$${a} ${", 1, 7, "unclosed"),
        ("${a\n}", 1, 1, "unclosed"),
    ],
)
def test_syntax_errors_point_at_the_dollar(
    text: str, line: int, column: int, fragment: str
) -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        Template(text)
    err = info.value
    assert (err.line, err.column) == (line, column)
    assert text[err.offset] == "$"
    assert err.source == text
    assert fragment in err.message
    assert isinstance(err, ValueError)


_NAME_RULE = "a name is ASCII letters, digits and '_', not starting with a digit"


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            "Hello, ${who",
            1,
            8,
            "unclosed placeholder '${who' (opened here): '}' is missing after the name; "
            "write '${who}'",
        ),
        (  # the '}' belongs to a later placeholder
            "${a ${b}",
            1,
            1,
            "unclosed placeholder '${a' (opened here): '}' is missing after the name; write '${a}'",
        ),
        ("x ${ who", 1, 3, "unclosed placeholder '${ who': expected a name and '}' after '${'"),
        ("${", 1, 1, "unclosed placeholder '${': expected a name and '}' after '${'"),
        ("\n${}", 2, 1, "empty placeholder '${}': expected a name, as in ${name}"),
        ("\n\n x${}\n", 3, 3, "empty placeholder '${}': expected a name, as in ${name}"),
        ("${ who }", 1, 1, "spaces inside placeholder '${ who }': write '${who}'"),
        # names and fragments are shown up to 30 characters, then clipped with "…"
        (
            "${1" + "a" * 29 + "}",
            1,
            1,
            f"invalid placeholder name '1{'a' * 29}' in '${{1{'a' * 27}…': {_NAME_RULE} "
            "(write '$$' for a literal '$')",
        ),
        (
            "${1" + "a" * 30 + "}",
            1,
            1,
            f"invalid placeholder name '1{'a' * 29}…' in '${{1{'a' * 27}…': {_NAME_RULE} "
            "(write '$$' for a literal '$')",
        ),
        (
            "${1" + "a" * 26 + "}",
            1,
            1,
            f"invalid placeholder name '1{'a' * 26}' in '${{1{'a' * 26}}}': {_NAME_RULE} "
            "(write '$$' for a literal '$')",
        ),
    ],
)
def test_syntax_errors_say_exactly_what_is_wrong(
    text: str, line: int, column: int, message: str
) -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        Template(text)
    err = info.value
    assert (err.line, err.column, err.message) == (line, column, message)
    assert err.args == (message,)


def test_error_text_shows_the_line_and_a_caret() -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        Template("first\n\t名字 ${名字}!")
    rendered = str(info.value).splitlines()
    assert rendered[0].endswith("(line 2, column 5)")
    assert rendered[1] == "  \t名字 ${名字}!"
    # tab kept, each wide character takes two cells, caret under the `$`
    assert rendered[2] == "  \t     ^"


def test_errors_survive_pickling() -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        Template("a ${")
    clone = pickle.loads(pickle.dumps(info.value))
    assert (clone.line, clone.column, clone.message) == (1, 3, info.value.message)


def test_non_string_source_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="takes a str"):
        Template(b"${x}")  # type: ignore[arg-type]


# --- object behaviour --------------------------------------------------------------


def test_construction_is_cached_and_objects_are_immutable() -> None:
    text = "cache ${me} please"
    assert Template(text) is Template(text)
    t = Template(text)
    with pytest.raises(AttributeError):
        t.source = "other"  # type: ignore[misc]
    assert t == Template(text)
    assert hash(t) == hash(Template(text))
    assert repr(t) == "Template('cache ${me} please')"
    assert pickle.loads(pickle.dumps(t)).render(me="x") == "cache x please"


def test_escape_doubles_every_dollar() -> None:
    assert escape("${a} costs $$5 or $") == "$${a} costs $$$$5 or $$"
    assert Template(escape("${a} costs $$5 or $")).render() == "${a} costs $$5 or $"
    assert escape("no dollar") == "no dollar"


def test_templates_of_different_texts_hash_apart() -> None:
    # Equal templates hash alike; different texts spread (a set of templates stays fast).
    texts = ["a ${x}", "b ${x}", "c ${x}", "${x}"]
    assert len({hash(Template(t)) for t in texts}) == len(texts)
    assert {Template(t) for t in texts} == {Template(t) for t in reversed(texts)}


def test_repr_shows_up_to_60_characters_of_the_source() -> None:
    assert repr(Template("x" * 60)) == f"Template('{'x' * 60}')"
    assert repr(Template("y" * 61)) == f"Template('{'y' * 57}...')"


def test_changing_a_template_is_refused_with_a_clear_message() -> None:
    t = Template("fixed ${x}")
    for change in (lambda: setattr(t, "source", "x"), lambda: delattr(t, "source")):
        with pytest.raises(AttributeError) as info:
            change()
        assert str(info.value) == "Template objects are immutable"
    assert t.source == "fixed ${x}"


def test_equality_is_by_type_and_source() -> None:
    class Mine(Template):
        __slots__ = ()

    assert Template("a") == Template("a")
    assert Template("a") != Template("b")
    assert Mine("a") == Mine("a")
    assert Mine("a") != Template("a")
    assert Template("a") != Mine("a")
    assert Template("a").__eq__("a") is NotImplemented
    assert (Template("a") == "a") is False


def test_subclasses_work_and_are_not_shared_with_the_base_cache() -> None:
    class Mine(Template):
        __slots__ = ()

    t = Mine("${a}!")
    assert type(t) is Mine
    assert t.render(a=1) == "1!"
    assert Template("${a}!") is not t


def test_templates_are_safe_to_share_between_threads() -> None:
    t = Template("${a}:${b}")
    errors: list[str] = []

    def work(n: int) -> None:
        for i in range(2000):
            got = t.render(a=n, b=i)
            if got != f"{n}:{i}":
                errors.append(got)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_public_api_is_exported() -> None:
    # Each lazily re-exported name is the very object its defining module holds, under
    # its own name, and documented; the version is the installed distribution's.
    for name in msgtemplate.__all__:
        value = getattr(msgtemplate, name)
        if name == "__version__":
            assert value == importlib.metadata.version("msgtemplate")
            continue
        assert value.__name__ == name
        assert value.__module__.startswith("msgtemplate.")
        assert getattr(sys.modules[value.__module__], name) is value
        assert value.__doc__, f"{name} has no docstring"
    assert dir(msgtemplate) == sorted(msgtemplate.__all__)
    with pytest.raises(AttributeError):
        _ = msgtemplate.nope  # type: ignore[attr-defined]


# --- properties --------------------------------------------------------------------

names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True)
plain_text = st.text(st.characters(blacklist_characters="$", codec="utf-8"), max_size=12)
dollar_heavy = st.text(alphabet=st.sampled_from(["$", "{", "}", "a", "1", " ", "\n", "名"]))


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), dollar_heavy))
def test_any_string_parses_or_raises_template_syntax_error(text: str) -> None:
    try:
        Template(text)
    except TemplateSyntaxError as err:
        offset = err.offset
    else:
        return
    assert text[offset : offset + 2] == "${"


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(),
        dollar_heavy,
        st.lists(st.sampled_from(["${a}", "${b_1}", "\n", "x ", "名", "$$", "$", "${", "}"])).map(
            "".join
        ),
    )
)
def test_the_split_at_placeholders_gives_the_scanners_nodes(text: str) -> None:
    # parse() splits texts whose only '$' are placeholders in one C call; every other
    # text goes through the scanner. Both must give the same nodes, positions included.
    from msgtemplate.template.syntax import _scan

    def nodes_or_offset(parser: Callable[[str], object]) -> object:
        try:
            return parser(text)
        except TemplateSyntaxError as exc:
            return exc.offset

    assert nodes_or_offset(parse) == nodes_or_offset(_scan)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(),
        dollar_heavy,
        st.lists(st.sampled_from(["${a}", "${b_1}", "${a}", "\n", "x ", "$$", "$", "${", "}"])).map(
            "".join
        ),
    )
)
def test_names_of_is_the_names_of_the_parsed_nodes(text: str) -> None:
    # Template() keeps the names, not the nodes: names_of() must answer what parse()
    # would (the same names in the same order, or the same error).
    from msgtemplate.template.syntax import Placeholder, names_of

    def names_or_offset(names: Callable[[], tuple[str, ...]]) -> object:
        try:
            return names()
        except TemplateSyntaxError as exc:
            return exc.offset

    parsed = names_or_offset(
        lambda: tuple(dict.fromkeys(n.name for n in parse(text) if isinstance(n, Placeholder)))
    )
    assert names_or_offset(lambda: names_of(text)) == parsed


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), dollar_heavy))
def test_fast_scanner_agrees_with_the_lark_lalr_parser(text: str) -> None:
    from lark.exceptions import UnexpectedInput

    try:
        tree = lark_parser().parse(text)
    except UnexpectedInput as exc:
        lark_offset = exc.pos_in_stream
    else:
        lark_offset = None
    if lark_offset is not None:
        with pytest.raises(TemplateSyntaxError) as info:
            parse(text)
        assert info.value.offset == lark_offset
        return
    expected = "".join(
        "${" + t[2:-1] + "}" if t.type == "PLACEHOLDER" else ("$" if t == "$$" else str(t))
        for t in tree.children
    )
    got = "".join(
        "${" + n.name + "}" if isinstance(n, Placeholder) else n.value for n in parse(text)
    )
    assert got == expected


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_escape_round_trips(text: str) -> None:
    assert Template(escape(text)).render() == text


pieces = st.lists(
    st.one_of(plain_text, names.map(lambda n: "${" + n + "}"), st.just("$$")), max_size=8
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(pieces, st.data())
def test_matches_string_template_on_the_common_subset(
    parts: list[str], data: st.DataObject
) -> None:
    text = "".join(parts)
    t = Template(text)
    values = {n: data.draw(st.text(max_size=5), label=n) for n in t.placeholders}
    assert t.render(values) == string.Template(text).substitute(values)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(pieces, st.data())
def test_values_containing_placeholders_come_back_verbatim(
    parts: list[str], data: st.DataObject
) -> None:
    t = Template("".join(parts))
    values = {n: "${" + data.draw(names) + "} $$" for n in t.placeholders}
    expected = "".join(values[n.name] if isinstance(n, Placeholder) else n.value for n in t.nodes)
    assert t.render(values) == expected


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(pieces)
def test_placeholders_lists_exactly_the_names_present(parts: list[str]) -> None:
    text = "".join(parts)
    present: list[str] = []
    # Independent oracle: string.Template's own pattern finds ${name} and $$.
    for match in string.Template.pattern.finditer(text):
        if match.group("braced") and match.group("braced") not in present:
            present.append(match.group("braced"))
    assert list(Template(text).placeholders) == present


# --- compiled code -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["_scanner.py", "_render_shapes.py"])
def test_shipped_generated_modules_are_current(name: str) -> None:
    # Regenerated from the grammar (through Lark) and the render code: a grammar or
    # code change without `python -m msgtemplate.template._generate` fails here.
    from msgtemplate.template._generate import GENERATED, PACKAGE

    assert (PACKAGE / name).read_text(encoding="utf-8") == GENERATED[name]()


def test_generate_check_names_a_stale_file_and_rewrites_it(tmp_path: Path) -> None:
    from msgtemplate.template._generate import GENERATED, PACKAGE, stale

    for name in GENERATED:
        (tmp_path / name).write_text((PACKAGE / name).read_text(encoding="utf-8"), "utf-8")
    assert stale(tmp_path) == []
    (tmp_path / "_scanner.py").write_text('PATTERN = "old"\n', encoding="utf-8")
    assert stale(tmp_path) == [tmp_path / "_scanner.py"]
    check = subprocess.run(
        [sys.executable, "-m", "msgtemplate.template._generate", "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (check.returncode, check.stderr) == (0, "")


def test_parsing_never_imports_lark_until_an_error_needs_positioning() -> None:
    code = (
        "import sys, msgtemplate as m\n"
        "t = m.Template('Hi ${who}, $$5 and $ ${n}\\n')\n"
        "assert t.render(who='A', n=1) == 'Hi A, $5 and $ 1\\n'\n"
        "assert not [k for k in sys.modules if k.split('.')[0] == 'lark'], 'lark imported'\n"
        "try:\n"
        "    m.Template('x ${1st}')\n"
        "except m.TemplateSyntaxError as e:\n"
        "    print(e.offset, 'lark' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2 True\n"


def test_the_grammar_is_found_in_the_source_tree_and_in_an_installed_copy(
    tmp_path: Path,
) -> None:
    from msgtemplate.template.syntax import grammar_path

    package = Path(msgtemplate.__file__).resolve().parent
    found = grammar_path()
    assert found in (
        package / "grammar" / "template.lark",
        package.parent / "grammar" / "template.lark",
    )
    assert found.read_text(encoding="utf-8").startswith("// The ${placeholder} template language")
    # An installed copy (as the wheel lays it out: the grammar inside the package) finds
    # its own grammar, and the syntax errors that Lark positions use it.
    site = tmp_path / "site"
    shutil.copytree(package, site / "msgtemplate", ignore=shutil.ignore_patterns("__pycache__"))
    if not (site / "msgtemplate" / "grammar").is_dir():
        (site / "msgtemplate" / "grammar").mkdir()
        shutil.copy2(found, site / "msgtemplate" / "grammar" / "template.lark")
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import msgtemplate.template.syntax as s, msgtemplate as m\n"
        "print(s.grammar_path())\n"
        "try: m.Template('a ${')\n"
        "except m.TemplateSyntaxError as e: print(e.column)\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", code, str(site)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        str(site / "msgtemplate" / "grammar" / "template.lark"),
        "3",
    ]


@pytest.mark.parametrize("count", [0, 1, 16, 17, 40])
def test_any_number_of_placeholders_renders(count: int) -> None:
    # Up to 16 use the shipped code; more compile once per count.
    text = "".join(f"<{i}>${{p{i}}}" for i in range(count)) + "."
    values = {f"p{i}": i * i for i in range(count)}
    expected = "".join(f"<{i}>{i * i}" for i in range(count)) + "."
    t = Template(text)
    assert t.render(values) == expected
    if count:
        assert t.render(strict=False) == text
        with pytest.raises(MissingParameterError) as info:
            t.render()
        assert len(info.value.names) == count


def test_adjacent_placeholders_and_texts_at_either_end() -> None:
    assert Template("${a}${b}").render(a="x", b="y") == "xy"
    assert Template("${a} tail").render(a=1) == "1 tail"
    assert Template("head ${a}").render(a=1) == "head 1"
    assert Template("only text, $$ and $").render() == "only text, $ and $"


def test_error_text_stays_short_on_a_huge_line() -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        Template("x" * 500 + "${" + "a b" * 3000 + "}")
    message, line, caret = str(info.value).splitlines()
    assert len(str(info.value)) < 400
    assert message.endswith("(line 1, column 501)")
    assert line[len(caret) - 1] == "$"


# --- the one placeholder pattern, read leniently by the other rooms ----------------------


@given(st.one_of(st.text(), dollar_heavy))
def test_placeholders_in_finds_what_parse_finds(source: str) -> None:
    from msgtemplate.template import placeholders_in

    found = [(name, start) for name, start, _end in placeholders_in(source)]
    try:
        nodes = parse(source)
    except TemplateSyntaxError as exc:
        # Up to the first error, the lenient reading agrees with the parser.
        before = parse(source[: exc.offset])
        expected = [(n.name, n.offset) for n in before if isinstance(n, Placeholder)]
        assert found[: len(expected)] == expected
    else:
        assert found == [(n.name, n.offset) for n in nodes if isinstance(n, Placeholder)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("$${x}", []),  # an escaped "$" and the text "{x}"
        ("$$${x}", ["x"]),
        ("$$$${x}", []),
        ("${ x} ${y}", ["y"]),  # a broken one is skipped, not fatal
        ("${x}${y}", ["x", "y"]),
        ("US$ 5 ${a_1}", ["a_1"]),
    ],
)
def test_placeholders_in_respects_escapes(text: str, names: list[str]) -> None:
    from msgtemplate.template import placeholder_name, placeholders_in

    assert [name for name, _s, _e in placeholders_in(text)] == names
    assert placeholder_name("${who}") == "who"
    assert placeholder_name("$${who}") is None
    assert placeholder_name("${who} ") is None


@pytest.mark.parametrize(
    ("prefix", "typed"),
    [
        ("Hi ${", ""),
        ("Hi ${wh", "wh"),
        ("Hi $${wh", None),
        ("Hi $$${wh", "wh"),
        ("$${wh", None),  # the escape at the very start
        ("$$${wh", "wh"),
        ("${a}${", ""),
        ("Hi ${who}", None),
        ("Hi ${who} and ${", ""),
        ("Hi ${ wh", None),
        ("Hi", None),
    ],
)
def test_open_placeholder(prefix: str, typed: str | None) -> None:
    from msgtemplate.template import open_placeholder

    assert open_placeholder(prefix) == typed
