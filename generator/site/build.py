"""Build stage: content → the public and internal MkDocs sites, published by a swap.

check → audit → render (Markdown per audience) → a generated docs folder per audience →
MkDocs with Material (theme/ as custom_dir) → post-build fixes (sitemap dates, search index)
→ swap into site/public and site/internal. Everything is built in a temporary folder next to
the site folder; a failure at any stage leaves the published site as it was.
"""

from __future__ import annotations

import gc
import html
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from jinja2 import TemplateError
from mkdocs.exceptions import MkDocsException

from generator.audit import run_audit
from generator.check import check_content
from generator.check.link import Board
from generator.errors import BuildFailed, CongkhaiError, ContentErrors
from generator.models import Audience
from generator.render import RenderError, render_site
from generator.site.config import SiteSpec, mkdocs_config, read_user_config, user_config_file
from generator.site.postbuild import finish_site
from generator.site.publish import publish, staging_folder

SITE_FOLDERS: dict[Audience, str] = {Audience.PUBLIC: "public", Audience.INTERNAL: "internal"}


class RenderedSiteLike(Protocol):
    """What the build needs of generator.render.RenderedSite."""

    pages: dict[str, str]
    nav: list[Any]
    files: dict[str, bytes]


Render = Callable[[Board, Audience, date, Any], RenderedSiteLike]
Audit = Callable[[Board, date], Any]
Writer = Callable[[Board, Audience, date, Path], None]
Progress = Callable[[str], None]


@dataclass(slots=True)
class BuildReport:
    site_dir: Path
    pages: dict[Audience, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


class Stopwatch:
    """Times the stages and reports each one, with its elapsed seconds, through `progress`."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, label: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        elapsed = time.perf_counter() - start
        self.seconds[label] = elapsed
        if self.progress is not None:
            self.progress(f"{label}: {elapsed:.1f} s")


def stderr_progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def write_docs(docs_dir: Path, pages: Mapping[str, str], files: Mapping[str, bytes]) -> None:
    """Write the rendered Markdown and downloadable files into a fresh docs folder."""
    for relative, text in sorted(pages.items()):
        _safe_target(docs_dir, relative).write_text(text, encoding="utf-8", newline="\n")
    for relative, data in sorted(files.items()):
        _safe_target(docs_dir, relative).write_bytes(data)


def _safe_target(root: Path, relative: str) -> Path:
    parts = Path(relative).parts
    if not parts or Path(relative).is_absolute() or ".." in parts:
        raise BuildFailed(f"đường dẫn trang không hợp lệ: '{relative}'")
    target = root.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def record_locations(board: Board, pages: Mapping[str, str]) -> set[str]:
    """Site-relative locations (as in the search index) of the record pages among `pages`."""
    from generator.present.urls import RECORD_SEGMENTS, record_page

    found = set()
    for kind in RECORD_SEGMENTS:
        for record in board.of(kind):
            path = record_page(kind, record.id)
            if path in pages:
                found.add(path.removesuffix(".md") + ".html")
    return found


def record_lastmods(board: Board, pages: Mapping[str, str]) -> dict[str, date]:
    """Locations of the record pages among `pages` → the last commit of the record's file."""
    from generator.present.urls import RECORD_SEGMENTS, record_page

    found = {}
    for kind in RECORD_SEGMENTS if board.history else ():
        for record in board.of(kind):
            path = record_page(kind, record.id)
            changes = board.changes_of(record) if path in pages else ()
            if changes:
                found[path.removesuffix(".md") + ".html"] = changes[0].day
    return found


@dataclass(frozen=True, slots=True)
class SiteJob:
    """Everything needed to build one audience's site into `staging`."""

    board: Board
    findings: Any
    today: date
    user_file: Path | None
    strict: bool
    render: Render
    writers: Sequence[Writer]
    staging: Path
    progress: Progress | None


@dataclass(frozen=True, slots=True)
class SiteResult:
    folder: str
    out_dir: Path
    pages: int
    warnings: list[str]
    seconds: dict[str, float]


def build_site(job: SiteJob, audience: Audience) -> SiteResult:
    """Render one audience, run MkDocs on it and finish the output, all inside the staging folder."""
    folder = SITE_FOLDERS[audience]
    clock = Stopwatch(job.progress)
    docs_dir, out_dir = job.staging / "docs" / folder, job.staging / "site" / folder
    with clock.stage(f"Tạo trang Markdown ({folder})"):
        try:
            rendered = job.render(job.board, audience, job.today, job.findings)
        except RenderError as error:
            raise BuildFailed(f"không tạo được trang {folder}: {error}") from error
        write_docs(docs_dir, rendered.pages, rendered.files)
    with clock.stage(f"MkDocs ({folder})"):
        warnings = run_mkdocs(job, docs_dir, out_dir, rendered.nav, audience)
    with clock.stage(f"Hoàn thiện ({folder})"):
        finish_site(out_dir, job.today, record_locations(job.board, rendered.pages),
                    record_lastmods(job.board, rendered.pages))
        for write in job.writers:
            write(job.board, audience, job.today, out_dir)
    return SiteResult(folder, out_dir, len(rendered.pages), warnings, clock.seconds)


# The job a forked worker builds: set before the pool forks, so nothing is pickled but the
# audience (the Board, render and writers may be closures in tests).
_FORKED_JOB: SiteJob | None = None


def _build_forked(audience: str) -> SiteResult:
    assert _FORKED_JOB is not None
    return build_site(_FORKED_JOB, Audience(audience))


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def build_sites(job: SiteJob, parallel: bool) -> list[SiteResult]:
    """Build both sites: one after the other, or the two at once in forked processes.

    The Board is long-lived: it is moved out of the garbage collector's sight (gc.freeze) so
    that MkDocs' many short-lived objects do not make every collection walk it again.
    """
    gc.freeze()
    try:
        return _build_sites(job, parallel)
    finally:
        gc.unfreeze()


def _build_sites(job: SiteJob, parallel: bool) -> list[SiteResult]:
    if not parallel:
        return [build_site(job, audience) for audience in SITE_FOLDERS]
    global _FORKED_JOB
    _FORKED_JOB = job
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=len(SITE_FOLDERS), mp_context=context) as pool:
            futures = [pool.submit(_build_forked, audience.value) for audience in SITE_FOLDERS]
            return [future.result() for future in futures]
    except BrokenProcessPool as error:  # a worker was killed (out of memory, signal)
        raise BuildFailed(f"tiến trình tạo trang bị dừng đột ngột: {error}") from error
    finally:
        _FORKED_JOB = None


def output_writers(user_file: Path | None) -> list[Writer]:
    """The kiosk (public site only) and the print pack (both sites), written before the swap."""
    from generator.outputs.kiosk import kiosk_writer
    from generator.outputs.printpack import print_pack_writer

    return [kiosk_writer(user_file), print_pack_writer]


def build(
    content_dir: Path,
    site_dir: Path,
    today: date,
    *,
    config_file: Path | None = None,
    strict: bool = False,
    parallel: bool | None = None,
    progress: Progress | None = None,
    render: Render | None = None,
    audit: Audit | None = None,
    writers: Sequence[Writer] = (),
) -> BuildReport:
    """Build both sites from `content_dir` and publish them into `site_dir`.

    Raises ContentErrors (nothing built) or BuildFailed (nothing published). `parallel`
    (default: when the machine has two cores and can fork) builds the public and internal
    sites at the same time. `render` and `audit` default to generator.render and
    generator.audit; `writers` add outputs (kiosk, print pack) into each built site folder
    before the swap.
    """
    clock = Stopwatch(progress)
    with clock.stage("Kiểm tra nội dung"):
        checked = check_content(content_dir)
    if not checked.ok:
        raise ContentErrors(checked, aftermath=BuildFailed.aftermath)
    board = checked.board
    with clock.stage("Đối chiếu nghĩa vụ công khai"):
        findings = (audit or run_audit)(board, today)
    report = BuildReport(site_dir)
    user_file = config_file or user_config_file(content_dir)
    try:
        read_user_config(user_file)  # a broken mkdocs.yml stops the build before anything runs
        outputs = (*writers, *output_writers(user_file))
    except (MkDocsException, CongkhaiError) as error:  # mkdocs.yml, or a kiosk setting in it
        raise BuildFailed(str(error)) from error
    with staging_folder(site_dir) as staging:
        job = SiteJob(board, findings, today, user_file, strict,
                      render or render_site, outputs, staging, progress)
        results = build_sites(job, can_fork() if parallel is None else parallel)
        for audience, result in zip(SITE_FOLDERS, results, strict=True):
            report.pages[audience] = result.pages
            report.warnings.extend(f"{result.folder}: {warning}" for warning in result.warnings)
            clock.seconds.update(result.seconds)
        with clock.stage("Xuất bản"):
            try:
                publish({result.folder: result.out_dir for result in results}, site_dir, staging)
            except OSError as error:
                raise BuildFailed(f"không thay được trang cũ trong {site_dir}: {error}") from error
    report.seconds = clock.seconds
    return report


def _failure(what: str, error: Exception, warnings: list[str]) -> str:
    shown = str(error) if isinstance(error, MkDocsException) else f"{type(error).__name__}: {error}"
    details = "; ".join(warnings[-3:])
    return f"{what}: {shown}" + (f" ({details})" if details else "")


def run_mkdocs(job: SiteJob, docs_dir: Path, out_dir: Path, nav: list[Any], audience: Audience,
               *, dirty: bool = False) -> list[str]:
    """Run MkDocs on one generated docs folder; returns its warnings, raises BuildFailed.

    `dirty` (congkhai serve) renders only pages whose Markdown is newer than their HTML."""
    from mkdocs.commands.build import build as mkdocs_build

    from generator.site.log import captured_warnings

    office = job.board.office
    # Material prints site_name unescaped; the office title is content, so escape it here.
    name = html.escape(office.title) if office else "Bảng công khai"
    url = office.site_url if office else None
    spec = SiteSpec(job.user_file, docs_dir, out_dir, nav, audience, name, url, job.strict)
    with captured_warnings() as warnings:
        try:
            config = mkdocs_config(spec)
        except Exception as error:  # a bad mkdocs.yml is staff input: a message, not a traceback
            raise BuildFailed(_failure("cấu hình mkdocs.yml không hợp lệ", error, warnings)) from error
        try:
            mkdocs_build(config, dirty=dirty)
        except (MkDocsException, OSError, ValueError, TypeError, TemplateError) as error:
            raise BuildFailed(_failure("MkDocs không tạo được trang", error, warnings)) from error
    return list(warnings)
