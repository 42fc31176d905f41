"""The office itself (board) and its units (Điều 20 khoản 1)."""

from __future__ import annotations

from datetime import date as Date
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from generator.models.common import (
    WEB_URL_SCHEMA,
    DocumentRef,
    InternalField,
    Person,
    Record,
    Strict,
    WebUrl,
    WholeNumber,
    field,
)


class OfficeLevel(StrEnum):
    PROVINCE = "tinh"
    COMMUNE = "xa"
    AGENCY = "co_quan"


class Contact(Strict):
    address: str | None = field("Địa chỉ", "Địa chỉ trụ sở.", None)
    phone: str | None = field(
        "Điện thoại", "Số điện thoại cơ quan, viết trong ngoặc kép: \"025 3812 605\".", None
    )
    fax: str | None = field("Fax", "Số fax.", None)
    email: str | None = field("Thư điện tử", "Địa chỉ thư điện tử công vụ.", None)


class FeedbackAddress(Contact):
    """Where citizens send feedback on administrative rules (TT 02/2017/TT-VPCP)."""

    agency: str = field(
        "Cơ quan tiếp nhận phản ánh, kiến nghị",
        "Tên cơ quan tiếp nhận phản ánh, kiến nghị về quy định hành chính.",
        min_length=2,
    )


class OwnDocument(DocumentRef):
    """A regulation or plan of the office itself whose articles carry disclosure obligations."""

    name: str = field(
        "Tên gọi khi trích dẫn",
        "Tên ngắn dùng khi trích dẫn điều khoản, ví dụ: Quy chế 49/QĐ-VP.", min_length=2,
    )
    articles: dict[str, str] = field(
        "Điều khoản mang nghĩa vụ",
        "Theo mã nghĩa vụ trong danh mục nghĩa vụ công khai, điều khoản của văn bản này quy định "
        "nghĩa vụ đó, ví dụ: QC49-16.1: Điều 16 khoản 1. Chỉ nghĩa vụ được khai ở đây mới trích "
        "dẫn văn bản của cơ quan; nghĩa vụ khác dùng căn cứ pháp luật quốc gia.",
        min_length=1,
    )


class OpenDataLicence(Strict):
    """The terms on which the board's open data may be reused."""

    name: str = field(
        "Tên giấy phép",
        "Tên giấy phép sử dụng dữ liệu mở, ví dụ: Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0).",
        min_length=2,
    )
    code: str | None = field(
        "Mã giấy phép", "Mã SPDX của giấy phép, nếu có, ví dụ: CC-BY-4.0.", None,
        pattern=r"^[A-Za-z0-9.+-]+$",
    )
    url: WebUrl | None = field(
        "Địa chỉ văn bản giấy phép", "URL toàn văn giấy phép, ví dụ: "
        "https://creativecommons.org/licenses/by/4.0/deed.vi.", None, json_schema_extra=WEB_URL_SCHEMA,
    )


class Office(Record):
    """The office that publishes the board: one record, content/board.yaml."""

    kind_name: ClassVar[str] = "board"
    kind_label: ClassVar[str] = "Cơ quan"

    name: str = field("Tên cơ quan", "Tên đầy đủ, ví dụ: Văn phòng UBND tỉnh Lạng Sơn.")
    short_name: str | None = field("Tên viết tắt", "Tên ngắn gọn dùng trên giao diện.", None)
    parent: str | None = field(
        "Cơ quan chủ quản", "Cơ quan cấp trên trực tiếp, ví dụ: UBND tỉnh Lạng Sơn.", None
    )
    level: OfficeLevel = field(
        "Cấp cơ quan",
        "tinh: UBND cấp tỉnh hoặc Văn phòng UBND tỉnh; xa: UBND xã, phường, đặc khu; co_quan: sở, "
        "ban, ngành, cơ quan trung ương và các cơ quan, đơn vị khác. Từ 01/7/2025 chính quyền địa "
        "phương chỉ còn hai cấp (tỉnh, xã): không còn cấp huyện. Quyết định tần suất tiếp công "
        "dân tối thiểu và các nghĩa vụ theo cấp.",
    )
    place: str = field(
        "Địa danh", "Địa danh ghi ở dòng ngày tháng văn bản, ví dụ: Lạng Sơn.", min_length=2
    )
    contact: Contact = field("Liên hệ", "Địa chỉ, điện thoại, thư điện tử của cơ quan.")
    feedback: FeedbackAddress = field(
        "Địa chỉ phản ánh, kiến nghị",
        "Nơi tiếp nhận phản ánh, kiến nghị về quy định hành chính (hiện trên mọi trang thủ tục).",
    )
    opening_hours: str | None = field(
        "Giờ tiếp nhận hồ sơ",
        "Giờ tiếp nhận và trả kết quả hồ sơ (hiện trên trang chủ, ki-ốt, đầu bản in), ví dụ: Sáng "
        "7 giờ 30 đến 11 giờ 30, chiều 13 giờ 30 đến 17 giờ, từ thứ Hai đến thứ Sáu (trừ ngày lễ).",
        None, min_length=2,
    )
    portal_url: WebUrl | None = field(
        "Cổng thông tin điện tử của cơ quan",
        "Địa chỉ Cổng (Trang) thông tin điện tử hoặc Cổng dịch vụ công của cơ quan, tỉnh (hiện trên "
        "trang chủ, ki-ốt, đầu bản in), ví dụ: https://langson.gov.vn/.",
        None,
        json_schema_extra=WEB_URL_SCHEMA,
    )
    head: Person | None = field("Thủ trưởng", "Người đứng đầu cơ quan.", None)
    site_url: WebUrl | None = field(
        "Địa chỉ trang công khai",
        "URL trang công khai (dùng cho mã QR trên bản in), ví dụ: https://congkhai.example.vn/.",
        None,
        json_schema_extra=WEB_URL_SCHEMA,
    )
    open_data_licence: OpenDataLicence | None = field(
        "Giấy phép dữ liệu mở",
        "Điều kiện sử dụng lại các tệp dữ liệu mở (JSON, CSV) của trang; bỏ trống nếu cơ quan "
        "chưa công bố.",
        None,
    )
    days_off: list[Date] = field(
        "Ngày nghỉ riêng",
        "Ngày nghỉ thêm của cơ quan (ngoài ngày lễ, Tết), dạng YYYY-MM-DD.",
        default_factory=list,
    )
    own_documents: list[OwnDocument] = field(
        "Quy chế, kế hoạch riêng của cơ quan",
        "Quy chế dân chủ, kế hoạch tiếp công dân… do chính cơ quan ban hành, kèm điều khoản mang "
        "từng nghĩa vụ công khai. Không khai thì phần đối chiếu chỉ trích dẫn pháp luật quốc gia.",
        default_factory=list,
    )
    obligation_overrides: Annotated[dict[str, dict[str, Any]], InternalField()] = field(
        "Điều chỉnh tham số nghĩa vụ",
        "Theo mã nghĩa vụ, các tham số cơ quan áp dụng khác mặc định, ví dụ: "
        "TCD-RESULT: {deadline_working_days: 3}.",
        default_factory=dict,
    )


class Unit(Record):
    """A department or desk responsible for a kind of work (Điều 20 khoản 1)."""

    kind_name: ClassVar[str] = "unit"
    kind_label: ClassVar[str] = "Bộ phận"

    head: Person | None = field("Người phụ trách", "Trưởng bộ phận.", None)
    room: str | None = field("Phòng làm việc", "Số phòng, tầng, nhà.", None)
    contact: Contact | None = field("Liên hệ", "Điện thoại, thư điện tử của bộ phận.", None)
    duties: list[str] = field(
        "Nhiệm vụ", "Các công việc bộ phận chịu trách nhiệm giải quyết.", default_factory=list
    )
    order: WholeNumber = field("Thứ tự", "Thứ tự hiển thị trong danh sách bộ phận.", 100, ge=0)
