"""Shared fixtures: a temporary content folder with a valid board, the real CLI, and one demo
site and one headless Chromium per test worker.

What a test module imports (boards, the CLI runner, Chromium's path, a server) lives in
tests/support; this file holds fixtures only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from support.boards import BOARD_YAML, REPO, SAMPLE_RECORDS, write_files
from support.browser import CHROMIUM_ARGS, chromium_path, served
from support.cli import CheckRun, run_cli
from support.tabs import SEARCH_WORKER_WATCH, Visit


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """An empty board: tmp_path/content with only a valid board.yaml."""
    root = tmp_path / "content"
    write_files(root, {"board.yaml": BOARD_YAML})
    return root


@pytest.fixture
def sample_board(content_dir: Path) -> Path:
    """A valid board with one linked record of every kind."""
    write_files(content_dir, dict(SAMPLE_RECORDS))
    return content_dir


@pytest.fixture
def check_cli() -> Callable[..., CheckRun]:
    """Run `congkhai check DIR` through the real CLI, from DIR's parent (paths print as content/…)."""

    def run(content: Path, *extra: str, timeout: float = 60) -> CheckRun:
        return run_cli("check", content.name, *extra, cwd=content.parent, timeout=timeout)

    return run


# The demo site the browser tests visit and the Chromium they drive: one of each per test worker
# (session scope, defined here so that every module shares them).
@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo board built for 2026-11-23."""
    from generator.site.build import build

    site = tmp_path_factory.mktemp("browser") / "site"
    build(REPO / "content", site, date(2026, 11, 23))
    return site


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The demo's public site, served for the worker's tests."""
    with served(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Visit]:
    """A new tab at a laptop's size that records console errors and blocks requests leaving the
    machine (the demo is served on 127.0.0.1)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    recorded = Visit(page)

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "file://")):
            route.continue_()
        else:
            recorded.outside.append(url)
            route.abort()

    context.route("**/*", guard)
    context.add_init_script(SEARCH_WORKER_WATCH)
    page.on("console", lambda message: message.type == "error" and recorded.errors.append(message.text))
    page.on("pageerror", lambda error: recorded.errors.append(str(error)))
    yield recorded
    context.close()
