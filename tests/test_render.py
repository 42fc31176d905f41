"""Render stage: Markdown pages, nav and files of the public and internal sites.

A small board made here (every kind, every optional field) and the demo board in content/
are rendered for both audiences; the tests read the pages as a citizen would.
"""

from __future__ import annotations

import copy
import html
import re
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import markdown
import pytest
import yaml
from conftest import BOARD_YAML, REPO, write_files
from mkdocs.utils.meta import get_data

from generator.audit import AuditReport, Finding, Status
from generator.check import check_content
from generator.check.link import Board
from generator.models import Audience
from generator.present.format import format_date, format_money, recurrence_words, vi_sort_key
from generator.present.slug import slugify
from generator.present.urls import record_url
from generator.render import RenderedSite, RenderError, render_site
from generator.render.audit_page import AUDIT_PAGE
from generator.render.env import UnescapedValueError, environment
from generator.render.text import escape_inline, escape_lines, sanitize_markdown

# Module fixtures build boards and sites: the module runs on one test worker, which builds them once.
pytestmark = pytest.mark.xdist_group("test_render")

TODAY = date(2026, 3, 10)
EVIL = "<script>alert(1)</script> *_[]{: onclick=x} | --8<-- `c` ~~s~~ &amp;"
SECRET = "BÍ MẬT NỘI BỘ"

FEE_50K = {
    "title": "Lệ phí cấp giấy phép",
    "kind": "le_phi",
    "amount": 50000,
    "unit": "đồng/hồ sơ",
    "exemptions": ["Hộ nghèo"],
    "posted_on": date(2026, 2, 1),
}
FEE_TIERS = {
    "title": "Phí thẩm định hồ sơ",
    "kind": "phi",
    "unit": "đồng/bộ",
    "tiers": [{"label": "Hộ gia đình", "amount": 100000}, {"label": "Tổ chức", "amount": 1500000}],
}
UNIT = {
    "title": "Phòng Kiểm soát thủ tục hành chính",
    "head": {"name": "Nguyễn Văn An", "position": "Trưởng phòng"},
    "room": "Phòng 204, tầng 2",
    "contact": {"phone": "025 3812 600", "email": "ksthc@langson.gov.vn"},
    "duties": ["Tiếp nhận hồ sơ", "Trả kết quả"],
    "order": 1,
}
FORM = {
    "title": "Đơn đề nghị cấp giấy phép",
    "code": "Mẫu số 01",
    "file": "forms/files/don-de-nghi.docx",
    "description": "Điền **đầy đủ** thông tin.",
}
PROCEDURE = {
    "title": "Cấp giấy phép lao động",
    "code": "1.000105",
    "announcing_decision": {
        "number": "1234/QĐ-UBND",
        "date": date(2025, 6, 10),
        "issuer": "UBND tỉnh Lạng Sơn",
    },
    "field": "Việc làm",
    "level": "tinh",
    "unit": "ksthc",
    "steps": [
        {"title": "Nộp hồ sơ", "description": "Nộp tại Trung tâm Phục vụ hành chính công."},
        {"title": "Nhận kết quả"},
    ],
    "methods": [
        {
            "kind": "truc_tiep",
            "processing_time": {"amount": 15, "note": "kể từ ngày nhận đủ hồ sơ"},
            "fees": ["le-phi-giay-phep"],
        },
        {"kind": "truc_tuyen", "processing_time": {"amount": 10}, "fee_note": "Không thu phí"},
    ],
    "dossier": [
        {"name": "Đơn đề nghị", "form": "don-de-nghi", "originals": 1, "copies": 2},
        {"name": "Bản sao hộ chiếu", "originals": 0, "copies": 1, "note": "Có chứng thực"},
    ],
    "dossier_sets": 1,
    "applicants": ["Người lao động nước ngoài"],
    "agencies": {"deciding": "UBND tỉnh", "performing": "Sở Nội vụ", "coordinating": "Công an tỉnh"},
    "result": "Giấy phép lao động",
    "conditions": ["Đủ 18 tuổi"],
    "legal_basis": [
        {
            "number": "152/2020/NĐ-CP",
            "date": date(2020, 12, 30),
            "title": "Quy định về người lao động nước ngoài",
            "issuer": "Chính phủ",
        }
    ],
    "posted_on": date(2026, 2, 3),
}
SECOND_PROCEDURE = {
    **PROCEDURE,
    "title": "Cấp lại giấy phép lao động",
    "code": "1.000106",
    "field": "Việc làm",
    "methods": [
        {"kind": "buu_chinh", "processing_time": {"amount": 5, "unit": "ngay"}, "fees": ["phi-tham-dinh"]}
    ],
    "posted_on": date(2026, 1, 20),
}
SCHEDULE = {
    "title": "Lịch tiếp công dân của Chủ tịch UBND tỉnh",
    "leader": {"name": "Hồ Tiến Thiệu", "position": "Chủ tịch UBND tỉnh"},
    "deputies": [{"name": "Đoàn Thu Hà", "position": "Phó Chủ tịch UBND tỉnh"}],
    "level": "tinh",
    "place": "Trụ sở Tiếp công dân tỉnh",
    "recurrence": {
        "freq": "monthly",
        "by_month_day": 15,
        "opens_at": "08:00",
        "closes_at": "11:30",
        "valid_from": date(2025, 1, 1),
    },
}
SESSION_STAND_IN = {
    "title": "Buổi tiếp công dân tháng 02/2026",
    "schedule": "chu-tich",
    "scheduled_on": date(2026, 2, 16),
    "status": "held",
    "stand_in": {
        "deputy": {"name": "Đoàn Thu Hà", "position": "Phó Chủ tịch UBND tỉnh"},
        "reason": "Chủ tịch đi công tác",
        "notice": {"number": "45/TB-UBND", "date": date(2026, 2, 10)},
        "notice_posted_on": date(2026, 2, 10),
    },
    "citizens_received": 4,
    "result_notice": {
        "number": "52/TB-UBND",
        "date": date(2026, 2, 18),
        "cases": [
            {
                "summary": "Đề nghị giải quyết tranh chấp đất đai",
                "locality": "Xã Mai Pha",
                "direction": "Giao UBND xã Mai Pha kiểm tra, trả lời",
                "responsible_unit": "UBND xã Mai Pha",
                "deadline": date(2026, 3, 20),
            }
        ],
    },
    "posted_on": date(2026, 2, 18),
}
SESSION_POSTPONED = {
    "title": "Buổi tiếp công dân tháng 03/2026",
    "schedule": "chu-tich",
    "scheduled_on": date(2026, 3, 16),
    "status": "postponed",
    "postponement": {
        "new_date": date(2026, 3, 23),
        "reason": "Trùng kỳ họp HĐND tỉnh",
        "notice": {"number": "60/TB-UBND", "date": date(2026, 3, 5)},
        "announced_on": date(2026, 3, 5),
    },
}
REGULATION = {
    "title": "Quy chế dân chủ trong cơ quan",
    "kind": "quy_che",
    "audience": "internal",
    "effective_from": date(2010, 6, 21),
    "preamble": "Ban hành kèm theo Quyết định 49/QĐ-VP.",
    "chapters": [
        {
            "number": "I",
            "title": "Những quy định chung",
            "articles": [{"number": 1, "title": "Phạm vi", "text": "Quy chế này quy định dân chủ."}],
        },
        {
            "number": "II",
            "title": "Dân chủ trong nội bộ",
            "sections": [
                {
                    "number": "3",
                    "title": "Những việc công chức phải được biết",
                    "articles": [
                        {
                            "number": 16,
                            "title": "Những việc công chức được biết",
                            "text": "Chánh Văn phòng công khai cho công chức biết:",
                            "clauses": [
                                {
                                    "number": 1,
                                    "text": "Chủ trương, chính sách của Đảng và Nhà nước "
                                    "liên quan đến cơ quan.",
                                    "points": [
                                        {"label": "a", "text": "Nghị quyết"},
                                        {"label": "đ", "text": "Chỉ thị"},
                                    ],
                                },
                                {"number": 2, "text": "Kế hoạch công tác, kinh phí hoạt động hằng năm."},
                            ],
                        },
                    ],
                },
            ],
        },
    ],
}
RECEPTION_RULES = {
    "title": "Nội quy tiếp công dân",
    "kind": "noi_quy",
    "audience": "public",
    "is_reception_rules": True,
    "articles": [
        {"number": 1, "title": "Quyền của công dân", "clauses": [{"number": 1, "text": "Được trình bày."}]},
        {"number": 2, "title": "Nghĩa vụ của công dân", "clauses": [{"text": "Giữ trật tự."}]},
    ],
}
BUDGET = {
    "title": "Dự toán ngân sách năm 2026",
    "stage": "du_toan",
    "fiscal_year": 2026,
    "assigned_on": date(2026, 1, 5),
    "audience": "public",
    "total": 1500000,
    "items": [
        {
            "code": "I",
            "name": "Chi thường xuyên",
            "amount": 1000000,
            "children": [
                {"code": "1", "name": "Chi lương", "amount": 600000},
                {"code": "2", "name": "Chi hoạt động", "amount": 400000},
            ],
        },
        {"code": "II", "name": "Chi không thường xuyên", "amount": 500000},
    ],
}
PLAN = {
    "title": "Kế hoạch tiếp công dân",
    "audience": "internal",
    "parts": [
        {
            "heading": "A. MỤC ĐÍCH",
            "paragraphs": ["Thực hiện tốt việc tiếp công dân."],
            "parts": [{"heading": "1. Yêu cầu", "paragraphs": ["Đúng quy định."]}],
        }
    ],
    "tasks": [
        {"number": "C.2", "title": "Tập huấn", "owner": "Văn phòng", "deadline": date(2026, 12, 31)},
        {
            "number": "C.1",
            "title": "Niêm yết nội quy",
            "owner": "Văn phòng",
            "deadline": date(2026, 1, 31),
            "status": "dang_thuc_hien",
        },
        {
            "number": "C.3",
            "title": "Báo cáo",
            "owner": "Văn phòng",
            "deadline": date(2025, 12, 1),
            "status": "hoan_thanh",
            "completed_on": date(2025, 11, 20),
        },
    ],
}
PERSONNEL = {
    "title": f"Kỷ luật {SECRET}",
    "category": "ky_luat",
    "decided_on": date(2026, 1, 10),
    "persons": [{"name": "Trần Văn Cường", "detail": "Khiển trách"}],
    "source": {"number": "05/QĐ-VP", "file": "files/qd-05.pdf"},
    "posted_on": date(2026, 1, 12),
}
COMPLAINT = {
    "title": f"Kết luận tố cáo {SECRET}",
    "category": "to_cao",
    "concluded_on": date(2026, 1, 20),
    "subject": "Tố cáo việc chậm giải quyết hồ sơ",
    "conclusion": "Tố cáo đúng một phần",
    "measures": ["Kiểm điểm"],
}
POLICY = {
    "title": f"Nghị quyết chuyển đổi số {SECRET}",
    "issued_by": "Tỉnh ủy Lạng Sơn",
    "summary": "Đẩy mạnh chuyển đổi số.",
    "areas": ["Chuyển đổi số"],
}
INTERNAL_FORM = {"title": f"Mẫu nội bộ {SECRET}", "file": "forms/files/noi-bo.docx", "audience": "internal"}

RECORDS: dict[str, dict[str, Any]] = {
    "fees/le-phi-giay-phep": FEE_50K,
    "fees/phi-tham-dinh": FEE_TIERS,
    "units/ksthc": UNIT,
    "forms/don-de-nghi": FORM,
    "forms/mau-noi-bo": INTERNAL_FORM,
    "procedures/cap-giay-phep-lao-dong": PROCEDURE,
    "procedures/cap-lai-giay-phep-lao-dong": SECOND_PROCEDURE,
    "reception_schedules/chu-tich": SCHEDULE,
    "reception_sessions/2026-02": SESSION_STAND_IN,
    "reception_sessions/2026-03": SESSION_POSTPONED,
    "regulations/quy-che-dan-chu": REGULATION,
    "regulations/noi-quy-tiep-cong-dan": RECEPTION_RULES,
    "budgets/du-toan-2026": BUDGET,
    "plans/ke-hoach-tiep-cong-dan": PLAN,
    "personnel/ky-luat-2026": PERSONNEL,
    "complaints/to-cao-2026": COMPLAINT,
    "policies/chuyen-doi-so": POLICY,
}
FILES: dict[str, str | bytes] = {
    "forms/files/don-de-nghi.docx": b"PK\x03\x04 mau don" + b"x" * 2000,
    "forms/files/noi-bo.docx": b"PK\x03\x04 noi bo",
    "files/qd-05.pdf": b"%PDF-1.4 ky luat",
}

# Values that must stay as they are: ids, references, enums, codes with a pattern, file paths, times.
UNTOUCHED = {
    "kind",
    "code",
    "unit",
    "fees",
    "form",
    "schedule",
    "file",
    "level",
    "status",
    "category",
    "stage",
    "period",
    "freq",
    "by_weekday",
    "opens_at",
    "closes_at",
    "audience",
    "one_stop",
    "label",
}


def write_board(root: Path, records: dict[str, dict[str, Any]], board_yaml: str = BOARD_YAML) -> Path:
    files: dict[str, str | bytes] = {"board.yaml": board_yaml, **FILES}
    for path, data in records.items():
        files[f"{path}.yaml"] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    write_files(root, files)
    return root


def checked_board(root: Path) -> Board:
    result = check_content(root)
    assert result.ok, "\n".join(map(str, result.diagnostics))
    return result.board


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Board:
    return checked_board(write_board(tmp_path_factory.mktemp("render") / "content", RECORDS))


@pytest.fixture(scope="module")
def public(board: Board) -> RenderedSite:
    return render_site(board, Audience.PUBLIC, TODAY)


@pytest.fixture(scope="module")
def internal(board: Board) -> RenderedSite:
    return render_site(board, Audience.INTERNAL, TODAY)


def to_html(page: str) -> str:
    """The page as MkDocs would turn it into HTML (the extensions the build enables)."""
    extensions = [
        "abbr",
        "admonition",
        "attr_list",
        "def_list",
        "footnotes",
        "md_in_html",
        "tables",
        "toc",
        "pymdownx.details",
        "pymdownx.snippets",
    ]
    body, _meta = get_data(page)
    return markdown.markdown(body, extensions=extensions)


def section(page: str, heading: str) -> str:
    """The Markdown from a heading to the next heading of the same or a higher level."""
    start = page.index(heading)
    level = len(heading) - len(heading.lstrip("#"))
    following = re.compile(rf"^#{{1,{level}}} ", re.MULTILINE)
    end = following.search(page, start + len(heading))
    return page[start : end.start() if end else len(page)]


# Procedures, fees, forms, units


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


# Reception


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


# Regulations


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


def test_reception_rules_are_public_and_internal_regulations_are_not(public: RenderedSite) -> None:
    assert "quy-che/noi-quy-tiep-cong-dan/index.md" in public.pages
    assert "quy-che/quy-che-dan-chu/index.md" not in public.pages
    rules = public.pages["quy-che/noi-quy-tiep-cong-dan/index.md"]
    assert "## Điều 1. Quyền của công dân {#dieu-1}" in rules
    assert "Giữ trật tự." in rules


# Budgets, plans, internal kinds


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


# Audiences, nav, home


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


def audit_finding(obligation_id: str, audience: str, status: Status, message: str) -> Finding:
    article = f"Điều {obligation_id.removeprefix('QC49-')}"
    return Finding(obligation_id, article, audience, "", status, message)


AUDIT = AuditReport([
    audit_finding("QC49-20.2", "public", Status.MET, "đủ"),
    audit_finding("QC49-20.4", "public", Status.MISSING, "thiếu phí <b>x</b>"),
    audit_finding("QC49-16.3", "internal", Status.LATE, f"chậm công khai {SECRET}"),
], TODAY)


def test_home_page_summarises_the_audit_for_each_audience(board: Board) -> None:
    """The home page counts what the audit page counts, in the CLI's words."""
    rendered = render_site(board, Audience.PUBLIC, TODAY, AUDIT)
    summary = section(rendered.pages["index.md"], "## Tự kiểm tra việc công khai")
    assert "| Thiếu | 1 |" in summary and "| Đạt | 1 |" in summary
    assert "| Thiếu | Điều 20.4 | thiếu phí &lt;b&gt;x&lt;/b&gt; |" in summary
    audit_page = rendered.pages[AUDIT_PAGE]
    for label, count in re.findall(r"^\| (Thiếu|Đạt|Không áp dụng) \| (\d+) \|$", summary, re.M):
        assert re.search(rf"^\| {label} \| {count} \|$", audit_page, re.M), (label, count)
    assert SECRET not in rendered.pages["index.md"]
    internal = render_site(board, Audience.INTERNAL, TODAY, AUDIT).pages["index.md"]
    assert f"chậm công khai {SECRET}" in internal


def test_every_relative_link_points_at_a_rendered_page_or_file(
    public: RenderedSite, internal: RenderedSite
) -> None:
    link = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")
    for site in (public, internal):
        known = set(site.pages) | set(site.files)
        for path, text in site.pages.items():
            for target, _anchor in link.findall(text):
                if "://" in target or target.startswith("mailto:"):
                    continue
                resolved = PurePosixPath(path).parent.joinpath(target).as_posix()
                parts: list[str] = []
                for part in resolved.split("/"):
                    if part == "..":
                        parts.pop()
                    elif part != ".":
                        parts.append(part)
                assert "/".join(parts) in known, f"{path} → {target}"


# Escaping


def poison(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {name: poison(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [poison(item, key) for item in value]
    if isinstance(value, str) and key not in UNTOUCHED:
        return f"{value} {EVIL}"
    return value


@pytest.fixture(scope="module")
def evil_sites(tmp_path_factory: pytest.TempPathFactory) -> list[RenderedSite]:
    records = {path: poison(copy.deepcopy(data)) for path, data in RECORDS.items()}
    records["units/ksthc"]["description"] = (
        f"{EVIL}\n\n[trang](javascript:alert(1)) [ok](https://dichvucong.gov.vn/) "
        "<img src=x onerror=alert(1)>\n"
        "# tiêu đề\n---\n- mục **đậm**"
    )
    board_yaml = yaml.safe_dump(poison(yaml.safe_load(BOARD_YAML)), allow_unicode=True)
    board = checked_board(write_board(tmp_path_factory.mktemp("evil") / "content", records, board_yaml))
    return [render_site(board, audience, TODAY) for audience in Audience]


EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"(href|src)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def test_yaml_text_is_shown_as_text_on_every_page(evil_sites: list[RenderedSite]) -> None:
    for site in evil_sites:
        assert len(site.pages) > 25
        for path, text in site.pages.items():
            assert "<script" not in text.lower(), path
            body, meta = get_data(text)
            assert "<" not in meta.get("title", ""), path
            assert "*_[]" not in body and "{: onclick" not in body and "--8<--" not in body, path
            html = to_html(text)
            assert "<script" not in html.lower() and "<img" not in html, path
            assert not EVENT_ATTRIBUTE.search(html) and not SCRIPT_URL.search(html), path
        assert (
            "&lt;script&gt;alert(1)&lt;/script&gt;" in site.pages["thu-tuc/cap-giay-phep-lao-dong/index.md"]
        )


def test_description_keeps_simple_markdown_and_drops_the_rest(evil_sites: list[RenderedSite]) -> None:
    html = to_html(evil_sites[0].pages["bo-phan/ksthc/index.md"])
    assert '<a href="https://dichvucong.gov.vn/">ok</a>' in html
    assert "<strong>đậm</strong>" in html
    assert 'href="javascript' not in html and "<h1>tiêu đề" not in html and "<hr" not in html
    assert "&lt;img src&#61;x onerror&#61;alert(1)&gt;" in html


def test_text_filters() -> None:
    assert escape_inline("<b>*x*</b> | [a](b)") == "&lt;b&gt;&#42;x&#42;&lt;/b&gt; &#124; &#91;a&#93;(b)"
    assert escape_inline("1. Mục một") == "1&#46; Mục một"
    assert escape_inline("1.001930") == "1.001930"
    assert escape_inline("- gạch") == "&#45; gạch"
    assert escape_inline(None) == ""
    assert sanitize_markdown("**đậm** <i>x</i>") == "**đậm** &lt;i&gt;x&lt;/i&gt;"
    assert sanitize_markdown("[x](javascript:alert(1))") == "&#91;x&#93;(javascript:alert(1))"


def test_a_template_that_forgets_the_filter_fails() -> None:
    template = environment().from_string("{{ value }}")
    with pytest.raises(UnescapedValueError):
        template.render(value="<script>")
    with pytest.raises(UnescapedValueError):
        template.render(value=date(2026, 1, 1))
    assert environment().from_string("{{ value|e }}").render(value="<script>") == "&lt;script&gt;"
    assert "join" not in environment().filters and "safe" not in environment().filters


# Formats and URLs


def test_formats() -> None:
    assert format_money(1500000) == "1.500.000 đồng"
    assert format_date(date(2026, 2, 5)) == "05/02/2026"
    assert slugify("Đăng ký Hộ tịch") == "dang-ky-ho-tich"
    assert record_url("reception_session", "2026-02") == "tiep-cong-dan/buoi/2026-02/"
    assert record_url("regulation", "noi-quy") == "quy-che/noi-quy/"
    assert sorted(["Đất đai", "Dân tộc", "Ê", "Em"], key=vi_sort_key) == ["Dân tộc", "Đất đai", "Em", "Ê"]


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ({"freq": "monthly", "by_month_day": 15}, "Ngày 15 hằng tháng"),
        ({"freq": "monthly", "by_weekday": "2WE"}, "Thứ Tư tuần thứ hai hằng tháng"),
        ({"freq": "monthly", "by_weekday": "-1FR"}, "Thứ Sáu cuối cùng của tháng, hằng tháng"),
        ({"freq": "weekly", "by_weekday": "TH", "interval": 2}, "Thứ Năm 2 tuần một lần"),
    ],
)
def test_recurrence_in_words(rule: dict[str, Any], words: str) -> None:
    from generator.models.reception import Recurrence

    recurrence = Recurrence(**rule, opens_at="08:00", closes_at="11:00", valid_from=date(2026, 1, 1))
    assert recurrence_words(recurrence) == words


# Stage contract


def test_render_is_deterministic_and_leaves_the_board_alone(board: Board, public: RenderedSite) -> None:
    before = {kind: [record.model_dump() for record in board.of(kind)] for kind in board.records}
    again = render_site(board, Audience.PUBLIC, TODAY)
    assert again.pages == public.pages and again.files == public.files and again.nav == public.nav
    assert list(again.pages) == sorted(again.pages)
    assert {kind: [record.model_dump() for record in board.of(kind)] for kind in board.records} == before


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


# The demo board


@pytest.fixture(scope="module")
def demo() -> Board:
    result = check_content(REPO / "content")
    if not result.ok or len(result.board) < 5:
        pytest.skip("the demo board in content/ is not ready")
    return result.board


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


def test_demo_regulation_49_has_article_16(demo: Board) -> None:
    regulation = next((record for record in demo.of("regulation") if "49" in record.id), None)
    if regulation is None:
        pytest.skip("Quy chế 49 is not in the demo board yet")
    page = render_site(demo, Audience.INTERNAL, TODAY).pages[f"quy-che/{regulation.id}/index.md"]
    article = section(page, next(line for line in page.splitlines() if line.endswith("{#dieu-16}")))
    assert "Điều 16." in article
    assert "{: #dieu-16-khoan-1 }" in article


def test_every_line_break_a_page_writes_keeps_the_words_apart_in_search() -> None:
    """Material's search indexer glues the words on both sides of a bare <br>; a space keeps
    them apart (tests/test_build.py searches the built index for the word after a break)."""
    glued = [(path.name, line) for path in sorted((REPO / "theme/templates").glob("*.j2"))
             for line in path.read_text(encoding="utf-8").splitlines() if re.search(r"<br>(?!\s)", line)]
    assert glued == []
    assert "<br> " in str(escape_lines("Bản khai chung\nMẫu đính kèm"))


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
