"""The iCalendar feed of reception sessions (RFC 5545), written by hand: no library at runtime.

Builds are reproducible: UIDs come from the schedule id, the rule date and the site's host,
DTSTAMP from `today`. Lines end with CRLF and are folded at 75 octets without splitting a
UTF-8 character, which strict clients (and the RFC) require even where lenient parsers do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

from generator.check.link import Board
from generator.models import Audience, Office, ReceptionSchedule
from generator.models.reception import SessionStatus
from generator.present.format import format_date
from generator.present.words import person_in_sentence
from generator.schedule.occurrences import MONTHS_BACK, Occurrence, add_months, board_occurrences, visible

CRLF = "\r\n"
MAX_OCTETS = 75
TZID = "Asia/Ho_Chi_Minh"
UTC_OFFSET = timedelta(hours=7)
PRODID = "-//congkhai//Lich tiep cong dan//VI"
FALLBACK_HOST = "congkhai.invalid"
FEED_PATH = "tiep-cong-dan/lich-tiep-cong-dan.ics"

VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19750613T000000",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0700",
    "TZNAME:ICT",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True, slots=True)
class Event:
    """One VEVENT: local times are in TZID."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str | None = None
    description: str | None = None
    status: str = "CONFIRMED"
    sequence: int = 0
    url: str | None = None


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold one content line at 75 octets (§3.1); continuation lines start with a space."""
    pieces: list[str] = []
    current, size, limit = "", 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, MAX_OCTETS - 1
        current += char
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def _local(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def stamp_for(today: date) -> str:
    """DTSTAMP in UTC: midnight of `today` in Asia/Ho_Chi_Minh, so builds are reproducible."""
    return (datetime.combine(today, time()) - UTC_OFFSET).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: Event, dtstamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{dtstamp}",
        f"DTSTART;TZID={TZID}:{_local(event.start)}",
        f"DTEND;TZID={TZID}:{_local(event.end)}",
        f"SEQUENCE:{event.sequence}",
        f"STATUS:{event.status}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    return [*lines, "END:VEVENT"]


def calendar_bytes(name: str, events: Iterable[Event], today: date, prodid: str = PRODID) -> bytes:
    """A whole VCALENDAR, folded, CRLF-terminated, UTF-8."""
    dtstamp = stamp_for(today)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for event in events:
        lines.extend(_event_lines(event, dtstamp))
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines).encode("utf-8")


# Reception sessions as events.

def site_host(office: Office | None) -> str:
    """The host of the board's site_url: the domain part of every UID."""
    url = office.site_url if office else None
    return (urlsplit(url).hostname if url else None) or FALLBACK_HOST


def occurrence_uid(occurrence: Occurrence, host: str) -> str:
    return f"{occurrence.key}@{host}"


def _summary(occurrence: Occurrence) -> str:
    text = f"Tiếp công dân: {person_in_sentence(occurrence.host)}"
    if occurrence.status is SessionStatus.CANCELLED:
        return f"[HỦY] {text}"
    if occurrence.status is SessionStatus.POSTPONED:
        return f"[HOÃN] {text}"
    return text



def _sentence(text: str | None) -> str:
    """`text` ending with exactly one full stop."""
    return (text or "").rstrip(". ") + "."


def _stand_in_text(occurrence: Occurrence) -> str | None:
    stand_in = occurrence.stand_in
    if stand_in is None:
        return None
    text = (f"{person_in_sentence(stand_in.deputy)} tiếp thay {person_in_sentence(occurrence.leader)}. "
            f"Lý do: {_sentence(stand_in.reason)}")
    if stand_in.notice:
        dated = f" ngày {format_date(stand_in.notice.date)}" if stand_in.notice.date else ""
        text += f" Thông báo số {stand_in.notice.number}{dated}."
    return text


def _change_text(occurrence: Occurrence) -> str | None:
    if occurrence.status is SessionStatus.CANCELLED:
        return f"Buổi tiếp bị hủy. Lý do: {_sentence(occurrence.postponement_reason)}"
    if occurrence.status is SessionStatus.POSTPONED:
        moved = f" sang ngày {format_date(occurrence.postponed_to)}" if occurrence.postponed_to else ""
        return f"Buổi tiếp được hoãn{moved}. Lý do: {_sentence(occurrence.postponement_reason)}"
    if occurrence.rescheduled_from:
        return f"Buổi tiếp ngày {format_date(occurrence.rescheduled_from)} được dời sang ngày này."
    if occurrence.rollover_reason:
        return (f"Theo lịch là ngày {format_date(occurrence.scheduled_on)} ({occurrence.rollover_reason}), "
                "dời sang ngày làm việc kế tiếp.")
    return None


def _description(occurrence: Occurrence, url: str | None) -> str:
    parts = [
        f"Người tiếp: {person_in_sentence(occurrence.host)}.",
        _stand_in_text(occurrence),
        _change_text(occurrence),
        f"Xem chi tiết: {url}" if url else None,
    ]
    return "\n".join(part for part in parts if part)


def occurrence_event(occurrence: Occurrence, host: str, page_url: str | None = None) -> Event:
    changed = occurrence.is_off or occurrence.stand_in is not None or occurrence.rescheduled_from
    return Event(
        uid=occurrence_uid(occurrence, host),
        start=datetime.combine(occurrence.date, occurrence.opens_at),
        end=datetime.combine(occurrence.date, occurrence.closes_at),
        summary=_summary(occurrence),
        location=occurrence.place,
        description=_description(occurrence, page_url),
        status="CANCELLED" if occurrence.is_off else "CONFIRMED",
        sequence=1 if changed else 0,
        url=page_url,
    )


def schedule_page(base: str | None, occurrence: Occurrence) -> str | None:
    """The absolute URL of the occurrence's schedule page, when the board has a site_url."""
    return f"{base}tiep-cong-dan/lich/{occurrence.schedule_id}/" if base else None


def reception_feed(office: Office | None, schedules: Iterable[ReceptionSchedule],
                   occurrences: Iterable[Occurrence], today: date) -> bytes:
    """The feed of the given schedules' occurrences from MONTHS_BACK months before `today` on:
    a subscriber's calendar keeps the sessions of the past year instead of losing each one the
    day after it is held."""
    host = site_host(office)
    since = add_months(today, -MONTHS_BACK)
    wanted = {schedule.id for schedule in schedules}
    base = office.site_url.rstrip("/") + "/" if office and office.site_url else None
    events = [occurrence_event(occurrence, host, schedule_page(base, occurrence))
              for occurrence in occurrences
              if occurrence.schedule_id in wanted and occurrence.date >= since]
    name = f"Lịch tiếp công dân – {office.short_name or office.name}" if office else "Lịch tiếp công dân"
    return calendar_bytes(name, events, today)


def board_feed(board: Board, today: date, audience: Audience | None = Audience.PUBLIC) -> bytes:
    """The feed of a board for one site: the public site gets public records only."""
    schedules = [schedule for schedule in board.of(ReceptionSchedule) if visible(schedule, audience, today)]
    occurrences = board_occurrences(board, today, audience)
    return reception_feed(board.office, schedules, occurrences, today)
