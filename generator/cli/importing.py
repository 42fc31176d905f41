"""`congkhai import dvc SOURCE… [--content DIR] [--unit ID] [--today D]`: procedures from the
national procedure database's export. Exit 0 when every file was imported, 1 when a file had an
error (nothing written for that file), 2 on usage errors."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from generator.cli.common import add_today_option, content_dir_arg, today_in_vietnam
from generator.errors import EXIT_ERRORS, EXIT_OK
from generator.importer import ImportReport, import_dvc

STATUS_WORDS = {"new": "nhập mới", "updated": "cập nhật", "unchanged": "không đổi"}


def print_report(report: ImportReport) -> None:
    for outcome in report.outcomes:
        if outcome.error:
            print(outcome.error)
            continue
        print(f"{outcome.source}: {STATUS_WORDS[outcome.status]} → {outcome.target}")
        for path in outcome.unmapped:
            print(f"  {outcome.source}: {path}: W-IMPORT-UNMAPPED không nhập được, "
                  "ghi trong chú thích đầu tệp")
    print(f"Nhập xong: {report.count('new')} nhập mới, {report.count('updated')} cập nhật, "
          f"{report.count('unchanged')} không đổi, {report.count('error')} tệp lỗi (bỏ qua, không ghi gì).")
    if report.outcomes and report.count("error") < len(report.outcomes):
        print("Tiếp theo: congkhai check")


def run_import_dvc(args: argparse.Namespace) -> int:
    content_dir = content_dir_arg(args.content)
    report = import_dvc([Path(source) for source in args.sources], content_dir, args.unit,
                        args.today or today_in_vietnam())
    print_report(report)
    return EXIT_OK if report.ok else EXIT_ERRORS


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add `import dvc` to the `congkhai` parser."""
    command = commands.add_parser("import", help="nhập hồ sơ từ nguồn dữ liệu khác")
    sources = command.add_subparsers(dest="source_kind", metavar="NGUỒN", required=True)
    dvc = sources.add_parser(
        "dvc", help="thủ tục hành chính từ Cơ sở dữ liệu quốc gia về thủ tục hành chính (tệp JSON)")
    dvc.add_argument("sources", nargs="+", metavar="NGUỒN",
                     help="tệp .json (một thủ tục mỗi tệp) hoặc thư mục chứa các tệp đó")
    dvc.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    dvc.add_argument("--unit", default=None, metavar="MÃ_BỘ_PHẬN",
                     help="gán các thủ tục nhập cho bộ phận này (mã trong content/units/)")
    add_today_option(dvc, "ngày ghi vào nguồn nhập")
    dvc.set_defaults(handler=run_import_dvc)
