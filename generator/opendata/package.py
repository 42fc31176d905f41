"""The open-data files of the public site: per kind a JSON and a CSV, and datapackage.json.

Only the public site has them, and they are made from the records that site shows, so an
internal record can never reach one. The Frictionless Data Package describes every file: its
columns with the models' Vietnamese titles and descriptions, its size and SHA-256 hash, and the
office's licence from board.yaml (none is invented when the office has not stated one).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from generator.fingerprint import MemoFile, code_digest, key_of, versions
from generator.models import KINDS, Office
from generator.opendata.tables import csv_bytes, field_descriptors, json_bytes, record_row
from generator.present import urls

FOLDER = "du-lieu-mo"
PAGE = f"{FOLDER}/index.md"
PACKAGE_FILE = f"{FOLDER}/datapackage.json"
PACKAGE_NAME = "bang-cong-khai"
MEMO_FORMAT = 1


@dataclass(frozen=True, slots=True)
class DataFile:
    """One published data file: docs-relative path, format and size in bytes."""

    path: str
    format: str
    size: int


@dataclass(frozen=True, slots=True)
class Dataset:
    """The open data of one kind: how many records and its two files."""

    kind: str
    label: str
    count: int
    files: tuple[DataFile, ...]


@dataclass(frozen=True, slots=True)
class OpenData:
    datasets: list[Dataset]
    files: dict[str, bytes]

    @property
    def package_size(self) -> int:
        return len(self.files[PACKAGE_FILE])


def file_stem(kind: str) -> str:
    """`thu-tuc`, `tiep-cong-dan-buoi`: the kind's URL segment as one file name."""
    return urls.RECORD_SEGMENTS[kind].replace("/", "-")


def open_data(records_by_kind: dict[str, list[Any]], office: Office | None,
              memo: MemoFile | None = None) -> OpenData:
    """The files of every kind that has public records (`records_by_kind`: the public site's).
    With a `memo` (generator.fingerprint), a kind's tables are kept from the last build while
    its records are the same: a commit that changes a fee makes the fee tables only."""
    files: dict[str, bytes] = {}
    datasets: list[Dataset] = []
    resources: list[dict[str, Any]] = []
    for kind, records in records_by_kind.items():
        if not records:
            continue
        fields = field_descriptors(KINDS[kind].model)
        stem = file_stem(kind)
        dataset_files = []
        for data_format, data in _tables(kind, records, fields, memo).items():
            path = f"{FOLDER}/{stem}.{data_format}"
            files[path] = data
            dataset_files.append(DataFile(path, data_format, len(data)))
            resources.append(_resource(kind, stem, data_format, data, fields, len(records)))
        datasets.append(Dataset(kind, KINDS[kind].plural_label, len(records), tuple(dataset_files)))
    files[PACKAGE_FILE] = package_bytes(office, resources)
    return OpenData(datasets, files)


def memo_key() -> str:
    """What every table depends on besides its records: the code (models, columns, URLs)."""
    return key_of(MEMO_FORMAT, code_digest(), versions())


def _tables(kind: str, records: list[Any], fields: list[dict[str, Any]],
            memo: MemoFile | None) -> dict[str, bytes]:
    """The CSV and the JSON of one kind's records."""
    rows: list[dict[str, Any]] = []

    def made_rows() -> list[dict[str, Any]]:  # once, and only if a table is made
        if not rows:
            rows.extend(record_row(record, urls.record_url(kind, record.id)) for record in records)
        return rows

    if memo is None:
        return {"csv": csv_bytes(fields, made_rows()), "json": json_bytes(made_rows())}
    # Kept as the bytes written: a warm build neither decodes nor encodes them.
    return {"csv": memo.blob(f"{kind}.csv", records, lambda: csv_bytes(fields, made_rows())),
            "json": memo.blob(f"{kind}.json", records, lambda: json_bytes(made_rows()))}


CSV_NOTE = (" Ô có nhiều giá trị (danh sách, mục con) ghi dạng JSON. Văn bản bắt đầu bằng"
            " =, +, @ được thêm dấu ' ở đầu để bảng tính không chạy như công thức.")
_MEDIA = {"csv": "text/csv", "json": "application/json"}


def _resource(kind: str, stem: str, data_format: str, data: bytes,
              fields: list[dict[str, Any]], count: int) -> dict[str, Any]:
    label = KINDS[kind].plural_label
    resource: dict[str, Any] = {
        "name": f"{stem}-{data_format}",
        "path": f"{stem}.{data_format}",
        "type": "table",
        "format": data_format,
        "mediatype": _MEDIA[data_format],
        "encoding": "utf-8-sig" if data_format == "csv" else "utf-8",
        "title": f"{label} ({data_format.upper()})",
        "description": f"{label}: {count} hồ sơ công khai, mỗi dòng một hồ sơ."
                       + (CSV_NOTE if data_format == "csv" else ""),
        "schema": {"fields": fields, "primaryKey": ["id"]},
    }
    if data_format == "csv":  # Frictionless reads JSON whole and cannot count its bytes
        resource["bytes"] = len(data)
        resource["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
        resource["dialect"] = {"csv": {"delimiter": ",", "lineTerminator": "\r\n", "header": True}}
    return resource


def _licences(office: Office | None) -> list[dict[str, str]]:
    licence = office.open_data_licence if office else None
    if licence is None or (licence.code is None and licence.url is None):
        return []  # Frictionless needs a name or a path; the page still shows the name
    found = {"title": licence.name}
    if licence.code:
        found["name"] = licence.code
    if licence.url:
        found["path"] = licence.url
    return [found]


def package_bytes(office: Office | None, resources: list[dict[str, Any]]) -> bytes:
    name = office.name if office else "Bảng công khai"
    package: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": PACKAGE_NAME,
        "title": f"Dữ liệu công khai của {name}",
        "description": "Các hồ sơ công khai trên bảng công khai điện tử, mỗi loại hồ sơ một tệp "
                       "CSV (UTF-8 có BOM) và một tệp JSON; ngày theo ISO 8601, số tiền tính bằng đồng.",
    }
    if office and office.site_url:
        package["homepage"] = office.site_url
    licences = _licences(office)
    if licences:
        package["licenses"] = licences
    package["resources"] = resources
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
