"""How a procedure page ranks in the browser search: the front matter Material's search reads.

Material builds its lunr index with no length normalisation (b = 0), so every page whose title
holds the words scores the same on the title and the words scattered through the page's text
decide: "giay phep" found "Cấp lại giấy phép lao động" before "Cấp giấy phép lao động", and a
fee or a form named after a procedure before the procedure. Procedure pages therefore get a
document boost (`search.boost`), larger for a shorter title (the BM25 normalisation lunr would
apply, on the title only), and their code as a search tag, the field Material boosts most, so
"1.001930" finds the procedure first.
"""

from __future__ import annotations

from typing import Any

from generator.models.procedure import Procedure
from generator.present.slug import search_terms

# A procedure whose title holds all the words comes before a fee or form whose title does too,
# but a title that holds only some of them does not overtake one that holds them all.
PROCEDURE_BOOST = 1.5
TYPICAL_TITLE_WORDS = 12  # titles from the national database run 6 to 25 words
# Small enough that a 25-word title keeps a boost above 1, large enough that one word more
# outweighs the words scattered through the text.
LENGTH_WEIGHT = 0.2
FLOOR = 1.1  # a very long title still ranks above the same words in another page's title


def search_boost(title: str) -> float:
    """The document boost of a procedure page: PROCEDURE_BOOST for a typical title, more for a
    shorter one (its words are more of what the title is about), less for a longer one."""
    words = max(len(search_terms(title)), 1)
    norm = 1 - LENGTH_WEIGHT + LENGTH_WEIGHT * words / TYPICAL_TITLE_WORDS
    return round(max(PROCEDURE_BOOST / norm, FLOOR), 3)


def search_meta(record: Any) -> dict[str, Any]:
    """Front matter keys for Material's search plugin: `search.boost` and `tags` (the code)."""
    if not isinstance(record, Procedure):
        return {}
    return {"search": {"boost": search_boost(record.title)}, "tags": [record.code]}
