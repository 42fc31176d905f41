"""Shared building blocks of every record model.

Every field carries a Vietnamese title and description: editors show them through the
JSON Schema, and the error messages name fields by their title.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic import Strict as StrictMode

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"

# A lax int would take `amount: 8.000` (eight thousand, written the Vietnamese way, which YAML
# reads as the float 8.0) as eight đồng, and `yes` as 1: whole numbers must be written as such.
WholeNumber = Annotated[int, StrictMode()]


def field(title: str, description: str, default: Any = ..., **kwargs: Any) -> Any:
    """A pydantic Field with the Vietnamese title and description every field must have."""
    return Field(default, title=title, description=description, **kwargs)


@dataclass(frozen=True, slots=True)
class RefTo:
    """Marks a string field as the id of another record of `kind`; the link stage checks it."""

    kind: str


def ref(kind: str) -> Any:
    return Annotated[str, RefTo(kind)]


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

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Person(Strict):
    name: str = field("Họ và tên", "Họ và tên đầy đủ, ví dụ: Nguyễn Văn An.", min_length=2)
    position: str | None = field(
        "Chức vụ", "Chức vụ của người này, ví dụ: Phó Chủ tịch UBND tỉnh.", None
    )


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
    )
    title: str = field("Tiêu đề", "Tiêu đề hiển thị của hồ sơ, bằng tiếng Việt.", min_length=2)
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


@dataclass(frozen=True, slots=True)
class Problem:
    """A broken invariant found by a model: where (a loc path), a code and a message."""

    loc: tuple[str | int, ...]
    code: str
    message: str
