"""Text pasted from the national procedure portal: reported at its line, tidied where safe."""

from __future__ import annotations

from pathlib import Path

import yaml
from support.boards import BOARD_YAML, SAMPLE_RECORDS, write_files
from support.cli import run_cli

PROCEDURE = "procedures/dang-ky-khai-sinh.yaml"
# As copied from the portal's page: paragraph tags, a <br>, a non-breaking space entity and the
# "Xem chi tiết" button glued to the fee's currency.
PASTED_STEP = """\
  - title: Nộp hồ sơ
    description: |
      Người yêu cầu nộp tờ khai theo mẫu</p>
      <p>Xuất trình bản chính giấy tờ tùy thân;&nbsp;nộp bản sao<br>Trường hợp ủy quyền: văn bản ủy quyền
"""


def pasted_board(root: Path) -> str:
    text = SAMPLE_RECORDS[PROCEDURE].replace("steps:\n", "steps:\n" + PASTED_STEP, 1)
    text += 'tags: ["Phí: 8.000 ĐồngXem chi tiết"]\n'
    write_files(root, {"board.yaml": BOARD_YAML, **SAMPLE_RECORDS, PROCEDURE: text})
    return text


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def test_check_reports_each_remnant_at_its_line(tmp_path: Path) -> None:
    text = pasted_board(tmp_path / "content")
    run = run_cli("check", "content", cwd=tmp_path)
    where = f"content/{PROCEDURE}"
    assert f"{where}:{line_of(text, '</p>')}:" in run.stdout and "W-PASTED-HTML" in run.stdout
    entity = next(line for line in run.stdout.splitlines() if "W-PASTED-ENTITY" in line)
    assert entity.startswith(f"{where}:{line_of(text, '&nbsp;')}:") and "congkhai tidy" in entity
    portal = next(line for line in run.stdout.splitlines() if "W-PASTED-PORTAL" in line)
    assert portal.startswith(f"{where}:{line_of(text, 'Xem chi tiết')}:")


def test_tidy_normalises_breaks_and_entities_and_leaves_the_rest(tmp_path: Path) -> None:
    pasted_board(tmp_path / "content")
    path = tmp_path / "content" / PROCEDURE
    comment = "# yaml-language-server: $schema=../../schemas/procedure.schema.json\n"
    path.write_text(comment + path.read_text(encoding="utf-8"), encoding="utf-8")
    run = run_cli("tidy", "content", cwd=tmp_path)
    assert run.returncode == 0 and f"Đã sửa content/{PROCEDURE}" in run.stdout
    tidied = path.read_text(encoding="utf-8")
    assert tidied.startswith(comment)  # edited as text: comments kept
    step = yaml.safe_load(tidied)["steps"][0]["description"]
    assert step.splitlines() == ["Người yêu cầu nộp tờ khai theo mẫu",
                                 "Xuất trình bản chính giấy tờ tùy thân; nộp bản sao",
                                 "Trường hợp ủy quyền: văn bản ủy quyền"]
    after = run_cli("check", "content", cwd=tmp_path)
    assert "W-PASTED-HTML" not in after.stdout and "W-PASTED-ENTITY" not in after.stdout
    assert "W-PASTED-PORTAL" in after.stdout  # the clerk decides what the fee text says


def test_tidy_refuses_an_edit_yaml_would_read_differently(tmp_path: Path) -> None:
    write_files(tmp_path / "content", {"board.yaml": BOARD_YAML, **SAMPLE_RECORDS,
                                       "units/mot-cua.yaml": SAMPLE_RECORDS["units/mot-cua.yaml"]
                                       + 'description: "Ghi &quot;Đã nhận&quot; vào sổ"\n'})
    before = (tmp_path / "content/units/mot-cua.yaml").read_text(encoding="utf-8")
    run = run_cli("tidy", "content", cwd=tmp_path)
    assert "Không tự sửa được content/units/mot-cua.yaml" in run.stdout
    assert (tmp_path / "content/units/mot-cua.yaml").read_text(encoding="utf-8") == before


def test_a_procedure_code_without_its_dot_is_told_the_dot_is_missing(tmp_path: Path) -> None:
    text = SAMPLE_RECORDS[PROCEDURE].replace('code: "1.001193"', "code: 1001193")
    assert text != SAMPLE_RECORDS[PROCEDURE]
    write_files(tmp_path / "content", {"board.yaml": BOARD_YAML, **SAMPLE_RECORDS, PROCEDURE: text})
    run = run_cli("check", "content", cwd=tmp_path)
    line = next(line for line in run.stdout.splitlines() if "E-NUMBER-NOT-TEXT" in line)
    assert line.startswith(f"content/{PROCEDURE}:{line_of(text, 'code: 1001193')}:")
    assert "thiếu dấu chấm" in line and '"1.001193"' in line and "mất số 0" not in line
