"""A4 HTML → PDF with one headless Chromium, driven over its DevTools pipe.

Why not Playwright's `page.pdf(prefer_css_page_size=True)`: Playwright is a test dependency only,
and office staff who run `congkhai print --pdf` should need nothing but Debian's `chromium`
package. Chromium's `--remote-debugging-pipe` reads DevTools commands on file descriptor 3 and
answers on 4 (JSON messages ended by a NUL byte), so one browser started once prints every page
(`Page.printToPDF`, about 0.16 s a page, one tab loading one page after the other) where the
command line (`--print-to-pdf`) starts a browser per page (about 1 s). The parameters are the
command line's own: the PDFs are the same bytes (a test compares them). Where a child process
cannot be given those two descriptors (not POSIX), each page is printed by the command line as
before.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from generator.errors import CongkhaiError

CHROMIUM_ENV = "CONGKHAI_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions",
)
# The command line's way to leave out the header and footer; with the pipe, it makes the first
# tab's renderer crash (Chromium 14x), and Page.printToPDF says displayHeaderFooter instead.
CLI_FLAGS = (*FLAGS, "--no-pdf-header-footer")
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
    """The file `pdf`, stamped (see `stamped`) in place."""
    pdf.write_bytes(stamped(pdf.read_bytes(), day))


def stamped(data: bytes, day: date) -> bytes:
    """A PDF with CreationDate and ModDate set to `day` and the structure nodes numbered from 1,
    so that two runs print the same bytes.

    Skia's dates are always 23 characters, as is ours: the cross-reference offsets stay right.
    A date of another length is left alone rather than corrupting the file."""
    stamp = pdf_date(day)

    def replace(match: re.Match[bytes]) -> bytes:
        fixed = b"/" + match.group(1) + b" (" + stamp + b")"
        return fixed if len(fixed) == len(match.group(0)) else match.group(0)

    return _renumbered_nodes(_PDF_DATE.sub(replace, data))


def print_pdf(browser: str, page: Path, pdf: Path, day: date | None = None) -> Path:
    """Print one HTML file to `pdf` (the file's own @page rule sets paper and margins), dated
    `day` (the notice's date) rather than the time of printing."""
    pdf.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="congkhai-chromium-") as profile:
        command = [browser, *CLI_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf.resolve()}",
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


# Page.printToPDF as `chromium --headless --print-to-pdf --no-pdf-header-footer` prints.
PRINT_PARAMETERS = {"preferCSSPageSize": True, "printBackground": False, "displayHeaderFooter": False,
                    "generateTaggedPDF": True}
_COMMAND_FD, _REPLY_FD = 3, 4  # where Chromium's --remote-debugging-pipe reads and writes
_TAB_GONE = frozenset({"Inspector.detached", "Target.detachedFromTarget", "Inspector.targetCrashed"})


class _DevToolsPipe:
    """One headless Chromium, and the DevTools messages to and from it."""

    def __init__(self, browser: str, profile: str, log: IO[bytes]) -> None:
        """Start `browser` with the `profile` folder; what it says on stderr goes to `log`."""
        command_read, self._commands = os.pipe()
        self._replies, reply_write = os.pipe()
        self._log = log

        def descriptors_3_and_4() -> None:  # in the child, before Chromium starts
            # Through free numbers first: dup2 onto its own number would keep close-on-exec.
            os.dup2(command_read, 100)
            os.dup2(reply_write, 101)
            os.dup2(100, _COMMAND_FD)
            os.dup2(101, _REPLY_FD)

        try:
            self._process = subprocess.Popen(
                [browser, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log,
                close_fds=False, preexec_fn=descriptors_3_and_4,
                start_new_session=True)  # its helper processes can be stopped with it
        except OSError as error:
            self._close_descriptors()
            raise PdfError(f"không chạy được Chromium ({browser}): {error.strerror}") from error
        finally:
            os.close(command_read)
            os.close(reply_write)
        self._buffer = bytearray()
        self._last_id = 0
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> _DevToolsPipe:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        """Close the browser, and stop it and its helpers if it does not close in time: none
        may still write into the profile folder when that is removed."""
        with contextlib.suppress(PdfError):
            self.call("Browser.close", deadline=time.monotonic() + 5, doing="đóng")
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(timeout=5)
        with contextlib.suppress(OSError):
            os.killpg(self._process.pid, signal.SIGKILL)
        self._process.wait()
        self._close_descriptors()

    def _close_descriptors(self) -> None:
        for descriptor in (self._commands, self._replies):
            with contextlib.suppress(OSError):
                os.close(descriptor)

    def _failure(self, what: str) -> PdfError:
        self._log.seek(0)
        # Without a session bus (servers, containers), every start logs D-Bus errors: not the cause.
        lines = [line for line in self._log.read().decode("utf-8", "replace").splitlines()
                 if line.strip() and "dbus" not in line]
        detail = f": {lines[-1].strip()}" if lines else ""
        return PdfError(f"Chromium {what}{detail}")

    def _send(self, method: str, params: dict[str, Any], session: str | None) -> int:
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        data = json.dumps(message).encode("utf-8") + b"\0"
        try:
            while data:
                data = data[os.write(self._commands, data):]
        except OSError as error:
            raise self._failure("đã dừng") from error
        return self._last_id

    def _receive(self, deadline: float, doing: str) -> dict[str, Any]:
        searched = 0
        while (end := self._buffer.find(b"\0", searched)) < 0:
            searched = len(self._buffer)
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._replies], [], [], remaining)[0]:
                raise PdfError(f"Chromium không {doing} sau {TIMEOUT_SECONDS} giây")
            chunk = os.read(self._replies, 1 << 20)
            if not chunk:
                raise self._failure("đã dừng")
            self._buffer += chunk
        message: dict[str, Any] = json.loads(self._buffer[:end])
        del self._buffer[:end + 1]
        if message.get("method") in _TAB_GONE:  # the one tab's renderer crashed, or it was closed
            reason = message.get("params", {}).get("reason", "thẻ đã bị đóng")
            raise PdfError(f"Chromium không {doing}: {reason}")
        return message

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None, *,
             deadline: float, doing: str) -> dict[str, Any]:
        """Send a command and wait for its result (events that come first are kept)."""
        wanted = self._send(method, params or {}, session)
        while (message := self._receive(deadline, doing)).get("id") != wanted:
            self._events.append(message)
        if "error" in message:
            raise PdfError(f"Chromium không {doing}: {message['error'].get('message', '')}")
        result: dict[str, Any] = message.get("result", {})
        return result

    def wait_for(self, event: str, session: str, *, deadline: float, doing: str) -> None:
        """Until `event` has come from `session` (or had come while a command was answered)."""
        for index, message in enumerate(self._events):
            if message.get("method") == event and message.get("sessionId") == session:
                del self._events[index]
                return
        while True:
            message = self._receive(deadline, doing)
            if message.get("method") == event and message.get("sessionId") == session:
                return
            self._events.append(message)

    def open_tab(self, deadline: float) -> str:
        """A new blank tab, ready to load pages: its session."""
        doing = "mở được thẻ mới"
        target = self.call("Target.createTarget", {"url": "about:blank"}, deadline=deadline, doing=doing)
        session: str = self.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True},
                                 deadline=deadline, doing=doing)["sessionId"]
        self.call("Page.enable", session=session, deadline=deadline, doing=doing)
        return session

    def print_pages(self, pages: list[Path]) -> Iterator[tuple[Path, bytes]]:
        """Each page and its PDF, in order, loaded one after the other in the same tab (a tab
        keeps nothing of the page before; two prints at once in one browser never finish)."""
        session = self.open_tab(time.monotonic() + TIMEOUT_SECONDS)
        for page in pages:
            deadline, doing = time.monotonic() + TIMEOUT_SECONDS, f"in xong {page.name}"
            opened = self.call("Page.navigate", {"url": page.resolve().as_uri()}, session,
                               deadline=deadline, doing=doing)
            if opened.get("errorText"):
                raise PdfError(f"Chromium không mở được {page.name}: {opened['errorText']}")
            self.wait_for("Page.loadEventFired", session, deadline=deadline, doing=doing)
            printed = self.call("Page.printToPDF", PRINT_PARAMETERS, session, deadline=deadline, doing=doing)
            self._events.clear()  # the rest of what the page said while loading
            yield page, base64.b64decode(printed["data"])


# Told (done, total) after each PDF: a long print shows how far it is (generator.site.progress).
Progress = Callable[[int, int], None]


def print_pdfs(pages: Iterable[Path], jobs: int = 2, days: Iterable[date | None] = (),
               progress: Progress | None = None) -> list[Path]:
    """Print every page beside itself (`a.html` → `a.pdf`), each dated by `days` (in the same
    order; missing: the time of printing); raises PdfError on the first failure. One browser
    prints them all, one after the other; without POSIX, `jobs` browsers at a time print one
    page each."""
    browser = find_chromium()
    pages = list(pages)
    dated = dict(zip(pages, days, strict=False))
    made = _through_pipe(browser, pages, dated) if os.name == "posix" else \
        _by_command_line(browser, pages, dated, jobs)
    printed: list[Path] = []
    for pdf in made:
        printed.append(pdf)
        if progress is not None:
            progress(len(printed), len(pages))
    return printed


def _through_pipe(browser: str, pages: list[Path], dated: dict[Path, date | None]) -> Iterator[Path]:
    with contextlib.ExitStack() as stack:
        profile = stack.enter_context(tempfile.TemporaryDirectory(prefix="congkhai-chromium-",
                                                                  ignore_cleanup_errors=True))
        log = stack.enter_context(tempfile.TemporaryFile())
        chromium = stack.enter_context(_DevToolsPipe(browser, profile, log))
        for page, data in chromium.print_pages(pages):
            pdf = page.with_suffix(".pdf")
            pdf.unlink(missing_ok=True)
            day = dated.get(page)
            pdf.write_bytes(data if day is None else stamped(data, day))
            yield pdf


def _by_command_line(browser: str, pages: list[Path], dated: dict[Path, date | None],
                     jobs: int) -> Iterator[Path]:
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        yield from pool.map(lambda page: print_pdf(browser, page, page.with_suffix(".pdf"), dated.get(page)),
                            pages)
