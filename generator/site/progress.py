"""Progress bars for long loops, shown on a terminal only: MkDocs' page loop (the longest stage
of a build) and the PDFs of `congkhai print --pdf`.

Each draws one line (`MkDocs (public) [#####.....] 2150/4328 trang`) on standard error, redrawn
at most every `INTERVAL` seconds and cleared when the loop ends, so the stage's own line (with
its seconds) follows as before. Redirected output (CI logs, the bench) gets no bar.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from mkdocs.plugins import BasePlugin

WIDTH = 24
INTERVAL = 0.25


def bar(label: str, done: int, total: int, unit: str = "trang") -> str:
    filled = WIDTH * done // total if total else WIDTH
    return f"{label} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} {unit}"


class TerminalBar:
    """One line on a terminal (`label [####....] done/total unit`), redrawn at most every
    INTERVAL seconds and cleared by `clear`; nothing when the stream is not a terminal."""

    def __init__(self, label: str, unit: str = "trang", stream: TextIO | None = None) -> None:
        self.label, self.unit = label, unit
        self.stream = stream if stream is not None else sys.stderr
        self.drawn = 0.0

    def show(self, done: int, total: int) -> None:
        now = time.monotonic()
        if total > 0 and self.stream.isatty() and (now - self.drawn >= INTERVAL or done == total):
            self.stream.write("\r" + bar(self.label, done, total, self.unit))
            self.stream.flush()
            self.drawn = now

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.drawn = 0.0


class PageProgress(BasePlugin):  # type: ignore[type-arg, no-untyped-call]  # mkdocs' BasePlugin has no type hints
    """Counts the pages MkDocs writes (`total` of them are expected) and draws the bar."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        super().__init__()
        self.total, self.done = total, 0
        self.line = TerminalBar(label, stream=stream)

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        self.done += 1
        self.line.show(self.done, self.total)
        return output

    def on_post_build(self, *, config: Any) -> None:
        self.line.clear()

    def on_build_error(self, *, error: Exception) -> None:
        self.line.clear()
