"""Finding personal data in text: every string field of a record with its place, and the
patterns of ID numbers, mobile phones, birth dates, home addresses and personal names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from pydantic import BaseModel

from generator.check.load import Loc

_SCALARS = (bool, int, float, date)


@cache
def _keys(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    return tuple((name, info.alias or name) for name, info in model.model_fields.items())


def strings(value: object, loc: Loc = (), skip: frozenset[str] = frozenset()) -> list[tuple[Loc, str]]:
    """Every string inside a record, with its path of YAML keys and list indexes."""
    found: list[tuple[Loc, str]] = []
    _collect(value, loc, skip, found)
    return found


def _collect(value: object, loc: Loc, skip: frozenset[str], found: list[tuple[Loc, str]]) -> None:
    # A province's records hold about 140,000 strings: a string is taken where it is met, not
    # in a call of its own.
    if isinstance(value, str):
        found.append((loc, value))
    elif isinstance(value, BaseModel):
        fields = value.__dict__
        for name, key in _keys(type(value)):
            item = fields.get(name)
            if item is None or key in skip:
                continue
            if isinstance(item, str):
                found.append(((*loc, key), item))
            elif not isinstance(item, _SCALARS):
                _collect(item, (*loc, key), skip, found)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            if isinstance(item, str):
                found.append(((*loc, index), item))
            else:
                _collect(item, (*loc, index), skip, found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect(item, (*loc, str(key)), skip, found)


@dataclass(frozen=True, slots=True)
class Match:
    what: str  # "id_number", "phone", "birth_date", "home_address"
    text: str


# Runs of digits with the separators people type in numbers: each run is then judged in Python
# (a simple character class scans fast; one regex of lookarounds per position does not).
_NUMBER_RUN = re.compile(r"\+?\d[\d .-]{7,18}\d")
_MONEY_AFTER = re.compile(r"\s*(?:đồng|đ\b|vnđ|vnd)", re.IGNORECASE)
_WORD_PATTERNS = re.compile(
    # a birth date or year given as such (not the bare words of a form's instructions)
    r"(?P<birth_date>\b(?:(?:ngày|năm)\s+sinh|sinh\s+(?:ngày|năm))\s*:?\s*\d)"
    # where a person lives: 'trú tại thôn …', 'địa chỉ nhà riêng' (not 'cư trú tại Việt Nam')
    r"|(?P<home_address>\b(?:thường trú|tạm trú|cư trú|trú)\s+(?:tại\s+)?(?:số nhà|nhà số|thôn|xóm|bản|"
    r"khối|tổ dân phố|tổ|ấp|khu phố|số\s+\d+)\b|\bđịa chỉ nhà riêng\b|\bnhà riêng (?:tại|ở)\b)",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")


def _number_kind(token: str, text: str, end: int) -> str | None:
    """'id_number' for 9 or 12 bare digits (not money), 'phone' for a Vietnamese mobile number."""
    digits = "".join(char for char in token if char.isdigit())
    if token.isdigit() and len(digits) in (9, 12):
        return None if _MONEY_AFTER.match(text, end) else "id_number"
    international = token.startswith("+84") or (token.startswith("84") and len(digits) == 11)
    national = "0" + digits[2:] if international else digits
    if len(national) == 10 and national[0] == "0" and national[1] in "35789":
        return "phone"
    return None


def _inside_number(text: str, start: int, end: int) -> bool:
    """Whether a run is part of a longer number, a decimal or an amount written with dots."""
    before = text[start - 1] if start else ""
    after = text[end:end + 2]
    return before.isdigit() or (before != "" and before in ".,") or (
        after[:1].isdigit() or (after[:1] in (".", ",") and after[1:].isdigit()))


def _numbers(text: str) -> Iterator[tuple[int, Match]]:
    for run in _NUMBER_RUN.finditer(text):
        start, end = run.span()
        if _inside_number(text, start, end):
            continue
        token = run.group()
        kind = _number_kind(token, text, end)
        if kind is not None:
            yield start, Match(kind, token)
            continue
        offset = start
        for part in token.split(" "):
            kind = _number_kind(part, text, offset + len(part)) if len(part) >= 9 else None
            if kind is not None:
                yield offset, Match(kind, part)
            offset += len(part) + 1


def personal_data(text: str) -> list[Match]:
    """ID numbers, mobile numbers, birth dates and home addresses in `text`, in order."""
    # Everything above needs a digit or one of these words; most strings of a board have neither (a
    # province scans about 140,000). One regex for both, case-folded, took twice as long.
    numbers = _DIGIT.search(text) is not None
    lowered = text.lower()
    words = "sinh" in lowered or "trú" in lowered or "nhà riêng" in lowered
    if not (numbers or words):
        return []
    found: list[tuple[int, Match]] = []
    if numbers:
        found.extend(_numbers(text))
    if words:
        found.extend((hit.start(), Match(hit.lastgroup or "", hit.group()))
                     for hit in _WORD_PATTERNS.finditer(text))
    return [match for _, match in sorted(found, key=lambda item: item[0])]



def mask(text: str) -> str:
    """An ID or phone number with its middle hidden: 001203001234 → 001*******34."""
    digits = re.sub(r"\D", "", text)
    if len(digits) < 6:
        return text
    return digits[:3] + "*" * (len(digits) - 5) + digits[-2:]


# Words that start an office title, not a name, after ông/bà: "ông Phó Chủ tịch".
_TITLE_WORDS = frozenset({
    "Chủ", "Phó", "Giám", "Trưởng", "Bí", "Chánh", "Tổng", "Thứ", "Bộ", "Trợ", "Cán", "Công", "Thanh",
    "Đại", "Ủy", "Uỷ", "Hội", "Sở", "Văn", "Ban", "Phòng", "Tòa", "Viện", "Kiểm", "Trung", "Đồng",
})
_SURNAMES = frozenset((
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý", "Đào", "Đoàn", "Đinh", "Lương", "Trịnh", "Mai", "Trương", "Tạ", "Lâm", "Hà",
    "Vương", "Quách", "Cao", "Chu", "Châu", "Tô", "Triệu", "Thái", "Kiều", "Lục", "Nông", "Mạc", "Lò",
    "Lường", "Quàng", "Sầm", "Vi", "Hứa", "Âu", "Giáp", "Lưu", "Tăng", "Khổng", "Tôn", "Thân", "Văn",
    "Nghiêm", "Mã", "La", "Ninh", "Chẩu", "Hầu", "Lã", "Bế", "Ma", "Diệp", "Lăng",
))
_HONORIFIC_NAME = re.compile(r"(?<!\w)(?:ông|bà|anh|chị)\s+((?:[^\W\d_]+ ?){1,5})", re.IGNORECASE)
_DENOUNCER_LEAD = re.compile(r"người\s+tố\s+cáo\s*(?:là|:)?\s*$", re.IGNORECASE)
_DENOUNCER_TAIL = re.compile(r"^\s*(?:\(người tố cáo\)|đã tố cáo|có đơn tố cáo|gửi đơn tố cáo|tố cáo)",
                             re.IGNORECASE)
_ACCUSED_LEAD = re.compile(r"(?:người\s+)?bị\s+tố\s+cáo\s*(?:là|:)?\s*$", re.IGNORECASE)
_ACCUSED_TAIL = re.compile(r"^\s*(?:\(người bị tố cáo\)|,?\s*(?:là\s+)?người bị tố cáo|bị tố cáo)",
                           re.IGNORECASE)
_BARE_DENOUNCER = re.compile(r"người\s+tố\s+cáo\s*(?:là|:)\s*((?:[^\W\d_]+ ?){2,5})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    role: str  # "denouncer", "accused" or "person"

    @property
    def initials(self) -> str:
        return " ".join(f"{word[0]}." for word in self.name.split())


def _name_words(candidate: str) -> list[str]:
    words = []
    for word in candidate.split():
        if not word[0].isupper():
            break
        words.append(word)
    return words


def _looks_like_name(words: list[str]) -> bool:
    if len(words) < 2 or words[0] in _TITLE_WORDS or any(word.isupper() and len(word) > 1 for word in words):
        return False
    return words[0] in _SURNAMES or len(words) >= 3


def _role(text: str, start: int, end: int) -> str:
    before, after = text[max(0, start - 40):start], text[end:end + 40]
    if _ACCUSED_LEAD.search(before) or _ACCUSED_TAIL.match(after):
        return "accused"
    if _DENOUNCER_LEAD.search(before) or _DENOUNCER_TAIL.match(after):
        return "denouncer"
    return "person"


def personal_names(text: str) -> Iterator[Name]:
    """Personal names after ông/bà/anh/chị (or after 'người tố cáo là'), with their role."""
    for found in _HONORIFIC_NAME.finditer(text):
        words = _name_words(found.group(1))
        if _looks_like_name(words):
            end = found.start(1) + len(" ".join(words))
            yield Name(" ".join(words), _role(text, found.start(), end))
    for found in _BARE_DENOUNCER.finditer(text):
        words = _name_words(found.group(1))
        if len(words) >= 2 and words[0] not in ("Ông", "Bà", "Anh", "Chị", "ông", "bà"):
            yield Name(" ".join(words), "denouncer")
