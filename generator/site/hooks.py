"""MkDocs hooks for every site congkhai builds; site/config.py lists this file under `hooks:`.

Compiled templates
------------------
MkDocs makes a new Jinja environment for every build, so Material's templates would be compiled
again each time: a good part of a one-page rebuild in `congkhai serve`. `on_env` gives every
environment the process's bytecode cache (generator.present.compiled), so a process compiles
each template once, or loads it compiled by the build's helper (generator.site.warmup); Jinja
checks each template's source checksum, so an edited template is compiled again.

Blocks of HTML
--------------
A page template may write a long list as HTML between the markers of generator.render.text
(the fee list, the processing times of a field: 50-90 KB, built again on every commit that
changes one of their rows). Python-Markdown would only pass such a block through, after
parsing it, and Material's search indexer would parse it again to index text that
generator.site.search_index then cuts to a teaser (these are index pages). So the block is set
aside before Markdown (`on_page_markdown`) and put back after the search plugin has indexed
the page (`on_page_context`, last), before the page's template is rendered.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2
from mkdocs.plugins import event_priority

from generator.present.compiled import COMPILED
from generator.render.text import RAW_HTML_END, RAW_HTML_START


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    env.bytecode_cache = COMPILED
    return env


RAW_HTML = re.compile(f"^{re.escape(RAW_HTML_START)}\n(.*?)\n{re.escape(RAW_HTML_END)}$", re.S | re.M)
PLACEHOLDER = re.compile(r'<div data-congkhai-html="(\d+)"></div>')
# The blocks set aside, by page (src_uri), from on_page_markdown to on_page_context.
SET_ASIDE: dict[str, list[str]] = {}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    blocks: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        blocks.append(match.group(1))
        return f'<div data-congkhai-html="{len(blocks) - 1}"></div>'

    markdown = RAW_HTML.sub(set_aside, markdown)
    if blocks:
        SET_ASIDE[page.file.src_uri] = blocks
    return markdown


@event_priority(-100)  # after Material's search plugin has indexed the page without the blocks
def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    blocks = SET_ASIDE.pop(page.file.src_uri, None)
    if blocks:
        page.content = PLACEHOLDER.sub(lambda match: blocks[int(match.group(1))], page.content)
    return context
