"""Record facts in Vietnamese words, shared by the print pack and the kiosk."""

from __future__ import annotations

from datetime import date

from generator.models import Fee, Person
from generator.models.procedure import ProcessingTime, SubmissionMethod
from generator.present.format import enum_label, format_number
from generator.present.labels import SUBMISSION, TIME_UNITS

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


NBSP = "\u00a0"


def amount_text(amount: int, unit: str) -> str:
    """8000, 'đồng/hồ sơ' → '8.000 đồng/hồ sơ', with no-break spaces: an amount never wraps."""
    return f"{format_number(amount)} {unit}".replace(" ", NBSP)


def fee_lines(fee: Fee) -> list[str]:
    """One line per rate: '8.000 đồng/hồ sơ' or 'Bản sao: 2.000 đồng/bản'."""
    lines = [amount_text(fee.amount, fee.unit)] if fee.amount is not None else []
    lines += [f"{tier.label}: {amount_text(tier.amount, fee.unit)}" for tier in fee.tiers]
    return lines


def time_text(time: ProcessingTime) -> str:
    """'05 ngày làm việc (kể từ ngày nhận đủ hồ sơ)' without the padding: '5 ngày làm việc …'."""
    text = f"{time.amount} {enum_label(TIME_UNITS, time.unit)}"
    return f"{text} ({time.note})" if time.note else text


def method_label(method: SubmissionMethod) -> str:
    return enum_label(SUBMISSION, method.kind)


def person_text(person: Person | None) -> str:
    """'Hồ Tiến Thiệu, Chủ tịch UBND tỉnh'."""
    if person is None:
        return ""
    return f"{person.name}, {person.position}" if person.position else person.name


def weekday_date(day: date) -> str:
    """'Thứ Hai, 16/03/2026'."""
    return f"{WEEKDAY_NAMES[day.weekday()]}, {day:%d/%m/%Y}"
