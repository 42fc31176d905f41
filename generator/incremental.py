"""`check`, again and again, for `congkhai serve`: only changed files are read and validated.

Gives the same CheckResult as generator.pipeline.check_content (tests hold the two equal), but
remembers each file's loaded and validated form by its size and modification time, so a save
re-reads one file instead of thousands. The link stage always runs over the whole board:
references go across files.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Position, sort_key
from .link import link
from .loader import Document, display_path, load_text
from .models import BOARD_FILE, KIND_BY_FOLDER
from .pipeline import CheckResult
from .validate import ValidRecord, validate_document

YAML_SUFFIXES = (".yaml", ".yml")
FileKey = tuple[int, int]  # (size, mtime in ns)


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """One content file as the check stage left it."""

    key: FileKey
    shown: str
    kind: str
    document: Document | None
    valid: ValidRecord | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def record_key(self) -> tuple[str, str] | None:
        """(kind, id) of the record the file declares, if it could be read."""
        if self.document is None:
            return None
        return self.document.kind, str(self.document.data.get("id", self.document.stem))


def kind_of(relative: tuple[str, ...]) -> str | None:
    """The kind a file holds by where it is under content/ (None: in no kind's folder)."""
    if relative == (BOARD_FILE,):
        return "board"
    if len(relative) == 2 and relative[0] in KIND_BY_FOLDER:
        return KIND_BY_FOLDER[relative[0]].name
    return None


def scan(content_dir: Path) -> dict[Path, FileKey]:
    """Every YAML file under content/ with its size and mtime (os.walk: fast on 5,000 files)."""
    found: dict[Path, FileKey] = {}
    for folder, _, names in os.walk(content_dir):
        for name in names:
            if not name.endswith(YAML_SUFFIXES):
                continue
            path = Path(folder, name)
            try:
                stat = path.stat()
            except OSError:
                continue
            found[path] = (stat.st_size, stat.st_mtime_ns)
    return dict(sorted(found.items()))


def check_file(path: Path, key: FileKey, content_dir: Path) -> CheckedFile:
    shown = display_path(path, content_dir)
    kind = kind_of(path.relative_to(content_dir).parts)
    if kind is None:
        folders = ", ".join(sorted(KIND_BY_FOLDER))
        problem = Diagnostic(Position(shown), "E-FOLDER",
                             f"tệp không nằm trong thư mục loại hồ sơ nào; chuyển tệp vào một trong: "
                             f"{folders} (hoặc content/{BOARD_FILE})")
        return CheckedFile(key, shown, "", None, None, (problem,))
    try:
        raw = path.read_bytes()
    except OSError as error:
        problem = Diagnostic(Position(shown), "E-READ", f"không đọc được tệp: {error.strerror}")
        return CheckedFile(key, shown, kind, None, None, (problem,))
    document, problems = load_text(shown, raw, kind, path.stem)
    valid = None
    if document is not None:
        valid, invalid = validate_document(document)
        problems = [*problems, *invalid]
    return CheckedFile(key, shown, kind, document, valid, tuple(problems))


class IncrementalChecker:
    """Checks a content folder; each run re-reads only the files whose size or mtime changed."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self.files: dict[Path, CheckedFile] = {}
        self.changed: list[Path] = []  # files read again by the last run (new or changed)
        self.removed: list[Path] = []  # files gone since the run before
        self.last: CheckResult | None = None
        # (kind, id) of the records in the changed and removed files, before and after the run.
        self.changed_records: set[tuple[str, str]] = set()

    def run(self, touched: frozenset[Path] = frozenset()) -> CheckResult:
        """Check again; `touched` files are re-read even if their size and mtime look the same
        (two saves within the file system's timestamp resolution)."""
        found = scan(self.content_dir)
        self.removed = [path for path in self.files if path not in found]
        self.changed = [path for path, key in found.items()
                        if path not in self.files or self.files[path].key != key or path in touched]
        if self.last is not None and not self.changed and not self.removed:
            self.changed_records = set()
            return self.last  # the same Board object: nothing to render or audit again
        previous, changed = self.files, set(self.changed)
        self.files = {path: check_file(path, key, self.content_dir) if path in changed else previous[path]
                      for path, key in found.items()}
        before = [previous[path] for path in [*self.changed, *self.removed] if path in previous]
        after = [self.files[path] for path in self.changed]
        self.changed_records = {key for item in [*before, *after] if (key := item.record_key) is not None}
        self.last = self.result()
        return self.last

    def result(self) -> CheckResult:
        checked = list(self.files.values())
        documents = [item.document for item in checked if item.document is not None]
        declared = {(document.kind, str(document.data.get("id", document.stem))) for document in documents}
        records = [item.valid for item in checked if item.valid is not None]
        board, link_problems = link(self.content_dir, records, declared)
        diagnostics = sorted([*(problem for item in checked for problem in item.diagnostics), *link_problems],
                             key=sort_key)
        kind_by_path = {item.shown: item.kind for item in checked}
        errors_by_kind = Counter(kind_by_path.get(diagnostic.position.path, "")
                                 for diagnostic in diagnostics if diagnostic.is_error)
        return CheckResult(board, diagnostics, Counter(kind_by_path.values()), errors_by_kind)
