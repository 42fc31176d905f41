"""The "Đối chiếu công khai" page and the home-page summary of the audit, per audience.

The public site lists the public obligations only (and those binding on both audiences) and
never names an internal record: a finding about one keeps its verdict but loses its message,
records and places. The internal site shows every obligation with the file:line of each finding.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

from generator.audit import STATUS_LABELS, AuditReport, Finding, Status
from generator.audit.registry import Obligation
from generator.audit.summary import ObligationSummary, summarise
from generator.models import Audience
from generator.present.format import format_date
from generator.present.slug import slugify
from generator.present.urls import relative
from generator.render.env import environment
from generator.render.text import Md, escape_inline
from generator.render.view import SiteView

AUDIT_PAGE = "doi-chieu-cong-khai.md"
NAV_TITLE = "Đối chiếu công khai"
TEMPLATE = "audit.md.j2"
MAX_LINKS = 30
HIDDEN_MESSAGE = "liên quan đến hồ sơ công khai trong nội bộ cơ quan"
SHOWN_ORDER = (Status.VIOLATION, Status.MISSING, Status.LATE, Status.EXPIRING, Status.MET,
               Status.NO_RECORD, Status.NOT_APPLICABLE)


def status_label(status: Status) -> Md:
    """The CLI's word for a verdict (generator.audit.STATUS_LABELS), as a table cell."""
    return escape_inline(STATUS_LABELS[status].capitalize())


def shows_obligation(audience: Audience, obligation_audience: str) -> bool:
    return audience is Audience.INTERNAL or obligation_audience in ("public", "all")


def _redacted(finding: Finding, view: SiteView) -> Finding:
    """The finding as this site may show it: without internal records on the public site."""
    if view.audience is Audience.INTERNAL:
        return finding
    hidden = any(not _shown(view, ref.kind, ref.id) for ref in finding.records)
    if not hidden:
        return replace(finding, positions=())
    return replace(finding, message=HIDDEN_MESSAGE, positions=(), records=())


def _shown(view: SiteView, kind: str, record_id: str) -> bool:
    record = view.board.get(kind, record_id)
    return record is not None and view.shows(record)


def audience_report(report: AuditReport, view: SiteView) -> AuditReport:
    """The report filtered and redacted for one site: safe to hand to any page of it."""
    findings = [_redacted(finding, view) for finding in report.findings
                if shows_obligation(view.audience, finding.audience)]
    return AuditReport(findings, report.today)


def audit_for_site(audit: Any, view: SiteView) -> Any:
    """What the other pages of a site may read of the audit (the home page's summary)."""
    return audience_report(audit, view) if isinstance(audit, AuditReport) else audit


def site_summaries(report: AuditReport, view: SiteView) -> list[ObligationSummary]:
    """Every obligation this site shows, with its verdict: the audit page and the home page's
    summary both count these, so their numbers agree."""
    return [summary for summary in summarise(report)
            if shows_obligation(view.audience, summary.obligation.audience)]


def status_counts(summaries: list[ObligationSummary]) -> list[tuple[Md, int]]:
    counts = {status: sum(1 for item in summaries if item.status is status) for status in SHOWN_ORDER}
    return [(status_label(status), count) for status, count in counts.items() if count]


@dataclass(frozen=True, slots=True)
class FindingRow:
    status: Md
    message: Md
    late: Md
    links: list[Md]
    places: list[Md]


@dataclass(frozen=True, slots=True)
class ObligationRow:
    id: Md
    anchor: Md
    title: Md
    status: Md
    source: Md
    requirement: Md
    confidence: Md
    effective: Md
    note: Md
    findings: list[FindingRow]


@dataclass(frozen=True, slots=True)
class GroupRow:
    title: Md
    anchor: Md
    rows: list[ObligationRow]


def _links(finding: Finding, view: SiteView) -> list[Md]:
    links = []
    for ref in finding.records[:MAX_LINKS]:
        record = view.board.get(ref.kind, ref.id)
        if record is None or not view.shows(record):
            continue
        target = view.page_of(record)
        label = escape_inline(record.title)
        links.append(Md(f"[{label}]({relative(AUDIT_PAGE, target)})") if target else label)
    if len(finding.records) > MAX_LINKS:
        links.append(escape_inline(f"và {len(finding.records) - MAX_LINKS} hồ sơ khác"))
    return links


def _finding_row(finding: Finding, view: SiteView) -> FindingRow:
    places = [escape_inline(str(position)) for position in finding.positions[:MAX_LINKS]]
    staff = view.audience is Audience.INTERNAL and finding.hint
    message = f"{finding.message}; {finding.hint}" if staff else finding.message
    return FindingRow(status_label(finding.status), escape_inline(message),
                      escape_inline(finding.late_text()), _links(finding, view), places)


def _effective(obligation: Obligation) -> str:
    """'hiệu lực từ 01/07/2023' (and 'đến …'): which events the rule judges."""
    start, end = obligation.effective_from, obligation.effective_to
    parts = [f"từ {format_date(start)}" if start else "", f"đến {format_date(end)}" if end else ""]
    shown = " ".join(part for part in parts if part)
    return f"hiệu lực {shown}" if shown else ""


def _obligation_row(summary: ObligationSummary, view: SiteView) -> ObligationRow:
    obligation = summary.obligation
    ordered = sorted(summary.findings, key=lambda finding: SHOWN_ORDER.index(finding.status))
    return ObligationRow(
        id=escape_inline(obligation.id), anchor=Md(slugify(obligation.id, "nghia-vu")),
        title=escape_inline(obligation.title), status=status_label(summary.status),
        source=escape_inline(obligation.source), requirement=escape_inline(obligation.requirement),
        confidence=escape_inline(obligation.confidence), effective=escape_inline(_effective(obligation)),
        note=escape_inline(obligation.note), findings=[_finding_row(finding, view) for finding in ordered],
    )


def _groups(summaries: list[ObligationSummary], view: SiteView) -> list[GroupRow]:
    groups: dict[str, list[ObligationRow]] = {}
    for summary in summaries:
        groups.setdefault(summary.obligation.group, []).append(_obligation_row(summary, view))
    return [GroupRow(escape_inline(title), Md(slugify(title, "nhom")), rows)
            for title, rows in groups.items()]


def audit_markdown(report: AuditReport, view: SiteView) -> str:
    """The Markdown of the audit page for the view's audience."""
    visible = audience_report(report, view)
    summaries = site_summaries(visible, view)
    template = environment().get_template(TEMPLATE)
    return template.render(site=view, page=AUDIT_PAGE, today=report.today, office=view.office,
                           internal=view.audience is Audience.INTERNAL, counts=status_counts(summaries),
                           groups=_groups(summaries, view))


def audit_pages(view: SiteView, audit: Any) -> dict[str, str]:
    """{AUDIT_PAGE: Markdown}, or nothing when the build ran without an audit."""
    if not isinstance(audit, AuditReport):
        return {}
    return {AUDIT_PAGE: audit_markdown(audit, view)}


def audit_nav(pages: Collection[str]) -> list[dict[str, str]]:
    return [{NAV_TITLE: AUDIT_PAGE}] if AUDIT_PAGE in pages else []

