"""Personnel decisions and complaint results (Điều 16 khoản 3–4, Điều 23 khoản 3)."""

from __future__ import annotations

from datetime import date as Date
from enum import StrEnum
from typing import Annotated, ClassVar

from generator.models.common import Audience, InternalField, Record, Strict, field


class PersonnelCategory(StrEnum):
    RECRUITMENT = "tuyen_dung"
    COMMENDATION = "khen_thuong"
    DISCIPLINE = "ky_luat"
    SALARY_RAISE = "nang_bac_luong"
    RANK_PROMOTION = "nang_ngach"
    APPOINTMENT = "bo_nhiem"


class PersonnelEntry(Strict):
    name: str = field("Họ và tên", "Họ và tên công chức, viên chức.", min_length=2)
    position: str | None = field("Chức vụ, chức danh", "Chức vụ hoặc ngạch hiện tại.", None)
    unit: str | None = field("Đơn vị", "Phòng, đơn vị công tác.", None)
    detail: str | None = field(
        "Nội dung", "Ví dụ: hình thức khen thưởng, bậc lương mới, hình thức kỷ luật.", None
    )


class PersonnelDecision(Record):
    """Tuyển dụng, khen thưởng, kỷ luật, nâng lương, nâng ngạch, bổ nhiệm: internal by default."""

    kind_name: ClassVar[str] = "personnel_decision"
    kind_label: ClassVar[str] = "Quyết định nhân sự"

    audience: Audience = field(
        "Đối tượng công khai",
        "Mặc định internal. Công khai (public) quyết định kỷ luật, lương cần "
        "'publish_override: true'.",
        Audience.INTERNAL,
    )
    category: PersonnelCategory = field(
        "Loại quyết định",
        "tuyen_dung, khen_thuong, ky_luat, nang_bac_luong, nang_ngach hoặc bo_nhiem.",
    )
    decided_on: Date = field("Ngày quyết định", "Ngày ký quyết định (YYYY-MM-DD).")
    persons: list[PersonnelEntry] = field("Người được quyết định", "Danh sách.", min_length=1)
    summary: str | None = field("Tóm tắt", "Tóm tắt nội dung quyết định.", None)
    publish_override: Annotated[bool, InternalField()] = field(
        "Chủ động công khai ra ngoài",
        "true chỉ khi cơ quan quyết định công khai ra ngoài một quyết định mặc định nội bộ.",
        False,
    )


class ComplaintCategory(StrEnum):
    COMPLAINT = "khieu_nai"
    DENUNCIATION = "to_cao"
    INTERNAL_CASE = "noi_bo"


class ComplaintResult(Record):
    """A complaint decision, a denunciation conclusion or a concluded internal case.

    There is deliberately no field for the complainant or the denouncer: the denouncer's
    identity is never published (Luật Tố cáo Điều 9 khoản 1b; Quy chế 49 Điều 23 khoản 3).
    """

    kind_name: ClassVar[str] = "complaint_result"
    kind_label: ClassVar[str] = "Kết quả giải quyết khiếu nại, tố cáo"

    audience: Audience = field(
        "Đối tượng công khai", "Mặc định internal (Điều 16 khoản 4).", Audience.INTERNAL
    )
    category: ComplaintCategory = field("Loại", "khieu_nai, to_cao hoặc noi_bo.")
    received_on: Date | None = field("Ngày thụ lý", "YYYY-MM-DD.", None)
    concluded_on: Date = field("Ngày kết luận, quyết định", "YYYY-MM-DD.")
    subject: str = field(
        "Nội dung khiếu nại, tố cáo", "Tóm tắt nội dung, không nêu danh tính người tố cáo.",
        min_length=2,
    )
    conclusion: str = field("Kết quả giải quyết", "Kết luận, quyết định giải quyết.", min_length=2)
    handled_by: str | None = field("Người, cơ quan giải quyết", "Người có thẩm quyền.", None)
    measures: list[str] = field("Biện pháp xử lý", "Các biện pháp đã áp dụng.", default_factory=list)

