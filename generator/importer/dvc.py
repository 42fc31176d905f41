"""One procedure in the national procedure database's export layout → a procedure record (plain data).

The layout: `metadata` (mã thủ tục, tên thủ tục, số quyết định, cấp thực hiện, loại thủ tục,
lĩnh vực), `content` (texts: trình tự, cách thức, thành phần hồ sơ, đối tượng, cơ quan…, kết
quả, yêu cầu điều kiện, căn cứ pháp lý, địa chỉ tiếp nhận) and `tables` (`hinh_thuc_nop`,
`thanh_phan_ho_so`, `can_cu_phap_ly`, rows as lists or as objects). Field names vary between
exports in accents, case and underscores: they are compared by `key_of`. Whatever is not mapped
is listed (`Mapped.unmapped`), never dropped silently; what the source does not say is left
out of the record, never filled with a default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.importer.text import clean_text, folded, key_of, split_outside_brackets
from generator.models.common import web_url_problem
from generator.models.procedure import CODE_PATTERN

SOURCE_NAME = "Cơ sở dữ liệu quốc gia về thủ tục hành chính"

METADATA = {
    "mathutuc": "code", "tenthutuc": "title", "soquyetdinh": "decision", "quyetdinhcongbo": "decision",
    "ngayquyetdinh": "decision_date", "ngaybanhanhquyetdinh": "decision_date",
    "capthuchien": "level", "loaithutuc": "procedure_type", "linhvuc": "field",
}
CONTENT = {
    "trinhtuthuchien": "steps", "cachthucthuchien": "methods_text", "thanhphanhoso": "dossier_text",
    "doituongthuchien": "applicants", "coquanthuchien": "performing", "coquancothamquyen": "deciding",
    "coquanduocuyquyen": "authorised", "coquanphoihop": "coordinating", "ketquathuchien": "result",
    "yeucaudieukien": "conditions", "yeucaudieukienthuchien": "conditions", "cancuphaply": "legal_text",
    "diachitiepnhan": "reception_address", "diachitiepnhanhs": "reception_address",
}
TABLES = {"hinhthucnop": "methods", "thanhphanhoso": "dossier", "cancuphaply": "legal"}
# Texts the tables say better: kept only when the table is absent.
TEXT_FOR_TABLE = {"methods_text": "methods", "dossier_text": "dossier", "legal_text": "legal"}

LEVELS = {"cap bo": "bo", "bo": "bo", "trung uong": "trung_uong", "cap trung uong": "trung_uong",
          "cap tinh": "tinh", "tinh": "tinh", "cap huyen": "huyen", "huyen": "huyen",
          "cap xa": "xa", "xa": "xa"}
SUBMISSION = {"truc tiep": "truc_tiep", "truc tuyen": "truc_tuyen", "dich vu buu chinh": "buu_chinh",
              "buu chinh": "buu_chinh", "qua buu chinh": "buu_chinh", "buu chinh cong ich": "buu_chinh"}
TIME_UNITS = {"ngay lam viec": "ngay_lam_viec", "ngay": "ngay", "gio": "gio", "thang": "thang"}
CURRENCIES = {"dong": None, "vnd": None, "vnđ": None, "usd": "USD", "eur": "EUR"}
NOTHING = {"", "khong", "khong co", "khong quy dinh", "khong thu", "khong co thong tin"}

_TIME = re.compile(r"^0*(\d+)\s+(.+)$")
_FEE_KIND = re.compile(r"^(le phi|phi)\s*:?\s*", re.IGNORECASE)
_AMOUNT = re.compile(r"^(\d{1,3}(?:\.\d{3})+|\d+)\s+(\S+)(?:\s*/\s*(.+))?$")
_STEP = re.compile(r"(?:^|\s)[-*]?\s*Bước\s+\d+\s*[:.\-–]\s*", re.IGNORECASE)
_COUNT = re.compile(r"Bản\s+(chính|sao)\s*:?\s*(\d+)", re.IGNORECASE)
_CASE_HEADING = re.compile(r"^[*\-+•]?\s*(Trường hợp|TH)\b", re.IGNORECASE)
_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_BULLET = re.compile(r"^[-+•*]\s*")


class SourceError(ValueError):
    """A value the import cannot take: where it is (a JSON path) and why, in Vietnamese."""

    def __init__(self, path: str, code: str, message: str) -> None:
        super().__init__(message)
        self.path, self.code, self.message = path, code, message


@dataclass
class Mapped:
    """The record made from one export, and what in it could not be mapped."""

    record: dict[str, Any]
    unmapped: list[str] = field(default_factory=list)


def _section(document: dict[str, Any], name: str) -> dict[str, Any]:
    for key, value in document.items():
        if key_of(key) == name:
            if not isinstance(value, dict):
                raise SourceError(f"$.{key}", "E-IMPORT-SHAPE", f"'{key}' phải là một đối tượng JSON ({{…}})")
            return value
    return {}


def _named(section: dict[str, Any], names: dict[str, str], where: str, unmapped: list[str]) -> dict[str, Any]:
    """The section's values under our names; every other field is reported as unmapped."""
    found: dict[str, Any] = {}
    for key, value in section.items():
        name = names.get(key_of(key))
        if name is None:
            if clean_text(value) if not isinstance(value, list | dict) else value:
                unmapped.append(f"{where}.{key}")
        else:
            found[name] = (f"{where}.{key}", value)
    return found


def parse_date(text: str, path: str) -> date:
    match = _DATE.match(text.strip())
    try:
        if match is None:
            return date.fromisoformat(text.strip())
        day, month, year = map(int, match.groups())
        return date(year, month, day)
    except ValueError:
        raise SourceError(path, "E-IMPORT-DATE",
                          f"ngày '{text}' không đọc được (cần dạng dd-mm-yyyy, ví dụ 15-07-2025)") from None


def processing_time(text: str) -> dict[str, Any] | None:
    """'15 Ngày làm việc' → amount + unit; anything else is kept as written."""
    if folded(text) in NOTHING - {"khong quy dinh"} or not text:
        return None
    match = _TIME.match(text)
    if match and (unit := TIME_UNITS.get(folded(match.group(2)))):
        return {"amount": int(match.group(1)), "unit": unit}
    return {"text": text}


def charge(line: str) -> dict[str, Any]:
    """'Lệ phí : 50.000 Đồng', 'Phí: 10 USD/giấy phép', 'Phí: 0,1% giá trị hợp đồng'."""
    found: dict[str, Any] = {}
    kind = _FEE_KIND.match(folded(line))
    rest = line
    if kind:
        found["kind"] = "le_phi" if kind.group(1) == "le phi" else "phi"
        rest = line[kind.end():].strip()
    amount = _AMOUNT.match(rest)
    currency_key = folded(amount.group(2)) if amount else ""
    if amount and currency_key in CURRENCIES:
        found["amount"] = int(amount.group(1).replace(".", ""))
        if CURRENCIES[currency_key]:
            found["currency"] = CURRENCIES[currency_key]
        if amount.group(3):
            found["per"] = amount.group(3).strip(" .()")
    else:
        found["text"] = rest or line
    return found


def _cells(row: Any, path: str, columns: list[str]) -> list[str]:
    if isinstance(row, dict):
        by_key = {key_of(key): value for key, value in row.items()}
        return [clean_text(by_key.get(column, "")) for column in columns]
    if isinstance(row, list):
        return [clean_text(cell) for cell in row] + [""] * (len(columns) - len(row))
    raise SourceError(path, "E-IMPORT-SHAPE", "mỗi dòng của bảng phải là một danh sách ô hoặc một đối tượng")


def _raw_cell(row: Any, position: int, column: str) -> Any:
    """A cell as exported (a form may be an object with a name and a link)."""
    if isinstance(row, dict):
        return next((value for key, value in row.items() if key_of(key) == column), None)
    return row[position] if len(row) > position else None


def _rows(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise SourceError(path, "E-IMPORT-SHAPE", "bảng phải là một danh sách các dòng ([…])")
    return value


def _is_header(cells: list[str], first_word: str) -> bool:
    return folded(cells[0]).startswith(first_word)


def methods(value: Any, path: str) -> list[dict[str, Any]]:
    found = []
    columns = ["hinhthucnop", "thoihangiaiquyet", "philephi", "mota"]
    for index, row in enumerate(_rows(value, path)):
        kind_text, time_text, fee_text, note = _cells(row, f"{path}[{index}]", columns)[:4]
        if _is_header([kind_text], "hinh thuc"):
            continue
        kind = SUBMISSION.get(folded(kind_text))
        if kind is None:
            raise SourceError(f"{path}[{index}][0]", "E-IMPORT-METHOD",
                              f"hình thức nộp '{kind_text}' không rõ (cần: Trực tiếp, Trực tuyến, "
                              "Dịch vụ bưu chính)")
        method: dict[str, Any] = {"kind": kind}
        if _CASE_HEADING.match(note):
            method["case"] = note
            note = ""
        time = processing_time(time_text)
        if time:
            method["processing_time"] = time
        fee_lines = [line for line in fee_text.split("\n") if line]
        if fee_lines and folded(fee_text) not in NOTHING:
            method["charges"] = [charge(line) for line in fee_lines]
        elif fee_lines:
            method["fee_note"] = fee_text
        if note:
            method["description"] = note
        found.append(method)
    return found


def _counts(text: str) -> dict[str, int]:
    counts = {"originals" if folded(kind) == "chinh" else "copies": int(number)
              for kind, number in _COUNT.findall(text)}
    return dict(sorted(counts.items(), key=lambda item: item[0] != "originals"))


def _form(cell: Any, text: str) -> dict[str, str]:
    if isinstance(cell, dict):
        by_key = {key_of(key): clean_text(value) for key, value in cell.items()}
        name = by_key.get("ten") or by_key.get("tenmau") or by_key.get("name") or ""
        link = by_key.get("url") or by_key.get("link") or by_key.get("duongdan") or ""
    else:
        name, link = (text, "") if not text.startswith("https://") else ("", text)
    found = {"form_name": name} if name else {}
    if link and web_url_problem(link) is None:
        found["form_url"] = link
    return found


def dossier(value: Any, path: str) -> list[dict[str, Any]]:
    found, case = [], None
    for index, row in enumerate(_rows(value, path)):
        cells = _cells(row, f"{path}[{index}]", ["tengiayto", "maudontokhai", "soluong"])
        name, form_text, count_text = cells[:3]
        if _is_header([name], "ten giay to") or not name:
            continue
        counts = _counts(count_text)
        if _CASE_HEADING.match(name) and not counts and not form_text:
            case = _BULLET.sub("", name).rstrip(":")
            continue
        item: dict[str, Any] = {"name": name}
        if case:
            item["case"] = case
        item.update(_form(_raw_cell(row, 1, "maudontokhai"), form_text))
        item.update(counts)
        found.append(item)
    return found


def legal_basis(value: Any, path: str) -> list[dict[str, Any]]:
    found = []
    for index, row in enumerate(_rows(value, path)):
        number, title, issued, issuer = _cells(row, f"{path}[{index}]",
                                               ["sokyhieu", "trichyeu", "ngaybanhanh", "coquanbanhanh"])[:4]
        if _is_header([number], "so ky hieu") or not number:
            continue
        document: dict[str, Any] = {"number": number}
        if issued:
            document["date"] = parse_date(issued, f"{path}[{index}][2]")
        if title:
            document["title"] = title
        if issuer:
            document["issuer"] = issuer
        found.append(document)
    return found


def steps(text: str) -> list[dict[str, str]]:
    """'Bước 1: … Bước 2: …' → one step per 'Bước'; no names are invented."""
    parts = [part.strip() for part in _STEP.split(text) if part.strip()]
    return [{"description": part} for part in parts]


def conditions(text: str) -> list[str]:
    """Each line a condition; a line starting with '-', '+' or '•' stays under the one before."""
    if folded(text) in NOTHING:
        return []
    found: list[str] = []
    for line in text.split("\n"):
        if _BULLET.match(line) and found:
            found[-1] += "\n- " + _BULLET.sub("", line)
        else:
            found.append(_BULLET.sub("", line) if not found else line)
    return found


def names(text: str, separators: str = ";\n") -> list[str]:
    return [] if folded(text) in NOTHING else split_outside_brackets(text, separators)


def levels(text: str, path: str, unmapped: list[str]) -> list[str]:
    found = []
    for part in split_outside_brackets(text, ",;\n"):
        level = LEVELS.get(folded(part))
        if level is None:
            unmapped.append(f"{path} ('{part}')")
            level = "khac"
        if level not in found:
            found.append(level)
    return found


def _text(entry: tuple[str, Any] | None) -> tuple[str, str]:
    if entry is None:
        return "", ""
    path, value = entry
    if isinstance(value, list) and all(not isinstance(item, list | dict) for item in value):
        return path, "\n".join(filter(None, (clean_text(item) for item in value)))  # paragraphs
    if isinstance(value, list | dict):
        raise SourceError(path, "E-IMPORT-SHAPE",
                          "trường này phải là chữ (hoặc danh sách các đoạn chữ), "
                          "không phải bảng hay đối tượng")
    return path, clean_text(value)


def _required_code(meta: dict[str, Any]) -> str:
    path, code = _text(meta.get("code"))
    if not code:
        raise SourceError("$.metadata", "E-IMPORT-CODE", "thiếu mã thủ tục ('ma_thu_tuc')")
    if not re.fullmatch(CODE_PATTERN, code):
        raise SourceError(path, "E-IMPORT-CODE",
                          f"mã thủ tục '{code}' không đúng dạng d.dddddd (ví dụ 1.001930)")
    return code


def map_procedure(document: Any) -> Mapped:
    """The procedure record (keys in the model's order) for one exported document."""
    if not isinstance(document, dict):
        raise SourceError("$", "E-IMPORT-SHAPE", "tệp phải chứa một đối tượng JSON ({…}) cho một thủ tục")
    unmapped: list[str] = []
    for key, value in document.items():
        if key_of(key) not in ("metadata", "content", "tables") and value not in (None, "", [], {}):
            unmapped.append(f"$.{key}")
    meta = _named(_section(document, "metadata"), METADATA, "$.metadata", unmapped)
    content = _named(_section(document, "content"), CONTENT, "$.content", unmapped)
    tables = _named(_section(document, "tables"), TABLES, "$.tables", unmapped)
    record: dict[str, Any] = {}
    title_path, title = _text(meta.get("title"))
    if len(title) < 2:
        raise SourceError(title_path or "$.metadata", "E-IMPORT-TITLE", "thiếu tên thủ tục ('ten_thu_tuc')")
    record["title"] = title
    record["code"] = _required_code(meta)
    _, number = _text(meta.get("decision"))
    if number:
        decision: dict[str, Any] = {"number": number}
        date_path, issued = _text(meta.get("decision_date"))
        if issued:
            decision["date"] = parse_date(issued, date_path)
        record["announcing_decision"] = decision
    _, procedure_type = _text(meta.get("procedure_type"))
    if procedure_type:
        record["procedure_type"] = procedure_type
    level_path, level_text = _text(meta.get("level"))
    if level_text:
        record["level"] = levels(level_text, level_path, unmapped)
    field_path, field_name = _text(meta.get("field"))
    if not field_name:
        raise SourceError(field_path or "$.metadata", "E-IMPORT-FIELD", "thiếu lĩnh vực ('linh_vuc')")
    record["field"] = field_name
    _, step_text = _text(content.get("steps"))
    if step_text:
        record["steps"] = steps(step_text)
    for name, mapper in (("methods", methods), ("dossier", dossier)):
        if name in tables:
            path, value = tables[name]
            rows = mapper(value, path)
            if rows:
                record[name] = rows
    for text_name, table_name in TEXT_FOR_TABLE.items():
        path, text = _text(content.get(text_name))
        if text and table_name not in tables:
            unmapped.append(f"{path} (chỉ có dạng văn bản, không có bảng)")
    _, applicants = _text(content.get("applicants"))
    if names(applicants, ",;\n"):
        record["applicants"] = names(applicants, ",;\n")
    agencies = {role: names(_text(content.get(role))[1])
                for role in ("deciding", "performing", "authorised", "coordinating")}
    if any(agencies.values()):
        record["agencies"] = {role: value for role, value in agencies.items() if value}
    _, result = _text(content.get("result"))
    if len(result) >= 2:
        record["result"] = result
    _, condition_text = _text(content.get("conditions"))
    if conditions(condition_text):
        record["conditions"] = conditions(condition_text)
    _, address = _text(content.get("reception_address"))
    if len(address) >= 2 and folded(address) not in NOTHING:
        record["reception_address"] = address
    if "legal" in tables:
        path, value = tables["legal"]
        documents = legal_basis(value, path)
        if documents:
            record["legal_basis"] = documents
    return Mapped(record, unmapped)
