"""What every `congkhai` subcommand shares: exit codes, usage errors, the content folder and
the reference date. Exit codes: 0 done, 1 content errors, 2 usage errors."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

# Vietnam keeps UTC+7 all year (no daylight saving), so no time-zone database is needed.
VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


def content_dir_arg(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise UsageError(f"không tìm thấy thư mục nội dung '{value}'")
    return path


def today_in_vietnam() -> date:
    return datetime.now(VIETNAM).date()


def reference_date(value: str) -> date:
    """argparse type of `--today`: a bad date is a usage error (exit 2) with a Vietnamese message."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' không phải ngày dạng YYYY-MM-DD") from None


def add_today_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--today", type=reference_date, default=None, metavar="YYYY-MM-DD",
                        help=f"{help_text} (mặc định: hôm nay theo giờ Việt Nam)")


def fail(message: str, code: int) -> int:
    print(f"congkhai: lỗi: {message}", file=sys.stderr)
    return code
