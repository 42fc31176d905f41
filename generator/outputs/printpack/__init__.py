"""The print pack: A4 notices in the NĐ 30/2020 layout for the physical board, with QR codes.

`write_print_pack(board, out_dir, audience, today)` writes one HTML page per notice and an
index page; `print_pdfs` (see `pdf.py`) prints them to PDF. The public pack holds public
records only; the internal pack holds every record, as the internal site does.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.check.link import Board
from generator.models import Audience
from generator.outputs.folder import remove_unwanted
from generator.outputs.printpack.html import notice_memo, write_index, write_pages
from generator.outputs.printpack.notices import Notice, collect_notices
from generator.outputs.printpack.pdf import PdfError, Progress, find_chromium, print_pdfs

MARKER = ".congkhai-print"
PRINT_FOLDER = "print"


@dataclass(frozen=True, slots=True)
class PrintPack:
    out_dir: Path
    notices: list[Notice]
    pages: list[Path]
    index: Path
    pdfs: list[Path]


def prepare_folder(out_dir: Path) -> None:
    """Empty a folder `congkhai print` wrote before (it holds the marker); never any other folder."""
    if (out_dir / MARKER).is_file():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text("congkhai print\n", encoding="utf-8")


# PDFs printed in this run, by the bytes of their page and their date.
Printed = dict[tuple[bytes, date], Path]


def write_print_pack(board: Board, out_dir: Path, audience: Audience, today: date,
                     pdf: bool = False, memo_file: Path | None = None,
                     printed: Printed | None = None, progress: Progress | None = None) -> PrintPack:
    """Write the pack for `audience` into `out_dir` (and the PDFs when `pdf`, told to `progress`
    as they are printed). With a `memo_file`, a notice made from the same inputs as in the last
    run is not made again; with `printed` (shared by the packs of one run), a page already
    printed is copied, not printed."""
    if board.office is None:
        raise ValueError("the board has no office record (board.yaml)")
    notices = collect_notices(board, audience, today)
    memo = notice_memo(memo_file, board.office, board.source_digest) if memo_file is not None else None
    pages = write_pages(notices, board.office, out_dir, memo)
    days = [notice.issued_on for notice in notices]
    pdfs = _print_once(pages, days, {} if printed is None else printed, progress) if pdf and pages else []
    index = write_index(notices, board.office, out_dir, today, audience is Audience.INTERNAL)
    return PrintPack(out_dir, notices, pages, index, pdfs)


def _print_once(pages: list[Path], days: list[date], printed: Printed,
                progress: Progress | None) -> list[Path]:
    """The PDF beside each page. The internal pack repeats every public notice byte for byte:
    a page printed before (same bytes, same date) gets a copy of that PDF (a browser takes
    about 0.16 s a page)."""
    keys = [(hashlib.sha256(page.read_bytes()).digest(), day) for page, day in zip(pages, days, strict=True)]
    wanted = {key: page for page, key in zip(pages, keys, strict=True) if key not in printed}
    if wanted:
        new_pdfs = print_pdfs(list(wanted.values()), days=[day for _, day in wanted], progress=progress)
        printed.update(zip(wanted, new_pdfs, strict=True))
    pdfs = []
    for page, key in zip(pages, keys, strict=True):
        pdf = page.with_suffix(".pdf")
        if printed[key] != pdf:
            shutil.copyfile(printed[key], pdf)
        pdfs.append(pdf)
    return pdfs


def print_pack_writer(board: Board, audience: Audience, today: date, site_dir: Path,
                      cache_dir: Path | None = None) -> None:
    """A build writer: `site_dir/print/` for each audience (HTML only; PDFs via `congkhai print`),
    its notices kept in `cache_dir` (the site's build cache folder) for the next build."""
    memo_file = cache_dir / "print.pack" if cache_dir is not None else None
    for pdf in sorted((site_dir / PRINT_FOLDER).rglob("*.pdf")):  # a build prints none: the index
        pdf.unlink()  # must not link one the folder held before (generator.site.spare)
    pack = write_print_pack(board, site_dir / PRINT_FOLDER, audience, today, memo_file=memo_file)
    # The folder may hold the last build's pack (generator.site.spare).
    written = [*pack.pages, pack.index]
    remove_unwanted(pack.out_dir, {path.relative_to(pack.out_dir).as_posix() for path in written})


__all__ = ["PdfError", "PrintPack", "Printed", "find_chromium", "prepare_folder", "print_pack_writer",
           "print_pdfs", "write_print_pack"]
