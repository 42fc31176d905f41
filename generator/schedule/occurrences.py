"""Citizen reception: a schedule's rule expanded into dated occurrences (Kế hoạch 83 mục B.I.3).

`expand` turns one `ReceptionSchedule` and the session records kept for it into the list of
occurrences citizens see: the date by the rule, the date after rolling a holiday over to the
next working day, who receives, and what became of the session (held, postponed, cancelled).
Pages, the iCalendar feed and the audit all read occurrences; none of them re-implement the rule.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from functools import cache

import holidays

from generator.check.link import Board
from generator.models.common import Audience, Person, published_to
from generator.models.reception import (
    Frequency,
    ReceptionSchedule,
    ReceptionSession,
    Recurrence,
    SessionStatus,
    StandIn,
)
from generator.schedule.workdays import WorkCalendar

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
MONTHS_BACK, MONTHS_AHEAD = 12, 3
# A rule date can roll over by up to the longest Tết break plus weekends.
ROLLOVER_MARGIN = timedelta(days=31)
OFF_STATUSES = frozenset({SessionStatus.POSTPONED, SessionStatus.CANCELLED})
_BY_WEEKDAY = re.compile(r"^(?P<nth>-1|[1-5])?(?P<day>MO|TU|WE|TH|FR|SA|SU)$")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One dated reception of a schedule, as citizens should be told about it."""

    schedule_id: str
    scheduled_on: date  # by the rule (for a replacement: the rule date it replaces)
    date: date  # effective: after roll-over, the held_on date, or the postponement's new date
    opens_at: time
    closes_at: time
    place: str
    leader: Person
    host: Person
    status: SessionStatus
    session: ReceptionSession | None = None
    stand_in: StandIn | None = None
    rollover_reason: str | None = None
    postponed_to: datetime.date | None = None  # `date` is a field name in this class
    postponement_reason: str | None = None
    rescheduled_from: datetime.date | None = None  # set on the occurrence a postponement moved to `date`
    off_rule: bool = False  # a session record on a date the rule does not give

    @property
    def key(self) -> str:
        """Stable across builds: schedule, rule date and, for a replacement, its new date."""
        base = f"{self.schedule_id}-{self.scheduled_on:%Y%m%d}"
        return f"{base}-{self.date:%Y%m%d}" if self.rescheduled_from else base

    @property
    def rolled_over(self) -> bool:
        return self.rollover_reason is not None

    @property
    def is_off(self) -> bool:
        """Postponed or cancelled: nobody receives citizens on `date`."""
        return self.status in OFF_STATUSES


def parse_weekday(code: str) -> tuple[int | None, int]:
    """'2WE' → (2, 2); '-1FR' → (-1, 4); 'MO' → (None, 0)."""
    match = _BY_WEEKDAY.match(code)
    if match is None:
        raise ValueError(f"not a weekday rule: {code!r}")
    nth = int(match["nth"]) if match["nth"] else None
    return nth, WEEKDAYS.index(match["day"])


def _month_days(year: int, month: int, rule: Recurrence) -> list[date]:
    last = month_calendar.monthrange(year, month)[1]
    if rule.by_month_day is not None:
        return [date(year, month, min(rule.by_month_day, last))]
    nth, weekday = parse_weekday(rule.by_weekday or "")
    first = date(year, month, 1)
    matching = [first + timedelta(days=offset) for offset in range(last)
                if (first + timedelta(days=offset)).weekday() == weekday]
    if nth is None:
        return matching
    index = nth - 1 if nth > 0 else nth
    return [matching[index]] if -len(matching) <= index < len(matching) else []


def _monthly_dates(rule: Recurrence, start: date, end: date) -> Iterator[date]:
    anchor = rule.valid_from.year * 12 + rule.valid_from.month - 1
    first_wanted = start.year * 12 + start.month - 1
    skip = max(0, (first_wanted - anchor) // rule.interval)
    index = anchor + skip * rule.interval
    while index // 12 <= end.year:
        yield from _month_days(index // 12, index % 12 + 1, rule)
        index += rule.interval


def _weekly_dates(rule: Recurrence, start: date, end: date) -> Iterator[date]:
    _, weekday = parse_weekday(rule.by_weekday or "")
    step = timedelta(weeks=rule.interval)
    week = rule.valid_from - timedelta(days=rule.valid_from.weekday())
    if start > week:
        week += step * ((start - week) // step)
    while week <= end:
        yield week + timedelta(days=weekday)
        week += step


def rule_dates(rule: Recurrence, start: date, end: date) -> list[date]:
    """The dates the rule gives in [start, end], within valid_from..valid_to."""
    last = min(end, rule.valid_to) if rule.valid_to else end
    first = max(start, rule.valid_from)
    dates = _monthly_dates(rule, first, last) if rule.freq is Frequency.MONTHLY else _weekly_dates(
        rule, first, last)
    return sorted(day for day in dates if first <= day <= last)


@cache
def _holiday_names(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("VN", years=year, language="vi"))


def _holiday_name(day: date) -> str | None:
    return _holiday_names(day.year).get(day)


def _holiday_label(name: str) -> str:
    name = re.sub(r"\s*\(.*\)$", "", name)
    if "Tết Nguyên Đán" in name:
        return "Tết Nguyên Đán"
    return "ngày nghỉ bù" if name == "Ngày nghỉ" else name


def day_off_label(day: date) -> str:
    """Why `day` is not a working day: a holiday's name, the weekend, or the office's day off."""
    name = _holiday_name(day)
    if name:
        return _holiday_label(name)
    return WEEKDAY_NAMES[day.weekday()] if day.weekday() >= 5 else "ngày nghỉ của cơ quan"


def rollover_reason(rule_date: date, effective: date) -> str | None:
    """Why a rule date moved: its own day-off label, then the holidays skipped after it."""
    if effective <= rule_date:
        return None
    labels = [day_off_label(rule_date)]
    for offset in range(1, (effective - rule_date).days):
        name = _holiday_name(rule_date + timedelta(days=offset))
        if name and _holiday_label(name) not in labels:
            labels.append(_holiday_label(name))
    return ", ".join(labels)


def _to_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _planned(schedule: ReceptionSchedule, rule_date: date, calendar: WorkCalendar) -> Occurrence:
    effective = calendar.next_working_day(rule_date) if schedule.holiday_rollover else rule_date
    rule = schedule.recurrence
    return Occurrence(
        schedule_id=schedule.id, scheduled_on=rule_date, date=effective,
        opens_at=_to_time(rule.opens_at), closes_at=_to_time(rule.closes_at), place=schedule.place,
        leader=schedule.leader, host=schedule.leader, status=SessionStatus.PLANNED,
        rollover_reason=rollover_reason(rule_date, effective),
    )


def _with_session(occurrence: Occurrence, session: ReceptionSession) -> Occurrence:
    stand_in = session.stand_in
    host = stand_in.deputy if stand_in else (session.host or occurrence.leader)
    postponement = session.postponement if session.status in OFF_STATUSES else None
    moved = postponement is not None and session.status is SessionStatus.POSTPONED
    return replace(
        occurrence, session=session, status=session.status, host=host, stand_in=stand_in,
        date=session.held_on or occurrence.date,
        postponed_to=postponement.new_date if moved and postponement else None,
        postponement_reason=postponement.reason if postponement else None,
    )


def _replacement(postponed: Occurrence, session: ReceptionSession | None) -> Occurrence:
    assert postponed.postponed_to is not None
    moved = replace(
        postponed, date=postponed.postponed_to, status=SessionStatus.PLANNED, session=None,
        postponed_to=None, rescheduled_from=postponed.date, rollover_reason=None,
    )
    return _with_session(moved, session) if session else moved


def _session_dates(session: ReceptionSession) -> set[date]:
    return {session.scheduled_on} | ({session.held_on} if session.held_on else set())


def _take_session(sessions: list[ReceptionSession], dates: set[date]) -> ReceptionSession | None:
    for index, session in enumerate(sessions):
        if session.scheduled_on in dates:
            return sessions.pop(index)
    return None


def _take_by_any_date(sessions: list[ReceptionSession], day: date) -> ReceptionSession | None:
    for index, session in enumerate(sessions):
        if day in _session_dates(session):
            return sessions.pop(index)
    return None


def _off_rule(schedule: ReceptionSchedule, session: ReceptionSession,
              calendar: WorkCalendar) -> Occurrence:
    occurrence = replace(_planned(schedule, session.scheduled_on, calendar), off_rule=True)
    return _with_session(replace(occurrence, date=session.scheduled_on, rollover_reason=None), session)


def expand(schedule: ReceptionSchedule, sessions: Iterable[ReceptionSession],
           calendar: WorkCalendar, start: date, end: date) -> list[Occurrence]:
    """The occurrences of `schedule` whose effective date falls in [start, end], by date.

    A session matches the rule date or the rolled-over date in its `scheduled_on`. A postponed
    session with a new date gives two occurrences: the postponed one and one on the new date.
    Sessions on dates the rule does not give are kept, marked `off_rule`.
    """
    own = sorted((session for session in sessions if session.schedule == schedule.id),
                 key=lambda session: (session.scheduled_on, session.id))
    found: list[Occurrence] = []
    for rule_date in rule_dates(schedule.recurrence, start - ROLLOVER_MARGIN, end):
        occurrence = _planned(schedule, rule_date, calendar)
        session = _take_session(own, {rule_date, occurrence.date})
        if session is not None:
            occurrence = _with_session(occurrence, session)
        found.append(occurrence)
        if occurrence.postponed_to is not None:
            found.append(_replacement(occurrence, _take_by_any_date(own, occurrence.postponed_to)))
    found.extend(_off_rule(schedule, session, calendar) for session in own)
    return sorted((item for item in found if start <= item.date <= end),
                  key=_order)


def _order(occurrence: Occurrence) -> tuple[date, time, str, str]:
    return occurrence.date, occurrence.opens_at, occurrence.schedule_id, occurrence.key


def default_window(today: date) -> tuple[date, date]:
    """MONTHS_BACK months before `today` to MONTHS_AHEAD months after it."""
    return add_months(today, -MONTHS_BACK), add_months(today, MONTHS_AHEAD)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, month_calendar.monthrange(year, month + 1)[1]))


def visible(record: ReceptionSchedule | ReceptionSession, audience: Audience | None,
            today: date | None = None) -> bool:
    """Whether a record shows on a site (models.common.published_to)."""
    return published_to(record, audience, today)


def board_calendar(board: Board) -> WorkCalendar:
    return WorkCalendar(board.office.days_off if board.office else ())


def board_occurrences(board: Board, today: date, audience: Audience | None = None,
                      window: tuple[date, date] | None = None) -> list[Occurrence]:
    """Every schedule's occurrences in the window (default around `today`), by date."""
    start, end = window or default_window(today)
    sessions = [session for session in board.of(ReceptionSession) if visible(session, audience, today)]
    calendar = board_calendar(board)
    found = [occurrence
             for schedule in board.of(ReceptionSchedule) if visible(schedule, audience, today)
             for occurrence in expand(schedule, sessions, calendar, start, end)]
    return sorted(found, key=_order)


def upcoming(occurrences: Iterable[Occurrence], today: date) -> list[Occurrence]:
    """Occurrences on or after `today`."""
    return [occurrence for occurrence in occurrences if occurrence.date >= today]


def next_session(occurrences: Iterable[Occurrence], today: date) -> Occurrence | None:
    """The first occurrence on or after `today` that will take place (not postponed or cancelled)."""
    return next((item for item in upcoming(occurrences, today) if not item.is_off), None)
