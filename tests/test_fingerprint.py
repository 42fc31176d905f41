"""Fingerprints tell apart the values a cache must not confuse, and refuse what they cannot hold.

A kept notice, page or screen is reused when its value has the fingerprint it was made from: two
values that render differently must never share one."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from generator.fingerprint import Fingerprints, NoFingerprint, read_pack, replace_pack, top_file


@dataclass(frozen=True)
class Amount:
    value: str


@dataclass(frozen=True)
class Note:
    value: str


class Frozen(Mapping[str, Any]):
    """A mapping that is not a dict."""

    def __init__(self, **items: Any) -> None:
        self._items = items

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


class Fee(BaseModel):
    title: str
    amount: int


def fee(amount: int) -> Fee:
    return Fee(title="Lệ phí hộ tịch", amount=amount)


@pytest.mark.parametrize(("one", "other"), [
    ({"day": date(2026, 1, 1)}, {"day": "2026-01-01"}),
    (date(2026, 1, 1), datetime(2026, 1, 1)),
    (Amount("50.000"), Note("50.000")),
    (Amount("50.000"), {"value": "50.000"}),
    (Amount("50.000"), ["50.000"]),
    ([1, 2], [[1, 2]]),
    ({"a": 1}, [["a", 1]]),
    ("1", 1),
    (1, 1.0),
    (0, False),
    (None, "null"),
    ("Phí\u00a0200.000 đồng", "Phí 200.000 đồng"),
    (fee(50_000), fee(60_000)),
])
def test_values_that_differ_have_different_fingerprints(one: Any, other: Any) -> None:
    fingerprints = Fingerprints()
    assert fingerprints.of(one) != fingerprints.of(other)


def test_equal_values_have_the_same_fingerprint_in_another_build() -> None:
    value = {"notice": Amount("Không quy định"), "day": date(2026, 12, 7), "fee": fee(50_000),
             "rows": [("Lạng Sơn", 1), ("Cao Bằng", 2)]}
    copy = {"notice": Amount("Không quy định"), "day": date(2026, 12, 7), "fee": fee(50_000),
            "rows": [("Lạng Sơn", 1), ("Cao Bằng", 2)]}
    assert Fingerprints().of(value) == Fingerprints().of(copy)


def test_a_record_is_fingerprinted_by_where_it_came_from() -> None:
    record = fee(50_000)
    fingerprints = Fingerprints(lambda model: "file-bytes-digest" if model is record else None)
    same_source = Fingerprints(lambda model: "file-bytes-digest")
    assert fingerprints.of({"fee": record}) == same_source.of({"fee": fee(70_000)})


@pytest.mark.parametrize("value", [
    "\ud800 nửa ký tự",  # a lone surrogate: no JSON text holds it
    2**70,  # beyond 64 bits
    {1: "một", "1": "một"},  # keys that are not strings
    Frozen(a=1),
])
def test_what_json_does_not_hold_as_it_is_still_has_a_stable_fingerprint(value: Any) -> None:
    assert Fingerprints().of(value) == Fingerprints().of(value)
    assert Fingerprints().of(value) != Fingerprints().of(repr(value))


def test_a_mapping_that_is_not_a_dict_is_told_apart_from_its_contents() -> None:
    assert Fingerprints().of(Frozen(a=1)) != Fingerprints().of(Frozen(a=2))


@pytest.mark.parametrize("value", [lambda: 1, {"render": print}, [object()], {1, 2}])
def test_a_value_with_no_fingerprint_is_refused(value: Any) -> None:
    with pytest.raises(NoFingerprint):
        Fingerprints().of(value)


TEXTS = ["# Thủ tục đăng ký khai sinh\n\nLệ phí: Không quy định", "", "x\ud800y", "Phí\u00a0200.000 đồng\r\n"]


def test_a_text_pack_gives_back_its_head_and_every_text(tmp_path: Path) -> None:
    replace_pack(tmp_path / "memo.pack", {"key": "k", "names": ["a", "b", "c", "d"]}, TEXTS)
    pack = read_pack(tmp_path / "memo.pack")
    assert pack.head == {"key": "k", "names": ["a", "b", "c", "d"]}
    assert [pack.text(number) for number in range(len(TEXTS))] == TEXTS
    with pytest.raises(IndexError):
        pack.text(len(TEXTS))
    with pytest.raises(IndexError):
        pack.text(-1)


@pytest.mark.parametrize("damage", [
    lambda data: data[:-1],  # cut short
    lambda data: data[:20],  # the head cut
    lambda data: b"{" + data,  # not a pack
    lambda data: data + b"x",  # longer than its texts
    lambda data: data.replace(b'"ends":[', b'"ends":[-5,', 1),
    lambda data: data.replace(b'"ends":[', b'"ends":["1",', 1),
    lambda data: data.replace(b'"ends":', b'"end":', 1),
])
def test_a_damaged_text_pack_is_refused(tmp_path: Path, damage: Any) -> None:
    file = tmp_path / "memo.pack"
    replace_pack(file, {"key": "k"}, TEXTS)
    file.write_bytes(damage(file.read_bytes()))
    with pytest.raises(ValueError):
        read_pack(file)


def test_a_pack_whose_texts_changed_is_refused(tmp_path: Path) -> None:
    """A kept notice is written to the site undecoded: one byte changed, and the pack is not read."""
    file = tmp_path / "memo.pack"
    replace_pack(file, {"key": "k"}, ["<p>Lệ phí: 50.000 đồng</p>", "cuối"])
    data = bytearray(file.read_bytes())
    data[data.index("đồng".encode())] = 0x64  # same length, still UTF-8
    file.write_bytes(bytes(data))
    with pytest.raises(ValueError):
        read_pack(file)


NOTICES = [f"<p>Thông báo {number}: lệ phí\u00a0{number}.000 đồng, Không quy định</p>" * 20
           for number in range(40)]


def commit_one(file: Path, changed: int, text: str) -> None:
    """A clerk's commit: one notice of the pack made again, the others kept from it."""
    pack = read_pack(file)
    texts: list[Any] = [pack.raw(number) for number in range(len(pack))]
    texts[changed] = text
    replace_pack(file, {"names": len(texts), "commit": text}, texts, pack)


def test_a_commit_of_one_text_writes_it_alone_into_the_top_layer(tmp_path: Path) -> None:
    file = tmp_path / "print.pack"
    replace_pack(file, {"names": 40}, NOTICES)
    whole = file.read_bytes()
    commit_one(file, 3, "<p>Thông báo 3: lệ phí 5.000 đồng</p>")
    commit_one(file, 7, "<p>Thông báo 7: miễn phí</p>")  # the first commit's text is carried on
    assert file.read_bytes() == whole, "the pack below is not written again"
    assert top_file(file).stat().st_size < len(whole) / 10
    pack = read_pack(file)
    assert pack.head == {"names": 40, "commit": "<p>Thông báo 7: miễn phí</p>"}
    expected = [*NOTICES[:3], "<p>Thông báo 3: lệ phí 5.000 đồng</p>", *NOTICES[4:7],
                "<p>Thông báo 7: miễn phí</p>", *NOTICES[8:]]
    assert [pack.text(number) for number in range(len(pack))] == expected


def test_the_pack_is_written_whole_again_when_the_top_layer_would_grow_past_a_quarter(tmp_path: Path) -> None:
    file = tmp_path / "print.pack"
    replace_pack(file, {"names": 40}, NOTICES)
    whole = file.read_bytes()
    for number in range(10):  # the 11th text changed would be more than a quarter of the pack
        commit_one(file, number, NOTICES[number].upper())
        assert file.read_bytes() == whole
    commit_one(file, 10, NOTICES[10].upper())
    assert not top_file(file).exists() and file.read_bytes() != whole
    pack = read_pack(file)
    assert [pack.text(number) for number in range(len(pack))] == \
        [text.upper() for text in NOTICES[:11]] + NOTICES[11:]


def test_a_top_layer_over_another_pack_is_not_read(tmp_path: Path) -> None:
    """Stopped after a pack was written whole and before its old top layer was removed."""
    file = tmp_path / "print.pack"
    replace_pack(file, {"names": 40}, NOTICES)
    commit_one(file, 0, "<p>cũ</p>")
    layer = top_file(file).read_bytes()
    replace_pack(file, {"names": 40}, [text.replace("Thông báo", "TB") for text in NOTICES])
    top_file(file).write_bytes(layer)
    assert read_pack(file).text(0) == NOTICES[0].replace("Thông báo", "TB")


def test_a_pack_written_before_top_layers_is_written_whole_again(tmp_path: Path) -> None:
    """Its meta line led by its head: a top layer over it would never be read."""
    import hashlib

    import orjson

    file = tmp_path / "print.pack"
    texts = [text.encode() for text in NOTICES]
    ends = [sum(map(len, texts[:number + 1])) for number in range(len(texts))]
    meta = {"head": {"names": 40}, "ends": ends, "sha256": hashlib.sha256(b"".join(texts)).hexdigest()}
    file.write_bytes(b"congkhai-pack 1\n" + orjson.dumps(meta) + b"\n" + b"".join(texts))
    commit_one(file, 3, "<p>mới</p>")
    assert not top_file(file).exists()
    assert read_pack(file).text(3) == "<p>mới</p>" and read_pack(file).text(4) == NOTICES[4]


@pytest.mark.parametrize("damage", [
    lambda data: data[:-1],
    lambda data: data.replace("cũ".encode(), b"cu" + b"\xcc"),
    lambda data: data.replace(b'"spans":[', b'"spans":[1,', 1),
    lambda data: data.replace(b'"spans":[0,0,', b'"spans":[0,-4,', 1),
    lambda data: data.replace(b'"spans":[0,', b'"spans":[2,', 1),
])
def test_a_damaged_top_layer_is_refused(tmp_path: Path, damage: Any) -> None:
    file = tmp_path / "print.pack"
    replace_pack(file, {"names": 40}, NOTICES)
    commit_one(file, 5, "<p>cũ</p>")
    top_file(file).write_bytes(damage(top_file(file).read_bytes()))
    with pytest.raises(ValueError):
        read_pack(file)


def test_a_pack_below_a_top_layer_whose_texts_changed_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "print.pack"
    replace_pack(file, {"names": 40}, NOTICES)
    commit_one(file, 5, "<p>cũ</p>")
    file.write_bytes(file.read_bytes().replace("đồng".encode(), b"dong", 1))
    with pytest.raises(ValueError):
        read_pack(file)


def test_a_memo_gives_back_what_it_kept_and_makes_again_what_does_not_read_back(tmp_path: Path) -> None:
    from generator.fingerprint import MemoFile

    file = tmp_path / "memo.pack"
    memo = MemoFile.open(file, "k")
    assert memo.blob("a.csv", ["Lạng Sơn"], lambda: "\ufeffTên\r\nLạng Sơn\r\n".encode()) \
        == "\ufeffTên\r\nLạng Sơn\r\n".encode()
    assert memo.text("b.html", ["Cao Bằng"], lambda: "<p>Cao Bằng</p>") == "<p>Cao Bằng</p>"
    memo.save()

    again = MemoFile.open(file, "k")
    assert again.blob("a.csv", ["Lạng Sơn"], lambda: b"made again") == "\ufeffTên\r\nLạng Sơn\r\n".encode()
    assert again.text("b.html", ["Cao Bằng"], lambda: "made again") == "<p>Cao Bằng</p>"
    assert again.text("b.html", ["Hà Nội"], lambda: "<p>Hà Nội</p>") == "<p>Hà Nội</p>"
    assert again.reused == 2



def test_a_memo_keeps_what_was_made_when_a_name_was_reused_twice(tmp_path: Path) -> None:
    from generator.fingerprint import MemoFile

    file = tmp_path / "memo.pack"
    memo = MemoFile.open(file, "k")
    memo.text("a", 1, lambda: "A")
    memo.text("b", 2, lambda: "B")
    memo.save()
    again = MemoFile.open(file, "k")
    again.text("a", 1, lambda: "made again")
    again.text("a", 1, lambda: "made again")  # the same name twice: two reuses, one name
    again.text("c", 3, lambda: "C")
    again.save()
    assert MemoFile.open(file, "k").text("c", 3, lambda: "made again") == "C"


def test_a_folder_planted_where_a_pack_or_its_top_layer_goes_is_replaced(tmp_path: Path) -> None:
    """A restored cache is never a reason for a build to fail."""
    file = tmp_path / "print.pack"
    file.mkdir()
    (file / "x").write_text("x", encoding="utf-8")
    top_file(file).mkdir()
    replace_pack(file, {"names": 40}, NOTICES)
    assert not top_file(file).exists()
    top_file(file).mkdir()
    commit_one(file, 2, "<p>mới</p>")
    assert top_file(file).is_file() and read_pack(file).text(2) == "<p>mới</p>"
