"""The Atom feed (RFC 4287) of what the public board posted or changed, newest first.

An entry is a public record with a date of its own: its posting date, or for a result notice
the notice's posting (or signing) date, for a complaint result its conclusion, for a budget the
day it was assigned or approved. `updated` comes from those dates, never from the clock, so the
same content gives the same feed. Entry ids are `urn:uuid:` names derived from the office and
the record, stable across builds and renames of the site address. Written by hand with
ElementTree: the feed is small and its shape fixed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.etree import ElementTree as ET

from generator.models import KINDS, Office, Record
from generator.present import urls
from generator.present.format import format_date

# At the site root: Material reads every <link rel="alternate"> as a language version and fetches
# sitemap.xml beside it, so a feed in a folder makes each page log a 404 for folder/sitemap.xml.
FEED_PATH = "ban-tin.xml"
ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 100
VIETNAM_OFFSET = "+07:00"
_NAMESPACE = uuid.UUID("6f1c8f0e-3c52-5b7e-9d2a-7c0b9f5e4a11")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    kind: str
    record: Record
    day: date
    title: str
    summary: str
    page: str  # site-relative directory URL of the page the entry points at


def _notice_entry(session: Any) -> FeedEntry | None:
    notice = session.result_notice
    if notice is None:
        return None
    return FeedEntry("reception_session", session, notice.posted_on or notice.date,
                     f"Thông báo kết quả tiếp công dân: {session.title}",
                     f"Thông báo số {notice.number} ngày {format_date(notice.date)}.",
                     f"tiep-cong-dan/thong-bao/{session.id}/")


def _own_date(record: Record) -> date | None:
    if record.posted_on is not None:
        return record.posted_on
    return getattr(record, "concluded_on", None) or getattr(record, "assigned_on", None)


def _summary(record: Record) -> str:
    code = getattr(record, "code", None)
    label = KINDS[record.kind_name].label
    return f"{label} mã {code}." if code and record.kind_name == "procedure" else f"{label}."


def feed_entries(records_by_kind: dict[str, list[Record]]) -> list[FeedEntry]:
    """Every dated public record as an entry, newest first (ties by kind and id)."""
    found: list[FeedEntry] = []
    for kind, records in records_by_kind.items():
        for record in records:
            if kind == "reception_session":
                entry = _notice_entry(record)
                if entry is not None:
                    found.append(entry)
                continue
            day = _own_date(record)
            if day is not None:
                found.append(FeedEntry(kind, record, day, f"{KINDS[kind].label}: {record.title}",
                                       _summary(record), urls.record_url(kind, record.id)))
    found.sort(key=lambda entry: (entry.kind, entry.record.id))
    found.sort(key=lambda entry: entry.day, reverse=True)
    return found[:MAX_ENTRIES]


def entry_id(office: Office | None, kind: str, record_id: str) -> str:
    owner = office.name if office else ""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{owner}/{kind}/{record_id}')}"


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00{VIETNAM_OFFSET}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def atom_feed(office: Office | None, entries: Iterable[FeedEntry], today: date,
              link: Callable[[str], str]) -> bytes:
    """The feed; `link` turns a site-relative URL into the href written (absolute or relative)."""
    entries = list(entries)
    name = office.name if office else "Bảng công khai"
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})
    _sub(feed, "id", entry_id(office, "feed", "ban-tin"))
    _sub(feed, "title", f"Tin mới niêm yết: {name}")
    _sub(feed, "subtitle", "Thủ tục, phí, thông báo kết quả tiếp công dân, kết quả giải quyết "
                           "khiếu nại, tố cáo và ngân sách mới niêm yết hoặc thay đổi.")
    _sub(feed, "updated", _stamp(entries[0].day if entries else today))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=link(FEED_PATH))
    _sub(feed, "link", rel="alternate", type="text/html", href=link(""))
    author = _sub(feed, "author")
    _sub(author, "name", name)
    for item in entries:
        entry = _sub(feed, "entry")
        _sub(entry, "id", entry_id(office, item.kind, item.record.id))
        _sub(entry, "title", item.title)
        _sub(entry, "updated", _stamp(item.day))
        _sub(entry, "link", rel="alternate", type="text/html", href=link(item.page))
        _sub(entry, "category", term=item.kind, label=KINDS[item.kind].label)
        _sub(entry, "summary", item.summary)
    ET.indent(feed)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True)) + b"\n"
