"""Templates compiled ahead by a build's helper are loaded by the site workers, never in place of
another environment's code or of an edited template's (generator.present.compiled,
generator.site.warmup)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.present.compiled import COMPILED, CompiledTemplates
from generator.site import warmup

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = "{% if true %}\nPhí: {{ amount }} đồng{% endif %}"


def env_of(folder: Path, cache: CompiledTemplates, **options: Any) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), bytecode_cache=cache, **options)


def cache_in(folder: Path, *, writes: bool) -> CompiledTemplates:
    cache = CompiledTemplates()
    cache.folder, cache.writes = folder, writes
    return cache


def no_compiling(env: jinja2.Environment, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("compiled again")
    monkeypatch.setattr(env, "compile", refuse)


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "fee.html").write_text(TEMPLATE, encoding="utf-8")
    return folder


def test_an_environment_with_other_settings_gets_its_own_code(templates: Path) -> None:
    shared = CompiledTemplates()
    trimmed = env_of(templates, shared, trim_blocks=True)
    assert trimmed.get_template("fee.html").render(amount="8.000") == "Phí: 8.000 đồng"
    # Same file, same shared cache, no trim_blocks: the line break after the tag stays.
    kept = env_of(templates, shared)
    assert kept.get_template("fee.html").render(amount="8.000") == "\nPhí: 8.000 đồng"


def test_templates_the_helper_compiled_are_loaded_not_compiled(
        templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = tmp_path / "compiled"
    compiled.mkdir()
    env_of(templates, cache_in(compiled, writes=True), trim_blocks=True).get_template("fee.html")
    assert len(list(compiled.iterdir())) == 1

    site_worker = env_of(templates, cache_in(compiled, writes=False), trim_blocks=True)
    no_compiling(site_worker, monkeypatch)
    assert site_worker.get_template("fee.html").render(amount="8.000") == "Phí: 8.000 đồng"
    assert len(list(compiled.iterdir())) == 1, "a site worker writes nothing into the folder"


def test_an_edited_or_damaged_compiled_template_is_compiled_again(templates: Path, tmp_path: Path) -> None:
    compiled = tmp_path / "compiled"
    compiled.mkdir()
    env_of(templates, cache_in(compiled, writes=True)).get_template("fee.html")
    (templates / "fee.html").write_text(TEMPLATE.replace("Phí", "Lệ phí"), encoding="utf-8")
    edited = env_of(templates, cache_in(compiled, writes=False))
    assert edited.get_template("fee.html").render(amount="8.000") == "\nLệ phí: 8.000 đồng"

    for file in compiled.iterdir():
        file.write_bytes(file.read_bytes()[:40])  # cut short after Jinja's header
    damaged = env_of(templates, cache_in(compiled, writes=False))
    assert damaged.get_template("fee.html").render(amount="8.000") == "\nLệ phí: 8.000 đồng"


def test_the_helper_compiles_every_template_of_a_build_quietly_and_leaves_nothing(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    from generator.render.env import environment

    pages = environment()
    for name in pages.list_templates(extensions=["j2"]):  # compiled before the helper forks
        pages.get_template(name)
    with warmup.templates_compiled_ahead(REPO / "mkdocs.yml", tmp_path / "site", enabled=True) as helper:
        folder = COMPILED.folder
        assert folder is not None and helper.process is not None
        helper.process.join(timeout=60)
        assert helper.process.exitcode == 0
        compiled = sorted(folder.glob("*-*"))
        # Material's main.html and partials, the Markdown pages', the print pack's, the kiosk's.
        assert len({file.name.split("-")[0] for file in compiled}) >= 3
        assert len(compiled) >= 90
    assert COMPILED.folder is None and not folder.exists() and list(tmp_path.iterdir()) == []
    assert capfd.readouterr() == ("", "")


def test_the_helper_prints_nothing_when_it_fails_or_is_interrupted(
        tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    def full_disk(file: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("generator.present.compiled.replace_file", full_disk)
    with warmup.templates_compiled_ahead(REPO / "mkdocs.yml", tmp_path / "site", enabled=True) as helper:
        assert helper.process is not None
        helper.process.join(timeout=60)
    with warmup.templates_compiled_ahead(REPO / "mkdocs.yml", tmp_path / "site", enabled=True) as helper:
        assert helper.process is not None and helper.process.pid is not None
        os.kill(helper.process.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
        helper.process.join(timeout=60)
    assert capfd.readouterr() == ("", "")


def test_the_helper_is_not_started_when_off_or_for_a_small_board(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with warmup.templates_compiled_ahead(REPO / "mkdocs.yml", tmp_path / "site", enabled=False) as helper:
        assert helper.process is None and COMPILED.folder is None
    monkeypatch.setattr(warmup, "MIN_RECORDS", 3)
    for name in ("fees/a.yaml", "forms/b.yaml", "notes/c.yaml", "fees/d.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("title: x\n", encoding="utf-8")
    assert not warmup.pays_off(tmp_path), "two records: a file outside the kinds' folders is not one"
    (tmp_path / "procedures").mkdir()
    (tmp_path / "procedures" / "e.yml").write_text("title: x\n", encoding="utf-8")
    assert warmup.pays_off(tmp_path)
