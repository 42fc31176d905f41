"""The load stage's output kept in the build cache: a file read before is not parsed again.

Parsing YAML (libyaml's composer and the walk that records where each value stands) is most of
a check: about 4.6 of 7.7 CPU seconds at 5,000 records. A clerk's commit changes one or two
files, so a build with the cache (`congkhai build --cache`) keeps, for each content file, what
`load_text` made of it: the data, the source marks, the values already reported and the
problems. An entry is used only for the same bytes (BLAKE2 digest), display path, kind and file
name; the file's key holds congkhai's code and the versions it runs on, so that a change of
the loader makes every file parsed again. The file's text is decoded again from its bytes.

JSON holds what the loader makes except dates, times and non-finite floats: those are written
as tagged entries beside the data and put back when read. Marks are lists of numbers, keys,
texts and marks, which JSON holds as they are (a sequence's marks tell themselves from a
mapping's by their first element, see `load._entry`). An entry
is made into JSON when its file is parsed, before any later stage sees the document. A file
whose data JSON cannot hold (an integer beyond 64 bits, a lone surrogate) is simply parsed on
every build. An entry that does not read back as written counts as absent.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from generator.check.load import (
    Document,
    Loc,
    SourceMap,
    decode_text,
    file_digest,
    load_text,
)
from generator.diagnostics import Diagnostic, Position, Severity
from generator.fingerprint import code_digest, key_of, read_table, replace_json, versions

MEMO_FORMAT = 1
MEMO_FILE = "load.json"

# [digest, kind, stem, payload]: the payload as read from the memo's file, or as the JSON bytes
# made when the file was parsed (bytes pickle, for the forked workers that hand entries back).
Entry = list[Any]


class _Unkept(ValueError):
    """A value this memo does not keep (the file is parsed on every build)."""


@dataclass(slots=True)
class LoadMemo:
    """The files of the last build (`old`) and of this one (`new`), by display path."""

    file: Path
    key: str
    old: dict[str, Entry]
    new: dict[str, Entry] = field(default_factory=dict)
    reused: int = 0

    @classmethod
    def open(cls, cache_dir: Path) -> LoadMemo:
        """The memo in `cache_dir`; empty when missing, damaged or written by other code."""
        file, key = cache_dir / MEMO_FILE, key_of(MEMO_FORMAT, code_digest(), versions())
        return cls(file, key, read_table(file, key, "files"))

    def load(self, path: str, raw: bytes, kind: str, stem: str) -> tuple[Document | None, list[Diagnostic]]:
        """What `load_text(path, raw, kind, stem)` gives, from the memo when it has this file."""
        digest = file_digest(raw)
        entry = self.old.get(path)
        if isinstance(entry, list) and len(entry) == 4 and entry[:3] == [digest, kind, stem]:
            # The document's data is the entry's own: no later stage changes a document's data
            # (validation makes models of it), so the entry is written back as it was read.
            found = _read_entry(path, raw, kind, stem, digest, entry[3])
            if found is not None:
                self.new[path] = entry
                self.reused += 1
                return found
        document, problems = load_text(path, raw, kind, stem)
        if document is not None:
            with contextlib.suppress(_Unkept, orjson.JSONEncodeError):
                self.new[path] = [digest, kind, stem, orjson.dumps(_payload(document, problems))]
        return document, problems

    def save(self) -> None:
        """Keep this check's files for the next one. A memo that cannot be written is no error:
        the next check parses what it does not find."""
        if self.new == self.old:
            return
        files = {path: [*entry[:3], orjson.Fragment(entry[3]) if isinstance(entry[3], bytes) else entry[3]]
                 for path, entry in sorted(self.new.items())}
        with contextlib.suppress(OSError, TypeError, ValueError):  # a path orjson refuses: TypeError
            replace_json(self.file, {"key": self.key, "files": files})


# Writing


def _payload(document: Document, problems: list[Diagnostic]) -> dict[str, Any]:
    specials: list[Any] = []
    _check_data(document.data, (), specials)
    source = document.source
    return {"data": document.data, "specials": specials, "root": list(source.root),
            "marks": source.marks, "broken": sorted(list(loc) for loc in document.broken),
            "problems": [_problem_out(problem) for problem in problems]}


def _check_data(value: Any, loc: Loc, specials: list[Any]) -> None:
    """Note the values JSON would change; raise _Unkept for a value JSON has no form for (what
    orjson refuses, such as a lone surrogate or a 65-bit integer, raises when it is written)."""
    cls = value.__class__
    if cls is str or cls is bool or cls is int or value is None:
        pass
    elif cls is dict:
        for key, item in value.items():
            _check_data(item, (*loc, key), specials)
    elif cls is list:
        for index, item in enumerate(value):
            _check_data(item, (*loc, index), specials)
    elif cls is float:
        if not math.isfinite(value):
            specials.append([list(loc), "float", repr(value)])
    elif cls is date:
        specials.append([list(loc), "date", value.isoformat()])
    elif cls is datetime:
        specials.append([list(loc), "datetime", value.isoformat()])
    else:
        raise _Unkept(f"a {cls.__qualname__}")


def _problem_out(problem: Diagnostic) -> list[Any]:
    related = problem.related
    return [*_position_out(problem.position), problem.code, problem.message, problem.severity.value,
            _position_out(related) if related is not None else None]


def _position_out(position: Position) -> list[Any]:
    return [position.path, position.line, position.column]


# Reading


def _read_entry(path: str, raw: bytes, kind: str, stem: str, digest: str,
                payload: Any) -> tuple[Document, list[Diagnostic]] | None:
    text = decode_text(raw)
    if text is None:
        return None
    try:
        data = payload["data"]
        if data.__class__ is not dict:
            return None
        for loc, tag, value in payload["specials"]:
            _put(data, loc, _special(tag, value))
        line, column = payload["root"]
        marks = payload["marks"]
        if marks.__class__ is not list:
            return None
        # Marks that are lists but not marks (a damaged cache) cost a position, never a crash:
        # SourceMap.position falls back to the file itself.
        source = SourceMap(path, (int(line), int(column)), marks, digest=digest)
        broken = frozenset(tuple(loc) for loc in payload["broken"])
        problems = [_problem_in(item) for item in payload["problems"]]
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None
    return Document(kind, stem, data, source, broken, text), problems


def _special(tag: str, value: str) -> Any:
    if tag == "date":
        return date.fromisoformat(value)
    if tag == "datetime":
        return datetime.fromisoformat(value)
    if tag == "float":
        return float(value)
    raise ValueError(tag)


def _put(data: Any, loc: list[Any], value: Any) -> None:
    *parents, last = loc
    for part in parents:
        data = data[part]
    data[last] = value


def _problem_in(item: list[Any]) -> Diagnostic:
    path, line, column, code, message, severity, related = item
    related_at = _position_in(related) if related is not None else None
    if not (code.__class__ is str and message.__class__ is str):
        raise ValueError("a problem without its code or message")
    return Diagnostic(_position_in([path, line, column]), code, message, Severity(severity), related_at)


def _position_in(item: list[Any]) -> Position:
    path, line, column = item
    if not (path.__class__ is str and line.__class__ is int and column.__class__ is int):
        raise ValueError("not a position")
    return Position(path, line, column)


__all__ = ["MEMO_FILE", "LoadMemo"]
