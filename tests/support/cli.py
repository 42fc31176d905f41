"""The real CLI, run in this process or as `python -m generator`, and its diagnostics read back."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess as _subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from unittest import mock


@dataclass(frozen=True, slots=True)
class Reported:
    """One diagnostic line printed by `congkhai check`."""

    path: str
    line: int
    column: int
    code: str
    message: str


_DIAGNOSTIC_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<code>[EW]-[A-Z0-9-]+) (?P<message>.*)$")


@dataclass(frozen=True, slots=True)
class CheckRun:
    returncode: int
    stdout: str
    stderr: str

    @property
    def reported(self) -> list[Reported]:
        found = []
        for line in self.stdout.splitlines():
            match = _DIAGNOSTIC_LINE.match(line)
            if match:
                found.append(Reported(match["path"], int(match["line"]), int(match["column"]),
                                      match["code"], match["message"]))
        return found

    def codes(self) -> list[str]:
        return [item.code for item in self.reported]


def run_cli(*args: str, cwd: Path, timeout: float = 60, subprocess: bool = False) -> CheckRun:
    """`congkhai ARGS` in `cwd`: in this process (main() with stdout and stderr captured), or as
    `python -m generator ARGS` with `subprocess=True` (exit codes and output of the real process).
    A traceback anywhere is a failure; in process, CONGKHAI_DEBUG makes a bug raise here."""
    if subprocess:
        done = _subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                               text=True, encoding="utf-8", timeout=timeout, check=False)
        assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
        return CheckRun(done.returncode, done.stdout, done.stderr)
    return _run_in_process(list(args), cwd)


def _run_in_process(args: list[str], cwd: Path) -> CheckRun:
    from generator.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        with mock.patch.dict(os.environ, {"CONGKHAI_DEBUG": "1"}), \
                contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(args)
            except SystemExit as exit:  # argparse's usage errors
                code = exit.code if isinstance(exit.code, int) else 2
    finally:
        os.chdir(previous)
    return CheckRun(code, stdout.getvalue(), stderr.getvalue())
