"""Link stage: references, duplicate ids, audiences, files, and the budget arithmetic."""

from __future__ import annotations

import importlib.util
import types
from pathlib import Path

from support.boards import REPO, SAMPLE_RECORDS, write_files

from generator.check import check_content
from generator.check.link import Reference
from generator.models import KINDS, Budget, Procedure

PROCEDURE = "procedures/dang-ky-khai-sinh.yaml"


def line_of(text: str, fragment: str) -> int:
    [number] = [index for index, line in enumerate(text.splitlines(), 1) if fragment in line]
    return number


def test_sample_board_links(sample_board: Path) -> None:
    result = check_content(sample_board)
    assert result.ok, [str(d) for d in result.diagnostics]
    board = result.board
    assert len(board) == len([p for p in SAMPLE_RECORDS if not p.startswith("forms/files/")]) + 1
    procedure = board.get("procedure", "dang-ky-khai-sinh")
    assert procedure is not None
    assert board.referrers("unit", "mot-cua") == [procedure]
    assert board.referrers("fee", "le-phi-ho-tich", from_kind=Procedure) == [procedure]
    assert board.referrers("form", "to-khai-khai-sinh") == [procedure]
    assert board.referrers("fee", "le-phi-ho-tich", from_kind=Budget) == []
    session = board.get("reception_session", "2026-01")
    assert board.referrers("reception_schedule", "chu-tich") == [session]
    assert str(board.position(procedure, ("methods", 0, "fees", 0))).endswith(
        f"{PROCEDURE}:{line_of(SAMPLE_RECORDS[PROCEDURE], 'fees: [')}:12")


def test_referrers_follow_references_added_after_a_first_question(sample_board: Path) -> None:
    """`referrers` answers from an index of the references, made once: a reference added
    later (the list grew or was replaced) is still found."""
    board = check_content(sample_board).board
    procedure = board.get("procedure", "dang-ky-khai-sinh")
    assert procedure is not None
    assert board.referrers("unit", "mot-cua") == [procedure]
    board.references.append(Reference("procedure", "dang-ky-khai-sinh", ("unit",), "unit", "mot-cua-moi"))
    assert board.referrers("unit", "mot-cua-moi") == [procedure]
    board.references = [reference for reference in board.references if reference.target_id != "mot-cua"]
    assert board.referrers("unit", "mot-cua") == []


def test_dangling_reference_at_the_referencing_value(sample_board: Path, check_cli) -> None:
    text = SAMPLE_RECORDS[PROCEDURE].replace("unit: mot-cua", "unit: mot-cua-tinh")
    write_files(sample_board, {PROCEDURE: text})
    run = check_cli(sample_board)
    assert run.returncode == 1
    [problem] = run.reported
    assert (problem.path, problem.line, problem.column, problem.code) == (
        f"content/{PROCEDURE}", line_of(text, "unit: mot-cua-tinh"), 7, "E-REF-MISSING")
    assert "'mot-cua-tinh'" in problem.message and "mot-cua" in problem.message  # names what exists


def test_dangling_reference_inside_a_list(sample_board: Path, check_cli) -> None:
    text = SAMPLE_RECORDS[PROCEDURE].replace("fees: [le-phi-ho-tich]", "fees: [le-phi-ho-tich, le-phi-x]")
    write_files(sample_board, {PROCEDURE: text})
    [problem] = check_cli(sample_board).reported
    assert (problem.line, problem.column, problem.code) == (line_of(text, "le-phi-x"), 28, "E-REF-MISSING")


def test_reference_to_a_broken_record_is_not_reported_twice(sample_board: Path, check_cli) -> None:
    write_files(sample_board, {"units/mot-cua.yaml": "title: Bộ phận Một cửa\nroom: 101\n"})
    run = check_cli(sample_board)
    assert [(p.path, p.code) for p in run.reported] == [("content/units/mot-cua.yaml", "E-NUMBER-NOT-TEXT")]


def test_duplicate_id_across_two_files(sample_board: Path, check_cli) -> None:
    write_files(sample_board, {"units/zz-ban-sao.yaml": "# bản sao\ntitle: Bộ phận khác\nid: mot-cua\n"})
    run = check_cli(sample_board)
    assert run.returncode == 1
    [problem] = run.reported
    assert (problem.path, problem.line, problem.column, problem.code) == (
        "content/units/zz-ban-sao.yaml", 3, 5, "E-DUPLICATE-ID")
    assert "content/units/mot-cua.yaml:1:1" in problem.message  # the other location
    assert "(xem thêm content/units/mot-cua.yaml:1:1)" in problem.message


def test_duplicate_explicit_ids(content_dir: Path) -> None:
    write_files(content_dir, {
        "units/a.yaml": "title: Bộ phận A\nid: mot-cua\n",
        "units/b.yaml": "title: Bộ phận B\n\nid: mot-cua\n",
    })
    [problem] = check_content(content_dir).diagnostics
    assert problem.code == "E-DUPLICATE-ID"
    assert (problem.position.path.endswith("units/b.yaml"), problem.position.line) == (True, 3)
    assert problem.related is not None
    assert (problem.related.path.endswith("units/a.yaml"), problem.related.line) == (True, 2)


def test_same_id_in_two_kinds_is_fine(sample_board: Path) -> None:
    policy = "title: Chính sách\nissued_by: Chính phủ\nsummary: Tóm tắt\n"
    write_files(sample_board, {"policies/mot-cua.yaml": policy})
    assert check_content(sample_board).ok


def test_public_record_referencing_internal_one(sample_board: Path, check_cli) -> None:
    write_files(sample_board, {"units/mot-cua.yaml": "title: Bộ phận Một cửa\naudience: internal\n"})
    run = check_cli(sample_board)
    [problem] = run.reported
    assert (problem.path, problem.line, problem.column, problem.code) == (
        f"content/{PROCEDURE}", line_of(SAMPLE_RECORDS[PROCEDURE], "unit: mot-cua"), 7, "E-REF-INTERNAL")
    assert "content/units/mot-cua.yaml" in problem.message


def test_internal_record_may_reference_internal_one(sample_board: Path) -> None:
    write_files(sample_board, {
        "units/mot-cua.yaml": "title: Bộ phận Một cửa\naudience: internal\n",
        PROCEDURE: SAMPLE_RECORDS[PROCEDURE] + "audience: internal\n",
    })
    assert check_content(sample_board).ok


def test_budget_children_not_adding_up(sample_board: Path, check_cli) -> None:
    text = """\
title: Quyết toán ngân sách năm 2025
stage: quyet_toan
fiscal_year: 2025
assigned_on: 2026-03-01
total: 2000000
items:
  - code: I
    name: Chi thường xuyên
    amount: 1500000
    children:
      - name: Chi lương
        amount: 1000000
      - name: Chi hoạt động
        amount: 500000
  - code: II
    name: Chi không thường xuyên
    amount: 500000
    children:
      - name: Mua sắm
        amount: 300000
        children:
          - name: Máy tính
            amount: 250000
      - name: Sửa chữa
        amount: 100000
"""
    write_files(sample_board, {"budgets/quyet-toan-2025.yaml": text})
    run = check_cli(sample_board)
    found = [(p.line, p.column, p.code) for p in run.reported]
    assert found == [(17, 13, "E-BUDGET-SUM"), (20, 17, "E-BUDGET-SUM")]
    assert "500.000" in run.reported[0].message and "400.000" in run.reported[0].message
    assert "(chênh 100.000)" in run.reported[0].message


def test_budget_total_not_adding_up(sample_board: Path, check_cli) -> None:
    text = SAMPLE_RECORDS["budgets/du-toan-2026.yaml"].replace("total: 1500000", "total: 1600000")
    write_files(sample_board, {"budgets/du-toan-2026.yaml": text})
    [problem] = check_cli(sample_board).reported
    assert (problem.line, problem.code) == (line_of(text, "total:"), "E-BUDGET-TOTAL")


def test_form_file_missing(sample_board: Path, check_cli) -> None:
    (sample_board / "forms/files/to-khai-khai-sinh.docx").unlink()
    [problem] = check_cli(sample_board).reported
    assert (problem.path, problem.line, problem.column, problem.code) == (
        "content/forms/to-khai-khai-sinh.yaml", 3, 7, "E-FILE-MISSING")


def test_form_file_outside_content(sample_board: Path, check_cli) -> None:
    secret = sample_board.parent / "secret.txt"
    secret.write_text("mật khẩu\n", encoding="utf-8")
    write_files(sample_board, {
        "forms/a.yaml": "title: Mẫu A\nfile: ../secret.txt\n",
        "forms/b.yaml": f"title: Mẫu B\nfile: {secret}\n",
        "forms/c.yaml": 'title: Mẫu C\nfile: "forms/files/\\0x.docx"\n',
    })
    run = check_cli(sample_board)
    assert [(p.path, p.line, p.code) for p in run.reported] == [
        ("content/forms/a.yaml", 2, "E-FILE-OUTSIDE"),
        ("content/forms/b.yaml", 2, "E-FILE-OUTSIDE"),
        ("content/forms/c.yaml", 2, "E-FILE-MISSING"),
        ("content/forms/c.yaml", 2, "E-HIDDEN-CHAR"),  # the NUL itself
    ]


def test_board_missing(tmp_path: Path) -> None:
    write_files(tmp_path, {"units/mot-cua.yaml": "title: Bộ phận\n"})
    codes = [d.code for d in check_content(tmp_path).diagnostics]
    assert codes == ["E-BOARD-MISSING"]


def load_synthetic() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("synthetic", REPO / "bench" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_benchmark_board_is_valid_linked_and_deterministic(tmp_path: Path) -> None:
    synthetic = load_synthetic()
    counts = synthetic.generate(tmp_path / "a", 120, seed=7)
    result = check_content(tmp_path / "a")
    assert result.ok, [str(d) for d in result.diagnostics[:5]]
    assert len(result.board) == sum(counts.values()) + 1 == 121
    assert {kind for kind in KINDS if result.board.of(kind)} == set(KINDS)
    links = {(reference.kind, reference.target_kind) for reference in result.board.references}
    assert {("procedure", "unit"), ("procedure", "fee"), ("procedure", "form"),
            ("reception_session", "reception_schedule")} <= links
    synthetic.generate(tmp_path / "b", 120, seed=7)
    files = sorted(path.relative_to(tmp_path / "a") for path in (tmp_path / "a").rglob("*") if path.is_file())
    assert all((tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes() for name in files)


def test_a_large_board_read_by_two_workers_is_checked_as_in_one_process(tmp_path: Path) -> None:
    from generator.check import incremental

    content = tmp_path / "content"
    load_synthetic().generate(content, incremental.PARALLEL_MIN_FILES + 50, seed=11)
    write_files(content, {  # a file of each sort of problem: syntax, schema, link, no folder
        "units/hong.yaml": "title: [\n",
        "fees/thieu-muc-thu.yaml": "title: Phí\nkind: phi\namount: -5\n",
        "procedures/tham-chieu-sai.yaml": "title: Thủ tục\ncode: '1.000001'\nunit: khong-co\n",
        "lac-cho.yaml": "title: x\n",
    })
    parallel = check_content(content)
    assert incremental.check_in_parallel(content, parallel.board.history) is not None  # large enough
    serial = check_content(content, parallel=False)
    assert [str(item) for item in parallel.diagnostics] == [str(item) for item in serial.diagnostics]
    assert {item.code for item in serial.diagnostics} >= {"E-YAML-SYNTAX", "E-FOLDER", "E-REF-MISSING"}
    assert (parallel.files_by_kind, parallel.errors_by_kind) == (serial.files_by_kind, serial.errors_by_kind)
    for kind in serial.board.records:
        assert [record.model_dump() for record in parallel.board.of(kind)] == \
            [record.model_dump() for record in serial.board.of(kind)], kind
