"""Time to the kiosk's first screen on a weak PC: headless Chromium, CPU throttled through CDP.

    python bench/bench_kiosk.py [--procedures 2000] [--throttle 4] [--repeat 5] [--out bench/out/kiosk.json]

bench/realshaped.py writes a board of that many procedures (with their units, fees and forms);
the kiosk is written for it and opened from file:// (as a kiosk PC with a USB copy does) in
Debian's Chromium with `Emulation.setCPUThrottlingRate` (4 = a PC about four times slower than
this one). It reports, as the median of `--repeat` fresh pages:

- first paint and first contentful paint (the browser's paint timing entries),
- when the home screen's tiles are on screen and the page answers a tap (kiosk.js ran),
- the load event, and the bytes of every kiosk file (raw and gzipped).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from realshaped import generate  # noqa: E402

from generator.check import check_content  # noqa: E402
from generator.outputs.kiosk import write_kiosk  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
TODAY = date(2026, 11, 23)
# Read in the page once it has loaded: paint entries, and when kiosk.js marked itself ready.
TIMINGS_JS = """() => {
  const paint = Object.fromEntries(performance.getEntriesByType('paint').map(e => [e.name, e.startTime]));
  const ready = performance.getEntriesByName('kiosk-ready')[0];
  const nav = performance.getEntriesByType('navigation')[0];
  return {first_paint_ms: paint['first-paint'], first_contentful_paint_ms: paint['first-contentful-paint'],
          ready_ms: ready ? ready.startTime : null, load_ms: nav.loadEventEnd};
}"""


def kiosk_files(folder: Path) -> dict[str, dict[str, int]]:
    return {path.relative_to(folder).as_posix(): {"bytes": len(data), "gzip": len(gzip.compress(data, 6))}
            for path in sorted(folder.rglob("*")) if path.is_file() for data in [path.read_bytes()]}


def measure(url: str, throttle: float, repeat: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    runs: list[dict[str, float]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(repeat):
            context = browser.new_context(viewport={"width": 1080, "height": 1920})
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
            page.goto(url, wait_until="load", timeout=600_000)
            page.wait_for_function("performance.getEntriesByType('paint').length > 0", timeout=600_000)
            page.locator(".tile").first.wait_for(state="visible")
            runs.append(page.evaluate(TIMINGS_JS))
            context.close()
        browser.close()
    return {key: round(statistics.median(run[key] for run in runs), 1)
            for key in runs[0] if all(run[key] is not None for run in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedures", type=int, default=2000)
    parser.add_argument("--throttle", type=float, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=BENCH / "out" / "kiosk.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-kiosk-") as work:
        content = Path(work) / "content"
        generate(content, args.procedures)
        result = check_content(content)
        if not result.ok:
            raise SystemExit("the real-shaped board does not check clean")
        folder = write_kiosk(result.board, Path(work) / "site", TODAY)
        files = kiosk_files(folder)
        timings = measure((folder / "index.html").as_uri(), args.throttle, args.repeat)
    report: dict[str, Any] = {"procedures": args.procedures, "cpu_throttling_rate": args.throttle,
                              "repeat": args.repeat, "median": timings, "files": files}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    total = sum(item["bytes"] for item in files.values())
    print(f"{args.procedures} procedures, CPU ÷{args.throttle:g}: "
          f"first paint {timings.get('first_paint_ms')} ms, "
          f"first contentful paint {timings.get('first_contentful_paint_ms')} ms, ready "
          f"{timings.get('ready_ms')} ms, load {timings.get('load_ms')} ms; "
          f"index.html {files['index.html']['bytes']:,} B ({files['index.html']['gzip']:,} B gzipped), "
          f"{len(files)} files, {total:,} B in all")


if __name__ == "__main__":
    main()
