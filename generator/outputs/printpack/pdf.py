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
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
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


def print_pdf(browser: str, page: Path, pdf: Path) -> Path:
    """Print one HTML file to `pdf` (the file's own @page rule sets paper and margins)."""
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
    return pdf


def print_pdfs(pages: Iterable[Path], jobs: int = 2) -> list[Path]:
    """Print every page beside itself (`a.html` → `a.pdf`); raises PdfError on the first failure."""
    browser = find_chromium()
    pages = list(pages)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda page: print_pdf(browser, page, page.with_suffix(".pdf")), pages))
