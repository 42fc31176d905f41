"""Fingerprints: short digests of what went into an output, to tell whether it can be reused.

A board's record is fingerprinted by its file's bytes with its kind and id (Board.source_digest:
a record is a function of those and of the code); any other model by what pydantic serialises
of it. A value made of records, dataclasses, lists, mappings, dates, enums and plain values has
a fingerprint made of its parts' in order. The build caches (the render cache, the print pack's
notices, the search index's texts, the page cache) key what they keep on these, beside the
digests of congkhai's own code and of the templates (`code_digest`, `tree_digest`) and the
versions of what the code runs on, so that a change anywhere makes the output again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime, time
from enum import Enum
from functools import cache
from importlib import metadata
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel

from generator.paths import remove_entry

CODE_DIR = Path(__file__).resolve().parent  # generator/

T = TypeVar("T")


# orjson hands these to Fingerprints._marked rather than writing them as it would.
_MARKED = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
_MARKS: dict[type, str] = {}  # a type → how Fingerprints._marked writes its values ("" for none)
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _mark_of(value: Any) -> str:
    if isinstance(value, BaseModel):
        return "M"
    if isinstance(value, (date, datetime, time)):
        return "D"
    if is_dataclass(value) and not isinstance(value, type):
        _FIELD_NAMES[type(value)] = tuple(field.name for field in fields(value))
        return "C"
    return "H" if isinstance(value, Mapping) else ""


class NoFingerprint(TypeError):
    """A value of a kind that has no fingerprint (an open file, a function…)."""


class Fingerprints:
    """Digests of answers, each record's computed once per build (records do not change
    during a build)."""

    def __init__(self, source_digest: Callable[[Any], str | None] | None = None) -> None:
        """`source_digest`: a record's fingerprint from where it came from (Board.source_digest),
        far cheaper than serialising the model; None for a model it does not know."""
        self._records: dict[int, str] = {}
        self._answers: dict[str, str] = {}
        self._source_digest = source_digest

    def record(self, record: BaseModel) -> str:
        found = self._records.get(id(record))
        if found is None:
            found = self._source_digest(record) if self._source_digest is not None else None
            if found is None:
                payload = f"{type(record).__qualname__}\0".encode() + record.model_dump_json().encode()
                found = hashlib.sha256(payload).hexdigest()[:24]
            self._records[id(record)] = found
        return found

    def of(self, value: Any) -> str:
        """The fingerprint of `value`: its JSON as orjson writes it (in one call, far faster
        than a walk in Python: a build fingerprints about 20,000 notices, pages and screens),
        with records, dates and dataclasses marked as such (`_marked`); a value JSON cannot
        hold as it is (a lone surrogate, an int beyond 64 bits, a key that is not a string) by
        a walk of its parts (`_feed`, whose bytes never begin as JSON does). Enum members are
        written as their values, and a list as a tuple: a value's place in the code that made
        it, which the caches' keys hold (`code_digest`), gives it its type. orjson writes NaN
        and infinities as null: no value fingerprinted holds a float (the models hold none)."""
        try:
            data = orjson.dumps(value, default=self._marked, option=_MARKED)
        except orjson.JSONEncodeError:
            hashed = hashlib.sha256()
            self._feed(hashed, value)
            return hashed.hexdigest()[:24]
        return hashlib.sha256(data).hexdigest()[:24]

    def _marked(self, value: Any) -> Any:
        """What orjson writes in place of a value it passes over: a record by its fingerprint,
        a date or time as an ISO text, a dataclass as its type's name and its fields, each
        marked apart from a plain string or list of the same text. (A build calls this about
        100,000 times: what a type is marked as is looked up by the type.)"""
        kind = type(value)
        mark = _MARKS.get(kind)
        if mark is None:
            mark = _MARKS[kind] = _mark_of(value)
        if mark == "M":
            return {"\0M": self.record(value)}
        if mark == "D":
            return {"\0D": value.isoformat()}
        if mark == "C":
            return {"\0C": kind.__qualname__, "": [getattr(value, name) for name in _FIELD_NAMES[kind]]}
        if mark == "H":
            return {"\0H": list(value.items())}
        raise NoFingerprint(f"cannot fingerprint a {kind.__qualname__}")

    def _feed(self, hashed: Any, value: Any) -> None:
        if isinstance(value, BaseModel):
            hashed.update(b"M" + self.record(value).encode())
        elif isinstance(value, str):
            data = value.encode("utf-8", "surrogatepass")
            hashed.update(b"S%d:" % len(data) + data)
        elif value is None or isinstance(value, (bool, int, float)):
            hashed.update(b"P" + repr(value).encode() + b";")
        elif isinstance(value, (date, datetime, time)):
            hashed.update(b"D" + value.isoformat().encode() + b";")
        elif isinstance(value, Enum):
            hashed.update(b"E" + type(value).__qualname__.encode() + b"." + repr(value.value).encode() + b";")
        elif isinstance(value, (list, tuple)):
            hashed.update(b"L%d[" % len(value))
            for item in value:
                self._feed(hashed, item)
            hashed.update(b"]")
        elif isinstance(value, Mapping):
            hashed.update(b"H%d{" % len(value))
            for key, item in value.items():
                self._feed(hashed, key)
                self._feed(hashed, item)
            hashed.update(b"}")
        elif is_dataclass(value) and not isinstance(value, type):
            hashed.update(b"C" + type(value).__qualname__.encode() + b"(")
            for field in fields(value):
                self._feed(hashed, getattr(value, field.name))
            hashed.update(b")")
        else:
            raise NoFingerprint(f"cannot fingerprint a {type(value).__qualname__}")

    def known(self, question: str) -> str | None:
        """The fingerprint of the answer to `question` if it was asked in this build."""
        return self._answers.get(question)

    def answer(self, question: str, ask: Callable[[], Any]) -> str:
        """The fingerprint of the answer to `question`, asked (`ask()`) once per build."""
        found = self._answers.get(question)
        if found is None:
            found = self._answers[question] = self.of(ask())
        return found

    def remember(self, question: str, answer: Any) -> str:
        """The fingerprint of an answer a page was just given (the same question has the same
        answer all through a build, so it is computed once)."""
        return self.answer(question, lambda: answer)


def tree_digest(root: Path, pattern: str = "*") -> str:
    """Names and bytes of the files under `root` that match `pattern`."""
    hashed = hashlib.sha256()
    for path in sorted(root.rglob(pattern)):
        if path.is_file():
            hashed.update(path.relative_to(root).as_posix().encode() + b"\0")
            hashed.update(hashlib.sha256(path.read_bytes()).digest())
    return hashed.hexdigest()


# What runs the code: a new version may read a file or print a value differently.
DISTRIBUTIONS = ("congkhai", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2",
                 "markupsafe", "pydantic", "pydantic-core", "pyyaml", "segno", "holidays", "orjson")


@cache
def versions() -> dict[str, str]:
    found = {"python": sys.version}
    for name in DISTRIBUTIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "-"
    return found


CODE_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".j2", ".html", ".css", ".js")


@cache
def code_digest() -> str:
    """congkhai's own files as this process runs them (its code and its data, such as the
    obligation registry; the theme has digests of its own): a change of code changes what
    it builds, version or not."""
    hashed = hashlib.sha256()
    for path in sorted(CODE_DIR.rglob("*")):
        relative = path.relative_to(CODE_DIR)
        skipped = relative.parts[0] == "theme" or "__pycache__" in relative.parts
        if skipped or path.suffix not in CODE_SUFFIXES or not path.is_file():
            continue
        hashed.update(relative.as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return hashed.hexdigest()


def key_of(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def read_json(file: Path) -> Any:
    """A cache file's JSON (OSError if unreadable, ValueError if not JSON).

    The caches' files are read and written whole on every build (tens of MB per site at 5,000
    records); orjson does it 2-3× faster than the json module."""
    return orjson.loads(file.read_bytes())


def read_table(file: Path, key: str, name: str) -> dict[str, Any]:
    """The table `name` of a cache file written as {"key": key, name: {...}}; empty when the
    file is missing, damaged or was written under another key."""
    try:
        payload = read_json(file)
        table = payload[name] if payload.get("key") == key else {}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}
    return table if isinstance(table, dict) else {}


def json_bytes(data: Any) -> bytes:
    """`data` as compact JSON (no raw line break in it)."""
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:  # a lone surrogate: orjson refuses it, json escapes it
        return json.dumps(data, separators=(",", ":")).encode("ascii")


def replace_json(file: Path, data: Any) -> None:
    """Write `data` as JSON into `file` in one step (`replace_file`)."""
    replace_file(file, json_bytes(data))


def stable_text(value: Any) -> str:
    """A setting as text that is the same in every process (for a digest): a function or other
    callable by its qualified name, anything else by its repr."""
    if callable(value):
        name = getattr(value, "__qualname__", type(value).__qualname__)
        return f"{getattr(value, '__module__', '')}.{name}"
    return repr(value)


def replace_file(file: Path, payload: bytes | Iterable[bytes | memoryview]) -> None:
    """Write `payload` (bytes, or pieces of it written one after the other) into `file` in one
    step: a reader (or a build stopped half-way) sees the old file or the new one, never half
    of one."""
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(file.name + ".part")
    # A cache may come back from another job's CI cache: whatever stands at the partial file's
    # name (a link planted there) is removed, never written through.
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(descriptor, "wb") as out:
        if isinstance(payload, bytes):
            out.write(payload)
        else:
            out.writelines(payload)
    if file.is_dir() and not file.is_symlink():  # a folder planted where the file goes
        remove_entry(file)
    os.replace(partial, file)


# A text pack: this line, its meta as JSON on one line ({"sha256": …, "ends": […], "head": …}),
# then the texts' UTF-8 back to back, each ending at its offset in "ends".
PACK_MAGIC = b"congkhai-pack 1\n"
# Its top layer, in a file beside it (`top_file`): this line, the meta line ({"base": the pack's
# "sha256", "sha256": …, "spans": [layer, start, end, …], "head": …}), then the texts that are
# not in the pack below (layer 1; layer 0: the pack's own bytes).
TOP_MAGIC = b"congkhai-pack-top 1\n"
_SHA_PREFIX = b'{"sha256":"'


def top_file(file: Path) -> Path:
    return file.with_name(file.name + ".top")


def replace_pack(file: Path, head: Any, texts: Iterable[str | bytes | memoryview],
                 previous: TextPack | None = None) -> None:
    """Write JSON data (`head`) and `texts` into `file` in one step, the texts as bare UTF-8
    (or as the bytes given: a text kept from `previous`, the pack read from `file`, as
    `TextPack.raw` gave it).

    The caches keep tens of MB of page Markdown, notices and search texts a site. In a JSON
    string, orjson reads such Vietnamese text at about 100 MB/s; the same text as bytes is
    decoded many times faster, and only when it is used (`TextPack.text`). The texts' SHA-256
    is in the meta line: a pack whose bytes changed is not read (0.03 s for 30 MB), since a
    kept notice or table is written to the site as it is, never decoded on the way.

    A clerk's commit changes a few texts of thousands: when most of them are kept from
    `previous`'s own bytes, only the others are written, into its top layer (`top_file`, which
    names the pack below by its SHA-256): 0.1 to 0.3 MB instead of 30. The whole pack is written
    again (and the top layer removed) once the top layer would hold more than a quarter of the
    pack's bytes, or the pack's texts still used less than half of them."""
    encoded = [text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text for text in texts]
    if previous is not None and previous.file == file and _replace_top(file, head, encoded, previous):
        return
    ends = list(accumulate(map(len, encoded)))
    meta = {"sha256": _sha256_of(encoded), "ends": ends, "head": head}
    replace_file(file, [PACK_MAGIC, json_bytes(meta), b"\n", *encoded])
    remove_entry(top_file(file))  # a stale one names another pack: never read


def _replace_top(file: Path, head: Any, encoded: list[bytes | memoryview], previous: TextPack) -> bool:
    """Write the top layer over `previous` if it pays (see replace_pack); False if it does not."""
    spans: list[int] = []
    added: list[bytes | memoryview] = []
    added_size = kept_size = 0
    for piece in encoded:
        span = previous.span_of(piece)
        if span is not None and span[0] == 0:
            spans += span
            kept_size += span[2] - span[1]
        else:
            spans += (1, added_size, added_size + len(piece))
            added.append(piece)
            added_size += len(piece)
    size = len(previous.blob)
    if not previous.sha256 or added_size * 4 > size or kept_size * 2 < size:
        return False
    meta = {"base": previous.sha256, "sha256": _sha256_of(added), "spans": spans, "head": head}
    replace_file(top_file(file), [TOP_MAGIC, json_bytes(meta), b"\n", *added])
    return True


def _sha256_of(pieces: Iterable[bytes | memoryview]) -> str:
    hashed = hashlib.sha256()
    for piece in pieces:
        hashed.update(piece)
    return hashed.hexdigest()


@dataclass(slots=True)
class TextPack:
    """A text pack as read (`read_pack`): its head, and its texts by number: in `blob` (its own
    bytes, ending at `ends`) or, with a top layer, where `spans` say (in `blob` or `top`)."""

    file: Path
    head: Any
    sha256: str
    blob: memoryview
    ends: list[int]
    top: memoryview | None = None
    spans: list[int] | None = None
    # The views `raw` gave, by number, and their numbers by id: a kept text given back to
    # replace_pack is found in this pack, and not written again.
    views: dict[int, memoryview] = field(default_factory=dict)
    numbers: dict[int, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ends) if self.spans is None else len(self.spans) // 3

    def text(self, number: int) -> str:
        """The text `number`; IndexError or ValueError (UnicodeDecodeError) if there is none."""
        return str(self.raw(number), "utf-8", "surrogatepass")

    def raw(self, number: int) -> memoryview:
        """The bytes of text `number` (IndexError if there is none)."""
        view = self.views.get(number)
        if view is None:
            if not 0 <= number < len(self):
                raise IndexError(number)
            layer, start, end = self._span(number)
            view = self.views[number] = (self.blob if layer == 0 else self._top())[start:end]
            self.numbers[id(view)] = number
        return view

    def span_of(self, piece: bytes | memoryview) -> tuple[int, int, int] | None:
        """Where `piece` is in this pack, if it is a view `raw` gave: (layer, start, end)."""
        number = self.numbers.get(id(piece))
        if number is None or self.views.get(number) is not piece:
            return None
        return self._span(number)

    def _span(self, number: int) -> tuple[int, int, int]:
        if self.spans is None:
            return 0, self.ends[number - 1] if number else 0, self.ends[number]
        return self.spans[3 * number], self.spans[3 * number + 1], self.spans[3 * number + 2]

    def _top(self) -> memoryview:
        assert self.top is not None  # a span in layer 1 is only read with a top layer
        return self.top


def read_pack(file: Path) -> TextPack:
    """The text pack in `file`, with its top layer if it has one over these bytes: OSError if
    unreadable, ValueError if it is not a whole pack."""
    data = file.read_bytes()
    if not data.startswith(PACK_MAGIC):
        raise ValueError("not a text pack")
    line_end = data.find(b"\n", len(PACK_MAGIC))
    if line_end < 0:
        raise ValueError("a text pack without its head")
    blob = memoryview(data)[line_end + 1:]
    layered = _read_top(file, data, blob)
    if layered is not None:
        return layered
    meta = orjson.loads(memoryview(data)[len(PACK_MAGIC):line_end])
    ends = meta.get("ends") if isinstance(meta, dict) else None
    if not isinstance(ends, list) or (ends[-1] if ends else 0) != len(blob) \
            or not all(type(end) is int for end in ends) or any(a > b for a, b in pairwise([0, *ends])):
        raise ValueError("a text pack cut short or damaged")
    if meta.get("sha256") != hashlib.sha256(blob).hexdigest():
        raise ValueError("a text pack whose texts changed")
    # A pack written before top layers (its meta not led by its SHA-256) takes none: a build
    # writes it again whole.
    layerable = data.startswith(_SHA_PREFIX, len(PACK_MAGIC))
    return TextPack(file, meta.get("head"), meta["sha256"] if layerable else "", blob, ends)


def _read_top(file: Path, data: bytes, blob: memoryview) -> TextPack | None:
    """The pack with its top layer, if `file` has one whose base is `data` (None: read the pack
    alone); ValueError if the top layer is damaged."""
    start = len(PACK_MAGIC) + len(_SHA_PREFIX)
    if not data.startswith(_SHA_PREFIX, len(PACK_MAGIC)):
        return None
    sha = data[start:start + 64].decode("ascii", "replace")
    try:
        top = top_file(file).read_bytes()
    except OSError:
        return None
    line_end = top.find(b"\n", len(TOP_MAGIC))
    if not top.startswith(TOP_MAGIC) or line_end < 0:
        raise ValueError("not a text pack's top layer")
    meta = orjson.loads(memoryview(top)[len(TOP_MAGIC):line_end])
    if not isinstance(meta, dict) or meta.get("base") != sha:
        return None  # the layer of a pack since replaced
    added = memoryview(top)[line_end + 1:]
    spans = meta.get("spans")
    if not isinstance(spans, list) or not _spans_fit(spans, len(blob), len(added)):
        raise ValueError("a text pack's top layer cut short or damaged")
    if meta.get("sha256") != hashlib.sha256(added).hexdigest() or hashlib.sha256(blob).hexdigest() != sha:
        raise ValueError("a text pack whose texts changed")
    return TextPack(file, meta.get("head"), sha, blob, [], added, spans)


def _spans_fit(spans: list[Any], *sizes: int) -> bool:
    if len(spans) % 3 or not all(type(value) is int for value in spans):
        return False
    return all(layer in (0, 1) and 0 <= start <= end <= sizes[layer]
               for layer, start, end in zip(spans[::3], spans[1::3], spans[2::3], strict=True))


@dataclass(slots=True)
class MemoFile:
    """Outputs made from values, kept in one text pack under a key: `blob(name, value, make)`
    gives the bytes kept for `name` when `value` has the fingerprint they were made from, else
    `make()`'s; `text` and `data` do the same for a text and for JSON data.

    The pack's head (names and fingerprints) is read at `open` (a missing, damaged or other-key
    file is empty), a kept output when it is used; `save` replaces the file in one step and
    keeps the outputs of this run only."""

    file: Path
    key: str
    old: dict[str, tuple[str, int]]  # name → (fingerprint, number of its bytes in `pack`)
    pack: TextPack | None = None
    # name → (fingerprint, output): made in this run, or a slice of `pack`
    new: dict[str, tuple[str, bytes | memoryview]] = field(default_factory=dict)
    fingerprints: Fingerprints = field(default_factory=lambda: Fingerprints())
    reused: int = 0

    @classmethod
    def open(cls, file: Path, key: str, fingerprints: Fingerprints | None = None) -> MemoFile:
        memo = cls(file, key, {}, fingerprints=fingerprints or Fingerprints())
        try:
            pack = read_pack(file)
            if pack.head["key"] == key:
                memo.old = {name: (fingerprint, number)
                            for number, (name, fingerprint) in enumerate(pack.head["names"])}
                memo.pack = pack
        except (OSError, ValueError, TypeError, KeyError):
            memo.old = {}
        return memo

    def blob(self, name: str, value: Any, make: Callable[[], bytes]) -> bytes:
        """The bytes kept for `name` if `value` has the fingerprint they were made from, else
        `make()`'s (a notice's HTML, a table's CSV: written to a file as they are kept)."""
        try:
            fingerprint = self.fingerprints.of(value)
        except NoFingerprint:
            return make()
        kept = self._kept(name, fingerprint)
        if kept is None:
            made = make()
            self.new[name] = (fingerprint, made)
            return made
        self.reused += 1
        self.new[name] = (fingerprint, kept)
        return bytes(kept)

    def _kept(self, name: str, fingerprint: str) -> memoryview | None:
        kept = self.old.get(name)
        if kept is None or kept[0] != fingerprint or self.pack is None:
            return None
        try:
            return self.pack.raw(kept[1])
        except IndexError:
            return None

    def text(self, name: str, value: Any, make: Callable[[], str]) -> str:
        """`blob` for a text (kept as UTF-8; one that does not decode is made again)."""
        made: list[str] = []

        def encoded() -> bytes:
            made.append(make())
            return made[0].encode("utf-8", "surrogatepass")

        found = self.blob(name, value, encoded)
        if made:
            return made[0]
        try:
            return str(found, "utf-8", "surrogatepass")
        except ValueError:
            self._forget(name)
            return make()

    def data(self, name: str, value: Any, make: Callable[[], T], dump: Callable[[T], Any],
             load: Callable[[Any], T]) -> T:
        """`blob` for a result kept as JSON data: `dump` makes JSON data of what `make` gives,
        `load` reads it back, raising ValueError, TypeError or KeyError for data it does not
        accept (a damaged entry: made again, and not kept for the next run)."""
        made: list[T] = []

        def encoded() -> bytes:
            made.append(make())
            return json_bytes(dump(made[0]))

        found = self.blob(name, value, encoded)
        if made:
            return made[0]
        try:
            return load(orjson.loads(found))
        except (ValueError, TypeError, KeyError):
            self._forget(name)
            return make()

    def _forget(self, name: str) -> None:
        """A kept entry found damaged after `blob` gave it: not kept for the next run."""
        self.new.pop(name, None)
        self.reused -= 1

    def save(self) -> None:
        """Write this run's outputs, unless they are the last run's, every one (kept, not made)."""
        unchanged = all(isinstance(kept, memoryview) for _, kept in self.new.values())
        if unchanged and len(self.new) == len(self.old):
            return
        entries = sorted(self.new.items())
        names = [[name, fingerprint] for name, (fingerprint, _) in entries]
        replace_pack(self.file, {"key": self.key, "names": names}, [kept for _, (_, kept) in entries],
                     self.pack)
