"""`congkhai tidy`: normalise text pasted from the portal, in place, only where it is safe.

Safe means: line-break tags (`<br>`, `<p>`, `</p>`) become line breaks, `&nbsp;` a space and
the other entities their character; nothing else changes. The file is edited as text (comments
and layout kept) and then read back: only if every value equals the old value normalised the
same way (spacing aside, since a line break in a plain scalar folds to a space) is the file
written. Anything else — a file YAML would read differently, other tags, the portal's
"Xem chi tiết" — is left for the clerk, and `congkhai check` still points at it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.check.pasted import ENTITY, HTML_TAG, PORTAL_WORDS

BREAK_TAG = re.compile(r"<br\s*/?>|</?p(?:\s[^<>]*)?>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TidyResult:
    changed: list[Path]
    refused: list[Path]       # would change what YAML reads beyond the normalisation
    left: int                 # remnants tidy does not touch (other tags, portal words)


def _break_line(line: str) -> str:
    """A line with its break tags turned into breaks at the line's own indentation."""
    indent = line[:len(line) - len(line.lstrip(" "))]
    parts = [part.rstrip() for part in BREAK_TAG.split(line)]
    kept = [parts[0], *(indent + part.lstrip() for part in parts[1:] if part.strip())]
    return "\n".join(part for part in kept if part.strip()) or ""


def _entities(text: str) -> str:
    return ENTITY.sub(lambda match: " " if match[0].lower() in ("&nbsp;", "&#160;")
                      else html.unescape(match[0]), text)


def tidy_text(text: str) -> str:
    """The file's text with break tags and entities normalised."""
    lines = [_break_line(line) if BREAK_TAG.search(line) else line for line in text.split("\n")]
    return _entities("\n".join(lines))


def tidy_value(value: Any) -> Any:
    """What a value should read as after tidying (spacing aside)."""
    if isinstance(value, str):
        return " ".join(_entities(BREAK_TAG.sub("\n", value)).split())
    if isinstance(value, dict):
        return {key: tidy_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [tidy_value(item) for item in value]
    return value


def _count_left(value: Any) -> int:
    if isinstance(value, str):
        rest = BREAK_TAG.sub("", value)
        return len(HTML_TAG.findall(rest)) + len(PORTAL_WORDS.findall(value))
    if isinstance(value, dict):
        return sum(_count_left(item) for item in value.values())
    if isinstance(value, list):
        return sum(_count_left(item) for item in value)
    return 0


def _load(text: str) -> Any:
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def tidy_file(path: Path) -> tuple[bool, bool, int]:
    """(changed, refused, remnants left) for one YAML file."""
    text = path.read_text(encoding="utf-8")
    try:
        before = _load(text)
    except yaml.YAMLError:
        return False, False, 0  # a syntax error is check's to report
    after_text = tidy_text(text)
    if after_text == text:
        return False, False, _count_left(before)
    try:
        after = _load(after_text)
    except yaml.YAMLError:
        return False, True, _count_left(before)
    if tidy_value(after) != tidy_value(before):
        return False, True, _count_left(before)
    path.write_text(after_text, encoding="utf-8")
    return True, False, _count_left(after)


def tidy_content(content_dir: Path) -> TidyResult:
    changed, refused, left = [], [], 0
    for path in sorted(content_dir.rglob("*.yaml")):
        was_changed, was_refused, remaining = tidy_file(path)
        left += remaining
        if was_changed:
            changed.append(path)
        if was_refused:
            refused.append(path)
    return TidyResult(changed, refused, left)
