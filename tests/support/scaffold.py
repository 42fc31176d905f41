"""What an office does with the examples `congkhai init` writes: real values in, `sample: true` out."""

from __future__ import annotations

import re
from pathlib import Path

# What an office writes over init's placeholders (see generator/check/samples.py).
REAL_VALUES = ((re.compile(r"^sample: true.*\n", re.MULTILINE), ""),
               (re.compile(r'"0000 000 000"'), '"0206 3852 123"'),
               (re.compile(r"0000/QĐ-UBND"), "1021/QĐ-UBND"),
               (re.compile(r"example\.gov\.vn"), "tanlap.caobang.gov.vn"),
               (re.compile(r" ?\(sửa[^)]*\)"), ""))


def fill_in_samples(repo: Path) -> None:
    """Do what an office does with init's examples: real values, `sample: true` removed."""
    for path in (repo / "content").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for pattern, value in REAL_VALUES:
            text = pattern.sub(value, text)
        path.write_text(text, encoding="utf-8")
