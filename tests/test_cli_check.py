"""`congkhai check`: exit codes, the summary, and every error of a run reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.boards import SAMPLE_RECORDS, write_files
from support.cli import run_cli


def test_clean_board_exits_0(sample_board: Path) -> None:
    # A real process: the exit code a shell or CI sees (most CLI tests run main() in process).
    run = run_cli("check", sample_board.name, cwd=sample_board.parent, subprocess=True)
    assert run.returncode == 0
    assert run.reported == []
    assert "Kiểm tra xong: không có lỗi." in run.stdout
    assert "Thủ tục hành chính (procedures): 1 tệp, không có lỗi" in run.stdout
    assert "Cơ quan (board.yaml): 1 tệp, không có lỗi" in run.stdout


def test_default_content_dir_is_content(sample_board: Path) -> None:
    run = run_cli("check", cwd=sample_board.parent)
    assert run.returncode == 0
    assert "Mẫu đơn, tờ khai (forms): 1 tệp" in run.stdout


def test_nonexistent_dir_exits_2(tmp_path: Path) -> None:
    run = run_cli("check", "khong-co", cwd=tmp_path, subprocess=True)
    assert run.returncode == 2
    assert run.stdout == ""
    assert "khong-co" in run.stderr


def test_file_instead_of_dir_exits_2(tmp_path: Path) -> None:
    (tmp_path / "board.yaml").write_text("title: x\n", encoding="utf-8")
    assert run_cli("check", "board.yaml", cwd=tmp_path).returncode == 2


def test_missing_default_content_dir_exits_2(tmp_path: Path) -> None:
    run = run_cli("check", cwd=tmp_path)
    assert run.returncode == 2
    assert "'content'" in run.stderr


def test_bad_arguments_exit_2(sample_board: Path) -> None:
    cwd = sample_board.parent
    for args in (("check", "--khong-co"), ("check", "content", "thua"), ("kiem-tra",), ()):
        run = run_cli(*args, cwd=cwd, subprocess=True)
        assert run.returncode == 2, args
        # one Vietnamese line naming what is wrong and where to read the usage
        assert run.stderr.count("\n") == 1 and run.stderr.startswith("congkhai: lỗi: "), run.stderr
        assert "--help" in run.stderr, args


def test_empty_content_dir_reports_missing_board(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    run = run_cli("check", "content", cwd=tmp_path)
    assert run.returncode == 1
    assert run.codes() == ["E-BOARD-MISSING"]


def test_every_error_of_a_run_is_reported(sample_board: Path, check_cli) -> None:
    procedure = SAMPLE_RECORDS["procedures/dang-ky-khai-sinh.yaml"]
    write_files(sample_board, {
        "units/a.yaml": "titel: Bộ phận A\naudience: cong_khai\n",
        "units/b.yaml": "title: Bộ phận B\n\tdescription: x\n",
        "fees/c.yaml": "title: Phí C\nkind: phi\n",
        "procedures/dang-ky-khai-sinh.yaml": procedure.replace('"1.001193"', "1.001930").replace(
            "Giấy khai sinh\n", "Giấy khai sinh\nresult: x\n"),
        "procedures/d.yaml": procedure.replace("unit: mot-cua", "unit: khong-co"),
        "budgets/e.yaml": b"title: Ng\xe2n s\xe1ch\n",
        "le.yaml": "title: x\n",
    })
    run = check_cli(sample_board)
    assert run.returncode == 1
    found = [(p.path.removeprefix("content/"), p.line, p.column, p.code) for p in run.reported]
    assert found == [
        ("budgets/e.yaml", 1, 10, "E-ENCODING"),
        ("fees/c.yaml", 1, 8, "E-FEE-AMOUNT"),
        ("le.yaml", 1, 1, "E-FOLDER"),
        ("procedures/d.yaml", 8, 7, "E-REF-MISSING"),
        ("procedures/dang-ky-khai-sinh.yaml", 2, 7, "E-NUMBER-NOT-TEXT"),
        ("procedures/dang-ky-khai-sinh.yaml", 29, 1, "E-DUPLICATE-KEY"),
        ("units/a.yaml", 1, 1, "E-MISSING"),
        ("units/a.yaml", 1, 1, "E-UNKNOWN-KEY"),
        ("units/a.yaml", 2, 11, "E-CHOICE"),
        ("units/b.yaml", 2, 1, "E-TAB"),
    ]
    assert "Kiểm tra xong: 10 lỗi cần sửa." in run.stdout
    assert "Bộ phận (units): 3 tệp, 4 lỗi" in run.stdout
    assert "Thủ tục hành chính (procedures): 2 tệp, 3 lỗi" in run.stdout
    assert "Mẫu đơn, tờ khai (forms): 1 tệp, không có lỗi" in run.stdout
    assert "Tệp ngoài các thư mục hồ sơ: 1 lỗi" in run.stdout


def test_output_is_sorted_and_stable(sample_board: Path, check_cli) -> None:
    write_files(sample_board, {"units/z.yaml": "titel: x\n", "units/a.yaml": "room: 1\n"})
    first = check_cli(sample_board).stdout
    assert first == check_cli(sample_board).stdout
    paths = [p.path for p in check_cli(sample_board).reported]
    assert paths == sorted(paths)


def test_output_that_cannot_be_written_is_not_a_success(monkeypatch: pytest.MonkeyPatch,
                                                        capfd: pytest.CaptureFixture[str]) -> None:
    # `congkhai audit > report.txt` on a full disk: the last of the report is written when the
    # command leaves (generator.cli.run); that failure is an exit code and a line, not silence.
    import errno
    import sys

    import generator.cli as cli

    class FullDisk:
        def write(self, text: str) -> int:
            return len(text)

        def flush(self) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

    def leave(code: int) -> None:
        raise SystemExit(code)

    monkeypatch.setattr(cli, "main", lambda: 0)
    monkeypatch.setattr(cli.os, "_exit", leave)
    monkeypatch.setattr(sys, "stdout", FullDisk())
    with pytest.raises(SystemExit) as left:
        cli.run()
    assert left.value.code == 1
    assert "không ghi hết được kết quả: ổ đĩa đã đầy" in capfd.readouterr().err
