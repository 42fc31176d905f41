"""A new office, from a built wheel to a published board, as a clerk would run it.

The package is built with `python -m build` (sdist, then the wheel from the sdist), installed in
a fresh venv outside the source tree, and that `congkhai` writes a board with `init`. The board
is filled in, checked, committed through its pre-commit hook (which installs congkhai in
pre-commit's own environment), and then the generated GitHub workflow's steps — read from the
YAML, not copied — run in another fresh venv and build the site. No `congkhai` is on PATH
except where a step puts its own venv there; no network beyond the package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from support.boards import REPO
from support.scaffold import fill_in_samples

NAME = "Ủy ban nhân dân xã Tân Lập"
BASE_PATH = "/usr/local/bin:/usr/bin:/bin"


def clean_env(*, path: str = BASE_PATH, **extra: str) -> dict[str, str]:
    """The environment of a fresh shell: no venv active, PATH without this test's venv."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME") and not key.startswith("PYTEST")}
    return {**env, "PATH": path, "GIT_AUTHOR_NAME": "Văn thư", "GIT_AUTHOR_EMAIL": "vanthu@example.vn",
            "GIT_COMMITTER_NAME": "Văn thư", "GIT_COMMITTER_EMAIL": "vanthu@example.vn", **extra}


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: int = 600,
        ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)
    if ok:
        assert done.returncode == 0, f"{command}: {done.stdout}\n{done.stderr}"
    return done


def fresh_venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=120)
    return path / "bin"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", str(out), str(REPO)], cwd=out,
        env=clean_env(), timeout=600)
    return out


def test_the_wheel_and_sdist_hold_everything_and_pass_twine(dist: Path) -> None:
    [wheel] = dist.glob("*.whl")
    [sdist] = dist.glob("*.tar.gz")
    run([sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)], cwd=dist,
        env=clean_env())
    from generator import __version__
    assert wheel.name == f"congkhai-{__version__}-py3-none-any.whl"  # one version, from generator/
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [*(REPO / "theme").rglob("*"), *(REPO / "generator/scaffold/templates").rglob("*"),
               REPO / "generator/audit/obligations.yaml"]
    for path in shipped:
        if path.is_file():
            relative = path.relative_to(REPO).as_posix()
            inside = relative.replace("theme/", "generator/theme/", 1) if relative.startswith("theme/") \
                else relative
            assert inside in names, inside


def test_a_new_office_from_the_wheel_to_a_built_site(dist: Path, tmp_path: Path) -> None:
    [wheel] = dist.glob("*.whl")
    clerk_bin = fresh_venv(tmp_path / "clerk-venv")
    run([str(clerk_bin / "pip"), "install", "-q", str(wheel)], cwd=tmp_path, env=clean_env())
    assert shutil.which("congkhai", path=BASE_PATH) is None  # nothing global to lean on

    # init: a git repository whose files name the wheel as the source of congkhai
    clerk = clean_env(path=f"{clerk_bin}:{BASE_PATH}")
    created = run(["congkhai", "init", "bang-cong-khai", "--name", NAME], cwd=tmp_path, env=clerk)
    board = tmp_path / "bang-cong-khai"
    assert "nhánh main" in created.stdout
    branch = run(["git", "symbolic-ref", "--short", "HEAD"], cwd=board, env=clerk)
    assert branch.stdout.strip() == "main"
    requirement = f"congkhai @ {wheel.as_uri()}"
    assert f'pip install "{requirement}"' in (board / "README.md").read_text(encoding="utf-8")

    # samples are errors until the clerk fills them in
    fresh = run(["congkhai", "check"], cwd=board, env=clerk, ok=False)
    assert fresh.returncode == 1 and "E-SAMPLE" in fresh.stdout and "E-PLACEHOLDER" in fresh.stdout
    fill_in_samples(board)

    # check, then the first commit through the hook that runs in pre-commit's own environment
    run(["congkhai", "check"], cwd=board, env=clerk)
    hook_env = clean_env(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))  # no venv on PATH
    run([sys.executable, "-m", "pre_commit", "install"], cwd=board, env=hook_env)
    run(["git", "add", "-A"], cwd=board, env=hook_env)
    first = run(["git", "commit", "-q", "-m", "Bảng công khai mới"], cwd=board, env=hook_env)
    assert "Passed" in first.stdout + first.stderr
    committed = run(["git", "ls-files"], cwd=board, env=hook_env).stdout.splitlines()
    assert not [name for name in committed if name.startswith(("site/", "build/", ".venv/"))]

    # a commit that only deletes a unit a procedure points at is stopped by the hook
    run(["git", "rm", "-q", "content/units/bo-phan-mot-cua.yaml"], cwd=board, env=hook_env)
    refused = run(["git", "commit", "-q", "-m", "Xóa bộ phận"], cwd=board, env=hook_env, ok=False)
    assert refused.returncode != 0
    assert "E-REF-MISSING" in refused.stdout + refused.stderr
    run(["git", "reset", "-q", "--hard"], cwd=board, env=hook_env)

    # the generated workflow's own steps, in another fresh venv standing in for actions/setup-python
    workflow = yaml.safe_load((board / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    assert workflow["env"]["CONGKHAI_PACKAGE"] == requirement
    gitlab = yaml.safe_load((board / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["variables"]["CONGKHAI_PACKAGE"] == requirement
    runner_bin = fresh_venv(tmp_path / "runner-venv")
    runner = clean_env(path=f"{runner_bin}:{BASE_PATH}",
                       **{key: str(value) for key, value in workflow["env"].items()})
    steps = [step for step in workflow["jobs"]["build"]["steps"] if "run" in step]
    assert [step["name"] for step in steps] == ["Cài congkhai", "Kiểm tra hồ sơ", "Tạo trang"]
    for step in steps:
        run(["bash", "-e", "-c", step["run"]], cwd=board, env=runner, timeout=900)
    home = (board / "site/public/index.html").read_text(encoding="utf-8")
    assert NAME in home
    assert not (board / "site/public/nhan-su").exists()
    assert run(["git", "status", "--porcelain"], cwd=board, env=hook_env).stdout == ""  # all ignored
