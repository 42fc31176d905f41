"""Budget estimates, execution and settlements (Điều 16 khoản 2; TT 61/2017/TT-BTC)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date as Date
from enum import StrEnum
from typing import ClassVar

from generator.models.common import Problem, Record, Strict, WholeNumber, field


class BudgetStage(StrEnum):
    ESTIMATE = "du_toan"
    EXECUTION = "thuc_hien"
    SETTLEMENT = "quyet_toan"


class BudgetPeriod(StrEnum):
    YEAR = "nam"
    Q1 = "quy_1"
    Q2 = "quy_2"
    Q3 = "quy_3"
    Q4 = "quy_4"
    HALF = "6_thang"


class BudgetItem(Strict):
    code: str | None = field("Mã số", "Số thứ tự hoặc mã mục, ví dụ: I.1.", None)
    name: str = field("Nội dung", "Tên khoản mục.", min_length=1)
    amount: WholeNumber = field("Số tiền (đồng)", "Viết liền, không dấu chấm: 1500000000.", ge=0)
    children: list[BudgetItem] = field(
        "Khoản mục con", "Các khoản con; tổng phải bằng số tiền của khoản cha.",
        default_factory=list,
    )


def _sum_problems(items: list[BudgetItem], loc: tuple[str | int, ...]) -> Iterator[Problem]:
    for index, item in enumerate(items):
        if item.children:
            children_total = sum(child.amount for child in item.children)
            if children_total != item.amount:
                yield Problem(
                    (*loc, index, "amount"), "E-BUDGET-SUM",
                    f"khoản '{item.name}' ghi {item.amount:,} đồng nhưng các khoản con cộng lại "
                    f"{children_total:,} đồng (chênh {item.amount - children_total:,})".replace(",", "."),
                )
            yield from _sum_problems(item.children, (*loc, index, "children"))


class Budget(Record):
    """A budget table for a fiscal year and period: line items in a tree with a total."""

    kind_name: ClassVar[str] = "budget"
    kind_label: ClassVar[str] = "Ngân sách"

    fiscal_year: WholeNumber = field("Năm ngân sách", "Ví dụ 2026.", ge=2000, le=2100)
    stage: BudgetStage = field("Giai đoạn", "du_toan, thuc_hien hoặc quyet_toan.")
    period: BudgetPeriod = field(
        "Kỳ", "nam, quy_1…quy_4 hoặc 6_thang.", BudgetPeriod.YEAR
    )
    assigned_on: Date = field(
        "Ngày giao, phê duyệt",
        "Ngày dự toán được giao, hoặc ngày quyết toán được phê duyệt, hoặc ngày báo cáo thực hiện.",
    )
    total: WholeNumber = field("Tổng cộng (đồng)", "Tổng số; phải bằng tổng các khoản cấp 1.", ge=0)
    items: list[BudgetItem] = field("Các khoản mục", "Bảng số liệu theo cây.", min_length=1)

    def problems(self) -> list[Problem]:
        found = list(_sum_problems(self.items, ("items",)))
        top_total = sum(item.amount for item in self.items)
        if top_total != self.total:
            found.append(Problem(
                ("total",), "E-BUDGET-TOTAL",
                f"tổng cộng ghi {self.total:,} đồng nhưng các khoản cấp 1 cộng lại {top_total:,} đồng"
                .replace(",", "."),
            ))
        return found
