"""Citizen reception pages: the coming schedule, the history, one page per result notice.

Everything shown comes from `generator.schedule.occurrences.expand`, so the pages, the iCalendar feed
and the audit agree on every date: roll-overs past holidays, stand-ins, postponements.

With a render cache (generator.render.cache) the section is kept like any page. The occurrences
are computed from the whole board, outside the trace, so what they are made of (every schedule
and session record) is part of each page's data; the office, `--today`, the audience and the
holiday calendar's version are in the cache's key.
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as Date
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from generator.fingerprint import Fingerprints
from generator.models import ReceptionSchedule, ReceptionSession
from generator.models.common import Person
from generator.models.reception import SessionStatus
from generator.present import format as fmt
from generator.present import urls, words
from generator.present.labels import SESSION_STATUS
from generator.render.env import environment
from generator.render.text import LINE_BREAK, Md, escape_inline
from generator.render.view import SiteView
from generator.schedule import ics
from generator.schedule.occurrences import (
    WEEKDAY_NAMES,
    Occurrence,
    board_occurrences,
    default_window,
    next_session,
)

if TYPE_CHECKING:
    from generator.render.cache import RenderCache

SCHEDULE_PAGE = urls.RECEPTION
HISTORY_PAGE = "tiep-cong-dan/lich-su/index.md"
NOTICE_SEGMENT = "tiep-cong-dan/thong-bao"
FEED_FILE = ics.FEED_PATH
NAV_SECTION = "Tiếp công dân"
MONTH_HEADER = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


def notice_page(session_id: str) -> str:
    """Docs-relative page of a session's result notice: tiep-cong-dan/thong-bao/<id>/."""
    return f"{NOTICE_SEGMENT}/{session_id}/index.md"


def day_words(day: Date) -> Md:
    """'Thứ Hai, 15/06/2026'."""
    name = WEEKDAY_NAMES[day.weekday()]
    return Md(f"{name[0].upper()}{name[1:]}, {fmt.format_date(day)}")


def hours(occurrence: Occurrence) -> Md:
    return Md(f"{occurrence.opens_at:%H:%M}–{occurrence.closes_at:%H:%M}")


def person(someone: Person) -> Md:
    return escape_inline(words.person_text(someone))


def status_label(occurrence: Occurrence) -> Md:
    return escape_inline(SESSION_STATUS[occurrence.status.value])


def stand_in_words(occurrence: Occurrence) -> Md:
    """'Đoàn Thu Hà, Phó Chủ tịch tiếp thay …. Lý do: …. Thông báo số … ngày …'."""
    stand_in = occurrence.stand_in
    if stand_in is None:
        return Md()
    notice = stand_in.notice
    dated = f" ngày {fmt.format_date(notice.date)}" if notice and notice.date else ""
    told = Md(f" Thông báo số {escape_inline(notice.number)}{dated}.") if notice else Md()
    return Md(f"{person(stand_in.deputy)} tiếp thay {person(occurrence.leader)}. "
              f"Lý do: {escape_inline(_sentence(stand_in.reason))}{told}")


def change_words(occurrence: Occurrence) -> Md:
    """What differs from the rule: cancelled, postponed, moved here, rolled over a day off."""
    reason = escape_inline(_sentence(occurrence.postponement_reason))
    if occurrence.status is SessionStatus.CANCELLED:
        return Md(f"**Hủy buổi tiếp.** Lý do: {reason}")
    if occurrence.status is SessionStatus.POSTPONED:
        moved = f" sang ngày {fmt.format_date(occurrence.postponed_to)}" if occurrence.postponed_to else ""
        return Md(f"**Hoãn{moved}.** Lý do: {reason}")
    if occurrence.rescheduled_from:
        return Md(f"Thay cho buổi tiếp ngày {fmt.format_date(occurrence.rescheduled_from)} được hoãn.")
    if occurrence.rollover_reason:
        return Md(f"Theo lịch là ngày {fmt.format_date(occurrence.scheduled_on)} "
                  f"({escape_inline(occurrence.rollover_reason)}), dời sang ngày làm việc kế tiếp.")
    return Md()


def notes(occurrence: Occurrence) -> Md:
    """Every remark on an occurrence, one per line (for a table cell)."""
    parts = [part for part in (change_words(occurrence), stand_in_words(occurrence)) if part]
    return Md(LINE_BREAK.join(parts))


def _sentence(text: str | None) -> str:
    return (text or "").rstrip(". ") + "."


@dataclass(frozen=True, slots=True)
class MonthCell:
    day: Date | None
    occurrences: tuple[Occurrence, ...] = ()


class ReceptionView:
    """The reception data of one site: occurrences around `today`, the notices, the feed."""

    def __init__(self, site: SiteView) -> None:
        self.site = site
        self.today = site.today

    @cached_property
    def schedules(self) -> list[ReceptionSchedule]:
        return self.site.of(ReceptionSchedule)

    @cached_property
    def occurrences(self) -> list[Occurrence]:
        """The default window, stretched back to the first session record kept."""
        start, end = default_window(self.today)
        sessions = self.site.of(ReceptionSession)
        first = min((session.scheduled_on for session in sessions), default=start)
        return board_occurrences(self.site.board, self.today, self.site.audience, (min(start, first), end))

    @cached_property
    def upcoming(self) -> list[Occurrence]:
        return [item for item in self.occurrences if item.date >= self.today]

    @cached_property
    def past(self) -> list[Occurrence]:
        """Occurrences before today, newest first, from each schedule's first session record on.

        Months before an office kept records here are left out rather than shown as gaps.
        """
        first: dict[str, Date] = {}
        for item in self.occurrences:
            if item.session is not None:
                first.setdefault(item.schedule_id, item.date)
        return [item for item in reversed(self.occurrences)
                if item.date < self.today and item.date >= first.get(item.schedule_id, item.date)]

    @cached_property
    def next(self) -> Occurrence | None:
        return next_session(self.occurrences, self.today)

    @cached_property
    def notices(self) -> list[ReceptionSession]:
        return [session for session in self.site.of(ReceptionSession) if session.result_notice is not None]

    def schedule_of(self, occurrence: Occurrence) -> ReceptionSchedule | None:
        return self.site.get(ReceptionSchedule, occurrence.schedule_id)

    def notice_of(self, occurrence: Occurrence) -> str | None:
        """The notice page of an occurrence's session, when it has a result notice on this site."""
        session = occurrence.session
        if session is None or session.result_notice is None:
            return None
        return notice_page(session.id)

    def occurrence_of(self, session: ReceptionSession) -> Occurrence | None:
        return next((item for item in self.occurrences if item.session is session), None)

    def month(self, year: int | None = None, month: int | None = None) -> list[list[MonthCell]]:
        """The weeks (Monday first) of a month, each day with its occurrences."""
        year, month = year or self.today.year, month or self.today.month
        by_day: dict[Date, list[Occurrence]] = {}
        for item in self.occurrences:
            by_day.setdefault(item.date, []).append(item)
        weeks = month_calendar.Calendar().monthdatescalendar(year, month)
        return [[MonthCell(day, tuple(by_day.get(day, ()))) if day.month == month else MonthCell(None)
                 for day in week] for week in weeks]

    def feed(self) -> bytes:
        return ics.reception_feed(self.site.office, self.schedules, self.occurrences, self.today)


_VIEWS: WeakKeyDictionary[SiteView, ReceptionView] = WeakKeyDictionary()


def reception_view(site: SiteView) -> ReceptionView:
    """One ReceptionView per site: the pages, the home block and the feed share its occurrences."""
    if site not in _VIEWS:
        _VIEWS[site] = ReceptionView(site)
    return _VIEWS[site]


def _helpers(view: ReceptionView) -> dict[str, object]:
    return {
        "reception": view, "day_words": day_words, "hours": hours, "person": person,
        "status_label": status_label, "notes": notes, "change_words": change_words,
        "stand_in_words": stand_in_words, "month_header": MONTH_HEADER, "feed_file": FEED_FILE,
        "schedule_page": SCHEDULE_PAGE, "history_page": HISTORY_PAGE,
        "month_title": Md(f"Tháng {fmt.format_month(view.today)}"),
        "today_words": day_words(view.today),
    }


def _render(template: str, view: ReceptionView, page: str, site: Any = None, **extra: object) -> str:
    """A reception template; `site` is the view its links and office are read from (a traced
    view in a cached render), the plain one by default."""
    from generator.render import tidy  # the package imports this module first

    site = view.site if site is None else site
    context = {"site": site, "page": page, "today": view.today, "office": site.office,
               **_helpers(view), **extra}
    return tidy(environment().get_template(template).render(context))


def schedule_markdown(view: ReceptionView, page: str = SCHEDULE_PAGE, site: Any = None) -> str:
    """The schedule page: next session, the coming weeks, this month, the feed link."""
    return _render("reception_schedule_page.md.j2", view, page, site)


def history_markdown(view: ReceptionView, site: Any = None) -> str:
    return _render("reception_history.md.j2", view, HISTORY_PAGE, site)


def notice_markdown(view: ReceptionView, session: ReceptionSession, site: Any = None) -> str:
    schedule = view.site.get("reception_schedule", session.schedule)
    return _render("reception_notice.md.j2", view, notice_page(session.id), site, record=session,
                   occurrence=view.occurrence_of(session), schedule=schedule)


def next_session_block(site: SiteView, page: str = urls.HOME, heading: str = "##") -> str:
    """Markdown for another page (the home page): the next session and a link to the schedule."""
    return _render("reception_next.md.j2", reception_view(site), page, heading=Md(heading))


def reception_inputs(site: SiteView, fingerprints: Fingerprints | None = None) -> str:
    """The fingerprint of what every occurrence is computed from: the board's reception
    schedules and sessions, whichever site shows them (with the render key's date and office)."""
    fingerprints = fingerprints or Fingerprints(site.board.source_digest)
    return fingerprints.of([*site.board.of(ReceptionSchedule), *site.board.of(ReceptionSession)])


class _Section:
    """Renders the section's outputs through the render cache when there is one."""

    def __init__(self, site: SiteView, cache: RenderCache | None) -> None:
        self.site, self.cache = site, cache
        # The occurrences' inputs, fingerprinted once rather than once per page.
        self.inputs = "" if cache is None else reception_inputs(site, cache.fingerprints)

    def output(self, path: str, template: str, render: Callable[[Any], str], **data: Any) -> str:
        if self.cache is None:
            return render(self.site)
        return self.cache.page(self.site, path, template, {"reception": self.inputs, **data}, render)


def reception_pages(site: SiteView, cache: RenderCache | None = None) -> dict[str, str]:
    """Every reception page of a site (docs-relative path → Markdown)."""
    view, section = reception_view(site), _Section(site, cache)
    pages = {
        SCHEDULE_PAGE: section.output(SCHEDULE_PAGE, "reception_schedule_page.md.j2",
                                      lambda traced: schedule_markdown(view, site=traced)),
        HISTORY_PAGE: section.output(HISTORY_PAGE, "reception_history.md.j2",
                                     lambda traced: history_markdown(view, traced)),
    }
    for session in view.notices:
        page = notice_page(session.id)
        pages[page] = section.output(page, "reception_notice.md.j2", partial(notice_markdown, view, session),
                                     session=session)
    return pages


def reception_files(site: SiteView, cache: RenderCache | None = None) -> dict[str, bytes]:
    """The iCalendar feed, by its docs-relative path."""
    view = reception_view(site)
    feed = _Section(site, cache).output(FEED_FILE, "ics", lambda _: view.feed().decode("utf-8"))
    return {FEED_FILE: feed.encode("utf-8")}


def reception_nav() -> list[dict[str, str]]:
    """Entries for the 'Tiếp công dân' section of the nav."""
    return [{"Lịch tiếp công dân": SCHEDULE_PAGE}, {"Kết quả các buổi tiếp": HISTORY_PAGE}]

