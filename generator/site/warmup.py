"""Templates compiled ahead, on the core the content check leaves idle.

The check and the audit run in one process while the other core waits for the sites; then each
site worker compiles the templates it renders with (Material's, the Markdown pages', the kiosk's,
the print pack's): 0.3 to 0.5 s a site, a tenth of a warm build at 5,000 records. A forked
helper compiles them all meanwhile into a folder made for this build (generator.present.compiled),
and is stopped when the sites start: what it has compiled by then, the site workers load; the
rest they compile themselves. It only ever saves time: whatever fails in the helper, the site
workers compile as they would without it, and report what they would report.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import jinja2

from generator.models import KIND_BY_FOLDER, Audience
from generator.present.compiled import COMPILED
from generator.site.publish import staging_prefix
from generator.workers import die_with_parent

MIN_RECORDS = 1000
"""Below this many record files, the helper is not started: the check and the audit of a small
board (0.3 s warm at 1,000 records, 1.3 s at 5,000) end before it has compiled much (about 1 s
for every template), and a board's sites compile what they use."""

# Material's translations of its own labels: the board's language (and English, which the
# partial falls back on) are read, not the other 60-odd.
_LANGUAGE_PARTIALS = "partials/languages/"
_LANGUAGES = ("vi.html", "en.html")


class Helper:
    """The helper process of one build; `stop` before the sites start, so that it leaves them
    both cores."""

    def __init__(self, process: multiprocessing.process.BaseProcess | None) -> None:
        self.process = process

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.process = None


def pays_off(content_dir: Path) -> bool:
    """Whether `content_dir` holds MIN_RECORDS record files or more (counted, not read)."""
    count = 0
    for folder in KIND_BY_FOLDER:
        with contextlib.suppress(OSError), os.scandir(content_dir / folder) as entries:
            count += sum(1 for entry in entries if entry.name.endswith((".yaml", ".yml")))
        if count >= MIN_RECORDS:
            return True
    return False


@contextlib.contextmanager
def templates_compiled_ahead(user_file: Path | None, beside: Path, enabled: bool) -> Iterator[Helper]:
    """While inside: a helper compiles the build's templates into a folder of this build (made
    in `beside`, the site's parent folder, among the build's staging folders: a killed build's
    is removed by the next), which the process (and the site workers it forks) load them from;
    the folder is removed after."""
    folder = _private_folder(beside) if enabled else None
    if folder is None:
        yield Helper(None)
        return
    context = multiprocessing.get_context("fork")
    process = context.Process(target=_compile_all, args=(folder, user_file, os.getpid()), daemon=True)
    helper = Helper(process)
    COMPILED.folder = folder
    try:
        try:
            process.start()
        except OSError:  # no process to spare: the sites compile their templates themselves
            helper.process = None
        yield helper
    finally:
        helper.stop()
        COMPILED.folder = None
        shutil.rmtree(folder, ignore_errors=True)


def _private_folder(beside: Path) -> Path | None:
    """A new folder only this user can read and write (None if there is no room for one)."""
    try:
        return Path(tempfile.mkdtemp(prefix=f"{staging_prefix(beside)}templates-", dir=beside.parent))
    except OSError:
        return None


def _compile_all(folder: Path, user_file: Path | None, parent: int) -> None:
    """In the helper: compile every template a build renders with, writing each into `folder`.
    Whatever happens here is the build's to report, once: the helper prints nothing, Ctrl-C
    included, and ends without Python's shutdown (it may hold a copy of a lock)."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with open(os.devnull, "wb") as nowhere:
        os.dup2(nowhere.fileno(), 1)
        os.dup2(nowhere.fileno(), 2)
    try:
        logging.disable(logging.CRITICAL)
        warnings.simplefilter("ignore")
        COMPILED.share(folder)
        for env, names in _environments(folder, user_file):
            for name in names:
                with contextlib.suppress(Exception):  # the site worker meets (and reports) it again
                    env.get_template(name)
    finally:
        os._exit(0)


Templates = tuple[jinja2.Environment, list[str]]


def _environments(folder: Path, user_file: Path | None) -> Iterator[Templates]:
    """The environments of a build, made as the site workers make them, with the templates
    each renders; congkhai's own first (the same in every board), Material's last."""
    from generator.outputs.kiosk import environment as kiosk_environment
    from generator.outputs.printpack.html import environment as print_environment
    from generator.render.env import environment as page_environment

    pages = page_environment()
    yield pages, pages.list_templates(extensions=["j2"])
    printed = print_environment()
    yield printed, printed.list_templates(extensions=["html", "css"])
    kiosk = kiosk_environment()
    yield kiosk, kiosk.list_templates(extensions=["html", "css", "js"])
    try:
        theme = _theme_environment(folder, user_file)
    except Exception:  # a broken mkdocs.yml: the build says so, not the helper
        return
    yield theme, theme.list_templates(filter_func=_material_template)


def _theme_environment(folder: Path, user_file: Path | None) -> jinja2.Environment:
    from generator.site.config import SiteSpec, mkdocs_config

    docs = folder / "docs"
    docs.mkdir(exist_ok=True)
    spec = SiteSpec(user_file, docs, folder / "site", [], Audience.PUBLIC, "", None, False)
    env: jinja2.Environment = mkdocs_config(spec).theme.get_env()
    env.bytecode_cache = COMPILED  # as generator.site.hooks.on_env does
    return env


def _material_template(name: str) -> bool:
    """A page template of Material (or of theme/ over it), not the kiosk's or the print pack's
    (other environments), nor a translation the board does not read."""
    if name.startswith(("kiosk/", "print/")) or not name.endswith((".html", ".xml")):
        return False
    return not name.startswith(_LANGUAGE_PARTIALS) or name.endswith(_LANGUAGES)
