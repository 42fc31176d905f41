"""Pages of every kind, as a citizen or a member of staff reads them (generator.render.pages and
the page templates).

The board: tests/support/render_board.py; the rendered sites: tests/render/conftest.py.
"""

from __future__ import annotations

import copy
import html
import re
from datetime import date
from pathlib import Path

import pytest
from support.render_board import (
    FEE_50K,
    FEE_TIERS,
    FILES,
    FORM,
    PROCEDURE,
    RECORDS,
    TODAY,
    UNIT,
    checked_board,
    section,
    to_html,
    write_board,
)

from generator.check.link import Board
from generator.models import Audience
from generator.render import RenderedSite, RenderError, render_site

# The fixtures build boards and sites: tests/render runs on one test worker, which builds them once.
pytestmark = pytest.mark.xdist_group("render")


def test_procedure_page_is_laid_out_like_the_national_database(public: RenderedSite) -> None:
    page = public.pages["thu-tuc/cap-giay-phep-lao-dong/index.md"]
    assert "| Mã thủ tục | 1.000105 |" in page
    assert "| Lĩnh vực | [Việc làm](../../thu-tuc/linh-vuc/viec-lam/index.md) |" in page
    assert "Cấp tỉnh" in page
    assert "1234/QĐ-UBND ngày 10/06/2025 của UBND tỉnh Lạng Sơn" in page
    assert "1. **Nộp hồ sơ**<br> Nộp tại Trung tâm Phục vụ hành chính công." in page
    methods = section(page, "## Cách thức thực hiện")
    assert (
        "| Trực tiếp | 15 ngày làm việc (kể từ ngày nhận đủ hồ sơ) | "
        "[Lệ phí cấp giấy phép](../../phi-le-phi/le-phi-giay-phep/index.md): 50.000 đồng/hồ sơ |"
    ) in methods
    assert "| Trực tuyến | 10 ngày làm việc | Không thu phí |" in methods
    dossier = section(page, "## Thành phần hồ sơ")
    assert "| Tên giấy tờ | Mẫu đơn, tờ khai | Bản chính | Bản sao |" in dossier
    assert (
        "[Tải về don-de-nghi.docx](../../mau-don/files/don-de-nghi/don-de-nghi.docx) (Word (DOCX), 2,0 KB)"
        in dossier
    )
    assert "| 1 | 2 |" in dossier
    assert "Bản sao hộ chiếu<br> Có chứng thực" in dossier
    assert "**Số lượng bộ hồ sơ:** 1 bộ." in page
    assert "- Người lao động nước ngoài" in section(page, "## Đối tượng thực hiện")
    assert "**Cơ quan phối hợp:** Công an tỉnh" in page
    assert "Giấy phép lao động" in section(page, "## Kết quả thực hiện")
    assert "- Đủ 18 tuổi" in section(page, "## Yêu cầu, điều kiện")
    assert "| 152/2020/NĐ-CP | Quy định về người lao động nước ngoài | 30/12/2020 | Chính phủ |" in section(
        page, "## Căn cứ pháp lý"
    )
    assert "[Phòng Kiểm soát thủ tục hành chính](../../bo-phan/ksthc/index.md)" in section(
        page, "## Bộ phận giải quyết"
    )


def test_every_procedure_page_has_the_feedback_address(public: RenderedSite, internal: RenderedSite) -> None:
    for site in (public, internal):
        procedure_pages = [
            path
            for path in site.pages
            if re.fullmatch(r"thu-tuc/[^/]+/index\.md", path)
            and path not in ("thu-tuc/linh-vuc/index.md", "thu-tuc/bo-phan/index.md")
        ]
        assert len(procedure_pages) == 2
        for path in procedure_pages:
            feedback = section(site.pages[path], "## Phản ánh, kiến nghị về quy định hành chính")
            assert "**Cơ quan tiếp nhận:** Văn phòng UBND tỉnh Lạng Sơn" in feedback
            assert "**Thư điện tử:** vanphong@langson.gov.vn" in feedback


def test_fee_pages_and_index_show_amounts_in_dong(public: RenderedSite) -> None:
    fee = public.pages["phi-le-phi/le-phi-giay-phep/index.md"]
    assert "**Mức thu:** 50.000 đồng" in fee
    assert "- Hộ nghèo" in fee
    assert "[Cấp giấy phép lao động](../../thu-tuc/cap-giay-phep-lao-dong/index.md) (1.000105)" in fee
    tiers = public.pages["phi-le-phi/phi-tham-dinh/index.md"]
    assert "| Tổ chức | 1.500.000 đồng |" in tiers
    index = public.pages["phi-le-phi/index.md"]
    assert (  # raw HTML: MkDocs does not rewrite its links, so they point at the built page
        '<tr><td><a href="../phi-le-phi/le-phi-giay-phep/index.html">Lệ phí cấp giấy phép</a></td>'
        '<td>Lệ phí</td><td style="text-align: right;">50.000 đồng/hồ sơ</td>'
        '<td style="text-align: right;">1</td></tr>'
        in index
    )
    assert "Hộ gia đình: 100.000 đồng/bộ; Tổ chức: 1.500.000 đồng/bộ" in index


def test_form_page_offers_the_file_with_size_and_type(public: RenderedSite) -> None:
    page = public.pages["mau-don/don-de-nghi/index.md"]
    assert "**Ký hiệu mẫu:** Mẫu số 01" in page
    assert "(Word (DOCX), 2,0 KB)" in page
    assert "Điền **đầy đủ** thông tin." in page
    assert public.files["mau-don/files/don-de-nghi/don-de-nghi.docx"] == FILES["forms/files/don-de-nghi.docx"]
    assert "don-de-nghi.docx" in public.pages["mau-don/index.md"]


def test_unit_page_lists_head_room_contacts_duties_and_procedures(public: RenderedSite) -> None:
    page = public.pages["bo-phan/ksthc/index.md"]
    assert "**Người phụ trách:** Nguyễn Văn An, Trưởng phòng" in page
    assert "**Phòng làm việc:** Phòng 204, tầng 2" in page
    assert "**Điện thoại:** 025 3812 600" in page
    assert "- Trả kết quả" in page
    procedures = section(page, "## Thủ tục hành chính do bộ phận giải quyết")
    assert "[Cấp giấy phép lao động](../../thu-tuc/cap-giay-phep-lao-dong/index.md)" in procedures
    assert "[Cấp lại giấy phép lao động](../../thu-tuc/cap-lai-giay-phep-lao-dong/index.md)" in procedures


def test_processing_times_are_one_page_per_field_listing_every_method(public: RenderedSite) -> None:
    index = public.pages["thoi-han-giai-quyet/index.md"]
    assert "| [Việc làm](../thoi-han-giai-quyet/viec-lam/index.md) | 2 |" in index
    page = public.pages["thoi-han-giai-quyet/viec-lam/index.md"]
    assert "<table" not in page  # a list, not a table: no sideways scroll on a phone
    procedures = [line for line in page.splitlines() if line.startswith("<li><strong><a href=")]
    assert procedures == [
        '<li><strong><a href="../../thu-tuc/cap-giay-phep-lao-dong/index.html">'
        'Cấp giấy phép lao động</a></strong> (1.000105)',
        '<li><strong><a href="../../thu-tuc/cap-lai-giay-phep-lao-dong/index.html">'
        'Cấp lại giấy phép lao động</a></strong> (1.000106)']
    methods = [line for line in page.splitlines() if line.startswith("<li>") and line.endswith("</li>")]
    assert len(methods) == 3
    assert "<li>Qua dịch vụ bưu chính: <strong>5 ngày</strong>. Phí, lệ phí: " in page


def test_field_and_unit_indexes(public: RenderedSite) -> None:
    field = public.pages["thu-tuc/linh-vuc/viec-lam/index.md"]
    assert "\n# Lĩnh vực Việc làm\n" in field
    assert field.count("../../../thu-tuc/cap-") == 2
    assert (
        "[Việc làm](../../thu-tuc/linh-vuc/viec-lam/index.md) | 2 |"
        in public.pages["thu-tuc/linh-vuc/index.md"]
    )
    assert "## Phòng Kiểm soát thủ tục hành chính {#ksthc}" in public.pages["thu-tuc/bo-phan/index.md"]


def test_session_page_shows_the_stand_in_notice_and_result(public: RenderedSite) -> None:
    page = public.pages["tiep-cong-dan/buoi/2026-02/index.md"]
    stand_in = section(page, "## Thông báo tiếp công dân thay")
    assert "Hồ Tiến Thiệu, Chủ tịch UBND tỉnh vắng mặt; lý do: Chủ tịch đi công tác." in stand_in
    assert "Đoàn Thu Hà, Phó Chủ tịch UBND tỉnh tiếp công dân thay." in stand_in
    assert "Thông báo số 45/TB-UBND ngày 10/02/2026, niêm yết ngày 10/02/2026." in stand_in
    assert "**Người chủ trì:** Đoàn Thu Hà, Phó Chủ tịch UBND tỉnh (tiếp thay)" in page
    result = section(page, "## Thông báo kết quả tiếp công dân")
    assert "số **52/TB-UBND** ngày 18/02/2026" in result
    assert (
        "| 1 | Đề nghị giải quyết tranh chấp đất đai | Xã Mai Pha | Giao UBND xã Mai Pha kiểm tra, trả lời "
        "| UBND xã Mai Pha | 20/03/2026 |"
    ) in result


def test_postponed_session_page_gives_reason_and_new_date(public: RenderedSite) -> None:
    page = public.pages["tiep-cong-dan/buoi/2026-03/index.md"]
    postponed = section(page, "## Thông báo hoãn buổi tiếp")
    assert "Buổi tiếp công dân ngày 16/03/2026 được hoãn; lý do: Trùng kỳ họp HĐND tỉnh." in postponed
    assert "Ngày tiếp mới: **23/03/2026**." in postponed
    assert "**Ngày tiếp:** 23/03/2026 (ngày theo lịch: 16/03/2026)" in page


def test_schedule_page_says_the_recurrence_in_words(public: RenderedSite) -> None:
    page = public.pages["tiep-cong-dan/lich/chu-tich/index.md"]
    assert "**Lịch tiếp:** Ngày 15 hằng tháng, từ 08:00 đến 11:30" in page
    assert "**Người được ủy quyền tiếp thay:** Đoàn Thu Hà, Phó Chủ tịch UBND tỉnh" in page
    assert "[Buổi tiếp công dân tháng 03/2026](../../../tiep-cong-dan/buoi/2026-03/index.md)" in section(
        page, "## Các buổi tiếp sắp tới"
    )
    assert "Số 52/TB-UBND ngày 18/02/2026" in section(page, "## Các buổi tiếp đã qua")
    assert "[Nội quy tiếp công dân](../../../quy-che/noi-quy-tiep-cong-dan/index.md)" in page


def test_regulation_page_has_contents_and_article_anchors(internal: RenderedSite) -> None:
    page = internal.pages["quy-che/quy-che-dan-chu/index.md"]
    contents = section(page, "## Mục lục")
    assert "- [Chương II. Dân chủ trong nội bộ](#chuong-ii)" in contents
    assert "    - [Mục 3. Những việc công chức phải được biết](#chuong-ii-muc-3)" in contents
    assert "        - [Điều 16. Những việc công chức được biết](#dieu-16)" in contents
    assert "#### Điều 16. Những việc công chức được biết {#dieu-16}" in page
    assert (
        "1\\. Chủ trương, chính sách của Đảng và Nhà nước liên quan đến cơ quan.\n{: #dieu-16-khoan-1 }"
        in page
    )
    html = to_html(page)
    assert 'id="dieu-16"' in html
    assert re.search(r'<p id="dieu-16-khoan-2">2\. Kế hoạch công tác', html)
    assert 'id="dieu-16-khoan-1-diem-a"' in html and 'id="dieu-16-khoan-1-diem-dd"' in html
    assert '<a href="#dieu-16">' in html


def test_demo_regulation_49_has_article_16(demo: Board) -> None:
    regulation = next((record for record in demo.of("regulation") if "49" in record.id), None)
    if regulation is None:
        pytest.skip("Quy chế 49 is not in the demo board yet")
    page = render_site(demo, Audience.INTERNAL, TODAY).pages[f"quy-che/{regulation.id}/index.md"]
    article = section(page, next(line for line in page.splitlines() if line.endswith("{#dieu-16}")))
    assert "Điều 16." in article
    assert "{: #dieu-16-khoan-1 }" in article


def test_budget_page_formats_amounts_and_draws_bars_without_javascript(public: RenderedSite) -> None:
    page = public.pages["ngan-sach/du-toan-2026/index.md"]
    table = section(page, "## Bảng số liệu")
    assert "| Mã số | Nội dung | Số tiền |\n|---|---|--:|" in table
    assert "| | **Tổng cộng** | **1.500.000 đồng** |" in table
    assert "| I | **Chi thường xuyên** | **1.000.000 đồng** |" in table
    assert "| 1 | &emsp;Chi lương | 600.000 đồng |" in table
    chart = section(page, "## Biểu đồ cơ cấu")
    assert "<script" not in chart
    assert "width:66.7%" in chart and "width:33.3%" in chart
    assert "1.000.000 đồng (66,7%)" in chart
    assert 'aria-hidden="true"' in chart
    html = to_html(page)
    assert '<td style="text-align: right;">600.000 đồng</td>' in html
    assert (
        '<span class="ck-bar-value" style="display:block;text-align:right">500.000 đồng (33,3%)</span>'
        in html
    )


def test_plan_timeline_orders_tasks_by_deadline_and_marks_overdue(internal: RenderedSite) -> None:
    page = internal.pages["ke-hoach/ke-hoach-tiep-cong-dan/index.md"]
    rows = [line for line in section(page, "## Tiến độ thực hiện").splitlines() if line.startswith("| ")][1:]
    assert [row.split(" | ")[1] for row in rows] == ["C.3", "C.1", "C.2"]
    assert "**Quá hạn** (đang thực hiện)" in rows[1]
    assert "Quá hạn" not in rows[2] and "Quá hạn" not in rows[0]
    assert "Hoàn thành, ngày 20/11/2025" in rows[0]
    assert "3 nhiệm vụ (Chưa thực hiện: 1; Đang thực hiện: 1; Hoàn thành: 1; Quá hạn: 1)" in page
    text = html.unescape(re.sub(r"<[^>]+>", "", to_html(page)))
    assert "\nA. MỤC ĐÍCH\nThực hiện tốt việc tiếp công dân.\n1. Yêu cầu\nĐúng quy định." in text


def test_internal_kinds_render_on_the_internal_site(internal: RenderedSite) -> None:
    personnel = internal.pages["nhan-su/ky-luat-2026/index.md"]
    assert "| 1 | Trần Văn Cường |  |  | Khiển trách |" in personnel
    assert "[Tải về qd-05.pdf](../../van-ban/nhan-su/ky-luat-2026/qd-05.pdf) (PDF, 16 byte)" in personnel
    assert internal.files["van-ban/nhan-su/ky-luat-2026/qd-05.pdf"] == FILES["files/qd-05.pdf"]
    complaint = internal.pages["khieu-nai-to-cao/to-cao-2026/index.md"]
    assert "Kết luận nội dung tố cáo" in complaint and "- Kiểm điểm" in complaint
    assert "Đẩy mạnh chuyển đổi số." in internal.pages["chinh-sach/chuyen-doi-so/index.md"]


def test_home_page_shows_office_counts_recent_changes_and_next_session(public: RenderedSite) -> None:
    page = public.pages["index.md"]
    assert "\n# Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn\n" in page
    assert "**Điện thoại:** 025 3812 605" in page
    assert "| [Thủ tục hành chính](thu-tuc/index.md) | 2 |" in page
    assert "Quyết định nhân sự" not in page
    recent = section(page, "## Mới cập nhật")
    order = [
        recent.index(title)
        for title in (
            "Buổi tiếp công dân tháng 02/2026",
            "Cấp giấy phép lao động",
            "Lệ phí cấp giấy phép",
            "Cấp lại giấy phép lao động",
        )
    ]
    assert order == sorted(order)
    assert "23/03/2026" in section(page, "## Lịch tiếp công dân sắp tới")
    assert "Tự kiểm tra" not in page
    assert "[2026](nam/2026/index.md)" in page


RECEPTION_SECTION = ("tiep-cong-dan/index.md", "tiep-cong-dan/lich-su/", "tiep-cong-dan/thong-bao/")

def test_pages_are_tidy_markdown(public: RenderedSite) -> None:
    for path, text in public.pages.items():
        if path in RECEPTION_SECTION or path.startswith(RECEPTION_SECTION):
            continue  # written by generator.render.reception_pages
        search = r'(search: \{"boost": [\d.]+\}\ntags: \["\d\.\d{6}"\]\n)?'  # procedure pages
        assert re.match(r'---\ntitle: "[^"\n]+"\n(jsonld: "[^\n]+"\n)?' + search + r'---\n\n# ', text), path
        assert text.endswith("\n") and not text.endswith("\n\n"), path
        assert "\n\n\n" not in text, path


def test_a_procedure_id_that_is_an_index_page_is_refused(tmp_path: Path) -> None:
    records = {
        "units/ksthc": UNIT,
        "fees/le-phi-giay-phep": FEE_50K,
        "fees/phi-tham-dinh": FEE_TIERS,
        "forms/don-de-nghi": FORM,
        "procedures/linh-vuc": PROCEDURE,
    }
    board = checked_board(write_board(tmp_path / "content", records))
    with pytest.raises(RenderError, match="linh-vuc"):
        render_site(board, Audience.PUBLIC, TODAY)


def test_a_record_past_its_posting_period_leaves_the_lists_for_the_archive(tmp_path: Path) -> None:
    records = copy.deepcopy(RECORDS)
    ended = records["procedures/cap-lai-giay-phep-lao-dong"]
    ended.update(posted_on=date(2025, 1, 2), posted_until=date(2026, 3, 9))  # the day before TODAY
    records["procedures/cap-giay-phep-lao-dong"]["posted_until"] = TODAY  # ends today: still listed
    site = render_site(checked_board(write_board(tmp_path / "content", records)), Audience.PUBLIC, TODAY)
    title = ended["title"]
    current = RECORDS["procedures/cap-giay-phep-lao-dong"]["title"]
    list_pages = ("index.md", "thu-tuc/index.md", "thoi-han-giai-quyet/index.md")
    lists = [path for path in site.pages if path in list_pages
             or path.startswith(("thu-tuc/linh-vuc/", "thu-tuc/bo-phan", "nam/", "phi-le-phi/", "bo-phan/"))]
    assert len(lists) >= 8
    for path in lists:
        assert f"[{title}]" not in site.pages[path], path
    assert f"[{current}]" in site.pages["thu-tuc/index.md"]
    archive = site.pages["luu-tru/index.md"]
    assert f"[{title}]" in archive and "09/03/2026" in archive and f"[{current}]" not in archive
    page = site.pages["thu-tuc/cap-lai-giay-phep-lao-dong/index.md"]  # the page stays, and says so
    assert "Đã hết thời gian niêm yết** sau ngày 09/03/2026" in page
    assert {"Hết thời gian niêm yết": "luu-tru/index.md"} in site.nav
