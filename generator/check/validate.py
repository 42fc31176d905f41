"""Validate stage: loaded documents → typed records, errors mapped back to file:line:col.

pydantic does the checking; this module only translates its errors into Vietnamese messages
that name the field by its title, say what was expected, and point at the offending value.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from generator.check.district import DISTRICT_LEVELS, district_problems
from generator.check.district import HINT as DISTRICT_HINT
from generator.check.load import Document, Loc, SourceMap
from generator.check.pasted import pasted_problems
from generator.check.samples import sample_problems
from generator.diagnostics import Diagnostic, Position
from generator.models import KINDS, Record
from generator.models.common import RefTo


@dataclass(frozen=True, slots=True)
class ValidRecord:
    """A record that passed validation, with the kind and source map it came from."""

    kind: str
    record: Record
    source: SourceMap


@dataclass(frozen=True, slots=True)
class RawReference:
    """A reference written in a record that failed validation: still checked by the link stage,
    so a field error does not hide a dangling reference in the same file."""

    kind: str  # the kind of record it points at
    value: str
    position: Position


@dataclass(frozen=True, slots=True)
class ValidationResult:
    records: list[ValidRecord]
    diagnostics: list[Diagnostic]
    unlinked: list[RawReference] = field(default_factory=list)


@cache
def _fields_by_key(model: type[BaseModel]) -> dict[str, FieldInfo]:
    return {(info.alias or name): info for name, info in model.model_fields.items()}


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for argument in typing.get_args(annotation):
            found = _nested_model(argument)
            if found is not None:
                return found
    return None


def _resolve(model: type[BaseModel], loc: Loc) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The model that holds the last key of `loc`, and that key's field (if it exists)."""
    current: type[BaseModel] | None = model
    info: FieldInfo | None = None
    last = len(loc) - 1
    for index, part in enumerate(loc):
        if isinstance(part, int) or current is None:
            continue
        info = _fields_by_key(current).get(part)
        if info is None:
            return current, None
        if index < last:
            current = _nested_model(info.annotation)
    return current, info


def _field_label(info: FieldInfo | None, loc: Loc) -> str:
    """How a message names the place: the key and its title, or 'mục thứ 2 của 'applicants''."""
    key = loc[-1] if loc else ""
    if isinstance(key, int):
        owner = next((part for part in reversed(loc) if isinstance(part, str)), "")
        title = f" ({info.title})" if info is not None and info.title else ""
        return f"mục thứ {key + 1} của '{owner}'{title}"
    if info is not None and info.title:
        return f"'{key}' ({info.title})"
    return f"'{key}'"


def _belongs_under(holder: type[BaseModel], key: str) -> str | None:
    """The one field of `holder` whose nested model has `key`: where a dedented key belongs."""
    owners = [name for name, field_info in _fields_by_key(holder).items()
              if (nested := _nested_model(field_info.annotation)) is not None
              and key in _fields_by_key(nested)]
    return owners[0] if len(owners) == 1 else None


def _expected_choices(context: dict[str, Any]) -> str:
    return str(context.get("expected", "")).replace("'", "").replace(" or ", " hoặc ")


CODE_PATTERN = r"^\d\.\d{6}$"


def _is_code_without_dot(info: FieldInfo | None, raw: str | None) -> bool:
    """`code: 1009994`: a procedure code typed without its dot (read as a whole number)."""
    patterns = [getattr(item, "pattern", None) for item in (info.metadata if info else ())]
    return CODE_PATTERN in patterns and raw is not None and raw.isdigit() and len(raw) == 7


def _message(model: type[BaseModel], error: ErrorDetails, source: SourceMap) -> tuple[str, str, bool]:
    """Return (code, Vietnamese message, whether to point at the key rather than the value)."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    context = error.get("ctx") or {}
    value = error.get("input")
    holder, info = _resolve(model, loc)
    key = loc[-1] if loc else ""
    label = _field_label(info, loc)
    if kind == "extra_forbidden":
        parent = _belongs_under(holder, str(key)) if holder else None
        if parent is not None:
            return ("E-UNKNOWN-KEY", f"trường '{key}' không thuộc cấp này mà thuộc '{parent}': thụt lề dòng "
                    f"này vào dưới '{parent}:' (thêm 2 dấu cách, thẳng hàng với các trường của '{parent}')",
                    True)
        known = sorted(_fields_by_key(holder)) if holder else []
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        hint = f"; có phải ý bạn là '{close[0]}'?" if close else f"; các trường hợp lệ: {', '.join(known)}"
        return "E-UNKNOWN-KEY", f"trường '{key}' không tồn tại{hint}", True
    if kind == "missing":
        description = f": {info.description}" if info is not None and info.description else ""
        return "E-MISSING", f"thiếu trường bắt buộc {label}{description}", False
    if value is None:  # `key:` left empty, e.g. a placeholder of `congkhai new` not yet filled
        description = f": {info.description}" if info is not None and info.description else ""
        return "E-EMPTY-VALUE", f"chưa điền {label}{description}", False
    raw = source.raw_text(loc)
    if kind == "string_type" and raw is not None and _is_code_without_dot(info, raw):
        dotted = f"{raw[0]}.{raw[1:]}"
        return ("E-NUMBER-NOT-TEXT",
                f"{label}: '{raw}' thiếu dấu chấm sau chữ số đầu; mã thủ tục viết dạng d.dddddd "
                f"trong dấu ngoặc kép: \"{dotted}\"", False)
    if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        return ("E-NUMBER-NOT-TEXT",
                f"{label}: YAML đọc '{raw}' thành số {value!r} (có thể mất số 0); "
                f"hãy viết trong dấu ngoặc kép: \"{raw}\"", False)
    if kind == "string_type" and isinstance(value, date):
        return "E-TYPE", f"{label} phải là chữ; hãy viết trong dấu ngoặc kép: \"{raw}\"", False
    if kind == "string_type":
        return "E-TYPE", f"{label} phải là một đoạn chữ", False
    if kind == "string_pattern_mismatch":
        examples = f", ví dụ \"{info.examples[0]}\"" if info is not None and info.examples else ""
        described = info is not None and info.description and not examples
        return ("E-PATTERN",
                f"{label}: giá trị '{_shown(value)}' không đúng định dạng{examples}"
                + (f" ({info.description})" if info is not None and described else ""),
                False)
    if kind == "web_url":
        return "E-URL", f"{label}: địa chỉ '{_shown(value)}' {error['msg']}", False
    if kind == "string_too_long":
        return ("E-TOO-LONG",
                f"{label} dài {len(value)} ký tự, quá giới hạn {context.get('max_length')} ký tự: "
                "hãy rút gọn, hoặc đưa nội dung dài vào tệp văn bản đính kèm", False)
    if kind == "too_long":
        return "E-TOO-LONG", f"{label} có quá {context.get('max_length')} mục", False
    if kind == "string_too_short":
        return "E-EMPTY-VALUE", f"{label} không được để trống", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return ("E-NUMBER",
                f"{label} phải là số nguyên viết liền, không dấu chấm hay chữ (ví dụ 1500000); "
                f"nhận được '{raw or value}'", False)
    if kind in ("bool_type", "bool_parsing"):
        return "E-BOOL", f"{label} phải là true hoặc false", False
    if kind.startswith("date") or kind.startswith("datetime"):
        return ("E-DATE",
                f"{label} phải là ngày dạng YYYY-MM-DD (ví dụ 2026-03-15); nhận được '{raw or value}'",
                False)
    if kind == "enum" or kind == "literal_error":
        hint = f"; {DISTRICT_HINT}" if str(value).lower() in DISTRICT_LEVELS else ""
        return ("E-CHOICE",
                f"{label}: '{_shown(value)}' không hợp lệ; chọn một trong: {_expected_choices(context)}"
                f"{hint}",
                False)
    if kind == "list_type":
        return "E-LIST", f"{label} phải là danh sách, mỗi mục một dòng bắt đầu bằng '- '", False
    if kind == "too_short":
        return "E-LIST-EMPTY", f"{label} cần ít nhất {context.get('min_length', 1)} mục", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "E-MAPPING", f"{label} phải là nhóm trường dạng 'tên: giá trị' thụt lề bên dưới", False
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(context.values()), "")
        sign = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤",
                "less_than": "<"}[kind]
        return "E-RANGE", f"{label} phải {sign} {bound}; nhận được {value}", False
    return "E-INVALID", f"{label} không hợp lệ ({error.get('msg', kind)})", False


def _shown(value: object, limit: int = 80) -> str:
    """A value as quoted in a message: a pasted page is cut, not repeated whole."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} ký tự)"


def _diagnostic(model: type[BaseModel], error: ErrorDetails, source: SourceMap) -> Diagnostic:
    code, message, at_key = _message(model, error, source)
    loc = tuple(error["loc"])
    if code == "E-MISSING":
        loc = loc[:-1]
        position = source.position(loc, at_key=True) if loc else source.position((), at_key=False)
    else:
        position = source.position(loc, at_key=at_key)
    return Diagnostic(position, code, message)


def _already_reported(document: Document, loc: Loc) -> bool:
    return any(loc[:len(broken)] == broken for broken in document.broken)


def _explain_stem(document: Document, diagnostic: Diagnostic) -> Diagnostic:
    """An id taken from the file name is wrong: say to rename the file, not to fix a field."""
    if diagnostic.code != "E-PATTERN" or "'id'" not in diagnostic.message:
        return diagnostic
    return Diagnostic(diagnostic.position, "E-FILE-NAME",
                      f"tên tệp '{document.stem}' không dùng được làm mã hồ sơ: đổi tên tệp chỉ gồm "
                      "chữ thường không dấu, số và dấu '-', ví dụ 'dang-ky-khai-sinh.yaml'")


MAX_PER_FILE = 50
"""Diagnostics shown per file: a file of 40,000 wrong keys is one mistake repeated, and
locating each one would cost time in proportion to the file for every error."""


def _more_errors(document: Document, count: int) -> Diagnostic:
    return Diagnostic(document.source.position(()), "E-MORE",
                      f"và {count} lỗi khác trong tệp này (chỉ hiện {MAX_PER_FILE} lỗi đầu): sửa các lỗi "
                      "trên rồi chạy lại")


# Every value that a sample, placeholder or pasted-text check can flag leaves a trace in the file's
# text: "sample", three zeros not inside a number ("600.000"), the example address, "(sửa", '<',
# '&', "xem chi tiết" (across a folded line too), or a backslash (an escape can write any of
# them). Walking every value of every file cost about a fifth of `check` at 5,000 records, and
# most files have none: plain substring tests (C speed) rule them out first.
_SUA = re.compile(r"\(\s*s(?:ử|ư\u0309|u\u031b\u0309)a", re.IGNORECASE)
_XEM = re.compile(r"xem\s+chi\s+ti", re.IGNORECASE)


def _lone_zeros(text: str) -> bool:
    """Three zeros that do not continue a number or an id ("600.000", "rec-00050")."""
    at = text.find("000")
    while at >= 0:
        before = text[at - 1] if at else " "
        if not (before.isalnum() or before in "_.,-"):
            return True
        at = text.find("000", at + 3)
    return False


def _may_have_text_problems(text: str) -> bool:
    if "<" in text or "&" in text or "\\" in text or "sample" in text or "example.gov.vn" in text:
        return True
    if _lone_zeros(text):
        return True
    if ("sửa" in text or "Sửa" in text or "\u031b\u0309" in text) and _SUA.search(text):
        return True
    return ("xem" in text or "Xem" in text or "XEM" in text) and _XEM.search(text) is not None


def text_problems(document: Document) -> list[Diagnostic]:
    """What the values say, valid or not: samples, placeholders, pasted HTML, district names."""
    if document.text and not _may_have_text_problems(document.text):
        return district_problems(document)
    return [*sample_problems(document), *pasted_problems(document), *district_problems(document)]


def validate_document(document: Document) -> tuple[ValidRecord | None, list[Diagnostic]]:
    model = KINDS[document.kind].model
    data = document.data
    if "id" not in data:
        data = {"id": document.stem, **data}
        document.source.assumed.setdefault(("id",), (1, 1))
    try:
        record = model.model_validate(data)
    except ValidationError as error:
        errors = [item for item in error.errors(include_url=False)
                  if not _already_reported(document, tuple(item["loc"]))]
        diagnostics = [_diagnostic(model, item, document.source) for item in errors[:MAX_PER_FILE]]
        if len(errors) > MAX_PER_FILE:
            diagnostics.append(_more_errors(document, len(errors) - MAX_PER_FILE))
        if "id" not in document.data:
            diagnostics = [_explain_stem(document, item) for item in diagnostics]
        return None, [*diagnostics, *text_problems(document)]
    problems = [
        Diagnostic(document.source.position(problem.loc), problem.code, problem.message)
        for problem in [*record.problems(), *record.signing_problems()]
    ]
    return ValidRecord(document.kind, record, document.source), [*problems, *text_problems(document)]


def validate_documents(documents: Iterable[Document]) -> ValidationResult:
    records: list[ValidRecord] = []
    diagnostics: list[Diagnostic] = []
    unlinked: list[RawReference] = []
    for document in documents:
        valid, problems = validate_document(document)
        diagnostics.extend(problems)
        if valid is not None:
            records.append(valid)
        elif any(problem.is_error for problem in problems):
            unlinked.extend(raw_references(document))
    return ValidationResult(records, diagnostics, unlinked)


def raw_references(document: Document) -> list[RawReference]:
    """The references (RefTo fields) written in a document's data, valid or not."""
    found: list[RawReference] = []
    _collect_references(KINDS[document.kind].model, document.data, (), document.source, found)
    return found


def _collect_references(model: type[BaseModel], data: Any, loc: Loc, source: SourceMap,
                        found: list[RawReference]) -> None:
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        info = _fields_by_key(model).get(key)
        if info is not None:
            _collect_value(info, info.annotation, value, (*loc, key), source, found)


def _collect_value(info: FieldInfo, annotation: Any, value: Any, loc: Loc, source: SourceMap,
                   found: list[RawReference]) -> None:
    marker = _reference_marker(info, annotation)
    if marker is not None:
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            if isinstance(item, str) and item:
                at = (*loc, index) if isinstance(value, list) else loc
                found.append(RawReference(marker.kind, item, source.position(at)))
        return
    nested = _nested_model(annotation)
    if nested is None:
        return
    for index, item in enumerate(value if isinstance(value, list) else [value]):
        _collect_references(nested, item, (*loc, index) if isinstance(value, list) else loc, source, found)


def _reference_marker(info: FieldInfo, annotation: Any) -> RefTo | None:
    """The RefTo of a field holding one id or a list of ids (in its metadata or its annotation)."""
    for meta in info.metadata:
        if isinstance(meta, RefTo):
            return meta
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return next((meta for meta in typing.get_args(annotation)[1:] if isinstance(meta, RefTo)), None)
    if origin in (list, typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            marker = _reference_marker(FieldInfo(), argument)
            if marker is not None:
                return marker
    return None
