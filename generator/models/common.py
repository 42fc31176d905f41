"""Shared building blocks of every record model.

Every field carries a Vietnamese title and description: editors show them through the
JSON Schema, and the error messages name fields by their title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from enum import StrEnum
from typing import Annotated, Any, ClassVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic import Strict as StrictMode
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
MAX_ID_LENGTH = 100
"""An id is a file name and a URL segment; file systems stop at 255 bytes per name."""
MAX_TITLE_LENGTH = 500
MAX_TEXT_LENGTH = 20_000
"""Any one text value (about eight printed pages): longer text belongs in an attached file.
A megabyte-long title would otherwise be copied into every page that lists the record."""
MAX_WHOLE_NUMBER = 10**15
"""One million billion (một triệu tỷ) đồng: above any budget line of any Vietnamese office."""

# A lax int would take `amount: 8.000` (eight thousand, written the Vietnamese way, which YAML
# reads as the float 8.0) as eight đồng, and `yes` as 1: whole numbers must be written as such.
WholeNumber = Annotated[int, StrictMode(), Field(le=MAX_WHOLE_NUMBER)]

# What a web address may hold (RFC 3986 without the quote, which could end an HTML attribute).
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+")
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def web_url_problem(text: str) -> str | None:
    """Why `text` is not a plain http(s) address to print in a page, or None if it is one."""
    if not text.startswith(("http://", "https://")):
        return "phải bắt đầu bằng https:// (hoặc http://)"
    if len(text) > 2000:
        return "quá dài (tối đa 2000 ký tự)"
    if not _URL_CHARACTERS.fullmatch(text):
        bad = next(char for char in text if not _URL_CHARACTERS.fullmatch(char))
        return (f"có ký tự '{bad}' không được phép trong địa chỉ web (dấu cách, ngoặc kép, dấu < >…); "
                "hãy chép lại đúng địa chỉ từ thanh địa chỉ của trình duyệt")
    if _PERCENT.search(text):
        return "có dấu '%' không theo sau bởi hai chữ số hệ 16"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return "không đúng dạng địa chỉ web"
    host = parts.hostname or ""
    if parts.username is not None or not _HOST.fullmatch(host) or port == 0:
        return "tên miền không hợp lệ; ví dụ đúng: https://congkhai.example.vn/"
    return None


def _web_url(text: str) -> str:
    problem = web_url_problem(text)
    if problem is not None:
        raise PydanticCustomError("web_url", problem)
    return text


WebUrl = Annotated[str, AfterValidator(_web_url)]
"""An http(s) address that can be written into an HTML attribute, a sitemap and a QR code as is."""
WEB_URL_SCHEMA: dict[str, Any] = {"format": "uri", "pattern": r"^https?://[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+$"}
"""What editors are told of a WebUrl (the validator itself says why an address is refused)."""


def field(title: str, description: str, default: Any = ..., **kwargs: Any) -> Any:
    """A pydantic Field with the Vietnamese title and description every field must have."""
    return Field(default, title=title, description=description, **kwargs)


@dataclass(frozen=True, slots=True)
class RefTo:
    """Marks a string field as the id of another record of `kind`; the link stage checks it."""

    kind: str


# The id of another record, by kind: the link stage resolves it, the editor offers the records.
UnitRef = Annotated[str, RefTo("unit")]
FeeRef = Annotated[str, RefTo("fee")]
FormRef = Annotated[str, RefTo("form")]
ScheduleRef = Annotated[str, RefTo("reception_schedule")]


@dataclass(frozen=True, slots=True)
class ContentFile:
    """Marks a string field as a path, relative to content/, of a file that must exist."""


@dataclass(frozen=True, slots=True)
class InternalField:
    """Marks a field that is for the office's own use (a setting, not disclosed content): it
    never reaches an open-data file."""


class Audience(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False,
                              str_max_length=MAX_TEXT_LENGTH)


class Person(Strict):
    name: str = field("Họ và tên", "Họ và tên đầy đủ, ví dụ: Nguyễn Văn An.", min_length=2)
    position: str | None = field(
        "Chức vụ", "Chức vụ của người này, ví dụ: Phó Chủ tịch UBND tỉnh.", None
    )


class SigningAuthority(StrEnum):
    """The authority line over a signature (NĐ 30/2020/NĐ-CP Điều 13 and Phụ lục I)."""

    ON_BEHALF = "tm"  # TM.: thay mặt tập thể
    DEPUTY = "kt"  # KT.: ký thay người đứng đầu
    BY_ORDER = "tl"  # TL.: thừa lệnh
    DELEGATED = "tuq"  # TUQ.: thừa ủy quyền
    ACTING = "q"  # Q.: quyền người đứng đầu


AUTHORITY_FIELDS = {
    "issuer_parent": ("Cơ quan chủ quản của cơ quan ban hành",
                      "Cơ quan cấp trên trực tiếp in trên tên cơ quan ban hành ở góc trái, "
                      "ví dụ: Ủy ban nhân dân tỉnh Lạng Sơn (khi Văn phòng ban hành). Bỏ trống "
                      "khi cơ quan ban hành không có dòng chủ quản (ví dụ UBND tỉnh)."),
    "authority": ("Thẩm quyền ký",
                  "tm: TM. (thay mặt tập thể); kt: KT. (ký thay người đứng đầu); tl: TL. (thừa lệnh); "
                  "tuq: TUQ. (thừa ủy quyền); q: Q. (quyền). Bỏ trống khi người đứng đầu ký."),
    "on_behalf_of": ("Thay mặt, ký thay cho",
                     "Ghi sau TM., KT., TL., TUQ.: tập thể hoặc chức vụ người đứng đầu, ví dụ: "
                     "Ủy ban nhân dân (TM.), Chủ tịch (KT., TL.). Với Q.: chức vụ người đứng đầu."),
}


def authority_problems(authority: SigningAuthority | None, on_behalf_of: str | None,
                       at: tuple[str | int, ...]) -> list[Problem]:
    """TM./KT./TL./TUQ./Q. is printed before a body or a position: without it the line is cut."""
    if authority is not None and not on_behalf_of:
        return [Problem((*at, "authority"), "E-AUTHORITY-FOR",
                        f"thẩm quyền ký '{authority.value}' cần 'on_behalf_of': ghi tập thể hoặc chức vụ "
                        "người đứng đầu in sau chữ viết tắt, ví dụ: Ủy ban nhân dân, Chủ tịch")]
    return []


class DocumentRef(Strict):
    """A legal or administrative document cited by its number/symbol."""

    number: str = field(
        "Số, ký hiệu",
        "Số và ký hiệu văn bản, ví dụ: 49/QĐ-VP. Viết trong dấu ngoặc kép nếu chỉ có số.",
        min_length=1,
    )
    date: Date | None = field("Ngày ban hành", "Ngày ký ban hành, dạng YYYY-MM-DD.", None)
    title: str | None = field(
        "Trích yếu", "Trích yếu nội dung văn bản, ví dụ: Về việc ban hành Quy chế...", None
    )
    issuer: str | None = field("Cơ quan ban hành", "Cơ quan ban hành văn bản.", None)


class SourceDocument(DocumentRef):
    """The document a record publishes: who signed it and, if any, its file."""

    signer: Person | None = field("Người ký", "Người ký văn bản.", None)
    issuer_parent: str | None = field(*AUTHORITY_FIELDS["issuer_parent"], None, min_length=2)
    authority: SigningAuthority | None = field(*AUTHORITY_FIELDS["authority"], None)
    on_behalf_of: str | None = field(*AUTHORITY_FIELDS["on_behalf_of"], None, min_length=2)
    file: Annotated[str, ContentFile()] | None = field(
        "Tệp văn bản",
        "Đường dẫn tệp (PDF, DOCX) tính từ thư mục content/, ví dụ: files/qd-49.pdf.",
        None,
    )


class Record(Strict):
    """Fields common to every record kind."""

    kind_name: ClassVar[str] = ""
    kind_label: ClassVar[str] = ""

    id: str = field(
        "Mã hồ sơ",
        "Mã duy nhất trong loại hồ sơ; mặc định là tên tệp (không có .yaml). "
        "Chỉ gồm chữ thường không dấu, số, dấu '-', '.', '_'.",
        pattern=ID_PATTERN,
        max_length=MAX_ID_LENGTH,
    )
    title: str = field("Tiêu đề", "Tiêu đề hiển thị của hồ sơ, bằng tiếng Việt.", min_length=2,
                       max_length=MAX_TITLE_LENGTH)
    description: str | None = field(
        "Mô tả", "Mô tả ngắn; cho phép Markdown đơn giản (in đậm, danh sách, liên kết).", None
    )
    audience: Audience = field(
        "Đối tượng công khai",
        "public: công khai cho người dân; internal: chỉ công khai trong nội bộ cơ quan.",
        Audience.PUBLIC,
    )
    posted_on: Date | None = field(
        "Ngày niêm yết", "Ngày bắt đầu niêm yết, công khai (YYYY-MM-DD).", None
    )
    posted_until: Date | None = field(
        "Niêm yết đến ngày", "Ngày kết thúc niêm yết, nếu có (YYYY-MM-DD).", None
    )
    source: SourceDocument | None = field(
        "Văn bản nguồn", "Văn bản mà hồ sơ này công khai (số, ngày, người ký, tệp).", None
    )
    legal_basis: list[DocumentRef] = field(
        "Căn cứ pháp lý", "Danh sách văn bản làm căn cứ pháp lý.", default_factory=list
    )
    tags: list[str] = field(
        "Từ khóa", "Từ khóa giúp tìm kiếm, ví dụ: đất đai, hộ tịch.", default_factory=list
    )
    sample: bool = field(
        "Hồ sơ ví dụ",
        "true: hồ sơ ví dụ do 'congkhai init' tạo, chưa phải thông tin thật. 'congkhai check' báo "
        "lỗi cho tới khi sửa hồ sơ cho đúng và xóa dòng này (hoặc xóa tệp); không bao giờ được "
        "tính là đã công khai.",
        False,
    )

    def problems(self) -> list[Problem]:
        """Invariants across fields, reported at the field that breaks them."""
        return []

    def signing_problems(self) -> list[Problem]:
        """A signature's authority line that cannot be printed whole (every kind of record)."""
        source = self.source
        return authority_problems(source.authority, source.on_behalf_of, ("source",)) if source else []


def published_to(record: Record, audience: Audience | None, today: Date | None) -> bool:
    """The one rule of who sees a record, and from when, on every output (site pages, search
    index, kiosk, print pack, iCalendar feed).

    Staff (the internal audience, or None: no filter) see every record at once. Citizens see
    public records from their `posted_on` day: a future posting is embargoed until that date,
    and the daily rebuild of the board's workflow makes it appear on time."""
    if audience is not Audience.PUBLIC:
        return True
    if record.audience is not Audience.PUBLIC:
        return False
    return today is None or record.posted_on is None or record.posted_on <= today


@dataclass(frozen=True, slots=True)
class Problem:
    """A broken invariant found by a model: where (a loc path), a code and a message."""

    loc: tuple[str | int, ...]
    code: str
    message: str
