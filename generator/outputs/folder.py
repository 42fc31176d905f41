"""Writing an output folder that may hold the last build's files (generator.site.spare).

A file is written only when its bytes change, and then replaced, never written in place: the old
file may be a hard link shared with the build cache. What a writer no longer makes is removed, so
the folder ends up holding exactly what a writer into an empty folder would have written.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Collection
from pathlib import Path

from generator.paths import remove_entry


def write_if_changed(path: Path, data: bytes, made: set[Path] | None = None) -> None:
    """`path` holds `data` afterwards; nothing is written if it did already. `made`: folders
    known to exist (each made once). Whatever stands in the way (a folder where the file goes,
    a file where a folder goes, a link) is removed, never written through."""
    folder = path.parent
    if made is None or folder not in made:
        make_folder(folder)
        if made is not None:
            made.add(folder)
    try:
        found = os.lstat(path)  # a link is never read through: replaced below
        if stat.S_ISREG(found.st_mode) and found.st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:  # missing, or not a readable file: replaced below
        pass
    partial = path.with_name(f".{path.name}.part")
    remove_entry(partial)  # a file left (or planted) there may be a hard link: never written into
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    partial.write_bytes(data)
    os.replace(partial, path)


def make_folder(folder: Path) -> None:
    """`folder` and its parents made; a plain file standing where one of them goes is removed
    (links are not touched here: the spare site has lost them all before a writer runs)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return
    except (FileExistsError, NotADirectoryError):
        pass
    current = Path(folder.parts[0])
    for part in folder.parts[1:]:
        current = current / part
        if not current.is_symlink() and current.exists() and not current.is_dir():
            current.unlink()  # a regular file is never an ancestor of a real folder: ours to remove
        current.mkdir(exist_ok=True)


def raise_error(error: OSError) -> None:
    raise error  # a folder that cannot be listed must not be kept (or published) unseen


def remove_unwanted(root: Path, wanted: Collection[str], keep_under: tuple[str, ...] = ()) -> None:
    """Delete under `root` every link, and every file whose path relative to `root` (with '/')
    is neither in `wanted` nor under one of the folders `keep_under` ("print/"…), then the
    folders left empty. Links are removed, never followed; a folder that cannot be listed is an
    error (it must not be kept, or published, unseen)."""
    _prune(os.fspath(root), "", wanted, keep_under)


def _prune(folder: str, prefix: str, wanted: Collection[str], keep_under: tuple[str, ...]) -> bool:
    """Prune `folder` (its path from the root is `prefix`); True when nothing is left in it.
    DirEntry's type comes from the listing itself: no stat per file (10,000 pages a site)."""
    left = 0
    with os.scandir(folder) as listing:
        entries = list(listing)
    for entry in entries:
        path = prefix + entry.name
        if entry.is_symlink():
            os.unlink(entry.path)
        elif entry.is_dir(follow_symlinks=False):
            if _prune(entry.path, f"{path}/", wanted, keep_under):
                os.rmdir(entry.path)
            else:
                left += 1
        elif path in wanted or path.startswith(keep_under):
            left += 1
        else:
            os.unlink(entry.path)
    return left == 0
