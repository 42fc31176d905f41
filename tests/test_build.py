"""`congkhai build`: what a citizen, a staff member and the office's IT person see in site/.

The demo board is built once through the real CLI; a fixture board with internal canary
records is built once through the API. Facts are read from the built HTML, sitemap and search
index, not from the Markdown.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import posixpath
import re
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest
from support.boards import BOARD_YAML, REPO, SAMPLE_RECORDS, write_files
from support.cli import run_cli

from generator.check import check_content
from generator.errors import BuildFailed, ContentErrors
from generator.models import Audience
from generator.models.common import published_to
from generator.present.slug import search_terms
from generator.render import RenderedSite
from generator.site.build import build
from generator.site.publish import publish

# Module fixtures build boards and sites: the module runs on one test worker, which builds them once.
pytestmark = pytest.mark.xdist_group("test_build")

TODAY = "2026-11-23"
CANARY = "Canaryqx7Zeta"

CANARY_RECORDS: dict[str, str | bytes] = {
    "personnel/nang-luong-canary.yaml": f"""\
title: Quyết định nâng bậc lương {CANARY}
category: nang_bac_luong
decided_on: 2026-10-01
persons:
  - name: Trần Văn {CANARY}
    detail: Nâng lương trước thời hạn
source:
  number: "88/QĐ-VP"
  file: files/qd-88-canary.pdf
""",
    "files/qd-88-canary.pdf": f"%PDF-1.4 internal {CANARY}\n".encode(),
    "regulations/quy-che-canary.yaml": f"""\
title: Quy chế chi tiêu nội bộ {CANARY}
kind: quy_che
articles:
  - number: 1
    title: Phạm vi
    clauses:
      - text: Mức chi tiếp khách nội bộ {CANARY} là 200.000 đồng.
""",
    "reception_sessions/2026-02.yaml": """\
title: Buổi tiếp công dân tháng 02/2026
schedule: chu-tich
scheduled_on: 2026-02-15
status: held
stand_in:
  deputy:
    name: Đoàn Thu Hà
    position: Phó Chủ tịch UBND tỉnh
  reason: Chủ tịch đi công tác tại Hà Nội
  notice:
    number: "25/TB-UBND"
    date: 2026-02-10
  notice_posted_on: 2026-02-11
""",
}


# --- helpers ------------------------------------------------------------------------------


def text_of(page: Path) -> str:
    """The visible text of a built page's article, tags removed, entities decoded."""
    source = page.read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", source, re.S)
    assert article is not None, page
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article.group(0))))


def tree(root: Path) -> dict[str, str]:
    """Every file under `root`: relative path → sha256."""
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def readable_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def search_index(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return data


def build_fixture_board(content: Path, site: Path, **options: Any) -> None:
    write_files(content, {**SAMPLE_RECORDS, **CANARY_RECORDS})
    build(content, site, date.fromisoformat(TODAY), **options)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo board built by `congkhai build` (from the repository, with its mkdocs.yml)."""
    site = tmp_path_factory.mktemp("demo") / "site"
    # Its own cache: the repository's .cache/ is the developer's (and the sdist test walks the tree).
    done = run_cli("build", "content", "--site-dir", str(site), "--today", TODAY,
                   "--cache", str(site.parent / "cache"), cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Đã tạo trang" in done.stdout
    (site.parent / "stderr.txt").write_text(done.stderr, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def demo_board() -> Any:
    result = check_content(REPO / "content")
    assert result.ok
    return result.board


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample board plus internal canary records and a stand-in session, built with the API."""
    root = tmp_path_factory.mktemp("fixture")
    write_files(root / "content", {"board.yaml": BOARD_YAML + "site_url: https://congkhai.example.vn/\n"})
    build_fixture_board(root / "content", root / "site")
    return root / "site"


# --- what citizens read -------------------------------------------------------------------


def test_demo_builds_without_mkdocs_warnings(demo_site: Path) -> None:
    stderr = (demo_site.parent / "stderr.txt").read_text(encoding="utf-8")
    assert [line for line in stderr.splitlines() if line.startswith("cảnh báo")] == []


def test_built_site_carries_the_audit(demo_site: Path) -> None:
    """The build runs the audit itself: the public audit page judges the disclosure articles."""
    text = text_of(demo_site / "public" / "doi-chieu-cong-khai.html")
    assert "QC49-20.2 Thủ tục hành chính" in text and "có 17 hồ sơ (thủ tục hành chính)" in text


def test_procedure_page_shows_fee_and_processing_time(demo_site: Path) -> None:
    text = text_of(demo_site / "public" / "thu-tuc" / "cap-giay-phep-lao-dong" / "index.html")
    assert "600.000 đồng" in text
    assert "5 ngày làm việc" in text
    assert "Cấp giấy phép lao động cho người lao động nước ngoài" in text


def test_regulation_articles_are_deep_linkable(demo_site: Path, demo_board: Any) -> None:
    regulation = demo_board.get("regulation", "quy-che-dan-chu-49-qd-vp")
    article = next(item for item in regulation.all_articles() if item.number == 16)
    audience = "public" if regulation.audience is Audience.PUBLIC else "internal"
    page = demo_site / audience / "quy-che" / "quy-che-dan-chu-49-qd-vp" / "index.html"
    source = page.read_text(encoding="utf-8")
    assert 'id="dieu-16"' in source
    heading = re.search(r'<h\d id="dieu-16">(.*?)</h\d>', source, re.S)
    assert heading is not None and "Điều 16" in html.unescape(heading.group(1))
    first_clause = article.clauses[0].text.split(".")[0]
    assert first_clause[:40] in text_of(page)


HREF = re.compile(r'<a\s[^>]*href="([^"]*)"')


def test_every_link_between_built_pages_reaches_a_page(demo_site: Path) -> None:
    """MkDocs checks the Markdown links only; the long lists are raw HTML (html_link), so the
    built pages are where a wrong address would show."""
    checked = 0
    for audience in ("public", "internal"):
        root = demo_site / audience
        built = {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}
        for page in sorted(path for path in built if path.endswith(".html")):
            for href in HREF.findall((root / page).read_text(encoding="utf-8")):
                target = html.unescape(href).split("#", 1)[0].split("?", 1)[0]
                if not target or re.match(r"[a-z][a-z0-9+.-]*:|//", target, re.I):
                    continue  # this page, another site, mailto:, tel:
                if target.startswith("/"):  # the 404 page is served at any depth
                    assert page == "404.html", f"{page} → {href}"
                    continue
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
                assert resolved in built or f"{resolved}/index.html" in built, f"{page} → {href}"
                checked += 1
    assert checked > 1000


def test_a_long_list_reaches_its_page_whole_and_the_search_index_as_a_teaser(
    demo_site: Path, demo_board: Any
) -> None:
    """The fee list is a block of HTML that generator.site.hooks keeps out of Markdown and of
    the search indexer: the page holds every row, the index the page's opening sentence."""
    page = demo_site / "public" / "phi-le-phi" / "index.html"
    source = page.read_text(encoding="utf-8")
    assert "data-congkhai-html" not in source and "congkhai:html" not in source
    today = date.fromisoformat(TODAY)
    fees = [fee for fee in demo_board.of("fee") if published_to(fee, Audience.PUBLIC, today)]
    assert len(fees) >= 3
    assert source.count("<tr><td><a href=") == len(fees)
    text = text_of(page)
    assert all(fee.title in text for fee in fees)
    index = json.loads((demo_site / "public" / "search" / "search_index.json").read_text(encoding="utf-8"))
    entry = next(doc for doc in index["docs"] if doc["location"] == "phi-le-phi/index.html")
    assert entry["text"] == (f"Mức thu của {len(fees)} khoản phí, lệ phí. Chọn tên một khoản để xem mức thu "
                             "theo từng trường hợp và các thủ tục áp dụng.")


def test_session_page_shows_the_stand_in_notice(fixture_site: Path) -> None:
    page = fixture_site / "public" / "tiep-cong-dan" / "buoi" / "2026-02" / "index.html"
    assert 'id="tiep-thay"' in page.read_text(encoding="utf-8")
    text = text_of(page)
    assert "Thông báo tiếp công dân thay" in text
    assert "Đoàn Thu Hà" in text and "Chủ tịch đi công tác tại Hà Nội" in text
    assert "25/TB-UBND" in text


def test_site_chrome_is_vietnamese(demo_site: Path) -> None:
    home = (demo_site / "public" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in home
    for english in ("Initializing search", "Type to start searching", "Back to top", "Made with",
                    "Skip to content", "Table of contents", "Metadata", ">Search<"):
        assert english not in home, english
    assert "Chuyển đến nội dung chính" in home
    assert "Lên đầu trang" in home


def test_internal_site_is_labelled_on_every_page(demo_site: Path) -> None:
    internal = (demo_site / "internal" / "index.html").read_text(encoding="utf-8")
    public = (demo_site / "public" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", internal, re.S)
    assert title is not None and html.unescape(title.group(1)).endswith("(Nội bộ)")
    assert "Trang nội bộ" in internal and 'name="robots" content="noindex' in internal
    assert "Trang nội bộ" not in public and "(Nội bộ)" not in public


# --- offline ------------------------------------------------------------------------------


class AssetLinks(HTMLParser):
    """The URLs a browser fetches while loading a page (not the links a reader may follow)."""

    LOADING_RELS = frozenset({"stylesheet", "icon", "preload", "modulepreload", "manifest",
                              "apple-touch-icon", "prefetch"})
    SOURCES: ClassVar[dict[str, str]] = {
        "script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src",
        "embed": "src", "object": "data",
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and self.LOADING_RELS & set((found.get("rel") or "").lower().split()):
            self.urls.append(found.get("href") or "")
        elif tag in self.SOURCES:
            self.urls.append(found.get(self.SOURCES[tag]) or "")
        self.urls.extend(re.findall(r"url\(\s*['\"]?([^'\")]+)", found.get("style") or ""))


def test_built_pages_load_nothing_from_the_network(demo_site: Path) -> None:
    for page in demo_site.rglob("*.html"):
        parser = AssetLinks()
        parser.feed(page.read_text(encoding="utf-8"))
        remote = [url for url in parser.urls if re.match(r"(https?:)?//", url.strip(), re.I)]
        assert remote == [], page
    for style in demo_site.rglob("*.css"):
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", style.read_text(encoding="utf-8")), style


def test_offline_search_index_matches_the_json_index(demo_site: Path) -> None:
    for audience in ("public", "internal"):
        folder = demo_site / audience / "search"
        inline = (folder / "search_index.js").read_text(encoding="utf-8")
        assert inline == "var __index = " + (folder / "search_index.json").read_text(encoding="utf-8")


# --- search -------------------------------------------------------------------------------


def test_search_index_holds_the_terms_citizens_type(demo_site: Path, demo_board: Any) -> None:
    procedure = demo_board.get("procedure", "cap-giay-phep-lao-dong")
    docs = search_index(demo_site / "public")["docs"]
    pages = [doc for doc in docs if doc["location"].startswith("thu-tuc/cap-giay-phep-lao-dong/")]
    terms = {term for doc in pages for term in search_terms(doc["title"] + " " + doc["text"])}
    assert {"giay", "phep", "lao", "dong", procedure.code} <= terms


def test_search_finds_the_word_after_a_line_break(demo_site: Path, demo_board: Any) -> None:
    """Material's indexer drops a bare <br>: "Bản khai chung<br>Mẫu kèm" indexed "chungmau"."""
    docs = search_index(demo_site / "public")["docs"]
    pairs = []  # (page, text before the break, text after it)
    for procedure in demo_board.of("procedure"):
        if procedure.audience is not Audience.PUBLIC:
            continue
        page = f"thu-tuc/{procedure.id}/"
        pairs += [(page, step.title, step.description) for step in procedure.steps if step.description]
        pairs += [(page, item.name, item.note) for item in procedure.dossier if item.note]
    assert len(pairs) >= 20, "the demo board has line breaks in steps and dossier notes"
    for page, before, after in pairs:
        terms = {term for doc in docs if doc["location"].startswith(page)
                 for term in search_terms(doc["title"] + " " + doc["text"])}
        last, first = search_terms(before)[-1], search_terms(after)[0]
        assert first in terms, (page, after)
        assert last + first not in terms, (page, before, after)


def test_search_index_is_small(demo_site: Path, demo_board: Any) -> None:
    public = sum(1 for kind in demo_board.records for record in demo_board.of(kind)
                 if record.audience is Audience.PUBLIC)
    raw = (demo_site / "public" / "search" / "search_index.json").read_bytes()
    # The goal is 400 B a record (bench/bench_build.py measures it on synthetic boards); the
    # demo's records are long real texts (session notices with every case), hence the margin.
    assert len(gzip.compress(raw, 6)) / public <= 450
    assert b"\\u1e" not in raw  # Vietnamese letters stored as UTF-8, not JSON escapes


def load_real_shaped() -> Any:
    """bench/realshaped.py: procedures shaped like the national database's (it uses synthetic.py)."""
    if str(REPO / "bench") not in sys.path:
        sys.path.insert(0, str(REPO / "bench"))
    import realshaped

    return realshaped


@pytest.fixture(scope="module")
def real_shaped_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """207 real-shaped procedures (the size of a real provincial board) with their units, fees
    and forms; returns the public site and its number of records."""
    root = tmp_path_factory.mktemp("real-shaped")
    counts = load_real_shaped().generate(root / "content", 207)
    build(root / "content", root / "site", date.fromisoformat(TODAY))
    return root / "site" / "public", sum(counts.values())


def test_search_index_is_small_on_real_shaped_procedures(real_shaped_site: tuple[Path, int]) -> None:
    site, records = real_shaped_site
    raw = (site / "search" / "search_index.json").read_bytes()
    # Goal 400 B gzipped a record (bench/bench_build.py reports it); measured 371 on 2026-12-02.
    assert len(gzip.compress(raw, 6)) / records <= 450


def test_search_index_keeps_the_words_and_drops_the_editor_debris(real_shaped_site: tuple[Path, int]) -> None:
    site, _ = real_shaped_site
    docs = search_index(site)["docs"]
    terms = {term for doc in docs for term in search_terms(doc["title"] + " " + doc["text"])}
    assert {"khong", "quy", "dinh", "buoc", "ban", "khai", "chung"} <= terms
    assert not {"nbsp", "&amp;nbsp;", "&lt;p&gt;", "p&gt;", "&lt;br"} & terms
    assert "&lt;p&gt;" not in json.dumps(docs, ensure_ascii=False)
    seen_pages: set[str] = set()
    for doc in docs:  # Material's search takes the first entry of a path for the page itself
        page, _, anchor = doc["location"].partition("#")
        assert bool(anchor) == (page in seen_pages), doc["location"]
        seen_pages.add(page)


# --- audience separation ------------------------------------------------------------------


def test_nothing_internal_reaches_the_public_site(fixture_site: Path) -> None:
    canary = CANARY.lower().encode()
    leaks = [path for path in sorted((fixture_site / "public").rglob("*"))
             if path.is_file() and canary in readable_bytes(path).lower()]
    assert leaks == []
    internal = [path.relative_to(fixture_site / "internal").as_posix()
                for path in sorted((fixture_site / "internal").rglob("*"))
                if path.is_file() and canary in readable_bytes(path).lower()]
    assert "search/search_index.json" in internal
    assert any(path.startswith("nhan-su/") for path in internal)
    assert any(path.startswith("quy-che/quy-che-canary/") for path in internal)
    assert any(path.endswith(".pdf") for path in internal)


def test_sitemaps_list_only_their_own_pages(fixture_site: Path) -> None:
    public = gzip.decompress((fixture_site / "public" / "sitemap.xml.gz").read_bytes()).decode()
    assert public == (fixture_site / "public" / "sitemap.xml").read_text(encoding="utf-8")
    assert "nhan-su" not in public and "quy-che-canary" not in public


# --- reproducible -------------------------------------------------------------------------


def test_two_builds_are_byte_identical(fixture_site: Path, tmp_path: Path) -> None:
    content = fixture_site.parent / "content"
    build(content, tmp_path / "site", date.fromisoformat(TODAY), parallel=False)
    assert tree(tmp_path / "site") == tree(fixture_site)


def test_sitemap_dates_come_from_today(fixture_site: Path) -> None:
    sitemap = (fixture_site / "public" / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {TODAY}
    header = (fixture_site / "public" / "sitemap.xml.gz").read_bytes()[:10]
    assert header[4:8] == b"\0\0\0\0"  # gzip mtime


# --- failures leave the published site alone ----------------------------------------------


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A content folder, a site built from it, and the site's file hashes."""
    content, site = tmp_path / "content", tmp_path / "site"
    write_files(content, {"board.yaml": BOARD_YAML, **SAMPLE_RECORDS})
    build(content, site, date.fromisoformat(TODAY))
    return content, site, tree(site)


def leftovers(site: Path) -> list[str]:
    return sorted(path.name for path in site.parent.iterdir() if path.name.startswith(f".{site.name}-build"))


def test_content_errors_keep_the_old_site(published: tuple[Path, Path, dict[str, str]]) -> None:
    content, site, before = published
    (content / "fees" / "le-phi-ho-tich.yaml").write_text("title: Lệ phí\nkind: le_phi\namount: nhiều\n",
                                                         encoding="utf-8")
    done = run_cli("build", "content", "--today", TODAY, cwd=content.parent)
    assert done.returncode == 1
    assert "content/fees/le-phi-ho-tich.yaml:3:" in done.stdout
    assert "được giữ nguyên" in done.stdout
    assert tree(site) == before and leftovers(site) == []
    with pytest.raises(ContentErrors):
        build(content, site, date.fromisoformat(TODAY))


def test_mkdocs_failure_keeps_the_old_site(published: tuple[Path, Path, dict[str, str]]) -> None:
    content, site, before = published

    def broken(*_: Any) -> RenderedSite:  # a nav entry to a page that does not exist
        return RenderedSite({"index.md": "# Trang chủ\n\n[Hỏng](khong-co.md)\n"}, [{"X": "khong-co.md"}], {})

    for parallel in (False, True):
        with pytest.raises(BuildFailed):
            build(content, site, date.fromisoformat(TODAY), render=broken, strict=True, parallel=parallel)
        assert tree(site) == before and leftovers(site) == []


def test_render_failure_keeps_the_old_site(published: tuple[Path, Path, dict[str, str]]) -> None:
    content, site, before = published

    def failing(board: Any, audience: Audience, *_: Any) -> RenderedSite:
        if audience is Audience.INTERNAL:
            from generator.render import RenderError

            raise RenderError("trang danh mục trùng tên")
        return RenderedSite({"index.md": "# Trang chủ\n"}, [], {})

    with pytest.raises(BuildFailed, match="trùng tên"):
        build(content, site, date.fromisoformat(TODAY), render=failing)
    assert tree(site) == before and leftovers(site) == []


@pytest.mark.parametrize("config", ["site_name: [Bảng công khai\n", "site_name: X\ntheme:\n  palette: 5\n",
                                    "site_name: X\nmarkdown_extensions: [khong_co]\n"])
def test_a_broken_mkdocs_yml_is_reported_and_keeps_the_old_site(
        published: tuple[Path, Path, dict[str, str]], config: str) -> None:
    content, site, before = published
    (content.parent / "mkdocs.yml").write_text(config, encoding="utf-8")
    done = run_cli("build", "content", "--today", TODAY, cwd=content.parent)  # no traceback
    assert done.returncode == 1
    assert "congkhai: lỗi:" in done.stderr and "được giữ nguyên" in done.stderr
    assert tree(site) == before and leftovers(site) == []


def test_publish_puts_back_what_it_swapped_when_a_rename_fails(tmp_path: Path) -> None:
    site, staging = tmp_path / "site", tmp_path / "staging"
    write_files(site, {"public/index.html": "cũ", "internal/index.html": "cũ nội bộ"})
    write_files(staging, {"new/public/index.html": "mới"})
    before = tree(site)
    with pytest.raises(OSError):
        built = {"public": staging / "new" / "public", "internal": staging / "new" / "missing"}
        publish(built, site, staging)
    assert tree(site) == before


# --- the command line ---------------------------------------------------------------------


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli("build", "khong-co", cwd=tmp_path).returncode == 2
    (tmp_path / "content").mkdir()
    done = run_cli("build", "content", "--today", "23/11/2026", cwd=tmp_path)
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr


def test_build_reports_each_stage_with_its_time(published: tuple[Path, Path, dict[str, str]]) -> None:
    content, site, _ = published
    # A real process: the per-site stage lines come from the forked build workers.
    done = run_cli("build", "content", "--today", TODAY, cwd=content.parent, subprocess=True)
    assert done.returncode == 0, done.stderr
    stages = re.findall(r"^(.+): (\d+\.\d) s$", done.stderr, re.M)
    labels = {label for label, _ in stages}
    assert {"Kiểm tra nội dung", "MkDocs (public)", "MkDocs (internal)", "Xuất bản"} <= labels
    assert (site / "public" / "index.html").is_file() and leftovers(site) == []
