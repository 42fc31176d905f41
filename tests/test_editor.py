"""The form editor without a browser: its configuration follows the models, what it saves is
written the way `congkhai new` writes records, and its local backend stays inside content/.

The browser side (Decap CMS driven by headless Chromium) is tests/test_browser_editor.py.
"""

from __future__ import annotations

import io
import json
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.boards import REPO
from support.scaffold import fill_in_samples

from generator.check import check_content
from generator.cli import main
from generator.editor.admin import write_admin
from generator.editor.backend import EditorApp
from generator.editor.config import BUNDLE_NAME, config_yaml, editor_config
from generator.editor.normalise import normalise_record
from generator.models import KINDS
from generator.models.common import Audience
from generator.scaffold.init import init_board
from generator.site.build import build

TODAY = date(2026, 11, 23)


def collection(name: str) -> dict[str, Any]:
    return next(item for item in editor_config()["collections"] if item["name"] == name)


def field(fields: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(item for item in fields if item["name"] == name)


def test_committed_admin_config_matches_the_models() -> None:
    committed = (REPO / "admin" / "config.yml").read_text(encoding="utf-8")
    assert committed == config_yaml(), "admin/config.yml is out of date: run 'congkhai schema schemas'"


def test_one_folder_collection_per_kind_in_vietnamese() -> None:
    config = editor_config()
    assert config["locale"] == "vi"
    folders = {item.get("folder") for item in config["collections"]}
    assert folders == {f"content/{spec.folder}" for spec in KINDS.values() if spec.folder} | {None}
    procedures = collection("procedures")
    assert procedures["label"] == "Thủ tục hành chính"
    assert (procedures["format"], procedures["extension"], procedures["identifier_field"]) == (
        "yaml", "yaml", "id")
    assert [item["name"] for item in procedures["fields"]][:3] == ["id", "title", "code"]


def test_procedure_fields_carry_titles_widgets_patterns_and_relations() -> None:
    fields = collection("procedures")["fields"]
    code = field(fields, "code")
    assert code["label"] == "Mã thủ tục" and "1.001930" in code["hint"]
    assert code["pattern"][0] == r"^\d\.\d{6}$" and "6 chữ số" in code["pattern"][1]
    assert "required" not in code  # Decap's default: required
    unit = field(fields, "unit")
    assert (unit["widget"], unit["collection"], unit["value_field"], unit["display_fields"]) == (
        "relation", "units", "id", ["title"])
    methods = field(fields, "methods")
    assert methods["widget"] == "list"
    assert field(collection("plans")["fields"], "tasks")["min"] == 1  # min_length=1 in the model
    fees = field(methods["fields"], "fees")
    assert fees["widget"] == "relation" and fees["multiple"] is True and fees["required"] is False
    kind = field(methods["fields"], "kind")
    assert {"label": "Qua dịch vụ bưu chính", "value": "buu_chinh"} in kind["options"]
    days = field(field(methods["fields"], "processing_time")["fields"], "amount")
    assert (days["widget"], days["value_type"], days["min"]) == ("number", "int", 0)
    budget = field(collection("budgets")["fields"], "fiscal_year")
    assert (budget["min"], budget["max"]) == (2000, 2100)
    posted = field(fields, "posted_on")
    assert posted["widget"] == "datetime" and posted["format"] == "YYYY-MM-DD"
    assert posted["default"] == "" and posted["required"] is False  # never today by default
    dossier = field(fields, "dossier")
    assert field(dossier["fields"], "form")["collection"] == "forms"
    sessions = collection("reception_sessions")["fields"]
    assert field(sessions, "schedule")["collection"] == "reception_schedules"


def test_audience_is_a_visible_choice_with_each_kinds_default() -> None:
    for kind, spec in KINDS.items():
        config = collection(spec.folder or "board")
        fields = config["files"][0]["fields"] if "files" in config else config["fields"]
        audience = field(fields, "audience")
        assert audience["widget"] == "select", kind
        assert {option["label"] for option in audience["options"]} == {"Công khai", "Nội bộ"}
        assert audience["default"] == str(spec.model.model_fields["audience"].default.value)
    assert field(collection("personnel")["fields"], "audience")["default"] == Audience.INTERNAL.value


def procedure_raw(**overrides: Any) -> str:
    """A procedure as Decap saves it: form order, blanks as '' and [], an id field, no comments."""
    data: dict[str, Any] = {
        "id": "cap-giay-phep-moi", "title": "Cấp giấy phép mới", "code": "1.001930",
        "announcing_decision": {"number": "1377/QĐ-UBND", "date": "2025-07-09", "title": ""},
        "field": "Lao động", "unit": "mot-cua",
        "steps": [{"title": "Nộp hồ sơ", "description": "Dòng một\nDòng hai: có dấu hai chấm"}],
        "methods": [{"kind": "truc_tiep", "processing_time": {"amount": 5, "unit": "ngay_lam_viec"},
                     "fees": [], "fee_note": "Không thu phí"}],
        "dossier": [{"name": "Đơn đề nghị", "originals": 1, "copies": 0}],
        "applicants": ["Công dân Việt Nam"],
        "agencies": {"deciding": "UBND tỉnh", "performing": "Văn phòng UBND tỉnh"},
        "result": "Giấy phép", "description": "", "posted_on": "", "legal_basis": [], "tags": [],
        "audience": "public", "one_stop": "mot_cua", "level": "tinh",
    }
    data.update(overrides)
    # Decap keeps the form's order and writes NFD if the keyboard produced it.
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_saved_record_is_written_like_congkhai_new() -> None:
    typed = unicodedata.normalize("NFD", "Cấp giấy phép mới")  # as some keyboards send it
    text = normalise_record(procedure_raw(title=typed), "content/procedures/cap-giay-phep-moi.yaml")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../schemas/procedure.schema.json"
    assert lines[1:3] == ["title: Cấp giấy phép mới", 'code: "1.001930"']
    assert "  date: 2025-07-09" in lines  # ISO date, not a quoted string
    assert "id:" not in text  # the file name is the id
    assert "description: ''" not in text and "tags" not in text and "posted_on" not in text
    assert "    description: |-" in lines and "      Dòng hai: có dấu hai chấm" in lines
    data = yaml.safe_load(text)
    assert data["announcing_decision"] == {"number": "1377/QĐ-UBND", "date": date(2025, 7, 9)}
    assert data["steps"][0]["description"] == "Dòng một\nDòng hai: có dấu hai chấm"


def test_saving_keeps_the_schema_line_and_keys_the_form_does_not_show() -> None:
    existing = ("# yaml-language-server: $schema=../schemas/board.schema.json\n"
                "title: Văn phòng\nobligation_overrides:\n  TCD-RESULT:\n    deadline_working_days: 3\n")
    raw = "title: Văn phòng mới\nname: Văn phòng UBND\nlevel: tinh\n"
    text = normalise_record(raw, "content/board.yaml", existing)
    assert text.startswith(
        "# yaml-language-server: $schema=../schemas/board.schema.json\ntitle: Văn phòng mới\n")
    assert yaml.safe_load(text)["obligation_overrides"] == {"TCD-RESULT": {"deadline_working_days": 3}}


@pytest.mark.parametrize("path", sorted((REPO / "content").glob("**/*.yaml")), ids=lambda path: path.name)
def test_every_demo_record_survives_a_save_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    relative = path.relative_to(REPO).as_posix()
    saved = normalise_record(yaml.safe_dump(data, allow_unicode=True, sort_keys=True), relative, text)
    assert yaml.load(saved, Loader=yaml.CSafeLoader) == data
    assert saved.splitlines()[0] == text.splitlines()[0]


class Client:
    """Posts Decap proxy-protocol actions straight to the WSGI app."""

    def __init__(self, root: Path) -> None:
        self.app = EditorApp(root)

    def call(self, action: str, params: dict[str, Any], *, origin: str | None = None,
             content_type: str = "application/json", host: str = "127.0.0.1:8000") -> tuple[str, Any]:
        body = json.dumps({"action": action, "params": params}).encode()
        environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/api/v1", "CONTENT_TYPE": content_type,
                   "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body),
                   "HTTP_HOST": host}
        if origin:
            environ["HTTP_ORIGIN"] = origin
        status: list[str] = []
        chunks = self.app(environ, lambda code, headers: status.append(code))
        return status[0], json.loads(b"".join(chunks))


@pytest.fixture
def board(sample_board: Path) -> Path:
    """The folder that holds a valid sample board's content/ (what the editor works on)."""
    return sample_board.parent


def test_backend_saves_a_procedure_that_check_accepts(board: Path) -> None:
    client = Client(board)
    path = "content/procedures/cap-giay-phep-moi.yaml"
    status, _ = client.call("persistEntry", {"entry": {"path": path, "raw": procedure_raw(), "slug": "x"},
                                             "assets": []})
    assert status == "200 OK"
    result = check_content(board / "content")
    assert [str(item) for item in result.diagnostics if item.is_error] == []
    status, entry = client.call("getEntry", {"path": path})
    assert entry["data"].startswith('id: "cap-giay-phep-moi"\n# yaml-language-server:')


def test_backend_lists_records_with_their_id(board: Path) -> None:
    status, entries = Client(board).call("entriesByFolder", {"folder": "content/units", "extension": "yaml",
                                                             "depth": 1})
    assert status == "200 OK"
    assert [yaml.safe_load(entry["data"])["id"] for entry in entries] == ["mot-cua"]


@pytest.mark.parametrize("path", ["../secret.yaml", "content/../mkdocs.yml", "/etc/passwd",
                                  "mkdocs.yml", "content/units/../../x.yaml"])
def test_backend_refuses_paths_outside_content(board: Path, path: str) -> None:
    status, answer = Client(board).call("persistEntry", {"entry": {"path": path, "raw": "title: x\n"},
                                                         "assets": []})
    assert status == "403 Forbidden" and "error" in answer
    assert not (board.parent / "secret.yaml").exists()


def test_backend_refuses_requests_from_other_sites(board: Path) -> None:
    params = {"entry": {"path": "content/units/x.yaml", "raw": "title: Bộ phận X\n"}, "assets": []}
    client = Client(board)
    assert client.call("persistEntry", params, origin="https://evil.example")[0] == "403 Forbidden"
    assert client.call("persistEntry", params, content_type="text/plain")[0] == "415 Unsupported Media Type"
    rebound = "evil.example:8000"  # a page whose name was pointed at 127.0.0.1 (DNS rebinding)
    assert client.call("persistEntry", params, origin=f"http://{rebound}", host=rebound)[0] == "403 Forbidden"
    assert not (board / "content/units/x.yaml").exists()
    assert client.call("persistEntry", params, origin="http://127.0.0.1:8000")[0] == "200 OK"


def test_backend_does_not_delete_records(board: Path) -> None:
    status, _ = Client(board).call("deleteFile", {"path": "content/units/mot-cua.yaml"})
    assert status == "403 Forbidden" and (board / "content/units/mot-cua.yaml").is_file()


@pytest.fixture(scope="module")
def init_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("editor-init") / "bang"
    init_board(root, "Ủy ban nhân dân xã Tân Lập", TODAY)
    fill_in_samples(root)  # as the office does before its first build
    build(root / "content", root / "site", TODAY)
    return root


def test_init_writes_the_editor_with_its_bundle(init_site: Path) -> None:
    admin = init_site / "admin"
    assert (admin / "config.yml").read_text(encoding="utf-8") == config_yaml()
    assert (admin / BUNDLE_NAME).stat().st_size > 1_000_000  # the real bundle, not a CDN link
    assert '<script src="decap-cms.js">' in (admin / "index.html").read_text(encoding="utf-8")


def test_no_site_carries_the_editor(init_site: Path) -> None:
    for audience in ("public", "internal"):
        site = init_site / "site" / audience
        assert site.is_dir()
        names = [path.relative_to(site).as_posix() for path in site.rglob("*")]
        assert not [name for name in names if name.startswith("admin") or "decap" in name.lower()]
        for path in site.rglob("*.html"):
            assert "decap-cms" not in path.read_text(encoding="utf-8"), path


def test_schema_command_keeps_the_editor_config_in_step(tmp_path: Path) -> None:
    (tmp_path / "admin").mkdir()
    (tmp_path / "admin" / "config.yml").write_text("# stale\n", encoding="utf-8")
    assert main(["schema", str(tmp_path / "schemas")]) == 0
    assert (tmp_path / "admin" / "config.yml").read_text(encoding="utf-8") == config_yaml()


def test_admin_command_writes_the_files(tmp_path: Path) -> None:
    written = write_admin(tmp_path / "admin", bundle=False)
    assert sorted(path.name for path in written) == ["config.yml", "index.html"]


def test_serve_refuses_the_editor_on_a_network_address(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", str(tmp_path / "content"), "--editor", "--host", "0.0.0.0"]) == 2
    assert "--editor chỉ chạy trên chính máy này" in capsys.readouterr().err
