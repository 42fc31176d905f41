"""Validate stage: schema errors in Vietnamese, with a stable code, at the offending value."""

from __future__ import annotations

from pathlib import Path

from support.boards import SAMPLE_RECORDS, write_files

from generator.check.load import load_text
from generator.check.validate import validate_document

PROCEDURE = "procedures/dang-ky-khai-sinh.yaml"
PROCEDURE_PATH = f"content/{PROCEDURE}"


def line_of(text: str, fragment: str) -> int:
    """1-based number of the only line containing `fragment`."""
    [number] = [index for index, line in enumerate(text.splitlines(), 1) if fragment in line]
    return number


def with_procedure(content_dir: Path, text: str) -> None:
    records = {path: body for path, body in SAMPLE_RECORDS.items() if not path.startswith("procedures/")}
    write_files(content_dir, {**records, PROCEDURE: text})


def test_unquoted_procedure_code(sample_board: Path, check_cli) -> None:
    text = SAMPLE_RECORDS[PROCEDURE].replace('code: "1.001193"', "code: 1.001930")
    with_procedure(sample_board, text)
    run = check_cli(sample_board)
    assert run.returncode == 1
    [problem] = run.reported
    assert (problem.path, problem.line, problem.column, problem.code) == (
        PROCEDURE_PATH, line_of(text, "code: 1.001930"), 7, "E-NUMBER-NOT-TEXT")
    assert '"1.001930"' in problem.message
    assert "1.00193 " in problem.message  # the float YAML made of it, zero lost


def test_document_number_read_as_number(sample_board: Path, check_cli) -> None:
    text = SAMPLE_RECORDS[PROCEDURE].replace('number: "1234/QĐ-UBND"', "number: 1234")
    with_procedure(sample_board, text)
    [problem] = check_cli(sample_board).reported
    assert (problem.line, problem.column, problem.code) == (line_of(text, "number: 1234"), 11,
                                                            "E-NUMBER-NOT-TEXT")
    assert "'number' (Số, ký hiệu)" in problem.message and '"1234"' in problem.message


def test_procedure_code_pattern(sample_board: Path, check_cli) -> None:
    text = SAMPLE_RECORDS[PROCEDURE].replace('code: "1.001193"', 'code: "1.1193"')
    with_procedure(sample_board, text)
    [problem] = check_cli(sample_board).reported
    assert (problem.line, problem.code) == (line_of(text, "code:"), "E-PATTERN")
    assert '"1.001930"' in problem.message  # the example from the model


def test_unknown_key_suggests_the_right_one(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": "room: Phòng 101\ntitel: Bộ phận Một cửa\n"})
    run = check_cli(content_dir)
    problems = {(p.line, p.column, p.code): p.message for p in run.reported}
    assert "có phải ý bạn là 'title'?" in problems[(2, 1, "E-UNKNOWN-KEY")]
    assert "'titel'" in problems[(2, 1, "E-UNKNOWN-KEY")]
    assert "'title' (Tiêu đề)" in problems[(1, 1, "E-MISSING")]


def test_unknown_nested_key(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": (
        "title: Bộ phận Một cửa\nhead:\n  name: Nguyễn Văn An\n  postion: Trưởng bộ phận\n")})
    [problem] = check_cli(content_dir).reported
    assert (problem.line, problem.column, problem.code) == (4, 3, "E-UNKNOWN-KEY")
    assert "'position'" in problem.message


def test_unknown_key_without_close_match_lists_fields(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": "title: Bộ phận\nxyz: 1\n"})
    [problem] = check_cli(content_dir).reported
    assert problem.code == "E-UNKNOWN-KEY" and "duties" in problem.message and "room" in problem.message


def test_missing_required_field(sample_board: Path, check_cli) -> None:
    text = SAMPLE_RECORDS[PROCEDURE].replace("field: Hộ tịch\n", "")
    with_procedure(sample_board, text)
    [problem] = check_cli(sample_board).reported
    assert (problem.path, problem.line, problem.column, problem.code) == (PROCEDURE_PATH, 1, 1, "E-MISSING")
    assert "'field' (Lĩnh vực)" in problem.message


def test_missing_nested_field_points_at_its_parent_key(sample_board: Path, check_cli) -> None:
    text = SAMPLE_RECORDS[PROCEDURE].replace('  number: "1234/QĐ-UBND"\n', "")
    with_procedure(sample_board, text)
    [problem] = check_cli(sample_board).reported
    decision_line = line_of(text, "announcing_decision:")
    assert (problem.line, problem.column, problem.code) == (decision_line, 1, "E-MISSING")
    assert "'number'" in problem.message


def test_wrong_enum_value(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": "title: Bộ phận\naudience: cong_khai\n"})
    [problem] = check_cli(content_dir).reported
    assert (problem.line, problem.column, problem.code) == (2, 11, "E-CHOICE")
    assert "'cong_khai'" in problem.message
    assert "chọn một trong: public hoặc internal" in problem.message


def test_invalid_date(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": "title: Bộ phận\nposted_on: 2025-02-30\n"})
    run = check_cli(content_dir)
    assert run.returncode == 1
    assert [(p.line, p.column, p.code) for p in run.reported] == [(2, 12, "E-DATE")]
    assert "2025-02-30" in run.reported[0].message


def test_date_not_in_iso_form(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": "title: Bộ phận\nposted_on: 15/03/2026\n"})
    [problem] = check_cli(content_dir).reported
    assert (problem.line, problem.column, problem.code) == (2, 12, "E-DATE")
    assert "15/03/2026" in problem.message


def test_amount_with_thousand_dots(sample_board: Path, check_cli) -> None:
    write_files(sample_board, {"fees/le-phi-ho-tich.yaml": "title: Lệ phí\nkind: le_phi\namount: 8.000\n"})
    [problem] = check_cli(sample_board).reported
    assert (problem.path, problem.line, problem.code) == ("content/fees/le-phi-ho-tich.yaml", 3, "E-NUMBER")
    assert "8.000" in problem.message


def test_value_in_list_item(content_dir: Path, check_cli) -> None:
    text = "title: Bộ phận\nduties:\n  - Tiếp nhận\n  - 2026-01-01\n"
    write_files(content_dir, {"units/mot-cua.yaml": text})
    [problem] = check_cli(content_dir).reported
    assert (problem.line, problem.column, problem.code) == (4, 5, "E-TYPE")


def test_bad_file_name_as_id(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/Một Cửa.yaml": "title: Bộ phận\n"})
    [problem] = check_cli(content_dir).reported
    assert (problem.path, problem.code) == ("content/units/Một Cửa.yaml", "E-FILE-NAME")


def test_cross_field_rule_reported_at_its_field(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"plans/kh.yaml": (
        "title: Kế hoạch\n"
        "tasks:\n"
        "  - number: '1'\n"
        "    title: Niêm yết nội quy\n"
        "    owner: Văn phòng\n"
        "    status: hoan_thanh\n")})
    [problem] = check_cli(content_dir).reported
    # completed_on is absent: the problem stands at the task, not at the top of the file.
    assert (problem.line, problem.column, problem.code) == (3, 5, "E-TASK-DONE-DATE")


def test_recursive_model_field_is_labelled_from_its_own_level() -> None:
    text = "title: Kế hoạch\ntasks: []\nparts:\n  - heading: A\n    parts: khong\n"
    document, _ = load_text("k.yaml", text.encode(), "plan", "k")
    assert document is not None
    _, problems = validate_document(document)
    by_code = {p.code: p for p in problems}
    assert (by_code["E-LIST"].position.line, by_code["E-LIST"].position.column) == (5, 12)
    assert "(Tiểu mục)" in by_code["E-LIST"].message  # PlanPart.parts, not Plan.parts
    assert by_code["E-LIST-EMPTY"].position.line == 2


def test_loader_problem_is_not_reported_twice(content_dir: Path, check_cli) -> None:
    write_files(content_dir, {"units/mot-cua.yaml": "title: Bộ phận\nposted_on: 2025-02-30\nroom: &r x\n"
                                                    "description: *r\n"})
    codes = check_cli(content_dir).codes()
    assert codes == ["E-DATE", "E-ALIAS"]


# --- YAML mistakes a clerk makes, told at the line to fix (issue #16) -------------------------

SAMPLE_PROCEDURE = SAMPLE_RECORDS["procedures/dang-ky-khai-sinh.yaml"]
MISSING_COLON = ("E-YAML-SYNTAX dòng này thiếu dấu ':' sau tên trường: viết 'tên_trường: giá trị' "
                 "(có dấu cách sau dấu ':')")


def first_problem(text: str) -> str:
    _, problems = load_text("content/procedures/x.yaml", text.encode(), "procedure", "x")
    return str(problems[0])


def write_procedure(board: Path, text: str) -> None:
    (board / "procedures" / "dang-ky-khai-sinh.yaml").write_text(text, encoding="utf-8")


def test_a_missing_closing_quote_is_told_where_the_quote_opens() -> None:
    # libyaml's own error stands on the next line ('code: "…' closes the quote, then fails).
    closed_later = SAMPLE_PROCEDURE.replace("title: Đăng ký khai sinh", 'title: "Đăng ký khai sinh')
    assert first_problem(closed_later) == (
        "content/procedures/x.yaml:1:8: E-YAML-SYNTAX giá trị mở dấu ngoặc \" ở đây nhưng chưa đóng trên "
        "dòng này: thêm dấu \" ở cuối giá trị")
    never_closed = SAMPLE_PROCEDURE.replace("field: Hộ tịch", "field: 'Hộ tịch")  # error at the end
    assert first_problem(never_closed).startswith(
        "content/procedures/x.yaml:6:8: E-YAML-SYNTAX giá trị mở dấu ngoặc ' ở đây nhưng chưa đóng")


def test_a_line_indented_one_space_too_far_is_told_at_that_line() -> None:
    after_a_value = "title: Đăng ký khai sinh\n unit: mot-cua\n"
    assert first_problem(after_a_value).startswith(
        "content/procedures/x.yaml:2:1: E-YAML-SYNTAX dòng này thụt lề thừa 1 dấu cách so với dòng 1")
    after_a_group = SAMPLE_PROCEDURE.replace("field: Hộ tịch", " field: Hộ tịch")
    message = first_problem(after_a_group)
    assert message.startswith("content/procedures/x.yaml:6:2: E-YAML-SYNTAX thụt lề không thẳng hàng")
    assert "ngoặc kép" not in message  # not the advice to quote a value


def test_a_key_without_colon_is_told_at_its_own_line() -> None:
    runs_into_the_next_key = SAMPLE_PROCEDURE.replace("field: Hộ tịch", "field Hộ tịch")
    assert first_problem(runs_into_the_next_key) == f"content/procedures/x.yaml:6:1: {MISSING_COLON}"
    alone = SAMPLE_PROCEDURE.replace("unit: mot-cua", "unit mot-cua")
    assert first_problem(alone) == f"content/procedures/x.yaml:8:1: {MISSING_COLON}"


def test_a_key_that_left_its_group_is_told_to_indent(sample_board: Path, check_cli) -> None:
    write_procedure(sample_board, SAMPLE_PROCEDURE.replace(
        "    processing_time:\n      amount: 1\n    fees:",
        "    processing_time:\n    amount: 1\n      note: x\n    fees:"))
    [reported] = check_cli(sample_board).reported
    assert (reported.line, reported.code) == (15, "E-YAML-SYNTAX")
    assert "để 'amount:' nằm trong 'processing_time:' (dòng 14)" in reported.message


def test_a_key_dedented_out_of_its_parent_is_told_where_it_belongs(sample_board: Path, check_cli) -> None:
    write_procedure(sample_board, SAMPLE_PROCEDURE.replace(
        "      amount: 1\n    fees:", "      amount: 1\n    unit: ngay\n    fees:"))
    [reported] = [item for item in check_cli(sample_board).reported if item.code == "E-UNKNOWN-KEY"]
    assert reported.line == 16
    assert "thuộc 'processing_time': thụt lề dòng này vào dưới 'processing_time:'" in reported.message


def test_an_empty_list_item_is_named_by_its_place(sample_board: Path, check_cli) -> None:
    write_procedure(sample_board, SAMPLE_PROCEDURE.replace(
        "applicants: [Công dân Việt Nam]", "applicants:\n  -\n  - Công dân Việt Nam"))
    [reported] = check_cli(sample_board).reported
    assert reported.code == "E-EMPTY-VALUE"
    assert "mục thứ 1 của 'applicants' (Đối tượng thực hiện)" in reported.message


def test_a_field_error_does_not_hide_a_reference_error(sample_board: Path, check_cli) -> None:
    write_procedure(sample_board, SAMPLE_PROCEDURE.replace("level: xa", "level: xaa")
                    .replace("unit: mot-cua", "unit: mot-cuaa").replace("[le-phi-ho-tich]", "[le-phi-khac]"))
    reported = {(item.line, item.code) for item in check_cli(sample_board).reported}
    assert reported == {(7, "E-CHOICE"), (8, "E-REF-MISSING"), (16, "E-REF-MISSING")}
