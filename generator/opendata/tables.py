"""Records → open-data tables: Frictionless field descriptors and rows, both from the models.

Every column is a field of the kind's model (its YAML key, its Vietnamese title and
description), plus `url`, the record's page. What never becomes a column: `audience` (every
row is public), fields marked InternalField (the office's settings) and ContentFile fields
(paths inside the content repository, not addresses anyone can open). Nested values (lists,
sub-records) stay nested in JSON and are written as JSON text in their CSV cell, which is how
Table Schema reads `array` and `object` fields.
"""

from __future__ import annotations

import csv
import io
import json
import types
import typing
from datetime import date
from enum import Enum
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.models import Record
from generator.models.common import ContentFile, InternalField

# Columns every record has but no open-data row needs.
LEFT_OUT = frozenset({"audience"})

URL_FIELD: dict[str, Any] = {
    "name": "url",
    "type": "string",
    "title": "Trang",
    "description": "Địa chỉ trang của hồ sơ, tính từ gốc trang công khai.",
}


def _markers(annotation: Any) -> list[Any]:
    """Annotated metadata of a type, also inside an optional (`Annotated[str, X] | None`)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        return [*metadata, *_markers(base)]
    if origin in (typing.Union, types.UnionType):
        return [meta for arg in typing.get_args(annotation) for meta in _markers(arg)]
    return []


def _kept(info: FieldInfo) -> bool:
    markers = [*info.metadata, *_markers(info.annotation)]
    return not any(isinstance(meta, InternalField | ContentFile) for meta in markers)


@cache
def open_fields(model: type[BaseModel]) -> tuple[tuple[str, str, FieldInfo], ...]:
    """(attribute, key, info) of the fields of `model` that open data shows, in model order."""
    return tuple((name, info.alias or name, info) for name, info in model.model_fields.items()
                 if name not in LEFT_OUT and _kept(info))


def _unwrap(annotation: Any) -> list[Any]:
    """The alternatives of a type, without None and Annotated wrappers."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [alt for arg in typing.get_args(annotation) if arg is not type(None)
                for alt in _unwrap(arg)]
    return [annotation]


def _table_type(annotation: Any) -> tuple[str, list[str] | None]:
    """The Table Schema type of an annotation, and the allowed values of an enum."""
    kinds = _unwrap(annotation)
    if len(kinds) != 1:
        return "any", None
    kind = kinds[0]
    origin = typing.get_origin(kind)
    if origin in (list, tuple, set, frozenset):
        return "array", None
    if origin is dict or kind is dict:
        return "object", None
    if isinstance(kind, type):
        if issubclass(kind, Enum):
            return "string", [str(member.value) for member in kind]
        if issubclass(kind, BaseModel):
            return "object", None
        if issubclass(kind, bool):
            return "boolean", None
        if issubclass(kind, int):
            return "integer", None
        if issubclass(kind, date):
            return "date", None
        if issubclass(kind, str):
            return "string", None
    return "any", None


def field_descriptors(model: type[Record]) -> list[dict[str, Any]]:
    """The Table Schema fields of a kind: one per open field, then `url`."""
    found = []
    for _, key, info in open_fields(model):
        table_type, allowed = _table_type(info.annotation)
        descriptor: dict[str, Any] = {"name": key, "type": table_type}
        if info.title:
            descriptor["title"] = info.title
        if info.description:
            descriptor["description"] = info.description
        constraints: dict[str, Any] = {}
        if info.is_required():
            constraints["required"] = True
        if allowed is not None:
            constraints["enum"] = allowed
        if constraints:
            descriptor["constraints"] = constraints
        found.append(descriptor)
    return [*found, URL_FIELD]


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    return [kind for kind in _unwrap(annotation) if isinstance(kind, type) and issubclass(kind, BaseModel)]


def _list_items(annotation: Any) -> list[Any]:
    return [arg for kind in _unwrap(annotation) if typing.get_origin(kind) in (list, tuple)
            for arg in typing.get_args(kind) if arg is not Ellipsis]


@cache
def left_out(model: type[BaseModel]) -> dict[str, Any]:
    """pydantic's `exclude` for `model`: the fields open data never shows, at every depth."""
    return _left_out(model, frozenset())


def _left_out(model: type[BaseModel], visiting: frozenset[type[BaseModel]]) -> dict[str, Any]:
    if model in visiting:  # a tree (budget items, plan parts): its fields were seen one level up
        return {}
    inside = visiting | {model}
    kept = {name for name, _, _ in open_fields(model)}
    spec: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in kept:
            spec[name] = True
            continue
        nested = [_left_out(inner, inside) for inner in _models_in(info.annotation)]
        nested += [{"__all__": found} for item in _list_items(info.annotation)
                   for inner in _models_in(item) if (found := _left_out(inner, inside))]
        nested = [entry for entry in nested if entry]
        if len(nested) > 1:
            raise TypeError(f"{model.__name__}.{name}: several sub-models, cannot exclude by shape")
        if nested:
            spec[name] = nested[0]
    if model in visiting and spec:
        raise TypeError(f"{model.__name__}: a recursive model with fields to leave out")
    return spec


def open_value(record: BaseModel) -> dict[str, Any]:
    """A record as plain JSON data (ISO dates, enum values, YAML keys), without internal and
    content-path fields. pydantic's serializer does the walk: a fraction of a Python walk's time."""
    return record.model_dump(mode="json", by_alias=True, exclude=left_out(type(record)))


def record_row(record: Record, url: str) -> dict[str, Any]:
    return {**open_value(record), "url": url}


def json_bytes(rows: list[dict[str, Any]]) -> bytes:
    """A JSON array, one record per line (readable, diffable, and encoded by json's C encoder,
    which an indented dump does not use)."""
    lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    return f"[\n{lines}\n]\n".encode() if rows else b"[]\n"


# A spreadsheet runs a cell that starts with these as a formula (CSV injection): such text
# gets a leading apostrophe in the CSV, which Excel and LibreOffice read as "this is text".
# The JSON keeps the value as written.
FORMULA_STARTS = ("=", "+", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_STARTS) else text


def csv_bytes(fields: list[dict[str, Any]], rows: list[dict[str, Any]]) -> bytes:
    """CSV in UTF-8 with a byte-order mark (Excel opens it with the right letters), CRLF rows."""
    names = [descriptor["name"] for descriptor in fields]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in names])
    return out.getvalue().encode("utf-8-sig")
