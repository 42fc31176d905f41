"""`congkhai serve`: build one audience's site, serve it on localhost, rebuild on every save.

Built on MkDocs' own LiveReloadServer (as `mkdocs serve` is): browsers long-poll and reload
after a rebuild, and requests wait while a rebuild runs, so no half-built page is served.
What to rebuild, and how to keep it quick on a large board, is generator.serve.preview's job. This
module adds the watcher (inotify and the like, or polling with --poll; saves that come close
together cause one rebuild), the error banner put into every served page while the content
has errors, and a status address for tools.
"""

from __future__ import annotations

import html
import json
import logging
import os
import signal
import socket
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer

from generator.editor.backend import EditorApp
from generator.paths import THEME_DIR
from generator.serve.preview import Preview, PreviewOptions, Status, say

SETTLE_SECONDS = 0.3
BANNER_LIMIT = 20
BANNER_ID = "congkhai-loi"
STATUS_PATH = "/_congkhai/trang-thai.json"
# Events that mean a file's content may have changed (opening or reading one is not a change:
# MkDocs reads theme/ on every build).
CHANGE_EVENTS: list[type[watchdog.events.FileSystemEvent]] = [
    watchdog.events.FileCreatedEvent, watchdog.events.FileModifiedEvent,
    watchdog.events.FileClosedEvent, watchdog.events.FileDeletedEvent,
    watchdog.events.FileMovedEvent, watchdog.events.DirCreatedEvent,
    watchdog.events.DirDeletedEvent, watchdog.events.DirMovedEvent,
]


@dataclass(frozen=True, slots=True)
class ServeOptions:
    content_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    audience: str = "public"
    today: date | None = None
    poll: bool = False
    settle: float = SETTLE_SECONDS
    editor: bool = False  # also serve the form editor at /admin/ (generator.editor)

    @property
    def preview(self) -> PreviewOptions:
        return PreviewOptions(self.content_dir, self.audience, self.today)


def with_banner(page: bytes, status: Status) -> bytes:
    """The page with the error banner right after its <body> tag."""
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:end] + banner_html(status) + page[end:]


def banner_html(status: Status) -> bytes:
    """The error banner put into every served page while the content has errors."""
    items = "".join(f'<li style="margin:2px 0">{html.escape(problem)}</li>'
                    for problem in status.problems[:BANNER_LIMIT])
    more = len(status.problems) - BANNER_LIMIT
    if more > 0:
        items += f"<li>… và {more} lỗi khác (xem cửa sổ lệnh)</li>"
    return (
        f'<div id="{BANNER_ID}" role="alert" style="position:fixed;left:0;right:0;bottom:0;'
        "z-index:100000;max-height:45vh;overflow:auto;background:#8b0000;color:#fff;"
        'padding:12px 18px;font:16px/1.45 system-ui,sans-serif;box-shadow:0 -2px 8px rgba(0,0,0,.4)">'
        f"<strong>{html.escape(status.headline)}</strong>"
        f'<ul style="margin:6px 0 0;padding-left:20px;font-family:ui-monospace,monospace;font-size:14px">'
        f"{items}</ul></div>"
    ).encode()


class PreviewServer(LiveReloadServer):
    """MkDocs' LiveReloadServer, with the error banner and a watcher that records what changed.

    The banner is added to HTML responses in `serve_request`, the WSGI entry point. The class
    still reads attributes of mkdocs 1.6's server (mkdocs is pinned <2; tests/test_serve.py
    drives them end to end): the `_rebuild_cond`/`_want_rebuild` pair its own watcher sets;
    `_watched_paths`, which turns the reload script and the observer on; `_visible_epoch` and
    `_wanted_epoch` (a build running); and it calls `_inject_js_into_html` for its error pages.
    """

    def __init__(self, preview: Preview, options: ServeOptions) -> None:
        self.preview = preview
        super().__init__(builder=preview.rebuild, host=options.host, port=options.port,
                         root=str(preview.workdir))
        self.build_delay = options.settle
        if not options.poll:  # inotify/FSEvents/ReadDirectoryChanges: no polling delay
            # mkdocs annotates `observer` as its PollingObserver; any watchdog observer works.
            self.observer = watchdog.observers.Observer()  # type: ignore[assignment]
        self.error_handler = self.error_page
        preview.request_rebuild = self.request_rebuild
        self.editor = EditorApp(options.content_dir.resolve().parent) if options.editor else None

    def request_rebuild(self) -> None:
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def watch_path(self, path: Path, *, recursive: bool, accept: Callable[[Path], bool],
                   on_change: Callable[[Path], None] | None = None) -> None:
        """Rebuild when a file under `path` that `accept`s changes."""
        server = self

        class Handler(watchdog.events.FileSystemEventHandler):
            def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
                paths = [event.src_path, getattr(event, "dest_path", "")]
                changed = [Path(os.fsdecode(item)) for item in paths if item]
                changed = [item for item in changed if event.is_directory or accept(item)]
                if not changed:
                    return
                for item in changed:
                    if on_change is not None:
                        on_change(item)
                server.request_rebuild()

        self._watched_paths[str(path)] = 1
        self.observer.schedule(Handler(), str(path), recursive=recursive, event_filter=CHANGE_EVENTS)

    def serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
        """Adds the status address, the editor's addresses (with --editor), and the error banner
        to every HTML page while content has errors (the pages served are then those of the last
        good build)."""
        if self.editor is not None and self.editor.handles(environ.get("PATH_INFO", "")):
            return self.editor(environ, start_response)
        if environ.get("PATH_INFO") == STATUS_PATH:
            return self.status_response(start_response)
        status = self.preview.status
        if status.ok:
            return super().serve_request(environ, start_response)
        held: list[tuple[str, list[tuple[str, str]]]] = []
        result = super().serve_request(environ, lambda code, headers, *_: held.append((code, headers)))
        code, headers = held[-1]
        if not any(name.lower() == "content-type" and value.startswith("text/html")
                   for name, value in headers):
            start_response(code, headers)
            return result
        body = with_banner(b"".join(result), status)
        headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
        start_response(code, [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def status_response(self, start_response: Any) -> list[bytes]:
        """The preview's state as JSON (for tools and tests)."""
        preview = self.preview
        body = json.dumps({
            "ok": preview.status.ok, "builds": preview.builds, "problems": list(preview.status.problems),
            "building": self._visible_epoch != self._wanted_epoch, "catching_up": preview.refresher.busy,
        }, ensure_ascii=False).encode()
        start_response("200 OK", [("Content-Type", "application/json; charset=utf-8"),
                                  ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
        return [body]

    def error_page(self, code: int) -> bytes | None:
        """The site's 404 page (as `mkdocs serve` does); before the first good build, every
        address shows the errors, and reloads by itself once they are fixed."""
        site = self.preview.site_dir
        if site is not None:
            missing = site / "404.html"
            if not missing.is_file():
                return None
            return bytes(self._inject_js_into_html(missing.read_bytes(), self._visible_epoch))
        if self.preview.status.ok:
            return None
        page = ('<!doctype html><html lang="vi"><head><meta charset="utf-8">'
                "<title>Chưa tạo được trang</title></head><body></body></html>")
        return bytes(self._inject_js_into_html(page.encode(), self._visible_epoch))

    @property
    def root(self) -> str:
        """The folder served: the last good build (full builds go to a new folder)."""
        return str(self.preview.site_dir or self.preview.workdir)

    @root.setter
    def root(self, value: str) -> None:
        pass  # LiveReloadServer sets it once; the preview decides


def is_editor_litter(path: Path) -> bool:
    """Swap, backup and lock files editors write next to the file being edited."""
    name = path.name
    return name.startswith((".#", "~$")) or name.endswith(("~", ".swp", ".swx", ".tmp")) or name == "4913"


def port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def start_watching(server: PreviewServer, preview: Preview) -> None:
    content = preview.content_dir.resolve()
    server.watch_path(content, recursive=True, accept=lambda path: not is_editor_litter(path),
                      on_change=preview.touch)
    if THEME_DIR.is_dir():
        server.watch_path(THEME_DIR, recursive=True, accept=lambda path: not is_editor_litter(path))
    if preview.config_file is not None:
        config = preview.config_file.resolve()
        server.watch_path(config.parent, recursive=False, accept=lambda path: path.resolve() == config)


def stop_on_sigterm() -> None:
    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def serve(options: ServeOptions) -> int:
    """Run the preview until Ctrl+C. Exit code 2 if the port is taken."""
    if not port_free(options.host, options.port):
        print(f"congkhai: lỗi: cổng {options.port} trên {options.host} đang được dùng; "
              "chọn cổng khác, ví dụ --port 8001", file=sys.stderr)
        return 2
    logging.getLogger("mkdocs.livereload").setLevel(logging.ERROR)
    stop_on_sigterm()
    with tempfile.TemporaryDirectory(prefix="congkhai-serve-") as workdir:
        preview = Preview(options.preview, Path(workdir))
        server = PreviewServer(preview, options)
        say(f"Đang tạo trang ({preview.audience.value}) từ {options.content_dir.as_posix()}…")
        preview.rebuild()
        start_watching(server, preview)
        server.request_rebuild()  # picks up saves made during the first build
        say(f"Xem trước tại {server.url} — trang tự cập nhật khi lưu tệp. Nhấn Ctrl+C để dừng.")
        if server.editor is not None:
            say(f"Trình soạn thảo hồ sơ: {server.url}admin/")
        try:
            server.serve()
        except KeyboardInterrupt:
            say("Đã dừng.")
        finally:
            server.shutdown()
    return 0
