"""MkDocs' warnings, gathered during a build instead of printed as bare log lines."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class _Collector(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())


@contextmanager
def captured_warnings() -> Iterator[list[str]]:
    """Yield the list that MkDocs' (and its plugins') warnings and errors are appended to."""
    logger = logging.getLogger("mkdocs")
    sink: list[str] = []
    handler = _Collector(sink)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield sink
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
