"""How values read on a Vietnamese page: dates, money, sizes, labels, recurrence in words."""

from __future__ import annotations

import unicodedata
from datetime import date as Date
from enum import Enum
from functools import cache, lru_cache

from generator.models.reception import Frequency, Recurrence

MONTHS_LABEL = "tháng"


def format_date(value: Date | None) -> str:
    """`dd/mm/yyyy`, or an empty string for a missing date."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def format_month(value: Date) -> str:
    """`mm/yyyy`: 'Tháng 03/2026'."""
    return f"{value.month:02d}/{value.year}"


def format_number(value: int) -> str:
    """1500000 → 1.500.000"""
    return f"{value:,}".replace(",", ".")


def format_money(value: int | None) -> str:
    """1500000 → 1.500.000 đồng"""
    return "" if value is None else f"{format_number(value)} đồng"


def format_percent(value: float) -> str:
    """45.25 → 45,3%"""
    return f"{value:.1f}".replace(".", ",") + "%"


def format_size(size: int) -> str:
    """A file size as people read it: 812 byte, 25,6 KB, 1,2 MB."""
    if size < 1024:
        return f"{size} byte"
    for unit, scale in (("KB", 1024), ("MB", 1024**2), ("GB", 1024**3)):
        if size < scale * 1024 or unit == "GB":
            return f"{size / scale:.1f}".replace(".", ",") + f" {unit}"
    raise AssertionError("unreachable")


FILE_TYPES: dict[str, str] = {
    "pdf": "PDF",
    "doc": "Word (DOC)",
    "docx": "Word (DOCX)",
    "odt": "OpenDocument (ODT)",
    "rtf": "RTF",
    "xls": "Excel (XLS)",
    "xlsx": "Excel (XLSX)",
    "ods": "OpenDocument (ODS)",
    "txt": "Văn bản (TXT)",
    "jpg": "Ảnh (JPG)",
    "jpeg": "Ảnh (JPEG)",
    "png": "Ảnh (PNG)",
    "zip": "Tệp nén (ZIP)",
}


def file_type(extension: str) -> str:
    extension = extension.lower().lstrip(".")
    return FILE_TYPES.get(extension, extension.upper() or "Tệp")


WEEKDAYS: dict[str, str] = {
    "MO": "Thứ Hai", "TU": "Thứ Ba", "WE": "Thứ Tư", "TH": "Thứ Năm",
    "FR": "Thứ Sáu", "SA": "Thứ Bảy", "SU": "Chủ nhật",
}
ORDINALS: dict[str, str] = {
    "1": "thứ nhất", "2": "thứ hai", "3": "thứ ba", "4": "thứ tư", "5": "thứ năm", "-1": "cuối cùng",
}


def _every(interval: int, unit: str) -> str:
    return f"hằng {unit}" if interval == 1 else f"{interval} {unit} một lần"


def recurrence_words(rule: Recurrence) -> str:
    """'Ngày 15 hằng tháng', 'Thứ Tư tuần thứ hai hằng tháng', 'Thứ Năm hằng tuần'."""
    if rule.freq is Frequency.WEEKLY:
        day = WEEKDAYS.get((rule.by_weekday or "")[-2:], "")
        return f"{day} {_every(rule.interval, 'tuần')}".strip()
    every = _every(rule.interval, MONTHS_LABEL)
    if rule.by_month_day is not None:
        return f"Ngày {rule.by_month_day} {every}"
    code = rule.by_weekday or ""
    day, ordinal = WEEKDAYS.get(code[-2:], ""), code[:-2]
    if ordinal == "-1":
        return f"{day} cuối cùng của tháng, {every}"
    if ordinal:
        return f"{day} tuần {ORDINALS[ordinal]} {every}"
    return f"Các ngày {day} {every}"


def hours_words(rule: Recurrence) -> str:
    return f"từ {rule.opens_at} đến {rule.closes_at}"


def enum_label(labels: dict[str, str], value: Enum | str | None) -> str:
    if value is None:
        return ""
    key = value.value if isinstance(value, Enum) else value
    return labels.get(key, key)


# Vietnamese alphabetical order: a ă â b c d đ e ê g … o ô ơ … u ư …; tones break ties.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@cache
def _letter_key(char: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", char.lower())
    tone = next((_TONES[mark] for mark in decomposed if mark in _TONES), 0)
    letter = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    position = _ALPHABET.find(letter) if len(letter) == 1 else -1
    if position >= 0:
        return position, tone
    code = ord(letter[0]) if letter else 0
    # Spaces, digits and punctuation sort before letters; other scripts after them.
    return (code - 1000 if code < 128 else 100 + code), tone


@lru_cache(maxsize=65536)
def vi_sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Sort key for Vietnamese names: letters in alphabet order first, tones only break ties."""
    keys = [_letter_key(char) for char in text]
    return (tuple(key[0] for key in keys), tuple(key[1] for key in keys), text)
