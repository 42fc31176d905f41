"""The disclosure audit: every obligation of the registry evaluated against the Board.

`run_audit(board, today)` returns an AuditReport of Findings (met, missing, late, expiring,
not_applicable, violation), each naming the records and file:line:col that caused it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.audit.basis import resolve_basis
from generator.audit.checks import CHECKS
from generator.audit.context import AuditContext
from generator.audit.history import posted_before_commit
from generator.audit.memo import open_memo, save_memo
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
from generator.present.format import format_date
from generator.schedule.workdays import WorkCalendar

__all__ = [
    "STATUS_LABELS", "AuditReport", "DayUnit", "Finding", "Obligation", "RecordRef", "Status",
    "load_registry", "overall_status", "report_json", "run_audit", "summarise",
]


def _not_in_force(context: AuditContext, obligation: Obligation) -> Finding:
    start, end = obligation.effective_from, obligation.effective_to
    if start is not None and context.today < start:
        return context.finding(obligation, Status.NOT_APPLICABLE,
                               f"quy định có hiệu lực từ {format_date(start)}")
    return context.finding(obligation, Status.NOT_APPLICABLE, f"quy định hết hiệu lực từ {format_date(end)}")


LEVEL_WORDS = {"tinh": "cấp tỉnh", "xa": "cấp xã", "co_quan": "cơ quan, đơn vị (sở, ban, ngành)"}


def _other_level(context: AuditContext, obligation: Obligation) -> Finding:
    level = context.board.office.level.value if context.board.office else ""
    applies = ", ".join(LEVEL_WORDS[name] for name in obligation.levels)
    return context.finding(obligation, Status.NOT_APPLICABLE,
                           f"không áp dụng cho {LEVEL_WORDS.get(level, level)}; chỉ áp dụng cho {applies}")


def run_audit(board: Board, today: date, registry: tuple[Obligation, ...] | None = None,
              cache_dir: Path | None = None) -> AuditReport:
    """Evaluate every obligation that applies to the board's office on the reference date `today`.

    With a `cache_dir` (a build's cache), what the record-by-record scans found in a record whose
    file has not changed is taken from the last build (generator.audit.memo)."""
    applicable, declared = resolve_basis(board, registry or load_registry())
    obligations, diagnostics = apply_overrides(board, applicable)
    days_off = board.office.days_off if board.office else ()
    memo = open_memo(cache_dir, board) if cache_dir is not None else None
    context = AuditContext(board, today, WorkCalendar(days_off), memo)
    level = board.office.level.value if board.office else None
    findings: list[Finding] = []
    for obligation in obligations:
        if obligation.levels and level not in obligation.levels:
            findings.append(_other_level(context, obligation))
        elif not obligation.in_force(today):
            findings.append(_not_in_force(context, obligation))
        else:
            findings.extend(CHECKS[obligation.check](context, obligation))
    if memo is not None:
        save_memo(memo)
    return AuditReport(findings, today, [*declared, *diagnostics, *posted_before_commit(board)],
                       tuple(obligations))
