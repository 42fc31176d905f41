"""The audit's summary on the home page: the audit page's counts, and what needs action.

Both come from generator.render.audit_page (`site_summaries`: every obligation the site shows,
with its verdict) and use the CLI's words for a verdict (generator.audit.STATUS_LABELS), so the
home page, the audit page and `congkhai check` never disagree. The report handed in is already
the site's own (audit_page.audit_for_site): on the public site, public obligations only, and no
internal record named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.audit import AuditReport, Status
from generator.render.audit_page import site_summaries, status_counts, status_label
from generator.render.text import Md, escape_inline
from generator.render.view import SiteView

OPEN_STATUSES = frozenset({Status.VIOLATION, Status.MISSING, Status.LATE, Status.EXPIRING})


@dataclass(frozen=True, slots=True)
class AuditLine:
    status: Md
    article: Md
    message: Md


@dataclass(frozen=True, slots=True)
class AuditSummary:
    counts: list[tuple[Md, int]]
    """Obligations by verdict, worst first, as on the audit page."""
    open_items: list[AuditLine]
    """Findings that need action, in the order of the obligations."""


def audit_summary(audit: Any, view: SiteView, limit: int = 20) -> AuditSummary | None:
    """None when the build ran without an audit."""
    if not isinstance(audit, AuditReport):
        return None
    summaries = site_summaries(audit, view)
    findings = [finding for summary in summaries for finding in summary.findings]
    open_items = [AuditLine(status_label(finding.status), escape_inline(finding.article),
                            escape_inline(finding.message))
                  for finding in findings if finding.status in OPEN_STATUSES]
    return AuditSummary(status_counts(summaries), open_items[:limit])
