"""The spare site: the site a build replaced, kept in the cache to build the next one on.

A warm build changes a handful of pages out of thousands. Making a new site folder for each
build means a folder and a hard link per page (about 10,000 system calls per site at 5,000
records), and deleting the replaced site afterwards as many again. Instead, the replaced site
(`<cache>/spare/<site>`) becomes the next build's site folder and is brought up to date:

- every file it holds that the new site does not hold is deleted, and every link with it;
- a page whose HTML the cache holds is kept when it is that very file (a hard link to the
  cache's copy: same device and inode, so same bytes, as the cache never writes a file in
  place), and linked or copied again otherwise;
- every file MkDocs has just written (pages built, the theme's assets, the sitemap…) is moved in.

So the result holds exactly the files a build into an empty folder would have, each either
checked or new; what the spare held before, or what was planted in it (a restored CI cache), does
not matter. Where the spare cannot be used (missing, another file system), the site is built in an
empty folder as before. Deleting the spare is always safe.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Collection, Iterable
from pathlib import Path

from generator.outputs.folder import make_folder, raise_error, remove_unwanted
from generator.paths import remove_entry
from generator.site.cache import link_or_copy

SPARE = "spare"  # in the cache folder


def take_spare(cache_dir: Path, site_root: Path, folders: Iterable[str]) -> None:
    """Move the spare's site folders to `site_root/<folder>` (where a build makes them); anything
    else the spare holds is deleted. Nothing is moved if the spare is not a real folder or lies on
    another file system: the build then starts from empty folders."""
    spare = cache_dir / SPARE
    if spare.is_symlink() or not spare.is_dir():
        _remove(spare)
        return
    site_root.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        source = spare / folder
        if source.is_dir() and not source.is_symlink():
            try:
                source.rename(site_root / folder)
            except OSError:
                break
    _remove(spare)


def keep_spare(old_root: Path, cache_dir: Path) -> bool:
    """Keep `old_root` (the folder of sites a publish replaced) as the next build's spare."""
    spare = cache_dir / SPARE
    if not old_root.is_dir():
        return False
    _remove(spare)
    try:
        old_root.rename(spare)
    except OSError:  # the cache is on another file system
        return False
    return True


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def files_under(root: Path) -> set[str]:
    """Relative paths (with '/') of the files under `root`; links are not followed."""
    found: set[str] = set()
    for folder, _, names in os.walk(root, onerror=raise_error):
        relative = os.path.relpath(folder, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found.update(prefix + name for name in names)
    return found


def place_site(site: Path, fresh: Path, cached: Iterable[str], html_root: Path, link: bool,
               unchanged: Iterable[str] = (), owned: Collection[str] = ()) -> None:
    """Make `site` (a spare site or nothing) hold the files of `fresh` (what MkDocs just wrote,
    moved in) and the pages `cached` (paths of HTML under `html_root`, the cache's copies: hard
    links with `link`, else copies), the files `unchanged` (checked to hold the bytes MkDocs
    would have copied: generator.site.cache.ReusePlugin) as they are, and nothing else (see the
    module's docstring), except the files under the top folders `owned`: the build's writers
    (print pack, kiosk) bring those up to date themselves (generator.outputs.folder), after this."""
    written = files_under(fresh) if fresh.is_dir() else set()
    kept = set(cached) - written
    wanted = written | kept | set(unchanged)
    if site.is_symlink() or (site.exists() and not site.is_dir()):
        site.unlink()
    if site.is_dir():
        remove_unwanted(site, wanted, tuple(f"{folder}/" for folder in owned))
    site.mkdir(parents=True, exist_ok=True)
    made: set[str] = set()
    for relative in sorted(kept):
        target, source = site / relative, html_root / relative
        if link and _same_file(target, source):
            continue
        remove_entry(target)  # a file is unlinked, never written through: it may be a hard link
        _folder_for(site, relative, made)
        if link:
            link_or_copy(source, target)
        else:
            shutil.copyfile(source, target)
    for relative in sorted(written):
        target = site / relative
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        _folder_for(site, relative, made)
        os.replace(fresh / relative, target)  # replaces a file (or a link) in one step


def _same_file(target: Path, source: Path) -> bool:
    try:
        first, second = os.lstat(target), os.lstat(source)
    except OSError:
        return False
    return first.st_ino == second.st_ino and first.st_dev == second.st_dev


def _folder_for(site: Path, relative: str, made: set[str]) -> None:
    folder = relative.rpartition("/")[0]
    if folder and folder not in made:
        make_folder(site / folder)  # a file where a folder goes is removed
        made.add(folder)
