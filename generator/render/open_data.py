"""The render stage's share of open data: what machines read beside the pages.

- per page: schema.org JSON-LD (front matter `jsonld`, printed into <head> by theme/main.html)
  and, on record pages, the record's history from git;
- the public site only: the open-data files, the Atom feed and the "Dữ liệu mở" page.

Everything here comes from the SiteView, so it holds only what the site shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.fingerprint import Fingerprints, MemoFile
from generator.models import Audience, Procedure, ReceptionSchedule, ReceptionSession
from generator.opendata import jsonld
from generator.opendata.feed import FEED_PATH, atom_feed, feed_entries
from generator.opendata.package import PACKAGE_FILE, PAGE, OpenData, memo_key, open_data
from generator.present import urls
from generator.present.format import format_date
from generator.render.env import environment
from generator.render.reception_pages import FEED_FILE as ICS_FILE
from generator.render.text import escape_inline
from generator.render.view import SiteView

HISTORY_SHOWN = 5


def page_jsonld(view: SiteView, path: str, record: Any) -> str | None:
    """The JSON-LD text of a page, or None: the home page, procedures and reception sessions."""
    office = view.office
    site_url = office.site_url if office else None
    if path == urls.HOME and office is not None:
        return jsonld.script_text(jsonld.organization(office))
    if isinstance(record, Procedure):
        url = jsonld.absolute(site_url, urls.record_url("procedure", record.id))
        return jsonld.script_text(jsonld.government_service(record, office, view.get, url))
    if isinstance(record, ReceptionSession):
        url = jsonld.absolute(site_url, urls.record_url("reception_session", record.id))
        schedule = view.get(ReceptionSchedule, record.schedule)
        return jsonld.script_text(jsonld.reception_event(record, record.happens_on, schedule, office, url))
    return None


def history_markdown(view: SiteView, record: Any) -> str:
    """'Cập nhật lần cuối' and the latest changes of a record's file; nothing outside git."""
    changes = view.changes_of(record)
    if not changes:
        return ""
    lines = ["## Lịch sử cập nhật {#lich-su-cap-nhat}", "",
             f"Cập nhật lần cuối: {format_date(changes[0].day)}.", ""]
    lines += [f"- {format_date(change.day)}: {escape_inline(change.message)}"
              for change in changes[:HISTORY_SHOWN]]
    if len(changes) > HISTORY_SHOWN:
        lines += ["", f"Và {len(changes) - HISTORY_SHOWN} lần cập nhật trước đó."]
    return "\n".join(lines) + "\n"


def _feed_link(view: SiteView) -> Any:
    site_url = view.office.site_url if view.office else None
    if site_url:
        return lambda path: site_url.rstrip("/") + "/" + path
    return lambda path: "../" + path  # relative to the feed, which lives in du-lieu-mo/


def open_data_outputs(view: SiteView,
                      memo_file: Path | None = None) -> tuple[dict[str, str], dict[str, bytes]]:
    """The "Dữ liệu mở" page and its files (data, datapackage.json, Atom feed): public site only.
    With a `memo_file` (in the site's build cache), unchanged kinds' tables are kept there."""
    if view.audience is not Audience.PUBLIC:
        return {}, {}
    memo = None
    if memo_file is not None:
        memo = MemoFile.open(memo_file, memo_key(), Fingerprints(view.board.source_digest))
    data = open_data(view.by_kind, view.office, memo)
    if memo is not None:
        memo.save()
    feed = atom_feed(view.office, feed_entries(view.by_kind), view.today, _feed_link(view))
    files = {**data.files, FEED_PATH: feed}
    return {PAGE: _page(view, data, len(feed), _ics_file(view))}, files


def _ics_file(view: SiteView) -> str | None:
    """The reception .ics feed, which the reception section publishes when there is one."""
    has_reception = view.by_kind["reception_schedule"] or view.by_kind["reception_session"]
    return ICS_FILE if has_reception else None


def _page(view: SiteView, data: OpenData, feed_size: int, ics_file: str | None) -> str:
    licence = view.office.open_data_licence if view.office else None
    template = environment().get_template("open_data.md.j2")
    return template.render(site=view, page=PAGE, today=view.today, office=view.office,
                           datasets=data.datasets, package_file=PACKAGE_FILE,
                           package_size=data.package_size, feed_file=FEED_PATH, feed_size=feed_size,
                           ics_file=ics_file,
                           licence=licence)
