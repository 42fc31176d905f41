"""The stages that `check` runs, wired together: load → validate → link.

Each stage takes plain data and returns plain data plus diagnostics; this module only passes
one stage's output to the next and gathers what they report.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.check.history import History, read_history
from generator.check.link import Board, link, unlinked_problems
from generator.check.load import Document, TextLoader, iter_content
from generator.check.load_memo import LoadMemo
from generator.check.validate import validate_documents
from generator.diagnostics import Diagnostic, sort_key


@dataclass(frozen=True, slots=True)
class CheckResult:
    board: Board
    diagnostics: list[Diagnostic]
    files_by_kind: Counter[str]
    errors_by_kind: Counter[str]

    @property
    def ok(self) -> bool:
        return not any(diagnostic.is_error for diagnostic in self.diagnostics)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Run without the cyclic garbage collector, then hand what survived to its oldest generation.

    Loading allocates millions of long-lived, acyclic objects (freed by reference counting
    when garbage). With the collector on, every young-generation pass rescans them and finds
    nothing: more than half the run time at 5,000 records. Re-enabled as it was, the
    collector would rescan them all once at the next allocation; freeze + unfreeze moves them
    to the oldest generation without a scan, where they are examined only by the (rare) full
    collections.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def check_content(content_dir: Path, history: History | None = None, *,
                  parallel: bool = True, cache_dir: Path | None = None) -> CheckResult:
    """Load, validate and link the board in `content_dir` (with `history`, its git history
    when the caller has read it already). A large board is read by two forked workers, unless
    `parallel` is False. With a `cache_dir` (the build cache), a file parsed by the last check
    that used it is not parsed again (generator.check.load_memo)."""
    memo = LoadMemo.open(cache_dir) if cache_dir is not None else None
    try:
        return _check(content_dir, history if history is not None else read_history(content_dir),
                      parallel, memo)
    finally:
        if memo is not None:
            memo.save()


def _check(content_dir: Path, history: History, parallel: bool, memo: LoadMemo | None) -> CheckResult:
    from generator.check.incremental import check_in_parallel  # it builds on this module

    # The workers share out the parsing; with a memo of the last build there is little of it
    # left, and handing every validated record back to this process costs more than it saves
    # (at 5,000 records: 2.6 s in one process against 3.6 s on two workers).
    if parallel and not (memo is not None and memo.old):
        with _cyclic_gc_paused():
            result = check_in_parallel(content_dir, history, memo)
        if result is not None:
            return result
    files = _Files()
    with _cyclic_gc_paused():
        validated = validate_documents(files.documents(content_dir, memo.load if memo is not None else None))
        board, link_problems = link(content_dir, validated.records, files.declared)
        link_problems += unlinked_problems(board, validated.unlinked, files.declared)
    board.history = history
    diagnostics = sorted([*files.diagnostics, *validated.diagnostics, *link_problems], key=sort_key)
    files_by_kind = Counter(files.kind_by_path.values())
    errors_by_kind = Counter(
        files.kind_by_path.get(diagnostic.position.path, "")
        for diagnostic in diagnostics if diagnostic.is_error
    )
    return CheckResult(board, diagnostics, files_by_kind, errors_by_kind)


class _Files:
    """What the load stage reports, gathered while its documents stream into validation
    (each document's data is dropped once validated, so memory is reused, not grown)."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.kind_by_path: dict[str, str] = {}
        # Records that exist, valid or not: a reference to an invalid one is not also dangling.
        self.declared: set[tuple[str, str]] = set()

    def documents(self, content_dir: Path, loader: TextLoader | None = None) -> Iterator[Document]:
        for loaded in iter_content(content_dir, loader):
            self.kind_by_path[loaded.path] = loaded.kind
            self.diagnostics.extend(loaded.problems)
            document = loaded.document
            if document is not None:
                self.declared.add((document.kind, str(document.data.get("id", document.stem))))
                yield document
