"""Benchmark of `check` (load → validate → link) against the libyaml floor.

    python bench/bench_check.py [--sizes 500 2000 5000] [--repeat 3]

For each size N, a synthetic board of N records (bench/synthetic.py) is written to a temporary
folder, then timed, best of `repeat` runs each:

- check: `generator.check.check_content(folder)`, everything `congkhai check` does before
  the audit (file discovery, reading, YAML, validation, linking);
- floor: reading every file's bytes, decoding them and `yaml.compose(text, Loader=CSafeLoader)`,
  the least any line-aware YAML checker has to do.

Wall and CPU times are both kept (best of each); the ratio is of wall times, the CPU ratio is
the steadier one on a shared machine. Peak RSS is that of a fresh process running check once.
The table goes to stdout, the figures to bench/out/check.json. The goal: check ≤ 1.5 × floor
at 5,000 records.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate

from generator.check import check_content

OUT = Path(__file__).resolve().parent / "out" / "check.json"
GOAL = 1.5

# Linux keeps ru_maxrss across fork + exec (a child would report the benchmark's own size), so
# the probe reads the high-water mark of its own memory map, VmHWM, when it can.
_RSS_PROBE = """
import resource, sys
from pathlib import Path
from generator.check import check_content

def peak_kib():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

baseline = peak_kib()
check_content(Path(sys.argv[1]))
print(baseline, peak_kib())
"""


def timed(run: Callable[[], Any]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def best_of_interleaved(repeat: int, *runs: Callable[[], Any]) -> list[tuple[float, float]]:
    """The best (wall, CPU) time of each run over `repeat` rounds; rounds alternate the runs,
    so that a busy machine slows them alike."""
    times: list[list[tuple[float, float]]] = [[] for _ in runs]
    for _ in range(repeat):
        for index, run in enumerate(runs):
            times[index].append(timed(run))
    return [(min(wall for wall, _ in each), min(cpu for _, cpu in each)) for each in times]


def yaml_files(content_dir: Path) -> list[Path]:
    return sorted(path for path in content_dir.rglob("*.yaml") if path.is_file())


def compose_all(files: list[Path]) -> None:
    for path in files:
        yaml.compose(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)


def peak_rss_mib(content_dir: Path) -> tuple[float, float]:
    """(peak RSS after imports, peak RSS after check) of a fresh process, in MiB."""
    done = subprocess.run([sys.executable, "-c", _RSS_PROBE, str(content_dir)],
                          capture_output=True, text=True, check=True)
    baseline, peak = (int(value) / 1024 for value in done.stdout.split())
    return baseline, peak


def assert_clean(content_dir: Path, size: int) -> None:
    """The synthetic board must check clean: the benchmark times the path of a valid board."""
    result = check_content(content_dir)
    if not result.ok or len(result.board) != size + 1:
        shown = [str(diagnostic) for diagnostic in result.diagnostics[:5]]
        raise SystemExit(f"synthetic board of {size} is not clean: {shown}")


def measure(size: int, repeat: int, workdir: Path) -> dict[str, Any]:
    content_dir = workdir / f"board-{size}"
    generate(content_dir, size)
    files = yaml_files(content_dir)
    assert_clean(content_dir, size)
    (floor, floor_cpu), (check, check_cpu) = best_of_interleaved(
        repeat, lambda: compose_all(files), lambda: check_content(content_dir))
    baseline, peak = peak_rss_mib(content_dir)
    return {
        "records": size, "files": len(files), "bytes": sum(path.stat().st_size for path in files),
        "check_s": round(check, 4), "floor_s": round(floor, 4), "ratio": round(check / floor, 2),
        "check_cpu_s": round(check_cpu, 4), "floor_cpu_s": round(floor_cpu, 4),
        "cpu_ratio": round(check_cpu / floor_cpu, 2),
        "check_ms_per_record": round(1000 * check / size, 3),
        "rss_after_imports_mib": round(baseline, 1), "peak_rss_mib": round(peak, 1),
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    header = (f"{'records':>8} {'files':>6} {'MB':>6} {'check s':>8} {'floor s':>8} {'ratio':>6} "
              f"{'CPU ratio':>9} {'ms/rec':>7} {'peak RSS MiB':>13}")
    print(header)
    print("-" * len(header))
    for row in rows:
        print(f"{row['records']:>8} {row['files']:>6} {row['bytes'] / 1e6:>6.1f} {row['check_s']:>8.3f} "
              f"{row['floor_s']:>8.3f} {row['ratio']:>6.2f} {row['cpu_ratio']:>9.2f} "
              f"{row['check_ms_per_record']:>7.3f} {row['peak_rss_mib']:>13.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="congkhai-bench-") as workdir:
        rows = [measure(size, args.repeat, Path(workdir)) for size in args.sizes]
    print_table(rows)
    largest = rows[-1]
    verdict = "met" if largest["ratio"] <= GOAL else "NOT met"
    print(f"\ngoal check ≤ {GOAL} × floor at {largest['records']} records: {verdict} "
          f"({largest['ratio']:.2f})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {"python": platform.python_version(), "machine": platform.machine(), "yaml": yaml.__version__,
              "libyaml": yaml.__with_libyaml__, "repeat": args.repeat, "goal_ratio": GOAL, "results": rows}
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
