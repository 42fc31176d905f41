"""Decap CMS configuration generated from the record models (never written by hand).

One folder collection per record kind (the board is a one-file collection); every field gets
its Vietnamese title as label and its description as help, a widget chosen by its type,
`required`, patterns, and references to other records become relation widgets listing the
existing records by title. Field order is `congkhai new`'s (`fields_in_order`).
"""

from __future__ import annotations

import types
import typing
from datetime import date
from enum import Enum
from typing import Any

import annotated_types
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.models import BOARD_FILE, KINDS
from generator.models.common import ID_PATTERN, WEB_URL_SCHEMA, ContentFile, RefTo
from generator.present.labels import ENUMS
from generator.scaffold.new import NEEDED_ONE_OF, fields_in_order, shape_of

API_PATH = "/api/v1"
BUNDLE_NAME = "decap-cms.js"
FILES_FOLDER = "files"
# A model that contains itself (budget items, plan parts) is offered this many levels deep: Decap
# has no recursive widget. Deeper levels are not shown; Decap keeps them when the record is saved
# (checked with Decap 3.16.3), and they are edited in the YAML file (docs/HUONG-DAN.md says so).
NESTING_LIMIT = 3

# Free text that runs to paragraphs gets a multi-line box; other text a one-line box.
MULTILINE_NAMES = frozenset({
    "description", "text", "summary", "preamble", "conclusion", "subject", "direction", "note",
    "result", "paragraphs", "duties", "conditions", "exemptions", "measures",
})

# What Decap says when a pattern does not match; staff read it under the field.
PATTERN_MESSAGES = {
    r"^\d\.\d{6}$": "Mã thủ tục gồm 1 chữ số, dấu chấm và 6 chữ số, ví dụ 1.001930",
    ID_PATTERN: "Chỉ dùng chữ thường không dấu, chữ số và dấu '-', '.', '_', ví dụ cap-giay-phep",
    r"^\d{2}:\d{2}$": "Giờ dạng HH:MM, ví dụ 08:00",
    r"^https?://": "Địa chỉ phải bắt đầu bằng http:// hoặc https://",
    WEB_URL_SCHEMA["pattern"]: "Địa chỉ phải bắt đầu bằng http:// hoặc https:// và không có dấu cách",
}
GENERIC_PATTERN_MESSAGE = "Giá trị chưa đúng định dạng; xem hướng dẫn dưới ô này"


def collection_name(kind: str) -> str:
    """Decap's collection name: the content folder ('procedures'), 'board' for board.yaml."""
    return KINDS[kind].folder or "board"


def markers(annotation: Any) -> list[Any]:
    """RefTo/ContentFile markers anywhere inside an annotation (lists, Optional, Annotated)."""
    found: list[Any] = []
    if typing.get_origin(annotation) is typing.Annotated:
        found.extend(meta for meta in typing.get_args(annotation)[1:]
                     if isinstance(meta, RefTo | ContentFile))
    for arg in typing.get_args(annotation):
        if not isinstance(arg, RefTo | ContentFile):
            found.extend(markers(arg))
    return found


def constraint(info: FieldInfo, kind: type) -> Any:
    for meta in info.metadata:
        if isinstance(meta, kind):
            return meta
    return None


def pattern_of(info: FieldInfo) -> str | None:
    """The field's pattern: a pydantic constraint, or what its JSON Schema tells editors."""
    for meta in info.metadata:
        pattern = getattr(meta, "pattern", None)
        if pattern:
            return str(pattern)
    extra = info.json_schema_extra
    if isinstance(extra, dict) and isinstance(extra.get("pattern"), str):
        return str(extra["pattern"])
    return None


def enum_options(enum: type[Enum]) -> list[dict[str, str]]:
    values = [str(member.value) for member in enum]
    labels = next((table for table in ENUMS.values() if set(table) == set(values)), None)
    if labels is None:
        raise KeyError(f"no Vietnamese labels for {enum.__name__} in generator.present.labels")
    return [{"label": labels[value], "value": value} for value in values]


def is_date(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return is_date(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(is_date(arg) for arg in typing.get_args(annotation) if arg is not type(None))
    return annotation is date


def scalar_type(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return scalar_type(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list):
        [inner] = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return scalar_type(inner)
    return annotation


def relation(kind: str) -> dict[str, Any]:
    return {"widget": "relation", "collection": collection_name(kind), "value_field": "id",
            "search_fields": ["title", "id"], "display_fields": ["title"], "options_length": 500}


def media_of(owner_kind: str) -> dict[str, str]:
    """Where an uploaded file goes: forms under content/forms/files/, the rest content/files/."""
    folder = "forms/files" if owner_kind == "form" else FILES_FOLDER
    return {"media_folder": f"/content/{folder}", "public_folder": folder}


def scalar_widget(name: str, info: FieldInfo, owner_kind: str) -> dict[str, Any]:
    annotation = info.annotation
    # pydantic keeps a field's own Annotated metadata on the FieldInfo, not in the annotation.
    found = [meta for meta in info.metadata if isinstance(meta, RefTo | ContentFile)]
    found += markers(annotation)
    shape = shape_of(annotation)
    references = [marker for marker in found if isinstance(marker, RefTo)]
    if references:
        return relation(references[0].kind)
    if any(isinstance(marker, ContentFile) for marker in found):
        return {"widget": "file", **media_of(owner_kind)}
    if shape.enum is not None:
        return {"widget": "select", "options": enum_options(shape.enum)}
    base = scalar_type(annotation)
    if base is bool:
        return {"widget": "boolean"}
    if base is int:
        widget: dict[str, Any] = {"widget": "number", "value_type": "int", "step": 1}
        # WholeNumber carries its own upper bound; a field may add a tighter one (fiscal_year).
        lows = [typing.cast(int, meta.ge) for meta in info.metadata if isinstance(meta, annotated_types.Ge)]
        highs = [typing.cast(int, meta.le) for meta in info.metadata if isinstance(meta, annotated_types.Le)]
        if lows:
            widget["min"] = max(lows)
        if highs:
            widget["max"] = min(highs)
        return widget
    if is_date(annotation):
        # An empty default: Decap would otherwise fill in today, a date nobody chose.
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY",
                "time_format": False, "default": ""}
    widget = {"widget": "text" if name in MULTILINE_NAMES else "string"}
    pattern = pattern_of(info)
    if pattern:
        widget["pattern"] = [pattern, PATTERN_MESSAGES.get(pattern, GENERIC_PATTERN_MESSAGE)]
    return widget


def field_config(name: str, info: FieldInfo, owner_kind: str, model: type[BaseModel],
                 path: tuple[type[BaseModel], ...], optional_group: str | None) -> dict[str, Any]:
    """One Decap field: label, help, required, the widget for the field's type.

    Decap checks the required fields of an optional group (a record's `source`) even when the
    group is left empty, which would block every save; inside such a group nothing is required
    by the form, the help says what is needed once the group is filled, and `check` enforces it.
    """
    shape = shape_of(info.annotation)
    config: dict[str, Any] = {"label": info.title, "name": name}
    hint = info.description or ""
    needed = NEEDED_ONE_OF.get((model, name))
    if needed:
        hint = f"{hint} ({needed})".strip()
    required = info.is_required()
    if required and optional_group is not None:
        hint = f"{hint} Bắt buộc khi điền mục «{optional_group}».".strip()
        required = False
    if hint:
        config["hint"] = hint
    if not required:
        config["required"] = False
    if shape.kind == "model":
        group = optional_group or (None if info.is_required() else info.title)
        config.update({"widget": "object", "collapsed": not info.is_required(),
                       "fields": model_fields(shape.nested, owner_kind, path, group)})
    elif shape.kind == "list_model":
        # A list item exists only once added, so its required fields are required again.
        config.update({"widget": "list", "collapsed": False,
                       "fields": model_fields(shape.nested, owner_kind, path, None)})
        if not info.is_required():
            config["default"] = []  # else Decap adds an item made of its fields' defaults
    elif shape.kind == "list_scalar":
        item = scalar_widget(name, info, owner_kind)
        if item["widget"] == "relation":
            config.update({**item, "multiple": True})
        else:
            config.update({"widget": "list", "field": {"label": info.title, "name": "item", **item}})
    else:
        config.update(scalar_widget(name, info, owner_kind))
        # Decap fills an optional group it shows with its fields' defaults, and a group holding
        # only a default is not empty: no defaults inside one, so an untouched group stays out.
        default = info.get_default(call_default_factory=True) if optional_group is None else None
        if isinstance(default, Enum):
            config["default"] = str(default.value)
        elif isinstance(default, bool | int) and default is not None:
            config["default"] = default
    if shape.kind.startswith("list"):
        least = constraint(info, annotated_types.MinLen)
        if least is not None and least.min_length:
            config["min"] = least.min_length
    return config


def shown(info: FieldInfo, path: tuple[type[BaseModel], ...]) -> bool:
    """Mappings (dict) have no form widget; a self-containing model stops at NESTING_LIMIT."""
    shape = shape_of(info.annotation)
    if shape.kind == "mapping":
        return False
    return shape.model is None or path.count(shape.model) < NESTING_LIMIT


def model_fields(model: type[BaseModel], owner_kind: str, path: tuple[type[BaseModel], ...] = (),
                 optional_group: str | None = None) -> list[dict[str, Any]]:
    """The fields of a model in `congkhai new`'s order."""
    path = (*path, model)
    return [field_config(key, info, owner_kind, model, path, optional_group)
            for key, info in fields_in_order(model) if shown(info, path)]


def id_field(label: str) -> dict[str, Any]:
    info = KINDS["unit"].model.model_fields["id"]
    return {"label": info.title, "name": "id", "widget": "string",
            "hint": f"Tên tệp của {label.lower()}; không đổi được sau khi lưu. {info.description}",
            "pattern": [ID_PATTERN, PATTERN_MESSAGES[ID_PATTERN]]}


def kind_collection(kind: str) -> dict[str, Any]:
    spec = KINDS[kind]
    fields = model_fields(spec.model, kind)
    if not spec.folder:
        return {"name": "board", "label": spec.plural_label, "editor": {"preview": False},
                "files": [{"name": "board", "label": f"Thông tin cơ quan ({BOARD_FILE})",
                           "file": f"content/{BOARD_FILE}", "fields": fields}]}
    return {
        "name": collection_name(kind), "label": spec.plural_label, "label_singular": spec.label,
        "description": f"Mỗi hồ sơ là một tệp trong thư mục content/{spec.folder}/.",
        "folder": f"content/{spec.folder}", "extension": "yaml", "format": "yaml",
        "create": True, "delete": False, "identifier_field": "id", "slug": "{{slug}}",
        "summary": "{{title}}", "sortable_fields": ["title", "id"], "editor": {"preview": False},
        "fields": [id_field(spec.label), *fields],
    }


def editor_config() -> dict[str, Any]:
    """The whole Decap configuration: Vietnamese interface, the congkhai local backend."""
    return {
        "backend": {"name": "proxy", "proxy_url": API_PATH, "branch": "main"},
        "locale": "vi",
        "media_folder": f"content/{FILES_FOLDER}",
        "public_folder": FILES_FOLDER,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [kind_collection(kind) for kind in KINDS],
    }


def config_yaml() -> str:
    header = ("# Cấu hình trình soạn thảo (Decap CMS), tạo tự động từ các mô hình hồ sơ.\n"
              "# Không sửa tay: chạy 'congkhai admin' để tạo lại.\n")
    return header + yaml.safe_dump(editor_config(), allow_unicode=True, sort_keys=False, width=100)
