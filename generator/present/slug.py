"""Accent folding of Vietnamese text, the same folding the site's search applies in the browser.

The browser side lives in theme/assets/javascripts/lunr/min/lunr.vi.min.js: index terms and
query terms are folded there, so "giay phep" finds "giấy phép" without storing folded copies
of every page in the search index. This module is the Python twin, for heading anchors and
for tests that check what the search can match.
"""

from __future__ import annotations

import re
import unicodedata

_MARKS = re.compile(r"[\u0300-\u036f]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


def fold(text: str) -> str:
    """Text without tone and vowel marks, đ → d: "Giấy phép đăng ký" → "Giay phep dang ky"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", _MARKS.sub("", decomposed))


def search_terms(text: str) -> list[str]:
    """The terms the site's search indexes for `text`: split at spaces, '-' and '/',
    punctuation trimmed from the ends, folded, lower case."""
    terms = []
    for token in re.split(r"[\s\-/]+", unicodedata.normalize("NFC", text)):
        term = _EDGES.sub("", fold(token).lower())
        if term:
            terms.append(term)
    return terms


def slugify(value: str, separator: str = "-") -> str:
    """Heading anchors for Python-Markdown's toc: "Thành phần hồ sơ" → "thanh-phan-ho-so"."""
    return _NOT_WORD.sub(separator, fold(value).lower()).strip(separator)
