"""Screenshots of the form editor for docs/HUONG-DAN.md, taken with headless Debian Chromium.

    .venv/bin/python scripts/editor_screenshots.py [OUT_DIR]   (default: docs/img)

Works on a throw-away board written by `congkhai init`, served by congkhai's editor backend;
nothing is saved to the repository but the PNG files.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import threading
from datetime import date
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from playwright.sync_api import sync_playwright

from generator.editor.backend import EditorApp
from generator.scaffold.init import init_board

VIEWPORT = {"width": 1000, "height": 640}
OPTIONAL = r"( \(không bắt buộc\))?"


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def field_input(page: Any, label: str) -> Any:
    return page.get_by_label(re.compile(rf"^{re.escape(label)}{OPTIONAL}$")).first


def shoot(page: Any, out: Path, name: str, anchor: Any = None) -> None:
    if anchor is not None:
        anchor.evaluate("element => element.scrollIntoView({block: 'start'})")
        page.mouse.wheel(0, -90)
    page.wait_for_timeout(400)
    page.screenshot(path=str(out / name))
    print(f"{out / name}: {(out / name).stat().st_size} bytes")


def take(page: Any, base: str, board: Path, out: Path) -> None:
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Thủ tục hành chính").click()
    page.get_by_text("Chứng thực bản sao từ bản chính").first.wait_for()
    shoot(page, out, "editor-1-danh-sach.png")

    page.goto(f"{base}/admin/#/collections/procedures/new")
    field_input(page, "Mã hồ sơ").fill("cap-giay-phep-kinh-doanh-lu-hanh")
    field_input(page, "Tiêu đề").fill("Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa")
    field_input(page, "Mã thủ tục").fill("1.00450")
    field_input(page, "Lĩnh vực").fill("Du lịch")
    shoot(page, out, "editor-2-thu-tuc-moi.png")

    unit = field_input(page, "Bộ phận giải quyết")
    unit.click()
    shoot(page, out, "editor-3-chon-bo-phan.png", unit)
    page.keyboard.press("Enter")

    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_text("Công bố ngay", exact=True).click()
    code = field_input(page, "Mã thủ tục")
    shoot(page, out, "editor-4-loi-ma-thu-tuc.png", code)

    page.on("dialog", lambda dialog: dialog.accept())  # leave the unsaved procedure
    session = sorted((board / "content" / "reception_sessions").glob("*.yaml"))[0].stem
    page.goto(f"{base}/admin/#/collections/reception_sessions/entries/{session}")
    header = page.get_by_text("Thông báo kết quả", exact=True).locator("xpath=..")
    header.locator("[data-testid=expand-button]").first.click()  # opens the group
    notice = page.locator("label", has_text=re.compile(f"^Thông báo kết quả{OPTIONAL}$")).first
    shoot(page, out, "editor-5-thong-bao-ket-qua.png", notice)


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/img")
    out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("Chromium not found: apt-get install -y chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as work:
        board = Path(work) / "bang-cong-khai"
        init_board(board, "Ủy ban nhân dân xã Tân Lập", date(2026, 11, 23))
        server = make_server("127.0.0.1", 0, EditorApp(board), server_class=ThreadingServer,
                             handler_class=QuietHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                page = browser.new_page(viewport=VIEWPORT, locale="vi-VN")
                take(page, f"http://127.0.0.1:{server.server_port}", board, out)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
