"""A record as YAML that reads like one written by hand: block style, keys in model order,
two-space indents, list items indented under their key, long texts as literal blocks, quotes
only where YAML would otherwise read something else. Deterministic: same data, same bytes."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

# Plain scalars YAML 1.1 (libyaml) would read as something other than this string.
_NOT_PLAIN = re.compile(
    r"""^(?:[-?:,\[\]{}#&*!|>'"%@`\s]|$)"""  # an indicator first, or empty
    r"""|(?::\s|\s\#|:$|\s$)"""  # a mapping colon, a comment, trailing space
    r"""|^(?:[-+]?[0-9][0-9_.,:]*(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)"""
    r"""|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"""
    r"""|null|Null|NULL|~|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*|0x[0-9a-fA-F]+|0o?[0-7]+)$"""
)
_UNSAFE_CHAR = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\u0085\u2028\u2029\ufeff]")


def scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if _UNSAFE_CHAR.search(text) or "\n" in text or _NOT_PLAIN.search(text):
        return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one
    return text


def _block(text: str, indent: str) -> str | None:
    """A multi-line text as a literal block (`|-`), when its lines allow one."""
    if _UNSAFE_CHAR.search(text) or text != text.strip() or any(
            line != line.rstrip() or not line for line in text.split("\n")):
        return None
    return "|-\n" + "\n".join(f"{indent}{line}" for line in text.split("\n"))


def _value(value: Any, indent: str) -> str:
    """What follows `key:` — ' scalar', or a newline and a nested block."""
    if isinstance(value, dict):
        return "\n" + _mapping(value, indent + "  ") if value else " {}"
    if isinstance(value, list):
        return "\n" + _sequence(value, indent + "  ") if value else " []"
    if isinstance(value, str) and "\n" in value:
        block = _block(value, indent + "  ")
        if block is not None:
            return " " + block
    return " " + scalar(value)


def _mapping(data: dict[str, Any], indent: str) -> str:
    return "\n".join(f"{indent}{key}:{_value(value, indent)}" for key, value in data.items())


def _sequence(items: list[Any], indent: str) -> str:
    lines = []
    for item in items:
        if isinstance(item, dict) and item:
            body = _mapping(item, indent + "  ")
            lines.append(f"{indent}- {body[len(indent) + 2:]}")
        elif isinstance(item, str) and "\n" in item and (block := _block(item, indent + "  ")):
            lines.append(f"{indent}- {block}")
        else:
            lines.append(f"{indent}- {scalar(item)}")
    return "\n".join(lines)


def dump_record(data: dict[str, Any], header: list[str]) -> str:
    """The file's text: the header comment lines, then the record."""
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header)
    return comments + _mapping(data, "") + "\n"
