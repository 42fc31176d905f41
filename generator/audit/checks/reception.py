"""Citizen reception: rules and schedule posted, stand-in notices, result notices, posting
ahead, and minimum frequency (Kế hoạch 83 mục B.I.3; Luật Tiếp công dân 2013; TT 04/2021)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta

from generator.audit.checks.base import check
from generator.audit.checks.posting import expiring_postings, met_summary
from generator.audit.context import AuditContext, describe
from generator.audit.registry import Obligation
from generator.audit.report import DAY_UNIT_LABELS, DayUnit, Finding, Status
from generator.models import ReceptionSchedule, ReceptionSession, Record, Regulation
from generator.models.reception import SessionStatus
from generator.present.format import format_date
from generator.schedule.occurrences import Occurrence, expand


def _posting_state(ctx: AuditContext, record: Record) -> str | None:
    """Why a record is not on the board today, or None if it is."""
    if record.posted_on is None:
        return "chưa ghi ngày niêm yết ('posted_on')"
    if record.posted_on > ctx.today:
        return f"chỉ niêm yết từ {format_date(record.posted_on)}"
    if record.posted_until is not None and record.posted_until < ctx.today:
        return f"đã hết niêm yết từ {format_date(record.posted_until)}"
    return None


def _posted_now(ctx: AuditContext, obligation: Obligation, records: Sequence[Record],
                absent: str) -> list[Finding]:
    if not records:
        return [ctx.finding(obligation, Status.MISSING, absent)]
    findings, posted = [], []
    for record in records:
        state = _posting_state(ctx, record)
        if state is None:
            posted.append(record)
        else:
            findings.append(ctx.finding(obligation, Status.MISSING, f"{describe(record)} {state}",
                                        [(record, ("posted_on",))]))
    if posted:
        names = ", ".join(describe(item) for item in posted)
        findings = [ctx.finding(obligation, Status.MET, f"đang niêm yết: {names}", posted)]
    findings.extend(expiring_postings(ctx, obligation, posted))
    return findings


@check("reception_rules")
def reception_rules(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """A public regulation marked `is_reception_rules`, posted today."""
    rules = [record for record in ctx.records(obligation, Regulation) if record.is_reception_rules]
    return _posted_now(ctx, obligation, rules,
                       "chưa có Nội quy tiếp công dân công khai (quy chế có 'is_reception_rules: true', "
                       "'audience: public')")


def _valid_today(schedule: ReceptionSchedule, today: date) -> bool:
    rule = schedule.recurrence
    return rule.valid_from <= today and (rule.valid_to is None or today <= rule.valid_to)


@check("schedule_posted")
def schedule_posted(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """A public reception schedule in force today, posted today."""
    schedules = [record for record in ctx.records(obligation, ReceptionSchedule)
                 if _valid_today(record, ctx.today)]
    return _posted_now(ctx, obligation, schedules,
                       "chưa có lịch tiếp công dân định kỳ công khai đang áp dụng")


def _sessions(ctx: AuditContext, obligation: Obligation) -> list[ReceptionSession]:
    return [session for session in ctx.records(obligation, ReceptionSession)
            if obligation.judges(session.happens_on)]


def _stand_in_finding(ctx: AuditContext, obligation: Obligation,
                      session: ReceptionSession) -> Finding | None:
    stand_in = session.stand_in
    assert stand_in is not None
    held = session.happens_on
    due = held - timedelta(days=obligation.param("min_days_before"))
    posted = stand_in.notice_posted_on or (stand_in.notice.date if stand_in.notice else None)
    who = f"{describe(session)} do {stand_in.deputy.name} tiếp thay"
    if posted is None:
        if ctx.today <= due:
            return None
        message = f"{who} nhưng chưa có thông báo công khai việc tiếp thay"
        return ctx.finding(obligation, Status.MISSING, message, [(session, ("stand_in",))])
    late = (posted - due).days
    if late <= 0:
        return None
    return ctx.finding(obligation, Status.LATE,
                       f"{who}: thông báo tiếp thay niêm yết ngày {format_date(posted)}, sau hạn "
                       f"{format_date(due)}: muộn {late} ngày",
                       [(session, ("stand_in",))], late, DayUnit.DAYS)


@check("stand_in_notice")
def stand_in_notice(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """A deputy receiving instead of the leader is announced publicly before the session."""
    sessions = [session for session in _sessions(ctx, obligation) if session.stand_in is not None]
    findings = [found for session in sessions
                if (found := _stand_in_finding(ctx, obligation, session)) is not None]
    return met_summary(ctx, obligation, list(sessions), findings, "tiếp thay có thông báo công khai")


def _notice_finding(ctx: AuditContext, obligation: Obligation, session: ReceptionSession) -> Finding | None:
    deadline = ctx.deadline(session.happens_on, obligation.params)
    assert deadline is not None
    unit = DAY_UNIT_LABELS[deadline.unit]
    notice = session.result_notice
    if notice is None:
        overdue = ctx.days_after(deadline, ctx.today)
        if overdue <= 0:
            return None
        held = format_date(session.happens_on)
        return ctx.finding(obligation, Status.MISSING,
                           f"{describe(session)} ngày {held} chưa có thông báo kết quả; "
                           f"hạn {format_date(deadline.due)}, đã quá {overdue} {unit}",
                           [(session, ("status",))], overdue, deadline.unit)
    posted = notice.posted_on or notice.date
    late = ctx.days_after(deadline, posted)
    if late <= 0 or not obligation.param("judge_lateness"):
        return None
    return ctx.finding(obligation, Status.LATE,
                       f"{describe(session)}: thông báo kết quả {notice.number} niêm yết ngày "
                       f"{format_date(posted)}, hạn {format_date(deadline.due)}: muộn {late} {unit}",
                       [(session, ("result_notice", "posted_on" if notice.posted_on else "date"))],
                       late, deadline.unit)


def _still_planned(ctx: AuditContext, obligation: Obligation, session: ReceptionSession) -> Finding:
    return ctx.finding(
        obligation, Status.MISSING,
        f"{describe(session)} ngày {format_date(session.happens_on)} đã qua nhưng vẫn ghi 'status: planned': "
        "nếu đã tiếp, đổi thành 'held' và ghi thông báo kết quả ('result_notice'); nếu không tiếp, "
        "ghi 'postponed' hoặc 'cancelled' kèm lý do ('postponement')", [(session, ("status",))])


@check("session_result_notice")
def session_result_notice(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """Each held session gets a result notice within the deadline after it; a past session still
    `planned` was either held and not recorded or not held: a gap either way."""
    sessions = _sessions(ctx, obligation)
    held = [session for session in sessions
            if session.status is SessionStatus.HELD and session.happens_on <= ctx.today]
    findings = [found for session in held if (found := _notice_finding(ctx, obligation, session)) is not None]
    stale = [session for session in sessions
             if session.status is SessionStatus.PLANNED and session.happens_on < ctx.today]
    findings.extend(_still_planned(ctx, obligation, session) for session in stale)
    return met_summary(ctx, obligation, [*held, *stale], findings, "buổi tiếp có thông báo kết quả đúng hạn")


def _occurrences(ctx: AuditContext, schedule: ReceptionSchedule, start: date, end: date) -> list[Occurrence]:
    """The schedule's dated occurrences (holiday roll-over included), as the pages show them."""
    return expand(schedule, ctx.sessions_of(schedule.id), ctx.calendar, start, end)


def _ahead_findings(ctx: AuditContext, obligation: Obligation,
                    schedule: ReceptionSchedule) -> Iterator[Finding]:
    start = ctx.today - timedelta(days=366)
    upcoming = [item for item in _occurrences(ctx, schedule, start, ctx.today + timedelta(days=31))
                if not item.off_rule and item.rescheduled_from is None and obligation.judges(item.date)]
    if not upcoming:
        return
    if schedule.posted_on is None:
        message = f"{describe(schedule)} chưa ghi ngày niêm yết ('posted_on')"
        yield ctx.finding(obligation, Status.MISSING, message, [(schedule, ("title",))])
        return
    ahead = obligation.param("min_working_days_ahead")
    short = [(item, ctx.calendar.working_days_between(ctx.working_days_before(item.date, ahead),
                                                       schedule.posted_on)) for item in upcoming]
    short = [(item, late) for item, late in short if late > 0]
    if short:
        first, late = short[0]
        yield ctx.finding(
            obligation, Status.LATE,
            f"{describe(schedule)} niêm yết ngày {format_date(schedule.posted_on)}, chưa đủ {ahead} ngày làm "
            f"việc trước {len(short)} buổi tiếp (sớm nhất ngày {format_date(first.date)}): "
            f"muộn {late} ngày làm việc",
            [(schedule, ("posted_on",))], late, DayUnit.WORKING_DAYS)


def _postponement_finding(ctx: AuditContext, obligation: Obligation,
                          session: ReceptionSession) -> Finding | None:
    postponement = session.postponement
    if postponement is None or session.status is not SessionStatus.POSTPONED:
        return None
    if postponement.new_date is None or postponement.announced_on is None:
        return ctx.finding(obligation, Status.MISSING,
                           f"{describe(session)} hoãn nhưng chưa thông báo ngày tiếp mới "
                           "('new_date', 'announced_on')", [(session, ("postponement",))])
    late = (postponement.announced_on - session.scheduled_on).days
    if late <= 0:
        return None
    return ctx.finding(obligation, Status.LATE,
                       f"{describe(session)} hoãn, thông báo ngày "
                       f"{format_date(postponement.announced_on)}, sau "
                       f"ngày tiếp theo lịch {format_date(session.scheduled_on)}: muộn {late} ngày",
                       [(session, ("postponement", "announced_on"))], late, DayUnit.DAYS)


@check("schedule_ahead")
def schedule_ahead(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """The schedule is posted ≥ N working days before each session; postponements are announced."""
    schedules = ctx.records(obligation, ReceptionSchedule)
    findings = [found for schedule in schedules for found in _ahead_findings(ctx, obligation, schedule)]
    postponed = [session for session in _sessions(ctx, obligation)
                 if session.status is SessionStatus.POSTPONED]
    findings.extend(found for session in postponed
                    if (found := _postponement_finding(ctx, obligation, session)) is not None)
    ahead = obligation.param("min_working_days_ahead")
    return met_summary(ctx, obligation, [*schedules, *postponed], findings,
                       f"niêm yết lịch trước ít nhất {ahead} ngày làm việc")



Period = tuple[date, date]


def recent_periods(period: str, today: date, months: int) -> list[Period]:
    """The complete months (or ISO weeks) in the `months` before today, oldest first."""
    found: list[Period] = []
    if period == "month":
        start = today.replace(day=1)
        for _ in range(months):
            end = start - timedelta(days=1)
            start = end.replace(day=1)
            found.append((start, end))
    else:
        monday = today - timedelta(days=today.weekday())
        for weeks in range(1, round(months * 52 / 12) + 1):
            start = monday - timedelta(weeks=weeks)
            found.append((start, start + timedelta(days=6)))
    return found[::-1]


def _judged_periods(ctx: AuditContext, obligation: Obligation, schedule: ReceptionSchedule,
                    period: str) -> list[Period]:
    rule = schedule.recurrence
    last = rule.valid_to or ctx.today
    periods = recent_periods(period, ctx.today, obligation.param("window_months"))
    return [(start, end) for start, end in periods
            if rule.valid_from <= start and end <= last and obligation.judges(start)
            and any(ctx.calendar.is_working_day(start + timedelta(days=offset))
                    for offset in range((end - start).days + 1))]


def _period_text(period: str, span: Period) -> str:
    start, end = span
    return f"tháng {start:%m/%Y}" if period == "month" else f"tuần {start:%d/%m}–{format_date(end)}"


def _rule_too_sparse(schedule: ReceptionSchedule, period: str) -> bool:
    rule = schedule.recurrence
    return rule.interval > 1 or (period == "week" and rule.freq.value != "weekly")


def _frequency_findings(ctx: AuditContext, obligation: Obligation,
                        schedule: ReceptionSchedule) -> Iterator[Finding]:
    rule = obligation.param("frequency")[schedule.level.value]
    period, minimum = rule["period"], rule["min"]
    unit = "tháng" if period == "month" else "tuần"
    if _rule_too_sparse(schedule, period):
        yield ctx.finding(obligation, Status.MISSING,
                          f"{describe(schedule)}: lịch định kỳ thưa hơn mức tối thiểu {minimum} buổi mỗi "
                          f"{unit} (cấp '{schedule.level.value}')", [(schedule, ("recurrence", "freq"))])
    spans = _judged_periods(ctx, obligation, schedule, period)
    if not spans:
        return
    # A session counts for the period of its rule date, so a holiday roll-over into the next
    # month (or week) does not leave its own period empty.
    held = [item.scheduled_on for item in _occurrences(ctx, schedule, spans[0][0], ctx.today)
            if item.status is SessionStatus.HELD]
    short = [span for span in spans if sum(1 for day in held if span[0] <= day <= span[1]) < minimum]
    if short:
        listed = ", ".join(_period_text(period, span) for span in short[:12])
        more = f" và {len(short) - 12} {unit} khác" if len(short) > 12 else ""
        finding = ctx.finding(obligation, Status.MISSING,
                              f"{describe(schedule)}: đếm các buổi tiếp đã ghi là đã tiếp (status: held) "
                              f"của lịch này, {len(short)} {unit} chưa đủ {minimum} buổi: {listed}{more}",
                              [(schedule, ("recurrence",))])
        yield replace(finding, hint="các buổi tiếp được đếm từ content/reception_sessions/; ghi từng "
                                    "buổi đã tiếp (lệnh: congkhai new reception_session)")


@check("reception_frequency")
def reception_frequency(ctx: AuditContext, obligation: Obligation) -> list[Finding]:
    """Each schedule held ≥ min sessions per month or week (by level) over the recent window."""
    schedules = ctx.records(obligation, ReceptionSchedule)
    if not schedules:
        return [ctx.finding(obligation, Status.MISSING, "chưa có lịch tiếp công dân định kỳ công khai")]
    findings = [found for schedule in schedules for found in _frequency_findings(ctx, obligation, schedule)]
    months = obligation.param("window_months")
    return met_summary(ctx, obligation, list(schedules), findings,
                       f"lịch tiếp đủ tần suất tối thiểu trong {months} tháng gần nhất")
