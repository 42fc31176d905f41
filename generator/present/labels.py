"""Vietnamese labels for the enumerated values of the record models."""

from __future__ import annotations

PROCEDURE_LEVELS = {
    "bo": "Cấp Bộ", "trung_uong": "Cấp trung ương", "tinh": "Cấp tỉnh", "huyen": "Cấp huyện", "xa": "Cấp xã",
    "khac": "Khác",
}
ONE_STOP = {"mot_cua": "Một cửa", "lien_thong": "Một cửa liên thông", "khong": "Không"}
SUBMISSION = {"truc_tiep": "Trực tiếp", "truc_tuyen": "Trực tuyến", "buu_chinh": "Qua dịch vụ bưu chính"}
TIME_UNITS = {"ngay_lam_viec": "ngày làm việc", "ngay": "ngày", "gio": "giờ", "thang": "tháng"}
FEE_KINDS = {"phi": "Phí", "le_phi": "Lệ phí"}
OFFICE_LEVELS = {"tinh": "Cấp tỉnh", "xa": "Cấp xã", "co_quan": "Cơ quan, đơn vị"}
SESSION_STATUS = {
    "planned": "Dự kiến", "held": "Đã tiếp", "postponed": "Hoãn", "cancelled": "Hủy",
}
REGULATION_KINDS = {"noi_quy": "Nội quy", "quy_che": "Quy chế", "khac": "Văn bản khác"}
BUDGET_STAGES = {"du_toan": "Dự toán", "thuc_hien": "Thực hiện", "quyet_toan": "Quyết toán"}
BUDGET_PERIODS = {
    "nam": "Cả năm", "quy_1": "Quý I", "quy_2": "Quý II", "quy_3": "Quý III", "quy_4": "Quý IV",
    "6_thang": "6 tháng đầu năm",
}
PERSONNEL_CATEGORIES = {
    "tuyen_dung": "Tuyển dụng", "khen_thuong": "Khen thưởng", "ky_luat": "Kỷ luật",
    "nang_bac_luong": "Nâng bậc lương", "nang_ngach": "Nâng ngạch", "bo_nhiem": "Đề bạt, bổ nhiệm",
}
COMPLAINT_CATEGORIES = {
    "khieu_nai": "Giải quyết khiếu nại", "to_cao": "Kết luận nội dung tố cáo", "noi_bo": "Vụ việc nội bộ",
}
TASK_STATUS = {
    "chua_thuc_hien": "Chưa thực hiện", "dang_thuc_hien": "Đang thực hiện", "hoan_thanh": "Hoàn thành",
}
OVERDUE = "Quá hạn"
AUDIENCES = {"public": "Công khai", "internal": "Nội bộ"}
FREQUENCIES = {"monthly": "Hằng tháng", "weekly": "Hằng tuần"}
SIGNING_AUTHORITIES = {
    "tm": "TM. (thay mặt tập thể)", "kt": "KT. (ký thay người đứng đầu)", "tl": "TL. (thừa lệnh)",
    "tuq": "TUQ. (thừa ủy quyền)", "q": "Q. (quyền người đứng đầu)",
}

ENUMS: dict[str, dict[str, str]] = {
    "procedure_level": PROCEDURE_LEVELS,
    "one_stop": ONE_STOP,
    "submission": SUBMISSION,
    "time_unit": TIME_UNITS,
    "fee_kind": FEE_KINDS,
    "office_level": OFFICE_LEVELS,
    "session_status": SESSION_STATUS,
    "regulation_kind": REGULATION_KINDS,
    "budget_stage": BUDGET_STAGES,
    "budget_period": BUDGET_PERIODS,
    "personnel_category": PERSONNEL_CATEGORIES,
    "complaint_category": COMPLAINT_CATEGORIES,
    "task_status": TASK_STATUS,
    "audience": AUDIENCES,
    "frequency": FREQUENCIES,
    "signing_authority": SIGNING_AUTHORITIES,
}
