"""The procedure schema holds real procedures without loss, and the page says only what they say.

Cases (trường hợp), processing times as written, fees in words and other currencies, several
levels, agencies as lists, unnamed steps, forms named without a file, a decision without a date;
and a record written before these fields existed still checks and renders as before.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support.render_board import FILES, FORM, TODAY, UNIT, checked_board, section, to_html, write_board

from generator.check import check_content
from generator.models import Audience
from generator.present.urls import national_portal_url
from generator.render import RenderedSite, render_site

REAL_SHAPED = {
    "title": "Cấp giấy phép hoạt động cho tàu biển nước ngoài",
    "code": "1.004227",
    "announcing_decision": {"number": "1319/QĐ-BGTVT"},
    "procedure_type": "TTHC được luật giao quy định chi tiết",
    "level": ["bo", "tinh", "xa"],
    "field": "Hàng hải",
    "steps": [
        {"description": "Tổ chức nộp hồ sơ cho Cảng vụ hàng hải."},
        {"title": "Thẩm định",
         "description": "Cảng vụ kiểm tra hồ sơ.\nTrường hợp thiếu: hướng dẫn bổ sung."},
    ],
    "methods": [
        {"kind": "truc_tiep", "case": "Trường hợp 1: cấp lần đầu",
         "processing_time": {"text": "15 ngày làm việc; trường hợp phải xác minh: 30 ngày"},
         "charges": [{"kind": "le_phi", "amount": 10, "currency": "USD", "per": "giấy phép"}]},
        {"kind": "truc_tiep", "case": "Trường hợp 2: cấp lại",
         "processing_time": {"text": "Chậm nhất là ngay trước khi tàu rời cảng"},
         "charges": [{"kind": "phi", "text": "0,1% giá trị hợp đồng, tối đa 5.000.000 đồng"},
                     {"text": "Theo quy định của Bộ Tài chính", "legal_reference": "85/2019/TT-BTC"}]},
        {"kind": "truc_tuyen", "case": "Trường hợp 1: cấp lần đầu",
         "processing_time": {"amount": 3, "unit": "thang"}, "charges": [{"amount": 50000}]},
    ],
    "dossier": [
        {"name": "Đơn đề nghị cấp giấy phép", "case": "Trường hợp 1: cấp lần đầu",
         "form_name": "Mẫu số 01.docx", "originals": 1, "copies": 0},
        {"name": "Bản sao giấy chứng nhận đăng ký tàu", "case": "Trường hợp 1: cấp lần đầu"},
        {"name": "Giấy phép cũ", "case": "Trường hợp 2: cấp lại", "form_name": "Mẫu số 02",
         "form_url": "https://dichvucong.gov.vn/mau-02.docx", "originals": 1},
    ],
    "applicants": ["Tổ chức nước ngoài"],
    "agencies": {"performing": ["Cảng vụ hàng hải", "Ủy ban nhân dân cấp xã"], "deciding": "Cục Hàng hải"},
    "result": "Giấy phép",
    "conditions": ["Tàu phải có đủ giấy tờ:\n- Giấy chứng nhận đăng ký\n- Giấy chứng nhận an toàn"],
    "reception_address": "Cảng vụ hàng hải Quảng Ninh, số 1 Cái Lân",
    "provenance": {"source": "Cơ sở dữ liệu quốc gia về thủ tục hành chính",
                   "file": "dvc/1.004227.json", "imported_on": date(2026, 3, 1)},
}
LEGACY = {  # written before lists and cases: one level, agencies as text, no counts or unit
    "title": "Cấp bản sao từ sổ gốc",
    "code": "2.000908",
    "announcing_decision": {"number": "1234/QĐ-UBND", "date": date(2025, 6, 10)},
    "field": "Chứng thực",
    "level": "tinh",
    "unit": "ksthc",
    "steps": [{"title": "Nộp hồ sơ"}],
    "methods": [{"kind": "truc_tiep", "processing_time": {"amount": 5}, "fee_note": "Không thu phí"}],
    "dossier": [{"name": "Đơn đề nghị", "form": "don-de-nghi", "originals": 1}],
    "applicants": ["Công dân"],
    "agencies": {"deciding": "UBND tỉnh", "performing": "Sở Tư pháp"},
    "result": "Bản sao",
}
RECORDS: dict[str, dict[str, Any]] = {
    "units/ksthc": UNIT, "forms/don-de-nghi": FORM,
    "procedures/tau-bien": REAL_SHAPED, "procedures/ban-sao": LEGACY,
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[Audience, RenderedSite]:
    board = checked_board(write_board(tmp_path_factory.mktemp("schema") / "content", RECORDS))
    return {audience: render_site(board, audience, TODAY) for audience in Audience}


def page(sites: dict[Audience, RenderedSite], record_id: str, audience: Audience = Audience.PUBLIC) -> str:
    return sites[audience].pages[f"thu-tuc/{record_id}/index.md"]


def test_times_are_shown_as_written_never_as_zero_days(sites: dict[Audience, RenderedSite]) -> None:
    methods = section(page(sites, "tau-bien"), "## Cách thức thực hiện")
    assert "| Trực tiếp | 15 ngày làm việc; trường hợp phải xác minh: 30 ngày |" in methods
    assert "| Trực tiếp | Chậm nhất là ngay trước khi tàu rời cảng |" in methods
    assert "| Trực tuyến | 3 tháng |" in methods
    assert "| 0 ngày" not in methods


def test_fees_in_words_other_currencies_and_by_regulation(sites: dict[Audience, RenderedSite]) -> None:
    methods = section(page(sites, "tau-bien"), "## Cách thức thực hiện")
    assert "Lệ phí: 10\u00a0USD/giấy\u00a0phép" in methods or "Lệ phí: 10 USD/giấy phép" in methods
    assert "Phí: 0,1% giá trị hợp đồng, tối đa 5.000.000 đồng" in methods
    assert "Theo quy định của Bộ Tài chính (theo 85/2019/TT-BTC)" in methods
    assert "| 50.000 đồng |" in methods.replace("\u00a0", " ")


def test_methods_and_dossier_are_grouped_by_case(sites: dict[Audience, RenderedSite]) -> None:
    text = page(sites, "tau-bien")
    methods = section(text, "## Cách thức thực hiện")
    first, second = methods.index("**Trường hợp 1: cấp lần đầu**"), methods.index("**Trường hợp 2: cấp lại**")
    assert first < methods.index("3 tháng") < second  # the online row joins its case's table
    dossier = section(text, "## Thành phần hồ sơ")
    case_one = dossier[dossier.index("**Trường hợp 1"):dossier.index("**Trường hợp 2")]
    assert "Bản sao giấy chứng nhận đăng ký tàu" in case_one and "Giấy phép cũ" not in case_one
    assert "| Đơn đề nghị cấp giấy phép | Mẫu số 01.docx | 1 | 0 |" in dossier
    assert "| Bản sao giấy chứng nhận đăng ký tàu |  |  |  |" in dossier  # no count given: none shown
    assert "[Mẫu số 02](https://dichvucong.gov.vn/mau-02.docx)" in dossier


def test_unknown_is_not_shown_as_a_default(sites: dict[Audience, RenderedSite]) -> None:
    text = page(sites, "tau-bien")
    assert "Cơ chế một cửa" not in text
    assert "Số lượng bộ hồ sơ" not in text
    assert "| Quyết định công bố | 1319/QĐ-BGTVT |" in text  # no date in the source: none invented
    assert "| Cấp thực hiện | Cấp Bộ, Cấp tỉnh, Cấp xã |" in text
    assert "| Loại thủ tục | TTHC được luật giao quy định chi tiết |" in text
    assert "| Địa chỉ tiếp nhận hồ sơ | Cảng vụ hàng hải Quảng Ninh, số 1 Cái Lân |" in text
    assert "## Bộ phận giải quyết" not in text  # performed outside the office: no unit


def test_steps_agencies_and_nested_conditions(sites: dict[Audience, RenderedSite]) -> None:
    text = page(sites, "tau-bien")
    assert "1. Tổ chức nộp hồ sơ cho Cảng vụ hàng hải.\n" in text  # no invented "Bước 1"
    assert "2. **Thẩm định**<br> Cảng vụ kiểm tra hồ sơ.<br> Trường hợp thiếu: hướng dẫn bổ sung." in text
    assert "**Cơ quan trực tiếp thực hiện:** Cảng vụ hàng hải; Ủy ban nhân dân cấp xã" in text
    assert "**Cơ quan có thẩm quyền quyết định:** Cục Hàng hải" in text
    conditions = to_html(section(text, "## Yêu cầu, điều kiện"))
    assert "<li>Tàu phải có đủ giấy tờ:<ul>\n<li>Giấy chứng nhận đăng ký</li>" in conditions


def test_portal_link_and_provenance_on_the_internal_site_only(sites: dict[Audience, RenderedSite]) -> None:
    link = f"[Xem thủ tục 1.004227 trên Cổng Dịch vụ công quốc gia]({national_portal_url('1.004227')})"
    assert link in page(sites, "tau-bien")
    assert "ma_thu_tuc=1.004227" in national_portal_url("1.004227")
    internal = page(sites, "tau-bien", Audience.INTERNAL)
    assert ("Nhập từ Cơ sở dữ liệu quốc gia về thủ tục hành chính, tệp dvc/1.004227.json, "
            "ngày 01/03/2026") in internal
    public_text = "\n".join(sites[Audience.PUBLIC].pages.values())
    assert "dvc/1.004227.json" not in public_text and "Nguồn dữ liệu" not in public_text


def test_a_record_written_before_the_change_still_renders(sites: dict[Audience, RenderedSite]) -> None:
    text = page(sites, "ban-sao")
    assert "| Cấp thực hiện | Cấp tỉnh |" in text
    assert "| Trực tiếp | 5 ngày làm việc | Không thu phí |" in text
    assert "**Cơ quan trực tiếp thực hiện:** Sở Tư pháp" in text
    assert "[Phòng Kiểm soát thủ tục hành chính](../../bo-phan/ksthc/index.md)" in text


@pytest.mark.parametrize(("change", "code", "at"), [
    ({"processing_time": {"unit": "ngay"}}, "E-TIME-EMPTY", "    unit: ngay"),
    ({"charges": [{"kind": "phi"}]}, "E-CHARGE-EMPTY", "  - kind: phi"),
    ({"charges": [{"amount": 10, "currency": "usd"}]}, None, "    currency: usd"),
])
def test_an_empty_time_or_fee_is_an_error_at_its_line(tmp_path: Path, change: dict[str, Any],
                                                     code: str | None, at: str) -> None:
    broken = {**LEGACY, "methods": [{"kind": "truc_tiep", **change}]}
    root = write_board(tmp_path / "content", {"units/ksthc": UNIT, "forms/don-de-nghi": FORM,
                                              "procedures/ban-sao": broken})
    [problem] = check_content(root).diagnostics
    assert code is None or problem.code == code
    lines = (root / "procedures/ban-sao.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[problem.position.line - 1].endswith(at.strip())


assert FILES  # the form file the fixtures refer to


def test_a_form_link_is_a_checked_web_address_printed_safely_in_the_link(tmp_path: Path) -> None:
    item = {"name": "Tờ khai", "form_name": "Mẫu (bản 2)", "form_url": "https://example.vn/mau_(2).docx"}
    with_item = {**RECORDS, "procedures/ban-sao": {**LEGACY, "dossier": [item]}}
    root = write_board(tmp_path / "ok" / "content", with_item)
    text = render_site(checked_board(root), Audience.PUBLIC, TODAY).pages["thu-tuc/ban-sao/index.md"]
    assert "](https://example.vn/mau_%282%29.docx)" in text  # the ')' would end the Markdown link
    assert '<a href="https://example.vn/mau_%282%29.docx">Mẫu (bản 2)</a>' in to_html(text)
    bad = {**item, "form_url": "javascript:alert(1)"}
    with_bad = {**RECORDS, "procedures/ban-sao": {**LEGACY, "dossier": [bad]}}
    root = write_board(tmp_path / "bad" / "content", with_bad)
    [problem] = check_content(root).diagnostics
    assert "https://" in problem.message


def test_the_summary_gives_the_office_hours_where_its_own_unit_receives() -> None:
    board = check_content(Path(__file__).parent.parent / "content").board
    site = render_site(board, Audience.PUBLIC, date(2026, 11, 23))
    handled = site.pages["thu-tuc/cap-giay-phep-lao-dong/index.md"]
    summary = handled[handled.index('<div class="ck-summary"'):handled.index("</div>")]
    assert f"- **Giờ tiếp nhận hồ sơ:** {board.office.opening_hours}" in summary
