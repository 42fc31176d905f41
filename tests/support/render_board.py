"""A small board with every kind and every optional field, written from Python data, and
helpers to read the Markdown pages rendered from it (tests/render, test_procedure_schema)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import markdown
import yaml
from mkdocs.utils.meta import get_data

from generator.check import check_content
from generator.check.link import Board
from support.boards import BOARD_YAML, write_files

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


def poison(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {name: poison(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [poison(item, key) for item in value]
    if isinstance(value, str) and key not in UNTOUCHED:
        return f"{value} {EVIL}"
    return value
