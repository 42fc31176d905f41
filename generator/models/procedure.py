"""Administrative procedures, fees and forms (Điều 20 khoản 2–5, Điều 23)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar

from generator.models.common import ContentFile, DocumentRef, Problem, Record, Strict, WholeNumber, field, ref


class ProcedureLevel(StrEnum):
    CENTRAL = "trung_uong"
    PROVINCE = "tinh"
    COMMUNE = "xa"
    OTHER = "khac"


class OneStop(StrEnum):
    ONE_STOP = "mot_cua"
    INTERLINKED = "lien_thong"
    NONE = "khong"


class SubmissionKind(StrEnum):
    DIRECT = "truc_tiep"
    ONLINE = "truc_tuyen"
    POSTAL = "buu_chinh"


class TimeUnit(StrEnum):
    WORKING_DAYS = "ngay_lam_viec"
    DAYS = "ngay"
    HOURS = "gio"


class Step(Strict):
    title: str = field("Tên bước", "Tên bước thực hiện, ví dụ: Nộp hồ sơ.", min_length=2)
    description: str | None = field("Nội dung", "Mô tả chi tiết bước thực hiện.", None)


class ProcessingTime(Strict):
    amount: WholeNumber = field("Thời hạn", "Số ngày (hoặc giờ) giải quyết.", ge=0)
    unit: TimeUnit = field(
        "Đơn vị", "ngay_lam_viec: ngày làm việc; ngay: ngày; gio: giờ.", TimeUnit.WORKING_DAYS
    )
    note: str | None = field("Ghi chú", "Ghi chú về thời hạn, ví dụ: kể từ ngày nhận đủ hồ sơ.", None)


class SubmissionMethod(Strict):
    kind: SubmissionKind = field(
        "Hình thức nộp", "truc_tiep: trực tiếp; truc_tuyen: trực tuyến; buu_chinh: qua bưu chính."
    )
    processing_time: ProcessingTime = field("Thời hạn giải quyết", "Thời hạn theo hình thức này.")
    fees: list[ref("fee")] = field(  # type: ignore[valid-type]
        "Phí, lệ phí", "Mã các hồ sơ phí, lệ phí áp dụng (thư mục content/fees/).",
        default_factory=list,
    )
    fee_note: str | None = field(
        "Ghi chú phí", "Ví dụ: Không thu phí. Bắt buộc ghi khi không có phí, lệ phí.", None
    )
    description: str | None = field("Mô tả", "Hướng dẫn nộp theo hình thức này.", None)


class DossierItem(Strict):
    name: str = field("Tên giấy tờ", "Tên thành phần hồ sơ.", min_length=2)
    form: ref("form") | None = field(  # type: ignore[valid-type]
        "Mẫu đơn, tờ khai", "Mã mẫu đơn (thư mục content/forms/), nếu có.", None
    )
    originals: WholeNumber = field("Số bản chính", "Số bản chính phải nộp.", 1, ge=0)
    copies: WholeNumber = field("Số bản sao", "Số bản sao phải nộp.", 0, ge=0)
    note: str | None = field("Ghi chú", "Ghi chú về giấy tờ này.", None)


class Agencies(Strict):
    deciding: str = field("Cơ quan có thẩm quyền quyết định", "Cơ quan ra quyết định.")
    performing: str = field("Cơ quan trực tiếp thực hiện", "Cơ quan tiếp nhận, giải quyết.")
    authorised: str | None = field("Cơ quan được ủy quyền", "Nếu có.", None)
    coordinating: str | None = field("Cơ quan phối hợp", "Nếu có.", None)


class Procedure(Record):
    """An administrative procedure in the national procedure database's shape."""

    kind_name: ClassVar[str] = "procedure"
    kind_label: ClassVar[str] = "Thủ tục hành chính"

    code: str = field(
        "Mã thủ tục",
        "Mã trên Cơ sở dữ liệu quốc gia về thủ tục hành chính, ví dụ \"1.001930\" "
        "(viết trong dấu ngoặc kép để YAML không đọc thành số).",
        pattern=r"^\d\.\d{6}$",
        examples=["1.001930"],
    )
    announcing_decision: DocumentRef = field(
        "Quyết định công bố", "Quyết định công bố thủ tục hành chính của Chủ tịch UBND tỉnh."
    )
    level: ProcedureLevel = field(
        "Cấp thực hiện", "trung_uong, tinh, xa hoặc khac.", ProcedureLevel.PROVINCE
    )
    field_name: str = field("Lĩnh vực", "Lĩnh vực của thủ tục, ví dụ: Hộ tịch.", alias="field")
    unit: ref("unit") = field(  # type: ignore[valid-type]
        "Bộ phận giải quyết", "Mã bộ phận chịu trách nhiệm (thư mục content/units/)."
    )
    steps: list[Step] = field("Trình tự thực hiện", "Các bước thực hiện.", min_length=1)
    methods: list[SubmissionMethod] = field(
        "Cách thức thực hiện", "Các hình thức nộp, mỗi hình thức có thời hạn và phí.", min_length=1
    )
    dossier: list[DossierItem] = field("Thành phần hồ sơ", "Giấy tờ phải nộp.", min_length=1)
    dossier_sets: WholeNumber = field("Số lượng bộ hồ sơ", "Số bộ hồ sơ phải nộp.", 1, ge=1)
    applicants: list[str] = field(
        "Đối tượng thực hiện", "Ví dụ: Công dân Việt Nam; Tổ chức.", min_length=1
    )
    agencies: Agencies = field("Cơ quan thực hiện", "Cơ quan quyết định, thực hiện, phối hợp.")
    result: str = field("Kết quả thực hiện", "Giấy tờ người dân nhận được.", min_length=2)
    conditions: list[str] = field(
        "Yêu cầu, điều kiện", "Yêu cầu, điều kiện thực hiện (nếu có).", default_factory=list
    )
    one_stop: OneStop = field(
        "Cơ chế một cửa", "mot_cua, lien_thong hoặc khong.", OneStop.ONE_STOP
    )


class FeeKind(StrEnum):
    FEE = "phi"
    CHARGE = "le_phi"


class FeeTier(Strict):
    label: str = field("Trường hợp", "Trường hợp áp dụng mức này.", min_length=1)
    amount: WholeNumber = field("Mức thu (đồng)", "Số tiền, viết liền không dấu chấm: 50000.", ge=0)


class Fee(Record):
    """A phí or lệ phí (Điều 20 khoản 4)."""

    kind_name: ClassVar[str] = "fee"
    kind_label: ClassVar[str] = "Phí, lệ phí"

    fee_kind: FeeKind = field("Loại", "phi: phí; le_phi: lệ phí.", alias="kind")
    amount: WholeNumber | None = field(
        "Mức thu (đồng)", "Số tiền một lần, viết liền: 50000. Dùng tiers nếu có nhiều mức.",
        None, ge=0,
    )
    tiers: list[FeeTier] = field("Các mức thu", "Nhiều mức theo trường hợp.", default_factory=list)
    unit: str = field("Đơn vị tính", "Ví dụ: đồng/hồ sơ, đồng/bản.", "đồng/hồ sơ")
    exemptions: list[str] = field(
        "Miễn, giảm", "Đối tượng được miễn, giảm.", default_factory=list
    )

    def problems(self) -> list[Problem]:
        if self.amount is None and not self.tiers:
            return [Problem(("title",), "E-FEE-AMOUNT",
                            "chưa có mức thu: thêm 'amount' hoặc danh sách 'tiers'")]
        return []


class Form(Record):
    """A mẫu đơn / tờ khai with its downloadable file (Điều 20 khoản 3)."""

    kind_name: ClassVar[str] = "form"
    kind_label: ClassVar[str] = "Mẫu đơn, tờ khai"

    code: str | None = field("Ký hiệu mẫu", "Ví dụ: Mẫu số 01/TK.", None)
    file: Annotated[str, ContentFile()] = field(
        "Tệp mẫu", "Đường dẫn tệp tính từ content/, ví dụ: forms/files/mau-01.docx."
    )
