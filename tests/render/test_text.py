"""YAML text shown as text and nothing more (generator.render.text), on every page of a board
whose every value carries markup.

The board: tests/support/render_board.py; the rendered sites: tests/render/conftest.py.
"""

from __future__ import annotations

import re

import pytest
from mkdocs.utils.meta import get_data
from support.boards import REPO
from support.render_board import to_html

from generator.render import RenderedSite
from generator.render.text import escape_inline, escape_lines, sanitize_markdown

# The fixtures build boards and sites: tests/render runs on one test worker, which builds them once.
pytestmark = pytest.mark.xdist_group("render")


EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)

SCRIPT_URL = re.compile(r"(href|src)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)

def test_yaml_text_is_shown_as_text_on_every_page(evil_sites: list[RenderedSite]) -> None:
    for site in evil_sites:
        assert len(site.pages) > 25
        for path, text in site.pages.items():
            assert "<script" not in text.lower(), path
            body, meta = get_data(text)
            assert "<" not in meta.get("title", ""), path
            assert "*_[]" not in body and "{: onclick" not in body and "--8<--" not in body, path
            html = to_html(text)
            assert "<script" not in html.lower() and "<img" not in html, path
            assert not EVENT_ATTRIBUTE.search(html) and not SCRIPT_URL.search(html), path
        assert (
            "&lt;script&gt;alert(1)&lt;/script&gt;" in site.pages["thu-tuc/cap-giay-phep-lao-dong/index.md"]
        )


def test_description_keeps_simple_markdown_and_drops_the_rest(evil_sites: list[RenderedSite]) -> None:
    html = to_html(evil_sites[0].pages["bo-phan/ksthc/index.md"])
    assert '<a href="https://dichvucong.gov.vn/">ok</a>' in html
    assert "<strong>đậm</strong>" in html
    assert 'href="javascript' not in html and "<h1>tiêu đề" not in html and "<hr" not in html
    assert "&lt;img src&#61;x onerror&#61;alert(1)&gt;" in html


def test_text_filters() -> None:
    assert escape_inline("<b>*x*</b> | [a](b)") == "&lt;b&gt;&#42;x&#42;&lt;/b&gt; &#124; &#91;a&#93;(b)"
    assert escape_inline("1. Mục một") == "1&#46; Mục một"
    assert escape_inline("1.001930") == "1.001930"
    assert escape_inline("- gạch") == "&#45; gạch"
    assert escape_inline(None) == ""
    assert sanitize_markdown("**đậm** <i>x</i>") == "**đậm** &lt;i&gt;x&lt;/i&gt;"
    assert sanitize_markdown("[x](javascript:alert(1))") == "&#91;x&#93;(javascript:alert(1))"


def test_every_line_break_a_page_writes_keeps_the_words_apart_in_search() -> None:
    """Material's search indexer glues the words on both sides of a bare <br>; a space keeps
    them apart (tests/test_build.py searches the built index for the word after a break)."""
    glued = [(path.name, line) for path in sorted((REPO / "theme/templates").glob("*.j2"))
             for line in path.read_text(encoding="utf-8").splitlines() if re.search(r"<br>(?!\s)", line)]
    assert glued == []
    assert "<br> " in str(escape_lines("Bản khai chung\nMẫu đính kèm"))
