"""The editor on localhost: Decap's page and configuration, and its local-backend protocol.

Decap CMS's `proxy` backend posts JSON actions (`entriesByFolder`, `getEntry`, `persistEntry`,
`getMedia`, `persistMedia`, …) to one address; `decap-server` (Node.js) answers them in its
`fs` mode by reading and writing files. This module answers the same actions in Python, so a
clerk needs nothing but congkhai, and every save goes through `normalise_record`: the file on
disk is in `congkhai new`'s style whatever Decap wrote. Only files under content/ are read or
written; requests from other web sites are refused (they could otherwise write to the board
through the clerk's browser).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.editor.config import API_PATH, BUNDLE_NAME, config_yaml
from generator.editor.normalise import kind_of_path, normalise_record

ADMIN_PATH = "/admin/"
# Phrases Decap 3.16's Vietnamese table leaves in English (or writes with a full-width "＋" that
# office PCs' fonts may lack), for the screens and widgets our forms use.
MISSING_PHRASES: dict[str, Any] = {
    "collection": {"collectionTop": {"viewAsList": "Xem dạng danh sách", "viewAsGrid": "Xem dạng lưới",
                                     "viewAs": "Xem dạng", "groupBy": "Nhóm theo",
                                     "newButton": "Tạo mới %{collectionLabel}",
                                     "newButtonAriaLabel": "Tạo mới %{collectionLabel}"},
                   "groups": {"other": "Khác", "negateLabel": "Không phải %{label}"}},
    "editor": {
        "editorControl": {"field": {"widgetLabel": "Ô %{widgetLabel}"}},
        "editorInterface": {"togglePreview": "Bật/tắt xem trước", "toggleScrollSync": "Cuộn đồng bộ"},
        "editorWidgets": {
            "list": {"add": "Thêm %{item}", "addType": "Thêm %{item}"},
            "object": {"expand": "Mở rộng", "collapse": "Thu gọn"},
            "datetime": {"setToNow": "Đặt %{fieldLabel} là hôm nay"},
            "file": {"chooseUrl": "Chèn từ địa chỉ URL", "chooseMultiple": "Chọn các tệp",
                     "replaceUrl": "Thay bằng địa chỉ URL", "promptUrl": "Nhập địa chỉ URL của tệp",
                     "addMore": "Thêm tệp", "removeAll": "Bỏ tất cả tệp"},
        },
    },
    "mediaLibrary": {"mediaLibraryCard": {"copy": "Sao chép", "copyUrl": "Sao chép URL",
                                          "copyPath": "Sao chép đường dẫn", "copyName": "Sao chép tên",
                                          "copied": "Đã sao chép"},
                     "mediaLibraryModal": {"close": "Đóng"}},
    "ui": {"settingsDropdown": {"account": "Tài khoản"}},
}
INDEX_TEMPLATE = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Trình soạn thảo hồ sơ — bảng công khai</title>
</head>
<body>
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="decap-cms.js"></script>
<script>
(function () {
  function merge(base, extra) {
    var out = Object.assign({}, base);
    Object.keys(extra).forEach(function (key) {
      out[key] = typeof extra[key] === "object" ? merge(base[key] || {}, extra[key]) : extra[key];
    });
    return out;
  }
  CMS.registerLocale("vi", merge(CMS.getLocale("vi") || {}, @@phrases@@));
  CMS.init();
})();
</script>
</body>
</html>
"""


def index_html() -> str:
    phrases = json.dumps(MISSING_PHRASES, ensure_ascii=False, sort_keys=True)
    return INDEX_TEMPLATE.replace("@@phrases@@", phrases)
StartResponse = Callable[[str, list[tuple[str, str]]], Any]
ALLOWED_ROOT = "content"
_SAFE_PATH = re.compile(r"^[^\x00-\x1f\\]+$")


class RequestError(Exception):
    """A request the backend refuses; `status` is the HTTP status."""

    def __init__(self, message: str, status: str = "422 Unprocessable Entity") -> None:
        super().__init__(message)
        self.status = status


def bundle_bytes() -> bytes:
    return resources.files("generator.editor").joinpath("vendor", BUNDLE_NAME).read_bytes()


def admin_files() -> dict[str, bytes]:
    """The editor's page, configuration and bundle: what `congkhai admin` writes to admin/."""
    return {"index.html": index_html().encode(), "config.yml": config_yaml().encode(),
            BUNDLE_NAME: bundle_bytes()}


@dataclass(frozen=True, slots=True)
class Board:
    """The board repository the editor works on: the folder that holds content/."""

    root: Path

    def resolve(self, relative: str) -> Path:
        """A path under content/; anything else (.., absolute, outside content/) is refused."""
        relative = relative.strip().lstrip("/")
        parts = relative.split("/")
        if (not _SAFE_PATH.match(relative) or parts[0] != ALLOWED_ROOT
                or any(part in ("", ".", "..") for part in parts)):
            raise RequestError(f"đường dẫn không được phép: {relative!r}", "403 Forbidden")
        path = (self.root / relative).resolve()
        content = (self.root / ALLOWED_ROOT).resolve()
        if path != content and content not in path.parents:
            raise RequestError(f"đường dẫn ra ngoài content/: {relative!r}", "403 Forbidden")
        return path

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root.resolve()).as_posix()

    def entry(self, relative: str) -> dict[str, Any]:
        path = self.resolve(relative)
        if not path.is_file():
            return {"data": None, "file": {"path": relative, "id": None}}
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        return {"data": with_id(text, relative),
                "file": {"path": relative, "id": hashlib.sha256(raw).hexdigest()}}

    def listing(self, folder: str, extension: str, depth: int) -> list[str]:
        base = self.resolve(folder)
        if not base.is_dir():
            return []
        found = []
        for path in sorted(base.rglob("*")):
            inside = path.relative_to(base).parts
            if path.is_file() and len(inside) <= max(depth, 1) and path.name.endswith(extension):
                found.append(self.relative(path))
        return found

    def media(self, relative: str) -> dict[str, Any]:
        path = self.resolve(relative)
        raw = path.read_bytes()
        return {"id": hashlib.sha256(raw).hexdigest(), "content": base64.b64encode(raw).decode(),
                "encoding": "base64", "path": relative, "name": path.name}

    def write(self, relative: str, body: bytes) -> None:
        path = self.resolve(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.congkhai-tmp")
        temporary.write_bytes(body)
        os.replace(temporary, path)  # a reader never sees half a file


def with_id(text: str, relative: str) -> str:
    """A record as the form shows it: its id (the file name) as the first field."""
    kind = kind_of_path(relative)
    if kind is None or not kind.folder or re.search(r"^id:", text, re.MULTILINE):
        return text
    stem = relative.rsplit("/", 1)[-1].removesuffix(".yaml")
    return f"id: {json.dumps(stem)}\n{text}"


def persist_entry(board: Board, params: dict[str, Any]) -> dict[str, Any]:
    entry = params.get("entry") or {}
    data_files = params.get("dataFiles") or [entry]
    for data_file in data_files:
        relative, raw = str(data_file["path"]), str(data_file["raw"])
        target = board.resolve(relative)
        existing = target.read_text(encoding="utf-8") if target.is_file() else None
        board.write(relative, normalise_record(raw, relative, existing).encode())
        new_path = data_file.get("newPath")
        if new_path:
            os.replace(target, board.resolve(str(new_path)))
    for asset in params.get("assets") or []:
        board.write(str(asset["path"]), decode_asset(asset))
    return {"message": "entry persisted"}


def decode_asset(asset: dict[str, Any]) -> bytes:
    content = str(asset.get("content", ""))
    if asset.get("encoding") == "base64":
        return base64.b64decode(content)
    return content.encode()


def answer(board: Board, action: str, params: dict[str, Any]) -> Any:
    """One action of Decap's proxy protocol (the `fs` mode of decap-server)."""
    if action == "info":
        return {"repo": board.root.resolve().name, "publish_modes": ["simple"], "type": "local_fs"}
    if action == "entriesByFolder":
        files = board.listing(str(params["folder"]), str(params.get("extension", "")),
                              int(params.get("depth", 1)))
        return [board.entry(path) for path in files]
    if action == "entriesByFiles":
        return [board.entry(str(item["path"])) for item in params.get("files", [])]
    if action == "getEntry":
        return board.entry(str(params["path"]))
    if action == "persistEntry":
        return persist_entry(board, params)
    if action == "getMedia":
        folder = str(params["mediaFolder"])
        return [board.media(path) for path in board.listing(folder, "", 1)]
    if action == "getMediaFile":
        return board.media(str(params["path"]))
    if action == "persistMedia":
        asset = params["asset"]
        board.write(str(asset["path"]), decode_asset(asset))
        return board.media(str(asset["path"]))
    if action in ("deleteFile", "deleteFiles"):
        for relative in params.get("paths") or [params["path"]]:
            path = board.resolve(str(relative))
            if kind_of_path(board.relative(path)) is not None:
                raise RequestError("không xóa hồ sơ từ trình soạn thảo", "403 Forbidden")
            path.unlink(missing_ok=True)
        return {"message": "deleted"}
    if action == "getDeployPreview":
        return None
    raise RequestError(f"Unknown action {action}")


LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def same_origin(environ: dict[str, Any]) -> bool:
    """The request is addressed to this machine by a loopback name (a DNS-rebinding page names
    its own host), and a browser's Origin, sent on every POST, is this server's own address."""
    host = str(environ.get("HTTP_HOST", ""))
    if urlsplit(f"//{host}").hostname not in LOOPBACK_NAMES:
        return False
    origin = environ.get("HTTP_ORIGIN")
    return not origin or urlsplit(origin).netloc == host


def respond(start_response: StartResponse, status: str, body: bytes, content_type: str) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")])
    return [body]


def read_body(environ: dict[str, Any]) -> dict[str, Any]:
    if not str(environ.get("CONTENT_TYPE", "")).startswith("application/json"):
        raise RequestError("cần Content-Type: application/json", "415 Unsupported Media Type")
    length = int(environ.get("CONTENT_LENGTH") or 0)
    payload = json.loads(environ["wsgi.input"].read(length) or b"{}")
    if not isinstance(payload, dict):
        raise RequestError("yêu cầu không hợp lệ")
    return payload


class EditorApp:
    """WSGI: the editor's addresses; `handles(path)` says whether an address is one of them."""

    def __init__(self, board_root: Path) -> None:
        self.board = Board(board_root)
        self.files = {f"{ADMIN_PATH}{name}": body for name, body in admin_files().items()}
        self.files[ADMIN_PATH] = self.files[f"{ADMIN_PATH}index.html"]

    @staticmethod
    def handles(path: str) -> bool:
        return path == API_PATH or path.startswith(ADMIN_PATH) or path == ADMIN_PATH.rstrip("/")

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == ADMIN_PATH.rstrip("/"):
            start_response("301 Moved Permanently", [("Location", ADMIN_PATH), ("Content-Length", "0")])
            return [b""]
        if path == API_PATH:
            return self.api(environ, start_response)
        body = self.files.get(path)
        if body is None or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return respond(start_response, "404 Not Found", b"not found", "text/plain; charset=utf-8")
        types = {".js": "text/javascript", ".yml": "text/yaml", "/": "text/html", ".html": "text/html"}
        content_type = next(value for suffix, value in types.items() if path.endswith(suffix))
        return respond(start_response, "200 OK", body, f"{content_type}; charset=utf-8")

    def api(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        try:
            if environ.get("REQUEST_METHOD") != "POST":
                raise RequestError("chỉ nhận POST", "405 Method Not Allowed")
            if not same_origin(environ):
                raise RequestError("chỉ nhận yêu cầu từ trình soạn thảo trên chính máy này", "403 Forbidden")
            payload = read_body(environ)
            result = answer(self.board, str(payload.get("action")), payload.get("params") or {})
            status = "200 OK"
        except RequestError as error:
            result, status = {"error": str(error)}, error.status
        except (KeyError, ValueError, OSError) as error:
            result, status = {"error": f"{type(error).__name__}: {error}"}, "500 Internal Server Error"
        body = json.dumps(result, ensure_ascii=False).encode()
        return respond(start_response, status, body, "application/json; charset=utf-8")
