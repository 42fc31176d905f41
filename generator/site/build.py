"""Build stage: content → the public and internal MkDocs sites, published by a swap.

check → audit → render (Markdown per audience) → a generated docs folder per audience →
MkDocs with Material (theme/ as custom_dir) → post-build fixes (sitemap dates, search index)
→ swap into site/public and site/internal. Everything is built in a temporary folder next to
the site folder; a failure at any stage leaves the published site as it was.
"""

from __future__ import annotations

import contextlib
import gc
import html
import logging
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from jinja2 import TemplateError
from mkdocs.exceptions import MkDocsException

from generator import paths
from generator.audit import run_audit
from generator.check import check_content
from generator.check.history import read_history
from generator.check.link import Board
from generator.errors import BuildFailed, CongkhaiError, ContentErrors, os_error_text
from generator.models import Audience
from generator.render import RenderError, render_site
from generator.render.markdown import Markdown
from generator.site.cache import (
    PageWarnings,
    ReusePlugin,
    SiteCache,
    build_key,
    entries_by_page,
    folder_listing,
    forget_published,
    inside,
    merge_search,
    note_published,
    published_unchanged,
    real_folder,
    regular_file,
    site_key,
)
from generator.site.config import SiteSpec, mkdocs_config, read_user_config, user_config_file
from generator.site.listed import DocsList, ListedDocs, flat_name, prune_flat
from generator.site.postbuild import finish_site
from generator.site.progress import PageProgress
from generator.site.publish import discard, empty_trash, publish, site_lock, staging_folder
from generator.site.spare import keep_spare, place_site, take_spare
from generator.site.warmup import pays_off, templates_compiled_ahead
from generator.workers import can_fork, forked_pool

SITE_FOLDERS: dict[Audience, str] = {Audience.PUBLIC: "public", Audience.INTERNAL: "internal"}
TRASH = "trash"  # in the cache folder: replaced sites being deleted (generator.site.publish.discard)
# Cache files of earlier versions (JSON memos, now text packs; the search index's plain texts,
# now kept in the manifest): removed, so that a cache kept
# from build to build (a CI cache) does not carry them on.
RETIRED_FILES = ("audit.json", *(f"{folder}/{name}" for folder in ("public", "internal") for name in (
    "render.json", "print.json", "search.json", "kiosk.json", "open_data.json", "search.pack")))


class RenderedSiteLike(Protocol):
    """What the build needs of generator.render.RenderedSite."""

    @property
    def pages(self) -> Mapping[str, str]: ...  # a Markdown, or plain texts (made one: Markdown.of)

    nav: list[Any]
    files: dict[str, bytes]
    reused: int


# (board, audience, today, audit findings, the site's render cache folder or None)
Render = Callable[[Board, Audience, date, Any, Path | None], RenderedSiteLike]
Audit = Callable[[Board, date], Any]
# (board, audience, today, the built site's folder, the site's build cache folder or None)
Writer = Callable[[Board, Audience, date, Path, Path | None], None]
Progress = Callable[[str], None]


@dataclass(slots=True)
class BuildReport:
    site_dir: Path
    pages: dict[Audience, int] = field(default_factory=dict)
    built: dict[Audience, int] = field(default_factory=dict)  # pages MkDocs built (not copied)
    unchanged: bool = False  # nothing changed since the build that published the site
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
    """Write the rendered Markdown and downloadable files into `docs_dir`, as a folder tree (a
    file with the same bytes is not written again: its time tells `congkhai serve` it is done)."""
    made: set[Path] = set()
    markdown = Markdown.of(pages)
    for relative in sorted(markdown):
        target = _safe_path(docs_dir, relative)
        try:
            _make_folder(target, made)
            target.write_bytes(_checked_page(markdown, relative))
        except OSError as error:
            raise BuildFailed(f"không ghi được trang '{relative}': {os_error_text(error)}") from error
    for relative, data in sorted(files.items()):
        target = _safe_path(docs_dir, relative)
        try:
            if not regular_file(target) or target.read_bytes() != data:  # its time tells serve
                _make_folder(target, made)
                target.write_bytes(data)
        except OSError as error:
            raise BuildFailed(f"không ghi được tệp '{relative}': {os_error_text(error)}") from error


def sync_docs(cache: SiteCache, pages: Mapping[str, str], files: Mapping[str, bytes]) -> ListedDocs:
    """Bring the cache's flat docs folder (generator.site.listed) to `pages` and `files`: what
    the render no longer makes is removed; a page the cache recorded as built from the same
    bytes is left as it is (with its old time, which tells MkDocs' dirty build it is done: its
    Markdown is not even decoded); a file with the same bytes is not written again.

    The cache's manifest is dropped first and written again only after MkDocs built the site,
    so a build stopped in between leaves a folder the next build rewrites in full."""
    cache.forget()
    docs_dir = cache.docs_dir
    markdown = Markdown.of(pages)
    paths = tuple(sorted({*markdown, *files}))
    for relative in paths:
        if not inside(relative):
            raise BuildFailed(f"đường dẫn trang không hợp lệ: '{relative}'")
    present = prune_flat(docs_dir, {flat_name(relative) for relative in paths})
    for relative in markdown:
        name = flat_name(relative)
        target = docs_dir / name
        if name in present and cache.holds_page(relative, markdown.digest(relative)):
            continue  # the same text passed check_front_matter when it was written
        try:
            target.write_bytes(_checked_page(markdown, relative))
        except OSError as error:
            raise BuildFailed(f"không ghi được trang '{relative}': {os_error_text(error)}") from error
    for relative, data in files.items():
        name = flat_name(relative)
        target = docs_dir / name
        try:
            if name not in present or target.read_bytes() != data:
                target.write_bytes(data)
        except OSError as error:
            raise BuildFailed(f"không ghi được tệp '{relative}': {os_error_text(error)}") from error
    return ListedDocs(docs_dir, paths)


def _checked_page(markdown: Markdown, relative: str) -> bytes | memoryview:
    """A page's UTF-8, its front matter checked (check_front_matter)."""
    try:
        text = markdown[relative]
    except UnicodeDecodeError as error:  # only a cache made by hand has such bytes
        raise BuildFailed(f"bộ nhớ đệm của trang '{relative}' hỏng: hãy xoá thư mục bộ nhớ đệm "
                          "(.cache/congkhai) rồi tạo lại") from error
    check_front_matter(relative, text)
    return markdown.encoded(relative)


def check_front_matter(relative: str, text: str) -> None:
    """Read a page's front matter as MkDocs will, and fail the build if MkDocs would not take it.

    MkDocs drops front matter it cannot read without a word and renders it as Markdown (the
    page title becomes "Index"); text that only looks like `key: value` at the top of a page
    would be swallowed as metadata. Either way the page would not be the one rendered."""
    from mkdocs.utils.meta import get_data

    _, meta = get_data(text)
    if text.startswith("---") != bool(meta):
        raise BuildFailed(f"phần đầu (front matter) của trang '{relative}' không đọc được; "
                          "hãy kiểm tra tiêu đề của hồ sơ tạo ra trang này")


def _safe_path(root: Path, relative: str) -> Path:
    """`root/relative`, refused if `relative` would leave `root`."""
    parts = Path(relative).parts
    if not parts or Path(relative).is_absolute() or ".." in parts:
        raise BuildFailed(f"đường dẫn trang không hợp lệ: '{relative}'")
    return root.joinpath(*parts)


def _make_folder(target: Path, made: set[Path]) -> None:
    """Make the folder of `target` (once: `made` holds the folders made so far)."""
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)


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
    cache_dir: Path | None = None  # the build cache (generator.site.cache); None: no cache
    # Reused HTML is hard-linked from the cache, unless mkdocs.yml has hooks or plugins of its
    # own: they may write into a built page, which would write into the cache (then: copies).
    link_cached: bool = True


@dataclass(frozen=True, slots=True)
class SiteResult:
    folder: str
    out_dir: Path
    pages: int
    warnings: list[str]
    seconds: dict[str, float]
    built: int
    listing: str | None = None  # generator.site.cache.folder_listing of the folder, with a cache


def build_site(job: SiteJob, audience: Audience) -> SiteResult:
    """Render one audience, run MkDocs on it and finish the output, all inside the staging folder."""
    folder = SITE_FOLDERS[audience]
    clock = Stopwatch(job.progress)
    out_dir = job.staging / "site" / folder
    cache_dir = job.cache_dir / folder if job.cache_dir is not None else None
    cache = SiteCache.open(cache_dir) if cache_dir is not None else None
    with clock.stage(f"Tạo trang Markdown ({folder})"):
        try:
            rendered = job.render(job.board, audience, job.today, job.findings, cache_dir)
        except RenderError as error:
            raise BuildFailed(f"không tạo được trang {folder}: {error}") from error
        docs: Path | ListedDocs
        if cache is None:
            docs = job.staging / "docs" / folder
            write_docs(docs, rendered.pages, rendered.files)
        else:
            docs = sync_docs(cache, rendered.pages, rendered.files)
    with clock.stage(f"MkDocs ({folder})"):
        # With the cache, MkDocs writes only what it builds, into a folder of its own; the site
        # folder (the spare, generator.site.spare) then takes those files and the cached pages.
        mkdocs_dir = out_dir if cache is None else job.staging / "mkdocs" / folder
        warnings = run_mkdocs(job, docs, mkdocs_dir, rendered.nav, audience, cache=cache,
                              pages=rendered.pages, files=rendered.files, site_dir=out_dir)
    with clock.stage(f"Hoàn thiện ({folder})"):
        try:
            finish_site(out_dir, job.today, record_locations(job.board, rendered.pages),
                        record_lastmods(job.board, rendered.pages),
                        cache.search_index if cache is not None else None)
            for write in job.writers:
                write(job.board, audience, job.today, out_dir, cache_dir)
        except OSError as error:  # a full disk while the kiosk or the print pack is written
            raise BuildFailed(f"không ghi được trang {folder}: {os_error_text(error)}") from error
    built = cache.built if cache is not None else len(rendered.pages)
    # Listed here, both sites at once, for the next build's "nothing changed" (note_published).
    listing = folder_listing(out_dir, folder) if cache is not None else None
    return SiteResult(folder, out_dir, len(rendered.pages), warnings, clock.seconds, built, listing)


# The job a forked worker builds: set before the pool forks, so nothing is pickled but the
# audience (the Board, render and writers may be closures in tests).
_FORKED_JOB: SiteJob | None = None


def _build_forked(audience: str) -> SiteResult:
    assert _FORKED_JOB is not None
    return build_site(_FORKED_JOB, Audience(audience))


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
        with forked_pool(len(SITE_FOLDERS)) as pool:
            futures = [pool.submit(_build_forked, audience.value) for audience in SITE_FOLDERS]
            return [future.result() for future in futures]
    except BrokenProcessPool as error:  # a worker was killed (out of memory, signal)
        raise BuildFailed(f"tiến trình tạo trang bị dừng đột ngột: {error}") from error
    finally:
        _FORKED_JOB = None


def writer_folders() -> tuple[str, ...]:
    """The site's folders the output writers keep up to date themselves (generator.outputs.folder)."""
    from generator.outputs.kiosk import KIOSK_FOLDER
    from generator.outputs.printpack import PRINT_FOLDER

    return (PRINT_FOLDER, KIOSK_FOLDER)


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
    cache_dir: Path | None = None,
) -> BuildReport:
    """Build both sites from `content_dir` and publish them into `site_dir`.

    Raises ContentErrors (nothing built) or BuildFailed (nothing published). `parallel`
    (default: when the machine has two cores and can fork) builds the public and internal
    sites at the same time. `render` and `audit` default to generator.render and
    generator.audit; `writers` add outputs (kiosk, print pack) into each built site folder
    before the swap. `cache_dir` (generator.site.cache): MkDocs builds only the pages whose
    Markdown or shared inputs changed since the cache was saved and copies the others.
    """
    # A second build into the same site folder, or with the same cache, stops here, at once.
    with site_lock(site_dir), site_lock(cache_dir) if cache_dir is not None else nullcontext(), \
            fewer_collections():
        return _build_locked(content_dir, site_dir, today, config_file=config_file, strict=strict,
                             parallel=parallel, progress=progress, render=render, audit=audit,
                             writers=writers, cache_dir=cache_dir)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Let the cycle collector run rarely while a build runs.

    A build keeps a few million objects alive (the board, the caches' tables, MkDocs' pages)
    and makes few cycles. Python's default thresholds walked all of them again 11 times in a
    build of 5,000 records, collecting next to nothing: 1.9 of 2.5 s of collection, some of
    it on the path both sites wait for (the check and the audit). With these, a young
    generation of 50,000 objects, the build collects about 15 times and never walks the old
    objects; cycles are still collected, later. Its peak memory is the same (586 against 579 MB
    at 5,000 records, built one site after the other)."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _build_locked(content_dir: Path, site_dir: Path, today: date, *, config_file: Path | None,
                  strict: bool, parallel: bool | None, progress: Progress | None, render: Render | None,
                  audit: Audit | None, writers: Sequence[Writer], cache_dir: Path | None) -> BuildReport:
    clock = Stopwatch(progress)
    report = BuildReport(site_dir)
    user_file = config_file or user_config_file(content_dir)
    history = read_history(content_dir)
    # With the stock stages, the same inputs give the same site: if it is still published as
    # built, there is nothing to do, not even a check (the inputs passed it when it was built).
    same_key = None
    if cache_dir is not None and render is None and audit is None and not writers:
        same_key = unchanged_key(content_dir, history, today, user_file, strict)
        unchanged = published_unchanged(cache_dir, same_key, site_dir, SITE_FOLDERS.values()) \
            if same_key is not None else None
        if unchanged is not None:
            report.unchanged = True
            for audience, folder in SITE_FOLDERS.items():
                report.pages[audience], report.built[audience] = unchanged.get(folder, 0), 0
            report.seconds = clock.seconds
            return report
        forget_published(cache_dir)
    forks = can_fork() if parallel is None else parallel and can_fork()
    with templates_compiled_ahead(user_file, site_dir, enabled=forks and pays_off(content_dir)) as compiling:
        if cache_dir is not None:
            empty_trash(cache_dir / TRASH)
            for folder in SITE_FOLDERS.values():  # a link planted at a site's folder is removed, not followed
                real_folder(cache_dir / folder)
            for name in RETIRED_FILES:
                with contextlib.suppress(OSError):  # a folder standing there is left alone
                    (cache_dir / name).unlink(missing_ok=True)
        with clock.stage("Kiểm tra nội dung"):
            checked = check_content(content_dir, history, parallel=parallel is not False, cache_dir=cache_dir)
        if not checked.ok:
            raise ContentErrors(checked, aftermath=BuildFailed.aftermath)
        board = checked.board
        try:
            user = read_user_config(user_file)  # a broken mkdocs.yml stops the build before anything runs
            outputs = (*writers, *output_writers(user_file))
        except (MkDocsException, CongkhaiError) as error:  # mkdocs.yml, or a kiosk setting in it
            raise BuildFailed(str(error)) from error
        with clock.stage("Đối chiếu nghĩa vụ công khai"):
            findings = audit(board, today) if audit is not None \
                else run_audit(board, today, cache_dir=cache_dir)
        refuse_privacy_violations(findings)
        with staging_folder(site_dir) as staging:
            if cache_dir is not None:  # the site the last build replaced, to be brought up to date
                take_spare(cache_dir, staging / "site", SITE_FOLDERS.values())
            job = SiteJob(board, findings, today, user_file, strict, render or render_site, outputs, staging,
                          progress, cache_dir, link_cached=not (user.get("hooks") or user.get("plugins")))
            compiling.stop()  # both cores to the sites
            results = build_sites(job, forks if parallel is None else parallel)
            for audience, result in zip(SITE_FOLDERS, results, strict=True):
                report.pages[audience] = result.pages
                report.built[audience] = result.built
                report.warnings.extend(f"{result.folder}: {warning}" for warning in result.warnings)
                clock.seconds.update(result.seconds)
            with clock.stage("Xuất bản"):
                try:
                    publish({result.folder: result.out_dir for result in results}, site_dir, staging)
                except OSError as error:
                    raise BuildFailed(f"không thay được trang cũ trong {site_dir}: {error}") from error
                if cache_dir is not None:  # the replaced site: the next build's spare, or deleted
                    kept = keep_spare(staging / "site", cache_dir)  # after the build, not during it
                    if (not kept and (staging / "site").exists()) or (staging / "retired").exists():
                        discard(staging, cache_dir / TRASH)
    listings = {result.folder: result.listing for result in results if result.listing is not None}
    if same_key is not None and cache_dir is not None and len(listings) == len(results):
        counts = {SITE_FOLDERS[audience]: count for audience, count in report.pages.items()}
        note_published(cache_dir, same_key, site_dir, listings, counts)
    report.seconds = clock.seconds
    return report


def unchanged_key(content_dir: Path, history: Any, today: date, user_file: Path | None,
                  strict: bool) -> str | None:
    """The key of everything the build reads (generator.site.cache.build_key), or None when
    mkdocs.yml cannot be read (the build reports it after the check)."""
    try:
        return build_key(content_dir, history, today, user_file, strict, paths.THEME_DIR)
    except (MkDocsException, CongkhaiError, OSError):
        return None


def refuse_privacy_violations(report: Any) -> None:
    """Publish nothing while the audit finds personal data or a denouncer's identity in a public
    record (a CCCD number, a private phone): it would reach the pages, the kiosk, the print
    pack and the search index. A value the record masks itself ('0012****5678') is not one."""
    violations = report.violations() if report is not None else []
    if not violations:
        return
    shown = "; ".join(f"{finding.positions[0] if finding.positions else ''} [{finding.obligation_id}] "
                      f"{finding.message}" for finding in violations[:3])
    more = f"; và {len(violations) - 3} vi phạm khác" if len(violations) > 3 else ""
    raise BuildFailed(f"chưa công khai vì có {len(violations)} vi phạm về bảo mật, dữ liệu cá nhân "
                      f"(xem 'congkhai check'): {shown}{more}")


def _failure(what: str, error: Exception, warnings: list[str]) -> str:
    shown = str(error) if isinstance(error, MkDocsException) else f"{type(error).__name__}: {error}"
    details = "; ".join(warnings[-3:])
    return f"{what}: {shown}" + (f" ({details})" if details else "")


def run_mkdocs(job: SiteJob, docs: Path | ListedDocs, out_dir: Path, nav: list[Any], audience: Audience,
               *, dirty: bool = False, cache: SiteCache | None = None,
               pages: Mapping[str, str] | None = None, files: Mapping[str, bytes] | None = None,
               site_dir: Path | None = None) -> list[str]:
    """Run MkDocs on one generated docs folder (a tree, or the cache's flat folder with its list:
    generator.site.listed); returns its warnings, raises BuildFailed.

    `dirty` (congkhai serve) renders only pages whose Markdown is newer than their HTML.
    With a `cache` (and the `pages` and `files` written into `docs_dir`), MkDocs builds into
    `out_dir` the pages whose HTML the cache does not hold for the same inputs, the cache is
    updated, and `site_dir` (which may hold the spare site) is made the built site."""
    from generator.site.log import captured_warnings

    office = job.board.office
    # Material prints site_name unescaped; the office title is content, so escape it here.
    name = html.escape(office.title) if office else "Bảng công khai"
    url = office.site_url if office else None
    listed = job.staging / "listed" / SITE_FOLDERS[audience]
    docs_dir = docs if isinstance(docs, Path) else _empty_folder(listed)
    spec = SiteSpec(job.user_file, docs_dir, out_dir, nav, audience, name, url, job.strict)
    with captured_warnings() as warnings:
        try:
            config = mkdocs_config(spec)
        except Exception as error:  # a bad mkdocs.yml is staff input: a message, not a traceback
            raise BuildFailed(_failure("cấu hình mkdocs.yml không hợp lệ", error, warnings)) from error
        if isinstance(docs, ListedDocs):
            config.plugins["congkhai-docs"] = DocsList(docs)
        try:
            label = f"MkDocs ({SITE_FOLDERS[audience]})"
            if cache is None or pages is None:
                if pages is not None:
                    config.plugins["congkhai-progress"] = PageProgress(label, len(pages))
                _mkdocs_build(config, dirty)
            else:
                key = site_key_of(spec, pages, files or {})
                build_with_cache(config, cache, key, pages, label, site_dir or out_dir, link=job.link_cached)
        except (MkDocsException, OSError, ValueError, TypeError, TemplateError) as error:
            raise BuildFailed(_failure("MkDocs không tạo được trang", error, warnings)) from error
    return list(warnings)


def _empty_folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _mkdocs_build(config: Any, dirty: bool) -> None:
    from mkdocs.commands.build import build as mkdocs_build

    mkdocs_build(config, dirty=dirty)


def site_key_of(spec: SiteSpec, pages: Mapping[str, str], files: Mapping[str, bytes]) -> str:
    """The cache key every page of the site `spec` shares (generator.site.cache.site_key)."""
    from generator.paths import THEME_DIR
    from generator.site.config import generator_settings

    nav_pages = {path: pages[path] for path in nav_paths(spec.nav) if path in pages}
    return site_key(generator_settings(spec), read_user_config(spec.user_file), THEME_DIR,
                    [*pages, *files], nav_pages)


def nav_paths(nav: Any) -> list[str]:
    """The Markdown paths a MkDocs nav points to."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in nav_paths(value)]
    if isinstance(nav, list):
        return [path for item in nav for path in nav_paths(item)]
    return []


class _NotDirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build may leave the nav inaccurate; a build with the cache
    gives MkDocs back everything the skipped pages would have added, so it is not shown (and
    does not count as a warning under --strict)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def build_with_cache(config: Any, cache: SiteCache, key: str, pages: Mapping[str, str],
                     label: str, site_dir: Path, link: bool = True) -> None:
    """MkDocs over the pages whose HTML the cache does not hold, into an empty folder of its
    own; then `site_dir` (the spare site, or nothing) gets those files and the cached pages
    (generator.site.spare)."""
    from generator.site.search_index import plain_entries, read_index

    out_dir = Path(config.site_dir)
    if out_dir == site_dir:
        raise ValueError("MkDocs must write into a folder of its own")
    markdown = Markdown.of(pages)
    reused = cache.reusable(key, markdown)
    config.plugins["congkhai-progress"] = PageProgress(label, len(pages) - len(reused))
    plugin = ReusePlugin(reused, site_dir if site_dir.is_dir() else None)
    config.plugins["congkhai-cache"] = plugin
    handler = PageWarnings(config, plugin)
    notice = _NotDirtyNotice()
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs.commands.build").addFilter(notice)
    try:
        _mkdocs_build(config, dirty=bool(reused))
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
        logging.getLogger("mkdocs.commands.build").removeFilter(notice)
    index = read_index(out_dir)
    fresh = {url: plain_entries(entries) for url, entries in entries_by_page(index["docs"]).items()} \
        if index is not None else {}
    if index is not None:
        order = [(file.src_uri, file.url) for file in plugin.files.documentation_pages()]
        index = merge_search(index, order, reused, fresh)
    cache.search_index = index  # its texts plain; written once, compacted, by finish_site
    cache.save(key, plugin.records(markdown, fresh), [src for src in plugin.built if src in pages], out_dir,
               link=link)
    cached = [record.dest for record in cache.pages.values()]
    place_site(site_dir, out_dir, cached, cache.root / "html", link=link, unchanged=plugin.unchanged,
               owned=writer_folders())
