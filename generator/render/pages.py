"""Which pages a site has, and the template and data of each.

A `Page` names its docs-relative path, its template and its own data; `render_site` adds what
every page gets (the view, today, the office).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.models import KINDS, Record
from generator.models.finance import Budget
from generator.present import urls
from generator.render.audit_slot import audit_summary
from generator.render.reception_pages import next_session_block, reception_inputs
from generator.render.text import Md, escape_inline
from generator.render.view import SiteView, by_title

RECORD_TEMPLATES = {kind: f"{kind}.md.j2" for kind in urls.RECORD_SEGMENTS}

# Index pages listing one kind each: path → (template, kind). A page exists when the kind has records.
KIND_INDEXES: dict[str, tuple[str, str]] = {
    "thu-tuc/index.md": ("procedures.md.j2", "procedure"),
    urls.PROCEDURES_BY_FIELD: ("fields.md.j2", "procedure"),
    urls.PROCEDURES_BY_UNIT: ("procedures_by_unit.md.j2", "procedure"),
    urls.PROCESSING_TIMES: ("processing_times.md.j2", "procedure"),
    "phi-le-phi/index.md": ("fees.md.j2", "fee"),
    "mau-don/index.md": ("forms.md.j2", "form"),
    "bo-phan/index.md": ("units.md.j2", "unit"),
    "quy-che/index.md": ("regulations.md.j2", "regulation"),
    "ngan-sach/index.md": ("budgets.md.j2", "budget"),
    "nhan-su/index.md": ("personnel_decisions.md.j2", "personnel_decision"),
    "khieu-nai-to-cao/index.md": ("complaint_results.md.j2", "complaint_result"),
    "chinh-sach/index.md": ("policies.md.j2", "policy"),
    "ke-hoach/index.md": ("plans.md.j2", "plan"),
}

_BUDGET_STAGE_ORDER = {"du_toan": 0, "thuc_hien": 1, "quyet_toan": 2}


@dataclass(frozen=True, slots=True)
class Page:
    path: str
    template: str
    data: dict[str, Any] = field(default_factory=dict)
    # More data, made only when the page is rendered, not when the render cache has it: costly
    # to make, and made from inputs that `data` holds (the cache compares `data` only).
    late: Callable[[], dict[str, Any]] | None = None


@dataclass(frozen=True, slots=True)
class KindCount:
    label: Md
    count: int
    page: str


def record_pages(view: SiteView) -> Iterator[Page]:
    for kind, records in view.by_kind.items():
        for record in records:
            yield Page(urls.record_page(kind, record.id), RECORD_TEMPLATES[kind], {"record": record})


def has_reception(view: SiteView) -> bool:
    return bool(view.by_kind["reception_schedule"] or view.by_kind["reception_session"])


def _sorted_records(view: SiteView, kind: str) -> Sequence[Record]:
    records = view.listed[kind]
    if kind == "unit":
        return [unit for unit in view.units() if not view.is_archived(unit)]
    if kind == "budget":
        return sorted(view.current(Budget), key=_budget_key)
    if kind in ("personnel_decision", "complaint_result"):
        dated = by_title(records)
        attribute = "decided_on" if kind == "personnel_decision" else "concluded_on"
        return sorted(dated, key=lambda record: getattr(record, attribute), reverse=True)
    return by_title(records)


def _budget_key(budget: Budget) -> tuple[int, int, str, str]:
    return (-budget.fiscal_year, _BUDGET_STAGE_ORDER[budget.stage.value], budget.period.value, budget.id)


def kind_index_pages(view: SiteView) -> Iterator[Page]:
    for path, (template, kind) in KIND_INDEXES.items():
        if view.listed[kind]:
            yield Page(path, template, {"records": _sorted_records(view, kind)})
    for group in view.fields():
        yield Page(group.page, "field.md.j2", {"group": group})
        yield Page(group.times_page, "processing_times_field.md.j2", {"group": group})
    archived = view.archived()
    if archived:
        yield Page(urls.ARCHIVE, "archive.md.j2", {"groups": _kind_groups(archived)})


def years(view: SiteView) -> dict[int, list[Record]]:
    """Records by the year they were posted, newest year first."""
    found: dict[int, list[Record]] = defaultdict(list)
    for record in view.posted():
        if record.posted_on is not None:  # always set: posted() keeps dated records only
            found[record.posted_on.year].append(record)
    return dict(sorted(found.items(), reverse=True))


def _kind_groups(records: list[Record]) -> list[tuple[Md, list[Record]]]:
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_kind[record.kind_name].append(record)
    return [(escape_inline(KINDS[kind].plural_label), by_kind[kind]) for kind in urls.RECORD_SEGMENTS
            if kind in by_kind]


def year_pages(view: SiteView, by_year: dict[int, list[Record]]) -> Iterator[Page]:
    if not by_year:
        return
    yield Page(urls.YEARS, "years.md.j2", {"years": [(year, len(items)) for year, items in by_year.items()]})
    for year, records in by_year.items():
        yield Page(urls.year_page(year), "year.md.j2", {"year": year, "groups": _kind_groups(records)})


def kind_counts(view: SiteView) -> list[KindCount]:
    return [KindCount(escape_inline(KINDS[kind].plural_label), len(records), urls.kind_index(kind))
            for kind, records in view.listed.items() if records]


def home_page(view: SiteView, by_year: dict[int, list[Record]], audit: Any) -> Page:
    data = {
        "counts": kind_counts(view),
        "recent": view.posted()[:10],
        "audit": audit_summary(audit, view),
        "years": list(by_year),
    }
    if not has_reception(view):
        return Page(urls.HOME, "home.md.j2", {**data, "reception_block": None})
    # The next session comes from every occurrence of the board: computed only when the home
    # page is rendered again, which the fingerprint of the reception records decides.
    return Page(urls.HOME, "home.md.j2", {**data, "reception": reception_inputs(view)},
                late=lambda: {"reception_block": Md(next_session_block(view, urls.HOME, "##"))})


def all_pages(view: SiteView, audit: Any) -> list[Page]:
    by_year = years(view)
    return [home_page(view, by_year, audit), *kind_index_pages(view), *year_pages(view, by_year),
            *record_pages(view)]
