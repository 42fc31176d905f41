"""Expanding reception schedules into dated occurrences (Kế hoạch 83 mục B.I.3, Luật TCD Đ12, Đ18)."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

from dateutil import rrule
from hypothesis import given, settings
from hypothesis import strategies as st
from support.boards import write_files

from generator.check import check_content
from generator.models import Audience, ReceptionSchedule, ReceptionSession
from generator.models.reception import SessionStatus
from generator.render import RenderedSite, render_site
from generator.render.reception_pages import FEED_FILE, HISTORY_PAGE, SCHEDULE_PAGE, next_session_block
from generator.render.view import SiteView
from generator.schedule.occurrences import (
    board_occurrences,
    default_window,
    expand,
    next_session,
    rule_dates,
)
from generator.schedule.workdays import WorkCalendar

CALENDAR = WorkCalendar()
LEADER = {"name": "Hồ Tiến Thiệu", "position": "Chủ tịch UBND tỉnh"}
DEPUTY = {"name": "Đoàn Thu Hà", "position": "Phó Chủ tịch UBND tỉnh"}


def schedule(rule: dict[str, Any] | None = None, **fields: Any) -> ReceptionSchedule:
    recurrence = {"freq": "monthly", "by_month_day": 15, "opens_at": "08:00", "closes_at": "11:30",
                  "valid_from": "2025-01-01", **(rule or {})}
    data = {"id": "chu-tich", "title": "Lịch tiếp công dân của Chủ tịch UBND tỉnh", "leader": LEADER,
            "deputies": [DEPUTY], "level": "tinh", "place": "Trụ sở Tiếp công dân tỉnh",
            "recurrence": recurrence, **fields}
    return ReceptionSchedule.model_validate(data)


def session(scheduled_on: str, **fields: Any) -> ReceptionSession:
    data = {"id": f"buoi-{scheduled_on}", "title": f"Buổi tiếp ngày {scheduled_on}",
            "schedule": "chu-tich", "scheduled_on": scheduled_on, **fields}
    return ReceptionSession.model_validate(data)


def dates(rule: dict[str, Any], start: date, end: date, **fields: Any) -> list[date]:
    return [item.date for item in expand(schedule(rule, **fields), [], CALENDAR, start, end)]


def test_the_15th_on_a_sunday_moves_to_monday() -> None:
    (occurrence,) = expand(schedule(), [], CALENDAR, date(2026, 3, 1), date(2026, 3, 31))
    assert occurrence.scheduled_on == date(2026, 3, 15)
    assert occurrence.date == date(2026, 3, 16)
    assert occurrence.rollover_reason == "Chủ nhật"


def test_the_15th_during_tet_moves_past_the_whole_break() -> None:
    (occurrence,) = expand(schedule(), [], CALENDAR, date(2026, 2, 1), date(2026, 2, 28))
    assert (occurrence.scheduled_on, occurrence.date) == (date(2026, 2, 15), date(2026, 2, 23))
    assert "Tết Nguyên Đán" in (occurrence.rollover_reason or "")


def test_a_holiday_on_a_weekday_moves_to_the_next_working_day() -> None:
    # 02/9/2026 (Wednesday) is Quốc khánh.
    (occurrence,) = expand(schedule({"by_month_day": 2}), [], CALENDAR, date(2026, 9, 1), date(2026, 9, 30))
    assert occurrence.date == date(2026, 9, 3)
    assert occurrence.rollover_reason == "Quốc khánh"


def test_an_office_day_off_also_moves_the_session() -> None:
    calendar = WorkCalendar([date(2026, 6, 15)])
    (occurrence,) = expand(schedule(), [], calendar, date(2026, 6, 1), date(2026, 6, 30))
    assert occurrence.date == date(2026, 6, 16)
    assert occurrence.rollover_reason == "ngày nghỉ của cơ quan"


def test_without_rollover_the_rule_date_stays() -> None:
    found = dates({}, date(2026, 2, 1), date(2026, 3, 31), holiday_rollover=False)
    assert found == [date(2026, 2, 15), date(2026, 3, 15)]


def test_day_31_is_clamped_to_the_month_end() -> None:
    found = dates({"by_month_day": 31}, date(2026, 1, 1), date(2026, 4, 30), holiday_rollover=False)
    assert found == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


def test_second_wednesday() -> None:
    rule = {"by_month_day": None, "by_weekday": "2WE"}
    found = dates(rule, date(2026, 1, 1), date(2026, 6, 30), holiday_rollover=False)
    assert found == [date(2026, 1, 14), date(2026, 2, 11), date(2026, 3, 11),
                     date(2026, 4, 8), date(2026, 5, 13), date(2026, 6, 10)]


def test_last_friday_rolls_over_a_holiday() -> None:
    rule = {"by_month_day": None, "by_weekday": "-1FR"}
    found = dates(rule, date(2026, 1, 1), date(2026, 5, 31))
    assert found == [date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27),
                     date(2026, 4, 24), date(2026, 5, 29)]
    # 31/01/2025 is mùng ba Tết and 01–02/02 a weekend.
    assert dates(rule, date(2025, 1, 1), date(2025, 2, 10)) == [date(2025, 2, 3)]


def test_a_fifth_weekday_is_skipped_in_months_without_one() -> None:
    rule = {"by_month_day": None, "by_weekday": "5FR"}
    found = dates(rule, date(2026, 1, 1), date(2026, 6, 30), holiday_rollover=False)
    assert found == [date(2026, 1, 30), date(2026, 5, 29)]


def test_weekly_every_other_wednesday_from_valid_from() -> None:
    rule = {"freq": "weekly", "by_month_day": None, "by_weekday": "WE", "interval": 2,
            "valid_from": "2026-03-02"}
    found = dates(rule, date(2026, 3, 1), date(2026, 4, 15))
    assert found == [date(2026, 3, 4), date(2026, 3, 18), date(2026, 4, 1), date(2026, 4, 15)]


def test_monthly_interval_counts_from_valid_from() -> None:
    found = dates({"interval": 3, "valid_from": "2026-02-01"}, date(2026, 1, 1), date(2026, 12, 31),
                  holiday_rollover=False)
    assert found == [date(2026, 2, 15), date(2026, 5, 15), date(2026, 8, 15), date(2026, 11, 15)]


def test_valid_from_and_valid_to_bound_the_rule() -> None:
    rule = {"valid_from": "2026-03-16", "valid_to": "2026-06-14"}
    found = dates(rule, date(2026, 1, 1), date(2026, 12, 31), holiday_rollover=False)
    assert found == [date(2026, 4, 15), date(2026, 5, 15)]


@settings(max_examples=60, deadline=None)
@given(nth=st.sampled_from([1, 2, 3, 4, 5, -1]), weekday=st.integers(0, 6),
       interval=st.integers(1, 3), year=st.integers(2020, 2035))
def test_monthly_weekday_rule_agrees_with_dateutil(nth: int, weekday: int, interval: int, year: int) -> None:
    code = f"{nth}{('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')[weekday]}"
    rule = schedule({"by_month_day": None, "by_weekday": code, "interval": interval,
                     "valid_from": f"{year}-01-01"}).recurrence
    start, end = date(year, 1, 1), date(year + 2, 12, 31)
    expected = rrule.rrule(rrule.MONTHLY, interval=interval, byweekday=rrule.weekday(weekday, nth),
                           dtstart=start, until=end)
    assert rule_dates(rule, start, end) == [moment.date() for moment in expected]


def test_a_held_session_matches_its_rule_date_and_keeps_the_leader() -> None:
    held = session("2026-03-15", status="held", citizens_received=4)
    (occurrence,) = expand(schedule(), [held], CALENDAR, date(2026, 3, 1), date(2026, 3, 31))
    assert occurrence.session is held
    assert occurrence.status is SessionStatus.HELD
    assert occurrence.host.name == "Hồ Tiến Thiệu"
    assert occurrence.date == date(2026, 3, 16)


def test_a_session_recorded_on_the_rolled_over_date_matches_too() -> None:
    held = session("2026-02-23", status="held")
    (occurrence,) = expand(schedule(), [held], CALENDAR, date(2026, 2, 1), date(2026, 2, 28))
    assert occurrence.session is held
    assert not occurrence.off_rule


def test_a_stand_in_shows_the_deputy_and_the_notice() -> None:
    record = session("2026-04-15", stand_in={
        "deputy": DEPUTY, "reason": "Chủ tịch đi công tác",
        "notice": {"number": "45/TB-UBND", "date": "2026-04-08"}})
    (occurrence,) = expand(schedule(), [record], CALENDAR, date(2026, 4, 1), date(2026, 4, 30))
    assert occurrence.host.name == "Đoàn Thu Hà"
    assert occurrence.leader.name == "Hồ Tiến Thiệu"
    assert occurrence.stand_in is not None
    assert occurrence.stand_in.notice is not None
    assert occurrence.stand_in.notice.number == "45/TB-UBND"


def test_a_postponement_gives_the_marked_occurrence_and_the_new_one() -> None:
    record = session("2026-05-15", status="postponed", postponement={
        "new_date": "2026-05-22", "reason": "Trùng kỳ họp Hội đồng nhân dân tỉnh"})
    found = expand(schedule(), [record], CALENDAR, date(2026, 5, 1), date(2026, 6, 30))
    postponed, moved, june = found
    assert postponed.status is SessionStatus.POSTPONED and postponed.is_off
    assert postponed.date == date(2026, 5, 15)
    assert postponed.postponed_to == date(2026, 5, 22)
    assert postponed.postponement_reason == "Trùng kỳ họp Hội đồng nhân dân tỉnh"
    assert moved.date == date(2026, 5, 22) and moved.status is SessionStatus.PLANNED
    assert moved.rescheduled_from == date(2026, 5, 15)
    assert moved.key != postponed.key
    assert june.date == date(2026, 6, 15)
    assert next_session(found, date(2026, 5, 14)) == moved


def test_the_session_held_on_the_new_date_attaches_to_the_moved_occurrence() -> None:
    postponed = session("2026-05-15", status="postponed", postponement={
        "new_date": "2026-05-22", "reason": "Trùng kỳ họp"})
    held = session("2026-05-22", status="held")
    found = expand(schedule(), [postponed, held], CALENDAR, date(2026, 5, 1), date(2026, 5, 31))
    assert [(item.date, item.status, item.off_rule) for item in found] == [
        (date(2026, 5, 15), SessionStatus.POSTPONED, False),
        (date(2026, 5, 22), SessionStatus.HELD, False),
    ]


def test_a_cancellation_is_marked_and_skipped_by_next_session() -> None:
    record = session("2026-07-15", status="cancelled", postponement={"reason": "Bão số 3"})
    found = expand(schedule(), [record], CALENDAR, date(2026, 7, 1), date(2026, 8, 31))
    assert found[0].status is SessionStatus.CANCELLED
    assert found[0].postponement_reason == "Bão số 3"
    assert found[0].postponed_to is None
    assert next_session(found, date(2026, 7, 1)) == found[1]


def test_a_session_off_the_rule_is_kept_and_marked() -> None:
    extra = session("2026-03-20", status="held")
    found = expand(schedule(), [extra], CALENDAR, date(2026, 3, 1), date(2026, 3, 31))
    assert [(item.date, item.off_rule) for item in found] == [
        (date(2026, 3, 16), False), (date(2026, 3, 20), True)]


def test_held_on_moves_the_effective_date() -> None:
    held = session("2026-03-15", status="held", held_on="2026-03-17")
    (occurrence,) = expand(schedule(), [held], CALENDAR, date(2026, 3, 1), date(2026, 3, 31))
    assert occurrence.date == date(2026, 3, 17)
    assert occurrence.scheduled_on == date(2026, 3, 15)


def test_occurrences_have_the_rule_hours_and_place() -> None:
    (occurrence,) = expand(schedule(), [], CALENDAR, date(2026, 4, 1), date(2026, 4, 30))
    assert (occurrence.opens_at, occurrence.closes_at) == (time(8, 0), time(11, 30))
    assert occurrence.place == "Trụ sở Tiếp công dân tỉnh"


def test_default_window_is_a_year_back_and_three_months_ahead() -> None:
    assert default_window(date(2026, 5, 31)) == (date(2025, 5, 31), date(2026, 8, 31))
    assert default_window(date(2026, 11, 30)) == (date(2025, 11, 30), date(2027, 2, 28))


BOARD_FILES = {
    "reception_schedules/chu-tich.yaml": """\
title: Lịch tiếp công dân của Chủ tịch UBND tỉnh
leader:
  name: Hồ Tiến Thiệu
  position: Chủ tịch UBND tỉnh
level: tinh
place: Trụ sở Tiếp công dân tỉnh
recurrence:
  freq: monthly
  by_month_day: 15
  opens_at: "08:00"
  closes_at: "11:30"
  valid_from: 2025-01-01
""",
    "reception_sessions/2026-04.yaml": """\
title: Buổi tiếp tháng 4/2026
schedule: chu-tich
scheduled_on: 2026-04-15
audience: internal
status: cancelled
postponement:
  reason: Lý do nội bộ
""",
}


def test_the_public_site_ignores_internal_session_records(content_dir: Path) -> None:
    write_files(content_dir, BOARD_FILES)
    board = check_content(content_dir).board
    window = (date(2026, 4, 1), date(2026, 4, 30))
    (public,) = board_occurrences(board, date(2026, 4, 1), Audience.PUBLIC, window)
    (internal,) = board_occurrences(board, date(2026, 4, 1), Audience.INTERNAL, window)
    assert public.status is SessionStatus.PLANNED and public.session is None
    assert internal.status is SessionStatus.CANCELLED


def test_board_occurrences_cover_the_default_window(content_dir: Path) -> None:
    write_files(content_dir, BOARD_FILES)
    found = board_occurrences(check_content(content_dir).board, date(2026, 5, 20))
    assert found[0].date >= date(2025, 5, 20) and found[-1].date <= date(2026, 8, 20)
    assert len(found) == 15


# Pages (rendered through the render stage, as the build does).

def render(tmp_path: Path, audience: Audience = Audience.PUBLIC, today: date | None = None) -> RenderedSite:
    from support.reception import TODAY, make_board

    return render_site(make_board(tmp_path / "content"), audience, today or TODAY)


def test_schedule_page_shows_the_next_session_and_highlights_today(tmp_path: Path) -> None:
    page = render(tmp_path, today=date(2026, 6, 10)).pages[SCHEDULE_PAGE]
    next_block = page.split("## Buổi tiếp sắp tới")[1].split("\n## ")[0]
    assert "<mark>Hôm nay, Thứ Tư, 10/06/2026</mark>" in next_block
    assert "**Người tiếp:** Đoàn Thu Hà, Phó Chủ tịch UBND tỉnh" in next_block
    assert "| <mark>Hôm nay, Thứ Tư, 10/06/2026</mark> | 14:00–16:30 |" in page
    assert "<mark>**10**</mark><br> **Tiếp công dân 14:00–16:30**" in page  # the month grid


def test_schedule_page_skips_a_postponed_session_for_the_next_one(tmp_path: Path) -> None:
    page = render(tmp_path, today=date(2026, 6, 12)).pages[SCHEDULE_PAGE]
    next_block = page.split("## Buổi tiếp sắp tới")[1].split("\n## ")[0]
    assert "**Thứ Sáu, 19/06/2026**, từ 08:00 đến 11:30" in next_block
    assert "Thay cho buổi tiếp ngày 15/06/2026 được hoãn." in next_block


def test_postponement_and_cancellation_show_on_the_schedule_page(tmp_path: Path) -> None:
    page = render(tmp_path).pages[SCHEDULE_PAGE]
    assert ("| Thứ Hai, 15/06/2026 | 08:00–11:30 | Hồ Tiến Thiệu, Chủ tịch UBND tỉnh |" in page)
    assert "**Hoãn sang ngày 19/06/2026.** Lý do: Trùng kỳ họp thứ 12, Hội đồng nhân dân tỉnh." in page
    assert "| Thứ Tư, 08/07/2026 | 14:00–16:30 |" in page
    assert "**Hủy buổi tiếp.** Lý do: Ảnh hưởng của bão; tiếp vào kỳ sau." in page
    assert "Theo lịch là ngày 15/08/2026 (thứ Bảy), dời sang ngày làm việc kế tiếp." in page


def test_stand_in_shows_the_deputy_and_the_notice_on_the_page(tmp_path: Path) -> None:
    page = render(tmp_path).pages[SCHEDULE_PAGE]
    row = next(line for line in page.splitlines() if line.startswith("| Thứ Tư, 15/07/2026"))
    assert "Đoàn Thu Hà, Phó Chủ tịch UBND tỉnh (tiếp thay Hồ Tiến Thiệu, Chủ tịch UBND tỉnh)" in row
    assert "Lý do: Chủ tịch dự hội nghị tại Hà Nội. Thông báo số 88/TB-UBND ngày 06/07/2026." in row
    july = render(tmp_path / "later", today=date(2026, 7, 9)).pages[SCHEDULE_PAGE]
    next_block = july.split("## Buổi tiếp sắp tới")[1].split("\n## ")[0]
    assert "**Người tiếp:** Đoàn Thu Hà, Phó Chủ tịch UBND tỉnh" in next_block
    assert "**Tiếp thay:** Đoàn Thu Hà" in next_block and "88/TB-UBND" in next_block


def test_schedule_page_links_the_feed_and_the_feed_is_a_file(tmp_path: Path) -> None:
    site = render(tmp_path)
    assert "(../tiep-cong-dan/lich-tiep-cong-dan.ics)" in site.pages[SCHEDULE_PAGE]
    assert site.files[FEED_FILE].startswith(b"BEGIN:VCALENDAR\r\n")


def test_each_result_notice_has_its_own_page(tmp_path: Path) -> None:
    site = render(tmp_path)
    page = site.pages["tiep-cong-dan/thong-bao/2026-04/index.md"]
    assert page.startswith("# Thông báo kết quả buổi tiếp công dân ngày 15/04/2026\n")
    assert "- **Số thông báo:** 52/TB-UBND, ngày 17/04/2026" in page
    assert "- **Số lượt công dân được tiếp:** 7" in page
    assert "### Vụ việc 2 {#vu-viec-2}" in page
    assert "- **Thời hạn:** 15/05/2026" in page
    assert "&lt;tránh&gt;" in page and "<tránh>" not in page
    history = site.pages[HISTORY_PAGE]
    assert "[Số 52/TB-UBND ngày 17/04/2026](../../tiep-cong-dan/thong-bao/2026-04/index.md)" in history


def test_internal_notices_stay_off_the_public_site(tmp_path: Path) -> None:
    public = render(tmp_path / "a")
    internal = render(tmp_path / "b", Audience.INTERNAL)
    assert "tiep-cong-dan/thong-bao/2026-03/index.md" not in public.pages
    assert "31/TB-UBND" not in "".join(public.pages.values())
    assert "Lý do nội bộ".encode() not in public.files[FEED_FILE]
    assert "tiep-cong-dan/thong-bao/2026-03/index.md" in internal.pages


def test_history_lists_past_sessions_newest_first_from_the_first_record(tmp_path: Path) -> None:
    history = render(tmp_path).pages[HISTORY_PAGE]
    rows = [line for line in history.splitlines() if line.startswith("| Thứ")]
    assert rows[0].startswith("| Thứ Sáu, 15/05/2026 | Hồ Tiến Thiệu, Chủ tịch UBND tỉnh | Chưa cập nhật |")
    dates = [row.split(" | ")[0].split(", ")[1] for row in rows]
    assert dates == sorted(dates, key=lambda text: text[6:] + text[3:5] + text[:2], reverse=True)
    # Each schedule's history starts at its first public record: the chairman's in 04/2026,
    # the vice-chairman's (first record 07/2026) not yet.
    assert "| Thứ Tư, 15/04/2026 | Hồ Tiến Thiệu, Chủ tịch UBND tỉnh | Đã tiếp |" in history
    assert "23/02/2026" not in history and "Đoàn Thu Hà" not in history
    internal = render(tmp_path / "internal", Audience.INTERNAL).pages[HISTORY_PAGE]
    assert "Thứ Hai, 16/03/2026" in internal and "23/02/2026" not in internal


def test_nav_and_home_page_include_the_reception_section(tmp_path: Path) -> None:
    site = render(tmp_path)
    assert {"Tiếp công dân": [{"Lịch tiếp công dân": SCHEDULE_PAGE},
                              {"Kết quả các buổi tiếp": HISTORY_PAGE}]} in site.nav
    home = site.pages["index.md"]
    assert "## Lịch tiếp công dân sắp tới" in home
    assert "**Thứ Tư, 10/06/2026**, từ 14:00 đến 16:30" in home
    assert "[Xem lịch tiếp công dân](tiep-cong-dan/index.md)" in home


def test_next_session_block_for_other_pages(tmp_path: Path) -> None:
    from support.reception import TODAY, make_board

    view = SiteView(make_board(tmp_path / "content"), Audience.PUBLIC, TODAY)
    block = next_session_block(view, "thu-tuc/index.md", "###")
    assert block.startswith("### Lịch tiếp công dân sắp tới")
    assert "[Xem lịch tiếp công dân](../tiep-cong-dan/index.md)" in block


def test_a_board_without_sessions_says_so(content_dir: Path) -> None:
    ended = BOARD_FILES["reception_schedules/chu-tich.yaml"] + "  valid_to: 2025-06-30\n"
    write_files(content_dir, {"reception_schedules/chu-tich.yaml": ended})
    site = render_site(check_content(content_dir).board, Audience.PUBLIC, date(2026, 5, 20))
    assert "Chưa có buổi tiếp công dân nào được lên lịch trong thời gian tới." in site.pages[SCHEDULE_PAGE]


def test_a_postponed_session_happens_on_its_new_date_for_pages_feed_and_audit() -> None:
    """One rule (ReceptionSession.happens_on): held_on, else the postponement's new date, else the
    rule date. The audit once counted a postponed session from its old date, the pages from the new."""
    postponed = session("2026-05-15", status="postponed", postponement={
        "new_date": "2026-05-22", "reason": "Trùng kỳ họp Hội đồng nhân dân tỉnh"})
    assert postponed.happens_on == date(2026, 5, 22)
    unannounced = session("2026-05-15", status="postponed", postponement={"reason": "Bão"})
    assert unannounced.happens_on == date(2026, 5, 15)
    assert session("2026-05-15", status="held", held_on="2026-05-18").happens_on == date(2026, 5, 18)
    assert not hasattr(SiteView, "session_date")
