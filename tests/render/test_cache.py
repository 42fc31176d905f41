"""The render cache (generator.render.cache) reuses a page only when nothing it read changed.

Each edit below is made to a copy of the demo board; after it, the render with the cache must
give the very pages a render without it gives, for both sites, while reusing most of them.
An edit of one record changes pages that never name it in their template (a procedure page
shows its fee's amount and its unit's address; a unit's page lists its procedures): those are
the dependencies the trace must have caught.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support.boards import REPO

from generator.audit import run_audit
from generator.check import check_content
from generator.fingerprint import Fingerprints
from generator.models import Audience, Procedure
from generator.render import render_site
from generator.render.cache import RenderCache
from generator.render.trace import TracedView, Untraceable
from generator.render.view import SiteView

TODAY = date(2026, 11, 23)

# (file, pattern, replacement): a title, an amount, an address, a date, an audience, a reference.
EDITS = [
    ("fees/le-phi-cap-giay-phep-lao-dong.yaml", r"^(\s+amount: )\d+$", r"\g<1>612000"),
    ("fees/phi-khai-thac-su-dung-tai-lieu-luu-tru.yaml", r"^title: .+$", "title: Phí khai thác (sửa)"),
    ("units/trung-tam-phuc-vu-hanh-chinh-cong.yaml", r"^title: .+$", "title: Trung tâm Phục vụ (đổi tên)"),
    ("forms/don-khieu-nai.yaml", r"^title: .+$", "title: Đơn khiếu nại (mẫu mới)"),
    ("procedures/cap-giay-phep-lao-dong.yaml", r"^title: .+$", "title: Cấp giấy phép lao động (sửa)"),
    ("regulations/noi-quy-tiep-cong-dan.yaml", r"^title: .+$", "title: Nội quy tiếp công dân (sửa)"),
    ("policies/luat-thuc-hien-dan-chu-o-co-so.yaml", r"^audience: public$", "audience: internal"),
    ("plans/ke-hoach-cai-cach-hanh-chinh-2026.yaml", r"^posted_until: .+$", "posted_until: 2026-12-31"),
    ("budgets/du-toan-2026.yaml", r"^title: .+$", "title: Dự toán ngân sách năm 2026 (sửa)"),
    # The reception section is computed from every schedule and session, outside the trace.
    ("reception_sessions/2026-10-chu-tich.yaml", r"^citizens_received: \d+$", "citizens_received: 12"),
    ("reception_schedules/chanh-van-phong.yaml", r"^place: .+$", "place: Phòng tiếp công dân, tầng 2 nhà B"),
    ("board.yaml", r"^(\s+address: ).+$", r"\g<1>Số 2 đường Hùng Vương, TP Lạng Sơn"),
]


@pytest.fixture(scope="module")
def board_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("render-cache") / "content"
    shutil.copytree(REPO / "content", content)
    return content


def render_both(content: Path, cache_dir: Path) -> tuple[dict[Audience, dict[str, str]], dict[Audience, int]]:
    board = check_content(content).board
    findings = run_audit(board, TODAY)
    cold, reused = {}, {}
    for audience in Audience:
        uncached = render_site(board, audience, TODAY, findings)
        cold[audience] = uncached.pages
        warm = render_site(board, audience, TODAY, findings, cache_dir / audience.value)
        assert warm.pages == cold[audience], [path for path in cold[audience]
                                              if warm.pages.get(path) != cold[audience][path]]
        assert warm.files == uncached.files  # the iCalendar feed among them
        reused[audience] = warm.reused
    return cold, reused


def test_every_edit_renders_what_a_render_without_the_cache_renders(board_copy: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    before, reused = render_both(board_copy, cache_dir)
    assert reused == {Audience.PUBLIC: 0, Audience.INTERNAL: 0}  # an empty cache
    for relative, pattern, replacement in EDITS:
        path = board_copy / relative
        text = path.read_text(encoding="utf-8")
        edited, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
        assert count == 1, f"{relative}: {pattern}"
        path.write_text(edited, encoding="utf-8")
        after, reused = render_both(board_copy, cache_dir)
        changed = {audience: sum(after[audience].get(page) != text for page, text in before[audience].items())
                   for audience in Audience}
        assert any(changed.values()), f"{relative}: the edit changed no page"
        pages = len(after[Audience.INTERNAL])
        if relative == "board.yaml":  # the office: every page reads it, so none is reused
            assert reused[Audience.INTERNAL] == 0
        else:
            assert reused[Audience.INTERNAL] >= pages // 2, (relative, reused, pages)
        before = after


def test_a_list_item_kept_in_a_page_rendered_again_still_notices_its_own_edit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The processing times of a field list each procedure's fees (a fragment per procedure).
    A fee edit renders the page again around the other procedures' kept items: the page must
    still know what those items read, so that an edit of their fee renders it once more."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    fee = content / "fees" / "le-phi-cap-giay-phep-lao-dong.yaml"
    (content / "fees" / "le-phi-cap-lai.yaml").write_text(
        fee.read_text(encoding="utf-8").replace("title: Lệ phí cấp giấy", "title: Lệ phí cấp lại giấy"),
        encoding="utf-8")
    again = content / "procedures" / "cap-lai-giay-phep-lao-dong.yaml"
    again.write_text(again.read_text(encoding="utf-8").replace("- le-phi-cap-giay-phep-lao-dong",
                                                              "- le-phi-cap-lai"), encoding="utf-8")
    kept_items: list[int] = []
    save = RenderCache.save

    def counting_save(cache: RenderCache) -> None:
        kept_items.append(sum(isinstance(text, memoryview) for _, _, text in cache.new_fragments.values()))
        save(cache)

    monkeypatch.setattr(RenderCache, "save", counting_save)
    cache_dir = tmp_path / "cache"
    render_both(content, cache_dir)
    assert kept_items == [0, 0]
    for edited, amount in ((fee, "612000"), (content / "fees" / "le-phi-cap-lai.yaml", "777000")):
        edited.write_text(edited.read_text(encoding="utf-8").replace("amount: 600000", f"amount: {amount}"),
                          encoding="utf-8")
        pages, _ = render_both(content, cache_dir)  # the same pages as without the cache
        times = next(text for path, text in pages[Audience.PUBLIC].items()
                     if path.startswith("thoi-han-giai-quyet/") and "cap-lai-giay-phep" in text)
        assert f"{int(amount):,}".replace(",", ".") in times
        assert min(kept_items[-2:]) > 0, "the other procedures' items are kept"


def test_a_page_that_reads_outside_the_trace_is_rendered_each_time() -> None:
    board = check_content(REPO / "content").board
    traced = TracedView(SiteView(board, Audience.PUBLIC, TODAY), Fingerprints())
    with pytest.raises(Untraceable):
        traced.board  # noqa: B018 (the whole board: no question a later build could ask again)
    cache = RenderCache.open(Path("unused"), SiteView(board, Audience.PUBLIC, TODAY))
    calls: list[object] = []

    def render(view: object) -> str:
        calls.append(view)
        return "# Trang\n" if isinstance(view, SiteView) else str(view.board)  # type: ignore[attr-defined]

    assert cache.page(SiteView(board, Audience.PUBLIC, TODAY), "x.md", "x.md.j2", {}, render) == "# Trang\n"
    assert [type(view).__name__ for view in calls] == ["TracedView", "SiteView"]
    assert "x.md" not in cache.new  # nothing kept for the next build


ITEMS_TEMPLATE = """\
{% set fee = site.get("fee", "le-phi-cap-giay-phep-lao-dong") %}
{% macro item(procedure) %}{{ procedure.title|e }}: {{ fee.title|e }}{% endmacro %}
{% for procedure in procedures %}
{{ fragment(item, procedure) }}
{% endfor %}
"""


def test_a_kept_item_notices_what_its_macro_read_from_the_template(tmp_path: Path) -> None:
    """A macro may read the template's variables, set from questions asked outside any item:
    those questions belong to every item's trace."""
    from generator.render.env import environment

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "items.md.j2").write_text(ITEMS_TEMPLATE, encoding="utf-8")

    def render(cache_dir: Path | None) -> str:
        view = SiteView(check_content(content).board, Audience.PUBLIC, TODAY)
        procedures = sorted(view.board.of(Procedure), key=lambda record: record.id)
        template = environment(templates).get_template("items.md.j2")

        def make(site: Any) -> str:
            return template.render(site=site, procedures=procedures)
        if cache_dir is None:
            return make(view)
        cache = RenderCache.open(cache_dir, view, templates)
        text = cache.page(view, "items.md", "items.md.j2", {"procedures": procedures}, make)
        cache.save()
        return text

    cache_dir = tmp_path / "cache"
    assert render(cache_dir) == render(None)
    fee = content / "fees" / "le-phi-cap-giay-phep-lao-dong.yaml"
    fee.write_text(fee.read_text(encoding="utf-8").replace("title: Lệ phí cấp", "title: Lệ phí (mới) cấp"),
                   encoding="utf-8")
    warm = render(cache_dir)
    assert warm == render(None) and "Lệ phí (mới) cấp" in warm
