"""The adversarial suite: each case of cases.yaml against a fresh copy of the demo board.

A case is data (see the head of cases.yaml): an overlay on the copy, a congkhai command, and
what must come out (an exit code, diagnostic codes, one error line, texts absent from every
public output). Every case fails on a traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.boards import REPO

CASES_FILE = Path(__file__).with_name("cases.yaml")
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))

# Inputs too big to write into cases.yaml.
GENERATED = {
    "{long}": "x" * 5000,
    "{many_keys}": "title: Bộ phận\n" + "".join(f"khoa_{index:05d}: 1\n" for index in range(40_000)),
    "{mega_title}": "title: " + "Tiêu đề rất dài " * 65_536 + "\n",
}


def _expand(text: str) -> str:
    return GENERATED.get(text, text)


def _set(data: Any, dotted: str, value: Any) -> None:
    *parents, last = [int(part) if part.isdigit() else part for part in dotted.split(".")]
    for part in parents:
        data = data[part] if isinstance(part, int) or part in data else data.setdefault(part, {})
    data[last] = value


def apply_overlay(project: Path, overlay: dict[str, Any]) -> None:
    for name, text in (overlay.get("write") or {}).items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_expand(text), encoding="utf-8")
    for name, changes in (overlay.get("patch") or {}).items():
        path = project / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for dotted, value in changes.items():
            _set(data, dotted, value)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name, target in (overlay.get("symlink") or {}).items():
        (project / name).symlink_to(project.parent / target)
    for name, size in (overlay.get("sparse") or {}).items():
        with (project / name).open("wb") as sparse:
            sparse.truncate(size)


def _texts_under(folder: Path) -> str:
    return "\n".join(path.read_bytes().decode("utf-8", "replace")
                     for path in folder.rglob("*") if path.is_file())


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_adversarial_case(case: dict[str, Any], tmp_path: Path) -> None:
    project = tmp_path / "board"
    project.mkdir()
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    apply_overlay(project, case.get("overlay") or {})
    expect = case["expect"]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", *map(_expand, case["run"])], cwd=project,
                          capture_output=True, text=True, encoding="utf-8", timeout=300, check=False,
                          env={**os.environ, "CONGKHAI_DEBUG": ""})
    seconds = time.perf_counter() - started
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output[-3000:]
    assert done.returncode == expect["exit"], output[-3000:]
    for code in expect.get("codes", []):
        assert f" {code} " in output, (code, output[-3000:])
    for text in expect.get("output", []):
        assert text in output, (text, output[-3000:])
    if expect.get("one_line"):  # besides the build's progress lines ("MkDocs (public): 4.2 s")
        lines = [line for line in done.stderr.splitlines() if not line.endswith(" s")]
        assert len(lines) == 1 and lines[0].startswith("congkhai: lỗi: "), done.stderr
    for name in expect.get("missing", []):
        assert not (project / name).exists(), name
    if "seconds" in expect:
        assert seconds < expect["seconds"], seconds
    if expect.get("absent"):
        public = _texts_under(project / "site" / "public")
        for text in expect["absent"]:
            assert text not in public, text
    if expect.get("present"):
        internal = _texts_under(project / "site" / "internal")
        for text in expect["present"]:
            assert text in internal, text
