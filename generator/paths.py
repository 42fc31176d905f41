"""Where the package finds its theme (Material overrides, page, kiosk and print templates).

The theme lives at the top of the repository (`theme/`, the folder users edit);
`generator/theme` is a symlink to it so that a built wheel ships the theme as package data
and an installed congkhai builds boards created by `congkhai init`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

THEME_DIR = Path(__file__).resolve().parent / "theme"


# An entry under a folder: the parts of its path from the folder, and what os.scandir says of it.
Entry = tuple[tuple[str, ...], os.DirEntry[str]]


def entries_under(folder: str, parts: tuple[str, ...] = ()) -> Iterator[Entry]:
    """Every entry under `folder` that is not a folder (files, and links of any kind), with the
    parts of its path from `folder`, in no set order.

    One os.scandir per folder, whose listing says which entries are folders and links: no call
    per file (Path.rglob or os.walk with islink took two to three times as long over the 10,000
    files of a site at 5,000 records). Like Path.rglob, a link to a folder is not entered and an
    unreadable folder is passed over. Each folder is listed whole before its entries are given,
    so they may be deleted on the way."""
    try:
        with os.scandir(folder) as listing:
            found = list(listing)
    except OSError:
        return
    for entry in found:
        if entry.is_dir(follow_symlinks=False):
            yield from entries_under(entry.path, (*parts, entry.name))
        else:
            yield (*parts, entry.name), entry


def remove_entry(path: Path) -> None:
    """Nothing at `path`: a folder is deleted with its content, a file or a link unlinked."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.is_symlink() or path.exists():
        path.unlink()
