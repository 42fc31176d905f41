"""What goes on the physical board: the Board turned into notices, one plain object per A4 document.

Each builder picks the records an audience may see and that are still to be posted on `today`
(no `posted_until` before it), and says which body template lays them out. Nothing here writes
HTML; `html.py` does.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from generator.check.link import Board, R
from generator.models import (
    Audience,
    Budget,
    ComplaintResult,
    Fee,
    Office,
    Person,
    Plan,
    Policy,
    Procedure,
    ReceptionSession,
    Record,
    Regulation,
)
from generator.models.common import SigningAuthority, published_to
from generator.present.format import enum_label, format_date, vi_sort_key
from generator.present.labels import BUDGET_PERIODS, BUDGET_STAGES, COMPLAINT_CATEGORIES, REGULATION_KINDS
from generator.present.urls import PROCESSING_TIMES, RECEPTION, kind_index, record_url
from generator.schedule.occurrences import board_occurrences

CATEGORIES = (
    "Thủ tục hành chính",
    "Phí, lệ phí và thời hạn giải quyết",
    "Tiếp công dân",
    "Nội quy, quy chế",
    "Ngân sách",
    "Kết quả giải quyết khiếu nại, tố cáo",
    "Chủ trương, chính sách, kế hoạch",
)


@dataclass(frozen=True, slots=True)
class Signing:
    """Who issues a notice and under what authority its signer signs (NĐ 30/2020 Phụ lục I).

    No issuer: the office of the board issues it (its name and parent head the page)."""

    issuer: str | None = None
    issuer_parent: str | None = None
    authority: SigningAuthority | None = None
    on_behalf_of: str | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """One A4 document of the print pack."""

    path: str  # relative to the pack folder, e.g. "thu-tuc/1.001930.html"
    category: str
    heading: str  # the document kind, printed uppercase: "THÔNG BÁO", "NỘI QUY"
    subject: str  # the trích yếu under it
    body: str  # template under theme/print/body/
    issued_on: date
    posted_from: date
    posted_until: date | None
    audience: Audience
    number: str | None = None
    signer: Person | None = None
    url: str | None = None  # the live public page the QR code opens
    signing: Signing = Signing()
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Scope:
    """The board, the audience the pack is for and the reference date."""

    board: Board
    audience: Audience
    today: date

    @property
    def office(self) -> Office:
        assert self.board.office is not None, "a linked board always has its office record"
        return self.board.office

    def records(self, kind: type[R]) -> list[R]:
        """Records of `kind` this audience may see and that are not past their posting end."""
        return [record for record in self.board.of(kind)
                if self.shows(record) and (record.posted_until is None or record.posted_until >= self.today)]

    def shows(self, record: Record) -> bool:
        return published_to(record, self.audience, self.today)

    def url(self, site_path: str) -> str | None:
        """Absolute URL of a page of the public site, or None without a `site_url`."""
        base = self.office.site_url
        return f"{base.rstrip('/')}/{site_path}" if base else None

    def record_url(self, record: Record) -> str | None:
        if not published_to(record, Audience.PUBLIC, self.today):
            return None  # an internal or embargoed record has no page on the public site
        return self.url(record_url(record.kind_name, record.id))

    def signing(self, record: Record) -> Signing:
        """The authority line of a record's own signed document (its issuer stays the office:
        the notice posts the record, it is not the decision itself)."""
        source = record.source
        if source is None or source.signer is None:
            return Signing()
        return Signing(authority=source.authority, on_behalf_of=source.on_behalf_of)

    def signer(self, record: Record | None = None) -> Person | None:
        source = record.source if record is not None else None
        return (source.signer if source else None) or self.office.head

    def posted_from(self, record: Record | None = None) -> date:
        return (record.posted_on if record is not None else None) or self.today

    def issued_on(self, record: Record) -> date:
        source = record.source
        return (source.date if source else None) or record.posted_on or self.today


def _page_url(docs_path: str) -> str:
    """'tiep-cong-dan/index.md' → 'tiep-cong-dan/'."""
    return docs_path.removesuffix("index.md")


def _number(record: Record) -> str | None:
    return record.source.number if record.source else None


def _by_name(records: list[R]) -> list[R]:
    return sorted(records, key=lambda record: vi_sort_key(record.title))


def procedure_notices(scope: Scope) -> Iterator[Notice]:
    for procedure in _by_name(scope.records(Procedure)):
        assert isinstance(procedure, Procedure)
        fees = {fee_id: scope.board.get("fee", fee_id)
                for method in procedure.methods for fee_id in method.fees}
        forms = {item.form: scope.board.get("form", item.form) for item in procedure.dossier if item.form}
        yield Notice(
            path=f"thu-tuc/{procedure.id}.html", category=CATEGORIES[0],
            heading="THỦ TỤC HÀNH CHÍNH", subject=procedure.title, body="procedure.html",
            issued_on=scope.issued_on(procedure), posted_from=scope.posted_from(procedure),
            posted_until=procedure.posted_until, audience=procedure.audience,
            number=_number(procedure), signer=scope.signer(procedure), url=scope.record_url(procedure),
            signing=scope.signing(procedure),
            data={"procedure": procedure, "unit": scope.board.get("unit", procedure.unit),
                  "fees": fees, "forms": forms, "feedback": scope.office.feedback},
        )


def _fee_uses(scope: Scope, fee: Fee) -> list[Procedure]:
    return [record for record in scope.board.referrers("fee", fee.id, Procedure) if scope.shows(record)]


def fee_table(scope: Scope) -> Iterator[Notice]:
    fees = _by_name(scope.records(Fee))
    if not fees:
        return
    yield Notice(
        path="phi-le-phi.html", category=CATEGORIES[1], heading="THÔNG BÁO",
        subject="Niêm yết công khai mức thu phí, lệ phí", body="fees.html",
        issued_on=scope.today, posted_from=scope.today, posted_until=None, audience=scope.audience,
        signer=scope.signer(), url=scope.url(_page_url(kind_index("fee"))),
        data={"rows": [(fee, _fee_uses(scope, fee)) for fee in fees]},
    )


def time_table(scope: Scope) -> Iterator[Notice]:
    procedures = scope.records(Procedure)
    if not procedures:
        return
    fields: dict[str, list[Procedure]] = {}
    for procedure in _by_name(procedures):
        fields.setdefault(procedure.field_name, []).append(procedure)
    yield Notice(
        path="thoi-han-giai-quyet.html", category=CATEGORIES[1], heading="THÔNG BÁO",
        subject="Niêm yết thời hạn giải quyết thủ tục hành chính", body="times.html",
        issued_on=scope.today, posted_from=scope.today, posted_until=None, audience=scope.audience,
        signer=scope.signer(), url=scope.url(_page_url(PROCESSING_TIMES)),
        data={"fields": sorted(fields.items(), key=lambda item: vi_sort_key(item[0]))},
    )


def _month_bounds(day: date) -> tuple[date, date]:
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_schedule(scope: Scope, month_start: date) -> Notice | None:
    start, end = _month_bounds(month_start)
    occurrences = board_occurrences(scope.board, scope.today, scope.audience, (start, end))
    if not occurrences:
        return None
    schedules = {schedule.id: schedule for schedule in scope.board.of("reception_schedule")}
    label = f"tháng {start:%m/%Y}"
    return Notice(
        path=f"lich-tiep-cong-dan-{start:%Y-%m}.html", category=CATEGORIES[2],
        heading="LỊCH TIẾP CÔNG DÂN", subject=f"Lịch tiếp công dân định kỳ của lãnh đạo {label}",
        body="reception_month.html", issued_on=scope.today, posted_from=scope.today,
        posted_until=end, audience=scope.audience, signer=scope.signer(), url=scope.url(_page_url(RECEPTION)),
        data={"occurrences": occurrences, "schedules": schedules, "label": label},
    )


def reception_schedules(scope: Scope) -> Iterator[Notice]:
    """This month's schedule and the next one's (posted ahead, Luật TCD: 5 working days before)."""
    this_month = scope.today.replace(day=1)
    next_month = _month_bounds(this_month)[1] + timedelta(days=1)
    for start in (this_month, next_month):
        notice = month_schedule(scope, start)
        if notice is not None:
            yield notice


def result_notices(scope: Scope) -> Iterator[Notice]:
    for session in scope.records(ReceptionSession):
        assert isinstance(session, ReceptionSession)
        result = session.result_notice
        if result is None or result.date > scope.today:
            continue  # no notice yet on `today`
        held = session.held_on or session.scheduled_on
        yield Notice(
            path=f"ket-qua-tiep-cong-dan/{session.id}.html", category=CATEGORIES[2],
            heading="THÔNG BÁO",
            subject=f"Kết quả tiếp công dân định kỳ ngày {format_date(held)} và ý kiến chỉ đạo giải quyết",
            body="result_notice.html", issued_on=result.date,
            posted_from=result.posted_on or session.posted_on or result.date,
            posted_until=session.posted_until, audience=session.audience, number=result.number,
            signer=result.signer, url=scope.record_url(session),
            signing=Signing(result.issuer, result.issuer_parent, result.authority, result.on_behalf_of),
            data={"session": session, "result": result, "held_on": held,
                  "schedule": scope.board.get("reception_schedule", session.schedule)},
        )


def regulation_notices(scope: Scope) -> Iterator[Notice]:
    regulations = scope.records(Regulation)
    # The Nội quy tiếp công dân first: it is what the reception room must show.
    ordered = sorted(regulations,
                     key=lambda record: (not record.is_reception_rules, vi_sort_key(record.title)))
    for regulation in ordered:
        yield Notice(
            path=f"noi-quy/{regulation.id}.html", category=CATEGORIES[3],
            heading=enum_label(REGULATION_KINDS, regulation.regulation_kind).upper(),
            subject=regulation.title, body="regulation.html",
            issued_on=scope.issued_on(regulation), posted_from=scope.posted_from(regulation),
            posted_until=regulation.posted_until, audience=regulation.audience,
            number=_number(regulation), signer=scope.signer(regulation), url=scope.record_url(regulation),
            signing=scope.signing(regulation),
            data={"regulation": regulation},
        )


def budget_notices(scope: Scope) -> Iterator[Notice]:
    budgets = sorted(scope.records(Budget), key=lambda record: (-record.fiscal_year, record.id))
    for budget in budgets:
        stage = enum_label(BUDGET_STAGES, budget.stage)
        period = "" if budget.period.value == "nam" else f" - {enum_label(BUDGET_PERIODS, budget.period)}"
        yield Notice(
            path=f"ngan-sach/{budget.id}.html", category=CATEGORIES[4],
            heading=f"CÔNG KHAI {stage.upper()} NGÂN SÁCH NĂM {budget.fiscal_year}{period.upper()}",
            subject=budget.title, body="budget.html",
            issued_on=scope.issued_on(budget), posted_from=scope.posted_from(budget),
            posted_until=budget.posted_until, audience=budget.audience,
            number=_number(budget), signer=scope.signer(budget), url=scope.record_url(budget),
            signing=scope.signing(budget),
            data={"budget": budget},
        )


def _public(records: list[R]) -> list[R]:
    """Complaint results, policies and plans are printed when they are public: the physical
    board is in the reception room, and an internal one is for staff (on the internal site)."""
    return [record for record in records if record.audience is Audience.PUBLIC]


def complaint_notices(scope: Scope) -> Iterator[Notice]:
    results = sorted(_public(scope.records(ComplaintResult)),
                     key=lambda record: (record.concluded_on, record.id), reverse=True)
    for result in results:
        subject = f"{enum_label(COMPLAINT_CATEGORIES, result.category)}: {result.title}"
        yield _document_notice(scope, result, "khieu-nai-to-cao", CATEGORIES[5], "THÔNG BÁO", subject,
                               "complaint_result.html", "result")


def policy_notices(scope: Scope) -> Iterator[Notice]:
    for policy in _by_name(_public(scope.records(Policy))):
        yield _document_notice(scope, policy, "chinh-sach", CATEGORIES[6], "THÔNG BÁO", policy.title,
                               "policy.html", "policy")


def plan_notices(scope: Scope) -> Iterator[Notice]:
    for plan in _by_name(_public(scope.records(Plan))):
        yield _document_notice(scope, plan, "ke-hoach", CATEGORIES[6], "KẾ HOẠCH", plan.title, "plan.html",
                               "plan")


def _document_notice(scope: Scope, record: Record, folder: str, category: str, heading: str, subject: str,
                     body: str, name: str) -> Notice:
    """The notice of one record posted as a document of its own (its template sees it as `name`)."""
    return Notice(
        path=f"{folder}/{record.id}.html", category=category, heading=heading, subject=subject, body=body,
        issued_on=scope.issued_on(record), posted_from=scope.posted_from(record),
        posted_until=record.posted_until, audience=record.audience, number=_number(record),
        signer=scope.signer(record), url=scope.record_url(record), data={name: record},
    )


BUILDERS: tuple[Callable[[Scope], Iterator[Notice]], ...] = (
    procedure_notices, fee_table, time_table, reception_schedules, result_notices,
    regulation_notices, budget_notices, complaint_notices, policy_notices, plan_notices,
)


def collect_notices(board: Board, audience: Audience, today: date) -> list[Notice]:
    """Every notice of the pack for `audience`, in the order of the index page."""
    scope = Scope(board, audience, today)
    return [notice for builder in BUILDERS for notice in builder(scope)]
