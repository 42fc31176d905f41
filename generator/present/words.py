"""Record facts in Vietnamese words, shared by the print pack and the kiosk."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Protocol, TypeVar

from generator.models import Fee, Person
from generator.models.procedure import Charge, DossierItem, ProcedureLevel, ProcessingTime, SubmissionMethod
from generator.present.format import enum_label, format_date, format_number
from generator.present.labels import FEE_KINDS, PROCEDURE_LEVELS, SUBMISSION, TIME_UNITS

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


NBSP = "\u00a0"


# What a page says where the source says nothing: never a default that looks like a fact.
NOT_STATED = "Chưa có thông tin"
DONG = "đồng"


def money_unit(currency: str | None, unit: str | None) -> str:
    """The words after the number: 'đồng', 'USD', 'đồng/hồ sơ', 'USD/giấy phép'."""
    name = currency or DONG
    if not unit:
        return name
    if unit.startswith((DONG, name)):
        return unit
    return f"{name}/{unit.removeprefix('/')}"


def amount_text(amount: int, unit: str | None, currency: str | None = None) -> str:
    """8000, 'đồng/hồ sơ' → '8.000 đồng/hồ sơ', with no-break spaces: an amount never wraps."""
    return f"{format_number(amount)} {money_unit(currency, unit)}".replace(" ", NBSP)


def fee_lines(fee: Fee) -> list[str]:
    """One line per rate: '8.000 đồng/hồ sơ', 'Bản sao: 2.000 đồng/bản', or the rate in words."""
    lines = [amount_text(fee.amount, fee.unit, fee.currency)] if fee.amount is not None else []
    lines += [f"{tier.label}: {amount_text(tier.amount, fee.unit, fee.currency)}" for tier in fee.tiers]
    if fee.rate_text:
        lines.append(fee.rate_text)
    return lines


def charge_text(charge: Charge) -> str:
    """'Lệ phí: 50.000 đồng/giấy phép', 'Phí: 10 USD', 'Phí: 0,1% giá trị hợp đồng (85/2019/TT-BTC)'."""
    parts = []
    if charge.amount is not None:
        parts.append(amount_text(charge.amount, charge.per, charge.currency))
    if charge.text:
        parts.append(charge.text)
    text = "; ".join(parts)
    if charge.legal_reference and charge.legal_reference not in text:
        text = f"{text} (theo {charge.legal_reference})"
    return f"{FEE_KINDS[charge.kind.value]}: {text}" if charge.kind else text


def time_text(time: ProcessingTime | None) -> str:
    """'5 ngày làm việc (kể từ ngày nhận đủ hồ sơ)', the wording as written, or not stated."""
    if time is None:
        return NOT_STATED
    if time.text is not None:
        text = time.text
    elif time.amount is not None:
        text = f"{time.amount} {enum_label(TIME_UNITS, time.unit)}"
    else:
        text = NOT_STATED
    return f"{text} ({time.note})" if time.note else text


def levels_text(levels: Sequence[ProcedureLevel]) -> str:
    """'Cấp Bộ, Cấp tỉnh, Cấp xã', or '' when the record does not say."""
    return ", ".join(enum_label(PROCEDURE_LEVELS, level) for level in levels)


def copies_text(item: DossierItem) -> str:
    """'1 bản chính, 2 bản sao'; '' when the source gives no count."""
    parts = []
    if item.originals is not None:
        parts.append(f"{item.originals} bản chính")
    if item.copies:
        parts.append(f"{item.copies} bản sao")
    return ", ".join(parts)


class HasCase(Protocol):
    @property
    def case(self) -> str | None: ...


Item = TypeVar("Item", bound=HasCase)


def by_case(items: Iterable[Item]) -> list[tuple[str | None, list[Item]]]:
    """Items grouped by the case (trường hợp) they name, cases in order of first appearance."""
    groups: dict[str | None, list[Item]] = {}
    for item in items:
        groups.setdefault(item.case, []).append(item)
    return list(groups.items())


def method_label(method: SubmissionMethod) -> str:
    return enum_label(SUBMISSION, method.kind)


def person_text(person: Person | None) -> str:
    """A person on a line or in a cell of their own: 'Hồ Tiến Thiệu, Chủ tịch UBND tỉnh'."""
    if person is None:
        return ""
    return f"{person.name}, {person.position}" if person.position else person.name


def person_in_sentence(person: Person) -> str:
    """A person inside a sentence, where a comma would read as the sentence's own:
    'Đoàn Thu Hà (Phó Chủ tịch UBND tỉnh) tiếp thay Hồ Tiến Thiệu (Chủ tịch UBND tỉnh)'."""
    return f"{person.name} ({person.position})" if person.position else person.name


def weekday_date(day: date) -> str:
    """'Thứ Hai, 16/03/2026'."""
    return f"{WEEKDAY_NAMES[day.weekday()]}, {format_date(day)}"


# The filters the kiosk, print and page templates share for a procedure's facts.
PROCEDURE_FILTERS: dict[str, Callable[..., Any]] = {
    "charge_text": charge_text, "levels_text": levels_text, "copies_text": copies_text, "by_case": by_case,
}
