"""The built demo site in a real browser (headless Chromium): what a citizen on a phone meets.

Marked `browser`. Without Chromium the tests are skipped on a developer machine and fail in CI
(CI=true), so a missing browser never passes silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM_ARGS, REPO, QuietHandler, chromium_path  # noqa: F401 (shared with other modules)

from generator.check import check_content

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
PROCEDURE = "thu-tuc/cap-giay-phep-lao-dong/index.html"
REGULATION = "quy-che/noi-quy-tiep-cong-dan/index.html"


@dataclass
class Visit:
    """A browser tab that records console errors and blocks (and lists) requests leaving the machine."""

    page: Any
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser: Any) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    recorded = Visit(page)

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "file://")):
            route.continue_()
        else:
            recorded.outside.append(url)
            route.abort()

    context.route("**/*", guard)
    context.add_init_script(SEARCH_WORKER_WATCH)
    page.on("console", lambda message: message.type == "error" and recorded.errors.append(message.text))
    page.on("pageerror", lambda error: recorded.errors.append(str(error)))
    yield recorded
    context.close()


# Material's search asks its worker for each key typed (on keyup) and shows each answer as it
# comes. The results on screen belong to the last query only once every question has had its
# answer: this counts both, so a test waits for that state instead of for time (the count of
# results on screen still showed the query before, and a test read an emptied list).
SEARCH_WORKER_WATCH = """(() => {
  const Native = window.Worker;
  const search = window.__ckSearch = {asked: 0, answered: 0};
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { search.answered += 1; });
    }
    postMessage(...args) {
      search.asked += 1;
      return super.postMessage(...args);
    }
  };
})();"""


def search(page: Any, query: str) -> list[str]:
    """Type `query` into the search box as a person would; the titles of the results."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    # (From file:// Material swaps in its iframe worker, which this does not count: both stay 0.)
    page.wait_for_function("""() => window.__ckSearch.answered === window.__ckSearch.asked
        && document.querySelector('.md-search-result__meta')?.textContent.includes('kết quả')""")
    # The answer is drawn in the frames after it comes.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    return page.locator(".md-search-result__item > .md-search-result__link h1").all_inner_texts()


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
