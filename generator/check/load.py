"""Load stage: content files → plain Python data with a source map of every value.

libyaml composes the node tree (C speed); a single walk turns nodes into dicts, lists and
scalars, normalises text to NFC and records where each value and key stands. Everything a
staff member can get wrong in a file's bytes or YAML syntax becomes a Diagnostic, never an
exception.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from sys import intern
from typing import Any, Protocol

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from generator.diagnostics import Diagnostic, Position
from generator.models import BOARD_FILE, KIND_BY_FOLDER
from generator.paths import entries_under

Loc = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"
_SCALAR_CONSTRUCTORS = {
    "tag:yaml.org,2002:null": SafeConstructor.construct_yaml_null,
    "tag:yaml.org,2002:bool": SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": SafeConstructor.construct_yaml_int,
    "tag:yaml.org,2002:float": SafeConstructor.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": SafeConstructor.construct_yaml_timestamp,
}
_CONSTRUCTOR = SafeConstructor()
_SCALAR = yaml.ScalarNode
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
# Nesting levels a record may use (a regulation needs about a dozen); deeper input is an error,
# not a RecursionError, and very deep input is refused before libyaml's recursive composer
# could overflow the C stack, and before libyaml 0.2.6's own limit (1,000 levels) turns it into
# a syntax error: a file with fewer nesting characters than that cannot reach either.
_MAX_DEPTH = 64
_COMPOSE_SAFE_NESTING = 1000
_MAX_PROBLEMS = 50  # per file, as generator.check.validate.MAX_PER_FILE
_BOM = b"\xef\xbb\xbf"

# Characters a value may not hold: controls (C0 but tab and line breaks, DEL, C1: pasted from
# other systems, they make MkDocs drop a page's front matter), bidirectional overrides and
# marks (they reorder what a reader sees), Unicode non-characters, tag characters and
# interlinear annotations. libyaml refuses most controls as raw bytes, but a quoted "\x80"
# makes any of them, so values are checked after escapes are read.
_NONCHARACTERS = "".join(chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u206a-\u206f\ufdd0-\ufdef\ufff9-\ufffb\U000e0000-\U000e007f" + _NONCHARACTERS + "]")
# Zero-width characters carried by text copied from web pages and the national procedure
# database: invisible and meaningless in Vietnamese, so they are removed (docs/HUONG-DAN.md).
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


# The marks of a mapping: (key, key line, key column, line, column, extra) per entry, flat, in
# file order; of a sequence: (line, column, extra) per item, flat (told apart by their first
# element, see `_entry`). Lines and columns are 0-based. `extra` is the marks of a value that is
# itself a mapping or sequence, the source text of a scalar YAML read as something other than
# text (e.g. "1.001930"), or None.
Marks = list[Any]
MARKS_PER_ENTRY, MARKS_PER_ITEM = 6, 3


class _Loader(yaml.CSafeLoader):
    """libyaml's safe loader, with the per-node Python hooks made cheap (same tags, same nodes).

    The C composer calls back into Python for every node: `resolve` (regular expressions on
    each plain scalar) and the path-resolver hooks (no-ops in a safe loader: there are no path
    resolvers). Quoted scalars and plain text that cannot start a number, date, bool or null
    are text; other short scalars repeat (keys, dates, codes), so their tags are memoised.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        # No-ops that run in C; PyYAML declares these hooks as methods, hence the ignores.
        self.descend_resolver = {}.get  # type: ignore[method-assign, assignment]  # (parent, index) → None
        self.ascend_resolver = ().__len__  # type: ignore[method-assign, assignment]  # () → 0

    def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode:
            return _COLLECTION_TAGS[kind]
        if not implicit[0] or (value and value[0] not in _IMPLICIT_FIRST):
            return _STR  # quoted, or plain text that no implicit type starts with
        tag = _PLAIN_TAGS.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]  # PyYAML: no hints
            if len(value) <= 40 and len(_PLAIN_TAGS) < 100_000:
                _PLAIN_TAGS[value] = tag
        return tag


_IMPLICIT_FIRST = frozenset(char for char in yaml.CSafeLoader.yaml_implicit_resolvers if char)
_PLAIN_TAGS: dict[str, str] = {}
_COLLECTION_TAGS = {yaml.SequenceNode: yaml.CSafeLoader.DEFAULT_SEQUENCE_TAG,
                    yaml.MappingNode: yaml.CSafeLoader.DEFAULT_MAPPING_TAG}


@dataclass(slots=True)
class SourceMap:
    """Where each value (and each mapping key) of one file stands, by its path of keys.

    The marks mirror the data (flat lists of numbers per mapping and sequence) rather than a
    table by path: no path tuple, tuple or dict entry per value; a fraction of the memory and
    time.
    """

    path: str
    root: tuple[int, int] = (0, 0)
    marks: Marks = field(default_factory=list)
    # Positions for paths that are not in the file (e.g. an id taken from the file name).
    assumed: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    # A digest of the file's bytes: with the code, all a record made from this file depends on.
    digest: str = ""

    def position(self, loc: Loc, *, at_key: bool = False) -> Position:
        """The position of `loc` (its key's with `at_key`), or of its nearest ancestor in the file."""
        line, column = self.root
        marks: Any = self.marks
        found = 0
        try:
            for part in loc:
                entry = _entry(marks, part)
                if entry is None:
                    break
                found += 1
                line, column = (entry[0], entry[1]) if at_key else (entry[2], entry[3])
                marks = entry[4]
            if self.assumed and found < len(loc):
                for end in range(len(loc), found, -1):
                    if loc[:end] in self.assumed:
                        return Position(self.path, *self.assumed[loc[:end]])
            return Position(self.path, line + 1, column + 1)
        except (TypeError, IndexError):  # marks kept in a damaged build cache: the file itself
            return Position(self.path)

    def raw_text(self, loc: Loc) -> str | None:
        """The source text of the scalar at `loc` if YAML read it as a number, date or bool."""
        marks: Any = self.marks
        entry = None
        try:
            for part in loc:
                entry = _entry(marks, part)
                if entry is None:
                    return None
                marks = entry[4]
        except (TypeError, IndexError):  # marks kept in a damaged build cache
            return None
        return marks if entry is not None and isinstance(marks, str) else None


def _entry(marks: Any, part: str | int) -> tuple[int, int, int, int, Any] | None:
    """(key line, key column, line, column, extra) of `part` in `marks`, if it is there.

    A sequence's marks start with a line number, a mapping's with a key: the marks tell which
    they are by their content, so that they read the same back from JSON (generator.check.load_memo).
    """
    if not isinstance(marks, list) or not marks:
        return None
    if marks[0].__class__ is int:
        if isinstance(part, int) and 0 <= part < len(marks) // MARKS_PER_ITEM:
            at = part * MARKS_PER_ITEM
            return marks[at], marks[at + 1], marks[at], marks[at + 1], marks[at + 2]
        return None
    if part.__class__ is str:
        for at in range(0, len(marks), MARKS_PER_ENTRY):
            if marks[at] == part:
                return marks[at + 1], marks[at + 2], marks[at + 3], marks[at + 4], marks[at + 5]
    return None


@dataclass(frozen=True, slots=True)
class Document:
    """One content file, loaded: its kind (from its folder), data and source map."""

    kind: str
    stem: str
    data: dict[str, Any]
    source: SourceMap
    # Values the loader already reported (a bad date, an alias): validation stays quiet on them.
    broken: frozenset[Loc] = frozenset()
    # The file's text as read: lets checks of what values say skip a file that cannot match.
    text: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class LoadResult:
    documents: list[Document]
    diagnostics: list[Diagnostic]
    # Every content file found, by its display path, with its kind ("" if in no kind's folder).
    kind_by_path: dict[str, str]


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


class _Walk:
    """Turns one composed node tree into Python data, collecting positions and problems.

    This runs on every node of every file, so it is written for speed: text scalars (most
    nodes) are handled inline, texts are only normalised one by one when the file as a whole
    is not NFC, and aliases are only tracked in files known to have some.
    """

    __slots__ = ("broken", "nfc", "path", "problems", "seen")

    def __init__(self, path: str, *, track_aliases: bool, normalise: bool) -> None:
        self.path = path
        # A composed alias is the anchored node itself: the second visit of a node is an alias.
        self.seen: set[int] | None = set() if track_aliases else None
        self.nfc = _nfc if normalise else None
        self.problems: list[Diagnostic] = []
        self.broken: set[Loc] = set()

    def _error(self, mark: yaml.Mark, code: str, message: str, loc: Loc | None = None) -> None:
        if loc is not None:
            self.broken.add(loc)
        self.problems.append(Diagnostic(Position(self.path, mark.line + 1, mark.column + 1), code, message))

    def _duplicate_key(self, at: yaml.Mark, key: str, marks: Marks) -> None:
        """E-DUPLICATE-KEY naming the first line, while the file has fewer than _MAX_PROBLEMS
        problems: each looks the first key up in the marks, so thousands would be quadratic."""
        if len(self.problems) >= _MAX_PROBLEMS:
            return
        first = _entry(marks, key)
        self._error(at, "E-DUPLICATE-KEY", f"trường '{key}' bị lặp (đã có ở dòng "
                    f"{first[0] + 1 if first else '?'}): xóa một trong hai")

    def _is_alias(self, node: yaml.Node) -> bool:
        seen = self.seen
        if seen is None:
            return False
        if id(node) in seen:
            return True
        seen.add(id(node))
        return False

    def value(self, node: Any, loc: Loc) -> tuple[Any, Any]:
        """The data of `node` at `loc`, and its marks' extra (see Marks)."""
        if self.seen is not None and self._is_alias(node):
            self.broken.add(loc)  # reported from the event stream, where the alias stands
            return None, None
        kind = node.__class__
        if kind is _SCALAR:
            if node.tag != _STR:
                value = self.scalar(node, loc)
                return value, None if value is None else node.value
            return (node.value if self.nfc is None else self.nfc(node.value)), None
        if len(loc) >= _MAX_DEPTH:
            self._error(node.start_mark, "E-DEPTH",
                        f"lồng nhau quá {_MAX_DEPTH} cấp: hãy kiểm tra lại thụt lề", loc)
            return None, None
        if kind is yaml.MappingNode:
            return self.mapping(node, loc)
        return self.sequence(node, loc)

    def scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        tag, text = node.tag, node.value
        construct = _SCALAR_CONSTRUCTORS.get(tag)
        if construct is None:
            self._error(node.start_mark, "E-YAML-TAG",
                        f"thẻ YAML '{tag}' không được hỗ trợ: hãy bỏ thẻ, viết giá trị thường", loc)
            return None
        try:
            # Fast paths for what records hold most (amounts, ISO dates); YAML's own rules
            # for the rest (octal, '1_000', sexagesimal, timestamps with a time).
            if tag == _INT and text.isdigit() and (text[0] != "0" or len(text) == 1):
                return int(text)
            if tag == _TIMESTAMP and len(text) == 10:
                return date.fromisoformat(text)
            return construct(_CONSTRUCTOR, node)
        except (ValueError, ConstructorError):
            if tag == _TIMESTAMP:
                self._error(node.start_mark, "E-DATE", f"'{text}' không phải ngày hợp lệ: "
                            "viết dạng YYYY-MM-DD, ví dụ 2026-03-15", loc)
            else:
                self._error(node.start_mark, "E-VALUE", f"không đọc được giá trị '{text}': "
                            "nếu là chữ, hãy viết trong dấu ngoặc kép", loc)
            return None

    def sequence(self, node: yaml.SequenceNode, loc: Loc) -> tuple[list[Any], Marks]:
        result: list[Any] = []
        marks: Marks = []
        nfc, inline = self.nfc, self.seen is None
        for index, item in enumerate(node.value):
            start = item.start_mark
            if inline and item.__class__ is _SCALAR and item.tag == _STR:
                result.append(item.value if nfc is None else nfc(item.value))
                marks += (start.line, start.column, None)
                continue
            value, extra = self.value(item, (*loc, index))
            result.append(value)
            marks += (start.line, start.column, extra)
        return result, marks

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> tuple[dict[str, Any], Marks]:
        result: dict[str, Any] = {}
        marks: Marks = []
        nfc, inline = self.nfc, self.seen is None
        for key_node, value_node in node.value:
            at = key_node.start_mark
            if not inline and self._is_alias(key_node):
                continue  # reported from the event stream
            if key_node.__class__ is not _SCALAR or key_node.tag != _STR:
                self._error(at, "E-KEY", "tên trường phải là chữ, ví dụ 'title:'")
                continue
            # Interned: the marks keep every key, and the same few dozen names recur in every file.
            key = intern(key_node.value if nfc is None else nfc(key_node.value))
            if key in result:
                self._duplicate_key(at, key, marks)
                continue
            start = value_node.start_mark
            if inline and value_node.__class__ is _SCALAR:
                if value_node.tag == _STR:
                    result[key] = value_node.value if nfc is None else nfc(value_node.value)
                    marks += (key, at.line, at.column, start.line, start.column, None)
                else:
                    result[key] = value = self.scalar(value_node, (*loc, key))
                    raw = None if value is None else value_node.value
                    marks += (key, at.line, at.column, start.line, start.column, raw)
                continue
            result[key], extra = self.value(value_node, (*loc, key))
            marks += (key, at.line, at.column, start.line, start.column, extra)
        return result, marks


_YAML_PROBLEMS = (
    ("mapping values are not allowed", "dấu ':' không đúng chỗ; nếu giá trị có dấu ':' hãy đặt "
     "cả giá trị trong dấu ngoặc kép"),
    ("could not find expected ':'", "thiếu dấu ':' sau tên trường, hoặc thụt lề sai"),
    ("did not find expected key", "thụt lề không thẳng hàng với các trường cùng cấp"),
    ("did not find expected '-' indicator", "các mục danh sách phải thẳng hàng, bắt đầu bằng '- '"),
    ("found unexpected end of stream", "thiếu dấu ngoặc kép hoặc ngoặc đóng"),
    ("found unexpected end", "thiếu dấu ngoặc kép hoặc ngoặc đóng"),
    ("cannot start any token", "ký tự không được đứng đầu giá trị; hãy đặt giá trị trong dấu ngoặc kép"),
    ("but found another document", "mỗi tệp chỉ chứa một hồ sơ: xóa dòng '---' thứ hai"),
    ("did not find expected ',' or ']'", "danh sách trong ngoặc vuông thiếu dấu ']' đóng, hoặc thiếu "
     "dấu ',' giữa các mục"),
    ("did not find expected ',' or '}'", "nhóm trong ngoặc nhọn thiếu dấu '}' đóng, hoặc thiếu dấu ',' "
     "giữa các trường"),
    ("found unknown escape character", "dấu '\\' trong ngoặc kép không hợp lệ: dùng ngoặc đơn '…' "
     "hoặc viết '\\\\'"),
    ("block sequence entries are not allowed", "mục danh sách '- ' phải xuống dòng, thụt lề dưới tên "
     "trường"),
    ("did not find expected node content", "thiếu giá trị hoặc có ký tự thừa; nếu là chữ hãy đặt "
     "trong dấu ngoặc kép"),
    ("unacceptable character", "tệp chứa ký tự điều khiển không hợp lệ; hãy xóa ký tự đó"),
    ("found undefined alias", "không dùng tham chiếu YAML (*); hãy viết giá trị đầy đủ"),
)


def _yaml_error(path: str, error: yaml.YAMLError, raw: bytes) -> Diagnostic:
    mark = getattr(error, "problem_mark", None)
    position = Position(path, mark.line + 1, mark.column + 1) if mark else Position(path)
    if isinstance(error, yaml.reader.ReaderError):  # libyaml gives a byte offset, no mark
        position = Position(path, *_line_of_offset(raw, error.position))
    problem = str(getattr(error, "problem", "") or error)
    if "'\\t'" in problem:
        return Diagnostic(position, "E-TAB", "dùng dấu cách để thụt lề, không dùng phím Tab")
    located = _where_the_mistake_is(path, error, raw.decode("utf-8", "replace").splitlines())
    if located is not None:
        return located
    for english, vietnamese in _YAML_PROBLEMS:
        if english in problem:
            return Diagnostic(position, "E-YAML-SYNTAX", vietnamese)
    return Diagnostic(position, "E-YAML-SYNTAX", f"lỗi cú pháp YAML ({problem})")


def _where_the_mistake_is(path: str, error: yaml.YAMLError, lines: list[str]) -> Diagnostic | None:
    """The line a clerk must fix, for libyaml errors that surface after it.

    libyaml notices an unclosed quote at the end of the file, a key without ': ' on the line
    after it, and a line indented too far as 'mapping values are not allowed' on that line (which
    reads as advice to quote a value). Each has a tell in the text around the error.
    """
    problem = str(getattr(error, "problem", "") or "")
    context = str(getattr(error, "context", "") or "")
    opened, mark = getattr(error, "context_mark", None), getattr(error, "problem_mark", None)
    if "quoted scalar" in context and opened is not None:
        quote = lines[opened.line][opened.column] if opened.column < len(lines[opened.line]) else '"'
        return Diagnostic(Position(path, opened.line + 1, opened.column + 1), "E-YAML-SYNTAX",
                          f"giá trị mở dấu ngoặc {quote} ở đây nhưng chưa đóng: thêm dấu {quote} ở cuối "
                          "giá trị trên dòng này")
    if "could not find expected ':'" in problem and opened is not None:
        return _missing_colon(path, lines, opened.line)
    if "did not find expected key" in problem and mark is not None:
        # A quote left open runs on to the next quote, often on a later line, and the text after
        # it is then out of place: the line to fix is the one whose quote stays open.
        unclosed = _unclosed_quote_above(lines, min(mark.line, len(lines) - 1))
        if unclosed is not None:
            index, column, quote = unclosed
            return Diagnostic(Position(path, index + 1, column + 1), "E-YAML-SYNTAX",
                              f"giá trị mở dấu ngoặc {quote} ở đây nhưng chưa đóng trên dòng này: thêm dấu "
                              f"{quote} ở cuối giá trị")
    if "mapping values are not allowed" in problem and mark is not None and mark.line < len(lines):
        return _mapping_value_mistake(path, lines, mark.line)
    return None


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?[^\s#'"][^:#]*:\s+(["'])""")


def _unclosed_quote_above(lines: list[str], last: int) -> tuple[int, int, str] | None:
    """The nearest line at or above `last` whose value opens a quote it does not close."""
    for index in range(last, -1, -1):
        match = _QUOTED_VALUE.match(lines[index])
        if match is None:
            continue
        quote, rest = match[1], lines[index][match.end():]
        if quote == '"':
            closed = re.search(r'(?<!\\)"', rest.replace("\\\\", "")) is not None
        else:
            closed = rest.replace("''", "").find("'") >= 0
        if not closed:
            return index, match.end() - 1, quote
    return None


def _missing_colon(path: str, lines: list[str], index: int) -> Diagnostic:
    return Diagnostic(Position(path, index + 1, _indent(lines[index]) + 1), "E-YAML-SYNTAX",
                      "dòng này thiếu dấu ':' sau tên trường: viết 'tên_trường: giá trị' (có dấu cách "
                      "sau dấu ':')")


def _line_above(lines: list[str], index: int) -> int | None:
    """The nearest line above that holds YAML (not blank, not a comment)."""
    return next((i for i in range(index - 1, -1, -1) if lines[i].strip()
                 and not lines[i].lstrip().startswith("#")), None)


def _mapping_value_mistake(path: str, lines: list[str], index: int) -> Diagnostic | None:
    above = _line_above(lines, index)
    if above is None:
        return None
    here, there = lines[index], lines[above]
    if ":" not in there and not there.lstrip().startswith("- "):
        return _missing_colon(path, lines, above)  # 'title Cấp…' runs on into this line's key
    key_above = there.strip().split(":", 1)
    before = _line_above(lines, above)
    parent = lines[before].strip() if before is not None else ""
    if (before is not None and parent.endswith(":") and _indent(lines[before]) == _indent(there)
            and _indent(here) > _indent(there)):
        # 'processing_time:' then 'amount: 1' at the same indent, then a deeper line: the key
        # above was meant to sit inside the group that opens before it.
        missing = _indent(here) - _indent(there)
        return Diagnostic(Position(path, above + 1, 1), "E-YAML-SYNTAX",
                          f"dòng này thụt lề thiếu {missing} dấu cách: thêm {missing} dấu cách ở đầu dòng để "
                          f"'{key_above[0].strip()}:' nằm trong '{parent}' (dòng {before + 1})")
    if before is not None and _indent(there) < _indent(lines[before]) == _indent(here):
        # The line above left its group (lines around it are deeper): it is the one to indent.
        missing = _indent(here) - _indent(there)
        return Diagnostic(Position(path, above + 1, 1), "E-YAML-SYNTAX",
                          f"dòng này thụt lề thiếu {missing} dấu cách so với dòng trên và dòng dưới: thêm "
                          f"{missing} dấu cách ở đầu dòng để '{key_above[0].strip()}:' ở lại trong nhóm")
    if _indent(here) > _indent(there) and len(key_above) == 2 and key_above[1].strip():
        extra = _indent(here) - _indent(there)
        return Diagnostic(Position(path, index + 1, 1), "E-YAML-SYNTAX",
                          f"dòng này thụt lề thừa {extra} dấu cách so với dòng {above + 1} "
                          f"('{key_above[0].strip()}:' đã có giá trị): xóa {extra} dấu cách ở đầu dòng "
                          "cho thẳng hàng")
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


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
    tab = _TAB_INDENT.search(text) if "\t" in text else None
    if tab is not None:
        line = text.count("\n", 0, tab.start()) + 1
        column = tab.end() - tab.start()
        return None, Diagnostic(Position(path, line, column), "E-TAB",
                                "dùng dấu cách để thụt lề, không dùng phím Tab")
    return text, None


def file_digest(raw: bytes) -> str:
    """A file's digest (SourceMap.digest): with the code, all a record made from it depends on."""
    return hashlib.blake2b(raw, digest_size=12).hexdigest()


def decode_text(raw: bytes) -> str | None:
    """The text `load_text` parses from a file's bytes; None if it parses none."""
    decoded, problem = _decode("", raw)
    return None if decoded is None or problem is not None else _without_zero_width(decoded)


def load_text(path: str, raw: bytes, kind: str, stem: str) -> tuple[Document | None, list[Diagnostic]]:
    """Load one file's bytes; `path` is how the file is named in messages."""
    decoded, problem = _decode(path, raw)
    if decoded is None or problem is not None:
        return None, [problem] if problem is not None else []
    text = _without_zero_width(decoded)
    problem = _too_deep(path, text)
    if problem is not None:
        return None, [problem]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        return None, [_yaml_error(path, error, raw)]
    if root is None:
        return None, [Diagnostic(Position(path), "E-EMPTY", "tệp rỗng: hãy điền các trường của hồ sơ")]
    if not isinstance(root, yaml.MappingNode):
        mark = root.start_mark
        return None, [Diagnostic(Position(path, mark.line + 1, mark.column + 1), "E-NOT-MAPPING",
                                 "hồ sơ phải là các dòng 'tên_trường: giá trị', không phải danh sách "
                                 "hay một giá trị đơn")]
    # An alias needs a '*': only then is the event stream read to find where aliases stand.
    aliases = _alias_problems(path, text) if "*" in text else []
    source = SourceMap(path, (root.start_mark.line, root.start_mark.column), digest=file_digest(raw))
    # A text in NFC has its scalars in NFC too, unless escapes ("\u0301") make new characters.
    normalise = "\\" in text or not unicodedata.is_normalized("NFC", text)
    walk = _Walk(path, track_aliases=bool(aliases), normalise=normalise)
    data, source.marks = walk.value(root, ())
    hidden = _hidden_characters(data, source) if "\\" in text or _may_hide(text) else []
    return Document(kind, stem, data, source, frozenset(walk.broken), text), walk.problems + aliases + hidden


# _HIDDEN without its astral non-characters and tag characters, which make the regular expression
# test every character against dozens of literals: half the time over a board's text. A text
# with any astral character is checked with _HIDDEN itself (through the walk).
_HIDDEN_BMP = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u206a-\u206f\ufdd0-\ufdef\ufff9-\ufffb\ufffe\uffff]")


def _may_hide(text: str) -> bool:
    """Whether the text may hold a character of _HIDDEN (exact for texts within the BMP)."""
    return _HIDDEN_BMP.search(text) is not None or max(text, default="") > "\uffff"


def _without_zero_width(text: str) -> str:
    return _ZERO_WIDTH.sub("", text) if _ZERO_WIDTH.search(text) else text


def _hidden_characters(data: Any, source: SourceMap, loc: Loc = ()) -> list[Diagnostic]:
    """One E-HIDDEN-CHAR at each key or text value holding a character from _HIDDEN."""
    found: list[Diagnostic] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if _HIDDEN.search(key):
                found.append(_hidden_problem(source.position((*loc, key), at_key=True), key, "tên trường"))
            found.extend(_hidden_characters(value, source, (*loc, key)))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            found.extend(_hidden_characters(item, source, (*loc, index)))
    elif isinstance(data, str) and _HIDDEN.search(data):
        found.append(_hidden_problem(source.position(loc), data, "giá trị"))
    return found


def _hidden_problem(position: Position, text: str, what: str) -> Diagnostic:
    match = _HIDDEN.search(text)
    assert match is not None
    char = match.group()
    name = unicodedata.name(char, "ký tự điều khiển")
    return Diagnostic(position, "E-HIDDEN-CHAR",
                      f"{what} có ký tự ẩn U+{ord(char):04X} ({name}) ở ký tự thứ {match.start() + 1}: "
                      "hãy xóa ký tự này (thường lẫn vào khi sao chép từ văn bản khác)")


def _too_deep(path: str, text: str) -> Diagnostic | None:
    """Refuse nesting libyaml's composer cannot take; every level needs one of these characters.

    The answer must not depend on the libyaml build: libyaml 0.2.6 has its own nesting limit
    (1,000 levels), and its scanner reads a run of '[' ahead and fails before it hands over
    the first events. When libyaml fails, PyYAML's own parser (a loop with a stack, no limit,
    slower but only on such files) walks the events instead, so the limit here is always ours.
    """
    if len(text) < _COMPOSE_SAFE_NESTING or sum(map(text.count, "[{-?:")) < _COMPOSE_SAFE_NESTING:
        return None
    try:
        return _first_too_deep(path, yaml.parse(text, Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        pass
    try:
        return _first_too_deep(path, yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return None  # composing reports the syntax error


def _event_position(path: str, event: yaml.Event) -> Position:
    mark = event.start_mark
    return Position(path, mark.line + 1, mark.column + 1) if mark is not None else Position(path)


def _first_too_deep(path: str, events: Iterator[yaml.Event]) -> Diagnostic | None:
    depth = 0
    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > _MAX_DEPTH:
                return Diagnostic(_event_position(path, event), "E-DEPTH",
                                  f"lồng nhau quá {_MAX_DEPTH} cấp: hãy kiểm tra lại thụt lề")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _alias_problems(path: str, text: str) -> list[Diagnostic]:
    """One E-ALIAS at each '*name' in the file (the text already composed, so it parses)."""
    return [
        Diagnostic(_event_position(path, event), "E-ALIAS",
                   "không dùng neo/tham chiếu YAML (& và *): hãy viết lại đầy đủ giá trị tại đây")
        for event in yaml.parse(text, Loader=yaml.CSafeLoader)
        if isinstance(event, yaml.AliasEvent)
    ]


def content_files(content_dir: Path) -> Iterable[tuple[Path, str | None]]:
    """Every YAML file under content/, sorted, with the kind its folder holds (None: unknown)."""
    # Sorted by path components, as Path objects sort ('a/x' before 'a-b'), but on strings.
    found = sorted((parts, entry.path) for parts, entry in entries_under(os.fspath(content_dir))
                   if os.path.splitext(entry.name)[1] in (".yaml", ".yml") and entry.is_file())
    for parts, path in found:
        if parts == (BOARD_FILE,):
            yield Path(path), "board"
        elif len(parts) == 2 and parts[0] in KIND_BY_FOLDER:
            yield Path(path), KIND_BY_FOLDER[parts[0]].name
        else:
            yield Path(path), None


def display_path(path: Path, content_dir: Path) -> str:
    """How a file is named in messages: relative to the working directory when possible."""
    return _display(os.fspath(path), os.path.islink(path)) or path.as_posix()


def _display(path: str, is_link: bool) -> str | None:
    cwd = os.getcwd()
    if is_link:
        return _relative_to(os.path.realpath(path), _real_folder(cwd))
    folder, name = os.path.split(path)
    shown = _shown_folder(cwd, folder)  # a folder holds many files: resolve each folder once
    return None if shown is None else shown + name


@lru_cache(maxsize=512)
def _shown_folder(cwd: str, folder: str) -> str | None:
    """How files in `folder` are named: its path from the working directory, with a final '/'."""
    base = _real_folder(cwd)
    resolved = os.path.realpath(os.path.join(cwd, folder))
    if resolved == base:
        return ""
    shown = _relative_to(resolved, base)
    return None if shown is None else shown + "/"


def _relative_to(resolved: str, base: str) -> str | None:
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not resolved.startswith(prefix):
        return None
    shown = resolved[len(prefix):]
    return shown if os.sep == "/" else shown.replace(os.sep, "/")


@lru_cache(maxsize=512)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """One content file as loaded: its display path, kind ("" if in no kind's folder), the
    document (None if it could not be read as one) and the problems found."""

    path: str
    kind: str
    document: Document | None
    problems: list[Diagnostic]


class TextLoader(Protocol):
    """`load_text`, or what stands in for it (generator.check.load_memo.LoadMemo.load)."""

    def __call__(self, path: str, raw: bytes, kind: str,
                 stem: str) -> tuple[Document | None, list[Diagnostic]]: ...


def iter_content(content_dir: Path, loader: TextLoader | None = None) -> Iterator[LoadedFile]:
    """Load the content files one by one (a caller may drop each document once used)."""
    for path, kind in content_files(content_dir):
        yield load_file(path, kind, content_dir, loader)


def load_file(path: Path, kind: str | None, content_dir: Path,
              loader: TextLoader | None = None) -> LoadedFile:
    """Load one content file; `kind` as content_files gives it (None: in no kind's folder);
    `loader` parses its bytes (by default `load_text`)."""
    shown = display_path(path, content_dir)
    if kind is None:
        folders = ", ".join(sorted(KIND_BY_FOLDER))
        return LoadedFile(shown, "", None, [Diagnostic(
            Position(shown), "E-FOLDER",
            f"tệp không nằm trong thư mục loại hồ sơ nào; chuyển tệp vào một trong: {folders} "
            f"(hoặc content/{BOARD_FILE})")])
    refused = _refused_file(path, content_dir, shown)
    if refused is not None:
        return LoadedFile(shown, kind, None, [refused])
    try:
        raw = path.read_bytes()
    except OSError as error:
        return LoadedFile(shown, kind, None, [
            Diagnostic(Position(shown), "E-READ", f"không đọc được tệp: {error.strerror}")])
    document, problems = (loader or load_text)(shown, raw, kind, path.stem)
    return LoadedFile(shown, kind, document, problems)


MAX_RECORD_BYTES = 2 * 1024 * 1024
"""A record file of a few hundred pages of text; beyond this it is not a record written by hand."""


def _refused_file(path: Path, content_dir: Path, shown: str) -> Diagnostic | None:
    """A record symlinked from outside content/ (published as if it were content), or too big."""
    try:
        status = os.lstat(path)
        if stat.S_ISLNK(status.st_mode):
            root = _real_folder(os.fspath(content_dir))
            if _relative_to(os.path.realpath(path), root) is None:
                return Diagnostic(Position(shown), "E-FILE-OUTSIDE",
                                  "tệp hồ sơ là liên kết tới tệp ngoài thư mục content/: hãy chép "
                                  "tệp vào content/ thay cho liên kết")
            status = os.stat(path)
        size = status.st_size
    except OSError:
        return None  # reading it reports the problem
    if size > MAX_RECORD_BYTES:
        return Diagnostic(Position(shown), "E-FILE-SIZE",
                          f"tệp hồ sơ nặng {size / 1048576:.1f} MB, quá giới hạn "
                          f"{MAX_RECORD_BYTES // 1048576} MB: hãy tách thành nhiều hồ sơ, hoặc đưa "
                          "nội dung dài vào tệp văn bản đính kèm")
    return None


def load_content(content_dir: Path) -> LoadResult:
    documents: list[Document] = []
    diagnostics: list[Diagnostic] = []
    kind_by_path: dict[str, str] = {}
    for loaded in iter_content(content_dir):
        kind_by_path[loaded.path] = loaded.kind
        diagnostics.extend(loaded.problems)
        if loaded.document is not None:
            documents.append(loaded.document)
    return LoadResult(documents, diagnostics, kind_by_path)
