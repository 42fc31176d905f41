"""The build cache never makes a build wrong: after each edit of a series, a build with the cache
is byte-identical to a build without it, and an internal record leaves nothing behind."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support.boards import BOARD_YAML, SAMPLE_RECORDS, write_files

from generator import paths
from generator.fingerprint import MemoFile, read_pack, replace_pack
from generator.models import Audience
from generator.site import config as site_config
from generator.site import warmup
from generator.site.build import build
from generator.site.cache import MANIFEST, SiteCache
from generator.site.listed import flat_name
from generator.site.progress import PageProgress

TODAY = date(2026, 11, 23)
LATER = date(2027, 1, 20)  # past the posting deadlines of the budget and the reception notice
MOVED = "Markerzq9Moved"

MKDOCS_YML = """\
site_name: Bảng công khai Văn phòng UBND tỉnh Lạng Sơn
copyright: Văn phòng UBND tỉnh Lạng Sơn
"""

EXTRA_RECORDS: dict[str, str | bytes] = {
    "policies/chuyen-doi-so.yaml": f"""\
title: Chương trình chuyển đổi số {MOVED}
issued_by: UBND tỉnh Lạng Sơn
summary: Số hoá hồ sơ {MOVED} tại Bộ phận Một cửa.
""",
    "fees/phi-sao-luc.yaml": """\
title: Phí sao lục giấy tờ hộ tịch
kind: phi
amount: 3000
""",
}


def tree(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def git(content: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Văn thư", "-c", "user.email=vt@example.vn", *args],
                   cwd=content, check=True, capture_output=True)


def commit(content: Path, message: str) -> None:
    git(content, "add", "-A")
    git(content, "commit", "-q", "--allow-empty", "-m", message)


class Board:
    """A board under git, built warm (one cache, kept) and cold (no cache) after each edit."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        self.cache = root / "cache"
        self.today = TODAY
        self.report: Any = None
        write_files(self.content, {"board.yaml": BOARD_YAML + "site_url: https://congkhai.example.vn/\n",
                                   **SAMPLE_RECORDS, **EXTRA_RECORDS})
        (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
        git(self.content, "init", "-q")
        commit(self.content, "Bảng ban đầu")

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.content / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new), encoding="utf-8")

    def warm_equals_cold(self, step: str) -> Path:
        commit(self.content, step)
        warm, cold = self.root / "warm" / "site", self.root / "cold" / "site"
        self.report = build(self.content, warm, self.today, cache_dir=self.cache)
        build(self.content, cold, self.today, parallel=False)
        assert tree(warm) == tree(cold), step
        return warm


def test_a_warm_build_is_byte_identical_to_a_cold_one_after_every_edit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(paths.THEME_DIR, theme, symlinks=False)
    monkeypatch.setattr(paths, "THEME_DIR", theme)  # Material's overrides come from this copy
    monkeypatch.setattr(site_config, "THEME_DIR", theme)
    # The warm builds start a template helper (that its templates are loaded: test_compiled_templates).
    monkeypatch.setattr(warmup, "MIN_RECORDS", 0)
    board = Board(tmp_path)
    board.warm_equals_cold("cold cache")
    saved = SiteCache.open(board.cache / "public")
    assert saved.key and saved.pages, "the first build fills the cache"

    board.edit("fees/le-phi-ho-tich.yaml", "amount: 8000", "amount: 10000")
    site = board.warm_equals_cold("a fee amount")
    fee_page = (site / "public" / "phi-le-phi" / "le-phi-ho-tich" / "index.html").read_text(encoding="utf-8")
    assert "10.000" in fee_page
    reused = SiteCache.open(board.cache / "public")
    assert reused.key == saved.key, "a fee's amount is a page's input, not every page's"
    public = board.report.pages[Audience.PUBLIC]
    assert 0 < board.report.built[Audience.PUBLIC] < public / 2, "only the pages showing the fee are built"

    board.edit("units/mot-cua.yaml", "title: Bộ phận Một cửa", "title: Bộ phận Tiếp nhận và Trả kết quả")
    board.warm_equals_cold("a unit renamed")

    (board.content / "fees" / "phi-sao-luc.yaml").unlink()
    board.warm_equals_cold("a record deleted")

    board.edit("policies/chuyen-doi-so.yaml", "issued_by:", "audience: internal\nissued_by:")
    site = board.warm_equals_cold("a record turned internal")
    leaks = [path.relative_to(site).as_posix() for path in sorted((site / "public").rglob("*"))
             if path.is_file() and MOVED.lower().encode() in path.read_bytes().lower()]
    assert leaks == []
    assert MOVED in (site / "internal" / "search" / "search_index.json").read_text(encoding="utf-8")

    main = theme / "main.html"
    marker = '<meta name="congkhai-test" content="đổi mẫu">'
    block = "{% block extrahead %}"
    edited = main.read_text(encoding="utf-8").replace(block, f"{block}\n  {marker}", 1)
    main.write_text(edited, encoding="utf-8")
    site = board.warm_equals_cold("a template changed")
    fee = site / "public" / "phi-le-phi" / "le-phi-ho-tich" / "index.html"
    assert marker in fee.read_text(encoding="utf-8")

    (board.root / "mkdocs.yml").write_text(MKDOCS_YML.replace("copyright: ", "copyright: © 2026 "),
                                           encoding="utf-8")
    site = board.warm_equals_cold("mkdocs.yml changed")
    assert "© 2026" in (site / "public" / "thu-tuc" / "dang-ky-khai-sinh" / "index.html").read_text(
        encoding="utf-8")

    before = tree(site / "public")
    board.today = LATER
    site = board.warm_equals_cold("--today past a deadline")
    assert tree(site / "public") != before

    board.warm_equals_cold("nothing changed")
    assert board.report.unchanged, "same inputs, site as published: nothing to build"
    assert board.report.built == {Audience.PUBLIC: 0, Audience.INTERNAL: 0}


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    board = Board(tmp_path)
    board.warm_equals_cold("cold cache")
    (board.cache / "public" / MANIFEST).write_text("{not json", encoding="utf-8")
    print_memo = board.cache / "internal" / "print.pack"  # the notices cut short
    print_memo.write_bytes(print_memo.read_bytes()[:-1])
    audit_memo = board.cache / "audit.pack"  # findings kept under the right fingerprints
    memo = read_pack(audit_memo)
    replace_pack(audit_memo, memo.head, ["{không phải JSON"] * len(memo))
    render_memo = board.cache / "public" / "render.pack"  # the last pages' Markdown not UTF-8
    render_memo.write_bytes(render_memo.read_bytes()[:-100] + b"\xff" * 100)
    for page in (board.cache / "internal" / "html").rglob("*.html"):
        page.unlink()
    board.edit("fees/le-phi-ho-tich.yaml", "amount: 8000", "amount: 9000")
    board.warm_equals_cold("damaged cache")
    assert not board.report.unchanged
    board.warm_equals_cold("nothing changed")
    assert board.report.unchanged
    (board.root / "warm" / "site" / "public" / "sitemap.xml").unlink()  # the published site was touched
    board.warm_equals_cold("published site damaged")
    assert not board.report.unchanged


def test_a_text_orjson_cannot_write_is_kept_and_a_name_it_cannot_write_is_read_as_empty(
        tmp_path: Path) -> None:
    """orjson refuses a lone surrogate. A kept text holds it as it was made; a memo whose names
    hold one is still written (escaped), and a later build that cannot read it back makes its
    texts again rather than failing."""
    memo_file = tmp_path / "print.pack"
    memo = MemoFile.open(memo_file, "key")
    assert memo.text("a.html", "giá trị", lambda: "x\ud800y") == "x\ud800y"
    memo.save()
    again = MemoFile.open(memo_file, "key")
    assert again.text("a.html", "giá trị", lambda: "mới") == "x\ud800y"
    assert again.reused == 1
    again.text("\udc80.html", "giá trị", lambda: "mới")
    again.save()
    assert memo_file.read_bytes().partition(b"\n")[2].partition(b"\n")[0].isascii()
    last = MemoFile.open(memo_file, "key")
    assert last.old == {}
    assert last.text("a.html", "giá trị", lambda: "mới") == "mới"


class Terminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_mkdocs_page_loop_shows_a_progress_bar_on_a_terminal_only() -> None:
    shown, logged = Terminal(tty=True), Terminal(tty=False)
    for stream in (shown, logged):
        progress = PageProgress("MkDocs (public)", 3, stream)
        for _ in range(3):
            progress.on_post_page("<html>", page=None, config=None)
        progress.on_post_build(config=None)
    assert "MkDocs (public) [" in shown.getvalue()
    assert shown.getvalue().split("\r")[-2].endswith("] 3/3 trang")
    assert shown.getvalue().endswith("\r\033[K")  # cleared: the stage's own line follows
    assert logged.getvalue() == ""


def test_the_cache_docs_folder_loses_what_the_build_did_not_write_and_follows_no_link(tmp_path: Path) -> None:
    board = Board(tmp_path)
    board.warm_equals_cold("cold cache")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.md").write_text("# Không được xoá\n", encoding="utf-8")
    docs = board.cache / "public" / "docs"
    (docs / "linked").symlink_to(outside, target_is_directory=True)
    (docs / "stale" / "old").mkdir(parents=True)
    (docs / "stale" / "old" / "index.md").write_text("# Trang cũ\n", encoding="utf-8")
    board.edit("fees/le-phi-ho-tich.yaml", "amount: 8000", "amount: 9000")  # else nothing is built
    (docs / flat_name("cu/index.md")).write_text("# Trang cũ, phẳng\n", encoding="utf-8")
    site = board.warm_equals_cold("things planted in the cache")
    assert (outside / "keep.md").is_file()
    assert not (docs / "linked").exists() and not (docs / "stale").exists()
    assert not (site / "public" / "stale").exists() and not (site / "public" / "cu").exists()
    # Flat: one file a page or download, named by its path, and nothing else.
    kept = {entry.name for entry in os.scandir(docs) if entry.is_file(follow_symlinks=False)}
    assert kept == {entry.name for entry in os.scandir(docs)}
    assert flat_name("phi-le-phi/le-phi-ho-tich/index.md") in kept and flat_name("cu/index.md") not in kept


def test_the_replaced_site_is_kept_as_the_spare_and_nothing_is_left_beside_the_site(tmp_path: Path) -> None:
    board = Board(tmp_path)
    board.warm_equals_cold("cold cache")
    board.edit("fees/le-phi-ho-tich.yaml", "amount: 8000", "amount: 9000")
    site = board.warm_equals_cold("a fee amount")
    assert sorted(path.name for path in site.parent.iterdir()) == [".site.lock", "site"]  # no staging left
    spare_fee = board.cache / "spare" / "public" / "phi-le-phi" / "le-phi-ho-tich" / "index.html"
    assert "8.000" in spare_fee.read_text(encoding="utf-8")  # the site this build replaced
    trash = board.cache / "trash"
    (trash / "stopped" / "old").mkdir(parents=True)  # as if a deleting process had been killed
    board.edit("fees/le-phi-ho-tich.yaml", "amount: 9000", "amount: 9500")
    board.warm_equals_cold("another fee amount")
    assert not (trash / "stopped").exists()


def test_nothing_planted_in_the_spare_site_reaches_the_published_one(tmp_path: Path) -> None:
    board = Board(tmp_path)
    board.warm_equals_cold("cold cache")
    board.edit("fees/le-phi-ho-tich.yaml", "amount: 8000", "amount: 9000")
    board.warm_equals_cold("a fee amount: the replaced site is now the spare")
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "secret.txt").write_text("bí mật\n", encoding="utf-8")
    spare = board.cache / "spare" / "public"
    (spare / "planted.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (spare / "print" / "planted.html").write_text("<script>alert(2)</script>", encoding="utf-8")
    (spare / "kiosk" / "screens" / "planted.js").write_text("alert(3)", encoding="utf-8")
    (spare / "linked").symlink_to(victim)  # a folder link: never followed, never published
    (spare / "search" / "planted.json").symlink_to(victim / "secret.txt")
    page = spare / "phi-le-phi" / "phi-sao-luc" / "index.html"  # a page this edit leaves alone
    page.unlink()
    page.write_text("<p>trang giả</p>", encoding="utf-8")
    asset = next((spare / "assets" / "stylesheets").glob("*.css"))
    asset.write_text("body{display:none}", encoding="utf-8")
    # A temporary name of the print pack, hard-linked to the cache's copy of the home page: a
    # writer that wrote into it would change the cache and the published page with it.
    cached_home = board.cache / "public" / "html" / "index.html"
    home_before = cached_home.read_bytes()
    notices = sorted((spare / "print").rglob("*.html"))
    for notice in notices:  # whichever notice the edit changes
        os.link(cached_home, notice.with_name(f".{notice.name}.part"))
    notices[-1].with_suffix(".pdf").write_bytes(b"%PDF-1.4 gia")  # the index must not link it
    (spare / "kiosk" / "version.json").unlink()
    (spare / "kiosk" / "version.json").mkdir()  # a folder where a file goes
    (spare / "kiosk" / "version.json" / "planted.txt").write_text("x", encoding="utf-8")
    html_folder = next(path for path in sorted((board.cache / "public" / "html").iterdir()) if path.is_dir())
    shutil.rmtree(html_folder)
    html_folder.symlink_to(victim)  # in the cache itself: never followed
    board.edit("fees/le-phi-ho-tich.yaml", "amount: 9000", "amount: 9500")
    site = board.warm_equals_cold("another fee amount, built on the planted spare")
    assert "trang giả" not in (site / "public" / "phi-le-phi" / "phi-sao-luc" / "index.html").read_text(
        encoding="utf-8")
    assert not list(site.rglob("planted*")) and not (site / "public" / "linked").exists()
    assert not list((site / "public" / "print").rglob("*.pdf"))
    assert cached_home.read_bytes() == home_before
    assert sorted(path.name for path in victim.iterdir()) == ["secret.txt"]
    assert (victim / "secret.txt").read_text(encoding="utf-8") == "bí mật\n"


def test_links_and_paths_planted_in_a_restored_cache_write_nothing_outside_it(tmp_path: Path) -> None:
    board = Board(tmp_path)
    board.warm_equals_cold("cold cache")
    victim = tmp_path / "victim.txt"
    victim.write_text("không được ghi đè\n", encoding="utf-8")
    page = board.cache / "public" / "docs" / flat_name("phi-le-phi/le-phi-ho-tich/index.md")
    page.unlink()
    page.symlink_to(victim)  # the build would write the page's Markdown through it
    manifest = board.cache / "internal" / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    first = next(iter(data["pages"]))
    data["pages"][first]["dest"] = "../../../escaped.html"  # the HTML would be linked out there
    manifest.write_text(json.dumps(data), encoding="utf-8")
    board.edit("fees/le-phi-ho-tich.yaml", "amount: 8000", "amount: 9000")
    site = board.warm_equals_cold("a restored cache with planted links")
    assert victim.read_text(encoding="utf-8") == "không được ghi đè\n"
    assert not page.is_symlink()
    assert not list(tmp_path.rglob("escaped.html"))
    fee = site / "public" / "phi-le-phi" / "le-phi-ho-tich" / "index.html"
    assert "9.000" in fee.read_text(encoding="utf-8")


def test_a_second_build_with_the_same_cache_stops_at_once(tmp_path: Path) -> None:
    from generator.errors import BuildFailed
    from generator.site.publish import site_lock

    board = Board(tmp_path)
    with site_lock(board.cache), pytest.raises(BuildFailed, match="đang ghi vào"):
        build(board.content, tmp_path / "preview", TODAY, cache_dir=board.cache)
