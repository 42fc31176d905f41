"""Table rows and figures computed from one record for its page (pure functions)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date as Date

from generator.models.documents import Plan, PlanTask, TaskStatus
from generator.models.finance import Budget, BudgetItem
from generator.models.procedure import Charge, DossierItem, Fee, ProcedureLevel, ProcessingTime
from generator.present import words
from generator.present.format import format_percent
from generator.present.labels import OVERDUE, TASK_STATUS
from generator.render.text import LINE_BREAK, Md, escape_inline, escape_lines


def fee_amount(fee: Fee) -> Md:
    """'50.000 đồng/hồ sơ', each tier 'Trường hợp: 8.000 đồng/hồ sơ', or the rate as written."""
    return Md("; ".join(escape_inline(line) for line in words.fee_lines(fee)))


def charge_text(charge: Charge) -> Md:
    return escape_inline(words.charge_text(charge))


def time_text(time: ProcessingTime | None) -> Md:
    """The processing time as written (line breaks kept), or 'Chưa có thông tin'."""
    return escape_lines(words.time_text(time))


def levels_text(levels: list[ProcedureLevel]) -> Md:
    return escape_inline(words.levels_text(levels))


def copies_text(item: DossierItem) -> Md:
    return escape_inline(words.copies_text(item))


_BULLET = re.compile(r"^\s*[-+•*]\s+")


def nested_item(text: str | None, indent: str = "    ") -> Md:
    """A list item whose lines starting with '- ' (or '+', '•') become a nested list under it."""
    if not text:
        return Md()
    head: list[str] = []
    nested: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if _BULLET.match(line) or nested:
            nested.append(f"{indent}- {escape_inline(_BULLET.sub('', line))}")
        else:
            head.append(escape_inline(line))
    return Md(LINE_BREAK.join(head) + "".join(f"\n{item}" for item in nested))


@dataclass(frozen=True, slots=True)
class BudgetRow:
    depth: int
    item: BudgetItem


def _rows(items: list[BudgetItem], depth: int) -> Iterator[BudgetRow]:
    for item in items:
        yield BudgetRow(depth, item)
        yield from _rows(item.children, depth + 1)


def budget_rows(budget: Budget) -> list[BudgetRow]:
    """The item tree, depth first, with each item's depth (0 for top-level items)."""
    return list(_rows(budget.items, 0))


@dataclass(frozen=True, slots=True)
class Bar:
    item: BudgetItem
    percent: float

    @property
    def width(self) -> Md:
        """The CSS width, with a decimal point whatever the locale."""
        return Md(f"{self.percent:.1f}%")

    @property
    def percent_text(self) -> Md:
        return Md(format_percent(self.percent))


def budget_bars(budget: Budget) -> list[Bar]:
    """Each top-level item's share of the total."""
    total = budget.total or sum(item.amount for item in budget.items)
    return [Bar(item, 100.0 * item.amount / total if total else 0.0) for item in budget.items]


@dataclass(frozen=True, slots=True)
class TimelineTask:
    task: PlanTask
    overdue: bool
    late_done: bool

    @property
    def status_text(self) -> Md:
        label = escape_inline(TASK_STATUS[self.task.status.value])
        if self.overdue:
            return Md(f"**{OVERDUE}** ({label.lower()})")
        if self.late_done:
            return Md(f"{label} (sau thời hạn)")
        return label


def plan_timeline(plan: Plan, today: Date) -> list[TimelineTask]:
    """Tasks by deadline (undated last, then in the plan's order), overdue ones marked."""
    order = sorted(enumerate(plan.tasks),
                   key=lambda pair: (pair[1].deadline is None, pair[1].deadline or today, pair[0]))
    return [TimelineTask(
        task,
        overdue=task.status is not TaskStatus.DONE and task.deadline is not None and task.deadline < today,
        late_done=task.status is TaskStatus.DONE and task.deadline is not None
        and task.completed_on is not None and task.completed_on > task.deadline,
    ) for _, task in order]


def timeline_counts(timeline: list[TimelineTask]) -> list[tuple[Md, int]]:
    """('Hoàn thành', 3), … and ('Quá hạn', n) for a plan's summary line."""
    counts = Counter(entry.task.status.value for entry in timeline)
    found = [(escape_inline(label), counts[key]) for key, label in TASK_STATUS.items() if counts[key]]
    overdue = sum(entry.overdue for entry in timeline)
    if overdue:
        found.append((escape_inline(OVERDUE), overdue))
    return found
