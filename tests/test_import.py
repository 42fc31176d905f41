"""`congkhai import dvc`: procedures in the national database's export layout become records
that check clean, and the built pages state exactly what the source says.

Fixtures (tests/fixtures/dvc/) are written in the export layout: several cases, times that are
not a whole number, percentage and USD fees, several levels, dossier groups, decisions without
a date, stray HTML and non-breaking spaces, field names with and without accents.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from support.boards import BOARD_YAML, REPO, write_files
from support.cli import run_cli

from generator.check import check_content
from generator.importer import import_dvc
from generator.importer.dvc import SourceError, map_procedure
from generator.importer.text import clean_text, key_of
from generator.present.urls import national_portal_url
from generator.site.build import build

# Module fixtures build boards and sites: the module runs on one test worker, which builds them once.
pytestmark = pytest.mark.xdist_group("test_import")

FIXTURES = REPO / "tests" / "fixtures" / "dvc"
TODAY = date(2026, 3, 10)
UNIT = "title: Bộ phận Một cửa\nduties:\n  - Tiếp nhận hồ sơ\n"


def new_board(root: Path) -> Path:
    content = root / "content"
    write_files(content, {"board.yaml": BOARD_YAML, "units/mot-cua.yaml": UNIT})
    return content


def imported_board(root: Path) -> Path:
    content = new_board(root)
    report = import_dvc([FIXTURES], content, None, date(2026, 3, 1))
    assert report.ok and report.count("new") == 3, report.outcomes
    return content


def page_text(site: Path, code: str) -> str:
    """The procedure page's main content as plain text (tags out, entities decoded)."""
    raw = (site / "public" / "thu-tuc" / code / "index.html").read_text(encoding="utf-8")
    main = raw[raw.index('<article'):raw.index('</article>')]
    main = re.sub(r"<br\s*/?>", "\n", main)
    return html.unescape(re.sub(r"<[^>]+>", "", main)).replace("\u00a0", " ")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("import")
    content = imported_board(root)
    result = check_content(content)
    assert result.ok, "\n".join(map(str, result.diagnostics))
    build(content, root / "site", TODAY)
    return root / "site"


def test_times_are_on_the_page_as_written(built: Path) -> None:
    text = page_text(built, "1.004227")
    assert "15 Ngày làm việc; trường hợp phải xác minh: 30 ngày" in text
    assert "Chậm nhất là ngay trước khi tàu rời cảng" in text
    assert "3 tháng" in text
    other = page_text(built, "2.000908")
    assert "0.5 Giờ" in other and "Không quy định" in other
    assert "10-25" in page_text(built, "1.001193")
    assert not re.search(r"(?<!\d)0 ngày", text + other)


def test_fees_are_on_the_page_as_written(built: Path) -> None:
    text = page_text(built, "1.004227")
    assert "Lệ phí: 10 USD/giấy phép" in text
    assert "Phí: 0,1% giá trị hợp đồng, tối đa 5.000.000 đồng" in text
    assert "Lệ phí: 50.000 đồng" in text
    other = page_text(built, "2.000908")
    assert "Phí: Theo quy định của Bộ Tài chính" in other


def test_each_dossier_item_is_under_its_case(built: Path) -> None:
    text = page_text(built, "1.004227")
    dossier = text[text.index("Thành phần hồ sơ"):text.index("Đối tượng thực hiện")]
    first, second = dossier.index("Trường hợp 1: cấp lần đầu"), dossier.index("Trường hợp 2: cấp lại")
    assert first < dossier.index("Đơn đề nghị cấp giấy phép") < second
    assert first < dossier.index("Bản sao giấy chứng nhận") < second
    assert second < dossier.index("Giấy phép cũ")
    assert "Mau 01.docx" in dossier
    methods = text[text.index("Cách thức thực hiện"):text.index("Thành phần hồ sơ")]
    case_one, case_two = methods.index("Trường hợp 1: cấp lần đầu"), methods.index("Trường hợp 2")
    assert case_one < methods.index("3 tháng") < case_two  # the online row joins its case


def test_each_legal_basis_with_its_date_and_the_decision_without_one(built: Path) -> None:
    text = page_text(built, "1.004227")
    assert re.search(r"95/2015/QH13\s+Bộ luật Hàng hải Việt Nam\s+25/11/2015\s+Quốc hội", text)
    assert re.search(r"58/2017/NĐ-CP\s+.*\s+10/05/2017\s+Chính phủ", text)
    assert re.search(r"Quyết định công bố\s+1319/QĐ-BGTVT\s", text)  # no date invented
    assert "1234/QĐ-UBND ngày 10/06/2025" in page_text(built, "2.000908")


def test_levels_agencies_address_and_no_defaults(built: Path) -> None:
    text = page_text(built, "1.004227")
    assert "Cấp Bộ, Cấp tỉnh, Cấp xã" in text
    assert "Cơ quan trực tiếp thực hiện: Cảng vụ hàng hải; Ủy ban nhân dân cấp xã" in text
    assert "Cảng vụ hàng hải Quảng Ninh, số 1 đường Cái Lân" in text
    assert "Cơ chế một cửa" not in text and "Số lượng bộ hồ sơ" not in text
    assert "&nbsp;" not in text and "<p>" not in text
    assert "Cấp giấy phép hoạt động cho tàu biển nước ngoài vào cảng biển" in text


def test_portal_link_and_provenance_on_the_internal_site(built: Path) -> None:
    public = (built / "public/thu-tuc/1.004227/index.html").read_text(encoding="utf-8")
    assert f'href="{national_portal_url("1.004227")}"' in public
    assert "tests/fixtures/dvc" not in public
    internal = html.unescape((built / "internal/thu-tuc/1.004227/index.html").read_text(encoding="utf-8"))
    assert re.search(r"tệp \S*dvc/1\.004227\.json, ngày 01/03/2026", internal)


def test_second_import_changes_no_byte_and_keeps_hand_added_fields(tmp_path: Path) -> None:
    content = imported_board(tmp_path)
    target = content / "procedures" / "1.004227.yaml"
    text = target.read_text(encoding="utf-8")
    text = text.replace("field: Hàng hải\n", "field: Hàng hải\nunit: mot-cua\ntags:\n  - hàng hải\n")
    text = text.replace("  number: 1319/QĐ-BGTVT\n", "  number: 1319/QĐ-BGTVT\n  date: 2024-05-20\n")
    text = text.replace("    form_name: Mau 01.docx\n",
                        "    form_name: Mau 01.docx\n    note: Ghi bằng tay\n")
    target.write_text(text, encoding="utf-8")
    before = {path.name: path.read_bytes() for path in (content / "procedures").iterdir()}
    report = import_dvc([FIXTURES], content, None, date(2026, 4, 1))
    assert report.count("unchanged") == 3
    assert {path.name: path.read_bytes() for path in (content / "procedures").iterdir()} == before
    record = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert record["unit"] == "mot-cua" and record["tags"] == ["hàng hải"]
    assert record["announcing_decision"] == {"number": "1319/QĐ-BGTVT", "date": date(2024, 5, 20)}
    assert record["dossier"][0]["note"] == "Ghi bằng tay"
    assert check_content(content).ok


def test_a_changed_source_updates_the_record_in_place(tmp_path: Path) -> None:
    content = imported_board(tmp_path)
    source = tmp_path / "dvc" / "1.001193.json"
    source.parent.mkdir()
    document = json.loads((FIXTURES / "1.001193.json").read_text(encoding="utf-8"))
    document["content"]["KetQuaThucHien"] = "Giấy khai sinh (bản chính)"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    report = import_dvc([source], content, "mot-cua", date(2026, 4, 1))
    assert [outcome.status for outcome in report.outcomes] == ["updated"]
    record = yaml.safe_load((content / "procedures" / "1.001193.yaml").read_text(encoding="utf-8"))
    assert record["result"] == "Giấy khai sinh (bản chính)" and record["unit"] == "mot-cua"
    assert record["provenance"]["imported_on"] == date(2026, 4, 1)


BAD_SOURCES = {
    "not-json.json": ("{\"metadata\": {\"ma_thu_tuc\": \"1.000001\",}", "E-IMPORT-JSON", "$ (dòng 1"),
    "no-code.json": (json.dumps({"metadata": {"ten_thu_tuc": "Thủ tục A", "linh_vuc": "X"}}),
                     "E-IMPORT-CODE", "$.metadata"),
    "bad-code.json": (json.dumps({"metadata": {"ma_thu_tuc": "1.23", "ten_thu_tuc": "Thủ tục B",
                                               "linh_vuc": "X"}}),
                      "E-IMPORT-CODE", "$.metadata.ma_thu_tuc"),
    "bad-date.json": (json.dumps({
        "metadata": {"ma_thu_tuc": "1.000004", "ten_thu_tuc": "Thủ tục C", "linh_vuc": "X"},
        "tables": {"can_cu_phap_ly": [["12/2020/NĐ-CP", "Nghị định", "31-02-2020", "Chính phủ"]]}}),
        "E-IMPORT-DATE", "$.tables.can_cu_phap_ly[0][2]"),
}


@pytest.mark.parametrize("name", sorted(BAD_SOURCES))
def test_bad_input_names_file_and_json_path_and_writes_nothing(tmp_path: Path, name: str) -> None:
    content = new_board(tmp_path)
    sources = tmp_path / "dvc"
    sources.mkdir()
    text, code, path = BAD_SOURCES[name]
    (sources / name).write_text(text, encoding="utf-8")
    shutil.copy(FIXTURES / "1.001193.json", sources / "good.json")
    done = run_cli("import", "dvc", "dvc", "--content", "content", "--today", "2026-03-01", cwd=tmp_path)
    assert done.returncode == 1
    [line] = [line for line in done.stdout.splitlines() if line.startswith(f"dvc/{name}")]
    assert line.startswith(f"dvc/{name}: {path}") and code in line
    assert sorted(path.name for path in (content / "procedures").iterdir()) == ["1.001193.yaml"]
    assert "1 nhập mới" in done.stdout and "1 tệp lỗi" in done.stdout


def test_stray_html_entities_and_nbsp_become_plain_text() -> None:
    exported = "<p>Nộp&nbsp;hồ\u00a0sơ</p><p>tại <b>Bộ phận</b>  Một cửa</p>"
    assert clean_text(exported) == "Nộp hồ sơ\ntại Bộ phận Một cửa"
    assert key_of("Mã thủ tục") == key_of("ma_thu_tuc") == key_of("MaThuTuc") == "mathutuc"


def test_unmapped_fields_are_listed_in_the_record_and_the_report(tmp_path: Path) -> None:
    content = imported_board(tmp_path)
    text = (content / "procedures" / "1.001193.yaml").read_text(encoding="utf-8")
    assert "#   - $.metadata.TruongLa\n" in text and "#   - $.ghi_chu_xuat\n" in text
    mapped = map_procedure(json.loads((FIXTURES / "1.001193.json").read_text(encoding="utf-8")))
    assert mapped.unmapped == ["$.ghi_chu_xuat", "$.metadata.TruongLa"]


def test_a_document_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(SourceError) as raised:
        map_procedure([1, 2])
    assert raised.value.path == "$" and raised.value.code == "E-IMPORT-SHAPE"


def test_texts_given_as_paragraph_lists_are_joined_and_tables_in_a_text_field_refused() -> None:
    meta = {"ma_thu_tuc": "1.000001", "ten_thu_tuc": "Thủ tục", "linh_vuc": "Hộ tịch"}
    paragraphs = ["Công dân", "<b>Tổ chức</b>"]
    mapped = map_procedure({"metadata": meta, "content": {"doi_tuong_thuc_hien": paragraphs}})
    assert mapped.record["applicants"] == ["Công dân", "Tổ chức"]
    with pytest.raises(SourceError) as raised:
        map_procedure({"metadata": meta, "content": {"ket_qua_thuc_hien": {"a": 1}}})
    assert raised.value.path == "$.content.ket_qua_thuc_hien"


def test_a_hand_written_record_with_the_same_code_is_updated_in_its_own_file(tmp_path: Path) -> None:
    content = new_board(tmp_path)
    write_files(content, {"procedures/cap-ban-sao.yaml": (
        'title: Cấp bản sao (soạn tay)\ncode: "2.000908"\nfield: Chứng thực\n'
        "unit: mot-cua\none_stop: mot_cua\n")})
    report = import_dvc([FIXTURES / "2.000908.json"], content, None, date(2026, 3, 1))
    assert [outcome.status for outcome in report.outcomes] == ["updated"]
    assert sorted(path.name for path in (content / "procedures").iterdir()) == ["cap-ban-sao.yaml"]
    record = yaml.safe_load((content / "procedures" / "cap-ban-sao.yaml").read_text(encoding="utf-8"))
    assert record["title"] == "Cấp bản sao từ sổ gốc" and record["one_stop"] == "mot_cua"
    assert check_content(content).ok


def test_an_unknown_unit_is_a_usage_error_before_anything_is_written(tmp_path: Path) -> None:
    content = new_board(tmp_path)
    done = run_cli("import", "dvc", str(FIXTURES), "--content", "content", "--unit", "mot-cuaa", cwd=tmp_path)
    assert done.returncode == 2
    assert "không có bộ phận mã 'mot-cuaa'" in done.stderr and "mã hiện có: mot-cua" in done.stderr
    assert not (content / "procedures").exists()
