"""`congkhai new`: a new record file from a commented template.

The template is generated from the record models, so the comments staff read are the field
titles and descriptions the JSON Schema and the error messages use: one source of truth.
Required fields are left empty after their `key:` so that `congkhai check` names each of them,
at its line, until it is filled; optional fields are commented out, ready to be uncommented.
"""

from __future__ import annotations

import os
import re
import textwrap
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.errors import UsageError
from generator.models import BOARD_FILE, KINDS, Record
from generator.models.common import ID_PATTERN
from generator.models.documents import Regulation
from generator.models.procedure import Fee, Procedure, ProcessingTime, SubmissionMethod
from generator.models.reception import Recurrence
from generator.models.schema import schema_file_name, write_schemas
from generator.present.slug import record_id as slug_record_id

Loc = tuple[str | int, ...]

WIDTH = 100
# How deep a commented-out (optional) group is spelled out before only its key is shown.
COMMENTED_DEPTH = 2
DEFAULT_ID = "ho-so-moi"

# Optional in the model (an imported procedure may lack them and must still load), yet the audit
# (TTHC-FIELDS, NĐ 63/2010 Điều 8) reports a public procedure without them: commented out like
# any optional field, but the comment says they are needed.
AUDITED = "không bắt buộc khi kiểm tra, nhưng cần để công khai đủ thủ tục (NĐ 63/2010 Điều 8)"
AUDITED_FIELDS: frozenset[tuple[type[BaseModel], str]] = frozenset({
    *((Procedure, key) for key in ("announcing_decision", "level", "steps", "methods", "dossier",
                                    "applicants", "agencies", "result")),
    (SubmissionMethod, "processing_time"),
})

# Optional in the model, yet one of a pair is needed (the model's problems() says which):
# shown uncommented and empty, with this hint, so staff see them next to the required fields.
NEEDED_ONE_OF: dict[tuple[type[BaseModel], str], str] = {
    (Fee, "amount"): "cần 'amount', danh sách 'tiers' hoặc 'rate_text'",
    (SubmissionMethod, "fee_note"): "cần 'fee_note' (ví dụ: Không thu phí), 'fees' (mã phí) hoặc 'charges'",
    (ProcessingTime, "amount"): "cần 'amount' (số) hoặc 'text' (như văn bản ghi)",

    (Recurrence, "by_weekday"): "lịch hằng tháng cần 'by_weekday' hoặc 'by_month_day'",
    (Regulation, "articles"): "cần 'articles', hoặc 'chapters' nếu văn bản chia Chương",
}


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A line of a template where staff write a value: its 1-based line and the value's loc."""

    line: int
    loc: Loc
    info: FieldInfo
    required: bool


@dataclass(frozen=True, slots=True)
class Scaffold:
    text: str
    placeholders: tuple[Placeholder, ...]


@dataclass(frozen=True, slots=True)
class Shape:
    """What a field holds, with Optional and Annotated taken off."""

    kind: str  # "scalar", "model", "list_model", "list_scalar" or "mapping"
    model: type[BaseModel] | None = None
    enum: type[Enum] | None = None

    @property
    def nested(self) -> type[BaseModel]:
        """The model of a "model" or "list_model" field."""
        if self.model is None:
            raise TypeError(f"a {self.kind} field has no nested model")
        return self.model


def shape_of(annotation: Any) -> Shape:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return shape_of(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        [inner] = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return shape_of(inner)
    if origin is list:
        item = shape_of(typing.get_args(annotation)[0])
        if item.kind == "model":
            return Shape("list_model", item.model)
        return Shape("list_scalar", enum=item.enum)
    if origin is dict:
        return Shape("mapping")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape("model", annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return Shape("scalar", enum=annotation)
    return Shape("scalar")


def yaml_scalar(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[]"
    if isinstance(value, dict):
        return "{}"
    return str(value)


def default_of(info: FieldInfo) -> Any:
    return info.get_default(call_default_factory=True)


def field_note(info: FieldInfo, status: str) -> str:
    """The comment above a field: its title, whether it must be filled, what it holds."""
    note = f"{info.title} — {status}."
    if info.description:
        note += f" {info.description}"
    enum = shape_of(info.annotation).enum
    if enum is not None:
        values = [str(member.value) for member in enum]
        if not all(value in (info.description or "") for value in values):
            note += f" Chọn một trong: {', '.join(values)}."
    return note


def fields_in_order(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """Keys as written in YAML: required first (title leading), then the optional ones."""
    items = [(info.alias or name, info) for name, info in model.model_fields.items()
             if name not in ("id", "sample")]  # `sample` marks init's examples, never a new record
    if issubclass(model, Record):
        common = set(Record.model_fields)
        own = [item for item in items if item[0] not in common]
        shared = [item for item in items if item[0] in common]
        items = [*(item for item in shared if item[0] == "title"), *own,
                 *(item for item in shared if item[0] != "title")]
    return [item for item in items if item[1].is_required()] + [
        item for item in items if not item[1].is_required()]


@dataclass(slots=True)
class _Writer:
    """Accumulates template lines and where the placeholders are."""

    lines: list[str] = field(default_factory=list)
    placeholders: list[Placeholder] = field(default_factory=list)

    def comment(self, indent: int, text: str) -> None:
        pad = " " * indent
        wrapped = textwrap.wrap(text, width=max(WIDTH - indent - 4, 40), break_on_hyphens=False)
        self.lines.extend(f"{pad}# {line}" if index == 0 else f"{pad}#   {line}"
                          for index, line in enumerate(wrapped))

    def placeholder(self, line: str, loc: Loc, info: FieldInfo, required: bool) -> None:
        self.lines.append(line)
        self.placeholders.append(Placeholder(len(self.lines), loc, info, required))

    def model_fields(self, model: type[BaseModel], indent: int, loc: Loc) -> None:
        fields = fields_in_order(model)
        nothing_required = not any(info.is_required() for _, info in fields)
        for key, info in fields:
            hint = NEEDED_ONE_OF.get((model, key))
            if info.is_required():
                self.comment(indent, field_note(info, "BẮT BUỘC"))
                self.required(key, info, indent, (*loc, key))
            elif hint is not None or (nothing_required and shape_of(info.annotation).kind == "scalar"):
                self.comment(indent, field_note(info, hint or "điền nếu có"))
                self.required(key, info, indent, (*loc, key), required=False)
            else:
                self.optional(key, info, indent, AUDITED if (model, key) in AUDITED_FIELDS else None)

    def required(self, key: str, info: FieldInfo, indent: int, loc: Loc, *, required: bool = True) -> None:
        pad = " " * indent
        shape = shape_of(info.annotation)
        if shape.kind in ("scalar", "mapping"):
            self.placeholder(f"{pad}{key}:", loc, info, required)
        elif shape.kind == "model":
            self.lines.append(f"{pad}{key}:")
            self.model_fields(shape.nested, indent + 2, loc)
        elif shape.kind == "list_scalar":
            self.lines.append(f"{pad}{key}:")
            self.placeholder(f"{pad}  -", (*loc, 0), info, required)
        else:
            self.lines.append(f"{pad}{key}:")
            self.list_item(shape.nested, indent + 2, (*loc, 0))

    def list_item(self, model: type[BaseModel], indent: int, loc: Loc) -> None:
        """One item of a list of groups: its first key shares the line with the '- '."""
        item = _Writer()
        item.model_fields(model, indent + 2, loc)
        first_key = next(index for index, line in enumerate(item.lines)
                         if not line.lstrip().startswith("#"))
        offset = len(self.lines)
        for index, line in enumerate(item.lines):
            if index < first_key:
                line = line[2:]
            elif index == first_key:
                line = " " * indent + "- " + line.lstrip()
            self.lines.append(line)
        self.placeholders.extend(
            Placeholder(mark.line + offset, mark.loc, mark.info, mark.required)
            for mark in item.placeholders)

    def optional(self, key: str, info: FieldInfo, indent: int, status: str | None = None) -> None:
        default = default_of(info)
        status = status or "không bắt buộc"
        if default not in (None, [], {}) and not isinstance(default, BaseModel):
            status += f", mặc định {yaml_scalar(default)}"
        self.comment(indent, field_note(info, status))
        self.commented(key, info, " " * indent, 0, depth=0)

    def commented(self, key: str, info: FieldInfo, pad: str, inner: int, depth: int,
                  dash: bool = False) -> None:
        """A field written out commented: deleting the '# ' gives its structure, indented."""
        shape = shape_of(info.annotation)
        lead = f"{pad}# {' ' * inner}{'- ' if dash else ''}{key}:"
        title = f"  # {info.title}{' (bắt buộc)' if info.is_required() else ''}" if depth else ""
        if shape.kind == "scalar":
            default = None if info.is_required() else default_of(info)
            value = "" if default is None else f" {yaml_scalar(default)}"
            self.lines.append(f"{lead}{value}{title}")
            return
        self.lines.append(f"{lead}{title}")
        inner += 2 if dash else 0
        if shape.kind == "list_scalar":
            self.lines.append(f"{pad}# {' ' * (inner + 2)}-")
        elif shape.kind != "mapping" and depth < COMMENTED_DEPTH:
            nested = fields_in_order(shape.nested)
            for index, (sub_key, sub_info) in enumerate(nested):
                is_item = shape.kind == "list_model"
                self.commented(sub_key, sub_info, pad, inner + 2 if index == 0 or not is_item else inner + 4,
                               depth + 1, dash=is_item and index == 0)


def record_template(kind: str, record_id: str, schema_path: str) -> Scaffold:
    """The commented template of a new record of `kind`."""
    spec = KINDS[kind]
    where = f"content/{spec.folder}/{record_id}.yaml" if spec.folder else f"content/{BOARD_FILE}"
    writer = _Writer()
    writer.lines.append(f"# yaml-language-server: $schema={schema_path}")
    writer.comment(0, f"{spec.label}: hồ sơ mới ({where}), tạo bằng 'congkhai new {kind}'.")
    if spec.folder:
        writer.comment(0, f"Mã hồ sơ là tên tệp: {record_id}. Đổi tên tệp nếu muốn đổi mã.")
    writer.comment(0, "Cách điền: viết giá trị sau dấu ':' ở mọi trường BẮT BUỘC; muốn dùng trường "
                      "không bắt buộc thì xóa dấu '# ' ở đầu dòng. Chữ có dấu ':' hoặc bắt đầu bằng "
                      "số thì đặt trong dấu ngoặc kép. Xong thì chạy: congkhai check")
    writer.lines.append("")
    writer.model_fields(spec.model, 0, ())
    return Scaffold("\n".join(writer.lines) + "\n", tuple(writer.placeholders))


def record_path(content_dir: Path, kind: str, record_id: str) -> Path:
    folder = KINDS[kind].folder
    return content_dir / folder / f"{record_id}.yaml" if folder else content_dir / BOARD_FILE


def free_id(content_dir: Path, kind: str) -> str:
    candidate, number = DEFAULT_ID, 1
    while record_path(content_dir, kind, candidate).exists():
        number += 1
        candidate = f"{DEFAULT_ID}-{number}"
    return candidate


def schemas_dir_for(content_dir: Path) -> Path:
    """Where the JSON Schemas live: schemas/ beside content/ (as `congkhai init` lays out)."""
    return content_dir.resolve().parent / "schemas"


class ScaffoldError(UsageError):
    """A request that cannot be carried out; the message is for staff."""


def kind_name(text: str) -> str:
    name = text.strip().lower().replace("-", "_")
    by_folder = {spec.folder: spec.name for spec in KINDS.values() if spec.folder}
    name = by_folder.get(name, name)
    if name not in KINDS:
        raise ScaffoldError(f"không có loại hồ sơ '{text}'; các loại: {', '.join(KINDS)}")
    return name


def new_record(content_dir: Path, kind: str, record_id: str | None = None) -> tuple[Path, Scaffold]:
    """Write the template of a new record; never overwrites an existing file."""
    kind = kind_name(kind)
    if kind == "board":
        record_id = "board"
    elif record_id is None:
        record_id = free_id(content_dir, kind)
    else:
        record_id = slug_record_id(record_id)
    if not re.match(ID_PATTERN, record_id):
        raise ScaffoldError("mã hồ sơ phải có chữ cái hoặc chữ số, ví dụ: cap-giay-phep-xay-dung")
    path = record_path(content_dir, kind, record_id)
    if path.exists():
        raise ScaffoldError(f"tệp {path.as_posix()} đã có; chọn mã khác hoặc sửa tệp đó")
    schemas = schemas_dir_for(content_dir)
    if not schemas.is_dir():
        write_schemas(schemas)
    schema_path = Path(os.path.relpath(schemas / schema_file_name(kind), path.parent.resolve())).as_posix()
    scaffold = record_template(kind, record_id, schema_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold.text, encoding="utf-8")
    return path, scaffold
