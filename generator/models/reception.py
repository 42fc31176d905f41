"""Citizen reception: periodic schedules and the sessions held (Kế hoạch 83 mục B.I.3)."""

from __future__ import annotations

from datetime import date as Date
from enum import StrEnum
from typing import ClassVar

from generator.models.common import (
    AUTHORITY_FIELDS,
    DocumentRef,
    Person,
    Problem,
    Record,
    ScheduleRef,
    SigningAuthority,
    Strict,
    WholeNumber,
    authority_problems,
    field,
)
from generator.models.office import OfficeLevel


class Frequency(StrEnum):
    MONTHLY = "monthly"
    WEEKLY = "weekly"


class Recurrence(Strict):
    """An Open Referral HSDS-style schedule rule."""

    freq: Frequency = field("Tần suất", "monthly: hằng tháng; weekly: hằng tuần.")
    interval: WholeNumber = field("Cách quãng", "Ví dụ 1: mỗi tháng; 2: hai tháng một lần.", 1, ge=1)
    by_month_day: WholeNumber | None = field(
        "Ngày trong tháng", "Ngày cố định trong tháng, ví dụ 15.", None, ge=1, le=31
    )
    by_weekday: str | None = field(
        "Thứ trong tuần",
        "Mã thứ theo iCalendar: MO, TU, WE, TH, FR, SA, SU; thêm số thứ tự cho lịch tháng, "
        "ví dụ 2WE là thứ Tư tuần thứ hai, -1FR là thứ Sáu cuối tháng.",
        None,
        pattern=r"^(-1|[1-5])?(MO|TU|WE|TH|FR|SA|SU)$",
    )
    opens_at: str = field("Giờ bắt đầu", "Dạng HH:MM, ví dụ 08:00.", pattern=r"^\d{2}:\d{2}$")
    closes_at: str = field("Giờ kết thúc", "Dạng HH:MM, ví dụ 11:30.", pattern=r"^\d{2}:\d{2}$")
    valid_from: Date = field("Áp dụng từ ngày", "Ngày bắt đầu áp dụng lịch (YYYY-MM-DD).")
    valid_to: Date | None = field("Áp dụng đến ngày", "Ngày hết hiệu lực, nếu có.", None)


class ReceptionSchedule(Record):
    """A leader's periodic citizen reception."""

    kind_name: ClassVar[str] = "reception_schedule"
    kind_label: ClassVar[str] = "Lịch tiếp công dân"

    leader: Person = field("Lãnh đạo tiếp", "Lãnh đạo tiếp công dân định kỳ.")
    deputies: list[Person] = field(
        "Người được ủy quyền tiếp thay", "Cấp phó có thể tiếp thay khi vắng.", default_factory=list
    )
    level: OfficeLevel = field(
        "Cấp", "tinh, xa hoặc co_quan: quyết định tần suất tối thiểu theo Luật Tiếp công dân."
    )
    place: str = field("Địa điểm", "Nơi tiếp công dân.", min_length=2)
    recurrence: Recurrence = field("Lịch định kỳ", "Quy tắc lặp lại của buổi tiếp.")
    holiday_rollover: bool = field(
        "Dời sang ngày làm việc kế tiếp",
        "true: nếu trùng ngày nghỉ, lễ, Tết thì tiếp vào ngày làm việc kế tiếp.",
        True,
    )

    def problems(self) -> list[Problem]:
        rule = self.recurrence
        if rule.freq is Frequency.MONTHLY and (rule.by_month_day is None) == (rule.by_weekday is None):
            return [Problem(("recurrence", "freq"), "E-RECURRENCE",
                            "lịch hằng tháng cần đúng một trong 'by_month_day' hoặc 'by_weekday'")]
        if rule.freq is Frequency.WEEKLY and (rule.by_weekday is None or rule.by_weekday[0] in "-12345"):
            return [Problem(("recurrence", "freq"), "E-RECURRENCE",
                            "lịch hằng tuần cần 'by_weekday' là một thứ, ví dụ WE")]
        return []


class SessionStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


class StandIn(Strict):
    deputy: Person = field("Người tiếp thay", "Cấp phó được phân công tiếp thay.")
    reason: str = field("Lý do", "Lý do lãnh đạo vắng mặt.", min_length=2)
    notice: DocumentRef | None = field(
        "Thông báo tiếp thay", "Thông báo công khai việc tiếp thay (số, ngày).", None
    )
    notice_posted_on: Date | None = field("Ngày niêm yết thông báo", "YYYY-MM-DD.", None)


class Postponement(Strict):
    new_date: Date | None = field("Ngày tiếp mới", "Ngày tiếp thay thế, nếu đã định.", None)
    reason: str = field("Lý do", "Lý do hoãn, hủy buổi tiếp.", min_length=2)
    notice: DocumentRef | None = field("Thông báo", "Thông báo hoãn (số, ngày).", None)
    announced_on: Date | None = field("Ngày thông báo", "YYYY-MM-DD.", None)


class ReceptionCase(Strict):
    summary: str = field(
        "Nội dung vụ việc", "Tóm tắt đã ẩn danh: không ghi họ tên, số CCCD, số điện thoại.",
        min_length=2,
    )
    locality: str | None = field("Địa bàn", "Xã, phường nơi phát sinh vụ việc.", None)
    direction: str = field("Ý kiến chỉ đạo", "Ý kiến chỉ đạo giải quyết.", min_length=2)
    responsible_unit: str = field("Cơ quan giải quyết", "Cơ quan được giao giải quyết.")
    deadline: Date | None = field("Thời hạn", "Thời hạn giải quyết, báo cáo (YYYY-MM-DD).", None)


class ResultNotice(Strict):
    number: str = field("Số thông báo", "Ví dụ: 125/TB-UBND.", min_length=1)
    date: Date = field("Ngày thông báo", "YYYY-MM-DD.")
    posted_on: Date | None = field("Ngày niêm yết", "YYYY-MM-DD.", None)
    signer: Person | None = field("Người ký", "Người ký thông báo.", None)
    issuer: str | None = field(
        "Cơ quan ban hành",
        "Cơ quan ban hành thông báo, như trong số và chữ ký, ví dụ: Ủy ban nhân dân tỉnh Lạng Sơn "
        "(số .../TB-UBND). Bỏ trống khi chính cơ quan của trang ban hành.", None, min_length=2,
    )
    issuer_parent: str | None = field(*AUTHORITY_FIELDS["issuer_parent"], None, min_length=2)
    authority: SigningAuthority | None = field(*AUTHORITY_FIELDS["authority"], None)
    on_behalf_of: str | None = field(*AUTHORITY_FIELDS["on_behalf_of"], None, min_length=2)
    cases: list[ReceptionCase] = field("Các vụ việc", "Vụ việc đã tiếp.", default_factory=list)


class ReceptionSession(Record):
    """One occurrence of a reception schedule and what came of it."""

    kind_name: ClassVar[str] = "reception_session"
    kind_label: ClassVar[str] = "Buổi tiếp công dân"

    schedule: ScheduleRef = field(
        "Lịch tiếp", "Mã lịch tiếp công dân (thư mục content/reception_schedules/)."
    )
    scheduled_on: Date = field("Ngày theo lịch", "Ngày buổi tiếp theo lịch định kỳ.")
    held_on: Date | None = field("Ngày tiếp thực tế", "Nếu khác ngày theo lịch.", None)
    status: SessionStatus = field(
        "Trạng thái", "planned, held, postponed hoặc cancelled.", SessionStatus.PLANNED
    )
    host: Person | None = field("Người chủ trì", "Người trực tiếp tiếp công dân.", None)
    stand_in: StandIn | None = field("Tiếp thay", "Khi cấp phó tiếp thay lãnh đạo.", None)
    postponement: Postponement | None = field("Hoãn, hủy", "Khi buổi tiếp bị hoãn, hủy.", None)
    citizens_received: WholeNumber | None = field("Số lượt công dân", "Số lượt đã tiếp.", None, ge=0)
    result_notice: ResultNotice | None = field(
        "Thông báo kết quả", "Thông báo kết quả và ý kiến chỉ đạo sau buổi tiếp.", None
    )

    @property
    def happens_on(self) -> Date:
        """The day the session happens or happened: held on, moved to, or as scheduled.

        The one rule the pages, the feed, the kiosk and the audit share: a postponed session
        counts from its new date, so its result notice is not judged late from the old one.
        """
        if self.held_on is not None:
            return self.held_on
        if self.postponement is not None and self.postponement.new_date is not None:
            return self.postponement.new_date
        return self.scheduled_on

    def signing_problems(self) -> list[Problem]:
        notice = self.result_notice
        found = super().signing_problems()
        if notice is not None:
            found += authority_problems(notice.authority, notice.on_behalf_of, ("result_notice",))
        return found

    def problems(self) -> list[Problem]:
        status = self.status
        if status in (SessionStatus.POSTPONED, SessionStatus.CANCELLED) and not self.postponement:
            return [Problem(("status",), "E-SESSION-POSTPONEMENT",
                            "buổi tiếp hoãn hoặc hủy cần mục 'postponement' ghi lý do")]
        if self.result_notice is not None and status is not SessionStatus.HELD:
            return [Problem(("status",), "E-SESSION-STATUS",
                            "đã có thông báo kết quả thì trạng thái phải là 'held'")]
        return []
