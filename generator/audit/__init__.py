"""The disclosure audit: every obligation of the registry evaluated against the Board.

`run_audit(board, today)` returns an AuditReport of Findings (met, missing, late, expiring,
not_applicable, violation), each naming the records and file:line:col that caused it.
"""

from __future__ import annotations

from datetime import date

from generator.audit.checks import CHECKS
from generator.audit.context import AuditContext
from generator.audit.history import posted_before_commit
from generator.audit.registry import Obligation, apply_overrides, load_registry
from generator.audit.report import (
    STATUS_LABELS,
    AuditReport,
    DayUnit,
    Finding,
    RecordRef,
    Status,
    report_json,
)
from generator.audit.summary import overall_status, summarise
from generator.check.link import Board
from generator.schedule.workdays import WorkCalendar

__all__ = [
    "STATUS_LABELS", "AuditReport", "DayUnit", "Finding", "Obligation", "RecordRef", "Status",
    "load_registry", "overall_status", "report_json", "run_audit", "summarise",
]


def _not_in_force(context: AuditContext, obligation: Obligation) -> Finding:
    start, end = obligation.effective_from, obligation.effective_to
    if start is not None and context.today < start:
        return context.finding(obligation, Status.NOT_APPLICABLE, f"quy định có hiệu lực từ {start:%d/%m/%Y}")
    return context.finding(obligation, Status.NOT_APPLICABLE, f"quy định hết hiệu lực từ {end:%d/%m/%Y}")


def run_audit(board: Board, today: date, registry: tuple[Obligation, ...] | None = None) -> AuditReport:
    """Evaluate every obligation against the Board on the reference date `today`."""
    obligations, diagnostics = apply_overrides(board, registry or load_registry())
    days_off = board.office.days_off if board.office else ()
    context = AuditContext(board, today, WorkCalendar(days_off))
    findings: list[Finding] = []
    for obligation in obligations:
        if not obligation.in_force(today):
            findings.append(_not_in_force(context, obligation))
        else:
            findings.extend(CHECKS[obligation.check](context, obligation))
    return AuditReport(findings, today, [*diagnostics, *posted_before_commit(board)])
