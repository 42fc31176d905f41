"""A page kept by the render cache goes to the docs folder as its bytes, decoded only if read.

The kept bytes below are not UTF-8 at all: any step that decoded them would raise. A warm build
that finds the page unchanged compares digests only, and leaves the docs file as it is."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.render.markdown import KeptMarkdown, Markdown
from generator.site.build import sync_docs
from generator.site.cache import PageRecord, SiteCache
from generator.site.listed import flat_name

NOT_UTF8 = b"---\ntitle: \xff\xfe\n---\n"
TEXT = "---\ntitle: \"Th\\u1ee7 t\\u1ee5c\"\n---\n\n# Thủ tục đăng ký khai sinh\n\nLệ phí: Không quy định\n"


def kept(data: bytes) -> KeptMarkdown:
    return KeptMarkdown(memoryview(data), hashlib.sha256(data).hexdigest())


def test_a_kept_page_gives_its_bytes_and_digest_without_being_decoded() -> None:
    pages = Markdown({"b.md": kept(NOT_UTF8), "a.md": TEXT})
    assert bytes(pages.encoded("b.md")) == NOT_UTF8
    assert pages.digest("b.md") == hashlib.sha256(NOT_UTF8).hexdigest()
    assert pages.digest("a.md") == hashlib.sha256(TEXT.encode()).hexdigest()
    assert list(pages.sorted()) == ["a.md", "b.md"] and list(pages) == ["b.md", "a.md"]
    with pytest.raises(UnicodeDecodeError):
        pages["b.md"]


def test_a_kept_page_reads_as_the_text_it_was_kept_from() -> None:
    pages = Markdown({"a.md": kept(TEXT.encode())})
    assert pages["a.md"] == TEXT
    assert pages.digest("a.md") == hashlib.sha256(TEXT.encode()).hexdigest()
    assert dict(pages) == {"a.md": TEXT}


def test_an_unchanged_kept_page_is_left_in_the_docs_folder_undecoded(tmp_path: Path) -> None:
    cache = SiteCache(tmp_path / "cache")
    docs = cache.docs_dir
    (docs / flat_name("thu-tuc/index.md")).write_bytes(NOT_UTF8)
    cache.pages["thu-tuc/index.md"] = PageRecord(hashlib.sha256(NOT_UTF8).hexdigest(), "thu-tuc/index.html")
    sync_docs(cache, Markdown({"thu-tuc/index.md": kept(NOT_UTF8), "index.md": TEXT}), {})
    assert (docs / flat_name("index.md")).read_text(encoding="utf-8") == TEXT
    assert (docs / flat_name("thu-tuc/index.md")).read_bytes() == NOT_UTF8


def test_a_changed_kept_page_is_written_as_its_bytes(tmp_path: Path) -> None:
    cache = SiteCache(tmp_path / "cache")
    docs = cache.docs_dir
    (docs / flat_name("index.md")).write_text("# Cũ\n", encoding="utf-8")
    cache.pages["index.md"] = PageRecord(hashlib.sha256(b"# C\xc5\xa9\n").hexdigest(), "index.html")
    sync_docs(cache, Markdown({"index.md": kept(TEXT.encode())}), {})
    assert (docs / flat_name("index.md")).read_bytes() == TEXT.encode()
