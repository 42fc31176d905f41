"""The audit's boundary types: plain dataclasses, and their deterministic JSON form."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from generator.diagnostics import Diagnostic, Position


class Status(StrEnum):
    MET = "met"
    MISSING = "missing"
    LATE = "late"
    EXPIRING = "expiring"
    # Could apply, but the board holds no record of it yet (no concluded case, no budget yet):
    # not "does not concern us"; the finding names the folder and the `congkhai new` command.
    NO_RECORD = "no_record"
    NOT_APPLICABLE = "not_applicable"
    # Something is published that the law forbids publishing (privacy): not a gap but a breach.
    VIOLATION = "violation"


STATUS_LABELS: dict[Status, str] = {
    Status.MET: "đạt",
    Status.MISSING: "thiếu",
    Status.LATE: "muộn",
    Status.EXPIRING: "sắp hết hạn niêm yết",
    Status.NO_RECORD: "chưa có hồ sơ",
    Status.NOT_APPLICABLE: "không áp dụng",
    Status.VIOLATION: "vi phạm",
}

# Statuses that fail `check --strict`; a violation fails `check` always.
STRICT_FAILURES = frozenset({Status.MISSING, Status.LATE})


class DayUnit(StrEnum):
    DAYS = "days"
    WORKING_DAYS = "working_days"


DAY_UNIT_LABELS: dict[DayUnit, str] = {DayUnit.DAYS: "ngày", DayUnit.WORKING_DAYS: "ngày làm việc"}


@dataclass(frozen=True, slots=True, order=True)
class RecordRef:
    kind: str
    id: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One verdict on one obligation, naming the records and places that caused it."""

    obligation_id: str
    article: str
    audience: str
    requirement: str
    status: Status
    message: str
    days_late: int | None = None
    day_unit: DayUnit | None = None
    positions: tuple[Position, ...] = ()
    records: tuple[RecordRef, ...] = ()
    confidence: str = "H"
    # For staff only (CLI, internal site): where a record would go, e.g. the folder and command.
    hint: str = ""

    @property
    def is_violation(self) -> bool:
        return self.status is Status.VIOLATION

    @property
    def is_strict_failure(self) -> bool:
        return self.status in STRICT_FAILURES

    def late_text(self) -> str:
        """'muộn 5 ngày làm việc', or '' when not late."""
        if not self.days_late:
            return ""
        return f"muộn {self.days_late} {DAY_UNIT_LABELS[self.day_unit or DayUnit.DAYS]}"


@dataclass(frozen=True, slots=True)
class AuditReport:
    findings: list[Finding]
    today: date
    # Problems with the office's obligation_overrides (unknown ids or parameters): warnings.
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The obligations as they apply to this office (generator.audit.basis), in registry order.
    obligations: tuple[Any, ...] = ()

    def counts(self) -> Counter[Status]:
        return Counter(finding.status for finding in self.findings)

    def violations(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_violation]

    def strict_failures(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_strict_failure]

    def for_obligation(self, obligation_id: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.obligation_id == obligation_id]


def _position_json(position: Position) -> dict[str, Any]:
    return {"path": position.path, "line": position.line, "column": position.column}


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "obligation_id": finding.obligation_id,
        "article": finding.article,
        "audience": finding.audience,
        "requirement": finding.requirement,
        "confidence": finding.confidence,
        "status": finding.status.value,
        "message": finding.message,
        "days_late": finding.days_late,
        "day_unit": finding.day_unit.value if finding.day_unit else None,
        "positions": [_position_json(position) for position in finding.positions],
        "records": [{"kind": ref.kind, "id": ref.id} for ref in finding.records],
        "hint": finding.hint,
    }


def report_json(report: AuditReport) -> str:
    """The report as JSON: same content and --today give the same bytes."""
    counts = report.counts()
    data = {
        "today": report.today.isoformat(),
        "summary": {status.value: counts.get(status, 0) for status in Status},
        "findings": [finding_json(finding) for finding in report.findings],
        "diagnostics": [
            {**_position_json(item.position), "code": item.code, "message": item.message}
            for item in report.diagnostics
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
