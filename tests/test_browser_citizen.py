"""What a citizen sees first, on a phone (390 px) and a laptop (1366 px), in a real browser.

The procedure page answers where, how long, how much and what to bring on its first screen;
nothing is wider than the phone outside a container that says it scrolls, and every value in a
table has its column's name beside it. Screenshots go to build/test-artefacts/ (or
$CONGKHAI_ARTEFACTS) for people to look at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from support.boards import REPO
from support.tabs import PROCEDURE, Visit, search

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
SUMMARY_LABELS = ("Nơi nộp hồ sơ:", "Thời hạn giải quyết:", "Phí, lệ phí:", "Hồ sơ:")
PHONE_PAGES = [
    PROCEDURE,
    "thu-tuc/giai-quyet-khieu-nai-lan-dau-cap-tinh/index.html",
    "thu-tuc/index.html",
    "thoi-han-giai-quyet/index.html",
    "phi-le-phi/index.html",
    "tiep-cong-dan/index.html",
    "index.html",
]


def artefacts() -> Path:
    folder = Path(os.environ.get("CONGKHAI_ARTEFACTS") or REPO / "build" / "test-artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1366px"])
def test_time_fee_place_and_documents_are_on_the_first_screen(visit: Visit, base_url: str,
                                                               viewport: dict[str, int]) -> None:
    page = visit.page
    page.set_viewport_size(viewport)
    page.goto(base_url + PROCEDURE)
    page.screenshot(path=str(artefacts() / f"procedure-{viewport['width']}px.png"))
    summary = page.locator(".ck-summary")
    for label in SUMMARY_LABELS:
        item = summary.locator("li", has=page.locator("strong", has_text=label)).first
        box = item.bounding_box()
        assert box is not None, label
        bottom = box["y"] + box["height"]
        assert bottom <= viewport["height"], f"{label} ends at {bottom:.0f} px"
    text = summary.inner_text()
    assert "5 ngày làm việc" in text
    assert "600.000" in text and "Trung tâm Phục vụ hành chính công tỉnh" in text
    assert "7 giấy tờ" in text
    assert "Mô tả" not in page.locator("article").inner_text()  # the column no procedure fills


# Every element of the article whose right edge passes the viewport, outside a container that
# scrolls and says so (role=region with a name).
OVERFLOWING = """(width) => [...document.querySelectorAll('article *')].filter(element => {
    const box = element.getBoundingClientRect()
    if (box.width === 0 || box.right <= width + 0.5) return false
    if (element.closest('table[data-ck-stacked] thead')) return false  // clipped: for screen readers
    const scroller = element.closest('[role=region][aria-label]')
    return !(scroller && getComputedStyle(scroller).overflowX !== 'visible')
}).map(element => element.tagName + ' ' + element.textContent.trim().slice(0, 40))"""

# Each visible table cell paired with the column name a reader sees next to it: the stacked
# row's label, or the header cell above it when the table is shown as a table.
CELL_LABELS = """() => [...document.querySelectorAll('article table')].filter(table => table.offsetParent)
  .flatMap(table => {
    const headers = [...table.querySelectorAll('thead th')].map(cell => cell.textContent.trim())
    const stacked = getComputedStyle(table).display === 'block'
    return [...table.querySelectorAll('tbody td')].filter(cell => cell.offsetParent).map((cell, i) => {
      const column = cell.cellIndex
      const shown = stacked ? getComputedStyle(cell, '::before').content
                            : (table.querySelectorAll('thead th')[column]?.getBoundingClientRect().width > 0
                               ? headers[column] : '')
      return {header: headers[column] || '', shown: shown.replace(/^"|: "$/g, '')}
    })
  })"""


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_nothing_is_wider_than_a_phone_and_every_value_has_its_column_name(
        visit: Visit, base_url: str, path: str) -> None:
    page = visit.page
    page.set_viewport_size(PHONE)
    page.goto(base_url + path)
    page.wait_for_selector("body[data-ck-ready]", state="attached")  # congkhai.js has stacked tables
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(OVERFLOWING, PHONE["width"]) == []
    cells = page.evaluate(CELL_LABELS)
    for cell in cells:
        assert cell["shown"] == cell["header"], cell
    if path.startswith("tiep-cong-dan"):
        page.screenshot(path=str(artefacts() / "tiep-cong-dan-390px.png"), full_page=True)
        assert page.locator(".ck-month-list").is_visible()
        assert not page.locator(".ck-month-grid").is_visible()


def test_a_procedure_whose_title_matches_ranks_first(visit: Visit, base_url: str) -> None:
    visit.page.goto(base_url + "index.html")
    work_permit = "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam"
    renewal = "Cấp lại giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam"
    found = search(visit.page, "giay phep")
    # Before: the renewal, the form and the fee named after the permit came first (4th).
    assert found[:2] == [work_permit, renewal]
    assert found.index("Văn bản đề nghị cấp, cấp lại, gia hạn giấy phép lao động") > 1
    assert search(visit.page, "cap lai")[0] == renewal
    assert search(visit.page, "2.000205")[0] == work_permit  # the code, typed as on the notice


# One page of every template a citizen meets, for the laptop width.
AXE_PAGES = [
    "index.html", PROCEDURE, "thu-tuc/index.html", "thoi-han-giai-quyet/index.html",
    "phi-le-phi/index.html", "phi-le-phi/le-phi-cap-giay-phep-lao-dong/index.html",
    "mau-don/index.html", "mau-don/don-khieu-nai/index.html", "bo-phan/index.html",
    "tiep-cong-dan/index.html", "tiep-cong-dan/thong-bao/2025-11-chu-tich/index.html",
    "quy-che/noi-quy-tiep-cong-dan/index.html", "ngan-sach/du-toan-2026/index.html",
    "du-lieu-mo/index.html",
]


def axe_violations(page: Any, base: str, paths: list[str]) -> list[tuple[str, str, list[Any]]]:
    from importlib import resources

    axe = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    # Loaded by every page the tab opens from now on: no 0.5 MB script tag sent for each page.
    page.add_init_script(axe)
    found = []
    for path in paths:
        page.goto(base + path)
        page.wait_for_selector("body[data-ck-ready]", state="attached")  # scroll regions marked
        results = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})""")
        found += [(path, violation["id"], [node["target"] for node in violation["nodes"]][:2])
                  for violation in results["violations"]]
    return found


def test_axe_finds_no_wcag_21_aa_violation_on_a_laptop(visit: Visit, base_url: str) -> None:
    """One page of every template at 1366 px (every page is checked at 390 px below)."""
    visit.page.set_viewport_size(LAPTOP)
    assert axe_violations(visit.page, base_url, AXE_PAGES) == []


AXE_SHARES = 4  # the pages are shared out over four tests, which parallel test workers can take


@pytest.mark.parametrize("share", range(AXE_SHARES))
def test_axe_finds_no_wcag_21_aa_violation_on_any_public_page(visit: Visit, base_url: str,
                                                               site: Path, share: int) -> None:
    """Every page of the public site, on a phone (kiosk screens and the A4 print pack have their own
    tests)."""
    public = site / "public"
    paths = sorted(path.relative_to(public).as_posix() for path in public.rglob("*.html")
                   if path.relative_to(public).parts[0] not in ("kiosk", "print", "assets")
                   # 404.html links its assets from the site root ('/assets/…'), which this test
                   # server puts under /public/: unstyled there, it is not the page citizens get.
                   and path.name != "404.html")
    assert len(paths) > 100
    visit.page.set_viewport_size(PHONE)
    assert axe_violations(visit.page, base_url, paths[share::AXE_SHARES]) == []


def test_every_page_has_the_board_icon(visit: Visit, base_url: str, site: Path) -> None:
    icons: list[str] = []
    visit.page.on("request", lambda request: "favicon" in request.url and icons.append(request.url))
    visit.page.goto(base_url + PROCEDURE, wait_until="networkidle")
    assert (site / "public" / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO
    assert all("/assets/images/favicon.ico" in url for url in icons)
    assert visit.page.request.get(base_url + "favicon.ico").ok


def test_search_result_count_is_readable(visit: Visit, base_url: str) -> None:
    visit.page.goto(base_url + "index.html")
    search(visit.page, "giay phep")
    colour = visit.page.eval_on_selector(".md-search-result__meta", "el => getComputedStyle(el).color")
    assert colour in ("rgba(0, 0, 0, 0.87)", "rgb(0, 0, 0)"), colour  # Material's was rgba(0, 0, 0, 0.54)
