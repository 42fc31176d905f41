"""`congkhai print [CONTENT_DIR] [--today D] [--pdf] [--out DIR]`: the print pack on its own.

Writes OUT/public/ (public notices) and OUT/internal/ (every notice, for the office's own
board), each with an index.html, and with --pdf a PDF beside every page. Exit codes as the
rest of the CLI: 0 written, 1 content errors or printing failed, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from generator.check import check_content
from generator.cli.common import add_today_option, content_dir_arg, today_in_vietnam
from generator.errors import EXIT_OK, ContentErrors, UsageError
from generator.models import Audience
from generator.outputs.printpack import (
    PdfError,
    Printed,
    PrintPack,
    find_chromium,
    prepare_folder,
    write_print_pack,
)
from generator.present.format import format_date
from generator.site.progress import TerminalBar

DEFAULT_OUT = "build/print"
FOLDERS = {Audience.PUBLIC: "public", Audience.INTERNAL: "internal"}


def _summary(pack: PrintPack, out: Path) -> str:
    pdfs = f", {len(pack.pdfs)} tệp PDF" if pack.pdfs else ""
    return f"{pack.out_dir.relative_to(out).as_posix()}/: {len(pack.pages)} trang in{pdfs}"


def run_print(args: argparse.Namespace) -> int:
    content_dir = content_dir_arg(args.content_dir)
    today = args.today or today_in_vietnam()
    try:
        if args.pdf:
            find_chromium()  # before writing anything: say at once that PDFs cannot be made
    except PdfError as error:
        raise UsageError(str(error)) from error
    checked = check_content(content_dir)
    if not checked.ok:
        raise ContentErrors(checked, "bản in")
    return _write(checked.board, Path(args.out), today, args.pdf)


def _write(board: Any, out: Path, today: date, pdf: bool) -> int:
    prepare_folder(out)
    printed: Printed = {}  # the internal pack copies the PDFs of the public notices
    packs = []
    for audience, folder in FOLDERS.items():
        line = TerminalBar(f"In PDF ({folder})", "tệp")  # a terminal sees how far a long print is
        packs.append(write_print_pack(board, out / folder, audience, today, pdf=pdf, printed=printed,
                                      progress=line.show))
        line.clear()
    if board.office is not None and not board.office.site_url:
        print("cảnh báo: board.yaml chưa có 'site_url' nên bản in không có mã QR", file=sys.stderr)
    lines = "; ".join(_summary(pack, out) for pack in packs)
    print(f"Đã tạo bản in ngày {format_date(today)} vào {out.as_posix()}/ ({lines}).")
    print(f"Mở {(out / 'public' / 'index.html').as_posix()} để xem danh sách và in.")
    return EXIT_OK


def register(commands: Any) -> None:
    """Add `print` to the `congkhai` parser."""
    command = commands.add_parser("print", help="tạo bản in A4 (thể thức NĐ 30/2020) để niêm yết")
    command.add_argument("content_dir", nargs="?", default="content", help="thư mục nội dung")
    add_today_option(command, "ngày tham chiếu")
    command.add_argument("--pdf", action="store_true", help="in thêm tệp PDF (cần Chromium)")
    command.add_argument("--out", default=DEFAULT_OUT, help=f"thư mục ghi bản in (mặc định: {DEFAULT_OUT})")
    command.set_defaults(handler=run_print)
