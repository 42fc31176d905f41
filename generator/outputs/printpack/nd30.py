"""The parts of a notice whose form NĐ 30/2020/NĐ-CP Phụ lục I fixes: header lines and dates."""

from __future__ import annotations

from datetime import date

from generator.present.format import format_date

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK_NUMBER = "……/……"
BLANK_DATE = "……/……/………"


def day_text(day: int) -> str:
    """Days below 10 get a leading zero (NĐ 30: '…ngày nhỏ hơn 10… phải ghi thêm số 0')."""
    return f"{day:02d}"


def month_text(month: int) -> str:
    """Only months 1 and 2 get a leading zero (so that they cannot be turned into 11 or 12)."""
    return f"{month:02d}" if month <= 2 else str(month)


def date_line(place: str, when: date) -> str:
    """'Lạng Sơn, ngày 05 tháng 02 năm 2026'; 'Lạng Sơn, ngày 15 tháng 3 năm 2026'."""
    return f"{place}, ngày {day_text(when.day)} tháng {month_text(when.month)} năm {when.year}"


def number_line(number: str | None) -> str:
    """'Số: 12/TB-UBND', or dotted blanks for staff to fill in by hand."""
    return f"Số: {number or BLANK_NUMBER}"


def posting_line(start: date, end: date | None) -> str:
    """'Niêm yết từ ngày 05/02/2026 đến ngày 20/02/2026'; an open end is left blank to write in."""
    until = format_date(end) if end else BLANK_DATE
    return f"Niêm yết từ ngày {format_date(start)} đến ngày {until}"


# Words NĐ 30 lets the parent body's name shorten, as offices write them.
_PARENT_ABBREVIATIONS = (("Ủy ban nhân dân", "UBND"), ("Hội đồng nhân dân", "HĐND"))


def parent_line(parent: str | None) -> str:
    """The parent body, uppercase, with 'Ủy ban nhân dân' shortened: 'UBND TỈNH LẠNG SƠN'."""
    if not parent:
        return ""
    for words, short in _PARENT_ABBREVIATIONS:
        if parent.casefold().startswith(words.casefold()):
            parent = short + parent[len(words):]
    return parent.upper()


def agency_line(name: str, parent: str | None) -> str:
    """The agency name, uppercase, without a repeat of the parent printed above it:
    'Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn' under 'Ủy ban nhân dân tỉnh Lạng Sơn' → 'VĂN PHÒNG'."""
    if parent and name.casefold().endswith(" " + parent.casefold()):
        name = name[: -len(parent) - 1]
    return name.upper()


# The abbreviations of NĐ 30/2020 Phụ lục I, as printed above the signer's position.
AUTHORITY_ABBREVIATIONS = {"tm": "TM.", "kt": "KT.", "tl": "TL.", "tuq": "TUQ.", "q": "Q."}


def authority_line(authority: str | None, on_behalf_of: str | None) -> str:
    """'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'Q. CHÁNH VĂN PHÒNG'; '' when the head signs."""
    if authority is None or not on_behalf_of:
        return ""
    return f"{AUTHORITY_ABBREVIATIONS[authority]} {on_behalf_of.upper()}"


def issuer_lines(issuer: str | None, issuer_parent: str | None,
                 office_name: str, office_parent: str | None) -> tuple[str, str]:
    """(parent line, name line) of the top-left block: the notice's own issuer when it names one
    (a …/TB-UBND notice of the provincial committee), else the office of the board."""
    if issuer:
        return parent_line(issuer_parent), agency_line(issuer, issuer_parent)
    return parent_line(office_parent), agency_line(office_name, office_parent)
