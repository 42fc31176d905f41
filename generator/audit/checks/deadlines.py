"""Posting deadlines and periods: internal disclosures, budgets, complaint decisions,
denunciation conclusions (NĐ 04/2015, TT 61/2017, Luật Khiếu nại, Luật Tố cáo), plan tasks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from generator.audit.checks.base import check
from generator.audit.checks.posting import expiring_postings, judge_posting, met_summary
from generator.audit.context import AuditContext, describe, value_at
from generator.audit.registry import Obligation
from generator.audit.report import DayUnit, Finding, Status
from generator.models import Budget, Plan, Record
from generator.models.documents import TaskStatus
from generator.present.format import format_date

PERIOD_ENDS = {"quy_1": (3, 31), "quy_2": (6, 30), "quy_3": (9, 30), "quy_4": (12, 31), "6_thang": (6, 30)}


def document_date(record: Record, date_fields: dict[str, list[str]]) -> date | None:
    """The first date found among the record kind's `date_fields` (default: its source's date)."""
    for dotted in date_fields.get(record.kind_name, date_fields.get("default", [])):
        found = value_at(record, tuple(dotted.split(".")))
        if isinstance(found, date):
            return found
    return None


def _judge_all(ctx: AuditContext, obligation: Obligation,
               starts: Sequence[tuple[Record, date, Mapping[str, Any]]]) -> list[Finding]:
    """Judge each (record, start date, deadline parameters), then summarise."""
    judged, findings = [], []
    for record, start, deadline_params in starts:
        if not obligation.judges(start) or start > ctx.today:
            continue
        judged.append(record)
        deadline = ctx.deadline(start, deadline_params)
        what = f"{obligation.param('from_text')} {format_date(start)}"
        findings.extend(judge_posting(ctx, obligation, record, deadline, what))
    findings.extend(expiring_postings(ctx, obligation, judged))
    return met_summary(ctx, obligation, judged, findings, obligation.param("met_text"))


@check("posting_deadline")
def posting_deadline(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """Posted within a deadline of the document's date, and for at least a minimum period."""
    date_fields = obligation.param("date_fields")
    starts = []
    for record in ctx.records(obligation):
        start = document_date(record, date_fields)
        if start is not None:
            starts.append((record, start, obligation.params))
    return _judge_all(ctx, obligation, starts)


def _execution_start(budget: Budget, obligation: Obligation) -> tuple[date, dict[str, Any]]:
    if budget.period.value == "nam":
        if "annual_deadline_days" in obligation.params:  # NĐ 73/2026: calendar days
            return budget.assigned_on, {"deadline_days": obligation.param("annual_deadline_days")}
        return budget.assigned_on, {"deadline_working_days": obligation.param("annual_deadline_working_days")}
    month, day = PERIOD_ENDS[budget.period.value]
    return date(budget.fiscal_year, month, day), {"deadline_days": obligation.param("deadline_days")}


@check("budget_execution")
def budget_execution(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """Quarterly and half-year execution: 15 days after the period; annual: 5 working days."""
    starts = [(budget, *_execution_start(budget, obligation))
              for budget in ctx.records(obligation, Budget)]
    return _judge_all(ctx, obligation, starts)


@check("budget_tables")
def budget_tables(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """A disclosure decision with annexed tables whose rows add up."""
    budgets = ctx.records(obligation, Budget)
    findings = []
    for budget in budgets:
        if budget.source is None:
            findings.append(ctx.finding(obligation, Status.MISSING,
                                        f"{describe(budget)} chưa ghi quyết định công bố ('source')",
                                        [(budget, ("title",))]))
        for problem in budget.problems():
            findings.append(ctx.finding(obligation, Status.MISSING,
                                        f"{describe(budget)}: {problem.message}", [(budget, problem.loc)]))
    return met_summary(ctx, obligation, list(budgets), findings,
                       "có quyết định công bố và bảng số liệu cộng khớp")


def _task_findings(ctx: AuditContext, obligation: Obligation, plan: Plan) -> list[Finding]:
    findings = []
    for index, task in enumerate(plan.tasks):
        here = f"{describe(plan)}, nhiệm vụ {task.number}"
        if task.deadline is None:
            continue  # an ongoing duty (theo dõi, đôn đốc) has no deadline to miss
        done = task.status is TaskStatus.DONE
        finished = task.completed_on if done else ctx.today
        late = (finished - task.deadline).days if finished else 0
        if finished is not None and late > 0:
            state = f"hoàn thành ngày {format_date(finished)}" if done else "chưa hoàn thành"
            findings.append(ctx.finding(
                obligation, Status.LATE,
                f"{here} hạn {format_date(task.deadline)}, {state}: muộn {late} ngày",
                [(plan, ("tasks", index, "deadline"))], late, DayUnit.DAYS))
    return findings


@check("plan_tasks")
def plan_tasks(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """Tasks with a deadline are done by it; past it and not done (or done after it) is late."""
    plans = ctx.records(obligation, Plan)
    findings = [finding for plan in plans for finding in _task_findings(ctx, obligation, plan)]
    return met_summary(ctx, obligation, list(plans), findings,
                       "có nhiệm vụ, cơ quan chủ trì và hoàn thành đúng hạn")
