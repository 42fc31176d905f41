"""`congkhai new` and `congkhai init`: templates staff fill in, and a new board repository."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import typing
import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic.fields import FieldInfo
from support.boards import REPO
from support.cli import run_cli
from support.scaffold import fill_in_samples

from generator.models import KINDS
from generator.models.common import ContentFile, RefTo
from generator.present.slug import record_id as slug
from generator.scaffold.init import FORM_FILE, guess_office, init_board, minimal_docx
from generator.scaffold.new import Placeholder, record_template, shape_of
from generator.scaffold.source import source_from_direct_url, source_from_spec

TODAY = date(2026, 11, 22)
NAME = "Ủy ban nhân dân xã Tân Lập"
# Records of the board `congkhai init` writes, that a filled-in template may point at.
INIT_IDS = {"unit": "bo-phan-mot-cua", "fee": "phi-chung-thuc-ban-sao", "form": "don-de-nghi",
            "reception_schedule": "lich-tiep-dinh-ky"}
PATTERN_SAMPLES = {r"^\d\.\d{6}$": '"1.000001"', r"^\d{2}:\d{2}$": '"08:00"',
                   r"^(-1|[1-5])?(MO|TU|WE|TH|FR|SA|SU)$": "2WE"}


@pytest.fixture(scope="module")
def init_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("init") / "bang-cong-khai"
    init_board(target, NAME, TODAY)
    return target


@pytest.fixture
def board_repo(init_template: Path, tmp_path: Path) -> Path:
    """A copy of the repository `congkhai init` writes, its examples filled in."""
    target = tmp_path / "bang-cong-khai"
    shutil.copytree(init_template, target)
    fill_in_samples(target)
    return target


def markers(info: FieldInfo) -> list[Any]:
    found = list(info.metadata)
    annotation = info.annotation
    while typing.get_args(annotation):
        found.extend(arg for arg in typing.get_args(annotation) if not isinstance(arg, type | type(None)))
        annotation = next((arg for arg in typing.get_args(annotation) if arg is not type(None)), None)
    return found


def scalar_type(annotation: Any) -> Any:
    """`int` for Optional[Annotated[int, …]], the item type for a list."""
    while typing.get_args(annotation):
        annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return annotation


def sample(mark: Placeholder) -> str:
    """A valid value for a placeholder, as a staff member would type it."""
    meta = markers(mark.info)
    for item in meta:
        if isinstance(item, RefTo):
            return INIT_IDS[item.kind]
        if isinstance(item, ContentFile):
            return FORM_FILE
        pattern = getattr(item, "pattern", None)
        if pattern in PATTERN_SAMPLES:
            return PATTERN_SAMPLES[pattern]
    shape = shape_of(mark.info.annotation)
    if shape.enum is not None:
        return str(next(iter(shape.enum)).value)
    base = scalar_type(mark.info.annotation)
    if base is date:
        return "2026-01-05"
    if base is int:
        lower = next((item.ge for item in meta if hasattr(item, "ge")), 1)
        return str(max(lower, 1))
    return "Nội dung mẫu"


def fill(text: str, placeholders: tuple[Placeholder, ...]) -> str:
    lines = text.splitlines()
    for mark in placeholders:
        lines[mark.line - 1] += " " + sample(mark)
    return "\n".join(lines) + "\n"


def error_lines(run: Any, path: str) -> dict[int, str]:
    return {item.line: item.code for item in run.reported if item.path == path}


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != "board"])
def test_new_record_rejected_until_filled(board_repo: Path, kind: str) -> None:
    created = run_cli("new", kind, "Hồ sơ Mới", cwd=board_repo)
    assert created.returncode == 0, created.stderr
    path = board_repo / "content" / KINDS[kind].folder / "ho-so-moi.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n")
    assert (path.parent / "../../schemas" / f"{kind}.schema.json").resolve().is_file()

    scaffold = record_template(kind, "ho-so-moi", f"../../schemas/{kind}.schema.json")
    assert scaffold.text == text
    required = {mark.line for mark in scaffold.placeholders if mark.required}
    assert required, "every kind has a required field"
    for line in required:  # `congkhai new` lists where to write
        assert f"content/{KINDS[kind].folder}/ho-so-moi.yaml:{line}:" in created.stdout

    shown = f"content/{KINDS[kind].folder}/ho-so-moi.yaml"
    rejected = run_cli("check", "content", cwd=board_repo)
    assert rejected.returncode == 1
    errors = error_lines(rejected, shown)
    assert set(errors) == required  # one error at each required line, nothing elsewhere
    assert set(errors.values()) == {"E-EMPTY-VALUE"}
    assert all("chưa điền" in item.message for item in rejected.reported if item.path == shown)

    path.write_text(fill(text, scaffold.placeholders), encoding="utf-8")
    accepted = run_cli("check", "content", cwd=board_repo)
    assert accepted.returncode == 0, accepted.stdout


def test_new_board_record(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    created = run_cli("new", "board", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    path = tmp_path / "content" / "board.yaml"
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/board.schema.json\n")
    assert (tmp_path / "schemas" / "board.schema.json").is_file()  # written when missing
    assert run_cli("check", "content", cwd=tmp_path).returncode == 1
    scaffold = record_template("board", "board", "../schemas/board.schema.json")
    path.write_text(fill(path.read_text(encoding="utf-8"), scaffold.placeholders), encoding="utf-8")
    assert run_cli("check", "content", cwd=tmp_path).returncode == 0


def test_template_comments_come_from_the_models() -> None:
    text = record_template("procedure", "x", "s.json").text
    info = KINDS["procedure"].model.model_fields["code"]
    assert f"# {info.title} — BẮT BUỘC." in text
    assert "Cơ sở dữ liệu quốc gia về thủ tục hành chính" in text  # the field's description
    assert "\n# audience: public\n" in text  # optional with its default, commented out
    # Optional for check, but the audit wants it: commented out, and the comment says so.
    assert "# Cấp thực hiện — không bắt buộc khi kiểm tra, nhưng cần để công khai đủ thủ tục" in text
    assert "\n# level:\n" in text
    # Uncommenting an optional group gives valid YAML with the structure of the model.
    block = re.search(r"^# source:\n((?:#   .*\n)+)", text, re.MULTILINE)
    assert block is not None
    uncommented = "source:\n" + "".join(line[2:] + "\n" for line in block[1].splitlines())
    assert set(yaml.safe_load(uncommented)["source"]) >= {"number", "date", "signer", "file"}


def test_every_template_is_yaml_with_every_model_key() -> None:
    for kind, spec in KINDS.items():
        text = record_template(kind, "x", "s.json").text
        data = yaml.safe_load(text)
        required = {info.alias or name for name, info in spec.model.model_fields.items()
                    if info.is_required() and name != "id"}
        assert required <= set(data), kind


def test_new_refuses_to_overwrite_and_bad_kinds(board_repo: Path) -> None:
    again = run_cli("new", "unit", "bo-phan-mot-cua", cwd=board_repo)
    assert again.returncode == 2
    assert "đã có" in again.stderr
    unknown = run_cli("new", "thu-tuc", cwd=board_repo)
    assert unknown.returncode == 2
    assert "procedure" in unknown.stderr  # lists the kinds
    by_folder = run_cli("new", "procedures", "Cấp giấy phép xây dựng", cwd=board_repo)
    assert by_folder.returncode == 0
    assert (board_repo / "content/procedures/cap-giay-phep-xay-dung.yaml").is_file()


def test_slug() -> None:
    assert slug("Đăng ký khai sinh (lần 2)") == "dang-ky-khai-sinh-lan-2"
    assert slug("1.001930") == "1.001930"
    assert slug("../../etc/passwd") == "etc-passwd"


@pytest.mark.parametrize(("name", "level", "place"), [
    ("Ủy ban nhân dân xã Tân Lập", "xa", "Tân Lập"),
    ("Văn phòng UBND tỉnh Lạng Sơn", "tinh", "Lạng Sơn"),
    ("UBND phường Chi Lăng", "xa", "Chi Lăng"),
    ("Sở Tư pháp", "co_quan", "Sở Tư pháp"),
])
def test_guess_office(name: str, level: str, place: str) -> None:
    office = guess_office(name)
    assert (office.level, office.place) == (level, place)


def test_init_writes_a_complete_repository(init_template: Path) -> None:
    expected = [".github/workflows/publish.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml",
                ".vscode/settings.json", ".gitignore", "README.md", "mkdocs.yml", f"content/{FORM_FILE}"]
    for relative in expected:
        assert (init_template / relative).is_file(), relative
    examples = {path.parent.name for path in (init_template / "content").glob("*/*.yaml")}
    assert examples == {spec.folder for spec in KINDS.values() if spec.folder}
    assert not list(init_template.rglob("*@@*"))
    for path in init_template.rglob("*"):
        # The vendored editor bundle (admin/decap-cms.js) is not a template: '@@' is in its code.
        if path.is_file() and path.suffix not in (".docx", ".js"):
            assert "@@" not in path.read_text(encoding="utf-8"), path
    assert NAME in (init_template / "content/board.yaml").read_text(encoding="utf-8")
    assert NAME in (init_template / "README.md").read_text(encoding="utf-8")
    for kind in KINDS:
        assert (init_template / "schemas" / f"{kind}.schema.json").is_file()
    assert (init_template / "admin" / "config.yml").is_file()  # the form editor


def test_init_ci_workflows(init_template: Path) -> None:
    github = yaml.safe_load((init_template / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["build"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert "congkhai check" in commands and "congkhai build" in commands
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site/public"  # never the internal site
    uses = [step.get("uses", "") for step in steps]
    cache = next(index for index, action in enumerate(uses) if action.startswith("actions/cache@"))
    assert steps[cache]["with"]["path"] == ".cache/congkhai"  # the build cache, restored then saved
    assert cache < commands.index("congkhai build")
    deploy = github["jobs"]["deploy"]
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}

    gitlab = yaml.safe_load((init_template / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["check"]["script"] == ["congkhai check"]
    assert gitlab["build"]["script"] == ["congkhai build"]
    assert ".cache/congkhai" in gitlab["cache"]["paths"]
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert "cp -r site/public public" in gitlab["pages"]["script"]


def test_init_vscode_maps_schemas_to_folders(init_template: Path) -> None:
    settings = json.loads((init_template / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping["./schemas/procedure.schema.json"] == ["content/procedures/*.yaml"]
    assert mapping["./schemas/board.schema.json"] == ["content/board.yaml"]
    for schema, globs in mapping.items():
        assert (init_template / schema).is_file()
        assert list(init_template.glob(globs[0])), globs  # every folder has an example


def test_init_refuses_a_folder_in_use(board_repo: Path) -> None:
    again = run_cli("init", str(board_repo), cwd=board_repo.parent)
    assert again.returncode == 2
    assert "không rỗng" in again.stderr


def test_init_board_passes_check_and_the_examples_validate_against_the_schemas(board_repo: Path) -> None:
    run = run_cli("check", "content", cwd=board_repo)
    assert run.returncode == 0, run.stdout
    assert not re.search(r" E-[A-Z]", run.stdout)  # no error code (NS-ESTIMATE-2026 is an obligation)


@pytest.mark.parametrize(("name", "today"), [
    ("Ủy ban nhân dân tỉnh Cao Bằng", "2026-01-03"),
    ("UBND phường Chi Lăng", "2026-02-17"),
    ("Sở Tư pháp", "2027-09-03"),
])
def test_init_examples_meet_every_obligation(tmp_path: Path, name: str, today: str) -> None:
    """The examples are what a record should look like: posted on time, nothing missing."""
    init_board(tmp_path / "repo", name, date.fromisoformat(today))
    fill_in_samples(tmp_path / "repo")
    run = run_cli("check", "content", "--today", today, "--strict", cwd=tmp_path / "repo")
    assert run.returncode == 0, run.stdout
    assert "0 thiếu, 0 muộn" in run.stdout


def test_a_board_fresh_from_init_does_not_pass_check_and_its_samples_meet_nothing(
        init_template: Path) -> None:
    run = run_cli("check", "content", "--today", TODAY.isoformat(), cwd=init_template)
    assert run.returncode == 1
    samples = [line for line in run.stdout.splitlines() if " E-SAMPLE " in line]
    assert len(samples) == len(list((init_template / "content").rglob("*.yaml")))
    assert "content/board.yaml:3:1: E-SAMPLE" in run.stdout
    placeholders = {line.split(": E-PLACEHOLDER")[0] for line in run.stdout.splitlines()
                    if "E-PLACEHOLDER" in line}
    assert "content/board.yaml:11:10" in placeholders  # phone: "0000 000 000"
    assert any(line.startswith("content/procedures/chung-thuc-ban-sao.yaml:8:") for line in placeholders)
    assert "vanthu@example.gov.vn" in run.stdout
    audit = run_cli("audit", "content", "--today", TODAY.isoformat(), "--json", cwd=init_template)
    findings = json.loads(audit.stdout)["findings"]
    assert not [finding for finding in findings if finding["status"] == "met"
                and finding["records"]], "a sample record counted as disclosed"


def test_init_empty_writes_board_yaml_only(tmp_path: Path) -> None:
    created = run_cli("init", "repo", "--empty", "--name", NAME, cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    content = sorted(path.relative_to(tmp_path / "repo/content").as_posix()
                     for path in (tmp_path / "repo/content").rglob("*") if path.is_file())
    assert content == ["board.yaml"]
    assert (tmp_path / "repo/.pre-commit-config.yaml").is_file()


def test_init_form_file_is_a_word_document(init_template: Path) -> None:
    data = (init_template / "content" / FORM_FILE).read_bytes()
    assert minimal_docx(["x"]) == minimal_docx(["x"])  # reproducible
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert "word/document.xml" in archive.namelist()
        assert NAME in archive.read("word/document.xml").decode("utf-8")


def test_cli_init_then_build(tmp_path: Path) -> None:
    created = run_cli("init", "bang", "--name", "Sở Tư pháp tỉnh Cao Bằng", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    repo = tmp_path / "bang"
    refused = run_cli("build", "--today", TODAY.isoformat(), cwd=repo, timeout=300)
    assert refused.returncode == 1 and "E-SAMPLE" in refused.stdout  # samples are never published
    fill_in_samples(repo)
    built = run_cli("build", "--today", TODAY.isoformat(), cwd=repo, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    home = (repo / "site/public/index.html").read_text(encoding="utf-8")
    assert "Sở Tư pháp tỉnh Cao Bằng" in home
    assert (repo / "site/public/thu-tuc/chung-thuc-ban-sao/index.html").is_file()
    assert not (repo / "site/public/nhan-su").exists()  # personnel decisions are internal
    assert (repo / "site/internal/nhan-su").is_dir()


# --- pre-commit -----------------------------------------------------------------------------

def test_init_source_goes_into_readme_workflows_and_hook(tmp_path: Path) -> None:
    """The install line of every generated file is the same source, and it can be overridden."""
    source = source_from_spec("git+https://github.com/so-tu-phap/congkhai.git@v0.1.0")
    init_board(tmp_path / "repo", NAME, TODAY, source=source)
    repo = tmp_path / "repo"
    requirement = "congkhai @ git+https://github.com/so-tu-phap/congkhai.git@v0.1.0"
    assert f'pip install "{requirement}"' in (repo / "README.md").read_text(encoding="utf-8")
    github = yaml.safe_load((repo / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    gitlab = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert github["env"]["CONGKHAI_PACKAGE"] == gitlab["variables"]["CONGKHAI_PACKAGE"] == requirement
    hooks = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"] == [{"repo": "https://github.com/so-tu-phap/congkhai.git", "rev": "v0.1.0",
                               "hooks": [{"id": "congkhai-check"}]}]
    assert "không tải được" not in (repo / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("record", "requirement", "hook_repo", "local"), [
    (None, "congkhai==0.1.0", None, False),  # from a package index: the exact version
    ({"url": "https://github.com/x/congkhai.git",
      "vcs_info": {"vcs": "git", "commit_id": "0f1e2d3c4b5a69788796a5b4c3d2e1f001122334"}},
     "congkhai @ git+https://github.com/x/congkhai.git@0f1e2d3c4b5a69788796a5b4c3d2e1f001122334",
     "https://github.com/x/congkhai.git", False),
    ({"url": "file:///home/vanthu/congkhai-0.1.0-py3-none-any.whl", "archive_info": {}},
     "congkhai @ file:///home/vanthu/congkhai-0.1.0-py3-none-any.whl", None, True),
    ({"url": "file:///home/vanthu/congkhai", "dir_info": {"editable": True}},
     "congkhai @ file:///home/vanthu/congkhai", None, True),
])
def test_source_from_the_pep_610_record(record: dict[str, Any] | None, requirement: str,
                                        hook_repo: str | None, local: bool) -> None:
    source = source_from_direct_url(record, "0.1.0")
    assert (source.requirement, source.hook_repo, source.local) == (requirement, hook_repo, local)


def test_local_source_hook_installs_the_requirement_in_pre_commits_environment(tmp_path: Path) -> None:
    init_board(tmp_path / "repo", NAME, TODAY, source=source_from_spec("congkhai==0.1.0"))
    config = yaml.safe_load((tmp_path / "repo/.pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert hook["language"] == "python"  # pre-commit's own venv, not `congkhai` on PATH
    assert hook["additional_dependencies"] == ["congkhai==0.1.0"]
    assert hook["always_run"] is True and hook["pass_filenames"] is False
    from pre_commit import clientlib  # the test extra installs pre-commit
    clientlib.load_config(str(tmp_path / "repo/.pre-commit-config.yaml"))


@pytest.mark.parametrize("spec", ["", "congkhai; rm -rf /", 'congkhai"==1', "congkhai==1\nx"])
def test_init_refuses_a_package_spec_that_cannot_go_into_yaml_or_shell(tmp_path: Path, spec: str) -> None:
    done = run_cli("init", "repo", "--package", spec.replace("\\n", "\n"), cwd=tmp_path)
    assert done.returncode == 2
    assert "--package" in done.stderr
    assert not (tmp_path / "repo").exists()


def test_repository_pre_commit_hooks_manifest() -> None:
    """The hook other board repositories use with `repo: <congkhai>`; checked by pre-commit itself."""
    manifest_path = REPO / ".pre-commit-hooks.yaml"
    [hook] = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    assert hook == {**hook, "id": "congkhai-check", "language": "python", "entry": "congkhai check",
                    "pass_filenames": False, "always_run": True}
    from pre_commit import clientlib  # the test extra installs pre-commit
    clientlib.load_manifest(str(manifest_path))  # raises if pre-commit would reject it


def test_python_module_entry_point_lists_the_new_commands() -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "--help"], capture_output=True, text=True,
                          check=True)
    for command in ("new", "init", "serve"):
        assert command in done.stdout
