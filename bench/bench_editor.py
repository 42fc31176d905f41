"""How long the form editor takes to open in headless Chromium, and what it downloads.

    python bench/bench_editor.py [--repeat 5]

On a board written by `congkhai init`, served by congkhai's editor backend (generator.editor),
each round opens /admin/ in a fresh browser context and times (a) until the sign-in button shows
and (b) until the list of record kinds shows after signing in. It also records every request
made, and writes bench/out/editor.json. (Sveltia CMS, the alternative considered, cannot be
measured this way: it refuses the proxy backend; docs-dev/EDITOR.md gives its one-off figures.)
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from playwright.sync_api import sync_playwright

from generator.editor.backend import EditorApp
from generator.editor.config import BUNDLE_NAME
from generator.scaffold.init import init_board

OUT = Path(__file__).parent / "out" / "editor.json"


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def one_round(browser: Any, base: str) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    started = time.perf_counter()
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="Đăng nhập").wait_for(timeout=60_000)
    shown = time.perf_counter() - started
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Thủ tục hành chính").wait_for(timeout=60_000)
    listed = time.perf_counter() - started
    context.close()
    outside = [url for url in requests if not url.startswith(base) and not url.startswith(("blob:", "data:"))]
    return {"sign_in_shown_s": round(shown, 3), "kinds_listed_s": round(listed, 3),
            "requests": len(requests), "outside": outside}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("Chromium not found", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as work:
        board = Path(work) / "board"
        init_board(board, "Ủy ban nhân dân xã Tân Lập", date(2026, 11, 23))
        app = EditorApp(board)
        bundle = app.files[f"/admin/{BUNDLE_NAME}"]
        server = make_server("127.0.0.1", 0, app, server_class=ThreadingServer, handler_class=QuietHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            rounds = [one_round(browser, base) for _ in range(args.repeat)]
            browser.close()
        server.shutdown()
    result = {
        "bundle": f"generator/editor/vendor/{BUNDLE_NAME}",
        "bundle_bytes": len(bundle), "bundle_gzip_bytes": len(gzip.compress(bundle, 9)),
        "sign_in_shown_median_s": statistics.median(r["sign_in_shown_s"] for r in rounds),
        "kinds_listed_median_s": statistics.median(r["kinds_listed_s"] for r in rounds),
        "rounds": rounds,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({key: value for key, value in result.items() if key != "rounds"}, indent=2))
    for item in rounds:
        print(item)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
