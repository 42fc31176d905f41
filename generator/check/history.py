"""History of the content files from git: one `git log` walk per run, for every file at once.

A board repository is a git clone: each commit that touched a record's YAML file is a change
of that record (its date and message). The walk is read once, like the content, and kept on
the Board; the render stage shows it ("Cập nhật lần cuối"), the sitemap takes its dates, and
the audit compares it with the posting dates the staff wrote.

Without git (a tarball, a folder outside any repository, git not installed) the history is
empty and everything that uses it says nothing. A shallow clone (CI checkouts) has lost its
early commits: it is read, but marked `shallow`, so that nobody takes its first commit for
the day a file was first committed.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

# Fields of one commit line: short hash, committer date (YYYY-MM-DD), subject.
_COMMIT = "\x1e"
_SEP = "\x1f"
_FORMAT = f"--format={_COMMIT}%h{_SEP}%cs{_SEP}%s"


@dataclass(frozen=True, slots=True)
class Change:
    """One commit that touched a file."""

    day: date
    message: str
    commit: str


@dataclass(frozen=True, slots=True)
class History:
    """Commits by content-relative file path (posix), newest first."""

    changes: Mapping[str, tuple[Change, ...]] = field(default_factory=dict)
    shallow: bool = False

    def of(self, path: str) -> tuple[Change, ...]:
        return self.changes.get(path, ())

    def last_changed(self, path: str) -> date | None:
        found = self.changes.get(path)
        return found[0].day if found else None

    def first_committed(self, path: str) -> date | None:
        """The day the file was first committed, if the whole history is here to say so."""
        found = self.changes.get(path)
        return found[-1].day if found and not self.shallow else None

    def __bool__(self) -> bool:
        return bool(self.changes)


NO_HISTORY = History()


def _git(content_dir: Path, *args: str) -> str | None:
    env = {**os.environ, "LC_ALL": "C", "GIT_PAGER": "cat"}
    try:
        done = subprocess.run(["git", "-C", str(content_dir), "-c", "core.quotepath=off", *args],
                              capture_output=True, env=env, check=False)
    except OSError:  # git is not installed
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace")


def read_history(content_dir: Path) -> History:
    """Every commit that touched a file under `content_dir`, or NO_HISTORY outside git."""
    shallow = _git(content_dir, "rev-parse", "--is-shallow-repository")
    if shallow is None:
        return NO_HISTORY
    log = _git(content_dir, "log", "--no-renames", "--relative", "--name-only", _FORMAT, "--", ".")
    if not log:
        return NO_HISTORY
    return History(parse_log(log), shallow=shallow.strip() == "true")


def head_commit(content_dir: Path) -> str | None:
    """The commit checked out (None outside git): `serve` reads the history again when it moves."""
    head = _git(content_dir, "rev-parse", "HEAD")
    return head.strip() if head else None


def parse_log(log: str) -> dict[str, tuple[Change, ...]]:
    """`git log --name-only` output in _FORMAT → changes per path, newest first (log order)."""
    found: dict[str, list[Change]] = {}
    for block in log.split(_COMMIT)[1:]:
        head, _, names = block.partition("\n")
        commit, day, message = head.split(_SEP, 2)
        change = Change(date.fromisoformat(day), message.strip(), commit)
        for name in names.splitlines():
            if name:
                found.setdefault(name, []).append(change)
    return {path: tuple(changes) for path, changes in found.items()}


def record_file(source_path: str, content_dir: Path) -> str:
    """The content-relative posix path of a record's file, from its display path (as loaded)."""
    folder, name = os.path.split(source_path)
    return _relative_folder(folder, os.fspath(content_dir)) + name


@lru_cache(maxsize=512)
def _relative_folder(folder: str, content_dir: str) -> str:
    """A folder's path from the content folder, with a final '/' ('' for the content folder);
    resolved once per folder, as the loader names files (a folder holds many records)."""
    relative = os.path.relpath(os.path.abspath(folder or "."), os.path.abspath(content_dir))
    return "" if relative == "." else Path(relative).as_posix() + "/"
