"""Text as the national procedure database exports it, made plain: HTML tags, entities,
non-breaking spaces and ragged whitespace removed, Unicode NFC, lines kept."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from generator.present.slug import fold

_BREAK_TAGS = re.compile(r"<\s*(br|/p|p|/div|div|li|/li|tr|/tr|/h\d)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u200b\ufeff]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_KEY = re.compile(r"[^a-z0-9]+")


_NEEDS_WORK = re.compile(
    r"[<&\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f\t\u00a0\u2007\u202f\u200b\ufeff]|  |^\s|\s$|\s\n|\n\s")


def clean_text(value: object) -> str:
    """One exported value as plain text: tags out, entities decoded, spaces tidied, NFC."""
    if value is None:
        return ""
    text = str(value)
    if not _NEEDS_WORK.search(text):  # most cells are already plain: only NFC to do
        return unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _BREAK_TAGS.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=4096)
def key_of(name: str) -> str:
    """An export's field name, compared loosely: 'Mã thủ tục', 'ma_thu_tuc', 'MaThuTuc' → 'mathutuc'."""
    return _NOT_KEY.sub("", fold(unicodedata.normalize("NFC", name)).lower())


def folded(text: str) -> str:
    """Lower case without accents and with single spaces, for matching words like 'cấp bộ'."""
    return " ".join(fold(text).lower().split())


def split_outside_brackets(text: str, separators: str) -> list[str]:
    """'A, B (x, y); C' split at the separators that are not inside brackets."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip(" .") for part in parts if part.strip(" .")]
