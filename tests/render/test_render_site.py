"""The render stage's contract (generator.render.render_site): pure, deterministic, every link
reaches a page or a file.

The board: tests/support/render_board.py; the rendered sites: tests/render/conftest.py.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import pytest
from support.render_board import TODAY

from generator.check.link import Board
from generator.models import Audience
from generator.render import RenderedSite, render_site

# The fixtures build boards and sites: tests/render runs on one test worker, which builds them once.
pytestmark = pytest.mark.xdist_group("render")


def test_render_is_deterministic_and_leaves_the_board_alone(board: Board, public: RenderedSite) -> None:
    before = {kind: [record.model_dump() for record in board.of(kind)] for kind in board.records}
    again = render_site(board, Audience.PUBLIC, TODAY)
    assert again.pages == public.pages and again.files == public.files and again.nav == public.nav
    assert list(again.pages) == sorted(again.pages)
    assert {kind: [record.model_dump() for record in board.of(kind)] for kind in board.records} == before


def test_every_relative_link_points_at_a_rendered_page_or_file(
    public: RenderedSite, internal: RenderedSite
) -> None:
    link = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")
    for site in (public, internal):
        known = set(site.pages) | set(site.files)
        for path, text in site.pages.items():
            for target, _anchor in link.findall(text):
                if "://" in target or target.startswith("mailto:"):
                    continue
                resolved = PurePosixPath(path).parent.joinpath(target).as_posix()
                parts: list[str] = []
                for part in resolved.split("/"):
                    if part == "..":
                        parts.pop()
                    elif part != ".":
                        parts.append(part)
                assert "/".join(parts) in known, f"{path} → {target}"
