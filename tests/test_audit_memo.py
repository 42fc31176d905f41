"""The audit's memo (generator.audit.memo): what the personal-data scan found in a record whose
file has not changed is taken from the build cache, and the audit reports exactly what an audit
without it reports."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support.boards import BOARD_YAML, REPO, SAMPLE_RECORDS, write_files

from generator.audit import AuditReport, Status, run_audit
from generator.audit.checks import privacy
from generator.audit.memo import MEMO_FILE
from generator.check import check_content
from generator.fingerprint import read_pack, replace_pack

TODAY = date(2026, 3, 20)
UNIT = "units/mot-cua.yaml"
WITH_ID_NUMBER = SAMPLE_RECORDS[UNIT] + "description: Liên hệ ông Lê Văn Bình, CCCD 001203001234\n"


def verdicts(report: AuditReport) -> list[tuple[Any, ...]]:
    return [(finding.obligation_id, finding.status, finding.message,
             [str(place) for place in finding.positions]) for finding in report.findings]


def audited(content: Path, cache: Path | None) -> AuditReport:
    return run_audit(check_content(content).board, TODAY, cache_dir=cache)


def no_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the record scan fail: a warm audit that still reports must have taken the memo."""
    def refuse(*args: Any) -> Any:
        raise AssertionError("scanned again")
    monkeypatch.setattr(privacy, "_record_data", refuse)


def board(root: Path, unit: str = WITH_ID_NUMBER) -> Path:
    write_files(root, {"board.yaml": BOARD_YAML, **SAMPLE_RECORDS, UNIT: unit})
    return root


def test_a_warm_audit_of_the_demo_board_reports_what_a_cold_one_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content, cache = REPO / "content", tmp_path / "cache"
    cold = verdicts(audited(content, None))
    assert verdicts(audited(content, cache)) == cold
    assert (cache / MEMO_FILE).is_file()
    no_scan(monkeypatch)
    assert verdicts(audited(content, cache)) == cold


def test_a_violation_kept_in_the_memo_still_stops_the_record(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    content, cache = board(tmp_path / "content"), tmp_path / "cache"
    cold = audited(content, None)
    assert audited(content, cache).violations()
    with monkeypatch.context() as patched:
        no_scan(patched)
        warm = audited(content, cache)
    assert verdicts(warm) == verdicts(cold)
    violation = next(finding for finding in warm.violations() if finding.obligation_id == "PRIV-DATA")
    assert "001*******34" in violation.message and violation.positions[0].path.endswith(UNIT)


def test_an_edited_record_is_scanned_again(tmp_path: Path) -> None:
    content, cache = board(tmp_path / "content"), tmp_path / "cache"
    assert any(finding.obligation_id == "PRIV-DATA" for finding in audited(content, cache).violations())
    board(content, SAMPLE_RECORDS[UNIT])  # the number removed
    report = audited(content, cache)
    assert not report.violations()
    assert [finding.status for finding in report.for_obligation("PRIV-DATA")] == [Status.MET]
    board(content, WITH_ID_NUMBER)  # and put back
    assert verdicts(audited(content, cache)) == verdicts(audited(content, None))


@pytest.mark.parametrize("damage", [
    "not json",
    '[[["description"], [["recipe", "x"]]]]',  # not a kind of personal data
    '[[["description"], []]]',  # a place without a match
    '[["description", [["id_number", "001203001234"]]]]',  # a place that is a string, not a path
    '[[["description", true], [["id_number", "001203001234"]]]]',  # a place that is not keys and indexes
    '[[["description"]]]',
])
def test_a_damaged_entry_is_scanned_again(tmp_path: Path, damage: str) -> None:
    content, cache = board(tmp_path / "content"), tmp_path / "cache"
    cold = verdicts(audited(content, None))
    audited(content, cache)
    kept = kept_texts(cache / MEMO_FILE)
    name = next(name for name in kept if name.endswith(f"/unit/{Path(UNIT).stem}"))
    kept[name] = (kept[name][0], damage)
    pack = read_pack(cache / MEMO_FILE)
    names = [[name, entry[0]] for name, entry in kept.items()]
    replace_pack(cache / MEMO_FILE, {**pack.head, "names": names}, [entry[1] for entry in kept.values()])
    assert verdicts(audited(content, cache)) == cold
    kept = kept_texts(cache / MEMO_FILE)
    assert name not in kept or kept[name][1] != damage
    assert verdicts(audited(content, cache)) == cold


def kept_texts(file: Path) -> dict[str, tuple[str, str]]:
    """A memo's entries as its pack holds them: name → (fingerprint, text)."""
    pack = read_pack(file)
    names = pack.head["names"]
    return {name: (fingerprint, pack.text(number)) for number, (name, fingerprint) in enumerate(names)}


def test_a_memo_of_another_key_or_a_broken_file_is_not_used(tmp_path: Path) -> None:
    content, cache = board(tmp_path / "content"), tmp_path / "cache"
    cold = verdicts(audited(content, None))
    audited(content, cache)
    pack = read_pack(cache / MEMO_FILE)
    texts = [pack.text(number) for number in range(len(pack))]
    replace_pack(cache / MEMO_FILE, {**pack.head, "key": "another"}, texts)
    assert verdicts(audited(content, cache)) == cold
    whole = (cache / MEMO_FILE).read_bytes()
    for cut in (len(whole) - 1, len(whole) // 2, 20):
        (cache / MEMO_FILE).write_bytes(whole[:cut])
        assert verdicts(audited(content, cache)) == cold


def test_the_build_keeps_the_memo_in_its_cache(tmp_path: Path) -> None:
    from generator.site.build import build

    content, cache = board(tmp_path / "content", SAMPLE_RECORDS[UNIT]), tmp_path / "cache"
    retired = [cache / "audit.json", cache / "public" / "render.json"]  # an earlier version's memos
    for file in retired:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("{}", encoding="utf-8")
    build(content, tmp_path / "site", TODAY, cache_dir=cache, parallel=False)
    assert (cache / MEMO_FILE).is_file()
    assert not any(file.exists() for file in retired)


@pytest.mark.parametrize("cached", [False, True])
def test_an_override_list_of_mixed_values_is_audited(tmp_path: Path, cached: bool) -> None:
    # board.yaml's lists are not typed item by item: names, numbers, a date and null together
    # must not stop the audit (the memo keys on the settings as given, unsorted).
    overrides = ("obligation_overrides:\n  PRIV-DATA:\n    skip_keys: [id, file, 2024, 2026-01-02, null]\n"
                 "    phone_exempt_keys: [phone, 7]\n")
    content = board(tmp_path / "content")
    (content / "board.yaml").write_text(BOARD_YAML + overrides, encoding="utf-8")
    report = audited(content, tmp_path / "cache" if cached else None)
    assert any(finding.obligation_id == "PRIV-DATA" for finding in report.violations())


def test_a_site_cache_folder_planted_as_a_link_is_not_followed(tmp_path: Path) -> None:
    from generator.site.build import build

    content, cache = board(tmp_path / "content", SAMPLE_RECORDS[UNIT]), tmp_path / "cache"
    victim = tmp_path / "victim"  # a CI cache restored with cache/public linked elsewhere
    victim.mkdir()
    for name in ("render.json", "search.json", "notes.txt"):
        (victim / name).write_text("{}", encoding="utf-8")
    cache.mkdir()
    (cache / "public").symlink_to(victim)
    build(content, tmp_path / "site", TODAY, cache_dir=cache, parallel=False)
    assert sorted(path.name for path in victim.iterdir()) == ["notes.txt", "render.json", "search.json"]
    assert not (cache / "public").is_symlink()
