"""The record models: one pydantic model per record kind, the single source of the schema."""

from __future__ import annotations

from dataclasses import dataclass

from generator.models.common import Audience, DocumentRef, Person, Problem, Record, RefTo, SourceDocument
from generator.models.documents import Plan, Policy, Regulation
from generator.models.finance import Budget
from generator.models.office import Office, Unit
from generator.models.procedure import Fee, Form, Procedure
from generator.models.reception import ReceptionSchedule, ReceptionSession
from generator.models.staff import ComplaintResult, PersonnelDecision


@dataclass(frozen=True, slots=True)
class Kind:
    """A record kind: its name, the folder under content/ that holds it, and its model."""

    name: str
    folder: str
    model: type[Record]
    plural_label: str

    @property
    def label(self) -> str:
        return self.model.kind_label


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("board", "", Office, "Cơ quan"),
        Kind("unit", "units", Unit, "Bộ phận"),
        Kind("procedure", "procedures", Procedure, "Thủ tục hành chính"),
        Kind("fee", "fees", Fee, "Phí, lệ phí"),
        Kind("form", "forms", Form, "Mẫu đơn, tờ khai"),
        Kind("reception_schedule", "reception_schedules", ReceptionSchedule, "Lịch tiếp công dân"),
        Kind("reception_session", "reception_sessions", ReceptionSession, "Buổi tiếp công dân"),
        Kind("regulation", "regulations", Regulation, "Nội quy, quy chế"),
        Kind("budget", "budgets", Budget, "Ngân sách"),
        Kind("personnel_decision", "personnel", PersonnelDecision, "Quyết định nhân sự"),
        Kind("complaint_result", "complaints", ComplaintResult, "Kết quả giải quyết khiếu nại, tố cáo"),
        Kind("policy", "policies", Policy, "Chủ trương, chính sách"),
        Kind("plan", "plans", Plan, "Kế hoạch"),
    )
}

KIND_BY_FOLDER: dict[str, Kind] = {kind.folder: kind for kind in KINDS.values() if kind.folder}
BOARD_FILE = "board.yaml"

__all__ = [
    "BOARD_FILE", "KINDS", "KIND_BY_FOLDER", "Audience", "Budget", "ComplaintResult",
    "DocumentRef", "Fee", "Form", "Kind", "Office", "Person", "PersonnelDecision", "Plan", "Policy",
    "Problem", "Procedure", "ReceptionSchedule", "ReceptionSession", "Record", "RefTo",
    "Regulation", "SourceDocument", "Unit",
]
