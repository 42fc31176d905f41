"""Publish: swap freshly built sites into place in one step, never leaving a half-written site.

Both sites are built in a staging folder beside the site folder (same file system, so a rename
is a move, not a copy): `staging/site/public` and `staging/site/internal`. Publishing exchanges
`staging/site` with the site folder in one system call (Linux renameat2 RENAME_EXCHANGE), so a
reader, or a crash, sees either both old sites or both new ones; the old ones end up in the
staging folder and are deleted with it. Where the exchange is not available, each site folder
is swapped by two renames, and a failed rename puts back what was already swapped.

A build holds a lock on the site folder from start to end (`.site.lock` beside it), so two
builds into one folder cannot interleave; staging folders that a killed build left behind are
removed by the next build that holds the lock.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from generator.errors import BuildFailed

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_prefix(site_dir: Path) -> str:
    """The name every temporary folder of a build beside `site_dir` starts with (remove_leftovers)."""
    return f".{site_dir.name}-build-"


@contextmanager
def site_lock(site_dir: Path) -> Iterator[None]:
    """Hold `.<site>.lock` beside the site folder for the whole build (released when the process
    ends, however it ends); another build already holding it is a BuildFailed."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = site_dir.parent / f".{site_dir.name}.lock"
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip() or "?"
            raise BuildFailed(f"một lần tạo trang khác (tiến trình {holder}) đang ghi vào "
                              f"{site_dir.as_posix()}/: chờ lần đó xong rồi chạy lại") from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)
        remove_leftovers(site_dir)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def remove_leftovers(site_dir: Path) -> list[Path]:
    """Delete staging folders of builds that were killed (only call while holding the lock)."""
    removed = []
    for path in site_dir.parent.glob(staging_prefix(site_dir) + "*"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


@contextmanager
def staging_folder(site_dir: Path) -> Iterator[Path]:
    """A temporary folder next to `site_dir`, removed afterwards whatever happens."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=staging_prefix(site_dir), dir=site_dir.parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def discard(folder: Path, trash: Path) -> None:
    """Delete `folder` (a replaced site) after the build: moved into `trash` at once, then
    removed by a detached process, so that a build does not wait for thousands of unlinks.
    Where it cannot be moved (another file system), it is left to the caller. `trash` is
    emptied again by the next build (`empty_trash`), should the process be stopped."""
    try:
        trash.mkdir(parents=True, exist_ok=True)
        target = Path(tempfile.mkdtemp(dir=trash))
        folder.rename(target / "old")
    except OSError:
        return
    remove = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    command = [sys.executable, "-I", "-c", remove, str(target)]
    subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)


def empty_trash(trash: Path) -> None:
    """Remove what `discard` left (a deleting process stopped before it was done)."""
    if trash.is_dir() and not trash.is_symlink():
        shutil.rmtree(trash, ignore_errors=True)


def publish(built: Mapping[str, Path], site_dir: Path, staging: Path) -> None:
    """Make `site_dir/<name>` the built folder of each name, all at once when the system can.

    The built folders are expected side by side in one folder of `staging` (as build_sites
    makes them); the replaced ones end up in `staging`."""
    for new in built.values():
        if not new.is_dir():
            raise FileNotFoundError(errno.ENOENT, "không có thư mục trang vừa tạo", str(new))
    roots = {new.parent for new in built.values()}
    new_root = roots.pop() if len(roots) == 1 else None
    if new_root is not None and new_root.is_relative_to(staging) and _publish_at_once(new_root, site_dir):
        return
    _publish_one_by_one(built, site_dir, staging)


def _publish_at_once(new_root: Path, site_dir: Path) -> bool:
    """Exchange the built folder with the site folder in one step; False if the system cannot."""
    if not (site_dir.exists() or site_dir.is_symlink()):
        new_root.rename(site_dir)
        return True
    if not site_dir.is_dir():
        return False
    others = [entry for entry in site_dir.iterdir() if not (new_root / entry.name).exists()]
    for entry in others:  # what else the site folder holds is kept (copied: the originals stay)
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, new_root / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, new_root / entry.name, follow_symlinks=False)
    return _exchange(new_root, site_dir)


def _exchange(first: Path, second: Path) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # a file system without exchange
        return False
    raise OSError(code, os.strerror(code), str(second))


def _publish_one_by_one(built: Mapping[str, Path], site_dir: Path, staging: Path) -> None:
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
