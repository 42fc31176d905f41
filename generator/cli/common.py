"""What every `congkhai` subcommand shares: exit codes, usage errors, the content folder and
the reference date. Exit codes and errors live in generator.errors."""

from __future__ import annotations

import argparse
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import NoReturn

from generator.errors import EXIT_USAGE, UsageError, os_error_text

# Vietnam keeps UTC+7 all year (no daylight saving), so no time-zone database is needed.
VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")


# `--today` outside this range is a typing slip (9999-12-31), and the holiday calendar and
# date arithmetic (a deadline 30 working days on) would overflow or mean nothing there.
EARLIEST_TODAY, LATEST_TODAY = date(2000, 1, 1), date(2099, 12, 31)


def content_dir_arg(value: str) -> Path:
    path = Path(value)
    try:
        found = path.is_dir()
    except OSError as error:  # a 5,000-character argument: ENAMETOOLONG
        raise UsageError(f"thư mục nội dung {os_error_text(error)}") from None
    if not found:
        raise UsageError(f"không tìm thấy thư mục nội dung '{shorten(value)}'")
    return path


def shorten(value: str, limit: int = 120) -> str:
    """An argument as shown in a message: a pasted page of text is cut, not printed whole."""
    return value if len(value) <= limit else f"{value[:60]}…{value[-40:]}"


def today_in_vietnam() -> date:
    return datetime.now(VIETNAM).date()


def reference_date(value: str) -> date:
    """argparse type of `--today`: a bad date is a usage error (exit 2) with a Vietnamese message."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{shorten(value)}' không phải ngày dạng YYYY-MM-DD") from None
    if not EARLIEST_TODAY <= day <= LATEST_TODAY:
        raise argparse.ArgumentTypeError(
            f"ngày {day.isoformat()} nằm ngoài khoảng "
            f"{EARLIEST_TODAY.isoformat()} – {LATEST_TODAY.isoformat()}")
    return day


def add_today_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--today", type=reference_date, default=None, metavar="YYYY-MM-DD",
                        help=f"{help_text} (mặc định: hôm nay theo giờ Việt Nam)")


# argparse words its own errors in English; these are the ones staff meet, in their words.
_ARGPARSE_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"the following arguments are required: (.*)"), r"thiếu tham số: \1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"không hiểu tham số: \1"),
    (re.compile(r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)"),
     r"tham số \1: \2 không hợp lệ; chọn một trong: \3"),
    (re.compile(r"argument (\S+): expected one argument"), r"tham số \1 cần một giá trị"),
    (re.compile(r"argument (\S+): invalid int value: (.*)"), r"tham số \1: \2 không phải số nguyên"),
    (re.compile(r"argument (\S+): (.*)"), r"tham số \1: \2"),
]


class Parser(argparse.ArgumentParser):
    """argparse with its errors as one Vietnamese line (and exit code 2), like every other error."""

    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _ARGPARSE_MESSAGES:
            if pattern.fullmatch(message):
                message = pattern.sub(replacement, message)
                break
        self.exit(EXIT_USAGE, f"congkhai: lỗi: {shorten(message, 300)} (xem: {self.prog} --help)\n")
