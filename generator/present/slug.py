"""Accent folding and slugs of Vietnamese text: the one home of both.

`fold` is the folding the site's search applies in the browser
(theme/assets/javascripts/lunr/min/lunr.vi.min.js folds index and query terms, so "giay phep"
finds "giấy phép" without storing folded copies of every page in the search index), the kiosk's
search, the importer's header matching and every slug. `slugify` makes the folder and file
names of pages, the heading anchors and, through `record_id`, the id `congkhai new` proposes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from generator.models.common import ID_PATTERN

_MARKS = re.compile(r"[\u0300-\u036f]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_RECORD_ID = re.compile(ID_PATTERN)

MAX_SLUG_LENGTH = 80
"""A slug is a folder or file name: far below the 255 bytes a file system allows per name."""


def fold(text: str) -> str:
    """Text without tone and vowel marks, đ → d: "Giấy phép đăng ký" → "Giay phep dang ky".

    Only the marks of U+0300–U+036F go, as `String.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "")`
    does in the browser; another script's combining marks stay, recomposed."""
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


@lru_cache(maxsize=16384)
def slugify(text: str, fallback: str = "khac") -> str:
    """An ASCII slug: 'Hộ tịch' → 'ho-tich', `fallback` when nothing is left. A long one is cut
    at a word and ends in a short hash of the whole, so two long names that share a beginning
    still get two slugs."""
    slug = _NOT_SLUG.sub("-", fold(text).lower()).strip("-")
    if len(slug) <= MAX_SLUG_LENGTH:
        return slug or fallback
    digest = hashlib.sha256(slug.encode("ascii")).hexdigest()[:8]
    cut = slug[:MAX_SLUG_LENGTH - len(digest) - 1]
    cut = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return f"{cut}-{digest}"


def heading_anchor(value: str, separator: str = "-") -> str:
    """Heading ids for Python-Markdown's toc (its `slugify(value, separator)` signature):
    "Thành phần hồ sơ" → "thanh-phan-ho-so". The separator is always '-', as in page slugs; an
    empty anchor stays empty, so toc numbers it (`_1`) instead of giving every such heading
    one id."""
    return slugify(value, fallback="")


def record_id(text: str) -> str:
    """A record id from any text: 'Cấp giấy phép' → 'cap-giay-phep'; a valid id ('1.001930')
    stays as it is."""
    plain = fold(text.strip()).lower()
    if _RECORD_ID.match(plain) and ".." not in plain:
        return plain
    return _NOT_SLUG.sub("-", plain).strip("-")
