"""Notices → A4 HTML pages from the Jinja2 templates in theme/print/.

Every page is one self-contained file (styles inline, QR codes inline SVG, no scripts, no
fonts fetched), so it prints the same from the site, from a USB copy or from `file://`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from generator.fingerprint import Fingerprints, MemoFile, code_digest, key_of, tree_digest, versions
from generator.models import Office
from generator.outputs.folder import write_if_changed
from generator.outputs.printpack import nd30
from generator.outputs.printpack.notices import CATEGORIES, Notice
from generator.outputs.printpack.qr import qr_svg
from generator.paths import THEME_DIR
from generator.present.templating import html_environment

MEMO_FORMAT = 1


@dataclass(frozen=True, slots=True)
class IndexEntry:
    notice: Notice
    href: str
    pdf_href: str | None


def environment(theme_dir: Path = THEME_DIR) -> jinja2.Environment:
    env = html_environment(theme_dir / "print")
    env.globals.update(nd30=nd30)
    return env


def _relative_root(path: str) -> str:
    return "../" * path.count("/")


def render_notice(notice: Notice, office: Office) -> str:
    template = environment().get_template("notice.html")
    return template.render(
        notice=notice, office=office, body=f"body/{notice.body}",
        date_line=nd30.date_line(office.place, notice.issued_on),
        number_line=nd30.number_line(notice.number),
        posting_line=nd30.posting_line(notice.posted_from, notice.posted_until),
        qr=qr_svg(notice.url) if notice.url else None, index_href=f"{_relative_root(notice.path)}index.html",
        **notice.data,
    )


def encoded_notice(notice: Notice, office: Office) -> bytes:
    return render_notice(notice, office).encode("utf-8")


def render_index(entries: Iterable[IndexEntry], office: Office, today: date, internal: bool) -> str:
    groups: dict[str, list[IndexEntry]] = {category: [] for category in CATEGORIES}
    for entry in entries:
        groups[entry.notice.category].append(entry)
    template = environment().get_template("index.html")
    return template.render(groups=[(name, items) for name, items in groups.items() if items],
                           office=office, today=today, internal=internal, nd30=nd30)


def write_text(path: Path, text: str) -> None:
    write_if_changed(path, text.encode("utf-8"))


def index_entries(notices: Iterable[Notice], out_dir: Path) -> list[IndexEntry]:
    """Index rows; a PDF is linked when one was printed beside the page."""
    entries = []
    for notice in notices:
        pdf = Path(notice.path).with_suffix(".pdf").as_posix()
        entries.append(IndexEntry(notice, notice.path, pdf if (out_dir / pdf).is_file() else None))
    return entries


def notice_memo(file: Path, office: Office,
                source_digest: Callable[[Any], str | None] | None = None) -> MemoFile:
    """The notices of the last build, reused when the notice, the office, the print templates
    and congkhai's code are the same (generator.fingerprint; `source_digest`: Board's)."""
    fingerprints = Fingerprints(source_digest)
    key = key_of(MEMO_FORMAT, fingerprints.of(office), tree_digest(THEME_DIR / "print"), code_digest(),
                 versions())
    return MemoFile.open(file, key, fingerprints)


def write_pages(notices: list[Notice], office: Office, out_dir: Path,
                memo: MemoFile | None = None) -> list[Path]:
    written = []
    folders: set[Path] = set()  # made already (a folder holds hundreds of notices)
    for notice in notices:
        path = out_dir / notice.path
        if memo is None:
            html = encoded_notice(notice, office)
        else:  # kept as the bytes written: a warm build neither decodes nor encodes them
            html = memo.blob(notice.path, notice, partial(encoded_notice, notice, office))
        write_if_changed(path, html, folders)
        written.append(path)
    if memo is not None:
        memo.save()
    return written


def write_index(notices: list[Notice], office: Office, out_dir: Path, today: date, internal: bool) -> Path:
    path = out_dir / "index.html"
    write_text(path, render_index(index_entries(notices, out_dir), office, today, internal))
    return path
