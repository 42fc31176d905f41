"""`congkhai build`: check, audit, render and publish both sites (exit 0 built, 1 content or
build errors with the previous site untouched, 2 usage errors; see generator.errors)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.cli.common import add_today_option, content_dir_arg, today_in_vietnam
from generator.errors import EXIT_OK, UsageError
from generator.present.format import format_date


def run_build(args: argparse.Namespace) -> int:
    from generator.site.build import build, stderr_progress

    content_dir = content_dir_arg(args.content_dir)
    today = args.today or today_in_vietnam()
    config_file = Path(args.config_file) if args.config_file else None
    if config_file is not None and not config_file.is_file():
        raise UsageError(f"không tìm thấy tệp cấu hình '{args.config_file}'")
    site_dir = Path(args.site_dir)
    parallel = None if args.jobs is None else args.jobs > 1
    report = build(content_dir, site_dir, today, config_file=config_file, strict=args.strict,
                   parallel=parallel, progress=stderr_progress, cache_dir=cache_dir_arg(args, content_dir))
    for warning in report.warnings:
        print(f"cảnh báo: {warning}", file=sys.stderr)
    pages = ", ".join(f"{audience.value}: {count} trang" + _rebuilt(report.built.get(audience, count), count)
                      for audience, count in report.pages.items())
    if report.unchanged:
        print(f"Nội dung, cấu hình và ngày {format_date(today)} không đổi từ lần tạo trước: "
              f"giữ nguyên trang trong {site_dir.as_posix()}/ ({pages}).")
    else:
        print(f"Đã tạo trang ngày {format_date(today)} vào {site_dir.as_posix()}/ ({pages}).")
    return EXIT_OK


def _rebuilt(built: int, pages: int) -> str:
    return f", {built} dựng lại, {pages - built} lấy từ bộ nhớ đệm" if built < pages else ""


def cache_dir_arg(args: argparse.Namespace, content_dir: Path) -> Path | None:
    """--cache DIR, none with --no-cache, else .cache/congkhai beside the content folder (where
    mkdocs.yml and the CI workflows are)."""
    from generator.site.cache import DEFAULT_CACHE_DIR

    if args.no_cache:
        return None
    if args.cache:
        return Path(args.cache)
    return content_dir.resolve().parent / DEFAULT_CACHE_DIR


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add `build` to the `congkhai` parser."""
    build = commands.add_parser("build", help="tạo trang công khai và trang nội bộ vào site/")
    build.add_argument("content_dir", nargs="?", default="content", help="thư mục nội dung")
    add_today_option(build, "ngày tham chiếu")
    build.add_argument("--site-dir", default="site", help="thư mục trang (mặc định: site)")
    build.add_argument("--config-file", "-f",
                       help="tệp mkdocs.yml (mặc định: mkdocs.yml cạnh thư mục nội dung)")
    build.add_argument("--strict", action="store_true",
                       help="coi cảnh báo của MkDocs (liên kết hỏng…) là lỗi")
    build.add_argument("--jobs", type=int, choices=(1, 2),
                       help="1: dùng một nhân (kiểm tra rồi tạo lần lượt từng trang); 2: đọc hồ sơ "
                            "bằng hai tiến trình, tạo trang công khai và nội bộ cùng lúc "
                            "(mặc định: 2 nếu máy có từ 2 nhân)")
    cache = build.add_mutually_exclusive_group()
    cache.add_argument("--cache", metavar="DIR",
                       help="thư mục bộ nhớ đệm: lần tạo sau chỉ dựng lại trang có thay đổi "
                            "(mặc định: .cache/congkhai cạnh thư mục nội dung)")
    cache.add_argument("--no-cache", action="store_true",
                       help="tạo lại toàn bộ, không đọc và không ghi bộ nhớ đệm")
    build.set_defaults(handler=run_build)
