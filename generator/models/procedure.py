"""Administrative procedures, fees and forms (Điều 20 khoản 2–5, Điều 23)."""

from __future__ import annotations

from datetime import date as Date
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, WithJsonSchema

from generator.models.common import (
    WEB_URL_SCHEMA,
    ContentFile,
    DocumentRef,
    FeeRef,
    FormRef,
    InternalField,
    Problem,
    Record,
    Strict,
    UnitRef,
    WebUrl,
    WholeNumber,
    field,
)

CODE_PATTERN = r"^\d\.\d{6}$"


class ProcedureLevel(StrEnum):
    MINISTRY = "bo"
    CENTRAL = "trung_uong"
    PROVINCE = "tinh"
    DISTRICT = "huyen"
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
    MONTHS = "thang"


class FeeKind(StrEnum):
    FEE = "phi"
    CHARGE = "le_phi"


def _as_list(value: Any) -> Any:
    """A single value where a list is expected is a list of one (records written before lists)."""
    return [value] if isinstance(value, str) else value


def _one_or_list(item_schema: dict[str, Any]) -> WithJsonSchema:
    return WithJsonSchema({"anyOf": [item_schema, {"type": "array", "items": item_schema}]})


Levels = Annotated[
    list[ProcedureLevel], BeforeValidator(_as_list),
    _one_or_list({"enum": [level.value for level in ProcedureLevel]}),
]
Names = Annotated[list[str], BeforeValidator(_as_list), _one_or_list({"type": "string"})]
CURRENCY_PATTERN = r"^[A-Z]{3}$"


class Step(Strict):
    title: str | None = field(
        "Tên bước", "Tên bước thực hiện, ví dụ: Nộp hồ sơ. Bỏ trống khi văn bản không đặt tên bước.",
        None, min_length=2,
    )
    description: str | None = field("Nội dung", "Mô tả chi tiết bước thực hiện.", None)


class ProcessingTime(Strict):
    amount: WholeNumber | None = field(
        "Thời hạn", "Số ngày (giờ, tháng) giải quyết khi là một số nguyên; nếu không, ghi 'text'.",
        None, ge=0,
    )
    unit: TimeUnit = field(
        "Đơn vị", "ngay_lam_viec: ngày làm việc; ngay: ngày; gio: giờ; thang: tháng (đi cùng 'amount').",
        TimeUnit.WORKING_DAYS,
    )
    text: str | None = field(
        "Thời hạn như văn bản ghi",
        "Thời hạn không phải một số nguyên, ghi đúng như văn bản, ví dụ: 'Ngay trong ngày làm việc', "
        "'15 ngày làm việc; trường hợp phải xác minh: 30 ngày', 'Không quy định'. "
        "Trang hiển thị đúng như ghi.",
        None, min_length=1,
    )
    note: str | None = field("Ghi chú", "Ghi chú về thời hạn, ví dụ: kể từ ngày nhận đủ hồ sơ.", None)


class Charge(Strict):
    """A phí or lệ phí written in the procedure itself, as the national database lists it."""

    kind: FeeKind | None = field("Loại", "phi: phí; le_phi: lệ phí; bỏ trống nếu văn bản không ghi.", None)
    amount: WholeNumber | None = field(
        "Mức thu", "Số tiền khi là một mức cố định, viết liền: 50000 (đơn vị tiền: 'currency').", None, ge=0
    )
    currency: str | None = field(
        "Loại tiền", "Mã tiền tệ 3 chữ in hoa khi không phải đồng, ví dụ: USD. Bỏ trống: đồng.",
        None, pattern=CURRENCY_PATTERN,
    )
    per: str | None = field("Tính trên", "Đơn vị tính, ví dụ: hồ sơ, bản, giấy phép.", None, min_length=1)
    text: str | None = field(
        "Mức thu như văn bản ghi",
        "Mức thu không phải một số tiền cố định, ghi đúng như văn bản: tỷ lệ phần trăm, công thức, "
        "'Theo quy định của Bộ Tài chính'... Trang hiển thị đúng như ghi.",
        None, min_length=1,
    )
    legal_reference: str | None = field(
        "Văn bản quy định mức thu", "Số, ký hiệu văn bản quy định mức thu, ví dụ: 85/2019/TT-BTC.",
        None, min_length=1,
    )


class SubmissionMethod(Strict):
    kind: SubmissionKind = field(
        "Hình thức nộp", "truc_tiep: trực tiếp; truc_tuyen: trực tuyến; buu_chinh: qua bưu chính."
    )
    case: str | None = field(
        "Trường hợp", "Trường hợp áp dụng dòng này, khi thủ tục chia trường hợp, ví dụ: "
        "Trường hợp cấp lại do bị mất.", None, min_length=1,
    )
    processing_time: ProcessingTime | None = field(
        "Thời hạn giải quyết", "Thời hạn theo hình thức này; bỏ trống nếu văn bản không ghi.", None
    )
    fees: list[FeeRef] = field(
        "Phí, lệ phí", "Mã các hồ sơ phí, lệ phí áp dụng (thư mục content/fees/).",
        default_factory=list,
    )
    charges: list[Charge] = field(
        "Phí, lệ phí ghi tại thủ tục",
        "Phí, lệ phí ghi ngay trong thủ tục (không cần hồ sơ phí riêng): mức thu, loại tiền, "
        "hoặc mức thu như văn bản ghi.",
        default_factory=list,
    )
    fee_note: str | None = field(
        "Ghi chú phí", "Ví dụ: Không thu phí. Bắt buộc ghi khi không có phí, lệ phí.", None
    )
    description: str | None = field("Mô tả", "Hướng dẫn nộp theo hình thức này.", None)


class DossierItem(Strict):
    name: str = field("Tên giấy tờ", "Tên thành phần hồ sơ.", min_length=2)
    case: str | None = field(
        "Trường hợp", "Trường hợp (nhóm hồ sơ) mà giấy tờ này thuộc về, ví dụ: Trường hợp 1: "
        "cấp lần đầu. Trang gom các giấy tờ theo trường hợp.", None, min_length=1,
    )
    form: FormRef | None = field(
        "Mẫu đơn, tờ khai", "Mã mẫu đơn (thư mục content/forms/), nếu có.", None
    )
    form_name: str | None = field(
        "Tên mẫu đơn, tờ khai", "Tên mẫu như văn bản ghi khi chưa có hồ sơ mẫu đơn, ví dụ: Mẫu số 01.docx.",
        None, min_length=1,
    )
    form_url: WebUrl | None = field(
        "Liên kết mẫu đơn", "Địa chỉ https:// để tải mẫu, ví dụ trên Cổng dịch vụ công quốc gia.",
        None, json_schema_extra=WEB_URL_SCHEMA,
    )
    originals: WholeNumber | None = field(
        "Số bản chính", "Số bản chính phải nộp; bỏ trống nếu văn bản không ghi.", None, ge=0
    )
    copies: WholeNumber | None = field(
        "Số bản sao", "Số bản sao phải nộp; bỏ trống nếu văn bản không ghi.", None, ge=0
    )
    note: str | None = field("Ghi chú", "Ghi chú về giấy tờ này.", None)


class Agencies(Strict):
    deciding: Names = field(
        "Cơ quan có thẩm quyền quyết định", "Cơ quan ra quyết định (một hoặc nhiều tên).",
        default_factory=list,
    )
    performing: Names = field(
        "Cơ quan trực tiếp thực hiện", "Cơ quan tiếp nhận, giải quyết (một hoặc nhiều tên).",
        default_factory=list,
    )
    authorised: Names = field("Cơ quan được ủy quyền", "Nếu có.", default_factory=list)
    coordinating: Names = field("Cơ quan phối hợp", "Nếu có.", default_factory=list)


class Provenance(Strict):
    """Where an imported record came from; shown on the internal site only."""

    source: str = field(
        "Nguồn", "Nơi lấy dữ liệu, ví dụ: Cơ sở dữ liệu quốc gia về thủ tục hành chính.", min_length=2
    )
    file: str = field("Tệp nguồn", "Tên tệp đã nhập (chỉ hiện trên trang nội bộ).", min_length=1)
    imported_on: Date = field("Ngày nhập", "Ngày nhập dữ liệu gần nhất làm thay đổi hồ sơ (YYYY-MM-DD).")


class Procedure(Record):
    """An administrative procedure in the national procedure database's shape."""

    kind_name: ClassVar[str] = "procedure"
    kind_label: ClassVar[str] = "Thủ tục hành chính"

    code: str = field(
        "Mã thủ tục",
        "Mã trên Cơ sở dữ liệu quốc gia về thủ tục hành chính, ví dụ \"1.001930\" "
        "(viết trong dấu ngoặc kép để YAML không đọc thành số).",
        pattern=CODE_PATTERN,
        examples=["1.001930"],
    )
    announcing_decision: DocumentRef | None = field(
        "Quyết định công bố",
        "Quyết định công bố thủ tục hành chính: số, ngày (nếu biết), cơ quan hoặc người ban hành.",
        None,
    )
    procedure_type: str | None = field(
        "Loại thủ tục", "Như Cơ sở dữ liệu quốc gia ghi, ví dụ: TTHC được luật giao quy định chi tiết.",
        None, min_length=1,
    )
    level: Levels = field(
        "Cấp thực hiện",
        "Một hoặc nhiều cấp: bo (Cấp Bộ), trung_uong, tinh, huyen, xa, khac. Ví dụ: [bo, tinh, xa].",
        default_factory=list,
    )
    field_name: str = field("Lĩnh vực", "Lĩnh vực của thủ tục, ví dụ: Hộ tịch.", alias="field")
    unit: UnitRef | None = field(
        "Bộ phận giải quyết",
        "Mã bộ phận của cơ quan chịu trách nhiệm (thư mục content/units/), "
        "nếu thủ tục do cơ quan giải quyết.",
        None,
    )
    steps: list[Step] = field("Trình tự thực hiện", "Các bước thực hiện.", default_factory=list)
    methods: list[SubmissionMethod] = field(
        "Cách thức thực hiện",
        "Các hình thức nộp, mỗi hình thức (và trường hợp) có thời hạn và phí.", default_factory=list,
    )
    dossier: list[DossierItem] = field("Thành phần hồ sơ", "Giấy tờ phải nộp.", default_factory=list)
    dossier_sets: WholeNumber | None = field(
        "Số lượng bộ hồ sơ", "Số bộ hồ sơ phải nộp; bỏ trống nếu văn bản không ghi.", None, ge=1
    )
    applicants: list[str] = field(
        "Đối tượng thực hiện", "Ví dụ: Công dân Việt Nam; Tổ chức.", default_factory=list
    )
    agencies: Agencies = field(
        "Cơ quan thực hiện", "Cơ quan quyết định, thực hiện, được ủy quyền, phối hợp.",
        default_factory=Agencies,
    )
    result: str | None = field("Kết quả thực hiện", "Giấy tờ người dân nhận được.", None, min_length=2)
    conditions: list[str] = field(
        "Yêu cầu, điều kiện",
        "Yêu cầu, điều kiện thực hiện (nếu có). Dòng bắt đầu bằng '- ' là ý con.", default_factory=list
    )
    one_stop: OneStop | None = field(
        "Cơ chế một cửa", "mot_cua, lien_thong hoặc khong; bỏ trống nếu văn bản không ghi.", None
    )
    reception_address: str | None = field(
        "Địa chỉ tiếp nhận hồ sơ", "Nơi nộp hồ sơ, trả kết quả như văn bản ghi.", None, min_length=2
    )
    provenance: Annotated[Provenance | None, InternalField()] = field(
        "Nguồn nhập (nội bộ)",
        "Do 'congkhai import' ghi: nguồn, tệp, ngày nhập. Chỉ hiện trên trang nội bộ; không cần sửa.",
        None,
    )

    def problems(self) -> list[Problem]:
        found = [
            Problem(("steps", index), "E-STEP-EMPTY",
                    "bước chưa có nội dung: thêm 'title' hoặc 'description'")
            for index, step in enumerate(self.steps) if step.title is None and step.description is None
        ]
        for index, method in enumerate(self.methods):
            time = method.processing_time
            if time is not None and time.amount is None and time.text is None:
                found.append(Problem(
                    ("methods", index, "processing_time"), "E-TIME-EMPTY",
                    "thời hạn chưa có nội dung: thêm 'amount' (số) hoặc 'text' (như văn bản ghi)"))
            found += [
                Problem(("methods", index, "charges", number), "E-CHARGE-EMPTY",
                        "phí, lệ phí chưa có mức thu: thêm 'amount' hoặc 'text' (như văn bản ghi)")
                for number, charge in enumerate(method.charges)
                if charge.amount is None and charge.text is None
            ]
        return found


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
    rate_text: str | None = field(
        "Mức thu như văn bản ghi",
        "Mức thu không phải số tiền cố định, ghi đúng như văn bản: tỷ lệ phần trăm, công thức, "
        "'Theo quy định của Bộ Tài chính' (ghi văn bản ở 'legal_basis').",
        None, min_length=1,
    )
    currency: str | None = field(
        "Loại tiền", "Mã tiền tệ 3 chữ in hoa khi không phải đồng, ví dụ: USD. Bỏ trống: đồng.",
        None, pattern=CURRENCY_PATTERN,
    )
    unit: str | None = field(
        "Đơn vị tính", "Ví dụ: đồng/hồ sơ, đồng/bản. Bỏ trống nếu văn bản không ghi.", None, min_length=1
    )
    exemptions: list[str] = field(
        "Miễn, giảm", "Đối tượng được miễn, giảm.", default_factory=list
    )

    def problems(self) -> list[Problem]:
        if self.amount is None and not self.tiers and self.rate_text is None:
            return [Problem(("title",), "E-FEE-AMOUNT",
                            "chưa có mức thu: thêm 'amount', danh sách 'tiers' "
                            "hoặc 'rate_text' (như văn bản ghi)")]
        return []


class Form(Record):
    """A mẫu đơn / tờ khai: its file, a link to it, or only its name (Điều 20 khoản 3)."""

    kind_name: ClassVar[str] = "form"
    kind_label: ClassVar[str] = "Mẫu đơn, tờ khai"

    code: str | None = field("Ký hiệu mẫu", "Ví dụ: Mẫu số 01/TK.", None)
    file: Annotated[str, ContentFile()] | None = field(
        "Tệp mẫu", "Đường dẫn tệp tính từ content/, ví dụ: forms/files/mau-01.docx. "
        "Bỏ trống khi chưa có tệp (trang ghi: chưa có tệp để tải về).", None,
    )
    download_url: WebUrl | None = field(
        "Liên kết tải mẫu", "Địa chỉ https:// nơi tải được mẫu, khi không có tệp trong content/.",
        None, json_schema_extra=WEB_URL_SCHEMA,
    )
