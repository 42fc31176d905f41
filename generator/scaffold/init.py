"""`congkhai init`: a new board repository for another office.

The files come from generator/scaffold/templates/init/: `@@key@@` markers are filled in, and
a leading `dot-` in a file or folder name becomes `.` (so packaging keeps those files). The
JSON Schemas, the editor settings and the example form's .docx are generated.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from generator.check.district import HINT as DISTRICT_HINT
from generator.check.district import district_name
from generator.cli.common import today_in_vietnam
from generator.editor.admin import write_admin
from generator.errors import UsageError
from generator.models import BOARD_FILE, KINDS
from generator.models.schema import schema_file_name, write_schemas
from generator.present.format import format_date
from generator.scaffold.source import PackageSource, installed_source
from generator.schedule.workdays import WorkCalendar

TEMPLATES = Path(__file__).parent / "templates" / "init"
MARKER = re.compile(r"@@([a-z_]+)@@")

FORM_FILE = "forms/files/don-de-nghi.docx"

# Words that name the level of an office, and the level they mean (longest first).
LEVEL_WORDS = (
    ("thành phố", "tinh"), ("tỉnh", "tinh"), ("thị trấn", "xa"), ("phường", "xa"), ("xã", "xa"),
    ("đặc khu", "xa"),
)


class InitError(UsageError):
    """The target folder cannot take a new board; the message is for staff."""


@dataclass(frozen=True, slots=True)
class Office:
    name: str
    level: str
    place: str


def guess_office(name: str) -> Office:
    """Level and place name from an office name: 'UBND xã Tân Lập' → ('xa', 'Tân Lập')."""
    lowered = name.lower()
    for word, level in LEVEL_WORDS:
        found = lowered.rfind(f"{word} ")
        if found >= 0:
            place = name[found + len(word) + 1:].strip()
            if len(place) >= 2:
                return Office(name, level, place)
    return Office(name, "co_quan", name)


def short_name(name: str) -> str:
    return (name.replace("Ủy ban nhân dân", "UBND").replace("Uỷ ban nhân dân", "UBND")
            .replace("Hội đồng nhân dân", "HĐND"))


# The minimum reception frequency of the Luật Tiếp công dân, by level (Điều 12, 15, 18): the rule
# and, for the example schedule, the start of the last complete period before `today`.
RECURRENCE = {
    "tinh": "  freq: monthly\n  by_month_day: 15",
    "xa": "  freq: weekly\n  by_weekday: TH",
    "co_quan": "  freq: monthly\n  by_weekday: 2TH",
}


def last_period_session(level: str, today: date) -> tuple[date, date]:
    """(start of the last complete period, the rule's date in it) for the example schedule."""
    if level == "xa":
        monday = today - timedelta(days=today.weekday() + 7)
        return monday, monday + timedelta(days=3)
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    if level == "tinh":
        return first, first.replace(day=15)
    thursdays = [first + timedelta(days=offset) for offset in range(14) if
                 (first + timedelta(days=offset)).weekday() == 3]
    return first, thursdays[1]


def working_day_before(calendar: WorkCalendar, day: date) -> date:
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def template_values(office: Office, today: date) -> dict[str, str]:
    """What the example records say, with dates that meet the audit's deadlines on `today`."""
    calendar = WorkCalendar()
    period_start, rule_day = last_period_session(office.level, today)
    session_day = calendar.next_working_day(rule_day)
    schedule_posted = calendar.next_working_day(period_start - timedelta(days=21))
    notice_day = calendar.add_working_days(session_day, 1)
    budget_year = today.year if today >= date(today.year, 2, 15) else today.year - 1
    budget_day = calendar.next_working_day(date(budget_year, 1, 10))
    reward_day = working_day_before(calendar, date(today.year - 1, 12, 19))
    complaint_day = working_day_before(calendar, today - timedelta(days=40))
    iso = date.isoformat
    return {
        "name": office.name,
        "short_name": short_name(office.name),
        "level": office.level,
        "place": office.place,
        "procedure_level": office.level if office.level in ("tinh", "xa") else "khac",
        "recurrence": RECURRENCE[office.level],
        "year": str(today.year),
        "last_year": str(today.year - 1),
        "form_file": FORM_FILE,
        "schedule_from": iso(period_start),
        "schedule_posted": iso(schedule_posted),
        "session_id": iso(session_day),
        "session_day": iso(session_day),
        "session_label": format_date(session_day),
        "notice_day": iso(notice_day),
        "budget_year": str(budget_year),
        "budget_day": iso(budget_day),
        "budget_posted": iso(calendar.add_working_days(budget_day, 2)),
        "reward_day": iso(reward_day),
        "reward_posted": iso(calendar.add_working_days(reward_day, 1)),
        "complaint_day": iso(complaint_day),
        "complaint_posted": iso(calendar.add_working_days(complaint_day, 1)),
    }


def pre_commit_repos(source: PackageSource) -> str:
    """The board's pre-commit hook: the congkhai repository at a revision, by pre-commit's
    convention (its .pre-commit-hooks.yaml), or, for a version or archive, a hook that installs
    that requirement. Either way pre-commit installs congkhai in its own environment."""
    if source.hook_repo and source.hook_rev:
        return (f"repos:\n  - repo: {json.dumps(source.hook_repo)}\n    rev: {json.dumps(source.hook_rev)}\n"
                "    hooks:\n      - id: congkhai-check\n")
    return ("repos:\n  - repo: local\n    hooks:\n      - id: congkhai-check\n"
            "        name: Kiểm tra hồ sơ bảng công khai (congkhai check)\n"
            "        entry: congkhai check\n        language: python\n"
            f"        additional_dependencies: [{json.dumps(source.requirement)}]\n"
            "        pass_filenames: false\n        always_run: true\n")


LOCAL_SOURCE_NOTE = (
    "\n**Lưu ý:** nguồn trên là một tệp hoặc thư mục trên máy đã tạo kho, máy chủ GitHub, GitLab\n"
    "không tải được. Trước lần đẩy kho đầu tiên, tạo lại kho với\n"
    "`congkhai init --package \"congkhai @ git+<địa chỉ kho congkhai>@<phiên bản>\"` hoặc sửa\n"
    "nguồn ở bốn chỗ nói trên.\n")


def source_values(source: PackageSource) -> dict[str, str]:
    return {
        "package": source.requirement,
        "package_yaml": json.dumps(source.requirement),
        "pre_commit_repos": pre_commit_repos(source).rstrip("\n"),
        "local_source_note": LOCAL_SOURCE_NOTE if source.local else "",
    }


def fill(text: str, values: dict[str, str]) -> str:
    return MARKER.sub(lambda match: values[match[1]], text)


def target_name(relative: Path) -> Path:
    return Path(*(f".{part[4:]}" if part.startswith("dot-") else part for part in relative.parts))


def template_files() -> Iterator[tuple[Path, Path]]:
    for source in sorted(TEMPLATES.rglob("*")):
        if source.is_file():
            yield source, target_name(source.relative_to(TEMPLATES))


def vscode_settings() -> str:
    """Editor settings: each kind's JSON Schema mapped to its content folder (VS Code YAML)."""
    schemas = {
        f"./schemas/{schema_file_name(kind)}":
            [f"content/{spec.folder}/*.yaml"] if spec.folder else [f"content/{BOARD_FILE}"]
        for kind, spec in KINDS.items()
    }
    settings = {
        "yaml.schemas": schemas,
        "files.encoding": "utf8",
        "files.insertFinalNewline": True,
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2, "editor.detectIndentation": False},
    }
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"


_DOCX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
}


def minimal_docx(paragraphs: list[str]) -> bytes:
    """A plain Word document (one paragraph per line), byte-identical for the same text."""
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"
                   for text in paragraphs)
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"<w:body>{body}</w:body></w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in {**_DOCX_PARTS, "word/document.xml": document}.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def form_paragraphs(office: Office) -> list[str]:
    return [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ĐƠN ĐỀ NGHỊ",
        f"Kính gửi: {office.name}",
        "Họ và tên người đề nghị: ............................................",
        "Số định danh cá nhân: ............................................",
        "Địa chỉ liên hệ: ............................................",
        "Nội dung đề nghị: ............................................",
        "Người đề nghị (ký, ghi rõ họ tên)",
    ]


def check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise InitError(f"'{target}' đã có và không phải thư mục")
    if target.is_dir() and any(path.name != ".git" for path in target.iterdir()):
        raise InitError(f"thư mục '{target}' không rỗng; chọn thư mục mới")


def make_git_repository(target: Path) -> bool:
    """`git init -b main` in the new board (False when git is not installed or it failed)."""
    git = shutil.which("git")
    if git is None or (target / ".git").exists():
        return False
    done = subprocess.run([git, "init", "-q", "-b", "main", str(target)], capture_output=True,
                          check=False)
    return done.returncode == 0


def is_example(relative: Path) -> bool:
    """A sample record (or its file) that `init --empty` leaves out: all of content/ but board.yaml."""
    return relative.parts[0] == "content" and relative.as_posix() != f"content/{BOARD_FILE}"


DEFAULT_CODE_OWNER = "@quan-tri-ky-thuat"
"""The conventional team name; `congkhai init --code-owner` sets the office's own."""
_CODE_OWNER = re.compile(r"@[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)?"
                         r"|[^@\s]+@[^@\s]+\.[a-z]{2,}")


def init_board(target: Path, name: str, today: date | None = None,
               source: PackageSource | None = None, empty: bool = False,
               code_owner: str = DEFAULT_CODE_OWNER) -> list[Path]:
    """Write a new board repository into `target` (missing or empty); returns the files written.

    `source` is where the board's CI and hook install congkhai from (default: where the running
    congkhai was installed from). `empty`: board.yaml only, no sample records. `code_owner` (a
    GitHub/GitLab user or team, or an e-mail) must approve changes to what is code rather than
    content: mkdocs.yml, theme/, hooks/ and the CI files (CODEOWNERS)."""
    name = " ".join(name.split())
    if len(name) < 2:
        raise InitError("tên cơ quan quá ngắn; ví dụ: --name \"Ủy ban nhân dân xã Tân Lập\"")
    if not _CODE_OWNER.fullmatch(code_owner):
        raise InitError(f"--code-owner '{code_owner[:80]}' phải là tài khoản hoặc nhóm (ví dụ "
                        "@ten-to-chuc/ky-thuat) hoặc địa chỉ thư điện tử")
    check_target(target)
    word = district_name(name)
    if word:
        raise InitError(f"tên cơ quan có chữ '{word}': {DISTRICT_HINT}")
    office = guess_office(name)
    values = {**template_values(office, today or today_in_vietnam()),
              **source_values(source or installed_source()),
              "code_owner": code_owner}
    written: list[Path] = []
    for template, relative in template_files():
        if empty and is_example(relative):
            continue
        path = target / fill(relative.as_posix(), values)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(fill(template.read_text(encoding="utf-8"), values), encoding="utf-8")
        written.append(path)
    extra = {target / ".vscode" / "settings.json": vscode_settings().encode()}
    if not empty:
        extra[target / "content" / FORM_FILE] = minimal_docx(form_paragraphs(office))
    for path, body in extra.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        written.append(path)
    written.extend(write_schemas(target / "schemas"))
    written.extend(write_admin(target / "admin"))  # the form editor, bundle included (offline)
    return written
