"""Boards the tests write: the demo office's board.yaml and one small valid record of every kind."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# The demo office declares its own regulation and plan (Quy chế 49, Kế hoạch 83), so the audit
# cites them (generator/audit/basis.py).
BOARD_YAML = """\
title: Văn phòng UBND tỉnh Lạng Sơn
name: Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn
level: tinh
place: Lạng Sơn
contact:
  address: Đường Hùng Vương, phường Chi Lăng, Thành phố Lạng Sơn
  phone: "025 3812 605"
feedback:
  agency: Văn phòng UBND tỉnh Lạng Sơn
  email: vanphong@langson.gov.vn
own_documents:
  - name: Quy chế 49/QĐ-VP
    number: 49/QĐ-VP
    date: 2010-06-21
    title: Quy chế thực hiện dân chủ trong hoạt động của Văn phòng UBND tỉnh Lạng Sơn
    issuer: Văn phòng UBND tỉnh Lạng Sơn
    articles:
      QC49-16.1: Điều 16 khoản 1
      QC49-16.2: Điều 16 khoản 2
      QC49-16.3: Điều 16 khoản 3
      QC49-16.4: Điều 16 khoản 4
      QC49-16.5: Điều 16 khoản 5
      QC49-17: Điều 17
      QC49-20.1: Điều 20 khoản 1
      QC49-20.2: Điều 20 khoản 2
      QC49-20.3: Điều 20 khoản 3
      QC49-20.4: Điều 20 khoản 4
      QC49-20.5: Điều 20 khoản 5
      QC49-23: Điều 23 khoản 2
      QC49-23.3: Điều 23 khoản 3
  - name: Kế hoạch 83/KH-UBND
    number: 83/KH-UBND
    date: 2010-08-26
    title: Thực hiện Đề án Đổi mới công tác tiếp công dân
    issuer: Ủy ban nhân dân tỉnh Lạng Sơn
    articles:
      KH83-B.I.3a: mục B.I.3
      KH83-B.I.3b: mục B.I.3
      KH83-B.I.3c: mục B.I.3
      KH83-B.I.3d: mục B.I.3
      KH83-C: mục C
"""

# One small valid record of every kind, all linked to each other (path under content/ → text).
SAMPLE_RECORDS: dict[str, str] = {
    "units/mot-cua.yaml": """\
title: Bộ phận Một cửa
head:
  name: Nguyễn Thị Hoa
  position: Trưởng bộ phận
room: Phòng 101, tầng 1
duties:
  - Tiếp nhận và trả kết quả hồ sơ thủ tục hành chính
""",
    "fees/le-phi-ho-tich.yaml": """\
title: Lệ phí đăng ký hộ tịch
kind: le_phi
amount: 8000
unit: đồng/hồ sơ
exemptions:
  - Người thuộc gia đình có công với cách mạng
""",
    "forms/to-khai-khai-sinh.yaml": """\
title: Tờ khai đăng ký khai sinh
code: Mẫu số 01/TK
file: forms/files/to-khai-khai-sinh.docx
""",
    "forms/files/to-khai-khai-sinh.docx": "(tệp mẫu)\n",
    "procedures/dang-ky-khai-sinh.yaml": """\
title: Đăng ký khai sinh
code: "1.001193"
announcing_decision:
  number: "1234/QĐ-UBND"
  date: 2025-06-10
field: Hộ tịch
level: xa
unit: mot-cua
steps:
  - title: Nộp hồ sơ tại Bộ phận Một cửa
  - title: Nhận kết quả
methods:
  - kind: truc_tiep
    processing_time:
      amount: 1
    fees: [le-phi-ho-tich]
  - kind: truc_tuyen
    processing_time:
      amount: 1
    fee_note: Không thu phí
dossier:
  - name: Tờ khai đăng ký khai sinh
    form: to-khai-khai-sinh
applicants: [Công dân Việt Nam]
agencies:
  deciding: UBND cấp xã
  performing: UBND cấp xã
result: Giấy khai sinh
""",
    "reception_schedules/chu-tich.yaml": """\
title: Lịch tiếp công dân của Chủ tịch UBND tỉnh
leader:
  name: Hồ Tiến Thiệu
  position: Chủ tịch UBND tỉnh
level: tinh
place: Trụ sở Tiếp công dân tỉnh
recurrence:
  freq: monthly
  by_month_day: 15
  opens_at: "08:00"
  closes_at: "11:30"
  valid_from: 2026-01-01
""",
    "reception_sessions/2026-01.yaml": """\
title: Buổi tiếp công dân tháng 01/2026
schedule: chu-tich
scheduled_on: 2026-01-15
status: held
citizens_received: 3
result_notice:
  number: "12/TB-UBND"
  date: 2026-01-16
  cases:
    - summary: Đề nghị cấp giấy chứng nhận quyền sử dụng đất
      direction: Giao Sở Nông nghiệp và Môi trường xem xét, trả lời
      responsible_unit: Sở Nông nghiệp và Môi trường
""",
    "regulations/noi-quy-tiep-cong-dan.yaml": """\
title: Nội quy tiếp công dân
kind: noi_quy
audience: public
is_reception_rules: true
articles:
  - number: 1
    title: Quyền của người đến khiếu nại
    clauses:
      - text: Được trình bày nội dung khiếu nại.
""",
    "budgets/du-toan-2026.yaml": """\
title: Dự toán ngân sách năm 2026
stage: du_toan
fiscal_year: 2026
assigned_on: 2026-01-05
total: 1500000
items:
  - code: I
    name: Chi thường xuyên
    amount: 1500000
    children:
      - name: Chi lương
        amount: 1000000
      - name: Chi hoạt động
        amount: 500000
""",
    "personnel/khen-thuong-2025.yaml": """\
title: Khen thưởng năm 2025
category: khen_thuong
decided_on: 2025-12-20
persons:
  - name: Lê Văn Bình
    detail: Giấy khen
""",
    "complaints/kn-2025-01.yaml": """\
title: Kết quả giải quyết khiếu nại số 01/2025
category: khieu_nai
concluded_on: 2025-11-03
subject: Khiếu nại về việc chậm trả kết quả hồ sơ
conclusion: Khiếu nại đúng một phần
""",
    "policies/cai-cach-hanh-chinh.yaml": """\
title: Chương trình cải cách hành chính giai đoạn 2021–2030
issued_by: Chính phủ
summary: Đẩy mạnh cải cách thủ tục hành chính, chuyển đổi số.
""",
    "plans/ke-hoach-83.yaml": """\
title: Kế hoạch tiếp công dân năm 2010
tasks:
  - number: C.1
    title: Niêm yết Nội quy tiếp công dân
    owner: Văn phòng UBND tỉnh
    status: hoan_thanh
    completed_on: 2010-05-01
""",
}


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for relative, body in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
