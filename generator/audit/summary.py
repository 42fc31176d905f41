"""One verdict per obligation, from its findings: for the CLI listing and the audit page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.audit.registry import Obligation, load_registry
from generator.audit.report import AuditReport, Finding, Status

# The worst status among an obligation's findings is its verdict.
STATUS_ORDER = (Status.VIOLATION, Status.MISSING, Status.LATE, Status.EXPIRING, Status.MET,
                Status.NO_RECORD, Status.NOT_APPLICABLE)


def overall_status(findings: Iterable[Finding]) -> Status:
    present = {finding.status for finding in findings}
    return next((status for status in STATUS_ORDER if status in present), Status.NOT_APPLICABLE)


@dataclass(frozen=True, slots=True)
class ObligationSummary:
    obligation: Obligation
    status: Status
    findings: tuple[Finding, ...]


def summarise(report: AuditReport, registry: tuple[Obligation, ...] | None = None) -> list[ObligationSummary]:
    """Every obligation that applies to the office (the report's; else the registry), in registry
    order, with its verdict and findings."""
    by_id: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_id.setdefault(finding.obligation_id, []).append(finding)
    return [ObligationSummary(obligation, overall_status(by_id.get(obligation.id, [])),
                              tuple(by_id.get(obligation.id, [])))
            for obligation in registry or report.obligations or load_registry()]
