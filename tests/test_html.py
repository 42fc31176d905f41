"""The built sites are valid HTML: the Nu HTML Checker (vnu.jar, from npm `vnu-jar`) finds no
error in them that a bare Material site does not also have (those are Material's own: its
search form's `autocomplete`, `tabindex` and `label for`, not ours to fix).

scripts/test.sh installs vnu.jar under .tools/ (npm) and Java when missing. Without them the
test skips on a developer machine and fails in CI (CI=true).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from support.boards import REPO
from support.cli import run_cli

TODAY = "2026-11-23"
VNU_JAR = Path(os.environ.get("VNU_JAR") or REPO / ".tools/node_modules/vnu-jar/build/dist/vnu.jar")
# The board's own mkdocs.yml (Material's features: sections, indexes…) on plain pages, with a
# nav of sections and index pages and a page left out of the nav (as record pages are), like
# the board's: Material without congkhai's templates.
BARE_PAGES = {
    "index.md": "# Trang chủ\n\n## Mục\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n"
                "!!! note \"Ghi chú\"\n    Nội dung.\n",
    "thu-tuc/index.md": "# Thủ tục\n\n[Một thủ tục](mot.md)\n",
    "thu-tuc/mot.md": "# Một thủ tục\n\n## Trình tự\n\n1. Nộp hồ sơ\n2. Nhận kết quả\n",
    "khac/index.md": "# Khác\n\n- một\n- hai\n",
    "khac/hai.md": "# Hai\n\nVăn bản.\n",
    "ngoai-nav.md": "# Không trong nav\n\n## Phần một\n\nA.\n\n## Phần hai\n\nB.\n",  # like record pages
}
BARE_NAV = """
nav:
  - Trang chủ: index.md
  - Thủ tục:
      - thu-tuc/index.md
      - thu-tuc/mot.md
  - Khác:
      - khac/index.md
      - khac/hai.md
plugins:
  - search
  - offline
"""


def checker() -> list[str]:
    java = shutil.which("java")
    if java and VNU_JAR.is_file():
        return [java, "-jar", str(VNU_JAR)]
    message = f"the Nu HTML Checker needs java and {VNU_JAR} (bash scripts/test.sh installs both)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def check_html(command: list[str], folders: Iterable[Path]) -> list[dict[str, object]]:
    done = subprocess.run([*command, "--errors-only", "--format", "json", "--skip-non-html",
                           *map(str, folders)], capture_output=True, text=True, timeout=900, check=False)
    messages: list[dict[str, object]] = json.loads(done.stderr)["messages"]
    assert all(message["type"] == "error" for message in messages), messages[:3]
    return messages


def kiosk_as_one_page(kiosk: Path, out: Path) -> Path:
    """The kiosk's index.html with every screen from kiosk/screens/*.js put into its <main>."""
    screens = []
    for path in sorted((kiosk / "screens").glob("*.js")):
        script = path.read_text(encoding="utf-8")
        if script.startswith("kioskScreens("):  # not the search's words (tim-kiem.js)
            screens += json.loads(script.removeprefix("kioskScreens(").removesuffix(");\n")).values()
    page = (kiosk / "index.html").read_text(encoding="utf-8")
    page = page.replace("</main>", "\n".join(screens) + "\n</main>", 1)
    out.mkdir(parents=True, exist_ok=True)
    (out / "kiosk-every-screen.html").write_text(page, encoding="utf-8")
    return out


def test_no_html_error_that_a_bare_material_site_does_not_have(tmp_path: Path) -> None:
    command = checker()
    bare = tmp_path / "bare"
    for name, text in BARE_PAGES.items():
        (bare / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (bare / "docs" / name).write_text(text, encoding="utf-8")
    board_config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (bare / "mkdocs.yml").write_text(board_config + BARE_NAV, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=bare, check=True, timeout=300)
    site = tmp_path / "site"
    built = run_cli("build", "content", "--site-dir", str(site), "--today", TODAY,
                    "--cache", str(tmp_path / "cache"), cwd=REPO, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    kiosk = kiosk_as_one_page(site / "public" / "kiosk", tmp_path / "kiosk")

    materials = {message["message"] for message in check_html(command, [bare / "site"])}
    messages = check_html(command, [site, kiosk])
    ours = [f"{re.sub(r'^.*?/(site|kiosk)/', '', str(message['url']))}:{message.get('lastLine')}: "
            f"{message['message']}" for message in messages if message["message"] not in materials]
    print(f"Nu HTML Checker: {len(messages)} errors, {len(ours)} not in a bare Material site")
    assert materials, "the bare Material site has its known errors (the checker ran)"
    assert ours == []
