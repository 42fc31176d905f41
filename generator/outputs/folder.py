"""Writing an output folder that may hold the last build's files (generator.site.spare).

A file is written only when its bytes change, and then replaced, never written in place: the old
file may be a hard link shared with the build cache. What a writer no longer makes is removed, so
the folder ends up holding exactly what a writer into an empty folder would have written.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path


def write_if_changed(path: Path, data: bytes, made: set[Path] | None = None) -> None:
    """`path` holds `data` afterwards; nothing is written if it did already. `made`: folders
    known to exist (each made once)."""
    folder = path.parent
    if made is None or folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        if made is not None:
            made.add(folder)
    try:
        if not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:  # missing, or a folder in its place (write below fails with its own error)
        pass
    partial = path.with_name(f".{path.name}.part")
    partial.write_bytes(data)
    os.replace(partial, path)


def remove_others(folder: Path, kept: Collection[Path]) -> None:
    """Delete from `folder` every file and link not in `kept`, then the folders left empty."""
    wanted = {str(path) for path in kept}
    for current, dirs, names in os.walk(folder, topdown=False):
        for name in names:
            path = os.path.join(current, name)
            if path not in wanted:
                os.unlink(path)
        for name in dirs:
            path = os.path.join(current, name)
            if os.path.islink(path):
                os.unlink(path)
            elif not os.listdir(path):
                os.rmdir(path)
