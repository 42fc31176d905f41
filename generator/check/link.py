"""Link stage: valid records → the Board, every record indexed by kind and id.

References between records (procedure → unit, fee, form; session → schedule) and to files
under content/ are resolved here; dangling references, duplicate ids and public records that
point at internal ones are errors. Attached files come only from the `files/` folders
(`content/files/`, `content/<kind>/files/`), and a file an internal record uses is never
published by a public one.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, overload

from pydantic import BaseModel

from generator.check.history import NO_HISTORY, Change, History, record_file
from generator.check.load import Loc, SourceMap
from generator.check.validate import RawReference, ValidRecord
from generator.diagnostics import Diagnostic, Position
from generator.models import BOARD_FILE, KIND_BY_FOLDER, KINDS, Audience, Office, Record
from generator.models.common import ContentFile, RefTo

Marker = RefTo | ContentFile
R = TypeVar("R", bound=Record)


@dataclass(frozen=True, slots=True)
class Reference:
    """One resolved reference: record (kind, id) at `loc` points at (target_kind, target_id)."""

    kind: str
    id: str
    loc: Loc
    target_kind: str
    target_id: str


@dataclass(slots=True)
class Board:
    """Every valid record of a content folder, indexed, with references resolved."""

    content_dir: Path
    office: Office | None
    records: dict[str, dict[str, Record]] = field(default_factory=dict)
    sources: dict[tuple[str, str], SourceMap] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    history: History = NO_HISTORY
    # The references by target, made on the first `referrers` call (the kiosk and the print pack
    # ask it for every fee: a scan of every reference each time cost 1 ms a fee at 5,000 records).
    _by_target: tuple[list[Reference], int, dict[tuple[str, str], list[Reference]]] | None = field(
        default=None, init=False, repr=False, compare=False)

    @overload
    def of(self, kind: type[R]) -> list[R]: ...
    @overload
    def of(self, kind: str) -> list[Record]: ...

    def of(self, kind: type[Record] | str) -> list[Any]:
        """The records of a kind, sorted by id (stable output order).

        Give the model (`board.of(Procedure)` is a `list[Procedure]`); a kind name is for code
        where the kind is data (the obligation registry, loops over every kind).
        """
        found = self.records.get(kind if isinstance(kind, str) else kind.kind_name, {})
        return [found[key] for key in sorted(found)]

    @overload
    def get(self, kind: type[R], record_id: str | None) -> R | None: ...
    @overload
    def get(self, kind: str, record_id: str | None) -> Record | None: ...

    def get(self, kind: type[Record] | str, record_id: str | None) -> Any:
        """The record of that kind and id; None for an unknown id, or no id (an optional field)."""
        if record_id is None:
            return None
        return self.records.get(kind if isinstance(kind, str) else kind.kind_name, {}).get(record_id)

    def source_digest(self, record: Record) -> str | None:
        """A fingerprint of `record` from its file's bytes (generator.fingerprint), when it is
        this board's own record: a record is a function of its file, its id and kind, and the
        code (which every cache keys on)."""
        kind, record_id = getattr(record, "kind_name", None), getattr(record, "id", None)
        if not isinstance(kind, str) or not isinstance(record_id, str):
            return None
        if self.records.get(kind, {}).get(record_id) is not record:
            return None
        source = self.sources.get((kind, record_id))
        return f"{source.digest}:{kind}:{record_id}" if source is not None and source.digest else None

    def position(self, record: Record, loc: Loc = ()) -> Position:
        return self.sources[(record.kind_name, record.id)].position(loc)

    def file_of(self, record: Record) -> str:
        """The record's file, relative to the content folder (posix), as git names it."""
        return record_file(self.sources[(record.kind_name, record.id)].path, self.content_dir)

    def changes_of(self, record: Record) -> tuple[Change, ...]:
        """The commits that touched the record's file, newest first (none outside git)."""
        if not self.history:
            return ()
        return self.history.of(self.file_of(record))

    @overload
    def referrers(self, kind: str, record_id: str, from_kind: type[R]) -> list[R]: ...
    @overload
    def referrers(self, kind: str, record_id: str, from_kind: None = None) -> list[Record]: ...

    def referrers(self, kind: str, record_id: str, from_kind: type[Record] | None = None) -> list[Any]:
        """Records that point at (kind, id), optionally only those of the model `from_kind`."""
        found: dict[tuple[str, str], Record] = {}
        for reference in self._references_to(kind, record_id):
            if from_kind is None or reference.kind == from_kind.kind_name:
                found[(reference.kind, reference.id)] = self.records[reference.kind][reference.id]
        return [found[key] for key in sorted(found)]

    def _references_to(self, kind: str, record_id: str) -> list[Reference]:
        references = self.references
        # Made again if the list was replaced or grew (the link stage fills it before any reader).
        if self._by_target is None or self._by_target[0] is not references \
                or self._by_target[1] != len(references):
            index: dict[tuple[str, str], list[Reference]] = {}
            for reference in references:
                index.setdefault((reference.target_kind, reference.target_id), []).append(reference)
            self._by_target = (references, len(references), index)
        return self._by_target[2].get((kind, record_id), [])

    def __len__(self) -> int:
        return sum(len(by_id) for by_id in self.records.values())


def _marker_in(annotation: Any, visiting: frozenset[type] = frozenset()) -> bool:
    """Whether `annotation` is or contains a reference; `visiting` stops recursive models."""
    if typing.get_origin(annotation) is typing.Annotated:
        return any(isinstance(meta, Marker) for meta in typing.get_args(annotation)[1:])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in visiting:
            return False
        inner = visiting | {annotation}
        return any(
            any(isinstance(meta, Marker) for meta in info.metadata) or _marker_in(info.annotation, inner)
            for info in annotation.model_fields.values()
        )
    return any(_marker_in(argument, visiting) for argument in typing.get_args(annotation))


@cache
def _linked_fields(model: type[BaseModel]) -> tuple[tuple[str, str, Any, Marker | None], ...]:
    """The fields of `model` that are or may contain references: (name, key, annotation, marker)."""
    found = []
    for name, info in model.model_fields.items():
        marker = next((meta for meta in info.metadata if isinstance(meta, Marker)), None)
        if marker is not None or _marker_in(info.annotation):
            found.append((name, info.alias or name, info.annotation, marker))
    return tuple(found)


Links = list[tuple[Loc, Marker, str]]
Collect = Callable[[Any, Loc, Links], None]


def _nothing(value: Any, loc: Loc, found: Links) -> None:
    return None


@cache
def _collector(annotation: Any) -> Collect:
    """A function that appends the references in a value of type `annotation` (built once per type)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        marker = next((meta for meta in metadata if isinstance(meta, Marker)), None)
        if marker is None:
            return _collector(base)

        def reference(value: Any, loc: Loc, found: Links) -> None:
            found.append((loc, marker, value))
        return reference
    if origin in (typing.Union, types.UnionType):
        arguments = [argument for argument in typing.get_args(annotation) if argument is not type(None)]
        options = [option for option in map(_collector, arguments) if option is not _nothing]
        return _union(options) if options else _nothing
    if origin is list:
        item = _collector(typing.get_args(annotation)[0])
        return _nothing if item is _nothing else _each(item)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and _linked_fields(annotation):
        return _model_links
    return _nothing


def _union(options: list[Collect]) -> Collect:
    def union(value: Any, loc: Loc, found: Links) -> None:
        for option in options:
            option(value, loc, found)
    return union


def _each(item: Collect) -> Collect:
    def each(value: Any, loc: Loc, found: Links) -> None:
        for index, element in enumerate(value):
            if element is not None:
                item(element, (*loc, index), found)
    return each


def _model_links(model: Any, loc: Loc, found: Links) -> None:
    if not isinstance(model, BaseModel):
        return
    for name, key, annotation, marker in _linked_fields(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        if marker is not None:
            found.append(((*loc, key), marker, value))
        else:
            _collector(annotation)(value, (*loc, key), found)


def _record_links(model: BaseModel, loc: Loc = ()) -> Links:
    """Every reference in `model` (and the records nested in it): (loc, marker, value)."""
    found: Links = []
    _model_links(model, loc, found)
    return found


def _index(records: list[ValidRecord], board: Board) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for valid in records:
        by_id = board.records.setdefault(valid.kind, {})
        record = valid.record
        if record.id in by_id:
            first = board.sources[(valid.kind, record.id)].position(("id",))
            problems.append(Diagnostic(
                valid.source.position(("id",)), "E-DUPLICATE-ID",
                f"mã '{record.id}' đã được dùng cho {KINDS[valid.kind].label.lower()} khác ở {first}: "
                "đổi tên tệp hoặc trường 'id'", related=first))
            continue
        by_id[record.id] = record
        board.sources[(valid.kind, record.id)] = valid.source
    return problems


ATTACHMENT_FOLDER = "files"
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
"""A scanned decision of a few dozen pages fits; a video or a disk image does not belong here."""


def _file_problem(content_dir: Path, root: Path, value: str) -> tuple[str, str] | None:
    """What is wrong with the file `value` names (relative to content/), if anything."""
    path = content_dir / value
    try:
        resolved = path.resolve()
        inside = resolved.is_relative_to(root)
        exists = path.is_file()
        size = path.stat().st_size if exists else 0
    except (OSError, ValueError):  # a NUL byte or an over-long name: there is no such file
        resolved, inside, exists, size = root, True, False, 0
    # Files are published as they are: one outside content/ (absolute, '..', a symlink out)
    # could leak anything on the build machine.
    if not inside:
        return "E-FILE-OUTSIDE", (f"tệp '{value}' nằm ngoài thư mục content/: chép tệp vào content/ "
                                  "và ghi đường dẫn tính từ content/, ví dụ forms/files/mau-01.docx")
    if not exists:
        return ("E-FILE-MISSING",
                f"không tìm thấy tệp '{value}' trong thư mục content/: kiểm tra tên và đường dẫn")
    if not is_attachment_path(resolved.relative_to(root).parts):
        return "E-FILE-FOLDER", (f"tệp '{value}' không nằm trong thư mục tệp đính kèm: chỉ công khai tệp "
                                 f"trong content/{ATTACHMENT_FOLDER}/ hoặc content/<loại hồ sơ>/"
                                 f"{ATTACHMENT_FOLDER}/, ví dụ forms/files/mau-01.docx "
                                 "(không dùng tệp hồ sơ .yaml)")
    if size > MAX_ATTACHMENT_BYTES:
        return "E-FILE-SIZE", (f"tệp '{value}' nặng {size / 1048576:.1f} MB, quá giới hạn "
                               f"{MAX_ATTACHMENT_BYTES // 1048576} MB: hãy nén hoặc chia nhỏ tệp")
    return None


def is_attachment_path(parts: tuple[str, ...]) -> bool:
    """Whether a content-relative path is in a folder meant for attachments, and not a record."""
    if not parts or parts[-1].lower().endswith((".yaml", ".yml")):
        return False
    if len(parts) >= 2 and parts[0] == ATTACHMENT_FOLDER:
        return True
    return len(parts) >= 3 and parts[0] in KIND_BY_FOLDER and parts[1] == ATTACHMENT_FOLDER


FileUsers = dict[Path, list[tuple[Record, Loc, str]]]


def _shared_with_internal(board: Board, users: FileUsers) -> list[Diagnostic]:
    """E-FILE-INTERNAL at each public record naming a file that an internal record also uses."""
    problems = []
    for path in sorted(users):
        found = users[path]
        internal = [user for user in found if user[0].audience is Audience.INTERNAL]
        if not internal:
            continue
        owner = internal[0][0]
        for record, loc, value in found:
            if record.audience is Audience.PUBLIC:
                problems.append(Diagnostic(
                    board.position(record, loc), "E-FILE-INTERNAL",
                    f"tệp '{value}' là văn bản của hồ sơ nội bộ '{owner.id}' "
                    f"({KINDS[owner.kind_name].label.lower()}) nên không được công khai qua hồ sơ này: "
                    "dùng tệp khác, hoặc đổi audience của một trong hai",
                    related=board.position(owner, internal[0][1])))
    return problems


def _check_link(board: Board, record: Record, loc: Loc, marker: Marker, value: str,
                declared: set[tuple[str, str]], root: Path) -> Diagnostic | None:
    if isinstance(marker, ContentFile):
        found = _file_problem(board.content_dir, root, value)
        return None if found is None else Diagnostic(board.position(record, loc), *found)
    target = board.get(marker.kind, value)
    if target is None:
        if (marker.kind, value) in declared:
            return None  # the target exists but has its own errors; one report is enough
        return Diagnostic(board.position(record, loc), "E-REF-MISSING",
                          _missing_message(board, marker.kind, value))
    board.references.append(Reference(record.kind_name, record.id, loc, marker.kind, value))
    if record.audience is Audience.PUBLIC and target.audience is Audience.INTERNAL:
        return Diagnostic(board.position(record, loc), "E-REF-INTERNAL",
                          f"hồ sơ công khai trỏ tới '{value}' là hồ sơ nội bộ: đổi audience của một "
                          "trong hai", related=board.position(target))
    return None


def unlinked_problems(board: Board, references: list[RawReference],
                      declared: set[tuple[str, str]]) -> list[Diagnostic]:
    """E-REF-MISSING for the references of records that failed validation (see RawReference)."""
    return [Diagnostic(reference.position, "E-REF-MISSING", _missing_message(board, reference.kind,
                                                                            reference.value))
            for reference in references
            if board.get(reference.kind, reference.value) is None
            and (reference.kind, reference.value) not in declared]


def _missing_message(board: Board, kind: str, value: str) -> str:
    known = ", ".join(sorted(board.records.get(kind, {}))[:8])
    return (f"không có {KINDS[kind].label.lower()} mã '{value}' (content/{KINDS[kind].folder}/{value}.yaml); "
            f"mã hiện có: {known or 'chưa có'}")


def link(content_dir: Path, records: list[ValidRecord],
         declared: set[tuple[str, str]] | None = None) -> tuple[Board, list[Diagnostic]]:
    """Build the Board. `declared` names records that exist but failed validation."""
    declared = declared or set()
    offices = [valid for valid in records if valid.kind == "board"]
    office = offices[0].record if offices else None
    board = Board(content_dir, office if isinstance(office, Office) else None)
    problems = _index(records, board)
    if not offices and ("board", "board") not in declared:
        problems.append(Diagnostic(Position(f"{content_dir.as_posix()}/{BOARD_FILE}"), "E-BOARD-MISSING",
                                   f"chưa có tệp {BOARD_FILE} mô tả cơ quan: hãy tạo bằng "
                                   "'congkhai new board'"))
    root = content_dir.resolve()
    file_users: FileUsers = {}
    for kind in sorted(board.records):
        for record in board.of(kind):
            for loc, marker, value in _record_links(record):
                problem = _check_link(board, record, loc, marker, value, declared, root)
                if problem is not None:
                    problems.append(problem)
                elif isinstance(marker, ContentFile):
                    file_users.setdefault((content_dir / value).resolve(), []).append((record, loc, value))
    problems.extend(_shared_with_internal(board, file_users))
    return board, problems

