"""Table rows and figures computed from one record for its page (pure functions)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date as Date

from generator.models.documents import Plan, PlanTask, TaskStatus
from generator.models.finance import Budget, BudgetItem
from generator.models.procedure import Fee
from generator.present.format import format_money, format_percent
from generator.present.labels import OVERDUE, TASK_STATUS
from generator.render.text import Md, escape_inline


def _per_unit(unit: str) -> str:
    """'đồng/hồ sơ' → '/hồ sơ' (after '50.000 đồng'); any other unit in brackets."""
    if unit.startswith("đồng"):
        return escape_inline(unit.removeprefix("đồng"))
    return f" ({escape_inline(unit)})"


def fee_amount(fee: Fee) -> Md:
    """'50.000 đồng/hồ sơ', or each tier: 'Trường hợp: 8.000 đồng/hồ sơ; …'."""
    suffix = _per_unit(fee.unit)
    parts = [] if fee.amount is None else [f"{format_money(fee.amount)}{suffix}"]
    parts += [f"{escape_inline(tier.label)}: {format_money(tier.amount)}{suffix}" for tier in fee.tiers]
    return Md("; ".join(parts))


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
