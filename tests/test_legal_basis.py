"""The legal basis is the board's own, and the audit says what to do.

National law applies by the office's level; an office's own regulation is cited only where its
board.yaml declares it; a past session still `planned` is a finding; "no record yet" is not
"does not apply"; `check --strict` says why it failed; districts no longer exist.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from support.boards import BOARD_YAML, SAMPLE_RECORDS, write_files
from support.cli import run_cli
from support.scaffold import fill_in_samples

from generator.audit import Status, run_audit
from generator.check import check_content
from generator.models import Audience
from generator.render import render_site
from generator.scaffold.init import init_board
from generator.scaffold.source import source_from_spec

TODAY = date(2026, 11, 22)
DEMO_DOCUMENTS = ("49/QĐ-VP", "83/KH-UBND", "Quy chế 49", "Kế hoạch 83", "QC49", "KH83")
# support.boards' board declares the demo office's documents; a board that declares none:
PLAIN_BOARD = BOARD_YAML[:BOARD_YAML.index("own_documents:")]
SESSION = "reception_sessions/2026-01.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "content"


def test_a_board_made_by_init_cites_national_law_and_no_document_of_the_demo_office(tmp_path: Path) -> None:
    init_board(tmp_path / "repo", "Ủy ban nhân dân xã Tân Lập", TODAY, source_from_spec("congkhai==0.1.0"))
    fill_in_samples(tmp_path / "repo")
    run = run_cli("audit", "content", "--today", TODAY.isoformat(), "--json", cwd=tmp_path / "repo")
    report = json.loads(run.stdout)
    text = json.dumps(report, ensure_ascii=False)
    assert not [word for word in DEMO_DOCUMENTS if word in text]
    articles = {finding["obligation_id"]: finding["article"] for finding in report["findings"]}
    assert articles["TTHC-FEES"].startswith("NĐ 63/2010/NĐ-CP Điều 8 khoản 2 điểm h")
    assert articles["DC-46.1"].startswith("Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15 Điều 46")
    assert articles["DC-XA-POST"].startswith("Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15 Điều 12")
    assert "KH83-B.I.3c" not in articles  # a deputy stand-in has no national basis


def test_the_demo_board_cites_its_own_regulation_where_it_declares_it(root: Path) -> None:
    write_files(root, {"board.yaml": BOARD_YAML, **SAMPLE_RECORDS})
    report = run_audit(check_content(root).board, TODAY)
    assert report.for_obligation("QC49-20.4")[0].article == "Quy chế 49/QĐ-VP Điều 20 khoản 4"
    assert report.for_obligation("KH83-B.I.3d")[0].article == "Kế hoạch 83/KH-UBND mục B.I.3"
    assert not report.for_obligation("TTHC-FEES")  # the national twin stands in only when undeclared
    assert report.for_obligation("DC-XA-POST")[0].status is Status.NOT_APPLICABLE  # a province
    assert "cấp tỉnh" in report.for_obligation("DC-XA-POST")[0].message


def test_an_unknown_declared_article_is_a_warning_at_its_line(root: Path) -> None:
    board = PLAIN_BOARD + "own_documents:\n  - name: Quy chế 12/QĐ-UBND\n    number: 12/QĐ-UBND\n" \
        "    articles:\n      QC12-5: Điều 5\n"
    write_files(root, {"board.yaml": board, **SAMPLE_RECORDS})
    report = run_audit(check_content(root).board, TODAY)
    [warning] = [item for item in report.diagnostics if item.code == "W-OWN-ARTICLE-UNKNOWN"]
    assert warning.position.line == board.splitlines().index("      QC12-5: Điều 5") + 1
    assert not [finding for finding in report.findings if "12/QĐ-UBND" in finding.article]


def test_a_past_session_still_planned_is_a_finding(root: Path) -> None:
    planned = "\n".join(line for line in SAMPLE_RECORDS[SESSION].splitlines()
                        if not line.startswith(("status:", "citizens", "result_notice", " ")))
    planned += "\nstatus: planned\n"
    write_files(root, {"board.yaml": PLAIN_BOARD, **SAMPLE_RECORDS, SESSION: planned})
    report = run_audit(check_content(root).board, TODAY)
    [finding] = [item for item in report.for_obligation("TCD-RESULT") if item.status is Status.MISSING]
    assert "vẫn ghi 'status: planned'" in finding.message and "'held'" in finding.message
    assert finding.positions[0].line == planned.splitlines().index("status: planned") + 1


def test_no_record_yet_is_not_does_not_apply_and_says_where_to_add(root: Path) -> None:
    write_files(root, {"board.yaml": PLAIN_BOARD})
    run = run_cli("check", "content", "--today", TODAY.isoformat(), cwd=root.parent)
    line = next(line for line in run.stdout.splitlines() if " TC-POST " in line)
    assert line.startswith("  [chưa có hồ sơ]")
    assert "content/complaints/" in line and "congkhai new complaint_result" in line
    result = check_content(root)
    page = render_site(result.board, Audience.PUBLIC, TODAY, run_audit(result.board, TODAY)).pages
    assert "content/" not in page["doi-chieu-cong-khai.md"]  # the folder hint is for staff only


def test_check_strict_ends_with_why_it_failed(root: Path) -> None:
    write_files(root, {"board.yaml": PLAIN_BOARD})
    run = run_cli("check", "content", "--today", TODAY.isoformat(), "--strict", cwd=root.parent)
    assert run.returncode == 1
    last = run.stdout.rstrip().splitlines()[-1]
    assert last.startswith("Kiểm tra không đạt:") and "(--strict)" in last and "TTHC-POST" in last


def test_the_audit_page_shows_effective_dates_and_confidence(root: Path) -> None:
    write_files(root, {"board.yaml": BOARD_YAML, **SAMPLE_RECORDS})
    result = check_content(root)
    page = render_site(result.board, Audience.PUBLIC, TODAY, run_audit(result.board, TODAY)).pages
    text = page["doi-chieu-cong-khai.md"]
    assert "NĐ 73/2026/NĐ-CP Điều 37 khoản 3" in text and "độ tin cậy M" in text
    assert "hiệu lực từ 01/01/2026" in text


def test_district_names_and_levels_say_there_are_no_districts(root: Path, tmp_path: Path) -> None:
    refused = run_cli("init", "repo", "--name", "UBND huyện Cao Lộc", cwd=tmp_path)
    assert refused.returncode == 2 and "không còn cấp huyện" in refused.stderr
    board = PLAIN_BOARD.replace("level: tinh", "level: huyen")
    write_files(root, {"board.yaml": board})
    run = run_cli("check", "content", cwd=root.parent)
    assert "E-CHOICE" in run.stdout and "không còn cấp huyện" in run.stdout
    old_name = PLAIN_BOARD.replace("name: Văn phòng", "name: UBND huyện Cao Lộc, Văn phòng")
    write_files(root, {"board.yaml": old_name})
    renamed = run_cli("check", "content", cwd=root.parent)
    assert "content/board.yaml:2:7: W-DISTRICT-NAME" in renamed.stdout


def test_opening_hours_and_portal_on_home_kiosk_and_print(root: Path, tmp_path: Path) -> None:
    from generator.outputs.kiosk import KioskConfig, render_kiosk
    from generator.outputs.printpack import write_print_pack

    hours = "Sáng 7 giờ 30 đến 11 giờ 30, chiều 13 giờ 30 đến 17 giờ"
    board = BOARD_YAML + f"opening_hours: {hours}\nportal_url: https://langson.gov.vn/\n"
    write_files(root, {"board.yaml": board, **SAMPLE_RECORDS})
    result = check_content(root)
    assert result.ok, [str(item) for item in result.diagnostics]
    home = render_site(result.board, Audience.PUBLIC, TODAY, run_audit(result.board, TODAY)).pages["index.md"]
    assert f"**Giờ tiếp nhận hồ sơ:** {hours}" in home
    assert "[https://langson.gov.vn/](https://langson.gov.vn/)" in home
    kiosk = render_kiosk(result.board, TODAY, KioskConfig()).page
    assert f"Giờ tiếp nhận hồ sơ: {hours}" in kiosk and "https://langson.gov.vn/" in kiosk
    pack = write_print_pack(result.board, tmp_path / "print", Audience.PUBLIC, TODAY)
    notice = pack.pages[0].read_text(encoding="utf-8")
    header = notice[notice.index('<header class="header">'):notice.index("</header>")]
    assert f"Giờ tiếp nhận hồ sơ: {hours}" in header and "https://langson.gov.vn/" in header
