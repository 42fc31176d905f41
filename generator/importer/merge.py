"""Re-import without losing what staff added: the source wins on what it states, everything else
in the existing record stays.

- A field the import does not write (unit, tags, posted_on, one_stop, dossier_sets, description,
  a decision's date…) is kept as it is.
- Inside a group (announcing_decision, agencies) the same rule applies key by key.
- In a list of groups (methods, dossier, legal_basis, steps) an imported item takes the keys
  staff added to the existing item it matches (same kind/case/name/number/description): a
  dossier item keeps its `form`, a method its `fees`.
"""

from __future__ import annotations

from typing import Any

# The order a hand-written procedure reads in; keys the model has that are not listed follow.
KEY_ORDER = (
    "title", "code", "announcing_decision", "procedure_type", "level", "field", "unit", "steps", "methods",
    "dossier", "dossier_sets", "applicants", "agencies", "result", "conditions", "one_stop",
    "reception_address", "legal_basis", "description", "audience", "posted_on", "posted_until", "source",
    "tags", "provenance",
)
IDENTITY_KEYS = ("kind", "case", "name", "number", "title", "description")


def _identity(item: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(item.get(key) for key in IDENTITY_KEYS)


def _merge_list(old: list[Any], new: list[Any]) -> list[Any]:
    if not all(isinstance(item, dict) for item in (*old, *new)):
        return new
    by_identity = {_identity(item): item for item in old}
    return [merge_value(by_identity.get(_identity(item)), item) for item in new]


def merge_value(old: Any, new: Any) -> Any:
    if isinstance(old, dict) and isinstance(new, dict):
        # The existing order first (a record staff rearranged stays as it is), new keys after.
        merged = {key: merge_value(value, new[key]) if key in new else value for key, value in old.items()}
        merged.update({key: value for key, value in new.items() if key not in old})
        return merged
    if isinstance(old, list) and isinstance(new, list):
        return _merge_list(old, new)
    return new


def ordered(record: dict[str, Any]) -> dict[str, Any]:
    rank = {key: index for index, key in enumerate(KEY_ORDER)}
    return dict(sorted(record.items(), key=lambda item: rank.get(item[0], len(rank))))


def merge_record(existing: dict[str, Any] | None, imported: dict[str, Any]) -> dict[str, Any]:
    """A new record in the hand-written order; an existing one in its own order, new keys after."""
    if existing is None:
        return ordered(imported)
    merged: dict[str, Any] = merge_value(existing, imported)
    merged.pop("provenance", None)  # written last, by the importer
    return merged
