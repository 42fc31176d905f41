"""`congkhai serve`: live preview that rebuilds what changed and shows content errors in the page."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from support.boards import BOARD_YAML, REPO, SAMPLE_RECORDS, write_files

from generator.check import check_content
from generator.check.incremental import IncrementalChecker, scan
from generator.check.load import content_files
from generator.render import render_site
from generator.serve.preview import Preview, PreviewOptions, content_errors
from generator.serve.server import STATUS_PATH, banner_html
from generator.site.search_index import read_index

TODAY = "2026-03-02"
FEE = "fees/le-phi-ho-tich.yaml"
FEE_PAGE = "phi-le-phi/le-phi-ho-tich/index.html"
PROCEDURE_PAGE = "thu-tuc/dang-ky-khai-sinh/index.html"
WAIT = 90.0  # seconds: generous, the machine running the tests may be busy


def board(root: Path) -> Path:
    """A small valid board with one record of every kind, and the demo's mkdocs.yml."""
    write_files(root / "content", {"board.yaml": BOARD_YAML, **SAMPLE_RECORDS})
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root / "content"


def set_fee(content: Path, amount: str) -> None:
    path = content / FEE
    text = SAMPLE_RECORDS[FEE].replace("amount: 8000", f"amount: {amount}")
    path.write_text(text, encoding="utf-8")


# --- the rebuild, in process ----------------------------------------------------------------

@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    content = board(tmp_path / "repo")
    options = PreviewOptions(content_dir=content, today=date.fromisoformat(TODAY))
    work = tmp_path / "work"
    work.mkdir()
    made = Preview(options, work)
    made.rebuild()
    assert made.status.ok and made.site_dir is not None
    yield made


def mtimes(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): path.stat().st_mtime_ns
            for path in folder.rglob("*") if path.is_file()}


def indexed_pages(site: Path) -> set[str]:
    data = read_index(site)
    assert data is not None
    return {doc["location"].partition("#")[0] for doc in data["docs"]}


def test_edit_rewrites_only_the_pages_that_changed(preview: Preview) -> None:
    docs_before = mtimes(preview.docs_dir)
    texts_before = {path: (preview.docs_dir / path).read_bytes() for path in docs_before}
    assert preview.site_dir is not None
    html_before = mtimes(preview.site_dir)
    index_before = indexed_pages(preview.site_dir)
    time.sleep(0.05)

    set_fee(preview.content_dir, "9000")
    preview.rebuild()

    assert preview.status.ok
    docs_after = mtimes(preview.docs_dir)
    rewritten = {path for path in docs_after if docs_after[path] != docs_before.get(path)}
    assert "phi-le-phi/le-phi-ho-tich/index.md" in rewritten
    assert "thu-tuc/dang-ky-khai-sinh/index.md" in rewritten  # shows the fee's amount
    assert "bo-phan/mot-cua/index.md" not in rewritten
    for path in set(docs_after) - rewritten:  # the others keep their bytes and their mtime
        assert (preview.docs_dir / path).read_bytes() == texts_before[path]
    for path in rewritten:
        assert (preview.docs_dir / path).read_bytes() != texts_before[path]

    html_after = mtimes(preview.site_dir)
    rebuilt = {path for path, mtime in html_after.items()
               if path.endswith(".html") and mtime != html_before.get(path)}
    assert FEE_PAGE in rebuilt and PROCEDURE_PAGE in rebuilt
    assert "bo-phan/mot-cua/index.html" not in rebuilt  # MkDocs' dirty build skipped it
    assert "9.000" in (preview.site_dir / FEE_PAGE).read_text(encoding="utf-8")
    assert indexed_pages(preview.site_dir) == index_before  # search still finds every page


def settle(preview: Preview) -> None:
    """Let the background catch-up (audit, full render) finish and publish, as the server would."""
    for _ in range(20):
        thread = preview.refresher._thread
        if thread is not None:
            thread.join(timeout=120)
        preview.rebuild()
        if not preview.refresher.busy and preview.refresher.take(preview.board, preview.today) is None:
            return
    raise AssertionError("the catch-up did not settle")


def test_fast_path_then_catch_up_gives_what_build_gives(preview: Preview) -> None:
    set_fee(preview.content_dir, "9000")
    preview.rebuild()  # fast path: the fee's page and its procedure's page
    assert preview.site_dir is not None
    assert "9.000" in (preview.site_dir / FEE_PAGE).read_text(encoding="utf-8")
    assert "9.000" in (preview.site_dir / PROCEDURE_PAGE).read_text(encoding="utf-8")
    settle(preview)
    assert preview.board is not None
    expected = render_site(preview.board, preview.audience, date.fromisoformat(TODAY),
                           preview.refresher.report)
    assert preview.pages == expected.pages  # index pages, home page… caught up
    on_disk = {path.relative_to(preview.docs_dir).as_posix(): path.read_text(encoding="utf-8")
               for path in preview.docs_dir.rglob("*.md")}
    assert on_disk == expected.pages
    assert "9.000" in (preview.site_dir / "phi-le-phi/index.html").read_text(encoding="utf-8")


def texts_under(folder: Path) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*"))
                   if path.suffix in (".html", ".js", ".json"))


def test_kiosk_and_print_pack_follow_an_edit(preview: Preview) -> None:
    assert preview.site_dir is not None
    kiosk, printed = texts_under(preview.site_dir / "kiosk"), texts_under(preview.site_dir / "print")
    assert "8.000" in kiosk and "8.000" in printed and "9.000" not in kiosk + printed
    set_fee(preview.content_dir, "9000")
    preview.rebuild()
    settle(preview)
    kiosk, printed = texts_under(preview.site_dir / "kiosk"), texts_under(preview.site_dir / "print")
    assert "9.000" in kiosk and "9.000" in printed  # the fee's new amount, on the screen and on paper
    assert "8.000" not in kiosk + printed


def test_a_changed_form_file_is_published(preview: Preview) -> None:
    form = preview.content_dir / "forms/files/to-khai-khai-sinh.docx"
    form.write_bytes(b"PK new version of the form")
    preview.touch(form)  # what the watcher does
    settle(preview)
    assert preview.site_dir is not None
    published = [path for path in preview.site_dir.rglob("*.docx")]
    assert published and all(path.read_bytes() == b"PK new version of the form" for path in published)


def test_content_error_keeps_the_last_good_site(preview: Preview) -> None:
    assert preview.site_dir is not None
    page = (preview.site_dir / FEE_PAGE).read_bytes()
    (preview.content_dir / FEE).write_text(SAMPLE_RECORDS[FEE].replace("amount: 8000", "amount: tám nghìn"),
                                            encoding="utf-8")
    preview.rebuild()
    assert not preview.status.ok
    [problem] = preview.status.problems
    assert f"content/{FEE}:3:9: E-NUMBER " in problem  # file:line:col, code, message
    assert (preview.site_dir / FEE_PAGE).read_bytes() == page

    set_fee(preview.content_dir, "8500")
    preview.rebuild()
    assert preview.status.ok
    assert "8.500" in (preview.site_dir / FEE_PAGE).read_text(encoding="utf-8")


def test_removed_record_leaves_the_site_and_the_search_index(preview: Preview) -> None:
    assert preview.site_dir is not None
    target = "complaints/kn-2025-01.yaml"
    page = "khieu-nai-to-cao/kn-2025-01/index.html"
    internal = Preview(PreviewOptions(preview.content_dir, audience="internal",
                                      today=date.fromisoformat(TODAY)), preview.workdir / "internal")
    internal.workdir.mkdir()
    internal.rebuild()
    assert internal.site_dir is not None and (internal.site_dir / page).is_file()
    assert page in indexed_pages(internal.site_dir)
    (preview.content_dir / target).unlink()
    internal.rebuild()
    assert internal.status.ok
    assert not (internal.site_dir / page).exists()
    assert page not in indexed_pages(internal.site_dir)
    assert not (internal.docs_dir / "khieu-nai-to-cao/kn-2025-01/index.md").exists()


def test_a_deleted_file_is_logged_as_deleted(preview: Preview, capsys: pytest.CaptureFixture[str]) -> None:
    (preview.content_dir / "complaints/kn-2025-01.yaml").unlink()
    capsys.readouterr()
    preview.rebuild()
    output = capsys.readouterr().out
    assert "Đã xóa: " in output and output.count("content/complaints/kn-2025-01.yaml") == 1
    assert "Đã sửa: " not in output


def test_public_preview_has_no_internal_records(preview: Preview) -> None:
    assert preview.site_dir is not None
    assert not (preview.site_dir / "khieu-nai-to-cao/kn-2025-01/index.html").exists()
    assert "kn-2025-01" not in json.dumps(read_index(preview.site_dir))


def test_incremental_check_equals_check(tmp_path: Path) -> None:
    content = board(tmp_path)
    write_files(content, {"stray.yaml": "title: x\n", "units/bad.yaml": "title: [\n"})
    checker = IncrementalChecker(content)
    for step in range(3):
        expected, got = check_content(content), checker.run()
        assert [str(item) for item in got.diagnostics] == [str(item) for item in expected.diagnostics]
        assert (got.files_by_kind, got.errors_by_kind) == (expected.files_by_kind, expected.errors_by_kind)
        assert sorted(got.board.records) == sorted(expected.board.records)
        if step == 0:
            write_files(content, {"units/bad.yaml": "title: Bộ phận mới\n"})
            assert checker.run().ok is False  # the stray file is still an error
        if step == 1:
            (content / "stray.yaml").unlink()
    assert checker.run().ok
    assert [path for path, _ in content_files(content)] == list(scan(content))


def test_nothing_changed_gives_the_same_board(tmp_path: Path) -> None:
    checker = IncrementalChecker(board(tmp_path))
    first = checker.run()
    assert checker.run() is first  # so the preview neither renders nor audits again
    assert checker.run(frozenset({tmp_path / "content" / FEE})) is not first  # touched: read again


def test_banner_escapes_and_limits() -> None:
    status = content_errors([])
    assert status.problems == ()
    from generator.diagnostics import Diagnostic, Position

    problems = [Diagnostic(Position("content/x.yaml", line), "E-TEST", "<b>sai</b>") for line in range(1, 30)]
    banner = banner_html(content_errors(problems)).decode()
    assert "&lt;b&gt;sai&lt;/b&gt;" in banner and "<b>sai" not in banner
    assert banner.count("<li") == 21  # 20 problems and a line saying how many more
    assert 'role="alert"' in banner


# --- the server, end to end -----------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    def __init__(self, root: Path, port: int, process: subprocess.Popen[bytes], log: Path) -> None:
        self.root, self.port, self.process, self.log = root, port, process, log

    def get(self, path: str = "") -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=WAIT) as response:
            return str(response.read().decode("utf-8"))

    def status(self) -> dict[str, object]:
        return dict(json.loads(self.get(STATUS_PATH.lstrip("/"))))

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_for(self, condition: Callable[[], bool], what: str) -> float:
        start = time.monotonic()
        while time.monotonic() - start < WAIT:
            assert self.process.poll() is None, self.output()
            try:
                if condition():
                    return time.monotonic() - start
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}\n{self.output()}")

    def wait_idle(self) -> None:
        """Until the first build is done and neither a rebuild nor the audit is running."""
        def idle() -> bool:
            state = self.status()
            return bool(state["builds"]) and not state["building"] and not state["catching_up"]
        self.wait_for(idle, "the preview to be idle")
        time.sleep(0.5)
        self.wait_for(idle, "the preview to be idle")


@contextlib.contextmanager
def serving(tmp_path: Path, *options: str) -> Iterator[Served]:
    """`congkhai serve` of a small board in a child process, stopped with SIGTERM afterwards."""
    content = board(tmp_path / "repo")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "content", "--port", str(port), "--today", TODAY,
             *options],
            cwd=content.parent, stdout=sink, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    server = Served(content.parent, port, process, log)
    try:
        server.wait_for(lambda: "Lệ phí đăng ký hộ tịch" in server.get(FEE_PAGE), "the first build")
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert "Traceback" not in server.output(), server.output()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path) as server:
        yield server


def test_serve_editor_saves_and_the_preview_follows(tmp_path: Path) -> None:
    """--editor: the form editor at /admin/, and a save through its backend updates the preview."""
    with serving(tmp_path, "--editor") as served:
        assert f"Trình soạn thảo hồ sơ: http://127.0.0.1:{served.port}/admin/" in served.output()
        page = served.get("admin/")
        assert '<script src="decap-cms.js">' in page and "livereload" not in page
        assert "name: procedures" in served.get("admin/config.yml")
        raw = SAMPLE_RECORDS[FEE].replace("amount: 8000", "amount: 9500")
        body = json.dumps({"action": "persistEntry", "params": {
            "entry": {"path": f"content/{FEE}", "raw": raw}, "assets": []}}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{served.port}/api/v1", data=body, method="POST",
            headers={"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{served.port}"})
        with urllib.request.urlopen(request, timeout=WAIT) as response:
            assert response.status == 200
        saved = (served.root / "content" / FEE).read_text(encoding="utf-8")
        assert saved.startswith("# yaml-language-server: $schema=../../schemas/fee.schema.json\n")
        served.wait_for(lambda: "9.500" in served.get(FEE_PAGE), "the preview to show the new amount")


def test_serve_edit_error_fix(served: Served) -> None:
    content = served.root / "content"
    assert "livereload" in served.get(FEE_PAGE)  # the page reloads itself after a rebuild
    assert "8.000" in served.get(FEE_PAGE)
    with pytest.raises(urllib.error.HTTPError) as missing:
        served.get("khong-co-trang-nay.html")
    assert missing.value.code == 404
    assert "livereload" in missing.value.read().decode("utf-8")  # the site's 404 page, reloading
    served.wait_idle()

    set_fee(content, "9000")
    served.wait_for(lambda: "9.000" in served.get(FEE_PAGE), "the edited fee on its page")
    served.wait_for(lambda: "9.000" in served.get(PROCEDURE_PAGE), "the fee on the procedure page")

    (content / FEE).write_text(SAMPLE_RECORDS[FEE].replace("amount: 8000", "amount: chín nghìn"),
                               encoding="utf-8")
    served.wait_for(lambda: 'id="congkhai-loi"' in served.get(FEE_PAGE), "the error banner")
    page = served.get(FEE_PAGE)
    assert f"content/{FEE}:3:9: E-NUMBER" in page  # file:line:col and the code, in the browser
    assert "9.000" in page  # the last good page is still served
    assert 'id="congkhai-loi"' in served.get("")  # on every page
    assert f"content/{FEE}:3:9: E-NUMBER" in served.output()  # and in the terminal
    assert served.status()["ok"] is False

    set_fee(content, "9500")
    served.wait_for(lambda: "9.500" in served.get(FEE_PAGE), "the fixed page")
    assert 'id="congkhai-loi"' not in served.get(FEE_PAGE)
    assert 'id="congkhai-loi"' not in served.get("")


def test_serve_quick_saves_cause_one_rebuild(served: Served) -> None:
    content = served.root / "content"
    served.wait_idle()
    before = served.output().count(f"Đã sửa: content/{FEE}")
    for amount in ("8001", "8002", "8003", "8004", "8005"):
        set_fee(content, amount)
        time.sleep(0.05)
    served.wait_for(lambda: "8.005" in served.get(FEE_PAGE), "the last save on the page")
    served.wait_idle()
    assert served.output().count(f"Đã sửa: content/{FEE}") == before + 1, served.output()


def test_serve_refuses_a_port_in_use(tmp_path: Path) -> None:
    content = board(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "generator", "serve", "content", "--port", str(port)],
                              cwd=content.parent, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert f"cổng {port}" in done.stderr


def test_serve_starts_with_errors_and_recovers(tmp_path: Path) -> None:
    """With no good build yet, every address shows the errors; fixing them shows the site."""
    content = board(tmp_path / "repo")
    (content / FEE).write_text(SAMPLE_RECORDS[FEE].replace("kind: le_phi", "kind: lệ phí"), encoding="utf-8")
    port, log = free_port(), tmp_path / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "content", "--port", str(port), "--today", TODAY],
            cwd=content.parent, stdout=sink, stderr=subprocess.STDOUT)
    server = Served(content.parent, port, process, log)
    try:
        def error_page() -> bool:
            try:
                server.get("")
            except urllib.error.HTTPError as error:
                return 'id="congkhai-loi"' in error.read().decode("utf-8")
            return False
        server.wait_for(error_page, "the error page")
        set_fee(content, "8000")
        server.wait_for(lambda: "Lệ phí đăng ký hộ tịch" in server.get(FEE_PAGE), "the site after the fix")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
