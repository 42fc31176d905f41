"""The disclosure audit: each obligation met on a good board and broken on a small bad one,
with the status, days late and file:line a staff member would act on."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from support.boards import BOARD_YAML, SAMPLE_RECORDS, write_files
from support.cli import run_cli

from generator.audit import AuditReport, Finding, Status, load_registry, run_audit
from generator.audit.checks import CHECKS
from generator.audit.textscan import personal_data, personal_names
from generator.check import check_content

TODAY = date(2026, 3, 13)  # a Friday, clear of Tết 2026

OBLIGATION_IDS = [
    "QC49-16.1", "QC49-16.2", "QC49-16.3", "QC49-16.4", "QC49-16.5", "QC49-17",
    "QC49-20.1", "QC49-20.2", "QC49-20.3", "QC49-20.4", "QC49-20.5", "QC49-23", "QC49-23.3",
    "KH83-B.I.3a", "KH83-B.I.3b", "KH83-B.I.3c", "KH83-B.I.3d", "KH83-C",
    "TTHC-FIELDS", "TTHC-DECISION", "TTHC-FEEDBACK", "TCD-RULES", "TCD-POST", "TCD-FREQ", "TCD-RESULT",
    "DC-TIME", "DC-XA-POST", "DC-FORM", "NS-ESTIMATE", "NS-EXEC", "NS-SETTLE", "NS-ESTIMATE-2026",
    "NS-EXEC-2026", "NS-SETTLE-2026", "NS-TABLES", "KN-POST", "TC-POST",
    "PRIV-DENOUNCER", "PRIV-DATA", "PRIV-INTERNAL",
]

SESSION = """\
title: Buổi tiếp công dân tháng 03/2026
schedule: chu-tich
scheduled_on: 2026-03-02
status: held
"""

NOTICE = """\
result_notice:
  number: "30/TB-UBND"
  date: 2026-03-04
"""


# -- helpers ---------------------------------------------------------------------------------

def make_board(root: Path, changes: dict[str, str | None] | None = None) -> Path:
    """The sample board (one valid record of each kind) with files added, replaced or removed."""
    files: dict[str, str | None] = {"board.yaml": BOARD_YAML, **SAMPLE_RECORDS, **(changes or {})}
    write_files(root, {path: body for path, body in files.items() if body is not None})
    return root


def audit(root: Path, today: date = TODAY) -> AuditReport:
    result = check_content(root)
    return run_audit(result.board, today)


def of(report: AuditReport, obligation_id: str, status: Status | None = None) -> list[Finding]:
    return [finding for finding in report.for_obligation(obligation_id)
            if status is None or finding.status is status]


def one(report: AuditReport, obligation_id: str, status: Status, record_id: str | None = None) -> Finding:
    found = [finding for finding in of(report, obligation_id, status)
             if record_id is None or any(ref.id == record_id for ref in finding.records)]
    assert len(found) == 1, [(item.status, item.message) for item in report.for_obligation(obligation_id)]
    return found[0]


def line_of(text: str, needle: str) -> int:
    """The 1-based line of `text` on which `needle` first appears."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def assert_at(finding: Finding, relative: str, line: int) -> None:
    position = finding.positions[0]
    assert position.path.endswith(relative), position
    assert position.line == line, position


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "content"


# -- the registry ----------------------------------------------------------------------------

def test_registry_has_every_obligation_with_a_known_check() -> None:
    registry = load_registry()
    assert [obligation.id for obligation in registry] == OBLIGATION_IDS
    for obligation in registry:
        assert obligation.check in CHECKS, obligation.id
        assert obligation.audience in ("public", "internal", "all")
        assert obligation.confidence in ("H", "M", "L")
        assert obligation.requirement and (obligation.source or obligation.scope == "office")


def test_sample_board_has_no_privacy_violation(root: Path) -> None:
    report = audit(make_board(root))
    assert report.violations() == []
    assert {finding.obligation_id for finding in report.findings} == set(OBLIGATION_IDS)
    assert one(report, "QC49-20.4", Status.MET).records


# -- procedures ------------------------------------------------------------------------------

PROCEDURE = "procedures/dang-ky-khai-sinh.yaml"


def test_procedure_method_without_fee_statement_is_missing(root: Path) -> None:
    text = SAMPLE_RECORDS[PROCEDURE].replace("    fee_note: Không thu phí\n", "")
    report = audit(make_board(root, {PROCEDURE: text}))
    finding = one(report, "QC49-20.4", Status.MISSING)
    assert "truc_tuyen" in finding.message
    assert_at(finding, f"content/{PROCEDURE}", line_of(text, "- kind: truc_tuyen"))
    assert one(report, "TTHC-FIELDS", Status.MISSING).records[0].id == "dang-ky-khai-sinh"


def test_form_item_without_form_is_missing(root: Path) -> None:
    text = SAMPLE_RECORDS[PROCEDURE].replace("    form: to-khai-khai-sinh\n", "")
    finding = one(audit(make_board(root, {PROCEDURE: text})), "QC49-20.3", Status.MISSING)
    assert_at(finding, f"content/{PROCEDURE}", line_of(text, "Tờ khai đăng ký khai sinh"))


def test_announcing_decision_without_date_is_missing(root: Path) -> None:
    text = SAMPLE_RECORDS[PROCEDURE].replace("  date: 2025-06-10\n", "")
    finding = one(audit(make_board(root, {PROCEDURE: text})), "TTHC-DECISION", Status.MISSING)
    assert "1234/QĐ-UBND" in finding.message


def test_feedback_address_lists_what_is_absent(root: Path) -> None:
    report = audit(make_board(root))
    finding = one(report, "TTHC-FEEDBACK", Status.MISSING)
    assert "address, phone" in finding.message
    assert_at(finding, "content/board.yaml", line_of(BOARD_YAML, "agency:"))


# -- citizen reception -------------------------------------------------------------------------

def test_session_without_result_notice_after_deadline(root: Path) -> None:
    report = audit(make_board(root, {"reception_sessions/2026-03.yaml": SESSION}))
    finding = one(report, "TCD-RESULT", Status.MISSING)
    # held Mon 02/03; 5 working days → due Mon 09/03; today Fri 13/03 is 4 working days past
    assert (finding.days_late, finding.day_unit.value) == (4, "working_days")
    assert "09/03/2026" in finding.message
    assert_at(finding, "content/reception_sessions/2026-03.yaml", line_of(SESSION, "status:"))
    assert one(report, "KH83-B.I.3d", Status.MISSING).days_late == 4


def test_result_notice_posted_late(root: Path) -> None:
    text = SESSION + NOTICE.replace("date: 2026-03-04", "date: 2026-03-11")
    report = audit(make_board(root, {"reception_sessions/2026-03.yaml": text}))
    finding = one(report, "TCD-RESULT", Status.LATE)
    assert finding.days_late == 2
    assert_at(finding, "content/reception_sessions/2026-03.yaml", line_of(text, "date: 2026-03-11"))


def test_result_notice_deadline_overridden_in_board_yaml(root: Path) -> None:
    sessions = {"reception_sessions/2026-03.yaml": SESSION}
    assert of(audit(make_board(root, sessions)), "TCD-RESULT", Status.MISSING)
    relaxed = BOARD_YAML + "obligation_overrides:\n  TCD-RESULT:\n    deadline_working_days: 10\n"
    report = audit(make_board(root, {**sessions, "board.yaml": relaxed}))
    assert not of(report, "TCD-RESULT", Status.MISSING)  # due 16/03: not yet
    assert report.diagnostics == []


def test_unknown_override_is_a_warning_at_its_line(root: Path) -> None:
    board = BOARD_YAML + "obligation_overrides:\n  TCD-RESULTS:\n    deadline_working_days: 3\n"
    report = audit(make_board(root, {"board.yaml": board}))
    [warning] = report.diagnostics
    assert warning.code == "W-OVERRIDE-UNKNOWN"
    assert warning.position.line == line_of(board, "TCD-RESULTS")


def test_stand_in_without_notice(root: Path) -> None:
    text = SESSION + NOTICE + "stand_in:\n  deputy:\n    name: Lương Trọng Quỳnh\n  reason: Đi công tác\n"
    finding = one(audit(make_board(root, {"reception_sessions/2026-03.yaml": text})), "KH83-B.I.3c",
                  Status.MISSING)
    assert "Lương Trọng Quỳnh" in finding.message
    assert_at(finding, "content/reception_sessions/2026-03.yaml", line_of(text, "deputy:"))


def test_stand_in_notice_posted_before_the_session_is_met(root: Path) -> None:
    text = (SESSION + NOTICE + "stand_in:\n  deputy:\n    name: Lương Trọng Quỳnh\n  reason: Đi công tác\n"
            "  notice:\n    number: \"25/TB-VP\"\n  notice_posted_on: 2026-02-26\n")
    report = audit(make_board(root, {"reception_sessions/2026-03.yaml": text}))
    assert one(report, "KH83-B.I.3c", Status.MET)


def test_reception_rules_must_be_posted(root: Path) -> None:
    report = audit(make_board(root, {"regulations/noi-quy-tiep-cong-dan.yaml": None}))
    assert one(report, "KH83-B.I.3a", Status.MISSING)
    assert one(report, "TCD-RULES", Status.MISSING)
    posted = SAMPLE_RECORDS["regulations/noi-quy-tiep-cong-dan.yaml"] + "posted_on: 2026-01-02\n"
    report = audit(make_board(root, {"regulations/noi-quy-tiep-cong-dan.yaml": posted}))
    assert one(report, "TCD-RULES", Status.MET).records[0].id == "noi-quy-tiep-cong-dan"


SCHEDULE = "reception_schedules/chu-tich.yaml"


def test_monthly_sessions_missing_months(root: Path) -> None:
    report = audit(make_board(root))  # only January 2026 held; February has no session
    finding = one(report, "TCD-FREQ", Status.MISSING)
    assert "02/2026" in finding.message and "01/2026" not in finding.message


def test_commune_needs_a_weekly_schedule(root: Path) -> None:
    text = SAMPLE_RECORDS[SCHEDULE].replace("level: tinh", "level: xa")
    report = audit(make_board(root, {SCHEDULE: text}))
    messages = " ".join(finding.message for finding in of(report, "TCD-FREQ", Status.MISSING))
    assert "thưa hơn mức tối thiểu 1 buổi mỗi tuần" in messages


def test_schedule_posted_too_close_to_a_session(root: Path) -> None:
    text = (SAMPLE_RECORDS[SCHEDULE].replace("valid_from: 2026-01-01", "valid_from: 2026-03-01")
            + "posted_on: 2026-03-12\n")  # first session Mon 16/03
    finding = one(audit(make_board(root, {SCHEDULE: text})), "TCD-POST", Status.LATE)
    # 5 working days before 16/03 is Mon 09/03; posted Thu 12/03: 3 working days late
    assert (finding.days_late, finding.day_unit.value) == (3, "working_days")
    assert_at(finding, f"content/{SCHEDULE}", line_of(text, "posted_on:"))


# -- internal disclosure, budgets, complaints --------------------------------------------------

BUDGET = "budgets/du-toan-2026.yaml"


def test_budget_estimate_posted_35_days_after_assignment_is_5_days_late(root: Path) -> None:
    text = SAMPLE_RECORDS[BUDGET] + "posted_on: 2026-02-09\n"  # assigned 05/01; NĐ 73/2026: 30 days
    finding = one(audit(make_board(root, {BUDGET: text})), "NS-ESTIMATE-2026", Status.LATE)
    assert (finding.days_late, finding.day_unit.value) == (5, "days")
    assert_at(finding, f"content/{BUDGET}", line_of(text, "posted_on:"))
    assert not of(audit(root), "NS-ESTIMATE", Status.LATE)  # the old clock does not judge 2026


def test_a_2025_budget_is_judged_by_the_old_clock_and_a_2026_one_by_the_new(root: Path) -> None:
    """20 days after assignment: late under TT 61/2017 (15 days), in time under NĐ 73/2026 (30)."""
    old = (SAMPLE_RECORDS[BUDGET].replace("fiscal_year: 2026", "fiscal_year: 2025")
           .replace("assigned_on: 2026-01-05", "assigned_on: 2025-01-06") + "posted_on: 2025-01-26\n")
    new = SAMPLE_RECORDS[BUDGET] + "posted_on: 2026-01-25\n"
    report = audit(make_board(root, {BUDGET: new, "budgets/du-toan-2025.yaml": old.replace(
        "id: du-toan-2026", "id: du-toan-2025")}))
    assert one(report, "NS-ESTIMATE", Status.LATE, "du-toan-2025").days_late == 5
    assert one(report, "NS-ESTIMATE-2026", Status.MET)
    judged = {ref.id for finding in of(report, "NS-ESTIMATE-2026") for ref in finding.records}
    assert "du-toan-2025" not in judged


def test_budget_estimate_in_time_is_met(root: Path) -> None:
    text = SAMPLE_RECORDS[BUDGET] + "posted_on: 2026-01-20\n"
    assert one(audit(make_board(root, {BUDGET: text})), "NS-ESTIMATE-2026", Status.MET)


def test_quarterly_execution_counts_from_the_end_of_the_quarter(root: Path) -> None:
    text = (SAMPLE_RECORDS[BUDGET].replace("stage: du_toan", "stage: thuc_hien")
            .replace("assigned_on: 2026-01-05", "assigned_on: 2025-04-10\nperiod: quy_1")
            .replace("fiscal_year: 2026", "fiscal_year: 2025") + "posted_on: 2025-04-30\n")
    finding = one(audit(make_board(root, {BUDGET: text})), "NS-EXEC", Status.LATE)
    assert finding.days_late == 15  # due 15/04/2025


def test_settlement_not_posted_is_overdue(root: Path) -> None:
    text = SAMPLE_RECORDS[BUDGET].replace("stage: du_toan", "stage: quyet_toan")
    finding = one(audit(make_board(root, {BUDGET: text})), "NS-SETTLE-2026", Status.MISSING)
    assert finding.days_late == (TODAY - date(2026, 2, 4)).days  # approved 05/01, 30 days


def test_budget_without_disclosure_decision(root: Path) -> None:
    assert one(audit(make_board(root)), "NS-TABLES", Status.MISSING).records[0].id == "du-toan-2026"


PERSONNEL = "personnel/khen-thuong-2025.yaml"


def test_internal_decision_posted_late_and_too_briefly(root: Path) -> None:
    text = SAMPLE_RECORDS[PERSONNEL] + "posted_on: 2025-12-29\nposted_until: 2026-01-10\n"
    report = audit(make_board(root, {PERSONNEL: text}))
    late = one(report, "DC-TIME", Status.LATE, "khen-thuong-2025")
    # Luật 10/2022 Đ47 k2: decided Sat 20/12/2025; 5 working days → Fri 26/12; posted Mon 29/12
    assert (late.days_late, late.day_unit.value) == (1, "working_days")
    short = one(report, "DC-TIME", Status.MISSING, "khen-thuong-2025")  # Đ48: at least 20 days
    assert "13 ngày" in short.message and "20 ngày" in short.message
    assert_at(short, f"content/{PERSONNEL}", line_of(text, "posted_until:"))


def test_internal_record_without_posting_date_for_qc49_17(root: Path) -> None:
    report = audit(make_board(root))
    ids = {finding.records[0].id for finding in of(report, "QC49-17", Status.MISSING)}
    assert "khen-thuong-2025" in ids


COMPLAINT = "complaints/kn-2025-01.yaml"


def test_complaint_decision_posting_period(root: Path) -> None:
    text = SAMPLE_RECORDS[COMPLAINT] + "audience: public\nposted_on: 2026-03-10\nposted_until: 2026-03-16\n"
    report = audit(make_board(root, {COMPLAINT: text.replace("2025-11-03", "2026-03-02")}))
    assert "chưa đủ 15 ngày" in one(report, "KN-POST", Status.MISSING).message
    assert one(report, "KN-POST", Status.EXPIRING).positions[0].line == line_of(text, "posted_until:")


def test_denunciation_conclusion_posted_at_least_15_days(root: Path) -> None:
    text = (SAMPLE_RECORDS[COMPLAINT].replace("khieu_nai", "to_cao")
            + "audience: public\nposted_on: 2026-01-05\nposted_until: 2026-01-14\n")
    report = audit(make_board(root, {COMPLAINT: text}))
    assert "10 ngày" in one(report, "TC-POST", Status.MISSING).message


def test_plan_task_past_deadline_is_late(root: Path) -> None:
    text = SAMPLE_RECORDS["plans/ke-hoach-83.yaml"] + """\
  - number: C.2
    title: Hoàn thành bồi dưỡng nghiệp vụ tiếp công dân
    owner: Thanh tra tỉnh
    deadline: 2011-12-31
    status: hoan_thanh
    completed_on: 2012-01-10
"""
    finding = one(audit(make_board(root, {"plans/ke-hoach-83.yaml": text})), "KH83-C", Status.LATE)
    assert finding.days_late == 10
    assert_at(finding, "content/plans/ke-hoach-83.yaml", line_of(text, "deadline: 2011-12-31"))


def test_empty_board_misses_the_internal_kinds(root: Path) -> None:
    write_files(root, {"board.yaml": BOARD_YAML})
    report = audit(root)
    for obligation_id in ("QC49-16.1", "QC49-16.2", "QC49-16.3", "QC49-16.5", "QC49-20.2", "KH83-B.I.3b"):
        assert one(report, obligation_id, Status.MISSING)
    no_case = one(report, "QC49-16.4", Status.NO_RECORD)  # not "does not apply": no record yet
    assert "content/complaints/" in no_case.hint and "congkhai new complaint_result" in no_case.hint
    assert one(report, "DC-FORM", Status.NOT_APPLICABLE).message


# -- privacy ---------------------------------------------------------------------------------

def test_denunciation_naming_the_denouncer_is_a_violation(root: Path) -> None:
    text = (SAMPLE_RECORDS[COMPLAINT].replace("khieu_nai", "to_cao").replace(
        "subject: Khiếu nại về việc chậm trả kết quả hồ sơ",
        "subject: Người tố cáo là ông Nguyễn Văn An tố cáo ông Hoàng Văn Cường, cán bộ địa chính"))
    report = audit(make_board(root, {COMPLAINT: text}))
    finding = one(report, "PRIV-DENOUNCER", Status.VIOLATION)
    assert "người tố cáo" in finding.message and "N. V. A." in finding.message
    assert "Nguyễn Văn An" not in finding.message  # the report itself must not repeat the name
    assert_at(finding, f"content/{COMPLAINT}", line_of(text, "subject:"))


def test_naming_only_the_accused_is_allowed(root: Path) -> None:
    text = (SAMPLE_RECORDS[COMPLAINT].replace("khieu_nai", "to_cao")
            .replace("subject: Khiếu nại về việc chậm trả kết quả hồ sơ",
                     "subject: Tố cáo ông Hoàng Văn Cường (người bị tố cáo) nhận tiền của dân")
            .replace("conclusion: Khiếu nại đúng một phần",
                     "conclusion: Ông Hoàng Văn Cường có vi phạm, kiểm điểm trách nhiệm"))
    assert one(audit(make_board(root, {COMPLAINT: text})), "PRIV-DENOUNCER", Status.MET)


def test_public_record_with_id_number_names_the_field(root: Path) -> None:
    unit = SAMPLE_RECORDS["units/mot-cua.yaml"] + "description: Liên hệ ông Lê Văn Bình, CCCD 001203001234\n"
    report = audit(make_board(root, {"units/mot-cua.yaml": unit}))
    finding = one(report, "PRIV-DATA", Status.VIOLATION)
    assert_at(finding, "content/units/mot-cua.yaml", line_of(unit, "description:"))
    assert "'description'" in finding.message and "001*******34" in finding.message
    assert "001203001234" not in finding.message


def test_private_mobile_and_birth_date_in_a_case_summary(root: Path) -> None:
    session = SAMPLE_RECORDS["reception_sessions/2026-01.yaml"].replace(
        "Đề nghị cấp giấy chứng nhận quyền sử dụng đất",
        "Bà Trần Thị Bích, sinh năm 1970, SĐT 0912 345 678, đề nghị cấp giấy chứng nhận")
    report = audit(make_board(root, {"reception_sessions/2026-01.yaml": session}))
    data = one(report, "PRIV-DATA", Status.VIOLATION)
    assert "điện thoại" in data.message and "ngày sinh" in data.message
    assert data.positions[0].line == line_of(session, "summary:")
    assert one(report, "QC49-23.3", Status.VIOLATION).positions[0].line == line_of(session, "summary:")


def test_office_phone_and_money_are_not_personal_data(root: Path) -> None:
    unit = SAMPLE_RECORDS["units/mot-cua.yaml"] + (
        "contact:\n  phone: \"0912345678\"\ndescription: Kinh phí 150000000 đồng; người nước ngoài "
        "cư trú tại Việt Nam; ghi rõ họ tên, ngày sinh của người yêu cầu\n")
    assert one(audit(make_board(root, {"units/mot-cua.yaml": unit})), "PRIV-DATA", Status.MET)


def test_public_discipline_decision_needs_override(root: Path) -> None:
    text = SAMPLE_RECORDS[PERSONNEL].replace("khen_thuong", "ky_luat") + "audience: public\n"
    report = audit(make_board(root, {PERSONNEL: text}))
    finding = one(report, "PRIV-INTERNAL", Status.VIOLATION)
    assert_at(finding, f"content/{PERSONNEL}", line_of(text, "audience:"))
    report = audit(make_board(root, {PERSONNEL: text + "publish_override: true\n"}))
    assert one(report, "PRIV-INTERNAL", Status.MET)


def test_privacy_rule_not_in_force_before_it_took_effect(root: Path) -> None:
    unit = SAMPLE_RECORDS["units/mot-cua.yaml"] + "description: CCCD 001203001234\n"
    report = audit(make_board(root, {"units/mot-cua.yaml": unit}), today=date(2025, 6, 2))
    assert "01/01/2026" in one(report, "PRIV-DATA", Status.NOT_APPLICABLE).message


@pytest.mark.parametrize(("text", "roles"), [
    ("người tố cáo là ông Nguyễn Văn A", ["denouncer"]),
    ("bà Trần Thị B tố cáo việc thu phí", ["denouncer"]),
    ("Người tố cáo: Phạm Thị Hoa", ["denouncer"]),
    ("ông Hoàng Văn C bị tố cáo", ["accused"]),
    ("anh Lò Văn Sơn đến trình bày", ["person"]),
    ("ông Phó Chủ tịch UBND tỉnh chủ trì", []),
    ("bà con thôn Nà Chuông", []),
])
def test_personal_names(text: str, roles: list[str]) -> None:
    assert [name.role for name in personal_names(text)] == roles


@pytest.mark.parametrize(("text", "kinds"), [
    ("CCCD số 001203001234", ["id_number"]),
    ("CMND 123456789 cấp năm 2005", ["id_number"]),
    ("gọi +84 912 345 678", ["phone"]),
    ("ĐT: 0978.123.456", ["phone"]),
    ("điện thoại cơ quan 025 3812 605", []),
    ("tổng kinh phí 150000000 đồng", []),
    ("mã thủ tục 1.001193", []),
    ("ông A, trú tại thôn Khòn Pát", ["home_address"]),
    ("ghi ngày sinh, nơi cư trú của người yêu cầu", []),
])
def test_personal_data_patterns(text: str, kinds: list[str]) -> None:
    assert [match.what for match in personal_data(text)] == kinds


# -- command line ------------------------------------------------------------------------------

def test_check_prints_findings_by_article_and_exit_codes(root: Path) -> None:
    make_board(root)
    run = run_cli("check", "content", "--today", "2026-03-13", cwd=root.parent)
    assert run.returncode == 0, run.stdout
    assert run.reported == []  # findings are not diagnostics
    text = run.stdout
    assert text.index("Kiểm tra xong") < text.index("Đối chiếu công khai ngày 13/03/2026")
    assert "Quy chế 49/QĐ-VP — niêm yết công khai tại trụ sở" in text  # the office declares it
    assert "content/board.yaml:9:3 — địa chỉ tiếp nhận phản ánh" in text
    assert re.search(r"Đối chiếu xong: 40 nghĩa vụ — \d+ đạt, \d+ thiếu", text)
    strict = run_cli("check", "content", "--today", "2026-03-13", "--strict", cwd=root.parent)
    assert strict.returncode == 1


def test_check_fails_on_a_privacy_violation_without_strict(root: Path) -> None:
    unit = SAMPLE_RECORDS["units/mot-cua.yaml"] + "description: CMND 123456789\n"
    make_board(root, {"units/mot-cua.yaml": unit})
    run = run_cli("check", "content", "--today", "2026-03-13", cwd=root.parent)
    assert run.returncode == 1
    assert "content/units/mot-cua.yaml:" in run.stdout and "vi phạm" in run.stdout


def test_bad_today_is_a_usage_error(root: Path) -> None:
    make_board(root)
    run = run_cli("check", "content", "--today", "13/03/2026", cwd=root.parent)
    assert run.returncode == 2
    assert "YYYY-MM-DD" in run.stderr


def test_audit_json_is_deterministic(root: Path) -> None:
    make_board(root, {"reception_sessions/2026-03.yaml": SESSION})
    first = run_cli("audit", "content", "--today", "2026-03-13", "--json", "a.json", cwd=root.parent)
    second = run_cli("audit", "content", "--today", "2026-03-13", "--json", cwd=root.parent)
    assert first.returncode == second.returncode == 0
    written = (root.parent / "a.json").read_text(encoding="utf-8")
    assert written == second.stdout
    data = json.loads(written)
    assert data["today"] == "2026-03-13"
    [missing] = [item for item in data["findings"]
                 if item["obligation_id"] == "TCD-RESULT" and item["status"] == "missing"]
    assert missing["days_late"] == 4
    assert missing["records"] == [{"kind": "reception_session", "id": "2026-03"}]
    assert missing["positions"][0]["path"] == "content/reception_sessions/2026-03.yaml"


# -- the "Đối chiếu công khai" page ------------------------------------------------------------

def test_audit_page_public_hides_internal_records_and_obligations(root: Path) -> None:
    from generator.models import Audience
    from generator.render import render_site

    budget = SAMPLE_RECORDS[BUDGET] + "audience: internal\n"
    make_board(root, {BUDGET: budget})  # an internal estimate, not posted: NS-ESTIMATE is missing
    result = check_content(root)
    report = run_audit(result.board, TODAY)
    public = render_site(result.board, Audience.PUBLIC, TODAY, report)
    internal = render_site(result.board, Audience.INTERNAL, TODAY, report)
    page = public.pages["doi-chieu-cong-khai.md"]
    assert {"Đối chiếu công khai": "doi-chieu-cong-khai.md"} in public.nav
    assert "### NS-ESTIMATE" in page and "### QC49-16.1" not in page
    assert "liên quan đến hồ sơ công khai trong nội bộ cơ quan" in page
    assert "Dự toán ngân sách năm 2026" not in page  # an internal record is never named
    assert "Khen thưởng năm 2025" not in public.pages["index.md"]
    assert "content/" not in page  # no file positions on the public site
    inside = internal.pages["doi-chieu-cong-khai.md"]
    assert "### QC49-16.1" in inside and "Dự toán ngân sách năm 2026" in inside
    assert "board.yaml:9:3" in inside


# -- the demo board ----------------------------------------------------------------------------

DEMO = Path(__file__).resolve().parent.parent / "content"
DEMO_TODAY = "2026-03-13"


def test_demo_board_has_no_privacy_violation() -> None:
    report = audit(DEMO, date.fromisoformat(DEMO_TODAY))
    assert [finding.message for finding in report.violations()] == []


def test_demo_board_passes_strict_check() -> None:
    run = run_cli("check", "content", "--today", DEMO_TODAY, "--strict", cwd=DEMO.parent, timeout=120)
    problems = [line for line in run.stdout.splitlines() if line.startswith("  [") and "[đạt]" not in line
                and "[không áp dụng]" not in line]
    assert run.returncode == 0, "\n".join(problems) + "\n" + run.stdout[-3000:]
