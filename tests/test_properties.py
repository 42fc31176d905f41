"""Property-based tests: whatever the content files hold, `check` reports Diagnostics, never raises.

Two sources of input: random YAML documents (dumped from random nested data, then mutated
character by character and byte by byte), and the demo records in content/ (or, while content/
has none, a small valid board) mutated line by line the way a hurried edit breaks a file.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from support.boards import BOARD_YAML, REPO, SAMPLE_RECORDS, write_files

from generator.check import CheckResult, check_content
from generator.diagnostics import Diagnostic
from generator.models import KINDS

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CODE = re.compile(r"[EW]-[A-Z0-9]+(-[A-Z0-9]+)*")


def _field_names(model: type[BaseModel], seen: set[type]) -> Iterator[str]:
    if model in seen:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        yield info.alias or name
        for nested in _models_in(info.annotation):
            yield from _field_names(nested, seen)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    elif typing.get_origin(annotation) in (list, dict, typing.Union, types.UnionType, typing.Annotated):
        for argument in typing.get_args(annotation):
            yield from _models_in(argument)


FIELD_NAMES = sorted({name for kind in KINDS.values() for name in _field_names(kind.model, set())})
FOLDERS = sorted(kind.folder for kind in KINDS.values() if kind.folder)

# Tokens that mean something to YAML or to the loader.
SYNTAX = ['"', "'", "[", "]", "{", "}", ",", ":", ": ", "- ", "? ", "#", "&a ", "*a", "!!str ",
          "!!python/none", "|", ">", "%", "@", "`", "~", "\t", "\r", "\n", "\n  ", "\x00", "\x85",
          "\u2028", "\ufeff", "\\", "---\n", "...", "e\u0301", '"\\u0301"', "[a, b]", "{a: 1}"]
# Plain values YAML reads as something other than the text they look like, and values the models
# care about.
VALUES = ["null", "yes", "no", "1.001930", "2025-02-30", "2025-13-01", "2026-01-15", "2026-01-15 25:00:00",
          "0x_", "1e999", "8.000", "1:20", "0o17", "012", "-0", "9" * 30, "public", "internal", "noi_quy",
          "mot-cua", "../x", "/etc/passwd", "Bộ phận", "Ủy ban"]
TRICKY = SYNTAX + VALUES

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.dates(), st.text(max_size=30),
    st.sampled_from(TRICKY),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=10), st.integers(-3, 3))
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=30,
)
roots = st.one_of(st.dictionaries(keys, values, min_size=1, max_size=10), values)
char_edits = st.lists(
    st.tuples(st.sampled_from(["insert", "delete", "replace"]), st.integers(0, 10**6),
              st.one_of(st.sampled_from(TRICKY), st.text(min_size=1, max_size=4))),
    max_size=6,
)
byte_edits = st.lists(st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=3)), max_size=3)


def dump(data: Any, flow: bool | None) -> str:
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)


LINE_SHAPES = ["{key}: {value}", "- {value}", "{key}:", "- {key}: {value}"]
LINE_EDITS = ["delete", "duplicate", "indent", "dedent", "reindent", "value", "tab", "insert"]

# Text as staff type it: plain (unquoted) scalars, so numbers, dates and bools are YAML's guess.
plain_values = st.one_of(st.sampled_from(SYNTAX), st.sampled_from(VALUES), st.integers().map(str),
                         st.dates().map(str),
                         st.text(max_size=15), st.sampled_from(["", "Đăng ký khai sinh", "tinh", "1.000894"]))
typed_lines = st.lists(
    st.tuples(st.integers(0, 6), st.sampled_from(LINE_SHAPES),
              st.sampled_from(FIELD_NAMES), plain_values),
    min_size=1, max_size=15,
).map(lambda lines: "".join(" " * indent + shape.format(key=key, value=value) + "\n"
                            for indent, shape, key, value in lines))
plain_trees = st.recursive(
    plain_values,
    lambda inner: st.lists(inner, min_size=1, max_size=4)
    | st.dictionaries(st.sampled_from(FIELD_NAMES), inner, min_size=1, max_size=6),
    max_leaves=30,
)


def render_plain(data: Any, indent: int = 0) -> str:
    """Block YAML with every scalar written bare, as a person types it."""
    pad = " " * indent
    if isinstance(data, dict):
        return "".join(f"{pad}{key}:\n{render_plain(value, indent + 2)}" if isinstance(value, dict | list)
                       else f"{pad}{key}: {value}\n" for key, value in data.items())
    if isinstance(data, list):
        return "".join(f"{pad}-\n{render_plain(item, indent + 2)}" if isinstance(item, dict | list)
                       else f"{pad}- {item}\n" for item in data)
    return f"{pad}{data}\n"


texts = st.one_of(
    st.builds(dump, roots, st.sampled_from([False, True, None])),
    st.dictionaries(st.sampled_from(FIELD_NAMES), plain_trees, min_size=1, max_size=10).map(render_plain),
    typed_lines,
)


def edit_chars(text: str, edits: list[tuple[str, int, str]]) -> str:
    for action, where, piece in edits:
        at = where % (len(text) + 1)
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + len(piece):]
        else:
            text = text[:at] + piece + text[at + len(piece):]
    return text


def edit_bytes(raw: bytes, edits: list[tuple[int, bytes]]) -> bytes:
    for where, piece in edits:
        at = where % (len(raw) + 1)
        raw = raw[:at] + piece + raw[at:]
    return raw


def assert_well_reported(result: CheckResult, files: dict[Path, bytes]) -> None:
    """Every problem is a Diagnostic with a code, a message, and a place inside its file."""
    for diagnostic in result.diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        assert CODE.fullmatch(diagnostic.code), diagnostic
        assert isinstance(diagnostic.message, str) and diagnostic.message.strip(), diagnostic
        assert "Traceback" not in diagnostic.message
        position = diagnostic.position
        assert position.line >= 1 and position.column >= 1, diagnostic
        str(diagnostic)
        for path, raw in files.items():
            if Path(position.path).resolve() == path.resolve():
                text = raw.decode("utf-8", "replace")
                # YAML also breaks lines at \r, \x85, \u2028: splitlines() breaks at all of those.
                assert position.line <= len(text.splitlines()) + 1, diagnostic
                assert position.column <= max(map(len, text.split("\n"))) + 2, diagnostic
    if result.ok:  # nothing reported: every record made it onto the board
        records = [path for path in files if path.suffix in (".yaml", ".yml")]
        assert len(result.board) == len(records)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


def check_one_file(scratch: Path, folder: str, raw: bytes) -> None:
    """Check a board holding one valid board.yaml and `raw` in `folder` ("": as board.yaml)."""
    content = Path(tempfile.mkdtemp(dir=scratch)) / "content"
    try:
        relative = f"{folder}/ngau-nhien.yaml" if folder else "board.yaml"
        write_files(content, {"board.yaml": BOARD_YAML, relative: raw})
        result = check_content(content)
        assert_well_reported(result, {content / "board.yaml": BOARD_YAML.encode(), content / relative: raw})
    finally:
        shutil.rmtree(content.parent)


folders = st.sampled_from([*FOLDERS, "", "khac"])


@SETTINGS
@given(folder=folders, text=texts)
def test_random_yaml_never_raises(scratch: Path, folder: str, text: str) -> None:
    check_one_file(scratch, folder, text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(folder=folders, text=texts, chars=char_edits, raw_edits=byte_edits,
       bom=st.sampled_from([False] * 9 + [True]))
def test_randomly_damaged_yaml_never_raises(scratch: Path, folder: str, text: str,
                                            chars: list[tuple[str, int, str]],
                                            raw_edits: list[tuple[int, bytes]], bom: bool) -> None:
    raw = edit_bytes(edit_chars(text, chars).encode("utf-8", "surrogatepass"), raw_edits)
    check_one_file(scratch, folder, b"\xef\xbb\xbf" + raw if bom else raw)


def demo_records() -> dict[str, str]:
    """content/**/*.yaml as it is now, every file; the built-in sample board if it has no records."""
    content = REPO / "content"
    found = {path.relative_to(content).as_posix(): path.read_text(encoding="utf-8", errors="replace")
             for path in sorted(content.rglob("*.yaml"))} if content.is_dir() else {}
    if set(found) - {"board.yaml"}:
        return found
    return {"board.yaml": BOARD_YAML, **{path: text for path, text in SAMPLE_RECORDS.items()
                                         if path.endswith(".yaml")}}


DEMO = demo_records()
DEMO_FILES = sorted(DEMO)


@pytest.fixture(scope="module")
def demo_board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo board (with its downloadable files), or the sample board."""
    root = tmp_path_factory.mktemp("demo") / "content"
    if set(DEMO) == {"board.yaml", *(p for p in SAMPLE_RECORDS if p.endswith(".yaml"))}:
        write_files(root, {"board.yaml": BOARD_YAML, **SAMPLE_RECORDS})
    else:
        shutil.copytree(REPO / "content", root)
    return root


payloads = st.one_of(st.text(max_size=20), st.integers().map(str), st.floats().map(str),
                     st.sampled_from(TRICKY))
line_edit = st.tuples(
    st.sampled_from(LINE_EDITS), st.integers(0, 10**6), st.integers(0, 10**6), payloads,
)


def edit_line(text: str, edit: tuple[str, int, int, str]) -> str:
    action, which, where, payload = edit
    lines = text.split("\n")
    index = which % len(lines)
    line = lines[index]
    if action == "delete":
        del lines[index]
    elif action == "duplicate":
        lines.insert(index, line)
    elif action == "indent":
        lines[index] = "  " + line
    elif action == "dedent":
        lines[index] = line[min(2, len(line) - len(line.lstrip(" "))):]
    elif action == "reindent":
        lines[index] = " " * (where % 9) + line.lstrip(" ")
    elif action == "value":
        head, colon, _ = line.partition(": ")
        indent = line[:len(line) - len(line.lstrip(" -"))]
        lines[index] = f"{head}: {payload}" if colon else f"{indent}{payload}"
    elif action == "tab":
        at = where % (len(line) + 1)
        lines[index] = line[:at] + "\t" + line[at:]
    else:
        at = where % (len(line) + 1)
        lines[index] = line[:at] + payload + line[at:]
    return "\n".join(lines)


def check_edited(board: Path, edits: dict[str, tuple[str, int, int, str]]) -> None:
    """Check the board with `edits` applied (file → line edit), then put the files back."""
    changed = {name: edit_line(DEMO[name], edit) for name, edit in edits.items()}
    try:
        write_files(board, changed)
        result = check_content(board)
        assert_well_reported(result, {board / name: (board / name).read_bytes() for name in DEMO})
    finally:
        write_files(board, {name: DEMO[name] for name in changed})


def test_demo_records_are_all_used() -> None:
    on_disk = {p.relative_to(REPO / "content").as_posix() for p in (REPO / "content").rglob("*.yaml")}
    assert set(DEMO) == on_disk or set(DEMO) - {"board.yaml"} <= set(SAMPLE_RECORDS)
    assert "board.yaml" in DEMO and len(DEMO) > 1


def test_unedited_demo_board_checks(demo_board: Path) -> None:
    assert_well_reported(check_content(demo_board), {demo_board / name: (demo_board / name).read_bytes()
                                                     for name in DEMO})


@pytest.mark.parametrize("action", LINE_EDITS)
def test_every_record_survives_every_kind_of_edit(demo_board: Path, action: str) -> None:
    """Each edit applied to every demo file at once, at a line that differs from file to file."""
    check_edited(demo_board, {name: (action, 7 * number + 3, number, TRICKY[number % len(TRICKY)])
                              for number, name in enumerate(DEMO_FILES)})


@SETTINGS
@given(edits=st.lists(st.tuples(st.sampled_from(DEMO_FILES), line_edit), min_size=1, max_size=6))
def test_randomly_edited_records_never_raise(demo_board: Path, edits: list[tuple[str, tuple]]) -> None:
    check_edited(demo_board, dict(edits))
