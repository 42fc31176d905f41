"""Where congkhai was installed from, so a new board installs the same thing.

`congkhai init` writes this source into the board's README, its CI workflows and its
pre-commit hook. It comes from the installed distribution's PEP 610 record
(`direct_url.json`): a git address with its commit, an archive or folder, or, when pip
installed congkhai from a package index (no record), the exact version. `--package SPEC`
overrides it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from generator import __version__
from generator.errors import UsageError

DISTRIBUTION = "congkhai"
# A requirement goes into YAML, shell commands and Markdown: one line, no quotes or backslashes.
UNSAFE = re.compile(r"[\s\"'`\\$]")
# `git+URL@REV` (the URL may hold a user: git+ssh://git@host/…; the revision is after the last @).
GIT_SPEC = re.compile(r"^(?:congkhai\s*@\s*)?git\+(?P<url>\S+)@(?P<rev>[^@\s/]+)$")


class SourceError(UsageError):
    """A `--package` value that cannot go into the board's files; the message is for staff."""


@dataclass(frozen=True, slots=True)
class PackageSource:
    """What `pip install` needs to get congkhai, and the pre-commit hook's repository if any."""

    requirement: str
    hook_repo: str | None = None   # a git repository with .pre-commit-hooks.yaml, at hook_rev
    hook_rev: str | None = None
    # A file or folder on this computer: the board's CI cannot reach it.
    local: bool = False


def _from_git(url: str, commit: str) -> PackageSource:
    return PackageSource(f"{DISTRIBUTION} @ git+{url}@{commit}", hook_repo=url, hook_rev=commit,
                         local=url.startswith("file:"))


def source_from_direct_url(record: dict[str, Any] | None, version: str) -> PackageSource:
    """The source a PEP 610 record names (None: installed from an index, so the version)."""
    if not record or "url" not in record:
        return PackageSource(f"{DISTRIBUTION}=={version}")
    url = str(record["url"])
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return _from_git(url, str(vcs["commit_id"]))
    return PackageSource(f"{DISTRIBUTION} @ {url}", local=url.startswith("file:"))


def installed_source() -> PackageSource:
    """The source of the congkhai that is running now."""
    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return PackageSource(f"{DISTRIBUTION}=={__version__}")
    text = distribution.read_text("direct_url.json")
    record = json.loads(text) if text else None
    return source_from_direct_url(record, distribution.version)


def source_from_spec(spec: str) -> PackageSource:
    """`--package SPEC`: a pip requirement such as `congkhai==0.2.0` or `git+https://…@v0.2.0`."""
    spec = spec.strip()
    if not spec or UNSAFE.search(spec.replace(" @ ", "@")):
        raise SourceError(f"--package '{spec}': viết một yêu cầu pip trên một dòng, không dấu cách "
                          "hay dấu nháy, ví dụ congkhai==0.1.0 hoặc "
                          "git+https://github.com/to-chuc/congkhai.git@v0.1.0")
    git = GIT_SPEC.match(spec)
    if git:
        return _from_git(git["url"], git["rev"])
    local = spec.startswith(("file:", "/", ".", "~")) or "@ file:" in spec
    return PackageSource(spec, local=local)
