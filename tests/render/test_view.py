"""Who sees what (generator.render.view): nothing internal reaches the public site.

The board: tests/support/render_board.py; the rendered sites: tests/render/conftest.py.
"""

from __future__ import annotations

import pytest
from support.render_board import SECRET, TODAY

from generator.check.link import Board
from generator.models import Audience
from generator.present.urls import record_url
from generator.render import RenderedSite, render_site

# The fixtures build boards and sites: tests/render runs on one test worker, which builds them once.
pytestmark = pytest.mark.xdist_group("render")


def test_public_site_has_nothing_internal(public: RenderedSite, internal: RenderedSite) -> None:
    internal_ids = [
        "ky-luat-2026",
        "to-cao-2026",
        "chuyen-doi-so",
        "ke-hoach-tiep-cong-dan",
        "quy-che-dan-chu",
        "mau-noi-bo",
    ]
    for path, text in public.pages.items():
        assert SECRET not in text, path
        assert not any(record_id in text or record_id in path for record_id in internal_ids), path
    assert not any(any(record_id in path for record_id in internal_ids) for path in public.files)
    assert b"noi bo" not in b"".join(public.files.values())
    assert b"ky luat" not in b"".join(public.files.values())
    assert SECRET not in repr(public.nav)
    assert "Nhân sự" not in repr(public.nav) and "Kế hoạch" not in repr(public.nav)
    assert any(SECRET in text for text in internal.pages.values())
    assert "files/qd-05.pdf" not in repr(sorted(public.files))


def test_reception_rules_are_public_and_internal_regulations_are_not(public: RenderedSite) -> None:
    assert "quy-che/noi-quy-tiep-cong-dan/index.md" in public.pages
    assert "quy-che/quy-che-dan-chu/index.md" not in public.pages
    rules = public.pages["quy-che/noi-quy-tiep-cong-dan/index.md"]
    assert "## Điều 1. Quyền của công dân {#dieu-1}" in rules
    assert "Giữ trật tự." in rules


def test_demo_board_renders_for_both_audiences(demo: Board) -> None:
    public = render_site(demo, Audience.PUBLIC, TODAY)
    internal = render_site(demo, Audience.INTERNAL, TODAY)
    internal_only = {
        record.id
        for kind in demo.records
        if kind != "board"
        for record in demo.of(kind)
        if record.audience is Audience.INTERNAL
    }
    for record_kind in ("procedure", "fee", "form", "unit"):
        for record in demo.of(record_kind):
            path = f"{record_url(record_kind, record.id)}index.md"
            assert (path in public.pages) == (record.audience is Audience.PUBLIC)
            assert path in internal.pages
    for path in public.pages:
        assert not any(f"/{record_id}/" in path for record_id in internal_only), path
    for procedure in demo.of("procedure"):
        for site in (public, internal):
            page = site.pages.get(f"thu-tuc/{procedure.id}/index.md")
            assert page is None or "## Phản ánh, kiến nghị về quy định hành chính" in page
    assert len(internal.pages) >= len(public.pages)
