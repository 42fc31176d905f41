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


def _kept(info: FieldInfo) -> bool:
    return not any(isinstance(meta, InternalField | ContentFile) for meta in info.metadata)


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


def open_value(value: Any) -> Any:
    """A model value as plain JSON data, without internal and content-path fields."""
    if isinstance(value, BaseModel):
        return {key: open_value(getattr(value, name)) for name, key, _ in open_fields(type(value))}
    if isinstance(value, list | tuple):
        return [open_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): open_value(item) for key, item in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def record_row(record: Record, url: str) -> dict[str, Any]:
    return {**open_value(record), "url": url}


def json_bytes(rows: list[dict[str, Any]]) -> bytes:
    return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


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
