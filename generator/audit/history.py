"""The git history as evidence: a posting date earlier than the day its file was first committed.

A record cannot have been posted on the site before its file existed in the repository. The
date may still be right (the notice was on the paper board first), so this is a warning at the
posting date's line, for staff to look at, not an error. A shallow clone has lost its early
commits and says nothing here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from generator.check.link import Board
from generator.check.load import Loc
from generator.diagnostics import Diagnostic, Severity
from generator.models import KINDS, Record
from generator.present.format import format_date

CODE = "W-POSTED-BEFORE-COMMIT"

# Where a record states a posting date of its own (loc, the date read from the record).
POSTING_DATES: tuple[tuple[Loc, str], ...] = (
    (("posted_on",), "posted_on"),
    (("result_notice", "posted_on"), "result_notice.posted_on"),
)


def _stated(record: Record, dotted: str) -> date | None:
    value: object = record
    for name in dotted.split("."):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value if isinstance(value, date) else None


def _records(board: Board) -> Iterator[Record]:
    for kind in KINDS:
        if kind != "board":
            yield from board.of(kind)


def posted_before_commit(board: Board) -> list[Diagnostic]:
    """A warning for each stated posting date earlier than the first commit of its file."""
    history = board.history
    if not history or history.shallow:
        return []
    found = []
    for record in _records(board):
        changes = history.of(board.file_of(record))
        if not changes:
            continue
        first = changes[-1]
        for loc, dotted in POSTING_DATES:
            stated = _stated(record, dotted)
            if stated is not None and stated < first.day:
                found.append(Diagnostic(
                    board.position(record, loc), CODE,
                    f"ngày niêm yết {format_date(stated)} sớm hơn ngày tệp được lưu vào kho lần đầu "
                    f"({format_date(first.day)}, commit {first.commit}): hãy kiểm tra lại ngày niêm yết; "
                    f"nếu văn bản đã niêm yết trên bảng giấy từ ngày đó thì giữ nguyên",
                    Severity.WARNING))
    return found
