"""The MkDocs nav (generator.render.nav): index pages only, no empty section.

The board: tests/support/render_board.py; the rendered sites: tests/render/conftest.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.render import RenderedSite

# The fixtures build boards and sites: tests/render runs on one test worker, which builds them once.
pytestmark = pytest.mark.xdist_group("render")


def test_nav_lists_index_pages_only_and_omits_empty_sections(
    public: RenderedSite, internal: RenderedSite
) -> None:
    def targets(nav: list[Any]) -> list[str]:
        found = []
        for entry in nav:
            value = next(iter(entry.values()))
            found.extend(targets(value) if isinstance(value, list) else [value])
        return found

    titles = [next(iter(entry)) for entry in public.nav]
    assert titles == [
        "Trang chủ",
        "Thủ tục hành chính",
        "Phí, lệ phí",
        "Mẫu đơn, tờ khai",
        "Thời hạn giải quyết",
        "Bộ phận",
        "Tiếp công dân",
        "Nội quy, quy chế",
        "Ngân sách",
        "Dữ liệu mở",
    ]
    internal_titles = [next(iter(entry)) for entry in internal.nav]
    assert internal_titles[-4:] == ["Nhân sự", "Khiếu nại, tố cáo", "Chủ trương, chính sách", "Kế hoạch"]
    for site in (public, internal):
        for target in targets(site.nav):
            assert target in site.pages
            assert target == "index.md" or "/index.md" in target
        assert "thu-tuc/cap-giay-phep-lao-dong/index.md" not in targets(site.nav)
