"""The short answer at the top of a procedure page: where, how long, how much, what to bring.

Pure functions over one procedure. Times and fees are grouped so that what every channel and
case shares is said once, and only what differs is said per channel or per case.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from generator.models.office import Office, Unit
from generator.models.procedure import DossierItem, Procedure, SubmissionKind, SubmissionMethod
from generator.present import words
from generator.present.slug import fold


@dataclass(frozen=True, slots=True)
class MethodGroup:
    """Methods that say the same thing: `label` is '' when every method of the procedure agrees."""

    label: str
    methods: list[SubmissionMethod]

    @property
    def method(self) -> SubmissionMethod:
        """The first of the group: what the group says."""
        return self.methods[0]

    @property
    def time(self) -> str:
        """The time as written; its note only when every method of the group has the same note."""
        first = self.method.processing_time
        if first is None:
            return words.NOT_STATED
        return words.time_text(first if not self.notes_differ else first.model_copy(update={"note": None}))

    @property
    def notes_differ(self) -> bool:
        """The channels agree on the time but word its conditions differently (the table has each)."""
        return len({method.processing_time.note for method in self.methods if method.processing_time}) > 1


@dataclass(frozen=True, slots=True)
class DossierCount:
    case: str | None
    count: int


def _time_key(method: SubmissionMethod) -> Hashable:
    time = method.processing_time
    return None if time is None else (time.text, time.amount, time.unit)


def _fee_key(method: SubmissionMethod) -> Hashable:
    charges = tuple(words.charge_text(charge) for charge in method.charges)
    return (tuple(method.fees), charges, method.fee_note)


def _channels(methods: Sequence[SubmissionMethod]) -> str:
    labels = dict.fromkeys(words.method_label(method) for method in methods)
    return ", ".join(labels)


def _groups(methods: Sequence[SubmissionMethod],
            key: Callable[[SubmissionMethod], Hashable]) -> list[MethodGroup]:
    if not methods:
        return []
    if len({key(method) for method in methods}) == 1:
        return [MethodGroup("", list(methods))]
    groups: list[MethodGroup] = []
    for case, in_case in words.by_case(methods):
        by_key: dict[Hashable, list[SubmissionMethod]] = {}
        for method in in_case:
            by_key.setdefault(key(method), []).append(method)
        for same in by_key.values():
            # A case whose channels agree is named by its case alone.
            channels = "" if len(by_key) == 1 and case else _channels(same)
            label = ": ".join(part for part in (case, channels) if part)
            groups.append(MethodGroup(label, same))
    return groups


def time_groups(procedure: Procedure) -> list[MethodGroup]:
    """The processing time once when all channels agree, else per case and channel."""
    return _groups([method for method in procedure.methods if method.processing_time], _time_key)


def fee_groups(procedure: Procedure) -> list[MethodGroup]:
    """The fee once when all channels agree, else per case and channel."""
    return _groups(
        [method for method in procedure.methods if method.fees or method.charges or method.fee_note], _fee_key
    )


def online(procedure: Procedure) -> bool | None:
    """True when a channel is online, False when channels are listed and none is, None when unknown."""
    if not procedure.methods:
        return None
    return any(method.kind == SubmissionKind.ONLINE for method in procedure.methods)


def other_channels(procedure: Procedure) -> str:
    """'Trực tiếp, Qua bưu chính': the channels that are not online."""
    return _channels([method for method in procedure.methods if method.kind != SubmissionKind.ONLINE])


def dossier_counts(procedure: Procedure) -> list[DossierCount]:
    """How many documents to bring, per case when the dossier is grouped by case."""
    return [DossierCount(case, len(items)) for case, items in words.by_case(procedure.dossier)]


def form_items(procedure: Procedure) -> list[DossierItem]:
    """Dossier items that come with a form to fill in (a form record, a link or a named form)."""
    return [item for item in procedure.dossier if item.form or item.form_url or item.form_name]


def submit_address(procedure: Procedure, unit: Unit | None, office: Office | None) -> str | None:
    """Where the dossier goes: the procedure's reception address, else its unit's or the office's.

    The office's address is used only for a procedure one of its own units handles, and left out
    when the unit's room already spells it out.
    """
    if procedure.reception_address:
        return procedure.reception_address
    if unit is None:
        return None
    address = (unit.contact.address if unit.contact else None) or (office.contact.address if office else None)
    if address and unit.room and fold(address).casefold() in fold(unit.room).casefold():
        return None
    return address


def has_descriptions(methods: Sequence[SubmissionMethod]) -> bool:
    return any(method.description for method in methods)


def dossier_columns(items: Sequence[DossierItem]) -> tuple[bool, bool, bool]:
    """Whether any item has a form, an original count, a copy count: empty columns are left out."""
    return (
        any(item.form or item.form_url or item.form_name for item in items),
        any(item.originals is not None for item in items),
        any(item.copies is not None for item in items),
    )
