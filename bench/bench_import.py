"""Benchmark of `congkhai import dvc` and the `check` that follows, against loading the same JSON.

    python bench/bench_import.py [--sizes 2000] [--repeat 3]

For each size N, N procedures in the national database's export layout are written to a
temporary folder, made from the test fixtures (tests/fixtures/dvc/: cases, text times, USD and
percentage fees, dossier groups, stray HTML) with their codes, titles and texts varied. Timed,
best of `repeat` runs each (wall and CPU):

- import + check: `import_dvc` into an empty board (board.yaml and one unit), then
  `check_content` of that board — what a new office runs first;
- re-import: `import_dvc` again over the imported board (nothing changes; every record is
  read, merged and compared);
- floor: reading every source file and `json.loads` — the least any importer has to do.

The CPU seconds of the import and of the check are also kept apart (import_cpu_s, check_cpu_s).

The table goes to stdout, the figures to bench/out/import.json. The goal: import + check ≤ 3 ×
floor at 2,000 procedures.
"""

from __future__ import annotations

import argparse
import copy
import json
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.check import check_content  # noqa: E402
from generator.importer import import_dvc  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "dvc"
OUT = Path(__file__).resolve().parent / "out" / "import.json"
GOAL = 3.0
BOARD = REPO / "content" / "board.yaml"  # the demo office
UNIT = "title: Bộ phận Một cửa\nduties:\n  - Tiếp nhận hồ sơ\n"


def _vary(value: Any, number: int) -> Any:
    """Texts made distinct per procedure, so no cache sees the same string twice."""
    if isinstance(value, str) and len(value) > 20:
        return f"{value} (thủ tục số {number})"
    if isinstance(value, list):
        return [_vary(item, number) for item in value]
    if isinstance(value, dict):
        return {key: _vary(item, number) for key, item in value.items()}
    return value


def write_sources(folder: Path, count: int) -> None:
    templates = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*.json"))]
    folder.mkdir(parents=True)
    for number in range(count):
        document = copy.deepcopy(templates[number % len(templates)])
        meta_key = next(key for key in document if key.lower() == "metadata")
        meta = document[meta_key]
        code_key = next(key for key in meta if "ma" in key.lower().replace("ã", "a")[:3])
        meta[code_key] = f"{1 + number % 3}.{number:06d}"
        document = _vary(document, number)
        (folder / f"{number:06d}.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def new_board(folder: Path) -> Path:
    content = folder / "content"
    (content / "units").mkdir(parents=True)
    shutil.copy(BOARD, content / "board.yaml")
    (content / "units" / "mot-cua.yaml").write_text(UNIT, encoding="utf-8")
    return content


def best(run: Callable[[], None], repeat: int,
         prepare: Callable[[], None] = lambda: None) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        prepare()
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def floor(sources: Path) -> None:
    for path in sorted(sources.rglob("*.json")):
        json.loads(path.read_bytes())


def measure(size: int, repeat: int) -> dict[str, Any]:
    # Under bench/out/, on the repository's file system: on this machine /tmp takes ~4 ms to
    # create a file (17x the disk the repository is on), which would swamp what is measured.
    OUT.parent.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="import-", dir=OUT.parent) as temporary:
        root = Path(temporary)
        sources = root / "dvc"
        write_sources(sources, size)
        board = root / "board"

        def fresh() -> None:
            shutil.rmtree(board, ignore_errors=True)
            new_board(board)

        parts: list[tuple[float, float]] = []

        def import_and_check() -> None:
            start = time.process_time()
            report = import_dvc([sources], board / "content", None, date(2026, 3, 1))
            assert report.ok and report.count("new") == size
            middle = time.process_time()
            result = check_content(board / "content")
            assert result.ok, result.diagnostics[:3]
            parts.append((middle - start, time.process_time() - middle))

        def reimport() -> None:
            report = import_dvc([sources], board / "content", None, date(2026, 3, 2))
            assert report.count("unchanged") == size

        floor_wall, floor_cpu = best(lambda: floor(sources), repeat)
        import_wall, import_cpu = best(import_and_check, repeat, fresh)
        again_wall, again_cpu = best(reimport, repeat)
    return {
        "procedures": size,
        "floor_s": round(floor_wall, 3), "floor_cpu_s": round(floor_cpu, 3),
        "import_check_s": round(import_wall, 3), "import_check_cpu_s": round(import_cpu, 3),
        "reimport_s": round(again_wall, 3), "reimport_cpu_s": round(again_cpu, 3),
        "import_cpu_s": round(min(part[0] for part in parts), 3),
        "check_cpu_s": round(min(part[1] for part in parts), 3),
        "ratio": round(import_wall / floor_wall, 2), "cpu_ratio": round(import_cpu / floor_cpu, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = [measure(size, args.repeat) for size in args.sizes]
    print(f"{'procedures':>10} {'floor s':>8} {'import+check s':>15} {'re-import s':>12} "
          f"{'ratio':>7} {'cpu ratio':>9} {'import cpu s':>12} {'check cpu s':>11}")
    for row in rows:
        print(f"{row['procedures']:>10} {row['floor_s']:>8} {row['import_check_s']:>15} "
              f"{row['reimport_s']:>12} {row['ratio']:>7} {row['cpu_ratio']:>9} "
              f"{row['import_cpu_s']:>12} {row['check_cpu_s']:>11}")
    print(f"goal: import + check ≤ {GOAL} × floor")
    OUT.parent.mkdir(exist_ok=True)
    figures = {"machine": platform.platform(), "python": platform.python_version(),
               "goal": GOAL, "rows": rows}
    OUT.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
