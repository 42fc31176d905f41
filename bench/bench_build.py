"""Benchmark of `congkhai build`, cold and with a warm build cache, against a bare `mkdocs build`.

    python bench/bench_build.py [--sizes 500 2000 5000] [--out bench/out/build.json]

For each size, bench/synthetic.py writes a board of that many records. Then, each once and in
its own process, as a user would run them, one right after the other (the machine may be
shared: ratios between runs of one size are what to compare):

- the floor: `mkdocs build -f` on the generated mkdocs.yml of each site, one after the other,
  over the very Markdown that `congkhai build` renders (prepared beforehand, not timed);
- `congkhai build --no-cache` (a cold build as before the cache; both sites in parallel when
  the machine allows);
- `congkhai build --cache DIR` with an empty cache (a first CI run: it fills the cache);
- the same after one fee's amount changed (a clerk's one-record commit);
- the same after that fee changed again (the next commit: the first warm build still starts from
  a site the cold build made without the cache, whose pages it links again one by one; from the
  next one on, the site is the spare the last build left, generator.site.spare);
- the same with nothing changed.

It reports wall times, their ratios to the cold build and to the floor (goals at 5,000 records:
warm after one change ≤ 5 s, nothing changed ≤ 3 s, cold with an empty cache not slower than
without), each run's stage timings, and the size of the search index, raw and gzipped (level 6,
a common server setting), per record of the site (goal: ≤ 400 B).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from synthetic import generate  # noqa: E402

from generator.audit import run_audit  # noqa: E402
from generator.check import check_content  # noqa: E402
from generator.models import Audience  # noqa: E402
from generator.render import render_site  # noqa: E402
from generator.site.build import SITE_FOLDERS, write_docs  # noqa: E402
from generator.site.config import SiteSpec, write_mkdocs_yml  # noqa: E402

TODAY = date(2026, 11, 23)
USER_CONFIG = REPO / "mkdocs.yml"


def children_cpu() -> float:
    """User + system CPU seconds of the finished child processes (with their workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    """Wall seconds of `command` and what it printed on stderr (congkhai's stage timings)."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    return time.perf_counter() - start, done.stderr


def stage_seconds(stderr: str) -> dict[str, float]:
    found = re.findall(r"^(.+): (\d+\.\d) s$", stderr, re.M)
    return {label: float(seconds) for label, seconds in found}


def prepare_floor(content: Path, work: Path) -> list[Path]:
    """Render both sites' Markdown and write a plain mkdocs.yml for each (untimed)."""
    board = check_content(content).board
    findings = run_audit(board, TODAY)
    office = board.office
    configs = []
    for audience, folder in SITE_FOLDERS.items():
        rendered = render_site(board, audience, TODAY, findings)
        docs = work / "docs" / folder
        write_docs(docs, rendered.pages, rendered.files)
        spec = SiteSpec(USER_CONFIG, docs, work / "bare" / folder, rendered.nav, audience,
                        office.title if office else "", office.site_url if office else None)
        configs.append(write_mkdocs_yml(spec, work / f"mkdocs-{folder}.yml"))
    return configs


def index_size(site: Path, records: int) -> dict[str, float]:
    raw = (site / "search" / "search_index.json").read_bytes()
    packed = len(gzip.compress(raw, 6))
    return {"bytes": len(raw), "gzip": packed, "gzip_per_record": round(packed / max(records, 1), 1),
            "entries": len(json.loads(raw)["docs"])}


def html_pages(root: Path) -> int:
    return sum(1 for _ in root.rglob("*.html"))


def record_counts(content: Path) -> dict[str, int]:
    board = check_content(content).board
    every = [record for kind in board.records for record in board.of(kind) if kind != "board"]
    return {"public": sum(record.audience is Audience.PUBLIC for record in every), "internal": len(every)}


def change_one_fee(content: Path) -> str:
    """Raise the first fee's amount by 1,000 đồng, as a clerk's one-record commit would."""
    fee = sorted((content / "fees").glob("*.yaml"))[0]
    text = fee.read_text(encoding="utf-8")
    match = re.search(r"^(\s*amount: )(\d+)$", text, re.M)
    assert match is not None, fee
    raised = f"{match.group(1)}{int(match.group(2)) + 1000}"
    fee.write_text(text[:match.start()] + raised + text[match.end():], encoding="utf-8")
    return fee.name


def run_size(records: int, work: Path) -> dict[str, Any]:
    """Each measurement once, one after the other, so that their ratios share the machine's load."""
    content = work / "content"
    generate(content, records)
    counts = record_counts(content)
    congkhai = [sys.executable, "-m", "generator", "build", str(content), "--today", TODAY.isoformat(),
                "--config-file", str(USER_CONFIG), "--site-dir", str(work / "site")]
    cached = [*congkhai, "--cache", str(work / "cache")]
    configs = prepare_floor(content, work)
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    stages: dict[str, dict[str, float]] = {}

    def run(name: str, command: list[str]) -> None:
        before = children_cpu()
        seconds[name], stderr = timed(command, REPO)
        cpu[name] = children_cpu() - before
        stages[name] = stage_seconds(stderr)

    before = children_cpu()
    seconds["mkdocs_floor"] = sum(timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                                        work)[0] for config in configs)
    cpu["mkdocs_floor"] = children_cpu() - before
    run("cold_no_cache", [*congkhai, "--no-cache"])
    run("cold_empty_cache", cached)
    changed = change_one_fee(content)
    run("warm_one_fee", cached)
    change_one_fee(content)  # a clerk's next commit: the site is now built on the spare (see above)
    run("warm_next_fee", cached)
    run("warm_nothing", cached)
    cold, floor = seconds["cold_no_cache"], seconds["mkdocs_floor"]
    site, folders = work / "site", ("public", "internal")
    return {
        "records": records,
        "site_records": counts,
        "pages": {folder: html_pages(site / folder) for folder in folders},
        "fee_changed": changed,
        "seconds": {name: round(value, 2) for name, value in seconds.items()},
        "cpu_seconds": {name: round(value, 2) for name, value in cpu.items()},
        "cpu_ratio_to_cold": {name: round(value / cpu["cold_no_cache"], 3) for name, value in cpu.items()},
        "ratio_to_cold": {name: round(value / cold, 3) for name, value in seconds.items()},
        "ratio_to_floor": {name: round(value / floor, 3) for name, value in seconds.items()},
        "stages_s": stages,
        "search_index": {folder: index_size(site / folder, counts[folder]) for folder in folders},
    }


def print_row(row: dict[str, Any]) -> None:
    seconds, ratio = row["seconds"], row["ratio_to_cold"]
    print(f"{row['records']:>6} records: bare mkdocs {seconds['mkdocs_floor']:6.1f} s, "
          f"cold {seconds['cold_no_cache']:6.1f} s (empty cache {seconds['cold_empty_cache']:6.1f} s, "
          f"x{ratio['cold_empty_cache']:.2f}), warm one fee {seconds['warm_one_fee']:5.1f} s "
          f"(x{ratio['warm_one_fee']:.3f}), next fee {seconds['warm_next_fee']:5.1f} s "
          f"(x{ratio['warm_next_fee']:.3f}), warm nothing {seconds['warm_nothing']:5.1f} s "
          f"(x{ratio['warm_nothing']:.3f}); CPU s: " + ", ".join(
              f"{name} {value:.1f}" for name, value in row["cpu_seconds"].items()), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--out", type=Path, default=BENCH / "out" / "build.json")
    parser.add_argument("--keep", action="store_true", help="keep the work folders")
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    for records in args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"congkhai-bench-{records}-"))
        try:
            rows.append(run_size(records, work))
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
        print_row(rows[-1])
        write_report(args.out, rows)  # after each size: a long run stopped early keeps its figures


def write_report(out: Path, rows: list[dict[str, Any]]) -> None:
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_at_end": list(os.getloadavg())},
        "today": TODAY.isoformat(),
        "goals": {"at_5000_s": {"warm_one_fee": 5, "warm_next_fee": 5, "warm_nothing": 3,
                                "cold_empty_cache": "≤ cold_no_cache"},
                  "search_index_gzip_per_record": 400},
        "runs": rows,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()
