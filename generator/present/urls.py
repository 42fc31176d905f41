"""Where every page lives: record URLs (the table in docs-dev/CONTRACTS.md) and index pages.

A record page is written as `<url>index.md`, so `thu-tuc/x/` is its URL whether MkDocs uses
directory URLs or not (an offline copy serves `thu-tuc/x/index.html`).
"""

from __future__ import annotations

RECORD_SEGMENTS: dict[str, str] = {
    "unit": "bo-phan",
    "procedure": "thu-tuc",
    "fee": "phi-le-phi",
    "form": "mau-don",
    "reception_schedule": "tiep-cong-dan/lich",
    "reception_session": "tiep-cong-dan/buoi",
    "regulation": "quy-che",
    "budget": "ngan-sach",
    "personnel_decision": "nhan-su",
    "complaint_result": "khieu-nai-to-cao",
    "policy": "chinh-sach",
    "plan": "ke-hoach",
}

HOME = "index.md"
PROCEDURES_BY_FIELD = "thu-tuc/linh-vuc/index.md"
PROCEDURES_BY_UNIT = "thu-tuc/bo-phan/index.md"
PROCESSING_TIMES = "thoi-han-giai-quyet/index.md"
RECEPTION = "tiep-cong-dan/index.md"
YEARS = "nam/index.md"
ARCHIVE = "luu-tru/index.md"
FORM_FILES = "mau-don/files"
SOURCE_FILES = "van-ban"

# Record ids that would land on an index page of the same kind.
RESERVED_IDS: dict[str, frozenset[str]] = {"procedure": frozenset({"linh-vuc", "bo-phan"})}


# The procedure's page on the national public-service portal (Cổng Dịch vụ công quốc gia), by its
# code in the national procedure database; the code is validated (`d.dddddd`) before it gets here.
NATIONAL_PORTAL_PROCEDURE = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}"


def national_portal_url(code: str) -> str:
    return NATIONAL_PORTAL_PROCEDURE.format(code=code)


def record_url(kind: str, record_id: str) -> str:
    """Site-relative directory URL of a record page, e.g. `thu-tuc/1.001930/`."""
    return f"{RECORD_SEGMENTS[kind]}/{record_id}/"


def record_page(kind: str, record_id: str) -> str:
    """Docs-relative path of the Markdown file of a record page."""
    return f"{record_url(kind, record_id)}index.md"


def kind_index(kind: str) -> str:
    """Docs-relative path of the index page listing every record of a kind."""
    segment = "tiep-cong-dan" if kind.startswith("reception_") else RECORD_SEGMENTS[kind]
    return f"{segment}/index.md"


def field_page(slug: str) -> str:
    return f"thu-tuc/linh-vuc/{slug}/index.md"


def processing_times_page(slug: str) -> str:
    """The processing times of one lĩnh vực (one page per field keeps each page small)."""
    return f"thoi-han-giai-quyet/{slug}/index.md"


def year_page(year: int) -> str:
    return f"nam/{year}/index.md"


def relative(from_page: str, target: str) -> str:
    """A Markdown link from one docs-relative file to another (MkDocs checks and rewrites it)."""
    return "../" * from_page.count("/") + target


def built_relative(from_page: str, target: str) -> str:
    """The same link as the built site holds it (`…/index.html`), for raw HTML in a page, which
    MkDocs neither checks nor rewrites. The build turns directory URLs off, so every page is
    built beside its Markdown file with `.html` in place of `.md`."""
    link = relative(from_page, target)
    return f"{link[:-3]}.html" if link.endswith(".md") else link
