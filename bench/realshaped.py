"""A deterministic board of procedures shaped like those copied from the national database.

    python bench/realshaped.py OUT_DIR --procedures 207 [--seed 30]

bench/synthetic.py draws short, tidy sentences. Texts copied from the national procedure
database (dichvucong.gov.vn) are not like that, and the search index and the pages are sized
by them: steps of several lines ("Bước 1: …", "- …"), dossier items with notes on their own
line, "Không quy định" wherever a value is not set, processing-time notes of a full sentence,
long legal bases, and the debris of the database's HTML editor: "<p>", "<br/>", "&nbsp;",
non-breaking spaces (U+00A0), doubled spaces. Every record is valid and linked: procedures
point at units, fees and forms (each form with its file). The same seed and count give
byte-identical files.
"""

from __future__ import annotations

import argparse
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from synthetic import BOARD, FIELDS, ISSUERS, OBJECTS, UNIT_NAMES, VERBS, Writer, _dump

NBSP = "\u00a0"
NOT_SET = "Không quy định"

STEP_TITLES = ["Chuẩn bị hồ sơ", "Nộp hồ sơ", "Tiếp nhận và kiểm tra hồ sơ", "Thẩm định hồ sơ",
               "Giải quyết hồ sơ", "Trả kết quả", "Xem xét, phê duyệt", "Thông báo kết quả"]
STEP_LINES = [
    "Tổ chức, cá nhân chuẩn bị đầy đủ hồ sơ theo quy định của pháp luật",
    "Nộp hồ sơ trực tiếp tại Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn (số 2, đường Hùng Vương,"
    " phường Chi Lăng, thành phố Lạng Sơn) hoặc qua dịch vụ bưu chính công ích hoặc trực tuyến tại"
    " Cổng Dịch vụ công quốc gia",
    "Thời gian tiếp nhận: Sáng từ 7 giờ 30 phút đến 11 giờ 30 phút; chiều từ 13 giờ 30 phút đến 17 giờ"
    " 00 phút các ngày làm việc trong tuần (trừ ngày lễ, tết theo quy định)",
    "Công chức tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ: trường hợp hồ sơ đầy đủ, hợp lệ thì"
    " tiếp nhận và viết phiếu hẹn trả kết quả; trường hợp hồ sơ chưa đầy đủ, chưa hợp lệ thì hướng"
    " dẫn tổ chức, cá nhân bổ sung, hoàn thiện theo quy định",
    "Trong thời hạn 03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan có thẩm quyền xem xét,"
    " thẩm định và trình cấp có thẩm quyền phê duyệt",
    "Trường hợp không đủ điều kiện giải quyết thì phải trả lời bằng văn bản và nêu rõ lý do",
    "Tổ chức, cá nhân nhận kết quả tại nơi nộp hồ sơ hoặc qua dịch vụ bưu chính công ích theo yêu cầu",
    "Khi đến nhận kết quả, người nhận mang theo phiếu hẹn trả kết quả và giấy tờ tùy thân còn hiệu lực",
]
DOSSIER_NAMES = [
    "Bản khai chung", "Tờ khai đề nghị cấp giấy phép", "Văn bản đề nghị của tổ chức, cá nhân",
    "Bản sao Giấy chứng nhận đăng ký doanh nghiệp hoặc Quyết định thành lập",
    "Bản sao hộ chiếu hoặc giấy tờ có giá trị thay hộ chiếu còn thời hạn",
    "Giấy chứng nhận sức khỏe do cơ sở khám bệnh, chữa bệnh có thẩm quyền cấp",
    "Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải là người đang trong thời gian chấp hành"
    " hình phạt", "Báo cáo thuyết minh dự án đầu tư", "Bản vẽ thiết kế kỹ thuật", "Ảnh màu 4 cm x 6 cm",
    "Giấy ủy quyền (trường hợp người đi nộp hồ sơ không phải là người đại diện theo pháp luật)",
]
DOSSIER_NOTES = [
    "Mẫu đính kèm", "Bản chính hoặc bản sao có chứng thực", "Xuất trình bản chính để đối chiếu",
    "Trường hợp nộp trực tuyến thì gửi bản điện tử có chữ ký số", "Nộp 02 ảnh, chụp không quá 06 tháng",
    "Được cấp không quá 12 tháng tính đến ngày nộp hồ sơ", NOT_SET,
]
TIME_NOTES = [
    "Kể từ ngày nhận đủ hồ sơ hợp lệ", "03 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ, hợp lệ",
    "Trường hợp phải xác minh thì thời hạn giải quyết được kéo dài thêm không quá 10 ngày làm việc",
    NOT_SET,
]
APPLICANTS = ["Công dân Việt Nam", "Người nước ngoài", "Doanh nghiệp",
              "Tổ chức (không bao gồm doanh nghiệp, HTX)", "Hợp tác xã", "Cán bộ, công chức, viên chức"]
RESULTS = ["Giấy phép", "Quyết định phê duyệt", "Văn bản chấp thuận", "Giấy chứng nhận",
           "Văn bản trả lời của cơ quan có thẩm quyền"]
CONDITIONS = [
    "Đủ 18 tuổi trở lên, có năng lực hành vi dân sự đầy đủ",
    "Có trình độ chuyên môn, kỹ thuật, tay nghề, kinh nghiệm làm việc phù hợp với vị trí công việc",
    "Không phải là người đang trong thời gian chấp hành hình phạt hoặc chưa được xóa án tích",
    "Có đủ sức khỏe theo quy định của Bộ trưởng Bộ Y tế",
]

# Administrative Vietnamese beyond bench/synthetic.py's phrases: real texts draw on a larger
# vocabulary, and gzip finds less to share between them.
MORE_PHRASES = [
    "người sử dụng lao động", "cơ quan tiếp nhận hồ sơ", "giấy tờ tùy thân còn hiệu lực",
    "bản sao có chứng thực hoặc bản sao kèm bản chính để đối chiếu", "văn bản ủy quyền hợp lệ",
    "Sở Lao động – Thương binh và Xã hội", "Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường",
    "Ban Quản lý các khu kinh tế", "Cổng Dịch vụ công quốc gia",
    "Hệ thống thông tin giải quyết thủ tục hành chính", "thông báo bằng văn bản và nêu rõ lý do",
    "yêu cầu bổ sung, hoàn thiện hồ sơ", "lấy ý kiến các cơ quan liên quan",
    "trường hợp cần thiết tổ chức kiểm tra thực tế", "lập biên bản kiểm tra",
    "trình Chủ tịch Ủy ban nhân dân tỉnh",
    "ký số trên văn bản điện tử", "nộp phí, lệ phí theo quy định", "chuyển kết quả cho Bộ phận Một cửa",
    "đối với người nước ngoài", "đối với doanh nghiệp có vốn đầu tư nước ngoài", "đối với hộ kinh doanh",
    "thời hạn không quá 15 ngày", "trong vòng 05 ngày làm việc", "hiệu lực tối đa 02 năm",
    "được gia hạn một lần", "sau khi có ý kiến thẩm định", "phù hợp với quy hoạch sử dụng đất",
    "bảo đảm an toàn, phòng cháy chữa cháy", "vệ sinh môi trường", "an ninh trật tự trên địa bàn",
]


def _varied(w: Writer, low: int, high: int) -> str:
    phrases = [w.pick(MORE_PHRASES) if w.random.random() < 0.6 else w.sentence(3, 3).rstrip(".").lower()
               for _ in range(w.random.randint(low, high))]
    text = ", ".join(phrases)
    return text[0].upper() + text[1:]


def _debris(w: Writer, text: str) -> str:
    """What the database's HTML editor leaves in a copied value, now and then."""
    roll = w.random.random()
    if roll < 0.15:
        return f"<p>{text}</p>"
    if roll < 0.25:
        return text.replace(" ", NBSP, 2)
    if roll < 0.32:
        return text.replace(", ", ",&nbsp;", 1)
    if roll < 0.38:
        return text + "<br/>"
    if roll < 0.44:
        return text.replace(" ", "  ", 1) + " "
    return text


def _lines(w: Writer, pool: list[str], low: int, high: int) -> str:
    lines = [w.pick(pool) if w.random.random() < 0.4 else _varied(w, 3, 8)
             for _ in range(w.random.randint(low, high))]
    return "\n".join(f"- {_debris(w, line)}." for line in lines)


def _procedure(w: Writer, index: int, ids: dict[str, list[str]], laws: list[dict[str, Any]]
               ) -> dict[str, Any]:
    steps = [{"title": f"Bước {number + 1}: {title}", "description": _lines(w, STEP_LINES, 2, 7)}
             for number, title in enumerate(w.random.sample(STEP_TITLES, w.random.randint(2, 5)))]
    methods = []
    for kind in w.random.sample(["truc_tiep", "truc_tuyen", "buu_chinh"], w.random.randint(1, 3)):
        method: dict[str, Any] = {"kind": kind, "processing_time": {
            "amount": w.random.choice([1, 3, 5, 7, 10, 15, 20, 30]), "note": _debris(w, w.pick(TIME_NOTES))}}
        roll = w.random.random()
        if roll < 0.5:
            method["fees"] = w.random.sample(ids["fee"], min(len(ids["fee"]), w.random.randint(1, 2)))
        elif roll < 0.8:
            method["fee_note"] = NOT_SET
        else:
            method["fee_note"] = "Lệ phí: 100.000 đồng/hồ sơ (Miễn lệ phí đối với hồ sơ nộp trực tuyến)"
        if w.random.random() < 0.5:
            method["description"] = _debris(w, w.pick(STEP_LINES))
        methods.append(method)
    dossier = []
    for name in w.random.sample(DOSSIER_NAMES, w.random.randint(3, 8)):
        item: dict[str, Any] = {"name": _debris(w, name), "originals": w.random.randint(0, 1),
                                "copies": w.random.randint(0, 1)}
        if w.random.random() < 0.7:
            note = w.pick(DOSSIER_NOTES) if w.random.random() < 0.6 else _varied(w, 1, 3)
            item["note"] = _debris(w, note)
        dossier.append(item)
    dossier[0]["form"] = w.pick(ids["form"])
    conditions = ([NOT_SET] if w.random.random() < 0.4
                  else [_debris(w, w.pick(CONDITIONS) + "; " + _varied(w, 2, 5).lower())
                        for _ in range(w.random.randint(1, 4))])
    return {
        "title": f"{w.pick(VERBS)} {w.pick(OBJECTS)} {w.sentence(3, 12).lower().rstrip('.')} ({index + 1})",
        "code": f"{w.random.randint(1, 2)}.{w.random.randint(0, 999999):06d}",
        "announcing_decision": w.document(), "level": w.pick(["tinh", "xa"]), "field": w.pick(FIELDS),
        "unit": w.pick(ids["unit"]), "posted_on": w.day(date(2024, 1, 1), 700),
        "legal_basis": w.random.sample(laws, w.random.randint(2, 6)),
        "steps": steps, "methods": methods, "dossier": dossier,
        "dossier_sets": 1, "applicants": w.random.sample(APPLICANTS, w.random.randint(1, 3)),
        "agencies": {"deciding": w.pick(["Chủ tịch UBND tỉnh", "Sở Nội vụ", "Sở Tư pháp"]),
                     "performing": w.pick(UNIT_NAMES),
                     "coordinating": w.pick([NOT_SET, "Công an tỉnh; Sở Tài chính"])},
        "result": _debris(w, w.pick(RESULTS)), "conditions": conditions,
    }


def _unit(w: Writer, index: int) -> dict[str, Any]:
    return {"title": f"{UNIT_NAMES[index % len(UNIT_NAMES)]} ({index + 1})", "head": w.person(),
            "duties": [w.sentence(6, 14) for _ in range(w.random.randint(2, 4))], "order": index}


def _fee(w: Writer, index: int) -> dict[str, Any]:
    return {"title": f"Lệ phí {w.pick(OBJECTS)} ({index + 1})", "kind": w.pick(["phi", "le_phi"]),
            "amount": w.random.randint(1, 60) * 10_000, "unit": "đồng/hồ sơ",
            "legal_basis": [{**w.document(), "issuer": w.pick(ISSUERS)}]}


def _form(w: Writer, index: int) -> dict[str, Any]:
    return {"title": f"Tờ khai {w.pick(OBJECTS)} (mẫu {index + 1})", "code": f"Mẫu số {index + 1:02d}",
            "file": f"forms/files/mau-{index:04d}.docx"}


def generate(out_dir: Path, procedures: int, seed: int = 30) -> dict[str, int]:
    """Write `procedures` procedures, and the units, fees and forms they use, into `out_dir`."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / "forms" / "files").mkdir(parents=True)
    (out_dir / "board.yaml").write_text(_dump(BOARD, "../schemas/board.schema.json"), encoding="utf-8")
    writer = Writer(seed)
    # A real board cites the same laws and decrees on many procedures.
    laws = [writer.document() for _ in range(max(6, procedures // 4))]
    counts = {"unit": 5, "fee": max(1, procedures // 8), "form": max(1, procedures // 4),
              "procedure": procedures}
    ids = {kind: [f"{kind[:3]}-{index:04d}" for index in range(count)] for kind, count in counts.items()}
    folders = {"unit": "units", "fee": "fees", "form": "forms", "procedure": "procedures"}
    for kind in counts:
        (out_dir / folders[kind]).mkdir(exist_ok=True)
        for index, record_id in enumerate(ids[kind]):
            if kind == "procedure":
                record = _procedure(writer, index, ids, laws)
            else:
                record = {"unit": _unit, "fee": _fee, "form": _form}[kind](writer, index)
            text = _dump(record, f"../../schemas/{kind}.schema.json")
            (out_dir / folders[kind] / f"{record_id}.yaml").write_text(text, encoding="utf-8")
            if kind == "form":
                (out_dir / "forms" / "files" / f"mau-{index:04d}.docx").write_bytes(b"PK\x03\x04 real-shaped")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--procedures", type=int, default=207)
    parser.add_argument("--seed", type=int, default=30)
    args = parser.parse_args()
    counts = generate(args.out_dir, args.procedures, args.seed)
    print(f"{sum(counts.values())} records in {args.out_dir}: {counts}")


if __name__ == "__main__":
    main()
