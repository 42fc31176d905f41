"""The kiosk: a touch UI that works offline, has no way out, goes home when idle, and reloads
itself when a new build is published. Browser tests run Debian's Chromium through Playwright."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect
from support.boards import BOARD_YAML, SAMPLE_RECORDS, write_files

from generator.check import check_content
from generator.outputs.kiosk import (
    SEARCH_FILE,
    KioskConfig,
    KioskConfigError,
    load_config,
    render_kiosk,
    write_kiosk,
)
from generator.present.slug import fold

# Module fixtures build boards and sites: the module runs on one test worker, which builds them once.
pytestmark = pytest.mark.xdist_group("test_kiosk")

CHROMIUM = "/usr/bin/chromium"
VIEWPORTS = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
FAST = KioskConfig(idle_seconds=2, countdown_seconds=2, slide_seconds=1, poll_seconds=1)
INTERNAL_RECORDS = {
    "budgets/quyet-toan-noi-bo.yaml": """\
title: Quyết toán kinh phí nội bộ năm 2025
audience: internal
stage: quyet_toan
fiscal_year: 2025
assigned_on: 2026-01-20
total: 200000
items:
  - name: Chi hội nghị
    amount: 200000
""",
    "procedures/thu-tuc-noi-bo.yaml": """\
title: Thủ tục nội bộ về cấp phát văn phòng phẩm
audience: internal
code: "1.000001"
announcing_decision:
  number: "1/QĐ-VP"
field: Nội bộ
unit: mot-cua
steps:
  - title: Đề nghị
methods:
  - kind: truc_tiep
    processing_time:
      amount: 2
    fees: [le-phi-ho-tich]
dossier:
  - name: Giấy đề nghị
applicants: [Công chức]
agencies:
  deciding: Chánh Văn phòng
  performing: Phòng Quản trị
result: Văn phòng phẩm
""",
}
INTERNAL_TITLES = ("Quyết toán kinh phí nội bộ năm 2025", "Thủ tục nội bộ về cấp phát văn phòng phẩm",
                   "Khen thưởng năm 2025")


def browser_available() -> bool:
    """Chromium here? Under CI=true a missing browser is a failure, not a skip."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("Playwright is not installed (CI=true): pip install -e '.[test]'")
        return False
    if Path(CHROMIUM).exists():
        return True
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is not installed (CI=true): install the Debian package 'chromium'")
    return False


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("kiosk") / "content"
    write_files(root, {"board.yaml": BOARD_YAML, **SAMPLE_RECORDS, **INTERNAL_RECORDS})
    result = check_content(root)
    assert result.ok, [str(item) for item in result.diagnostics]
    return result.board


@pytest.fixture(scope="module")
def kiosk_dir(board, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A kiosk built for today (the browser's clock decides which sessions are still to come),
    with the default idle time: navigation tests are never interrupted by the countdown."""
    return write_kiosk(board, tmp_path_factory.mktemp("site"), date.today(), KioskConfig())


@pytest.fixture(scope="module")
def fast_kiosk_dir(board, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same kiosk with idle, countdown, attract and version checks of a second or two."""
    return write_kiosk(board, tmp_path_factory.mktemp("fast-site"), date.today(), FAST)


# `browser`: conftest's Chromium, one per test worker (two Playwright instances cannot share a thread).


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1080, "height": 1920}, has_touch=True)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not errors, errors


def serve(folder: Path) -> Iterator[str]:
    """The site folder served on 127.0.0.1 (a kiosk PC's local web server)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder.parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/kiosk/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def server(kiosk_dir: Path) -> Iterator[str]:
    yield from serve(kiosk_dir)


@pytest.fixture(scope="module")
def fast_server(fast_kiosk_dir: Path) -> Iterator[str]:
    yield from serve(fast_kiosk_dir)


def block_network(page) -> list[str]:
    """Abort every request that is not file:// or this machine; returns the aborted URLs."""
    aborted: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(("file://", "http://127.0.0.1", "http://localhost", "data:")):
            request_route.continue_()
        else:
            aborted.append(url)
            request_route.abort()

    page.route("**/*", route)
    return aborted


def screen_files(kiosk_dir: Path) -> dict[str, dict[str, str]]:
    """kiosk/screens/*.js: file name → {screen name: its HTML}."""
    files = {}
    for path in sorted((kiosk_dir / "screens").glob("*.js")):
        if path.name == SEARCH_FILE:
            continue
        script = path.read_text(encoding="utf-8")
        assert script.startswith("kioskScreens(") and script.endswith(");\n"), path.name
        files[path.name] = json.loads(script.removeprefix("kioskScreens(").removesuffix(");\n"))
    return files


def kiosk_html(kiosk_dir: Path) -> str:
    """index.html and every screen kept in kiosk/screens/, as HTML."""
    screens = [html for file in screen_files(kiosk_dir).values() for html in file.values()]
    return "\n".join([(kiosk_dir / "index.html").read_text(encoding="utf-8"), *screens])


def screen_names(kiosk_dir: Path) -> list[str]:
    """Every screen: those in index.html, then those in kiosk/screens/."""
    index = (kiosk_dir / "index.html").read_text(encoding="utf-8")
    in_page = re.findall(r'<section class="screen" id="s-([^"]+)"', index)
    return in_page + [name for file in screen_files(kiosk_dir).values() for name in file]


def expect_screen(page, name: str | re.Pattern[str]) -> None:
    """Wait (Playwright's expect retries) until the shown screen is `name`: a click or a hash
    change switches screens asynchronously, so reading the screen at once is flaky."""
    screen_id = re.compile("s-" + name.pattern) if isinstance(name, re.Pattern) else f"s-{name}"
    expect(page.locator(".screen:not([hidden])")).to_have_id(screen_id)


def shown_screen(page):
    return page.locator(".screen:not([hidden])")


# --- Static checks of the page --------------------------------------------------------------


def test_kiosk_page_has_no_way_out_and_needs_no_network(kiosk_dir: Path) -> None:
    html = kiosk_html(kiosk_dir)
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(href.startswith("#") for href in hrefs), [h for h in hrefs if not h.startswith("#")]
    assert not re.search(r"<(link|iframe|form|object|embed|img)\b", html)
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert "target=" not in html
    assert not re.search(r"https?://", html.split("<script>")[0]), "no address outside the kiosk"


def test_kiosk_shows_public_records_only(board, kiosk_dir: Path) -> None:
    html = kiosk_html(kiosk_dir)
    for title in INTERNAL_TITLES:
        assert title not in html
    assert "Đăng ký khai sinh" in html and "8.000" in html


def test_version_file_matches_the_page_and_changes_with_the_content(board, kiosk_dir: Path) -> None:
    version = json.loads((kiosk_dir / "version.json").read_text(encoding="utf-8"))["version"]
    assert f'data-version="{version}"' in (kiosk_dir / "index.html").read_text(encoding="utf-8")
    assert render_kiosk(board, date.today(), KioskConfig()).version == version  # reproducible
    assert render_kiosk(board, date.today(), FAST).version != version


def test_the_first_screen_does_not_wait_for_the_long_screens(kiosk_dir: Path) -> None:
    """Procedures, fees and processing times grow with the board: they are files of their own."""
    index = (kiosk_dir / "index.html").read_text(encoding="utf-8")
    files = screen_files(kiosk_dir)
    assert set(files) == {"linh-vuc-ho-tich.js", "phi-le-phi.js", "thoi-han.js"}
    assert "tt-dang-ky-khai-sinh" in files["linh-vuc-ho-tich.js"]
    assert 'id="s-tt-' not in index and 'id="s-phi-le-phi"' not in index
    assert 'data-screen-files="tim-kiem linh-vuc-ho-tich phi-le-phi thoi-han"' in index


def test_the_version_changes_when_only_a_screen_file_changes(board) -> None:
    kiosk = render_kiosk(board, date.today(), KioskConfig())
    page_without_version = kiosk.page.replace(kiosk.version, "")
    procedure = board.get("procedure", "dang-ky-khai-sinh")
    renamed = procedure.model_copy(update={"result": "Giấy khai sinh (bản điện tử)"})
    board.records["procedure"]["dang-ky-khai-sinh"] = renamed
    try:
        changed = render_kiosk(board, date.today(), KioskConfig())
    finally:
        board.records["procedure"]["dang-ky-khai-sinh"] = procedure
    assert changed.page.replace(changed.version, "") == page_without_version
    assert changed.version != kiosk.version


def test_idle_seconds_come_from_mkdocs_yml(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Bảng công khai\nextra:\n  kiosk:\n    idle_seconds: 45\n", encoding="utf-8")
    assert load_config(config) == KioskConfig(idle_seconds=45)
    assert load_config(None) == KioskConfig()
    config.write_text("site_name: x\nextra:\n  kiosk:\n    idle_seconds: -3\n", encoding="utf-8")
    with pytest.raises(KioskConfigError, match="idle_seconds"):
        load_config(config)


# --- In the browser ---------------------------------------------------------------------------


TAPPABLE = "a[href], button, [role=button], [onclick], input, select, summary"
SMALL_TARGETS_JS = """(selector) => [...document.querySelectorAll(selector)]
  .filter(node => node.offsetParent !== null || getComputedStyle(node).position === 'fixed')
  .map(node => ({text: node.textContent.trim().slice(0, 40), box: node.getBoundingClientRect()}))
  .filter(item => item.box.width > 0 && (item.box.width < 48 || item.box.height < 48))
  .map(item => `${item.text}: ${Math.round(item.box.width)}x${Math.round(item.box.height)}`)"""


@pytest.mark.browser
@pytest.mark.parametrize("orientation", list(VIEWPORTS))
def test_every_tappable_element_is_at_least_48px_on_every_screen(page, kiosk_dir: Path,
                                                                 orientation: str) -> None:
    width, height = VIEWPORTS[orientation]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(kiosk_dir.joinpath("index.html").as_uri())
    for name in screen_names(kiosk_dir):
        page.evaluate(f"location.hash = {json.dumps(name)}")
        expect_screen(page, name)
        small = page.evaluate(SMALL_TARGETS_JS, TAPPABLE)
        assert not small, f"#{name}: {small}"


CONTRAST_JS = """() => {
  const rgb = text => text.match(/[\\d.]+/g).map(Number);
  const channel = value => {
    value /= 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = node => {
    for (; node; node = node.parentElement) {
      const color = rgb(getComputedStyle(node).backgroundColor);
      if (color.length < 4 || color[3] > 0.99) return color.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const problems = [];
  for (const node of document.querySelectorAll('body *')) {
    const style = getComputedStyle(node);
    const own = [...node.childNodes].some(child => child.nodeType === 3 && child.textContent.trim());
    if (!own || node.offsetParent === null && style.position !== 'fixed') continue;
    const size = parseFloat(style.fontSize);
    const bold = parseInt(style.fontWeight, 10) >= 700;
    const [a, b] = [luminance(rgb(style.color)), luminance(background(node))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) problems.push(`${node.textContent.trim().slice(0, 30)}: ${ratio.toFixed(2)}`);
    if (size < 20) problems.push(`${node.textContent.trim().slice(0, 30)}: ${size}px`);
  }
  return problems;
}"""


@pytest.mark.browser
def test_text_is_large_and_contrast_meets_wcag_aa(page, kiosk_dir: Path) -> None:
    page.goto(kiosk_dir.joinpath("index.html").as_uri())
    for name in ["home", "thu-tuc", "tt-dang-ky-khai-sinh", "phi-le-phi", "lich-tiep", "ngan-sach"]:
        page.evaluate(f"location.hash = {json.dumps(name)}")
        expect_screen(page, name)
        assert page.evaluate(CONTRAST_JS) == [], name
    page.evaluate("document.getElementById('attract').hidden = false")
    assert page.evaluate(CONTRAST_JS) == [], "attract loop"


@pytest.mark.browser
def test_idle_kiosk_counts_down_returns_home_and_starts_the_attract_loop(page, fast_kiosk_dir: Path) -> None:
    page.goto(fast_kiosk_dir.joinpath("index.html").as_uri() + "#tt-dang-ky-khai-sinh")
    expect_screen(page, "tt-dang-ky-khai-sinh")
    page.wait_for_selector("#countdown:not([hidden])", timeout=4000)
    assert "trở về trang chủ" in page.inner_text("#countdown")
    page.wait_for_selector("#attract:not([hidden])", timeout=4000)
    expect_screen(page, "home")
    first = page.inner_text("#attract .slide:not([hidden])")
    changed = "first => document.querySelector('#attract .slide:not([hidden])').innerText !== first"
    page.wait_for_function(changed, arg=first, timeout=3000)
    slides = page.inner_text("#attract")
    assert "Buổi tiếp công dân định kỳ" in slides or "Lịch tiếp công dân sắp tới" in page.content()
    page.mouse.click(500, 900)
    page.wait_for_selector("#attract", state="hidden", timeout=2000)
    expect_screen(page, "home")


@pytest.mark.browser
def test_a_touch_during_the_countdown_keeps_the_screen(page, fast_kiosk_dir: Path) -> None:
    page.goto(fast_kiosk_dir.joinpath("index.html").as_uri() + "#phi-le-phi")
    page.wait_for_selector("#countdown:not([hidden])", timeout=4000)
    page.click("#stay")
    page.wait_for_selector("#countdown", state="hidden", timeout=1000)
    expect_screen(page, "phi-le-phi")


@pytest.mark.browser
@pytest.mark.parametrize("served", ["file", "http"])
def test_kiosk_works_with_the_network_blocked(page, kiosk_dir: Path, server: str, served: str) -> None:
    aborted = block_network(page)
    page.goto(kiosk_dir.joinpath("index.html").as_uri() if served == "file" else server)
    page.click("text=Thủ tục hành chính")
    page.click(".screen:not([hidden]) .row >> nth=0")
    page.click("text=Đăng ký khai sinh")
    expect(shown_screen(page)).to_contain_text("8.000 đồng/hồ sơ")
    page.click("#back")
    expect_screen(page, re.compile("linh-vuc-.+"))
    page.click("text=Trang chủ")
    page.click("text=Nội quy tiếp công dân")
    expect(shown_screen(page)).to_contain_text("Điều 1")
    assert aborted == []


@pytest.mark.browser
def test_no_context_menu_selection_or_pinch_zoom(page, kiosk_dir: Path) -> None:
    page.goto(kiosk_dir.joinpath("index.html").as_uri())
    prevented = page.evaluate("""() => {
      const event = new MouseEvent('contextmenu', {bubbles: true, cancelable: true});
      document.querySelector('.tile').dispatchEvent(event);
      return event.defaultPrevented;
    }""")
    assert prevented
    assert page.evaluate("getComputedStyle(document.body).userSelect") == "none"
    assert page.evaluate("getComputedStyle(document.body).touchAction") == "pan-y"


@pytest.mark.browser
def test_kiosk_reloads_itself_when_a_new_build_is_published(page, fast_kiosk_dir: Path,
                                                           fast_server: str) -> None:
    version_file = fast_kiosk_dir / "version.json"
    original = version_file.read_text(encoding="utf-8")
    page.goto(fast_server)
    page.evaluate("window.notReloaded = true")
    for _ in range(2):  # two polls of an unchanged version.json
        with page.expect_request(lambda request: "version.json" in request.url, timeout=8000):
            pass
    assert page.evaluate("window.notReloaded === true"), "no reload while the version is unchanged"
    try:
        version_file.write_text(json.dumps({"version": "new-build"}), encoding="utf-8")
        page.wait_for_function("() => window.notReloaded === undefined", timeout=8000)
    finally:
        version_file.write_text(original, encoding="utf-8")


@pytest.mark.browser
@pytest.mark.parametrize("orientation", list(VIEWPORTS))
def test_screenshots_fit_the_screen(page, kiosk_dir: Path, orientation: str,
                                   tmp_path_factory: pytest.TempPathFactory) -> None:
    """Screenshots for a person to look at (CONGKHAI_ARTIFACTS=DIR keeps them); nothing is wider
    than the screen and the home screen shows every tile without scrolling."""
    width, height = VIEWPORTS[orientation]
    out = Path(os.environ.get("CONGKHAI_ARTIFACTS") or tmp_path_factory.mktemp("screenshots"))
    out.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(kiosk_dir.joinpath("index.html").as_uri())
    for name in ["home", "thu-tuc", "tt-dang-ky-khai-sinh", "lich-tiep", "ket-qua", "ns-du-toan-2026"]:
        page.evaluate(f"location.hash = {json.dumps(name)}")
        expect_screen(page, name)
        page.screenshot(path=str(out / f"kiosk-{orientation}-{name}.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    page.evaluate("location.hash = 'home'")
    bottoms = page.eval_on_selector_all(".tile", "tiles => tiles.map(t => t.getBoundingClientRect().bottom)")
    assert len(bottoms) == 7 and max(bottoms) <= height
    page.evaluate("document.getElementById('attract').hidden = false")
    page.screenshot(path=str(out / f"kiosk-{orientation}-attract.png"))


def test_build_writes_the_kiosk_into_the_public_site_only(board, tmp_path: Path) -> None:
    from generator.models import Audience
    from generator.outputs.kiosk import kiosk_writer

    write = kiosk_writer(None)
    for audience in Audience:
        write(board, audience, date(2026, 2, 5), tmp_path / audience.value)
    assert (tmp_path / "public" / "kiosk" / "index.html").is_file()
    assert not (tmp_path / "internal" / "kiosk").exists()


@pytest.mark.browser
def test_zoom_is_locked_only_on_the_kiosk_screen(page, kiosk_dir: Path) -> None:
    """The kiosk set-up opens ?kiosk=1 (docs/HUONG-DAN.md); a phone opening /kiosk/ can zoom."""
    viewport = "() => document.querySelector('meta[name=viewport]').content"
    page.goto(kiosk_dir.joinpath("index.html").as_uri())
    assert "user-scalable" not in page.evaluate(viewport) and "maximum-scale" not in page.evaluate(viewport)
    page.goto(kiosk_dir.joinpath("index.html").as_uri() + "?kiosk=1")
    assert "user-scalable=no" in page.evaluate(viewport)


@pytest.mark.browser
@pytest.mark.parametrize("orientation", list(VIEWPORTS))
def test_axe_finds_nothing_on_any_kiosk_screen(page, kiosk_dir: Path, orientation: str) -> None:
    """axe-core (WCAG 2.0/2.1 A and AA) on every screen, as a citizen opens it on a phone or
    the kiosk shows it: no violation of any impact."""
    from importlib import resources

    axe = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
    width, height = VIEWPORTS[orientation]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(kiosk_dir.joinpath("index.html").as_uri())
    page.add_script_tag(content=axe)
    found = []
    for name in screen_names(kiosk_dir):
        page.evaluate(f"location.hash = {json.dumps(name)}")
        expect_screen(page, name)
        results = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})""")
        found += [(name, violation["id"], [node["target"] for node in violation["nodes"]][:2])
                  for violation in results["violations"]]
    assert found == []


@pytest.mark.browser
@pytest.mark.parametrize("typed", ["dang ky khai sinh", "ĐĂNG KÝ khai", "1.001193", "ho tich"])
def test_procedure_search_finds_with_or_without_diacritics(page, kiosk_dir: Path, typed: str) -> None:
    page.goto(kiosk_dir.joinpath("index.html").as_uri() + "#thu-tuc")
    expect_screen(page, "thu-tuc")
    page.fill("#search-box", typed)
    expect(page.locator("#search-results .row")).to_have_count(1)
    expect(page.locator("#field-list")).to_be_hidden()
    page.click("#search-results .row")
    expect_screen(page, "tt-dang-ky-khai-sinh")


@pytest.mark.browser
def test_search_says_when_nothing_is_found_and_is_cleared_for_the_next_person(page, fast_kiosk_dir: Path
                                                                              ) -> None:
    page.goto(fast_kiosk_dir.joinpath("index.html").as_uri() + "#thu-tuc")
    page.fill("#search-box", "giay phep xay dung")
    expect(page.locator("#search-none")).to_be_visible()
    expect(page.locator("#search-results .row")).to_have_count(0)
    page.wait_for_selector("#attract:not([hidden])", timeout=6000)  # idle: home, then the attract loop
    assert page.input_value("#search-box") == ""
    assert page.evaluate("document.getElementById('field-list').hidden") is False  # the fields again


VIETNAMESE = ("aàáảãạăằắẳẵặâầấẩẫậ eèéẻẽẹêềếểễệ iìíỉĩị oòóỏõọôồốổỗộơờớởỡợ uùúủũụưừứửữự yỳýỷỹỵ đ "
              "Hoà hòa Thuỷ thủy Đắk Lắk 1.001930 Ủy ban")


@pytest.mark.browser
def test_the_kiosk_folds_as_the_python_twin_does(page, kiosk_dir: Path) -> None:
    """generator.present.slug.fold is the twin of the browser folding (site and kiosk alike)."""
    page.goto(kiosk_dir.joinpath("index.html").as_uri())
    texts = [VIETNAMESE, VIETNAMESE.upper(), unicodedata.normalize("NFD", VIETNAMESE)]
    folded = page.evaluate("texts => texts.map(window.kioskFold)", texts)
    assert folded == [fold(text).lower() for text in texts]
