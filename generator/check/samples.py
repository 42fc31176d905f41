"""Samples and placeholders never pass as facts.

`congkhai init` writes example records marked `sample: true`, with placeholder values
("0000 000 000", "0000/QĐ-UBND", "vanthu@example.gov.vn", "(sửa địa chỉ)"). Both are errors
until the office replaces them, so a board fresh from init cannot publish invented data; the
audit never counts a sample record (generator.audit.context).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.check.load import Document, Loc
from generator.diagnostics import Diagnostic

# What a placeholder looks like, and what to write instead.
PLACEHOLDERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^[0\s.()+-]*0{3}[0\s.()+-]*$"), "số điện thoại thật của cơ quan"),
    (re.compile(r"^0{3,}/"), "số, ký hiệu thật của văn bản"),
    # The address init writes (not every example.* domain: a demo's made-up site URL is its own).
    (re.compile(r"(?:@|//|\b)example\.gov\.vn\b", re.IGNORECASE),
     "địa chỉ thư điện tử, trang web thật của cơ quan"),
    (re.compile(r"\(\s*sửa\b[^)]*\)", re.IGNORECASE), "nội dung thật (bỏ cả phần trong ngoặc)"),
)

SAMPLE_MESSAGE = (
    "hồ sơ ví dụ do 'congkhai init' tạo (sample: true), chưa phải thông tin thật và không được "
    "tính là đã công khai: sửa mọi trường cho đúng với cơ quan rồi xóa dòng 'sample: true', "
    "hoặc xóa tệp này nếu cơ quan không có hồ sơ như vậy")


def strings(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text value of a document with its path of keys."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*loc, index))


def placeholder_hint(text: str) -> str | None:
    for pattern, replacement in PLACEHOLDERS:
        if pattern.search(text):
            return replacement
    return None


def sample_problems(document: Document) -> list[Diagnostic]:
    """`sample: true` and placeholder values in one document, at their lines."""
    problems = []
    if document.data.get("sample") is True:
        problems.append(Diagnostic(document.source.position(("sample",), at_key=True), "E-SAMPLE",
                                   SAMPLE_MESSAGE))
    for loc, text in strings(document.data):
        hint = placeholder_hint(text)
        if hint is not None and loc and loc[0] not in ("id",):
            shown = text if len(text) <= 60 else text[:57] + "…"
            key = ".".join(str(part) for part in loc)
            problems.append(Diagnostic(
                document.source.position(loc), "E-PLACEHOLDER",
                f"'{key}': '{shown}' là giá trị mẫu do 'congkhai init' ghi, không phải thông tin "
                f"thật; hãy thay bằng {hint}"))
    return problems
