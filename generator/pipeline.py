"""The stages that `check` runs, wired together: load → validate → link.

Each stage takes plain data and returns plain data plus diagnostics; this module only passes
one stage's output to the next and gathers what they report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, sort_key
from .link import Board, link
from .loader import load_content
from .validate import validate_documents


@dataclass(frozen=True, slots=True)
class CheckResult:
    board: Board
    diagnostics: list[Diagnostic]
    files_by_kind: Counter[str]
    errors_by_kind: Counter[str]

    @property
    def ok(self) -> bool:
        return not any(diagnostic.is_error for diagnostic in self.diagnostics)


def check_content(content_dir: Path) -> CheckResult:
    loaded = load_content(content_dir)
    validated = validate_documents(loaded.documents)
    declared = {(document.kind, str(document.data.get("id", document.stem)))
                for document in loaded.documents}
    board, link_problems = link(content_dir, validated.records, declared)
    diagnostics = sorted([*loaded.diagnostics, *validated.diagnostics, *link_problems], key=sort_key)
    files_by_kind = Counter(loaded.kind_by_path.values())
    errors_by_kind = Counter(
        loaded.kind_by_path.get(diagnostic.position.path, "")
        for diagnostic in diagnostics if diagnostic.is_error
    )
    return CheckResult(board, diagnostics, files_by_kind, errors_by_kind)
