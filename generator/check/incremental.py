"""`check`, again and again, for `congkhai serve`: only changed files are read and validated.

Gives the same CheckResult as generator.check.check_content (tests hold the two equal), but
remembers each file's validated form by its size and modification time, so a save re-reads one
file instead of thousands. The link stage always runs over the whole board: references go
across files.
"""

from __future__ import annotations

import gc
from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from generator.check import CheckResult
from generator.check.history import NO_HISTORY, History, head_commit, read_history
from generator.check.link import link, unlinked_problems
from generator.check.load import TextLoader, content_files, load_file
from generator.check.load_memo import Entry, LoadMemo
from generator.check.validate import RawReference, ValidRecord, raw_references, validate_document
from generator.diagnostics import Diagnostic, sort_key
from generator.workers import can_fork, forked_pool

FileKey = tuple[int, int]  # (size, mtime in ns)
RecordKey = tuple[str, str]  # (kind, id)


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """One content file as the check stage left it (its parsed data is not kept)."""

    key: FileKey
    shown: str
    kind: str
    record: RecordKey | None  # the record the file declares, valid or not
    valid: ValidRecord | None
    diagnostics: tuple[Diagnostic, ...]
    unlinked: tuple[RawReference, ...] = ()  # references of an invalid record, checked at link


def scan(content_dir: Path) -> dict[Path, tuple[str | None, FileKey]]:
    """Every content file (as content_files finds them) with its kind, size and mtime."""
    found: dict[Path, tuple[str | None, FileKey]] = {}
    for path, kind in content_files(content_dir):
        try:
            stat = path.stat()
            found[path] = (kind, (stat.st_size, stat.st_mtime_ns))
        except OSError:  # removed meanwhile, or unreadable: checked, and reported, as it is
            found[path] = (kind, (-1, -1))
    return found


def check_file(path: Path, kind: str | None, key: FileKey, content_dir: Path,
               loader: TextLoader | None = None) -> CheckedFile:
    loaded = load_file(path, kind, content_dir, loader)
    document, problems, valid, record = loaded.document, list(loaded.problems), None, None
    unlinked: list[RawReference] = []
    if document is not None:
        record = (document.kind, str(document.data.get("id", document.stem)))
        valid, invalid = validate_document(document)
        problems.extend(invalid)
        if valid is None and any(problem.is_error for problem in invalid):
            unlinked = raw_references(document)
    return CheckedFile(key, loaded.path, loaded.kind, record, valid, tuple(problems), tuple(unlinked))


class IncrementalChecker:
    """Checks a content folder; each run re-reads only the files whose size or mtime changed."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self.files: dict[Path, CheckedFile] = {}
        self.changed: list[Path] = []  # files read again by the last run (new or changed)
        self.removed: list[Path] = []  # files gone since the run before
        # The records in the changed and removed files, before and after the last run.
        self.changed_records: set[RecordKey] = set()
        self.last: CheckResult | None = None
        # The git history, read again only when another commit is checked out.
        self.history: History = NO_HISTORY
        self.history_head: str | None = None
        self.history_read = False

    def run(self, touched: frozenset[Path] = frozenset()) -> CheckResult:
        """Check again; `touched` files are re-read even if their size and mtime look the same
        (two saves within the file system's timestamp resolution)."""
        found = scan(self.content_dir)
        self.removed = [path for path in self.files if path not in found]
        self.changed = [path for path, (_, key) in found.items()
                        if path not in self.files or self.files[path].key != key or path in touched]
        if self.last is not None and not self.changed and not self.removed:
            self.changed_records = set()
            return self.last  # the same Board object: nothing to render or audit again
        previous, changed, folder = self.files, set(self.changed), self.content_dir
        self.files = {path: check_file(path, kind, key, folder) if path in changed else previous[path]
                      for path, (kind, key) in found.items()}
        before = [previous[path] for path in [*self.changed, *self.removed] if path in previous]
        after = [self.files[path] for path in self.changed]
        self.changed_records = {item.record for item in [*before, *after] if item.record is not None}
        self.last = self.result()
        if not previous:
            # Millions of long-lived objects: keep the cyclic collector from rescanning them on
            # every later run (as pipeline.check_content does for one run).
            gc.freeze()
        return self.last

    def current_history(self) -> History:
        head = head_commit(self.content_dir)
        if not self.history_read or head != self.history_head:
            self.history, self.history_head, self.history_read = read_history(self.content_dir), head, True
        return self.history

    def result(self) -> CheckResult:
        return combine(self.content_dir, list(self.files.values()), self.current_history())


def combine(content_dir: Path, checked: list[CheckedFile], history: History) -> CheckResult:
    """The board and every diagnostic of a content folder whose files are `checked`, in the
    order content_files finds them."""
    declared = {item.record for item in checked if item.record is not None}
    records = [item.valid for item in checked if item.valid is not None]
    board, link_problems = link(content_dir, records, declared)
    unlinked = [reference for item in checked for reference in item.unlinked]
    link_problems += unlinked_problems(board, unlinked, declared)
    board.history = history
    diagnostics = sorted([*(problem for item in checked for problem in item.diagnostics), *link_problems],
                         key=sort_key)
    kind_by_path = {item.shown: item.kind for item in checked}
    errors_by_kind = Counter(kind_by_path.get(diagnostic.position.path, "")
                             for diagnostic in diagnostics if diagnostic.is_error)
    return CheckResult(board, diagnostics, Counter(kind_by_path.values()), errors_by_kind)


# Below this many files, forking costs more than it saves.
PARALLEL_MIN_FILES = 400
WORKERS = 2
CHUNKS = 8  # the files of some folders (procedures) take longer: small chunks keep both busy


def check_in_parallel(content_dir: Path, history: History,
                      memo: LoadMemo | None = None) -> CheckResult | None:
    """check_content's result, the files read and validated by forked workers (both cores:
    loading YAML is most of a check); None when the folder is too small for that to pay or the
    machine cannot fork. The workers parse through `memo` (inherited by the fork, not pickled)
    and hand back what they added to it."""
    found = list(scan(content_dir).items())
    if len(found) < PARALLEL_MIN_FILES or not can_fork():
        return None
    size = -(-len(found) // CHUNKS)
    chunks = [found[start:start + size] for start in range(0, len(found), size)]
    global _FORKED_MEMO
    _FORKED_MEMO = memo
    try:
        with forked_pool(WORKERS) as pool:
            parts = list(pool.map(partial(_check_chunk, content_dir=content_dir), chunks))
    except BrokenProcessPool:  # a worker was killed (out of memory): check in this process
        return None
    finally:
        _FORKED_MEMO = None
    if memo is not None:
        for _, kept in parts:
            memo.new.update(kept)
    return combine(content_dir, [item for checked, _ in parts for item in checked], history)


# The memo a forked worker reads: set before the pool forks, so it is inherited, not pickled.
_FORKED_MEMO: LoadMemo | None = None


def _check_chunk(chunk: list[tuple[Path, tuple[str | None, FileKey]]],
                 content_dir: Path) -> tuple[list[CheckedFile], dict[str, Entry]]:
    """The chunk's files checked, with the memo entries of this chunk's files."""
    gc.disable()  # short-lived worker: nothing it makes is cyclic garbage worth collecting
    shared = _FORKED_MEMO
    memo = LoadMemo(shared.file, shared.key, shared.old) if shared is not None else None
    loader = memo.load if memo is not None else None
    checked = [check_file(path, kind, key, content_dir, loader) for path, (kind, key) in chunk]
    return checked, memo.new if memo is not None else {}
