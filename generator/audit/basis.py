"""The legal basis of each obligation for one office: national law by the office's level, and
the office's own regulation or plan only where content/board.yaml declares it.

The registry holds two kinds of entry. A national one (`scope: national`, the default) applies
to every office whose level is in its `levels` (all levels when absent). An office one
(`scope: office`) is what an office's own regulation typically requires (the demo office's
Quy chế 49/QĐ-VP and Kế hoạch 83/KH-UBND); it is cited only when board.yaml's `own_documents`
names the article that carries it. Otherwise its `national` alternative (the national rule that
requires the same) stands in, with its own id, source and confidence, or, with none, it is left
out: a board made by `congkhai init` cites no document of another office.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.audit.registry import Obligation
from generator.check.link import Board
from generator.diagnostics import Diagnostic, Severity
from generator.models.office import OwnDocument


def _declared(board: Board) -> dict[str, tuple[int, OwnDocument, str]]:
    """Obligation id → (index of the document in own_documents, the document, its article)."""
    office = board.office
    found: dict[str, tuple[int, OwnDocument, str]] = {}
    for index, document in enumerate(office.own_documents if office else ()):
        for obligation_id, article in document.articles.items():
            found.setdefault(obligation_id, (index, document, article))
    return found


def _own(obligation: Obligation, document: OwnDocument, article: str) -> Obligation:
    return replace(obligation, source=f"{document.name} {article}",
                   group=f"{document.name} — {obligation.topic}", office_document=document.name)


def _national(obligation: Obligation, national: dict[str, Any]) -> Obligation:
    return replace(
        obligation, id=national["id"], source=national["source"], group=national["group"],
        confidence=national["confidence"], scope="national",
        title=national.get("title", obligation.title),
        requirement=" ".join(str(national.get("requirement", obligation.requirement)).split()),
    )


def _unknown_article(board: Board, index: int, obligation_id: str) -> Diagnostic:
    office = board.office
    assert office is not None
    source = board.sources[(office.kind_name, office.id)]
    position = source.position(("own_documents", index, "articles", obligation_id), at_key=True)
    return Diagnostic(position, "W-OWN-ARTICLE-UNKNOWN",
                      f"không có nghĩa vụ mã '{obligation_id}' trong danh mục nghĩa vụ công khai "
                      "thuộc loại quy chế, kế hoạch riêng của cơ quan; điều khoản này không được "
                      "trích dẫn", severity=Severity.WARNING)


def resolve_basis(board: Board,
                  registry: tuple[Obligation, ...]) -> tuple[list[Obligation], list[Diagnostic]]:
    """The registry as it applies to this board's office, and what was wrong in its declarations."""
    declared = _declared(board)
    office_ids = {obligation.id for obligation in registry if obligation.scope == "office"}
    problems = [_unknown_article(board, index, obligation_id)
                for obligation_id, (index, _, _) in declared.items() if obligation_id not in office_ids]
    result = []
    for obligation in registry:
        if obligation.scope != "office":
            result.append(obligation)
        elif obligation.id in declared:
            _, document, article = declared[obligation.id]
            result.append(_own(obligation, document, article))
        elif obligation.national:
            result.append(_national(obligation, dict(obligation.national)))
    return result, problems
