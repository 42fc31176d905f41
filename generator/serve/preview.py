"""What `congkhai serve` rebuilds after a save, and how, so that an edit shows in a second or two
on a 5,000-record board while the site stays exactly what `congkhai build` would make of it.

- Only the content files that changed are read and validated again (generator.check.incremental).
- Fast path: the pages of the changed records and of the records linked to them are rendered
  at once (generator.render.render_record_pages), written if their text changed, and MkDocs'
  dirty build renders only those pages.
- Catch-up: the audit and the full render of the new board run in a background thread; when
  done, every page whose text differs is written (index pages, the home page's audit
  summary…) and MkDocs' dirty build renders them.
- A full MkDocs build, into a new folder served once complete, happens only first, when the
  nav changes, or when theme/ or mkdocs.yml changes.
- The kiosk (public preview) and the print pack are written with every full build and after
  every catch-up, so they show the edit a few seconds after the pages do.

Pages are written only when their text changed, so the others keep their bytes and mtime and
MkDocs skips them. Nothing here raises: problems become the `Status` the browser is shown,
and the last good site stays served.
"""

from __future__ import annotations

import shutil
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.audit import run_audit
from generator.check.incremental import IncrementalChecker
from generator.check.link import Board
from generator.check.load import display_path
from generator.cli.common import today_in_vietnam
from generator.diagnostics import Diagnostic
from generator.errors import BuildFailed, CongkhaiError
from generator.models import Audience
from generator.outputs.kiosk import KIOSK_FOLDER
from generator.outputs.printpack import PRINT_FOLDER
from generator.paths import THEME_DIR
from generator.present.urls import RECORD_SEGMENTS, record_page
from generator.render import RenderedSite, RenderError, render_record_pages, render_site
from generator.site.build import (
    SiteJob,
    Stopwatch,
    output_writers,
    record_locations,
    run_mkdocs,
    write_docs,
)
from generator.site.config import user_config_file
from generator.site.postbuild import finish_site
from generator.site.search_index import index_order, read_index, write_index

RecordKey = tuple[str, str]
CHANGES_SHOWN = 5
DIRTY_NOTICE = "A 'dirty' build is being performed"


@dataclass(frozen=True, slots=True)
class PreviewOptions:
    content_dir: Path
    audience: str = "public"
    today: date | None = None


@dataclass(frozen=True, slots=True)
class Status:
    """What the browser is told about the last rebuild: nothing, or the problems to fix."""

    headline: str = ""
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.headline


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def content_errors(diagnostics: list[Diagnostic]) -> Status:
    errors = [str(diagnostic) for diagnostic in diagnostics if diagnostic.is_error]
    return Status(f"Nội dung có {len(errors)} lỗi. Trang đang hiển thị là bản đúng gần nhất; "
                  "sửa các lỗi dưới đây rồi lưu tệp, trang sẽ tự cập nhật.", tuple(errors))


def build_error(message: str) -> Status:
    return Status("Không tạo được trang. Trang đang hiển thị là bản đúng gần nhất.", (message,))


def html_path(docs_path: str) -> str:
    """Where MkDocs writes a docs file (directory URLs are off: the offline plugin turns them off)."""
    return docs_path.removesuffix(".md") + ".html" if docs_path.endswith(".md") else docs_path


def related_records(boards: Iterable[Board | None], changed: set[RecordKey]) -> set[RecordKey]:
    """The changed records and those linked to them, before or after the change: a fee's page
    lists its procedures, a procedure's page shows its fees, unit and forms."""
    found = set(changed)
    for board in boards:
        for reference in board.references if board is not None else ():
            source, target = (reference.kind, reference.id), (reference.target_kind, reference.target_id)
            if source in changed:
                found.add(target)
            if target in changed:
                found.add(source)
    return found


def layout_snapshot(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Size and mtime of every file whose change needs a full MkDocs build."""
    found: dict[str, tuple[int, int]] = {}
    for root in paths:
        candidates = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for path in candidates:
            if path.is_file():
                stat = path.stat()
                found[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return found


@dataclass(slots=True)
class DocsUpdate:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.written or self.removed)

    def __len__(self) -> int:
        return len(self.written) + len(self.removed)


Judged = tuple[Board, date]


class Refresher:
    """The audit and the full render of the newest board, in a background thread.

    `request` names the board to catch up with; `on_ready` is called when its full render is
    done, and `take` hands it over. A newer request makes the thread drop older work.
    """

    def __init__(self, audience: Audience, on_ready: Callable[[], None]) -> None:
        self.audience = audience
        self.on_ready = on_ready
        self.report: Any = None
        self.judged: Judged | None = None
        self._ready: tuple[Judged, RenderedSite | RenderError] | None = None
        self._wanted: Judged | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def render_now(self, board: Board, today: date) -> RenderedSite:
        """The full render, in the foreground (the audit too, the first time only)."""
        if self.judged is None:
            self.report, self.judged = run_audit(board, today), (board, today)
        return render_site(board, self.audience, today, self.report)

    def is_judged(self, board: Board, today: date) -> bool:
        return self.judged is not None and self.judged[0] is board and self.judged[1] == today

    def request(self, board: Board, today: date) -> None:
        with self._lock:
            self._wanted, self._ready = (board, today), None
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="congkhai-catch-up", daemon=True)
                self._thread.start()

    def take(self, board: Board, today: date) -> RenderedSite | RenderError | None:
        with self._lock:
            if self._ready is None or self._ready[0][0] is not board or self._ready[0][1] != today:
                return None
            ready, self._ready = self._ready[1], None
        return ready

    def _next(self) -> Judged | None:
        with self._lock:
            wanted, self._wanted = self._wanted, None
            if wanted is None:
                self._thread = None
            return wanted

    def _work(self) -> None:
        while (wanted := self._next()) is not None:
            try:
                result = self._catch_up(*wanted)
            except Exception:  # a bug must not stop the preview; the next save tries again
                traceback.print_exc()
                continue
            with self._lock:
                if self._wanted is not None or result is None:
                    continue  # a newer board came in meanwhile
                self._ready = (wanted, result)
            self.on_ready()

    def _catch_up(self, board: Board, today: date) -> RenderedSite | RenderError | None:
        if not self.is_judged(board, today):
            report = run_audit(board, today)
            with self._lock:
                self.report, self.judged = report, (board, today)
        if self._wanted is not None:
            return None
        try:
            return render_site(board, self.audience, today, self.report)
        except RenderError as error:
            return error


class Preview:
    """The site being previewed: its generated docs folder, the built site, what was shown."""

    def __init__(self, options: PreviewOptions, workdir: Path) -> None:
        self.options = options
        self.audience = Audience(options.audience)
        self.content_dir = options.content_dir
        self.config_file = user_config_file(options.content_dir)
        self.workdir = workdir
        self.docs_dir = workdir / "docs"
        self.site_dir: Path | None = None
        self.checker = IncrementalChecker(options.content_dir)
        self.request_rebuild: Callable[[], None] = lambda: None  # the server sets it
        self.refresher = Refresher(self.audience, lambda: self.request_rebuild())
        self.status = Status()
        self.board: Board | None = None  # the board the site shows
        self.today: date | None = None
        self.pages: dict[str, str] = {}
        self.files: dict[str, bytes] = {}
        self.nav: list[Any] | None = None
        self.layout: dict[str, tuple[int, int]] = {}
        self.search_index: dict[str, Any] | None = None  # the served site's, as last written
        self.outputs_of: Judged | None = None  # the board and day the kiosk and print pack show
        self.builds = 0
        self.pending: set[RecordKey] = set()  # records changed since the site last showed them
        self._touched: set[Path] = set()
        self._touched_lock = threading.Lock()

    def touch(self, path: Path) -> None:
        """Note a file the watcher saw change (read again even if its mtime looks the same)."""
        with self._touched_lock:
            self._touched.add(path)

    def take_touched(self) -> frozenset[Path]:
        with self._touched_lock:
            touched, self._touched = frozenset(self._touched), set()
        return touched

    def rebuild(self) -> None:
        """Check, render and build what changed; never raises (problems become the status)."""
        started = time.perf_counter()
        try:
            self.status = self._rebuild(started)
        except Exception as error:  # a bug must not stop the preview: show it, keep the pages
            traceback.print_exc()
            self.status = build_error(f"lỗi trong chương trình: {error!r}")
        if not self.status.ok:
            say(self.status.headline)
            for problem in self.status.problems:
                print(problem, flush=True)

    def _rebuild(self, started: float) -> Status:
        today = self.options.today or today_in_vietnam()
        clock = Stopwatch(None)
        touched = self.take_touched()
        with clock.stage("kiểm tra"):
            checked = self.checker.run(touched)
        self.report_changes()
        self.pending |= self.checker.changed_records
        if not checked.ok:
            return content_errors(checked.diagnostics)
        if any(path.suffix not in (".yaml", ".yml") for path in touched):
            self.refresher.request(checked.board, today)  # a form's file…: the full render copies it
        try:
            what = self.publish(checked.board, today, clock)
        except (RenderError, BuildFailed) as error:
            return build_error(str(error))
        if what is None:
            return self.status
        self.builds, self.pending = self.builds + 1, set()
        stages = ", ".join(f"{label} {seconds:.1f}" for label, seconds in clock.seconds.items())
        say(f"Đã cập nhật {what} trong {time.perf_counter() - started:.1f} giây ({stages}).")
        return Status()

    def publish(self, board: Board, today: date, clock: Stopwatch) -> str | None:
        """Bring the site up to `board`: all of it, the changed records' pages (then catch up in
        the background), or what the catch-up rendered. Says what it did; None if nothing."""
        layout = layout_snapshot(self.layout_paths())
        if self.needs_everything(board, today, layout, self.pending):
            with clock.stage("Markdown"):
                rendered = self.refresher.render_now(board, today)
            what = self.publish_all(board, today, rendered, layout, clock)
            if not self.refresher.is_judged(board, today):
                self.refresher.request(board, today)
            return what
        if board is not self.board:
            what = self.publish_records(board, today, self.pending, clock)
            self.refresher.request(board, today)
            return what
        ready = self.refresher.take(board, today)
        if isinstance(ready, RenderError):
            raise ready
        return None if ready is None else self.publish_all(board, today, ready, layout, clock)

    def needs_everything(self, board: Board, today: date, layout: dict[str, tuple[int, int]],
                         changed: set[RecordKey]) -> bool:
        """First build, a new day, theme/ or mkdocs.yml changed, or the office itself (on every page)."""
        return (self.site_dir is None or self.board is None or today != self.today or layout != self.layout
                or any(kind == "board" for kind, _ in changed))

    def report_changes(self) -> None:
        if self.builds == 0:
            return
        removed = set(self.checker.removed)
        changed = [*self.checker.changed, *self.checker.removed]
        for path in changed[:CHANGES_SHOWN]:
            verb = "Đã xóa" if path in removed else "Đã sửa"  # a deleted file is not "edited"
            say(f"{verb}: {display_path(path, self.content_dir)}")
        if len(changed) > CHANGES_SHOWN:
            say(f"… và {len(changed) - CHANGES_SHOWN} tệp khác")

    def layout_paths(self) -> list[Path]:
        return [THEME_DIR, *([self.config_file] if self.config_file else [])]

    # --- publishing -------------------------------------------------------------------------

    def publish_all(self, board: Board, today: date, rendered: RenderedSite,
                    layout: dict[str, tuple[int, int]], clock: Stopwatch) -> str:
        """Write every page whose text changed; a full MkDocs build if the nav or layout changed."""
        update = self.sync_docs(rendered.pages, rendered.files)
        full = self.site_dir is None or layout != self.layout or rendered.nav != self.nav
        with clock.stage("MkDocs"):
            if full:
                self.full_build(board, today, rendered.nav)
            elif update:
                self.dirty_build(board, today, update)
        if not full and self.site_dir is not None and self.outputs_of != (board, today):
            with clock.stage("ki-ốt, bản in"):
                self.write_outputs(board, today, self.site_dir)
        self.board, self.today, self.layout, self.nav = board, today, layout, rendered.nav
        return "toàn bộ trang" if full else f"{len(update)} trang"

    def publish_records(self, board: Board, today: date, changed: set[RecordKey], clock: Stopwatch) -> str:
        """The fast path: the pages of the changed records and of those linked to them."""
        related = related_records([self.board, board], changed)
        with clock.stage("Markdown"):
            pages = render_record_pages(board, self.audience, today, related)
        gone = [path for kind, record_id in changed if kind in RECORD_SEGMENTS
                and (path := record_page(kind, record_id)) not in pages and path in self.pages]
        update = self.sync_docs({**self.pages, **pages}, self.files, removed=gone)
        with clock.stage("MkDocs"):
            if update:
                self.dirty_build(board, today, update)
        self.board = board
        return f"{len(update)} trang (các trang danh mục cập nhật sau ít giây)"

    def sync_docs(self, pages: Mapping[str, str], files: dict[str, bytes],
                  removed: Iterable[str] = ()) -> DocsUpdate:
        """Write the pages and files whose bytes changed; delete those no longer rendered."""
        gone = set(removed)
        pages = {path: text for path, text in pages.items() if path not in gone}
        changed_pages = {path: text for path, text in pages.items() if self.pages.get(path) != text}
        changed_files = {path: data for path, data in files.items() if self.files.get(path) != data}
        write_docs(self.docs_dir, changed_pages, changed_files)
        deleted = sorted((set(self.pages) - set(pages)) | (set(self.files) - set(files)))
        for relative in deleted:
            (self.docs_dir / relative).unlink(missing_ok=True)
        self.pages, self.files = dict(pages), dict(files)
        return DocsUpdate(sorted([*changed_pages, *changed_files]), deleted)

    def job(self, board: Board, today: date) -> SiteJob:
        return SiteJob(board, None, today, self.config_file, False, render_site, (), self.workdir, None)

    def full_build(self, board: Board, today: date, nav: list[Any]) -> None:
        """Build into a new folder and serve it once complete (a failure keeps the old one)."""
        out_dir = self.workdir / f"site-{self.builds + 1}"
        shutil.rmtree(out_dir, ignore_errors=True)
        show_warnings(run_mkdocs(self.job(board, today), self.docs_dir, out_dir, nav, self.audience))
        finish_site(out_dir, today, record_locations(board, self.pages))
        self.write_outputs(board, today, out_dir)
        self.search_index = read_index(out_dir)
        old, self.site_dir = self.site_dir, out_dir
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def write_outputs(self, board: Board, today: date, site: Path) -> None:
        """The kiosk (public preview) and the print pack, as `congkhai build` writes them: after
        the full render only (the fast path leaves them to the catch-up, seconds later)."""
        for folder in (KIOSK_FOLDER, PRINT_FOLDER):
            shutil.rmtree(site / folder, ignore_errors=True)
        try:
            for write in output_writers(self.config_file):
                write(board, self.audience, today, site, None)
        except (CongkhaiError, ValueError) as error:  # extra.kiosk in mkdocs.yml; no board.yaml
            raise BuildFailed(f"không tạo được ki-ốt, bản in: {error}") from error
        self.outputs_of = (board, today)

    def dirty_build(self, board: Board, today: date, update: DocsUpdate) -> None:
        """MkDocs' dirty build: only pages whose Markdown is newer than their HTML are rendered."""
        assert self.site_dir is not None and self.nav is not None
        site = self.site_dir
        for relative in update.removed:
            (site / html_path(relative)).unlink(missing_ok=True)
        job = self.job(board, today)
        warnings = run_mkdocs(job, self.docs_dir, site, self.nav, self.audience, dirty=True)
        show_warnings(warning for warning in warnings if DIRTY_NOTICE not in warning)
        finish_site(site, today, record_locations(board, self.pages))
        stale = {html_path(path) for path in [*update.written, *update.removed] if path.endswith(".md")}
        self.search_index = merge_search_index(site, self.search_index, stale)


def show_warnings(warnings: Iterable[str]) -> None:
    for warning in warnings:
        say(f"cảnh báo: {warning}")


def merge_search_index(site: Path, before: dict[str, Any] | None, stale: set[str]) -> dict[str, Any] | None:
    """After a dirty build the index holds only the rebuilt pages: add back every other page's
    entries from the index as it was before. Returns the index written."""
    after = read_index(site)
    if before is None or after is None:
        return after
    fresh = after["docs"]
    rebuilt = stale | {doc["location"].partition("#")[0] for doc in fresh}
    kept = [doc for doc in before["docs"] if doc["location"].partition("#")[0] not in rebuilt]
    merged = {**after, "docs": sorted(kept + fresh, key=index_order)}
    write_index(site, merged)
    return merged
