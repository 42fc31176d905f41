"""The form editor in a real browser: Decap CMS (vendored) in headless Chromium, on a board
`congkhai init` wrote, with congkhai's local backend. What a clerk does: add a procedure
through the form, change a fee, be stopped by a wrong code or an empty required field.

Marked `browser`; without Chromium the tests skip on a developer machine and fail in CI.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from support.scaffold import fill_in_samples

from generator.check import check_content
from generator.editor.backend import EditorApp
from generator.scaffold.init import init_board
from generator.site.build import build

pytestmark = pytest.mark.browser

TODAY = date(2026, 11, 23)
OFFICE = "Ủy ban nhân dân xã Tân Lập"
UNIT_TITLE = "Bộ phận Tiếp nhận và Trả kết quả (Bộ phận Một cửa)"
NEW_ID = "cap-giay-phep-kinh-doanh-lu-hanh"
NEW_TITLE = "Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa"
NEW_CODE = "1.004503"
OPTIONAL = r"( \(không bắt buộc\))?"


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("editor") / "bang-cong-khai"
    init_board(root, OFFICE, TODAY)
    fill_in_samples(root)  # real values over init's placeholders, as the office does first
    return root


@pytest.fixture(scope="module")
def editor_url(board: Path) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, EditorApp(board), server_class=ThreadingServer,
                         handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@dataclass
class Traffic:
    """Requests that left the machine (aborted) and local requests that failed."""

    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@pytest.fixture
def editor(browser: Any, editor_url: str) -> Iterator[tuple[Any, Traffic]]:
    """A signed-in editor page; any request to another host is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    traffic = Traffic()

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(editor_url) or url.startswith(("data:", "blob:")):
            request_route.continue_()
        else:
            traffic.outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("response", lambda response: traffic.failed.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    page.goto(f"{editor_url}/admin/")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Thủ tục hành chính").wait_for()
    yield page, traffic
    context.close()


def field_input(page: Any, label: str, nth: int = 0) -> Any:
    """The control of the form field labelled `label` (optional fields add a suffix)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}{OPTIONAL}$")).nth(nth)


def retype(page: Any, control: Any, text: str) -> None:
    """Replace a filled field's text as a person does (Decap's inputs ignore a programmatic clear)."""
    control.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    if text:
        page.keyboard.type(text)


def choose(page: Any, label: str, option: str) -> None:
    field_input(page, label).click()
    page.get_by_text(option, exact=True).click()


def fill_procedure(page: Any, record_id: str, code: str) -> None:
    """A procedure as a clerk fills it in: the required fields and the usual ones."""
    field_input(page, "Mã hồ sơ").fill(record_id)
    field_input(page, "Tiêu đề").fill(NEW_TITLE)
    field_input(page, "Mã thủ tục").fill(code)
    field_input(page, "Lĩnh vực").fill("Du lịch")
    choose(page, "Bộ phận giải quyết", UNIT_TITLE)  # from the relation list
    page.get_by_role("button", name="Thêm trình tự thực hiện").click()
    field_input(page, "Tên bước").fill("Nộp hồ sơ tại Bộ phận Một cửa")
    page.get_by_role("button", name="Thêm cách thức thực hiện").click()
    choose(page, "Hình thức nộp", "Trực tiếp")
    field_input(page, "Ghi chú phí").fill("Không thu phí")
    page.get_by_role("button", name="Thêm thành phần hồ sơ").click()
    field_input(page, "Tên giấy tờ").fill("Đơn đề nghị cấp giấy phép kinh doanh dịch vụ lữ hành")
    page.get_by_role("button", name="Thêm đối tượng thực hiện").click()
    field_input(page, "Đối tượng thực hiện").last.fill("Doanh nghiệp")
    field_input(page, "Kết quả thực hiện").fill("Giấy phép kinh doanh dịch vụ lữ hành nội địa")


def publish(page: Any) -> None:
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_text("Công bố ngay", exact=True).click()


def saved_text(page: Any, path: Path, expected: str) -> str:
    """The file once the save has reached the disk (the backend writes it atomically)."""
    for _ in range(100):
        if path.is_file() and expected in (text := path.read_text(encoding="utf-8")):
            return text
        page.wait_for_timeout(100)
    raise AssertionError(f"{path} was not saved with {expected!r}")


def errors_shown(page: Any) -> list[str]:
    return [text.lower() for text in page.locator("ul[class*=ControlErrorsList] li").all_inner_texts()]


def built_page(board: Path, relative: str) -> str:
    result = check_content(board / "content")
    assert [str(item) for item in result.diagnostics if item.is_error] == []
    site = board / "site"
    build(board / "content", site, TODAY)
    return (site / "public" / relative).read_text(encoding="utf-8")


def test_clerk_adds_a_procedure_through_the_form(editor: tuple[Any, Traffic], editor_url: str,
                                                 board: Path) -> None:
    page, traffic = editor
    page.goto(f"{editor_url}/admin/#/collections/procedures/new")
    fill_procedure(page, NEW_ID, NEW_CODE)
    publish(page)
    page.wait_for_url(re.compile(f"/entries/{NEW_ID}$"))  # Decap opens the saved record
    text = saved_text(page, board / "content" / "procedures" / f"{NEW_ID}.yaml", NEW_CODE)
    assert text.startswith("# yaml-language-server: $schema=../../schemas/procedure.schema.json\n")
    assert f'code: "{NEW_CODE}"' in text and "unit: bo-phan-mot-cua" in text

    html = built_page(board, f"thu-tuc/{NEW_ID}/index.html")
    assert NEW_TITLE in html and NEW_CODE in html
    assert traffic.outside == [] and traffic.failed == []


def test_clerk_changes_a_fee_and_the_procedure_page_shows_it(editor: tuple[Any, Traffic],
                                                             editor_url: str, board: Path) -> None:
    page, traffic = editor
    page.goto(f"{editor_url}/admin/#/collections/fees/entries/phi-chung-thuc-ban-sao")
    amount = page.get_by_label("Mức thu (đồng)", exact=True).first
    amount.wait_for()
    assert amount.input_value() == "2000"
    retype(page, amount, "3500")
    publish(page)
    fee = saved_text(page, board / "content" / "fees" / "phi-chung-thuc-ban-sao.yaml", "amount: 3500")
    assert fee.startswith("# yaml-language-server: $schema=../../schemas/fee.schema.json\ntitle: ")
    assert "kind: phi" in fee and "amount: 1000" in fee

    html = built_page(board, "thu-tuc/chung-thuc-ban-sao/index.html")
    assert "3.500 đồng" in html and "2.000 đồng" not in html
    assert traffic.outside == [] and traffic.failed == []


def test_form_refuses_a_bad_code_and_a_missing_required_field(editor: tuple[Any, Traffic],
                                                              editor_url: str, board: Path) -> None:
    page, _ = editor
    record = board / "content" / "procedures" / "thu-tuc-sai-ma.yaml"
    page.goto(f"{editor_url}/admin/#/collections/procedures/new")
    fill_procedure(page, record.stem, "1.00193")  # the national code with its last 0 lost
    publish(page)
    page.get_by_text("6 chữ số").first.wait_for()
    assert any("mã thủ tục gồm 1 chữ số, dấu chấm và 6 chữ số" in error for error in errors_shown(page))
    assert not record.exists()

    retype(page, field_input(page, "Mã thủ tục"), "1.001930")
    retype(page, field_input(page, "Tiêu đề"), "")
    publish(page)
    page.get_by_text(re.compile("Tiêu đề bắt buộc", re.IGNORECASE)).first.wait_for()
    assert not record.exists()


def test_clerk_uploads_a_form_file(editor: tuple[Any, Traffic], editor_url: str, board: Path,
                                   tmp_path: Path) -> None:
    page, traffic = editor
    upload = tmp_path / "mau-02-to-khai.docx"
    upload.write_bytes(b"PK\x03\x04 (tep mau)")
    page.goto(f"{editor_url}/admin/#/collections/forms/new")
    field_input(page, "Mã hồ sơ").fill("mau-02-to-khai")
    field_input(page, "Tiêu đề").fill("Mẫu số 02: Tờ khai đề nghị cấp giấy phép")
    page.get_by_role("button", name="Chọn một tập tin").first.click()
    page.get_by_text("don-de-nghi.docx").first.wait_for()  # the library lists content/forms/files/
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_text("mau-02-to-khai.docx").first.wait_for()
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    publish(page)
    record = saved_text(page, board / "content" / "forms" / "mau-02-to-khai.yaml", "file:")
    assert "file: forms/files/mau-02-to-khai.docx" in record
    assert (board / "content" / "forms" / "files" / upload.name).read_bytes() == upload.read_bytes()
    assert traffic.outside == [] and traffic.failed == []
