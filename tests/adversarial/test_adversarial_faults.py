"""Faults of the machine rather than of the content: a killed build, two builds at once, a full
disk, a front matter MkDocs would drop. Part of the adversarial suite (cases.yaml holds the
content and argument cases)."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.boards import REPO, write_files

from generator.cli import main
from generator.errors import BuildFailed
from generator.render import with_title
from generator.site.build import check_front_matter
from generator.site.publish import publish, site_lock, staging_folder

TODAY = "2026-11-23"


def _board(tmp_path: Path) -> Path:
    project = tmp_path / "board"
    project.mkdir()
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return project


def _processes_in(folder: Path) -> list[int]:
    """Processes whose working directory is `folder` (the build and its forked workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if Path(os.readlink(entry / "cwd")) == folder:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; PR_SET_PDEATHSIG is Linux")
def test_kill_9_mid_build_leaves_the_old_site_and_no_worker_alive(tmp_path: Path) -> None:
    project = _board(tmp_path)
    write_files(project / "site", {"public/index.html": "cũ", "internal/index.html": "cũ nội bộ"})
    build = subprocess.Popen([sys.executable, "-m", "generator", "build", "content", "--today", TODAY,
                              "--jobs", "2"], cwd=project, stderr=subprocess.PIPE, text=True)
    assert build.stderr is not None
    for line in build.stderr:  # the workers are rendering or running MkDocs after this line
        if line.startswith("Tạo trang Markdown"):
            break
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 5
    while _processes_in(project) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_in(project) == [], "build workers outlived the killed build"
    assert (project / "site/public/index.html").read_text(encoding="utf-8") == "cũ"
    assert (project / "site/internal/index.html").read_text(encoding="utf-8") == "cũ nội bộ"


def test_the_next_build_removes_staging_folders_a_killed_build_left(tmp_path: Path) -> None:
    site = tmp_path / "site"
    leftover = tmp_path / ".site-build-k1ll3d"
    write_files(leftover, {"site/public/index.html": "x" * 1000})
    with site_lock(site):
        assert not leftover.exists()


def test_a_second_build_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    project = _board(tmp_path)
    with site_lock(project / "site"):
        done = subprocess.run([sys.executable, "-m", "generator", "build", "content", "--today", TODAY],
                              cwd=project, capture_output=True, text=True, encoding="utf-8", timeout=120,
                              check=False)
    assert done.returncode == 1
    assert done.stderr.startswith("congkhai: lỗi: một lần tạo trang khác") and done.stderr.count("\n") == 1
    assert f"tiến trình {os.getpid()}" in done.stderr
    assert not (project / "site" / "public").exists()


def test_both_sites_are_published_in_one_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    write_files(site, {"public/index.html": "cũ", "internal/index.html": "cũ nội bộ", "robots.txt": "giữ"})
    with staging_folder(site) as staging:
        write_files(staging, {"site/public/index.html": "mới", "site/internal/index.html": "mới nội bộ"})
        built = {"public": staging / "site/public", "internal": staging / "site/internal"}

        def no_rename(*_: object) -> None:  # a second step would be a rename: there is none
            raise OSError(errno.EIO, "rename during publish")

        monkeypatch.setattr(Path, "rename", no_rename)
        publish(built, site, staging)
        monkeypatch.undo()
    assert (site / "public/index.html").read_text(encoding="utf-8") == "mới"
    assert (site / "internal/index.html").read_text(encoding="utf-8") == "mới nội bộ"
    assert (site / "robots.txt").read_text(encoding="utf-8") == "giữ"  # what else was there stays


def test_a_full_disk_while_printing_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import generator.cli.printing as printing

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out/public/index.html"))

    monkeypatch.setattr(printing, "write_print_pack", full)
    code = main(["print", str(REPO / "content"), "--today", TODAY, "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "ổ đĩa đã đầy" in err and "index.html" in err


@pytest.mark.parametrize("title", [
    "Cấp giấy phép\x80 lao động", "Ý kiến: \"trích dẫn\" \\ --- ...", "Dòng\u2028mới",
    "😀 <script>x</script>", "---", "title: giả", "#: không phải chú thích",
])
def test_front_matter_is_always_read_back_by_mkdocs(title: str) -> None:
    from mkdocs.utils.meta import get_data

    page = with_title(f"# {title}\n\nNội dung.\n")
    check_front_matter("thu-tuc/x/index.md", page)
    body, meta = get_data(page)
    assert meta["title"] and body.startswith("# ")


def test_a_front_matter_mkdocs_would_drop_is_a_build_error() -> None:
    with pytest.raises(BuildFailed, match=r"thu-tuc/x/index\.md"):
        check_front_matter("thu-tuc/x/index.md", '---\ntitle: "a\x80"\n---\n\n# a\n')
    with pytest.raises(BuildFailed, match=r"nam/index\.md"):
        check_front_matter("nam/index.md", "Title: nuốt mất dòng đầu\n\n# Năm\n")
