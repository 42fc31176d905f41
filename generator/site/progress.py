"""A progress bar for MkDocs' page loop, the longest stage of a build, shown on a terminal only.

Each site's MkDocs run draws one line (`MkDocs (public) [#####.....] 2150/4328 trang`) on
standard error, redrawn at most every `INTERVAL` seconds and cleared when the loop ends, so the
stage's own line (with its seconds) follows as before. Redirected output (CI logs, the bench)
gets no bar.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from mkdocs.plugins import BasePlugin

WIDTH = 24
INTERVAL = 0.25


def bar(label: str, done: int, total: int) -> str:
    filled = WIDTH * done // total if total else WIDTH
    return f"{label} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} trang"


class PageProgress(BasePlugin):  # type: ignore[type-arg, no-untyped-call]  # mkdocs' BasePlugin has no type hints
    """Counts the pages MkDocs writes (`total` of them are expected) and draws the bar."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        super().__init__()
        self.label, self.total, self.done = label, total, 0
        self.stream = stream if stream is not None else sys.stderr
        self.drawn = 0.0

    @property
    def shown(self) -> bool:
        return self.total > 0 and self.stream.isatty()

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        self.done += 1
        now = time.monotonic()
        if self.shown and (now - self.drawn >= INTERVAL or self.done == self.total):
            self.stream.write("\r" + bar(self.label, self.done, self.total))
            self.stream.flush()
            self.drawn = now
        return output

    def clear(self) -> None:
        if self.shown and self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def on_post_build(self, *, config: Any) -> None:
        self.clear()

    def on_build_error(self, *, error: Exception) -> None:
        self.clear()
