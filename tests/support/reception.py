"""A board of reception schedules and sessions: a stand-in, a postponement, a cancellation, a
roll-over past a holiday and an internal session (the feed's, the reception pages' and the
reception browser tests' board)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.check import check_content
from generator.check.link import Board
from support.boards import BOARD_YAML, write_files

TODAY = date(2026, 5, 20)

SCHEDULE = """\
title: Lịch tiếp công dân của Chủ tịch UBND tỉnh
leader:
  name: Hồ Tiến Thiệu
  position: Chủ tịch UBND tỉnh
deputies:
  - name: Đoàn Thu Hà
    position: Phó Chủ tịch UBND tỉnh
level: tinh
place: Trụ sở Tiếp công dân tỉnh, số 2 đường Hùng Vương; phường Chi Lăng
recurrence:
  freq: monthly
  by_month_day: 15
  opens_at: "08:00"
  closes_at: "11:30"
  valid_from: 2025-01-01
"""

VICE_SCHEDULE = """\
title: Lịch tiếp công dân của Phó Chủ tịch UBND tỉnh
leader:
  name: Đoàn Thu Hà
  position: Phó Chủ tịch UBND tỉnh
level: tinh
place: Trụ sở Tiếp công dân tỉnh
recurrence:
  freq: monthly
  by_weekday: 2WE
  opens_at: "14:00"
  closes_at: "16:30"
  valid_from: 2026-01-01
"""

FILES = {
    "reception_schedules/chu-tich.yaml": SCHEDULE,
    "reception_schedules/pho-chu-tich.yaml": VICE_SCHEDULE,
    "reception_sessions/2026-06.yaml": """\
title: Buổi tiếp tháng 6/2026
schedule: chu-tich
scheduled_on: 2026-06-15
status: postponed
postponement:
  new_date: 2026-06-19
  reason: Trùng kỳ họp thứ 12, Hội đồng nhân dân tỉnh
""",
    "reception_sessions/2026-07.yaml": """\
title: Buổi tiếp tháng 7/2026
schedule: chu-tich
scheduled_on: 2026-07-15
stand_in:
  deputy:
    name: Đoàn Thu Hà
    position: Phó Chủ tịch UBND tỉnh
  reason: Chủ tịch dự hội nghị tại Hà Nội
  notice:
    number: 88/TB-UBND
    date: 2026-07-06
""",
    "reception_sessions/2026-08.yaml": """\
title: Buổi tiếp tháng 8/2026 (nội bộ)
schedule: chu-tich
scheduled_on: 2026-08-15
audience: internal
status: cancelled
postponement:
  reason: Lý do nội bộ
""",
    "reception_sessions/2026-04.yaml": """\
title: Buổi tiếp tháng 4/2026
schedule: chu-tich
scheduled_on: 2026-04-15
status: held
citizens_received: 7
result_notice:
  number: 52/TB-UBND
  date: 2026-04-17
  posted_on: 2026-04-18
  signer:
    name: Nguyễn Văn Bình
    position: Chánh Văn phòng
  cases:
    - summary: Đề nghị xem xét bồi thường khi thu hồi đất làm đường <tránh> Quốc lộ 1A
      locality: Xã Mai Pha
      direction: Giao UBND thành phố Lạng Sơn kiểm tra, trả lời công dân
      responsible_unit: UBND thành phố Lạng Sơn
      deadline: 2026-05-15
    - summary: Phản ánh chậm cấp giấy chứng nhận quyền sử dụng đất
      direction: Giao Sở Nông nghiệp và Môi trường chỉ đạo giải quyết
      responsible_unit: Sở Nông nghiệp và Môi trường
""",
    "reception_sessions/2026-03.yaml": """\
title: Buổi tiếp tháng 3/2026 (nội bộ)
schedule: chu-tich
scheduled_on: 2026-03-15
audience: internal
status: held
result_notice:
  number: 31/TB-UBND
  date: 2026-03-18
  cases:
    - summary: Vụ việc nội bộ
      direction: Xử lý nội bộ
      responsible_unit: Văn phòng
""",
    "reception_sessions/pct-2026-07.yaml": """\
title: Buổi tiếp của Phó Chủ tịch tháng 7/2026
schedule: pho-chu-tich
scheduled_on: 2026-07-08
status: cancelled
postponement:
  reason: Ảnh hưởng của bão; tiếp vào kỳ sau
""",
}


def make_board(root: Path, site_url: str | None = "https://congkhai.langson.gov.vn/") -> Board:
    board_yaml = BOARD_YAML + (f"site_url: {site_url}\n" if site_url else "")
    write_files(root, {"board.yaml": board_yaml, **FILES})
    result = check_content(root)
    assert result.ok, result.diagnostics
    return result.board
