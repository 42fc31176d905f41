"""The registry of check types: obligations.yaml names one per obligation by its `check` key."""

from __future__ import annotations

from collections.abc import Callable

from generator.audit.context import AuditContext
from generator.audit.registry import Obligation
from generator.audit.report import Finding

CheckFunction = Callable[[AuditContext, Obligation], list[Finding]]

CHECKS: dict[str, CheckFunction] = {}


def check(name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check type under `name`."""

    def register(function: CheckFunction) -> CheckFunction:
        if name in CHECKS:
            raise ValueError(f"check '{name}' registered twice")
        CHECKS[name] = function
        return function

    return register
