"""The sites tests/render reads: the small board of tests/support/render_board.py and the demo
board, rendered once per test worker (every module here is in one xdist group)."""

from __future__ import annotations

import copy

import pytest
import yaml
from support.boards import BOARD_YAML, REPO
from support.render_board import EVIL, RECORDS, TODAY, checked_board, poison, write_board

from generator.check import check_content
from generator.check.link import Board
from generator.models import Audience
from generator.render import RenderedSite, render_site


@pytest.fixture(scope="session")
def board(tmp_path_factory: pytest.TempPathFactory) -> Board:
    return checked_board(write_board(tmp_path_factory.mktemp("render") / "content", RECORDS))


@pytest.fixture(scope="session")
def public(board: Board) -> RenderedSite:
    return render_site(board, Audience.PUBLIC, TODAY)


@pytest.fixture(scope="session")
def internal(board: Board) -> RenderedSite:
    return render_site(board, Audience.INTERNAL, TODAY)


@pytest.fixture(scope="session")
def evil_sites(tmp_path_factory: pytest.TempPathFactory) -> list[RenderedSite]:
    records = {path: poison(copy.deepcopy(data)) for path, data in RECORDS.items()}
    records["units/ksthc"]["description"] = (
        f"{EVIL}\n\n[trang](javascript:alert(1)) [ok](https://dichvucong.gov.vn/) "
        "<img src=x onerror=alert(1)>\n"
        "# tiêu đề\n---\n- mục **đậm**"
    )
    board_yaml = yaml.safe_dump(poison(yaml.safe_load(BOARD_YAML)), allow_unicode=True)
    board = checked_board(write_board(tmp_path_factory.mktemp("evil") / "content", records, board_yaml))
    return [render_site(board, audience, TODAY) for audience in Audience]


@pytest.fixture(scope="session")
def demo() -> Board:
    result = check_content(REPO / "content")
    if not result.ok or len(result.board) < 5:
        pytest.skip("the demo board in content/ is not ready")
    return result.board
