"""JSON Schemas: generated from the models, they accept every record `check` accepts and catch
typos, as checked by an independent validator (check-jsonschema); the committed copy never drifts."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support.boards import REPO, SAMPLE_RECORDS
from support.cli import run_cli

from generator.check.load import content_files, load_text
from generator.models import KINDS

SAMPLE_RECORDS_YAML = {path: text for path, text in SAMPLE_RECORDS.items() if path.endswith(".yaml")}


def to_json(value: Any) -> Any:
    """A loaded record as a JSON instance (dates as ISO text, as editors see them)."""
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def schema_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("schemas")
    run = run_cli("schema", str(out), cwd=out)
    assert run.returncode == 0, run.stderr
    return out


def check_jsonschema(schema: Path, instances: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema),
                           *map(str, instances)], capture_output=True, text=True, check=False)


def write_instances(records: dict[str, tuple[str, bytes]], out: Path) -> dict[str, list[Path]]:
    """Records (name → (kind, YAML bytes)) as JSON files, grouped by kind."""
    by_kind: dict[str, list[Path]] = {}
    for name, (kind, raw) in records.items():
        document, problems = load_text(name, raw, kind, Path(name).stem)
        assert document is not None and not problems, (name, problems)
        path = out / (name.replace("/", "__") + ".json")
        path.write_text(json.dumps(to_json(document.data), ensure_ascii=False), encoding="utf-8")
        by_kind.setdefault(kind, []).append(path)
    return by_kind


def demo_records() -> dict[str, tuple[str, bytes]]:
    content = REPO / "content"
    return {path.relative_to(content).as_posix(): (kind, path.read_bytes())
            for path, kind in content_files(content) if kind is not None}


def sample_records() -> dict[str, tuple[str, bytes]]:
    folders = {kind.folder: name for name, kind in KINDS.items() if kind.folder}
    return {f"sample/{path}": (folders[path.split("/")[0]], text.encode())
            for path, text in SAMPLE_RECORDS_YAML.items()}


def test_schema_command_writes_one_schema_per_kind(schema_dir: Path) -> None:
    expected = sorted(f"{kind}.schema.json" for kind in KINDS)
    assert sorted(path.name for path in schema_dir.iterdir()) == expected
    procedure = json.loads((schema_dir / "procedure.schema.json").read_text(encoding="utf-8"))
    assert procedure["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert procedure["properties"]["code"]["title"] == "Mã thủ tục"
    assert "id" not in procedure["required"]  # the file name gives the id


@pytest.mark.parametrize("source", ["demo", "sample"])
def test_records_validate_against_their_schema(schema_dir: Path, tmp_path: Path, source: str) -> None:
    records = demo_records() if source == "demo" else sample_records()
    assert records, "content/ has no records"
    by_kind = write_instances(records, tmp_path)
    if source == "sample":
        assert set(by_kind) == set(KINDS) - {"board"}  # every kind but the office itself
    for kind, instances in sorted(by_kind.items()):
        done = check_jsonschema(schema_dir / f"{kind}.schema.json", instances)
        assert done.returncode == 0, f"{kind}: {done.stdout}{done.stderr}"


def test_typo_in_a_key_is_rejected_by_the_schema(schema_dir: Path, tmp_path: Path) -> None:
    text = SAMPLE_RECORDS_YAML["procedures/dang-ky-khai-sinh.yaml"]
    records = {
        "typo.yaml": ("procedure", text.replace("title: Đăng ký", "titel: Đăng ký").encode()),
        "nested.yaml": ("procedure", text.replace("  deciding:", "  decidng:").encode()),
        "enum.yaml": ("procedure", text.replace("level: xa", "level: quan").encode()),
        "date.yaml": ("procedure", text.replace("date: 2025-06-10", "date: 10/06/2025").encode()),
    }
    [(kind, instances)] = write_instances(records, tmp_path).items()
    done = check_jsonschema(schema_dir / f"{kind}.schema.json", instances)
    assert done.returncode == 1, done.stdout
    assert "'titel' was unexpected" in done.stdout
    assert "'decidng' was unexpected" in done.stdout
    assert "'quan' is not valid under any of the given schemas" in done.stdout
    assert "'10/06/2025' is not a 'date'" in done.stdout
    assert "typo.yaml.json" in done.stdout and "date.yaml.json" in done.stdout


def test_committed_schemas_match_the_models(schema_dir: Path) -> None:
    committed = REPO / "schemas"
    fresh = {path.name: path.read_bytes() for path in schema_dir.iterdir()}
    assert sorted(path.name for path in committed.iterdir()) == sorted(fresh), (
        "schemas/ is out of date: run 'congkhai schema schemas'")
    for name, text in fresh.items():
        assert (committed / name).read_bytes() == text, f"schemas/{name} is out of date"
