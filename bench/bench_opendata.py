"""Benchmark of the open-data and history step's share of `congkhai build`.

    python bench/bench_opendata.py [--records 5000] [--commits 5000] [--repeat 2]

A synthetic board of N records (bench/synthetic.py) is put in a git repository with C commits,
written in one go by `git fast-import`: the first commit adds every file, each later one edits
one record file (in turn) on its own day with its own message. Then, in this process, with the
two runs alternating `--repeat` times and the fastest of each kept (the machine is shared), in
wall-clock and in CPU seconds (this process and its forked site builds; steadier under load):

- build: `generator.site.build.build` as `congkhai build` runs it (both sites, parallel when the
  machine has two cores);
- build without the step: the same with the step switched off: no `git log` walk (the history
  is empty), no open-data files, Atom feed or "Dữ liệu mở" page, no JSON-LD and no history
  section on the pages (so no sitemap dates and no audit evidence either).

The step's parts are also timed alone: the one `git log` walk, the open-data files and feed
of the public site, and the JSON-LD and history sections of every record page of both sites.
Goal: the step adds ≤ 10 % to the build at 5,000 records and 5,000 commits. Figures in
bench/out/opendata.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from synthetic import generate  # noqa: E402

import generator.check as check_stage  # noqa: E402
import generator.render as render_stage  # noqa: E402
from generator.check import check_content  # noqa: E402
from generator.check.history import NO_HISTORY, read_history  # noqa: E402
from generator.models import Audience  # noqa: E402
from generator.render.open_data import history_markdown, open_data_outputs, page_jsonld  # noqa: E402
from generator.render.pages import record_pages  # noqa: E402
from generator.render.view import SiteView  # noqa: E402
from generator.site.build import build  # noqa: E402

TODAY = date(2026, 11, 23)
USER_CONFIG = REPO / "mkdocs.yml"
OUT = BENCH / "out" / "opendata.json"
GOAL = 0.10
START = datetime(2024, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=7)))


def _data(payload: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(payload), payload)


def fast_import_stream(content: Path, commits: int) -> Iterator[bytes]:
    """The commits as a `git fast-import` stream; the last state of each file is on disk."""
    files = sorted(path for path in content.rglob("*") if path.is_file())
    records = [path for path in files if path.suffix == ".yaml" and path.name != "board.yaml"]
    edits: dict[Path, int] = {}
    for number in range(1, commits):
        edits[records[(number - 1) % len(records)]] = number
    stamp = int(START.timestamp())
    for number in range(commits):
        when = stamp + number * 3600
        message = "Đưa bảng công khai vào kho" if number == 0 else f"Cập nhật hồ sơ, lần {number}"
        yield b"commit refs/heads/main\n"
        yield b"committer Van thu <vanthu@example.vn> %d +0700\n" % when
        yield _data(message.encode())
        if number == 0:
            for path in files:
                text = path.read_bytes()
                yield b"M 100644 inline content/%s\n" % path.relative_to(content).as_posix().encode()
                yield _data(text)
        else:
            path = records[(number - 1) % len(records)]
            text = path.read_bytes() + (f"# lần sửa {number}\n".encode() if edits[path] != number else b"")
            yield b"M 100644 inline content/%s\n" % path.relative_to(content).as_posix().encode()
            yield _data(text)


def make_history(root: Path, commits: int) -> float:
    """`git init` + fast-import of `commits` commits over root/content; returns the seconds taken."""
    started = time.perf_counter()
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    importer = subprocess.Popen(["git", "-C", str(root), "fast-import", "--quiet"],
                                stdin=subprocess.PIPE, env=env)
    assert importer.stdin is not None
    for chunk in fast_import_stream(root / "content", commits):
        importer.stdin.write(chunk)
    importer.stdin.close()
    if importer.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "-C", str(root), "reset", "-q", "--hard", "main"], check=True, env=env)
    return time.perf_counter() - started


@contextmanager
def step_switched_off() -> Iterator[None]:
    """The build without the open-data and history step (patched where the stages call it)."""
    saved = (check_stage.read_history, render_stage.open_data_outputs, render_stage.page_jsonld,
             render_stage.history_markdown)
    check_stage.read_history = lambda content_dir: NO_HISTORY  # type: ignore[assignment]
    render_stage.open_data_outputs = lambda view: ({}, {})  # type: ignore[assignment]
    render_stage.page_jsonld = lambda view, path, record: None  # type: ignore[assignment]
    render_stage.history_markdown = lambda view, record: ""  # type: ignore[assignment]
    try:
        yield
    finally:
        (check_stage.read_history, render_stage.open_data_outputs, render_stage.page_jsonld,
         render_stage.history_markdown) = saved


def timed(run: Callable[[], Any]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the forked site builds, git)."""
    spent = os.times()
    return spent.user + spent.system + spent.children_user + spent.children_system


def timed_both(run: Callable[[], Any]) -> tuple[float, float]:
    """(wall, CPU) seconds: on a shared machine the CPU time is the steadier of the two."""
    cpu = cpu_seconds()
    wall = timed(run)
    return wall, cpu_seconds() - cpu


def parts(content: Path) -> dict[str, float]:
    """The step's parts, each alone, in this process."""
    found = {"git_log_walk_s": timed(lambda: read_history(content))}
    board = check_content(content).board
    public = SiteView(board, Audience.PUBLIC, TODAY)
    found["open_data_files_and_feed_s"] = timed(lambda: open_data_outputs(public))

    def page_sections() -> None:
        for audience in (Audience.PUBLIC, Audience.INTERNAL):
            view = SiteView(board, audience, TODAY)
            for page in record_pages(view):
                record = page.data["record"]
                history_markdown(view, record)
                page_jsonld(view, page.path, record)

    found["json_ld_and_history_sections_s"] = timed(page_sections)
    return {name: round(seconds, 3) for name, seconds in found.items()}


def measure(records: int, commits: int, repeat: int, work: Path) -> dict[str, Any]:
    content = work / "content"
    generate(content, records)
    history_s = make_history(work, commits)
    history = read_history(content)
    print(f"{records} records, {commits} commits written in {history_s:.1f} s", flush=True)
    site = work / "site"

    def full() -> None:
        build(content, site, TODAY, config_file=USER_CONFIG)

    def without() -> None:
        with step_switched_off():
            build(content, site, TODAY, config_file=USER_CONFIG)

    step_parts = parts(content)
    print("parts alone:", step_parts, flush=True)
    samples: dict[str, list[float]] = {"build": [], "build_without_step": []}
    cpu: dict[str, list[float]] = {"build": [], "build_without_step": []}
    for round_ in range(repeat):
        order = [("build_without_step", without), ("build", full)]
        for name, run in order if round_ % 2 == 0 else order[::-1]:
            wall, spent = timed_both(run)
            samples[name].append(round(wall, 2))
            cpu[name].append(round(spent, 2))
            print(f"{name}: {wall:.1f} s wall, {spent:.1f} s CPU", flush=True)
    with_step, without_step = min(samples["build"]), min(samples["build_without_step"])
    with_cpu, without_cpu = min(cpu["build"]), min(cpu["build_without_step"])
    data = site / "public" / "du-lieu-mo"  # the last build with the step ran last or first
    return {
        "records": records,
        "commits": commits,
        "files_with_history": len(history.changes),
        "fast_import_s": round(history_s, 2),
        "build_s": with_step,
        "build_without_step_s": without_step,
        "added": round(with_step / without_step - 1, 3),
        "build_cpu_s": with_cpu,
        "build_without_step_cpu_s": without_cpu,
        "added_cpu": round(with_cpu / without_cpu - 1, 3),
        "goal": GOAL,
        "samples_s": samples,
        "samples_cpu_s": cpu,
        "parts_s": step_parts,
        "open_data_bytes": sum(path.stat().st_size for path in data.iterdir()) if data.is_dir() else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="congkhai-bench-opendata-") as folder:
        result = measure(args.records, args.commits, args.repeat, Path(folder))
    result["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count()}
    print(f"{result['records']} records, {result['commits']} commits "
          f"(fast-import {result['fast_import_s']} s): build {result['build_s']} s wall / "
          f"{result['build_cpu_s']} s CPU, without the step {result['build_without_step_s']} s / "
          f"{result['build_without_step_cpu_s']} s: {result['added']:+.1%} wall, "
          f"{result['added_cpu']:+.1%} CPU (goal ≤ {GOAL:.0%})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
