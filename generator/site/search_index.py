"""The built site's search index (search/search_index.json), kept small.

Material indexes every section of every page, with its HTML. The folding that lets citizens
type without diacritics happens in the browser (theme/…/lunr.vi.min.js), so nothing is added
here. This module trims what the index carries, then keeps the offline copy
(search/search_index.js, read when the site is opened from file://) in step:

- text is stored as plain text (the inline tags Material keeps add bytes, not words) and
  without JSON escapes for Vietnamese letters (Material writes "\\u1ea5" for "ấ");
- a passage repeated on the same page (a fee listed again for each way of applying) is
  kept once: the words stay searchable;
- a section that reads the same on many record pages (where to send feedback on a procedure)
  is kept on the first of them only: a search for its words finds it there, not 200 times;
- index pages (lists of records, by kind, field, year…) keep one entry with a short teaser:
  every record they list is indexed on its own page, so their full text only duplicates it;
- the debris of the national procedure database's HTML editor that staff copy into values
  ("<p>", "<br/>", "&nbsp;" written out) is shown on the page as typed, but it is not a word
  anyone searches for, so the index leaves it out;
- a procedure page's search boost and its code as a tag (generator.render.ranking) stay on the
  page's own entry, which holds the title they rank; Material copies both onto every section
  of the page, where they only add bytes (46 B gzipped a record on real-shaped procedures);
- entries are ordered pages first, then the sections of every page grouped by heading (all
  "Trình tự thực hiện" together, then all "Thành phần hồ sơ"…): similar texts side by side
  fall within gzip's 32 KB window, so the index a phone downloads is about a fifth smaller.
  Material's search needs only that a page's entry comes before its sections.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

import orjson

TEASER_CHARS = 160
REPEAT_CHARS = 24  # shorter passages ("1", "Bản chính") are kept even when repeated
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
# Editor tags and entities as Material stores text (escaped): "&lt;p&gt;", "&amp;nbsp;".
_EDITOR_DEBRIS = re.compile(
    r"&lt;/?(?:p|br|span|div|font|strong|b|em|i|u|sup|sub)(?:\s(?:(?!&gt;).)*)?/?&gt;|&amp;nbsp;", re.I)


def read_index(site: Path) -> dict[str, Any] | None:
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return None
    data: dict[str, Any] = orjson.loads(path.read_bytes())
    return data


def write_index(site: Path, data: dict[str, Any]) -> None:
    """The index as compact UTF-8 JSON (orjson writes the bytes json.dumps(ensure_ascii=False)
    would, 5× faster: 15 MB at 5,000 records), and its offline copy."""
    payload = orjson.dumps(data)
    folder = site / "search"
    (folder / "search_index.json").write_bytes(payload)
    offline = folder / "search_index.js"
    if offline.is_file():
        offline.write_bytes(b"var __index = " + payload)


def plain_text(html: str, seen: set[str] | None = None) -> str:
    """`html` without tags; passages already in `seen` are left out, new ones added to it."""
    passages = []
    for part in _TAG.split(html):
        passage = _SPACE.sub(" ", _EDITOR_DEBRIS.sub(" ", part)).strip()
        if not passage:
            continue
        if seen is not None and len(passage) >= REPEAT_CHARS:
            if passage in seen:
                continue
            seen.add(passage)
        passages.append(passage)
    return " ".join(passages)


def teaser(text: str, limit: int = TEASER_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + " …"


def page_texts(entries: list[dict[str, Any]]) -> list[str]:
    """The plain texts of one page's entries, a passage repeated on the page kept once."""
    seen: set[str] = set()
    return [plain_text(entry.get("text", ""), seen) for entry in entries]


def plain_entries(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One page's entries with their texts plain (`page_texts`): what the build cache keeps of
    a page's share of the index (generator.site.cache)."""
    return [{**entry, "text": text} for entry, text in zip(entries, page_texts(entries), strict=True)]


def plain_docs(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`plain_entries` of every page, in the order of `docs`."""
    by_page: dict[str, list[int]] = {}
    for index, doc in enumerate(docs):
        by_page.setdefault(doc["location"].partition("#")[0], []).append(index)
    found = list(docs)
    for indexes in by_page.values():
        for index, entry in zip(indexes, plain_entries([docs[index] for index in indexes]), strict=True):
            found[index] = entry
    return found


def compact_docs(docs: list[dict[str, Any]], record_pages: Collection[str]) -> list[dict[str, Any]]:
    """The entries to keep, from entries whose texts are plain (`plain_entries`). `record_pages`
    are the site-relative locations of record pages."""
    kept: list[dict[str, Any]] = []
    boilerplate: set[tuple[str, str]] = set()
    for doc in docs:
        text = doc.get("text", "")
        page, _, anchor = doc["location"].partition("#")
        if page not in record_pages:
            if anchor:
                continue
            text = teaser(text)
        elif anchor and len(text) >= REPEAT_CHARS:
            section = (doc["title"], text)
            if section in boilerplate:
                continue
            boilerplate.add(section)
        entry = {**doc, "text": text}
        if anchor:
            entry.pop("tags", None)
            entry.pop("boost", None)
        kept.append(entry)
    return sorted(kept, key=index_order)


def index_order(doc: dict[str, Any]) -> tuple[bool, str]:
    """Pages first, then sections by heading; a stable sort keeps the pages' order within each."""
    anchor = doc["location"].partition("#")[2]
    return bool(anchor), anchor


def compact_search_index(site: Path, record_pages: Collection[str],
                         plain_index: dict[str, Any] | None = None) -> None:
    """Compact the site's index and write it into `site`: `plain_index`, the whole index a
    build with the cache assembled, its texts plain already (generator.site.cache), or else
    the one MkDocs wrote in `site`."""
    data = plain_index if plain_index is not None else read_index(site)
    if data is None:
        return
    docs = data["docs"] if plain_index is not None else plain_docs(data["docs"])
    data["docs"] = compact_docs(docs, record_pages)
    write_index(site, data)
