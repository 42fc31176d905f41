"""Writing an output folder that may hold the last build's files (generator.site.spare).

A file is written only when its bytes change, and then replaced, never written in place: the old
file may be a hard link shared with the build cache. What a writer no longer makes is removed, so
the folder ends up holding exactly what a writer into an empty folder would have written.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Collection
from pathlib import Path


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
        if not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:  # missing, or not a readable file: replaced below
        pass
    partial = path.with_name(f".{path.name}.part")
    remove_entry(partial)  # a file left (or planted) there may be a hard link: never written into
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    partial.write_bytes(data)
    os.replace(partial, path)


def remove_entry(path: Path) -> None:
    """Nothing at `path`: a folder is deleted with its content, a file or a link unlinked."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.is_symlink() or path.exists():
        path.unlink()


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
    folders left empty. Links are removed, never followed."""
    for folder, dirs, names in os.walk(root, topdown=False, onerror=raise_error):
        relative = os.path.relpath(folder, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        left = len(names) + len(dirs)
        for name in names:
            path = prefix + name
            unwanted = path not in wanted and not path.startswith(keep_under)
            if unwanted or os.path.islink(os.path.join(folder, name)):
                os.unlink(os.path.join(folder, name))
                left -= 1
        for name in dirs:
            full = os.path.join(folder, name)
            if os.path.islink(full):
                os.unlink(full)
                left -= 1
            elif not os.path.exists(full):  # removed just before, as an empty folder
                left -= 1
        if left == 0 and prefix:
            os.rmdir(folder)
