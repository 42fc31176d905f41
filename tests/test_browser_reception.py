"""The reception pages in a real browser: the site built by `congkhai build`, served over HTTP.

Without Chromium the tests skip locally; with CI=true a missing browser is a failure.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support.boards import REPO
from support.browser import served

# Module fixtures build boards and sites: the module runs on one test worker, which builds them once.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("test_browser_reception")]

TODAY = date(2026, 6, 10)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The public site of the reception fixture board, built by the real CLI."""
    from support.reception import make_board

    root = tmp_path_factory.mktemp("reception-site")
    make_board(root / "content")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "content", "--today", TODAY.isoformat(),
         "--site-dir", "site"], cwd=root, capture_output=True, text=True, encoding="utf-8",
        timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "site" / "public"


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    with served(built_site, "") as url:
        yield url


# `browser`: conftest's Chromium, one per test worker (two Playwright instances cannot share a thread).


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    opened = context.new_page()
    yield opened
    context.close()


def next_session_text(page: Any) -> str:
    heading = page.locator("h2#buoi-tiep-sap-toi")
    heading.wait_for()
    first = heading.locator("xpath=following-sibling::p[1]").inner_text()
    details = heading.locator("xpath=following-sibling::ul[1]").inner_text()
    return f"{first}\n{details}"


def test_schedule_page_shows_the_next_session_date_and_host(page: Any, server: str) -> None:
    page.goto(f"{server}tiep-cong-dan/")
    assert page.title().startswith("Lịch tiếp công dân")
    text = next_session_text(page)
    assert re.search(r"\b10/06/2026\b", text)
    assert "Người tiếp: Đoàn Thu Hà, Phó Chủ tịch UBND tỉnh" in text
    # Today's session is highlighted, in the next-session block and in the list.
    assert page.locator("mark", has_text="Hôm nay, Thứ Tư, 10/06/2026").count() >= 2


def test_postponed_and_cancelled_sessions_are_visible(page: Any, server: str) -> None:
    page.goto(f"{server}tiep-cong-dan/")
    table = page.locator("h2#cac-tuan-toi").locator("xpath=following-sibling::*[1]")
    rows = table.locator("tr")
    postponed = rows.filter(has_text="15/06/2026").first.inner_text()
    assert "Hoãn sang ngày 19/06/2026." in postponed
    cancelled = rows.filter(has_text="08/07/2026").first.inner_text()
    assert "Hủy buổi tiếp." in cancelled


def test_feed_link_downloads_the_calendar(page: Any, server: str) -> None:
    page.goto(f"{server}tiep-cong-dan/")
    link = page.get_by_role("link", name=re.compile("ứng dụng lịch"))
    href = link.get_attribute("href")
    target = urllib.request.urljoin(page.url, href)
    with urllib.request.urlopen(target, timeout=10) as response:
        body = response.read()
    assert body.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert b"UID:pho-chu-tich-20260610@congkhai.langson.gov.vn\r\n" in body


def test_history_links_to_the_result_notice_page(page: Any, server: str) -> None:
    page.goto(f"{server}tiep-cong-dan/lich-su/")
    page.get_by_role("link", name="Số 52/TB-UBND ngày 17/04/2026").click()
    page.wait_for_url(re.compile(r"/tiep-cong-dan/thong-bao/2026-04/(index\.html)?$"))
    assert page.locator("h1").inner_text().startswith("Thông báo kết quả buổi tiếp công dân ngày 15/04/2026")
    assert page.locator("h3#vu-viec-1").count() == 1


def test_home_page_shows_the_next_session(page: Any, server: str) -> None:
    page.goto(server)
    heading = page.locator("h2#lich-tiep-cong-dan-sap-toi")
    heading.wait_for()
    text = heading.locator("xpath=following-sibling::p[1]").inner_text()
    assert "10/06/2026" in text
    page.get_by_role("link", name="Xem lịch tiếp công dân").click()
    page.wait_for_url(re.compile(r"/tiep-cong-dan/(index\.html)?$"))


DEMO_TODAY = date(2026, 5, 20)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo board (content/ and mkdocs.yml of the repository), built by the real CLI."""
    root = tmp_path_factory.mktemp("demo-site")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "content", "--today", DEMO_TODAY.isoformat(),
         "--site-dir", "site"], cwd=root, capture_output=True, text=True, encoding="utf-8",
        timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    with served(root / "site" / "public", "") as url:
        yield url


def test_demo_schedule_page_shows_the_next_session(page: Any, demo_server: str) -> None:
    from generator.check import check_content
    from generator.models import Audience
    from generator.schedule.occurrences import board_occurrences, next_session

    board = check_content(REPO / "content").board
    expected = next_session(board_occurrences(board, DEMO_TODAY, Audience.PUBLIC), DEMO_TODAY)
    assert expected is not None, "the demo board should have a coming reception session"
    page.goto(f"{demo_server}tiep-cong-dan/")
    text = next_session_text(page)
    assert f"{expected.date:%d/%m/%Y}" in text
    assert expected.host.name in text
