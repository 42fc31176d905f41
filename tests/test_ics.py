"""The iCalendar feed of reception sessions: RFC 5545 as strict clients read it."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.reception import TODAY, make_board

from generator.check.link import Board
from generator.models import Audience
from generator.schedule.ics import FEED_PATH, Event, board_feed, calendar_bytes, escape_text, fold_line
from generator.schedule.occurrences import board_occurrences

ICT = timezone(timedelta(hours=7))
CHAIRMAN = "Hồ Tiến Thiệu (Chủ tịch UBND tỉnh)"
VICE = "Đoàn Thu Hà (Phó Chủ tịch UBND tỉnh)"


@pytest.fixture
def board(tmp_path: Path) -> Board:
    return make_board(tmp_path / "content")


@pytest.fixture
def feed(board: Board) -> bytes:
    return board_feed(board, TODAY, Audience.PUBLIC)


def all_events(feed: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(feed).walk("VEVENT"))


def events(feed: bytes) -> list[icalendar.Event]:
    """The events on or after TODAY (the feed also keeps the past twelve months)."""
    return [event for event in all_events(feed) if event.decoded("DTSTART").date() >= TODAY]


def test_feed_parses_into_the_coming_occurrences(board: Board, feed: bytes) -> None:
    coming = [item for item in board_occurrences(board, TODAY, Audience.PUBLIC) if item.date >= TODAY]
    parsed = events(feed)
    assert len(parsed) == len(coming) == 7
    assert [event.decoded("DTSTART") for event in parsed] == [
        datetime.combine(item.date, item.opens_at, ICT) for item in coming]
    assert [event.decoded("DTSTART").date() for event in parsed] == [
        date(2026, 6, 10), date(2026, 6, 15), date(2026, 6, 19), date(2026, 7, 8), date(2026, 7, 15),
        date(2026, 8, 12), date(2026, 8, 17)]
    assert [str(event["UID"]) for event in parsed] == [
        "pho-chu-tich-20260610@congkhai.langson.gov.vn",
        "chu-tich-20260615@congkhai.langson.gov.vn",
        "chu-tich-20260615-20260619@congkhai.langson.gov.vn",
        "pho-chu-tich-20260708@congkhai.langson.gov.vn",
        "chu-tich-20260715@congkhai.langson.gov.vn",
        "pho-chu-tich-20260812@congkhai.langson.gov.vn",
        "chu-tich-20260815@congkhai.langson.gov.vn",
    ]
    assert [str(event["SUMMARY"]) for event in parsed] == [
        f"Tiếp công dân: {VICE}",
        f"[HOÃN] Tiếp công dân: {CHAIRMAN}",
        f"Tiếp công dân: {CHAIRMAN}",
        f"[HỦY] Tiếp công dân: {VICE}",
        f"Tiếp công dân: {VICE}",
        f"Tiếp công dân: {VICE}",
        f"Tiếp công dân: {CHAIRMAN}",
    ]


def test_the_feed_keeps_the_past_twelve_months(board: Board, feed: bytes) -> None:
    """A subscriber's calendar keeps the sessions held, not only the coming ones."""
    past = [item for item in board_occurrences(board, TODAY, Audience.PUBLIC)
            if date(2025, 5, 20) <= item.date < TODAY]
    held = [event.decoded("DTSTART").date() for event in all_events(feed)
            if event.decoded("DTSTART").date() < TODAY]
    assert past and held == [item.date for item in past]
    assert min(held) >= date(2025, 5, 20)


def test_times_are_in_vietnam_time(feed: bytes) -> None:
    first, second = events(feed)[:2]
    assert (first.decoded("DTSTART").hour, first.decoded("DTEND").hour) == (14, 16)
    start, end = second.decoded("DTSTART"), second.decoded("DTEND")
    assert start.utcoffset() == end.utcoffset() == timedelta(hours=7)
    assert (start.hour, start.minute, end.hour, end.minute) == (8, 0, 11, 30)
    timezones = list(icalendar.Calendar.from_ical(feed).walk("VTIMEZONE"))
    assert [str(zone["TZID"]) for zone in timezones] == ["Asia/Ho_Chi_Minh"]


def test_postponement_and_cancellation_are_in_the_feed(feed: bytes) -> None:
    _, postponed, moved, cancelled, *_ = events(feed)
    assert str(postponed["STATUS"]) == "CANCELLED"
    assert "hoãn sang ngày 19/06/2026" in str(postponed["DESCRIPTION"])
    assert "Trùng kỳ họp thứ 12, Hội đồng nhân dân tỉnh" in str(postponed["DESCRIPTION"])
    assert str(moved["STATUS"]) == "CONFIRMED"
    assert "Buổi tiếp ngày 15/06/2026 được dời sang ngày này" in str(moved["DESCRIPTION"])
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "Ảnh hưởng của bão; tiếp vào kỳ sau" in str(cancelled["DESCRIPTION"])


def test_stand_in_names_the_deputy_and_the_notice(feed: bytes) -> None:
    stand_in = events(feed)[4]
    description = str(stand_in["DESCRIPTION"])
    assert f"Người tiếp: {VICE}" in description
    assert f"tiếp thay {CHAIRMAN}" in description
    assert "Thông báo số 88/TB-UBND ngày 06/07/2026" in description


def test_rollover_is_explained_and_location_survives_escaping(feed: bytes) -> None:
    august = events(feed)[6]
    assert "Theo lịch là ngày 15/08/2026 (thứ Bảy)" in str(august["DESCRIPTION"])
    assert str(august["LOCATION"]) == "Trụ sở Tiếp công dân tỉnh, số 2 đường Hùng Vương; phường Chi Lăng"
    assert "tỉnh\\, số 2 đường Hùng Vương\\; phường".encode() in feed.replace(b"\r\n ", b"")
    assert str(august["URL"]) == "https://congkhai.langson.gov.vn/tiep-cong-dan/lich/chu-tich/"


def test_public_feed_leaves_internal_sessions_out(board: Board, feed: bytes) -> None:
    internal = board_feed(board, TODAY, Audience.INTERNAL)
    assert str(events(feed)[6]["STATUS"]) == "CONFIRMED"
    assert str(events(internal)[6]["SUMMARY"]).startswith("[HỦY]")
    assert "Lý do nội bộ".encode() not in feed


def unfolded(feed: bytes) -> list[str]:
    return feed.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def test_strict_rfc_5545_line_rules(feed: bytes) -> None:
    assert feed.endswith(b"\r\n")
    physical = feed.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(physical) and b"\r" not in b"".join(physical)
    assert all(len(line) <= 75 for line in physical)
    for line in physical:
        line.decode("utf-8")  # folding never splits a character
    assert any(line.startswith(b" ") for line in physical), "the fixture should need folding"
    for previous, line in itertools.pairwise(physical):
        if line.startswith(b" "):
            assert len(previous) >= 70  # folded only where needed
    logical = unfolded(feed)
    assert logical[:6] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//congkhai//Lich tiep cong dan//VI",
                           "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                           "X-WR-CALNAME:Lịch tiếp công dân – Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn"]
    assert logical[-1] == "END:VCALENDAR"


def test_every_event_has_uid_and_dtstamp_and_tzid(feed: bytes) -> None:
    blocks = "\n".join(unfolded(feed)).split("BEGIN:VEVENT")[1:]
    assert len(blocks) == len(all_events(feed)) > 7
    for block in blocks:
        names = [line.split(":", 1)[0] for line in block.splitlines()]
        assert names.count("UID") == 1
        assert names.count("DTSTAMP") == 1
        assert "DTSTART;TZID=Asia/Ho_Chi_Minh" in names and "DTEND;TZID=Asia/Ho_Chi_Minh" in names
        assert "DTSTAMP:20260519T170000Z" in block


def test_two_builds_are_identical_and_uids_stay_across_days(tmp_path: Path) -> None:
    first = board_feed(make_board(tmp_path / "a"), TODAY)
    second = board_feed(make_board(tmp_path / "b"), TODAY)
    assert first == second
    later = board_feed(make_board(tmp_path / "c"), TODAY + timedelta(days=7))
    uids = {str(event["UID"]) for event in events(first)}
    assert {str(event["UID"]) for event in events(later)} <= uids


def test_without_site_url_uids_use_a_reserved_host(tmp_path: Path) -> None:
    feed = board_feed(make_board(tmp_path / "content", site_url=None), TODAY)
    assert all(str(event["UID"]).endswith("@congkhai.invalid") for event in events(feed))


def test_feed_path_is_under_the_reception_section() -> None:
    assert FEED_PATH == "tiep-cong-dan/lich-tiep-cong-dan.ics"


def test_text_escaping() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    text = "Phòng 1; tầng 2, nhà A\\B\nGhi chú: ổn"
    event = Event("x@example.vn", datetime(2026, 1, 5, 8), datetime(2026, 1, 5, 9), text, text, text)
    (parsed,) = all_events(calendar_bytes("Thử", [event], TODAY))
    assert str(parsed["SUMMARY"]) == str(parsed["LOCATION"]) == str(parsed["DESCRIPTION"]) == text


@given(st.text(alphabet=st.sampled_from("aẫệ ,;\\ữ\U0001f600ĐX"), max_size=400))
def test_folding_keeps_lines_short_and_characters_whole(text: str) -> None:
    folded = fold_line(f"DESCRIPTION:{text}").encode("utf-8")
    lines = folded.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert all(line.startswith(b" ") for line in lines[1:])
    for line in lines:
        line.decode("utf-8")
    assert folded.decode("utf-8").replace("\r\n ", "") == f"DESCRIPTION:{text}"
