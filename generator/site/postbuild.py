"""Fixes applied to a site MkDocs has just built, before it is published.

- MkDocs copies every static file of the theme folder, including the Jinja templates of the
  render stage, the print pack and the kiosk (theme/templates/, theme/print/, theme/kiosk/):
  they are sources, not part of the site. Only Material's override folders stay.
- The sitemap's <lastmod> is the wall-clock build date and sitemap.xml.gz carries a gzip
  timestamp: a record page's <lastmod> is the last commit of its file (when the content is a
  git clone), every other one the build's reference date, and the gzip time is 0, so that two
  builds of the same content, git history and --today are byte-identical.
- The search index is trimmed (generator.site.search_index).
- Material ships source maps and the search support of 20-odd languages: only Vietnamese is
  used, so the rest is left out (about 2 MB less per site on a USB stick).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Collection, Mapping
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.paths import THEME_DIR
from generator.site.search_index import compact_search_index

_URL_DATE = re.compile(r"(<loc>([^<]*)</loc>\s*)<lastmod>[^<]*</lastmod>")


def finish_site(site: Path, today: date, record_pages: Collection[str] = (),
                lastmod: Mapping[str, date] | None = None, plain_index: dict[str, Any] | None = None) -> None:
    """Apply every fix to the MkDocs output folder `site` (`record_pages`: see search_index;
    `lastmod`: site-relative page location → the day it last changed; `plain_index`: the
    site's whole search index, its texts plain, when a build with the cache holds it, instead
    of the one in `site`)."""
    remove_theme_sources(site)
    prune_assets(site)
    copy_favicon(site)
    fix_sitemap(site, today, lastmod or {})
    compact_search_index(site, record_pages, plain_index)


# Folders of theme/ that Material reads (custom_dir overrides); every other folder holds
# templates of the generator's own stages.
MATERIAL_FOLDERS = frozenset({"assets", "partials", ".icons"})


def remove_theme_sources(site: Path, theme_dir: Path = THEME_DIR) -> None:
    for folder in sorted(theme_dir.iterdir()):
        if folder.is_dir() and folder.name not in MATERIAL_FOLDERS:
            _remove_copies(folder, site / folder.name)


def _remove_copies(sources: Path, copied: Path) -> None:
    """Delete the files of `copied` that are copies of files in `sources`, then empty folders."""
    for source in sorted(sources.rglob("*"), key=lambda path: len(path.parts), reverse=True):
        target = copied / source.relative_to(sources)
        if source.is_file() and target.is_file():
            target.unlink()
        elif source.is_dir() and target.is_dir() and not any(target.iterdir()):
            target.rmdir()
    if copied.is_dir() and not any(copied.iterdir()):
        copied.rmdir()


# The search worker loads lunr.stemmer.support and lunr.<lang> for the configured language (vi).
KEPT_LUNR = frozenset({"lunr.stemmer.support.min.js", "lunr.vi.min.js"})


FAVICON = Path("assets") / "images" / "favicon.ico"


def copy_favicon(site: Path) -> None:
    """The icon at /favicon.ico too, where a browser looks for a page that names none (the
    kiosk, the print pack, a file opened directly): no 404 on every such page."""
    icon = site / FAVICON
    if icon.is_file():
        (site / "favicon.ico").write_bytes(icon.read_bytes())


def prune_assets(site: Path) -> None:
    assets = site / "assets"
    for source_map in sorted(assets.rglob("*.map")):
        source_map.unlink()
    lunr = assets / "javascripts" / "lunr"
    for script in sorted(lunr.rglob("*.js")):
        if script.name not in KEPT_LUNR:
            script.unlink()


def _page_location(url: str, lastmod: Mapping[str, date]) -> str | None:
    """The key of `lastmod` that a sitemap URL ends with (the site may live under a path)."""
    path = urlsplit(url).path
    start = 0
    while start != -1:
        if path[start:] in lastmod:
            return path[start:]
        start = path.find("/", start) + 1 or -1
    return None


def fix_sitemap(site: Path, today: date, lastmod: Mapping[str, date] | None = None) -> None:
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return
    dates = lastmod or {}

    def dated(match: re.Match[str]) -> str:
        location = _page_location(match.group(2), dates) if dates else None
        day = dates[location] if location is not None else today
        return f"{match.group(1)}<lastmod>{day.isoformat()}</lastmod>"

    text = _URL_DATE.sub(dated, sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(text, encoding="utf-8", newline="\n")
    with (site / "sitemap.xml.gz").open("wb") as raw, \
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
        packed.write(text.encode("utf-8"))
