"""Two-level local government: since 1 July 2025 there are provinces and communes, no districts.

An office name that still says "huyện", "quận" or "thị xã", or a `level: huyen`, is an old
name; staff are told so where they look (check output, the `level` choices, init).
"""

from __future__ import annotations

import re

from generator.check.load import Document
from generator.diagnostics import Diagnostic, Severity

DISTRICT_WORDS = re.compile(r"(?<!\w)(huyện|quận|thị xã)(?!\w)", re.IGNORECASE)
DISTRICT_LEVELS = frozenset({"huyen", "quan", "thi_xa", "cap_huyen"})

HINT = ("từ 01/7/2025 chính quyền địa phương chỉ còn hai cấp (tỉnh, xã): không còn cấp huyện. "
        "Dùng tên đơn vị hành chính mới (xã, phường, đặc khu) và level 'xa'; sở, ban, ngành dùng "
        "'co_quan'")


def district_name(name: str) -> str | None:
    """The district word in an office name ('huyện'), or None."""
    found = DISTRICT_WORDS.search(name)
    return found[1].lower() if found else None


def district_problems(document: Document) -> list[Diagnostic]:
    """A board.yaml whose name or title still names a district: a warning at that line."""
    if document.kind != "board":
        return []
    problems = []
    for key in ("name", "title", "short_name"):
        value = document.data.get(key)
        word = district_name(value) if isinstance(value, str) else None
        if word:
            problems.append(Diagnostic(document.source.position((key,)), "W-DISTRICT-NAME",
                                       f"'{key}' có chữ '{word}': {HINT}", severity=Severity.WARNING))
    return problems
