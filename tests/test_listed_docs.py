"""The cache's flat docs folder is handed to MkDocs by list (generator.site.listed), in the order
MkDocs' own walk of a docs tree gives: the site is the one a walk would build."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from generator.site.cache import inside
from generator.site.listed import walk_order

PATHS = ["index.md", "a-b.md", "a.md", "a/index.md", "a/z.md", "a/b/index.md", "a/b/c.md", "a/ba.md",
         "Z.md", "du-lieu-mo/phi-le-phi.json", "du-lieu-mo/phi-le-phi.csv", "đất-đai/index.md",
         "thu-tuc/dang-ky-khai-sinh/index.md", "thu-tuc/index.md", "thu-tuc/a/index.md", "ban-tin.xml"]


def test_the_listed_order_is_mkdocs_walk_order(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for relative in PATHS:
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        (docs / relative).write_text("# x\n", encoding="utf-8")
    config = load_config(config_file=io.StringIO("site_name: x\n"), docs_dir=str(docs),
                         site_dir=str(tmp_path / "site"))
    walked = [file.src_uri for file in get_files(config)]
    assert walked == sorted(PATHS, key=walk_order)
    assert walked != sorted(PATHS)  # the order is MkDocs' own, not plain sorting


@pytest.mark.parametrize(("relative", "stays"), [
    ("thu-tuc/dang-ky-khai-sinh/index.md", True), ("a..b/index.md", True), ("index.md", True),
    ("../index.md", False), ("thu-tuc/../../x.md", False), ("/etc/passwd", False),
    ("a\\..\\b.md", False), ("a\0.md", False), ("", False), ("thu-tuc/..", False),
])
def test_a_docs_path_that_would_leave_the_folder_is_refused(relative: str, stays: bool) -> None:
    assert inside(relative) is stays
