"""The load stage's memo (generator.check.load_memo): a file read by the last check with the same
build cache is not parsed again, and the check gives exactly what a check without it gives."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from support.boards import REPO, SAMPLE_RECORDS, write_files

from generator.check import CheckResult, check_content, load_memo
from generator.check.load import SourceMap, load_text
from generator.check.load_memo import MEMO_FILE, LoadMemo
from generator.fingerprint import read_json, replace_json

# What JSON does not hold as YAML gives it, and what the loader reports while it reads.
ODD_VALUES = """\
title: Bộ phận có giá trị lạ
room: Phòng 101
ngay: 2026-03-15
luc: 2026-03-15 08:30:00+07:00
luc_khong_mui: 2026-03-15 08:30:00
vo_cuc: .inf
am_vo_cuc: -.inf
khong_phai_so: .nan
so_thuc: 1.5
co: yes
rong:
danh_sach: [1, 2026-01-02, "chữ", [3, {a: 2026-02-03}]]
neo: &n [1, 2]
bi_danh: *n
sai_ngay: 2026-02-30
room: Phòng 102
an: "a\\u202eb"
"""


def same_checks(first: CheckResult, second: CheckResult) -> None:
    """Two checks that found the same problems and made the same board, sources included."""
    assert [str(item) for item in first.diagnostics] == [str(item) for item in second.diagnostics]
    assert first.files_by_kind == second.files_by_kind and first.errors_by_kind == second.errors_by_kind
    assert set(first.board.records) == set(second.board.records)
    for kind in first.board.records:
        assert [record.model_dump() for record in first.board.of(kind)] == \
            [record.model_dump() for record in second.board.of(kind)]
    assert first.board.sources == second.board.sources
    for (kind, record_id), source in first.board.sources.items():
        record = first.board.get(kind, record_id)
        other = second.board.sources[(kind, record_id)]
        for loc in locs(record.model_dump(exclude_none=True)):
            assert source.position(loc) == other.position(loc), (record_id, loc)
            assert source.position(loc, at_key=True) == other.position(loc, at_key=True), (record_id, loc)
            assert source.raw_text(loc) == other.raw_text(loc), (record_id, loc)


def locs(value: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path of keys and indexes into `value`."""
    found = [loc]
    if isinstance(value, dict):
        for key, item in value.items():
            found += locs(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += locs(item, (*loc, index))
    return found


@pytest.mark.parametrize("parallel", [False, True], ids=["a small board", "a board the workers share out"])
def test_a_warm_check_of_the_demo_board_is_the_check_without_the_memo(
        tmp_path: Path, parallel: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    if parallel:  # enough files for the forked workers (generator.check.incremental)
        write_files(content, {f"policies/chinh-sach-{index:03d}.yaml": f"title: Chính sách {index}\n"
                              f"issued_by: Chính phủ\nsummary: Nội dung {index}\n" for index in range(400)})
    plain = check_content(content, parallel=parallel)
    cold = check_content(content, parallel=parallel, cache_dir=tmp_path / "cache")
    assert len(LoadMemo.open(tmp_path / "cache").old) == sum(plain.files_by_kind.values()) > 90

    def parse(*args: Any) -> Any:
        raise AssertionError(f"parsed again: {args[0]}")

    monkeypatch.setattr(load_memo, "load_text", parse)  # the forked workers inherit it
    warm = check_content(content, parallel=parallel, cache_dir=tmp_path / "cache")
    same_checks(plain, cold)
    same_checks(plain, warm)


def memo_round_trip(tmp_path: Path, files: dict[str, bytes]) -> LoadMemo:
    """A memo that parsed `files` (display path → bytes), written and read back from its file."""
    memo = LoadMemo.open(tmp_path)
    for path, raw in files.items():
        memo.load(path, raw, "unit", Path(path).stem)
    memo.save()
    return LoadMemo.open(tmp_path)


def test_every_value_and_problem_of_a_file_reads_back_as_parsed(tmp_path: Path) -> None:
    raw = ODD_VALUES.encode("utf-8")
    parsed, parsed_problems = load_text("content/units/la.yaml", raw, "unit", "la")
    again = memo_round_trip(tmp_path, {"content/units/la.yaml": raw})
    document, problems = again.load("content/units/la.yaml", raw, "unit", "la")
    assert again.reused == 1
    assert parsed is not None and document is not None
    assert repr(document.data) == repr(parsed.data)  # nan != nan: compared as written
    assert list(map(type, document.data.values())) == list(map(type, parsed.data.values()))
    assert document.source == parsed.source
    for loc in locs(parsed.data):
        assert document.source.position(loc) == parsed.source.position(loc), loc
    assert document.broken == parsed.broken and document.text == parsed.text
    assert problems == parsed_problems
    assert {problem.code for problem in problems} >= {"E-DUPLICATE-KEY", "E-ALIAS", "E-DATE", "E-HIDDEN-CHAR"}


def test_a_file_json_cannot_hold_is_parsed_every_time(tmp_path: Path) -> None:
    again = memo_round_trip(tmp_path, {
        "content/units/a.yaml": b'title: A\nroom: "\\ud800"\n',
        "content/units/b.yaml": b"title: B\nroom: 123456789012345678901234567890\n"})
    assert again.old == {}


def test_an_edit_a_renamed_file_and_a_damaged_entry_are_parsed_again(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_files(content, {"board.yaml": (REPO / "content" / "board.yaml").read_text(encoding="utf-8"),
                          **SAMPLE_RECORDS})
    cache = tmp_path / "cache"
    check_content(content, parallel=False, cache_dir=cache)
    fee = content / "fees" / "le-phi-ho-tich.yaml"
    fee.write_text(fee.read_text(encoding="utf-8").replace("amount: 8000", "amount: 9000"), encoding="utf-8")
    (content / "units" / "mot-cua.yaml").rename(content / "units" / "mot-cua-moi.yaml")
    memo = LoadMemo.open(cache)
    [procedure] = [path for path in memo.old if path.endswith("procedures/dang-ky-khai-sinh.yaml")]
    memo.old[procedure][3]["marks"] = "hỏng"  # a damaged entry: counts as absent
    replace_json(memo.file, {"key": memo.key, "files": memo.old})
    warm = check_content(content, parallel=False, cache_dir=cache)
    same_checks(check_content(content, parallel=False), warm)
    assert warm.board.get("fee", "le-phi-ho-tich").amount == 9000
    kept = read_json(cache / MEMO_FILE)["files"]
    assert [path.rpartition("/")[2] for path in kept if "/units/" in path] == ["mot-cua-moi.yaml"]


def test_a_memo_of_other_code_or_not_json_is_ignored(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_files(content, {"board.yaml": (REPO / "content" / "board.yaml").read_text(encoding="utf-8"),
                          **SAMPLE_RECORDS})
    cache = tmp_path / "cache"
    check_content(content, parallel=False, cache_dir=cache)
    memo = LoadMemo.open(cache)
    assert memo.old
    (cache / MEMO_FILE).write_bytes(b'{"key": "x", "files": {}}')
    assert LoadMemo.open(cache).old == {}
    (cache / MEMO_FILE).write_bytes(b"\xff not json")
    assert LoadMemo.open(cache).old == {}
    warm = check_content(content, parallel=False, cache_dir=cache)
    same_checks(check_content(content, parallel=False), warm)


def test_a_link_planted_at_the_memos_partial_file_is_not_written_through(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_files(content, {"board.yaml": (REPO / "content" / "board.yaml").read_text(encoding="utf-8"),
                          **SAMPLE_RECORDS})
    cache = tmp_path / "cache"
    cache.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("giữ nguyên", encoding="utf-8")
    (cache / f"{MEMO_FILE}.part").symlink_to(outside)
    check_content(content, parallel=False, cache_dir=cache)
    assert outside.read_text(encoding="utf-8") == "giữ nguyên"
    assert (cache / MEMO_FILE).is_file() and not (cache / MEMO_FILE).is_symlink()


def test_a_position_in_a_list_reads_back_from_the_memo(tmp_path: Path) -> None:
    raw = b"title: A\nduties:\n  - a\n  - b\nroom: P1\n"
    document, _ = load_text("content/units/a.yaml", raw, "unit", "a")
    memo = memo_round_trip(tmp_path, {"content/units/a.yaml": raw})
    kept, _ = memo.load("content/units/a.yaml", raw, "unit", "a")
    assert memo.reused == 1 and document is not None and kept is not None
    assert kept.source.position(("duties", 1)) == document.source.position(("duties", 1))
    assert (kept.source.position(("duties", 1)).line, kept.source.position(("room",)).line) == (4, 5)


@pytest.mark.parametrize("marks", [["title", "x", None, 1, 1, None], [1, 2], ["title", 0, 0, 1, 6, [[]]]])
def test_damaged_marks_cost_a_position_not_a_crash(marks: list[Any]) -> None:
    source = SourceMap("content/units/a.yaml", (0, 0), marks)
    assert source.position(("title", 0)).path == "content/units/a.yaml"
    assert source.raw_text(("title", 0)) is None
