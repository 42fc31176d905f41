"""Regulations, policies and plans (Điều 16 khoản 1 và 5; Kế hoạch 83 mục C)."""

from __future__ import annotations

from datetime import date as Date
from enum import StrEnum
from typing import ClassVar

from generator.models.common import Audience, Problem, Record, Strict, WholeNumber, field


class Point(Strict):
    label: str = field("Ký hiệu điểm", "a, b, c… hoặc '-' cho gạch đầu dòng.", min_length=1)
    text: str = field("Nội dung điểm", "Nội dung của điểm.", min_length=1)


class Clause(Strict):
    number: WholeNumber | None = field(
        "Số khoản", "Số thứ tự khoản; bỏ trống cho đoạn văn không đánh số.", None, ge=1
    )
    text: str = field("Nội dung khoản", "Nội dung của khoản (hoặc đoạn).", min_length=1)
    points: list[Point] = field("Các điểm", "Các điểm a, b, c… của khoản.", default_factory=list)


class Article(Strict):
    number: WholeNumber = field("Số điều", "Số thứ tự Điều, ví dụ 16.", ge=1)
    title: str | None = field("Tên điều", "Tên (tiêu đề) của Điều, nếu có.", None)
    text: str | None = field("Đoạn mở đầu", "Câu dẫn trước các khoản.", None)
    clauses: list[Clause] = field("Các khoản", "Các khoản của Điều.", default_factory=list)


class Section(Strict):
    number: str = field("Số mục", "Số thứ tự Mục, ví dụ 1 hoặc I.", min_length=1)
    title: str = field("Tên mục", "Tên của Mục.", min_length=1)
    articles: list[Article] = field("Các điều", "Các Điều thuộc Mục.", default_factory=list)


class Chapter(Strict):
    number: str = field("Số chương", "Số La Mã của Chương, ví dụ II.", min_length=1)
    title: str = field("Tên chương", "Tên của Chương.", min_length=1)
    articles: list[Article] = field(
        "Các điều", "Các Điều trực tiếp thuộc Chương (không thuộc Mục).", default_factory=list
    )
    sections: list[Section] = field("Các mục", "Các Mục của Chương.", default_factory=list)


class RegulationKind(StrEnum):
    RULES = "noi_quy"
    REGULATION = "quy_che"
    OTHER = "khac"


class Regulation(Record):
    """Nội quy, quy chế: Chương / Mục / Điều / khoản / điểm, each Điều deep-linkable."""

    kind_name: ClassVar[str] = "regulation"
    kind_label: ClassVar[str] = "Nội quy, quy chế"

    audience: Audience = field(
        "Đối tượng công khai",
        "Mặc định internal (Điều 16 khoản 5); Nội quy tiếp công dân phải là public.",
        Audience.INTERNAL,
    )
    regulation_kind: RegulationKind = field(
        "Loại", "noi_quy: nội quy; quy_che: quy chế; khac: khác.", alias="kind"
    )
    is_reception_rules: bool = field(
        "Là Nội quy tiếp công dân",
        "true nếu đây là Nội quy tiếp công dân phải niêm yết tại nơi tiếp công dân.",
        False,
    )
    effective_from: Date | None = field("Hiệu lực từ", "Ngày có hiệu lực.", None)
    preamble: str | None = field("Lời mở đầu", "Đoạn văn trước Chương I, nếu có.", None)
    chapters: list[Chapter] = field("Các chương", "Các Chương của văn bản.", default_factory=list)
    articles: list[Article] = field(
        "Các điều", "Dùng khi văn bản không chia Chương.", default_factory=list
    )

    def all_articles(self) -> list[Article]:
        found = list(self.articles)
        for chapter in self.chapters:
            found.extend(chapter.articles)
            for section in chapter.sections:
                found.extend(section.articles)
        return sorted(found, key=lambda article: article.number)

    def problems(self) -> list[Problem]:
        if not self.chapters and not self.articles:
            return [Problem(("title",), "E-REGULATION-EMPTY",
                            "văn bản chưa có nội dung: thêm 'chapters' hoặc 'articles'")]
        numbers = [article.number for article in self.all_articles()]
        duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
        if duplicates:
            return [Problem(("title",), "E-ARTICLE-DUPLICATE",
                            f"số Điều bị trùng: {', '.join(map(str, duplicates))}")]
        return []


class Policy(Record):
    """A chủ trương, chính sách of the Party and State relevant to the office (Điều 16.1)."""

    kind_name: ClassVar[str] = "policy"
    kind_label: ClassVar[str] = "Chủ trương, chính sách"

    audience: Audience = field(
        "Đối tượng công khai", "Mặc định internal (Điều 16 khoản 1).", Audience.INTERNAL
    )
    issued_by: str = field("Cơ quan ban hành", "Ví dụ: Tỉnh ủy Lạng Sơn; Chính phủ.")
    effective_from: Date | None = field("Hiệu lực từ", "Ngày có hiệu lực.", None)
    summary: str = field("Nội dung chính", "Tóm tắt nội dung liên quan đến cơ quan.", min_length=2)
    areas: list[str] = field("Lĩnh vực", "Lĩnh vực công tác liên quan.", default_factory=list)


class TaskStatus(StrEnum):
    NOT_STARTED = "chua_thuc_hien"
    IN_PROGRESS = "dang_thuc_hien"
    DONE = "hoan_thanh"


class PlanTask(Strict):
    number: str = field("Số thứ tự", "Ví dụ: C.III.1.", min_length=1)
    title: str = field("Nhiệm vụ", "Nội dung nhiệm vụ.", min_length=2)
    owner: str = field("Cơ quan chủ trì", "Cơ quan, đơn vị chủ trì.", min_length=2)
    coordinators: list[str] = field("Cơ quan phối hợp", "Nếu có.", default_factory=list)
    deadline: Date | None = field("Thời hạn", "Hạn hoàn thành (YYYY-MM-DD).", None)
    status: TaskStatus = field(
        "Tình trạng", "chua_thuc_hien, dang_thuc_hien hoặc hoan_thanh.", TaskStatus.NOT_STARTED
    )
    completed_on: Date | None = field("Ngày hoàn thành", "YYYY-MM-DD.", None)


class PlanPart(Strict):
    heading: str = field("Đề mục", "Ví dụ: A. MỤC ĐÍCH, YÊU CẦU.", min_length=1)
    paragraphs: list[str] = field("Nội dung", "Các đoạn văn của phần này.", default_factory=list)
    parts: list[PlanPart] = field("Tiểu mục", "Các tiểu mục.", default_factory=list)


class Plan(Record):
    """A kế hoạch with its tasks, owners, deadlines and status."""

    kind_name: ClassVar[str] = "plan"
    kind_label: ClassVar[str] = "Kế hoạch"

    audience: Audience = field(
        "Đối tượng công khai", "Mặc định internal (Kế hoạch 83 mục C).", Audience.INTERNAL
    )
    parts: list[PlanPart] = field("Nội dung kế hoạch", "Các phần của kế hoạch.", default_factory=list)
    tasks: list[PlanTask] = field("Nhiệm vụ", "Nhiệm vụ, chủ trì, thời hạn.", min_length=1)

    def problems(self) -> list[Problem]:
        return [
            Problem(("tasks", index, "completed_on"), "E-TASK-DONE-DATE",
                    "nhiệm vụ 'hoan_thanh' cần ghi 'completed_on'")
            for index, task in enumerate(self.tasks)
            if task.status is TaskStatus.DONE and task.completed_on is None
        ]
