"""Diagnostics: what every stage reports to staff instead of raising.

A diagnostic names a file, a line and a column (1-based, as editors count), a stable
English code and a Vietnamese message that says what is wrong and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Position:
    """A place in a content file; line and column are 1-based."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    position: Position
    code: str
    message: str
    severity: Severity = Severity.ERROR
    related: Position | None = None

    def __str__(self) -> str:
        text = f"{self.position}: {self.code} {self.message}"
        if self.related is not None:
            text += f" (xem thêm {self.related})"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    position = diagnostic.position
    return (position.path, position.line, position.column, diagnostic.code)
