"""What the editor saves, rewritten as `congkhai new` and the staff guide write records.

Decap writes YAML of its own (keys in form order, empty fields as '' or [], no comments). Every
save passes through here: text to NFC, empty values dropped (an empty field means "not
stated"), keys in `congkhai new`'s order, text plain where YAML reads it back as the same text
and double-quoted otherwise (so a procedure code "1.001930" stays quoted), dates as YYYY-MM-DD,
long text as a `|` block, and the `# yaml-language-server: $schema=…` line first. Comments of a
hand-written file are not kept (Decap does not read them); top-level keys the form does not
show (the board's obligation_overrides) are carried over from the saved file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date, datetime
from typing import Any

import yaml
from pydantic import BaseModel

from generator.editor.config import is_date, kind_collection
from generator.models import BOARD_FILE, KINDS, Kind
from generator.models.schema import schema_file_name
from generator.scaffold.new import fields_in_order, shape_of

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=\S+$")
INDENT = "  "
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Plain text YAML could misread: indicators at the start, ': ' or ' #' inside.
_RISKY_START = tuple("-?:,[]{}#&*!|>'\"%@`")


def schema_line(kind: Kind) -> str:
    relative = "../schemas/" if not kind.folder else "../../schemas/"
    return f"# yaml-language-server: $schema={relative}{schema_file_name(kind.name)}"


def kind_of_path(path: str) -> Kind | None:
    """The record kind of a path relative to the board root ('content/procedures/x.yaml')."""
    parts = path.split("/")
    if parts == ["content", BOARD_FILE]:
        return KINDS["board"]
    if len(parts) == 3 and parts[0] == "content" and parts[2].endswith(".yaml"):
        return next((kind for kind in KINDS.values() if kind.folder == parts[1]), None)
    return None


def nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(item) for item in value]
    if isinstance(value, dict):
        return {nfc(key): nfc(item) for key, item in value.items()}
    return value


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value in ([], {})


def prune(value: Any) -> Any:
    """Drop empty strings, lists and mappings, at every level (the form sends them for blanks)."""
    if isinstance(value, dict):
        kept = {key: prune(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if not is_empty(item)}
    if isinstance(value, list):
        kept_items = [prune(item) for item in value]
        return [item for item in kept_items if not is_empty(item)]
    return value


def ordered(value: Any, model: type[BaseModel] | None) -> Any:
    """Keys in `congkhai new`'s order for the model; unknown keys after, as they came."""
    if isinstance(value, list):
        return [ordered(item, model) for item in value]
    if not isinstance(value, dict) or model is None:
        return value
    fields = fields_in_order(model)
    order = [key for key, _ in fields]
    submodels = {key: shape_of(info.annotation).model for key, info in fields}
    dates = {key for key, info in fields if is_date(info.annotation)}
    keys = [key for key in order if key in value] + [key for key in value if key not in order]
    return {key: as_date(value[key]) if key in dates else ordered(value[key], submodels.get(key))
            for key in keys}


def as_date(value: Any) -> Any:
    """Decap's date text ('2025-07-09') as a date, so it is written plain, as staff write it."""
    if isinstance(value, str) and ISO_DATE.match(value):
        return date.fromisoformat(value)
    if isinstance(value, list):
        return [as_date(item) for item in value]
    return value


def reads_back(text: str) -> bool:
    try:
        return bool(yaml.load(f"k: {text}", Loader=yaml.CSafeLoader) == {"k": text})
    except (yaml.YAMLError, ValueError):  # libyaml: a lone surrogate is a UnicodeEncodeError
        return False


def quoted(text: str) -> str:
    # JSON's string escapes are valid in a YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    plain = (text == text.strip() and not text.startswith(_RISKY_START) and ": " not in text
             and " #" not in text and not text.endswith(":") and reads_back(text))
    return text if plain else quoted(text)


def block(text: str, indent: str) -> list[str] | None:
    """Multi-line text as a `|` block, or None when a block would not read back the same."""
    lines = text.split("\n")
    if any(line != line.rstrip() or "\t" in line for line in lines) or text.startswith((" ", "\n")):
        return None
    chomp = "" if text.endswith("\n") and not text.endswith("\n\n") else "-"
    body = lines[:-1] if text.endswith("\n") else lines
    if chomp == "" and not body:
        return None
    return [f"|{chomp}"] + [f"{indent}{line}" if line else "" for line in body]


def emit(value: Any, indent: str = "") -> list[str]:
    """Lines of a mapping or list in the style of the staff guide (2 spaces, '- ' items)."""
    lines: list[str] = []
    items = value.items() if isinstance(value, dict) else ((None, item) for item in value)
    for key, item in items:
        lead = f"{indent}{key}:" if key is not None else f"{indent}-"
        if isinstance(item, dict | list):
            if key is None and isinstance(item, dict):
                inner = emit(item, indent + INDENT)
                lines.append(f"{indent}- {inner[0].lstrip()}")
                lines.extend(inner[1:])
            else:
                lines.append(lead)
                lines.extend(emit(item, indent + INDENT))
            continue
        text_block = block(item, indent + INDENT) if isinstance(item, str) and "\n" in item else None
        if text_block is not None:
            lines.append(f"{lead} {text_block[0]}")
            lines.extend(text_block[1:])
        else:
            lines.append(f"{lead} {scalar(item)}")
    return lines


def first_schema_line(text: str | None) -> str | None:
    if not text:
        return None
    first = text.split("\n", 1)[0].strip()
    return first if SCHEMA_LINE.match(first) else None


def normalise_record(raw: str, path: str, existing: str | None = None) -> str:
    """The YAML to write for `raw` (what Decap saved) at `path`, relative to the board root."""
    kind = kind_of_path(path)
    data = yaml.load(raw, Loader=yaml.CSafeLoader) or {}
    if not isinstance(data, dict) or kind is None:
        return raw
    stem = path.rsplit("/", 1)[-1].removesuffix(".yaml")
    if not kind.folder or data.get("id") == stem:
        data.pop("id", None)  # the file name is the id, as `congkhai new` leaves it
    data = prune(nfc(data))
    if existing:
        data = {**carried_over(existing, kind), **data}
    body = emit(ordered(data, kind.model))
    header = first_schema_line(existing) or schema_line(kind)
    return "\n".join([header, *body]) + "\n"


def carried_over(existing: str, kind: Kind) -> dict[str, Any]:
    """Top-level keys of the saved file that the form does not show (kept, not lost)."""
    try:
        old = yaml.load(existing, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(old, dict):
        return {}
    collection = kind_collection(kind.name)
    fields = collection["files"][0]["fields"] if "files" in collection else collection["fields"]
    shown = {field["name"] for field in fields}
    return {key: value for key, value in old.items() if key not in shown and key != "id"}
