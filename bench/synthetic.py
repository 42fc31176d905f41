"""A deterministic synthetic board: N valid, linked records of every kind, for benchmarks.

    python bench/synthetic.py OUT_DIR --records 2000 [--seed 49]

The same seed and N give byte-identical files. Records are shaped like the demo board's
(realistic Vietnamese text, legal bases, signers) and all link up: procedures point at
units, fees and forms (each form with its file), sessions at schedules; budgets add up.
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

# Share of the records of each kind (every kind gets at least one).
SHARES: dict[str, float] = {
    "procedure": 0.30, "form": 0.12, "reception_session": 0.12, "fee": 0.08,
    "personnel_decision": 0.07, "complaint_result": 0.07, "budget": 0.06, "policy": 0.05,
    "plan": 0.04, "unit": 0.04, "regulation": 0.03, "reception_schedule": 0.02,
}
FOLDERS: dict[str, str] = {
    "unit": "units", "procedure": "procedures", "fee": "fees", "form": "forms",
    "reception_schedule": "reception_schedules", "reception_session": "reception_sessions",
    "regulation": "regulations", "budget": "budgets", "personnel_decision": "personnel",
    "complaint_result": "complaints", "policy": "policies", "plan": "plans",
}

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
          "Lý", "Nông", "Hà", "Lương", "Triệu", "Hứa", "Mạc", "Lăng"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Hữu", "Ngọc", "Thu", "Xuân", "Tiến", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hoa", "Hương", "Lan", "Long", "Mai", "Nam", "Phúc", "Quân",
         "Sơn", "Thảo", "Thắng", "Trang", "Tuấn", "Vân", "Yến", "Hoan", "Thiệu", "Đạt"]
POSITIONS = ["Chánh Văn phòng", "Phó Chánh Văn phòng", "Trưởng phòng", "Phó Trưởng phòng",
             "Chuyên viên", "Chuyên viên chính", "Kế toán trưởng", "Văn thư"]
FIELDS = ["Hộ tịch", "Đất đai", "Tư pháp", "Lao động", "Đầu tư", "Văn thư, lưu trữ", "Thi đua, khen thưởng",
          "Khiếu nại, tố cáo", "Xây dựng", "Giao thông vận tải", "Tài nguyên nước", "Công thương"]
VERBS = ["Cấp", "Cấp lại", "Gia hạn", "Điều chỉnh", "Thu hồi", "Đăng ký", "Thẩm định", "Phê duyệt",
         "Xác nhận", "Chấp thuận"]
OBJECTS = ["giấy phép lao động cho người nước ngoài", "giấy chứng nhận quyền sử dụng đất",
           "phiếu lý lịch tư pháp", "giấy chứng nhận đăng ký đầu tư", "giấy phép xây dựng",
           "bản sao tài liệu lưu trữ", "giấy phép khai thác nước mặt", "chủ trương đầu tư dự án",
           "giấy chứng nhận đủ điều kiện kinh doanh", "văn bản thẩm định thiết kế cơ sở"]
PHRASES = [
    "cơ quan, đơn vị", "công chức, viên chức", "người lao động", "hồ sơ thủ tục hành chính",
    "tiếp nhận và trả kết quả", "theo quy định của pháp luật", "chịu trách nhiệm", "tổ chức thực hiện",
    "công khai, minh bạch", "kịp thời, đầy đủ", "bảo đảm quyền và lợi ích hợp pháp", "của tổ chức, cá nhân",
    "trên địa bàn tỉnh Lạng Sơn", "Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh", "các phòng chuyên môn",
    "kiểm tra, giám sát", "báo cáo kết quả", "định kỳ hằng năm", "phối hợp với các sở, ngành",
    "chỉ đạo triển khai", "kế hoạch công tác", "dự toán ngân sách", "kinh phí hoạt động",
    "mua sắm, sửa chữa tài sản", "đào tạo, bồi dưỡng", "thi đua, khen thưởng", "cải cách hành chính",
    "ứng dụng công nghệ thông tin", "cơ chế một cửa, một cửa liên thông", "trong thời hạn quy định",
    "kể từ ngày nhận đủ hồ sơ hợp lệ", "đề xuất biện pháp xử lý", "tổng hợp, báo cáo", "người đứng đầu",
]
UNIT_NAMES = ["Phòng Hành chính – Tổ chức", "Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Khoa giáo – Văn xã",
              "Phòng Nội chính", "Phòng Quản trị – Tài vụ", "Trung tâm Phục vụ hành chính công",
              "Ban Tiếp công dân", "Phòng Kiểm soát thủ tục hành chính", "Trung tâm Thông tin"]
ISSUERS = ["Quốc hội", "Chính phủ", "Thủ tướng Chính phủ", "UBND tỉnh Lạng Sơn", "Bộ Tài chính",
           "Bộ Tư pháp", "Văn phòng Chính phủ"]


class Writer:
    """Draws deterministic Vietnamese content from one seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def pick(self, items: list[Any]) -> Any:
        return self.random.choice(items)

    def person(self, with_position: bool = True) -> dict[str, str]:
        name = f"{self.pick(FAMILY)} {self.pick(MIDDLE)} {self.pick(GIVEN)}"
        return {"name": name, "position": self.pick(POSITIONS)} if with_position else {"name": name}

    def sentence(self, low: int = 8, high: int = 30) -> str:
        """About `low`–`high` syllables of administrative Vietnamese."""
        phrases = [self.pick(PHRASES) for _ in range(max(1, self.random.randint(low, high) // 3))]
        text = " ".join(phrases)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int = 3) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def day(self, start: date = date(2010, 1, 1), span_days: int = 5800) -> date:
        return start + timedelta(days=self.random.randrange(span_days))

    def document(self, year: int | None = None) -> dict[str, Any]:
        issued = self.day() if year is None else self.day(date(year, 1, 1), 360)
        symbol = self.pick(["QĐ-UBND", "NĐ-CP", "TT-BTC", "QH14", "QĐ-VP", "TT-VPCP"])
        return {"number": f"{self.random.randint(1, 3000)}/{issued.year}/{symbol}", "date": issued,
                "title": self.sentence(6, 16), "issuer": self.pick(ISSUERS)}

    def source(self) -> dict[str, Any]:
        return {**self.document(), "signer": self.person()}


def _counts(total: int) -> dict[str, int]:
    """Records per kind adding up to `total` (board.yaml not counted), at least one of each."""
    counts = {kind: max(1, int(total * share)) for kind, share in SHARES.items()}
    counts["procedure"] += total - sum(counts.values())
    return counts


def _unit(w: Writer, index: int, _: dict[str, list[str]]) -> dict[str, Any]:
    phone = f"025 38{w.random.randint(10000, 99999)}"
    return {"title": f"{w.pick(UNIT_NAMES)} số {index + 1}", "head": w.person(),
            "room": f"Phòng {100 + index}", "contact": {"phone": phone, "email": f"bp{index}@langson.gov.vn"},
            "duties": [w.sentence(6, 14) for _ in range(w.random.randint(2, 5))], "order": index}


def _fee(w: Writer, index: int, _: dict[str, list[str]]) -> dict[str, Any]:
    record: dict[str, Any] = {"title": f"Lệ phí {w.pick(OBJECTS)} ({index + 1})",
                              "kind": w.pick(["phi", "le_phi"]), "legal_basis": [w.document()]}
    if w.random.random() < 0.5:
        record["amount"] = w.random.randint(1, 200) * 1000
    else:
        record["tiers"] = [{"label": w.sentence(3, 8), "amount": w.random.randint(1, 200) * 1000}
                           for _ in range(w.random.randint(2, 4))]
    record["exemptions"] = [w.sentence(5, 12)]
    return record


def _form(w: Writer, index: int, _: dict[str, list[str]]) -> dict[str, Any]:
    return {"title": f"Tờ khai {w.pick(OBJECTS)} (mẫu {index + 1})", "code": f"Mẫu số {index + 1:02d}/TK",
            "file": f"forms/files/mau-{index:05d}.docx", "description": w.sentence()}


def _procedure(w: Writer, index: int, ids: dict[str, list[str]]) -> dict[str, Any]:
    methods = []
    for kind in w.random.sample(["truc_tiep", "truc_tuyen", "buu_chinh"], w.random.randint(1, 3)):
        method: dict[str, Any] = {"kind": kind, "processing_time": {
            "amount": w.random.randint(1, 30), "note": "Kể từ ngày nhận đủ hồ sơ hợp lệ"}}
        if w.random.random() < 0.7:
            method["fees"] = w.random.sample(ids["fee"], min(len(ids["fee"]), w.random.randint(1, 2)))
        else:
            method["fee_note"] = "Không thu phí"
        methods.append(method)
    dossier = [{"name": w.sentence(4, 12), "originals": 1, "copies": w.random.randint(0, 2)}
               for _ in range(w.random.randint(2, 6))]
    dossier[0]["form"] = w.pick(ids["form"])
    return {
        "title": f"{w.pick(VERBS)} {w.pick(OBJECTS)} ({index + 1})",
        "code": f"{w.random.randint(1, 2)}.{w.random.randint(0, 999999):06d}",
        "announcing_decision": w.document(), "level": w.pick(["tinh", "xa"]), "field": w.pick(FIELDS),
        "unit": w.pick(ids["unit"]), "posted_on": w.day(date(2024, 1, 1), 700),
        "legal_basis": [w.document() for _ in range(w.random.randint(1, 4))],
        "steps": [{"title": w.sentence(3, 8), "description": w.paragraph(2)}
                  for _ in range(w.random.randint(2, 5))],
        "methods": methods, "dossier": dossier, "applicants": ["Công dân Việt Nam", "Tổ chức"],
        "agencies": {"deciding": "Chủ tịch UBND tỉnh", "performing": w.pick(UNIT_NAMES)},
        "result": w.sentence(4, 10), "conditions": [w.sentence() for _ in range(w.random.randint(0, 3))],
    }


def _schedule(w: Writer, index: int, _: dict[str, list[str]]) -> dict[str, Any]:
    return {"title": f"Lịch tiếp công dân định kỳ số {index + 1}", "leader": w.person(),
            "deputies": [w.person()], "level": "tinh", "place": "Trụ sở Tiếp công dân tỉnh Lạng Sơn",
            "recurrence": {"freq": "monthly", "by_month_day": w.random.randint(1, 28), "opens_at": "08:00",
                           "closes_at": "11:30", "valid_from": date(2020, 1, 1)}}


def _session(w: Writer, index: int, ids: dict[str, list[str]]) -> dict[str, Any]:
    on = w.day(date(2020, 1, 1), 2200)
    return {"title": f"Buổi tiếp công dân ngày {on:%d/%m/%Y}", "schedule": w.pick(ids["reception_schedule"]),
            "scheduled_on": on, "status": "held", "host": w.person(),
            "citizens_received": w.random.randint(0, 12),
            "result_notice": {"number": f"{w.random.randint(1, 900)}/TB-UBND", "date": on + timedelta(days=2),
                              "posted_on": on + timedelta(days=3), "signer": w.person(),
                              "cases": [{"summary": w.sentence(), "locality": "Xã Chi Lăng",
                                         "direction": w.sentence(), "responsible_unit": w.pick(UNIT_NAMES)}
                                        for _ in range(w.random.randint(1, 4))]}}


def _article(w: Writer, number: int) -> dict[str, Any]:
    return {"number": number, "title": w.sentence(4, 9),
            "clauses": [{"number": clause + 1, "text": w.sentence(),
                         "points": [{"label": "abcd"[point], "text": w.sentence(6, 14)}
                                    for point in range(w.random.randint(0, 3))]}
                        for clause in range(w.random.randint(1, 4))]}


def _regulation(w: Writer, index: int, _: dict[str, list[str]]) -> dict[str, Any]:
    chapters, number = [], 1
    for chapter in range(w.random.randint(2, 4)):
        articles = []
        for _ in range(w.random.randint(2, 5)):
            articles.append(_article(w, number))
            number += 1
        chapters.append({"number": "IVX"[chapter] if chapter < 3 else "IV", "title": w.sentence(3, 7).upper(),
                         "articles": articles})
    return {"title": f"Quy chế {w.sentence(4, 9).lower()} (số {index + 1})", "kind": "quy_che",
            "source": w.source(), "effective_from": w.day(), "chapters": chapters}


def _budget_items(w: Writer, depth: int) -> tuple[list[dict[str, Any]], int]:
    items, total = [], 0
    for position in range(w.random.randint(2, 4)):
        item: dict[str, Any] = {"code": str(position + 1), "name": w.sentence(3, 8)}
        if depth > 0 and w.random.random() < 0.6:
            item["children"], item["amount"] = _budget_items(w, depth - 1)
        else:
            item["amount"] = w.random.randint(1, 900) * 1_000_000
        items.append(item)
        total += item["amount"]
    return items, total


def _budget(w: Writer, index: int, _: dict[str, list[str]]) -> dict[str, Any]:
    items, total = _budget_items(w, 2)
    year = 2015 + index % 12
    return {"title": f"Dự toán ngân sách năm {year} (số {index + 1})",
            "stage": w.pick(["du_toan", "quyet_toan"]), "fiscal_year": year,
            "assigned_on": date(year, 1, 10), "total": total, "items": items, "source": w.source()}


def _personnel(w: Writer, index: int, _: dict[str, list[str]]) -> dict[str, Any]:
    return {"title": f"Quyết định nhân sự số {index + 1}", "decided_on": w.day(),
            "category": w.pick(["tuyen_dung", "khen_thuong", "nang_bac_luong", "bo_nhiem"]),
            "persons": [{**w.person(), "unit": w.pick(UNIT_NAMES), "detail": w.sentence(4, 10)}
                        for _ in range(w.random.randint(1, 6))], "source": w.source()}


def _complaint(w: Writer, index: int, _: dict[str, list[str]]) -> dict[str, Any]:
    return {"title": f"Kết quả giải quyết khiếu nại số {index + 1}",
            "category": w.pick(["khieu_nai", "to_cao"]), "concluded_on": w.day(),
            "subject": w.paragraph(2), "conclusion": w.paragraph(2),
            "measures": [w.sentence() for _ in range(2)]}


def _policy(w: Writer, index: int, _: dict[str, list[str]]) -> dict[str, Any]:
    return {"title": f"Chính sách {w.sentence(4, 10).lower()} ({index + 1})", "issued_by": w.pick(ISSUERS),
            "summary": w.paragraph(3), "areas": [w.pick(FIELDS)], "source": w.source()}


def _plan(w: Writer, index: int, _: dict[str, list[str]]) -> dict[str, Any]:
    tasks = []
    for number in range(w.random.randint(3, 8)):
        task = {"number": f"{number + 1}", "title": w.sentence(5, 12), "owner": w.pick(UNIT_NAMES),
                "deadline": w.day(), "status": w.pick(["chua_thuc_hien", "dang_thuc_hien", "hoan_thanh"])}
        if task["status"] == "hoan_thanh":
            task["completed_on"] = task["deadline"]
        tasks.append(task)
    return {"title": f"Kế hoạch {w.sentence(4, 9).lower()} ({index + 1})",
            "parts": [{"heading": "A. MỤC ĐÍCH, YÊU CẦU", "paragraphs": [w.paragraph(2)]}], "tasks": tasks}


# Kinds in dependency order: targets before the records that point at them.
BUILDERS: dict[str, Callable[[Writer, int, dict[str, list[str]]], dict[str, Any]]] = {
    "unit": _unit, "fee": _fee, "form": _form, "reception_schedule": _schedule, "procedure": _procedure,
    "reception_session": _session, "regulation": _regulation, "budget": _budget,
    "personnel_decision": _personnel, "complaint_result": _complaint, "policy": _policy, "plan": _plan,
}

BOARD = {
    "title": "Văn phòng UBND tỉnh Lạng Sơn (dữ liệu tổng hợp)",
    "name": "Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn", "level": "tinh", "place": "Lạng Sơn",
    "contact": {"address": "Đường Hùng Vương, phường Chi Lăng, Thành phố Lạng Sơn", "phone": "025 3812 605"},
    "feedback": {"agency": "Văn phòng UBND tỉnh Lạng Sơn", "email": "vanphong@langson.gov.vn"},
}


class _Dumper(yaml.CSafeDumper):
    """Writes repeated values out in full: content files never use YAML aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(record: dict[str, Any], schema: str) -> str:
    header = f"# yaml-language-server: $schema={schema}\n"
    return header + yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def generate(out_dir: Path, total: int, seed: int = 49) -> dict[str, int]:
    """Write a board of `total` records (plus board.yaml) into `out_dir`, replacing it."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / "forms" / "files").mkdir(parents=True)
    (out_dir / "board.yaml").write_text(_dump(BOARD, "../schemas/board.schema.json"), encoding="utf-8")
    writer, counts, ids = Writer(seed), _counts(total), {}
    for kind, build in BUILDERS.items():
        folder = out_dir / FOLDERS[kind]
        folder.mkdir(exist_ok=True)
        ids[kind] = [f"{FOLDERS[kind][:3]}-{index:05d}" for index in range(counts[kind])]
        for index, record_id in enumerate(ids[kind]):
            text = _dump(build(writer, index, ids), f"../../schemas/{kind}.schema.json")
            (folder / f"{record_id}.yaml").write_text(text, encoding="utf-8")
            if kind == "form":
                (out_dir / "forms" / "files" / f"mau-{index:05d}.docx").write_bytes(b"PK\x03\x04 synthetic")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--seed", type=int, default=49)
    args = parser.parse_args()
    counts = generate(args.out_dir, args.records, args.seed)
    print(f"{sum(counts.values())} records in {args.out_dir}: {counts}")


if __name__ == "__main__":
    main()
