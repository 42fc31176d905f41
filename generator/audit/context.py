"""What every check needs: the Board, the reference date, the office's working days, and
helpers that turn records and places into Findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import Enum
from typing import Any, TypeVar, overload

from pydantic import BaseModel

from generator.audit.registry import Obligation
from generator.audit.report import DayUnit, Finding, RecordRef, Status
from generator.check.link import Board
from generator.check.load import Loc
from generator.diagnostics import Position
from generator.fingerprint import MemoFile
from generator.models import KINDS, Audience, ReceptionSession, Record
from generator.schedule.workdays import WorkCalendar

R = TypeVar("R", bound=Record)

# A record, or a record and the place (path of YAML keys) in it that a finding is about.
Target = Record | tuple[Record, Loc]


@dataclass(frozen=True, slots=True)
class Deadline:
    due: date
    unit: DayUnit


@dataclass(slots=True)
class AuditContext:
    board: Board
    today: date
    calendar: WorkCalendar
    # What checks found in records that have not changed since the last build (a build cache's
    # `audit.pack`, generator.audit.memo); None: every record is read again.
    memo: MemoFile | None = None
    _sessions: dict[str, list[ReceptionSession]] | None = field(default=None, repr=False)
    _year_counts: dict[int, tuple[int, ...]] = field(default_factory=dict, repr=False)

    # -- records ---------------------------------------------------------------------------

    @overload
    def records(self, obligation: Obligation, kind: type[R]) -> list[R]: ...
    @overload
    def records(self, obligation: Obligation, kind: None = None) -> list[Record]: ...

    def records(self, obligation: Obligation, kind: type[Record] | None = None) -> list[Any]:
        """The records of the model `kind` (default: the obligation's kinds) that count for it.

        A public obligation is met by public records only; staff see everything, so any record
        counts for an internal one. `params.audiences` narrows this explicitly. A sample record
        (`sample: true`, written by init) never counts.
        """
        audiences = obligation.params.get("audiences")
        if audiences is None:
            audiences = ["public"] if obligation.audience == "public" else ["public", "internal"]
        wanted = {Audience(value) for value in audiences}
        where = obligation.params.get("where") or {}
        found: list[Record] = []
        for name in (kind.kind_name,) if kind else obligation.kinds:
            found.extend(record for record in self.board.of(name)
                         if record.audience in wanted and not record.sample and matches(record, where))
        return found

    def sessions_of(self, schedule_id: str) -> list[ReceptionSession]:
        """Reception sessions of a schedule, by date (indexed once per audit)."""
        if self._sessions is None:
            index: dict[str, list[ReceptionSession]] = {}
            for session in self.board.of(ReceptionSession):
                if session.sample:  # an example never counts as a session held
                    continue
                index.setdefault(session.schedule, []).append(session)
            for sessions in index.values():
                sessions.sort(key=lambda item: (item.scheduled_on, item.id))
            self._sessions = index
        return self._sessions.get(schedule_id, [])

    # -- dates -----------------------------------------------------------------------------

    def deadline(self, start: date, params: dict[str, Any] | Any) -> Deadline | None:
        """The due date from `start`: `deadline_working_days` if set, else `deadline_days`."""
        working = params.get("deadline_working_days")
        if working is not None:
            return Deadline(self.calendar.add_working_days(start, working), DayUnit.WORKING_DAYS)
        days = params.get("deadline_days")
        if days is not None:
            return Deadline(start + timedelta(days=days), DayUnit.DAYS)
        return None

    def days_after(self, deadline: Deadline, day: date) -> int:
        """How far `day` is past the deadline, in the deadline's unit (≤ 0: in time)."""
        if deadline.unit is DayUnit.WORKING_DAYS:
            return self.working_days_between(deadline.due, day)
        return (day - deadline.due).days

    def working_days_between(self, start: date, end: date) -> int:
        """As WorkCalendar.working_days_between (after `start` up to `end`), from per-year
        running counts: an overdue count of years takes a few lookups, not a walk over each day."""
        if end < start:
            return -self.working_days_between(end, start)
        if start.year == end.year:
            return self._rank(end) - self._rank(start)
        full_years = sum(self._year(year)[-1] for year in range(start.year + 1, end.year))
        return self._year(start.year)[-1] - self._rank(start) + full_years + self._rank(end)

    def _rank(self, day: date) -> int:
        """Working days from 1 January of `day`'s year up to and including `day`."""
        return self._year(day.year)[day.timetuple().tm_yday - 1]

    def _year(self, year: int) -> tuple[int, ...]:
        counts = self._year_counts.get(year)
        if counts is None:
            running, found = 0, []
            day = date(year, 1, 1)
            while day.year == year:
                running += self.calendar.is_working_day(day)
                found.append(running)
                day += timedelta(days=1)
            counts = self._year_counts[year] = tuple(found)
        return counts

    def working_days_before(self, day: date, count: int) -> date:
        """The date `count` working days before `day`."""
        remaining = count
        while remaining > 0:
            day -= timedelta(days=1)
            if self.calendar.is_working_day(day):
                remaining -= 1
        return day

    # -- findings --------------------------------------------------------------------------

    def position(self, record: Record, loc: Loc = ()) -> Position:
        return self.board.position(record, loc)

    def no_record(self, obligation: Obligation, what: str = "hồ sơ nào thuộc nghĩa vụ này",
                  kinds: Sequence[str] | None = None) -> Finding:
        """Nothing on the board for this obligation yet: say where a record would go."""
        place = where_to_add(kinds or obligation.kinds)
        found = self.finding(obligation, Status.NO_RECORD, f"chưa có {what}")
        return replace(found, hint=f"nếu cơ quan có, thêm vào {place}") if place else found

    def finding(self, obligation: Obligation, status: Status, message: str,
                targets: Iterable[Target] = (), days_late: int | None = None,
                day_unit: DayUnit | None = None) -> Finding:
        positions: list[Position] = []
        refs: dict[RecordRef, None] = {}
        for target in targets:
            record, loc = target if isinstance(target, tuple) else (target, ())
            positions.append(self.position(record, loc))
            refs[RecordRef(record.kind_name, record.id)] = None
        return Finding(
            obligation_id=obligation.id, article=obligation.source, audience=obligation.audience,
            requirement=obligation.requirement, status=status, message=message,
            days_late=days_late, day_unit=day_unit if days_late is not None else None,
            positions=tuple(positions), records=tuple(refs), confidence=obligation.confidence,
        )


def plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _allowed(value: Any, allowed: Sequence[Any] | dict[str, Any]) -> bool:
    """`[values]`, or a range `{from: a, to: b}` (either end open), e.g. of budget years."""
    if isinstance(allowed, dict):
        return value is not None and allowed.get("from", value) <= value <= allowed.get("to", value)
    return value in allowed


def matches(record: Record, where: dict[str, Any]) -> bool:
    """Whether every `field: [allowed values]` (or `field: {from, to}`) of `where` holds."""
    return all(_allowed(plain(getattr(record, name, None)), allowed) for name, allowed in where.items())


def attribute_name(model: BaseModel, key: str) -> str:
    """The Python attribute behind a YAML key (keys may be aliases, e.g. 'field')."""
    for name, info in type(model).model_fields.items():
        if (info.alias or name) == key:
            return name
    return key


def value_at(model: Any, loc: Loc) -> Any:
    """The value at a path of YAML keys and list indexes, or None if any step is absent."""
    value = model
    for part in loc:
        if value is None:
            return None
        if isinstance(part, int):
            value = value[part] if part < len(value) else None
        else:
            value = getattr(value, attribute_name(value, part), None)
    return value


def where_to_add(kinds: Sequence[str]) -> str:
    """'content/complaints/ (lệnh: congkhai new complaint_result)' for the kinds that meet it."""
    places = [f"content/{KINDS[kind].folder}/ (lệnh: congkhai new {kind})" for kind in kinds
              if kind in KINDS and KINDS[kind].folder]
    return " hoặc ".join(places)


def label(kind: str) -> str:
    return KINDS[kind].label.lower()


def describe(record: Record) -> str:
    """How a record is named in a message: its title, with the procedure code if any."""
    code = getattr(record, "code", None)
    return f"'{code} {record.title}'" if isinstance(code, str) and code else f"'{record.title}'"


