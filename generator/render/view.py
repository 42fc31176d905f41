"""What one audience's site shows: the visible records, grouped and cross-referenced once.

Every lookup a template makes (a procedure's fees, a unit's procedures, a schedule's sessions)
is answered from maps built here in one pass, so rendering stays linear in the board's size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date as Date
from functools import cached_property
from pathlib import PurePosixPath
from typing import Any, overload

from generator.check.history import Change
from generator.check.link import Board, R
from generator.models import Audience, Form, Procedure, ReceptionSession, Record, Regulation, Unit
from generator.models.common import published_to
from generator.present import urls
from generator.present.format import file_type, vi_sort_key
from generator.present.slug import slugify

RENDERED_KINDS = tuple(urls.RECORD_SEGMENTS)


@dataclass(frozen=True, slots=True)
class PublishedFile:
    """A file from content/ copied into the docs folder."""

    source: str
    path: str
    name: str
    size: int
    type: str


@dataclass(frozen=True, slots=True)
class FieldGroup:
    """The procedures of one lĩnh vực."""

    slug: str
    name: str
    procedures: list[Procedure]

    @property
    def page(self) -> str:
        return urls.field_page(self.slug)

    @property
    def times_page(self) -> str:
        return urls.processing_times_page(self.slug)


def by_title(records: list[R]) -> list[R]:
    return sorted(records, key=lambda record: vi_sort_key(record.title))


def _safe_name(path: str) -> str:
    pure = PurePosixPath(path)
    suffix = "".join(char for char in pure.suffix.lower() if char.isalnum())
    return slugify(pure.stem, "tep") + (f".{suffix}" if suffix else "")


class SiteView:
    """The records of one audience's site and the relations between them."""

    def __init__(self, board: Board, audience: Audience, today: Date) -> None:
        self.board = board
        self.office = board.office
        self.audience = audience
        self.today = today
        # Every shown record has its page; `listed` leaves out the archived ones (posting ended).
        self.by_kind: dict[str, list[Record]] = {
            kind: [record for record in board.of(kind) if self.shows(record)] for kind in RENDERED_KINDS
        }
        self.listed: dict[str, list[Record]] = {
            kind: [record for record in records if not self.is_archived(record)]
            for kind, records in self.by_kind.items()
        }
        self._ids: dict[str, set[str]] = {
            kind: {record.id for record in records} for kind, records in self.by_kind.items()
        }
        self._referrers = self._referrer_map()
        self.form_files: dict[str, PublishedFile] = self._form_files()
        self.source_files: dict[tuple[str, str], PublishedFile] = self._source_files()

    def of(self, kind: type[R]) -> list[R]:
        """The shown records of the model `kind`, by id."""
        return [record for record in self.by_kind[kind.kind_name] if isinstance(record, kind)]

    def shows(self, record: Record) -> bool:
        return published_to(record, self.audience, self.today)

    def is_archived(self, record: Record) -> bool:
        """Its posting period has ended: the record keeps its page, listed on the archive page
        only (not in the lists by kind, field, unit or year, nor among the latest)."""
        return record.posted_until is not None and record.posted_until < self.today

    def current(self, kind: type[R]) -> list[R]:
        """The listed (not archived) records of the model `kind`, by id."""
        return [record for record in self.listed[kind.kind_name] if isinstance(record, kind)]

    def archived(self) -> list[Record]:
        """Archived records, the latest ended first."""
        found = [record for records in self.by_kind.values() for record in records
                 if self.is_archived(record)]
        found.sort(key=lambda record: (record.kind_name, record.id))
        found.sort(key=lambda record: record.posted_until or self.today, reverse=True)
        return found

    @overload
    def get(self, kind: type[R], record_id: str | None) -> R | None: ...
    @overload
    def get(self, kind: str, record_id: str | None) -> Record | None: ...

    def get(self, kind: type[Record] | str, record_id: str | None) -> Any:
        name = kind if isinstance(kind, str) else kind.kind_name
        if record_id is None or record_id not in self._ids.get(name, ()):
            return None
        return self.board.get(name, record_id)

    def changes_of(self, record: Record) -> tuple[Change, ...]:
        """The commits that touched the record's file, newest first (none outside git)."""
        return self.board.changes_of(record)

    def page_of(self, record: Record) -> str | None:
        """The docs-relative page of a record shown on this site, else None."""
        if record.id not in self._ids.get(record.kind_name, ()):
            return None
        return urls.record_page(record.kind_name, record.id)

    def referrers(self, record: Record, from_kind: str) -> list[Record]:
        """Visible records of `from_kind` that point at `record`, by title."""
        return self._referrers.get((record.kind_name, record.id, from_kind), [])

    def _referrer_map(self) -> dict[tuple[str, str, str], list[Record]]:
        found: dict[tuple[str, str, str], dict[str, Record]] = defaultdict(dict)
        for reference in self.board.references:
            source = self.get(reference.kind, reference.id)
            if source is None or self.is_archived(source):
                continue
            if self.get(reference.target_kind, reference.target_id) is not None:
                found[(reference.target_kind, reference.target_id, reference.kind)][source.id] = source
        return {key: by_title(list(records.values())) for key, records in found.items()}

    def _publish(self, source: str | None, folder: str) -> PublishedFile | None:
        if not source:
            return None
        content = self.board.content_dir.resolve()
        try:
            path = (content / source).resolve()
            if not path.is_relative_to(content) or not path.is_file():
                return None
            size = path.stat().st_size
        except (OSError, ValueError):
            return None
        name = _safe_name(source)
        return PublishedFile(source, f"{folder}/{name}", name, size, file_type(PurePosixPath(name).suffix))

    def _form_files(self) -> dict[str, PublishedFile]:
        found = {}
        for form in self.of(Form):
            published = self._publish(form.file, f"{urls.FORM_FILES}/{form.id}")
            if published is not None:
                found[form.id] = published
        return found

    def _source_files(self) -> dict[tuple[str, str], PublishedFile]:
        found = {}
        for kind, records in self.by_kind.items():
            for record in records:
                if record.source is None:
                    continue
                folder = f"{urls.SOURCE_FILES}/{urls.RECORD_SEGMENTS[kind]}/{record.id}"
                published = self._publish(record.source.file, folder)
                if published is not None:
                    found[(kind, record.id)] = published
        return found

    def files(self) -> dict[str, bytes]:
        """Every published file's bytes, by its docs-relative path."""
        content = self.board.content_dir
        published = [*self.form_files.values(), *self.source_files.values()]
        return {item.path: (content / item.source).read_bytes() for item in sorted(published, key=_path)}

    # Groupings used by several pages.

    def fields(self) -> list[FieldGroup]:
        return self._fields

    @cached_property
    def _fields(self) -> list[FieldGroup]:
        groups: dict[str, list[Procedure]] = defaultdict(list)
        for procedure in self.current(Procedure):
            groups[slugify(procedure.field_name)].append(procedure)
        found = [FieldGroup(slug, min(p.field_name for p in items), by_title(items))
                 for slug, items in groups.items()]
        return sorted(found, key=lambda group: vi_sort_key(group.name))

    def field_page(self, procedure: Procedure) -> str:
        return urls.field_page(slugify(procedure.field_name))

    def units(self) -> list[Unit]:
        """Units in their display order."""
        return sorted(self.of(Unit), key=lambda unit: (unit.order, vi_sort_key(unit.title)))

    @property
    def internal(self) -> bool:
        return self.audience is Audience.INTERNAL

    def sessions_of(self, schedule: Record) -> tuple[list[ReceptionSession], list[ReceptionSession]]:
        """A schedule's sessions: (coming ones by date, past ones newest first)."""
        mine = self._by_schedule.get(schedule.id, [])
        upcoming = [session for session in mine if session.happens_on >= self.today]
        past = [session for session in reversed(mine) if session.happens_on < self.today]
        return upcoming, past

    @cached_property
    def _by_schedule(self) -> dict[str, list[ReceptionSession]]:
        grouped: dict[str, list[ReceptionSession]] = defaultdict(list)
        for session in self.sessions():
            grouped[session.schedule].append(session)
        return dict(grouped)

    def sessions(self) -> list[ReceptionSession]:
        """Sessions by date, then id."""
        return self._sessions

    @cached_property
    def _sessions(self) -> list[ReceptionSession]:
        return sorted(self.of(ReceptionSession), key=lambda session: (session.happens_on, session.id))

    def reception_rules(self) -> list[Regulation]:
        return [rule for rule in self.of(Regulation) if rule.is_reception_rules]

    def posted(self) -> list[Record]:
        """Records with a posting date, newest first."""
        return self._posted

    @cached_property
    def _posted(self) -> list[Record]:
        dated = [(record.posted_on, record) for records in self.listed.values() for record in records
                 if record.posted_on is not None]
        dated.sort(key=lambda item: (item[1].kind_name, item[1].id))
        dated.sort(key=lambda item: item[0], reverse=True)
        return [record for _, record in dated]


def _path(item: PublishedFile) -> str:
    return item.path
