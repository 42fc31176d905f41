"""The MkDocs nav: index pages only, in the order citizens look for things.

Titles are fixed Vietnamese text, never YAML values: MkDocs prints nav titles into every page
without escaping them.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from generator.present import urls

NavEntry = dict[str, Any]

# (title, page) or (title, [(title, page), …]); sections whose pages do not exist are left out.
LAYOUT: list[tuple[str, str | list[tuple[str, str]]]] = [
    ("Trang chủ", urls.HOME),
    ("Thủ tục hành chính", [
        ("Tất cả thủ tục", "thu-tuc/index.md"),
        ("Theo lĩnh vực", urls.PROCEDURES_BY_FIELD),
        ("Theo bộ phận", urls.PROCEDURES_BY_UNIT),
    ]),
    ("Phí, lệ phí", "phi-le-phi/index.md"),
    ("Mẫu đơn, tờ khai", "mau-don/index.md"),
    ("Thời hạn giải quyết", urls.PROCESSING_TIMES),
    ("Bộ phận", "bo-phan/index.md"),
    ("Tiếp công dân", urls.RECEPTION),
    ("Nội quy, quy chế", "quy-che/index.md"),
    ("Ngân sách", "ngan-sach/index.md"),
    ("Nhân sự", "nhan-su/index.md"),
    ("Khiếu nại, tố cáo", "khieu-nai-to-cao/index.md"),
    ("Chủ trương, chính sách", "chinh-sach/index.md"),
    ("Kế hoạch", "ke-hoach/index.md"),
    ("Dữ liệu mở", "du-lieu-mo/index.md"),
    ("Hết thời gian niêm yết", urls.ARCHIVE),
]


def build_nav(pages: Collection[str],
              sections: dict[str, list[NavEntry]] | None = None) -> list[NavEntry]:
    """The nav for the pages that exist; `sections` replaces a section's entries by title."""
    sections = sections or {}
    nav: list[NavEntry] = []
    for title, target in LAYOUT:
        if title in sections:
            entries = [entry for entry in sections[title] if next(iter(entry.values())) in pages]
            if entries:
                nav.append({title: entries})
        elif isinstance(target, str):
            if target in pages:
                nav.append({title: target})
        else:
            entries = [{child: page} for child, page in target if page in pages]
            if entries:
                nav.append({title: entries})
    return nav
