"""The print pack: A4 notices in the NĐ 30/2020 layout, their PDFs, QR codes and posting dates."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support.boards import BOARD_YAML, REPO, SAMPLE_RECORDS, write_files

from generator.check import check_content
from generator.models import Audience
from generator.outputs.printpack import write_print_pack
from generator.outputs.printpack.nd30 import agency_line, date_line, parent_line, posting_line

# Module fixtures build boards and sites: the module runs on one test worker, which builds them once.
pytestmark = pytest.mark.xdist_group("test_print")

TODAY = date(2026, 2, 5)
SITE_URL = "https://congkhai.langson.example.vn/"
PROCEDURE_URL = f"{SITE_URL}thu-tuc/dang-ky-khai-sinh/"
CHROMIUM = "/usr/bin/chromium"
MM = 72 / 25.4  # PDF points per millimetre
A4_POINTS = (595.28, 841.89)
# NĐ 30/2020 Phụ lục I: days below 10 and the months 1 and 2 take a leading zero, others do not.
DATE_LINE = re.compile(r"^[^,]+, ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$")

BOARD = BOARD_YAML.replace("place: Lạng Sơn\n", f"""place: Lạng Sơn
parent: Ủy ban nhân dân tỉnh Lạng Sơn
site_url: {SITE_URL}
head:
  name: Triệu Minh Quang
  position: Chánh Văn phòng
""")
STEP_TEXT = "Cán bộ tiếp nhận kiểm tra, đối chiếu thành phần hồ sơ và hướng dẫn người nộp bổ sung. " * 3
LONG_STEPS = "".join(f"  - title: Bước {n} của quy trình liên thông\n    description: {STEP_TEXT}\n"
                     for n in range(1, 13))
EXTRA_RECORDS = {
    # Long enough for three pages: page numbers from page 2 on.
    "procedures/cap-phep-lien-thong.yaml": f"""\
title: Cấp giấy phép theo cơ chế một cửa liên thông
code: "1.009999"
announcing_decision:
  number: "1234/QĐ-UBND"
  date: 2025-06-10
field: Hộ tịch
unit: mot-cua
steps:
{LONG_STEPS}methods:
  - kind: truc_tiep
    processing_time:
      amount: 15
    fees: [le-phi-ho-tich]
dossier:
  - name: Đơn đề nghị
applicants: [Công dân Việt Nam, Tổ chức]
agencies:
  deciding: UBND tỉnh
  performing: Văn phòng UBND tỉnh
result: Giấy phép
""",
    # Internal: only the internal pack may show it, and the public fee table must not name it.
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
    # Public, unlike the sample's complaint result and policy (internal by default): printed.
    "complaints/kn-cong-khai.yaml": """\
title: Quyết định giải quyết khiếu nại số 05/QĐ-VP
audience: public
category: khieu_nai
received_on: 2025-10-01
concluded_on: 2025-12-15
subject: |-
  Ông Nguyễn Văn Bình khiếu nại việc chậm cấp giấy chứng nhận.
  Khiếu nại lần đầu.
conclusion: Khiếu nại đúng một phần; yêu cầu cấp giấy chứng nhận trong 10 ngày.
measures:
  - Kiểm điểm công chức chậm trả kết quả
""",
    "policies/chinh-sach-cong-khai.yaml": """\
title: Chính sách hỗ trợ người dân nộp hồ sơ trực tuyến
audience: public
issued_by: UBND tỉnh Lạng Sơn
effective_from: 2026-01-01
summary: Miễn lệ phí đối với hồ sơ nộp trực tuyến trên Cổng Dịch vụ công quốc gia.
""",
    "plans/ke-hoach-cong-khai.yaml": """\
title: Kế hoạch cải cách thủ tục hành chính năm 2026
audience: public
parts:
  - heading: A. MỤC ĐÍCH, YÊU CẦU
    paragraphs:
      - Rút ngắn thời gian giải quyết thủ tục hành chính.
tasks:
  - number: "1"
    title: Niêm yết Nội quy tiếp công dân
    owner: Văn phòng UBND tỉnh
    status: hoan_thanh
    completed_on: 2026-01-20
""",
    # Expired: taken down on 31/01/2026, so not printed on 05/02/2026.
    "fees/phi-het-han.yaml": """\
title: Phí đã bãi bỏ
kind: phi
amount: 1000
posted_until: 2026-01-31
""",
}


def run_print(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`congkhai print ARGS` through the real command line, in `cwd`."""
    done = subprocess.run([sys.executable, "-m", "generator", "print", *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=600, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


def browser_available() -> bool:
    """Chromium here? Under CI=true a missing browser is a failure, not a skip."""
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return True
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is not installed (CI=true): install the Debian package 'chromium'")
    return False


def normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def board_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("print") / "content"
    write_files(root, {"board.yaml": BOARD, **SAMPLE_RECORDS, **EXTRA_RECORDS})
    return root


@pytest.fixture(scope="module")
def pack(board_dir: Path) -> Path:
    """`congkhai print --pdf` through the real command line."""
    if not browser_available():
        pytest.skip("Chromium is not installed")
    out = board_dir.parent / "out"
    done = run_print(board_dir.parent, "content", "--today", TODAY.isoformat(), "--pdf", "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [normalised(page.extract_text()) for page in PdfReader(path).pages]


# --- NĐ 30 header lines --------------------------------------------------------------------


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 2, 5), "Lạng Sơn, ngày 05 tháng 02 năm 2026"),
    (date(2026, 1, 31), "Lạng Sơn, ngày 31 tháng 01 năm 2026"),
    (date(2026, 3, 9), "Lạng Sơn, ngày 09 tháng 3 năm 2026"),
    (date(2026, 9, 15), "Lạng Sơn, ngày 15 tháng 9 năm 2026"),
    (date(2026, 12, 1), "Lạng Sơn, ngày 01 tháng 12 năm 2026"),
])
def test_date_line_pads_days_below_10_and_months_1_and_2(day: date, expected: str) -> None:
    assert date_line("Lạng Sơn", day) == expected
    assert DATE_LINE.match(expected)


def test_agency_block_shortens_the_parent_and_does_not_repeat_it() -> None:
    assert parent_line("Ủy ban nhân dân tỉnh Lạng Sơn") == "UBND TỈNH LẠNG SƠN"
    parent = "Ủy ban nhân dân tỉnh Lạng Sơn"
    assert agency_line(f"Văn phòng {parent}", parent) == "VĂN PHÒNG"
    assert agency_line("Sở Tư pháp tỉnh Lạng Sơn", None) == "SỞ TƯ PHÁP TỈNH LẠNG SƠN"


def test_posting_line_leaves_an_open_end_to_write_in() -> None:
    expected = "Niêm yết từ ngày 05/02/2026 đến ngày 28/02/2026"
    assert posting_line(date(2026, 2, 5), date(2026, 2, 28)) == expected
    assert posting_line(date(2026, 2, 5), None).startswith("Niêm yết từ ngày 05/02/2026 đến ngày ……")


# --- The pack's pages -------------------------------------------------------------------------


def test_every_notice_kind_is_written_and_listed_in_the_index(pack: Path) -> None:
    public = pack / "public"
    expected = {
        "thu-tuc/dang-ky-khai-sinh.html", "thu-tuc/cap-phep-lien-thong.html", "phi-le-phi.html",
        "thoi-han-giai-quyet.html", "lich-tiep-cong-dan-2026-02.html", "ket-qua-tiep-cong-dan/2026-01.html",
        "noi-quy/noi-quy-tiep-cong-dan.html", "ngan-sach/du-toan-2026.html",
        "khieu-nai-to-cao/kn-cong-khai.html", "chinh-sach/chinh-sach-cong-khai.html",
        "ke-hoach/ke-hoach-cong-khai.html",
    }
    index = (public / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="([^"]+\.html)"', index))
    assert expected <= links
    assert all((public / link).is_file() for link in links)
    pdfs = set(re.findall(r'href="([^"]+\.pdf)"', index))
    assert {link.removesuffix(".html") + ".pdf" for link in expected} <= pdfs


def test_every_notice_has_the_nd30_header_posting_dates_and_qr(pack: Path) -> None:
    for page in sorted((pack / "public").rglob("*.html")):
        if page.name == "index.html":
            continue
        html = page.read_text(encoding="utf-8")
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Độc lập - Tự do - Hạnh phúc" in html, page
        assert "UBND TỈNH LẠNG SƠN" in html and "VĂN PHÒNG" in html, page
        assert re.search(r"Niêm yết từ ngày \d{2}/\d{2}/\d{4} đến ngày", html), page
        assert '<svg viewBox="0 0' in html and f"Mã QR: {SITE_URL}" in html, page
        line = re.search(r'<div class="date-line">([^<]+)</div>', html)
        assert line and DATE_LINE.match(line.group(1)), page
        assert not re.search(r'(src|href)="(https?:)?//', html), f"{page} loads something from the network"


def test_month_schedule_is_posted_until_the_end_of_the_month(pack: Path) -> None:
    html = (pack / "public" / "lich-tiep-cong-dan-2026-02.html").read_text(encoding="utf-8")
    assert "Niêm yết từ ngày 05/02/2026 đến ngày 28/02/2026" in html
    # The 15th of February 2026 falls in the Tết break: the session moves to the next working day.
    assert "Thứ Hai, 23/02/2026" in html and "Hồ Tiến Thiệu" in html


def test_internal_and_expired_records_stay_out_of_the_public_pack(pack: Path) -> None:
    public = "".join(page.read_text(encoding="utf-8") for page in (pack / "public").rglob("*.html"))
    internal = "".join(page.read_text(encoding="utf-8") for page in (pack / "internal").rglob("*.html"))
    for secret in ("Thủ tục nội bộ về cấp phát văn phòng phẩm", "Quyết toán kinh phí nội bộ năm 2025"):
        assert secret not in public
        assert secret in internal
    assert "Phí đã bãi bỏ" not in public + internal
    # Complaint results, policies and plans are printed when public, in either pack.
    assert "Khiếu nại về việc chậm trả kết quả hồ sơ" not in public + internal
    assert "Chương trình cải cách hành chính giai đoạn 2021–2030" not in public + internal
    assert "Kế hoạch tiếp công dân năm 2010" not in public + internal
    assert "Tài liệu công khai trong nội bộ cơ quan" in internal


def test_public_complaint_result_policy_and_plan_are_printed(pack: Path) -> None:
    complaint = (pack / "public" / "khieu-nai-to-cao" / "kn-cong-khai.html").read_text(encoding="utf-8")
    assert "Giải quyết khiếu nại: Quyết định giải quyết khiếu nại số 05/QĐ-VP" in complaint
    assert "<p class=\"indent\">Khiếu nại lần đầu.</p>" in complaint  # each line of the YAML text
    assert "Kiểm điểm công chức chậm trả kết quả" in complaint
    policy = (pack / "public" / "chinh-sach" / "chinh-sach-cong-khai.html").read_text(encoding="utf-8")
    assert "Miễn lệ phí đối với hồ sơ nộp trực tuyến" in policy and "01/01/2026" in policy
    plan = (pack / "public" / "ke-hoach" / "ke-hoach-cong-khai.html").read_text(encoding="utf-8")
    assert "A. MỤC ĐÍCH, YÊU CẦU" in plan and "Hoàn thành (20/01/2026)" in plan


# --- The PDF of a procedure notice ----------------------------------------------------------


@pytest.fixture(scope="module")
def procedure_pdf(pack: Path) -> Path:
    return pack / "public" / "thu-tuc" / "dang-ky-khai-sinh.pdf"


def test_procedure_pdf_is_a4_with_the_national_title_and_the_fee(procedure_pdf: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(procedure_pdf)
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4_POINTS[0]) <= 1 and abs(height - A4_POINTS[1]) <= 1
    text = " ".join(pdf_text(procedure_pdf))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "8.000 đồng/hồ sơ" in text
    assert date_line("Lạng Sơn", TODAY) in text
    assert "Niêm yết từ ngày 05/02/2026" in text


def test_procedure_pdf_uses_times_or_its_metric_twin_only(procedure_pdf: Path) -> None:
    """No fallback font: every Vietnamese letter is in Liberation Serif (or Times New Roman)."""
    from pypdf import PdfReader

    fonts = set()
    for page in PdfReader(procedure_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts and all(name.startswith(("LiberationSerif", "TimesNewRoman")) for name in fonts), fonts


def rendered_pages(pdf: Path, scale: float = 2.0) -> list:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    return [document[index].render(scale=scale, grayscale=True).to_numpy() for index in range(len(document))]


def test_qr_code_in_the_pdf_opens_the_procedure_page(procedure_pdf: Path) -> None:
    import zxingcpp

    images = rendered_pages(procedure_pdf)
    found = [result.text for image in images for result in zxingcpp.read_barcodes(image)]
    assert found == [PROCEDURE_URL]


def ink_box(image, threshold: int = 200) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) in pixels of everything darker than `threshold`, or None."""
    import numpy

    rows = numpy.where((image < threshold).any(axis=1))[0]
    columns = numpy.where((image < threshold).any(axis=0))[0]
    if not len(rows):
        return None
    return int(columns[0]), int(rows[0]), int(columns[-1]), int(rows[-1])


@pytest.mark.parametrize("name", ["thu-tuc/cap-phep-lien-thong.pdf", "thu-tuc/dang-ky-khai-sinh.pdf",
                                  "phi-le-phi.pdf", "thoi-han-giai-quyet.pdf", "ngan-sach/du-toan-2026.pdf",
                                  "lich-tiep-cong-dan-2026-02.pdf", "ket-qua-tiep-cong-dan/2026-01.pdf"])
def test_nothing_is_printed_in_the_margins(pack: Path, name: str) -> None:
    """Margins 30/15 mm left/right and 20 mm top/bottom stay blank (0.5 mm allowed for anti-aliasing);
    the only thing above the text area is the page number, centred, from page 2 on. A line cut at
    the paper's edge would show here as ink in a margin."""
    scale = 2.0
    px = scale * MM
    for number, image in enumerate(rendered_pages(pack / "public" / name, scale), start=1):
        height, width = image.shape
        body = image[int(19.5 * px):height - int(19.5 * px), :]
        left, _, right, _ = ink_box(body)  # type: ignore[misc]
        assert left >= 29.5 * px and right <= width - 14.5 * px, f"{name} page {number}: ink in a side margin"
        bottom = ink_box(image[height - int(19.5 * px):, :])
        assert bottom is None, f"{name} page {number}: ink in the bottom margin"
        header = ink_box(image[: int(19.5 * px), :])
        if number == 1:
            assert header is None, f"{name}: page 1 has no page number"
        else:
            assert header is not None, f"{name} page {number}: page number missing"
            centre = (header[0] + header[2]) / 2  # centred over the text area, as a word processor does
            assert abs(centre - (30 + 210 - 15) / 2 * px) < 3 * px, f"{name} page {number}: not centred"


def test_page_numbers_start_on_page_2(pack: Path) -> None:
    pages = pdf_text(pack / "public" / "thu-tuc" / "cap-phep-lien-thong.pdf")
    assert len(pages) >= 3
    assert not pages[0].startswith("1 ")
    for number, text in enumerate(pages[1:], start=2):
        assert text.startswith(f"{number} "), text[:40]


# --- The command line -----------------------------------------------------------------------


def test_print_without_pdf_needs_no_browser_and_warns_without_site_url(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_files(content, {"board.yaml": BOARD_YAML, **SAMPLE_RECORDS})
    done = run_print(tmp_path, "content", "--today", "2026-02-05", "--out", "ban-in",
                     env={**os.environ, "PATH": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert "chưa có 'site_url'" in done.stderr
    page = (tmp_path / "ban-in" / "public" / "thu-tuc" / "dang-ky-khai-sinh.html").read_text(encoding="utf-8")
    assert "<svg" not in page


def test_pdf_without_chromium_is_a_clear_vietnamese_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_files(content, {"board.yaml": BOARD_YAML, **SAMPLE_RECORDS})
    env = {key: value for key, value in os.environ.items() if key != "CONGKHAI_CHROMIUM"}
    done = run_print(tmp_path, "content", "--pdf", "--out", "ban-in", env={**env, "PATH": str(tmp_path)})
    assert done.returncode == 2
    assert "không tìm thấy trình duyệt Chromium" in done.stderr and "apt-get install chromium" in done.stderr
    assert not (tmp_path / "ban-in").exists()


def test_print_refuses_content_with_errors(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_files(content, {"board.yaml": BOARD_YAML, "fees/sai.yaml": "title: Phí sai\nkind: phi\n"})
    done = run_print(tmp_path, "content", "--out", "ban-in")
    assert done.returncode == 1
    assert "Chưa tạo bản in" in done.stdout


def test_demo_board_prints_one_notice_per_public_procedure(tmp_path: Path) -> None:
    result = check_content(REPO / "content")
    procedures = [record for record in result.board.of("procedure") if record.audience is Audience.PUBLIC]
    if not result.ok or not procedures:
        pytest.skip("the demo board has no valid public procedures yet")
    pack = write_print_pack(result.board, tmp_path / "print", Audience.PUBLIC, TODAY)
    printed = {notice.path for notice in pack.notices}
    assert {f"thu-tuc/{record.id}.html" for record in procedures
            if record.posted_until is None or record.posted_until >= TODAY} <= printed


# --- Reproducible ------------------------------------------------------------------------


def files_of(folder: Path) -> dict[Path, bytes]:
    return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_two_runs_print_the_same_bytes_pdfs_included(pack: Path, board_dir: Path) -> None:
    again = board_dir.parent / "again"
    done = run_print(board_dir.parent, "content", "--today", TODAY.isoformat(), "--pdf", "--out", str(again))
    assert done.returncode == 0, done.stdout + done.stderr
    first, second = files_of(pack), files_of(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    pdfs = [name for name in first if name.suffix == ".pdf"]
    assert pdfs
    # Dated by the notice, not by the clock: the birth registration notice was posted on TODAY.
    assert b"/CreationDate (D:20260205000000+00'00')" in first[Path("public/thu-tuc/dang-ky-khai-sinh.pdf")]


def test_source_date_epoch_dates_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.outputs.printpack.pdf import stamp_dates

    pdf = tmp_path / "a.pdf"
    stamped = b"/CreationDate (D:20261202121932+00'00')\n/ModDate (D:20261202121932+00'00')"
    nodes = b"/ID (node00000036)>> /ID (node00000040)>> /Names [(node00000036) 7 0 R (node00000040) 8 0 R]"
    pdf.write_bytes(b"%PDF-1.4\n<<" + stamped + b">>\n" + nodes)
    stamp_dates(pdf, date(2026, 3, 9))
    assert pdf.read_bytes().count(b"(D:20260309000000+00'00')") == 2
    assert pdf.read_bytes().endswith(b"/Names [(node00000001) 7 0 R (node00000002) 8 0 R]")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00:00 UTC
    stamp_dates(pdf, date(2026, 3, 9))
    assert pdf.read_bytes().count(b"(D:20260101000000+00'00')") == 2


def test_one_browser_prints_what_the_command_line_prints(pack: Path, tmp_path: Path) -> None:
    """print_pdfs drives one Chromium over its DevTools pipe; the command line's --print-to-pdf
    (kept where the pipe cannot be used) gives the same bytes for the same notice."""
    from generator.outputs.printpack.pdf import find_chromium, print_pdf

    notice = pack / "public" / "thu-tuc" / "dang-ky-khai-sinh.html"
    by_command_line = print_pdf(find_chromium(), notice, tmp_path / "cli.pdf", date(2026, 2, 5))
    assert by_command_line.read_bytes() == notice.with_suffix(".pdf").read_bytes()


def test_a_page_the_browser_cannot_print_is_one_vietnamese_line(tmp_path: Path) -> None:
    from generator.outputs.printpack.pdf import PdfError, print_pdfs

    if not browser_available():
        pytest.skip("Chromium is not installed")
    good = tmp_path / "a.html"
    good.write_text("<!doctype html><title>a</title><p>Thông báo</p>", encoding="utf-8")
    with pytest.raises(PdfError) as raised:
        print_pdfs([good, tmp_path / "khong-co.html"])
    assert str(raised.value).startswith("Chromium không mở được khong-co.html"), raised.value
    assert not list(tmp_path.glob("khong-co.*"))
    told: list[tuple[int, int]] = []
    other = tmp_path / "b.html"
    other.write_text("<!doctype html><title>b</title><p>Thông báo khác</p>", encoding="utf-8")
    pdfs = print_pdfs([good, other], progress=lambda done, total: told.append((done, total)))
    assert [pdf.read_bytes()[:5] for pdf in pdfs] == [b"%PDF-", b"%PDF-"]
    assert told == [(1, 2), (2, 2)]  # what `congkhai print --pdf` draws its bar from


def test_a_browser_that_stops_is_one_line_with_its_last_words(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.outputs.printpack.pdf import PdfError, print_pdfs

    program = tmp_path / "chromium"
    program.write_text("#!/bin/sh\necho 'Không có màn hình' >&2\n"
                       "echo '[1:2:ERROR:dbus/bus.cc] Failed to connect to the bus' >&2\nexit 3\n",
                       encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("CONGKHAI_CHROMIUM", str(program))
    page = tmp_path / "a.html"
    page.write_text("<!doctype html><title>a</title>", encoding="utf-8")
    with pytest.raises(PdfError) as raised:
        print_pdfs([page])
    assert str(raised.value) == "Chromium đã dừng: Không có màn hình"


def test_a_crashed_tab_fails_at_once_not_after_the_timeout(tmp_path: Path) -> None:
    import tempfile
    import time

    from generator.outputs.printpack.pdf import PdfError, _DevToolsPipe, find_chromium

    if not browser_available():
        pytest.skip("Chromium is not installed")
    doing = "in xong a.html"
    with tempfile.TemporaryFile() as log, _DevToolsPipe(find_chromium(), str(tmp_path / "p"), log) as pipe:
        deadline = time.monotonic() + 60
        session = pipe.open_tab(deadline)
        started = time.monotonic()
        with pytest.raises(PdfError) as raised:
            pipe.call("Page.navigate", {"url": "chrome://crash"}, session, deadline=deadline, doing=doing)
            pipe.wait_for("Page.loadEventFired", session, deadline=deadline, doing=doing)
    assert str(raised.value).startswith("Chromium không in xong a.html: "), raised.value
    assert time.monotonic() - started < 30


def test_the_internal_pack_copies_the_pdfs_of_the_public_notices(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A public notice is the same page in both packs: printed once, its PDF copied."""
    import generator.outputs.printpack as printpack

    asked: list[Path] = []

    def print_pdfs(pages: list[Path], days: list[date], progress: Any = None) -> list[Path]:
        asked.extend(pages)
        for page, day in zip(pages, days, strict=True):
            page.with_suffix(".pdf").write_bytes(b"%PDF-" + day.isoformat().encode() + page.read_bytes())
        return [page.with_suffix(".pdf") for page in pages]

    monkeypatch.setattr(printpack, "print_pdfs", print_pdfs)
    board = check_content(REPO / "content").board
    printed: printpack.Printed = {}
    public, internal = (write_print_pack(board, tmp_path / audience.value, audience, TODAY, pdf=True,
                                         printed=printed) for audience in Audience)
    assert len(public.pdfs) == len(public.pages) and len(internal.pdfs) == len(internal.pages)
    twin_of = {page: public.out_dir / page.relative_to(internal.out_dir) for page in internal.pages}
    twins = [page for page, twin in twin_of.items()
             if twin.is_file() and twin.read_bytes() == page.read_bytes()]
    assert len(twins) >= 20
    assert sorted(asked) == sorted([*public.pages, *(page for page in internal.pages if page not in twins)])
    for pdf in internal.pdfs:
        assert pdf.read_bytes() == b"%PDF-" + pdf.read_bytes()[5:15] + pdf.with_suffix(".html").read_bytes()
    copied = twins[0].relative_to(internal.out_dir).with_suffix(".pdf").as_posix()
    assert f'href="{copied}"' in internal.index.read_text(encoding="utf-8")  # the index links the copy


# --- Issuer and authority line (NĐ 30/2020 Phụ lục I) ------------------------------------


def demo_notice_html(session_id: str) -> str:
    from generator.outputs.printpack.html import render_notice
    from generator.outputs.printpack.notices import collect_notices

    board = check_content(REPO / "content").board
    assert board is not None and board.office is not None
    notices = collect_notices(board, Audience.PUBLIC, date(2026, 11, 30))
    notice = next(item for item in notices if item.path == f"ket-qua-tiep-cong-dan/{session_id}.html")
    return render_notice(notice, board.office)


def block(html: str, css_class: str) -> str:
    match = re.search(rf'<div class="{css_class}">(.*?)\n  </div>', html, re.S)
    assert match, css_class
    return normalised(re.sub(r"<[^>]+>", " ", match.group(1)))


def test_a_notice_of_the_provincial_committee_is_headed_and_signed_by_it() -> None:
    html = demo_notice_html("2025-11-chu-tich")  # 562/TB-UBND, signed by the Chủ tịch
    assert "Số: 562/TB-UBND" in html
    assert block(html, "agency") == "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"  # not "UBND TỈNH LẠNG SƠN / VĂN PHÒNG"
    assert block(html, "signer") == "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH UBND TỈNH Hoàng Quốc Bình"


def test_a_deputy_signs_for_the_chairman_and_the_office_heads_its_own_notices() -> None:
    deputy = demo_notice_html("2026-01-chu-tich")
    assert block(deputy, "signer").startswith("KT. CHỦ TỊCH PHÓ CHỦ TỊCH UBND TỈNH ")
    board = check_content(REPO / "content").board
    own = next(session for session in board.of("reception_session")
               if session.result_notice and "/TB-VP" in session.result_notice.number)
    html = demo_notice_html(own.id)
    assert block(html, "agency") == "UBND TỈNH LẠNG SƠN VĂN PHÒNG"
    assert "TM." not in block(html, "signer") and "KT." not in block(html, "signer")


def test_acting_head_signs_under_q_and_an_authority_needs_whom_it_is_for(tmp_path: Path) -> None:
    from generator.outputs.printpack.nd30 import authority_line

    assert authority_line("q", "Chánh Văn phòng") == "Q. CHÁNH VĂN PHÒNG"
    assert authority_line(None, None) == ""
    session = (REPO / "content" / "reception_sessions" / "2025-11-chu-tich.yaml").read_text(encoding="utf-8")
    broken = session.replace("  on_behalf_of: Ủy ban nhân dân\n", "")
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / "reception_sessions" / "2025-11-chu-tich.yaml").write_text(broken, encoding="utf-8")
    result = check_content(content)
    found = [item for item in result.diagnostics if item.code == "E-AUTHORITY-FOR"]
    assert len(found) == 1 and found[0].position.line == broken.splitlines().index("  authority: tm") + 1


def test_the_signature_goes_over_with_the_last_paragraph() -> None:
    css = (REPO / "theme" / "print" / "print.css").read_text(encoding="utf-8")
    assert ".signature { break-before: avoid; }" in css and ".body { break-after: avoid; }" in css
