"""Privacy: nothing that identifies a denouncer or a citizen reaches a published record
(Luật Tố cáo Điều 9, 47–48; Luật Bảo vệ dữ liệu cá nhân 2025; QC49 Điều 23 khoản 3), and
discipline and pay decisions stay internal unless chosen otherwise."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

from generator.audit.checks.base import check
from generator.audit.context import AuditContext, describe
from generator.audit.registry import Obligation
from generator.audit.report import Finding, Status
from generator.audit.textscan import Match, Name, mask, personal_data, personal_names, strings
from generator.check.load import Loc
from generator.models import PersonnelDecision, Record

DATA_LABELS = {
    "id_number": "số CCCD/CMND",
    "phone": "số điện thoại di động cá nhân",
    "birth_date": "ngày sinh",
    "home_address": "địa chỉ nơi cư trú",
}


def _field_data(obligation: Obligation, loc: Loc, text: str) -> list[Match]:
    found = personal_data(text)
    if found and loc and loc[-1] in obligation.param("phone_exempt_keys"):
        return [match for match in found if match.what != "phone"]
    return found


def _data_text(matches: list[Match]) -> str:
    parts = []
    for match in matches:
        shown = mask(match.text) if match.what in ("id_number", "phone") else f"'{match.text}'"
        parts.append(f"{DATA_LABELS[match.what]} {shown}")
    return ", ".join(parts)


def _loc_text(loc: Loc) -> str:
    return ".".join(str(part) for part in loc)


# What the scan found in one record: each place with personal data, and the matches there.
RecordData = list[tuple[Loc, list[Match]]]


def _record_data(obligation: Obligation, record: Record, skip: frozenset[str]) -> RecordData:
    return [(loc, found) for loc, text in strings(record, (), skip)
            if (found := _field_data(obligation, loc, text))]


def _dump(data: RecordData) -> Any:
    return [[list(loc), [[match.what, match.text] for match in found]] for loc, found in data]


def _load(data: Any) -> RecordData:
    """The scan's result from the memo (generator.audit.memo): KeyError, TypeError or
    ValueError for anything that is not one."""
    loaded: RecordData = []
    for loc, found in data:
        if not isinstance(loc, list) or not all(isinstance(part, str | int) and not isinstance(part, bool)
                                                for part in loc):
            raise TypeError("not a place in a record")
        matches = [Match(str(what), str(text)) for what, text in found]
        if not matches or any(match.what not in DATA_LABELS for match in matches):
            raise KeyError("not a kind of personal data")
        loaded.append((tuple(loc), matches))
    return loaded


def _scan_records(ctx: AuditContext, obligation: Obligation, records: list[Record]) -> list[Finding]:
    skip = frozenset(obligation.param("skip_keys"))
    # As board.yaml gives them (a list may mix names and numbers: not sorted)
    settings = [list(obligation.param("skip_keys")), list(obligation.param("phone_exempt_keys"))]
    findings: list[Finding] = []
    for record in records:
        scan = partial(_record_data, obligation, record, skip)
        data = scan() if ctx.memo is None else ctx.memo.data(
            f"{obligation.id}/{record.kind_name}/{record.id}", [record, settings], scan, _dump, _load)
        findings.extend(ctx.finding(
            obligation, Status.VIOLATION,
            f"{describe(record)}, trường '{_loc_text(loc)}' có {_data_text(found)}: xóa hoặc che "
            "trước khi công khai", [(record, loc)]) for loc, found in data)
    return findings


def _clean(ctx: AuditContext, obligation: Obligation, scanned: Sequence[Record], text: str) -> Finding:
    if not scanned:
        return ctx.no_record(obligation)
    return ctx.finding(obligation, Status.MET, f"đã rà soát {len(scanned)} hồ sơ: {text}")


@check("personal_data")
def personal_data_check(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """No ID numbers, private mobiles, birth dates or home addresses in any public record."""
    records = ctx.records(obligation)
    return _scan_records(ctx, obligation, records) or [
        _clean(ctx, obligation, records, "không thấy dữ liệu cá nhân cần che")]


def _flagged_names(names: list[Name], accused: set[str]) -> list[Name]:
    return [name for name in names if name.role == "denouncer" or (name.role == "person" and name.name
                                                                      not in accused)]


def _name_findings(ctx: AuditContext, obligation: Obligation, record: Record) -> Iterator[Finding]:
    fields = [(loc, text, list(personal_names(text)))
              for loc, text in strings(record, (), frozenset(obligation.param("skip_keys")))]
    accused = {name.name for _, _, names in fields for name in names if name.role == "accused"}
    for loc, _, names in fields:
        flagged = _flagged_names(names, accused)
        if not flagged:
            continue
        denouncer = any(name.role == "denouncer" for name in flagged)
        shown = ", ".join(sorted({name.initials for name in flagged}))
        why = ("nêu danh tính người tố cáo" if denouncer else
               "nêu họ tên một người không phải người bị tố cáo (nếu là người tố cáo thì phải xóa)")
        yield ctx.finding(obligation, Status.VIOLATION,
                          f"{describe(record)}, trường '{_loc_text(loc)}' {why}: {shown}", [(record, loc)])


@check("denouncer_identity")
def denouncer_identity(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """A denunciation record names no one but the accused (and officials in `skip_keys`)."""
    records = ctx.records(obligation)
    findings = [found for record in records for found in _name_findings(ctx, obligation, record)]
    return findings or [_clean(ctx, obligation, records, "không nêu danh tính người tố cáo")]


def _case_findings(ctx: AuditContext, obligation: Obligation, session: Record) -> Iterator[Finding]:
    notice = getattr(session, "result_notice", None)
    if notice is None:
        return
    for index, case in enumerate(notice.cases):
        for key in obligation.param("case_fields"):
            text = getattr(case, key, None) or ""
            loc = ("result_notice", "cases", index, key)
            names = [name for name in personal_names(text) if name.role != "accused"]
            data = _field_data(obligation, loc, text)
            if names or data:
                found = ", ".join(filter(None, [", ".join(sorted({name.initials for name in names})),
                                                _data_text(data)]))
                yield ctx.finding(obligation, Status.VIOLATION,
                                  f"{describe(session)}, vụ việc {index + 1}: '{key}' chưa ẩn danh ({found})",
                                  [(session, loc)])


@check("anonymous_cases")
def anonymous_cases(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """Reception result notices describe cases without naming or identifying citizens."""
    sessions = [session for session in ctx.records(obligation) if getattr(session, "result_notice", None)]
    findings = [found for session in sessions for found in _case_findings(ctx, obligation, session)]
    return findings or [_clean(ctx, obligation, sessions, "các vụ việc đã được ẩn danh")]


@check("internal_by_default")
def internal_by_default(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """Discipline and pay decisions made public need `publish_override: true`."""
    categories = set(obligation.param("categories"))
    decisions = [record for record in ctx.board.of(PersonnelDecision)
                 if record.category.value in categories]
    findings = [
        ctx.finding(obligation, Status.VIOLATION,
                    f"{describe(record)} ({record.category.value}) đặt 'audience: public' nhưng chưa có "
                    "'publish_override: true': mặc định chỉ công khai nội bộ", [(record, ("audience",))])
        for record in decisions
        if record.audience.value == "public" and not record.publish_override
    ]
    return findings or [_clean(ctx, obligation, decisions, "quyết định kỷ luật, lương chỉ công khai nội bộ "
                               "hoặc có chủ động công khai")]
