"""Text pasted from the national procedure portal: HTML remnants and page furniture.

Copying from dichvucong.gov.vn brings `</p>`, `<br>`, `&nbsp;` and the page's own words
("Xem chi tiết") into YAML values; the public page would show them literally (`&lt;/p&gt;`).
`check` warns at the file line where each stands (a warning: the escaping tests and a board
may hold such characters on purpose), and `congkhai tidy` (generator.check.tidy)
normalises what is safe to normalise: line-break tags, `&nbsp;` and other entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from generator.check.load import Document, Loc
from generator.check.samples import strings
from generator.diagnostics import Diagnostic, Position, Severity

HTML_TAG = re.compile(r"</?(?:p|br|div|span|strong|b|i|em|u|ul|ol|li|table|tbody|tr|td|th|a|font)"
                      r"(?:\s[^<>]*)?/?>", re.IGNORECASE)
ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|apos|ndash|mdash|#\d{1,5}|#x[0-9a-f]{1,4});", re.IGNORECASE)
PORTAL_WORDS = re.compile(r"xem chi tiết", re.IGNORECASE)

KINDS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (HTML_TAG, "W-PASTED-HTML", "thẻ HTML '{found}' chép từ trang web: xóa thẻ (xuống dòng nếu là "
               "<br>, </p>), hoặc chạy 'congkhai tidy' để sửa tự động"),
    (ENTITY, "W-PASTED-ENTITY", "mã ký tự HTML '{found}' chép từ trang web: viết ký tự thật (&nbsp; là "
             "dấu cách, &amp; là &), hoặc chạy 'congkhai tidy' để sửa tự động"),
    (PORTAL_WORDS, "W-PASTED-PORTAL", "chữ '{found}' là nút của trang Cổng dịch vụ công, không phải nội "
                   "dung: xóa chữ này (và kiểm tra chữ dính liền trước nó, ví dụ 'ĐồngXem chi tiết')"),
)


def _line_of(path: str, start: int, needle: str) -> tuple[int, int] | None:
    """Where `needle` first stands at or after line `start` of the file (1-based), if it does."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for index in range(max(start - 1, 0), len(lines)):
        column = lines[index].find(needle)
        if column >= 0:
            return index + 1, column + 1
    return None


def _position(document: Document, loc: Loc, needle: str) -> Position:
    value = document.source.position(loc)
    found = _line_of(value.path, value.line, needle)
    return Position(value.path, *found) if found else value


def _matches(text: str) -> Iterator[tuple[str, str, str]]:
    for pattern, code, message in KINDS:
        for match in pattern.finditer(text):
            yield code, match[0], message


def pasted_problems(document: Document) -> list[Diagnostic]:
    """Every HTML remnant, entity and portal word in a document's text values, at its line."""
    problems = []
    for loc, text in strings(document.data):
        if "<" not in text and "&" not in text and "xem" not in text.lower():
            continue
        key = ".".join(str(part) for part in loc)
        for code, found, message in _matches(text):
            problems.append(Diagnostic(_position(document, loc, found), code,
                                       f"'{key}': " + message.format(found=found), severity=Severity.WARNING))
    return problems
