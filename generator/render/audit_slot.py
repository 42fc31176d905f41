"""The audit's summary on the home page, read from the audit report's plain findings.

A finding (generator.audit.report.Finding) carries `obligation_id`, `article`, `audience`
(public, internal or all), `status` and `message`. The public site only counts and lists
findings of obligations towards citizens (audience public or all); the internal site shows
every one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum
from typing import Any

from generator.models import Audience
from generator.render.text import Md, escape_inline

# Worst first: an obligation's verdict is the worst status among its findings.
STATUS_LABELS = {
    "violation": "Vi phạm",
    "missing": "Còn thiếu",
    "late": "Chậm so với thời hạn",
    "expiring": "Sắp hết thời gian niêm yết",
    "met": "Đã đáp ứng",
    "not_applicable": "Không áp dụng",
}
OPEN_STATUSES = frozenset({"violation", "missing", "late", "expiring"})
_RANK = {status: rank for rank, status in enumerate(STATUS_LABELS)}


@dataclass(frozen=True, slots=True)
class AuditLine:
    status: Md
    article: Md
    message: Md


@dataclass(frozen=True, slots=True)
class AuditSummary:
    counts: list[tuple[Md, int]]  # obligations by verdict
    open_items: list[AuditLine]  # findings that need action


def _plain(value: Any) -> str:
    if value is None:
        return ""
    return str(value.value if isinstance(value, Enum) else value)


def _shown(finding: Any, audience: Audience) -> bool:
    return audience is Audience.INTERNAL or _plain(getattr(finding, "audience", None)) in ("public", "all")


def _verdicts(findings: list[Any]) -> Counter[str]:
    worst: dict[str, str] = {}
    for finding in findings:
        key, status = _plain(getattr(finding, "obligation_id", "")), _plain(finding.status)
        if key not in worst or _RANK.get(status, 99) < _RANK.get(worst[key], 99):
            worst[key] = status
    return Counter(worst.values())


def _line(finding: Any) -> AuditLine:
    status = _plain(finding.status)
    article = getattr(finding, "article", None) or getattr(finding, "obligation_id", None)
    return AuditLine(escape_inline(STATUS_LABELS.get(status, status)), escape_inline(_plain(article)),
                     escape_inline(_plain(getattr(finding, "message", None))))


def audit_summary(audit: Any, audience: Audience, limit: int = 20) -> AuditSummary | None:
    """Obligations by verdict and the first findings that need action; None without an audit."""
    if audit is None:
        return None
    findings = [finding for finding in getattr(audit, "findings", []) if _shown(finding, audience)]
    verdicts = _verdicts(findings)
    ordered = sorted(verdicts, key=lambda status: (_RANK.get(status, 99), status))
    open_items = [_line(finding) for finding in findings if _plain(finding.status) in OPEN_STATUSES]
    return AuditSummary(
        [(escape_inline(STATUS_LABELS.get(status, status)), verdicts[status]) for status in ordered],
        open_items[:limit],
    )
