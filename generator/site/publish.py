"""Publish: swap freshly built site folders into place, never leaving a half-written site.

Sites are built in a staging folder beside the site folder (same file system, so a rename is
a move, not a copy). Each published folder is renamed away, the new one renamed in, and the
old one deleted with the staging folder. If a rename fails, the folders already swapped are
put back, so the site stays entirely the old one.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staging_folder(site_dir: Path) -> Iterator[Path]:
    """A temporary folder next to `site_dir`, removed afterwards whatever happens."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-", dir=site_dir.parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def publish(built: Mapping[str, Path], site_dir: Path, staging: Path) -> None:
    """Move each built folder to `site_dir/<name>`; the replaced ones end up in `staging`."""
    site_dir.mkdir(parents=True, exist_ok=True)
    retired = staging / "retired"
    retired.mkdir(exist_ok=True)
    done: list[str] = []
    try:
        for name, new in built.items():
            _swap_in(new, site_dir / name, retired / name)
            done.append(name)
    except OSError:
        for name in reversed(done):
            _put_back(site_dir / name, retired / name, staging / "undone" / name)
        raise


def _swap_in(new: Path, target: Path, retired: Path) -> None:
    had_old = target.exists() or target.is_symlink()
    if had_old:
        target.rename(retired)
    try:
        new.rename(target)
    except OSError:
        if had_old:
            retired.rename(target)
        raise


def _put_back(target: Path, retired: Path, discard: Path) -> None:
    discard.parent.mkdir(parents=True, exist_ok=True)
    target.rename(discard)
    if retired.exists():
        retired.rename(target)
