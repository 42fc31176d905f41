"""Open data, feeds and history: what a journalist, a portal, a search engine and a feed reader
get from the public site, and what the git history adds to the pages and the audit.

One board in a real git repository (three commits to one procedure, dated) with internal
canary records is built once through the API; its files are read with the field's own tools
(frictionless, feedparser, csv, json), not with the generator's code.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import feedparser
import pytest
from frictionless import validate
from support.boards import BOARD_YAML, SAMPLE_RECORDS, write_files

from generator.audit import run_audit
from generator.check import check_content
from generator.check.history import History, parse_log
from generator.models import Audience
from generator.opendata.jsonld import script_text
from generator.present.format import format_date, format_money, format_size
from generator.present.urls import RECORD_SEGMENTS
from generator.render.view import SiteView
from generator.site.build import build

# Module fixtures build boards and sites: the module runs on one test worker, which builds them once.
pytestmark = pytest.mark.xdist_group("test_opendata")

TODAY = date(2026, 11, 23)
SITE_URL = "https://congkhai.example.vn/"
CANARY = "Canaryod4Omega"
LICENCE = """\
open_data_licence:
  name: Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)
  code: CC-BY-4.0
  url: https://creativecommons.org/licenses/by/4.0/deed.vi
"""

# Real-shaped text: a line break, a non-breaking space and "Không quy định" as the portal has them
# (stray HTML is refused by the check stage since E-PASTED-HTML).
PROCEDURE_V1 = SAMPLE_RECORDS["procedures/dang-ky-khai-sinh.yaml"]
PROCEDURE_V2 = PROCEDURE_V1.replace("result: Giấy khai sinh", """\
result: Giấy khai sinh
description: "Đăng ký khai sinh cho trẻ em.\\nNộp tại\\u00a0UBND cấp xã; thời hạn nộp: Không quy định."
posted_on: 2026-03-02""")
PROCEDURE_V3 = PROCEDURE_V2.replace("amount: 1\n    fees:",
                                    "amount: 3\n      note: kể từ ngày nhận đủ hồ sơ\n    fees:")
FEE = SAMPLE_RECORDS["fees/le-phi-ho-tich.yaml"] + "posted_on: 2026-03-01\n"

CANARY_RECORDS: dict[str, str] = {
    "personnel/ky-luat-canary.yaml": f"""\
title: Quyết định kỷ luật {CANARY}
category: ky_luat
decided_on: 2026-10-01
persons:
  - name: Trần Văn {CANARY}
""",
    "personnel/tuyen-dung-2026.yaml": """\
title: Kết quả tuyển dụng công chức năm 2026
audience: public
publish_override: true
category: tuyen_dung
decided_on: 2026-09-01
posted_on: 2026-09-05
persons:
  - name: Hoàng Thị Mai
""",
    "policies/chinh-sach-canary.yaml": f"""\
title: Chủ trương nội bộ {CANARY}
issued_by: Tỉnh ủy Lạng Sơn
summary: Nội dung {CANARY} chỉ dành cho cán bộ.
""",
}

# Three commits to the procedure, each on its own day; the posting date (2026-03-02) is written
# in the second one, after the file was first committed (2026-03-01): no warning for it. The
# complaint result added in the third commit states a posting date before it: a warning.
COMMITS: list[tuple[str, str, dict[str, str]]] = [
    ("2026-03-01T09:00:00+07:00", "Thêm thủ tục đăng ký khai sinh",
     {"board.yaml": BOARD_YAML + f"site_url: {SITE_URL}\n" + LICENCE, **SAMPLE_RECORDS,
      "fees/le-phi-ho-tich.yaml": FEE, **CANARY_RECORDS}),
    ("2026-04-15T10:30:00+07:00", "Bổ sung mô tả, ngày niêm yết",
     {"procedures/dang-ky-khai-sinh.yaml": PROCEDURE_V2}),
    ("2026-06-20T14:00:00+07:00", "Sửa thời hạn giải quyết <trực tiếp>",
     {"procedures/dang-ky-khai-sinh.yaml": PROCEDURE_V3,
      "complaints/kn-2026-02.yaml": SAMPLE_RECORDS["complaints/kn-2025-01.yaml"]
      .replace("01/2025", "02/2026") + "audience: public\nposted_on: 2026-05-01\n"}),
]
HISTORY = [("20/06/2026", "Sửa thời hạn giải quyết <trực tiếp>"),
           ("15/04/2026", "Bổ sung mô tả, ngày niêm yết"),
           ("01/03/2026", "Thêm thủ tục đăng ký khai sinh")]


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    if when is not None:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=Văn thư", "-c", "user.email=vt@example.vn",
                    *args], check=True, capture_output=True, env=env)


def make_repository(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    for when, message, files in COMMITS:
        write_files(root / "content", files)  # type: ignore[arg-type]
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", message, when=when)
    return root / "content"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repository(tmp_path_factory.mktemp("board"))


@pytest.fixture(scope="module")
def site(repo: Path) -> Path:
    build(repo, repo.parent / "site", TODAY)
    return repo.parent / "site"


@pytest.fixture(scope="module")
def public_records(repo: Path) -> dict[str, list[Any]]:
    board = check_content(repo).board
    return SiteView(board, Audience.PUBLIC, TODAY).by_kind


def data_dir(site: Path) -> Path:
    return site / "public" / "du-lieu-mo"


def csv_rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def page_text(site: Path, url: str) -> str:
    source = (site / "public" / url / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", source, re.S)
    assert article is not None
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article.group(0))))


def json_ld(site: Path, url: str) -> dict[str, Any]:
    source = (site / "public" / url / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', source, re.S)
    assert len(scripts) == 1, url
    data: dict[str, Any] = json.loads(scripts[0])
    return data


# --- open data files ------------------------------------------------------------------------


def test_every_public_record_is_in_its_json_and_csv_with_its_page_values(
        site: Path, public_records: dict[str, list[Any]]) -> None:
    package = json.loads((data_dir(site) / "datapackage.json").read_text(encoding="utf-8"))
    paths = {resource["path"] for resource in package["resources"]}
    for kind, records in public_records.items():
        if not records:
            continue
        stem = RECORD_SEGMENTS[kind].replace("/", "-")
        assert {f"{stem}.csv", f"{stem}.json"} <= paths, kind
        rows = json.loads((data_dir(site) / f"{stem}.json").read_text(encoding="utf-8"))
        table = csv_rows(data_dir(site) / f"{stem}.csv")
        assert [row["id"] for row in rows] == [row["id"] for row in table] == [r.id for r in records]
        for row, line in zip(rows, table, strict=True):
            assert line["title"] == row["title"]
            assert " ".join(row["title"].split()) in page_text(site, row["url"]), row["url"]
    [procedure] = json.loads((data_dir(site) / "thu-tuc.json").read_text(encoding="utf-8"))
    line = csv_rows(data_dir(site) / "thu-tuc.csv")[0]
    text = page_text(site, procedure["url"])
    assert procedure["code"] == line["code"] == "1.001193" and "1.001193" in text
    assert line["posted_on"] == procedure["posted_on"] == "2026-03-02"  # ISO, page shows 02/03/2026
    assert format_date(date(2026, 3, 2)) in text
    assert line["description"] == procedure["description"]  # line break and NBSP kept as written
    assert "\n" in line["description"] and "\u00a0" in line["description"]
    assert json.loads(line["methods"]) == procedure["methods"]
    assert procedure["methods"][0]["processing_time"] == {
        "amount": 3, "unit": "ngay_lam_viec", "text": None, "note": "kể từ ngày nhận đủ hồ sơ"}
    fee = json.loads((data_dir(site) / "phi-le-phi.json").read_text(encoding="utf-8"))[0]
    assert fee["amount"] == 8000 and csv_rows(data_dir(site) / "phi-le-phi.csv")[0]["amount"] == "8000"
    assert format_money(8000) in page_text(site, fee["url"])


def test_no_internal_record_or_field_reaches_any_open_data_file(site: Path) -> None:
    files = sorted([*(path for path in data_dir(site).rglob("*") if path.is_file()),
                    site / "public" / "ban-tin.xml"])
    assert {path.suffix for path in files} == {".csv", ".json", ".html", ".xml"}
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        assert CANARY.lower() not in text.lower(), path
        for internal_field in ("publish_override", "obligation_overrides", "provenance", '"audience"',
                               "forms/files/"):
            assert internal_field not in text, (path, internal_field)
    public_personnel = json.loads((data_dir(site) / "nhan-su.json").read_text(encoding="utf-8"))
    assert [row["id"] for row in public_personnel] == ["tuyen-dung-2026"]
    assert not (data_dir(site) / "ke-hoach.json").exists()  # the plan is internal by default
    assert not (site / "internal" / "du-lieu-mo").exists()


def test_frictionless_validates_the_data_package(site: Path) -> None:
    report = validate(data_dir(site) / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])
    package = json.loads((data_dir(site) / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [{"title": "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)",
                                    "name": "CC-BY-4.0",
                                    "path": "https://creativecommons.org/licenses/by/4.0/deed.vi"}]
    procedures = next(item for item in package["resources"] if item["name"] == "thu-tuc-csv")
    fields = {field["name"]: field for field in procedures["schema"]["fields"]}
    assert fields["code"]["title"] == "Mã thủ tục" and fields["code"]["type"] == "string"
    assert fields["posted_on"]["type"] == "date"
    assert fields["one_stop"]["constraints"]["enum"] == ["mot_cua", "lien_thong", "khong"]
    assert "provenance" not in fields  # where an import came from is internal
    assert fields["methods"]["type"] == "array"
    fees = next(item for item in package["resources"] if item["name"] == "phi-le-phi-csv")
    assert {field["name"]: field["type"] for field in fees["schema"]["fields"]}["amount"] == "integer"


def test_open_data_page_lists_each_file_with_its_size_and_the_licence(site: Path) -> None:
    text = page_text(site, "du-lieu-mo")
    assert "Giấy phép sử dụng: Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)" in text
    size = format_size((data_dir(site) / "thu-tuc.csv").stat().st_size)
    assert f"Thủ tục hành chính 1 thu-tuc.csv ({size})" in text
    source = (data_dir(site) / "index.html").read_text(encoding="utf-8")
    for name in ("thu-tuc.csv", "thu-tuc.json", "datapackage.json", "../ban-tin.xml"):
        assert f'href="{name}"' in source, name
    assert 'href="../tiep-cong-dan/lich-tiep-cong-dan.ics"' in source


def test_open_data_page_says_when_no_licence_is_stated(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_files(content, {"board.yaml": BOARD_YAML, **SAMPLE_RECORDS})
    build(content, tmp_path / "site", TODAY, parallel=False)
    text = page_text(tmp_path / "site", "du-lieu-mo")
    assert "cơ quan chưa công bố giấy phép sử dụng dữ liệu mở" in text
    package = (tmp_path / "site/public/du-lieu-mo/datapackage.json").read_text(encoding="utf-8")
    assert "licenses" not in package


# --- feeds ------------------------------------------------------------------------------------


def test_atom_feed_is_valid_newest_first_and_points_at_existing_pages(site: Path) -> None:
    feed = feedparser.parse((site / "public" / "ban-tin.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    assert "Thủ tục hành chính: Đăng ký khai sinh" in titles
    assert any(title.startswith("Thông báo kết quả tiếp công dân") for title in titles)
    assert any(title.startswith("Kết quả giải quyết khiếu nại") for title in titles)
    assert any(title.startswith("Ngân sách") for title in titles)
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)
    assert feed.feed.updated == feed.entries[0].updated
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids) and all(item.startswith("urn:uuid:") for item in ids)
    for entry in feed.entries:
        assert entry.link.startswith(SITE_URL)
        target = site / "public" / entry.link.removeprefix(SITE_URL) / "index.html"
        assert target.is_file(), entry.link
    assert CANARY not in (site / "public" / "ban-tin.xml").read_text(encoding="utf-8")


def test_every_public_page_links_the_feed_in_its_head(site: Path) -> None:
    # The kiosk and the print pack are not web pages: offline screens and A4 sheets.
    pages = [page for page in sorted((site / "public").rglob("*.html"))
             if page.relative_to(site / "public").parts[0] not in ("kiosk", "print")]
    assert len(pages) > 20
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        match = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]* href="([^"]+)"', head)
        assert match is not None, page
        href = match.group(1)  # 404.html links from the site root: it is served at any path
        base = site / "public" if href.startswith("/") else page.parent
        assert (base / href.lstrip("/")).resolve() == (site / "public" / "ban-tin.xml").resolve()
    internal_home = (site / "internal" / "index.html").read_text(encoding="utf-8")
    assert "application/atom+xml" not in internal_home


def test_reception_page_links_the_ics_feed(site: Path) -> None:
    source = (site / "public" / "tiep-cong-dan" / "index.html").read_text(encoding="utf-8")
    assert 'href="lich-tiep-cong-dan.ics"' in source
    assert (site / "public" / "tiep-cong-dan" / "lich-tiep-cong-dan.ics").is_file()


# --- JSON-LD ----------------------------------------------------------------------------------


def test_procedure_page_has_government_service_json_ld(site: Path) -> None:
    data = json_ld(site, "thu-tuc/dang-ky-khai-sinh")
    assert data["@context"] == "https://schema.org" and data["@type"] == "GovernmentService"
    assert data["identifier"] == "1.001193" and data["name"] == "Đăng ký khai sinh"
    assert data["provider"] == {"@type": "GovernmentOrganization",
                                "name": "Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn"}
    assert data["serviceOperator"]["name"] == "UBND cấp xã"
    assert data["areaServed"]["name"] == "Lạng Sơn"
    assert data["url"] == SITE_URL + "thu-tuc/dang-ky-khai-sinh/"
    direct, online = data["availableChannel"]
    assert direct["processingTime"] == "3 ngày làm việc (kể từ ngày nhận đủ hồ sơ)"
    assert "8.000 đồng" in direct["description"] and online["description"] == "Phí, lệ phí: Không thu phí"
    assert data["offers"] == [{"@type": "Offer", "priceCurrency": "VND", "name": "Lệ phí đăng ký hộ tịch",
                               "price": 8000, "description": "8.000 đồng (đồng/hồ sơ)"}]
    assert "3 ngày làm việc" in page_text(site, "thu-tuc/dang-ky-khai-sinh")


def test_home_page_has_government_organization_json_ld(site: Path) -> None:
    source = (site / "public" / "index.html").read_text(encoding="utf-8")
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', source, re.S)
    data = json.loads(script)
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn"
    assert data["address"]["streetAddress"] == "Đường Hùng Vương, phường Chi Lăng, Thành phố Lạng Sơn"
    assert data["telephone"] == "025 3812 605" and data["url"] == SITE_URL


def test_reception_session_page_has_event_json_ld(site: Path) -> None:
    data = json_ld(site, "tiep-cong-dan/buoi/2026-01")
    assert data["@type"] == "Event"
    assert data["startDate"] == "2026-01-15T08:00:00+07:00" and data["endDate"] == "2026-01-15T11:30:00+07:00"
    assert data["location"]["name"] == "Trụ sở Tiếp công dân tỉnh"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["performer"]["name"] == "Hồ Tiến Thiệu"


def test_json_ld_text_cannot_close_its_script_element() -> None:
    text = script_text({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"


# --- history ----------------------------------------------------------------------------------


def test_record_page_shows_its_git_history_newest_first(site: Path) -> None:
    text = page_text(site, "thu-tuc/dang-ky-khai-sinh")
    assert "Cập nhật lần cuối: 20/06/2026." in text
    shown = [f"{day}: {message}" for day, message in HISTORY]
    positions = [text.find(line) for line in shown]
    assert all(position >= 0 for position in positions), text[-600:]
    assert positions == sorted(positions)
    assert "Cập nhật lần cuối: 01/03/2026." in page_text(site, "bo-phan/mot-cua")


def test_sitemap_lastmod_comes_from_the_history(site: Path) -> None:
    sitemap = (site / "public" / "sitemap.xml").read_text(encoding="utf-8")
    dates = dict(re.findall(r"<loc>([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap))
    assert dates[SITE_URL + "thu-tuc/dang-ky-khai-sinh/index.html"] == "2026-06-20"
    assert dates[SITE_URL + "bo-phan/mot-cua/index.html"] == "2026-03-01"
    assert dates[SITE_URL + "index.html"] == TODAY.isoformat()


def test_a_copy_without_git_builds_and_shows_no_history(site: Path, repo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "tarball" / "content"
    shutil.copytree(repo, copy)
    build(copy, tmp_path / "site", TODAY, parallel=False)
    text = page_text(tmp_path / "site", "thu-tuc/dang-ky-khai-sinh")
    assert "Cập nhật lần cuối" not in text and "Lịch sử cập nhật" not in text
    sitemap = (tmp_path / "site" / "public" / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {TODAY.isoformat()}
    same = (tmp_path / "site" / "public" / "du-lieu-mo" / "thu-tuc.csv").read_bytes()
    assert same == (data_dir(site) / "thu-tuc.csv").read_bytes()  # open data does not depend on git


def test_same_content_history_and_today_build_byte_identical(site: Path, repo: Path, tmp_path: Path) -> None:
    build(repo, tmp_path / "site", TODAY, parallel=False)
    for folder in ("public", "internal"):
        ours = {p.relative_to(tmp_path / "site").as_posix(): p.read_bytes()
                for p in sorted((tmp_path / "site" / folder).rglob("*")) if p.is_file()}
        theirs = {p.relative_to(site).as_posix(): p.read_bytes()
                  for p in sorted((site / folder).rglob("*")) if p.is_file()}
        assert ours.keys() == theirs.keys()
        assert [name for name in ours if ours[name] != theirs[name]] == []


# --- audit ------------------------------------------------------------------------------------


def test_audit_warns_where_a_posting_date_is_earlier_than_the_first_commit(repo: Path) -> None:
    board = check_content(repo).board
    warnings = [item for item in run_audit(board, TODAY).diagnostics if item.code == "W-POSTED-BEFORE-COMMIT"]
    assert len(warnings) == 1, [str(item) for item in warnings]
    [warning] = warnings
    assert warning.position.path.endswith("complaints/kn-2026-02.yaml")
    lines = (repo / "complaints" / "kn-2026-02.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[warning.position.line - 1].startswith("posted_on: 2026-05-01")
    assert "01/05/2026" in warning.message and "20/06/2026" in warning.message
    assert not warning.is_error


def test_a_shallow_history_does_not_date_the_first_commit() -> None:
    log = ("\x1eabc1234\x1f2026-06-20\x1fSửa\n\nprocedures/a.yaml\n"
           "\x1edef5678\x1f2026-03-01\x1fThêm\n\nprocedures/a.yaml\n")
    changes = parse_log(log)
    assert [change.commit for change in changes["procedures/a.yaml"]] == ["abc1234", "def5678"]
    assert History(changes).first_committed("procedures/a.yaml") == date(2026, 3, 1)
    assert History(changes, shallow=True).first_committed("procedures/a.yaml") is None


def test_serve_reads_the_same_history_as_a_build(repo: Path) -> None:
    from generator.check.incremental import IncrementalChecker

    checked = IncrementalChecker(repo).run().board
    board = check_content(repo).board
    procedure = board.get("procedure", "dang-ky-khai-sinh")
    assert procedure is not None
    assert [(f"{change.day:%d/%m/%Y}", change.message) for change in checked.changes_of(procedure)] == HISTORY
    assert checked.history == board.history


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_kept_as_text() -> None:
    from generator.opendata.tables import csv_bytes

    fields = [{"name": "id"}, {"name": "title"}, {"name": "phone"}]
    rows = [{"id": "a", "title": '=HYPERLINK("http://x.invalid","Bấm")', "phone": "+84 25 3812 605"}]
    [line] = list(csv.DictReader(io.StringIO(csv_bytes(fields, rows).decode("utf-8-sig"), newline="")))
    assert line["title"] == '\'=HYPERLINK("http://x.invalid","Bấm")' and line["phone"] == "'+84 25 3812 605"
