"""The cache's docs folder: one flat folder, whose files MkDocs is given by list.

A site's pages live one per folder (`thu-tuc/<slug>/index.md`, for its address): 5,000 folders
at province scale. Walking them took 0.15 s a site for MkDocs (get_files) and as long again to
prune what a build no longer makes and the links a restored cache might hold. In the build
cache the Markdown and the downloadable files are kept flat instead, each under a name made
from its path (`flat_name`): the folder is pruned with one listing, and holds no folder to be
replaced by a link. `DocsList`, a plugin, hands MkDocs the files by their site paths, in the
order its walk of a folder tree would give them, so the site is the one a walk would build (a
cold build, without the cache, still writes and walks a tree: the tests compare the two).
A file in the folder but not in the list (left over, or planted) is never published.

What a hook or plugin of the office's own mkdocs.yml sees: the pages as MkDocs' Files, whose
content (`File.content_string`, `Page.markdown`) is the page's; but `config.docs_dir` is an
empty folder and `File.abs_src_path` a flat name, so one that reads the docs folder by path
itself works on a build without the cache only (`congkhai build --no-cache`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files


def flat_name(relative: str) -> str:
    """The name of a docs file (docs-relative path) in the flat folder."""
    return hashlib.sha256(relative.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def prune_flat(folder: Path, wanted: Collection[str]) -> set[str]:
    """Delete from `folder` everything but the regular files named in `wanted`: other files,
    links (removed, never followed) and folders (a restored cache's); the names left."""
    with os.scandir(folder) as listing:
        entries = list(listing)
    left = set()
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        elif entry.name in wanted and entry.is_file(follow_symlinks=False):
            left.add(entry.name)
        else:
            os.unlink(entry.path)
    return left


def walk_order(relative: str) -> tuple[Any, ...]:
    """Where MkDocs' walk of a docs tree (mkdocs.structure.files.get_files) meets the file:
    folder by folder in name order, a folder's files before its subfolders, index.md first."""
    *folders, name = relative.split("/")
    stem = os.path.splitext(name)[0]
    return (*((1, folder) for folder in folders), (0, stem not in ("index", "README"), name))


@dataclass(frozen=True, slots=True)
class ListedDocs:
    """A site's docs as the cache keeps them: `paths` (docs-relative) in the flat `folder`."""

    folder: Path
    paths: tuple[str, ...]


class DocsList(BasePlugin):  # type: ignore[type-arg, no-untyped-call]  # mkdocs' BasePlugin has no type hints
    """Gives MkDocs the docs of a `ListedDocs` (its docs_dir is an empty folder)."""

    def __init__(self, docs: ListedDocs) -> None:
        super().__init__()
        self.docs = docs

    @event_priority(100)  # first: other plugins see the docs as if MkDocs had walked them
    def on_files(self, files: Files, *, config: Any) -> Files:
        listed = []
        for path in sorted(self.docs.paths, key=walk_order):
            file = File(path, os.fspath(self.docs.folder), config["site_dir"], config["use_directory_urls"])
            file.abs_src_path = os.path.join(self.docs.folder, flat_name(path))
            listed.append(file)
        names = {file.src_uri for file in listed}
        # A docs file wins over the theme's at the same path, as after MkDocs' own walk.
        return Files([*listed, *(file for file in files if file.src_uri not in names)])
