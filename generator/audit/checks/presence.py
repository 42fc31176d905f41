"""Checks that the board holds records of a kind at all, and how internal items were disclosed."""

from __future__ import annotations

from dataclasses import replace

from generator.audit.checks.base import check
from generator.audit.context import AuditContext, describe, label
from generator.audit.registry import Obligation
from generator.audit.report import Finding, Status


def _kinds_text(obligation: Obligation) -> str:
    return ", ".join(label(kind) for kind in obligation.kinds)


@check("records_present")
def records_present(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """At least `min_count` records of the obligation's kinds (filtered by `where`)."""
    found = ctx.records(obligation)
    if len(found) >= obligation.param("min_count"):
        return [ctx.finding(obligation, Status.MET,
                            f"có {len(found)} hồ sơ ({_kinds_text(obligation)})", found)]
    status = Status(obligation.param("absent_status"))
    audience = " công khai" if obligation.audience == "public" else ""
    message = f"chưa có hồ sơ{audience} nào ({_kinds_text(obligation)})"
    finding = ctx.finding(obligation, status, message, found)
    commands = " hoặc ".join(f"congkhai new {kind}" for kind in obligation.kinds)
    return [replace(finding, hint=f"{obligation.param('absent_hint')} (lệnh: {commands})")]


@check("not_checkable")
def not_checkable(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """The records cannot show whether this is met; say why instead of guessing."""
    return [ctx.finding(obligation, Status.NOT_APPLICABLE, obligation.param("reason"))]


@check("internal_posting")
def internal_posting(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """Internal records carry the date they were posted at the office (one of Điều 17's forms)."""
    found = [record for record in ctx.records(obligation) if record.audience.value == "internal"]
    if not found:
        return [ctx.no_record(obligation, "hồ sơ nội bộ nào")]
    unposted = [record for record in found if record.posted_on is None]
    findings = [
        ctx.finding(obligation, Status.MISSING,
                    f"hồ sơ nội bộ {describe(record)} chưa ghi ngày niêm yết tại cơ quan "
                    "('posted_on'); nếu đã thông báo tại cuộc họp hoặc bằng văn bản, ghi rõ trong "
                    "'description' và thêm ngày niêm yết", [(record, ("title",))])
        for record in unposted
    ]
    posted = [record for record in found if record.posted_on is not None]
    if posted:
        findings.insert(0, ctx.finding(obligation, Status.MET,
                                       f"{len(posted)} hồ sơ nội bộ đã niêm yết tại cơ quan", posted))
    return findings
