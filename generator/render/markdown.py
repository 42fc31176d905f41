"""A site's pages as Markdown: texts rendered in this build and pages kept as UTF-8 bytes.

A warm build takes most pages from the render cache (generator.render.cache), which keeps each
page's Markdown as UTF-8 bytes with their SHA-256. What the build does with an unchanged page
needs only those: the docs folder already holds its bytes and the site cache compares digests.
Decoding 28 MB of Vietnamese Markdown a site, encoding it again and hashing it took about
0.24 s a site at 5,000 records; `Markdown` decodes a kept page only when it is read as text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass


def markdown_digest(encoded: bytes | memoryview) -> str:
    """The digest the site cache keys a page's HTML on (generator.site.cache)."""
    return hashlib.sha256(encoded).hexdigest()


@dataclass(slots=True)
class KeptMarkdown:
    """A page's Markdown as the render cache kept it: its UTF-8 and their digest."""

    encoded: memoryview | bytes
    digest: str

    def text(self) -> str:
        return str(self.encoded, "utf-8")


class Markdown(Mapping[str, str]):
    """Pages' Markdown by docs-relative path, in the order added; read as text (`pages[path]`)
    or as bytes and digests (`encoded`, `digest`) without decoding a kept page."""

    def __init__(self, pages: Mapping[str, str | KeptMarkdown] | None = None) -> None:
        self._pages: dict[str, str | KeptMarkdown] = dict(pages or {})
        self._digests: dict[str, str] = {}

    @classmethod
    def of(cls, pages: Mapping[str, str]) -> Markdown:
        """`pages` as Markdown (itself when it is one)."""
        return pages if isinstance(pages, Markdown) else cls(pages)

    def __getitem__(self, path: str) -> str:
        page = self._pages[path]
        if isinstance(page, str):
            return page
        text = page.text()
        self._digests[path] = page.digest
        self._pages[path] = text
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    def __contains__(self, path: object) -> bool:
        return path in self._pages

    def add(self, path: str, page: str | KeptMarkdown) -> None:
        self._pages[path] = page
        self._digests.pop(path, None)

    def update_texts(self, pages: Mapping[str, str]) -> None:
        for path, text in pages.items():
            self.add(path, text)

    def sorted(self) -> Markdown:
        """The same pages in the order of their paths."""
        ordered = Markdown({path: self._pages[path] for path in sorted(self._pages)})
        ordered._digests = dict(self._digests)
        return ordered

    def encoded(self, path: str) -> bytes | memoryview:
        """The page's UTF-8 (UnicodeEncodeError for a text with a lone surrogate)."""
        page = self._pages[path]
        return page.encode("utf-8") if isinstance(page, str) else page.encoded

    def digest(self, path: str) -> str:
        found = self._digests.get(path)
        if found is None:
            page = self._pages[path]
            found = page.digest if isinstance(page, KeptMarkdown) else markdown_digest(self.encoded(path))
            self._digests[path] = found
        return found
