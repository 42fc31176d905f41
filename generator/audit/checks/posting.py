"""Shared judgements on posting: by a deadline, for a minimum period, and ending soon."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from generator.audit.context import AuditContext, Deadline, describe
from generator.audit.registry import Obligation
from generator.audit.report import DAY_UNIT_LABELS, Finding, RecordRef, Status
from generator.models import Record
from generator.present.format import format_date


def expiring_postings(ctx: AuditContext, obligation: Obligation,
                      records: Iterable[Record]) -> Iterator[Finding]:
    """Records whose posting ends within `expiring_days` of today."""
    window = obligation.param("expiring_days")
    for record in records:
        until = record.posted_until
        if until is not None and 0 <= (until - ctx.today).days <= window:
            yield ctx.finding(obligation, Status.EXPIRING,
                              f"{describe(record)} niêm yết đến {format_date(until)}, còn "
                              f"{(until - ctx.today).days} ngày", [(record, ("posted_until",))])


def judge_posting(ctx: AuditContext, obligation: Obligation, record: Record,
                  deadline: Deadline | None, what: str) -> list[Finding]:
    """Posted by the deadline? Posted long enough? `what` names the event the deadline runs from."""
    posted = record.posted_on
    if posted is None or posted > ctx.today:
        return _unposted(ctx, obligation, record, deadline, what)
    findings = []
    if deadline is not None:
        late = ctx.days_after(deadline, posted)
        if late > 0:
            unit = DAY_UNIT_LABELS[deadline.unit]
            findings.append(ctx.finding(
                obligation, Status.LATE,
                f"{describe(record)} niêm yết ngày {format_date(posted)}, hạn là {format_date(deadline.due)} "
                f"({what}): muộn {late} {unit}", [(record, ("posted_on",))], late, deadline.unit))
    short = _short_posting(ctx, obligation, record, posted)
    if short is not None:
        findings.append(short)
    return findings


def _unposted(ctx: AuditContext, obligation: Obligation, record: Record,
              deadline: Deadline | None, what: str) -> list[Finding]:
    if deadline is None:
        message = f"{describe(record)} chưa ghi ngày niêm yết ('posted_on')"
        return [ctx.finding(obligation, Status.MISSING, message, [(record, ("title",))])]
    overdue = ctx.days_after(deadline, ctx.today)
    if overdue <= 0:
        return []  # not due yet
    unit = DAY_UNIT_LABELS[deadline.unit]
    return [ctx.finding(obligation, Status.MISSING,
                        f"{describe(record)} chưa niêm yết; hạn là {format_date(deadline.due)} ({what}), "
                        f"đã quá {overdue} {unit}", [(record, ("title",))], overdue, deadline.unit)]


def _short_posting(ctx: AuditContext, obligation: Obligation, record: Record,
                   posted: date) -> Finding | None:
    minimum = obligation.params.get("min_posting_days")
    until = record.posted_until
    if minimum is None or until is None:
        return None
    days = (until - posted).days + 1
    if days >= minimum:
        return None
    return ctx.finding(obligation, Status.MISSING,
                       f"{describe(record)} niêm yết {days} ngày "
                       f"({format_date(posted)}–{format_date(until)}), "
                       f"chưa đủ {minimum} ngày liên tục", [(record, ("posted_until",))])


def met_summary(ctx: AuditContext, obligation: Obligation, judged: Sequence[Record],
                findings: list[Finding], text: str) -> list[Finding]:
    """Prepend one `met` finding for the judged records that have no problem finding."""
    troubled = {ref for finding in findings if finding.status is not Status.EXPIRING
                for ref in finding.records}
    fine = [record for record in judged if RecordRef(record.kind_name, record.id) not in troubled]
    if not judged:
        return [ctx.no_record(obligation), *findings]
    if fine:
        return [ctx.finding(obligation, Status.MET, f"{len(fine)} hồ sơ {text}", fine), *findings]
    return findings
