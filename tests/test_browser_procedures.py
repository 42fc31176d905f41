"""A board of 240 imported procedures in a real browser on a 360 px phone: the procedure list
filters by typing without diacritics and by field, level and unit, nothing scrolls sideways, and
the processing times are split by field instead of one huge table.

Marked `browser`, like tests/test_browser.py (skipped without Chromium locally, failed in CI).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support.boards import BOARD_YAML, write_files
from support.browser import served
from support.tabs import PHONE, Visit

from generator.importer import import_dvc
from generator.importer.text import key_of
from generator.site.build import build

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent / "fixtures" / "dvc"
COUNT = 240
FIELDS = ["Hàng hải", "Chứng thực", "Hộ tịch", "Đất đai", "Giấy phép lao động"]


def write_sources(folder: Path) -> None:
    templates = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*.json"))]
    folder.mkdir(parents=True)
    for number in range(COUNT):
        document = json.loads(json.dumps(templates[number % len(templates)]))
        meta = next(value for key, value in document.items() if key.lower() == "metadata")
        for key in list(meta):
            if key_of(key) == "mathutuc":
                meta[key] = f"{1 + number % 3}.{number:06d}"
            elif key_of(key) == "linhvuc":
                meta[key] = FIELDS[number % len(FIELDS)]
            elif key_of(key) == "tenthutuc":
                meta[key] = f"{meta[key]} số {number}"
        (folder / f"{number:04d}.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many")
    content = root / "content"
    write_files(content, {"board.yaml": BOARD_YAML, "units/mot-cua.yaml": "title: Bộ phận Một cửa\n"})
    write_sources(root / "dvc")
    report = import_dvc([root / "dvc"], content, "mot-cua", date(2026, 3, 1))
    assert report.ok and report.count("new") == COUNT
    build(content, root / "site", date(2026, 3, 10))
    return root / "site"


def shown_items(page: Any) -> int:
    return int(page.evaluate("document.querySelectorAll('li.ck-item:not([hidden])').length"))


def script_errors(visit: Visit) -> list[str]:
    """Errors the page logs (scripts, and resources that failed to load)."""
    return visit.errors


def fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("document.body.scrollWidth") <= PHONE["width"]


def test_procedure_list_filters_by_typing_and_by_choice_on_a_phone(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.set_viewport_size(PHONE)
    page.goto(base_url + "thu-tuc/index.html")
    page.wait_for_selector(".ck-filter select")
    assert shown_items(page) == COUNT
    fits(page)
    page.fill("#ck-filter-text", "ban sao tu so goc")  # typed without diacritics
    assert shown_items(page) == len(range(2, COUNT, 3))
    page.fill("#ck-filter-text", "2.000001")  # by code
    assert page.locator("li.ck-item:not([hidden])").all_inner_texts() == [
        "Cấp giấy phép hoạt động cho tàu biển nước ngoài vào cảng biển số 1\n"
        "Mã 2.000001 · Chứng thực · Cấp Bộ · Cấp tỉnh · Cấp xã · Bộ phận Một cửa"]
    page.fill("#ck-filter-text", "")
    page.select_option("#ck-filter-level", "Cấp Bộ")
    assert shown_items(page) == len(range(1, COUNT, 3))  # only the tàu biển procedures name Cấp Bộ
    page.select_option("#ck-filter-field", "Hộ tịch")
    expected = len([n for n in range(COUNT) if n % 3 == 1 and n % len(FIELDS) == 2])
    assert shown_items(page) == expected
    assert page.locator(".ck-filter-status").inner_text() == f"Đang hiện {expected} trên {COUNT} thủ tục."
    assert page.locator("#ck-filter-unit").count() == 0  # one unit: no choice to offer
    fits(page)
    assert script_errors(visit) == [] and visit.outside == []


def test_processing_times_are_split_by_field_and_fit_a_phone(visit: Visit, base_url: str, site: Path) -> None:
    index = site / "public" / "thoi-han-giai-quyet" / "index.html"
    pages = sorted((site / "public" / "thoi-han-giai-quyet").glob("*/index.html"))
    assert len(pages) == len(FIELDS)
    assert max(path.stat().st_size for path in [index, *pages]) < 100_000
    page = visit.page
    page.set_viewport_size(PHONE)
    page.goto(base_url + "thoi-han-giai-quyet/hang-hai/index.html")
    fits(page)
    assert "15 Ngày làm việc; trường hợp phải xác minh: 30 ngày" in page.locator("article").inner_text()
    assert script_errors(visit) == []
