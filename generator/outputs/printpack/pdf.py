"""A4 HTML → PDF with the Chromium command line (`--headless --print-to-pdf`).

Why the command line and not Playwright's `page.pdf(prefer_css_page_size=True)`: Playwright is
a test dependency only, and office staff who run `congkhai print --pdf` should need nothing but
Debian's `chromium` package. Chromium's headless printing already takes the page size and
margins from the CSS `@page` rule, and `--no-pdf-header-footer` leaves the page numbers to the
`@page` margin boxes (Chromium ≥ 131). The cost is one browser start per page (about half a
second), spread over a few processes at once, each with its own throw-away profile.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

from generator.errors import CongkhaiError

CHROMIUM_ENV = "CONGKHAI_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions",
)
TIMEOUT_SECONDS = 90


class PdfError(CongkhaiError):
    """Printing to PDF is impossible here (no browser) or failed; the message is for staff."""


def find_chromium() -> str:
    """The Chromium (or Chrome) program: $CONGKHAI_CHROMIUM, else the first one on PATH."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        if shutil.which(configured):
            return configured
        raise PdfError(f"biến {CHROMIUM_ENV}='{configured}' không trỏ tới chương trình Chromium chạy được")
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(
        "không tìm thấy trình duyệt Chromium để in PDF. Hãy cài gói chromium "
        "(sudo apt-get install chromium) hoặc đặt biến môi trường "
        f"{CHROMIUM_ENV} là đường dẫn tới Chromium/Google Chrome; bỏ --pdf để chỉ tạo trang HTML"
    )


# Chromium (Skia) stamps the time of printing: "/CreationDate (D:20261202121932+00'00')".
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[+\-Z][^)]*\)")


def pdf_date(day: date) -> bytes:
    """The PDF date of a notice: its own day, or $SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = (datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit()
            else datetime(day.year, day.month, day.day, tzinfo=UTC))
    return f"D:{when:%Y%m%d%H%M%S}+00'00'".encode("ascii")


# The tagged PDF's structure elements are named after DOM node ids, which one run may number
# one higher than the next: "/ID (node00000035)".
_NODE_ID = re.compile(rb"\(node(\d{8})\)")


def _renumbered_nodes(data: bytes) -> bytes:
    """Node ids 1, 2, 3… in the order of the original ids: the same width (offsets unchanged)
    and the same order (the ID name tree stays sorted)."""
    ids = sorted({int(match.group(1)) for match in _NODE_ID.finditer(data)})
    rank = {number: index for index, number in enumerate(ids, start=1)}
    return _NODE_ID.sub(lambda match: b"(node%08d)" % rank[int(match.group(1))], data)


def stamp_dates(pdf: Path, day: date) -> None:
    """Set CreationDate and ModDate to `day`, and number the structure nodes from 1, so that two
    runs print the same bytes.

    Skia's dates are always 23 characters, as is ours: the cross-reference offsets stay right.
    A date of another length is left alone rather than corrupting the file."""
    data = pdf.read_bytes()
    stamp = pdf_date(day)

    def replace(match: re.Match[bytes]) -> bytes:
        fixed = b"/" + match.group(1) + b" (" + stamp + b")"
        return fixed if len(fixed) == len(match.group(0)) else match.group(0)

    pdf.write_bytes(_renumbered_nodes(_PDF_DATE.sub(replace, data)))


def print_pdf(browser: str, page: Path, pdf: Path, day: date | None = None) -> Path:
    """Print one HTML file to `pdf` (the file's own @page rule sets paper and margins), dated
    `day` (the notice's date) rather than the time of printing."""
    pdf.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="congkhai-chromium-") as profile:
        command = [browser, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf.resolve()}",
                   page.resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                                  check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as error:
            raise PdfError(f"Chromium không in xong {page.name} sau {TIMEOUT_SECONDS} giây") from error
    if not pdf.is_file() or pdf.stat().st_size == 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["không có thông báo"]
        raise PdfError(f"Chromium không in được {page.name} (mã thoát {done.returncode}): {detail[0]}")
    if day is not None:
        stamp_dates(pdf, day)
    return pdf


def print_pdfs(pages: Iterable[Path], jobs: int = 2, days: Iterable[date | None] = ()) -> list[Path]:
    """Print every page beside itself (`a.html` → `a.pdf`), each dated by `days` (in the same
    order; missing: the time of printing); raises PdfError on the first failure."""
    browser = find_chromium()
    pages = list(pages)
    dated = dict(zip(pages, days, strict=False))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda page: print_pdf(browser, page, page.with_suffix(".pdf"), dated.get(page)),
                             pages))
