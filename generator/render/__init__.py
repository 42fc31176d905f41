"""Render stage: the Board → Markdown pages, nav and files of one audience's MkDocs site.

`render_site` is pure apart from reading the published files from content/: the same Board,
audience and `today` give the same pages, byte for byte. Nothing internal reaches a PUBLIC
render: records are filtered once, in `SiteView`, and every page, link and file comes from it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any

from generator.check.link import Board
from generator.models import KINDS, Audience
from generator.present import urls
from generator.render.audit_page import audit_for_site, audit_nav, audit_pages
from generator.render.cache import RenderCache
from generator.render.env import UnescapedValueError, environment
from generator.render.markdown import KeptMarkdown, Markdown
from generator.render.nav import build_nav
from generator.render.open_data import history_markdown, open_data_outputs, page_jsonld
from generator.render.pages import Page, all_pages, has_reception, record_pages
from generator.render.ranking import search_meta
from generator.render.reception_pages import NAV_SECTION, reception_files, reception_nav, reception_pages
from generator.render.view import SiteView

__all__ = ["RenderError", "RenderedSite", "UnescapedValueError", "render_record_pages", "render_site"]


class RenderError(ValueError):
    """The content cannot be laid out as pages (the message is for staff)."""


@dataclass(slots=True)
class RenderedSite:
    """One audience's site: Markdown pages, the nav (index pages only), files to copy."""

    pages: Mapping[str, str] = field(default_factory=Markdown)  # a Markdown from render_site
    nav: list[Any] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    reused: int = 0  # pages taken from the render cache


def _check_ids(view: SiteView) -> None:
    for kind, reserved in urls.RESERVED_IDS.items():
        for record in view.by_kind[kind]:
            if record.id in reserved:
                raise RenderError(
                    f"{KINDS[kind].label} mã '{record.id}' trùng tên trang danh mục "
                    f"'{urls.RECORD_SEGMENTS[kind]}/{record.id}/': hãy đổi mã (tên tệp)")


OPEN_DATA_MEMO = "open_data.pack"  # in the site's build cache folder: the open-data tables
_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def tidy(markdown: str) -> str:
    """One blank line between blocks, none at the start, one newline at the end.

    Safe because no page contains a fenced code block, where blank lines would count.
    """
    return _BLANK_RUNS.sub("\n\n", markdown).strip("\n") + "\n"


_H1 = re.compile(r"\A# (.+)$", re.MULTILINE)


def with_title(markdown: str, jsonld: str | None = None, search: dict[str, Any] | None = None) -> str:
    """Front matter with the page title, HTML-escaped.

    MkDocs would take the title from the H1 and Material prints it through `striptags`, which
    turns the escaped `&lt;script&gt;` of a YAML title back into a tag in <title>. Material
    prints a front-matter title as it is, so an HTML-escaped one shows the text and only that.
    """
    match = _H1.match(markdown)
    if match is None:
        return markdown
    title = html.escape(html.unescape(match.group(1)))
    meta = f"title: {yaml_string(title)}\n"
    if jsonld is not None:  # printed into <head> by theme/main.html
        meta += f"jsonld: {yaml_string(jsonld)}\n"
    for key, value in (search or {}).items():  # numbers and codes: ASCII JSON is YAML
        meta += f"{key}: {json.dumps(value)}\n"
    return f"---\n{meta}---\n\n{markdown}"


def yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar in printable ASCII, every other character escaped.

    Whatever `text` holds (a control character, U+2028), the front matter stays valid YAML:
    MkDocs would otherwise drop it silently and render it as Markdown."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def _render_page(view: SiteView, page: Page) -> str:
    """One page's Markdown. `view` may be a TracedView (generator.render.cache): everything the
    page reads of the board comes through it."""
    template = environment().get_template(page.template)
    data = page.data if page.late is None else {**page.data, **page.late()}
    markdown = template.render(site=view, page=page.path, today=view.today, office=view.office, **data)
    record = page.data.get("record")
    if record is not None:
        markdown += "\n\n" + history_markdown(view, record)
    return with_title(tidy(markdown), page_jsonld(view, page.path, record), search_meta(record))


def _cached_render(view: SiteView, page: Page, cache: RenderCache | None) -> str | KeptMarkdown:
    if cache is None:
        return _render_page(view, page)
    return cache.markdown(view, page.path, page.template, page.data, lambda site: _render_page(site, page))


def render_site(board: Board, audience: Audience, today: Date, audit: Any = None,
                cache_dir: Path | None = None) -> RenderedSite:
    """Every page of the `audience` site as Markdown, with its nav and downloadable files.
    With a `cache_dir` (generator.render.cache), a page none of whose inputs changed since the
    render kept there is taken from it."""
    view = SiteView(board, audience, today)
    _check_ids(view)
    cache = RenderCache.open(cache_dir, view) if cache_dir is not None else None
    pages = Markdown({page.path: _cached_render(view, page, cache)
                      for page in all_pages(view, audit_for_site(audit, view))})
    files = view.files()
    if has_reception(view):  # the reception section: occurrences, history, notices, .ics feed
        pages.update_texts(reception_pages(view, cache))
        files.update(reception_files(view, cache))
    pages.update_texts({path: tidy(text) for path, text in audit_pages(view, audit).items()})
    open_pages, open_files = open_data_outputs(  # public site only
        view, cache_dir / OPEN_DATA_MEMO if cache_dir is not None else None)
    pages.update_texts({path: with_title(tidy(text)) for path, text in open_pages.items()})
    files.update(open_files)
    ordered = pages.sorted()
    nav = build_nav(ordered, {NAV_SECTION: reception_nav()}) + audit_nav(ordered)
    if cache is not None:
        cache.save()
    return RenderedSite(ordered, nav, dict(sorted(files.items())), cache.reused if cache else 0)


def render_record_pages(board: Board, audience: Audience, today: Date,
                        records: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The pages of some records only, (kind, id) → exactly as `render_site` renders them; a
    record the audience does not see has none. `congkhai serve` shows an edit with these
    before the full render catches up."""
    view = SiteView(board, audience, today)
    wanted = set(records)
    return {page.path: _render_page(view, page) for page in record_pages(view)
            if (page.data["record"].kind_name, page.data["record"].id) in wanted}
