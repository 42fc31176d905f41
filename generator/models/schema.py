"""JSON Schemas for editors, generated from the record models (the single source of truth)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.models import KINDS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def kind_schema(kind: str) -> dict[str, Any]:
    spec = KINDS[kind]
    schema = spec.model.model_json_schema(by_alias=True, mode="validation")
    # The id defaults to the file name, so an editor must not demand it.
    schema["required"] = [name for name in schema.get("required", []) if name != "id"]
    folder = f"content/{spec.folder}/" if spec.folder else "content/board.yaml"
    schema.update({
        "$schema": SCHEMA_DIALECT,
        "title": spec.label,
        "description": f"{(spec.model.__doc__ or spec.label).strip().splitlines()[0]} ({folder})",
    })
    return schema


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = out_dir / schema_file_name(kind)
        text = json.dumps(kind_schema(kind), ensure_ascii=False, indent=2) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
