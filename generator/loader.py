"""Load stage: content files → plain Python data with a source map of every value.

libyaml composes the node tree (C speed); a single walk turns nodes into dicts, lists and
scalars, normalises text to NFC and records where each value and key stands. Everything a
staff member can get wrong in a file's bytes or YAML syntax becomes a Diagnostic, never an
exception.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from .diagnostics import Diagnostic, Position
from .models import BOARD_FILE, KIND_BY_FOLDER

Loc = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALAR_CONSTRUCTORS = {
    "tag:yaml.org,2002:null": SafeConstructor.construct_yaml_null,
    "tag:yaml.org,2002:bool": SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": SafeConstructor.construct_yaml_int,
    "tag:yaml.org,2002:float": SafeConstructor.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": SafeConstructor.construct_yaml_timestamp,
}
_CONSTRUCTOR = SafeConstructor()
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)
class SourceMap:
    """Where each value (and each mapping key) of one file stands, by its path of keys."""

    path: str
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    # The source text of scalars YAML read as something other than text, e.g. "1.001930".
    raw_text: dict[Loc, str] = field(default_factory=dict)

    def position(self, loc: Loc, *, at_key: bool = False) -> Position:
        """The position of `loc`, or of its nearest ancestor that is in the file."""
        table = self.keys if at_key else self.values
        for end in range(len(loc), -1, -1):
            found = table.get(loc[:end]) or self.values.get(loc[:end])
            if found is not None:
                return Position(self.path, *found)
        return Position(self.path)


@dataclass(frozen=True, slots=True)
class Document:
    """One content file, loaded: its kind (from its folder), data and source map."""

    kind: str
    stem: str
    data: dict[str, Any]
    source: SourceMap
    # Values the loader already reported (a bad date, an alias): validation stays quiet on them.
    broken: frozenset[Loc] = frozenset()


@dataclass(frozen=True, slots=True)
class LoadResult:
    documents: list[Document]
    diagnostics: list[Diagnostic]
    # Every content file found, by its display path, with its kind ("" if in no kind's folder).
    kind_by_path: dict[str, str]


class _Walk:
    """Turns one composed node tree into Python data, collecting positions and problems."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.seen: set[int] = set()
        self.problems: list[Diagnostic] = []
        self.broken: set[Loc] = set()
        # A composed alias is the anchored node itself, so its own position is lost: the
        # aliases are located afterwards from the event stream (rare, so only when seen).
        self.has_alias = False

    def _error(self, mark: yaml.Mark, code: str, message: str, loc: Loc | None = None) -> None:
        if loc is not None:
            self.broken.add(loc)
        self.problems.append(Diagnostic(
            Position(self.source.path, mark.line + 1, mark.column + 1), code, message))

    def value(self, node: yaml.Node, loc: Loc) -> Any:
        mark = node.start_mark
        self.source.values[loc] = (mark.line + 1, mark.column + 1)
        if id(node) in self.seen:
            self.has_alias = True
            self.broken.add(loc)
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, loc)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        return [self.value(item, (*loc, index)) for index, item in enumerate(node.value)]

    def scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        if node.tag == _STR:
            text = node.value
            return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
        construct = _SCALAR_CONSTRUCTORS.get(node.tag)
        if construct is None:
            self._error(node.start_mark, "E-YAML-TAG",
                        f"thẻ YAML '{node.tag}' không được hỗ trợ: hãy bỏ thẻ, viết giá trị thường", loc)
            return None
        try:
            value = construct(_CONSTRUCTOR, node)
        except (ValueError, ConstructorError):
            if node.tag == _TIMESTAMP:
                self._error(node.start_mark, "E-DATE", f"'{node.value}' không phải ngày hợp lệ: "
                            "viết dạng YYYY-MM-DD, ví dụ 2026-03-15", loc)
            else:
                self._error(node.start_mark, "E-VALUE", f"không đọc được giá trị '{node.value}': "
                            "nếu là chữ, hãy viết trong dấu ngoặc kép", loc)
            return None
        if value is not None:
            self.source.raw_text[loc] = node.value
        return value

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            if id(key_node) in self.seen:
                self.has_alias = True
                continue
            self.seen.add(id(key_node))
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                self._error(mark, "E-KEY", "tên trường phải là chữ, ví dụ 'title:'")
                continue
            key = unicodedata.normalize("NFC", key_node.value)
            if key in result:
                first = self.source.keys[(*loc, key)]
                self._error(mark, "E-DUPLICATE-KEY",
                            f"trường '{key}' bị lặp (đã có ở dòng {first[0]}): xóa một trong hai")
                continue
            self.source.keys[(*loc, key)] = (mark.line + 1, mark.column + 1)
            result[key] = self.value(value_node, (*loc, key))
        return result


_YAML_PROBLEMS = (
    ("mapping values are not allowed", "dấu ':' không đúng chỗ; nếu giá trị có dấu ':' hãy đặt "
     "cả giá trị trong dấu ngoặc kép"),
    ("could not find expected ':'", "thiếu dấu ':' sau tên trường, hoặc thụt lề sai"),
    ("did not find expected key", "thụt lề không thẳng hàng với các trường cùng cấp"),
    ("did not find expected '-' indicator", "các mục danh sách phải thẳng hàng, bắt đầu bằng '- '"),
    ("found unexpected end of stream", "thiếu dấu ngoặc kép hoặc ngoặc đóng"),
    ("found unexpected end", "thiếu dấu ngoặc kép hoặc ngoặc đóng"),
    ("cannot start any token", "ký tự không được đứng đầu giá trị; hãy đặt giá trị trong dấu ngoặc kép"),
    ("expected a single document", "mỗi tệp chỉ chứa một hồ sơ: xóa dòng '---' thứ hai"),
    ("unacceptable character", "tệp chứa ký tự điều khiển không hợp lệ; hãy xóa ký tự đó"),
    ("found undefined alias", "không dùng tham chiếu YAML (*); hãy viết giá trị đầy đủ"),
)


def _yaml_error(path: str, error: yaml.YAMLError) -> Diagnostic:
    mark = getattr(error, "problem_mark", None)
    position = Position(path, mark.line + 1, mark.column + 1) if mark else Position(path)
    problem = str(getattr(error, "problem", "") or error)
    if "'\\t'" in problem:
        return Diagnostic(position, "E-TAB", "dùng dấu cách để thụt lề, không dùng phím Tab")
    for english, vietnamese in _YAML_PROBLEMS:
        if english in problem:
            return Diagnostic(position, "E-YAML-SYNTAX", vietnamese)
    return Diagnostic(position, "E-YAML-SYNTAX", f"lỗi cú pháp YAML ({problem})")


def _line_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1


def _decode(path: str, raw: bytes) -> tuple[str | None, Diagnostic | None]:
    if raw.startswith(_BOM):
        return None, Diagnostic(Position(path), "E-BOM",
                                "tệp có ký tự BOM ở đầu: lưu lại với mã hóa 'UTF-8' (không BOM)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_of_offset(raw, error.start)
        return None, Diagnostic(Position(path, line, column), "E-ENCODING",
                                "tệp không phải UTF-8 (có thể là TCVN3/VNI hoặc Windows-1258): "
                                "lưu lại với mã hóa UTF-8")
    tab = _TAB_INDENT.search(text)
    if tab is not None:
        line = text.count("\n", 0, tab.start()) + 1
        column = tab.end() - tab.start()
        return None, Diagnostic(Position(path, line, column), "E-TAB",
                                "dùng dấu cách để thụt lề, không dùng phím Tab")
    return text, None


def load_text(path: str, raw: bytes, kind: str, stem: str) -> tuple[Document | None, list[Diagnostic]]:
    """Load one file's bytes; `path` is how the file is named in messages."""
    text, problem = _decode(path, raw)
    if problem is not None:
        return None, [problem]
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        return None, [_yaml_error(path, error)]
    if root is None:
        return None, [Diagnostic(Position(path), "E-EMPTY", "tệp rỗng: hãy điền các trường của hồ sơ")]
    if not isinstance(root, yaml.MappingNode):
        mark = root.start_mark
        return None, [Diagnostic(Position(path, mark.line + 1, mark.column + 1), "E-NOT-MAPPING",
                                 "hồ sơ phải là các dòng 'tên_trường: giá trị', không phải danh sách "
                                 "hay một giá trị đơn")]
    source = SourceMap(path)
    walk = _Walk(source)
    data = walk.value(root, ())
    if walk.has_alias:
        walk.problems.extend(_alias_problems(path, text))
    return Document(kind, stem, data, source, frozenset(walk.broken)), walk.problems


def _alias_problems(path: str, text: str) -> list[Diagnostic]:
    """One E-ALIAS at each '*name' in the file (the text already composed, so it parses)."""
    return [
        Diagnostic(Position(path, event.start_mark.line + 1, event.start_mark.column + 1), "E-ALIAS",
                   "không dùng neo/tham chiếu YAML (& và *): hãy viết lại đầy đủ giá trị tại đây")
        for event in yaml.parse(text, Loader=yaml.CSafeLoader)
        if isinstance(event, yaml.AliasEvent)
    ]


def content_files(content_dir: Path) -> Iterable[tuple[Path, str | None]]:
    """Every YAML file under content/, sorted, with the kind its folder holds (None: unknown)."""
    for path in sorted(content_dir.rglob("*")):
        if path.suffix not in (".yaml", ".yml") or not path.is_file():
            continue
        relative = path.relative_to(content_dir)
        if relative.parts == (BOARD_FILE,):
            yield path, "board"
        elif len(relative.parts) == 2 and relative.parts[0] in KIND_BY_FOLDER:
            yield path, KIND_BY_FOLDER[relative.parts[0]].name
        else:
            yield path, None


def display_path(path: Path, content_dir: Path) -> str:
    """How a file is named in messages: relative to the working directory when possible."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_content(content_dir: Path) -> LoadResult:
    documents: list[Document] = []
    diagnostics: list[Diagnostic] = []
    kind_by_path: dict[str, str] = {}
    for path, kind in content_files(content_dir):
        shown = display_path(path, content_dir)
        kind_by_path[shown] = kind or ""
        if kind is None:
            folders = ", ".join(sorted(KIND_BY_FOLDER))
            diagnostics.append(Diagnostic(
                Position(shown), "E-FOLDER",
                f"tệp không nằm trong thư mục loại hồ sơ nào; chuyển tệp vào một trong: {folders} "
                f"(hoặc content/{BOARD_FILE})"))
            continue
        try:
            raw = path.read_bytes()
        except OSError as error:
            diagnostics.append(Diagnostic(Position(shown), "E-READ", f"không đọc được tệp: {error.strerror}"))
            continue
        document, problems = load_text(shown, raw, kind, path.stem)
        diagnostics.extend(problems)
        if document is not None:
            documents.append(document)
    return LoadResult(documents, diagnostics, kind_by_path)
