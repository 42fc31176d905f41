"""`congkhai import dvc`: procedures from the national procedure database's export into
content/procedures/, one YAML record per procedure, named by its code.

Each source file is read, mapped and written on its own: a file with an error is reported
(file, JSON path, code, message) and nothing is written for it; the others go on. A record
whose text would not change is not rewritten, so a second run changes no byte.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.errors import UsageError
from generator.importer.dvc import SOURCE_NAME, Mapped, SourceError, map_procedure
from generator.importer.merge import merge_record
from generator.importer.yamlout import dump_record
from generator.models import KINDS

PROCEDURES = KINDS["procedure"].folder
_CODE_LINE = re.compile(rb"""^code:\s*["']?(\d\.\d{6})["']?\s*$""", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one source file."""

    source: str
    status: str  # "new", "updated", "unchanged" or "error"
    target: str | None = None
    unmapped: tuple[str, ...] = ()
    error: str | None = None


@dataclass
class ImportReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def ok(self) -> bool:
        return self.count("error") == 0


def source_files(sources: list[Path]) -> list[Path]:
    found: list[Path] = []
    for source in sources:
        if source.is_dir():
            found.extend(sorted(source.rglob("*.json")))
        elif source.is_file():
            found.append(source)
        else:
            raise UsageError(f"không tìm thấy tệp hoặc thư mục nguồn '{source}'")
    return found


def existing_by_code(folder: Path) -> dict[str, Path]:
    """Procedure files by their code, read with a regex: a full YAML load of every file is not needed."""
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        match = _CODE_LINE.search(path.read_bytes())
        if match:
            found.setdefault(match.group(1).decode(), path)
    return found


def shown_path(path: Path, cwd: Path) -> str:
    """The source as the report and the record name it: relative to the working folder when inside it."""
    try:
        return path.absolute().relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def read_document(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise SourceError("$", "E-IMPORT-JSON", f"tệp không phải UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise SourceError(f"$ (dòng {error.lineno}, cột {error.colno})", "E-IMPORT-JSON",
                          f"tệp không phải JSON hợp lệ: {error.msg}") from None


def header(shown: str, unmapped: list[str]) -> list[str]:
    lines = [
        f"yaml-language-server: $schema=../../schemas/{KINDS['procedure'].name}.schema.json",
        f"Nhập từ {SOURCE_NAME} bằng 'congkhai import dvc' (tệp {shown}).",
        "Nhập lại sẽ cập nhật các trường có trong nguồn; trường cán bộ thêm (unit, tags, posted_on,",
        "form của giấy tờ, fees của cách thức...) được giữ nguyên. Chú thích này được ghi lại mỗi lần nhập.",
    ]
    if unmapped:
        lines.append("Không nhập được (xem bản gốc trong tệp nguồn):")
        lines += [f"  - {path}" for path in unmapped]
    return lines


def _load_existing(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return data if isinstance(data, dict) else None


def _write_atomic(path: Path, text: str) -> None:
    """A new file is written in place; an existing one is replaced whole, never left half written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(text)
        return
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass
class Importer:
    content_dir: Path
    unit: str | None
    today: date
    existing: dict[str, Path] = field(default_factory=dict)
    claimed: dict[str, str] = field(default_factory=dict)  # code → the source file that wrote it
    cwd: Path = field(default_factory=Path.cwd)

    def record_for(self, mapped: Mapped, target: Path,
                   shown: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
        imported = dict(mapped.record)
        if self.unit:
            imported["unit"] = self.unit
        existing = _load_existing(target)
        merged = merge_record(existing, imported)
        previous = (existing or {}).get("provenance")
        unchanged = existing is not None and {k: v for k, v in merged.items() if k != "provenance"} == {
            k: v for k, v in existing.items() if k != "provenance"}
        if unchanged and isinstance(previous, dict) and previous.get("file") == shown:
            merged["provenance"] = previous
        else:
            merged["provenance"] = {"source": SOURCE_NAME, "file": shown, "imported_on": self.today}
        return merged, existing

    def import_file(self, path: Path) -> Outcome:
        shown = shown_path(path, self.cwd)
        try:
            mapped = map_procedure(read_document(path))
        except SourceError as error:
            return Outcome(shown, "error", error=f"{shown}: {error.path}: {error.code} {error.message}")
        code = mapped.record["code"]
        if code in self.claimed:
            return Outcome(shown, "error", error=f"{shown}: $.metadata: E-IMPORT-DUPLICATE mã thủ tục {code} "
                                                 f"đã nhập từ tệp {self.claimed[code]} trong lần chạy này")
        self.claimed[code] = shown
        target = self.existing.get(code) or self.content_dir / PROCEDURES / f"{code}.yaml"
        try:
            record, existing = self.record_for(mapped, target, shown)
        except yaml.YAMLError:
            return Outcome(shown, "error", error=(
                f"{shown}: $: E-IMPORT-TARGET tệp {target.as_posix()} đang có lỗi YAML; "
                "chạy 'congkhai check', sửa tệp đó rồi nhập lại"))
        text = dump_record(record, header(shown, mapped.unmapped))
        status = "new" if existing is None else "updated"
        if target.exists() and target.read_text(encoding="utf-8") == text:
            status = "unchanged"
        else:
            _write_atomic(target, text)
        return Outcome(shown, status, target.as_posix(), tuple(mapped.unmapped))


def import_dvc(sources: list[Path], content_dir: Path, unit: str | None, today: date) -> ImportReport:
    units = KINDS["unit"].folder
    if unit is not None and not (content_dir / units / f"{unit}.yaml").is_file():
        known = sorted(path.stem for path in (content_dir / units).glob("*.yaml"))
        raise UsageError(f"không có bộ phận mã '{unit}' ({content_dir.as_posix()}/{units}/{unit}.yaml); "
                         f"mã hiện có: {', '.join(known) or 'chưa có bộ phận nào'}")
    files = source_files(sources)
    importer = Importer(content_dir, unit, today, existing_by_code(content_dir / PROCEDURES))
    return ImportReport([importer.import_file(path) for path in files])
