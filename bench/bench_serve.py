"""Benchmark of `congkhai serve`: from saving an edit to the served page showing it.

    python bench/bench_serve.py [--records 5000] [--edits 5] [--out bench/out/serve.json]

bench/synthetic.py writes a board of that many records. Then, each in its own process, as a
user would run them:

- `congkhai build` of the board: the full rebuild time to compare with;
- `congkhai serve` on a free port. Once it is idle, the bench changes the amount of a fee that
  one procedure uses (the fee record is where a procedure's fee amount lives) and polls that
  procedure's served page over HTTP until it shows the new amount: edit → page. It also
  records when the preview is consistent again (the background audit and full render have
  caught up: index pages, home page) and the preview's own timing of the fast rebuild.

Goal: edit → page ≤ 2 s at 5,000 records, against a full rebuild of about 25 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from synthetic import generate  # noqa: E402

from generator.check import check_content  # noqa: E402
from generator.models import Audience, Procedure  # noqa: E402
from generator.present.urls import record_url  # noqa: E402
from generator.serve.server import STATUS_PATH  # noqa: E402

TODAY = date(2026, 11, 23)
POLL = 0.02
TIMEOUT = 600.0
_AMOUNT = re.compile(r"^(\s*)amount: (\d+)$", re.MULTILINE)
_FAST_LINE = re.compile(
    r"Đã cập nhật (\d+) trang \(các trang danh mục[^)]*\) trong ([\d.]+) giây \(([^)]*)\)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def vn_money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def pick_fee(content: Path) -> tuple[Path, str]:
    """A public fee that exactly one public procedure uses (or the fewest), with its page."""
    board = check_content(content).board
    candidates = []
    for fee in board.of("fee"):
        users = [procedure for procedure in board.referrers("fee", fee.id, Procedure)
                 if procedure.audience is Audience.PUBLIC]
        if fee.audience is Audience.PUBLIC and users:
            candidates.append((len(users), fee.id, users[0].id))
    _, fee_id, procedure_id = min(candidates)
    page = record_url("procedure", procedure_id) + "index.html"
    return content / "fees" / f"{fee_id}.yaml", page


class Served:
    """`congkhai serve` in a subprocess, with its log in a file."""

    def __init__(self, root: Path, content: Path) -> None:
        self.port = free_port()
        self.log = root / "serve.log"
        with self.log.open("wb") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "generator", "serve", str(content), "--port", str(self.port),
                 "--today", TODAY.isoformat()], cwd=REPO, stdout=sink, stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"})

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=TIMEOUT) as response:
            return str(response.read().decode("utf-8"))

    def state(self) -> dict[str, Any]:
        return dict(json.loads(self.get(STATUS_PATH.lstrip("/"))))

    def wait(self, condition: Any, what: str) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < TIMEOUT:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve stopped\n{self.log.read_text(encoding='utf-8')}")
            try:
                if condition():
                    return time.perf_counter() - start
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(POLL)
        raise RuntimeError(f"timed out waiting for {what}")

    def idle(self) -> bool:
        state = self.state()
        return bool(state["builds"]) and state["ok"] and not state["building"] and not state["catching_up"]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()


def edit_amount(fee: Path, amount: int) -> None:
    text = fee.read_text(encoding="utf-8")
    fee.write_text(_AMOUNT.sub(lambda match: f"{match[1]}amount: {amount}", text, count=1), encoding="utf-8")


def fast_timings(log: str) -> list[dict[str, Any]]:
    """The preview's own report of each fast rebuild: pages, seconds, seconds per stage."""
    found = []
    for match in _FAST_LINE.finditer(log):
        stages = dict(item.rsplit(" ", 1) for item in match[3].split(", "))
        found.append({"pages": int(match[1]), "seconds": float(match[2]),
                      "stages": {label: float(value) for label, value in stages.items()}})
    return found


def run_edits(served: Served, fee: Path, page: str, edits: int) -> list[dict[str, float]]:
    base = int(_AMOUNT.search(fee.read_text(encoding="utf-8"))[2])  # type: ignore[index]
    rows = []
    for number in range(1, edits + 1):
        served.wait(served.idle, "the preview to be idle")
        time.sleep(1.0)
        amount = base + 1357 * number
        shown = vn_money(amount)
        assert shown not in served.get(page)
        start = time.perf_counter()
        edit_amount(fee, amount)
        served.wait(lambda shown=shown: shown in served.get(page), "the edited page")
        to_page = time.perf_counter() - start
        served.wait(served.idle, "the catch-up")
        rows.append({"edit_to_page_s": round(to_page, 3),
                     "edit_to_consistent_s": round(time.perf_counter() - start, 3)})
        print(f"  edit {number}: page {to_page:.2f} s, consistent {rows[-1]['edit_to_consistent_s']:.2f} s",
              flush=True)
    return rows


def full_build(content: Path, work: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build", str(content), "--today", TODAY.isoformat(),
                    "--site-dir", str(work / "site")], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def summary(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
            "max": round(max(values), 3)}


def run(records: int, edits: int, work: Path, build_too: bool) -> dict[str, Any]:
    content = work / "content"
    generate(content, records)
    shutil.copy(REPO / "mkdocs.yml", work / "mkdocs.yml")
    fee, page = pick_fee(content)
    full = full_build(content, work) if build_too else None
    print(f"{records} records: full build {full:.1f} s" if full else f"{records} records", flush=True)
    served = Served(work, content)
    try:
        first = served.wait(served.idle, "the first build")
        print(f"  serve ready after {first:.1f} s; editing {fee.relative_to(work)}, watching /{page}",
              flush=True)
        rows = run_edits(served, fee, page, edits)
    finally:
        served.stop()
    log = served.log.read_text(encoding="utf-8")
    to_page = summary([row["edit_to_page_s"] for row in rows])
    return {
        "records": records,
        "full_build_s": round(full, 2) if full else None,
        "serve_first_build_s": round(first, 2),
        "edited": {"fee": fee.name, "page": page},
        "edit_to_page_s": to_page,
        "edit_to_consistent_s": summary([row["edit_to_consistent_s"] for row in rows]),
        "speedup_vs_full_build": round(full / to_page["median"], 1) if full else None,
        "fast_rebuilds": fast_timings(log),
        "edits": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--no-build", action="store_true", help="skip the full `congkhai build`")
    parser.add_argument("--out", type=Path, default=BENCH / "out" / "serve.json")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix=f"congkhai-bench-serve-{args.records}-"))
    load_before = list(os.getloadavg())
    try:
        row = run(args.records, args.edits, work, not args.no_build)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_before": load_before, "load_average_at_end": list(os.getloadavg())},
        "today": TODAY.isoformat(),
        "goal": {"edit_to_page_s": 2.0, "full_build_s_reference": 25.0},
        "run": row,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    page = row["edit_to_page_s"]
    print(f"edit → page: median {page['median']:.2f} s (min {page['min']:.2f}, max {page['max']:.2f}); "
          f"consistent: median {row['edit_to_consistent_s']['median']:.2f} s; "
          f"full build: {row['full_build_s']} s; written {args.out}")


if __name__ == "__main__":
    main()
