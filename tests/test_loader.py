"""Load stage: bytes and YAML syntax problems, each reported at its file, line and column."""

from __future__ import annotations

import time
import tracemalloc
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from support.boards import write_files

from generator.check.load import _Loader, load_text

UNIT = "content/units/mot-cua.yaml"


def cp1258(text: str) -> bytes:
    """Encode Vietnamese as Windows-1258 does: base letters precomposed, tone marks combining."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        for split in range(len(decomposed), 0, -1):
            try:
                head = unicodedata.normalize("NFC", decomposed[:split]).encode("cp1258")
                out += head + decomposed[split:].encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
    return out


def test_valid_unit_is_clean(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": "title: Bộ phận Một cửa\n"})
    run = check_cli(content_dir)
    assert run.returncode == 0
    assert run.reported == []
    assert "Bộ phận (units): 1 tệp, không có lỗi" in run.stdout


def test_yaml_syntax_error_points_at_the_line(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": (
        "title: Bộ phận Một cửa\n"
        "room: Phòng 101\n"
        "description: Tiếp nhận: hồ sơ\n"
    )})
    run = check_cli(content_dir)
    assert run.returncode == 1
    [problem] = run.reported
    assert (problem.path, problem.line, problem.code) == (UNIT, 3, "E-YAML-SYNTAX")
    assert problem.column == 23  # characters, not bytes: "Tiếp nhận" is 9 columns wide
    assert "ngoặc kép" in problem.message


def test_unclosed_quote(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": 'title: "Bộ phận Một cửa\nroom: "101"\n'})
    [problem] = check_cli(content_dir).reported
    assert (problem.path, problem.code) == (UNIT, "E-YAML-SYNTAX")
    # the line whose quote stays open, not line 2 where libyaml stumbles over what follows
    assert (problem.line, problem.column) == (1, 8) and "chưa đóng" in problem.message


def test_duplicate_key_reported_at_second_key(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": (
        "title: Bộ phận Một cửa\n"
        "room: Phòng 101\n"
        "head:\n"
        "  name: Nguyễn Văn An\n"
        "  name: Trần Văn Bình\n"
        "title: Bộ phận khác\n"
    )})
    run = check_cli(content_dir)
    assert run.returncode == 1
    found = [(p.line, p.column, p.code) for p in run.reported]
    assert found == [(5, 3, "E-DUPLICATE-KEY"), (6, 1, "E-DUPLICATE-KEY")]
    assert "dòng 1" in run.reported[1].message and "'title'" in run.reported[1].message
    assert "dòng 4" in run.reported[0].message


def test_alias_reported_where_it_is_used(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": (
        "title: &ten Bộ phận Một cửa\n"
        "room: Phòng 101\n"
        "description: *ten\n"
    )})
    run = check_cli(content_dir)
    assert run.returncode == 1
    assert [(p.path, p.line, p.column, p.code) for p in run.reported] == [(UNIT, 3, 14, "E-ALIAS")]


def test_alias_as_key_and_in_list(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": (
        "title: &k room\n"
        "*k : Phòng 101\n"
        "duties: [&d Tiếp nhận hồ sơ, *d]\n"
    )})
    run = check_cli(content_dir)
    assert [(p.line, p.column, p.code) for p in run.reported] == [(2, 1, "E-ALIAS"), (3, 30, "E-ALIAS")]


def test_recursive_alias_does_not_loop(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": "title: Bộ phận\nduties: &a [*a]\n"})
    run = check_cli(content_dir, timeout=10)
    assert ("E-ALIAS", 2, 13) in [(p.code, p.line, p.column) for p in run.reported]


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    names = "abcdefghijklmnop"
    lines = ["a: &a [" + ", ".join(['"lol"'] * width) + "]"]
    for level in range(1, levels):
        items = ", ".join([f"*{names[level - 1]}"] * width)
        lines.append(f"{names[level]}: &{names[level]} [{items}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_fails_fast(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/lol.yaml": billion_laughs()})
    started = time.perf_counter()
    run = check_cli(content_dir, timeout=20)
    elapsed = time.perf_counter() - started
    assert run.returncode == 1
    aliases = [p for p in run.reported if p.code == "E-ALIAS"]
    assert len(aliases) == 8 * 9  # one per '*name', none of the 9**9 expansions
    assert {p.line for p in aliases} == set(range(2, 10))
    assert elapsed < 5  # the whole CLI, start-up included, on a busy machine


def test_billion_laughs_in_memory_is_linear() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        document, problems = load_text("lol.yaml", billion_laughs(levels=12).encode(), "unit", "lol")
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert document is not None
    assert document.data["a"] == ["lol"] * 9
    assert document.data["b"] == [None] * 9
    assert sum(p.code == "E-ALIAS" for p in problems) == 11 * 9
    assert elapsed < 1 and peak < 5_000_000  # 9**12 expansions would need terabytes


def test_tab_indentation(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": (
        "title: Bộ phận Một cửa\n"
        "head:\n"
        "\tname: Nguyễn Văn An\n"
    )})
    run = check_cli(content_dir)
    assert [(p.path, p.line, p.column, p.code) for p in run.reported] == [(UNIT, 3, 1, "E-TAB")]
    assert "Tab" in run.reported[0].message


def test_tab_after_spaces(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": "title: Bộ phận\nhead:\n  name: An\n  \tposition: x\n"})
    [problem] = check_cli(content_dir).reported
    assert (problem.line, problem.column, problem.code) == (4, 3, "E-TAB")


def test_tab_inside_a_value_is_fine(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": 'title: "Bộ phận\\tMột cửa"\nroom: Phòng\t101\n'})
    assert check_cli(content_dir).returncode == 0


def test_bom(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": b"\xef\xbb\xbf" + "title: Bộ phận\n".encode()})
    run = check_cli(content_dir)
    assert run.returncode == 1
    assert [(p.path, p.line, p.code) for p in run.reported] == [(UNIT, 1, "E-BOM")]
    assert "UTF-8" in run.reported[0].message


def test_windows_1258_file(content_dir: Path, check_cli) -> None:
    body = "title: Bộ phận Một cửa\nroom: Phòng 101\ndescription: Tiếp nhận hồ sơ\n".encode()
    body = body.replace("Tiếp nhận hồ sơ".encode(), cp1258("Tiếp nhận hồ sơ"))
    write_files(content_dir, {"units/mot-cua.yaml": body})
    run = check_cli(content_dir)
    assert [(p.path, p.line, p.column, p.code) for p in run.reported] == [(UNIT, 3, 16, "E-ENCODING")]
    assert "Windows-1258" in run.reported[0].message


def test_tcvn3_file(content_dir: Path, check_cli) -> None:
    # "Bộ phận Một cửa" typed with a TCVN3 (ABC) font: one byte per accented letter.
    write_files(content_dir, {"units/mot-cua.yaml": b"title: B\xe9 ph\xcbn M\xe9t c\xf6a\n"})
    [problem] = check_cli(content_dir).reported
    assert (problem.line, problem.column, problem.code) == (1, 9, "E-ENCODING")
    assert "TCVN3" in problem.message


def test_file_in_unknown_folder(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {
        "unit/mot-cua.yaml": "title: Bộ phận\n",
        "units/phong/mot-cua.yaml": "title: Bộ phận\n",
    })
    run = check_cli(content_dir)
    assert run.returncode == 1
    assert [(p.path, p.code) for p in run.reported] == [
        ("content/unit/mot-cua.yaml", "E-FOLDER"), ("content/units/phong/mot-cua.yaml", "E-FOLDER")]
    assert "units" in run.reported[0].message
    assert "Tệp ngoài các thư mục hồ sơ: 2 lỗi" in run.stdout


def test_empty_file_and_non_mapping(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/a.yaml": "# chỉ có chú thích\n", "units/b.yaml": "- title: x\n"})
    run = check_cli(content_dir)
    assert [(p.path, p.line, p.code) for p in run.reported] == [
        ("content/units/a.yaml", 1, "E-EMPTY"), ("content/units/b.yaml", 1, "E-NOT-MAPPING")]


def test_two_documents_in_one_file(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/a.yaml": "title: Bộ phận A\n---\ntitle: Bộ phận B\n"})
    [problem] = check_cli(content_dir).reported
    assert (problem.line, problem.code) == (2, "E-YAML-SYNTAX")
    assert "---" in problem.message


def test_control_character_located(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/a.yaml": "title: Bộ phận\nroom: Phòng\x01 101\n"})
    [problem] = check_cli(content_dir).reported
    assert (problem.line, problem.column, problem.code) == (2, 12, "E-YAML-SYNTAX")
    assert "ký tự điều khiển" in problem.message


def test_unclosed_flow_list_message_is_vietnamese(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/a.yaml": "title: Bộ phận\nduties: [Tiếp nhận, Trả kết quả\n"})
    [problem] = check_cli(content_dir).reported
    assert (problem.line, problem.code) == (3, "E-YAML-SYNTAX")
    assert "']'" in problem.message and "expected" not in problem.message


def test_custom_tag(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/a.yaml": "title: !!python/name:os.system Bộ phận\n"})
    [problem] = check_cli(content_dir).reported
    assert (problem.line, problem.column, problem.code) == (1, 8, "E-YAML-TAG")


def test_text_is_normalised_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Bộ phận Một cửa")
    document, problems = load_text("u.yaml", f"title: {decomposed}\n".encode(), "unit", "u")
    assert problems == []
    assert document is not None and document.data["title"] == "Bộ phận Một cửa"


def test_escaped_combining_marks_are_normalised_too() -> None:
    # The file itself is plain ASCII (so NFC); the escape makes an "e" + combining acute.
    raw = b'title: "Ph\\u00f2ng e\\u0301"\nduties: ["a\\u0300"]\n'
    document, problems = load_text("u.yaml", raw, "unit", "u")
    assert problems == []
    assert document is not None
    assert document.data == {"title": "Phòng é", "duties": ["à"]}


def test_source_map_positions() -> None:
    text = "title: Bộ phận\nhead:\n  name: Nguyễn Văn An\nduties:\n  - Tiếp nhận\n  - Trả kết quả\n"
    document, _ = load_text("u.yaml", text.encode(), "unit", "u")
    assert document is not None
    source = document.source
    assert str(source.position(("head", "name"))) == "u.yaml:3:9"
    assert str(source.position(("head", "name"), at_key=True)) == "u.yaml:3:3"
    assert str(source.position(("duties", 1))) == "u.yaml:6:5"
    assert str(source.position(("head",))) == "u.yaml:3:3"  # a mapping starts at its first key
    assert str(source.position(("head",), at_key=True)) == "u.yaml:2:1"
    # An absent path falls back to its nearest ancestor that is in the file.
    assert str(source.position(("head", "position"), at_key=True)) == "u.yaml:2:1"
    assert str(source.position(("duties", 7, "x"))) == "u.yaml:5:3"
    assert str(source.position(("khong-co",))) == "u.yaml:1:1"
    assert str(source.position(())) == "u.yaml:1:1"


def test_root_position_skips_leading_comments() -> None:
    text = "# yaml-language-server: $schema=../../schemas/unit.schema.json\n\ntitle: Bộ phận\n"
    document, _ = load_text("u.yaml", text.encode(), "unit", "u")
    assert document is not None
    assert str(document.source.position(("room",))) == "u.yaml:3:1"


def test_unquoted_numbers_keep_their_source_text() -> None:
    raw = b"code: 1.001930\nnumber: 49\ntags:\n  - x\n  - 1.10\nsource:\n  date: 2026-01-15\n"
    document, _ = load_text("p.yaml", raw, "procedure", "p")
    assert document is not None
    assert document.source.raw_text(("code",)) == "1.001930"
    assert document.source.raw_text(("number",)) == "49"
    assert document.source.raw_text(("tags", 1)) == "1.10"
    assert document.source.raw_text(("source", "date")) == "2026-01-15"
    assert document.source.raw_text(("tags", 0)) is None  # text needs no source text
    assert document.source.raw_text(("khong-co",)) is None


def test_unreadable_scalar_is_not_called_a_date() -> None:
    _, problems = load_text("u.yaml", b"title: 0x_\nposted_on: 2025-02-30\n", "unit", "u")
    assert [(p.position.line, p.code) for p in problems] == [(1, "E-VALUE"), (2, "E-DATE")]


TAG_SAMPLES = """\
plain: Bộ phận Một cửa
quoted: "1.001930"
single: '2026-01-15'
code: 1.001930
amount: 1500000
octal: 012
hex: 0x1F
under: 1_000
sexagesimal: 1:20
float: .5
inf: -.inf
date: 2026-01-15
datetime: 2026-01-15 08:30:00
bools: [yes, No, TRUE, off, y, n]
nulls: [~, null, Null, '']
empty:
tagged: !!str 12
merge: <<
value: =
text_like_bool: Yes it is
list:
  - - nested
    - 2026-02-30
"""


def tags_of(node: yaml.Node) -> list[tuple[str, str]]:
    found = [(type(node).__name__, node.tag)]
    for item in node.value if isinstance(node.value, list) else []:
        for child in item if isinstance(item, tuple) else (item,):
            found.extend(tags_of(child))
    return found


def test_fast_loader_resolves_every_tag_as_libyaml_safe_loader_does() -> None:
    expected = tags_of(yaml.compose(TAG_SAMPLES, Loader=yaml.CSafeLoader))
    assert tags_of(yaml.compose(TAG_SAMPLES, Loader=_Loader)) == expected
    assert tags_of(yaml.compose(TAG_SAMPLES, Loader=_Loader)) == expected  # memoised tags too


def test_deep_nesting_is_an_error_not_a_crash(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {
        "units/sau.yaml": "title: Bộ phận\nduties: " + "[" * 200 + "]" * 200 + "\n",
        "units/rat-sau.yaml": "title: Bộ phận\nduties: " + "[" * 100_000 + "]" * 100_000 + "\n",
    })
    run = check_cli(content_dir, timeout=30)
    assert run.returncode == 1
    found = [(p.path.removeprefix("content/units/"), p.line, p.code) for p in run.reported]
    assert found[0] == ("rat-sau.yaml", 2, "E-DEPTH")  # refused before libyaml composes it
    assert ("sau.yaml", 2, "E-DEPTH") in found


def test_depth_guard_answers_the_same_whatever_libyamls_own_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml 0.2.6 refuses 1,000 levels by itself; builds without that limit compose deeper."""
    text = ("title: Bộ phận\nduties:\n" + "".join("  " * level + "- \n" for level in range(3000))).encode()
    limitless, expected = load_text("u.yaml", text, "unit", "u")
    real_parse = yaml.parse

    def libyaml_with_a_limit(stream: str, Loader: type) -> Iterator[yaml.Event]:
        if Loader is yaml.CSafeLoader:
            raise yaml.YAMLError("exceeded maximum nesting depth")
        return real_parse(stream, Loader=Loader)

    monkeypatch.setattr(yaml, "parse", libyaml_with_a_limit)
    limited, problems = load_text("u.yaml", text, "unit", "u")
    assert limitless is limited is None
    assert [problem.code for problem in problems] == ["E-DEPTH"]
    assert problems == expected
