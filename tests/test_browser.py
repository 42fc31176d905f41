"""The built demo site in a real browser (headless Chromium): what a citizen on a phone meets.

Marked `browser`. Without Chromium the tests are skipped on a developer machine and fail in CI
(CI=true), so a missing browser never passes silently.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from support.boards import REPO
from support.tabs import PHONE, PROCEDURE, Visit, search

from generator.check import check_content

pytestmark = pytest.mark.browser

REGULATION = "quy-che/noi-quy-tiep-cong-dan/index.html"


def test_home_page_loads_without_errors_or_outside_requests(visit: Visit, base_url: str) -> None:
    response = visit.page.goto(base_url + "index.html", wait_until="networkidle")
    assert response is not None and response.ok
    assert visit.page.locator("h1").first.is_visible()
    assert visit.errors == []
    assert visit.outside == []


def test_search_without_diacritics_finds_the_procedure(visit: Visit, base_url: str) -> None:
    board = check_content(REPO / "content").board
    procedure = board.get("procedure", "cap-giay-phep-lao-dong")
    registration = next(record for record in board.of("procedure") if "Đăng ký" in record.title)
    visit.page.goto(base_url + "index.html")
    assert any("giấy phép lao động" in title for title in search(visit.page, "giay phep lao dong"))
    marked = visit.page.locator(".md-search-result__item mark").all_inner_texts()
    assert {"giấy", "phép"} <= {word.lower() for word in marked}  # highlighted as written
    assert "k>" not in " ".join(visit.page.locator(".md-search-result__item").all_inner_texts())
    assert registration.title in search(visit.page, "dang ky")
    assert search(visit.page, procedure.code)[0] == procedure.title
    assert any("giấy phép lao động" in title for title in search(visit.page, "giấy phép"))
    assert search(visit.page, "thuỷ") == search(visit.page, "thủy")  # both tone placements
    assert visit.errors == [] and visit.outside == []


def test_search_works_from_a_usb_copy(visit: Visit, site: Path) -> None:
    visit.page.goto((site / "public" / "index.html").as_uri())
    assert any("giấy phép lao động" in title for title in search(visit.page, "giay phep"))
    assert visit.outside == []


def test_procedure_page_fits_a_phone_screen(visit: Visit, base_url: str) -> None:
    page = visit.page
    page.set_viewport_size(PHONE)
    page.goto(base_url + PROCEDURE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("document.body.scrollWidth") <= PHONE["width"]
    tables = page.evaluate("""() => [...document.querySelectorAll('article table')].map(table => {
        const box = table.closest('.md-typeset__scrollwrap') || table;
        return {right: box.getBoundingClientRect().right, scrolls: getComputedStyle(
            table.closest('.md-typeset__table') || table).overflowX}
    })""")
    assert tables, "the procedure page has tables"
    for table in tables:
        assert table["right"] <= PHONE["width"] + 0.5


@pytest.mark.parametrize("width", [PHONE["width"], 1280])
@pytest.mark.parametrize("path", ["index.html", PROCEDURE, REGULATION, "thu-tuc/index.html"])
def test_no_serious_accessibility_violations(visit: Visit, base_url: str, path: str, width: int) -> None:
    axe = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    visit.page.set_viewport_size({"width": width, "height": 800})
    visit.page.goto(base_url + path)
    visit.page.add_script_tag(content=axe)
    results = visit.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(violation["id"], violation["help"], [node["target"] for node in violation["nodes"]][:3])
               for violation in results["violations"] if violation["impact"] in ("serious", "critical")]
    assert serious == []
