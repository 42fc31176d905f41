"""What the kiosk shows, as plain data for its template: public records only, posted on `today`.

Every screen is pre-rendered from this at build time; the kiosk page fetches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from generator.check.link import Board, R
from generator.models import (
    Audience,
    Budget,
    Fee,
    Form,
    Procedure,
    ReceptionSchedule,
    ReceptionSession,
    Record,
    Regulation,
    Unit,
)
from generator.models.common import published_to
from generator.models.reception import ResultNotice
from generator.present.format import format_date, vi_sort_key
from generator.present.slug import slugify
from generator.schedule.occurrences import Occurrence, board_occurrences

UPCOMING_DAYS = 100
RECENT_RESULTS = 3
NEXT_SESSIONS = 3


@dataclass(frozen=True, slots=True)
class ProcedureView:
    procedure: Procedure
    unit: Unit | None
    fees: dict[str, Fee]
    forms: dict[str, Form]


@dataclass(frozen=True, slots=True)
class FieldGroup:
    slug: str
    name: str
    procedures: list[ProcedureView]


@dataclass(frozen=True, slots=True)
class ResultView:
    session: ReceptionSession
    notice: ResultNotice
    held_on: date
    place: str | None


@dataclass(frozen=True, slots=True)
class Slide:
    """One card of the attract loop; `until` (ISO date) hides it once that day has passed."""

    label: str
    title: str
    lines: list[str]
    until: str | None = None


@dataclass(slots=True)
class KioskData:
    fields: list[FieldGroup] = field(default_factory=list)
    fees: list[tuple[Fee, list[str]]] = field(default_factory=list)
    schedules: list[Record] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)
    rules: list[Regulation] = field(default_factory=list)
    results: list[ResultView] = field(default_factory=list)
    budgets: list[Budget] = field(default_factory=list)
    slides: list[Slide] = field(default_factory=list)

    @property
    def procedure_count(self) -> int:
        return sum(len(group.procedures) for group in self.fields)


def _posted(board: Board, kind: type[R], today: date) -> list[R]:
    """Public records of `kind` whose posting has begun and not ended on `today`."""
    return [record for record in board.of(kind) if published_to(record, Audience.PUBLIC, today)
            and (record.posted_until is None or record.posted_until >= today)]


def _procedure_view(board: Board, procedure: Procedure) -> ProcedureView:
    # The link stage has made sure every reference resolves; the filters only narrow the types.
    fees = {fee_id: fee for method in procedure.methods for fee_id in method.fees
            if (fee := board.get(Fee, fee_id)) is not None}
    forms = {item.form: form for item in procedure.dossier
             if item.form and (form := board.get(Form, item.form)) is not None}
    unit = board.get(Unit, procedure.unit)
    return ProcedureView(procedure, unit, fees, forms)


def field_groups(board: Board, today: date) -> list[FieldGroup]:
    groups: dict[str, list[ProcedureView]] = {}
    procedures = sorted(_posted(board, Procedure, today), key=lambda record: vi_sort_key(record.title))
    for procedure in procedures:
        groups.setdefault(procedure.field_name, []).append(_procedure_view(board, procedure))
    names = sorted(groups, key=vi_sort_key)
    slugs = _unique_slugs(names)
    return [FieldGroup(slug, name, groups[name]) for slug, name in zip(slugs, names, strict=True)]


def _unique_slugs(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    slugs = []
    for name in names:
        slug = slugify(name)
        seen[slug] = seen.get(slug, 0) + 1
        slugs.append(slug if seen[slug] == 1 else f"{slug}-{seen[slug]}")
    return slugs


def fee_rows(board: Board, today: date) -> list[tuple[Fee, list[str]]]:
    fees = sorted(_posted(board, Fee, today), key=lambda record: vi_sort_key(record.title))
    return [(fee, [user.title for user in board.referrers("fee", fee.id, Procedure)
                   if published_to(user, Audience.PUBLIC, today)]) for fee in fees]


def result_views(board: Board, today: date) -> list[ResultView]:
    views = []
    for session in _posted(board, ReceptionSession, today):
        if session.result_notice is None or session.result_notice.date > today:
            continue
        schedule = board.get("reception_schedule", session.schedule)
        views.append(ResultView(session, session.result_notice, session.held_on or session.scheduled_on,
                                getattr(schedule, "place", None)))
    return sorted(views, key=lambda view: (view.notice.date, view.session.id), reverse=True)


def _occurrence_slide(occurrence: Occurrence) -> Slide:
    from generator.present.words import person_text, weekday_date

    hours = f"{occurrence.opens_at:%H:%M} - {occurrence.closes_at:%H:%M}"
    lines = [f"{weekday_date(occurrence.date)}, {hours}", occurrence.place, person_text(occurrence.host)]
    if occurrence.stand_in:
        lines.append(f"Tiếp thay {person_text(occurrence.leader)}: {occurrence.stand_in.reason}")
    return Slide("Lịch tiếp công dân sắp tới", "Buổi tiếp công dân định kỳ", lines,
                 occurrence.date.isoformat())


def _result_slide(view: ResultView) -> Slide:
    cases = len(view.notice.cases)
    lines = [f"Số {view.notice.number}, ngày {format_date(view.notice.date)}",
             f"{cases} vụ việc đã có ý kiến chỉ đạo giải quyết" if cases else "Không có vụ việc phải chỉ đạo"]
    return Slide("Thông báo mới", f"Kết quả tiếp công dân ngày {format_date(view.held_on)}", lines)


def slides(occurrences: list[Occurrence], results: list[ResultView]) -> list[Slide]:
    coming = [occurrence for occurrence in occurrences if not occurrence.is_off][:NEXT_SESSIONS]
    return [*map(_occurrence_slide, coming), *map(_result_slide, results[:RECENT_RESULTS])]


def kiosk_data(board: Board, today: date) -> KioskData:
    window = (today, today + timedelta(days=UPCOMING_DAYS))
    occurrences = board_occurrences(board, today, Audience.PUBLIC, window)
    results = result_views(board, today)
    rules = [record for record in _posted(board, Regulation, today) if record.is_reception_rules]
    budgets = sorted(_posted(board, Budget, today), key=lambda record: (-record.fiscal_year, record.id))
    return KioskData(
        fields=field_groups(board, today), fees=fee_rows(board, today),
        schedules=_posted(board, ReceptionSchedule, today), occurrences=occurrences,
        rules=rules, results=results, budgets=budgets, slides=slides(occurrences, results),
    )
