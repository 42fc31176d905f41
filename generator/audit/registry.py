"""The obligation registry: data (obligations.yaml), read once, overridable per office.

The YAML holds every figure and text (articles, requirements, deadlines, effective dates,
confidence); Python only holds the logic of each check type, named by `check`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from generator.check.link import Board
from generator.diagnostics import Diagnostic, Severity

AUDIENCES = ("public", "internal", "all")
CONFIDENCES = ("H", "M", "L")
REQUIRED_KEYS = ("id", "audience", "title", "requirement", "kinds", "check", "confidence")
SCOPES = ("national", "office")
LEVELS = ("tinh", "xa", "co_quan")
NATIONAL_KEYS = ("id", "source", "group", "confidence")


@dataclass(frozen=True, slots=True)
class Obligation:
    """One disclosure obligation: what must be disclosed, to whom, and how it is checked."""

    id: str
    source: str
    group: str
    audience: str
    title: str
    requirement: str
    kinds: tuple[str, ...]
    check: str
    params: Mapping[str, Any]
    confidence: str
    effective_from: date | None = None
    effective_to: date | None = None
    note: str | None = None
    # national: from the law, for the office levels in `levels` (all when empty); office: what an
    # office's own regulation requires, cited only where board.yaml declares it (see basis.py),
    # else replaced by its `national` alternative, if any.
    scope: str = "national"
    levels: tuple[str, ...] = ()
    topic: str | None = None
    national: Mapping[str, Any] | None = None
    office_document: str | None = None

    def in_force(self, day: date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to)

    def judges(self, event: date) -> bool:
        """Whether an event on `event` falls under this obligation (not before it took effect)."""
        return self.effective_from is None or event >= self.effective_from

    def param(self, name: str) -> Any:
        return self.params[name]


class RegistryError(ValueError):
    """obligations.yaml is malformed: a developer mistake, caught by the tests."""


def _check_entry(entry: dict[str, Any]) -> None:
    scope = entry.get("scope", "national")
    required = (*REQUIRED_KEYS, *(("topic",) if scope == "office" else ("source", "group")))
    missing = [key for key in required if key not in entry]
    if missing:
        raise RegistryError(f"{entry.get('id', '?')}: missing {', '.join(missing)}")
    if entry["audience"] not in AUDIENCES or entry["confidence"] not in CONFIDENCES:
        raise RegistryError(f"{entry['id']}: bad audience or confidence")
    if scope not in SCOPES or not set(entry.get("levels") or ()) <= set(LEVELS):
        raise RegistryError(f"{entry['id']}: bad scope or levels")
    national = entry.get("national")
    if national is not None and (any(key not in national for key in NATIONAL_KEYS)
                                 or national["confidence"] not in CONFIDENCES):
        raise RegistryError(f"{entry['id']}: national alternative needs {', '.join(NATIONAL_KEYS)}")


def _obligation(entry: dict[str, Any], defaults: Mapping[str, Any]) -> Obligation:
    _check_entry(entry)
    return Obligation(
        id=entry["id"], source=entry.get("source", ""), group=entry.get("group", entry.get("topic", "")),
        audience=entry["audience"],
        title=entry["title"], requirement=" ".join(entry["requirement"].split()),
        kinds=tuple(entry["kinds"]), check=entry["check"],
        params={**defaults, **(entry.get("params") or {})}, confidence=entry["confidence"],
        effective_from=entry.get("effective_from"), effective_to=entry.get("effective_to"),
        note=" ".join(entry["note"].split()) if entry.get("note") else None,
        scope=entry.get("scope", "national"), levels=tuple(entry.get("levels") or ()),
        topic=entry.get("topic"), national=entry.get("national"),
    )


def parse_registry(text: str) -> tuple[Obligation, ...]:
    data = yaml.load(text, Loader=yaml.CSafeLoader)  # libyaml: 10× the pure-Python loader
    defaults = data.get("defaults") or {}
    obligations = tuple(_obligation(entry, defaults) for entry in data["obligations"])
    ids = [obligation.id for obligation in obligations]
    ids += [obligation.national["id"] for obligation in obligations if obligation.national]
    if len(ids) != len(set(ids)):
        raise RegistryError("duplicate obligation ids")
    return obligations


@cache
def load_registry() -> tuple[Obligation, ...]:
    """The registry shipped with the package (generator/audit/obligations.yaml)."""
    text = resources.files(__package__).joinpath("obligations.yaml").read_text(encoding="utf-8")
    return parse_registry(text)


def _same_type(default: Any, value: Any) -> bool:
    if default is None or value is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))


def _merge(default: Any, value: Any) -> Any:
    if isinstance(default, dict) and isinstance(value, dict):
        return {**default, **{key: _merge(default.get(key), item) for key, item in value.items()}}
    return value


def _warning(board: Board, loc: tuple[str, ...], code: str, message: str) -> Diagnostic:
    office = board.office
    assert office is not None
    source = board.sources[(office.kind_name, office.id)]
    return Diagnostic(source.position(("obligation_overrides", *loc), at_key=True), code, message,
                      severity=Severity.WARNING)


def _override(board: Board, obligation: Obligation,
              changes: Mapping[str, Any]) -> tuple[Obligation, list[Diagnostic]]:
    params = dict(obligation.params)
    problems = []
    for name, value in changes.items():
        if name not in params:
            known = ", ".join(sorted(params)) or "không có"
            problems.append(_warning(board, (obligation.id, name), "W-OVERRIDE-PARAM",
                                     f"nghĩa vụ {obligation.id} không có tham số '{name}'; "
                                     f"tham số hợp lệ: {known}"))
        elif not _same_type(params[name], value):
            problems.append(_warning(board, (obligation.id, name), "W-OVERRIDE-TYPE",
                                     f"tham số '{name}' của {obligation.id} phải cùng kiểu với "
                                     f"mặc định ({params[name]!r}); giá trị này bị bỏ qua"))
        else:
            params[name] = _merge(params[name], value)
    return replace(obligation, params=params), problems


def apply_overrides(board: Board,
                    registry: Sequence[Obligation]) -> tuple[list[Obligation], list[Diagnostic]]:
    """The registry with the office's `obligation_overrides` applied, and what was wrong in them."""
    overrides = board.office.obligation_overrides if board.office else {}
    by_id = {obligation.id: obligation for obligation in registry}
    problems = []
    for unknown in sorted(set(overrides) - set(by_id)):
        problems.append(_warning(board, (unknown,), "W-OVERRIDE-UNKNOWN",
                                 f"không có nghĩa vụ mã '{unknown}' trong danh mục nghĩa vụ công khai"))
    result = []
    for obligation in registry:
        changes = overrides.get(obligation.id)
        if changes:
            obligation, found = _override(board, obligation, changes)
            problems.extend(found)
        result.append(obligation)
    return result, problems
